import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { seedCustodyDemo } from './custody.demo-seed';
import { seedDeathsDemo } from './deaths.demo-seed';
import { seedFacilitiesDemo } from './facilities.demo-seed';
import { funeralLine } from './line';

describeEachDatabase(
  'funeral deaths demo seed',
  (t) => {
    it('registers the demo certificates in the people index once', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-12-05T02:00:00.000Z'));
      await seedFacilitiesDemo(ctx);
      await seedCustodyDemo(ctx);
      await seedDeathsDemo(ctx);
      const regs = await ctx.db.kysely.selectFrom('funeralDeathRegistrations').selectAll().execute();
      expect(regs.length).toBeGreaterThan(0);
      const dead = await ctx.db.kysely
        .selectFrom('people')
        .select('id')
        .where('status', '=', 'deceased')
        .execute();
      expect(dead.length).toBeGreaterThanOrEqual(regs.length);
      await seedDeathsDemo(ctx);
      expect(await ctx.db.kysely.selectFrom('funeralDeathRegistrations').selectAll().execute()).toHaveLength(
        regs.length,
      );
    });
  },
  { lines: [funeralLine] },
);
