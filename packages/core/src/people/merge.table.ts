/** Row types of the person-merge tables (migration 0008-person-merge), as Kysely sees them. */
import type { Selectable } from 'kysely';

export type PersonMergeStatus = 'proposed' | 'approved' | 'rejected' | 'unmerged';

/** 人员合并: one proposal, its review decision and (rarely) its reversal. */
export interface PersonMergesTable {
  id: string;
  /** The record that stays (保留记录). */
  survivorId: string;
  /** The record found to be the same person (被合并记录); kept, pointing at the survivor. */
  mergedId: string;
  /** County-level division of the survivor (scope of the decision). */
  divisionCode: string;
  reason: string;
  status: PersonMergeStatus;
  proposedBy: string | null;
  proposedByUsername: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedByUsername: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  unmergedByUsername: string | null;
  unmergedAt: string | null;
  unmergeReason: string | null;
  version: number;
}

/**
 * One record of one line re-pointed from the merged person to the survivor (written by the line's
 * `person.merged` subscriber; `revertedAt` set by its `person.unmerged` subscriber when it points back).
 */
export interface PersonMergeRepointsTable {
  id: string;
  mergeId: string;
  /** Line code name, e.g. `marriage`. */
  line: string;
  /** Table or record kind, e.g. `marriage`, `marriage_refusal`. */
  recordType: string;
  recordId: string;
  /** Column re-pointed, e.g. `husband_id`. */
  field: string;
  fromPersonId: string;
  toPersonId: string;
  repointedAt: string;
  revertedAt: string | null;
}

export interface PersonMergeTables {
  personMerges: PersonMergesTable;
  personMergeRepoints: PersonMergeRepointsTable;
}

export type PersonMergeRow = Selectable<PersonMergesTable>;
export type PersonMergeRepointRow = Selectable<PersonMergeRepointsTable>;
