import { z } from 'zod';
import { addressCodeFacts, isKnownAddressCode } from './address-codes';
import { DomainError } from './errors';
import { comparePlainDate, isPlainDate, plainDateParts, todayPlainDate, type PlainDate } from './plain-date';

/** A validated, canonical 18-character citizen id number (公民身份号码, GB 11643-1999). */
export type ResidentId = string & { readonly __brand: 'ResidentId' };

export type ResidentIdOrigin = 'mainland' | 'hong_kong' | 'macao' | 'taiwan';

export interface ResidentIdWarning {
  code: string;
  message: string;
}

export interface ParsedResidentId {
  id: ResidentId;
  /** Characters 1–6, the GB/T 2260 address code (810000/820000/830000 for 港澳台居民居住证). */
  divisionCode: string;
  birthDate: PlainDate;
  /** Parity of the sequence code (digit 17): odd male, even female. */
  sex: 'male' | 'female';
  origin: ResidentIdOrigin;
  /** `historical`: the address code exists only in the historical list (abolished or renumbered). */
  divisionStatus: 'current' | 'historical';
  /** The legacy 15-digit input this id was upgraded from, or null. */
  upgradedFrom15: string | null;
  /** Characters 15–17 as a number, 0–999. */
  sequence: number;
  /** Reasons for a clerk to double-check; the id is still accepted (R-ID-05 DESIGN: warn, don't reject). */
  warnings: ResidentIdWarning[];
}

// ----- Decisions (rulebook §1 DESIGN points) --------------------------------------------------------

/** R-ID-01 TC4: leading and trailing whitespace is trimmed before validation (inner spaces are errors). */
export const RESIDENT_ID_TRIM_WHITESPACE = true;
/** R-ID-06: a lowercase `x` check character is accepted and stored as uppercase `X`. */
export const RESIDENT_ID_UPPERCASE_X = true;
/** Full-width digits and `Ｘ` (typed with a Chinese IME) are folded to ASCII by NFKC before validation. */
export const RESIDENT_ID_FOLD_FULL_WIDTH = true;
/** R-ID-03: birth dates before this are rejected (RESIDENT_ID_BIRTH_DATE_TOO_EARLY). */
export const RESIDENT_ID_MIN_BIRTH_DATE = '1900-01-01' as PlainDate;
/**
 * R-ID-07: legacy 15-digit ids with these sequence codes were reserved for centenarians by GB 11643-1989;
 * their century is not 19xx, so they are flagged (RESIDENT_ID_15_CENTENARIAN) instead of upgraded.
 * The exact range 996–999 is UNVERIFIED in the rulebook.
 */
export const RESIDENT_ID_15_CENTENARIAN_SEQUENCES: readonly number[] = [996, 997, 998, 999];

// ----- Error codes --------------------------------------------------------------------------------

export const RESIDENT_ID_ERROR_MESSAGES = {
  RESIDENT_ID_LENGTH: '公民身份号码应为18位（旧号码为15位）',
  RESIDENT_ID_CHARSET:
    '公民身份号码格式不正确：前17位必须是数字，第18位是数字或X（15位旧号码必须全部是数字）',
  RESIDENT_ID_CHECK_DIGIT: '公民身份号码校验码不正确，请核对是否录入有误',
  RESIDENT_ID_BIRTH_DATE_INVALID: '公民身份号码中的出生日期不是真实存在的日期',
  RESIDENT_ID_BIRTH_DATE_TOO_EARLY: '公民身份号码中的出生日期早于1900年1月1日',
  RESIDENT_ID_BIRTH_DATE_FUTURE: '公民身份号码中的出生日期晚于今天',
  RESIDENT_ID_DIVISION_UNKNOWN: '公民身份号码前6位不是曾经存在过的行政区划代码',
  RESIDENT_ID_15_CENTENARIAN:
    '该15位旧号码的顺序码为百岁老人专用（996–999），不能自动补“19”升位，请人工核实出生年份',
  RESIDENT_ID_SEQUENCE_INVALID: '顺序码必须是0到999之间的整数',
} as const;

