import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { toCount } from '../db/dialect';
import { prepared } from '../db/prepared';
import type { Db } from '../db/create-db';
import type SQLite from 'better-sqlite3';
import type { Database, UserRow } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

export function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What a recorder with no account behind it (the demo seed, a subscriber, a job) is shown as. */
export const SYSTEM_DISPLAY_NAME = '系统';

/**
 * The display names of many accounts at once, in one query: each key — a username (what records
 * store as their recorder, the audit trail) or a user id — maps to the account's display name, and a
 * key with no account behind it (a system actor) maps to 系统. Views show these; records keep the key.
 */
export async function displayNamesOf(
  db: Executor,
  keys: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const wanted = [...new Set([...keys].filter((k): k is string => !!k))];
  const names = new Map<string, string>();
  if (wanted.length === 0) return names;
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'displayName'])
    .where((eb) => eb.or([eb('username', 'in', wanted), eb('id', 'in', wanted)]))
    .execute();
  const byKey = new Map<string, string>();
  for (const r of rows) {
    byKey.set(r.username, r.displayName);
    byKey.set(r.id, r.displayName);
  }
  for (const k of wanted) names.set(k, byKey.get(k) ?? SYSTEM_DISPLAY_NAME);
  return names;
}

/** The display name of `key` in a map from `displayNamesOf` (系统 when the key has none). */
export function displayNameIn(names: ReadonlyMap<string, string>, key: string | null | undefined): string {
  return (key ? names.get(key) : undefined) ?? SYSTEM_DISPLAY_NAME;
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
  /** Inside the caller's scope: this division and below (code prefix). */
  divisionWithin?: string;
  status?: 'active' | 'disabled';
  role?: string;
  /** Contained in the username or the display name. */
  text?: string;
  /** A column the administrator sorted by; none: username. Ties end on the (unique) username. */
  sort?: { field: UserSortField; desc: boolean } | undefined;
}

export type UserSortField = 'username' | 'role' | 'divisionCode' | 'status' | 'lastLoginAt';

/** One page of users under a division, by username unless sorted otherwise, with the total the filter selects. */
export async function listUserRows(
  db: Executor,
  f: UserFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  let query = db.selectFrom('users').where('divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.divisionWithin) query = query.where('divisionCode', 'like', `${f.divisionWithin}%`);
  if (f.status) query = query.where('status', '=', f.status);
  if (f.role) query = query.where('role', '=', f.role);
  if (f.text) {
    const like = `%${f.text}%`;
    query = query.where((eb) => eb.or([eb('username', 'like', like), eb('displayName', 'like', like)]));
  }
  const [rows, total] = await Promise.all([
    orderedUsers(query.selectAll(), f.sort).limit(page.limit).offset(page.offset).execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toCount(total.n) };
}

/** The sorted column (accounts never signed in last, in both directions), then the username. */
function orderedUsers<O>(query: SelectQueryBuilder<Database, 'users', O>, sort: UserFilter['sort']) {
  if (!sort) return query.orderBy('username');
  const dir = sort.desc ? 'desc' : 'asc';
  switch (sort.field) {
    case 'username':
      return query.orderBy('username', dir);
    case 'lastLoginAt':
      return query
        .orderBy(sql`case when last_login_at is null then 1 else 0 end`)
        .orderBy('lastLoginAt', dir)
        .orderBy('username');
    default:
      return query.orderBy(sort.field, dir).orderBy('username');
  }
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

/** Ends every session of a user but one (the one changing its own password). */
export async function deleteOtherSessionsOfUser(db: Executor, userId: string, keepId: string): Promise<void> {
  await db.deleteFrom('sessions').where('userId', '=', userId).where('id', '<>', keepId).execute();
}

/**
 * The per-request re-check of a cached session: is its row still there, and its user's status and
 * password change time. Built once (prepared); on SQLite outside a transaction it runs synchronously
 * on the connection's own statement (`.inline`), a few microseconds.
 */
export const sessionState = prepared<
  { id: string },
  { status: 'active' | 'disabled'; passwordChangedAt: string }
>((db, p) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select(['u.status', 'u.passwordChangedAt'])
    .where('s.id', '=', p('id')),
);

/**
 * `sessionState` for several sessions in one query: the PostgreSQL re-check of concurrent requests,
 * grouped (access/session-checks.ts). The id list is padded to a power of two, so few shapes exist.
 */
export const sessionStates = prepared<
  { ids: string[] },
  { id: string; status: 'active' | 'disabled'; passwordChangedAt: string }
>((db, p) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select(['s.id', 'u.status', 'u.passwordChangedAt'])
    .where('s.id', 'in', p('ids')),
);

type SessionStateTuple = [status: string, passwordChangedAt: string];
const nativeSessionState = new WeakMap<SQLite.Database, SQLite.Statement<[string], SessionStateTuple>>();

/**
 * `sessionState` on SQLite, synchronously, when no transaction is open on the connection: the same
 * Kysely-built SQL on a raw-row better-sqlite3 statement kept per connection (≈2 µs less than the
 * generic prepared path on this every-request check). `null` when it cannot run now (PostgreSQL, an
 * open transaction): use `sessionState`.
 */
export function sessionStateNow(
  db: Db,
  id: string,
): { status: string; passwordChangedAt: string } | undefined | null {
  const sqlite = db.sqlite;
  if (!sqlite || sqlite.inTransaction) return null;
  let statement = nativeSessionState.get(sqlite);
  if (!statement) {
    const text = sessionState.compiled(db.kysely, { id }).sql;
    statement = sqlite.prepare<[string], SessionStateTuple>(text).raw(true);
    nativeSessionState.set(sqlite, statement);
  }
  const row = statement.get(id);
  return row ? { status: row[0], passwordChangedAt: row[1] } : undefined;
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

// ------------------------------------------------------------------------------- administration

/** Sets a user's role and scope (division, institution). */
export async function updateUserAccessRow(
  db: Executor,
  id: string,
  access: { role: string; divisionCode: string; institutionId: string | null },
): Promise<void> {
  await db.updateTable('users').set(access).where('id', '=', id).execute();
}

/** Disables or re-enables an account. */
export async function updateUserStatus(
  db: Executor,
  id: string,
  status: 'active' | 'disabled',
): Promise<void> {
  await db.updateTable('users').set({ status }).where('id', '=', id).execute();
}

/**
 * Sign-in throttle rows of these accounts that hold a lock or delay now: the accounts' own keys and
 * every `pair:<username>|<address>` key (filtered to the usernames by the caller).
 */
export function activeThrottleRows(db: Executor, usernames: readonly string[], now: string) {
  if (!usernames.length) return Promise.resolve([]);
  return db
    .selectFrom('loginThrottle')
    .select(['key', 'failures', 'lockedUntil'])
    .where('lockedUntil', '>', now)
    .where((eb) =>
      eb.or([
        eb(
          'key',
          'in',
          usernames.map((u) => `account:${u.toLowerCase()}`),
        ),
        eb(sql<string>`substr(${sql.ref('key')}, 1, 5)`, '=', 'pair:'),
      ]),
    )
    .execute();
}
