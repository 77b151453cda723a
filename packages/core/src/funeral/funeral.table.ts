/**
 * Row types of the funeral line's shared tables (migration 0031-funeral) as Kysely sees them through
 * CamelCasePlugin. Dates are `YYYY-MM-DD` text, instants ISO-8601 UTC text, booleans 0/1 integers. Each
 * concern of the line declares its own tables in its own `<concern>.table.ts` the same way.
 */

/** Kinds of funeral facility (殡葬设施) and their approval rules (R-FUN-05, facility-rules.ts). */
export type FuneralFacilityKind =
  | 'funeral_home'
  | 'crematorium'
  | 'service_station'
  | 'columbarium'
  | 'cemetery_commercial'
  | 'cemetery_public_benefit'
  | 'rural_public_cemetery';

/** The level of government or department that reviewed or approved a facility (R-FUN-05). */
export type ApprovalLevel =
  | 'township_government'
  | 'county_government'
  | 'city_government'
  | 'county_civil_affairs'
  | 'city_civil_affairs'
  | 'provincial_civil_affairs'
  | 'ministry_civil_affairs';

export type FacilityOwnership = 'government' | 'public_institution' | 'private' | 'collective';

/** 殡葬设施: the profile of an institution of the platform registry (same id). */
export interface FuneralFacilitiesTable {
  id: string;
  kind: FuneralFacilityKind;
  name: string;
  /** County (6 digits) or township (9 digits) of the facility (scope, ADR 0009). */
  divisionCode: string;
  /** The 12-digit village a rural public cemetery serves (R-FUN-06); null for other kinds. */
  villageCode: string | null;
  ownership: FacilityOwnership;
  /** 1 when government-invested: income and expenditure kept apart (收支两条线, R-FUN-10). */
  governmentInvested: number;
  address: string;
  phone: string | null;
  /** Capacity in the kind's unit: storage places (funeral home), niches (columbarium), plots (cemetery). */
  capacity: number;
  reviewedByLevel: ApprovalLevel | null;
  approvedByLevel: ApprovalLevel;
  approvalDocNo: string | null;
  approvedOn: string | null;
  status: 'active' | 'suspended' | 'closed';
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type FuneralSex = 'male' | 'female' | 'unknown';
export type DeathManner = 'natural' | 'unnatural' | 'undetermined';
export type Disposition = 'cremation' | 'burial' | 'transport_out';

/**
 * Steps of the chain of custody, in order: collection ordered (接运单) → collected (接运) → in storage
 * (冷藏暂存) → farewell (告别) → cremated (火化) → ashes released to the family (骨灰领取), stored
 * (骨灰寄存) or buried (安葬); or transported out (遗体外运, R-FUN-03); `cancelled` ends an order
 * that never ran. The last five are closing steps (`closed_at` set).
 */
export type CustodyStep =
  | 'ordered'
  | 'collected'
  | 'in_storage'
  | 'farewell'
  | 'cremated'
  | 'ashes_released'
  | 'ashes_stored'
  | 'buried'
  | 'transported_out'
  | 'cancelled';

export const OPEN_CUSTODY_STEPS = ['ordered', 'collected', 'in_storage', 'farewell', 'cremated'] as const;
export const CLOSING_CUSTODY_STEPS = [
  'ashes_released',
  'ashes_stored',
  'buried',
  'transported_out',
  'cancelled',
] as const;

/** 遗体档案: one body, one file, from the collection order to the ashes' destination. */
export interface FuneralCasesTable {
  id: string;
  /** Numbered from the facility's document sequence. */
  caseNo: string;
  /** The funeral home (or crematorium) holding the body. */
  facilityId: string;
  /** The facility's division (scope). */
  divisionCode: string;
  /** People-index record; an unidentified body has one record marked 身份不明 (identified via person merge). */
  personId: string;
  identityStatus: 'identified' | 'unidentified';
  nameGiven: string | null;
  sex: FuneralSex;
  birthDate: string | null;
  estimatedAge: number | null;
  /** Date of death (estimated for a body found; null when unknown). Decides which rules apply (docs/funeral.md). */
  deathDate: string | null;
  deathPlace: string;
  /** Division where the death occurred: decides the cremation zone (R-FUN-01) and transport rule (R-FUN-04). */
  deathDivisionCode: string;
  deathManner: DeathManner;
  hospitalDeath: number;
  /** 无人认领: no family came forward (R-FUN-02: county finance pays). */
  unclaimed: number;
  payer: 'family' | 'county_finance';
  disposition: Disposition | null;
  step: CustodyStep;
  /** The body's barcode (遗体码), printed on the label and read back by a scanner. */
  bodyCode: string;
  /** The urn's barcode (骨灰盒码) after cremation. */
  urnCode: string | null;
  agentName: string | null;
  agentPhone: string | null;
  agentRelation: string | null;
  /** Police confirmation of an unidentified or unclaimed body (公安确认). */
  policeConfirmedAt: string | null;
  /** Forensic clearance of an unnatural death (法医鉴定完毕, R-FUN-02). */
  forensicClearedAt: string | null;
  /** Notice period of an unidentified or unclaimed body (认领公告). */
  noticeStartedOn: string | null;
  noticeEndsOn: string | null;
  closedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type CaseDocumentKind =
  | 'death_proof'
  | 'death_certificate'
  | 'cremation_confirmation'
  | 'forensic_clearance'
  | 'police_confirmation'
  | 'deceased_id_check'
  | 'agent_id_check'
  | 'home_county_certificate'
  | 'death_place_approval'
  | 'other';

export const CASE_DOCUMENT_KIND_LABELS: Record<CaseDocumentKind, string> = {
  death_proof: '死亡证明材料（接运依据）',
  death_certificate: '居民死亡医学证明',
  cremation_confirmation: '遗体火化确认书',
  forensic_clearance: '法医鉴定完毕证明',
  police_confirmation: '公安机关确认书',
  deceased_id_check: '逝者身份证件核验',
  agent_id_check: '经办人身份证件核验',
  home_county_certificate: '户籍地县级民政部门证明（遗体外运）',
  death_place_approval: '死亡地民政部门批准（遗体外运）',
  other: '其他材料',
};

/** A document recorded on a case; a revoked document no longer opens a gate. */
export interface FuneralCaseDocumentsTable {
  id: string;
  caseId: string;
  kind: CaseDocumentKind;
  number: string | null;
  issuer: string | null;
  issuedOn: string | null;
  note: string | null;
  /** Scan in the attachment store (owner type `funeral_case`), if any. */
  attachmentId: string | null;
  status: 'valid' | 'revoked';
  revokedReason: string | null;
  recordedBy: string;
  recordedAt: string;
}

/** One step of the chain of custody: what happened to the body or urn, when, by whom, which code was scanned. */
export interface FuneralCustodyEventsTable {
  id: string;
  caseId: string;
  step: CustodyStep;
  at: string;
  /** Username of the actor. */
  actor: string;
  /** The body or urn code scanned at this step (null when typed by hand is not allowed: see custody). */
  code: string | null;
  /** Where: storage place, hall, cremator, columbarium niche, cemetery plot, destination. */
  place: string | null;
  note: string | null;
}

export interface FuneralTables {
  funeralFacilities: FuneralFacilitiesTable;
  funeralCases: FuneralCasesTable;
  funeralCaseDocuments: FuneralCaseDocumentsTable;
  funeralCustodyEvents: FuneralCustodyEventsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FuneralTables {}
}
