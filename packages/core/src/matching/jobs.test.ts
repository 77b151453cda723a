import { expect, it } from 'vitest';
import { generateReverification } from '@social-affairs/linkage';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import { systemActor } from '../access/actor';
import { createJob, getJob, runJob } from './jobs.service';
import { insertMatchRecords } from './matching.repository';
import { aCompletedJob, aDeathRollSetup, DEATH_ROLL } from './matching.fixtures';
import { listPairs } from './review.service';
import type { MatchRecordRow } from './matching.table';
import { matchingLine } from './line';

describeEachDatabase(
  'comparison jobs',
  (t) => {
    async function setup() {
      const ctx = testContext(t.db);
      const { actor: clerk } = await aUser(ctx, { role: 'registrar', divisionCode: '430000' });
      const { actor: reviewer } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430000' });
      const people = await aDeathRollSetup(ctx, clerk, reviewer);
      return { ctx, clerk, reviewer, ...people };
    }

    it('compares the people index with a death roll and stores each candidate pair with its rule, band and field levels', async () => {
      const { ctx, reviewer, zhang, li, liuyang } = await setup();
      const { job, outcome } = await aCompletedJob(ctx, reviewer);
      expect(outcome).toBe('completed');
      const detail = await getJob(ctx, reviewer, job.id);
      expect(detail).toMatchObject({
        status: 'completed',
        leftCount: 6,
        rightCount: 4,
        processed: detail.total,
      });
      expect(detail.total).toBeGreaterThan(0);
      const { items } = await listPairs(ctx, reviewer, { jobId: job.id, page: 1, pageSize: 50 });
      expect(detail.pairsFound).toBe(items.length);
      const byLeft = new Map(items.map((p) => [p.id, p]));
      expect(byLeft.size).toBe(items.length);
      const rows = await ctx.db.kysely
        .selectFrom('matchPairs')
        .select(['id', 'leftId', 'band', 'rule'])
        .where('jobId', '=', job.id)
        .execute();
      const left = new Set(rows.map((r) => r.leftId));
      expect(left).toEqual(new Set([zhang.id, li.id, liuyang.id]));
      const exact = items.find((p) => rows.find((r) => r.id === p.id)?.leftId === zhang.id)!;
      expect(exact.rule).toBe('B0');
      expect(exact.fields.find((f) => f.field === 'id')?.level).toBe('exact');
      const homophone = items.find((p) => rows.find((r) => r.id === p.id)?.leftId === li.id)!;
      // Review, or fast track where the model allows a missing id with an exact birth date (issue 12).
      expect(['review', 'fast-track']).toContain(homophone.band);
      expect(homophone.fields.find((f) => f.field === 'name')?.level).toBe('homophone');
      expect(homophone.fields.find((f) => f.field === 'dob')?.level).toBe('exact');
      expect(homophone.fields.map((f) => f.field)).toEqual(['prior', 'id', 'name', 'dob', 'sex', 'region']);
      // Nothing changed a record automatically.
      const alive = await ctx.db.kysely
        .selectFrom('people')
        .select('status')
        .where('id', 'in', [zhang.id, li.id, liuyang.id])
        .execute();
      expect(alive.every((p) => p.status === 'alive')).toBe(true);
    });

    it('limits a county reviewer’s job to rolls inside the county', async () => {
      const { ctx } = await setup();
      const { actor: county } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
      const job = await createJob(ctx, county, {
        name: '浏阳市比对',
        ruleSet: 'reverification',
        left: { kind: 'people' },
        right: { kind: 'records', source: DEATH_ROLL },
      });
      expect(await runJob(ctx, job.id)).toBe('completed');
      const detail = await getJob(ctx, county, job.id);
      expect(detail).toMatchObject({ leftCount: 2, rightCount: 1, pairsFound: 1, divisionCode: '430181' });
      await expect(
        createJob(ctx, county, {
          name: 'x',
          ruleSet: 'reverification',
          left: { kind: 'people', division: '430102' },
          right: { kind: 'people' },
        }),
      ).rejects.toMatchObject({ code: 'DIVISION_OUT_OF_SCOPE' });
    });

    it('resumes a job left running by a stopped process from its cursor without duplicating pairs', async () => {
      const { ctx, reviewer } = await setup();
      const reference = await aCompletedJob(ctx, reviewer);
      const expected = (await getJob(ctx, reviewer, reference.job.id)).pairsFound;

      const job = await createJob(ctx, reviewer, {
        name: '中断后续跑',
        ruleSet: 'reverification',
        left: { kind: 'people', status: 'alive' },
        right: { kind: 'records', source: DEATH_ROLL },
      });
      let chunks = 0;
      const first = await runJob(ctx, job.id, { chunkSize: 1, shouldStop: () => chunks++ >= 3 });
      expect(first).toBe('stopped');
      const halfway = await getJob(ctx, reviewer, job.id);
      expect(halfway.status).toBe('running');
      expect(halfway.processed).toBeGreaterThan(0);
      expect(halfway.processed).toBeLessThan(halfway.total);

      // A fresh start (no resume flag) does not take a job another process holds …
      expect(await runJob(ctx, job.id)).toBe('not-runnable');
      // … the start-up resume does, from the stored cursor.
      expect(await runJob(ctx, job.id, { resume: true, chunkSize: 1 })).toBe('completed');
      expect((await getJob(ctx, reviewer, job.id)).pairsFound).toBe(expected);

      // A crash between storing pairs and the cursor replays chunks: the unique key absorbs them.
      await ctx.db.kysely
        .updateTable('matchJobs')
        .set({ status: 'running', cursor: null })
        .where('id', '=', job.id)
        .execute();
      expect(await runJob(ctx, job.id, { resume: true })).toBe('completed');
      const stored = await ctx.db.kysely
        .selectFrom('matchPairs')
        .select('id')
        .where('jobId', '=', job.id)
        .execute();
      expect(stored.length).toBe(expected);
    });

    it('resumes a running job when the runner starts, then takes queued jobs', async () => {
      const { ctx, reviewer } = await setup();
      const { MatchJobRunner } = await import('./job-runner');
      const spec = {
        ruleSet: 'reverification' as const,
        left: { kind: 'people' as const },
        right: { kind: 'records' as const, source: DEATH_ROLL },
      };
      const interrupted = await createJob(ctx, reviewer, { name: '上次中断', ...spec });
      let chunks = 0;
      expect(await runJob(ctx, interrupted.id, { chunkSize: 1, shouldStop: () => chunks++ >= 2 })).toBe(
        'stopped',
      );
      const queued = await createJob(ctx, reviewer, { name: '排队', ...spec });
      const runner = new MatchJobRunner(ctx, { chunkSize: 1 });
      await runner.drain(true);
      await runner.stop();
      expect((await getJob(ctx, reviewer, interrupted.id)).status).toBe('completed');
      expect((await getJob(ctx, reviewer, queued.id)).status).toBe('completed');
      expect((await getJob(ctx, reviewer, interrupted.id)).pairsFound).toBe(
        (await getJob(ctx, reviewer, queued.id)).pairsFound,
      );
    });

    it('stores explanations whose field weights add up to the stored score (prior and name frequency included)', async () => {
      const { ctx, reviewer } = await setup();
      const { job } = await aCompletedJob(ctx, reviewer);
      const rows = await ctx.db.kysely
        .selectFrom('matchPairs')
        .select(['score', 'explanation'])
        .where('jobId', '=', job.id)
        .execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const fields = JSON.parse(row.explanation) as { field: string; weight: number }[];
        expect(fields[0]!.field).toBe('prior');
        expect(fields[0]!.weight).toBeLessThan(0);
        const sum = Math.round(fields.reduce((s, f) => s + f.weight, 0) * 100) / 100;
        expect(Number(row.score)).toBeCloseTo(sum, 6);
      }
      const { items } = await listPairs(ctx, reviewer, { jobId: job.id, page: 1, pageSize: 50 });
      for (const p of items)
        expect(p.score).toBeCloseTo(Math.round(p.fields.reduce((s, f) => s + f.weight, 0) * 100) / 100, 6);
    });

    it('shows a pair stored before the prior had its own line with a line for the rest, so it still adds up', async () => {
      const { ctx, reviewer } = await setup();
      const { job } = await aCompletedJob(ctx, reviewer);
      const row = await ctx.db.kysely
        .selectFrom('matchPairs')
        .select(['id', 'score', 'explanation'])
        .where('jobId', '=', job.id)
        .executeTakeFirstOrThrow();
      const legacy = (JSON.parse(row.explanation) as { field: string; weight: number }[]).filter(
        (f) => f.field !== 'prior',
      );
      await ctx.db.kysely
        .updateTable('matchPairs')
        .set({ explanation: JSON.stringify(legacy) })
        .where('id', '=', row.id)
        .execute();
      const { items } = await listPairs(ctx, reviewer, { jobId: job.id, page: 1, pageSize: 50 });
      const shown = items.find((p) => p.id === row.id)!;
      expect(shown.fields[0]!.field).toBe('prior');
      expect(shown.score).toBeCloseTo(
        shown.fields.reduce((s, f) => s + f.weight, 0),
        2,
      );
    });

    it('cancels a running job: the runner stops at the next chunk and stores nothing after it', async () => {
      const { ctx, reviewer } = await setup();
      const { cancelJob } = await import('./jobs.service');
      const job = await createJob(ctx, reviewer, {
        name: '运行中取消',
        ruleSet: 'reverification',
        left: { kind: 'people' },
        right: { kind: 'records', source: DEATH_ROLL },
      });
      let chunks = 0;
      const outcome = await runJob(ctx, job.id, {
        chunkSize: 1,
        onProgress: () => {
          chunks++;
        },
        shouldStop: async () => {
          // Cancelled by a reviewer while the job runs (after its second chunk).
          if (chunks === 2) await cancelJob(ctx, reviewer, job.id, '名单选错了');
          return false;
        },
      });
      expect(outcome).toBe('cancelled');
      const detail = await getJob(ctx, reviewer, job.id);
      expect(detail.status).toBe('cancelled');
      expect(detail.finishedAt).not.toBeNull();
      expect(detail.processed).toBeLessThan(detail.total);
      expect(chunks).toBeLessThanOrEqual(3);
      const stored = await ctx.db.kysely
        .selectFrom('matchPairs')
        .select('id')
        .where('jobId', '=', job.id)
        .execute();
      expect(stored.length).toBe(detail.pairsFound);
      // A cancelled job is not resumed by the runner.
      expect(await runJob(ctx, job.id, { resume: true })).toBe('not-runnable');
    });

    it('does not run a cancelled job', async () => {
      const { ctx, reviewer } = await setup();
      const { cancelJob } = await import('./jobs.service');
      const job = await createJob(ctx, reviewer, {
        name: '取消',
        ruleSet: 'backfill',
        left: { kind: 'people' },
        right: { kind: 'records', source: DEATH_ROLL },
      });
      await cancelJob(ctx, reviewer, job.id, '建错了');
      expect(await runJob(ctx, job.id, { resume: true })).toBe('not-runnable');
      expect((await getJob(ctx, reviewer, job.id)).status).toBe('cancelled');
    });

    it('applies the one-to-one test over the whole job, resumed or not: namesakes without an id are not fast-tracked (ADR 0035)', async () => {
      const ctx = testContext(t.db);
      const reviewer = systemActor('test', '430000');
      const now = ctx.clock.now().toISOString();
      const record = (id: string, source: string, name: string, birthDate: string): MatchRecordRow => ({
        id,
        source,
        externalRef: id,
        name,
        sex: 'male',
        birthDate,
        residentId: null,
        eventDate: null,
        divisionCode: '430102',
        importedAt: now,
        importedBy: 'test',
      });
      // One recipient, two registry records of his exact name, birth date, sex and county, no ids; and a
      // recipient with one such record (unambiguous).
      await insertMatchRecords(ctx.db.kysely, [
        record('l-1', '低保名册', '王建国', '1961-03-04'),
        record('l-2', '低保名册', '欧阳春晓', '1975-09-21'),
        record('r-1', '户籍注销', '王建国', '1961-03-04'),
        record('r-2', '户籍注销', '王建国', '1961-03-04'),
        record('r-3', '户籍注销', '欧阳春晓', '1975-09-21'),
      ]);
      const spec = {
        ruleSet: 'reverification' as const,
        left: { kind: 'records' as const, source: '低保名册' },
        right: { kind: 'records' as const, source: '户籍注销' },
      };
      const whole = await createJob(ctx, reviewer, { name: '一次跑完', ...spec });
      expect(await runJob(ctx, whole.id, { chunkSize: 1 })).toBe('completed');
      const resumed = await createJob(ctx, reviewer, { name: '中断后续跑', ...spec });
      let chunks = 0;
      expect(await runJob(ctx, resumed.id, { chunkSize: 1, shouldStop: () => chunks++ >= 2 })).toBe(
        'stopped',
      );
      expect(await runJob(ctx, resumed.id, { chunkSize: 1, resume: true })).toBe('completed');
      const bands = async (jobId: string) =>
        (
          await ctx.db.kysely
            .selectFrom('matchPairs')
            .select(['leftId', 'rightId', 'band'])
            .where('jobId', '=', jobId)
            .orderBy('leftId')
            .orderBy('rightId')
            .execute()
        ).map((p) => `${p.leftId}:${p.rightId}:${p.band}`);
      expect(await bands(whole.id)).toEqual(['l-1:r-1:review', 'l-1:r-2:review', 'l-2:r-3:fast-track']);
      expect(await bands(resumed.id)).toEqual(await bands(whole.id));
      expect((await getJob(ctx, reviewer, whole.id)).pairsFound).toBe(3);
    });

    it('runs a job end to end on the small synthetic re-verification data with high fast-track precision', async () => {
      const ctx = testContext(t.db);
      // Synthetic counties span the country: the platform itself runs this job nationwide.
      const reviewer = systemActor('test', '000000');
      const data = generateReverification({ size: 'small', seed: 7 });
      const now = ctx.clock.now().toISOString();
      const rows = (source: string, records: typeof data.left): MatchRecordRow[] =>
        records.map((r, i) => ({
          id: `${source}-${String(i).padStart(6, '0')}`,
          source,
          externalRef: String(i),
          name: r.name,
          sex: r.sex,
          birthDate: r.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(r.birthDate) ? r.birthDate : null,
          residentId: r.residentId,
          eventDate: null,
          divisionCode: r.divisionCode,
          importedAt: now,
          importedBy: 'test',
        }));
      await insertMatchRecords(ctx.db.kysely, rows('低保名册', data.left));
      await insertMatchRecords(ctx.db.kysely, rows('户籍注销', data.right));
      const job = await createJob(ctx, reviewer, {
        name: 'small',
        ruleSet: 'reverification',
        left: { kind: 'records', source: '低保名册' },
        right: { kind: 'records', source: '户籍注销' },
      });
      const started = Date.now();
      const progress: number[] = [];
      expect(
        await runJob(ctx, job.id, {
          chunkSize: 10_000,
          randomPairs: 200_000,
          onProgress: (p) => progress.push(p.processed),
        }),
      ).toBe('completed');
      const seconds = (Date.now() - started) / 1000;
      const detail = await getJob(ctx, reviewer, job.id);
      expect(detail).toMatchObject({ leftCount: 15_000, rightCount: 50_000, processed: detail.total });
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const fast = await ctx.db.kysely
        .selectFrom('matchPairs')
        .select(['leftId', 'rightId'])
        .where('jobId', '=', job.id)
        .where('band', '=', 'fast-track')
        .execute();
      const index = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1));
      const correct = fast.filter((p) => data.truth[index(p.leftId)] === index(p.rightId)).length;
      expect(fast.length).toBeGreaterThan(5_000);
      expect(correct / fast.length).toBeGreaterThan(0.999);
      console.info(`small job: ${detail.pairsFound} pairs, ${seconds.toFixed(1)} s on ${t.dialect}`);
    }, 120_000);
  },
  { lines: [matchingLine] },
);
