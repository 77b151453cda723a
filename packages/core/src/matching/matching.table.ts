/**
 * Row types of the matching tables (migration 0003-matching) as Kysely sees them through
 * CamelCasePlugin. Dates are `YYYY-MM-DD` text, instants ISO-8601 UTC text, JSON columns text.
 */
import type { Selectable } from 'kysely';

export type RuleSetName = 'reverification' | 'backfill';
export type MatchJobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type MatchBand = 'fast-track' | 'review';
export type MatchPairStatus = 'open' | 'claimed' | 'confirmed' | 'rejected' | 'unsure';
export type RecordKind = 'people' | 'records';

/** A record of an imported external roll (死亡通知, 火化名单, 低保名册 …). */
export interface MatchRecordsTable {
  id: string;
  source: string;
  externalRef: string | null;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
  residentId: string | null;
  /** The roll's event (death, cremation, enrolment), `YYYY-MM-DD`. */
  eventDate: string | null;
  divisionCode: string;
  importedAt: string;
  importedBy: string;
}

export interface MatchJobsTable {
  id: string;
  name: string;
  ruleSet: RuleSetName;
  leftRoll: string;
  rightRoll: string;
  divisionCode: string;
  status: MatchJobStatus;
  leftCount: number;
  rightCount: number;
  total: number;
  processed: number;
  pairsFound: number;
  cursor: string | null;
  model: string | null;
  error: string | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface MatchPairsTable {
  id: string;
  jobId: string;
  leftKind: RecordKind;
  leftId: string;
  rightKind: RecordKind;
  rightId: string;
  divisionCode: string;
  rightSource: string;
  score: number;
  probability: number;
  band: MatchBand;
  rule: string;
  explanation: string;
  status: MatchPairStatus;
  claimedBy: string | null;
  claimedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdAt: string;
  version: number;
}

export interface MissingPersonReportsTable {
  id: string;
  seq: number;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthYear: number | null;
  birthYearUncertainty: number;
  lostOn: string | null;
  lostDivisionCode: string | null;
  features: string | null;
  divisionCode: string;
  status: 'open' | 'found' | 'withdrawn';
  createdBy: string;
  createdAt: string;
  /** Migration 0014: the reporting family's contact and the status change (found / withdrawn). */
  contactName: string | null;
  contactPhone: string | null;
  statusReason: string | null;
  closedAt: string | null;
  closedBy: string | null;
}

export type FamilyRecordKind = 'missing-report' | 'unidentified-living' | 'unidentified-deceased';

/** The family-search index feed (migration 0014): one row per searchable record of any line. */
export interface FamilySearchEntriesTable {
  id: string;
  ownerLine: string;
  kind: FamilyRecordKind;
  reference: string | null;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthYear: number | null;
  birthYearUncertainty: number | null;
  estimatedAge: number | null;
  estimatedAgeRange: number | null;
  estimatedAgeAsOf: string | null;
  eventDate: string | null;
  placeCode: string | null;
  features: string | null;
  photoRef: string | null;
  divisionCode: string;
  institutionId: string | null;
  status: 'active' | 'removed';
  seq: number;
  createdAt: string;
  updatedAt: string;
}

/** Migration 0015: a confirmed pair's follow-up by the owning line (pending → done with a note). */
export interface MatchFollowUpsTable {
  id: string;
  pairId: string;
  jobId: string;
  divisionCode: string;
  rightSource: string;
  status: 'pending' | 'done';
  createdAt: string;
  createdBy: string;
  doneAt: string | null;
  doneBy: string | null;
  note: string | null;
}

export interface MatchingTables {
  matchRecords: MatchRecordsTable;
  matchJobs: MatchJobsTable;
  matchPairs: MatchPairsTable;
  matchFollowUps: MatchFollowUpsTable;
  missingPersonReports: MissingPersonReportsTable;
  familySearchEntries: FamilySearchEntriesTable;
}

export type MatchRecordRow = Selectable<MatchRecordsTable>;
export type MatchJobRow = Selectable<MatchJobsTable>;
export type MatchPairRow = Selectable<MatchPairsTable>;
export type MatchFollowUpRow = Selectable<MatchFollowUpsTable>;
export type MissingPersonReportRow = Selectable<MissingPersonReportsTable>;
export type FamilySearchEntryRow = Selectable<FamilySearchEntriesTable>;

declare module '../events/outbox' {
  interface DomainEvents {
    /**
     * A reviewer confirmed that two records of a comparison job are the same person (数据比对). Nothing
     * changes automatically: the owning line (subsidy, funeral …) decides what to verify and do.
     */
    'match.confirmed': {
      pairId: string;
      jobId: string;
      leftKind: 'people' | 'records';
      leftId: string;
      rightKind: 'people' | 'records';
      rightId: string;
      rightSource: string;
      divisionCode: string;
      rule: string;
      band: 'fast-track' | 'review';
    };
  }
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends MatchingTables {}
}
