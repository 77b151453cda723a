import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { createDb } from './create-db';
import { refreshPlannerStatistics } from './dialect';
import { insertRows, prepared } from './prepared';
import type { PersonRow } from './schema';

function person(id: string, name: string, divisionCode: string, residentId: string | null): PersonRow {
  return {
    id,
    residentId,
    name,
    namePinyin: 'x',
    nameSearchKey: 'x',
    sex: 'female',
    birthDate: null,
    hukouDivisionCode: divisionCode,
    divisionCode,
    status: 'alive',
    deathDate: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  };
}

const byIds = prepared<{ ids: string[]; division: string }, Pick<PersonRow, 'id' | 'residentId'>>((db, p) =>
  db
    .selectFrom('people')
    .select(['id', 'residentId'])
    .where('id', 'in', p('ids'))
    .where('divisionCode', '=', p('division'))
    .where('status', '=', 'alive') // a constant of the statement, not a placeholder
    .orderBy('id'),
);

describeEachDatabase('prepared statements', (t) => {
  it('runs with each call’s own values, per array length, with camel-case results', async () => {
    const db = t.db.kysely;
    await insertRows(db, 'people', [
      person('p1', '甲', '430102', '430102199001011237'),
      person('p2', '乙', '430102', null),
      person('p3', '丙', '430103', null),
    ]);
    await insertRows(db, 'people', [person('p4', '丁', '430102', null)]);
    expect(await byIds(db, { ids: ['p1', 'p2', 'p3'], division: '430102' })).toEqual([
      { id: 'p1', residentId: '430102199001011237' },
      { id: 'p2', residentId: null },
    ]);
    expect(await byIds(db, { ids: ['p3'], division: '430103' })).toEqual([{ id: 'p3', residentId: null }]);
    expect(await byIds(db, { ids: ['p3', 'p4'], division: '430102' })).toEqual([
      { id: 'p4', residentId: null },
    ]);
    await db
      .updateTable('people')
      .set({ status: 'deceased', deathDate: '2026-01-02' })
      .where('id', '=', 'p4')
      .execute();
    expect(await byIds(db, { ids: ['p3', 'p4'], division: '430102' })).toEqual([]);
  });

  it('compiles the database’s own SQL, with the values in placeholder order', async () => {
    const q = byIds.compiled(t.db.kysely, { ids: ['a', 'b'], division: '430102' });
    expect(q.parameters).toEqual(['a', 'b', '430102', 'alive']);
    expect(q.sql).toContain(t.dialect === 'postgres' ? '$4' : '?');
  });

  it('inserts inside a transaction and rolls back with it', async () => {
    const db = t.db.kysely;
    await expect(
      db.transaction().execute(async (trx) => {
        await insertRows(trx, 'people', [person('r1', '戊', '430102', null)]);
        await insertRows(trx, 'people', [person('r1', '戊', '430102', null)]); // duplicate key
      }),
    ).rejects.toThrow();
    expect(await db.selectFrom('people').select('id').where('id', '=', 'r1').execute()).toEqual([]);
  });

  it('never reads rows of a transaction still open, whichever path a query takes', async () => {
    const db = t.db.kysely;
    let seen: Promise<unknown[]> | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await insertRows(trx, 'people', [person('u1', '己', '430102', null)]);
        // The root instance asks while the transaction holds the (SQLite: only) connection.
        seen = byIds(db, { ids: ['u1'], division: '430102' });
        await new Promise((r) => setTimeout(r, 10));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await seen).toEqual([]);
    await db.transaction().execute(async (trx) => {
      await insertRows(trx, 'people', [person('u2', '庚', '430102', null)]);
      seen = byIds(db, { ids: ['u2'], division: '430102' });
    });
    // SQLite queues the read behind the transaction on its one connection, so it sees the commit; on
    // PostgreSQL the read runs on another pooled connection and may run before or after the commit, but it
    // never sees the row while the transaction is open (the first half above).
    if (t.dialect === 'sqlite') expect(await seen).toEqual([{ id: 'u2', residentId: null }]);
    else expect([[], [{ id: 'u2', residentId: null }]]).toContainEqual(await seen);
  });

  it('refreshes planner statistics (SQLite: without STAT4 samples) and keeps indexed plans', async () => {
    const db = t.db.kysely;
    await insertRows(
      db,
      'people',
      Array.from({ length: 50 }, (_, i) => person(`s${i}`, `张${i}`, i % 2 ? '430102' : '430103', null)),
    );
    await refreshPlannerStatistics(t.dialect, db);
    if (t.dialect !== 'sqlite') return;
    const stat1 = await sql<{ n: number }>`select count(*) as n from sqlite_stat1`.execute(db);
    expect(Number(stat1.rows[0]?.n)).toBeGreaterThan(0);
    const stat4 = await sql<{ n: number }>`select count(*) as n from sqlite_stat4`.execute(db);
    expect(Number(stat4.rows[0]?.n)).toBe(0);
    const plan = await sql<{
      detail: string;
    }>`explain query plan select id from people where name = ${'张7'}`.execute(db);
    expect(plan.rows.map((r) => r.detail).join(' ')).toContain('USING INDEX');
  });
});

describe('prepared statements with a query log (SQLite)', () => {
  it('send every statement through Kysely, so the log sees each one', async () => {
    const logged: string[] = [];
    const db = createDb('sqlite::memory:', { onQuery: (q) => logged.push(q) });
    try {
      await db.kysely.schema.createTable('people').ifNotExists().addColumn('id', 'text').execute();
      await insertRows(db.kysely, 'people', [{ id: 'q1' } as never]);
      const byId = prepared<{ id: string }, { id: string }>((k, p) =>
        k.selectFrom('people').select('id').where('id', '=', p('id')),
      );
      expect(await byId(db.kysely, { id: 'q1' })).toEqual([{ id: 'q1' }]);
      expect(logged.filter((q) => q.startsWith('insert') || q.startsWith('select'))).toHaveLength(2);
    } finally {
      await db.close();
    }
  });
});
