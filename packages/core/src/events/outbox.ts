import { newId } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { lockChain, type DialectName } from '../db/dialect';
import type { Database } from '../db/schema';

/** Domain events other lines react to. Payloads are plain JSON. */
export interface DomainEvents {
  /** A death was recorded in the people index (funeral home, hospital notice, court, clerk). */
  'person.deceased': { personId: string; deathDate: string; divisionCode: string; source: string };
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
export type EventType = keyof DomainEvents;

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
  const last = await trx
    .selectFrom('outboxEvents')
    .select('position')
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst();
  const id = newId();
  await trx
    .insertInto('outboxEvents')
    .values({
      id,
      position: (last?.position ?? 0) + 1,
      type,
      payload: JSON.stringify(payload),
      occurredAt: occurredAt.toISOString(),
    })
    .execute();
  return id;
}
