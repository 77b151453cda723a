/**
 * The audit chain hashes exactly what it stores (issue 11 item 2, ADR 0013): a lone UTF-16 surrogate
 * cannot be stored as UTF-8 (both databases keep U+FFFD), and NUL cannot be stored by PostgreSQL, so
 * the writer replaces them before hashing, and `audit verify` still passes.
 */
import { expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { audit, verifyAuditChain } from './audit.service';

describeEachDatabase('audit chain and unstorable text', (t) => {
  it('stores and hashes U+FFFD for a lone surrogate or NUL, in the same transaction and in group commit', async () => {
    const ctx = testContext(t.db);
    const actor = systemActor('tester', '430000');
    const entry = {
      action: 'roll.import',
      targetType: 'roll',
      targetId: 'r1\udc00',
      divisionCode: '430102',
      reason: '来源\ud800名单\u0000',
      details: { sourceName: '名单\ud800' },
    };
    await t.db.kysely.transaction().execute((trx) => audit(ctx, trx, actor, entry));
    await ctx.readAudit.record(actor, { ...entry, reason: '查阅\udbff' });
    const rows = await t.db.kysely
      .selectFrom('auditLog')
      .select(['reason', 'targetId', 'details'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.reason)).toEqual(['来源\uFFFD名单\uFFFD', '查阅\uFFFD']);
    expect(rows[0]?.targetId).toBe('r1\uFFFD');
    // JSON keeps the lone surrogate as an escape sequence (plain ASCII), so it round-trips.
    expect(JSON.parse(rows[0]?.details ?? '{}')).toEqual({ sourceName: '名单\ud800' });
    const verification = await verifyAuditChain(ctx);
    expect(verification).toMatchObject({ ok: true, checked: 2 });
  });
});
