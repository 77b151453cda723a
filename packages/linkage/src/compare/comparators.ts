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
  id: ['exact', 'one-edit', 'different', 'null'],
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

/** Level indexes used by band rules. */
export const ID_EXACT = 0;
export const NAME_HOMOPHONE = 2;

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

/**
 * Id level of left row l and right row r. Fragment agreement is deliberately not a level: fragments A
 * and B are the region and the birth date, which the region and dob fields already weigh, and
 * counting them twice makes namesakes born the same day in the same county look like matches.
 */
export function compareIds(left: PeopleTable, right: PeopleTable, l: number, r: number): number {
  const fa = left.fragA[l] ?? -1;
  const fb = right.fragA[r] ?? -1;
  if (fa < 0 || fb < 0) return 3;
  const sa = left.idStatus[l] ?? 0;
  const sb = right.idStatus[r] ?? 0;
  const usableA = sa === VALID || sa === UPGRADED;
  const usableB = sb === VALID || sb === UPGRADED;
  if (usableA && usableB && left.idKey[l] === right.idKey[r]) return 0;
  if ((sa === INVALID && usableB) || (sb === INVALID && usableA) || (sa === INVALID && sb === INVALID)) {
    fragmentDigits(fa, left.fragB[l] ?? -1, left.fragC[l] ?? -1, digitsA);
    fragmentDigits(fb, right.fragB[r] ?? -1, right.fragC[r] ?? -1, digitsB);
    if (withinOneEdit(digitsA, digitsB)) return 1;
  }
  return 2;
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

/** Fields of a left row packed together (one or two cache lines per candidate instead of eleven). */
export const PACKED_STRIDE = 10;

/** Row-major copy of the comparison fields of a table: name, sex, dob, dobYmd, dobLunar, idStatus, A, B, C, county. */
export function packRows(t: PeopleTable): Int32Array {
  const out = new Int32Array(t.size * PACKED_STRIDE);
  for (let i = 0, o = 0; i < t.size; i++, o += PACKED_STRIDE) {
    out[o] = t.name[i]!;
    out[o + 1] = t.sex[i]!;
    out[o + 2] = t.dob[i]!;
    out[o + 3] = t.dobYmd[i]!;
    out[o + 4] = t.dobLunar[i]!;
    out[o + 5] = t.idStatus[i]!;
    out[o + 6] = t.fragA[i]!;
    out[o + 7] = t.fragB[i]!;
    out[o + 8] = t.fragC[i]!;
    out[o + 9] = t.county[i]!;
  }
  return out;
}

/** comparePair with the left row read from packRows output; identical levels. */
export function comparePackedPair(
  packed: Int32Array,
  leftIdKey: Float64Array,
  right: PeopleTable,
  names: NameTable,
  l: number,
  r: number,
  out: Uint8Array,
): void {
  const o = l * PACKED_STRIDE;
  // id
  const fa = packed[o + 6]!;
  const fb = right.fragA[r]!;
  if (fa < 0 || fb < 0) out[0] = 3;
  else {
    const sa = packed[o + 5]!;
    const sb = right.idStatus[r]!;
    const usableA = sa === VALID || sa === UPGRADED;
    const usableB = sb === VALID || sb === UPGRADED;
    if (usableA && usableB && leftIdKey[l] === right.idKey[r]) out[0] = 0;
    else if (
      (sa === INVALID && usableB) ||
      (sb === INVALID && usableA) ||
      (sa === INVALID && sb === INVALID)
    ) {
      fragmentDigits(fa, packed[o + 7]!, packed[o + 8]!, digitsA);
      fragmentDigits(fb, right.fragB[r]!, right.fragC[r]!, digitsB);
      out[0] = withinOneEdit(digitsA, digitsB) ? 1 : 2;
    } else out[0] = 2;
  }
  out[1] = compareNames(names, packed[o]!, right.name[r]!);
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
