/**
 * The rescue management line (救助管理): public face for the API, the command line, tests and other lines.
 * Each concern re-exports its services here (one block per concern, edited only by that concern).
 */
export { rescueLine, RESCUE_PARTS } from './line';
export * from './rescue.config';
export * from './periods';
export type * from './rescue.table';
export { OPEN_RESCUE_CASE_STATUSES } from './rescue.table';
export type { RescueCaseRow, RescueStationRow } from './cases.repository';
export { caseScope, ensureCaseOpen, lockedVisibleCase, visibleCase, visibleStation } from './cases.access';
export { RESCUE_CASE_ATTACHMENT_KINDS, rescueCaseAttachmentOwner } from './attachments';

// ----- stations (R1) -----
// ----- intake (R2) -----
// ----- stay (R3) -----
// ----- actions (R4) -----
// ----- departure (R5) -----
// ----- warnings (R6) -----
