/**
 * A test database copied from a migrated template (SQLite) or taken from the run's pool of reset
 * schemas (PostgreSQL) equals a freshly migrated one: same catalog (tables, columns, types, defaults,
 * constraints, indexes, triggers, functions, sequences) and the same rows (migration bookkeeping, seeded
 * reference rows) — for the platform alone and for every line, after an earlier test wrote to it
 * (ADR 0037).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/create-db';
import { disabilityLine } from '../disability/line';
import { funeralLine } from '../funeral/line';
import type { AnyLine } from '../line';
import { marriageLine } from '../marriage/line';
import { matchingLine } from '../matching/line';
import { rescueLine } from '../rescue/line';
import { databaseTargets, openPostgresSchema } from './each-database';
import { aPerson, aUser, testContext } from './factories';
import { CATALOG_SQL, dropParkedSchemas, openPooledPostgresSchema } from './template-db';

const allLines: readonly AnyLine[] = [marriageLine, matchingLine, rescueLine, funeralLine, disabilityLine];
const lineSets: [string, readonly AnyLine[]][] = [
  ['platform', []],
  ['every line', allLines],
];

/** Writes to many tables, as a test does: users, people, and every line's demo data. */
async function dirty(db: Db) {
  const ctx = testContext(db);
  const { actor } = await aUser(ctx);
  for (let i = 0; i < 3; i++) await aPerson(ctx, actor);
  for (const line of ctx.lines) await line.seedDemo?.(ctx);
}

/** Every table's rows, in a stable order; the migrations' run times left out (they differ run to run). */
async function rows(db: Db, tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const r = await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(db.kysely);
    out[t] = r.rows
      .map((row) => {
        const { timestamp: _ignored, ...rest } = row;
        return JSON.stringify(t === 'kysely_migration' ? rest : row);
      })
      .sort();
  }
  return out;
}

async function sqliteSnapshot(db: Db) {
  const master = (
    await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
      select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(db.kysely)
  ).rows;
  const pragmas: Record<string, unknown> = {};
  for (const p of [
    'foreign_keys',
    'journal_mode',
    'synchronous',
    'busy_timeout',
    'cache_size',
    'user_version',
    'application_id',
    'encoding',
    'page_size',
    'auto_vacuum',
    'recursive_triggers',
  ])
    pragmas[p] = db.sqlite!.pragma(p, { simple: true });
  const tables = master.filter((m) => m.type === 'table' && !m.name.startsWith('sqlite_')).map((m) => m.name);
  let sequences: unknown[] = [];
  if (master.some((m) => m.name === 'sqlite_sequence'))
    sequences = (await sql`select * from sqlite_sequence order by name`.execute(db.kysely)).rows;
  return { master, pragmas, sequences, rows: await rows(db, tables) };
}

describe('test databases from a migrated template [sqlite]', () => {
  const [sqlite] = databaseTargets({ TEST_DATABASES: 'sqlite' });
  for (const [title, lines] of lineSets) {
    it(`a copy equals a freshly migrated database: ${title}`, { timeout: 180_000 }, async () => {
      const fresh = await sqlite!.open(lines, { fresh: true });
      const used = await sqlite!.open(lines);
      const copy = await sqlite!.open(lines);
      try {
        await dirty(used.db); // a copy is a copy: what another test wrote is not in the next one
        const expected = await sqliteSnapshot(fresh.db);
        expect(expected.master.length).toBeGreaterThan(lines.length > 0 ? 100 : 20);
        expect(expected.rows.kysely_migration!.length).toBeGreaterThan(lines.length > 0 ? 30 : 10);
        expect(await sqliteSnapshot(copy.db)).toEqual(expected);
      } finally {
        await Promise.all([fresh.dispose(), used.dispose(), copy.dispose()]);
      }
    });
  }
});

const url = process.env.DATABASE_URL;
const onPostgres = !!url && /^postgres(ql)?:\/\//.test(url) && process.env.TEST_DATABASES !== 'sqlite';

/** pg_dump's text of a schema, its name taken out, when pg_dump is installed (an independent check). */
function pgDump(schema: string): string | undefined {
  try {
    const out = execFileSync(
      'pg_dump',
      ['--dbname', url!, '--schema', schema, '--schema-only', '--no-owner', '--no-privileges'],
      { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return out
      .split('\n')
      .filter((l) => !l.startsWith('\\') && !l.startsWith('--'))
      .join('\n')
      .replaceAll(schema, 'S');
  } catch {
    return undefined;
  }
}

async function postgresSnapshot(db: Db) {
  const catalog = (await sql<{ catalog: string }>`${sql.raw(CATALOG_SQL)}`.execute(db.kysely)).rows[0]!
    .catalog;
  const tables = (
    await sql<{ name: string }>`select c.relname as name from pg_class c
      where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
        and c.relkind in ('r', 'p') order by 1`.execute(db.kysely)
  ).rows.map((r) => r.name);
  const sequences: Record<string, unknown> = {};
  const seqNames = (
    await sql<{ name: string }>`select c.relname as name from pg_class c
      where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
        and c.relkind = 'S' order by 1`.execute(db.kysely)
  ).rows.map((r) => r.name);
  for (const s of seqNames)
    sequences[s] = (await sql`select last_value, is_called from ${sql.table(s)}`.execute(db.kysely)).rows;
  return { catalog, sequences, rows: await rows(db, tables), dump: pgDump(db.schema!) };
}

describe.runIf(onPostgres)('test databases from a migrated template [postgres]', () => {
  for (const [title, lines] of lineSets) {
    // Two migrations and every line's demo data: slow on a loaded machine.
    it(
      `a schema reset after a test equals a freshly migrated one: ${title}`,
      { timeout: 180_000 },
      async () => {
        const run = `eq${randomBytes(3).toString('hex')}`; // a pool of this test's own
        try {
          const first = await openPooledPostgresSchema(url!, lines, run);
          expect(first.how).toBe('migrated');
          await dirty(first.db);
          await first.dispose();
          const again = await openPooledPostgresSchema(url!, lines, run);
          const fresh = await openPostgresSchema(url!, lines);
          try {
            expect(again.how).toBe('pool');
            const expected = await postgresSnapshot(fresh.db);
            expect(expected.catalog.split('\n').length).toBeGreaterThan(lines.length > 0 ? 1000 : 100);
            expect(expected.rows.kysely_migration!.length).toBeGreaterThan(lines.length > 0 ? 30 : 10);
            expect(await postgresSnapshot(again.db)).toEqual(expected);
          } finally {
            await Promise.all([again.dispose(), fresh.dispose()]);
          }
        } finally {
          await dropParkedSchemas(url!, run);
        }
      },
    );
  }

  it('a schema whose catalog a test changed is dropped, not reused', async () => {
    const run = `eq${randomBytes(3).toString('hex')}`;
    try {
      const first = await openPooledPostgresSchema(url!, [], run);
      await sql`create table extra (x int)`.execute(first.db.kysely);
      const schema = first.db.schema!;
      await first.dispose();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const left = await c.query(
          `select n.nspname from pg_namespace n where n.nspname = $1 or (starts_with(n.nspname, $2)
             and exists (select 1 from pg_class c where c.relnamespace = n.oid and c.relname = 'extra'))`,
          [schema, `tp_${run}_`],
        );
        expect(left.rows).toEqual([]);
      } finally {
        await c.end();
      }
      const next = await openPooledPostgresSchema(url!, [], run);
      expect(next.how).toBe('migrated');
      await next.dispose();
    } finally {
      await dropParkedSchemas(url!, run);
    }
  });
});
