import { parseResidentId } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { runHotlineRetention } from './hotline.service';
import { rescueLine } from './line';
import { seedRescueDemo } from './rescue.demo-seed';
import { aRescueStation } from './rescue.fixtures';
import { rescueStatistics } from './statistics.service';
import { listRescueWarnings } from './warnings.service';

describeEachDatabase(
  'rescue demo seed (cases through intake, hotline calls)',
  (t) => {
    it('seeds ~60 realistic cases and hotline calls once, with warnings and statistics to show', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-06-15T02:00:00.000Z'));
      await aRescueStation(ctx, { county: '430102' });
      await aRescueStation(ctx, { county: '430104' });
      await seedRescueDemo(ctx);
      await seedRescueDemo(ctx);
      const cases = await ctx.db.kysely
        .selectFrom('rescueCases as c')
        .innerJoin('people as p', 'p.id', 'c.personId')
        .select([
          'c.identityStatus',
          'c.sex',
          'c.entryDate',
          'c.mentalSigns',
          'c.estimatedAge',
          'p.residentId',
        ])
        .execute();
      expect(cases.length).toBeGreaterThanOrEqual(55);
      expect(cases.length).toBeLessThanOrEqual(60);
      for (const c of cases.filter((x) => x.identityStatus === 'identified')) {
        expect(() => parseResidentId(c.residentId!)).not.toThrow();
      }
      expect(cases.filter((c) => c.sex === 'female').length).toBeGreaterThan(8);
      expect(cases.filter((c) => c.estimatedAge !== null && c.estimatedAge < 16).length).toBeGreaterThan(2);
      expect(cases.every((c) => c.entryDate >= '2025-12-15' && c.entryDate <= '2026-06-15')).toBe(true);
      const hotline = await ctx.db.kysely.selectFrom('rescueHotlineCalls').select('recordedOn').execute();
      expect(hotline).toHaveLength(48);
      const city = (await aUser(ctx, { role: 'supervisor', divisionCode: '430100' })).actor;
      const w = await listRescueWarnings(ctx, city, { page: 1, pageSize: 10 });
      expect(w.counts.stay_over_limit).toBeGreaterThan(0);
      expect(w.counts.stranded).toBeGreaterThan(0);
      expect(w.counts.long_term).toBeGreaterThan(0);
      const s = await rescueStatistics(ctx, city, {});
      expect(s.totals.personVisits).toBe(cases.length);
      expect(s.buckets).toHaveLength(6);
      // Calls older than the retention period are purged on the job's first run.
      expect((await runHotlineRetention(ctx)).purged).toBeGreaterThan(0);
    }, 120_000);
  },
  { lines: [rescueLine] },
);
