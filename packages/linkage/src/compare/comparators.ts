/**
 * Comparison levels per field, best first, the last level always "null" (a side is missing). A pair's
 * gamma vector is the level index each field reached. The levels are data (names, order) shared
 * with the SQL peer; the evaluation below is the hot path.
 */
import type { MultiKeyColumn, NameTable } from '../columns/name-dictionary';
import type { PeopleTable } from '../columns/people-table';
import { NO_DAY } from '../normalize/calendar';
import { fragmentDigits, ID_STATUS_CODE, withinOneEdit } from '../normalize/id-fragments';
import { jaroWinklerBytes } from './jaro-winkler';

export const FIELDS = ['id', 'name', 'dob', 'sex', 'region'] as const;
export type FieldId = (typeof FIELDS)[number];

export const FIELD_LEVELS: Readonly<Record<FieldId, readonly string[]>> = {
  id: ['exact', 'one-edit', 'recoded', 'near-valid', 'different', 'distinct-valid', 'null'],
  name: [
    'hanzi-exact',
    'normalized',
    'homophone',
    'reordered',
    'light-fuzzy',
    'heavy-fuzzy',
    'shape',
    'jaro-winkler',
    'different',
    'null',
  ],
  dob: [
    'exact',
    'day-month-swap',
    'lunar',
    'year-month',
    'month-day-year-1',
    'within-1-year',
    'different',
    'null',
  ],
  sex: ['equal', 'different', 'null'],
  region: ['county', 'prefecture', 'province', 'different', 'null'],
};

export const NAME_JW_THRESHOLD = 0.92;

/** Level indexes used by band rules and the model. */
export const ID_EXACT = 0;
/** One side checksum-invalid, the 18 digits within one substitution or adjacent transposition. */
export const ID_ONE_EDIT = 1;
/** Same birth date and sequence, another division code (a re-coded county: 县改区, 地改市). */
export const ID_RECODED = 2;
/** Two valid ids whose first 17 digits are within one edit (re-typed with the check recomputed). */
export const ID_NEAR_VALID = 3;
/** At least one side unusable (typo, malformed) and no near-miss relation. */
export const ID_DIFFERENT = 4;
/** Two check-valid (or upgraded) ids that differ and are no near miss: strong evidence of two people. */
export const ID_DISTINCT_VALID = 5;
export const ID_NULL = 6;
export const NAME_NORMALIZED = 1;
export const NAME_JARO_WINKLER = 7;
export const NAME_HOMOPHONE = 2;
/** Shape-similar characters (形近字): the worst name level that still names the same characters. */
export const NAME_SHAPE = 6;
export const DOB_EXACT = 0;
/** One side's birth date is the other's lunar date written as a Gregorian one (exact conversion). */
export const DOB_LUNAR = 2;

const VALID = ID_STATUS_CODE.valid;
const UPGRADED = ID_STATUS_CODE.upgraded;
const INVALID = ID_STATUS_CODE.invalid;

function intersects(col: MultiKeyColumn, a: number, b: number): boolean {
  const a0 = col.offsets[a] ?? 0;
  const a1 = col.offsets[a + 1] ?? 0;
  const b0 = col.offsets[b] ?? 0;
  const b1 = col.offsets[b + 1] ?? 0;
  if (col.values[a0] === col.values[b0]) return true;
  if (a1 - a0 === 1 && b1 - b0 === 1) return false;
  for (let i = a0; i < a1; i++) {
    const v = col.values[i];
    for (let j = b0; j < b1; j++) if (col.values[j] === v) return true;
  }
  return false;
}

/** Name level of two name ids. */
export function compareNames(names: NameTable, a: number, b: number): number {
  if (a < 0 || b < 0) return 9;
  if (a === b) return 0;
  if (names.normalized[a] === names.normalized[b]) return 1;
  if (intersects(names.py, a, b)) return 2;
  if (intersects(names.reorder, a, b)) return 3;
  if (intersects(names.light, a, b)) return 4;
  if (intersects(names.heavy, a, b)) return 5;
  if (names.shape[a] === names.shape[b]) return 6;
  const jw = jaroWinklerBytes(
    names.jwBytes,
    names.jwOffsets[a] ?? 0,
    names.jwOffsets[a + 1] ?? 0,
    names.jwOffsets[b] ?? 0,
    names.jwOffsets[b + 1] ?? 0,
  );
  return jw >= NAME_JW_THRESHOLD ? 7 : 8;
}

