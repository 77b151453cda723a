/**
 * Columnar encoding of person records: one typed array per field, one row per record. This is the
 * only form the blocking and comparison hot path reads, and the form cached to disk between runs.
 */
import { daysFromCivil, lunarToSolarDays, NO_DAY, parseChineseDate } from '../normalize/calendar';
import {
  analyzeResidentId,
  ID_STATUS_CODE,
  packResidentId,
  residentIdFragments,
} from '../normalize/resident-id';
import { allocFloat64, allocInt16, allocInt32, allocUint8 } from './growable';
import type { NameDictionary } from './name-dictionary';

/** One record as it arrives from a source system. All fields optional; text in any common form. */
export interface PersonInput {
  name?: string | null;
  /** 'male' | 'female' | '男' | '女' | 'M' | 'F' | 1 (male) | 2 (female). */
  sex?: string | number | null;
  /** Any form parseChineseDate accepts; `农历…` marks a lunar date. */
  birthDate?: string | null;
  residentId?: string | null;
  /** 6-digit division code of residence (区划代码). */
  divisionCode?: string | number | null;
}

export const SEX_UNKNOWN = 0;
export const SEX_MALE = 1;
export const SEX_FEMALE = 2;

/** Encoded records. Missing values: name -1, dob NO_DAY, idKey NaN, fragments -1, county -1, sex 0. */
export interface PeopleTable {
  size: number;
  name: Int32Array;
  sex: Uint8Array;
  /** Birth date as days since 1970-01-01: declared, else from the id. */
  dob: Int32Array;
  /** Same date as yyyymmdd, for field-wise comparisons. */
  dobYmd: Int32Array;
  /** The declared date read as a lunar date and converted to solar (农历 birthdays), or NO_DAY. */
  dobLunar: Int32Array;
  birthYear: Int16Array;
  /** Packed 50-bit key of a checksum-valid (or upgraded 15-digit) id, NaN otherwise. */
  idKey: Float64Array;
  /** ID_STATUS_CODE values. */
  idStatus: Uint8Array;
  /** Fragments of any 18-character id, valid or not: A region, B yyyymmdd, C seq·11+check. */
  fragA: Int32Array;
  fragB: Int32Array;
  fragC: Int32Array;
  /** Division code of residence (declared, else the id's region), -1 if unknown. */
  county: Int32Array;
}

export function parseSex(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return SEX_UNKNOWN;
  if (value === 1 || value === '1') return SEX_MALE;
  if (value === 2 || value === '2') return SEX_FEMALE;
  const text = String(value).trim().toLowerCase();
  if (text === 'male' || text === '男' || text === 'm') return SEX_MALE;
  if (text === 'female' || text === '女' || text === 'f') return SEX_FEMALE;
  return SEX_UNKNOWN;
}

export function allocPeopleTable(size: number, shared = false): PeopleTable {
  return {
    size,
    name: allocInt32(size, shared),
    sex: allocUint8(size, shared),
    dob: allocInt32(size, shared),
    dobYmd: allocInt32(size, shared),
    dobLunar: allocInt32(size, shared),
    birthYear: allocInt16(size, shared),
    idKey: allocFloat64(size, shared),
    idStatus: allocUint8(size, shared),
    fragA: allocInt32(size, shared),
    fragB: allocInt32(size, shared),
    fragC: allocInt32(size, shared),
    county: allocInt32(size, shared),
  };
}

/** Encodes one record into row `row` of a table, interning its name. */
export function encodePersonInto(
  table: PeopleTable,
  row: number,
  input: PersonInput,
  names: NameDictionary,
): void {
  table.name[row] = names.intern(input.name);
  const id = analyzeResidentId(input.residentId);
  table.idStatus[row] = ID_STATUS_CODE[id.status];
  table.idKey[row] = packResidentId(id);
  const fragments = residentIdFragments(id.id18);
  table.fragA[row] = fragments ? fragments.a : -1;
  table.fragB[row] = fragments ? fragments.b : -1;
  table.fragC[row] = fragments ? fragments.c : -1;

  let sex = parseSex(input.sex);
  if (sex === SEX_UNKNOWN && id.sex) sex = id.sex === 'male' ? SEX_MALE : SEX_FEMALE;
  table.sex[row] = sex;

  let dob = NO_DAY;
  let lunarAlt = NO_DAY;
  let year = 0;
  const declared = parseChineseDate(input.birthDate);
  if (declared) {
    year = declared.year;
    if (declared.day !== 0) {
      if (declared.lunar) dob = lunarToSolarDays(declared.year, declared.month, declared.day);
      else {
        dob = daysFromCivil(declared.year, declared.month, declared.day);
        lunarAlt = lunarToSolarDays(declared.year, declared.month, declared.day);
      }
    }
  }
  if (dob === NO_DAY && id.birthDays !== undefined) {
    dob = id.birthDays;
    year = Number(id.id18.slice(6, 10));
  }
  table.dob[row] = dob;
  table.dobLunar[row] = lunarAlt;
  table.birthYear[row] = year;
  table.dobYmd[row] = dob === NO_DAY ? -1 : ymdOfDays(dob);

  let county = -1;
  if (input.divisionCode !== null && input.divisionCode !== undefined) {
    const code = Number(String(input.divisionCode).slice(0, 6));
    if (Number.isInteger(code) && code >= 100000) county = code;
  }
  if (county < 0 && (id.status === 'valid' || id.status === 'upgraded')) county = Number(id.id18.slice(0, 6));
  table.county[row] = county;
}

function ymdOfDays(days: number): number {
  // Inline civilFromDays to avoid an object per row.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10000 + month * 100 + day;
}

/** Encodes records into a new table (names interned into the shared dictionary). */
export function encodePeople(
  records: readonly PersonInput[],
  names: NameDictionary,
  options: { shared?: boolean } = {},
): PeopleTable {
  const table = allocPeopleTable(records.length, options.shared ?? false);
  for (let i = 0; i < records.length; i++) encodePersonInto(table, i, records[i] ?? {}, names);
  return table;
}
