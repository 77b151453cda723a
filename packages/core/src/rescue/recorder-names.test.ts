/**
 * Rescue views show recorders by display name (系统 for a system actor), one query per list; the stored
 * rows keep the account name (the audit trail) — on SQLite and PostgreSQL.
 */
import { expect, it } from 'vitest';
import { displayNameIn, displayNamesOf, type Actor } from '../access/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { getRescueCase } from './cases.service';
import { aBelonging, aCaseAttachment } from './departure.fixtures';
import { departureLedger, departureOptions, recordDeparture } from './departure.service';
import { rescueLine } from './line';
import { aRescueCase, aRescueStation } from './rescue.fixtures';
import { recordService, servicesOf } from './stay.service';

const NOW = '2026-03-10T02:00:00.000Z';

async function displayNameOfAccount(ctx: CoreContext, actor: Actor): Promise<string> {
  const row = await ctx.db.kysely
    .selectFrom('users')
    .select('displayName')
    .where('username', '=', actor.username)
    .executeTakeFirstOrThrow();
  return row.displayName;
}

describeEachDatabase(
  'rescue recorders shown by display name',
  (t) => {
    it('displayNamesOf: usernames and ids in one call; a key with no account is 系统', async () => {
      const ctx = testContext(t.db, new ManualClock(NOW));
      const st = await aRescueStation(ctx);
      const name = await displayNameOfAccount(ctx, st.staff);
      const names = await displayNamesOf(ctx.db.kysely, [
        st.staff.username,
        st.staff.userId,
        'rescue-demo-seed',
        null,
        undefined,
        st.staff.username,
      ]);
      expect(names.get(st.staff.username)).toBe(name);
      expect(names.get(st.staff.userId!)).toBe(name);
      expect(names.get('rescue-demo-seed')).toBe('系统');
      expect(names.size).toBe(3);
      expect(displayNameIn(names, 'nobody')).toBe('系统');
      expect((await displayNamesOf(ctx.db.kysely, [])).size).toBe(0);
    });

    it('照料与托养 登记人, belongings 登记人, departure and the 离站与安置 ledger 经办人 show the display name', async () => {
      const ctx = testContext(t.db, new ManualClock(NOW));
      const st = await aRescueStation(ctx, { county: '430102' });
      const name = await displayNameOfAccount(ctx, st.staff);
      expect(name).not.toBe(st.staff.username);
      const c = await aRescueCase(ctx, st, { estimatedAge: 45, enteredAt: '2026-03-05T02:00:00.000Z' });

      const recorded = await recordService(ctx, st.staff, c.id, {
        kind: 'food',
        serviceDate: '2026-03-09',
        description: '一日三餐',
        providedBy: '食堂',
      });
      expect(recorded.createdBy).toBe(name);
      const services = await servicesOf(ctx, st.countyStaff, c.id);
      expect(services.map((s) => s.createdBy)).toEqual([name]);
      // The stored row keeps the account name (the audit trail).
      const stored = await ctx.db.kysely
        .selectFrom('rescueServices')
        .select('createdBy')
        .where('id', '=', recorded.id)
        .executeTakeFirstOrThrow();
      expect(stored.createdBy).toBe(st.staff.username);

      // A belonging written by a system actor ('test', no account) is shown as 系统.
      await aBelonging(ctx, c.id, '手机');
      const view = await getRescueCase(ctx, st.staff, c.id);
      expect(view.belongings.map((b) => b.recordedBy)).toEqual(['系统']);

      const options = await departureOptions(ctx, st.staff, c.id);
      const done = await recordDeparture(ctx, st.staff, c.id, {
        kind: 'self_departure',
        declarationAttachmentId: await aCaseAttachment(ctx, st.staff, c.id, 'signed_declaration'),
        belongings: options.belongings.map((b) => ({ itemId: b.itemId, returned: true })),
        belongingsSigned: true,
      });
      expect(done.departure.recordedBy).toBe(name);
      expect((await departureOptions(ctx, st.staff, c.id)).departure?.recordedBy).toBe(name);
      const ledger = await departureLedger(ctx, st.countyStaff, { page: 1, pageSize: 20 });
      expect(ledger.items.find((r) => r.caseId === c.id)?.recordedBy).toBe(name);
    });
  },
  { lines: [rescueLine] },
);
