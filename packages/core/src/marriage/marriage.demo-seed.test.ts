import { expect, it } from 'vitest';
import { seedDemoData } from '../seed/index';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { seedMarriageDemo } from './marriage.demo-seed';
import { marriageLine } from './line';

describeEachDatabase(
  'marriage demo data',
  (t) => {
    it('adds registries, qualifies the demo registrars and registers demo couples once', async () => {
      const ctx = testContext(t.db);
      await seedDemoData(ctx, { size: 'demo', seed: 1 });
      const first = await seedMarriageDemo(ctx);
      expect(first.registries).toBe(3);
      expect(first.marriages).toBeGreaterThan(10);
      expect(await seedMarriageDemo(ctx)).toEqual({ registries: 0, marriages: 0 });
      const county = await t.db.kysely
        .selectFrom('registrarQualifications as q')
        .innerJoin('users as u', 'u.id', 'q.userId')
        .select('u.username')
        .where('u.username', '=', 'registrar.county')
        .execute();
      expect(county).toHaveLength(1);
      const open = await t.db.kysely
        .selectFrom('divorceApplications')
        .select('id')
        .where('status', '=', 'cooling_off')
        .execute();
      expect(open.length).toBeGreaterThan(0);
    }, 180_000);
  },
  { lines: [marriageLine] },
);
