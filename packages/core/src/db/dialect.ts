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
  const key = chain === 'audit' ? 7_301_001 : 7_301_002;
  await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}
