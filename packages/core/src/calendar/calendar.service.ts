/**
 * The holiday calendar is data an administrator loads, not a release (ADR 0014). Each year's official
 * arrangement (国务院办公厅关于20XX年部分节假日安排的通知) is validated, stored (`holiday_calendars`,
 * audited) and registered into the kernel calendar — at start (`loadStoredHolidayCalendars`, called by
 * openCore) and on load. After a load the jobs that turn provisional deadlines into final ones run at
 * once. From 1 December, while next year is not loaded, administrators see a to-do item.
 */
import {
  DomainError,
  addDays,
  holidayNameOf,
  holidayNoticesOf,
  isoWeekday,
  isWorkingDay,
  loadedHolidayYears,
  registerHolidayCalendar,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import {
  holidayArrangementBody,
  type HolidayArrangementBody,
  type HolidayCalendarList,
  type HolidayLoadResult,
  type HolidayYearView,
} from '@social-affairs/kernel/contracts';
import type { Actor } from '../access/actor';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { jobsOf } from '../jobs';
import type { TodoItem } from '../line';
import { saveHolidayYear, storedHolidayYear, storedHolidayYears } from './calendar.repository';
import type { HolidayCalendarRow } from './calendar.table';

/**
 * The jobs that settle deadlines computed while a year was missing (provisional → final): run after
 * every load. A job not in the server's list (its line not running) is skipped.
 */
export const CALENDAR_DEPENDENT_JOBS = ['approvals.escalate-overdue', 'marriage.divorce-deadlines'] as const;

const INVALID = 'HOLIDAY_CALENDAR_INVALID';
const WEEKDAY = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

function invalid(problems: string[]): DomainError {
  const head = problems[0] ?? '节假日安排数据不正确';
  return new DomainError(
    'invalid',
    INVALID,
    problems.length > 1 ? `${head}（另有 ${problems.length - 1} 处问题）` : head,
    { problems },
  );
}

function daysIn(from: string, to: string): PlainDate[] {
  const days: PlainDate[] = [];
  for (let d = from as PlainDate; d <= to && days.length < 400; d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * Checks a year's arrangement beyond its shape: every date in the year (元旦 may start in the last
 * week of the year before), rest ranges in order, no two holidays overlapping, an adjusted working day
 * never also a rest day and always a Saturday or Sunday, and plausible totals (5–9 holidays including
 * 春节 and 国庆, 20–40 rest days, at most 12 adjusted working days). Returns the arrangement as stored.
 */
export function validateHolidayArrangement(input: unknown): HolidayArrangementBody {
  const parsed = holidayArrangementBody.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues
        .slice(0, 10)
        .map((i) => `${i.path.length ? `${i.path.join('.')}：` : ''}${i.message}`),
    );
  }
  const a = parsed.data;
  const y = a.year;
  const problems: string[] = [];
  const first = `${y}-01-01`;
  const last = `${y}-12-31`;
  const earliestNewYear = `${y - 1}-12-25`;
  const inYear = (d: string, name: string) => {
    const from = name.includes('元旦') ? earliestNewYear : first;
    if (d < from || d > last) problems.push(`${name}的日期 ${d} 不在 ${y} 年内`);
  };
  for (const n of a.notices) {
    if (n.date < `${y - 2}-01-01` || n.date > last)
      problems.push(`通知日期 ${n.date} 与 ${y} 年的安排不符（应在 ${y - 2}–${y} 年间发布）`);
  }
  const names = new Set<string>();
  const rest = new Map<string, string>();
  const work = new Map<string, string>();
  let restDays = 0;
  for (const h of a.holidays) {
    if (names.has(h.name)) problems.push(`节日「${h.name}」重复出现`);
    names.add(h.name);
    const [from, to] = h.rest;
    inYear(from, h.name);
    inYear(to, h.name);
    if (from > to) {
      problems.push(`${h.name}的放假起止日期颠倒（${from} 晚于 ${to}）`);
      continue;
    }
    const days = daysIn(from, to);
    if (days.length > 10) problems.push(`${h.name}放假 ${days.length} 天，超过 10 天，请核对起止日期`);
    for (const d of days) {
      const other = rest.get(d);
      if (other) problems.push(`${h.name}与${other}的放假日期重叠（${d}）`);
      rest.set(d, h.name);
    }
    restDays += days.length;
    for (const w of h.work) {
      inYear(w, h.name);
      if (work.has(w)) problems.push(`调休上班日 ${w} 重复出现`);
      work.set(w, h.name);
      const wd = isoWeekday(w);
      if (wd < 6) problems.push(`${h.name}的调休上班日 ${w} 是${WEEKDAY[wd]}，不是周六或周日`);
      if (w < addDays(from, -14) || w > addDays(to, 14))
        problems.push(`${h.name}的调休上班日 ${w} 离放假日期超过 14 天，请核对`);
    }
  }
  for (const [w, name] of work) {
    const holiday = rest.get(w);
    if (holiday) problems.push(`${w} 既是${holiday}的放假日，又是${name}的调休上班日`);
  }
  const count = a.holidays.length;
  if (count < 5 || count > 9) problems.push(`共 ${count} 个节日，不合常理（通常为 6–7 个），请核对`);
  if (![...names].some((n) => n.includes('春节'))) problems.push('安排中没有春节');
  if (![...names].some((n) => n.includes('国庆'))) problems.push('安排中没有国庆节');
  if (restDays < 20 || restDays > 40)
    problems.push(`放假共 ${restDays} 天，不合常理（通常为 27–33 天），请核对`);
  if (work.size > 12) problems.push(`调休上班日共 ${work.size} 天，不合常理（通常不超过 8 天），请核对`);
  if (problems.length) throw invalid(problems);
  return a;
}

