/**
 * Tables of the prescribed actions concern (migration 0023-rescue-actions), as Kysely sees them through
 * CamelCasePlugin: the append-only action log (七个规定动作, R-RES-10) and the 寻亲公告 issued for a case.
 */

/** One logged prescribed action. Never updated or deleted: a correction is a new row that supersedes. */
export interface RescueActionLogTable {
  id: string;
  caseId: string;
  stationId: string;
  divisionCode: string;
  /** One of RESCUE_ACTION_STEPS (kernel contracts/rescue/actions.ts). */
  step: string;
  kind: 'log' | 'correction' | 'withdrawal';
  /** When the action was done (ISO instant). */
  performedAt: string;
  loggedAt: string;
  loggedBy: string;
  loggedByName: string;
  evidenceText: string | null;
  evidenceUrl: string | null;
  /** JSON array of `rescue_case` attachment ids (kinds action_evidence, dna_record, face_record). */
  attachmentIds: string;
  searchNoticeId: string | null;
  /** `dna_result` only: not_matched | matched. */
  dnaOutcome: string | null;
  note: string | null;
  /** The entry this one corrects or withdraws (unique: an entry is superseded once). */
  supersedesId: string | null;
  correctionReason: string | null;
}

/** A 寻亲公告 issued for a case: its number comes from the station's document sequence. */
export interface RescueSearchNoticesTable {
  id: string;
  caseId: string;
  stationId: string;
  divisionCode: string;
  number: string;
  issuedAt: string;
  issuedBy: string;
}

export interface RescueActionTables {
  rescueActionLog: RescueActionLogTable;
  rescueSearchNotices: RescueSearchNoticesTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RescueActionTables {}
}
