/**
 * A database opened on a search_path schema (each PostgreSQL test gets a throwaway one) introspects that
 * schema only. Kysely's Migrator finds its bookkeeping tables through `introspection.getTables()`, and
 * Kysely's own PostgreSQL introspector read every schema of the database, calling
 * `has_schema_privilege(name)` on each: a schema another test file dropped meanwhile failed this file's
 * migration with `schema "t_…" does not exist` — a test failing in its setup at random whenever test
 * files ran in parallel (create-db.ts, `SchemaIntrospector`).
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';

describeEachDatabase('schema-bound introspection', (t) => {
  it('lists the tables of its own schema only, the migrator’s included on request', async () => {
    if (t.dialect !== 'postgres') return;
    const schema = t.db.schema!;
    const url = process.env.DATABASE_URL!;
    // Another test file's schema, with a table of the migrator's name: never seen, so never in the way.
    const other = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema ${other}; create table ${other}.kysely_migration (name text)`);
      const withInternal = await t.db.kysely.introspection.getTables({ withInternalKyselyTables: true });
      expect(new Set(withInternal.map((x) => x.schema))).toEqual(new Set([schema]));
      const names = withInternal.map((x) => x.name);
      expect(names).toEqual(expect.arrayContaining(['kysely_migration', 'kysely_migration_lock', 'people']));
      const people = withInternal.find((x) => x.name === 'people')!;
      expect(people.isView).toBe(false);
      expect(people.columns.find((c) => c.name === 'id')).toMatchObject({
        dataType: 'text',
        isNullable: false,
      });
      const plain = await t.db.kysely.introspection.getTables();
      expect(plain.map((x) => x.name)).not.toContain('kysely_migration');
      expect(plain).toHaveLength(withInternal.length - 2);
    } finally {
      await admin.query(`drop schema ${other} cascade`);
      await admin.end();
    }
  });
});
