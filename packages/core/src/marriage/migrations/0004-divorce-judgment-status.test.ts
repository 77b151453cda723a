import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/each-database';
import { marriageLine } from '../line';
import type { Db } from '../../db/create-db';
import * as m0004 from './0004-divorce-judgment-status';

async function divorceIndexes(db: Db): Promise<string[]> {
  const q =
    db.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name = 'divorce_applications' and sql is not null`
      : sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'divorce_applications' and schemaname = current_schema()
            and indexname <> 'divorce_applications_pkey'`;
  return (await q.execute(db.kysely)).rows.map((r) => r.name).sort();
}

async function statusCheck(db: Db): Promise<string> {
  const q =
    db.dialect === 'sqlite'
      ? sql<{ def: string }>`select sql as def from sqlite_master where name = 'divorce_applications'`
      : sql<{ def: string }>`select pg_get_constraintdef(c.oid) as def from pg_constraint c
          join pg_namespace n on n.oid = c.connamespace
          where c.conname = 'divorce_applications_status_check' and n.nspname = current_schema()`;
  return (await q.execute(db.kysely)).rows[0]?.def ?? '';
}

describeEachDatabase(
  'migration 0004 (divorce status terminated_by_judgment)',
  (t) => {
    it('widens the status CHECK and keeps every index, also after down and up again', async () => {
      const indexes = await divorceIndexes(t.db);
      expect(indexes).toEqual(
        expect.arrayContaining(['divorce_applications_open_uq', 'divorce_applications_due_idx']),
      );
      expect(await statusCheck(t.db)).toContain('terminated_by_judgment');

      await m0004.down(t.db.kysely as never);
      expect(await statusCheck(t.db)).not.toContain('terminated_by_judgment');
      expect(await statusCheck(t.db)).toContain('terminated_by_death');
      await m0004.up(t.db.kysely as never);
      expect(await statusCheck(t.db)).toContain('terminated_by_judgment');
      expect(await divorceIndexes(t.db)).toEqual(indexes);
    });
  },
  { lines: [marriageLine] },
);
