import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { visibleCase } from './cases.access';
import { rescueLine } from './line';
import { aRescueCase, aRescueStation } from './rescue.fixtures';

describeEachDatabase(
  'rescue case scope (ADR 0009: station and division)',
  (t) => {
    it('station staff see their station’s cases; a sibling station and another county get 404', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-03-02T01:00:00.000Z'));
      const a = await aRescueStation(ctx, { county: '430102' });
      const b = await aRescueStation(ctx, { county: '430102' });
      const c = await aRescueCase(ctx, a, { estimatedAge: 50 });
      expect((await visibleCase(ctx.db.kysely, a.staff, c.id)).entryDate).toBe('2026-03-02');
      expect((await visibleCase(ctx.db.kysely, a.countyStaff, c.id)).stationId).toBe(a.id);
      const outsider = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' })).actor;
      for (const actor of [b.staff, outsider]) {
        const e = await visibleCase(ctx.db.kysely, actor, c.id).catch((x: unknown) => x);
        expect(isDomainError(e) && e.code).toBe('NOT_FOUND');
      }
    });
    it('one open stay per person: a second open case of the same person is refused by the engine', async () => {
      const ctx = testContext(t.db);
      const a = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, a);
      const row = await visibleCase(ctx.db.kysely, a.staff, c.id);
      await expect(
        ctx.db.kysely
          .insertInto('rescueCases')
          .values({ ...row, id: `${row.id}x`, caseNo: `${row.caseNo}x` })
          .execute(),
      ).rejects.toThrow();
    });
  },
  { lines: [rescueLine] },
);
