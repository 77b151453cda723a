/**
 * The family-search feed's `seq` and the missing-person reports' filing `seq` are taken just before
 * COMMIT, after the audit flush and under the audit chain lock (family-search-entries.service.ts,
 * ADR 0016 "write path"): seq order is commit order, whatever order the transactions started in.
 */
import { newId } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import { audit, verifyAuditChain } from '../audit/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import { publishFamilySearchRecord, withdrawFamilySearchRecord } from './family-search-entries.service';
import { createMissingReport } from './family-search.service';
import { matchingLine } from './line';

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describeEachDatabase(
  'family-search feed positions in commit order',
  (t) => {
    const line = 'rescue';
    const record = (ownerId: string, name: string) => ({
      ownerId,
      ownerLine: line,
      kind: 'unidentified-living' as const,
      name,
      sex: 'male' as const,
      divisionCode: '430181',
    });
    /** The rescue line's transaction: its audit row, then the feed row; `hold` before COMMIT. */
    const publish = (
      ctx: CoreContext,
      ownerId: string,
      name: string,
      hold?: Promise<void>,
      started?: () => void,
    ) =>
      ctx.db.kysely.transaction().execute(async (trx) => {
        await audit(ctx, trx, systemActor(line, '430000'), {
          action: 'rescue.test-record',
          targetType: 'rescue_record',
          targetId: ownerId,
          divisionCode: '430181',
        });
        await publishFamilySearchRecord(ctx, trx, record(ownerId, name));
        started?.();
        await hold;
      });
    const seqs = async () =>
      Object.fromEntries(
        (await t.db.kysely.selectFrom('familySearchEntries').select(['id', 'seq']).execute()).map((r) => [
          r.id,
          r.seq,
        ]),
      );

    it('numbers feed rows from 1 on, once per change, never leaving a placeholder behind', async () => {
      const ctx = testContext(t.db);
      const [a, b] = [newId(), newId()];
      await publish(ctx, a, '甲');
      await publish(ctx, b, '乙');
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await audit(ctx, trx, systemActor(line, '430000'), {
          action: 'rescue.test-identified',
          targetType: 'rescue_record',
          targetId: a,
        });
        await withdrawFamilySearchRecord(ctx, trx, line, a);
        // Inside the transaction the row carries its placeholder until COMMIT.
        const own = await trx
          .selectFrom('familySearchEntries')
          .select('seq')
          .where('id', '=', a)
          .executeTakeFirst();
        expect(own?.seq).toBeLessThan(0);
      });
      expect(await seqs()).toEqual({ [a]: 3, [b]: 2 });
      // A rolled-back change leaves the row as it was committed.
      await expect(
        ctx.db.kysely.transaction().execute(async (trx) => {
          await publishFamilySearchRecord(ctx, trx, record(b, '乙二'));
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await seqs()).toEqual({ [a]: 3, [b]: 2 });
      expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 3 });
    });

    it('gives missing-person reports positive filing positions in order', async () => {
      const ctx = testContext(t.db);
      const { actor } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430000' });
      const input = { name: '刘芳', sex: 'female' as const, birthYear: 1990, lostDivisionCode: '430181' };
      const r1 = await createMissingReport(ctx, actor, input);
      const r2 = await createMissingReport(ctx, actor, input);
      const rows = await t.db.kysely
        .selectFrom('missingPersonReports')
        .select(['id', 'seq'])
        .orderBy('seq')
        .execute();
      expect(rows).toEqual([
        { id: r1.id, seq: 1 },
        { id: r2.id, seq: 2 },
      ]);
    });

    // Two transactions open at once: PostgreSQL only (SQLite runs them one after the other).
    it.skipIf(t.dialect !== 'postgres')(
      'the transaction that commits first gets the lower seq, though it published second',
      async () => {
        const ctx = testContext(t.db);
        const [first, second] = [newId(), newId()];
        let release!: () => void;
        const hold = new Promise<void>((r) => (release = r));
        let published!: () => void;
        const firstPublished = new Promise<void>((r) => (published = r));
        const slow = publish(ctx, first, '先登记', hold, published);
        try {
          await firstPublished;
          // Before the change this waited for the first transaction's chain lock (held to its COMMIT).
          await within(publish(ctx, second, '后登记'), 5_000, 'second behind first');
        } finally {
          release();
          await slow;
        }
        const s = await seqs();
        expect(s[second]).toBe(1);
        expect(s[first]).toBe(2);
        expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 2 });
      },
    );

    it('keeps feed positions gapless and unique with many writers at once', async () => {
      const ctx = testContext(t.db);
      const ids = Array.from({ length: 16 }, () => newId());
      await Promise.all(ids.map((id, i) => publish(ctx, id, `人${i}`)));
      const s = Object.values(await seqs()).sort((x, y) => x - y);
      expect(s).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 16 });
    });
  },
  { lines: [matchingLine] },
);
