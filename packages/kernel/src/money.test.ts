import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors';
import { fen, fenToYuanString, formatFen, yuanToFen } from './money';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isDomainError(e) ? e.code : 'not a DomainError';
  }
  return undefined;
}

describe('yuanToFen', () => {
  it('parses decimal yuan exactly', () => {
    expect(yuanToFen('1234.5')).toBe(123450);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('70')).toBe(7000);
    expect(yuanToFen(' 98.00 ')).toBe(9800);
    expect(yuanToFen('-12.34')).toBe(-1234);
    expect(yuanToFen(1234.5)).toBe(123450);
    expect(yuanToFen(0.29)).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
  });

  it.each(['1.234', '1,234.50', '', '.5', '1.', '1e3', '¥12', 'abc', '--1'])(
    'rejects %j with MONEY_INVALID',
    (s) => {
      expect(codeOf(() => yuanToFen(s))).toBe('MONEY_INVALID');
    },
  );

  it('rejects numbers with more than two decimals or that are not finite', () => {
    expect(codeOf(() => yuanToFen(0.1 + 0.2))).toBe('MONEY_INVALID');
    expect(codeOf(() => yuanToFen(Number.NaN))).toBe('MONEY_INVALID');
    expect(codeOf(() => yuanToFen(Number.POSITIVE_INFINITY))).toBe('MONEY_INVALID');
  });

  it('says what is wrong in Chinese', () => {
    expect(() => yuanToFen('1.234')).toThrow(/最多两位小数/);
  });
});

describe('fen', () => {
  it('brands integers and refuses fractions', () => {
    expect(fen(150)).toBe(150);
    expect(codeOf(() => fen(1.5))).toBe('MONEY_INVALID');
    expect(codeOf(() => fen(Number.MAX_SAFE_INTEGER + 1))).toBe('MONEY_INVALID');
  });
});

describe('formatFen', () => {
  it('formats with the yuan sign, thousands separators and two decimals', () => {
    expect(formatFen(fen(123450))).toBe('¥1,234.50');
    expect(formatFen(fen(0))).toBe('¥0.00');
    expect(formatFen(fen(5))).toBe('¥0.05');
    expect(formatFen(fen(100000000))).toBe('¥1,000,000.00');
    expect(formatFen(fen(-123450))).toBe('-¥1,234.50');
  });

  it('round-trips through the plain yuan string', () => {
    for (const n of [0, 1, 99, 100, 123450, -7]) {
      expect(yuanToFen(fenToYuanString(fen(n)))).toBe(n);
    }
  });
});
