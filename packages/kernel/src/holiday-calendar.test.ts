import { describe, expect, it } from 'vitest';
import holidayData from './data/holidays-cn.json';
import { DomainError } from './errors';
import {
  addWorkingDays,
  holidayNameOf,
  holidayNoticesOf,
  isRestDay,
  isWorkingDay,
  loadedHolidayYears,
  periodEnd,
  registerHolidayCalendar,
} from './holiday-calendar';
import { addDays, isoWeekday, parsePlainDate } from './plain-date';

const d = (s: string) => parsePlainDate(s);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'not a DomainError';
  }
  return undefined;
}

describe('loaded years and their sources', () => {
  it('has 2020 to 2026 loaded', () => {
    expect(loadedHolidayYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('records the State Council notice beside each year', () => {
    for (const year of loadedHolidayYears()) {
      const notices = holidayNoticesOf(year);
      expect(notices[0]?.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
      expect(notices[0]?.date.slice(0, 4)).toBe(String(year - 1));
    }
    expect(holidayNoticesOf(2026)[0]?.date).toBe('2025-11-04');
    expect(holidayNoticesOf(2020).map((n) => n.number)).toEqual([
      '国办发明电〔2019〕16号',
      '国办发明电〔2020〕1号',
    ]);
  });

  it('has every adjusted working day on a Saturday or Sunday, and every rest range in order', () => {
    for (const year of Object.values(holidayData.years)) {
      for (const h of year.holidays) {
        for (const w of h.work) expect(isoWeekday(d(w)), w).toBeGreaterThanOrEqual(6);
        expect(h.rest[0]! <= h.rest[1]!, h.name).toBe(true);
      }
    }
  });

  it('refuses a calendar whose adjusted working day falls on a weekday', () => {
    const bad = {
      years: {
        '2027': {
          notices: [{ title: 't', number: null, date: '2026-11-01' }],
          holidays: [{ name: '元旦', rest: ['2027-01-01', '2027-01-01'], work: ['2027-01-04'] }],
        },
      },
    };
    expect(codeOf(() => registerHolidayCalendar(bad))).toBe('HOLIDAY_CALENDAR_INVALID');
    expect(codeOf(() => registerHolidayCalendar({ years: { '2027': {} } }))).toBe('HOLIDAY_CALENDAR_INVALID');
    expect(loadedHolidayYears()).not.toContain(2027);
  });
});

describe('isRestDay and isWorkingDay', () => {
  it('treats Saturday 2026-02-14 as a working day (春节 调休)', () => {
    expect(isoWeekday(d('2026-02-14'))).toBe(6);
    expect(isWorkingDay(d('2026-02-14'))).toBe(true);
    expect(isRestDay(d('2026-02-14'))).toBe(false);
    expect(isRestDay(d('2026-02-14'), { weekendsAreRestDays: false })).toBe(false);
  });

  it('treats the 2026 Spring Festival 02-15 … 02-23 as rest days, weekday or not', () => {
    for (let day = d('2026-02-15'); day <= '2026-02-23'; day = addDays(day, 1)) {
      expect(isRestDay(day, { weekendsAreRestDays: false }), day).toBe(true);
      expect(holidayNameOf(day)).toBe('春节');
    }
    expect(isWorkingDay(d('2026-02-24'))).toBe(true);
  });

  it('treats 2025-10-08 (国庆节、中秋节) as a rest day', () => {
    expect(isoWeekday(d('2025-10-08'))).toBe(3);
    expect(isRestDay(d('2025-10-08'))).toBe(true);
  });

  it('treats 2026-10-08, a Thursday after the 7-day 国庆节 of 2026, as a working day', () => {
    expect(isRestDay(d('2026-10-07'))).toBe(true);
    expect(isoWeekday(d('2026-10-08'))).toBe(4);
    expect(isRestDay(d('2026-10-08'))).toBe(false);
    expect(isWorkingDay(d('2026-10-10'))).toBe(true); // Saturday, adjusted working day
  });

  it('counts ordinary weekends as rest days only when asked to', () => {
    expect(isRestDay(d('2024-07-20'))).toBe(true);
    expect(isRestDay(d('2024-07-20'), { weekendsAreRestDays: false })).toBe(false);
    expect(isRestDay(d('2024-07-22'))).toBe(false);
  });

  it('takes 2022-12-31 from the 2023 notice and the 2020 Spring Festival extension into account', () => {
    expect(isRestDay(d('2022-12-31'), { weekendsAreRestDays: false })).toBe(true);
    expect(isRestDay(d('2020-02-01'))).toBe(true); // was an adjusted working day before the extension
    expect(isRestDay(d('2020-02-03'))).toBe(false);
    expect(isWorkingDay(d('2020-01-19'))).toBe(true);
  });

  it.each(['2019-12-31', '2027-01-01', '2019-06-15', '2027-10-08'])(
    'throws HOLIDAY_CALENDAR_YEAR_MISSING for %s instead of guessing',
    (s) => {
      expect(codeOf(() => isRestDay(d(s)))).toBe('HOLIDAY_CALENDAR_YEAR_MISSING');
      expect(codeOf(() => isWorkingDay(d(s)))).toBe('HOLIDAY_CALENDAR_YEAR_MISSING');
      expect(() => isRestDay(d(s))).toThrow(/年的节假日安排尚未加载/);
    },
  );
});

describe('periodEnd (Civil Code Art.201/203; rulebook R-MAR-12 table)', () => {
  it.each([
    ['2021-01-04', '2021-02-03', '2021-03-05'],
    ['2024-09-01', '2024-10-08', '2024-11-07'],
    ['2025-01-03', '2025-02-05', '2025-03-07'],
    ['2024-06-20', '2024-07-22', '2024-08-21'],
  ])(
    'received %s: withdrawal window ends %s, joint window ends %s (weekends are rest days)',
    (received, w1, w2) => {
      const end1 = periodEnd(d(received), 30);
      expect(end1).toBe(w1);
      expect(periodEnd(end1, 30)).toBe(w2);
    },
  );

  it('received 2024-06-20: without weekends as rest days the windows end 2024-07-20 and 2024-08-19', () => {
    const end1 = periodEnd(d('2024-06-20'), 30, { weekendsAreRestDays: false });
    expect(end1).toBe('2024-07-20');
    expect(periodEnd(end1, 30, { weekendsAreRestDays: false })).toBe('2024-08-19');
  });

  it('moves a period ending inside the 2024 National Day holiday to 10-08 under either option', () => {
    expect(periodEnd(d('2024-09-01'), 30, { weekendsAreRestDays: false })).toBe('2024-10-08');
  });

  it('refuses periods that need a year that is not loaded, and non-positive lengths', () => {
    expect(codeOf(() => periodEnd(d('2026-12-15'), 30))).toBe('HOLIDAY_CALENDAR_YEAR_MISSING');
    expect(codeOf(() => periodEnd(d('2024-06-20'), 0))).toBe('PERIOD_LENGTH_INVALID');
  });
});

describe('addWorkingDays', () => {
  it('counts from the day after: 3 working days after Mon 2025-03-03 is Thu 2025-03-06 (R-DIS-06)', () => {
    expect(addWorkingDays(d('2025-03-03'), 3)).toBe('2025-03-06');
  });

  it('10 working days after 2025-03-06 is 2025-03-20 (R-DIS-06)', () => {
    expect(addWorkingDays(d('2025-03-06'), 10)).toBe('2025-03-20');
  });

  it('skips holidays and counts adjusted working days', () => {
    // 2025-01-27 (Mon) → 01-28…02-04 Spring Festival; 02-05 is the first working day after it.
    expect(addWorkingDays(d('2025-01-27'), 1)).toBe('2025-02-05');
    // Friday 2026-02-13 → Saturday 02-14 is an adjusted working day.
    expect(addWorkingDays(d('2026-02-13'), 1)).toBe('2026-02-14');
  });

  it('refuses a fractional number of working days', () => {
    expect(codeOf(() => addWorkingDays(d('2025-03-06'), 0.5))).toBe('DATE_OFFSET_INVALID');
  });

  it('returns the same day for 0 and counts backwards for negative numbers', () => {
    expect(addWorkingDays(d('2025-03-06'), 0)).toBe('2025-03-06');
    expect(addWorkingDays(d('2025-03-06'), -3)).toBe('2025-03-03');
  });
});
