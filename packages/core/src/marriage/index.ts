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
