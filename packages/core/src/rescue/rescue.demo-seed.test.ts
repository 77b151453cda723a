import { parseResidentId, type PlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { runHotlineRetention } from './hotline.service';
import { rescueLine } from './line';
import { seedRescueDemo } from './rescue.demo-seed';
import { overdueActions } from './actions.service';
import { seedStationsDemo } from './stations.seed';
import { overdueVisits } from './visits.service';
import { rescueStatistics } from './statistics.service';
import { listRescueWarnings } from './warnings.service';

/** Rows of every table the demo seed writes (a second run must add none). */
async function rowCounts(ctx: ReturnType<typeof testContext>): Promise<Record<string, number>> {
  const tables = [
    'rescueCases',
    'rescueHotlineCalls',
    'rescueServices',
    'rescueActionLog',
    'rescueDepartures',
    'rescuePlacements',
    'rescueVisits',
    'rescueStayExtensions',
    'rescueSettlements',
    'rescueMinorEducation',
    'rescueFundItems',
    'attachments',
    'approvalInstances',
    'auditLog',
  ] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await ctx.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

describeEachDatabase(
  'rescue demo seed (cases through intake, hotline calls)',
  (t) => {
    it('seeds ~60 realistic cases and hotline calls once, with warnings and statistics to show', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-06-15T02:00:00.000Z'));
      await seedStationsDemo(ctx);
      // As in the demo accounts: a county reviewer and county rescue staff at 浏阳市 (430181).
      await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
      const countyStaff = await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' });
      const started = performance.now();
      await seedRescueDemo(ctx);
      const seconds = (performance.now() - started) / 1000;
      const before = await rowCounts(ctx);
      await seedRescueDemo(ctx); // idempotent: a second run adds nothing
      expect(await rowCounts(ctx)).toEqual(before);
      console.info(`rescue demo seed (${t.db.dialect}): ${seconds.toFixed(1)} s`, before);
      const cases = await ctx.db.kysely
        .selectFrom('rescueCases as c')
        .innerJoin('people as p', 'p.id', 'c.personId')
        .select([
          'c.identityStatus',
          'c.sex',
          'c.entryDate',
          'c.mentalSigns',
          'c.estimatedAge',
          'p.residentId',
        ])
        .execute();
      expect(cases.length).toBeGreaterThanOrEqual(55);
      expect(cases.length).toBeLessThanOrEqual(60);
      for (const c of cases.filter((x) => x.identityStatus === 'identified')) {
        expect(() => parseResidentId(c.residentId!)).not.toThrow();
      }
      expect(cases.filter((c) => c.sex === 'female').length).toBeGreaterThan(8);
      expect(cases.filter((c) => c.estimatedAge !== null && c.estimatedAge < 16).length).toBeGreaterThan(2);
      expect(cases.every((c) => c.entryDate >= '2025-12-15' && c.entryDate <= '2026-06-15')).toBe(true);
      const hotline = await ctx.db.kysely.selectFrom('rescueHotlineCalls').select('recordedOn').execute();
      expect(hotline).toHaveLength(48);
      const city = (await aUser(ctx, { role: 'supervisor', divisionCode: '430000' })).actor; // every demo station
      const w = await listRescueWarnings(ctx, city, { page: 1, pageSize: 10 });
      expect(w.counts.stay_over_limit).toBeGreaterThan(0);
      expect(w.counts.stranded).toBeGreaterThan(0);
      expect(w.counts.long_term).toBeGreaterThan(0);
      const s = await rescueStatistics(ctx, city, {});
      expect(s.totals.personVisits).toBe(cases.length);
      expect(s.buckets).toHaveLength(6);
      // Calls older than the retention period are purged on the job's first run.
      expect((await runHotlineRetention(ctx)).purged).toBeGreaterThan(0);

      // The demo activity (rescue.demo-activity.ts): departures, actions, placements, approvals, minors, funds.
      const k = ctx.db.kysely;
      const departures = await k
        .selectFrom('rescueDepartures')
        .select([
          'kind',
          'collectorResidentIdMasked',
          'collectorIdCopyAttachmentId',
          'declarationAttachmentId',
        ])
        .execute();
      expect(departures.length).toBeGreaterThanOrEqual(15);
      const kinds = new Set(departures.map((d) => d.kind));
      expect(kinds).toEqual(new Set(['return_home', 'collected_by_family', 'self_departure']));
      for (const d of departures.filter((x) => x.kind === 'collected_by_family')) {
        expect(d.collectorResidentIdMasked).toMatch(/\*/);
        expect(d.collectorIdCopyAttachmentId).not.toBeNull();
      }
      const identifiedOld = cases.filter(
        (c) => c.identityStatus === 'identified' && c.entryDate <= '2026-06-12',
      );
      const departedIdentified = await k
        .selectFrom('rescueCases')
        .select('id')
        .where('identityStatus', '=', 'identified')
        .where('entryDate', '<=', '2026-06-12')
        .where('status', '=', 'departed')
        .execute();
      expect(departedIdentified.length * 2).toBeGreaterThan(identifiedOld.length); // most older ones left
      const attachments = await k
        .selectFrom('attachments')
        .select(['kind', 'mediaType'])
        .where('ownerType', '=', 'rescue_case')
        .execute();
      expect(
        attachments.some((a) => a.kind === 'collector_id_copy' && a.mediaType === 'application/pdf'),
      ).toBe(true);
      expect(attachments.some((a) => a.kind === 'visit_evidence' && a.mediaType === 'image/png')).toBe(true);
      const services = await k.selectFrom('rescueServices').select('kind').execute();
      expect(services.length).toBeGreaterThan(80);
      expect(new Set(services.map((x) => x.kind))).toEqual(
        new Set(['food', 'lodging', 'clothing', 'medical', 'contact_help', 'travel_voucher']),
      );
      // Prescribed actions: most open cases not identified have all seven; a few are overdue.
      const logged = await k.selectFrom('rescueActionLog').select(['caseId', 'step']).execute();
      const open = await k
        .selectFrom('rescueCases')
        .select('id')
        .where('identityStatus', '!=', 'identified')
        .where('closedAt', 'is', null)
        .execute();
      const sevenDone = open.filter(
        (c) => new Set(logged.filter((l) => l.caseId === c.id).map((l) => l.step)).size >= 7,
      );
      expect(sevenDone.length * 3).toBeGreaterThan(open.length * 2);
      const overdue = await overdueActions(ctx, city);
      expect(overdue.length).toBeGreaterThanOrEqual(3);
      expect(new Set(overdue.map((o) => o.caseId)).size).toBeLessThanOrEqual(6);
      // Placements with monthly visits, one overdue.
      const placements = await k.selectFrom('rescuePlacements').select(['kind', 'status']).execute();
      expect(placements.filter((x) => x.status === 'active').length).toBeGreaterThanOrEqual(3);
      expect(placements.some((x) => x.kind === 'hospital')).toBe(true);
      expect((await k.selectFrom('rescueVisits').select('id').execute()).length).toBeGreaterThanOrEqual(4);
      expect(await overdueVisits(ctx, city, '2026-06-15' as PlainDate)).toHaveLength(1);
      // One extension pending with the county, one settlement file pending approval, one minor in school.
      const extensions = await k
        .selectFrom('rescueStayExtensions')
        .select(['status', 'approvalId'])
        .execute();
      expect(extensions).toHaveLength(1);
      expect(extensions[0]).toMatchObject({ status: 'pending' });
      const settlements = await k.selectFrom('rescueSettlements').select(['status', 'approvalId']).execute();
      expect(settlements).toHaveLength(1);
      expect(settlements[0]).toMatchObject({ status: 'pending' });
      const approvals = await k
        .selectFrom('approvalInstances')
        .select(['id', 'status', 'divisionCode', 'submittedByUsername'])
        .where('id', 'in', [extensions[0]!.approvalId!, settlements[0]!.approvalId!])
        .execute();
      expect(approvals.map((a) => a.status)).toEqual(['pending', 'pending']);
      // Both land with the county reviewer's county, submitted by its rescue staff.
      for (const a of approvals) {
        expect(a).toMatchObject({ divisionCode: '430181', submittedByUsername: countyStaff.username });
      }
      const education = await k.selectFrom('rescueMinorEducation').select('kind').execute();
      expect(education).toEqual([{ kind: 'school' }]);
      const funds = await k.selectFrom('rescueFundItems').select('category').execute();
      expect(new Set(funds.map((f) => f.category))).toEqual(
        new Set(['living', 'medical', 'purchased_service']),
      );
      expect(seconds).toBeLessThan(60);
    }, 180_000);
  },
  { lines: [rescueLine] },
);
