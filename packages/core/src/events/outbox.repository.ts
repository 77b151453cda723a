import { sql, type Kysely, type Transaction } from 'kysely';
import { prepared } from '../db/prepared';
import type { Database } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

export interface OutboxRow {
  id: string;
  position: number;
  type: string;
  /** JSON. */
  payload: string;
  occurredAt: string;
}

/** The position of the newest event (read under the outbox chain lock). */
export async function lastOutboxPosition(db: Executor): Promise<number | undefined> {
  return (await outboxHead(db, {}))[0]?.position;
}

/**
 * The newest event's position. `limit 1` as a literal: the pre-commit flush sends this query in one
 * simple query with the chain lock (no parameters there, pre-commit.ts `lockChainAndRead`).
 */
export function outboxHeadQuery(db: Executor) {
  return db.selectFrom('outboxEvents').select('position').orderBy('position', 'desc').limit(sql.lit(1));
}
export const outboxHead = prepared<Record<string, never>, { position: number }>((db) => outboxHeadQuery(db));

/** The outbox insert of `emitEvent`. */
export function outboxInsert(db: Executor, row: OutboxRow) {
  return db.insertInto('outboxEvents').values(row);
}

export async function insertOutboxEvent(db: Executor, row: OutboxRow): Promise<void> {
  await outboxInsert(db, row).execute();
}

/** Up to 100 events of `type` not yet delivered to `subscriber`, in outbox order. */
export function undeliveredEvents(db: Executor, type: string, subscriber: string): Promise<OutboxRow[]> {
  return db
    .selectFrom('outboxEvents as e')
    .leftJoin('eventDeliveries as d', (j) =>
      j.onRef('d.eventId', '=', 'e.id').on('d.subscriber', '=', subscriber),
    )
    .where('e.type', '=', type)
    .where('d.eventId', 'is', null)
    .select(['e.id', 'e.position', 'e.type', 'e.payload', 'e.occurredAt'])
    .orderBy('e.position')
    .limit(100)
    .execute();
}

/** Records that `subscriber` handled an event (in the handler's own transaction). */
export async function insertDelivery(
  db: Executor,
  row: { eventId: string; subscriber: string; deliveredAt: string },
): Promise<void> {
  await db.insertInto('eventDeliveries').values(row).execute();
}
