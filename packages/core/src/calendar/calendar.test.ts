import {
  DomainError,
  holidayNameOf,
  isRestDay,
  loadedHolidayYears,
  registerHolidayCalendar,
  type PlainDate,
} from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { defineApproval, submitApproval } from '../approvals/index';
import { ManualClock, aUser, describeEachDatabase, testContext } from '../testing/index';
import { todosFor } from '../line-views';
import {
  calendarTodos,
  listHolidayYears,
  loadHolidayYear,
  loadStoredHolidayCalendars,
  validateHolidayArrangement,
} from './index';
import { sampleArrangement } from './testing';

function problemsOf(input: unknown): string[] {
  try {
    validateHolidayArrangement(input);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('HOLIDAY_CALENDAR_INVALID');
    return (err as DomainError).details.problems as string[];
  }
  return [];
}

it('accepts a plausible arrangement and the built-in 2026 one', () => {
  expect(problemsOf(sampleArrangement(2031))).toEqual([]);
});

it('refuses, in Chinese, dates outside the year, overlaps, a rest day that is also a working day, weekdays as adjusted days and implausible totals', () => {
  const a = sampleArrangement(2031);
  const holidays = a.holidays;
  expect(
    problemsOf({
      ...a,
      holidays: [...holidays.slice(0, 6), { ...holidays[6]!, rest: ['2032-10-01', '2032-10-07'] }],
    }),
  ).toEqual(expect.arrayContaining(['国庆节的日期 2032-10-01 不在 2031 年内']));
  expect(
    problemsOf({
      ...a,
      holidays: [
        ...holidays.slice(0, 5),
        { ...holidays[5]!, rest: ['2031-09-30', '2031-10-02'] },
        holidays[6],
      ],
    }),
  ).toEqual(expect.arrayContaining(['国庆节与中秋节的放假日期重叠（2031-10-01）']));
  expect(
    problemsOf({ ...a, holidays: [...holidays.slice(0, 6), { ...holidays[6]!, work: ['2031-10-04'] }] }),
  ).toEqual(expect.arrayContaining(['2031-10-04 既是国庆节的放假日，又是国庆节的调休上班日']));
  // 2031-10-08 is a Wednesday.
  expect(
    problemsOf({ ...a, holidays: [...holidays.slice(0, 6), { ...holidays[6]!, work: ['2031-10-08'] }] }),
  ).toEqual(expect.arrayContaining(['国庆节的调休上班日 2031-10-08 是周三，不是周六或周日']));
  expect(problemsOf({ ...a, holidays: holidays.slice(0, 3) })).toEqual(
    expect.arrayContaining(['共 3 个节日，不合常理（通常为 6–7 个），请核对', '安排中没有国庆节']),
  );
  expect(
    problemsOf({
      ...a,
      holidays: [...holidays.slice(0, 6), { ...holidays[6]!, rest: ['2031-10-07', '2031-10-01'] }],
    }),
  ).toEqual(expect.arrayContaining(['国庆节的放假起止日期颠倒（2031-10-07 晚于 2031-10-01）']));
  expect(problemsOf({ ...a, notices: [] })[0]).toContain('请填写节假日安排所依据的通知');
  expect(problemsOf({ ...a, year: 'x' }).length).toBeGreaterThan(0);
});