/** Fields of one name packed together: the comparison reads one record per side, not ten arrays. */
export const NAME_STRIDE = 8;
const SINGLE_PY = 1;
const SINGLE_REORDER = 2;
const SINGLE_LIGHT = 4;
const SINGLE_HEAVY = 8;

/**
 * Row-major copy of what compareNames reads of each name: normalized, shape, the first value of the
 * py / reorder / light / heavy key lists (as compareNames sees it), the Jaro–Winkler byte range, and
 * flags for lists holding exactly one value.
 */
export function packNames(names: NameTable): Int32Array {
  const out = new Int32Array(names.size * NAME_STRIDE);
  const first = (col: MultiKeyColumn, i: number) => col.values[col.offsets[i] ?? 0] ?? -2;
  const single = (col: MultiKeyColumn, i: number) => (col.offsets[i + 1] ?? 0) - (col.offsets[i] ?? 0) === 1;
  for (let i = 0, o = 0; i < names.size; i++, o += NAME_STRIDE) {
    out[o] = names.normalized[i]!;
    out[o + 1] = names.shape[i]!;
    out[o + 2] = first(names.py, i);
    out[o + 3] = first(names.reorder, i);
    out[o + 4] = first(names.light, i);
    out[o + 5] = first(names.heavy, i);
    out[o + 6] = names.jwOffsets[i]!;
    const jwLength = names.jwOffsets[i + 1]! - names.jwOffsets[i]!;
    out[o + 7] =
      (single(names.py, i) ? SINGLE_PY : 0) |
      (single(names.reorder, i) ? SINGLE_REORDER : 0) |
      (single(names.light, i) ? SINGLE_LIGHT : 0) |
      (single(names.heavy, i) ? SINGLE_HEAVY : 0) |
      (jwLength << 4);
  }
  return out;
}

/** compareNames over packNames output; identical levels. */
export function comparePackedNames(packed: Int32Array, names: NameTable, a: number, b: number): number {
  if (a < 0 || b < 0) return 9;
  if (a === b) return 0;
  const oa = a * NAME_STRIDE;
  const ob = b * NAME_STRIDE;
  if (packed[oa] === packed[ob]) return 1;
  const both = packed[oa + 7]! & packed[ob + 7]!;
  if (packed[oa + 2] === packed[ob + 2] || ((both & SINGLE_PY) === 0 && intersects(names.py, a, b))) return 2;
  if (packed[oa + 3] === packed[ob + 3] || ((both & SINGLE_REORDER) === 0 && intersects(names.reorder, a, b)))
    return 3;
  if (packed[oa + 4] === packed[ob + 4] || ((both & SINGLE_LIGHT) === 0 && intersects(names.light, a, b)))
    return 4;
  if (packed[oa + 5] === packed[ob + 5] || ((both & SINGLE_HEAVY) === 0 && intersects(names.heavy, a, b)))
    return 5;
  if (packed[oa + 1] === packed[ob + 1]) return 6;
  const ja = packed[oa + 6]!;
  const jb = packed[ob + 6]!;
  const jw = jaroWinklerBytes(
    names.jwBytes,
    ja,
    ja + (packed[oa + 7]! >>> 4),
    jb,
    jb + (packed[ob + 7]! >>> 4),
  );
  return jw >= NAME_JW_THRESHOLD ? 7 : 8;
}

