import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { seedGovernanceDemo } from './governance.demo-seed';
import { rescueLine } from './line';
import { seedStationsDemo } from './stations.seed';

async function counts(ctx: ReturnType<typeof testContext>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'rescueCases',
    'rescueReturnees',
    'rescueReturneeVisits',
    'rescueAtRiskPersons',
    'rescueRepeatFlags',
    'rescuePatrolLeads',
    'auditLog',
  ] as const) {
    const r = await ctx.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

describeEachDatabase(
  'rescue source-governance demo seed',
  (t) => {
    it('seeds two repeat wanderers (one by resident id, one by the engine), at-risk persons, leads and a follow-up, once', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-06-15T02:00:00.000Z'));
      await seedStationsDemo(ctx);
      await seedGovernanceDemo(ctx);
      const first = await counts(ctx);
      expect(first).toMatchObject({
        rescueReturnees: 2,
        rescueReturneeVisits: 1,
        rescueAtRiskPersons: 3,
        rescuePatrolLeads: 5,
      });
      const flags = await ctx.db.kysely.selectFrom('rescueRepeatFlags').select(['basis', 'status']).execute();
      expect(flags.map((f) => f.basis).sort()).toEqual(['engine', 'same_person']);
      await seedGovernanceDemo(ctx);
      expect(await counts(ctx)).toEqual(first);
    });
  },
  { lines: [rescueLine] },
);
