export {
  allocateDocumentNumber,
  defaultDocumentNumberFormat,
  documentNumberFor,
  findDocumentNumber,
  formatDocumentNumber,
  issueDocumentNumber,
  lastDocumentSerial,
  officePrefix,
} from './numbering.service';
export type {
  AllocatedNumber,
  DocumentNumberFormat,
  DocumentNumberParts,
  DocumentNumberRequest,
  IssuedDocumentNumber,
  IssuingOffice,
} from './numbering.service';
export type { DocumentNumberRow, NumberingTables } from './numbering.table';
