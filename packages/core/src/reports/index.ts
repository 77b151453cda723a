export { ledgerXlsxStream, attachmentHeader, formatInstantIn } from './excel-ledger';
export type { LedgerColumn, LedgerHead } from './excel-ledger';
export { exportHead } from './export-head';