function kernelYear(a: HolidayArrangementBody) {
  return {
    notices: a.notices,
    ...(a.note ? { note: a.note } : {}),
    holidays: a.holidays.map((h) => ({ name: h.name, rest: h.rest, work: h.work })),
  };
}

function countsOf(a: HolidayArrangementBody) {
  return {
    restDays: a.holidays.reduce((n, h) => n + daysIn(h.rest[0], h.rest[1]).length, 0),
    workingDays: a.holidays.reduce((n, h) => n + h.work.length, 0),
  };
}

function rowView(row: HolidayCalendarRow): HolidayYearView {
  const a = JSON.parse(row.arrangement) as HolidayArrangementBody;
  return {
    year: row.year,
    origin: 'loaded',
    sourceTitle: row.sourceTitle,
    sourceDate: row.sourceDate,
    holidays: a.holidays.length,
    restDays: row.restDays,
    workingDays: row.workingDays,
    loadedBy: row.loadedBy,
    loadedAt: row.loadedAt,
  };
}

/** A year shipped with the release, described from the kernel calendar. */
function builtinView(year: number): HolidayYearView {
  const notice = holidayNoticesOf(year)[0];
  const names = new Set<string>();
  let restDays = 0;
  let workingDays = 0;
  const from = loadedHolidayYears().includes(year - 1) ? `${year - 1}-12-25` : `${year}-01-01`;
  for (const d of daysIn(from, `${year}-12-31`)) {
    const name = holidayNameOf(d);
    if (name && (d >= `${year}-01-01` || name.includes('元旦'))) {
      names.add(name);
      restDays++;
    } else if (d >= `${year}-01-01` && isoWeekday(d) >= 6 && isWorkingDay(d)) workingDays++;
  }
  return {
    year,
    origin: 'builtin',
    sourceTitle: notice?.title ?? '',
    sourceDate: notice?.date ?? '',
    holidays: names.size,
    restDays,
    workingDays,
    loadedBy: null,
    loadedAt: null,
  };
}

function registerRow(row: HolidayCalendarRow): void {
  const arrangement = JSON.parse(row.arrangement) as HolidayArrangementBody;
  registerHolidayCalendar({ years: { [row.year]: kernelYear(arrangement) } });
}

/**
 * Registers every stored year into the kernel calendar (at start; a stored year replaces the built-in
 * one). A row the kernel refuses is skipped and reported, never fatal. Returns the years registered.
 */
export async function loadStoredHolidayCalendars(
  ctx: CoreContext,
): Promise<{ years: number[]; refused: { year: number; message: string }[] }> {
  const years: number[] = [];
  const refused: { year: number; message: string }[] = [];
  for (const row of await storedHolidayYears(ctx.db.kysely)) {
    try {
      registerRow(row);
      years.push(row.year);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      refused.push({ year: row.year, message });
    }
  }
  return { years, refused };
}

function ensureCalendarAdmin(actor: Actor): void {
  if (!actor.permissions.has('users:manage'))
    throw new DomainError('forbidden', 'FORBIDDEN', '您没有维护节假日安排的权限');
  // The arrangement is national: one province-level administrator loads it for every county.
  if (!/^\d{2}0000$/.test(actor.divisionCode) && actor.divisionCode !== '000000')
    throw new DomainError('forbidden', 'CALENDAR_PROVINCE_ONLY', '节假日安排须由省级系统管理员加载');
}

/**
 * Validates and stores a year's arrangement (replacing the year's earlier load), registers it into
 * the kernel calendar, then runs the jobs that finalise provisional deadlines.
 */
