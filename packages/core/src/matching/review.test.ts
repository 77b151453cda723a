import { expect, it } from 'vitest';
import { DomainError } from '@social-affairs/kernel';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import { verifyAuditChain } from '../audit/audit.service';
import { aCompletedJob, aDeathRollSetup } from './matching.fixtures';
import {
  assignPair,
  claimPair,
  decidePair,
  getPairComparison,
  listPairs,
  releasePair,
} from './review.service';
import { matchingLine } from './line';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );
}

describeEachDatabase(
  'review queue',
  (t) => {
    async function setup() {
      const ctx = testContext(t.db);
      const { actor: clerk } = await aUser(ctx, { role: 'registrar', divisionCode: '430000' });
      const { actor: province } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430000' });
      const { actor: a } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
      const { actor: b } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430100' });
      const people = await aDeathRollSetup(ctx, clerk, province);
      const { job } = await aCompletedJob(ctx, province);
      const queue = await listPairs(ctx, province, { jobId: job.id, page: 1, pageSize: 20 });
      return { ctx, province, a, b, job, queue, ...people };
    }

    it('lists pairs by band, job, source and division scope with paging, best score first', async () => {
      const { ctx, province, a, job, queue } = await setup();
      expect(queue.total).toBe(3);
      expect(queue.items.map((p) => p.score)).toEqual(
        [...queue.items.map((p) => p.score)].sort((x, y) => y - x),
      );
      const county = await listPairs(ctx, a, { page: 1, pageSize: 20 });
      expect(county.total).toBe(2);
      expect(county.items.every((p) => p.divisionCode === '430102')).toBe(true);
      const paged = await listPairs(ctx, province, { jobId: job.id, page: 2, pageSize: 2 });
      expect(paged).toMatchObject({ total: 3, page: 2 });
      expect(paged.items).toHaveLength(1);
      const review = await listPairs(ctx, province, {
        band: 'review',
        source: '殡仪馆火化名单',
        page: 1,
        pageSize: 20,
      });
      expect(review.items.every((p) => p.band === 'review' && p.rightSource === '殡仪馆火化名单')).toBe(true);
      expect((await listPairs(ctx, province, { source: '低保名册', page: 1, pageSize: 20 })).total).toBe(0);
      expect(await codeOf(listPairs(ctx, a, { division: '430181', page: 1, pageSize: 20 }))).toBe(
        'DIVISION_OUT_OF_SCOPE',
      );
    });

    it('lets exactly one of two concurrent claims win', async () => {
      const { ctx, a, b } = await setup();
      const pair = (await listPairs(ctx, a, { page: 1, pageSize: 1 })).items[0]!;
      const results = await Promise.allSettled([claimPair(ctx, a, pair.id), claimPair(ctx, b, pair.id)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0]!.reason as DomainError).code).toBe('PAIR_ALREADY_CLAIMED');
      const row = await ctx.db.kysely
        .selectFrom('matchPairs')
        .select(['status', 'claimedBy'])
        .where('id', '=', pair.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('claimed');
      expect([a.username, b.username]).toContain(row.claimedBy);
    });

    it('assigns a pair to another reviewer of the county, who then decides it; an assigned pair cannot be claimed', async () => {
      const { ctx, province, a, b } = await setup();
      const { actor: supervisor } = await aUser(ctx, { role: 'supervisor', divisionCode: '430000' });
      const { actor: elsewhere } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
      const pair = (await listPairs(ctx, a, { page: 1, pageSize: 1 })).items[0]!;
      expect(await codeOf(assignPair(ctx, province, pair.id, supervisor.username))).toBe(
        'ASSIGNEE_NOT_REVIEWER',
      );
      expect(await codeOf(assignPair(ctx, province, pair.id, elsewhere.username))).toBe(
        'ASSIGNEE_NOT_REVIEWER',
      );
      expect((await assignPair(ctx, province, pair.id, a.username)).claimedBy).toBe(a.username);
      expect(await codeOf(claimPair(ctx, b, pair.id))).toBe('PAIR_ALREADY_CLAIMED');
      expect(await codeOf(assignPair(ctx, province, pair.id, b.username))).toBe('PAIR_ALREADY_CLAIMED');
      expect((await decidePair(ctx, a, pair.id, { decision: 'reject', reason: '出生日期不同' })).status).toBe(
        'rejected',
      );
      const audit = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'details'])
        .where('targetId', '=', pair.id)
        .orderBy('seq')
        .execute();
      expect(audit.map((r) => r.action)).toEqual(['matching.pair-assign', 'matching.pair-reject']);
    });

    it('requires a reason for every decision and refuses a decision on a pair another reviewer holds', async () => {
      const { ctx, a, b } = await setup();
      const pair = (await listPairs(ctx, a, { page: 1, pageSize: 1 })).items[0]!;
      await claimPair(ctx, a, pair.id);
      expect(await codeOf(decidePair(ctx, a, pair.id, { decision: 'confirm', reason: ' ' }))).toBe(
        'REASON_REQUIRED',
      );
      expect(await codeOf(decidePair(ctx, b, pair.id, { decision: 'reject', reason: '姓名不同' }))).toBe(
        'PAIR_ALREADY_CLAIMED',
      );
      expect(await codeOf(releasePair(ctx, b, pair.id))).toBe('PAIR_NOT_CLAIMED_BY_YOU');
      await releasePair(ctx, a, pair.id);
      expect((await claimPair(ctx, b, pair.id)).claimedBy).toBe(b.username);
    });

    it('confirms a pair with an audited decision and a match.confirmed event, and changes no record', async () => {
      const { ctx, a, zhang } = await setup();
      const rows = await ctx.db.kysely.selectFrom('matchPairs').select(['id', 'leftId']).execute();
      const pairId = rows.find((r) => r.leftId === zhang.id)!.id;
      await claimPair(ctx, a, pairId);
      const decided = await decidePair(ctx, a, pairId, {
        decision: 'confirm',
        reason: '身份证号码一致，火化证明已核实',
      });
      expect(decided).toMatchObject({
        status: 'confirmed',
        decidedBy: a.username,
        decisionReason: '身份证号码一致，火化证明已核实',
        claimedBy: null,
      });
      expect(await codeOf(decidePair(ctx, a, pairId, { decision: 'reject', reason: '改主意' }))).toBe(
        'PAIR_ALREADY_DECIDED',
      );
      expect(await codeOf(claimPair(ctx, a, pairId))).toBe('PAIR_ALREADY_DECIDED');
      const events = await ctx.db.kysely
        .selectFrom('outboxEvents')
        .selectAll()
        .where('type', '=', 'match.confirmed')
        .execute();
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0]!.payload)).toMatchObject({
        pairId,
        leftKind: 'people',
        leftId: zhang.id,
        rightKind: 'records',
        divisionCode: '430102',
      });
      const audit = await ctx.db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('targetId', '=', pairId)
        .orderBy('seq')
        .execute();
      expect(audit.map((r) => r.action)).toEqual(['matching.pair-claim', 'matching.pair-confirm']);
      expect(audit[1]!.reason).toBe('身份证号码一致，火化证明已核实');
      const person = await ctx.db.kysely
        .selectFrom('people')
        .select('status')
        .where('id', '=', zhang.id)
        .executeTakeFirstOrThrow();
      expect(person.status).toBe('alive');
      expect((await verifyAuditChain(ctx)).ok).toBe(true);
    });

    it('decides an open pair in one step, and returns an unsure pair to the queue for a second look', async () => {
      const { ctx, a, b } = await setup();
      const pair = (await listPairs(ctx, a, { page: 1, pageSize: 1 })).items[0]!;
      expect(
        (await decidePair(ctx, a, pair.id, { decision: 'unsure', reason: '需调取火化证明' })).status,
      ).toBe('unsure');
      expect(
        (await listPairs(ctx, b, { status: 'unsure', page: 1, pageSize: 5 })).items.map((p) => p.id),
      ).toContain(pair.id);
      expect(
        (await decidePair(ctx, b, pair.id, { decision: 'reject', reason: '出生地不同，非同一人' })).status,
      ).toBe('rejected');
    });

    it('shows both records side by side with differing fields, masked ids, and audits the read', async () => {
      const { ctx, a, li } = await setup();
      const rows = await ctx.db.kysely.selectFrom('matchPairs').select(['id', 'leftId']).execute();
      const pairId = rows.find((r) => r.leftId === li.id)!.id;
      const cmp = await getPairComparison(ctx, a, pairId, '人工核查');
      expect(cmp.left).toMatchObject({
        kind: 'people',
        name: '李秀英',
        birthDate: '1948-11-02',
        status: 'alive',
      });
      expect(cmp.left!.residentIdMasked).toMatch(/^430102\*{8}\d{3}[\dX]$/);
      expect(cmp.right).toMatchObject({
        kind: 'records',
        name: '李秀瑛',
        source: '殡仪馆火化名单',
        eventDate: '2026-10-03',
        residentIdMasked: null,
      });
      const differs = Object.fromEntries(cmp.differences.map((d) => [d.field, d.differs]));
      expect(differs).toMatchObject({ name: true, birthDate: false, residentId: true, divisionCode: false });
      const read = await ctx.db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'matching.pair-read')
        .execute();
      expect(read).toHaveLength(1);
      expect(read[0]).toMatchObject({ targetId: pairId, actorUsername: a.username, reason: '人工核查' });
    });

    it('hides a pair outside the reviewer’s county as not found', async () => {
      const { ctx, province, liuyang } = await setup();
      const { actor: other } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
      const rows = await ctx.db.kysely.selectFrom('matchPairs').select(['id', 'leftId']).execute();
      const pairId = rows.find((r) => r.leftId === liuyang.id)!.id;
      expect((await getPairComparison(ctx, province, pairId)).pair.id).toBe(pairId);
      expect(await codeOf(getPairComparison(ctx, other, pairId))).toBe('NOT_FOUND');
      expect(await codeOf(claimPair(ctx, other, pairId))).toBe('NOT_FOUND');
      expect(await codeOf(decidePair(ctx, other, pairId, { decision: 'confirm', reason: '一致' }))).toBe(
        'NOT_FOUND',
      );
    });

    it('refuses review actions to a supervisor who may only read', async () => {
      const { ctx, queue } = await setup();
      const { actor: supervisor } = await aUser(ctx, { role: 'supervisor', divisionCode: '430000' });
      expect((await listPairs(ctx, supervisor, { page: 1, pageSize: 5 })).total).toBe(3);
      expect(await codeOf(claimPair(ctx, supervisor, queue.items[0]!.id))).toBe('PERMISSION_DENIED');
    });
  },
  { lines: [matchingLine] },
);
