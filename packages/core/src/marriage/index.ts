export * from './marriage.config';
export { bigamyCheckPlan } from './marriage.repository';
export type {
  CrossBorder,
  MarriageKind,
  MarriageStatus,
  DivorceStatus,
  RegistryCompetence,
  MarriageTables,
} from './marriage.table';
export {
  createRegistry,
  ensureQualified,
  listActiveRegistries,
  listQualifications,
  marriageToday,
  myRegistries,
  presentRegistry,
  recordQualification,
  revokeQualification,
} from './registry.service';
export type { NewQualification, NewRegistry, QualificationView, RegistryView } from './registry.service';
export {
  competenceReason,
  dateOfFullAge,
  formatCertificateNo,
  registerMarriage,
  refuseMarriage,
  supplementaryEffectiveFrom,
} from './registration.service';
export type {
  ConflictingMarriage,
  MarriagePartyView,
  MarriageView,
  RefusalReason,
} from './registration.service';
export {
  applyForDivorce,
  coolingOffWindows,
  divorcePhase,
  expireDivorceApplications,
  refreshProvisionalWindows,
  getDivorce,
  listDivorces,
  requestDivorceCertificate,
  withdrawDivorce,
} from './divorce.service';
export type { DivorceState } from './divorce.repository';
export type {
  CoolingOffWindows,
  DivorceView,
  RequestDivorceCertificateInput,
  WithdrawDivorceInput,
} from './divorce.service';
export { onPersonDeceased, runDivorceDeadlines } from './subscribers';

export { MARITAL_STATUS_LABELS, deriveMaritalStatus, getMaritalStatus } from './marital-status.service';
export type { MaritalStatusCode, MaritalStatusView } from './marital-status.service';
export { reissueCertificate } from './reissue.service';
export { PRESENTED_BY_PARTIES, findMarriagesByParties } from './couple.service';
export type { MarriageReference, PresentedParties } from './couple.service';
export type { CertificateIssueView, ReissueInput } from './reissue.service';
export { applyForRegistryAnnulment, recordCourtJudgment } from './judgments.service';
export type { CourtJudgmentInput, JudgmentView } from './judgments.service';
export { exportMarriages, getMarriage, getRefusal, searchMarriages } from './records.service';
export type { MarriagesQuery, RefusalView } from './records.service';
export {
  printCertificateIssue,
  printDivorceDocument,
  printMarriageCertificate,
  printRefusalNotice,
} from './printing.service';
export type { PrintedDocument } from './printing.service';
export { certificatePdf } from './certificate-pdf';
export {
  IMPORT_COLUMNS,
  getImportReport,
  importMarriages,
  importTemplateXlsx,
  listImports,
  resolveImportRow,
} from './import.service';
export type {
  ImportInput,
  ImportReport,
  ImportRowReport,
  MarriagePartyMatcher,
  ResolveImportRowInput,
} from './import.service';
export { exportAwaitingMatches, listAwaitingMatches } from './awaiting-matches.service';
export type {
  AwaitingMatchView,
  AwaitingMatchesQuery,
  AwaitingPartyView,
  MatchCandidateView,
} from './awaiting-matches.service';
export { MARRIAGE_STAT_CATEGORIES, marriageStatistics } from './statistics.service';
export type { MarriageStatCategory, MarriageStatistics, MarriageStatsRow } from './statistics.service';
export {
  APPOINTMENT_HORIZON_DAYS,
  appointmentAvailability,
  bookAppointment,
  cancelAppointment,
  findAppointment,
  listAppointments,
  rescheduleAppointment,
  appointmentWeek,
  checkInAppointment,
  markNoShow,
  cancelAppointmentAtDesk,
  completeAppointment,
  effectiveStatus,
  partyKeyOf,
} from './appointments.service';
export { PARTY_DECEASED_REASON } from './appointments.subscriber';
export type {
  AppointmentDetail,
  AppointmentReceipt,
  AppointmentView,
  AppointmentWeek,
  CheckInResult,
  BookAppointmentInput,
  RescheduleAppointmentInput,
} from './appointments.service';
export { seedMarriageDemo } from './marriage.demo-seed';
export { marriageLine } from './line';
