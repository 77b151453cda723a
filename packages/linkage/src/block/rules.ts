/**
 * Blocking rules as data. A rule is a list of integer key parts; two records are a candidate pair
 * under the rule when every part is present and equal on both sides. Rules run in order and a rule
 * skips pairs an earlier rule already produced. Blocks larger than `maxBlockPairs` (n_left · n_right)
 * are split by the rule's `splitParts`.
 */
import { NO_DAY } from '../normalize/calendar';
import type { NameTable } from '../columns/name-dictionary';
import type { PeopleTable } from '../columns/people-table';

export type KeyPart =
  | 'idKey'
  | 'fragA'
  | 'fragB'
  | 'fragC'
  | 'sex'
  | 'dob'
  | 'birthYear'
  | 'birthMonth'
  | 'winterYear'
  | 'province'
  | 'prefecture'
  | 'county'
  | 'nameHeavy'
  | 'nameLight'
  | 'surnameHeavy'
  | 'givenMultiset'
  | 'surnameShape'
  | 'nameShape';

/** Bit width of each part: a rule's parts must fit in 53 bits so the composite key is an exact float64. */
export const KEY_PART_BITS: Readonly<Record<KeyPart, number>> = {
  idKey: 50,
  fragA: 20,
  fragB: 27,
  fragC: 14,
  sex: 2,
  dob: 17,
  birthYear: 9,
  birthMonth: 4,
  winterYear: 9,
  province: 7,
  prefecture: 14,
  county: 20,
  nameHeavy: 24,
  nameLight: 24,
  surnameHeavy: 16,
  givenMultiset: 24,
  surnameShape: 16,
  nameShape: 24,
};

export interface BlockingRule {
  /** Stable id reported with every pair, e.g. 'B4'. */
  id: string;
  description: string;
  parts: readonly KeyPart[];
  /** Parts added to blocks larger than maxBlockPairs; missing values count as their own value. */
  splitParts?: readonly KeyPart[];
}

/** B0–B5 of the design (B3b as two rules), for re-verification against a registry. */
export const REVERIFICATION_RULES: readonly BlockingRule[] = [
  { id: 'B0', description: 'checksum-valid 18-digit id equal', parts: ['idKey'] },
  {
    id: 'B1',
    description: 'id fragments A+B (region, birth date) and sex',
    parts: ['fragA', 'fragB', 'sex'],
  },
  {
    id: 'B2',
    description: 'id fragments B+C (birth date, sequence and check)',
    parts: ['fragB', 'fragC'],
    splitParts: ['sex'],
  },
  {
    id: 'B3',
    description: 'id fragments A+C and surname heavy key',
    parts: ['fragA', 'fragC', 'surnameHeavy'],
    splitParts: ['sex'],
  },
  {
    id: 'B3b-C',
    description: 'id fragment C and full-name heavy key',
    parts: ['fragC', 'nameHeavy'],
    splitParts: ['sex'],
  },
  {
    id: 'B3b-A',
    description: 'id fragment A, full-name heavy key and sex',
    parts: ['fragA', 'nameHeavy', 'sex'],
  },
  {
    id: 'B4',
    description: 'birth date and full-name heavy key',
    parts: ['dob', 'nameHeavy'],
    splitParts: ['sex'],
  },
  {
    id: 'B4s',
    description: 'birth date and full-name shape class (形近字 OCR errors)',
    parts: ['dob', 'nameShape'],
    splitParts: ['sex'],
  },
  {
    id: 'B5',
    description: 'full-name light key, birth year and province',
    parts: ['nameLight', 'birthYear', 'province'],
    splitParts: ['birthMonth', 'sex'],
  },
  {
    id: 'B5w',
    description: 'full-name light key, winter (Nov–Feb) and province: lunar dates across the year end',
    parts: ['nameLight', 'winterYear', 'province'],
    splitParts: ['sex'],
  },
];

/** Back-filled paper records add B6 for OCR/shape errors and transposed given names. */
export const BACKFILL_RULES: readonly BlockingRule[] = [
  ...REVERIFICATION_RULES,
  {
    id: 'B6',
    description: 'given-name syllable multiset, surname shape class and birth year',
    parts: ['givenMultiset', 'surnameShape', 'birthYear'],
    splitParts: ['birthMonth'],
  },
];

export function ruleBits(parts: readonly KeyPart[]): number {
  return parts.reduce((sum, p) => sum + KEY_PART_BITS[p], 0);
}

/** Throws when a rule cannot be encoded exactly. */
export function validateRule(rule: BlockingRule): void {
  if (rule.parts.length === 0) throw new RangeError(`rule ${rule.id} has no parts`);
  if (ruleBits(rule.parts) > 53) throw new RangeError(`rule ${rule.id} needs more than 53 key bits`);
  // Split values are shifted by one so "missing" is 0.
  if (rule.splitParts && ruleBits(rule.splitParts) + rule.splitParts.length > 53) {
    throw new RangeError(`rule ${rule.id} split parts need more than 53 bits`);
  }
}

