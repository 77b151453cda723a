/**
 * The monthly roster (issue 18 item 5, R-DIS-05, R-DIS-07, ADR 0032) on both databases: freeze, the
 * change and reason of every line, arrears for a late approval, the back-pay cap after a certificate
 * renewal, a death stopping payment from the next month (once) and its revocation paid back, the 低保 exit
 * stopping only the living subsidy, sign-off by level and scope, un-freeze, and a tier with no standard.
 */
import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { decideDeathRevocation, recordDeath, requestDeathRevocation } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { insertEntitlementEvent, openEntitlement, updateEntitlement } from './disability.repository';
import { aDisabilityCounty, aDisabledPerson, aStandard, anEntitlement } from './disability.fixtures';
import { grantEntitlement, stopEntitlement } from './entitlements';
import { disabilityLine } from './line';
import {
  confirmTownshipPart,
  exportRosterLines,
  freezeRoster,
  getRoster,
  listRosterMonths,
  rosterDiff,
  rosterLines,
  signRoster,
  unfreezeRoster,
  type RosterLineView,
} from './roster.service';
import { onEntitlementPersonDeceased } from './roster.subscribers';

async function refusal(p: Promise<unknown>): Promise<{ code: string; kind: string; details: unknown }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isDomainError(e)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return { code: e.code, kind: e.kind, details: e.details };
}

async function linesOf(ctx: CoreContext, rosterId: string): Promise<Map<string, RosterLineView>> {
  const out = new Map<string, RosterLineView>();
  const all = systemActor('test', '430000');
  for await (const l of await exportRosterLines(ctx, all, rosterId, {})) out.set(l.entitlementId, l);
  return out;
}

