/**
 * Row types of the stay concern's tables (migration 0022-rescue-stay), as Kysely sees them through
 * CamelCasePlugin: the services log (R-RES-04), stay-limit extensions (R-RES-05), outside placements and
 * their supervision visits (R-RES-13), minors' schooling and guardianship (R-RES-16) and fund items
 * (R-RES-17). Dates are `YYYY-MM-DD` text, instants ISO-8601 UTC text, booleans 0/1, money in fen.
 */

/**
 * R-RES-04: the services a station gives. A closed list without any fee, charge or labour kind: the
 * station may not charge the person nor make them work (R-RES-02, R-RES-08).
 */
export const RESCUE_SERVICE_KINDS = [
  'food',
  'lodging',
  'medical',
  'contact_help',
  'travel_voucher',
  'clothing',
  'other',
] as const;
export type RescueServiceKind = (typeof RESCUE_SERVICE_KINDS)[number];

/** 照料服务记录: one service given to a person (no amount: aid is free, R-RES-02). */
export interface RescueServicesTable {
  id: string;
  caseId: string;
  stationId: string;
  divisionCode: string;
  kind: RescueServiceKind;
  serviceDate: string;
  description: string;
  /** Who gave the service (staff name or the partner). */
  providedBy: string;
  createdBy: string;
  createdAt: string;
}

export type RescueExtensionStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/** 延期救助申请 (R-RES-05): filed with the higher civil-affairs department through the approval engine. */
export interface RescueStayExtensionsTable {
  id: string;
  caseId: string;
  stationId: string;
  divisionCode: string;
  reason: string;
  /** The new last day of aid asked for. */
  requestedUntil: string;
  status: RescueExtensionStatus;
  approvalId: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type RescuePlacementKind = 'foster' | 'hospital';

/** 站外托养 / 送医 (R-RES-13): the station stays the first responsible party (`stationId`). */
export interface RescuePlacementsTable {
  id: string;
  caseId: string;
  /** 第一责任主体: the case's station, always. */
  stationId: string;
  divisionCode: string;
  partnerId: string;
  agreementId: string;
  kind: RescuePlacementKind;
  /** Why care in the station is not enough (placement is the exception). */
  reason: string;
  startedOn: string;
  endedOn: string | null;
  endReason: string | null;
  status: 'active' | 'ended';
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** 监管走访 (R-RES-13): a supervision visit to a placed person, with photo evidence. */
export interface RescueVisitsTable {
  id: string;
  placementId: string;
  caseId: string;
  stationId: string;
  divisionCode: string;
  partnerId: string;
  visitDate: string;
  visitor: string;
  findings: string;
  /** Findings flagged as a problem (an incident of the institution scorecard). */
  problem: number;
  /** JSON array of `rescue_case` attachment ids of kind `visit_evidence`. */
  evidenceIds: string;
  createdBy: string;
  createdAt: string;
}

export type RescueEducationKind = 'school' | 'vocational' | 'none';

/** R-RES-16: schooling or vocational training arranged for a minor. */
export interface RescueMinorEducationTable {
  id: string;
  caseId: string;
  stationId: string;
  divisionCode: string;
  kind: RescueEducationKind;
  institution: string | null;
  fromDate: string | null;
  /** Vocational training: the minor is willing (14+ only). */
  willing: number;
  /** Why none was arranged. */
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

export type RescueGuardianshipFinding = 'able' | 'unable' | 'refuse';

/** R-RES-16: 家庭监护评估. */
export interface RescueGuardianshipAssessmentsTable {
  id: string;
  caseId: string;
  stationId: string;
  divisionCode: string;
  assessedOn: string;
  finding: RescueGuardianshipFinding;
  /** Guardians persistently refuse their duty → suggest applying to court to revoke guardianship. */
  persistentRefusal: number;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

/** R-RES-17: the only categories rescue subsidy money may be spent on. Construction is not one. */
export const RESCUE_FUND_CATEGORIES = ['living', 'medical', 'purchased_service'] as const;
export type RescueFundCategory = (typeof RESCUE_FUND_CATEGORIES)[number];
/** R-RES-17: purchased services must be specialist work or fill a real staffing or vehicle gap. */
export const RESCUE_PURCHASE_JUSTIFICATIONS = ['specialist', 'staffing_gap', 'vehicle_gap'] as const;
export type RescuePurchaseJustification = (typeof RESCUE_PURCHASE_JUSTIFICATIONS)[number];

/** 救助资金支出 of a station, for one case or for the station's recipients in general. */
export interface RescueFundItemsTable {
  id: string;
  stationId: string;
  caseId: string | null;
  divisionCode: string;
  category: RescueFundCategory;
  amountFen: number;
  spentOn: string;
  description: string;
  justification: RescuePurchaseJustification | null;
  createdBy: string;
  createdAt: string;
}

export interface RescueStayTables {
  rescueServices: RescueServicesTable;
  rescueStayExtensions: RescueStayExtensionsTable;
  rescuePlacements: RescuePlacementsTable;
  rescueVisits: RescueVisitsTable;
  rescueMinorEducation: RescueMinorEducationTable;
  rescueGuardianshipAssessments: RescueGuardianshipAssessmentsTable;
  rescueFundItems: RescueFundItemsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RescueStayTables {}
}