describeEachDatabase('holiday calendar loaded by an administrator', (t) => {
  // A year pair per engine: the kernel calendar is process-wide, so each engine's test needs its own years.
  const base = () => (t.dialect === 'sqlite' ? 2050 : 2053);

  const review = defineApproval({
    key: 'test.calendar-review',
    title: '日历测试审核',
    submitPermission: 'people:write',
    steps: [
      {
        key: 'county-review',
        title: '县级审核',
        level: 'county',
        roles: ['county_reviewer'],
        deadline: { days: 5, unit: 'working' },
      },
    ],
  });

  it('stores and registers a year, audited, then finalises provisional deadlines at once', async () => {
    const y = base();
    const clock = new ManualClock(`${y}-12-27T02:00:00.000Z`);
    const ctx = testContext(t.db, clock);
    const admin = await aUser(ctx, { role: 'admin', divisionCode: '430000' });
    const clerk = await aUser(ctx, { role: 'subsidy_clerk', divisionCode: '430181' });
    const approval = await submitApproval(ctx, clerk.actor, {
      definition: review,
      ownerType: 'test_record',
      ownerId: 'rec-cal',
      divisionCode: '430181',
      title: '测试 审核',
    });
    expect(approval.currentStep?.dueProvisional).toBe(true);
    expect(loadedHolidayYears()).not.toContain(y);

    const first = await loadHolidayYear(ctx, admin.actor, sampleArrangement(y));
    expect(first).toMatchObject({
      replaced: false,
      year: { year: y, origin: 'loaded', restDays: 28, workingDays: 2 },
    });
    expect(loadedHolidayYears()).toContain(y);
    expect(isRestDay(`${y}-10-05` as PlainDate)).toBe(true);
    // Still provisional: it counts into y+1, not loaded yet.
    expect(first.refreshed).toEqual([
      { job: 'approvals.escalate-overdue', result: { escalated: 0, deadlinesFinalised: 0 } },
    ]);
    const second = await loadHolidayYear(ctx, admin.actor, sampleArrangement(y + 1));
    expect(second.refreshed[0]?.result).toMatchObject({ deadlinesFinalised: 1 });
    expect(second.message).toContain(`已加载 ${y + 1} 年节假日安排`);

    // Loading a year again replaces it.
    const again = await loadHolidayYear(ctx, admin.actor, sampleArrangement(y + 1));
    expect(again.replaced).toBe(true);
    const audits = await t.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'targetId', 'actorUsername'])
      .where('action', '=', 'calendar.load')
      .orderBy('seq')
      .execute();
    expect(audits.map((a) => a.targetId)).toEqual([String(y), String(y + 1), String(y + 1)]);

    const list = await listHolidayYears(ctx, admin.actor);
    expect(list.years.find((r) => r.year === y + 1)).toMatchObject({
      origin: 'loaded',
      loadedBy: admin.actor.username,
    });
    expect(list.years.find((r) => r.year === 2026)).toMatchObject({
      origin: 'builtin',
      restDays: 33,
      workingDays: 6,
    });
  });

  it('re-registers the stored years at start (a stored year replaces what the process had)', async () => {
    const y = base() + 2;
    const ctx = testContext(t.db);
    const admin = await aUser(ctx, { role: 'admin', divisionCode: '430000' });
    await loadHolidayYear(ctx, admin.actor, sampleArrangement(y));
    // As if this process had started with a different arrangement of that year.
    registerHolidayCalendar({
      years: { [y]: { notices: [{ title: 'x', number: null, date: `${y - 1}-01-01` }], holidays: [] } },
    });
    expect(holidayNameOf(`${y}-10-05` as PlainDate)).toBeUndefined();
    expect(await loadStoredHolidayCalendars(ctx)).toEqual({ years: [y], refused: [] });
    expect(holidayNameOf(`${y}-10-05` as PlainDate)).toBe('国庆节');
  });

  it('refuses anyone but a province-level administrator, and an invalid arrangement stores nothing', async () => {
    const ctx = testContext(t.db);
    const county = await aUser(ctx, { role: 'admin', divisionCode: '430181' });
    const clerk = await aUser(ctx, { role: 'registrar', divisionCode: '430000' });
    const admin = await aUser(ctx, { role: 'admin', divisionCode: '430000' });
    await expect(loadHolidayYear(ctx, county.actor, sampleArrangement(2060))).rejects.toMatchObject({
      code: 'CALENDAR_PROVINCE_ONLY',
    });
    await expect(loadHolidayYear(ctx, clerk.actor, sampleArrangement(2060))).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(
      loadHolidayYear(ctx, admin.actor, { ...sampleArrangement(2060), holidays: [] }),
    ).rejects.toMatchObject({ code: 'HOLIDAY_CALENDAR_INVALID' });
    expect(await t.db.kysely.selectFrom('holidayCalendars').selectAll().execute()).toEqual([]);
  });

  it('warns administrators on the home page from 1 December while next year is not loaded', async () => {
    const y = base() + 4; // y+1 never loaded in this file
    const clock = new ManualClock(`${y}-11-30T02:00:00.000Z`);
    const ctx = testContext(t.db, clock);
    const admin = await aUser(ctx, { role: 'admin', divisionCode: '430181' });
    const registrar = await aUser(ctx, { role: 'registrar', divisionCode: '430181' });
    expect(calendarTodos(ctx, admin.actor)).toEqual([]);
    clock.set(`${y}-12-01T02:00:00.000Z`);
    const todos = await todosFor(ctx, admin.actor);
    expect(todos).toEqual([
      {
        line: 'platform',
        kind: 'platform.holiday-calendar-missing',
        title: `${y + 1}年节假日安排尚未加载，相关期限暂定`,
        count: 1,
        dueOn: `${y + 1}-01-01`,
        link: '/system/holiday-calendar',
      },
    ]);
    expect(await todosFor(ctx, registrar.actor)).toEqual([]);
    // Once loaded, the item is gone.
    const province = await aUser(ctx, { role: 'admin', divisionCode: '430000' });
    await loadHolidayYear(ctx, province.actor, sampleArrangement(y + 1));
    expect(calendarTodos(ctx, admin.actor)).toEqual([]);
  });
});
