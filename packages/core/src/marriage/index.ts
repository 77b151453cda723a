export * from './marriage.config';
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
  supplementaryEffectiveFrom,
} from './registration.service';
export type { ConflictingMarriage, MarriagePartyView, MarriageView, RefusalReason } from './registration.service';
export {
  applyForDivorce,
  coolingOffWindows,
  divorcePhase,
  expireDivorceApplications,
  getDivorce,
  listDivorces,
  requestDivorceCertificate,
  withdrawDivorce,
} from './divorce.service';
export type { CoolingOffWindows, DivorceView, RequestDivorceCertificateInput, WithdrawDivorceInput } from './divorce.service';
export { onPersonDeceased, registerMarriageSubscribers, startMarriageJobs } from './subscribers';
export type { MarriageJobs } from './subscribers';
