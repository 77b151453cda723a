/** Row types of the death revocations (migration 0041-person-death-revocations), as Kysely sees them. */
import type { Selectable } from 'kysely';

export type DeathRevocationStatus = 'requested' | 'approved' | 'rejected';

/** 撤销死亡登记: a request to revoke a death recorded against the wrong person, and its review. */
export interface PersonDeathRevocationsTable {
  id: string;
  personId: string;
  /** The death date being revoked (the person's recorded date when requested). */
  deathDate: string;
  /** County-level division of the person (scope of the decision). */
  divisionCode: string;
  reason: string;
  /** What proves the person alive (e.g. 本人到场核验, 公安户籍核实), free text. */
  evidence: string | null;
  status: DeathRevocationStatus;
  requestedByUsername: string;
  requestedAt: string;
  decidedByUsername: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  version: number;
}

export interface PersonDeathRevocationTables {
  personDeathRevocations: PersonDeathRevocationsTable;
}

export type PersonDeathRevocationRow = Selectable<PersonDeathRevocationsTable>;
