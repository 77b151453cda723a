/**
 * Synthetic re-verification data (数据比对): a registry (right) and a recipient list (left) drawn
 * partly from the same people, each record passed through the corruption model, with gold labels.
 * Seeded and deterministic; records are produced one by one so `full` never holds strings twice.
 */
import { daysFromCivil } from '../normalize/calendar';
import {
  composeResidentId,
  corruptBirthDate,
  corruptName,
  corruptResidentId,
  MODERN_RATES,
  REGISTRY_RATES,
} from './corruption';
import type { CorruptionRates } from './corruption';
import { HUNAN_COUNTIES, NATIONAL_COUNTIES } from './divisions';
import { samplePersonName } from './person-name';
import type { Rng } from './rng';
import { createRng } from './rng';

export interface SynthRecord {
  name: string;
  sex: 'male' | 'female';
  birthDate: string | null;
  residentId: string | null;
  divisionCode: string;
}

export type SynthSize = 'small' | 'full';

export const REVERIFICATION_SIZES: Readonly<Record<SynthSize, { left: number; right: number }>> = {
  small: { left: 15_000, right: 50_000 },
  full: { left: 1_500_000, right: 5_000_000 },
};

export interface ReverificationOptions {
  size?: SynthSize | { left: number; right: number };
  seed?: number;
  /** Share of recipients who have a registry record. */
  matchedShare?: number;
  leftRates?: CorruptionRates;
  rightRates?: CorruptionRates;
}

export interface ReverificationData {
  left: SynthRecord[];
  right: SynthRecord[];
  /** truth[i] = registry row of recipient i, or -1. */
  truth: Int32Array;
}

interface TruePerson {
  name: string;
  sex: 'male' | 'female';
  days: number;
  county: number;
  id: string;
}

const MIN_DAYS = daysFromCivil(1930, 1, 1);
const MAX_DAYS = daysFromCivil(2020, 12, 31);

function makePeopleFactory(rng: Rng): () => TruePerson {
  const used = new Set<number>();
  return () => {
    const sex = rng.chance(0.5) ? 'male' : 'female';
    const county = rng.chance(0.95) ? rng.pick(HUNAN_COUNTIES) : rng.pick(NATIONAL_COUNTIES);
    // Ages skew younger: mix of uniform and a triangular bump.
    const days = rng.chance(0.5)
      ? rng.intBetween(MIN_DAYS, MAX_DAYS)
      : Math.round(MIN_DAYS + (MAX_DAYS - MIN_DAYS) * Math.sqrt(rng.next()));
    let seq = 0;
    for (let attempt = 0; attempt < 50; attempt++) {
      seq = rng.int(500) * 2 + (sex === 'male' ? 1 : 0);
      const key = (county * 65536 + (days + 40000)) * 1000 + seq;
      if (!used.has(key)) {
        used.add(key);
        break;
      }
    }
    return { name: samplePersonName(rng, sex), sex, days, county, id: composeResidentId(county, days, seq) };
  };
}

function record(person: TruePerson, rng: Rng, rates: CorruptionRates, varyFormat: boolean): SynthRecord {
  const residentId = corruptResidentId(person.id, rng, rates);
  return {
    name: corruptName(person.name, rng, rates),
    sex: person.sex,
    birthDate: corruptBirthDate(person.days, rng, rates, varyFormat),
    residentId,
    divisionCode:
      residentId && residentId.length >= 6 && rng.chance(0.99)
        ? residentId.slice(0, 6)
        : String(person.county),
  };
}

/**
 * Streams a re-verification data set: `onRight` for every registry row in order, then `onLeft` for
 * every recipient with its gold registry row (or -1).
 */
export function streamReverification(
  options: ReverificationOptions,
  onRight: (row: SynthRecord, index: number) => void,
  onLeft: (row: SynthRecord, index: number, truth: number) => void,
): { left: number; right: number } {
  const size =
    typeof options.size === 'object' ? options.size : REVERIFICATION_SIZES[options.size ?? 'small'];
  const rng = createRng(options.seed ?? 20240601);
  const newPerson = makePeopleFactory(rng.fork('people'));
  const recordRng = rng.fork('records');
  const leftRates = options.leftRates ?? MODERN_RATES;
  const rightRates = options.rightRates ?? REGISTRY_RATES;
  const matchedShare = options.matchedShare ?? 0.8;
  const matched = Math.min(size.right, Math.round(size.left * matchedShare));
  // Registry rows 0..matched-1 are recipients' people, placed at random left positions.
  const leftOrder = new Int32Array(size.left);
  for (let i = 0; i < size.left; i++) leftOrder[i] = i;
  const shuffle = rng.fork('shuffle');
  for (let i = size.left - 1; i > 0; i--) {
    const j = shuffle.int(i + 1);
    const t = leftOrder[i]!;
    leftOrder[i] = leftOrder[j]!;
    leftOrder[j] = t;
  }
  // Registry order is shuffled too so matches are not positional.
  const rightOrder = new Int32Array(size.right);
  for (let i = 0; i < size.right; i++) rightOrder[i] = i;
  for (let i = size.right - 1; i > 0; i--) {
    const j = shuffle.int(i + 1);
    const t = rightOrder[i]!;
    rightOrder[i] = rightOrder[j]!;
    rightOrder[j] = t;
  }
  const people: (TruePerson | undefined)[] = new Array<TruePerson | undefined>(size.left);
  const truth = new Int32Array(size.left).fill(-1);
  // Generate registry people in registry-row order; remember the matched ones for the left side.
  const matchedOfRow = new Int32Array(size.right).fill(-1);
  for (let k = 0; k < matched; k++) matchedOfRow[rightOrder[k]!] = k;
  for (let row = 0; row < size.right; row++) {
    const person = newPerson();
    const k = matchedOfRow[row]!;
    if (k >= 0) {
      const leftRow = leftOrder[k]!;
      people[leftRow] = person;
      truth[leftRow] = row;
    }
    onRight(record(person, recordRng, rightRates, false), row);
  }
  for (let i = 0; i < size.left; i++) {
    const person = people[i] ?? newPerson();
    people[i] = undefined;
    onLeft(record(person, recordRng, leftRates, true), i, truth[i]!);
  }
  return size;
}

/** The whole data set in memory (use for `small`). */
export function generateReverification(options: ReverificationOptions = {}): ReverificationData {
  const left: SynthRecord[] = [];
  const right: SynthRecord[] = [];
  const truthList: number[] = [];
  streamReverification(
    options,
    (row) => right.push(row),
    (row, _i, t) => {
      left.push(row);
      truthList.push(t);
    },
  );
  return { left, right, truth: Int32Array.from(truthList) };
}
