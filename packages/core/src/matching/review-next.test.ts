/** The review queue's "next pair", the owning line's follow-up of a confirmed pair, and scoring a chosen pair. */
import { expect, it } from 'vitest';
import { DomainError } from '@social-affairs/kernel';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import { verifyAuditChain } from '../audit/audit.service';
import { aCompletedJob, aDeathRollSetup } from './matching.fixtures';
import {
  claimNextPair,
  completeFollowUp,
  decidePair,
  getPairComparison,
  listPairs,
  matchingTodos,
  scoreRecords,
} from './review.service';
import { matchingLine } from './line';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );
}

const sum = (fields: { weight: number }[]) =>
  Math.round(fields.reduce((s, f) => s + f.weight, 0) * 100) / 100;

describeEachDatabase(
  'review queue: next pair, follow-up, scoring a chosen pair',
  (t) => {
    async function setup() {
      const ctx = testContext(t.db);
      const { actor: clerk } = await aUser(ctx, { role: 'registrar', divisionCode: '430000' });
      const { actor: province } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430000' });
      const { actor: a } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
      const { actor: b } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
      const { actor: supervisor } = await aUser(ctx, { role: 'supervisor', divisionCode: '430000' });
      const people = await aDeathRollSetup(ctx, clerk, province);
      const { job } = await aCompletedJob(ctx, province);
      return { ctx, province, a, b, supervisor, job, ...people };
    }

    it('claims the best open pair in scope for the asking reviewer; two reviewers asking at once get different pairs', async () => {
      const { ctx, a, b, job } = await setup();
      const [first, second] = await Promise.all([
        claimNextPair(ctx, a, { jobId: job.id }),
        claimNextPair(ctx, b, { jobId: job.id }),
      ]);
      expect(first).not.toBeNull();
      expect(second).not.toBeNull();
      expect(first!.id).not.toBe(second!.id);
      for (const [p, who] of [
        [first!, a],
        [second!, b],
      ] as const) {
        expect(p).toMatchObject({ status: 'claimed', claimedBy: who.username, divisionCode: '430102' });
        expect(p.leftName).toBeTruthy();
      }
      // Asking again before deciding gives back the pair one already holds.
      expect((await claimNextPair(ctx, a, { jobId: job.id }))!.id).toBe(first!.id);
      // 芙蓉区 has two pairs: both taken, so a third reviewer gets nothing …
      const { actor: c } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
      expect(await claimNextPair(ctx, c, { jobId: job.id })).toBeNull();
      // … and a reviewer who marks a pair unsure is not handed it again; another reviewer is.
      await decidePair(ctx, a, first!.id, { decision: 'unsure', reason: '需调取档案' });
      expect(await claimNextPair(ctx, a, { jobId: job.id })).toBeNull();
      expect((await claimNextPair(ctx, c, { jobId: job.id }))!.id).toBe(first!.id);
      const claims = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'targetId', 'actorUsername'])
        .where('action', '=', 'matching.pair-claim')
        .execute();
      expect(claims).toHaveLength(3);
    });

    it('stays within the reviewer’s scope and refuses a reader', async () => {
      const { ctx, a, supervisor } = await setup();
      const { actor: liuyang } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
      const p = await claimNextPair(ctx, liuyang, {});
      expect(p!.divisionCode).toBe('430181');
      expect(await claimNextPair(ctx, liuyang, {})).toMatchObject({ id: p!.id });
      expect(await codeOf(claimNextPair(ctx, a, { division: '430181' }))).toBe('DIVISION_OUT_OF_SCOPE');
      expect(await codeOf(claimNextPair(ctx, supervisor, {}))).toBe('PERMISSION_DENIED');
      // A job of another county is not found.
      const { actor: furong } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
      const { createJob } = await import('./jobs.service');
      const countyJob = await createJob(ctx, furong, {
        name: '芙蓉区比对',
        ruleSet: 'reverification',
        left: { kind: 'people' },
        right: { kind: 'people' },
      });
      expect(await codeOf(claimNextPair(ctx, liuyang, { jobId: countyJob.id }))).toBe('NOT_FOUND');
    });

    it('a confirmed pair leaves a follow-up for the owning line: a to-do until a clerk marks it done', async () => {
      const { ctx, province, a, job } = await setup();
      const [toReview, followUps] = matchingTodos;
      expect((await toReview!.load(ctx, a))[0]!.count).toBe(2);
      expect((await followUps!.load(ctx, a))[0]).toMatchObject({ count: 0, line: 'matching' });

      const pair = (await claimNextPair(ctx, a, { jobId: job.id }))!;
      await decidePair(ctx, a, pair.id, { decision: 'confirm', reason: '身份证号与姓名一致' });
      expect((await toReview!.load(ctx, a))[0]!.count).toBe(1);
      const todo = (await followUps!.load(ctx, a))[0]!;
      expect(todo).toMatchObject({
        kind: 'matching.confirmed-follow-up',
        count: 1,
        link: '/matching/review?status=confirmed&followUp=pending',
      });
      expect((await followUps!.load(ctx, province))[0]!.count).toBe(1);
      const pending = await listPairs(ctx, a, { followUp: 'pending', page: 1, pageSize: 20 });
      expect(pending.items.map((p) => p.id)).toEqual([pair.id]);
      expect((await getPairComparison(ctx, a, pair.id)).followUp).toMatchObject({ status: 'pending' });

      expect(await codeOf(completeFollowUp(ctx, a, pair.id, ' '))).toBe('REASON_REQUIRED');
      const done = await completeFollowUp(ctx, a, pair.id, '已通知低保窗口停发核实');
      expect(done).toMatchObject({ status: 'done', doneBy: a.username, note: '已通知低保窗口停发核实' });
      expect((await followUps!.load(ctx, a))[0]!.count).toBe(0);
      expect((await listPairs(ctx, a, { followUp: 'done', page: 1, pageSize: 20 })).total).toBe(1);
      expect(await codeOf(completeFollowUp(ctx, a, pair.id, '再次办结'))).toBe('FOLLOW_UP_ALREADY_DONE');
      const other = (await listPairs(ctx, a, { status: 'open', page: 1, pageSize: 20 })).items[0]!;
      expect(await codeOf(completeFollowUp(ctx, a, other.id, '未确认'))).toBe('FOLLOW_UP_NOT_PENDING');
      const audited = await ctx.db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'matching.follow-up-done')
        .execute();
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ targetId: pair.id, reason: '已通知低保窗口停发核实' });
      expect((await verifyAuditChain(ctx)).ok).toBe(true);
    });

    it('scores two chosen records with an explanation that adds up, within scope, as an audited read', async () => {
      const { ctx, a, zhang, li, liuyang, job } = await setup();
      const records = await ctx.db.kysely.selectFrom('matchRecords').select(['id', 'externalRef']).execute();
      const ref = (r: string) => records.find((x) => x.externalRef === r)!.id;
      const same = await scoreRecords(ctx, a, {
        left: { kind: 'people', id: zhang.id },
        right: { kind: 'records', id: ref('HZ-001') },
        reason: '核对',
      });
      expect(same).toMatchObject({ band: 'fast-track', model: 'reference' });
      expect(same.probability).toBeGreaterThan(0.999);
      expect(same.weight).toBe(sum(same.fields));
      expect(same.fields.map((f) => f.field)).toEqual(['prior', 'id', 'name', 'dob', 'sex', 'region']);

      // With the job's own model (a province job covers the county).
      const different = await scoreRecords(ctx, a, {
        left: { kind: 'people', id: li.id },
        right: { kind: 'records', id: ref('HZ-001') },
        jobId: job.id,
      });
      expect(different).toMatchObject({ band: 'no-link', model: 'job' });
      expect(different.weight).toBe(sum(different.fields));

      // A record outside the reviewer's county is not found, whichever side it is on.
      expect(
        await codeOf(
          scoreRecords(ctx, a, {
            left: { kind: 'people', id: zhang.id },
            right: { kind: 'people', id: liuyang.id },
          }),
        ),
      ).toBe('NOT_FOUND');
      expect(
        await codeOf(
          scoreRecords(ctx, a, {
            left: { kind: 'records', id: ref('HZ-003') },
            right: { kind: 'people', id: zhang.id },
          }),
        ),
      ).toBe('NOT_FOUND');
      const reads = await ctx.db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'matching.pair-score')
        .execute();
      expect(reads).toHaveLength(2);
      expect(reads[0]).toMatchObject({ actorUsername: a.username, reason: '核对' });
      expect(JSON.stringify(reads)).not.toMatch(/\d{17}[\dX]/);
    });
  },
  { lines: [matchingLine] },
);
