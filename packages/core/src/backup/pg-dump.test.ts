/**
 * The PostgreSQL backup procedure of docs/operations.md, run for real: `pg_dump -Fc` of a schema with
 * data, `pg_restore` of the dump, then `audit verify` on the restored schema. Skipped without
 * DATABASE_URL or without the PostgreSQL client tools.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit.service';
import { createDb } from '../db/create-db';
import { coreContext } from '../platform';
import { openPostgresSchema } from '../testing/each-database';
import { aPerson, aUser, testContext } from '../testing/factories';

const url = process.env.DATABASE_URL;
const hasTools = ['pg_dump', 'pg_restore'].every((t) => spawnSync(t, ['--version']).status === 0);
const enabled = Boolean(url && /^postgres/.test(url) && hasTools && process.env.TEST_DATABASES !== 'sqlite');

async function sql(text: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

describe.skipIf(!enabled)('PostgreSQL backup: pg_dump -Fc / pg_restore [postgres]', () => {
  it('restores a dumped schema whose audit chain and data verify', async () => {
    const source = await openPostgresSchema(url!);
    const dir = mkdtempSync(join(tmpdir(), 'sap-pgdump-'));
    const schema = source.db.schema!;
    const moved = `${schema}_orig`;
    try {
      const ctx = testContext(source.db);
      const clerk = await aUser(ctx, { role: 'registrar', divisionCode: '430102' });
      const person = await aPerson(ctx, clerk.actor, { county: '430102' });
      const before = await verifyAuditChain(ctx);
      expect(before.ok).toBe(true);
      expect(before.checked).toBeGreaterThan(0);

      const dump = join(dir, 'platform.dump');
      const d = spawnSync('pg_dump', ['-Fc', '--no-owner', '-n', schema, '-f', dump, url!], {
        encoding: 'utf8',
      });
      expect(d.stderr).toBe('');
      expect(d.status).toBe(0);
      // Restore beside the original: move the original aside, restore the dump under the schema's name.
      await sql(`alter schema ${schema} rename to ${moved}`);
      const r = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', '-d', url!, dump], {
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);

      const restored = createDb(url!, { schema, poolSize: 2 });
      try {
        const rctx = coreContext(restored, { keys: ctx.keys });
        const after = await verifyAuditChain(rctx);
        expect(after).toMatchObject({ ok: true, checked: before.checked });
        const row = await restored.kysely
          .selectFrom('people')
          .select(['id', 'name'])
          .where('id', '=', person.id)
          .executeTakeFirst();
        expect(row).toEqual({ id: person.id, name: person.name });
        // Verify is meaningful on the restored copy: a tampered row is named.
        await sql(
          `update ${schema}.audit_log set action = 'forged' where seq = (select max(seq) from ${schema}.audit_log)`,
        );
        expect((await verifyAuditChain(rctx)).ok).toBe(false);
      } finally {
        await restored.close();
      }
    } finally {
      await source.db.close();
      await sql(`drop schema if exists ${schema} cascade`);
      await sql(`drop schema if exists ${moved} cascade`);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
