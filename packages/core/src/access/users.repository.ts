import { sql, type Kysely, type Transaction } from 'kysely';
import { toCount } from '../db/dialect';
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

export interface UserFilter {
  divisionPrefix: string;
  role?: string;
  /** Contained in the username or the display name. */
  text?: string;
}

/** One page of users under a division, by username, with the total the filter selects. */
export async function listUserRows(
  db: Executor,
  f: UserFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  let query = db.selectFrom('users').where('divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.role) query = query.where('role', '=', f.role);
  if (f.text) {
    const like = `%${f.text}%`;
    query = query.where((eb) => eb.or([eb('username', 'like', like), eb('displayName', 'like', like)]));
  }
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('username').limit(page.limit).offset(page.offset).execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toCount(total.n) };
}

export async function setLastLogin(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('users').set({ lastLoginAt: at }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------- sessions

export async function insertSession(
  db: Executor,
  row: { id: string; userId: string; createdAt: string; expiresAt: string; address: string | null },
): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('userId', '=', userId).execute();
}

/** The session lookup of every uncached authenticated request: the user and the session's expiry. */
export function sessionUserQuery(db: Executor, sessionId: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .selectAll('u')
    .select('s.expiresAt')
    .where('s.id', '=', sessionId);
}

export function findSessionUser(db: Executor, sessionId: string) {
  return sessionUserQuery(db, sessionId).executeTakeFirst();
}
