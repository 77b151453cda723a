/**
 * 第二代残疾人证 numbers (R-DIS-04): 20 characters = the holder's 18-character resident id + one category
 * digit (1–7, GB/T 26341-2010) + one grade digit (1 most severe … 4). Browser-safe: the web forms check
 * a number as it is typed, the import and the services check it again.
 */
import { DomainError } from './errors';
import { tryParseResidentId } from './resident-id';
import type { PlainDate } from './plain-date';

export type DisabilityCategory = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type DisabilityGrade = 1 | 2 | 3 | 4;

/** GB/T 26341-2010 categories. Some websites swap 1 and 2 (1 = hearing): that mapping is wrong. */
export const DISABILITY_CATEGORY_LABELS: Record<DisabilityCategory, string> = {
  1: '视力残疾',
  2: '听力残疾',
  3: '言语残疾',
  4: '肢体残疾',
  5: '智力残疾',
  6: '精神残疾',
  7: '多重残疾',
};

export const DISABILITY_GRADE_LABELS: Record<DisabilityGrade, string> = {
  1: '一级',
  2: '二级',
  3: '三级',
  4: '四级',
};

export interface ParsedDisabilityCertificate {
  /** The canonical 20-character number (`x` → `X`). */
  number: string;
  /** The holder's resident id (first 18 characters). */
  residentId: string;
  category: DisabilityCategory;
  grade: DisabilityGrade;
  categoryLabel: string;
  gradeLabel: string;
  /** 视力 certificates are red, the others green (R-DIS-04). */
  colour: 'red' | 'green';
}

export const DISABILITY_CERTIFICATE_MESSAGES = {
  DISABILITY_CERT_FORMAT: '残疾人证号应为20位：18位公民身份号码 + 1位残疾类别（1–7）+ 1位残疾等级（1–4）',
  DISABILITY_CERT_CATEGORY:
    '残疾人证号第19位是残疾类别，只能是1–7（1视力 2听力 3言语 4肢体 5智力 6精神 7多重）',
  DISABILITY_CERT_GRADE: '残疾人证号第20位是残疾等级，只能是1–4',
  DISABILITY_CERT_ID_INVALID: '残疾人证号的前18位不是有效的公民身份号码',
  DISABILITY_CERT_HOLDER_MISMATCH: '残疾人证号的前18位与持证人的公民身份号码不一致',
} as const;

export type DisabilityCertificateErrorCode = keyof typeof DISABILITY_CERTIFICATE_MESSAGES;

function fail(code: DisabilityCertificateErrorCode, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('invalid', code, DISABILITY_CERTIFICATE_MESSAGES[code], {
    field: 'certificateNumber',
    ...details,
  });
}

/**
 * Validates a certificate number: shape, category 1–7, grade 1–4, the id part passes R-ID-02 (check
 * digit, birth date, address code), and — when `holderResidentId` is given — the id part equals it.
 * Throws DomainError('invalid', DISABILITY_CERT_*, 中文说明).
 */
export function parseDisabilityCertificateNumber(
  input: string,
  opts: { holderResidentId?: string; today?: PlainDate } = {},
): ParsedDisabilityCertificate {
  const s = input.trim().toUpperCase();
  if (s.length !== 20 || !/^\d{17}[\dX]\d{2}$/.test(s)) throw fail('DISABILITY_CERT_FORMAT');
  const category = Number(s.charAt(18));
  const grade = Number(s.charAt(19));
  if (category < 1 || category > 7) throw fail('DISABILITY_CERT_CATEGORY', { category });
  if (grade < 1 || grade > 4) throw fail('DISABILITY_CERT_GRADE', { grade });
  const idPart = s.slice(0, 18);
  const parsed = tryParseResidentId(idPart, opts.today ? { today: opts.today } : {});
  if (!parsed.ok) throw fail('DISABILITY_CERT_ID_INVALID', { reason: parsed.code });
  if (opts.holderResidentId !== undefined && parsed.value.id !== opts.holderResidentId.trim().toUpperCase()) {
    throw fail('DISABILITY_CERT_HOLDER_MISMATCH');
  }
  const c = category as DisabilityCategory;
  const g = grade as DisabilityGrade;
  return {
    number: s,
    residentId: parsed.value.id,
    category: c,
    grade: g,
    categoryLabel: DISABILITY_CATEGORY_LABELS[c],
    gradeLabel: DISABILITY_GRADE_LABELS[g],
    colour: c === 1 ? 'red' : 'green',
  };
}

export type TryParseDisabilityCertificateResult =
  { ok: true; value: ParsedDisabilityCertificate } | { ok: false; code: string; message: string };

export function tryParseDisabilityCertificateNumber(
  input: string,
  opts: { holderResidentId?: string; today?: PlainDate } = {},
): TryParseDisabilityCertificateResult {
  try {
    return { ok: true, value: parseDisabilityCertificateNumber(input, opts) };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

/** Builds a certificate number from a resident id (test and demo data). */
export function composeDisabilityCertificateNumber(
  residentId: string,
  category: DisabilityCategory,
  grade: DisabilityGrade,
): string {
  return `${residentId}${category}${grade}`;
}
