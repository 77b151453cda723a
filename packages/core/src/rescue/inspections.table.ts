/**
 * Row type of the inspections of partner institutions (migration 0020-rescue-inspections), R-RES-13:
 * risks are checked regularly; a result `unqualified` flags the institution (no new placement), `rectify`
 * puts it under rectification until a deadline, a follow-up inspection can restore `qualified`.
 */
export type RescueInspectionResult = 'qualified' | 'rectify' | 'unqualified';

export interface RescueInspectionsTable {
  id: string;
  partnerId: string;
  /** The partner's division (scope of the record). */
  divisionCode: string;
  inspectedOn: string;
  /** Who inspected (names of the inspectors as written on the record). */
  inspector: string;
  findings: string;
  result: RescueInspectionResult;
  /** Set when `result` is `rectify`: the date by which the institution must have rectified. */
  rectifyBy: string | null;
  /** JSON array of attachment ids (owner type `rescue_partner`, kind `inspection_evidence`). */
  evidenceIds: string;
  /** The partner's qualification before this inspection was recorded. */
  qualificationBefore: string;
  recordedBy: string;
  createdAt: string;
}

export interface RescueInspectionTables {
  rescueInspections: RescueInspectionsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RescueInspectionTables {}
}
