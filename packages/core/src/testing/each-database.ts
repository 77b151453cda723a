/**
 * Runs a test suite once per database engine: in-memory SQLite always, and PostgreSQL when
 * DATABASE_URL is set (CI sets it). Each test gets a database indistinguishable from a freshly migrated
 * one: a copy of a template migrated once per process and lines-set (SQLite), or a throwaway schema from
 * the run's pool of migrated schemas, reset after each test (PostgreSQL) — template-db.ts, ADR 0037.
 * `TEST_FRESH_MIGRATIONS=1`, `{ freshMigrations: true }` and migration tests (a test file under
 * `migrations/`, or named `*migrat*` / `schema-introspection`) run the real migrations for every test.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, inject } from 'vitest';
import pg from 'pg';
import { createDb, type Db } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';
import type { DialectName } from '../db/dialect';
import type { AnyLine } from '../line';
import {
  freshMigrationsForced,
  linesKey,
  openPooledPostgresSchema,
  recordOpen,
  sqliteTemplateImage,
} from './template-db';

/** The lines each test database was migrated with, so `testContext(db)` runs them too. */
const linesOfDb = new WeakMap<Db, readonly AnyLine[]>();

export function testLinesOf(db: Db): readonly AnyLine[] {
  return linesOfDb.get(db) ?? [];
}

export interface DatabaseTarget {
  dialect: DialectName;
  /** A database migrated for the platform and `lines`; `fresh`: by running the migrations now. */
  open(lines?: readonly AnyLine[], opts?: { fresh?: boolean }): Promise<{ db: Db; dispose(): Promise<void> }>;
}

/** The vitest run's id (global-setup.ts), or undefined outside a vitest run with that setup. */
function testRun(): string | undefined {
  try {
    return inject('testDatabaseRun') || undefined;
  } catch {
    return undefined;
  }
}

/** Test files that exercise the migrations themselves: they always run them. */
export function isMigrationTestFile(path: string | undefined): boolean {
  return !!path && /[/\\]migrations[/\\]|migrat[^/\\]*\.test\.|schema-introspection\.test\./.test(path);
}

export function databaseTargets(env: Record<string, string | undefined> = process.env): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [];
  if (env.TEST_DATABASES !== 'postgres') {
    targets.push({
      dialect: 'sqlite',
      open: async (lines = [], opts = {}) => {
        const t0 = performance.now();
        const fresh = opts.fresh || freshMigrationsForced(env);
        let db: Db;
        if (fresh) {
          db = createDb('sqlite::memory:');
          await migrateToLatest(db, lines);
        } else {
          db = createDb('sqlite::memory:', { sqliteImage: await sqliteTemplateImage(lines) });
        }
        linesOfDb.set(db, lines);
        recordOpen({
          dialect: 'sqlite',
          lines: linesKey(lines),
          how: fresh ? 'migrated' : 'copy',
          ms: performance.now() - t0,
        });
        return { db, dispose: () => db.close() };
      },
    });
  }
  const url = env.DATABASE_URL;
  if (url && env.TEST_DATABASES !== 'sqlite') {
    targets.push({
      dialect: 'postgres',
      open: async (lines = [], opts = {}) => {
        const t0 = performance.now();
        const run = opts.fresh || freshMigrationsForced(env) ? undefined : testRun();
        const opened = run
          ? await openPooledPostgresSchema(url, lines, run)
          : { ...(await openPostgresSchema(url, lines)), how: 'migrated' };
        linesOfDb.set(opened.db, lines);
        recordOpen({
          dialect: 'postgres',
          lines: linesKey(lines),
          how: opened.how,
          ms: performance.now() - t0,
        });
        return opened;
      },
    });
  }
  return targets;
}

/** A new throwaway schema, migrated now (the path before ADR 0037; scripts and backup tests use it). */
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
 * (a line's tests name their own line: `{ lines: [marriageLine] }`). `freshMigrations`: run the real
 * migrations for every test (migration tests; see `isMigrationTestFile`).
 */
export function describeEachDatabase(
  title: string,
  body: (ctx: { readonly db: Db; readonly dialect: DialectName }) => void,
  opts: { lines?: readonly AnyLine[]; freshMigrations?: boolean } = {},
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
      beforeEach(async (test) => {
        const fresh = opts.freshMigrations || isMigrationTestFile(test.task.file?.filepath);
        current = await target.open(opts.lines ?? [], { fresh });
      });
      afterEach(async () => {
        await current?.dispose();
        current = undefined;
      });
      body(ctx);
    });
  }
}
