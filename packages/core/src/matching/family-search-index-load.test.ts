import { expect, it } from 'vitest';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import { defaultMatchingConfig } from './family-candidates.config';
import { familyIndex, familyIndexProgress, startFamilyIndexLoad } from './family-search-index';
import { refreshFamilyCandidates } from './family-candidates.service';
import { createMissingReport, familySearch } from './family-search.service';
import { matchingLine } from './line';

const NAMES = ['刘芳', '张小军', '王秀英', '李建国', '陈丽', '杨波', '赵敏'];

/** A sink for the worker's errors (the logger interface a line's worker gets). */
function errorLog() {
  const errors: unknown[] = [];
  return { errors, logger: { error: (obj: unknown) => void errors.push(obj) } };
}

describeEachDatabase(
  'family-search index load (ADR 0040)',
  (t) => {
    async function setup(config?: Record<string, unknown>) {
      const ctx = testContext(t.db, undefined, config ? { lines: { matching: config } } : {});
      const { actor } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430000' });
      for (const [i, name] of NAMES.entries())
        await createMissingReport(ctx, actor, {
          name,
          sex: i % 2 === 0 ? 'female' : 'male',
          birthYear: 1980 + i,
          lostDivisionCode: '430181',
          features: '左眉有痣',
        });
      return { ctx, actor };
    }

    /** Polls the index between turns of the event loop while `load` runs; returns the sizes seen. */
    async function sizesDuringLoad(ctx: CoreContext, load: Promise<unknown>): Promise<Set<number>> {
      const seen = new Set<number>();
      let done = false;
      const watching = (async () => {
        while (!done) {
          const p = familyIndexProgress(ctx.db);
          if (p?.loading) seen.add(p.records);
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      })();
      await load;
      done = true;
      await watching;
      return seen;
    }

    it('applies a long load in slices, with turns of the event loop between them', async () => {
      const { ctx } = await setup();
      const seen = await sizesDuringLoad(ctx, familyIndex(ctx, { slice: 2 }));
      // Other work ran while the page was half applied (2, 4, 6 records in), not only before or after.
      expect([...seen].some((n) => n > 0 && n < NAMES.length)).toBe(true);
      expect(familyIndexProgress(ctx.db)).toEqual({ records: NAMES.length, loading: false });
    });

    it('applies a page in one go when it fits a slice (the default for small feeds)', async () => {
      const { ctx } = await setup();
      const seen = await sizesDuringLoad(ctx, familyIndex(ctx));
      expect([...seen].filter((n) => n > 0 && n < NAMES.length)).toEqual([]);
      expect(familyIndexProgress(ctx.db)?.records).toBe(NAMES.length);
    });

    it('a search asked for during the load waits for all of it', async () => {
      const { ctx, actor } = await setup();
      const loading = familyIndex(ctx, { slice: 1 });
      const found = await familySearch(ctx, actor, { name: '赵敏', sex: 'female' });
      await loading;
      expect(found.indexed).toBe(NAMES.length);
      expect(found.items[0]?.record.name).toBe('赵敏');
    });

    it('the server worker loads the index at start, and reports no error', async () => {
      const { ctx } = await setup();
      const { errors, logger } = errorLog();
      const started = startFamilyIndexLoad(ctx, logger);
      await started.loaded;
      expect(familyIndexProgress(ctx.db)).toEqual({ records: NAMES.length, loading: false });
      await started.stop();
      expect(errors).toEqual([]);
    });

    it('stop (shutdown) ends a load in progress at its next slice', async () => {
      const { ctx } = await setup();
      const { errors, logger } = errorLog();
      const started = startFamilyIndexLoad(ctx, logger, { slice: 2 });
      await started.stop();
      // The first slice was applied, the load stopped before the next one.
      expect(familyIndexProgress(ctx.db)).toEqual({ records: 2, loading: false });
      expect(errors).toEqual([]);
    });

    it("the candidates' refresher answers other work between records", async () => {
      const { ctx } = await setup();
      let turns = 0;
      let done = false;
      const ticking = (async () => {
        while (!done) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          turns++;
        }
      })();
      const result = await refreshFamilyCandidates(ctx);
      done = true;
      await ticking;
      expect(result.processed).toBe(NAMES.length);
      // At least one turn of the event loop per record searched (on SQLite nothing else yields).
      expect(turns).toBeGreaterThanOrEqual(NAMES.length);
    });

    const worker = () => {
      const w = matchingLine.workers?.find((x) => x.name === 'matching.family-index');
      if (!w) throw new Error('the matching line has no family-index worker');
      return w;
    };

    it('the matching line starts the load with the server (familySearchIndexAtStart: true)', async () => {
      const { ctx } = await setup({ ...defaultMatchingConfig });
      const running = worker().start(ctx, errorLog().logger);
      expect(familyIndexProgress(ctx.db)?.loading).toBe(true);
      await running.stop();
    });

    it('familySearchIndexAtStart: false leaves the load to the first search', async () => {
      const { ctx } = await setup({ ...defaultMatchingConfig, familySearchIndexAtStart: false });
      await worker().start(ctx, errorLog().logger).stop();
      expect(familyIndexProgress(ctx.db)).toBeUndefined();
    });
  },
  { lines: [matchingLine] },
);