/** Date level from yyyymmdd values, day numbers and lunar alternatives. */
export function compareDates(
  ymdA: number,
  ymdB: number,
  daysA: number,
  daysB: number,
  lunarA: number,
  lunarB: number,
): number {
  if (daysA === NO_DAY || daysB === NO_DAY) return 7;
  if (daysA === daysB) return 0;
  const ya = Math.floor(ymdA / 10000);
  const yb = Math.floor(ymdB / 10000);
  const ma = Math.floor(ymdA / 100) % 100;
  const mb = Math.floor(ymdB / 100) % 100;
  const da = ymdA % 100;
  const db = ymdB % 100;
  if (ya === yb && ma === db && da === mb) return 1;
  if ((lunarA !== NO_DAY && lunarA === daysB) || (lunarB !== NO_DAY && lunarB === daysA)) return 2;
  if (ya === yb && ma === mb) return 3;
  if (ma === mb && da === db && Math.abs(ya - yb) === 1) return 4;
  if (Math.abs(daysA - daysB) <= 366) return 5;
  return 6;
}

const digitsA = new Uint8Array(18);
const digitsB = new Uint8Array(18);

/** True when the first n digits differ by at most one substitution or one adjacent transposition. */
function withinOneEditOf(x: Uint8Array, y: Uint8Array, n: number): boolean {
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] !== y[i]) {
      if (diffs === 0) first = i;
      diffs++;
      if (diffs > 2) return false;
    }
  }
  if (diffs <= 1) return true;
  return (
    first + 1 < n && x[first] === y[first + 1] && x[first + 1] === y[first] && x[first + 1] !== y[first + 1]
  );
}

/**
 * Id level from the statuses, keys and fragments of two ids (fragments -1 when absent). Fragment
 * agreement alone is deliberately not a level: fragments A and B are the region and the birth date,
 * which the region and dob fields already weigh. Two usable ids that differ are split by how they
 * differ: a re-coded division part (same birth date and sequence), a one-edit difference in the
 * first 17 digits (the check recomputed), or neither — distinct-valid, the strong negative level.
 */
export function idLevel(
  sa: number,
  sb: number,
  keyA: number,
  keyB: number,
  fa: number,
  fb: number,
  ba: number,
  bb: number,
  ca: number,
  cb: number,
): number {
  if (fa < 0 || fb < 0) return ID_NULL;
  const usableA = sa === VALID || sa === UPGRADED;
  const usableB = sb === VALID || sb === UPGRADED;
  const sameSeq = Math.floor(ca / 11) === Math.floor(cb / 11);
  if (usableA && usableB) {
    if (keyA === keyB) return ID_EXACT;
    if (ba === bb && sameSeq) return ID_RECODED;
    // An adjacent transposition touches at most two neighbouring fragments: all three differing is
    // never within one edit (the common case of unrelated ids, decided without digits).
    if (fa !== fb && ba !== bb && !sameSeq) return ID_DISTINCT_VALID;
    fragmentDigits(fa, ba, ca, digitsA);
    fragmentDigits(fb, bb, cb, digitsB);
    return withinOneEditOf(digitsA, digitsB, 17) ? ID_NEAR_VALID : ID_DISTINCT_VALID;
  }
  if ((sa === INVALID && usableB) || (sb === INVALID && usableA) || (sa === INVALID && sb === INVALID)) {
    fragmentDigits(fa, ba, ca, digitsA);
    fragmentDigits(fb, bb, cb, digitsB);
    if (withinOneEdit(digitsA, digitsB)) return ID_ONE_EDIT;
    if (ba === bb && sameSeq) return ID_RECODED;
  }
  return ID_DIFFERENT;
}

/** Id level of left row l and right row r (see idLevel). */
export function compareIds(left: PeopleTable, right: PeopleTable, l: number, r: number): number {
  return idLevel(
    left.idStatus[l] ?? 0,
    right.idStatus[r] ?? 0,
    left.idKey[l] ?? NaN,
    right.idKey[r] ?? NaN,
    left.fragA[l] ?? -1,
    right.fragA[r] ?? -1,
    left.fragB[l] ?? -1,
    right.fragB[r] ?? -1,
    left.fragC[l] ?? -1,
    right.fragC[r] ?? -1,
  );
}

export function compareSex(a: number, b: number): number {
  if (a === 0 || b === 0) return 2;
  return a === b ? 0 : 1;
}

