/**
 * The keyed chain (ADR 0012): an attacker who can write the database but does not hold the server key
 * cannot append, insert, edit or re-chain rows (recomputing SM3 no longer helps), and keyed head
 * checkpoints kept outside the database expose truncation and re-chaining. Rows written before the
 * switch-over (plain SM3) still verify; key rotation is signed with the previous key.
 */
import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { ManualClock } from '../testing/factories';
import type { AuditRow } from '../db/schema';
import { newServerKey, serverKeys, type ServerKeys } from '../keys';
import { coreContext } from '../platform';
import { describeEachDatabase } from '../testing/each-database';
import { aPerson, testContext } from '../testing/factories';
import { auditRowMessage, sm3Hex, type ChainedFields } from './audit-hash';
import {
  memoryCheckpointSink,
  parseCheckpoints,
  formatCheckpoint,
  writeAuditCheckpoint,
} from './audit-checkpoint';
import { appendAudit, listAudit, verifyAuditChain } from './audit.service';

const actor = systemActor('tester', '430000');

/** What an attacker with write access to the database but without the key can compute: plain SM3. */
function forgedHash(row: ChainedFields): string {
  return sm3Hex(auditRowMessage(row));
}

describeEachDatabase('keyed audit chain', (t) => {
  const rows = () => t.db.kysely.selectFrom('auditLog').selectAll().orderBy('seq').execute();

  async function withRows(n: number, keys?: ServerKeys) {
    const ctx = keys ? coreContext(t.db, { clock: new ManualClock(), keys }) : testContext(t.db);
    for (let i = 0; i < n; i++) {
      await t.db.kysely.transaction().execute((trx) =>
        appendAudit(trx, ctx, actor, {
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

  /** Rewrites row `seq` (and every row after it, re-chained with SM3) as an attacker without the key would. */
  async function rechainFrom(seq: number, edit: (r: AuditRow) => AuditRow) {
    const all = await rows();
    let prevHash = all.find((r) => r.seq === seq - 1)?.hash ?? '0'.repeat(64);
    for (const r of all.filter((x) => x.seq >= seq)) {
      const changed = r.seq === seq ? edit(r) : r;
      const hash = forgedHash({ ...changed, prevHash });
      await t.db.kysely
        .updateTable('auditLog')
        .set({ ...changed, prevHash, hash })
        .where('seq', '=', r.seq)
        .execute();
      prevHash = hash;
    }
  }

  it('hashes new rows with HMAC-SM3 under the server key and records the key id', async () => {
    const key = newServerKey();
    const keys = serverKeys(key);
    await withRows(2, keys);
    const [first] = await rows();
    expect(first?.keyId).toBe(keys.keyId);
    expect(first?.hash).toBe(createHmac('sm3', key).update(auditRowMessage(first!)).digest('hex'));
    expect(first?.hash).not.toBe(sm3Hex(auditRowMessage(first!)));
  });

  it('refuses an edited row whose SM3 was recomputed along with every later row', async () => {
    const ctx = await withRows(5);
    await rechainFrom(3, (r) => ({ ...r, reason: '篡改' }));
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'edited' });
  });

  it('names the inserted row itself when it was slipped in with a valid link and SM3', async () => {
    const ctx = await withRows(5);
    // Make room at seq 3 (highest first), then insert a row linked to row 2 with SM3 recomputed.
    for (const seq of [5, 4, 3])
      await t.db.kysely
        .updateTable('auditLog')
        .set({ seq: seq + 1 })
        .where('seq', '=', seq)
        .execute();
    const two = (await rows()).find((r) => r.seq === 2)!;
    const forged = { ...two, seq: 3, actorUsername: 'intruder', prevHash: two.hash };
    await t.db.kysely
      .insertInto('auditLog')
      .values({ ...forged, hash: forgedHash(forged) })
      .execute();
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'inserted' });
  });

  it('names a row appended at the head with a valid link and SM3', async () => {
    const ctx = await withRows(3);
    const head = (await rows()).at(-1)!;
    const forged = { ...head, seq: 4, targetId: 'x', prevHash: head.hash };
    await t.db.kysely
      .insertInto('auditLog')
      .values({ ...forged, hash: forgedHash(forged) })
      .execute();
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'edited' });
  });

  it('names the gap left by a deleted row', async () => {
    const ctx = await withRows(5);
    await t.db.kysely.deleteFrom('auditLog').where('seq', '=', 2).execute();
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'deleted' });
  });

  it('refuses a forged legacy (unkeyed) row after the switch-over', async () => {
    const ctx = await withRows(3);
    const head = (await rows()).at(-1)!;
    const forged = { ...head, seq: 4, keyId: null, prevHash: head.hash };
    await t.db.kysely
      .insertInto('auditLog')
      .values({ ...forged, hash: forgedHash(forged) })
      .execute();
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'downgraded' });
  });

  it('still verifies legacy SM3 rows written before the switch-over, then keyed rows after them', async () => {
    // Two rows as the chain wrote them before migration 0011: key_id null, plain SM3 of the old fields.
    let prevHash = '0'.repeat(64);
    for (const seq of [1, 2]) {
      const row = {
        seq,
        at: '2026-11-01T00:00:00.000Z',
        actorId: null,
        actorUsername: 'old',
        action: 'person.read',
        targetType: 'person',
        targetId: `old${seq}`,
        divisionCode: '430102',
        reason: null,
        details: '{}',
        subjectPersonId: null,
        keyId: null,
        prevHash,
      };
      const hash = sm3Hex(
        JSON.stringify([
          prevHash,
          seq,
          row.at,
          null,
          'old',
          'person.read',
          'person',
          row.targetId,
          '430102',
          null,
          '{}',
        ]),
      );
      await t.db.kysely
        .insertInto('auditLog')
        .values({ ...row, hash })
        .execute();
      prevHash = hash;
    }
    const ctx = await withRows(2);
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 4, legacyRows: 2 });
  });

  it('rotates keys: the new segment starts with a row signed by the old key; verifying needs both', async () => {
    const oldKey = newServerKey();
    const newKey = newServerKey();
    await withRows(2, serverKeys(oldKey));
    const rotated = await withRows(2, serverKeys(newKey, [oldKey]));
    const all = await rows();
    expect(all.map((r) => r.action)).toEqual([
      'person.read',
      'person.read',
      'audit.key-rotated',
      'person.read',
      'person.read',
    ]);
    expect(await verifyAuditChain(rotated)).toMatchObject({ ok: true, checked: 5 });
    // Without the retired key, the old segment cannot be checked.
    expect(await verifyAuditChain({ db: t.db, keys: serverKeys(newKey) })).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      problem: 'unknown-key',
    });
  });

  it('refuses a switch to another key that the old key did not sign', async () => {
    const oldKey = newServerKey();
    const newKey = newServerKey();
    await withRows(2, serverKeys(oldKey));
    // A process holding only the new key (not the old one) cannot sign the rotation.
    await withRows(1, serverKeys(newKey));
    expect(await verifyAuditChain({ db: t.db, keys: serverKeys(newKey, [oldKey]) })).toMatchObject({
      ok: false,
      firstBadSeq: 3,
      problem: 'unsigned-rotation',
    });
  });

  it('detects truncation of the newest rows against a keyed checkpoint', async () => {
    const ctx = await withRows(4);
    const sink = memoryCheckpointSink();
    await writeAuditCheckpoint(ctx, sink);
    expect(await verifyAuditChain(ctx, await sink.readAll())).toMatchObject({ ok: true, checkpoints: 1 });
    await t.db.kysely.deleteFrom('auditLog').where('seq', '>=', 3).execute();
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true }); // undetectable without the checkpoint
    expect(await verifyAuditChain(ctx, await sink.readAll())).toMatchObject({
      ok: false,
      firstBadSeq: 3,
      problem: 'truncated',
    });
  });

  it('detects re-chaining: rows cut after a checkpoint and the chain grown again past it', async () => {
    const ctx = await withRows(4);
    const sink = memoryCheckpointSink();
    await writeAuditCheckpoint(ctx, sink);
    await t.db.kysely.deleteFrom('auditLog').where('seq', '>=', 3).execute();
    // The server, unaware, appends new (validly keyed) rows on the truncated head.
    await t.db.kysely
      .transaction()
      .execute((trx) => appendAudit(trx, ctx, actor, { action: 'x', targetType: 'y' }));
    await t.db.kysely
      .transaction()
      .execute((trx) => appendAudit(trx, ctx, actor, { action: 'x', targetType: 'y' }));
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 4 });
    expect(await verifyAuditChain(ctx, await sink.readAll())).toMatchObject({
      ok: false,
      firstBadSeq: 4,
      problem: 'rechained',
    });
  });

  it('refuses a checkpoint forged or edited without the key; the file format round-trips', async () => {
    const ctx = await withRows(2);
    const sink = memoryCheckpointSink();
    const c = await writeAuditCheckpoint(ctx, sink);
    expect(parseCheckpoints(formatCheckpoint(c) + '\n\n')).toEqual([c]);
    expect(() => parseCheckpoints('{"seq":1}\n')).toThrow(/line 1/);
    expect(await verifyAuditChain(ctx, [{ ...c, seq: 1 }])).toMatchObject({
      ok: false,
      problem: 'forged-checkpoint',
    });
  });

  it('records the subject person and lists who read a person’s record', async () => {
    const ctx = testContext(t.db);
    const p = await aPerson(ctx, actor);
    const divisionCode = '430102';
    await ctx.readAudit.record(actor, {
      action: 'person.read',
      targetType: 'person',
      targetId: p.id,
      divisionCode,
    });
    await ctx.readAudit.record(actor, {
      action: 'marriage.status.read',
      targetType: 'marriage',
      targetId: 'm1',
      divisionCode,
      subjectPersonId: p.id,
    });
    await ctx.readAudit.record(actor, { action: 'export', targetType: 'people', divisionCode });
    const list = await listAudit(ctx, systemActor('auditor', '430000'), {
      personId: p.id,
      page: 1,
      pageSize: 20,
    });
    expect(list.items.map((i) => i.action)).toEqual(['marriage.status.read', 'person.read', 'person.create']);
    expect(list.items.every((i) => i.subjectPersonId === p.id)).toBe(true);
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 4 });
  });

  it('drains: a stopping server waits for audited reads still in progress before closing the database', async () => {
    const ctx = testContext(t.db);
    const before = (await t.db.kysely.selectFrom('auditLog').select('seq').execute()).length;
    // Not awaited, as a request whose client has gone away.
    const inFlight = [1, 2, 3].map((n) =>
      ctx.readAudit.record(actor, { action: 'person.read', targetType: 'person', targetId: `p${n}` }),
    );
    await ctx.readAudit.drain();
    const after = (await t.db.kysely.selectFrom('auditLog').select('seq').execute()).length;
    expect(after - before).toBe(3);
    await Promise.all(inFlight);
    // Idle: resolves at once.
    await ctx.readAudit.drain(1);
  });
});
