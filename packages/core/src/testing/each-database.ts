/**
 * Runs a test suite once per database engine: in-memory SQLite always, and PostgreSQL when
 * DATABASE_URL is set (CI sets it). Each test gets a freshly migrated database; on PostgreSQL that is a
 * throwaway schema, so test files can run in parallel against one server.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe } from 'vitest';
import pg from 'pg';
import { createDb, type Db } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';
import type { DialectName } from '../db/dialect';
import type { AnyLine } from '../line';

/** The lines each test database was migrated with, so `testContext(db)` runs them too. */
const linesOfDb = new WeakMap<Db, readonly AnyLine[]>();

export function testLinesOf(db: Db): readonly AnyLine[] {
  return linesOfDb.get(db) ?? [];
}

export interface DatabaseTarget {
  dialect: DialectName;
  open(lines?: readonly AnyLine[]): Promise<{ db: Db; dispose(): Promise<void> }>;
}

export function databaseTargets(env: Record<string, string | undefined> = process.env): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [];
  if (env.TEST_DATABASES !== 'postgres') {
    targets.push({
      dialect: 'sqlite',
      open: async (lines = []) => {
        const db = createDb('sqlite::memory:');
        await migrateToLatest(db, lines);
        linesOfDb.set(db, lines);
        return { db, dispose: () => db.close() };
      },
    });
  }
  const url = env.DATABASE_URL;
  if (url && env.TEST_DATABASES !== 'sqlite') {
    targets.push({ dialect: 'postgres', open: (lines) => openPostgresSchema(url, lines) });
  }
  return targets;
}

export async function openPostgresSchema(
  url: string,
  lines: readonly AnyLine[] = [],
): Promise<{ db: Db; dispose(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = createDb(url, { schema, poolSize: 5 });
  await migrateToLatest(db, lines);
  linesOfDb.set(db, lines);
  return {
    db,
    dispose: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/**
 * `describeEachDatabase('people', (ctx) => { it('…', async () => { ctx.db … }) })` — the body runs once
 * per engine, with `ctx.db` a fresh database for each test, migrated for the platform and `opts.lines`
 * (a line's tests name their own line: `{ lines: [marriageLine] }`).
 */
export function describeEachDatabase(
  title: string,
  body: (ctx: { readonly db: Db; readonly dialect: DialectName }) => void,
  opts: { lines?: readonly AnyLine[] } = {},
): void {
  for (const target of databaseTargets()) {
    describe(`${title} [${target.dialect}]`, () => {
      let current: { db: Db; dispose(): Promise<void> } | undefined;
      const ctx = {
        get db(): Db {
          if (!current) throw new Error('database not open: use ctx.db inside a test');
          return current.db;
        },
        dialect: target.dialect,
      };
      beforeEach(async () => {
        current = await target.open(opts.lines ?? []);
      });
      afterEach(async () => {
        await current?.dispose();
        current = undefined;
      });
      body(ctx);
    });
  }
}
