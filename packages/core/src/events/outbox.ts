import { newId } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { lockChain, type DialectName } from '../db/dialect';
import type { Database } from '../db/schema';
import { insertOutboxEvent, lastOutboxPosition } from './outbox.repository';

/**
 * Domain events other lines react to. Payloads are plain JSON. The platform's are here; a line declares
 * its own by augmenting this interface (see matching/matching.table.ts).
 */
export interface DomainEvents {
  /** A death was recorded in the people index (funeral home, hospital notice, court, clerk). */
  'person.deceased': { personId: string; deathDate: string; divisionCode: string; source: string };
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
 * change that caused it commits.
 */
export async function emitEvent<T extends EventType>(
  trx: Transaction<Database>,
  dialect: DialectName,
  type: T,
  payload: DomainEvents[T],
  occurredAt: Date,
): Promise<string> {
  await lockChain(dialect, trx, 'outbox');
  const last = await lastOutboxPosition(trx);
  const id = newId();
  await insertOutboxEvent(trx, {
    id,
    position: (last ?? 0) + 1,
    type,
    payload: JSON.stringify(payload),
    occurredAt: occurredAt.toISOString(),
  });
  return id;
}
