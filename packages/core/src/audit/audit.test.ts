import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { sm3Hex } from './audit-hash';
import { appendAudit, verifyAuditChain } from './audit.service';
import { prepared } from '../db/prepared';
import { aPerson } from '../testing/factories';

const personById = prepared<{ id: string }, { id: string }>((db, p) =>
  db.selectFrom('people').select('id').where('id', '=', p('id')),
);

describe('SM3', () => {
  // GB/T 32905-2016 Appendix A examples.
  it('hashes "abc" to the standard test vector', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('hashes the 64-byte "abcd"×16 message to the standard test vector', () => {
    expect(sm3Hex('abcd'.repeat(16))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });
});

describeEachDatabase('audit hash chain', (t) => {
  async function withRows(n: number) {
    const ctx = testContext(t.db);
    for (let i = 0; i < n; i++) {
      await t.db.kysely.transaction().execute((trx) =>
        appendAudit(trx, ctx, systemActor('tester', '430000'), {
          action: 'person.read',
          targetType: 'person',
          targetId: `p${i}`,
          divisionCode: '430102',
          reason: '核对',
        }),
      );
    }
    return ctx;
  }

  it('verifies an untouched chain', async () => {
    const ctx = await withRows(5);
    const r = await verifyAuditChain(ctx);
    expect(r).toMatchObject({ ok: true, checked: 5, firstBadSeq: null });
  });

  it('names an edited row', async () => {
    const ctx = await withRows(6);
    await t.db.kysely.updateTable('auditLog').set({ reason: '篡改' }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'edited' });
  });

  it('names the gap left by a deleted row', async () => {
    const ctx = await withRows(6);
    await t.db.kysely.deleteFrom('auditLog').where('seq', '=', 4).execute();
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'deleted' });
  });

  it('names a deleted first row', async () => {
    const ctx = await withRows(3);
    await t.db.kysely.deleteFrom('auditLog').where('seq', '=', 1).execute();
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: false, firstBadSeq: 1, problem: 'deleted' });
  });

  it('names a row inserted at the end with a forged link', async () => {
    const ctx = await withRows(4);
    await t.db.kysely
      .insertInto('auditLog')
      .values({
        seq: 5,
        at: '2026-11-29T03:00:00.000Z',
        actorId: null,
        actorUsername: 'intruder',
        action: 'person.read',
        targetType: 'person',
        targetId: 'x',
        divisionCode: null,
        reason: null,
        details: '{}',
        subjectPersonId: null,
        keyId: null,
        prevHash: 'f'.repeat(64),
        hash: 'e'.repeat(64),
      })
      .execute();
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'inserted' });
  });

  it('names a row inserted in the middle after renumbering the rest', async () => {
    const ctx = await withRows(5);
    // Make room at seq 3 by shifting rows 3..5 up by one (highest first to respect the key).
    for (const seq of [5, 4, 3]) {
      await t.db.kysely
        .updateTable('auditLog')
        .set({ seq: seq + 1 })
        .where('seq', '=', seq)
        .execute();
    }
    const two = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    await t.db.kysely
      .insertInto('auditLog')
      .values({ ...two, seq: 3, actorUsername: 'intruder', prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) })
      .execute();
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'inserted' });
  });

  it('keeps the chain intact when many transactions append concurrently', async () => {
    const ctx = testContext(t.db);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.db.kysely.transaction().execute((trx) =>
          appendAudit(trx, ctx, systemActor('tester'), {
            action: 'test.append',
            targetType: 'test',
            targetId: String(i),
          }),
        ),
      ),
    );
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 20 });
    const n = await sql<{ n: number }>`select count(distinct seq) as n from audit_log`.execute(t.db.kysely);
    expect(Number(n.rows[0]?.n)).toBe(20);
  });
});