describeEachDatabase(
  'disability roster: freeze, diff, sign-off, deaths (R-DIS-05, R-DIS-07)',
  (t) => {
    it('pays, stops, re-rates, back-pays and signs month after month', async () => {
      const clock = new ManualClock('2025-03-20T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const county = await aDisabilityCounty(ctx);
      await aStandard(ctx, { year: 2025, subsidy: 'care', amountFen: 10_000 });
      await aStandard(ctx, { year: 2025, subsidy: 'living', amountFen: 8_000 });
      // From May the care standard is raised (a new standard of the year from 2025-05).
      await aStandard(ctx, { year: 2025, subsidy: 'care', amountFen: 12_000, fromMonth: '2025-05' });

      const a = await aDisabledPerson(ctx, { grade: 1 });
      const dead = await aDisabledPerson(ctx, { grade: 1 });
      const dibao = await aDisabledPerson(ctx, { grade: 2, dibaoFrom: '2024-01-01', dibaoTo: '2025-06-30' });
      const renewed = await aDisabledPerson(ctx, { grade: 2 });
      const late = await aDisabledPerson(ctx, { grade: 3, dibaoFrom: '2024-01-01' });
      const eA = await anEntitlement(ctx, a, { fromMonth: '2025-03' });
      const eDead = await anEntitlement(ctx, dead, { fromMonth: '2025-03' });
      const eLiving = await anEntitlement(ctx, dibao, {
        subsidy: 'living',
        fromMonth: '2025-03',
        divisionCode: county.otherTownship,
      });
      const eCare = await anEntitlement(ctx, dibao, {
        fromMonth: '2025-03',
        divisionCode: county.otherTownship,
      });
      const eRenewed = await anEntitlement(ctx, renewed, { fromMonth: '2025-03' });

      // March: the first roster, everyone new.
      const march = await freezeRoster(ctx, county.countyClerk, { countyCode: '430181', month: '2025-03' });
      expect(march).toMatchObject({ status: 'frozen', recipients: 5, totalFen: 48_000 });
      expect(march.pendingTownships.sort()).toEqual([county.township, county.otherTownship].sort());

      // The death on 2025-03-15, recorded on the 25th: every open entitlement stops, March the last month.
      clock.set('2025-03-25T02:00:00.000Z');
      await recordDeath(ctx, systemActor('test', '430181'), dead.personId, {
        deathDate: '2025-03-15',
        source: '殡葬',
      });
      await ctx.events.dispatchPending();
      const stopped = await ctx.db.kysely
        .selectFrom('disabilityEntitlements')
        .selectAll()
        .where('id', '=', eDead.id)
        .executeTakeFirstOrThrow();
      expect(stopped).toMatchObject({ status: 'stopped', toMonth: '2025-03', stopReason: 'death' });
      // The same death arriving twice stops once.
      const event = await ctx.db.kysely
        .selectFrom('outboxEvents')
        .selectAll()
        .where('type', '=', 'person.deceased')
        .executeTakeFirstOrThrow();
      await ctx.db.kysely.transaction().execute((trx) =>
        onEntitlementPersonDeceased(ctx, trx, {
          ...event,
          type: 'person.deceased',
          payload: JSON.parse(event.payload) as {
            personId: string;
            deathDate: string;
            divisionCode: string;
            source: string;
          },
        } as never),
      );
      const stops = await ctx.db.kysely
        .selectFrom('disabilityEntitlementEvents')
        .select('id')
        .where('entitlementId', '=', eDead.id)
        .where('kind', '=', 'stopped')
        .execute();
      expect(stops).toHaveLength(1);

      // A late approval: applied in March, approved in April → the April roster pays March and April.
      clock.set('2025-04-20T02:00:00.000Z');
      const granted = await ctx.db.kysely.transaction().execute((trx) =>
        grantEntitlement(
          trx,
          county.civilAffairs,
          {
            personId: late.personId,
            subsidy: 'living',
            divisionCode: county.township,
            countyCode: '430181',
            applicationId: null,
            certificateId: late.certificateId,
            fromMonth: '2025-03',
            source: 'application',
            sourceId: null,
          },
          clock.now().toISOString(),
        ),
      );

      // Refusals: a township cannot freeze; a second freeze is 409; a future month is 422.
      expect(
        (await refusal(freezeRoster(ctx, county.townshipClerk, { countyCode: '430181', month: '2025-04' })))
          .code,
      ).toBe('DISABILITY_ROSTER_COUNTY_ONLY');
      expect(
        (await refusal(freezeRoster(ctx, county.countyClerk, { countyCode: '430181', month: '2025-05' })))
          .code,
      ).toBe('DISABILITY_ROSTER_FUTURE_MONTH');
      const april = await freezeRoster(ctx, county.civilAffairs, { countyCode: '430181', month: '2025-04' });
      const second = await refusal(
        freezeRoster(ctx, county.countyClerk, { countyCode: '430181', month: '2025-04' }),
      );
      expect(second).toMatchObject({ kind: 'conflict', code: 'DISABILITY_ROSTER_EXISTS' });
      expect(
        (await refusal(freezeRoster(ctx, county.countyClerk, { countyCode: '430181', month: '2025-03' })))
          .code,
      ).toBe('DISABILITY_ROSTER_MONTH_PASSED');

      let lines = await linesOf(ctx, april.id);
      expect(lines.get(eA.id)).toMatchObject({ change: 'unchanged', amountFen: 10_000, monthsCovered: 1 });
      // R-DIS-07 TC: death 2025-03-15 → March paid, no April: a stopped line with reason 死亡, amount 0.
      expect(lines.get(eDead.id)).toMatchObject({
        change: 'stopped',
        reasonCode: 'death',
        reasonLabel: '死亡',
        amountFen: 0,
        monthsCovered: 0,
        paidThroughMonth: '2025-03',
      });
      // R-DIS-05: arrears for the late approval.
      expect(lines.get(granted.id)).toMatchObject({ change: 'new', monthsCovered: 2, amountFen: 16_000 });
      expect(april).toMatchObject({ recipients: 5, totalFen: 10_000 + 8_000 + 10_000 + 10_000 + 16_000 });

      const diff = await rosterDiff(ctx, county.countyClerk, april.id);
      expect(diff.previousMonth).toBe('2025-03');
      expect(diff.byChange.find((c) => c.change === 'stopped')).toMatchObject({ lines: 1, amountFen: 0 });
      expect(diff.groups).toContainEqual(
        expect.objectContaining({ change: 'stopped', reasonCode: 'death', subsidy: 'care', lines: 1 }),
      );
      expect(diff.groups).toContainEqual(
        expect.objectContaining({ change: 'new', subsidy: 'living', lines: 1, arrearsFen: 8_000 }),
      );
      // The township sees its own part only; a clerk of another county does not see the roster.
      const own = await rosterLines(ctx, county.otherTownshipClerk, april.id, {});
      expect(own.items.every((l) => l.divisionCode === county.otherTownship)).toBe(true);
      expect(own.total).toBe(2);
      const outsider = (await aUser(ctx, { role: 'subsidy_clerk', divisionCode: '430102' })).actor;
      expect((await refusal(getRoster(ctx, outsider, april.id))).code).toBe('NOT_FOUND');
      expect((await listRosterMonths(ctx, outsider, {})).total).toBe(0);
      expect((await listRosterMonths(ctx, county.townshipClerk, {})).total).toBe(2);

      // Sign-off by level: the townships confirm first, then county civil affairs signs.
      expect((await refusal(signRoster(ctx, county.civilAffairs, april.id))).code).toBe(
        'DISABILITY_ROSTER_TOWNSHIPS_PENDING',
      );
      expect((await refusal(signRoster(ctx, county.townshipClerk, april.id))).code).toBe('PERMISSION_DENIED');
      expect((await refusal(confirmTownshipPart(ctx, county.countyClerk, april.id))).code).toBe(
        'DISABILITY_ROSTER_TOWNSHIP_ONLY',
      );
      await confirmTownshipPart(ctx, county.townshipClerk, april.id, { note: '已核对' });
      expect((await refusal(confirmTownshipPart(ctx, county.townshipClerk, april.id))).code).toBe(
        'DISABILITY_ROSTER_ALREADY_CONFIRMED',
      );
      const pending = await refusal(signRoster(ctx, county.civilAffairs, april.id));
      expect(pending.details).toMatchObject({ pending: [county.otherTownship] });
      await confirmTownshipPart(ctx, county.otherTownshipClerk, april.id);
      const signed = await signRoster(ctx, county.civilAffairs, april.id);
      expect(signed).toMatchObject({ status: 'signed', pendingTownships: [] });
      expect(signed.countySignoff?.by).toBe(county.civilAffairs.username);
      expect(
        (await refusal(unfreezeRoster(ctx, county.countyClerk, april.id, { reason: '重做' }))).code,
      ).toBe('DISABILITY_ROSTER_SIGNED');
      const audits = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'actorUsername'])
        .where('targetId', '=', april.id)
        .where('action', 'in', ['disability.roster.township-confirm', 'disability.roster.sign'])
        .execute();
      expect(audits).toHaveLength(3);

      // May: the care standard rises → rate_changed with the previous amount; the certificate of
      // `renewed` expires and its entitlement is suspended → a stopped line (暂停发放).
      clock.set('2025-05-20T02:00:00.000Z');
      await updateEntitlement(ctx.db.kysely, eRenewed.id, {
        status: 'suspended',
        updatedAt: clock.now().toISOString(),
      });
      await insertEntitlementEvent(ctx.db.kysely, {
        entitlementId: eRenewed.id,
        kind: 'suspended',
        effectiveMonth: '2025-05',
        reasonCode: 'certificate_expired',
        note: null,
        source: 'review',
        sourceId: null,
        actorId: 'test',
        at: clock.now().toISOString(),
      });
      const may = await freezeRoster(ctx, county.countyClerk, { countyCode: '430181', month: '2025-05' });
      lines = await linesOf(ctx, may.id);
      expect(lines.get(eA.id)).toMatchObject({
        change: 'rate_changed',
        amountFen: 12_000,
        previousMonthlyFen: 10_000,
      });
      expect(lines.get(eRenewed.id)).toMatchObject({
        change: 'stopped',
        reasonCode: 'suspended',
        amountFen: 0,
      });
      expect(lines.get(granted.id)).toMatchObject({ change: 'unchanged', amountFen: 8_000 });
      expect(lines.has(eDead.id)).toBe(false);

      // R-DIS-07 TC: 低保 ends 2025-06 (the verification concern's reviewed decision) → living stops from
      // July, care continues.
      clock.set('2025-06-20T02:00:00.000Z');
      await freezeRoster(ctx, county.countyClerk, { countyCode: '430181', month: '2025-06' });
      clock.set('2025-07-05T02:00:00.000Z');
      const living = (await openEntitlement(ctx.db.kysely, dibao.personId, 'living'))!;
      await ctx.db.kysely
        .transaction()
        .execute((trx) =>
          stopEntitlement(
            trx,
            county.civilAffairs,
            living,
            { reason: 'dibao_ended', eventDate: '2025-06-30', source: 'comparison', sourceId: null },
            clock.now().toISOString(),
          ),
        );
      const july = await freezeRoster(ctx, county.countyClerk, { countyCode: '430181', month: '2025-07' });
      lines = await linesOf(ctx, july.id);
      expect(lines.get(eLiving.id)).toMatchObject({
        change: 'stopped',
        reasonCode: 'dibao_ended',
        amountFen: 0,
      });
      expect(lines.get(eCare.id)).toMatchObject({ change: 'unchanged', amountFen: 12_000 });
      const julyDiff = await rosterDiff(ctx, county.countyClerk, july.id, { change: 'stopped' });
      expect(julyDiff.groups.map((g) => g.reasonLabel)).toEqual(['退出低保']);

      // August; then in September the certificate is renewed and payment resumes: back-pay capped at 3
      // months (June–August) plus September, not all four months since May.
      clock.set('2025-08-05T02:00:00.000Z');
      await freezeRoster(ctx, county.countyClerk, { countyCode: '430181', month: '2025-08' });
      clock.set('2025-09-05T02:00:00.000Z');
      await updateEntitlement(ctx.db.kysely, eRenewed.id, {
        status: 'active',
        updatedAt: clock.now().toISOString(),
      });
      await insertEntitlementEvent(ctx.db.kysely, {
        entitlementId: eRenewed.id,
        kind: 'resumed',
        effectiveMonth: '2025-09',
        reasonCode: 'certificate_renewed',
        note: null,
        source: 'review',
        sourceId: null,
        actorId: 'test',
        at: clock.now().toISOString(),
      });
      // The death was recorded against the wrong person (被死亡): revoked after review → reinstated,
      // April to September paid back in full (the stop was an error, no cap).
      const requested = await requestDeathRevocation(ctx, systemActor('test', '430181'), dead.personId, {
        reason: '本人到派出所核验身份，死亡登记有误',
      });
      await decideDeathRevocation(
        ctx,
        county.civilAffairs.permissions.has('people:merge')
          ? county.civilAffairs
          : (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' })).actor,
        requested.id,
        {
          decision: 'approve',
          reason: '核实无误',
        },
      );
      await ctx.events.dispatchPending();
      const september = await freezeRoster(ctx, county.countyClerk, {
        countyCode: '430181',
        month: '2025-09',
      });
      lines = await linesOf(ctx, september.id);
      expect(lines.get(eRenewed.id)).toMatchObject({
        change: 'resumed',
        reasonCode: 'back_pay_capped',
        monthsCovered: 4,
        amountFen: 4 * 12_000,
      });
      expect(lines.get(eDead.id)).toMatchObject({
        change: 'resumed',
        reasonCode: 'death_revoked',
        monthsCovered: 6,
        amountFen: 10_000 + 5 * 12_000,
      });
      expect(lines.get(eLiving.id)).toBeUndefined();
      expect(lines.get(eA.id)).toMatchObject({ change: 'unchanged', amountFen: 12_000 });
    });

    it('flags a tier without a standard, un-freezes with a reason and re-freezes', async () => {
      const clock = new ManualClock('2025-04-10T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const county = await aDisabilityCounty(ctx, {
        county: '430121',
        township: '430121001',
        otherTownship: '430121002',
      });
      const p = await aDisabledPerson(ctx, { county: '430121', grade: 1 });
      const e = await anEntitlement(ctx, p, { fromMonth: '2025-04', divisionCode: '430121001' });
      const first = await freezeRoster(ctx, county.countyClerk, { countyCode: '430121', month: '2025-04' });
      expect(first).toMatchObject({ recipients: 0, totalFen: 0, unpricedLines: 1 });
      expect(first.nextStep).toContain('未配置补贴标准');
      const line = (await linesOf(ctx, first.id)).get(e.id);
      expect(line).toMatchObject({ reasonCode: 'no_standard', amountFen: 0, paymentStatus: 'none' });
      expect((await refusal(unfreezeRoster(ctx, county.countyClerk, first.id, { reason: ' ' }))).code).toBe(
        'REASON_REQUIRED',
      );
      expect(
        (await refusal(unfreezeRoster(ctx, county.townshipClerk, first.id, { reason: '标准已配置' }))).code,
      ).toBe('DISABILITY_ROSTER_COUNTY_ONLY');
      await aStandard(ctx, { divisionCode: '430121', year: 2025, subsidy: 'care', amountFen: 9_000 });
      await unfreezeRoster(ctx, county.countyClerk, first.id, { reason: '补贴标准已配置，重新冻结' });
      expect((await refusal(getRoster(ctx, county.countyClerk, first.id))).code).toBe('NOT_FOUND');
      const again = await freezeRoster(ctx, county.countyClerk, { countyCode: '430121', month: '2025-04' });
      expect(again).toMatchObject({ recipients: 1, totalFen: 9_000, unpricedLines: 0 });
      const unfreezeAudit = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('reason')
        .where('action', '=', 'disability.roster.unfreeze')
        .executeTakeFirstOrThrow();
      expect(unfreezeAudit.reason).toBe('补贴标准已配置，重新冻结');
      await confirmTownshipPart(ctx, county.townshipClerk, again.id);
      expect(await signRoster(ctx, county.civilAffairs, again.id)).toMatchObject({ status: 'signed' });
      // A month the county did not freeze (May) is paid in June's roster as arrears.
      clock.set('2025-06-10T02:00:00.000Z');
      const june = await freezeRoster(ctx, county.countyClerk, { countyCode: '430121', month: '2025-06' });
      expect((await linesOf(ctx, june.id)).get(e.id)).toMatchObject({
        change: 'arrears',
        reasonCode: 'arrears',
        monthsCovered: 2,
        amountFen: 18_000,
      });
    });
  },
  { lines: [disabilityLine] },
);
