/**
 * Civil dates as Int32 day numbers (days since 1970-01-01, proleptic Gregorian), plus Chinese lunar
 * calendar conversion from a generated table. Day numbers keep the hot path free of Date objects.
 */
import { LUNAR_FIRST_YEAR, LUNAR_YEARS } from './lunar-table';

/** Sentinel for a missing day number in Int32 columns. */
export const NO_DAY = -2147483648;

/** Days since 1970-01-01 for a civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Inverse of daysFromCivil. */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isValidCivilDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const c = civilFromDays(daysFromCivil(year, month, day));
  return c.year === year && c.month === month && c.day === day;
}

/** Number of days in a lunar month, or 0 if the month does not exist (e.g. a non-existent leap month). */
export function lunarMonthLength(year: number, month: number, leap = false): number {
  const row = LUNAR_YEARS[year - LUNAR_FIRST_YEAR];
  if (!row) return 0;
  const index = lunarMonthIndex(row, month, leap);
  if (index < 0) return 0;
  return (row[2] >> index) & 1 ? 30 : 29;
}

function lunarMonthIndex(
  row: readonly [number, number, number, number],
  month: number,
  leap: boolean,
): number {
  const leapMonth = row[1];
  if (month < 1 || month > 12) return -1;
  if (leap) return leapMonth === month ? month : -1;
  return leapMonth !== 0 && month > leapMonth ? month : month - 1;
}

/**
 * Solar day number of a lunar date (农历 year, month, day; `leap` for a 闰月), or NO_DAY when the
 * date does not exist or lies outside 1900–2100.
 */
export function lunarToSolarDays(year: number, month: number, day: number, leap = false): number {
  const row = LUNAR_YEARS[year - LUNAR_FIRST_YEAR];
  if (!row) return NO_DAY;
  const index = lunarMonthIndex(row, month, leap);
  if (index < 0) return NO_DAY;
  let days = row[0];
  for (let i = 0; i < index; i++) days += (row[2] >> i) & 1 ? 30 : 29;
  const length = (row[2] >> index) & 1 ? 30 : 29;
  if (day < 1 || day > length) return NO_DAY;
  return days + day - 1;
}

export interface LunarDate extends CivilDate {
  leap: boolean;
}

/** Lunar date of a solar day number, or undefined outside the table. */
export function solarDaysToLunar(days: number): LunarDate | undefined {
  let lo = 0;
  let hi = LUNAR_YEARS.length - 1;
  if (days < (LUNAR_YEARS[0]?.[0] ?? 0)) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((LUNAR_YEARS[mid]?.[0] ?? 0) <= days) lo = mid;
    else hi = mid - 1;
  }
  const row = LUNAR_YEARS[lo];
  if (!row) return undefined;
  let offset = days - row[0];
  for (let i = 0; i < row[3]; i++) {
    const length = (row[2] >> i) & 1 ? 30 : 29;
    if (offset < length) {
      const leapMonth = row[1];
      let month = i + 1;
      let leap = false;
      if (leapMonth !== 0 && i >= leapMonth) {
        month = i;
        leap = i === leapMonth;
      }
      return { year: LUNAR_FIRST_YEAR + lo, month, day: offset + 1, leap };
    }
    offset -= length;
  }
  return undefined;
}

const CHINESE_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  两: 2,
};

function chineseNumber(text: string): number | undefined {
  // Either digit-by-digit (一九九〇) or positional with 十 (十二, 二十七, 三十).
  if (text.length === 0) return undefined;
  if (text.includes('十')) {
    const [tensText, onesText] = text.split('十') as [string, string];
    const tens = tensText === '' ? 1 : CHINESE_DIGITS[tensText];
    const ones = onesText === '' ? 0 : CHINESE_DIGITS[onesText];
    if (tens === undefined || ones === undefined) return undefined;
    return tens * 10 + ones;
  }
  let value = 0;
  for (const ch of text) {
    const d = CHINESE_DIGITS[ch];
    if (d === undefined) return undefined;
    value = value * 10 + d;
  }
  return value;
}

function toArabic(text: string): string {
  return text.replace(/[〇零一二三四五六七八九十两]+/g, (run) => {
    const n = chineseNumber(run);
    return n === undefined ? run : String(n);
  });
}

export interface ParsedDate {
  year: number;
  /** 0 when only the year is known. */
  month: number;
  /** 0 when only year and month are known. */
  day: number;
  /** True when the text marks the date as 农历/阴历. */
  lunar: boolean;
}

/**
 * Parses dates in the forms found in Chinese records: `1990-03-07`, `1990/3/7`, `1990.3.7`,
 * `1990年3月7日`, `19900307`, `1990年3月`, `1990-03`, `1990`, Chinese numerals
 * (`一九九〇年三月七日`), with an optional `农历`/`阴历` prefix. Returns undefined for anything else or
 * an impossible date.
 */
export function parseChineseDate(raw: string | null | undefined): ParsedDate | undefined {
  if (raw === null || raw === undefined) return undefined;
  let text = raw.normalize('NFKC').trim();
  if (text === '') return undefined;
  let lunar = false;
  const lunarPrefix = /^(农历|阴历|農曆|陰曆)/.exec(text);
  if (lunarPrefix) {
    lunar = true;
    text = text.slice(lunarPrefix[0].length).trim();
  }
  text = toArabic(text).replace(/\s+/g, '');
  let year: number;
  let month = 0;
  let day = 0;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(text))) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = Number(m[3]);
  } else if ((m = /^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})[日号]?|月)?$/.exec(text))) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = m[3] === undefined ? 0 : Number(m[3]);
  } else if ((m = /^(\d{4})年?$/.exec(text))) {
    year = Number(m[1]);
  } else {
    return undefined;
  }
  if (year < 1800 || year > 2200) return undefined;
  if (month !== 0 && (month < 1 || month > 12)) return undefined;
  if (day !== 0) {
    if (lunar ? day > 30 : !isValidCivilDate(year, month, day)) return undefined;
  }
  return { year, month, day, lunar };
}

/** ISO `YYYY-MM-DD` of a day number. */
export function formatDays(days: number): string {
  const c = civilFromDays(days);
  return `${String(c.year).padStart(4, '0')}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
}
