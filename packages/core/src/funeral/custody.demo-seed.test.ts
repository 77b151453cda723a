import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { seedCustodyDemo } from './custody.demo-seed';
import { custodyTodos, funeralBoard } from './custody.views';
import { seedFacilitiesDemo } from './facilities.demo-seed';
import { funeralLine } from './line';
import { systemActor } from '../access/index';

describeEachDatabase(
  'funeral custody demo seed',
  (t) => {
    it('seeds a dozen bodies in every step at the demo funeral homes, some due today, once', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-12-05T02:00:00.000Z'));
      await seedFacilitiesDemo(ctx);
      await seedCustodyDemo(ctx);
      const count = async () =>
        Number(
          (
            await ctx.db.kysely
              .selectFrom('funeralCases')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count()).toBe(12);
      await seedCustodyDemo(ctx);
      expect(await count()).toBe(12);
      const board = await funeralBoard(ctx, systemActor('test', '430000'));
      expect(board.counts).toMatchObject({
        ordered: 1,
        collected: 1,
        in_storage: 5,
        farewell: 1,
        cremated: 1,
      });
      expect(board.farewellsToday).toHaveLength(1);
      expect(board.noticesEnding).toHaveLength(1);
      expect(board.cremationsWaiting.filter((w) => w.unmet.length === 0)).toHaveLength(2);
      // The home page's to-dos: one order to collect, one farewell today.
      const todos = (
        await Promise.all(custodyTodos.map((t) => t.load(ctx, systemActor('test', '430000'))))
      ).flat();
      expect(todos.map((t) => t.count)).toEqual([1, 1]);
    });
  },
  { lines: [funeralLine] },
);
