import { composeResidentId, isDomainError, type PlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import type { CoreContext } from '../context';
import { closeAtRisk, createAtRisk, getAtRisk, listAtRisk, updateAtRiskPerson } from './at-risk.service';
import { closeDemoCaseAsReturned } from './governance.repository';
import { governanceStatistics, governanceTodos, runSourceGovernance } from './governance.service';
import { rescueLine } from './line';
import { listPatrolLeads, recordPatrolLead, respondPatrolLead } from './patrol-leads.service';
import { aRescueCase, aRescueStation } from './rescue.fixtures';
import {
  acknowledgeGovernanceAlert,
  decideRepeatFlag,
  listGovernanceAlerts,
  listRepeatFlags,
} from './repeat-wanderers.service';
import { getReturnee, listReturnees, recordFollowUp } from './returnees.service';

const page = { page: 1, pageSize: 50 };
const err = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => (isDomainError(e) ? e.code : e),
  );

async function samePerson(ctx: CoreContext, caseId: string, personId: string, hukou: string, birth: string) {
  await ctx.db.kysely
    .updateTable('people')
    .set({ residentId: composeResidentId(hukou, birth as PlainDate, 517), hukouDivisionCode: hukou })
    .where('id', '=', personId)
    .execute();
  await ctx.db.kysely.updateTable('rescueCases').set({ personId }).where('id', '=', caseId).execute();
}

const todoCount = async (ctx: CoreContext, name: string, actor: Parameters<typeof listReturnees>[1]) =>
  (await governanceTodos.find((t) => t.name === name)!.load(ctx, actor))[0]?.count ?? 0;

