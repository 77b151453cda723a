import type { Kysely, Transaction } from 'kysely';
import type { Database, UserRow } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

export function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Executor, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUserPassword(
  db: Executor,
  id: string,
  passwordHash: string,
  at: string,
): Promise<void> {
  await db.updateTable('users').set({ passwordHash, passwordChangedAt: at }).where('id', '=', id).execute();
}
