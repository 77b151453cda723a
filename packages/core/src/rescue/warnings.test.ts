import { isDomainError, newId } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { rescueLine } from './line';
import { aRescueCase, aRescueStation } from './rescue.fixtures';
import { aPartnerWithAgreement } from './stay.fixtures';
import { listRescueWarnings, warningsTodos } from './warnings.service';

/** 10:00 Beijing on `day`. */
const at = (day: string) => `${day}T02:00:00.000Z`;
const page = { page: 1, pageSize: 50 };
const [stayTodo, longTermTodo] = warningsTodos;

describeEachDatabase(
  'rescue warnings (R-RES-05, R-RES-11) and to-dos',
  (t) => {
    it('R-RES-05 TC: an adult admitted 2025-03-01 still in the station on 2025-03-12 with no extension → a warning from 03-12', async () => {
      const clock = new ManualClock(at('2025-03-01'));
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const adult = await aRescueCase(ctx, st, { birthDate: '1980-05-05', name: '张建国' });
      await aRescueCase(ctx, st, { birthDate: '1979-01-01', name: '李志强', mentalSigns: true });
      await aRescueCase(ctx, st, { birthDate: '2012-06-01', name: '王小军' });
      clock.set(at('2025-03-11'));
      expect((await listRescueWarnings(ctx, st.staff, { ...page, kind: 'stay_over_limit' })).total).toBe(0);
      clock.set(at('2025-03-12'));
      const w = await listRescueWarnings(ctx, st.staff, { ...page, kind: 'stay_over_limit' });
      expect(w.items).toHaveLength(1);
      expect(w.items[0]).toMatchObject({
        kind: 'stay_over_limit',
        caseId: adult.id,
        subject: '张建国',
        since: '2025-03-12',
        daysLate: 0,
        link: `/rescue/cases/${adult.id}`,
      });
      expect(w.today).toBe('2025-03-12');
      // An approved extension to 03-20 covers the days up to it; from 03-21 the warning is back.
      const now = ctx.clock.now().toISOString();
      await ctx.db.kysely
        .insertInto('rescueStayExtensions')
        .values({
          id: newId(),
          caseId: adult.id,
          stationId: st.id,
          divisionCode: st.divisionCode,
          reason: '等待家属来接',
          requestedUntil: '2025-03-20',
          status: 'approved',
          approvalId: null,
          decidedAt: now,
          decisionReason: '同意',
          createdBy: 'test',
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      expect((await listRescueWarnings(ctx, st.staff, { ...page, kind: 'stay_over_limit' })).total).toBe(0);
      clock.set(at('2025-03-21'));
      const after = await listRescueWarnings(ctx, st.staff, { ...page, kind: 'stay_over_limit' });
      expect(after.items.map((i) => [i.caseId, i.since])).toEqual([[adult.id, '2025-03-21']]);
    });

    it('R-RES-11: unidentified, stranded from 03-14 and long-term from 06-04 (entry 2025-03-03); identified people never', async () => {
      const clock = new ManualClock(at('2025-03-03'));
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const unknown = await aRescueCase(ctx, st, { estimatedAge: 50, mentalSigns: true });
      await aRescueCase(ctx, st, { birthDate: '1970-01-01', mentalSigns: true, name: '刘德明' });
      const stay = (w: Awaited<ReturnType<typeof listRescueWarnings>>) =>
        w.items.filter((i) => i.kind === 'stranded' || i.kind === 'long_term');
      clock.set(at('2025-03-13'));
      expect(stay(await listRescueWarnings(ctx, st.staff, page))).toEqual([]);
      clock.set(at('2025-03-14'));
      let w = await listRescueWarnings(ctx, st.staff, page);
      expect(stay(w).map((i) => [i.kind, i.caseId, i.since, i.subject])).toEqual([
        ['stranded', unknown.id, '2025-03-14', '无名氏'],
      ]);
      expect(w.counts).toMatchObject({ stranded: 1, long_term: 0, stay_over_limit: 0 });
      clock.set(at('2025-06-03'));
      expect(stay(await listRescueWarnings(ctx, st.staff, page))[0]?.kind).toBe('stranded');
      clock.set(at('2025-06-04'));
      w = await listRescueWarnings(ctx, st.staff, page);
      expect(stay(w).map((i) => [i.kind, i.since, i.daysLate])).toEqual([['long_term', '2025-06-04', 0]]);
      expect(w.unavailable).toEqual([]);
    });

    it('R-RES-10: an unidentified person’s 寻亲公告 not logged within 24 hours is an overdue action (R4’s overdueActions)', async () => {
      const clock = new ManualClock('2025-03-03T02:30:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const unknown = await aRescueCase(ctx, st, { estimatedAge: 50 });
      clock.set('2025-03-04T02:00:00.000Z');
      expect((await listRescueWarnings(ctx, st.staff, { ...page, kind: 'action_overdue' })).total).toBe(0);
      clock.set('2025-03-04T03:00:00.000Z');
      const w = await listRescueWarnings(ctx, st.staff, { ...page, kind: 'action_overdue' });
      expect(w.items.length).toBeGreaterThan(0);
      expect(w.items.every((i) => i.caseId === unknown.id && i.since === '2025-03-04')).toBe(true);
      expect(w.items[0]?.detail).toContain('2025-03-04 10:30');
    });

    it('scope: station staff see their station, a sibling station nothing, county and city supervisors all, with the division picker', async () => {
      const clock = new ManualClock(at('2025-03-01'));
      const ctx = testContext(t.db, clock);
      const a = await aRescueStation(ctx, { county: '430102' });
      const b = await aRescueStation(ctx, { county: '430102' });
      const c = await aRescueStation(ctx, { county: '430104' });
      const ca = await aRescueCase(ctx, a, { birthDate: '1980-05-05' });
      const cc = await aRescueCase(ctx, c, { birthDate: '1981-05-05' });
      clock.set(at('2025-03-12'));
      const keys = async (actor: typeof a.staff, q: object = {}) =>
        (await listRescueWarnings(ctx, actor, { ...page, ...q })).items.map((i) => i.caseId).sort();
      expect(await keys(a.staff)).toEqual([ca.id]);
      expect(await keys(b.staff)).toEqual([]);
      expect(await keys(a.countyStaff)).toEqual([ca.id]);
      const city = (await aUser(ctx, { role: 'supervisor', divisionCode: '430100' })).actor;
      expect(await keys(city)).toEqual([ca.id, cc.id].sort());
      expect(await keys(city, { division: '430104' })).toEqual([cc.id]);
      expect(await keys(city, { stationId: a.id })).toEqual([ca.id]);
      // Another station's id from a station account, or a division outside scope: refused.
      const e = await listRescueWarnings(ctx, b.staff, { ...page, stationId: a.id }).catch((x: unknown) => x);
      expect(isDomainError(e) && e.code).toBe('NOT_FOUND');
      const f = await listRescueWarnings(ctx, a.countyStaff, { ...page, division: '430104' }).catch(
        (x: unknown) => x,
      );
      expect(isDomainError(f) && f.code).toBe('DIVISION_OUT_OF_SCOPE');
    });

    it('to-dos: stay over the limit for the station’s staff (not another station’s); long-term stranded for county reviewers and supervisors', async () => {
      const clock = new ManualClock(at('2024-11-01'));
      const ctx = testContext(t.db, clock);
      const a = await aRescueStation(ctx, { county: '430102' });
      const b = await aRescueStation(ctx, { county: '430102' });
      await aRescueCase(ctx, a, { estimatedAge: 60, mentalSigns: true });
      clock.set(at('2025-03-01'));
      await aRescueCase(ctx, a, { birthDate: '1980-05-05' });
      clock.set(at('2025-03-12'));
      expect(stayTodo!.permission).toBe('rescue:write');
      expect(await stayTodo!.load(ctx, a.staff)).toEqual([
        expect.objectContaining({ kind: 'rescue.stay-over-limit', count: 1, dueOn: '2025-03-12' }),
      ]);
      expect((await stayTodo!.load(ctx, b.staff))[0]?.count).toBe(0);
      expect((await stayTodo!.load(ctx, a.countyStaff))[0]?.count).toBe(1);
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      const otherReviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430104' })).actor;
      const province = (await aUser(ctx, { role: 'supervisor', divisionCode: '430000' })).actor;
      expect(await longTermTodo!.load(ctx, reviewer)).toEqual([
        expect.objectContaining({ kind: 'rescue.long-term-stranded', count: 1, dueOn: '2025-02-02' }),
      ]);
      expect((await longTermTodo!.load(ctx, otherReviewer))[0]?.count).toBe(0);
      expect((await longTermTodo!.load(ctx, province))[0]?.count).toBe(1);
      // Station staff work the case; the long-term to-do is the supervisors'.
      expect(await longTermTodo!.load(ctx, a.staff)).toEqual([]);
    });

    it('R-RES-13: a partner institution never inspected is due, on the supervisor’s list only', async () => {
      const ctx = testContext(t.db, new ManualClock(at('2026-03-02')));
      const st = await aRescueStation(ctx, { county: '430102' });
      const partner = await aPartnerWithAgreement(ctx, st, { name: '芙蓉区社会福利院' });
      const city = (await aUser(ctx, { role: 'supervisor', divisionCode: '430100' })).actor;
      const w = await listRescueWarnings(ctx, city, { ...page, kind: 'inspection_due' });
      expect(w.items.map((i) => [i.subject, i.stationId, i.caseId])).toEqual([
        ['芙蓉区社会福利院', null, null],
      ]);
      expect(w.items[0]?.key).toBe(`inspection_due:${partner.partnerId}`);
      expect((await listRescueWarnings(ctx, st.staff, { ...page, kind: 'inspection_due' })).total).toBe(0);
    });
  },
  { lines: [rescueLine] },
);
