import { describe, expect, it } from 'vitest';
import { formatChineseDate, formatChineseDateOr, withChineseDates } from './chinese-date';
import { DomainError } from './errors';

describe('formatChineseDate (GB/T 9704 成文日期)', () => {
  it('prints year, month and day in Arabic numerals without leading zeros', () => {
    expect(formatChineseDate('2026-12-05')).toBe('2026年12月5日');
    expect(formatChineseDate('2025-01-01')).toBe('2025年1月1日');
    expect(formatChineseDate('2024-02-29')).toBe('2024年2月29日');
  });

  it('refuses anything but a real YYYY-MM-DD date', () => {
    for (const bad of ['2026-12-5', '2025-02-29', '2026-12-05T00:00:00Z', '']) {
      expect(() => formatChineseDate(bad)).toThrow(DomainError);
    }
  });

  it('prints a missing optional date as the fallback', () => {
    expect(formatChineseDateOr(null)).toBe('');
    expect(formatChineseDateOr(undefined, '—')).toBe('—');
    expect(formatChineseDateOr('2026-03-08')).toBe('2026年3月8日');
  });
});

describe('withChineseDates', () => {
  it('rewrites the ISO dates inside a text, with the spaces around them', () => {
    expect(withChineseDates('男方未达法定婚龄（满22周岁之日为 2025-05-10）')).toBe(
      '男方未达法定婚龄（满22周岁之日为2025年5月10日）',
    );
    expect(withChineseDates('自 2021-01-04 至 2021-02-03 止')).toBe('自2021年1月4日至2021年2月3日止');
  });

  it('leaves impossible dates and longer digit runs alone', () => {
    expect(withChineseDates('编号 2025-02-30')).toBe('编号 2025-02-30');
    expect(withChineseDates('J43018101-2026-000123')).toBe('J43018101-2026-000123');
    expect(withChineseDates('12025-01-011')).toBe('12025-01-011');
  });
});