export type ResidentIdErrorCode = keyof typeof RESIDENT_ID_ERROR_MESSAGES;

export const RESIDENT_ID_WARNING_DIVISION_ABOLISHED_BEFORE_BIRTH =
  'RESIDENT_ID_DIVISION_ABOLISHED_BEFORE_BIRTH';

function fail(code: ResidentIdErrorCode): DomainError {
  return new DomainError('invalid', code, RESIDENT_ID_ERROR_MESSAGES[code], { field: 'residentId' });
}

// ----- Check digit (R-ID-02, ISO 7064 MOD 11-2) ------------------------------------------------------

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits: `residentIdCheckDigit('43010219900307123')` → `'4'`. */
export function residentIdCheckDigit(first17: string): string {
  if (first17.length !== 17) throw fail('RESIDENT_ID_LENGTH');
  if (!/^\d{17}$/.test(first17)) throw fail('RESIDENT_ID_CHARSET');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

// ----- Legacy 15-digit ids (R-ID-07) ----------------------------------------------------------------

/** `430102900307123` → `430102199003071234`. Throws RESIDENT_ID_15_CENTENARIAN for sequences 996–999. */
export function upgradeResidentId15(id15: string): string {
  if (id15.length !== 15) throw fail('RESIDENT_ID_LENGTH');
  if (!/^\d{15}$/.test(id15)) throw fail('RESIDENT_ID_CHARSET');
  if (RESIDENT_ID_15_CENTENARIAN_SEQUENCES.includes(Number(id15.slice(12, 15)))) {
    throw fail('RESIDENT_ID_15_CENTENARIAN');
  }
  const body = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return body + residentIdCheckDigit(body);
}

// ----- Parsing --------------------------------------------------------------------------------------

function normalizeInput(input: string): string {
  // Plain ASCII digits (the usual case): NFKC and trimming leave them as they are.
  if (/^\d{14,17}[\dXx]$/.test(input)) {
    return RESIDENT_ID_UPPERCASE_X && input.endsWith('x') ? `${input.slice(0, -1)}X` : input;
  }
  let s = input;
  if (RESIDENT_ID_FOLD_FULL_WIDTH) s = s.normalize('NFKC');
  if (RESIDENT_ID_TRIM_WHITESPACE) s = s.trim();
  if (RESIDENT_ID_UPPERCASE_X) s = s.replace(/x$/, 'X');
  return s;
}

function originOf(divisionCode: string): ResidentIdOrigin {
  switch (divisionCode.slice(0, 2)) {
    case '81':
      return 'hong_kong';
    case '82':
      return 'macao';
    case '83':
      return 'taiwan';
    default:
      return 'mainland';
  }
}

/**
 * Validates and decodes a citizen id number (or a 港澳台居民居住证 number, or a legacy 15-digit number,
 * which is upgraded). Checks, in order: length, characters, (15-digit: centenarian sequence), check
 * digit, birth date exists, birth date ≥ 1900-01-01, birth date ≤ today (Beijing time unless
 * `opts.today`), address code ever existed. Throws DomainError('invalid', code, 中文说明, { field }).
 */
export function parseResidentId(input: string, opts: { today?: PlainDate } = {}): ParsedResidentId {
  const s = normalizeInput(input);
  if (s.length !== 18 && s.length !== 15) throw fail('RESIDENT_ID_LENGTH');

  let id: string;
  let upgradedFrom15: string | null = null;
  if (s.length === 15) {
    id = upgradeResidentId15(s);
    upgradedFrom15 = s;
  } else {
    if (!/^\d{17}[\dX]$/.test(s)) throw fail('RESIDENT_ID_CHARSET');
    if (residentIdCheckDigit(s.slice(0, 17)) !== s.charAt(17)) throw fail('RESIDENT_ID_CHECK_DIGIT');
    id = s;
  }

  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isPlainDate(birth)) throw fail('RESIDENT_ID_BIRTH_DATE_INVALID');
  if (comparePlainDate(birth, RESIDENT_ID_MIN_BIRTH_DATE) < 0) throw fail('RESIDENT_ID_BIRTH_DATE_TOO_EARLY');
  if (comparePlainDate(birth, opts.today ?? todayPlainDate()) > 0)
    throw fail('RESIDENT_ID_BIRTH_DATE_FUTURE');

  const divisionCode = id.slice(0, 6);
  const facts = addressCodeFacts(divisionCode);
  if (!facts) throw fail('RESIDENT_ID_DIVISION_UNKNOWN');
  const divisionStatus = facts.current ? 'current' : 'historical';

  const warnings: ResidentIdWarning[] = [];
  const lastYear = facts.lastYear;
  if (lastYear !== null && lastYear < plainDateParts(birth).year) {
    warnings.push({
      code: RESIDENT_ID_WARNING_DIVISION_ABOLISHED_BEFORE_BIRTH,
      message: `地址码 ${divisionCode} 在出生年份之前（${lastYear}年后）已不再使用，请核实号码`,
    });
  }

  const sequence = Number(id.slice(14, 17));
  return {
    id: id as ResidentId,
    divisionCode,
    birthDate: birth,
    sex: sequence % 2 === 1 ? 'male' : 'female',
    origin: originOf(divisionCode),
    divisionStatus,
    upgradedFrom15,
    sequence,
    warnings,
  };
}

