/**
 * Tables of the funeral line's facilities concern (migration 0032-funeral-facilities): annual
 * inspections of facilities (年检) and applications on the approval engine (殡仪馆备案审核, 公墓建设许可,
 * 公墓许可事项变更, R-FUN-13). Dates `YYYY-MM-DD` text, instants ISO text, booleans 0/1.
 */

export type FacilityInspectionResult = 'pass' | 'rectify' | 'fail';

/** 年检: one round per facility per year (round 1 the annual inspection, 2+ re-inspections). */
export interface FuneralFacilityInspectionsTable {
  id: string;
  facilityId: string;
  divisionCode: string;
  year: number;
  round: number;
  inspectedOn: string;
  inspector: string;
  findings: string;
  result: FacilityInspectionResult;
  rectifyBy: string | null;
  /** Attachment ids (owner type `funeral_facility`), JSON array. */
  evidenceIds: string;
  /** A cemetery's result is `pending` until 公墓年检审核 approves it; other kinds are `effective` at once. */
  status: 'effective' | 'pending' | 'rejected';
  approvalId: string | null;
  recordedBy: string;
  recordedAt: string;
  decidedAt: string | null;
}

export type FacilityApplicationKind = 'filing' | 'construction' | 'change';

/** An application about a facility decided on the approval engine; applied by the completion subscriber. */
export interface FuneralFacilityApplicationsTable {
  id: string;
  facilityId: string;
  divisionCode: string;
  kind: FacilityApplicationKind;
  /** JSON object of the permit items to change (`change`), `{}` otherwise. */
  changes: string;
  note: string | null;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  approvalId: string | null;
  submittedBy: string;
  submittedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface FuneralFacilitiesConcernTables {
  funeralFacilityInspections: FuneralFacilityInspectionsTable;
  funeralFacilityApplications: FuneralFacilityApplicationsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FuneralFacilitiesConcernTables {}
}
