import type SQLite from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type pg from 'pg';
import { CHAIN_LOCK_KEYS, toCount } from '../db/dialect';
import { insertRows, insertRowsCompiled, prepared } from '../db/prepared';
import type { AuditRow, Database } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

export async function lastAuditRow(
  db: Executor,
): Promise<Pick<AuditRow, 'seq' | 'hash' | 'keyId'> | undefined> {
  return (await chainHead(db, {}))[0];
}
// `limit 1` as a literal: SQLite reads the last rowid directly, a bound limit costs several times more.
export const chainHead = prepared<Record<string, never>, Pick<AuditRow, 'seq' | 'hash' | 'keyId'>>((db) =>
  db.selectFrom('auditLog').select(['seq', 'hash', 'keyId']).orderBy('seq', 'desc').limit(sql.lit(1)),
);

const AUDIT_COLUMNS =
  'seq, at, actor_id, actor_username, action, target_type, target_id, division_code, reason, details, subject_person_id, key_id, prev_hash, hash';
/** The SQLite batch path's insert (native better-sqlite3 statement, see appendAuditRowsSqlite). */
export const INSERT_AUDIT_ROW = `insert into audit_log (${AUDIT_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The SQLite batch path's read of the chain head (native statement). */
export const SQLITE_CHAIN_HEAD = 'select seq, hash, key_id as keyId from audit_log order by seq desc limit 1';

/** The parameters of INSERT_AUDIT_ROW, in AUDIT_COLUMNS order. */
function auditRowParams(r: AuditRow): unknown[] {
  return [
    r.seq,
    r.at,
    r.actorId,
    r.actorUsername,
    r.action,
    r.targetType,
    r.targetId,
    r.divisionCode,
    r.reason,
    r.details,
    r.subjectPersonId,
    r.keyId,
    r.prevHash,
    r.hash,
  ];
}

type Build = (last: Pick<AuditRow, 'seq' | 'hash' | 'keyId'> | undefined) => AuditRow[];
/** Per connection: the append as one better-sqlite3 transaction function, made once. */
const nativeAppends = new WeakMap<SQLite.Database, SQLite.Transaction<(build: Build) => void>>();

/**
 * SQLite fast path for a group of audit rows: reads the chain head, lets `build` chain the rows onto
 * it and inserts them, all in one synchronous IMMEDIATE transaction on prepared statements (no await
 * between the read and the insert, so nothing can slip into the chain). The caller must hold Kysely's
 * connection lock (see `Db.sqlite`).
 */
export function appendAuditRowsSqlite(database: SQLite.Database, build: Build): void {
  let append = nativeAppends.get(database);
  if (!append) {
    const last = database.prepare<[], { seq: number; hash: string; keyId: string | null }>(SQLITE_CHAIN_HEAD);
    const insert = database.prepare<unknown[]>(INSERT_AUDIT_ROW);
    append = database.transaction((b: Build) => {
      for (const r of b(last.get())) insert.run(auditRowParams(r));
    });
    nativeAppends.set(database, append);
  }
  append.immediate(build);
}

/**
 * PostgreSQL path of a group of audit rows, on the audit writer's own connection (`Db.auditConnection`):
 * one round trip begins the transaction, takes the chain's advisory lock and reads the head (three
 * statements in one simple query: under READ COMMITTED the head read takes its snapshot after the lock
 * is held, so it sees the real head), then the rows are inserted (`insertRowsCompiled`, at most 200 a
 * statement) and the transaction commits, sent together — two round trips for a batch instead of five
 * (the writer's connection pipelines, create-db.ts). The commit is
 * synchronous (`synchronous_commit` as the server has it, on by default): callers are answered after it.
 */
export async function appendAuditRowsPostgres(
  client: pg.PoolClient,
  kysely: Kysely<Database>,
  build: Build,
): Promise<void> {
  const head = chainHead.compiled(kysely, {}).sql;
  try {
    const results = (await client.query(
      `begin; select pg_advisory_xact_lock(${CHAIN_LOCK_KEYS.audit}); ${head}`,
    )) as unknown as pg.QueryResult<{ seq: number; hash: string; key_id: string | null }>[];
    const last = results[2]?.rows[0];
    const rows = build(last ? { seq: last.seq, hash: last.hash, keyId: last.key_id } : undefined);
    // The inserts and the commit are sent together: on the writer's pipelining connection one round
    // trip. An insert that fails aborts the transaction, its COMMIT then only rolls back, and the
    // insert's own error fails the batch.
    // Corked: the inserts and the COMMIT leave in one write (ADR 0036).
    const sent: Promise<unknown>[] = [];
    const stream = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } })
      .connection.stream;
    stream.cork();
    try {
      for (let i = 0; i < rows.length; i += 200) {
        const q = insertRowsCompiled(kysely, 'auditLog', rows.slice(i, i + 200));
        if (q) sent.push(client.query(q.sql, [...q.parameters]));
      }
      sent.push(client.query('commit'));
    } finally {
      stream.uncork();
    }
    await Promise.all(sent);
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

export async function insertAuditRow(db: Executor, r: AuditRow): Promise<void> {
  await insertRows(db, 'auditLog', [r]);
}

/** Rows in chain order, `batch` at a time, so verification of millions of rows runs in bounded memory. */
export async function* auditRowsInOrder(db: Executor, batch = 5_000): AsyncGenerator<AuditRow> {
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const r of rows) yield r;
    const last = rows.at(-1);
    if (!last || rows.length < batch) return;
    after = last.seq;
  }
}

/** The insert of a group of chained audit rows (the PostgreSQL path of the audit batch). */
export function auditRowsInsert(db: Executor, rows: AuditRow[]) {
  return db.insertInto('auditLog').values(rows);
}

/** Inserts chained rows in statements of at most 200 rows. */
export async function insertAuditRows(db: Executor, rows: AuditRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await auditRowsInsert(db, rows.slice(i, i + 200)).execute();
  }
}

export interface AuditFilter {
  /** Code prefix of the reader's scope; empty: everything. */
  divisionPrefix: string;
  /** Also rows kept without a division (platform-wide acts): province-level readers. */
  withoutDivision?: boolean;
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Rows about this person (who read or changed their record). */
  subjectPersonId?: string;
  /** Instants, from inclusive, to exclusive. */
  from?: string;
  to?: string;
  /** Rows up to this chain position only (an export's snapshot). */
  upToSeq?: number;
}

function filteredAuditRows(db: Executor, f: AuditFilter) {
  let query = db.selectFrom('auditLog');
  if (f.divisionPrefix) {
    const like = `${f.divisionPrefix}%`;
    query = f.withoutDivision
      ? query.where((eb) => eb.or([eb('divisionCode', 'like', like), eb('divisionCode', 'is', null)]))
      : query.where('divisionCode', 'like', like);
  }
  if (f.actor) query = query.where('actorUsername', '=', f.actor);
  if (f.action) query = query.where('action', '=', f.action);
  if (f.targetType) query = query.where('targetType', '=', f.targetType);
  if (f.targetId) query = query.where('targetId', '=', f.targetId);
  if (f.subjectPersonId) {
    // Rows targeting the person are found through the target index, the others through the partial
    // subject index (migration 0011): each side of the `or` matches one index's definition.
    const id = f.subjectPersonId;
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('targetType', '=', 'person'), eb('targetId', '=', id)]),
        eb.and([
          eb('targetType', '<>', 'person'),
          eb('subjectPersonId', 'is not', null),
          eb('subjectPersonId', '=', id),
        ]),
      ]),
    );
  }
  if (f.from) query = query.where('at', '>=', f.from);
  if (f.to) query = query.where('at', '<', f.to);
  if (f.upToSeq !== undefined) query = query.where('seq', '<=', f.upToSeq);
  return query;
}

const LISTED_COLUMNS = [
  'seq',
  'at',
  'actorId',
  'actorUsername',
  'action',
  'targetType',
  'targetId',
  'reason',
  'divisionCode',
  'details',
  'subjectPersonId',
] as const;

export type ListedAuditRow = Pick<AuditRow, (typeof LISTED_COLUMNS)[number]>;

/** One page of the audit log, newest first (or oldest first), with the total the filter selects. */
export async function listAuditRows(
  db: Executor,
  f: AuditFilter,
  page: { limit: number; offset: number; oldestFirst?: boolean },
): Promise<{ items: ListedAuditRow[]; total: number }> {
  const query = filteredAuditRows(db, f);
  const [items, total] = await Promise.all([
    query
      .select(LISTED_COLUMNS)
      .orderBy('seq', page.oldestFirst ? 'asc' : 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: toCount(total.n) };
}

/** How many rows the filter selects. */
export async function countAuditRows(db: Executor, f: AuditFilter): Promise<number> {
  const r = await filteredAuditRows(db, f)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return toCount(r.n);
}

/** Every row the filter selects, newest first, `batch` at a time (keyset on seq): the Excel export. */
export async function* filteredAuditRowsNewestFirst(
  db: Executor,
  f: AuditFilter,
  limit: number,
  batch = 1_000,
): AsyncGenerator<ListedAuditRow[]> {
  let before: number | null = null;
  let left = limit;
  while (left > 0) {
    let query = filteredAuditRows(db, f);
    if (before !== null) query = query.where('seq', '<', before);
    const rows = await query
      .select(LISTED_COLUMNS)
      .orderBy('seq', 'desc')
      .limit(Math.min(batch, left))
      .execute();
    if (rows.length) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < Math.min(batch, left)) return;
    left -= rows.length;
    before = last.seq;
  }
}

/** Names of people by id (the audit page masks them before showing). */
export function personNamesByIds(db: Executor, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Display names of accounts by username or id (actors and user targets of audit rows). */
export function accountNames(db: Executor, q: { usernames: readonly string[]; ids: readonly string[] }) {
  if (!q.usernames.length && !q.ids.length) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'username', 'displayName'])
    .where((eb) =>
      eb.or([
        ...(q.usernames.length ? [eb('username', 'in', [...q.usernames])] : []),
        ...(q.ids.length ? [eb('id', 'in', [...q.ids])] : []),
      ]),
    )
    .execute();
}

/** Names of institutions by id. */
export function institutionNamesByIds(db: Executor, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('institutions')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Titles of approval instances by id. */
export function approvalTitlesByIds(db: Executor, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('approvalInstances')
    .select(['id', 'title'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Accounts in the scope whose username or name contains `text` (the audit page's actor picker). */
export function auditActorsIn(db: Executor, divisionPrefix: string, text: string | undefined, limit: number) {
  let query = db
    .selectFrom('users')
    .select(['username', 'displayName'])
    .where('divisionCode', 'like', `${divisionPrefix}%`);
  if (text) {
    const like = `%${text}%`;
    query = query.where((eb) => eb.or([eb('username', 'like', like), eb('displayName', 'like', like)]));
  }
  return query.orderBy('username').limit(limit).execute();
}

/** The chain row at `seq` (checkpoint verification). */
export async function auditRowAt(
  db: Executor,
  seq: number,
): Promise<Pick<AuditRow, 'seq' | 'hash'> | undefined> {
  return db.selectFrom('auditLog').select(['seq', 'hash']).where('seq', '=', seq).executeTakeFirst();
}
