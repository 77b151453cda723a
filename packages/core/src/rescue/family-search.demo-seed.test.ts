import { expect, it } from 'vitest';
import { listPublishedReportsPublic } from '../matching/index';
import { matchingLine } from '../matching/line';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { familyFeedPart } from './family-feed.part';
import { FAMILY_DEMO_ACTOR } from './family-search.demo-seed';
import { RESCUE_PARTS, rescueLine } from './line';
import { listPublicNotices } from './public-notices.service';

type Ctx = ReturnType<typeof testContext>;

/** Rows of every table the family-search demo writes or leads to (a second run must add none). */
async function rowCounts(ctx: Ctx): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'rescueSearchNotices',
    'missingPersonReports',
    'familySearchEntries',
    'familyCandidates',
    'rescueReunions',
    'outboxEvents',
    'auditLog',
  ] as const) {
    const row = await ctx.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/** Every rescue part's demo seed in line order; the family-feed part (this seed) timed on its own. */
async function seedRescue(ctx: Ctx): Promise<{ total: number; familySearch: number }> {
  let total = 0;
  let familySearch = 0;
  for (const part of RESCUE_PARTS) {
    const started = performance.now();
    await part.seedDemo?.(ctx);
    const ms = performance.now() - started;
    total += ms;
    if (part === familyFeedPart) familySearch += ms;
  }
  return { total, familySearch };
}

describeEachDatabase(
  'family-search demo seed (notices, reports describing demo rescued people, candidates)',
  (t) => {
    it('gives candidates in both bands for the demo rescued people, public notices and reports, once', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-06-15T02:00:00.000Z'));
      // As in the demo accounts: a county reviewer and county rescue staff at 浏阳市 (430181).
      await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
      await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' });
      const time = await seedRescue(ctx);
      // The confirmation's event reaches the reunion subscriber (the dispatcher runs after the seed).
      await ctx.events.dispatchPending();
      const first = await rowCounts(ctx);
      await rescueLine.seedDemo!(ctx); // idempotent: a second run adds nothing
      await ctx.events.dispatchPending();
      const after = await rowCounts(ctx);
      expect(after).toEqual(first);
      console.info(
        `family-search demo seed (${t.db.dialect}): ${(time.familySearch / 1000).toFixed(2)} s of ` +
          `${(time.total / 1000).toFixed(2)} s for the rescue line's demo`,
        first,
      );

      const k = ctx.db.kysely;
      const candidates = await k
        .selectFrom('familyCandidates')
        .select(['leftEntryId', 'leftOwnerLine', 'rightEntryId', 'rightOwnerLine', 'band', 'status'])
        .execute();
      const rescueSides = new Set(
        candidates.flatMap((c) => [
          ...(c.leftOwnerLine === 'rescue' ? [c.leftEntryId] : []),
          ...(c.rightOwnerLine === 'rescue' ? [c.rightEntryId] : []),
        ]),
      );
      expect(rescueSides.size).toBeGreaterThanOrEqual(5);
      const bands = new Set(candidates.map((c) => c.band));
      expect(bands).toEqual(new Set(['strong', 'possible']));
      expect(candidates.filter((c) => c.status === 'confirmed')).toHaveLength(1);
      expect(candidates.filter((c) => c.status === 'rejected')).toHaveLength(1);
      expect(candidates.filter((c) => c.status === 'open').length).toBeGreaterThanOrEqual(5);

      // Reports: at the counter and on the public page; two families' relatives are in no station.
      const reports = await k
        .selectFrom('missingPersonReports')
        .select(['id', 'name', 'createdBy'])
        .execute();
      expect(reports.filter((r) => r.createdBy === FAMILY_DEMO_ACTOR).length).toBeGreaterThanOrEqual(4);
      expect(reports.filter((r) => r.createdBy === 'public-portal').length).toBeGreaterThanOrEqual(2);
      const paired = new Set(candidates.flatMap((c) => [c.leftEntryId, c.rightEntryId]));
      const unmatched = reports.filter((r) => !paired.has(r.id)).map((r) => r.name);
      expect(unmatched).toEqual(expect.arrayContaining(['向春兰', '邓家豪']));
      // A name variant of each kind found its person.
      expect(reports.filter((r) => paired.has(r.id)).length).toBeGreaterThanOrEqual(6);
      expect(reports.some((r) => /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(r.name ?? '') && paired.has(r.id))).toBe(
        true,
      );
      const published = await listPublishedReportsPublic(ctx, { page: 1, pageSize: 20 });
      expect(published.total).toBeGreaterThanOrEqual(2);

      // 寻亲公告: most open cases not identified have one, and they are on the public page.
      const open = await k
        .selectFrom('rescueCases')
        .select('id')
        .where('closedAt', 'is', null)
        .where('identityStatus', '!=', 'identified')
        .execute();
      const notices = await listPublicNotices(ctx, { page: 1, pageSize: 100 });
      expect(notices.total).toBeGreaterThanOrEqual(1);
      expect(notices.total * 3).toBeGreaterThan(open.length * 2);
      expect(JSON.stringify(notices.items)).not.toMatch(/救字〔\d{4}〕第\d+号/); // no case number

      // The confirmed candidate started the rescue reunion (H2's subscriber).
      const reunion = await k
        .selectFrom('rescueReunions')
        .select(['status', 'startedHow'])
        .where('candidateId', 'is not', null)
        .execute();
      expect(reunion).toEqual([{ status: 'contacting', startedHow: 'event' }]);
      expect(time.familySearch).toBeLessThan(20_000);
    }, 300_000);
  },
  { lines: [matchingLine, rescueLine] },
);

describeEachDatabase(
  'family-search demo seed without the matching line',
  (t) => {
    it('issues the 寻亲公告 only (reports and candidates are the matching line’s)', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-06-15T02:00:00.000Z'));
      await seedRescue(ctx);
      expect((await listPublicNotices(ctx, { page: 1, pageSize: 5 })).total).toBeGreaterThan(5);
    }, 300_000);
  },
  { lines: [rescueLine] },
);
