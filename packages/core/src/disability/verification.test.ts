import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { aDisabilityCounty, aDisabledPerson, anEntitlement } from './disability.fixtures';
import { findEntitlement, eventsOfEntitlement } from './disability.repository';
import { disabilityLine } from './line';
import {
  createCampaign,
  drawCampaignSample,
  drawSample,
  getCampaign,
  listCampaignItems,
  selfCheckItem,
  spotCheckItem,
} from './verification.campaigns';
import { seedVerificationDemo } from './verification.demo-seed';
import { importHukouMoves } from './verification.moves';
import {
  answerFinding,
  confirmFinding,
  dismissFinding,
  getFinding,
  listFindings,
  runMonthlyComparisons,
  startComparison,
} from './verification.service';

const code = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (isDomainError(e) ? e.code : String(e)),
  );
const all = { page: 1, pageSize: 200 };

describeEachDatabase(
  'disability comparison and re-verification (D6)',
  (t) => {
    const setup = () => {
      const clock = new ManualClock('2025-07-10T02:00:00.000Z');
      return { ctx: testContext(t.db, clock), clock };
    };

    it('finds each kind (death, merged death, 低保 ended, 特困, certificate, hukou moved, fuzzy list match) and nothing for a valid holder; idempotent; stops nothing', async () => {
      const { ctx } = setup();
      const c = await aDisabilityCounty(ctx);
      const db = ctx.db.kysely;
      const valid = await aDisabledPerson(ctx, { dibaoFrom: '2020-01-01' });
      const vLiving = await anEntitlement(ctx, valid, { subsidy: 'living', fromMonth: '2024-01' });
      await anEntitlement(ctx, valid, { subsidy: 'care', fromMonth: '2024-01' });
      const dead = await aDisabledPerson(ctx);
      const deadEnt = await anEntitlement(ctx, dead, { fromMonth: '2024-01' });
      await db
        .updateTable('people')
        .set({ status: 'deceased', deathDate: '2025-05-20' })
        .where('id', '=', dead.personId)
        .execute();
      const merged = await aDisabledPerson(ctx);
      const survivor = await aDisabledPerson(ctx, { certificate: null });
      const mergedEnt = await anEntitlement(ctx, merged, { fromMonth: '2024-01' });
      await db
        .updateTable('people')
        .set({ status: 'deceased', deathDate: '2025-04-02' })
        .where('id', '=', survivor.personId)
        .execute();
      await db
        .updateTable('people')
        .set({ mergedInto: survivor.personId })
        .where('id', '=', merged.personId)
        .execute();
      const dibao = await aDisabledPerson(ctx, { dibaoFrom: '2020-01-01', dibaoTo: '2025-06-30' });
      const dLiving = await anEntitlement(ctx, dibao, { subsidy: 'living', fromMonth: '2024-01' });
      const dCare = await anEntitlement(ctx, dibao, { subsidy: 'care', fromMonth: '2024-01' });
      const tekun = await aDisabledPerson(ctx, { tekunFrom: '2025-03-01' });
      const tEnt = await anEntitlement(ctx, tekun, { fromMonth: '2024-01' });
      const frozen = await aDisabledPerson(ctx, { certificateStatus: 'frozen' });
      const fEnt = await anEntitlement(ctx, frozen, { fromMonth: '2024-01' });
      const lapsed = await aDisabledPerson(ctx, { validUntil: '2025-01-31' });
      const lEnt = await anEntitlement(ctx, lapsed, { fromMonth: '2024-01' });
      const moved = await aDisabledPerson(ctx);
      const mEnt = await anEntitlement(ctx, moved, { fromMonth: '2024-01', divisionCode: '430181102' });
      await db
        .updateTable('people')
        .set({ hukouDivisionCode: '440305' })
        .where('id', '=', moved.personId)
        .execute();
      const listed = await aDisabledPerson(ctx, { name: '欧阳明华', birthDate: '1960-03-07' });
      const listedEnt = await anEntitlement(ctx, listed, { fromMonth: '2024-01' });
      const other = await aDisabledPerson(ctx, { county: '430102' });
      await db
        .updateTable('people')
        .set({ status: 'deceased', deathDate: '2025-05-01' })
        .where('id', '=', other.personId)
        .execute();
      await anEntitlement(ctx, other, { divisionCode: '430102001', fromMonth: '2024-01' });

      // The move-out list: one row without resident id (name written without the compound surname's
      // space difference) matched by name + birth date; one moving inside the county (no finding).
      const csv = [
        '公民身份号码,姓名,出生日期,迁出日期,迁往地,迁往地区划代码',
        ',欧阳明华,1960-03-07,2025-06-12,广东省深圳市南山区,440305',
        `${valid.residentId},${valid.name},,2025-06-01,浏阳市社港镇,430181102`,
        ',查无此人,1931-01-01,2025-06-01,外省,',
      ].join('\n');
      const report = await importHukouMoves(ctx, c.countyClerk, {
        file: Buffer.from(csv),
        fileName: '迁出.csv',
      });
      expect(report.rowsApplied).toBe(3);
      expect(report.issues.map((i) => i.code).sort()).toEqual([
        'DISABILITY_MOVE_FUZZY',
        'DISABILITY_MOVE_UNMATCHED',
      ]);
      expect(
        await code(importHukouMoves(ctx, c.townshipClerk, { file: Buffer.from(csv), fileName: 'x.csv' })),
      ).toBe('DISABILITY_MOVES_COUNTY_ONLY');

      expect(await code(startComparison(ctx, c.townshipClerk, {}))).toBe('DISABILITY_COMPARE_COUNTY_ONLY');
      expect(await code(startComparison(ctx, c.civilAffairs, { countyCode: '430102' }))).toBe(
        'DIVISION_OUT_OF_SCOPE',
      );
      const run = await startComparison(ctx, c.civilAffairs, {});
      expect(run.entitlementsChecked).toBe(11);
      expect(run.counts).toMatchObject({ death: 2, dibao_ended: 1, tekun: 1, certificate: 2, moved_out: 2 });
      expect(run.newFindings).toBe(8);
      const { items } = await listFindings(ctx, c.civilAffairs, all);
      const by = (ent: string) => items.filter((f) => f.entitlementId === ent);
      expect(by(vLiving.id)).toEqual([]);
      expect(items.some((f) => f.personId === valid.personId)).toBe(false);
      expect(by(deadEnt.id)).toMatchObject([
        { kind: 'death', reasonCode: 'death', eventDate: '2025-05-20', stopsFromMonth: '2025-06' },
      ]);
      expect(by(mergedEnt.id)).toMatchObject([
        { kind: 'death', eventDate: '2025-04-02', evidence: { merged: true } },
      ]);
      expect(by(dLiving.id)).toMatchObject([
        { kind: 'dibao_ended', eventDate: '2025-06-30', stopsFromMonth: '2025-07' },
      ]);
      expect(by(dCare.id)).toEqual([]);
      expect(by(tEnt.id)).toMatchObject([{ kind: 'tekun', reasonCode: 'overlap', eventDate: '2025-03-01' }]);
      expect(by(fEnt.id)).toMatchObject([{ kind: 'certificate', reasonCode: 'certificate_frozen' }]);
      expect(by(lEnt.id)).toMatchObject([
        { kind: 'certificate', reasonCode: 'certificate_expired', eventDate: '2025-01-31' },
      ]);
      expect(by(mEnt.id)).toMatchObject([
        { kind: 'moved_out', source: 'people_index', fuzzy: false, divisionCode: '430181102' },
      ]);
      expect(by(listedEnt.id)).toMatchObject([
        {
          kind: 'moved_out',
          source: 'hukou_move_list',
          fuzzy: true,
          matchScore: 100,
          eventDate: '2025-06-12',
        },
      ]);
      expect(items.every((f) => f.status === 'open' && f.answerDueOn > '2025-07-10')).toBe(true);
      // The township sees only its own township's findings.
      const shegang = await listFindings(ctx, c.otherTownshipClerk, all);
      expect(shegang.items.map((f) => f.entitlementId)).toEqual([mEnt.id]);

      // Idempotent: again nothing new; the monthly job skips the county already compared this month.
      const again = await startComparison(ctx, c.civilAffairs, {});
      expect(again).toMatchObject({ newFindings: 0, alreadyKnown: 8 });
      expect(await runMonthlyComparisons(ctx)).toMatchObject({ month: '2025-07', counties: 1 });
      expect((await listFindings(ctx, c.civilAffairs, all)).total).toBe(8);
      // Nothing stopped without review.
      for (const e of [deadEnt, mergedEnt, dLiving, tEnt, fEnt, lEnt, mEnt, listedEnt])
        expect((await findEntitlement(db, e.id))!.status).toBe('active');
    });

    it('R-DIS-07 TC end to end: 低保 ends 2025-06 → confirmed → living stops from July, care continues; refusals; dismiss; scope', async () => {
      const { ctx } = setup();
      const c = await aDisabilityCounty(ctx);
      const fr = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const p = await aDisabledPerson(ctx, {
        dibaoFrom: '2020-01-01',
        dibaoTo: '2025-06-30',
        certificateStatus: 'frozen',
      });
      const living = await anEntitlement(ctx, p, { subsidy: 'living', fromMonth: '2024-01' });
      const care = await anEntitlement(ctx, p, { subsidy: 'care', fromMonth: '2024-01' });
      await startComparison(ctx, c.countyClerk, {});
      const { items } = await listFindings(ctx, c.civilAffairs, { ...all, kind: 'dibao_ended' });
      const f = items[0]!;
      expect(items).toHaveLength(1);
      const certFinding = (
        await listFindings(ctx, c.civilAffairs, { ...all, kind: 'certificate' })
      ).items.find((x) => x.entitlementId === care.id)!;

      expect(await code(getFinding(ctx, fr.civilAffairs, f.id))).toBe('NOT_FOUND');
      expect(await code(answerFinding(ctx, c.otherTownshipClerk, f.id, { answer: '已核实' }))).toBe(
        'NOT_FOUND',
      );
      expect(await code(confirmFinding(ctx, c.civilAffairs, f.id, { note: '确认退出低保' }))).toBe(
        'DISABILITY_FINDING_NOT_ANSWERED',
      );
      expect(await code(answerFinding(ctx, c.townshipClerk, f.id, { answer: ' ' }))).toBe(
        'DISABILITY_ANSWER_REQUIRED',
      );
      const answered = await answerFinding(ctx, c.townshipClerk, f.id, {
        answer: '入户核实：已于 6 月底退出低保',
        evidence: '低保退出审批表',
        version: f.version,
      });
      expect(answered.status).toBe('answered');
      expect(await code(confirmFinding(ctx, c.townshipClerk, f.id, { note: '确认' }))).toBe(
        'PERMISSION_DENIED',
      );
      expect(await code(confirmFinding(ctx, c.civilAffairs, f.id, { note: '确认', version: 1 }))).toBe(
        'VERSION_CONFLICT',
      );
      // A refused write changes nothing.
      expect((await findEntitlement(ctx.db.kysely, living.id))!.status).toBe('active');
      const done = await confirmFinding(ctx, c.civilAffairs, f.id, { note: '确认退出低保，停发生活补贴' });
      expect(done.status).toBe('confirmed');
      const l = (await findEntitlement(ctx.db.kysely, living.id))!;
      expect(l).toMatchObject({
        status: 'stopped',
        toMonth: '2025-06',
        stopReason: 'dibao_ended',
        stopEventDate: '2025-06-30',
      });
      const ev = (await eventsOfEntitlement(ctx.db.kysely, living.id)).at(-1)!;
      expect(ev).toMatchObject({
        kind: 'stopped',
        effectiveMonth: '2025-07',
        reasonCode: 'dibao_ended',
        source: 'comparison',
        sourceId: f.id,
      });
      expect((await findEntitlement(ctx.db.kysely, care.id))!.status).toBe('active');
      expect(await code(confirmFinding(ctx, c.civilAffairs, f.id, { note: '再次确认' }))).toBe(
        'DISABILITY_FINDING_DECIDED',
      );

      // Dismiss a false result (no answer needed): nothing stops; the same event is not raised again.
      expect(await code(dismissFinding(ctx, c.civilAffairs, certFinding.id, { reason: '' }))).toBe(
        'DISABILITY_DISMISS_REASON_REQUIRED',
      );
      const dismissed = await dismissFinding(ctx, c.civilAffairs, certFinding.id, {
        reason: '残联登记错误，证件已解冻',
      });
      expect(dismissed).toMatchObject({ status: 'dismissed', decisionNote: '残联登记错误，证件已解冻' });
      expect((await findEntitlement(ctx.db.kysely, care.id))!.status).toBe('active');
      const rerun = await startComparison(ctx, c.civilAffairs, {});
      expect(rerun.newFindings).toBe(0);
      const actions = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('action', 'like', 'disability.finding.%')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'disability.finding.answer',
          'disability.finding.confirm',
          'disability.finding.dismiss',
        ]),
      );
    });

    it('campaign: township self-check, reproducible spot-check sample, inconsistent result opens a finding, progress per division against the deadline', async () => {
      const { ctx, clock } = setup();
      const c = await aDisabilityCounty(ctx);
      const ents: { id: string }[] = [];
      for (let i = 0; i < 6; i++) {
        const p = await aDisabledPerson(ctx);
        ents.push(
          await anEntitlement(ctx, p, {
            divisionCode: i < 4 ? c.township : c.otherTownship,
            fromMonth: '2024-01',
          }),
        );
      }
      expect(
        await code(
          createCampaign(ctx, c.civilAffairs, {
            name: '清理',
            divisionCode: '430181',
            deadline: '2025-08-10',
          }),
        ),
      ).toBe('PERMISSION_DENIED');
      expect(
        await code(
          createCampaign(ctx, c.citySupervisor, {
            name: '清理认定',
            divisionCode: '430181',
            deadline: '2025-01-01',
          }),
        ),
      ).toBe('DISABILITY_CAMPAIGN_DEADLINE');
      const camp = await createCampaign(ctx, c.citySupervisor, {
        name: '2025年浏阳市两项补贴清理认定',
        divisionCode: '430181',
        deadline: '2025-07-25',
      });
      expect(camp.totals).toMatchObject({ total: 6, pending: 6, checkedPercent: 0 });
      const mine = await listCampaignItems(ctx, c.townshipClerk, { ...all, campaignId: camp.id });
      expect(mine.total).toBe(4);
      const [a, b] = mine.items;
      await selfCheckItem(ctx, c.townshipClerk, a!.id, { result: 'verified' });
      expect(await code(selfCheckItem(ctx, c.townshipClerk, b!.id, { result: 'problem' }))).toBe(
        'DISABILITY_SELF_CHECK_NOTE',
      );
      const prob = await selfCheckItem(ctx, c.townshipClerk, b!.id, {
        result: 'problem',
        note: '本人已长期外出务工，疑似户籍迁出',
      });
      expect(prob.findingId).not.toBeNull();
      expect((await getFinding(ctx, c.civilAffairs, prob.findingId!)).status).toBe('answered');
      const other = await listCampaignItems(ctx, c.otherTownshipClerk, { ...all, campaignId: camp.id });
      expect(await code(selfCheckItem(ctx, c.otherTownshipClerk, a!.id, { result: 'verified' }))).toBe(
        'NOT_FOUND',
      );

      // Reproducible sample: the same seed and size give the same recipients.
      const s1 = await drawCampaignSample(ctx, c.civilAffairs, camp.id, { seed: '2025-清理', count: 3 });
      const picked1 = (
        await listCampaignItems(ctx, c.civilAffairs, { ...all, campaignId: camp.id, sampled: true })
      ).items
        .map((i) => i.entitlementId)
        .sort();
      expect(picked1).toEqual(
        drawSample(
          ents.map((e) => e.id),
          3,
          '2025-清理',
          '430181',
        ).sort(),
      );
      await drawCampaignSample(ctx, c.civilAffairs, camp.id, { seed: '2025-清理', count: 3 });
      const picked2 = (
        await listCampaignItems(ctx, c.civilAffairs, { ...all, campaignId: camp.id, sampled: true })
      ).items
        .map((i) => i.entitlementId)
        .sort();
      expect(picked2).toEqual(picked1);
      expect(s1.totals.sampled).toBe(3);
      expect(drawSample(['a', 'b', 'c', 'd', 'e'], 2, 'x')).toEqual(
        drawSample(['e', 'd', 'c', 'b', 'a'], 2, 'x'),
      );

      const all6 = (await listCampaignItems(ctx, c.civilAffairs, { ...all, campaignId: camp.id })).items;
      const unsampled = all6.find((i) => !i.sampled)!;
      const sampled = all6.filter((i) => i.sampled && !i.findingId);
      expect(await code(spotCheckItem(ctx, c.civilAffairs, unsampled.id, { result: 'consistent' }))).toBe(
        'DISABILITY_ITEM_NOT_SAMPLED',
      );
      expect(await code(spotCheckItem(ctx, c.townshipClerk, sampled[0]!.id, { result: 'consistent' }))).toBe(
        'PERMISSION_DENIED',
      );
      const bad = await spotCheckItem(ctx, c.civilAffairs, sampled[0]!.id, {
        result: 'inconsistent',
        note: '入户未见本人，邻居称已去世',
      });
      expect(await getFinding(ctx, c.civilAffairs, bad.findingId!)).toMatchObject({
        status: 'open',
        kind: 'campaign',
        source: 'spot_check',
        reasonCode: 'review_failed',
      });
      expect(await code(drawCampaignSample(ctx, c.civilAffairs, camp.id, { seed: 'other', count: 3 }))).toBe(
        'DISABILITY_SAMPLE_STARTED',
      );

      // Progress per township; after the deadline the townships still pending are overdue.
      const prog = await getCampaign(ctx, c.civilAffairs, camp.id);
      expect(prog.divisions).toMatchObject([
        {
          divisionCode: c.township,
          total: 4,
          verified: 1,
          problem: 1,
          pending: 2,
          checkedPercent: 50,
          overdue: false,
        },
        { divisionCode: c.otherTownship, total: 2, pending: 2, checkedPercent: 0, overdue: false },
      ]);
      for (const i of other.items)
        await selfCheckItem(ctx, c.otherTownshipClerk, i.id, { result: 'verified' });
      clock.advanceMinutes(60 * 24 * 20);
      const late = await getCampaign(ctx, c.civilAffairs, camp.id);
      expect(late.divisions.map((d) => [d.divisionCode, d.overdue])).toEqual([
        [c.township, true],
        [c.otherTownship, false],
      ]);
      // The township sees only its own line; another county does not see the campaign.
      expect((await getCampaign(ctx, c.townshipClerk, camp.id)).divisions).toHaveLength(1);
      const fr = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      expect(await code(getCampaign(ctx, fr.civilAffairs, camp.id))).toBe('NOT_FOUND');
    });

    it('demo seed: one comparison run with a finding of each kind, one campaign in progress; idempotent', async () => {
      const { ctx } = setup();
      await seedVerificationDemo(ctx);
      await seedVerificationDemo(ctx);
      const runs = await ctx.db.kysely.selectFrom('disabilityCompareRuns').selectAll().execute();
      expect(runs).toHaveLength(1);
      expect(JSON.parse(runs[0]!.countsJson)).toEqual({
        death: 2,
        dibao_ended: 2,
        tekun: 2,
        certificate: 2,
        moved_out: 2,
        campaign: 0,
      });
      const campaigns = await ctx.db.kysely.selectFrom('disabilityCampaigns').selectAll().execute();
      expect(campaigns).toMatchObject([{ divisionCode: '430181', status: 'open' }]);
      const c = await getCampaign(ctx, systemActor('t', '430181'), campaigns[0]!.id);
      expect(c.totals).toMatchObject({ total: 10, verified: 3, sampled: 2 });
    });
  },
  { lines: [disabilityLine] },
);
