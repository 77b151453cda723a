import { newId } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { recordDeath } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { disabilityBoard } from './board.service';
import { defaultDisabilityConfig } from './disability.config';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anApplication,
  anEntitlement,
  type DisabledPersonFixture,
} from './disability.fixtures';
import { disabilityLine } from './line';
import {
  outreachCandidates,
  outreachCoverage,
  outreachReminders,
  recordOutreachOutcome,
  refreshOutreach,
} from './outreach.service';
import { disabilityStatistics } from './statistics.service';

const NOW = '2026-11-02T02:00:00.000Z'; // Beijing 2026-11-02

async function hukou(ctx: CoreContext, p: DisabledPersonFixture, code: string) {
  await ctx.db.kysely
    .updateTable('people')
    .set({ hukouDivisionCode: code })
    .where('id', '=', p.personId)
    .execute();
}

/**
 * The holders of 浏阳市 (430181), worked by hand. Township 430181001 (T1) and 430181102 (T2).
 * care list: a (T1), dual (T1, best certificate grade 1), newCert (T2, issued 10-20); living list: h (T1),
 * newDibao (T2, 低保 from 10-28, also grade 2 → care list too).
 */
async function holders(ctx: CoreContext) {
  const t1 = '430181001';
  const t2 = '430181102';
  const a = await aDisabledPerson(ctx, { grade: 2 });
  const receiving = await aDisabledPerson(ctx, { grade: 1 });
  await anEntitlement(ctx, receiving, { subsidy: 'care', divisionCode: t1 });
  const applying = await aDisabledPerson(ctx, { grade: 2 });
  const pendingApp = await anApplication(ctx, applying, {
    subsidies: ['care'],
    divisionCode: t1,
    status: 'reviewing',
  });
  const dead = await aDisabledPerson(ctx, { grade: 1 });
  await recordDeath(ctx, systemActor('test', '430181'), dead.personId, {
    deathDate: '2026-10-01',
    source: '测试',
  });
  const outsider = await aDisabledPerson(ctx, { grade: 2 });
  await hukou(ctx, outsider, '440106001'); // 广州 (R-DIS-01 TC4: not eligible in Hunan)
  const expired = await aDisabledPerson(ctx, { grade: 2, certificateStatus: 'expired' });
  const pastValidity = await aDisabledPerson(ctx, { grade: 1, validUntil: '2026-10-31' });
  const h = await aDisabledPerson(ctx, { grade: 4, category: 1, dibaoFrom: '2020-01-01' });
  const livingReceiving = await aDisabledPerson(ctx, { grade: 3, dibaoFrom: '2020-01-01' });
  await anEntitlement(ctx, livingReceiving, { subsidy: 'living', divisionCode: t1 });
  const dibaoEnded = await aDisabledPerson(ctx, { grade: 4, dibaoFrom: '2020-01-01', dibaoTo: '2026-06-30' });
  const tekun = await aDisabledPerson(ctx, { grade: 1, tekunFrom: '2021-01-01', dibaoFrom: '2020-01-01' });
  const intellectual = await aDisabledPerson(ctx, { grade: 4, category: 5 });
  const newCert = await aDisabledPerson(ctx, { grade: 2 });
  const newDibao = await aDisabledPerson(ctx, { grade: 2, dibaoFrom: '2026-10-28' });
  const dual = await aDisabledPerson(ctx, { grade: 4 });
  // A second valid certificate of `dual` (grade 1): one row, the more severe one.
  const dualCert = newId();
  await ctx.db.kysely
    .insertInto('disabilityCertificates')
    .values({
      id: dualCert,
      number: `${dual.residentId}11`,
      personId: dual.personId,
      category: 1,
      grade: 1,
      issuedOn: '2019-05-01',
      validUntil: null,
      status: 'valid',
      statusOn: null,
      divisionCode: '430181',
      source: 'manual',
      importRunId: null,
      createdAt: '2019-05-01T00:00:00.000Z',
      updatedAt: '2019-05-01T00:00:00.000Z',
      version: 1,
    })
    .execute();
  for (const p of [
    a,
    receiving,
    applying,
    dead,
    expired,
    pastValidity,
    h,
    livingReceiving,
    dibaoEnded,
    tekun,
    intellectual,
    dual,
  ]) {
    await hukou(ctx, p, t1);
  }
  await hukou(ctx, newCert, t2);
  await hukou(ctx, newDibao, t2);
  // Imported long ago, except newCert's certificate issued 2026-10-20 (within 30 days).
  await ctx.db.kysely
    .updateTable('disabilityCertificates')
    .set({ createdAt: '2020-01-02T00:00:00.000Z' })
    .execute();
  await ctx.db.kysely
    .updateTable('disabilityCertificates')
    .set({ issuedOn: '2026-10-20' })
    .where('personId', '=', newCert.personId)
    .execute();
  return {
    a,
    receiving,
    applying,
    pendingApp,
    dead,
    outsider,
    h,
    intellectual,
    newCert,
    newDibao,
    dual,
    dualCert,
    tekun,
    t1,
    t2,
  };
}

