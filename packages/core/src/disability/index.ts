/**
 * The disability welfare line (残疾人福利: the two subsidies, rehabilitation, assistive devices): public
 * face for the API, the command line, tests and other lines. Each concern re-exports its services here
 * (one block per concern, edited only by that concern).
 */
export { disabilityLine, DISABILITY_PARTS } from './line';
export * from './disability.config';
export * from './rules';
export * from './disability.table';
export type {
  DisabilityApplicationRow,
  DisabilityCertificateRow,
  DisabilityEntitlementEventRow,
  DisabilityEntitlementRow,
  DisabilityStandardRow,
} from './disability.repository';
export {
  applicationInScope,
  ensureHukouSide,
  lockedVisibleApplication,
  lockedVisibleEntitlement,
  visibleApplication,
  visibleCertificate,
  visibleEntitlement,
} from './disability.access';
export { grantEntitlement, stopEntitlement, type GrantInput, type StopInput } from './entitlements';
export { standardFor, type StandardFound } from './standards.lookup';
export { DISABILITY_APPLICATION_ATTACHMENT_KINDS, disabilityApplicationAttachmentOwner } from './attachments';
export {
  DEMO_DISABILITY_COUNTY,
  DEMO_DISABILITY_TOWNSHIPS,
  DEMO_TOWNSHIP_CLERK,
  DEMO_TOWNSHIP_CLERK_2,
} from './core.demo-seed';

// ----- certificates and standards (D1) -----

// ----- applications (D2) -----

// ----- review and decision (D3) -----

// ----- roster (D4) -----

// ----- payments (D5) -----

// ----- verification (D6) -----

// ----- outreach and statistics (D7) -----

// ----- rehabilitation and devices (D8) -----
