export { ledgerXlsxStream, attachmentHeader } from './excel-ledger';
export type { LedgerColumn, LedgerHead } from './excel-ledger';
export { exportHead, type ExportHeadWords } from './export-head';
