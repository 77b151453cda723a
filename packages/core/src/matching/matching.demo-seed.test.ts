import { expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { seedDemoData } from '../seed/index';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { listJobs } from './jobs.service';
import { matchingLine } from './line';
import { DEMO_CREMATION_ROLL, DEMO_DIBAO_ROLL, seedMatchingDemo } from './matching.demo-seed';
import { listPairs } from './review.service';

describeEachDatabase(
  'matching demo data',
  (t) => {
    it('imports realistic rolls whose jobs yield pairs in both bands, and reports over the years', async () => {
      const ctx = testContext(t.db);
      await seedDemoData(ctx, { size: 'demo', seed: 1 });
      const first = await seedMatchingDemo(ctx);
      expect(first.records).toBeGreaterThan(100);
      expect(first.jobs).toBe(2);
      expect(await seedMatchingDemo(ctx)).toEqual({ records: 0, jobs: 0, pairs: 0, reports: 0 });
      const actor = systemActor('test', '430000');
      const jobs = await listJobs(ctx, actor, { page: 1, pageSize: 10 });
      expect(jobs.items.map((j) => j.status)).toEqual(['completed', 'completed']);
      for (const source of [DEMO_CREMATION_ROLL, DEMO_DIBAO_ROLL]) {
        const q = { source, page: 1, pageSize: 1 };
        const fast = await listPairs(ctx, actor, { ...q, band: 'fast-track' });
        const review = await listPairs(ctx, actor, { ...q, band: 'review' });
        expect(fast.total, `${source} fast-track`).toBeGreaterThan(5);
        expect(review.total, `${source} review`).toBeGreaterThan(5);
      }
      const decided = await listPairs(ctx, actor, { status: 'confirmed', page: 1, pageSize: 20 });
      expect(decided.total).toBeGreaterThan(0);
      const reports = await t.db.kysely
        .selectFrom('missingPersonReports')
        .select(['createdAt', 'status'])
        .execute();
      expect(reports.length).toBeGreaterThan(5);
      expect(new Set(reports.map((r) => r.createdAt.slice(0, 4))).size).toBeGreaterThanOrEqual(3);
      expect(reports.some((r) => r.status === 'found')).toBe(true);
    }, 300_000);
  },
  { lines: [matchingLine] },
);
