import { isDomainError, newId } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { rescueLine } from './line';
import { placeCase } from './placements.service';
import { aRescueCase, aRescueStation, type RescueStationFixture } from './rescue.fixtures';
import { rescueStatistics } from './statistics.service';
import { aPartnerWithAgreement } from './stay.fixtures';
import { listRescueWarnings } from './warnings.service';

/** 10:00 Beijing on `day`. */
const at = (day: string) => `${day}T02:00:00.000Z`;

async function aDeparture(
  ctx: CoreContext,
  st: RescueStationFixture,
  caseId: string,
  kind: string,
  departedOn: string,
) {
  await ctx.db.kysely
    .insertInto('rescueDepartures')
    .values({
      id: newId(),
      caseId,
      stationId: st.id,
      divisionCode: st.divisionCode,
      kind,
      departedOn,
      cashTotalFen: 0,
      cashPayments: '[]',
      belongings: '[]',
      belongingsSigned: 1,
      recordedBy: 'test',
      recordedAt: at(departedOn),
    } as never)
    .execute();
}

/**
 * The small set: 芙蓉区 station A — person P admitted 2026-01-05 and gone home the same day, back on
 * 02-10 (still here); an unidentified woman admitted 02-11 and settled; 岳麓区 station B — an
 * unidentified man since 2025-10-01 (long-term stranded), placed in a foster home on 03-01; a girl of
 * about 12 admitted 03-20 (stranded from 03-31).
 */
async function smallSet(t: { db: Parameters<typeof testContext>[0] }) {
  const clock = new ManualClock(at('2025-10-01'));
  const ctx = testContext(t.db, clock);
  const a = await aRescueStation(ctx, { county: '430102' });
  const b = await aRescueStation(ctx, { county: '430104' });
  const b1 = await aRescueCase(ctx, b, { estimatedAge: 55, mentalSigns: true });
  clock.set(at('2026-01-05'));
  const a1 = await aRescueCase(ctx, a, { birthDate: '1975-03-03', name: '周永福', status: 'departed' });
  await aDeparture(ctx, a, a1.id, 'return_home', '2026-01-05');
  clock.set(at('2026-02-10'));
  const row = await ctx.db.kysely
    .selectFrom('rescueCases')
    .selectAll()
    .where('id', '=', a1.id)
    .executeTakeFirstOrThrow();
  await ctx.db.kysely
    .insertInto('rescueCases')
    .values({
      ...row,
      id: newId(),
      caseNo: `${row.caseNo}-2`,
      enteredAt: at('2026-02-10'),
      entryDate: '2026-02-10',
      status: 'in_station',
      closedAt: null,
      closeKind: null,
    })
    .execute();
  clock.set(at('2026-02-11'));
  await aRescueCase(ctx, a, { sex: 'female', estimatedAge: 30, status: 'settled' });
  const partner = await aPartnerWithAgreement(ctx, b);
  clock.set(at('2026-03-01'));
  await placeCase(ctx, b.staff, b1.id, {
    partnerId: partner.partnerId,
    startedOn: '2026-03-01',
    reason: '需长期照料，站内床位不足',
  });
  clock.set(at('2026-03-20'));
  await aRescueCase(ctx, b, { sex: 'female', estimatedAge: 12 });
  clock.set(at('2026-03-31'));
  return { ctx, clock, a, b, b1 };
}

