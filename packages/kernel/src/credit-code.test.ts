import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode, normalizeCreditCode } from './credit-code';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published codes and computes their check character', () => {
    // Codes printed on public business licences / the standard's example.
    for (const code of ['91350100M000100Y43', '12100000400010398P', '91110000600037341L']) {
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
      expect(isValidCreditCode(code)).toBe(true);
    }
    expect(normalizeCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
  });

  it('refuses a wrong check character, a wrong length and letters outside the set', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
    expect(isValidCreditCode('9135010AM000100Y43')).toBe(false);
    expect(creditCodeCheckChar('91350100M00010OY4')).toBeNull();
  });
});
