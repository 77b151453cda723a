import type SQLite from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import { toCount } from '../db/dialect';
import { insertRows, prepared } from '../db/prepared';
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
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Rows about this person (who read or changed their record). */
  subjectPersonId?: string;
  /** Instants, from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

/** One page of the audit log, newest first, with the total the filter selects. */
export async function listAuditRows(db: Executor, f: AuditFilter, page: { limit: number; offset: number }) {
  let query = db.selectFrom('auditLog');
  if (f.divisionPrefix) query = query.where('divisionCode', 'like', `${f.divisionPrefix}%`);
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
  const [items, total] = await Promise.all([
    query
      .select([
        'seq',
        'at',
        'actorUsername',
        'action',
        'targetType',
        'targetId',
        'reason',
        'divisionCode',
        'details',
        'subjectPersonId',
      ])
      .orderBy('seq', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: toCount(total.n) };
}

/** The chain row at `seq` (checkpoint verification). */
export async function auditRowAt(
  db: Executor,
  seq: number,
): Promise<Pick<AuditRow, 'seq' | 'hash'> | undefined> {
  return db.selectFrom('auditLog').select(['seq', 'hash']).where('seq', '=', seq).executeTakeFirst();
}
