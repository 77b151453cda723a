import {
  childrenOf,
  composeDisabilityCertificateNumber,
  composeResidentId,
  isDomainError,
  plainDateOf,
} from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import type { Actor } from '../access/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { applicationsTodos } from './applications.todos';
import {
  applicationStatus,
  applyOnline,
  completeMaterials,
  escalateOverdueApplications,
  forwardApplication,
  getApplication,
  listApplications,
  notifyApplicant,
  recordExchange,
  takeApplication,
  withdrawApplication,
} from './applications.service';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anEntitlement,
  type DisabledPersonFixture,
} from './disability.fixtures';
import { disabilityLine } from './line';

/** 10:00 Beijing on `day`. */
const at = (day: string) => new ManualClock(`${day}T02:00:00.000Z`);
const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (isDomainError(err)) return err.code;
    throw err;
  }
};
const intake = (p: DisabledPersonFixture, over: Record<string, unknown> = {}) => ({
  residentId: p.residentId,
  name: p.name,
  certificateNumber: p.certificateNumber!,
  subsidies: ['care' as const],
  applicantRelation: 'self' as const,
  phone: '13812345678',
  hukouDivisionCode: '430181001',
  ...over,
});
const count = async (ctx: CoreContext) =>
  Number(
    (
      await ctx.db.kysely
        .selectFrom('disabilityApplications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
/** What the review concern does on a decision (sets `decidedOn` and the outcome). */
const decide = (ctx: CoreContext, id: string, on: string) =>
  ctx.db.kysely
    .updateTable('disabilityApplications')
    .set({ decidedOn: on, status: 'approved', careOutcome: 'granted' })
    .where('id', '=', id)
    .execute();
const todos = async (ctx: CoreContext, actor: Actor) =>
  (
    await Promise.all(
      applicationsTodos.filter((t) => actor.permissions.has(t.permission)).map((t) => t.load(ctx, actor)),
    )
  ).flat();

describeEachDatabase(
  'disability applications (R-DIS-05, R-DIS-06)',
  (t) => {
    it('R-DIS-06 TC: complete on Mon 2025-03-03 at another window → forward by 03-06; forwarded 03-06 → decide by 03-20; notify within 3 working days; countdowns and escalation', async () => {
      const ctx = testContext(t.db, at('2025-03-03'));
      const c = await aDisabilityCounty(ctx);
      const p = await aDisabledPerson(ctx, { grade: 1 });
      // Taken at 社港镇 for a 淮川街道 hukou: the window forwards within 3 working days.
      const a = await takeApplication(ctx, c.otherTownshipClerk, intake(p));
      expect(a).toMatchObject({
        status: 'received',
        channel: 'window',
        submittedOn: '2025-03-03',
        materialsCompleteOn: '2025-03-03',
        forwardDueOn: '2025-03-06',
        forwardedOn: null,
        payFromMonth: '2025-03',
        receivedDivisionCode: '430181102',
        divisionCode: '430181001',
        certificateInRegister: true,
        canForward: true,
        countdown: { stage: 'forward', workingDaysLeft: 3, overdueDays: 0, provisional: false },
      });
      expect(a.applicationNo).toMatch(/^湘浏残补〔2025〕\d{6}号$/);
      // Not yet due: no escalation; the window's to-do lists it.
      expect(await escalateOverdueApplications(ctx)).toEqual({ notifyDueSet: 0, escalated: 0 });
      expect((await todos(ctx, c.otherTownshipClerk)).map((x) => x.kind)).toContain(
        'disability.applications-to-forward',
      );
      // 2025-03-07: one day overdue → escalated once (idempotent), shown to the supervisor.
      const late = testContext(t.db, at('2025-03-07'));
      expect((await getApplication(late, c.otherTownshipClerk, a.id)).countdown).toMatchObject({
        overdueDays: 1,
        text: '转户籍地已逾期 1 天',
      });
      expect(await escalateOverdueApplications(late)).toEqual({ notifyDueSet: 0, escalated: 1 });
      expect(await escalateOverdueApplications(late)).toEqual({ notifyDueSet: 0, escalated: 0 });
      expect((await todos(late, c.citySupervisor)).map((x) => x.kind)).toEqual([
        'disability.applications-escalated',
      ]);
      // Forwarded on 03-06 (recorded late): decide by 03-20.
      const fwd = await forwardApplication(late, c.otherTownshipClerk, a.id, { on: '2025-03-06' });
      expect(fwd).toMatchObject({
        status: 'forwarded',
        forwardedOn: '2025-03-06',
        decideDueOn: '2025-03-20',
      });
      expect(fwd.escalations).toEqual([
        { stage: 'forward', stageLabel: '转户籍地', dueOn: '2025-03-06', escalatedOn: '2025-03-07' },
      ]);
      expect(fwd.countdown).toMatchObject({ stage: 'decide', workingDaysLeft: 9 });
      expect(await code(forwardApplication(late, c.otherTownshipClerk, a.id, {}))).toBe(
        'DISABILITY_ALREADY_FORWARDED',
      );
      // The hukou township's clerk cannot forward for the window; a third party cannot see it.
      const third = await aDisabledPerson(ctx);
      void third;
      // Decided on 03-20 (review concern) → notify by 03-25, filled in by the job.
      await decide(ctx, a.id, '2025-03-20');
      const after = testContext(t.db, at('2025-03-24'));
      expect(await escalateOverdueApplications(after)).toEqual({ notifyDueSet: 1, escalated: 0 });
      expect((await getApplication(after, c.otherTownshipClerk, a.id)).countdown).toMatchObject({
        stage: 'notify',
        dueOn: '2025-03-25',
        workingDaysLeft: 1,
      });
      expect(
        await code(notifyApplicant(after, c.otherTownshipClerk, a.id, { how: 'phone', on: '2025-03-19' })),
      ).toBe('DISABILITY_DATE_ORDER');
      const n = await notifyApplicant(after, c.otherTownshipClerk, a.id, {
        how: 'phone',
        note: '电话告知本人',
      });
      expect(n).toMatchObject({ notifiedOn: '2025-03-24', notifiedHowLabel: '电话告知', countdown: null });
      expect(await code(notifyApplicant(after, c.otherTownshipClerk, a.id, { how: 'sms' }))).toBe(
        'DISABILITY_ALREADY_NOTIFIED',
      );
      // From the national system (applied in Guangzhou on 03-03, received here 03-06): decide by 03-20.
      const q = await aDisabledPerson(ctx, { grade: 2 });
      const x = await takeApplication(
        after,
        c.townshipClerk,
        intake(q, {
          submittedOn: '2025-03-03',
          crossProvince: {
            receivedOn: '2025-03-06',
            reference: 'KSTB-0001',
            windowName: '广州市天河区石牌街道',
          },
        }),
      );
      expect(x).toMatchObject({
        channel: 'cross_province',
        nationalExchange: true,
        receivedDivisionCode: null,
        forwardDueOn: '2025-03-06',
        forwardedOn: '2025-03-06',
        decideDueOn: '2025-03-20',
        status: 'forwarded',
        payFromMonth: '2025-03',
      });
      expect(x.exchanges.map((e) => [e.kind, e.on, e.reference])).toEqual([
        ['received', '2025-03-06', 'KSTB-0001'],
      ]);
      // Overdue decisions: the county's to-do.
      expect((await todos(after, c.civilAffairs)).map((i) => i.kind)).toEqual([
        'disability.applications-overdue-decisions',
      ]);
    });

    it('deadlines across the National Day holiday, and a year not loaded flagged provisional; the hukou window forwards in the same act', async () => {
      const ctx = testContext(t.db, at('2025-09-30'));
      const c = await aDisabilityCounty(ctx);
      const p = await aDisabledPerson(ctx);
      const a = await takeApplication(ctx, c.otherTownshipClerk, intake(p));
      // 10-01…10-08 are holidays; Saturday 10-11 is an adjusted working day.
      expect(a).toMatchObject({ forwardDueOn: '2025-10-11', dueProvisional: false });
      const late = testContext(t.db, at('2026-12-28'));
      const q = await aDisabledPerson(late);
      const b = await takeApplication(late, c.townshipClerk, intake(q));
      expect(b).toMatchObject({
        status: 'forwarded',
        forwardedOn: '2026-12-28',
        dueProvisional: true,
        countdown: { stage: 'decide', provisional: true },
      });
      expect(b.decideDueOn! > '2027-01-01').toBe(true);
      expect(b.countdown!.text).toContain('暂定');
    });

    it('refusals change nothing: holder mismatch (R-DIS-04), agent without a name, a name not in the index, a second open application, a subsidy already received', async () => {
      const ctx = testContext(t.db, at('2025-03-03'));
      const c = await aDisabilityCounty(ctx);
      const p = await aDisabledPerson(ctx);
      const other = await aDisabledPerson(ctx);
      expect(
        await code(
          takeApplication(ctx, c.townshipClerk, intake(p, { certificateNumber: other.certificateNumber })),
        ),
      ).toBe('DISABILITY_CERT_HOLDER_MISMATCH');
      expect(
        await code(takeApplication(ctx, c.townshipClerk, intake(p, { applicantRelation: 'guardian' }))),
      ).toBe('DISABILITY_AGENT_NAME_REQUIRED');
      expect(await code(takeApplication(ctx, c.townshipClerk, intake(p, { name: '某某某' })))).toBe(
        'DISABILITY_NAME_MISMATCH',
      );
      expect(
        await code(takeApplication(ctx, c.townshipClerk, intake(p, { hukouDivisionCode: '430102001' }))),
      ).toBe('DISABILITY_HUKOU_MISMATCH');
      expect(await code(takeApplication(ctx, c.citySupervisor, intake(p)))).toBe('PERMISSION_DENIED');
      expect(await count(ctx)).toBe(0);
      await takeApplication(ctx, c.townshipClerk, intake(p));
      expect(await code(takeApplication(ctx, c.otherTownshipClerk, intake(p)))).toBe(
        'DISABILITY_APPLICATION_OPEN',
      );
      await anEntitlement(ctx, other, { subsidy: 'care' });
      expect(await code(takeApplication(ctx, c.townshipClerk, intake(other)))).toBe(
        'DISABILITY_ALREADY_RECEIVING',
      );
      expect(await count(ctx)).toBe(1);
      // A certificate not yet in the register is accepted pending the federation's check.
      const fresh = await aDisabledPerson(ctx, { certificate: null });
      const f = await takeApplication(
        ctx,
        c.townshipClerk,
        intake(fresh, { certificateNumber: composeDisabilityCertificateNumber(fresh.residentId, 5, 2) }),
      );
      expect(f).toMatchObject({
        certificateInRegister: false,
        categoryLabel: '智力残疾',
        gradeLabel: '二级',
      });
    });

    it('R-DIS-01 TC4: a non-Hunan applicant may apply at a Hunan window — recorded, marked for the national system, with the exchanges typed by hand', async () => {
      const ctx = testContext(t.db, at('2025-03-03'));
      const c = await aDisabilityCounty(ctx);
      const rid = composeResidentId('440106', plainDateOf(1970, 6, 1), 311);
      const a = await takeApplication(ctx, c.townshipClerk, {
        residentId: rid,
        name: '粤申请',
        certificateNumber: composeDisabilityCertificateNumber(rid, 4, 1),
        subsidies: ['care', 'living'],
        applicantRelation: 'self',
        phone: '13812340000',
        hukouDivisionCode: '440106001',
      });
      expect(a).toMatchObject({
        nationalExchange: true,
        divisionCode: '440106001',
        receivedDivisionCode: '430181001',
        status: 'received',
        forwardDueOn: '2025-03-06',
        canRecordExchange: true,
      });
      const pushed = await forwardApplication(ctx, c.townshipClerk, a.id, { reference: 'KSTB-2025-9' });
      expect(pushed.exchanges.map((e) => [e.kind, e.reference])).toEqual([['pushed', 'KSTB-2025-9']]);
      // The county of the window sees it; the outside hukou side is not on this platform.
      expect((await getApplication(ctx, c.countyClerk, a.id)).applicationNo).toBe(a.applicationNo);
      expect(
        await code(
          recordExchange(ctx, c.townshipClerk, a.id, {
            kind: 'result',
            on: '2025-03-03',
            outcomes: { care: 'granted' },
          }),
        ),
      ).toBe('DISABILITY_OUTCOME_REQUIRED');
      const r = await recordExchange(ctx, c.townshipClerk, a.id, {
        kind: 'result',
        on: '2025-03-03',
        reference: 'KSTB-2025-9',
        outcomes: { care: 'granted', living: 'refused' },
        note: '天河区批准护理补贴',
      });
      expect(r).toMatchObject({ status: 'approved', decidedOn: '2025-03-03', notifyDueOn: '2025-03-06' });
      expect(r.outcomes.map((o) => o.outcomeLabel)).toEqual(['不予享受', '准予享受']);
      // A Hunan application does not use the national system.
      const p = await aDisabledPerson(ctx);
      const home = await takeApplication(ctx, c.townshipClerk, intake(p));
      expect(
        await code(recordExchange(ctx, c.townshipClerk, home.id, { kind: 'note', on: '2025-03-03' })),
      ).toBe('DISABILITY_NO_NATIONAL_EXCHANGE');
    });

    it('scope: the receiving window of another county sees its intake, the hukou side too; a third township does not', async () => {
      const ctx = testContext(t.db, at('2025-03-03'));
      const c = await aDisabilityCounty(ctx);
      const f = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const p = await aDisabledPerson(ctx);
      const a = await takeApplication(ctx, f.townshipClerk, intake(p));
      expect(a).toMatchObject({ receivedDivisionCode: '430102001', hukouTownship: false });
      expect((await getApplication(ctx, c.townshipClerk, a.id)).hukouTownship).toBe(true);
      expect(await code(getApplication(ctx, c.otherTownshipClerk, a.id))).toBe('NOT_FOUND');
      expect(await code(getApplication(ctx, f.otherTownshipClerk, a.id))).toBe('NOT_FOUND');
      expect(await code(withdrawApplication(ctx, c.otherTownshipClerk, a.id, { reason: '测试撤回' }))).toBe(
        'NOT_FOUND',
      );
      // Only the window forwards.
      expect(await code(forwardApplication(ctx, c.townshipClerk, a.id, {}))).toBe(
        'DISABILITY_NOT_RECEIVING_WINDOW',
      );
      const list = (actor: Actor) => listApplications(ctx, actor, {}, { page: 1, pageSize: 20 });
      expect((await list(f.townshipClerk)).total).toBe(1);
      expect((await list(c.countyClerk)).total).toBe(1);
      expect((await list(c.otherTownshipClerk)).total).toBe(0);
      expect(
        (await listApplications(ctx, c.countyClerk, { overdue: '1', sort: 'nextDueOn' }, null)).total,
      ).toBe(0);
      expect(
        (
          await listApplications(
            ctx,
            c.countyClerk,
            { status: 'received', sort: '-nextDueOn' },
            { page: 1, pageSize: 5 },
          )
        ).total,
      ).toBe(1);
      expect(
        (await listApplications(ctx, c.countyClerk, { q: p.name, channel: 'window', subsidy: 'care' }, null))
          .total,
      ).toBe(1);
      expect(await code(listApplications(ctx, c.townshipClerk, { division: '430102' }, null))).toBe(
        'DIVISION_OUT_OF_SCOPE',
      );
    });

    it('online application and status look-up: number + phone only (a wrong phone is like an unknown number); the township checks identity and materials', async () => {
      const ctx = testContext(t.db, at('2025-03-03'));
      const c = await aDisabilityCounty(ctx);
      const p = await aDisabledPerson(ctx);
      const receipt = await applyOnline(ctx, {
        residentId: p.residentId,
        name: `${p.name}X`,
        certificateNumber: p.certificateNumber!,
        phone: '13700001111',
        hukouDivisionCode: '430181001',
        subsidies: ['care'],
        applicantRelation: 'self',
      });
      expect(receipt).toMatchObject({ submittedOn: '2025-03-03', townshipName: '浏阳市淮川街道' });
      const s = await applicationStatus(ctx, {
        applicationNo: receipt.applicationNo,
        phone: '137-0000-1111',
      });
      expect(s).toMatchObject({
        status: 'received',
        channelLabel: '网上申请',
        materialsCompleteOn: null,
        result: [],
      });
      expect(s.nameMasked).toBe(`${[...p.name][0]}${'*'.repeat([...p.name].length - 1)}`);
      expect(JSON.stringify(s)).not.toContain(p.residentId);
      expect(
        await code(applicationStatus(ctx, { applicationNo: receipt.applicationNo, phone: '13700002222' })),
      ).toBe('NOT_FOUND');
      expect(
        await code(
          applicationStatus(ctx, { applicationNo: '湘浏残补〔2025〕999999号', phone: '13700001111' }),
        ),
      ).toBe('NOT_FOUND');
      expect(
        await code(
          applyOnline(ctx, {
            residentId: p.residentId,
            name: p.name,
            certificateNumber: `${p.residentId}82`,
            phone: '13700001111',
            hukouDivisionCode: '430181001',
            subsidies: ['care'],
            applicantRelation: 'self',
          }),
        ),
      ).toBe('DISABILITY_CERT_CATEGORY');
      // The hukou township sees it, with the name typed online flagged, and checks the materials.
      const [row] = (await listApplications(ctx, c.townshipClerk, { channel: 'online' }, null)).items;
      const d = await getApplication(ctx, c.townshipClerk, row!.id);
      expect(d).toMatchObject({
        receivedDivisionCode: null,
        nameGiven: `${p.name}X`,
        canCompleteMaterials: true,
        countdown: { stage: 'materials' },
      });
      expect(await code(completeMaterials(ctx, c.otherTownshipClerk, row!.id, {}))).toBe('NOT_FOUND');
      const done = await completeMaterials(ctx, c.townshipClerk, row!.id, {});
      expect(done).toMatchObject({
        status: 'forwarded',
        materialsCompleteOn: '2025-03-03',
        forwardedOn: '2025-03-03',
        decideDueOn: '2025-03-17',
      });
      expect(
        (await applicationStatus(ctx, { applicationNo: receipt.applicationNo, phone: '13700001111' }))
          .nextStep,
      ).toContain('2025-03-17');
    });

    it('counties whose names start with the same character (衡阳县, 衡南县 → 湘衡残补) share one series: no number repeats', async () => {
      const ctx = testContext(t.db, at('2026-03-02'));
      const nos: string[] = [];
      for (const county of ['430421', '430422']) {
        const [town, other] = childrenOf(county);
        const c = await aDisabilityCounty(ctx, { county, township: town!.code, otherTownship: other!.code });
        const p = await aDisabledPerson(ctx, { county });
        const a = await takeApplication(ctx, c.townshipClerk, intake(p, { hukouDivisionCode: c.township }));
        nos.push(a.applicationNo);
      }
      expect(nos).toEqual(['湘衡残补〔2026〕000001号', '湘衡残补〔2026〕000002号']);
    });

    it('withdraw before a decision, with a reason; not after', async () => {
      const ctx = testContext(t.db, at('2025-03-03'));
      const c = await aDisabilityCounty(ctx);
      const p = await aDisabledPerson(ctx);
      const a = await takeApplication(ctx, c.townshipClerk, intake(p));
      await expect(withdrawApplication(ctx, c.townshipClerk, a.id, { reason: '' })).rejects.toThrow(
        '撤回原因',
      );
      const w = await withdrawApplication(ctx, c.townshipClerk, a.id, { reason: '本人申请撤回' });
      expect(w).toMatchObject({
        status: 'withdrawn',
        withdrawnReason: '本人申请撤回',
        withdrawnOn: '2025-03-03',
        countdown: null,
      });
      expect(await code(withdrawApplication(ctx, c.townshipClerk, a.id, { reason: '再次撤回' }))).toBe(
        'DISABILITY_APPLICATION_DECIDED',
      );
      const q = await aDisabledPerson(ctx);
      const b = await takeApplication(ctx, c.townshipClerk, intake(q));
      await decide(ctx, b.id, '2025-03-03');
      expect(await code(withdrawApplication(ctx, c.townshipClerk, b.id, { reason: '决定后撤回' }))).toBe(
        'DISABILITY_APPLICATION_DECIDED',
      );
      const audit = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action'])
        .where('targetId', '=', a.id)
        .where('action', 'like', 'disability.application.%')
        .orderBy('seq')
        .execute();
      expect(audit.map((r) => r.action).filter((x) => !x.endsWith('.read'))).toEqual([
        'disability.application.take',
        'disability.application.withdraw',
      ]);
    });
  },
  { lines: [disabilityLine] },
);