describeEachDatabase(
  'rescue source governance (源头治理)',
  (t) => {
    it('one person rescued at two stations of different counties → flagged → confirmed → the hukou county sees and acknowledges the alert', async () => {
      const clock = new ManualClock('2026-03-01T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const a = await aRescueStation(ctx, { county: '430102' });
      const b = await aRescueStation(ctx, { county: '430104' });
      const first = await aRescueCase(ctx, a, {
        birthDate: '1970-05-06',
        name: '邓国华',
        status: 'departed',
      });
      clock.set('2026-04-10T02:00:00.000Z');
      const second = await aRescueCase(ctx, b, { birthDate: '1970-05-06', name: '邓国华' });
      await samePerson(ctx, second.id, first.personId, '430202', '1970-05-06');

      expect(await runSourceGovernance(ctx)).toMatchObject({ scanned: 2, flagged: 1 });
      expect(await runSourceGovernance(ctx)).toMatchObject({ scanned: 0, flagged: 0 });
      const flags = await listRepeatFlags(ctx, b.staff, page);
      expect(flags.items).toHaveLength(1);
      const flag = flags.items[0]!;
      expect(flag).toMatchObject({
        basis: 'same_person',
        status: 'open',
        current: { caseId: second.id, name: '邓国华' },
        earlier: { caseId: first.id },
      });
      // The earlier station sees it too; another county does not.
      expect((await listRepeatFlags(ctx, a.staff, page)).total).toBe(1);
      const other = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430111' })).actor;
      expect((await listRepeatFlags(ctx, other, page)).total).toBe(0);
      expect(
        await err(decideRepeatFlag(ctx, other, flag.id, { decision: 'confirmed', reason: '核对照片' })),
      ).toBe('NOT_FOUND');
      expect(await todoCount(ctx, 'rescue.repeat-flags-open', b.staff)).toBe(1);

      const decided = await decideRepeatFlag(ctx, b.staff, flag.id, {
        decision: 'confirmed',
        reason: '身份证号码一致，本人承认曾在芙蓉区受助',
      });
      expect(decided).toMatchObject({ status: 'confirmed', alertDivisionCode: '430202' });
      expect(
        await err(decideRepeatFlag(ctx, b.staff, flag.id, { decision: 'rejected', reason: '重复处理' })),
      ).toBe('REPEAT_FLAG_DECIDED');

      const hukou = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430202' })).actor;
      const alerts = await listGovernanceAlerts(ctx, hukou, page);
      expect(alerts.items).toHaveLength(1);
      expect(alerts.items[0]).toMatchObject({
        hukouBasis: 'resident_id',
        status: 'open',
        personName: '邓国华',
      });
      expect(alerts.items[0]!.summary).toContain('多次流浪');
      expect(await todoCount(ctx, 'rescue.governance-alerts', hukou)).toBe(1);
      expect((await listGovernanceAlerts(ctx, other, page)).total).toBe(0);
      // The sending station sees what it sent but does not acknowledge it.
      expect((await listGovernanceAlerts(ctx, b.staff, page)).total).toBe(1);
      expect(
        await err(acknowledgeGovernanceAlert(ctx, b.staff, alerts.items[0]!.id, { actionTaken: '已处理' })),
      ).toBe('ALERT_HUKOU_COUNTY_ONLY');
      const ack = await acknowledgeGovernanceAlert(ctx, hukou, alerts.items[0]!.id, {
        actionTaken: '已联系村委会落实监护，纳入低保审核',
      });
      expect(ack).toMatchObject({
        status: 'acknowledged',
        actionTaken: '已联系村委会落实监护，纳入低保审核',
      });
      expect(await todoCount(ctx, 'rescue.governance-alerts', hukou)).toBe(0);

      const stats = await governanceStatistics(
        ctx,
        (await aUser(ctx, { role: 'supervisor', divisionCode: '430100' })).actor,
        {
          period: 'month',
          from: '2026-01-01' as PlainDate,
          to: '2026-06-30' as PlainDate,
        },
      );
      expect(stats.repeatTotal).toBe(1);
      expect(stats.repeatCells).toEqual([
        expect.objectContaining({ bucket: '2026-04', divisionCode: '430104', confirmed: 1, open: 0 }),
      ]);
    });

    it('the engine flags the same name given at another station (homophone), never a different person; the caseworker names the hukou county when nothing else does', async () => {
      const clock = new ManualClock('2026-02-01T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const a = await aRescueStation(ctx, { county: '430102' });
      const b = await aRescueStation(ctx, { county: '430111' });
      const earlier = await aRescueCase(ctx, a, {
        name: '唐小军',
        identityStatus: 'to_verify',
        estimatedAge: 45,
      });
      await aRescueCase(ctx, a, { name: '王大明', identityStatus: 'to_verify', estimatedAge: 45 });
      clock.set('2026-03-20T02:00:00.000Z');
      const later = await aRescueCase(ctx, b, {
        name: '唐晓军',
        identityStatus: 'to_verify',
        estimatedAge: 46,
      });
      const sameStation = await aRescueCase(ctx, a, {
        name: '唐小军',
        identityStatus: 'to_verify',
        estimatedAge: 45,
      });
      await runSourceGovernance(ctx);
      const flags = (await listRepeatFlags(ctx, b.countyStaff, page)).items;
      expect(flags.map((f) => [f.current.caseId, f.earlier.caseId, f.basis])).toEqual([
        [later.id, earlier.id, 'engine'],
      ]);
      expect(flags[0]!.explanation.join('；')).toContain('同音');
      // A case at the same station is never flagged against its own station's cases.
      expect((await listRepeatFlags(ctx, a.staff, page)).items.map((f) => f.current.caseId)).not.toContain(
        sameStation.id,
      );
      expect(
        await err(
          decideRepeatFlag(ctx, b.staff, flags[0]!.id, { decision: 'confirmed', reason: '本人确认' }),
        ),
      ).toBe('REPEAT_HUKOU_REQUIRED');
      // The refused confirmation changed nothing.
      expect((await listRepeatFlags(ctx, b.staff, { ...page, status: 'open' })).total).toBe(1);
      const ok = await decideRepeatFlag(ctx, b.staff, flags[0]!.id, {
        decision: 'confirmed',
        reason: '本人确认，自述家住浏阳',
        hukouDivisionCode: '430181',
      });
      expect(ok.alertDivisionCode).toBe('430181');
      const alerts = await listGovernanceAlerts(
        ctx,
        (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' })).actor,
        page,
      );
      expect(alerts.items[0]).toMatchObject({ hukouBasis: 'caseworker', hukouDivisionName: '浏阳市' });
    });

    it('returnees: registered from 返乡 departures, visible to the home county, follow-ups move the next due date; overdue is a to-do', async () => {
      const clock = new ManualClock('2026-03-01T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const a = await aRescueStation(ctx, { county: '430102' });
      const c = await aRescueCase(ctx, a, { birthDate: '1980-01-02', name: '彭建' });
      await ctx.db.kysely
        .updateTable('people')
        .set({ residentId: composeResidentId('430181', '1980-01-02' as PlainDate, 333) })
        .where('id', '=', c.personId)
        .execute();
      await closeDemoCaseAsReturned(
        ctx.db.kysely,
        { id: c.id, stationId: a.id, divisionCode: a.divisionCode },
        '2026-03-03',
        '浏阳市',
        '2026-03-03T02:00:00.000Z',
      );
      expect((await runSourceGovernance(ctx)).returnees).toBe(1);
      expect((await runSourceGovernance(ctx)).returnees).toBe(0);
      const home = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' })).actor;
      const other = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430104' })).actor;
      const list = await listReturnees(ctx, home, page);
      expect(list.items).toHaveLength(1);
      const r = list.items[0]!;
      expect(r).toMatchObject({
        homeDivisionCode: '430181',
        homeDivisionName: '浏阳市',
        returnedOn: '2026-03-03',
        nextVisitDue: '2026-04-02',
        overdue: false,
        personName: '彭建',
      });
      expect((await listReturnees(ctx, a.staff, page)).total).toBe(1);
      expect((await listReturnees(ctx, other, page)).total).toBe(0);
      expect(await err(getReturnee(ctx, other, r.id))).toBe('NOT_FOUND');

      clock.set('2026-04-05T02:00:00.000Z');
      expect((await listReturnees(ctx, home, { ...page, overdue: 'true' })).total).toBe(1);
      expect(await todoCount(ctx, 'rescue.returnee-follow-up-overdue', home)).toBe(1);
      const body = {
        visitedOn: '2026-04-04' as PlainDate,
        party: 'hukou_civil_affairs' as const,
        visitorName: '浏阳市民政局 李干事',
        method: 'visit' as const,
        situation: '在家务农，家人照顾',
        atHome: true,
        needs: ['dibao' as const],
        close: false,
        closedReason: null,
      };
      expect(
        await err(recordFollowUp(ctx, home, r.id, { ...body, visitedOn: '2026-04-06' as PlainDate })),
      ).toBe('FOLLOW_UP_IN_FUTURE');
      expect(await err(recordFollowUp(ctx, other, r.id, body))).toBe('NOT_FOUND');
      const after = await recordFollowUp(ctx, home, r.id, body);
      expect(after).toMatchObject({
        visits: 1,
        lastAtHome: true,
        nextVisitDue: '2026-07-03',
        overdue: false,
      });
      expect(after.followUps[0]).toMatchObject({ needs: ['dibao'], party: 'hukou_civil_affairs' });
      expect(await todoCount(ctx, 'rescue.returnee-follow-up-overdue', home)).toBe(0);
      const reads = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['subjectPersonId'])
        .where('action', '=', 'rescue.returnee.read')
        .execute();
      expect(reads.length).toBeGreaterThan(0);
      expect(reads[0]!.subjectPersonId).toBe(c.personId);
    });

    it('at-risk persons: contacts masked in the list and full in the audited detail; edit with the version, close with a reason', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-03-01T02:00:00.000Z'));
      const a = await aRescueStation(ctx, { county: '430102' });
      const body = {
        divisionCode: '430102',
        name: '彭桂英',
        sex: 'female' as const,
        birthDate: '1941-09-03' as PlainDate,
        kinds: ['dementia' as const],
        homeAddress: '五里牌街道火炬村社区',
        contacts: [{ name: '彭建平', relation: '儿子', phone: '13912345678' }],
        notes: '曾两次走失',
        personId: null,
      };
      expect(await err(createAtRisk(ctx, a.staff, body))).toBe('AT_RISK_COUNTY_ONLY');
      const p = await createAtRisk(ctx, a.countyStaff, body);
      expect(p.contacts[0]!.phone).toBe('13912345678');
      const list = await listAtRisk(ctx, a.countyStaff, { ...page, kind: 'dementia' });
      expect(list.items[0]!.contacts[0]!.phone).toBe('139****5678');
      expect(JSON.stringify(list)).not.toContain('13912345678');
      const other = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430104' })).actor;
      expect(await err(getAtRisk(ctx, other, p.id))).toBe('NOT_FOUND');
      expect((await listAtRisk(ctx, other, page)).total).toBe(0);
      const { divisionCode: _d, ...rest } = body;
      const edited = await updateAtRiskPerson(ctx, a.countyStaff, p.id, {
        ...rest,
        notes: '佩戴防走失手环',
        version: p.version,
      });
      expect(edited.notes).toBe('佩戴防走失手环');
      expect(await err(updateAtRiskPerson(ctx, a.countyStaff, p.id, { ...rest, version: p.version }))).toBe(
        'AT_RISK_CHANGED',
      );
      const closed = await closeAtRisk(ctx, a.countyStaff, p.id, { reason: '已迁出本县' });
      expect(closed).toMatchObject({ status: 'closed', closedReason: '已迁出本县' });
      const audits = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'details'])
        .where('action', 'like', 'rescue.at-risk.%')
        .execute();
      expect(audits.map((x) => x.action)).toEqual(
        expect.arrayContaining([
          'rescue.at-risk.create',
          'rescue.at-risk.read',
          'rescue.at-risk.search',
          'rescue.at-risk.close',
        ]),
      );
      expect(audits.map((x) => x.details).join()).not.toContain('13912345678');
    });

    it('patrol leads: response time against the 30-minute target; rescued needs a case of the station; figures by source', async () => {
      const clock = new ManualClock('2026-03-02T12:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const a = await aRescueStation(ctx, { county: '430102' });
      const b = await aRescueStation(ctx, { county: '430102' });
      const caseA = await aRescueCase(ctx, a, { estimatedAge: 50 });
      const caseB = await aRescueCase(ctx, b, { estimatedAge: 50 });
      const lead = await recordPatrolLead(ctx, a.staff, {
        stationId: a.id,
        receivedAt: '2026-03-02T11:00:00.000Z',
        source: 'police',
        reporter: '五里牌派出所',
        reporterPhone: '13800001111',
        placeDivisionCode: '430102',
        placeDescription: '五一广场地下通道',
        personDescription: '中年男子露宿',
      });
      expect(lead).toMatchObject({
        elapsedMinutes: 60,
        late: true,
        targetMinutes: 30,
        reporterPhoneMasked: '138****1111',
      });
      expect((await listPatrolLeads(ctx, a.staff, { ...page, state: 'late' })).total).toBe(1);
      expect((await listPatrolLeads(ctx, b.staff, page)).total).toBe(0);
      expect(await todoCount(ctx, 'rescue.patrol-leads-pending', a.staff)).toBe(1);
      const resp = {
        respondedAt: '2026-03-02T11:20:00.000Z',
        outcome: 'rescued' as const,
        outcomeNote: null,
        version: lead.version,
      };
      expect(await err(respondPatrolLead(ctx, a.staff, lead.id, resp))).toBe('PATROL_CASE_REQUIRED');
      expect(await err(respondPatrolLead(ctx, a.countyStaff, lead.id, { ...resp, caseId: caseB.id }))).toBe(
        'PATROL_CASE_OTHER_STATION',
      );
      expect(await err(respondPatrolLead(ctx, b.staff, lead.id, { ...resp, caseId: caseA.id }))).toBe(
        'NOT_FOUND',
      );
      const done = await respondPatrolLead(ctx, a.staff, lead.id, { ...resp, caseId: caseA.id });
      expect(done).toMatchObject({
        responseMinutes: 20,
        late: false,
        caseNo: caseA.caseNo,
        outcome: 'rescued',
      });
      expect(
        await err(
          respondPatrolLead(ctx, a.staff, lead.id, { ...resp, caseId: caseA.id, version: done.version }),
        ),
      ).toBe('PATROL_LEAD_RESPONDED');
      expect(await todoCount(ctx, 'rescue.patrol-leads-pending', a.staff)).toBe(0);
      const stats = await governanceStatistics(ctx, a.countyStaff, {
        period: 'month',
        from: '2026-03-01' as PlainDate,
        to: '2026-03-31' as PlainDate,
      });
      expect(stats.leads).toMatchObject({
        received: 1,
        responded: 1,
        late: 0,
        medianMinutes: 20,
        withinTargetShare: 1,
      });
      expect(stats.leads.bySource.find((s) => s.source === 'police')).toMatchObject({
        received: 1,
        medianMinutes: 20,
      });
    });
  },
  { lines: [rescueLine] },
);