export async function loadHolidayYear(
  ctx: CoreContext,
  actor: Actor,
  input: unknown,
): Promise<HolidayLoadResult> {
  ensureCalendarAdmin(actor);
  const a = validateHolidayArrangement(input);
  const notice = a.notices[0]!;
  const row: HolidayCalendarRow = {
    year: a.year,
    arrangement: JSON.stringify(kernelYear(a)),
    sourceTitle: notice.title,
    sourceDate: notice.date,
    ...countsOf(a),
    loadedBy: actor.username,
    loadedAt: ctx.clock.now().toISOString(),
  };
  // The kernel's own checks first, so a stored row is always one the kernel accepts.
  registerHolidayCalendar({ years: { [a.year]: kernelYear(a) } });
  let replaced = false;
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      replaced = (await storedHolidayYear(trx, a.year)) !== undefined;
      await saveHolidayYear(trx, row);
      await audit(ctx, trx, actor, {
        action: 'calendar.load',
        targetType: 'holiday_calendar',
        targetId: String(a.year),
        details: {
          year: a.year,
          sourceTitle: notice.title,
          sourceDate: notice.date,
          holidays: a.holidays.length,
          restDays: row.restDays,
          workingDays: row.workingDays,
          replaced,
        },
      });
    });
  } catch (err) {
    // Not stored: put back what this process had before (the stored row, else nothing new is kept
    // beyond this run — a restart reloads from the table).
    const previous = await storedHolidayYear(ctx.db.kysely, a.year).catch(() => undefined);
    if (previous) registerRow(previous);
    throw err;
  }
  const refreshed = await refreshProvisionalDeadlines(ctx);
  return {
    year: rowView(row),
    replaced,
    refreshed,
    message: `已加载 ${a.year} 年节假日安排（${notice.title}），放假 ${row.restDays} 天、调休上班 ${row.workingDays} 天；暂定期限已重新计算`,
  };
}

/** Runs the jobs that turn provisional deadlines into final ones (those of the running lines). */
export async function refreshProvisionalDeadlines(
  ctx: CoreContext,
): Promise<{ job: string; result: Record<string, unknown> }[]> {
  const jobs = jobsOf(ctx.lines).filter((j) =>
    (CALENDAR_DEPENDENT_JOBS as readonly string[]).includes(j.name),
  );
  const out: { job: string; result: Record<string, unknown> }[] = [];
  for (const job of jobs) out.push({ job: job.name, result: await job.run(ctx) });
  return out;
}

/** From 1 December, while next year's arrangement is not loaded: the sentence to show; else null. */
export function nextYearWarning(ctx: CoreContext): {
  nextYear: number;
  loaded: boolean;
  warning: string | null;
} {
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const year = Number(today.slice(0, 4));
  const nextYear = year + 1;
  const loaded = loadedHolidayYears().includes(nextYear);
  const december = today.slice(5, 7) === '12';
  return {
    nextYear,
    loaded,
    warning:
      december && !loaded
        ? `${nextYear}年节假日安排尚未加载：跨入 ${nextYear} 年的期限只能暂定。国务院办公厅公布通知后，请在“节假日安排”页面加载`
        : null,
  };
}

/** Every year the calendar knows (built-in and loaded), and the next-year warning. */
export async function listHolidayYears(ctx: CoreContext, actor: Actor): Promise<HolidayCalendarList> {
  if (!actor.permissions.has('users:manage'))
    throw new DomainError('forbidden', 'FORBIDDEN', '您没有查看节假日安排维护页面的权限');
  const stored = new Map((await storedHolidayYears(ctx.db.kysely)).map((r) => [r.year, r]));
  const years = loadedHolidayYears().map((y) => {
    const row = stored.get(y);
    return row ? rowView(row) : builtinView(y);
  });
  const w = nextYearWarning(ctx);
  return { years: years.reverse(), nextYear: w.nextYear, nextYearLoaded: w.loaded, warning: w.warning };
}

/** The platform's to-do item for administrators: next year's arrangement missing (from 1 December). */
export function calendarTodos(ctx: CoreContext, actor: Actor): TodoItem[] {
  if (!actor.permissions.has('users:manage')) return [];
  const w = nextYearWarning(ctx);
  if (!w.warning) return [];
  return [
    {
      line: 'platform',
      kind: 'platform.holiday-calendar-missing',
      title: `${w.nextYear}年节假日安排尚未加载，相关期限暂定`,
      count: 1,
      dueOn: `${w.nextYear}-01-01`,
      link: '/system/holiday-calendar',
    },
  ];
}
