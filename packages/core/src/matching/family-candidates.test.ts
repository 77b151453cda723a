/**
 * Stored three-way family-search candidates (寻亲候选, ADR 0023): refreshed from the feed, withdrawn with
 * their records, never reopened once decided, scoped by either side, confirmed once with one event.
 */
import { isDomainError, newId } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import {
  claimFamilyCandidate,
  decideFamilyCandidate,
  familyCandidatesTodo,
  getFamilyCandidate,
  listFamilyCandidates,
  proposeFamilyCandidate,
  refreshCandidatesFor,
  refreshFamilyCandidates,
  releaseFamilyCandidate,
} from './family-candidates.service';
import {
  publishFamilySearchRecord,
  withdrawFamilySearchRecord,
  type FamilySearchRecordInput,
} from './family-search-entries.service';
import { changeMissingReportStatus, createMissingReport } from './family-search.service';
import { matchingLine } from './line';

async function publishAsLine(ctx: CoreContext, record: Omit<FamilySearchRecordInput, 'ownerId'>) {
  const ownerId = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await audit(ctx, trx, systemActor(record.ownerLine, '430000'), {
      action: `${record.ownerLine}.test-record`,
      targetType: `${record.ownerLine}_record`,
      targetId: ownerId,
      divisionCode: record.divisionCode,
    });
    await publishFamilySearchRecord(ctx, trx, { ...record, ownerId });
  });
  return ownerId;
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  return isDomainError(e) ? e.code : e instanceof Error ? e.message : undefined;
}

async function confirmedEvents(ctx: CoreContext) {
  return ctx.db.kysely
    .selectFrom('outboxEvents')
    .selectAll()
    .where('type', '=', 'family.match-confirmed')
    .execute();
}

