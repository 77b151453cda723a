import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

export interface ThrottleState {
  failures: number;
  firstFailureAt: string;
  lockedUntil: string | null;
}

export function throttleRows(db: Executor, keys: string[]) {
  return db.selectFrom('loginThrottle').selectAll().where('key', 'in', keys).execute();
}

export function findThrottleRow(db: Executor, key: string) {
  return db.selectFrom('loginThrottle').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function updateThrottleRow(db: Executor, key: string, state: ThrottleState): Promise<void> {
  await db.updateTable('loginThrottle').set(state).where('key', '=', key).execute();
}

/** Inserts a key's first failure (or, if a concurrent login inserted it meanwhile, overwrites it). */
export async function insertThrottleRow(db: Executor, key: string, state: ThrottleState): Promise<void> {
  await db
    .insertInto('loginThrottle')
    .values({ key, ...state })
    .onConflict((oc) => oc.column('key').doUpdateSet(state))
    .execute();
}

export async function deleteThrottleRow(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('loginThrottle').where('key', '=', key).execute();
}

/**
 * Claims the next attempt of a slowed-down key: moves `lockedUntil` to `until` only if it is not in the
 * future (`now` or earlier, or unset). True when this caller got the slot; one winner among parallel
 * attempts on both databases (a conditional single-row update).
 */
export async function claimThrottleSlot(
  db: Executor,
  key: string,
  now: string,
  until: string,
): Promise<boolean> {
  const r = await db
    .updateTable('loginThrottle')
    .set({ lockedUntil: until })
    .where('key', '=', key)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes every key that starts with `prefix` (compared as a substring: no LIKE wildcard, no collation). */
export async function deleteThrottleRowsFrom(db: Executor, prefix: string): Promise<void> {
  await db
    .deleteFrom('loginThrottle')
    .where(sql<string>`substr(${sql.ref('key')}, 1, ${prefix.length})`, '=', prefix)
    .execute();
}
