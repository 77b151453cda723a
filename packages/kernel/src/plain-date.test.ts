import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors';
import {
  addDays,
  addMonths,
  ageOn,
  comparePlainDate,
  diffDays,
  isPlainDate,
  isoWeekday,
  parsePlainDate,
  plainDateOf,
  plainDateSchema,
  todayPlainDate,
} from './plain-date';

const d = (s: string) => parsePlainDate(s);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isDomainError(e) ? e.code : 'not a DomainError';
  }
  return undefined;
}

describe('parsePlainDate', () => {
  it('accepts 29 February in a leap year', () => {
    expect(parsePlainDate('2024-02-29')).toBe('2024-02-29');
  });

  it('rejects 29 February in a common year with DATE_INVALID and a Chinese message', () => {
    expect(codeOf(() => parsePlainDate('2023-02-29'))).toBe('DATE_INVALID');
    expect(() => parsePlainDate('2023-02-29')).toThrow(/日期格式应为 YYYY-MM-DD/);
  });

  it('treats 1900 as a common year and 2000 as a leap year', () => {
    expect(isPlainDate('1900-02-29')).toBe(false);
    expect(isPlainDate('2000-02-29')).toBe(true);
  });

  it.each([
    '2024-4-01',
    '20240401',
    '2024/04/01',
    ' 2024-04-01',
    '2024-13-01',
    '2024-04-31',
    '2024-00-10',
    '0000-01-01',
    '',
  ])('rejects %j', (s) => {
    expect(isPlainDate(s)).toBe(false);
    expect(codeOf(() => parsePlainDate(s))).toBe('DATE_INVALID');
  });

  it('builds dates from numbers and rejects impossible ones', () => {
    expect(plainDateOf(2025, 5, 9)).toBe('2025-05-09');
    expect(codeOf(() => plainDateOf(2025, 2, 29))).toBe('DATE_INVALID');
  });
});

