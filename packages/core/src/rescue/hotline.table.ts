/**
 * Row types of the rescue line's hotline table (migration 0025-rescue-hotline) as Kysely sees them
 * through CamelCasePlugin: the metadata of calls to a station's 24-hour hotline (R-RES-14). The audio
 * itself stays in the station's telephone recording system; `recordingRef` names the file there.
 */

export type RescueHotlineCategory = 'help_request' | 'lead' | 'family_search' | 'consultation' | 'other';
/** `kept`: the recording exists; `purged`: removed by the retention job; `none`: the call was not recorded. */
export type RescueRecordingStatus = 'kept' | 'purged' | 'none';

/** 热线来电记录: one call to a station's hotline. */
export interface RescueHotlineCallsTable {
  id: string;
  stationId: string;
  /** The station's division (scope, ADR 0009). */
  divisionCode: string;
  /** Instant the call began (ISO-8601 UTC). */
  calledAt: string;
  /** Beijing date of `calledAt`: day 0 of the retention period (R-RES-14). */
  recordedOn: string;
  /** Caller's number as captured; shown masked only, cleared by the retention purge. */
  callerNumber: string | null;
  durationSeconds: number;
  category: RescueHotlineCategory;
  summary: string;
  /** The case the call led to or concerns, if any (same station). */
  caseId: string | null;
  /** File reference in the recording system (e.g. `REC/2026/06/01/0001.wav`), null when purged or not recorded. */
  recordingRef: string | null;
  recordingStatus: RescueRecordingStatus;
  purgedAt: string | null;
  createdBy: string;
  createdAt: string;
}

export interface RescueHotlineTables {
  rescueHotlineCalls: RescueHotlineCallsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RescueHotlineTables {}
}
