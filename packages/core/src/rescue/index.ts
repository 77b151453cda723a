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
export { assertDormitoryFor, ensurePartnerAcceptsPlacement } from './stations.guards';
export type { PlacementCheck } from './stations.guards';
export type { RescueDormitoryRow } from './stations.repository';
export type { RescueAgreementRow, RescuePartnerRow } from './partners.repository';
export {
  addDormitory,
  createRescueStation,
  getRescueStation,
  listDormitories,
  listRescueStations,
  updateDormitoryOf,
  updateRescueStation,
} from './stations.service';
export {
  createRescueAgreement,
  createRescuePartner,
  exportRescuePartners,
  getRescueAgreement,
  getRescuePartner,
  listRescueAgreements,
  listRescuePartners,
  terminateRescueAgreement,
  updateRescuePartner,
  visiblePartner,
} from './partners.service';
export {
  exportInspections,
  inspectionsDueTodo,
  listInspections,
  nextInspectionDue,
  partnersDueForInspection,
  recordInspection,
} from './inspections.service';
export type { RescueInspectionResult, RescueInspectionsTable } from './inspections.table';
export { RESCUE_PARTNER_ATTACHMENT_KINDS, rescuePartnerAttachmentOwner } from './stations.part';
export { DEMO_STATIONS, DEMO_STATION_USERNAME } from './stations.seed';
// ----- intake (R2) -----
export {
  MINOR_UNDER_AGE,
  REFUSAL_GROUND_TEXT,
  addBelonging,
  admitPerson,
  getRefusal,
  identifyCase,
  intakeOptions,
  printRefusalNotice as printRescueRefusalNotice,
  refusalGrounds,
  refuseApplicant,
  rescueRemediesText,
} from './intake.service';
export type { AdmittedCase } from './intake.service';
export {
  exportResidents,
  getRescueCase,
  listResidents,
  rescuePersonPanel,
  stayFigures,
} from './cases.service';
export type * from './intake.table';
// ----- stay (R3) -----
export { stayOverLimitOn, stayLimitState, stayToday } from './stay-limit';
export type { StayLimitState } from './stay-limit';
export { overdueVisits, visitDueOn, recordVisit, visitsOf, presentVisit } from './visits.service';
export type { OverdueVisitView, RecordVisitInput, VisitView } from './visits.service';
export * from './stay.table';
export {
  RESCUE_SERVICE_KIND_LABELS,
  STAY_EXTENSION_APPROVAL,
  STAY_EXTENSION_OWNER,
  recordService,
  requestStayExtension,
  servicesOf,
  stayOf,
} from './stay.service';
export type {
  ExtensionView,
  RecordServiceInput,
  RequestExtensionInput,
  ServiceView,
  StayView,
} from './stay.service';
export {
  endPlacement,
  institutionScorecard,
  placeCase,
  placementExport,
  placementLedger,
  placementsOf,
} from './placements.service';
export type {
  CasePlacementsView,
  EndPlacementInput,
  PlaceCaseInput,
  PlacementView,
  PlacementsQuery,
  ScorecardRow,
} from './placements.service';
export {
  COURT_SUGGESTION,
  EDUCATION_KIND_LABELS,
  GUARDIANSHIP_FINDING_LABELS,
  arrangeEducation,
  assessGuardianship,
  minorOf,
} from './minors.service';
export type {
  EducationInput,
  EducationView,
  GuardianshipInput,
  GuardianshipView,
  MinorView,
} from './minors.service';
export {
  FUND_CATEGORY_LABELS,
  PURCHASE_JUSTIFICATION_LABELS,
  fundItemsOf,
  recordFundItem,
  stationFundItems,
} from './funds.service';
export type { FundItemInput, FundItemView } from './funds.service';
export { PLACEMENT_SORTS } from './stay.repository';
export type { PlacementSort } from './stay.repository';
// ----- actions (R4) -----
export {
  NOTICE_24H_STEPS,
  actionsBoard,
  caseActionStatus,
  dnaAndFaceEvidence,
  ensureAllSevenLogged,
  getCaseActions,
  logRescueAction,
  overdueActions,
} from './actions.service';
export type * from './actions.table';
export { issueSearchNotice, searchNoticePdfOf } from './search-notice.service';
// ----- departure (R5) -----
export {
  DECLARATION_KIND,
  departureKindOptions,
  departureLedger,
  departureOptions,
  departureRules,
  exportDepartureLedger,
  printSelfDepartureDeclaration,
  recordDeparture,
} from './departure.service';
export type {
  DepartureLedgerQuery,
  DepartureRules,
  PrintedDeclaration,
  RecordedDeparture,
} from './departure.service';
export {
  SETTLEMENT_APPROVAL,
  SETTLEMENT_OWNER,
  applySettlement,
  settlementCheckOf,
} from './settlement.service';
export type { SettlementCheck } from './settlement.service';
export {
  CASE_PERSON_DECEASED_SUBSCRIBER,
  CASE_PERSON_MERGED_SUBSCRIBER,
  CASE_PERSON_UNMERGED_SUBSCRIBER,
} from './cross-line.subscriber';
export type * from './departure.table';
// ----- warnings (R6) -----
export { exportRescueWarnings, listRescueWarnings, warningsToday, warningsTodos } from './warnings.service';
export { rescueStatistics, bucketOf } from './statistics.service';
export type { RescueStatisticsResult } from './statistics.service';
export {
  exportHotlineCalls,
  hotlineRetentionJob,
  listHotlineCalls,
  recordHotlineCall,
  runHotlineRetention,
} from './hotline.service';
export type * from './hotline.table';
export { seedRescueDemo } from './rescue.demo-seed';
// ----- public 寻亲公告 (no login; ADR 0026) -----
export { listPublicNotices, publicNoticePhoto } from './public-notices.service';
export type { PublicAgeBand, PublicNotice, PublicNoticeQuery } from './public-notices.service';
// ----- family search and reunions (寻亲与团聚, issue 16; H2) -----
export {
  REUNION_MATCH_SUBSCRIBER,
  cancelReunion,
  caseFamily,
  exportFamilyWorklist,
  exportReunionLedger,
  familyWorklist,
  handOverReunion,
  onFamilyMatchConfirmed,
  recordReunionContact,
  recordReunionIdentity,
  reunionLedger,
  reunionStatistics,
  startReunion,
} from './reunions.service';
export type * from './reunions.table';
// ----- source governance (源头治理, issue 16 item 4) -----
export {
  getReturnee,
  listReturnees,
  exportReturnees,
  recordFollowUp,
  setReturneeHome,
  syncReturnees,
} from './returnees.service';
export {
  listAtRisk,
  exportAtRisk,
  getAtRisk,
  createAtRisk,
  updateAtRiskPerson,
  closeAtRisk,
} from './at-risk.service';
export {
  scanRepeatWanderers,
  listRepeatFlags,
  exportRepeatFlags,
  decideRepeatFlag,
  listGovernanceAlerts,
  acknowledgeGovernanceAlert,
} from './repeat-wanderers.service';
export {
  listPatrolLeads,
  exportPatrolLeads,
  recordPatrolLead,
  respondPatrolLead,
} from './patrol-leads.service';
export { governanceStatistics, runSourceGovernance } from './governance.service';
// 寻亲 (issue 16 item 1): unidentified cases in the family-search feed — call after changing a case.
export {
  backfillCasesToFamilySearch,
  caseBelongsInFamilySearch,
  publishCaseToFamilySearch,
  syncCaseFamilySearch,
} from './family-feed';