/**
 * The winter a birth date falls in, for pairing a lunar date written as a Gregorian one across the
 * year end: a lunar 11th/12th-month birthday written as "Y-11-dd"/"Y-12-dd" is really in Jan/Feb of
 * Y+1, so Nov–Dec of Y and Jan–Feb of Y+1 share the key (Y − 1800); other months have none (-1).
 */
export function winterYearOfYmd(ymd: number): number {
  if (ymd < 0) return -1;
  const month = Math.floor(ymd / 100) % 100;
  const year = Math.floor(ymd / 10000);
  if (month >= 11) return year - 1800;
  if (month >= 1 && month <= 2) return year - 1801;
  return -1;
}

/** Value of one key part for row i, or -1 when missing. */
export function keyPartValue(part: KeyPart, t: PeopleTable, names: NameTable, i: number): number {
  switch (part) {
    case 'idKey': {
      const v = t.idKey[i] ?? NaN;
      return Number.isNaN(v) ? -1 : v;
    }
    case 'fragA':
      return t.fragA[i] ?? -1;
    case 'fragB':
      return t.fragB[i] ?? -1;
    case 'fragC':
      return t.fragC[i] ?? -1;
    case 'sex': {
      const s = t.sex[i] ?? 0;
      return s === 0 ? -1 : s;
    }
    case 'dob': {
      const d = t.dob[i] ?? NO_DAY;
      return d === NO_DAY ? -1 : d + 65536;
    }
    case 'birthYear': {
      const y = t.birthYear[i] ?? 0;
      return y === 0 ? -1 : y - 1800;
    }
    case 'birthMonth': {
      const ymd = t.dobYmd[i] ?? -1;
      return ymd < 0 ? -1 : Math.floor(ymd / 100) % 100;
    }
    case 'winterYear':
      return winterYearOfYmd(t.dobYmd[i] ?? -1);
    case 'province': {
      const c = t.county[i] ?? -1;
      return c < 0 ? -1 : Math.floor(c / 10000);
    }
    case 'prefecture': {
      const c = t.county[i] ?? -1;
      return c < 0 ? -1 : Math.floor(c / 100);
    }
    case 'county':
      return t.county[i] ?? -1;
    case 'nameHeavy':
    case 'nameLight': {
      const n = t.name[i] ?? -1;
      if (n < 0) return -1;
      const col = part === 'nameHeavy' ? names.heavy : names.light;
      return col.values[col.offsets[n] ?? 0] ?? -1;
    }
    case 'surnameHeavy': {
      const n = t.name[i] ?? -1;
      return n < 0 ? -1 : (names.surnameHeavy[n] ?? -1);
    }
    case 'givenMultiset': {
      const n = t.name[i] ?? -1;
      return n < 0 ? -1 : (names.givenMultiset[n] ?? -1);
    }
    case 'nameShape': {
      const n = t.name[i] ?? -1;
      return n < 0 ? -1 : (names.shape[n] ?? -1);
    }
    case 'surnameShape': {
      const n = t.name[i] ?? -1;
      return n < 0 ? -1 : (names.surnameShape[n] ?? -1);
    }
  }
}

/** Composite key of a part list for row i (exact float64), NaN when any part is missing. */
export function compositeKey(parts: readonly KeyPart[], t: PeopleTable, names: NameTable, i: number): number {
  let key = 0;
  for (const part of parts) {
    const v = keyPartValue(part, t, names, i);
    if (v < 0) return NaN;
    key = key * 2 ** KEY_PART_BITS[part] + v;
  }
  return key;
}

/** Split key for row i: missing parts count as 0, present ones as value + 1. */
export function splitKey(parts: readonly KeyPart[], t: PeopleTable, names: NameTable, i: number): number {
  let key = 0;
  for (const part of parts) {
    const v = keyPartValue(part, t, names, i);
    key = key * 2 ** (KEY_PART_BITS[part] + 1) + (v < 0 ? 0 : v + 1);
  }
  return key;
}

/** One key part for every row (NaN where missing): computed once, shared by all rules using it. */
export function partColumn(
  part: KeyPart,
  t: PeopleTable,
  names: NameTable,
  start = 0,
  end = t.size,
): Float64Array {
  const out = new Float64Array(end - start);
  for (let i = start; i < end; i++) {
    const v = keyPartValue(part, t, names, i);
    out[i - start] = v < 0 ? NaN : v;
  }
  return out;
}

/** Cache of part columns for one table, keyed by part and row range. */
export type PartColumns = Map<string, Float64Array>;

/**
 * Fills `out` with the rule's composite keys, column by column (NaN propagates for missing parts).
 * Much faster than per-row composition; `cache` reuses part columns across rules.
 */
export function computeRuleKeys(
  rule: BlockingRule,
  t: PeopleTable,
  names: NameTable,
  out: Float64Array,
  cache: PartColumns = new Map(),
  start = 0,
  end = t.size,
): void {
  out.fill(0, start, end);
  for (const part of rule.parts) {
    const key = `${part}:${start}:${end}`;
    let column = cache.get(key);
    if (!column) {
      column = partColumn(part, t, names, start, end);
      cache.set(key, column);
    }
    const scale = 2 ** KEY_PART_BITS[part];
    for (let i = start; i < end; i++) out[i] = out[i]! * scale + column[i - start]!;
  }
}
