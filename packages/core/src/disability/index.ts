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
export {
  CERTIFICATE_IMPORT_KIND_PREFIX,
  CERTIFICATE_IMPORT_SPEC,
  FIRST_GENERATION_LAST_DAY,
  certificateFactIssues,
  certificateImportReportXlsx,
  certificateImportTemplateXlsx,
  certificateStatusOn,
  changeCertificateStatus,
  expireCertificates,
  exportCertificates,
  getCertificate,
  importCertificates,
  listCertificateImports,
  listCertificates,
  maskCertificateNumber,
  recordCertificate,
  type CertificateEventView,
  type CertificateImportRow,
  type CertificateView,
  type CertificatesQuery,
  type ChangeCertificateStatusInput,
  type RecordCertificateInput,
} from './certificates.service';
export {
  STANDARD_HARDSHIPS,
  STANDARD_HARDSHIP_LABELS,
  createStandard,
  disabilityPolicy,
  listStandards,
  lookupStandard,
  standardDivisionName,
  tierLabelOf,
  withdrawStandard,
  type CreateStandardInput,
  type StandardHardship,
  type StandardLookupResult,
  type StandardView,
  type StandardsQuery,
} from './standards.service';
export { demoCertificateHolders, type DemoCertificateHolder } from './certificates.demo-seed';
export { CERTIFICATE_LEDGER_SORTS, type CertificateLedgerSort } from './certificates.repository';
export type { CertificateEventKind, CertificateEventSource } from './certificates.table';

// ----- applications (D2) -----
export {
  HOME_PROVINCE_PREFIX,
  applicationStatus,
  applyOnline,
  completeMaterials,
  countdownOf,
  escalateOverdueApplications,
  exportApplications,
  forwardApplication,
  getApplication,
  listApplications,
  lookupApplicant,
  maskName,
  notifyApplicant,
  recordExchange,
  stageOf,
  takeApplication,
  withdrawApplication,
  workingDaysUntil,
} from './applications.service';
export { seedApplicationsDemo } from './applications.demo-seed';
export type { DisabilityApplicationsConcernTables } from './applications.table';

// ----- review and decision (D3) -----
export {
  CIVIL_AFFAIRS_DECISION,
  FEDERATION_REVIEW,
  REFUSAL_REMEDY,
  REVIEW_DEFINITIONS,
  SUBSIDY_REDECISION_APPROVAL,
  SUBSIDY_REVIEW_APPROVAL,
  SUBSIDY_REVIEW_COUNTY_APPROVAL,
  TOWNSHIP_CHECK,
  appliedSubsidies,
  decideApplication,
  endNotice,
  federationReview,
  recordObjection,
  reviewQueue,
  reviewView,
  runNoticeEnds,
  submitForReview,
  townshipCheck,
  type DecisionInput,
  type ReviewQueueItem,
  type ReviewView,
  type TownshipCheckInput,
} from './review.service';
export {
  DISPUTE_RECHECK_WORKING_DAYS,
  MANUAL_STOP_REASONS,
  decideDispute,
  disabilityPersonPanel,
  exportRecipients,
  lodgeDispute,
  recipientDetail,
  recipientsLedger,
  stopRecipient,
  type ManualStopReason,
  type RecipientView,
  type RecipientsQuery,
} from './recipients.service';
export { DISPUTE_STATUS_LABELS, OTHER_BENEFIT_KIND_LABELS, type OtherBenefitKind } from './review.table';

// ----- roster (D4) -----
export {
  ROSTER_REASON_LABELS,
  confirmTownshipPart,
  exportRosterDiff,
  exportRosterLines,
  freezeRoster,
  getRoster,
  listRosterMonths,
  rosterDiff,
  rosterLines,
  rosterReasonLabel,
  signRoster,
  unfreezeRoster,
  type FreezeResult,
  type RosterDiffView,
  type RosterLineView,
  type RosterLinesQuery,
  type RosterSummaryView,
  type RosterView,
} from './roster.service';
export { ROSTER_SIGNOFF_LEVEL_LABELS, type RosterSignoffLevel } from './roster.table';
export type { RosterLineSort } from './roster.repository';

// ----- payments (D5) -----
export * from './payments.service';
export * from './payments.table';
export * from './payments.config';
export type { PaymentAccountRow, PaymentFileRow, RecoveryRow } from './payments.repository';

// ----- verification (D6) -----
export * from './verification.table';
export {
  answerFinding,
  confirmFinding,
  dismissFinding,
  exportFindings,
  getFinding,
  listCompareRuns,
  listFindings,
  runMonthlyComparisons,
  startComparison,
  type CompareRunView,
  type FindingView,
  type FindingsQuery,
} from './verification.service';
export {
  createCampaign,
  drawCampaignSample,
  drawSample,
  exportCampaignItems,
  getCampaign,
  listCampaignItems,
  listCampaigns,
  selfCheckItem,
  spotCheckItem,
  type CampaignItemView,
  type CampaignView,
  type DivisionProgress,
} from './verification.campaigns';
export {
  HUKOU_MOVE_SPEC,
  hukouMoveReportXlsx,
  hukouMoveTemplateXlsx,
  importHukouMoves,
  listHukouMoves,
  type HukouMoveView,
} from './verification.moves';

// ----- outreach and statistics (D7) -----
export {
  childLengthOf,
  exportOutreachCandidates,
  exportOutreachReminders,
  outreachCandidates,
  outreachCoverage,
  outreachRefreshJob,
  outreachReminders,
  outreachSliceOf,
  recordOutreachOutcome,
  refreshOutreach,
  runOutreachRefresh,
} from './outreach.service';
export { countList as countOutreachList, type OutreachList, type OutreachSlice } from './outreach.repository';
export {
  OUTREACH_OUTCOME_LABELS,
  OUTREACH_STATUS_LABELS,
  OUTREACH_TRIGGER_LABELS,
  type OutreachOutcome,
  type OutreachStatus,
  type OutreachTrigger,
} from './outreach.table';
export { disabilityStatistics, monthLabel, type DisabilityStatisticsResult } from './statistics.service';
export { disabilityBoard } from './board.service';

// ----- rehabilitation and devices (D8) -----
export {
  createRehabInstitution,
  dischargeRehab,
  enrolRehab,
  exportRehabEnrolments,
  exportRehabInstitutions,
  getRehabEnrolment,
  getRehabInstitution,
  isCityDistrict,
  listHomePatients,
  listRehabEnrolments,
  listRehabInstitutions,
  recordRehabSession,
  rehabCoverage,
  setHomePatients,
  updateRehabInstitution,
} from './rehab.service';
export {
  closeFukangCase,
  createFukangCase,
  createRental,
  createRentalPoint,
  decideFukangCase,
  deliverFukangCase,
  devicesToday,
  exportDeviceItems,
  exportFukangCases,
  exportRentalPoints,
  exportRentals,
  getRentalPoint,
  listDeviceItems,
  listFukangCases,
  listRentalPoints,
  listRentals,
  returnRental,
  saveDeviceItem,
  setPointStock,
} from './devices.service';
export {
  defaultDevicesConfig,
  defaultRehabConfig,
  type DevicesConfig,
  type RehabConfig,
} from './rehab.config';
export type { DisabilityRehabTables } from './rehab.table';
