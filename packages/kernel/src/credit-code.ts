/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from the 31-character set
 * `0-9 A-H J-N P-R T U W-Y` (no I, O, S, V, Z): registration department (1), organisation type (1),
 * administrative division of the registering office (6 digits), organisation code (9), check character (1).
 * The check character is 31 − (Σ value×weight mod 31), the value 31 written as `0`.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character of the first 17 characters, or null when one of them is not in the code's set. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return CHARSET[c === 31 ? 0 : c]!;
}

/** Upper-cases and trims `input`; null unless it is a well-formed code with the right check character. */
export function normalizeCreditCode(input: string): string | null {
  const s = input.trim().toUpperCase();
  if (!/^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$/.test(s)) return null;
  return creditCodeCheckChar(s.slice(0, 17)) === s[17] ? s : null;
}

export function isValidCreditCode(input: string): boolean {
  return normalizeCreditCode(input) !== null;
}
