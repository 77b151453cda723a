/**
 * Everything that differs between SQLite and PostgreSQL lives here, so services and migrations never
 * sniff the dialect themselves (architecture.md, "Data").
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';

/** `count(*)` comes back as a number on SQLite and as a string (int8) on PostgreSQL. */
export function toCount(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/** Case-insensitive LIKE: SQLite's LIKE already is (ASCII); PostgreSQL needs ILIKE. */
export function ilike(dialect: DialectName, column: string, pattern: string): RawBuilder<boolean> {
  return dialect === 'postgres'
    ? sql<boolean>`${sql.ref(column)} ilike ${pattern}`
    : sql<boolean>`${sql.ref(column)} like ${pattern}`;
}

/** Escapes `%`, `_` and `\` so user text matches literally inside a LIKE pattern (with ESCAPE '\'). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Serialises appends to a hash chain (audit log, outbox positions) for the rest of the transaction.
 * SQLite runs one writer at a time already; PostgreSQL takes a transaction-scoped advisory lock.
 */
export async function lockChain(
  dialect: DialectName,
  trx: Transaction<Database> | Kysely<Database>,
  chain: 'audit' | 'outbox',
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEYS[chain]})`.execute(trx);
}

/** The PostgreSQL advisory lock key of each chain (`lockChain`). */
export const CHAIN_LOCK_KEYS = { audit: 7_301_001, outbox: 7_301_002 } as const;

/**
 * Whether a write failed on a UNIQUE constraint or unique index: PostgreSQL SQLSTATE 23505,
 * better-sqlite3 `SQLITE_CONSTRAINT_UNIQUE` / `SQLITE_CONSTRAINT_PRIMARYKEY`. Services turn it into a
 * conflict when a race was lost to a concurrent transaction.
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  const unique =
    e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  if (!unique || constraint === undefined) return unique;
  // PostgreSQL names the index; SQLite names the columns ("UNIQUE constraint failed: marriages.husband_id").
  return e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(constraint));
}

/**
 * The unique key a unique violation hit, as a dialect-neutral `table.column` list (`people.resident_id`,
 * `institutions.division_code,institutions.name`), or the PostgreSQL constraint name when its table
 * and columns are not in the error; null for any other error. Never reads the error's `detail`, which
 * holds the duplicated value.
 */
export function uniqueViolationKey(err: unknown): string | null {
  if (!isUniqueViolation(err)) return null;
  const e = err as { constraint?: unknown; message?: unknown };
  if (typeof e.constraint === 'string') return e.constraint;
  const m = typeof e.message === 'string' ? /constraint failed: (.+)$/.exec(e.message) : null;
  return m?.[1] ? m[1].replace(/\s+/g, '') : null;
}

/**
 * Whether the database refused a character of a text value: PostgreSQL 22021 (NUL, invalid UTF-8) or
 * 22P05 (untranslatable). SQLite stores anything; the API refuses such text before it gets here (ADR 0013),
 * this is the backstop.
 */
export function isTextEncodingViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === '22021' || code === '22P05';
}

/**
 * Refreshes the query planner's statistics after a bulk load (seeding, a benchmark's data set).
 * PostgreSQL: `ANALYZE`. SQLite: `ANALYZE`, then its STAT4 samples dropped, keeping `sqlite_stat1`. The
 * SQLite built into better-sqlite3 is compiled with SQLITE_ENABLE_STAT4, and with samples present it
 * re-prepares a statement at every execution whose plan a bound value could change — measured on 2 M
 * marriages: an index probe 8.5 µs instead of 1.5 µs, the bigamy check 45 µs instead of 9 µs. Our
 * queries are indexed lookups whose plans `sqlite_stat1` alone decides the same way. ADR 0006.
 */
export async function refreshPlannerStatistics(dialect: DialectName, db: Kysely<Database>): Promise<void> {
  await sql`analyze`.execute(db);
  if (dialect !== 'sqlite') return;
  const stat4 = await sql<{
    n: number;
  }>`select count(*) as n from sqlite_master where name = 'sqlite_stat4'`.execute(db);
  if (toCount(stat4.rows[0]?.n) === 0) return;
  await sql`delete from sqlite_stat4`.execute(db);
  await sql`analyze sqlite_schema`.execute(db); // reloads the statistics into this connection
}
