import { plainDateOf, registerHolidayCalendar, type PlainDate } from '@social-affairs/kernel';
import { describe, expect, it } from 'vitest';
import type { CoreContext } from '../context';
import { ManualClock, aUser, describeEachDatabase, testContext } from '../testing/index';
import {
  approvalDueDate,
  approvalsOfOwner,
  decideApproval,
  defineApproval,
  divisionAtLevel,
  escalateOverdueApprovals,
  getApproval,
  myApprovalTasks,
  overdueApprovals,
  resubmitApproval,
  submitApproval,
  withdrawApproval,
  withdrawApprovalInTransaction,
} from './index';

/** A two-level review: the county reviews (5 working days), the city approves (10 calendar days). */
const review = defineApproval({
  key: 'test.subsidy-review',
  title: '补贴资格审核',
  submitPermission: 'people:write',
  steps: [
    {
      key: 'county-review',
      title: '县级审核',
      level: 'county',
      permission: 'people:reveal',
      roles: ['county_reviewer'],
      deadline: { days: 5, unit: 'working' },
      differentPersonFromPrevious: true,
    },
    {
      key: 'city-approval',
      title: '市级审批',
      level: 'city',
      permission: 'people:read',
      roles: ['county_reviewer'],
      deadline: { days: 10, unit: 'calendar' },
      differentPersonFromPrevious: true,
      attachmentsRequired: true,
    },
  ],
});

/** Two county steps, the second by a different person than the first. */
const fourEyes = defineApproval({
  key: 'test.four-eyes',
  title: '双人复核',
  submitPermission: 'people:write',
  steps: [
    {
      key: 'first',
      title: '初审',
      level: 'county',
      roles: ['county_reviewer'],
      deadline: { days: 3, unit: 'working' },
    },
    {
      key: 'second',
      title: '复审',
      level: 'county',
      roles: ['county_reviewer'],
      deadline: { days: 3, unit: 'working' },
      differentPersonFromPrevious: true,
    },
  ],
});

describe('approval deadlines on the holiday calendar', () => {
  it('skips National Day 2026 (10-01..10-07) and counts the adjusted working Saturday 10-10', () => {
    const opened = plainDateOf(2026, 9, 30);
    expect(approvalDueDate(opened, { days: 5, unit: 'working' })).toEqual({
      dueOn: '2026-10-13',
      provisional: false,
    });
    // Calendar days: 09-30 + 3 = 10-03, a holiday rest day: the period ends on 10-08.
    expect(approvalDueDate(opened, { days: 3, unit: 'calendar' })).toEqual({
      dueOn: '2026-10-08',
      provisional: false,
    });
  });

  it('flags a deadline that counts through a year not loaded as provisional, never guessing its holidays', () => {
    // 2027's arrangements are not in the calendar: 2027-01-01 (Friday) counts as a working day, flagged.
    expect(approvalDueDate(plainDateOf(2026, 12, 28), { days: 5, unit: 'working' })).toEqual({
      dueOn: '2027-01-04',
      provisional: true,
    });
  });

  it('maps a record’s division to the acting division of each level', () => {
    expect(divisionAtLevel('430181', 'county')).toBe('430181');
    expect(divisionAtLevel('430181', 'city')).toBe('430100');
    expect(divisionAtLevel('430181', 'province')).toBe('430000');
    expect(divisionAtLevel('430181', 'township')).toBeUndefined();
    expect(divisionAtLevel('430181001', 'township')).toBe('430181001');
  });

  it('refuses a definition with a step nobody can act on', () => {
    expect(() =>
      defineApproval({
        key: 'test.bad',
        title: '错误',
        submitPermission: 'people:write',
        steps: [{ key: 'a', title: '甲', level: 'county', deadline: { days: 1, unit: 'working' } }],
      }),
    ).toThrow(/permission or roles/);
  });
});