describeEachDatabase(
  'family-search candidates (寻亲候选)',
  (t) => {
    async function setup() {
      const ctx = testContext(t.db, new ManualClock('2026-03-02T02:00:00.000Z'));
      const { actor: office } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
      const { actor: elsewhere } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430602' });
      const report = await createMissingReport(ctx, office, {
        name: '刘芳',
        sex: 'female',
        birthYear: 1990,
        lostOn: '2025-12-02',
        lostDivisionCode: '430181',
        features: '左眉有痣，说浏阳话',
      });
      // A woman taken in by a station in 浏阳市 who gives her name as 刘方 (a homophone).
      const living = await publishAsLine(ctx, {
        ownerLine: 'rescue',
        kind: 'unidentified-living',
        name: '刘方',
        sex: 'female',
        estimatedAge: { estimate: 35, asOf: '2026-01-10' },
        eventDate: '2026-01-10',
        placeCode: '430181',
        features: '左眉有痣',
        divisionCode: '430181',
      });
      // An unidentified body in 岳阳 (another prefecture), a man: not a candidate of the report.
      const body = await publishAsLine(ctx, {
        ownerLine: 'funeral',
        kind: 'unidentified-deceased',
        sex: 'male',
        estimatedAge: { estimate: 60, asOf: '2026-01-05' },
        eventDate: '2026-01-05',
        placeCode: '430602',
        divisionCode: '430602',
      });
      return { ctx, office, elsewhere, report, living, body };
    }

    it('a record withdrawn while the refresher searches is skipped, not the whole batch', async () => {
      const { ctx, office, report } = await setup();
      const refreshing = refreshFamilyCandidates(ctx);
      // The refresher takes a turn of the event loop after each record it searches (ADR 0040): the report
      // (the first record) has been searched and paired with the rescued woman in memory by now.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await changeMissingReportStatus(ctx, office, report.id, { status: 'found', reason: '已在外地找到' });
      // On SQLite the withdrawal commits before the batch is written (on PostgreSQL either may be first):
      // the batch is written without the report's pair, instead of failing as a whole.
      await expect(refreshing).resolves.toMatchObject({ processed: 3 });
      // The removal (a later seq) is applied by the next run: no undecided pair of the report is left.
      await expect(refreshFamilyCandidates(ctx)).resolves.toMatchObject({ processed: 1 });
      const left = await listFamilyCandidates(ctx, office, { entryId: report.id });
      expect(left.items.filter((c) => c.status !== 'withdrawn')).toEqual([]);
    });

    it('the refresher pairs a report with a rescued person; decided pairs are not reopened', async () => {
      const { ctx, office, report, living, body } = await setup();
      await refreshFamilyCandidates(ctx);
      const page = await listFamilyCandidates(ctx, office, { entryId: report.id });
      expect(page.items.map((c) => [c.left.entryId, c.right.entryId].sort())).toEqual([
        [report.id, living].sort(),
      ]);
      const c = page.items[0]!;
      expect(c).toMatchObject({ channel: 'data', status: 'open' });
      expect(c.explanation.data).toMatchObject({ name: 'homophone', sex: 'equal' });
      expect(page.items.some((x) => [x.left.entryId, x.right.entryId].includes(body))).toBe(false);
      // Idempotent: another run and a refresh on demand change nothing but the proposal.
      await refreshFamilyCandidates(ctx);
      expect(await refreshCandidatesFor(ctx, office, report.id)).toMatchObject({ proposed: 1 });
      expect((await listFamilyCandidates(ctx, office, { entryId: report.id })).total).toBe(1);
      // The home page's to-do counts the undecided candidate.
      expect(await familyCandidatesTodo.load(ctx, office)).toEqual([
        expect.objectContaining({ count: 1, link: '/matching/family-candidates' }),
      ]);
      // Rejected: a later refresh (the record changed) or another channel leaves the decision alone.
      await decideFamilyCandidate(ctx, office, c.id, {
        decision: 'reject',
        reason: '家属看过照片，不是本人',
      });
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await audit(ctx, trx, systemActor('rescue', '430000'), {
          action: 'rescue.test-record',
          targetType: 'rescue_record',
          targetId: living,
        });
        await publishFamilySearchRecord(ctx, trx, {
          ownerId: living,
          ownerLine: 'rescue',
          kind: 'unidentified-living',
          name: '刘芳',
          sex: 'female',
          estimatedAge: { estimate: 35, asOf: '2026-01-10' },
          eventDate: '2026-01-10',
          placeCode: '430181',
          divisionCode: '430181',
        });
        const again = await proposeFamilyCandidate(ctx, trx, {
          leftEntryId: living,
          rightEntryId: report.id,
          channel: 'face',
          score: 0.9,
          explanation: { distance: 0.31 },
        });
        expect(again).toMatchObject({ id: c.id, created: false, status: 'rejected' });
      });
      await refreshFamilyCandidates(ctx);
      expect(await getFamilyCandidate(ctx, office, c.id)).toMatchObject({
        status: 'rejected',
        channel: 'data',
      });
    });

    it('a removed record withdraws its open candidates; a withdrawn candidate cannot be decided', async () => {
      const { ctx, office, report } = await setup();
      await refreshFamilyCandidates(ctx);
      const [c] = (await listFamilyCandidates(ctx, office, { entryId: report.id })).items;
      await changeMissingReportStatus(ctx, office, report.id, { status: 'found', reason: '已在外地找到' });
      await refreshFamilyCandidates(ctx);
      const withdrawn = await getFamilyCandidate(ctx, office, c!.id);
      expect(withdrawn.status).toBe('withdrawn');
      expect(withdrawn.left.entryId === report.id ? withdrawn.left.active : withdrawn.right.active).toBe(
        false,
      );
      expect(
        await code(decideFamilyCandidate(ctx, office, c!.id, { decision: 'confirm', reason: '一致' })),
      ).toBe('CANDIDATE_WITHDRAWN');
    });

    it('scope: one side in scope shows the candidate (the other minimised); none → 404 on read and decide', async () => {
      const { ctx, office, elsewhere, report, living } = await setup();
      const body = await publishAsLine(ctx, {
        ownerLine: 'funeral',
        kind: 'unidentified-deceased',
        name: '刘芳',
        sex: 'female',
        estimatedAge: { estimate: 36, asOf: '2026-02-01' },
        eventDate: '2026-02-01',
        placeCode: '430602011',
        divisionCode: '430602',
        institutionId: 'funeral-home-1',
      });
      const id = await ctx.db.kysely.transaction().execute(async (trx) =>
        proposeFamilyCandidate(ctx, trx, {
          leftEntryId: report.id,
          rightEntryId: body,
          channel: 'dna',
          score: 1,
          explanation: { lab: '省厅DNA实验室', result: '比中' },
        }),
      );
      expect(id).toMatchObject({ created: true, status: 'open' });
      // 岳阳 sees it (the body is theirs); the report comes minimised.
      const seen = await getFamilyCandidate(ctx, elsewhere, id.id);
      const rep = seen.left.entryId === report.id ? seen.left : seen.right;
      expect(rep).toMatchObject({ inScope: false, contact: null });
      expect(rep.record?.reference).toBeNull();
      // 浏阳 sees the body minimised: place to county level, no institution.
      const fromOffice = await getFamilyCandidate(ctx, office, id.id);
      const b = fromOffice.left.entryId === body ? fromOffice.left : fromOffice.right;
      expect(b.record).toMatchObject({ placeCode: '430602', institutionId: null });
      // The data candidate (report ↔ rescued person, both in 430181) is invisible to 岳阳.
      await refreshFamilyCandidates(ctx);
      const pair = (await listFamilyCandidates(ctx, office, { entryId: living })).items[0]!;
      expect(await code(getFamilyCandidate(ctx, elsewhere, pair.id))).toBe('NOT_FOUND');
      expect(
        await code(decideFamilyCandidate(ctx, elsewhere, pair.id, { decision: 'confirm', reason: '一致' })),
      ).toBe('NOT_FOUND');
      expect(await code(listFamilyCandidates(ctx, elsewhere, { entryId: living }))).toBe('NOT_FOUND');
      const theirs = (await listFamilyCandidates(ctx, elsewhere, {})).items.map((c) => c.id);
      expect(theirs).toContain(id.id);
      expect(theirs).not.toContain(pair.id);
      // Nothing changed by the refused decision.
      expect((await getFamilyCandidate(ctx, office, pair.id)).status).toBe('open');
    });

    it('confirm: claim semantics, reason required, one event naming both sides', async () => {
      const { ctx, office, report, living } = await setup();
      const { actor: colleague } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
      await refreshFamilyCandidates(ctx);
      const c = (await listFamilyCandidates(ctx, office, { entryId: living })).items[0]!;
      expect(await code(decideFamilyCandidate(ctx, office, c.id, { decision: 'confirm', reason: ' ' }))).toBe(
        'REASON_REQUIRED',
      );
      await claimFamilyCandidate(ctx, office, c.id);
      expect(await code(releaseFamilyCandidate(ctx, colleague, c.id))).toBe('CANDIDATE_NOT_HELD');
      expect((await releaseFamilyCandidate(ctx, office, c.id)).status).toBe('open');
      await claimFamilyCandidate(ctx, colleague, c.id);
      expect(
        await code(decideFamilyCandidate(ctx, office, c.id, { decision: 'confirm', reason: '一致' })),
      ).toBe('CANDIDATE_ALREADY_CLAIMED');
      const done = await decideFamilyCandidate(ctx, colleague, c.id, {
        decision: 'confirm',
        reason: '家属辨认照片一致',
      });
      expect(done).toMatchObject({
        status: 'confirmed',
        decidedBy: colleague.username,
        reason: '家属辨认照片一致',
      });
      expect(
        await code(decideFamilyCandidate(ctx, colleague, c.id, { decision: 'confirm', reason: '再次确认' })),
      ).toBe('CANDIDATE_ALREADY_DECIDED');
      const events = await confirmedEvents(ctx);
      expect(events).toHaveLength(1);
      const payload = JSON.parse(events[0]!.payload) as Record<string, unknown>;
      const sides = [report.id, living].sort();
      expect(payload).toEqual({
        candidateId: c.id,
        channel: 'data',
        left: {
          entryId: sides[0],
          ownerLine: sides[0] === report.id ? 'matching' : 'rescue',
          kind: sides[0] === report.id ? 'missing-report' : 'unidentified-living',
        },
        right: {
          entryId: sides[1],
          ownerLine: sides[1] === report.id ? 'matching' : 'rescue',
          kind: sides[1] === report.id ? 'missing-report' : 'unidentified-living',
        },
        divisionCode: '430181',
      });
      const audits = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', c.id)
        .execute();
      expect(audits.map((a) => a.action).sort()).toEqual([
        'matching.family-candidate-claim',
        'matching.family-candidate-claim',
        'matching.family-candidate-confirm',
        'matching.family-candidate-release',
      ]);
    });

    it('an unnamed rescued person is paired by age, place and features (the lower bar); a far one is not', async () => {
      const { ctx, office, report } = await setup();
      const near = await publishAsLine(ctx, {
        ownerLine: 'rescue',
        kind: 'unidentified-living',
        sex: 'female',
        estimatedAge: { estimate: 36, asOf: '2026-02-01' },
        eventDate: '2026-02-01',
        placeCode: '430181',
        features: '左眉有痣，说浏阳话',
        divisionCode: '430181',
      });
      const far = await publishAsLine(ctx, {
        ownerLine: 'rescue',
        kind: 'unidentified-living',
        sex: 'female',
        estimatedAge: { estimate: 70, asOf: '2026-02-01' },
        eventDate: '2026-02-01',
        placeCode: '433101',
        divisionCode: '433101',
      });
      await refreshFamilyCandidates(ctx);
      const ids = (await listFamilyCandidates(ctx, office, { entryId: report.id })).items.flatMap((c) => [
        c.left.entryId,
        c.right.entryId,
      ]);
      expect(ids).toContain(near);
      expect(ids).not.toContain(far);
    });

    it('a proposal needs two records of different kinds', async () => {
      const { ctx, living } = await setup();
      const other = await publishAsLine(ctx, {
        ownerLine: 'rescue',
        kind: 'unidentified-living',
        sex: 'female',
        divisionCode: '430181',
      });
      await ctx.db.kysely.transaction().execute(async (trx) => {
        expect(
          await code(
            proposeFamilyCandidate(ctx, trx, {
              leftEntryId: living,
              rightEntryId: other,
              channel: 'face',
              score: 0.8,
              explanation: {},
            }),
          ),
        ).toBe('CANDIDATE_SAME_KIND');
      });
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await audit(ctx, trx, systemActor('rescue', '430000'), {
          action: 'rescue.test',
          targetType: 'x',
          targetId: other,
        });
        await withdrawFamilySearchRecord(ctx, trx, 'rescue', other);
      });
    });
  },
  { lines: [matchingLine] },
);
