import type { Kysely, Transaction } from 'kysely';
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
