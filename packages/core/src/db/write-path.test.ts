/**
 * The write path's deferred chain appends (pre-commit.ts, ADR 0016 "write path"): audit rows and outbox
 * events are buffered on the transaction and placed on their chains just before COMMIT, so the chains'
 * locks are held for the flush and the commit only.
 */
import { expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { appendAudit, verifyAuditChain } from '../audit/audit.service';
import { emitEvent } from '../events/outbox';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';

/** `p`, or a rejection after `ms` (a transaction stuck behind a lock fails the test instead of hanging). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describeEachDatabase('write path: chain appends deferred to the commit', (t) => {
  const actor = systemActor('clerk', '430000');
  const death = (personId: string) =>
    ({ personId, deathDate: '2026-01-02', divisionCode: '430102', source: '测试' }) as const;

  it('a rollback after appendAudit and emitEvent leaves no audit row and no outbox event', async () => {
    const ctx = testContext(t.db);
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await appendAudit(trx, ctx, actor, { action: 'person.update', targetType: 'person', targetId: 'p1' });
        await emitEvent(trx, t.db.dialect, 'person.deceased', death('p1'), new Date());
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.db.kysely.selectFrom('auditLog').selectAll().execute()).toEqual([]);
    expect(await t.db.kysely.selectFrom('outboxEvents').selectAll().execute()).toEqual([]);
    // The next transaction chains from the genesis, unaffected.
    await t.db.kysely.transaction().execute(async (trx) => {
      await appendAudit(trx, ctx, actor, { action: 'person.update', targetType: 'person', targetId: 'p2' });
      await emitEvent(trx, t.db.dialect, 'person.deceased', death('p2'), new Date());
    });
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 1 });
    const events = await t.db.kysely.selectFrom('outboxEvents').select(['position', 'payload']).execute();
    expect(events).toEqual([{ position: 1, payload: expect.stringContaining('"p2"') }]);
  });

  it('writes all of a transaction’s audit rows and events in order, as one group before COMMIT', async () => {
    const ctx = testContext(t.db);
    await t.db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < 205; i++)
        await appendAudit(trx, ctx, actor, {
          action: 'person.update',
          targetType: 'person',
          targetId: `p${i}`,
        });
      for (let i = 0; i < 3; i++)
        await emitEvent(trx, t.db.dialect, 'person.deceased', death(`p${i}`), new Date());
      // Not yet on the chain inside the transaction: placed there just before COMMIT.
      expect(await trx.selectFrom('auditLog').select('seq').execute()).toEqual([]);
    });
    const rows = await t.db.kysely
      .selectFrom('auditLog')
      .select(['seq', 'targetId'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.targetId)).toEqual(Array.from({ length: 205 }, (_, i) => `p${i}`));
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 205 });
    const events = await t.db.kysely
      .selectFrom('outboxEvents')
      .select('position')
      .orderBy('position')
      .execute();
    expect(events.map((e) => e.position)).toEqual([1, 2, 3]);
  });

  it('refuses an append outside a transaction of the database (nothing could flush it)', async () => {
    const ctx = testContext(t.db);
    await expect(
      appendAudit(t.db.kysely as never, ctx, actor, { action: 'x', targetType: 'y' }),
    ).rejects.toThrow(/pre-commit/);
  });

  // Two transactions open at once need two connections: PostgreSQL only (SQLite has one connection,
  // on which transactions run one after the other).
  it.skipIf(t.dialect !== 'postgres')(
    'does not hold the chain locks before COMMIT: a later transaction commits first, with the lower seq and position',
    async () => {
      const ctx = testContext(t.db);
      let releaseA!: () => void;
      const aMayCommit = new Promise<void>((r) => (releaseA = r));
      let aAppended!: () => void;
      const aHasAppended = new Promise<void>((r) => (aAppended = r));
      const a = t.db.kysely.transaction().execute(async (trx) => {
        await appendAudit(trx, ctx, actor, { action: 'person.update', targetType: 'person', targetId: 'A' });
        await emitEvent(trx, t.db.dialect, 'person.deceased', death('A'), new Date());
        aAppended();
        await aMayCommit;
      });
      try {
        await aHasAppended;
        // Before the change B waited here for A's chain lock, which A held until its COMMIT.
        await within(
          t.db.kysely.transaction().execute(async (trx) => {
            await appendAudit(trx, ctx, actor, {
              action: 'person.update',
              targetType: 'person',
              targetId: 'B',
            });
            await emitEvent(trx, t.db.dialect, 'person.deceased', death('B'), new Date());
          }),
          5_000,
          'B behind A',
        );
      } finally {
        releaseA();
        await a;
      }
      const rows = await t.db.kysely
        .selectFrom('auditLog')
        .select(['seq', 'targetId'])
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => r.targetId)).toEqual(['B', 'A']);
      const events = await t.db.kysely
        .selectFrom('outboxEvents')
        .select(['position', 'payload'])
        .orderBy('position')
        .execute();
      expect(events.map((e) => (JSON.parse(e.payload) as { personId: string }).personId)).toEqual(['B', 'A']);
      expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 2 });
    },
  );

  it('keeps one valid chain and gapless positions with many writers at once', async () => {
    const ctx = testContext(t.db);
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        t.db.kysely.transaction().execute(async (trx) => {
          await appendAudit(trx, ctx, actor, {
            action: 'person.update',
            targetType: 'person',
            targetId: `w${i}`,
          });
          await new Promise((r) => setTimeout(r, i % 3));
          await emitEvent(trx, t.db.dialect, 'person.deceased', death(`w${i}`), new Date());
          await appendAudit(trx, ctx, actor, {
            action: 'person.update',
            targetType: 'person',
            targetId: `v${i}`,
          });
        }),
      ),
    );
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 48 });
    // A transaction's rows are adjacent on the chain.
    const rows = await t.db.kysely.selectFrom('auditLog').select('targetId').orderBy('seq').execute();
    for (let i = 0; i < rows.length; i += 2)
      expect(rows[i + 1]?.targetId).toBe(rows[i]?.targetId?.replace('w', 'v'));
    const events = await t.db.kysely
      .selectFrom('outboxEvents')
      .select('position')
      .orderBy('position')
      .execute();
    expect(events.map((e) => e.position)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });
});