describeEachDatabase(
  'rescue statistics (issue 15 item 7) and the supervisor view',
  (t) => {
    it('person-visits, distinct people, departures, settlements, placements by month and by county; long stays on the last day', async () => {
      const { ctx } = await smallSet(t);
      const city = (await aUser(ctx, { role: 'supervisor', divisionCode: '430100' })).actor;
      const s = await rescueStatistics(ctx, city, { from: '2026-01-01', to: '2026-03-31' });
      expect(s.period).toBe('month');
      expect(
        s.buckets.map((x) => [
          x.label,
          x.personVisits,
          x.distinctPersons,
          x.departures,
          x.settlements,
          x.placements,
        ]),
      ).toEqual([
        ['2026年1月', 1, 1, 1, 0, 0],
        ['2026年2月', 2, 2, 0, 1, 0],
        ['2026年3月', 1, 1, 0, 0, 1],
      ]);
      expect(s.totals).toEqual({
        personVisits: 4,
        distinctPersons: 3,
        departures: 1,
        settlements: 1,
        placements: 1,
      });
      const row = (code: string) => s.rows.find((r) => r.divisionCode === code);
      expect(row('430102')).toMatchObject({
        divisionName: '芙蓉区',
        personVisits: 3,
        distinctPersons: 2,
        departures: 1,
        settlements: 1,
      });
      expect(row('430104')).toMatchObject({ divisionName: '岳麓区', personVisits: 1, placements: 1 });
      expect(s.longStayOn).toBe('2026-03-31');
      expect(s.longStay).toEqual({ open: 3, stranded: 1, longTerm: 1, minors: 1, women: 1 });
      expect(s.departuresByKind.find((k) => k.kind === 'return_home')?.count).toBe(1);
      expect(
        s.cells.filter((c) => c.divisionCode === '430102').map((c) => [c.bucket, c.personVisits]),
      ).toEqual([
        ['2026-01', 1],
        ['2026-02', 2],
      ]);
      // By quarter: one bucket; a person admitted twice counts once.
      const q = await rescueStatistics(ctx, city, {
        from: '2026-01-01',
        to: '2026-03-31',
        period: 'quarter',
      });
      expect(q.buckets.map((x) => [x.key, x.label, x.personVisits, x.distinctPersons])).toEqual([
        ['2026-Q1', '2026年第1季度', 4, 3],
      ]);
      const y = await rescueStatistics(ctx, city, { from: '2025-01-01', to: '2026-03-31', period: 'year' });
      expect(y.buckets.map((x) => [x.label, x.personVisits])).toEqual([
        ['2025年', 1],
        ['2026年', 4],
      ]);
      // The division picker: one county.
      const yl = await rescueStatistics(ctx, city, {
        division: '430104',
        from: '2026-01-01',
        to: '2026-03-31',
      });
      expect(yl.totals.personVisits).toBe(1);
      expect(yl.longStay).toMatchObject({ open: 2, longTerm: 1, stranded: 1 });
    });

    it('station staff see their station only; a division or station outside scope is refused; the province supervisor sees every city', async () => {
      const { ctx, a, b } = await smallSet(t);
      const own = await rescueStatistics(ctx, a.staff, { from: '2026-01-01', to: '2026-03-31' });
      expect(own.totals.personVisits).toBe(3);
      const e = await rescueStatistics(ctx, a.staff, { stationId: b.id }).catch((x: unknown) => x);
      expect(isDomainError(e) && e.code).toBe('NOT_FOUND');
      const f = await rescueStatistics(ctx, a.countyStaff, { division: '430104' }).catch((x: unknown) => x);
      expect(isDomainError(f) && f.code).toBe('DIVISION_OUT_OF_SCOPE');
      const g = await rescueStatistics(ctx, a.staff, { from: '2026-03-01', to: '2026-01-01' }).catch(
        (x: unknown) => x,
      );
      expect(isDomainError(g) && g.code).toBe('PERIOD_INVALID');
      const province = (await aUser(ctx, { role: 'supervisor', divisionCode: '430000' })).actor;
      const p = await rescueStatistics(ctx, province, { from: '2026-01-01', to: '2026-03-31' });
      expect(p.rows.find((r) => r.divisionCode === '430100')).toMatchObject({
        divisionName: '长沙市',
        personVisits: 4,
      });
      expect(p.rows.length).toBeGreaterThan(10);
    });

    it('warnings include an overdue supervision visit of a placed person (R-RES-13, R3’s overdueVisits)', async () => {
      const { ctx, clock, b, b1 } = await smallSet(t);
      clock.set(at('2026-04-02'));
      const w = await listRescueWarnings(ctx, b.staff, { page: 1, pageSize: 50, kind: 'visit_overdue' });
      expect(w.items.map((i) => [i.caseId, i.since])).toEqual([[b1.id, '2026-04-02']]);
    });
  },
  { lines: [rescueLine] },
);
