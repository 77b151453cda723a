/**
 * Resident identity numbers (居民身份证号, GB 11643-1999): cleaning, ISO 7064 MOD 11-2 check digit,
 * 15 → 18 upgrade, packing into an exact float64 key and the A/B/C fragments used by blocking.
 * The check digit and the 15 → 18 upgrade come from @social-affairs/kernel; the hot path works on the
 * packed numbers, never on strings.
 */
import { residentIdCheckDigit, upgradeResidentId15 } from '@social-affairs/kernel';
import { daysFromCivil, isValidCivilDate } from './calendar';

export { ID_STATUS_CODE, fragmentDigits, withinOneEdit } from './id-fragments';

export type ResidentIdStatus =
  /** No id given. */
  | 'missing'
  /** 18 digits, valid date and check digit. */
  | 'valid'
  /** 15-digit id upgraded to 18 (century 19 inserted, check digit computed). */
  | 'upgraded'
  /** 18 characters of the right shape whose check digit or date is wrong: a typo. */
  | 'invalid'
  /** Anything else. */
  | 'malformed';

/** Check character for the first 17 digits (kernel's ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  return residentIdCheckDigit(first17);
}

/** NFKC, drop spaces and dashes, uppercase x. */
export function cleanResidentId(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return '';
  return raw.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
}

/** 15-digit id → 18 digits (kernel: inserts the century 19, computes the check digit). */
export { upgradeResidentId15 };

export interface ResidentIdInfo {
  status: ResidentIdStatus;
  /** The 18-character form (upgraded when 15 digits), or '' when missing/malformed. */
  id18: string;
  /** Birth date day number from the id (only when status is valid or upgraded). */
  birthDays?: number;
  sex?: 'male' | 'female';
}

/** Classifies an id and, when usable, derives birth date and sex. */
export function analyzeResidentId(raw: string | null | undefined): ResidentIdInfo {
  const id = cleanResidentId(raw);
  if (id === '') return { status: 'missing', id18: '' };
  let id18: string;
  let status: ResidentIdStatus;
  if (/^\d{15}$/.test(id)) {
    try {
      id18 = upgradeResidentId15(id);
    } catch {
      // Sequences 996–999 mark centenarians born in the 1800s: no safe upgrade.
      return { status: 'malformed', id18: '' };
    }
    status = 'upgraded';
  } else if (/^\d{17}[\dX]$/.test(id)) {
    id18 = id;
    status = residentIdCheckChar(id.slice(0, 17)) === id[17] ? 'valid' : 'invalid';
  } else {
    return { status: 'malformed', id18: '' };
  }
  const year = Number(id18.slice(6, 10));
  const month = Number(id18.slice(10, 12));
  const day = Number(id18.slice(12, 14));
  if (!isValidCivilDate(year, month, day) || year < 1850 || year > 2179) {
    return { status: status === 'upgraded' ? 'malformed' : 'invalid', id18 };
  }
  if (status === 'invalid') return { status, id18 };
  const seq = Number(id18.slice(14, 17));
  return { status, id18, birthDays: daysFromCivil(year, month, day), sex: seq % 2 === 1 ? 'male' : 'female' };
}

const DAYS_1850 = daysFromCivil(1850, 1, 1);

/**
 * Exact float64 key of a usable 18-digit id: region (20 bits) · days since 1850 (16 bits) ·
 * sequence (10 bits) · check value (4 bits) = 50 bits. NaN when the id is not valid/upgraded.
 */
export function packResidentId(info: ResidentIdInfo): number {
  if ((info.status !== 'valid' && info.status !== 'upgraded') || info.birthDays === undefined) return NaN;
  const region = Number(info.id18.slice(0, 6));
  const seq = Number(info.id18.slice(14, 17));
  const check = checkValue(info.id18.charCodeAt(17));
  return ((region * 65536 + (info.birthDays - DAYS_1850)) * 1024 + seq) * 16 + check;
}

function checkValue(code: number): number {
  return code === 88 ? 10 : code - 48;
}

/** Fragments of an 18-character id as integers: A = region, B = yyyymmdd, C = seq·11 + check. */
export interface IdFragments {
  a: number;
  b: number;
  c: number;
}

export function residentIdFragments(id18: string): IdFragments | undefined {
  if (id18.length !== 18) return undefined;
  return {
    a: Number(id18.slice(0, 6)),
    b: Number(id18.slice(6, 14)),
    c: Number(id18.slice(14, 17)) * 11 + checkValue(id18.charCodeAt(17)),
  };
}
