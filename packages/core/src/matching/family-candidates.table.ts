/**
 * Stored three-way family-search candidates (寻亲候选, migration 0026-family-candidates): one row per pair
 * of family-search feed entries of different kinds, proposed by the engine's refresher (`data`) or by a
 * line (`face`, `dna`, `notice`, `other`), reviewed by a caseworker. Nothing identifies a person
 * automatically: a confirmation only emits `family.match-confirmed` for the owning lines to act on.
 */
import type { Selectable } from 'kysely';
import type { FamilyRecordKind } from './matching.table';

export type FamilyCandidateChannel = 'data' | 'face' | 'dna' | 'notice' | 'other';
export type FamilyCandidateStatus = 'open' | 'claimed' | 'confirmed' | 'rejected' | 'unsure' | 'withdrawn';
/** `strong`: score at or above the configured strong threshold; `possible`: above the minimum only. */
export type FamilyCandidateBand = 'strong' | 'possible';

export interface FamilyCandidatesTable {
  id: string;
  /** The pair in canonical order: left id < right id (text comparison). */
  leftEntryId: string;
  leftKind: FamilyRecordKind;
  leftOwnerLine: string;
  leftDivisionCode: string;
  leftInstitutionId: string | null;
  rightEntryId: string;
  rightKind: FamilyRecordKind;
  rightOwnerLine: string;
  rightDivisionCode: string;
  rightInstitutionId: string | null;
  /** How the pair was found; a later proposal by another channel than `data` takes its place. */
  channel: FamilyCandidateChannel;
  score: number;
  band: FamilyCandidateBand;
  /** JSON: `{ [channel]: explanation }` — the engine's field-level explanation under `data`. */
  explanation: string;
  status: FamilyCandidateStatus;
  claimedBy: string | null;
  claimedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The refresher's watermark: the last feed `seq` it has processed (one row, name `family-candidates`). */
export interface FamilyCandidateWatermarksTable {
  name: string;
  lastSeq: number;
  updatedAt: string;
}

export type FamilyCandidateRow = Selectable<FamilyCandidatesTable>;

declare module '../db/schema' {
  interface Database {
    familyCandidates: FamilyCandidatesTable;
    familyCandidateWatermarks: FamilyCandidateWatermarksTable;
  }
}
