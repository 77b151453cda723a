import { z } from 'zod';
import { DomainError } from './errors';

/**
 * A calendar date with no time and no time zone, always written `YYYY-MM-DD` (GB/T 7408 extended form).
 * All arithmetic is done on integer day numbers, never through JS `Date`, so no date ever shifts by a
 * day because of the host's time zone.
 */
export type PlainDate = string & { readonly __brand: 'PlainDate' };

/** Earliest and latest years a PlainDate may carry (four-digit years only). */
export const PLAIN_DATE_MIN_YEAR = 1;
export const PLAIN_DATE_MAX_YEAR = 9999;

export const DATE_INVALID = 'DATE_INVALID';
const DATE_INVALID_MESSAGE = '日期格式应为 YYYY-MM-DD，且必须是真实存在的日期';

const PLAIN_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isValidYmd(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    y >= PLAIN_DATE_MIN_YEAR &&
    y <= PLAIN_DATE_MAX_YEAR &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  );
}

function invalid(input: unknown): DomainError {
  return new DomainError('invalid', DATE_INVALID, DATE_INVALID_MESSAGE, { value: input });
}

function format(y: number, m: number, d: number): PlainDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as PlainDate;
}

export function isPlainDate(s: string): s is PlainDate {
  const m = PLAIN_DATE_PATTERN.exec(s);
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Parses a strict `YYYY-MM-DD` string; throws DomainError DATE_INVALID otherwise (no trimming, no other formats). */
export function parsePlainDate(s: string): PlainDate {
  if (typeof s !== 'string' || !isPlainDate(s)) throw invalid(s);
  return s;
}

export function plainDateOf(y: number, m: number, d: number): PlainDate {
  if (!isValidYmd(y, m, d)) throw invalid(`${y}-${m}-${d}`);
  return format(y, m, d);
}

/** Splits a PlainDate into numeric parts. */
export function plainDateParts(d: PlainDate): { year: number; month: number; day: number } {
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

// Day-number conversion (days since 1970-01-01), after Howard Hinnant's `days_from_civil`.
function toDayNumber(d: PlainDate): number {
  const { year, month, day } = plainDateParts(d);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(n: number): PlainDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return plainDateOf(year, month, day);
}

export function addDays(d: PlainDate, n: number): PlainDate {
  if (!Number.isInteger(n))
    throw new DomainError('invalid', 'DATE_OFFSET_INVALID', '天数必须是整数', { value: n });
  return fromDayNumber(toDayNumber(d) + n);
}

/**
 * The day `n` months after `d` (Civil Code Art.202 and Art.1259-style month counting): the corresponding
 * day of the target month, or that month's last day when it has no such day (2025-01-31 + 1 → 2025-02-28).
 * A period of N months starting on `d` ends on `addMonths(d, N)`; "more than N months" begins the day after.
 */
export function addMonths(d: PlainDate, n: number): PlainDate {
  if (!Number.isInteger(n))
    throw new DomainError('invalid', 'DATE_OFFSET_INVALID', '月数必须是整数', { value: n });
  const { year, month, day } = plainDateParts(d);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return plainDateOf(y, m, Math.min(day, daysInMonth(y, m)));
}

/** `a - b` in days. */
export function diffDays(a: PlainDate, b: PlainDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

export function comparePlainDate(a: PlainDate, b: PlainDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: PlainDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((toDayNumber(d) + 3) % 7) + 7) % 7) + 1;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

// Building an Intl.DateTimeFormat costs ~200 µs and formatting ~20 µs: keep one formatter per time zone
// and reuse the answer within the same minute (dates change only at midnight, on minute boundaries).
const formatters = new Map<string, Intl.DateTimeFormat>();
const lastAnswer = new Map<string, { minute: number; date: PlainDate }>();

/** Today's date on the wall clock of `timeZone` (default Asia/Shanghai, i.e. Beijing time). */
export function todayPlainDate(timeZone: string = DEFAULT_TIME_ZONE, now: Date = new Date()): PlainDate {
  const minute = Math.floor(now.getTime() / 60_000);
  const cached = lastAnswer.get(timeZone);
  if (cached?.minute === minute) return cached.date;
  const date = computeToday(timeZone, now);
  lastAnswer.set(timeZone, { minute, date });
  return date;
}

function computeToday(timeZone: string, now: Date): PlainDate {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return plainDateOf(get('year'), get('month'), get('day'));
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone giving the full wall-clock time (building one costs ~200 µs). */
function wallClockParts(instant: Date, timeZone: string): Record<string, number> {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, format);
  }
  const out: Record<string, number> = {};
  for (const p of format.formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

const pad2 = (n: number | undefined) => String(n ?? 0).padStart(2, '0');

/** An instant as `YYYY-MM-DD HH:mm:ss` on the wall clock of `timeZone`, whatever the server's own zone. */
export function formatInstantIn(iso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = wallClockParts(new Date(iso), timeZone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

function zoneOffsetMs(instant: number, timeZone: string): number {
  const p = wallClockParts(new Date(instant), timeZone);
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a calendar day starts in `timeZone` (ISO UTC): `2026-12-05` in Asia/Shanghai →
 * `2026-12-04T16:00:00.000Z`. Filters by the days people see, whatever the server's zone.
 */
export function zonedDayStart(date: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const offset = zoneOffsetMs(guess, timeZone);
  // Once more at the corrected instant (a day starting at a DST change).
  const second = zoneOffsetMs(guess - offset, timeZone);
  return new Date(guess - second).toISOString();
}

export type LeapDayBirthdayRule = 'feb28' | 'mar1';

/**
 * How a 29 February birthday is observed in a common year. Default `feb28`: by analogy with Civil Code
 * Art.202 ("没有对应日的，月末日为期间的最后一日"), the anniversary falls on the last day of February.
 * R-MAR-01 leaves it open (UNVERIFIED), hence the option.
 */
export const DEFAULT_LEAP_DAY_BIRTHDAY: LeapDayBirthdayRule = 'feb28';

/**
 * Full years of age (周岁) on `on`: the age goes up on the birthday itself (a man born 2003-05-10 is 22 on
 * 2025-05-10). Throws if `on` is before `birth`.
 */
export function ageOn(
  birth: PlainDate,
  on: PlainDate,
  opts: { leapDayBirthday?: LeapDayBirthdayRule } = {},
): number {
  if (comparePlainDate(on, birth) < 0) {
    throw new DomainError('invalid', 'DATE_BEFORE_BIRTH', '计算年龄的日期早于出生日期', { birth, on });
  }
  const b = plainDateParts(birth);
  const o = plainDateParts(on);
  let birthdayMonth = b.month;
  let birthdayDay = b.day;
  if (b.month === 2 && b.day === 29 && !isLeapYear(o.year)) {
    const rule = opts.leapDayBirthday ?? DEFAULT_LEAP_DAY_BIRTHDAY;
    if (rule === 'feb28') birthdayDay = 28;
    else {
      birthdayMonth = 3;
      birthdayDay = 1;
    }
  }
  const reached = o.month > birthdayMonth || (o.month === birthdayMonth && o.day >= birthdayDay);
  return o.year - b.year - (reached ? 0 : 1);
}

/** zod: string → PlainDate. The issue carries `params.code = 'DATE_INVALID'`. */
export const plainDateSchema: z.ZodType<PlainDate> = z.string().transform((s, ctx): PlainDate => {
  if (isPlainDate(s)) return s;
  ctx.addIssue({ code: 'custom', message: DATE_INVALID_MESSAGE, params: { code: DATE_INVALID } });
  return z.NEVER;
});