describeEachDatabase('audit writer (group commit for reads)', (t) => {
  it('chains many concurrent reads into a valid chain and answers each only after its row exists', async () => {
    const ctx = testContext(t.db);
    const actor = systemActor('reader', '430000');
    await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        await ctx.readAudit.record(actor, { action: 'person.read', targetType: 'person', targetId: `p${i}` });
        const row = await t.db.kysely
          .selectFrom('auditLog')
          .select('seq')
          .where('targetId', '=', `p${i}`)
          .executeTakeFirst();
        expect(row).toBeDefined();
      }),
    );
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 120 });
  });

  // The change's rows are placed on the chain just before its COMMIT (ADR 0016, "write path"): on
  // PostgreSQL the read's batch no longer waits for the change and may be chained before it; on SQLite
  // it runs after the open transaction. Either way the change's rows are adjacent and the chain valid.
  it('chains a read recorded while a change transaction is open before or after that transaction, never inside it', async () => {
    const ctx = testContext(t.db);
    const actor = systemActor('clerk', '430000');
    const change = (targetId: string) => ({ action: 'person.update', targetType: 'person', targetId });
    let read: Promise<void> | undefined;
    await t.db.kysely.transaction().execute(async (trx) => {
      await appendAudit(trx, ctx, actor, change('w1'));
      read = ctx.readAudit.record(actor, { action: 'person.read', targetType: 'person', targetId: 'r1' });
      await new Promise((r) => setTimeout(r, 10));
      await appendAudit(trx, ctx, actor, change('w2'));
    });
    await read;
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 3 });
    const rows = (await t.db.kysely.selectFrom('auditLog').select('targetId').orderBy('seq').execute()).map(
      (r) => r.targetId,
    );
    expect([
      ['w1', 'w2', 'r1'],
      ['r1', 'w1', 'w2'],
    ]).toContainEqual(rows);
    if (t.dialect === 'sqlite') expect(rows).toEqual(['w1', 'w2', 'r1']);
  });

  it('records an audited read with the rows it read, and nothing when there is nothing to record', async () => {
    const ctx = testContext(t.db);
    const actor = systemActor('reader', '430000');
    const { id } = await aPerson(ctx, actor); // audited as person.create
    const entryOf = ([p]: { id: string }[]) =>
      p ? { action: 'person.read', targetType: 'person', targetId: p.id } : null;
    expect(await ctx.readAudit.readAudited(actor, personById, { id }, entryOf)).toEqual([{ id }]);
    expect(await ctx.readAudit.readAudited(actor, personById, { id: 'nobody' }, entryOf)).toEqual([]);
    const rows = await t.db.kysely
      .selectFrom('auditLog')
      .select(['targetId', 'action'])
      .orderBy('seq')
      .execute();
    expect(rows).toEqual([
      { targetId: id, action: 'person.create' },
      { targetId: id, action: 'person.read' },
    ]);
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 2 });
  });

  it('fails only the read that fails; the rest of its batch commits', async () => {
    const ctx = testContext(t.db);
    const actor = systemActor('reader', '430000');
    const [p1, p2] = [await aPerson(ctx, actor), await aPerson(ctx, actor)];
    const read = (id: string, fail = false) =>
      ctx.readAudit.readAudited(actor, personById, { id }, ([p]) => {
        if (fail) throw new Error('entry refused');
        return p ? { action: 'person.read', targetType: 'person', targetId: p.id } : null;
      });
    const results = await Promise.allSettled([
      read(p1.id),
      read(p2.id, true),
      ctx.readAudit.record(actor, { action: 'export', targetType: 'people' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const actions = await t.db.kysely.selectFrom('auditLog').select('action').orderBy('seq').execute();
    // Order within the batch: PostgreSQL reads first and records after, SQLite reads inside the batch.
    expect(actions.map((r) => r.action).sort()).toEqual([
      'export',
      'person.create',
      'person.create',
      'person.read',
    ]);
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 4 });
  });

  it('rejects every waiting read when its batch cannot be written', async () => {
    const ctx = testContext(t.db);
    await t.db.close();
    await expect(ctx.readAudit.record(systemActor(), { action: 'x', targetType: 'y' })).rejects.toThrow();
  });
});
