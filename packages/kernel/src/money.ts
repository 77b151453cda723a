import { DomainError } from './errors';

/** An amount of money in integer fen (分; 1 yuan = 100 fen). Stored and computed as integers only. */
export type Fen = number & { readonly __brand: 'Fen' };

export const MONEY_INVALID = 'MONEY_INVALID';

/** Brands an integer as Fen; throws MONEY_INVALID on fractions, NaN, infinities and unsafe integers. */
export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n)) {
    throw new DomainError('invalid', MONEY_INVALID, '金额必须是以分为单位的整数', { value: n });
  }
  return (n === 0 ? 0 : n) as Fen; // normalise -0
}

const YUAN_PATTERN = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Exact decimal yuan → fen, without floating-point arithmetic: `'1234.5'` → 123450. Accepts at most two
 * decimals, an optional sign and surrounding whitespace; rejects thousands separators, exponents and
 * `'1.234'`. A number argument is read through its shortest decimal representation (so `0.1 + 0.2` is
 * rejected rather than silently rounded).
 */
export function yuanToFen(yuan: string | number): Fen {
  const text = typeof yuan === 'number' ? (Number.isFinite(yuan) ? String(yuan) : '') : yuan.trim();
  const m = YUAN_PATTERN.exec(text);
  if (!m) {
    throw new DomainError('invalid', MONEY_INVALID, '金额格式不正确：应为元，最多两位小数（如 1234.50）', {
      value: yuan,
    });
  }
  const sign = m[1] === '-' ? -1 : 1;
  const cents = (m[3] ?? '').padEnd(2, '0');
  const whole = Number(m[2]) * 100 + Number(cents);
  if (!Number.isSafeInteger(whole)) {
    throw new DomainError('invalid', MONEY_INVALID, '金额超出可处理范围', { value: yuan });
  }
  return fen(sign * whole);
}

/** `'¥1,234.50'`; negative amounts as `'-¥1,234.50'`. */
export function formatFen(f: Fen): string {
  const abs = Math.abs(f);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${f < 0 ? '-' : ''}¥${grouped}.${cents}`;
}

/** `123450` → `'1234.50'` (plain decimal yuan, no symbol or separators; for forms and exports). */
export function fenToYuanString(f: Fen): string {
  const abs = Math.abs(f);
  return `${f < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
