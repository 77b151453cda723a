import { newId } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import type { DialectName } from '../db/dialect';
import { lockChainAndRead, preCommitState, type PreCommitStep } from '../db/pre-commit';
import { insertRows } from '../db/prepared';
import type { Database } from '../db/schema';
import { outboxHead, type OutboxRow } from './outbox.repository';

/**
 * Domain events other lines react to. Payloads are plain JSON. The platform's are here; a line declares
 * its own by augmenting this interface (see matching/matching.table.ts).
 */
export interface DomainEvents {
  /** A death was recorded in the people index (funeral home, hospital notice, court, clerk). */
  'person.deceased': { personId: string; deathDate: string; divisionCode: string; source: string };
  /**
   * A recorded death was revoked after review (被死亡: recorded against the wrong person): the person is
   * alive again. Every line undoes or flags what it did on `person.deceased` (docs/funeral.md, ADR 0028).
   */
  'person.death-revoked': {
    personId: string;
    revokedDeathDate: string;
    revocationId: string;
    divisionCode: string;
  };
  /**
   * Two people-index records were found to be one person and a reviewer approved the merge: every line
   * re-points its records from `mergedId` to `survivorId`, logging each in person_merge_repoints under
   * `mergeId` (docs/people-merge-and-scope.md).
   */
  'person.merged': { survivorId: string; mergedId: string; mergeId: string; divisionCode: string };
  /** A merge was reversed: every line re-points back the records it logged under `mergeId`. */
  'person.unmerged': { survivorId: string; mergedId: string; mergeId: string; divisionCode: string };
  /** An approval (approvals/) passed its last step; the owning line acts on its record. */
  'approval.completed': ApprovalOutcome;
  /** An approval was rejected at a step, with the reason given (Chinese). */
  'approval.rejected': ApprovalOutcome & { stepKey: string; reason: string };
  /**
   * A caseworker confirmed a three-way family-search candidate (寻亲候选, matching/family-candidates):
   * the two feed entries are believed to be one person. Nothing merges: the owning lines act (rescue
   * starts a reunion; matching marks nothing by itself). `divisionCode`: the deciding side's division.
   */
  'family.match-confirmed': FamilyMatchConfirmed;
}

/** One side of a confirmed family-search candidate: the feed entry, its owning line and kind. */
export interface FamilyMatchSide {
  entryId: string;
  ownerLine: string;
  kind: 'missing-report' | 'unidentified-living' | 'unidentified-deceased';
}

/** Payload of `family.match-confirmed`. */
export interface FamilyMatchConfirmed {
  candidateId: string;
  channel: 'data' | 'face' | 'dna' | 'notice' | 'other';
  left: FamilyMatchSide;
  right: FamilyMatchSide;
  divisionCode: string;
}
export type EventType = keyof DomainEvents;

/** Payload of the approval events: which instance, of which definition, about which owner record. */
export interface ApprovalOutcome {
  instanceId: string;
  definitionKey: string;
  ownerType: string;
  ownerId: string;
  divisionCode: string;
}

export interface StoredEvent<T extends EventType = EventType> {
  id: string;
  position: number;
  type: T;
  payload: DomainEvents[T];
  occurredAt: string;
}

/**
 * Writes an event to the outbox inside the caller's transaction: it is published exactly when the
 * change that caused it commits. The event is buffered and takes its position just before COMMIT
 * (`OUTBOX_FLUSH`, after the audit rows): positions follow commit order and the outbox's chain lock is
 * held for the flush and the commit only (ADR 0016, "write path"). A query inside the transaction does
 * not see the event yet.
 */
export async function emitEvent<T extends EventType>(
  trx: Transaction<Database>,
  dialect: DialectName,
  type: T,
  payload: DomainEvents[T],
  occurredAt: Date,
): Promise<string> {
  const id = newId();
  const pending = await preCommitState(trx, OUTBOX_FLUSH);
  pending.dialect = dialect;
  pending.events.push({ id, type, payload: JSON.stringify(payload), occurredAt: occurredAt.toISOString() });
  return id;
}

interface PendingEvents {
  dialect: DialectName;
  events: Omit<OutboxRow, 'position'>[];
}

/** Takes the outbox lock and the last position, numbers the events on from it, one multi-row insert. */
const OUTBOX_FLUSH: PreCommitStep<PendingEvents> = {
  name: 'outbox',
  order: 30,
  create: () => ({ dialect: 'sqlite', events: [] }),
  async flush(trx, { dialect, events }) {
    if (events.length === 0) return;
    const [head] = await lockChainAndRead(trx, dialect, 'outbox', outboxHead.compiled(trx, {}));
    let position = head?.position ?? 0;
    const rows: OutboxRow[] = events.map((e) => ({
      id: e.id,
      position: ++position,
      type: e.type,
      payload: e.payload,
      occurredAt: e.occurredAt,
    }));
    for (let i = 0; i < rows.length; i += 200) await insertRows(trx, 'outboxEvents', rows.slice(i, i + 200));
  },
};
