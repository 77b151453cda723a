/**
 * Row types of the marriage tables (migration 0002-marriage) as Kysely sees them through
 * CamelCasePlugin. Dates are `YYYY-MM-DD` text, instants ISO-8601 UTC text, JSON columns text.
 */
import type { Selectable } from 'kysely';

/** 婚姻登记机关. `mainland_and_cross_border`: designated for 涉外 and 涉港澳台 cases (MRR-2025 Art.2). */
export type RegistryCompetence = 'mainland' | 'mainland_and_cross_border';

export interface MarriageRegistriesTable {
  id: string;
  /** Registry code: its county code plus an optional 2–3 digit suffix; prefixes certificate numbers. */
  code: string;
  name: string;
  divisionCode: string;
  address: string;
  officeHours: string;
  phone: string | null;
  competence: RegistryCompetence;
  /** Appointments accepted per half day (上午/下午). */
  halfDayCapacity: number;
  status: 'active' | 'closed';
  createdAt: string;
  updatedAt: string;
}

/** 婚姻登记员资格 (持证上岗): a registrar account may register only at a registry it is qualified for. */
export interface RegistrarQualificationsTable {
  id: string;
  userId: string;
  registryId: string;
  certificateNo: string;
  validFrom: string;
  validUntil: string;
  status: 'valid' | 'revoked';
  divisionCode: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

export type MarriageKind = 'registration' | 'supplementary' | 'backfill';
export type CrossBorder = 'mainland' | 'foreign' | 'hk_macao_taiwan';
export type MarriageStatus = 'subsisting' | 'divorced' | 'ended_by_death' | 'void' | 'annulled';

export interface MarriagesTable {
  id: string;
  kind: MarriageKind;
  husbandId: string;
  wifeId: string;
  /** Null only for back-filled records whose registry is not (or no longer) in the registry list. */
  registryId: string | null;
  registryName: string;
  divisionCode: string;
  registeredOn: string;
  /** Differs from `registeredOn` only for supplementary registration (JS-1 Art.6). */
  effectiveFrom: string;
  crossBorder: CrossBorder;
  certificateNo: string | null;
  status: MarriageStatus;
  endedOn: string | null;
  /** Divorce application id, deceased person id or judgment id that ended the marriage. */
  endReference: string | null;
  registrarId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface MarriageCertificateCountersTable {
  registryId: string;
  /** J 结婚证, L 离婚证, BJ 补发结婚证, BL 补发离婚证, JL 婚姻登记记录证明. */
  series: string;
  year: number;
  lastNumber: number;
}

export interface MarriageRefusalsTable {
  id: string;
  service: 'marriage' | 'divorce' | 'reissue';
  registryId: string;
  divisionCode: string;
  decidedOn: string;
  husbandId: string | null;
  wifeId: string | null;
  husbandName: string;
  wifeName: string;
  /** JSON array of `{ code, message }` — the reasons printed on the notice. */
  reasons: string;
  flag: 'none' | 'declaration_contradicted';
  registrarId: string | null;
  createdAt: string;
}

export type DivorceStatus =
  | 'cooling_off'
  | 'withdrawn'
  | 'deemed_withdrawn'
  | 'registered'
  | 'terminated_by_death'
  /** 离婚登记程序终止: a court declared the marriage void or annulled it while the application was open. */
  | 'terminated_by_judgment';

export interface DivorceApplicationsTable {
  id: string;
  marriageId: string;
  registryId: string;
  divisionCode: string;
  receivedOn: string;
  /** Last day of window 1 (withdrawal by either party). */
  withdrawalEndsOn: string;
  /** Last day of window 2 (joint request for the certificate); deemed withdrawn the day after. */
  jointRequestEndsOn: string;
  status: DivorceStatus;
  closedOn: string | null;
  withdrawnBy: 'husband' | 'wife' | null;
  certificateNo: string | null;
  /** JSON of the agreement summary checked at acceptance (no property details are stored). */
  agreement: string;
  registrarId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type CertificateIssueKind = 'marriage_certificate' | 'divorce_certificate' | 'record_certificate';

export interface MarriageCertificateIssuesTable {
  id: string;
  marriageId: string;
  kind: CertificateIssueKind;
  registryId: string;
  divisionCode: string;
  issuedOn: string;
  certificateNo: string;
  crossBorder: CrossBorder;
  applicant: 'husband' | 'wife' | 'both' | 'proxy';
  registrarId: string | null;
  createdAt: string;
}

export type JudgmentGround = 'bigamy' | 'prohibited_kinship' | 'under_age' | 'coercion' | 'concealed_illness';

export interface MarriageJudgmentsTable {
  id: string;
  marriageId: string;
  outcome: 'void' | 'annulled';
  ground: JudgmentGround;
  court: string;
  caseNumber: string;
  judgmentDate: string;
  effectiveDate: string;
  divisionCode: string;
  recordedBy: string;
  recordedAt: string;
}

export interface MarriageForeignPartiesTable {
  documentType: 'passport' | 'foreign_permanent_residence' | 'hmt_travel_permit';
  nationality: string;
  documentNo: string;
  personId: string;
  createdAt: string;
}

export interface MarriageImportsTable {
  id: string;
  divisionCode: string;
  fileName: string;
  totalRows: number;
  importedRows: number;
  failedRows: number;
  awaitingRows: number;
  createdBy: string;
  createdAt: string;
}

export interface MarriageImportRowsTable {
  id: string;
  importId: string;
  rowNo: number;
  status: 'imported' | 'failed' | 'awaiting_match' | 'matched';
  marriageId: string | null;
  /** JSON array of `{ code, message, field? }`. */
  messages: string;
  /** JSON of the parsed row, kept only for rows awaiting a match (no id numbers to link by). */
  data: string | null;
  divisionCode: string;
}

export interface MarriageAppointmentsTable {
  id: string;
  reference: string;
  registryId: string;
  divisionCode: string;
  date: string;
  halfDay: 'am' | 'pm';
  slotNo: number;
  service: 'marriage' | 'divorce' | 'reissue';
  applicantName: string;
  partnerName: string | null;
  phone: string;
  /** `done`: served (or refused) at the desk, `outcome_ref` names the record (migration 0016). */
  status: 'booked' | 'cancelled' | 'attended' | 'done' | 'no_show';
  createdAt: string;
  /**
   * HMAC-SM3 (server key, purpose `marriage.booking`) of both parties' resident ids, order-free: one
   * booked appointment per couple (partial unique index). Null on rows before migration 0012 and once a
   * booking lapsed. No resident id is stored in clear.
   */
  coupleKey: string | null;
  applicantResidentIdMasked: string | null;
  partnerResidentIdMasked: string | null;
  /** 签到 instant (migration 0016). */
  checkedInAt: string | null;
  closedAt: string | null;
  /** Why the booking was cancelled or closed (e.g. a party deceased); free text, no resident id. */
  closeReason: string | null;
  outcomeKind: 'marriage' | 'refusal' | 'divorce' | 'other' | null;
  /** The marriage, refusal or divorce application the booking ended in. */
  outcomeRef: string | null;
  /** Each party's keyed HMAC-SM3 of the resident id (purpose `marriage.booking.party`); null before 0016. */
  applicantKey: string | null;
  partnerKey: string | null;
}

/** The marriage tables, merged into `Database` in db/schema.ts. */
export interface MarriageTables {
  marriageRegistries: MarriageRegistriesTable;
  registrarQualifications: RegistrarQualificationsTable;
  marriages: MarriagesTable;
  marriageCertificateCounters: MarriageCertificateCountersTable;
  marriageRefusals: MarriageRefusalsTable;
  divorceApplications: DivorceApplicationsTable;
  marriageCertificateIssues: MarriageCertificateIssuesTable;
  marriageJudgments: MarriageJudgmentsTable;
  marriageForeignParties: MarriageForeignPartiesTable;
  marriageImports: MarriageImportsTable;
  marriageImportRows: MarriageImportRowsTable;
  marriageAppointments: MarriageAppointmentsTable;
}

export type RegistryRow = Selectable<MarriageRegistriesTable>;
export type QualificationRow = Selectable<RegistrarQualificationsTable>;
export type MarriageRow = Selectable<MarriagesTable>;
export type DivorceRow = Selectable<DivorceApplicationsTable>;
export type RefusalRow = Selectable<MarriageRefusalsTable>;
export type CertificateIssueRow = Selectable<MarriageCertificateIssuesTable>;
export type JudgmentRow = Selectable<MarriageJudgmentsTable>;
export type AppointmentRow = Selectable<MarriageAppointmentsTable>;

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends MarriageTables {}
}