describeEachDatabase('approval engine', (t) => {
  async function setup(start = '2026-11-02T02:00:00.000Z') {
    const clock = new ManualClock(start);
    const ctx = testContext(t.db, clock);
    const clerk = await aUser(ctx, { role: 'subsidy_clerk', divisionCode: '430181' });
    const countyA = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
    const countyB = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
    const city = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430100' });
    return { clock, ctx, clerk, countyA, countyB, city };
  }

  function submit(
    ctx: CoreContext,
    actor: Parameters<typeof submitApproval>[1],
    ownerId = 'rec-1',
    definition = review,
  ) {
    return submitApproval(ctx, actor, {
      definition,
      ownerType: 'test_record',
      ownerId,
      divisionCode: '430181',
      title: '张三 补贴资格审核',
    });
  }

  async function auditActions(): Promise<string[]> {
    const rows = await t.db.kysely.selectFrom('auditLog').select('action').orderBy('seq').execute();
    return rows.map((r) => r.action).filter((a) => a.startsWith('approval.'));
  }

  async function events(): Promise<{ type: string; payload: Record<string, unknown> }[]> {
    const rows = await t.db.kysely
      .selectFrom('outboxEvents')
      .select(['type', 'payload'])
      .orderBy('position')
      .execute();
    return rows
      .filter((r) => r.type.startsWith('approval.'))
      .map((r) => ({ type: r.type, payload: JSON.parse(r.payload) as Record<string, unknown> }));
  }

  it('goes through county review and city approval, audited, and emits approval.completed', async () => {
    const { ctx, clerk, countyA, city } = await setup();
    const submitted = await submit(ctx, clerk.actor);
    expect(submitted.status).toBe('pending');
    expect(submitted.currentStep).toMatchObject({
      key: 'county-review',
      actingDivisionCode: '430181',
      openedOn: '2026-11-02',
      dueOn: '2026-11-09',
      dueProvisional: false,
    });

    const todo = await myApprovalTasks(ctx, countyA.actor);
    expect(todo.total).toBe(1);
    expect(todo.items[0]).toMatchObject({ instanceId: submitted.id, stepTitle: '县级审核', overdue: false });
    expect((await myApprovalTasks(ctx, city.actor)).total).toBe(0);
    expect((await myApprovalTasks(ctx, clerk.actor)).total).toBe(0);

    const afterCounty = await decideApproval(ctx, countyA.actor, submitted.id, {
      decision: 'approve',
      stepId: submitted.currentStep?.id,
    });
    expect(afterCounty.currentStep).toMatchObject({ key: 'city-approval', actingDivisionCode: '430100' });
    expect((await myApprovalTasks(ctx, city.actor)).total).toBe(1);

    await expect(
      decideApproval(ctx, city.actor, submitted.id, { decision: 'approve' }),
    ).rejects.toMatchObject({ code: 'APPROVAL_ATTACHMENTS_REQUIRED' });
    const done = await decideApproval(ctx, city.actor, submitted.id, {
      decision: 'approve',
      reason: '同意',
      attachmentIds: ['att-1'],
    });
    expect(done.status).toBe('approved');
    expect(done.currentStep).toBeNull();
    expect(done.decisions.map((d) => d.action)).toEqual(['submit', 'approve', 'approve']);
    expect(done.decisions[2]?.attachmentIds).toEqual(['att-1']);

    expect(await auditActions()).toEqual(['approval.submit', 'approval.approve', 'approval.approve']);
    expect(await events()).toEqual([
      {
        type: 'approval.completed',
        payload: {
          instanceId: submitted.id,
          definitionKey: 'test.subsidy-review',
          ownerType: 'test_record',
          ownerId: 'rec-1',
          divisionCode: '430181',
        },
      },
    ]);
    await expect(
      decideApproval(ctx, city.actor, submitted.id, { decision: 'approve' }),
    ).rejects.toMatchObject({
      code: 'APPROVAL_NOT_PENDING',
    });
    expect((await approvalsOfOwner(ctx, countyA.actor, 'test_record', 'rec-1')).map((a) => a.id)).toEqual([
      submitted.id,
    ]);
  });

  it('needs a reason in Chinese to reject, then ends with approval.rejected', async () => {
    const { ctx, clerk, countyA } = await setup();
    const a = await submit(ctx, clerk.actor);
    await expect(decideApproval(ctx, countyA.actor, a.id, { decision: 'reject' })).rejects.toMatchObject({
      code: 'APPROVAL_REASON_REQUIRED',
    });
    await expect(
      decideApproval(ctx, countyA.actor, a.id, { decision: 'reject', reason: '  ' }),
    ).rejects.toMatchObject({ code: 'APPROVAL_REASON_REQUIRED' });
    await expect(
      decideApproval(ctx, countyA.actor, a.id, { decision: 'reject', reason: 'no' }),
    ).rejects.toMatchObject({ code: 'APPROVAL_REASON_NOT_CHINESE' });
    const rejected = await decideApproval(ctx, countyA.actor, a.id, {
      decision: 'reject',
      reason: '家庭收入超过补贴标准',
    });
    expect(rejected.status).toBe('rejected');
    expect(rejected.decisions[1]).toMatchObject({ action: 'reject', reason: '家庭收入超过补贴标准' });
    expect(await events()).toMatchObject([
      {
        type: 'approval.rejected',
        payload: { instanceId: a.id, stepKey: 'county-review', reason: '家庭收入超过补贴标准' },
      },
    ]);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'reason'])
      .where('action', '=', 'approval.reject')
      .executeTakeFirst();
    expect(audit).toEqual({ action: 'approval.reject', reason: '家庭收入超过补贴标准' });
  });

  it('refuses the same person on a step that requires a different one (separation of duties)', async () => {
    const { ctx, clerk, countyA, countyB } = await setup();
    const a = await submit(ctx, clerk.actor, 'rec-2', fourEyes);
    await decideApproval(ctx, countyA.actor, a.id, { decision: 'approve' });
    await expect(decideApproval(ctx, countyA.actor, a.id, { decision: 'approve' })).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'APPROVAL_SEPARATION_OF_DUTIES',
    });
    expect((await myApprovalTasks(ctx, countyA.actor)).total).toBe(0);
    expect((await myApprovalTasks(ctx, countyB.actor)).total).toBe(1);
    expect((await decideApproval(ctx, countyB.actor, a.id, { decision: 'approve' })).status).toBe('approved');
  });

  it('refuses the wrong level, the wrong role, a missing permission and an out-of-scope actor', async () => {
    const { ctx, clerk, city } = await setup();
    const a = await submit(ctx, clerk.actor);
    await expect(decideApproval(ctx, city.actor, a.id, { decision: 'approve' })).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'APPROVAL_WRONG_LEVEL',
    });
    const registrar = await aUser(ctx, { role: 'registrar', divisionCode: '430181' });
    await expect(decideApproval(ctx, registrar.actor, a.id, { decision: 'approve' })).rejects.toMatchObject({
      code: 'APPROVAL_ROLE_REQUIRED',
    });
    const supervisor = await aUser(ctx, { role: 'supervisor', divisionCode: '430181' });
    await expect(decideApproval(ctx, supervisor.actor, a.id, { decision: 'approve' })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    const otherCounty = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
    await expect(decideApproval(ctx, otherCounty.actor, a.id, { decision: 'approve' })).rejects.toMatchObject(
      {
        kind: 'not_found',
      },
    );
    await expect(getApproval(ctx, otherCounty.actor, a.id)).rejects.toMatchObject({ kind: 'not_found' });
    expect(await approvalsOfOwner(ctx, otherCounty.actor, 'test_record', 'rec-1')).toEqual([]);
    // Submitting needs the definition's permission, in scope, once per owner record.
    await expect(submit(ctx, city.actor, 'rec-9')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    const outsideClerk = await aUser(ctx, { role: 'subsidy_clerk', divisionCode: '430102' });
    await expect(submit(ctx, outsideClerk.actor, 'rec-9')).rejects.toMatchObject({
      code: 'DIVISION_OUT_OF_SCOPE',
    });
    await expect(submit(ctx, clerk.actor)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'APPROVAL_ALREADY_OPEN',
    });
    expect(await auditActions()).toEqual(['approval.submit']);
  });

  it('returns for correction, reopens the step on resubmission, and can be withdrawn', async () => {
    const { ctx, clerk, countyA } = await setup();
    const a = await submit(ctx, clerk.actor);
    await expect(decideApproval(ctx, countyA.actor, a.id, { decision: 'return' })).rejects.toMatchObject({
      code: 'APPROVAL_REASON_REQUIRED',
    });
    const returned = await decideApproval(ctx, countyA.actor, a.id, {
      decision: 'return',
      reason: '缺少户口簿复印件',
    });
    expect(returned.status).toBe('returned');
    expect((await myApprovalTasks(ctx, countyA.actor)).total).toBe(0);
    const again = await resubmitApproval(ctx, clerk.actor, a.id, { attachmentIds: ['att-hukou'] });
    expect(again.status).toBe('pending');
    expect(again.round).toBe(2);
    expect(again.currentStep).toMatchObject({ key: 'county-review', round: 2, status: 'open' });
    await expect(withdrawApproval(ctx, clerk.actor, a.id, { reason: '' })).rejects.toMatchObject({
      code: 'APPROVAL_REASON_REQUIRED',
    });
    const withdrawn = await withdrawApproval(ctx, clerk.actor, a.id, { reason: '申请人放弃申请' });
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.steps.map((s) => s.status)).toEqual(['returned', 'withdrawn']);
    expect(await auditActions()).toEqual([
      'approval.submit',
      'approval.return',
      'approval.resubmit',
      'approval.withdraw',
    ]);
    // Closed: a new approval of the same record may be submitted.
    expect((await submit(ctx, clerk.actor)).status).toBe('pending');
  });

  it('withdraws inside the caller’s transaction: rolled back with it, or committed with it', async () => {
    const { ctx, clerk } = await setup();
    const a = await submit(ctx, clerk.actor);
    const refused = ctx.db.kysely.transaction().execute(async (trx) => {
      await withdrawApprovalInTransaction(ctx, trx, clerk.actor, a.id, { reason: '业务记录已结束' });
      throw new Error('the caller refuses its own change');
    });
    await expect(refused).rejects.toThrow('the caller refuses its own change');
    expect((await getApproval(ctx, clerk.actor, a.id)).status).toBe('pending');
    const row = await ctx.db.kysely
      .transaction()
      .execute((trx) =>
        withdrawApprovalInTransaction(ctx, trx, clerk.actor, a.id, { reason: '业务记录已结束' }),
      );
    expect(row.status).toBe('withdrawn');
    expect((await getApproval(ctx, clerk.actor, a.id)).status).toBe('withdrawn');
    await expect(
      ctx.db.kysely
        .transaction()
        .execute((trx) => withdrawApprovalInTransaction(ctx, trx, clerk.actor, a.id, { reason: '再次撤回' })),
    ).rejects.toMatchObject({ code: 'APPROVAL_NOT_PENDING' });
  });

  it('takes one of two simultaneous decisions on a step and refuses the other', async () => {
    const { ctx, clerk, countyA, countyB } = await setup();
    const a = await submit(ctx, clerk.actor, 'rec-3', fourEyes);
    const stepId = a.currentStep?.id; // both deciders look at the first step
    const results = await Promise.allSettled([
      decideApproval(ctx, countyA.actor, a.id, { decision: 'approve', stepId }),
      decideApproval(ctx, countyB.actor, a.id, { decision: 'reject', reason: '材料不全', stepId }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.status === 'rejected' ? failed.reason : undefined).toMatchObject({
      code: 'APPROVAL_CHANGED',
    });
    const view = await getApproval(ctx, countyA.actor, a.id);
    expect(view.decisions.map((d) => d.action)).toHaveLength(2);
  });

  it('scopes an institution’s approvals to that institution’s staff', async () => {
    const { ctx, clerk, countyA } = await setup();
    const homeClerk = { ...clerk.actor, institutionId: 'home-1' };
    const otherHome = { ...clerk.actor, institutionId: 'home-2' };
    const input = { definition: review, ownerType: 'test_record', ownerId: 'rec-h', divisionCode: '430181' };
    await expect(submitApproval(ctx, homeClerk, input)).rejects.toMatchObject({
      code: 'INSTITUTION_OUT_OF_SCOPE',
    });
    const a = await submitApproval(ctx, homeClerk, { ...input, institutionId: 'home-1' });
    expect((await getApproval(ctx, homeClerk, a.id)).id).toBe(a.id);
    await expect(getApproval(ctx, otherHome, a.id)).rejects.toMatchObject({ kind: 'not_found' });
    expect(await approvalsOfOwner(ctx, otherHome, 'test_record', 'rec-h')).toEqual([]);
    await expect(withdrawApproval(ctx, otherHome, a.id, { reason: '撤回' })).rejects.toMatchObject({
      kind: 'not_found',
    });
    // The county reviews it like any other record of its county.
    expect((await myApprovalTasks(ctx, countyA.actor)).items.map((i) => i.instanceId)).toEqual([a.id]);
  });

  it('computes the first deadline across National Day', async () => {
    const { ctx, clerk } = await setup('2026-09-30T02:00:00.000Z');
    const a = await submit(ctx, clerk.actor);
    expect(a.currentStep).toMatchObject({
      openedOn: '2026-09-30',
      dueOn: '2026-10-13',
      dueProvisional: false,
    });
  });

  it('stores a provisional deadline when it counts into a year whose holidays are not loaded', async () => {
    const { ctx, clerk } = await setup('2026-12-28T02:00:00.000Z');
    const a = await submit(ctx, clerk.actor);
    expect(a.currentStep).toMatchObject({ dueOn: '2027-01-04', dueProvisional: true });
  });

  it('escalates an overdue step once to the next level up, idempotently', async () => {
    const { clock, ctx, clerk, city } = await setup();
    const a = await submit(ctx, clerk.actor); // due 2026-11-09
    expect(await escalateOverdueApprovals(ctx)).toEqual({ escalated: 0, deadlinesFinalised: 0 });
    clock.set('2026-11-09T10:00:00.000Z'); // the last day itself is not overdue
    expect((await escalateOverdueApprovals(ctx)).escalated).toBe(0);
    clock.set('2026-11-10T02:00:00.000Z');
    expect((await escalateOverdueApprovals(ctx)).escalated).toBe(1);
    expect((await escalateOverdueApprovals(ctx)).escalated).toBe(0);
    clock.set('2026-11-12T02:00:00.000Z');
    expect((await escalateOverdueApprovals(ctx)).escalated).toBe(0);

    const view = await getApproval(ctx, city.actor, a.id);
    expect(view.currentStep).toMatchObject({ overdue: true, escalatedToDivisionCode: '430100' });
    expect(view.decisions.map((d) => d.action)).toEqual(['submit', 'escalate']);
    expect(view.decisions[1]?.reason).toContain('长沙市');
    const overdue = await overdueApprovals(ctx, city.actor);
    expect(overdue.map((o) => o.instanceId)).toEqual([a.id]);
    expect(await auditActions()).toEqual(['approval.submit', 'approval.escalate']);
  });

  it('finalises a provisional deadline once its year is loaded (escalation job)', async () => {
    // A year pair per engine, so the kernel calendar (process-wide) is not loaded before the other's test.
    const base = t.dialect === 'sqlite' ? 2040 : 2042;
    const { ctx, clerk } = await setup(`${base}-12-27T02:00:00.000Z`);
    // Weekends only in both years (not loaded): 12-27 + 5 working days.
    const a = await submit(ctx, clerk.actor);
    expect(a.currentStep?.dueProvisional).toBe(true);
    const provisionalDue = a.currentStep?.dueOn as PlainDate;
    registerHolidayCalendar({
      years: Object.fromEntries(
        [base, base + 1].map((y) => [
          String(y),
          {
            notices: [{ title: `测试用${y}年安排`, number: null, date: `${y - 1}-11-01` }],
            holidays: y === base + 1 ? [{ name: '元旦', rest: [`${y}-01-01`, `${y}-01-03`], work: [] }] : [],
          },
        ]),
      ),
    });
    const expected = approvalDueDate(`${base}-12-27` as PlainDate, { days: 5, unit: 'working' });
    expect(expected.provisional).toBe(false);
    expect((await escalateOverdueApprovals(ctx)).deadlinesFinalised).toBe(1);
    expect((await escalateOverdueApprovals(ctx)).deadlinesFinalised).toBe(0);
    const view = await getApproval(ctx, clerk.actor, a.id);
    expect(view.currentStep).toMatchObject({ dueOn: expected.dueOn, dueProvisional: false });
    expect(expected.dueOn > provisionalDue || expected.dueOn === provisionalDue).toBe(true);
  });
});