export function compareRegion(a: number, b: number): number {
  if (a < 0 || b < 0) return 4;
  if (a === b) return 0;
  if (Math.floor(a / 100) === Math.floor(b / 100)) return 1;
  if (Math.floor(a / 10000) === Math.floor(b / 10000)) return 2;
  return 3;
}

/** Writes the gamma vector of (left l, right r) into out[0..5) in FIELDS order. */
export function comparePair(
  left: PeopleTable,
  right: PeopleTable,
  names: NameTable,
  l: number,
  r: number,
  out: Uint8Array,
): void {
  out[0] = compareIds(left, right, l, r);
  out[1] = compareNames(names, left.name[l] ?? -1, right.name[r] ?? -1);
  out[2] = compareDates(
    left.dobYmd[l] ?? -1,
    right.dobYmd[r] ?? -1,
    left.dob[l] ?? NO_DAY,
    right.dob[r] ?? NO_DAY,
    left.dobLunar[l] ?? NO_DAY,
    right.dobLunar[r] ?? NO_DAY,
  );
  out[3] = compareSex(left.sex[l] ?? 0, right.sex[r] ?? 0);
  out[4] = compareRegion(left.county[l] ?? -1, right.county[r] ?? -1);
}

/**
 * The left rows of a link run, one record each, so a candidate pair reads one or two adjacent cache
 * lines of its left row instead of a dozen arrays. Per record (`stride` 32-bit words, a multiple of 16
 * = 64 bytes): words 0–9 the comparison fields (name, sex, dob, dobYmd, dobLunar, idStatus, fragments
 * A, B, C, county); float 6 (words 12–13) the id key; floats 8… `extra` further values per row (the
 * link run keeps each rule's blocking key there for its exclusion test).
 */
export interface PackedRows {
  stride: number;
  ints: Int32Array;
  floats: Float64Array;
}

export const PACKED_ID_KEY = 6;
export const PACKED_EXTRA = 8;

export function packRows(t: PeopleTable, extra = 0): PackedRows {
  const stride = Math.ceil((2 * (PACKED_EXTRA + extra)) / 16) * 16;
  const buffer = new ArrayBuffer(t.size * stride * 4);
  const ints = new Int32Array(buffer);
  const floats = new Float64Array(buffer);
  for (let i = 0, o = 0; i < t.size; i++, o += stride) {
    ints[o] = t.name[i]!;
    ints[o + 1] = t.sex[i]!;
    ints[o + 2] = t.dob[i]!;
    ints[o + 3] = t.dobYmd[i]!;
    ints[o + 4] = t.dobLunar[i]!;
    ints[o + 5] = t.idStatus[i]!;
    ints[o + 6] = t.fragA[i]!;
    ints[o + 7] = t.fragB[i]!;
    ints[o + 8] = t.fragC[i]!;
    ints[o + 9] = t.county[i]!;
    floats[(o >> 1) + PACKED_ID_KEY] = t.idKey[i]!;
  }
  return { stride, ints, floats };
}

/** comparePair with the left row read from packRows output; identical levels. */
export function comparePackedPair(
  rows: PackedRows,
  right: PeopleTable,
  names: NameTable,
  packedNames: Int32Array,
  l: number,
  r: number,
  out: Uint8Array,
): void {
  const o = l * rows.stride;
  const packed = rows.ints;
  out[0] = idLevel(
    packed[o + 5]!,
    right.idStatus[r]!,
    rows.floats[(o >> 1) + PACKED_ID_KEY]!,
    right.idKey[r]!,
    packed[o + 6]!,
    right.fragA[r]!,
    packed[o + 7]!,
    right.fragB[r]!,
    packed[o + 8]!,
    right.fragC[r]!,
  );
  out[1] = comparePackedNames(packedNames, names, packed[o]!, right.name[r]!);
  out[2] = compareDates(
    packed[o + 3]!,
    right.dobYmd[r]!,
    packed[o + 2]!,
    right.dob[r]!,
    packed[o + 4]!,
    right.dobLunar[r]!,
  );
  out[3] = compareSex(packed[o + 1]!, right.sex[r]!);
  out[4] = compareRegion(packed[o + 9]!, right.county[r]!);
}