export type TryParseResidentIdResult =
  { ok: true; value: ParsedResidentId } | { ok: false; code: string; message: string };

/** Like parseResidentId, but returns the stable code and Chinese message instead of throwing. */
export function tryParseResidentId(
  input: string,
  opts: { today?: PlainDate } = {},
): TryParseResidentIdResult {
  try {
    return { ok: true, value: parseResidentId(input, opts) };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

export function isValidResidentId(input: string, opts: { today?: PlainDate } = {}): boolean {
  return tryParseResidentId(input, opts).ok;
}

// ----- Synthetic ids ---------------------------------------------------------------------------------

/** Builds a valid id from its parts (for test and demo data). `sequence` 0–999; parity gives the sex. */
export function composeResidentId(divisionCode: string, birthDate: PlainDate, sequence: number): ResidentId {
  if (!/^\d{6}$/.test(divisionCode) || !isKnownAddressCode(divisionCode))
    throw fail('RESIDENT_ID_DIVISION_UNKNOWN');
  if (!isPlainDate(birthDate)) throw fail('RESIDENT_ID_BIRTH_DATE_INVALID');
  if (comparePlainDate(birthDate, RESIDENT_ID_MIN_BIRTH_DATE) < 0)
    throw fail('RESIDENT_ID_BIRTH_DATE_TOO_EARLY');
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999)
    throw fail('RESIDENT_ID_SEQUENCE_INVALID');
  const body = `${divisionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return (body + residentIdCheckDigit(body)) as ResidentId;
}

// ----- Masking (display and export) -------------------------------------------------------------------

/** `430102199003071234` → `430102********1234`: first 6 and last 4 kept, everything between starred. */
export function maskResidentId(id: string): string {
  const s = id.trim();
  if (s.length <= 10) return '*'.repeat(s.length);
  return `${s.slice(0, 6)}${'*'.repeat(s.length - 10)}${s.slice(-4)}`;
}

/** `13812345678` → `138****5678`: first 3 and last 4 kept (spaces and dashes dropped first). */
export function maskPhone(phone: string): string {
  const s = phone.trim().replace(/[\s-]/g, '');
  if (s.length < 8) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

// ----- zod ------------------------------------------------------------------------------------------

/**
 * zod: string → canonical ResidentId (trimmed, `x` → `X`, 15 → 18 digits, fully validated). A failure is
 * one custom issue whose message is the Chinese text and whose `params.code` is the stable error code.
 */
export const residentIdSchema: z.ZodType<ResidentId> = z.string().transform((s, ctx): ResidentId => {
  const r = tryParseResidentId(s);
  if (r.ok) return r.value.id;
  ctx.addIssue({ code: 'custom', message: r.message, params: { code: r.code } });
  return z.NEVER;
});