describe('date arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2023-02-28'), 1)).toBe('2023-03-01');
    expect(addDays(d('2024-12-31'), 1)).toBe('2025-01-01');
    expect(addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
    expect(addDays(d('2024-06-20'), 30)).toBe('2024-07-20');
  });

  it('refuses a fractional number of days with DATE_OFFSET_INVALID', () => {
    expect(codeOf(() => addDays(d('2024-01-01'), 1.5))).toBe('DATE_OFFSET_INVALID');
  });

  it('measures a - b in days', () => {
    expect(diffDays(d('2025-01-01'), d('2024-01-01'))).toBe(366);
    expect(diffDays(d('2024-01-01'), d('2025-01-01'))).toBe(-366);
    expect(diffDays(d('1970-01-01'), d('1969-12-31'))).toBe(1);
  });

  it('compares dates chronologically', () => {
    expect(comparePlainDate(d('2024-01-02'), d('2024-01-10'))).toBeLessThan(0);
    expect(comparePlainDate(d('2024-01-10'), d('2024-01-02'))).toBeGreaterThan(0);
    expect(comparePlainDate(d('2024-01-10'), d('2024-01-10'))).toBe(0);
  });

  it('knows the ISO weekday', () => {
    expect(isoWeekday(d('2026-02-14'))).toBe(6); // Saturday
    expect(isoWeekday(d('2024-07-22'))).toBe(1); // Monday
    expect(isoWeekday(d('1970-01-01'))).toBe(4); // Thursday
  });

  it('agrees with the proleptic Gregorian calendar for every day of four centuries', () => {
    const start = d('1900-01-01');
    const mismatches: string[] = [];
    for (let i = 0; i < 146097; i += 1) {
      const expected = new Date(Date.UTC(1900, 0, 1 + i)).toISOString().slice(0, 10);
      const actual = addDays(start, i);
      if (actual !== expected || diffDays(actual, start) !== i)
        mismatches.push(`${i}: ${actual} ≠ ${expected}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe('addMonths (CC Art.202 month counting)', () => {
  const d = (s: string) => parsePlainDate(s);
  it('lands on the corresponding day', () => {
    expect(addMonths(d('2025-03-03'), 3)).toBe('2025-06-03');
    expect(addMonths(d('2025-11-15'), 3)).toBe('2026-02-15');
    expect(addMonths(d('2025-03-03'), -3)).toBe('2024-12-03');
  });
  it('takes the last day of a shorter month', () => {
    expect(addMonths(d('2025-01-31'), 1)).toBe('2025-02-28');
    expect(addMonths(d('2024-01-31'), 1)).toBe('2024-02-29');
    expect(addMonths(d('2025-08-31'), 3)).toBe('2025-11-30');
  });
  it('refuses a fractional count', () => {
    expect(() => addMonths(d('2025-01-01'), 1.5)).toThrow();
  });
});

describe('todayPlainDate', () => {
  it('uses Beijing time by default, so 16:30 UTC is already the next day', () => {
    const instant = new Date('2025-05-09T16:30:00Z');
    expect(todayPlainDate(undefined, instant)).toBe('2025-05-10');
    expect(todayPlainDate('UTC', instant)).toBe('2025-05-09');
  });

  it('returns a valid PlainDate for now', () => {
    expect(isPlainDate(todayPlainDate())).toBe(true);
  });
});

describe('ageOn (周岁)', () => {
  it('goes up on the birthday itself (R-MAR-01 TC1/TC2)', () => {
    expect(ageOn(d('2003-05-10'), d('2025-05-09'))).toBe(21);
    expect(ageOn(d('2003-05-10'), d('2025-05-10'))).toBe(22);
  });

  it('counts a woman born 2005-06-01 as 19 on 2025-05-31 and 20 on 2025-06-01 (R-MAR-01 TC3)', () => {
    expect(ageOn(d('2005-06-01'), d('2025-05-31'))).toBe(19);
    expect(ageOn(d('2005-06-01'), d('2025-06-01'))).toBe(20);
  });

  it('by default lets someone born on 29 February reach an age on 28 February of a common year', () => {
    expect(ageOn(d('2004-02-29'), d('2026-02-27'))).toBe(21);
    expect(ageOn(d('2004-02-29'), d('2026-02-28'))).toBe(22);
  });

  it('with leapDayBirthday mar1 makes them wait until 1 March of a common year', () => {
    expect(ageOn(d('2004-02-29'), d('2026-02-28'), { leapDayBirthday: 'mar1' })).toBe(21);
    expect(ageOn(d('2004-02-29'), d('2026-03-01'), { leapDayBirthday: 'mar1' })).toBe(22);
  });

  it('uses 29 February itself in a leap year under either rule', () => {
    for (const rule of ['feb28', 'mar1'] as const) {
      expect(ageOn(d('2004-02-29'), d('2028-02-28'), { leapDayBirthday: rule })).toBe(23);
      expect(ageOn(d('2004-02-29'), d('2028-02-29'), { leapDayBirthday: rule })).toBe(24);
    }
  });

  it('is 0 on the day of birth and refuses a date before birth', () => {
    expect(ageOn(d('2020-01-01'), d('2020-01-01'))).toBe(0);
    expect(codeOf(() => ageOn(d('2020-01-02'), d('2020-01-01')))).toBe('DATE_BEFORE_BIRTH');
  });
});

describe('plainDateSchema', () => {
  it('parses a valid date string', () => {
    expect(plainDateSchema.parse('2024-02-29')).toBe('2024-02-29');
  });

  it('fails with a Chinese message and the DATE_INVALID code in the issue params', () => {
    const r = plainDateSchema.safeParse('2023-02-29');
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    expect(issue?.message).toMatch(/日期格式应为/);
    expect(issue && 'params' in issue ? issue.params : undefined).toEqual({ code: 'DATE_INVALID' });
  });

  it('rejects non-strings', () => {
    expect(plainDateSchema.safeParse(20240229).success).toBe(false);
  });
});
