/**
 * The funeral and burial line (殡葬管理): public face for the API, the command line, tests and other lines.
 * Each concern re-exports its services here (one block per concern, edited only by that concern).
 */
export { funeralLine, FUNERAL_PARTS } from './line';
export * from './funeral.config';
export * from './rules';
export type * from './funeral.table';
export { CASE_DOCUMENT_KIND_LABELS, CLOSING_CUSTODY_STEPS, OPEN_CUSTODY_STEPS } from './funeral.table';
export type {
  FuneralCaseDocumentRow,
  FuneralCaseRow,
  FuneralCustodyEventRow,
  FuneralFacilityRow,
} from './cases.repository';
export {
  appendCustodyEvent,
  custodyEventsOf,
  documentsOfCase,
  findFuneralCaseByCode,
  funeralCaseLabelsByIds,
  insertCaseDocument,
} from './cases.repository';
export {
  ensureFacilityMayTakeBusiness,
  ensureFuneralCaseOpen,
  funeralCaseScope,
  lockedVisibleFuneralCase,
  visibleFacility,
  visibleFuneralCase,
} from './cases.access';
export { FUNERAL_CASE_ATTACHMENT_KINDS, funeralCaseAttachmentOwner } from './attachments';

// ----- facilities (F1) -----

// ----- custody (F2) -----

// ----- certificates and transport (F3) -----

// ----- deaths and unidentified bodies (F4) -----

// ----- prices and billing (F5) -----

// ----- cemeteries and remediation (F6) -----

// ----- Qingming and memorials (F7) -----

// ----- statistics and exchange (F8) -----
