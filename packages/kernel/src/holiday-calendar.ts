import { z } from 'zod';
import holidayData from './data/holidays-cn.json';
import { DomainError } from './errors';
import { addDays, isoWeekday, isPlainDate, plainDateParts, type PlainDate } from './plain-date';

/**
 * The official PRC holiday calendar: rest days (放假) and adjusted working days (调休上班) as published
 * each year by the State Council General Office (国务院办公厅关于20XX年部分节假日安排的通知). Years are
 * data (`data/holidays-cn.json`, each with its notice); a query that needs a year that is not loaded
 * throws HOLIDAY_CALENDAR_YEAR_MISSING instead of guessing.
 */

const plainDateString = z.string().refine(isPlainDate, { message: '日期格式应为 YYYY-MM-DD' });

const holidayYearSchema = z.object({
  notices: z
    .array(z.object({ title: z.string().min(1), number: z.string().nullable(), date: plainDateString }))
    .min(1),
  note: z.string().optional(),
  holidays: z.array(
    z.object({
      name: z.string().min(1),
      rest: z.tuple([plainDateString, plainDateString]),
      work: z.array(plainDateString),
    }),
  ),
});

const holidayCalendarSchema = z.object({ years: z.record(z.string().regex(/^\d{4}$/), holidayYearSchema) });

export type HolidayYear = z.infer<typeof holidayYearSchema>;
export type HolidayCalendarFile = z.infer<typeof holidayCalendarSchema>;

export interface HolidayNotice {
  title: string;
  number: string | null;
  date: string;
}

const loadedYears = new Map<number, HolidayYear>();
const restDays = new Map<string, string>(); // date → holiday name
const adjustedWorkingDays = new Map<string, string>(); // date → holiday name

/**
 * Loads (or replaces) years of the calendar from data in the `holidays-cn.json` format, e.g. when the
 * next year's notice is published. Throws HOLIDAY_CALENDAR_INVALID if the data is malformed or if an
 * adjusted working day is not a Saturday or Sunday (a typo check: 调休 only ever moves weekend days).
 */
export function registerHolidayCalendar(json: unknown): void {
  const parsed = holidayCalendarSchema.safeParse(json);
  if (!parsed.success) {
    throw new DomainError('invalid', 'HOLIDAY_CALENDAR_INVALID', '节假日安排数据格式不正确', {
      issues: parsed.error.issues.slice(0, 5),
    });
  }
  for (const year of Object.values(parsed.data.years)) {
    for (const h of year.holidays) {
      for (const w of h.work) {
        if (isoWeekday(w) < 6) {
          throw new DomainError(
            'invalid',
            'HOLIDAY_CALENDAR_INVALID',
            `调休上班日 ${w} 不是周六或周日，请核对数据`,
            {
              date: w,
            },
          );
        }
      }
      if (h.rest[0] > h.rest[1]) {
        throw new DomainError('invalid', 'HOLIDAY_CALENDAR_INVALID', `${h.name}的放假起止日期颠倒`, {
          rest: h.rest,
        });
      }
    }
  }
  for (const [y, year] of Object.entries(parsed.data.years)) loadedYears.set(Number(y), year);
  rebuildIndex();
}

function rebuildIndex(): void {
  restDays.clear();
  adjustedWorkingDays.clear();
  for (const year of loadedYears.values()) {
    for (const h of year.holidays) {
      for (let d = h.rest[0]; d <= h.rest[1]; d = addDays(d, 1)) restDays.set(d, h.name);
      for (const w of h.work) adjustedWorkingDays.set(w, h.name);
    }
  }
}

registerHolidayCalendar(holidayData);

/**
 * Back to the years built into the kernel, forgetting every year loaded since. The calendar is one per
 * process; the test runner reuses a process for many test files, and calls this after each file so that
 * the years one file loads are not seen by the next (vitest setup, testing/setup-file.ts).
 */
export function resetHolidayCalendar(): void {
  loadedYears.clear();
  registerHolidayCalendar(holidayData);
}

/** Years whose arrangements are loaded, ascending. */
export function loadedHolidayYears(): number[] {
  return [...loadedYears.keys()].sort((a, b) => a - b);
}

/** The notices a loaded year's data comes from. Throws HOLIDAY_CALENDAR_YEAR_MISSING otherwise. */
export function holidayNoticesOf(year: number): HolidayNotice[] {
  const y = loadedYears.get(year);
  if (!y) throw yearMissing(year);
  return y.notices.map((n) => ({ ...n }));
}

function yearMissing(year: number): DomainError {
  return new DomainError(
    'invalid',
    'HOLIDAY_CALENDAR_YEAR_MISSING',
    `${year}年的节假日安排尚未加载，无法判断休息日或计算期限；请先导入国务院办公厅公布的${year}年节假日安排`,
    { year },
  );
}

function ensureLoaded(d: PlainDate): void {
  const { year } = plainDateParts(d);
  if (!loadedYears.has(year)) throw yearMissing(year);
}

/** The name of the official holiday `d` belongs to (e.g. `国庆节`), or undefined. */
export function holidayNameOf(d: PlainDate): string | undefined {
  ensureLoaded(d);
  return restDays.get(d);
}

/**
 * Whether `d` is a rest day: an official holiday rest day, or (by default) a Saturday or Sunday that is
 * not an adjusted working day. With `weekendsAreRestDays: false` only the official holiday rest days
 * count (R-MAR-12 leaves open whether weekends are 法定休假日; callers choose). Adjusted working days are
 * never rest days.
 */
export function isRestDay(d: PlainDate, opts: { weekendsAreRestDays?: boolean } = {}): boolean {
  ensureLoaded(d);
  if (adjustedWorkingDays.has(d)) return false;
  if (restDays.has(d)) return true;
  return (opts.weekendsAreRestDays ?? true) && isoWeekday(d) >= 6;
}

/** A day on which government offices work: not a holiday and not a weekend, or an adjusted working day. */
export function isWorkingDay(d: PlainDate): boolean {
  return !isRestDay(d, { weekendsAreRestDays: true });
}

/**
 * The n-th working day after `d` (counting starts the day after `d`; `d` itself never counts). Negative
 * `n` counts backwards; `n = 0` returns `d`. "Push within 3 working days" of Mon 2025-03-03 → Thu 03-06.
 */
export function addWorkingDays(d: PlainDate, n: number): PlainDate {
  if (!Number.isInteger(n)) {
    throw new DomainError('invalid', 'DATE_OFFSET_INVALID', '工作日天数必须是整数', { value: n });
  }
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let day = d;
  while (remaining > 0) {
    day = addDays(day, step);
    if (isWorkingDay(day)) remaining -= 1;
  }
  return day;
}

/**
 * Last day of a period of `days` days that starts on `start` (Civil Code Art.201: counting begins the
 * next day, so the nominal last day is `start + days`; Art.203: if that day is a rest day, the period
 * ends on the first following day that is not one). R-MAR-12: divorce application received 2024-06-20 →
 * withdrawal window ends 2024-07-22 (weekends as rest days) or 2024-07-20 (only official holidays).
 */
export function periodEnd(
  start: PlainDate,
  days: number,
  opts: { weekendsAreRestDays?: boolean } = {},
): PlainDate {
  if (!Number.isInteger(days) || days < 1) {
    throw new DomainError('invalid', 'PERIOD_LENGTH_INVALID', '期间天数必须是正整数', { value: days });
  }
  let end = addDays(start, days);
  while (isRestDay(end, opts)) end = addDays(end, 1);
  return end;
}