const names = (page: { items: { personId: string }[] }) => page.items.map((i) => i.personId).sort();
const q = (list: 'care' | 'living' | 'new_certificate' | 'new_dibao') => ({ list, page: 1, pageSize: 50 });

describeEachDatabase(
  'disability outreach (policy finds people)',
  (t) => {
    it('each list finds exactly the eligible people not receiving and not applying; coverage; extension', async () => {
      const ctx = testContext(t.db, new ManualClock(NOW));
      const c = await aDisabilityCounty(ctx);
      const f = await holders(ctx);
      const care = await outreachCandidates(ctx, c.countyClerk, q('care'));
      expect(names(care)).toEqual([f.a, f.newCert, f.newDibao, f.dual].map((p) => p.personId).sort());
      const dualRow = care.items.find((i) => i.personId === f.dual.personId)!;
      expect(dualRow).toMatchObject({ certificateId: f.dualCert, grade: 1, foundBy: 'standing' });
      expect(care.items.find((i) => i.personId === f.a.personId)!.residentIdMasked).toMatch(
        /^430181\*+\d{3}[\dX]$/,
      );
      const living = await outreachCandidates(ctx, c.countyClerk, q('living'));
      expect(names(living)).toEqual([f.h, f.newDibao].map((p) => p.personId).sort());
      expect(living.items.find((i) => i.personId === f.newDibao.personId)!.foundBy).toBe('new_dibao');
      const newCert = await outreachCandidates(ctx, c.countyClerk, q('new_certificate'));
      expect(newCert.items.map((i) => [i.personId, i.subsidy])).toEqual([[f.newCert.personId, 'care']]);
      const newDibao = await outreachCandidates(ctx, c.countyClerk, q('new_dibao'));
      expect(newDibao.items.map((i) => [i.personId, i.subsidy])).toEqual([[f.newDibao.personId, 'living']]);
      // Scope: the township sees its own hukou holders only; a search by name narrows.
      const t2 = await outreachCandidates(ctx, c.otherTownshipClerk, q('care'));
      expect(names(t2)).toEqual([f.newCert, f.newDibao].map((p) => p.personId).sort());
      await expect(
        outreachCandidates(ctx, c.otherTownshipClerk, { ...q('care'), division: f.t1 }),
      ).rejects.toMatchObject({
        code: 'DIVISION_OUT_OF_SCOPE',
      });
      // Coverage (care: a, receiving, applying, newCert, newDibao, dual eligible; receiving covered, applying applying).
      const cov = await outreachCoverage(ctx, c.countyClerk, {});
      expect(cov.totals.care).toEqual({ eligible: 6, covered: 1, applying: 1, unserved: 4, rate: 0.1667 });
      // living: h, livingReceiving, newDibao (低保 in force; tekun excluded, dibaoEnded off the roll).
      expect(cov.totals.living).toEqual({ eligible: 3, covered: 1, applying: 0, unserved: 2, rate: 0.3333 });
      expect(cov.rows.find((r) => r.divisionCode === f.t2)!.care).toMatchObject({ eligible: 2, covered: 0 });
      expect(cov.lists).toEqual({ care: 4, living: 2, new_certificate: 1, new_dibao: 1 });
      // The grade 3–4 intellectual/mental care extension where configured (R-DIS-01 TC2).
      const extended = testContext(t.db, new ManualClock(NOW), {
        lines: {
          disability: {
            ...defaultDisabilityConfig,
            extensions: [
              {
                divisionCode: '4301',
                from: '2026-01-01',
                livingLowIncome: false,
                livingElderlyParents: false,
                livingMultipleDisabled: false,
                careGrade34IntellectualMental: true,
                basis: '测试扩面文件',
              },
            ],
          },
        },
      });
      const careExt = await outreachCandidates(extended, c.countyClerk, q('care'));
      expect(names(careExt)).toContain(f.intellectual.personId);
      expect(careExt.total).toBe(5);
    });

    it('reminders: refresh idempotent, scope, outcomes and refusals, lapse, quiet period', async () => {
      const ctx = testContext(t.db, new ManualClock(NOW));
      const c = await aDisabilityCounty(ctx);
      const f = await holders(ctx);
      await expect(refreshOutreach(ctx, c.townshipClerk, {})).rejects.toMatchObject({
        code: 'OUTREACH_REFRESH_COUNTY_ONLY',
      });
      await expect(refreshOutreach(ctx, c.federation, {})).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
      });
      const first = await refreshOutreach(ctx, c.countyClerk, {});
      expect(first).toMatchObject({ created: 6, lapsed: 0, stillOpen: 6, divisionCode: '430181' });
      const again = await refreshOutreach(ctx, c.countyClerk, {});
      expect(again).toMatchObject({ created: 0, lapsed: 0, stillOpen: 6 });
      const t1 = await outreachReminders(ctx, c.townshipClerk, { status: 'open', page: 1, pageSize: 50 });
      expect(t1.items.map((r) => `${r.personId}:${r.subsidy}`).sort()).toEqual(
        [`${f.a.personId}:care`, `${f.dual.personId}:care`, `${f.h.personId}:living`].sort(),
      );
      const reminderOf = (personId: string) => t1.items.find((r) => r.personId === personId)!;
      const ra = reminderOf(f.a.personId);
      // Refusals: another township (404), applied without / with another person's application, no reason.
      await expect(
        recordOutreachOutcome(ctx, c.otherTownshipClerk, ra.id, { outcome: 'refused' }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(
        recordOutreachOutcome(ctx, c.townshipClerk, ra.id, { outcome: 'applied' }),
      ).rejects.toMatchObject({
        code: 'OUTREACH_APPLICATION_REQUIRED',
      });
      await expect(
        recordOutreachOutcome(ctx, c.townshipClerk, ra.id, {
          outcome: 'applied',
          applicationId: f.pendingApp.id,
        }),
      ).rejects.toMatchObject({ code: 'OUTREACH_APPLICATION_OTHER_PERSON' });
      await expect(
        recordOutreachOutcome(ctx, c.townshipClerk, ra.id, { outcome: 'not_eligible' }),
      ).rejects.toMatchObject({
        code: 'OUTREACH_NOTE_REQUIRED',
      });
      const unchanged = await outreachReminders(ctx, c.townshipClerk, {
        status: 'open',
        page: 1,
        pageSize: 50,
      });
      expect(unchanged.total).toBe(3);
      // Applied, linked to the person's own application.
      const app = await anApplication(ctx, f.a, { subsidies: ['care'], divisionCode: f.t1 });
      const done = await recordOutreachOutcome(ctx, c.townshipClerk, ra.id, {
        outcome: 'applied',
        applicationId: app.id,
      });
      expect(done).toMatchObject({
        status: 'done',
        outcome: 'applied',
        applicationId: app.id,
        applicationNo: app.applicationNo,
      });
      await expect(
        recordOutreachOutcome(ctx, c.townshipClerk, ra.id, { outcome: 'refused' }),
      ).rejects.toMatchObject({
        code: 'OUTREACH_NOT_OPEN',
      });
      const rh = reminderOf(f.h.personId);
      await recordOutreachOutcome(ctx, c.townshipClerk, rh.id, { outcome: 'refused', note: '本人暂不申请' });
      // `dual` starts receiving care: the next refresh lapses that reminder; the refused h is not reminded
      // again within the quiet period; a is applying so is not on the list.
      await anEntitlement(ctx, f.dual, { subsidy: 'care', divisionCode: f.t1 });
      const third = await refreshOutreach(ctx, c.countyClerk, {});
      expect(third).toMatchObject({ created: 0, lapsed: 1, stillOpen: 3 });
      const lapsed = await outreachReminders(ctx, c.countyClerk, { status: 'lapsed', page: 1, pageSize: 50 });
      expect(lapsed.items.map((r) => r.personId)).toEqual([f.dual.personId]);
      const audits = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action'])
        .where('action', 'like', 'disability.outreach.%')
        .execute();
      expect(new Set(audits.map((r) => r.action))).toEqual(
        new Set([
          'disability.outreach.reminders',
          'disability.outreach.outcome',
          'disability.outreach.refresh',
        ]),
      );
    });

    it('statistics from a frozen roster and entitlement events; scope; the day board', async () => {
      const ctx = testContext(t.db, new ManualClock(NOW));
      const c = await aDisabilityCounty(ctx);
      const p1 = await aDisabledPerson(ctx, { grade: 1, dibaoFrom: '2020-01-01' });
      const p2 = await aDisabledPerson(ctx, { grade: 2 });
      await hukou(ctx, p1, c.township);
      await hukou(ctx, p2, c.otherTownship);
      const e1 = await anEntitlement(ctx, p1, {
        subsidy: 'care',
        divisionCode: c.township,
        fromMonth: '2026-09',
      });
      const e2 = await anEntitlement(ctx, p1, {
        subsidy: 'living',
        divisionCode: c.township,
        fromMonth: '2026-09',
      });
      const e3 = await anEntitlement(ctx, p2, {
        subsidy: 'care',
        divisionCode: c.otherTownship,
        fromMonth: '2026-10',
      });
      await ctx.db.kysely
        .insertInto('disabilityEntitlementEvents')
        .values({
          id: newId(),
          entitlementId: e3.id,
          kind: 'stopped',
          effectiveMonth: '2026-11',
          reasonCode: 'death',
          note: null,
          source: 'death',
          sourceId: null,
          actorId: 'test',
          at: NOW,
        })
        .execute();
      const roster = async (
        month: string,
        lines: [string, string, 'care' | 'living', string, number, string][],
      ) => {
        const id = newId();
        await ctx.db.kysely
          .insertInto('disabilityRosterMonths')
          .values({
            id,
            countyCode: '430181',
            month,
            status: month === '2026-11' ? 'frozen' : 'closed',
            recipients: lines.length,
            totalFen: lines.reduce((n, l) => n + l[4], 0),
            frozenAt: NOW,
            frozenBy: 'test',
            createdAt: NOW,
            updatedAt: NOW,
            version: 1,
          })
          .execute();
        for (const [entitlementId, personId, subsidy, divisionCode, amountFen, change] of lines) {
          await ctx.db.kysely
            .insertInto('disabilityRosterLines')
            .values({
              id: newId(),
              rosterId: id,
              entitlementId,
              personId,
              subsidy,
              divisionCode,
              amountFen,
              monthlyFen: amountFen,
              monthsCovered: 1,
              change: change as 'new',
              reasonCode: change === 'stopped' ? 'death' : null,
              previousMonthlyFen: null,
              paymentStatus: 'pending',
            })
            .execute();
        }
      };
      await roster('2026-10', [
        [e1.id, p1.personId, 'care', c.township, 10_000, 'unchanged'],
        [e2.id, p1.personId, 'living', c.township, 9_800, 'unchanged'],
        [e3.id, p2.personId, 'care', c.otherTownship, 10_000, 'new'],
      ]);
      await roster('2026-11', [
        [e1.id, p1.personId, 'care', c.township, 10_000, 'unchanged'],
        [e2.id, p1.personId, 'living', c.township, 9_800, 'unchanged'],
        [e3.id, p2.personId, 'care', c.otherTownship, 0, 'stopped'],
      ]);
      const s = await disabilityStatistics(ctx, c.countyClerk, { from: '2026-09', to: '2026-11' });
      expect(s.recipientsMonth).toBe('2026-11');
      expect(s.totals).toMatchObject({
        careRecipients: 1,
        livingRecipients: 1,
        careFen: 30_000,
        livingFen: 19_600,
        granted: 3,
        stopped: 1,
        // Coverage is today's: p1 and p2 are eligible for care and both entitlements are still open rows.
        careCoverage: 1,
        livingCoverage: 1,
      });
      expect(
        s.months.map((m) => [m.month, m.careRecipients, m.careFen, m.granted, m.stopped, m.rostersFrozen]),
      ).toEqual([
        ['2026-09', 0, 0, 2, 0, 0],
        ['2026-10', 2, 20_000, 1, 0, 1],
        ['2026-11', 1, 10_000, 0, 1, 1],
      ]);
      expect(s.stoppedByReason).toEqual([{ reason: 'death', label: '死亡', count: 1 }]);
      expect(s.rows.map((r) => r.divisionCode)).toEqual([c.township, c.otherTownship].sort());
      const mine = await disabilityStatistics(ctx, c.townshipClerk, { from: '2026-09', to: '2026-11' });
      expect(mine.totals).toMatchObject({ careFen: 20_000, livingFen: 19_600, stopped: 0 });
      const elsewhere = (await aUser(ctx, { role: 'subsidy_clerk', divisionCode: '430102' })).actor;
      await expect(disabilityStatistics(ctx, elsewhere, { division: '430181' })).rejects.toMatchObject({
        code: 'DIVISION_OUT_OF_SCOPE',
      });
      await expect(
        disabilityStatistics(ctx, c.countyClerk, { from: '2026-11', to: '2026-01' }),
      ).rejects.toMatchObject({
        code: 'PERIOD_INVALID',
      });

      // The day board: one application to forward (due tomorrow), one to decide (overdue), the roster frozen.
      const fwd = await anApplication(ctx, p2, { divisionCode: c.township, status: 'received' });
      await ctx.db.kysely
        .updateTable('disabilityApplications')
        .set({ forwardDueOn: '2026-11-03' })
        .where('id', '=', fwd.id)
        .execute();
      const dec = await anApplication(ctx, p1, {
        divisionCode: c.township,
        status: 'reviewing',
        subsidies: ['living'],
      });
      await ctx.db.kysely
        .updateTable('disabilityApplications')
        .set({ forwardedOn: '2026-10-10', decideDueOn: '2026-10-24' })
        .where('id', '=', dec.id)
        .execute();
      await refreshOutreach(ctx, c.countyClerk, {});
      const board = await disabilityBoard(ctx, c.townshipClerk);
      expect(board.today).toBe('2026-11-02');
      expect(board.applications.toForward).toMatchObject({ count: 1, overdue: 0 });
      expect(board.applications.toForward.items[0]).toMatchObject({
        id: fwd.id,
        daysLeft: 1,
        overdue: false,
      });
      expect(board.applications.toDecide).toMatchObject({ count: 1, overdue: 1 });
      expect(board.applications.toDecide.items[0]).toMatchObject({ id: dec.id, daysLeft: -9, overdue: true });
      expect(board.roster).toMatchObject({
        countyCode: '430181',
        month: '2026-11',
        status: 'frozen',
        nextAction: '县级民政部门签批名册',
      });
      expect(board.approvals.count).toBe(0);
      expect(board.findings).toEqual({ count: 0, link: '/disability/verification' });
      const other = await disabilityBoard(ctx, c.otherTownshipClerk);
      expect(other.applications.toForward.count).toBe(0);
      const city = await disabilityBoard(ctx, c.citySupervisor);
      expect(city.roster).toBeNull();
      expect(city.applications.toDecide.count).toBe(1);
    });
  },
  { lines: [disabilityLine] },
);
