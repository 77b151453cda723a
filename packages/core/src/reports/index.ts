export { ledgerXlsxStream, attachmentHeader } from './excel-ledger';
export type { LedgerColumn, LedgerHead } from './excel-ledger';
export { exportHead, type ExportHeadWords } from './export-head';
export {
  CJK_FONT_FACE,
  CJK_FONT_FILE,
  PDF_GREY,
  PDF_PRODUCER,
  SEAL_GUIDE_COLOUR,
  SEAL_LABEL,
  newOfficialA4,
  noticePdf,
  registerCjk,
  sealBlock,
  sealGuide,
  toBuffer,
} from './official-pdf';
export type { NoticeDocument, SealBlock } from './official-pdf';
