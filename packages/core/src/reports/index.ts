export { ledgerXlsxStream, attachmentHeader } from './excel-ledger';
export type { LedgerColumn } from './excel-ledger';
