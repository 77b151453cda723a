/**
 * A harder re-verification set, labelled per variation kind, for the model's per-kind figures
 * (`npm run bench:linkage -- --accuracy`). Every matched recipient carries exactly one named kind of
 * variation against its registry record, so recall can be read per kind; namesakes are planted on
 * both sides: recipients who share name, sex and birth date (often the county too) with a registry
 * person but hold another valid id (never a near miss of it), and registry namesakes of matched
 * recipients. Seeded and deterministic; built independently of `reverification.ts` (its own people,
 * its own mix) so the model is not tuned to one generator.
 */
import * as OpenCC from 'opencc-js/cn2t';
import { civilFromDays, daysFromCivil, solarDaysToLunar } from '../normalize/calendar';
import { NAME_VARIANTS } from '../normalize/name-text';
import { residentIdCheckChar } from '../normalize/resident-id';
import { SHAPE_GROUPS } from '../normalize/shape';
import { composeResidentId, corruptName, REGISTRY_RATES } from './corruption';
import type { CorruptionRates } from './corruption';
import { HUNAN_COUNTIES, NATIONAL_COUNTIES, siblingCounty } from './divisions';
import { samplePersonName } from './person-name';
import type { SynthRecord } from './reverification';
import type { Rng } from './rng';
import { createRng } from './rng';

/** Variation kinds of matched recipients, then the namesake kind (unmatched recipients). */
export const HARD_KINDS = [
  'clean',
  'id-missing',
  'id-typo',
  'id-transposition',
  'id-15-digit',
  'id-recoded',
  'homophone',
  'traditional',
  'variant-character',
  'shape-ocr',
  'lunar',
  'lunar-year-end',
  'namesake',
  'unmatched',
] as const;
export type HardKind = (typeof HARD_KINDS)[number];

export interface HardReverificationData {
  left: SynthRecord[];
  right: SynthRecord[];
  /** truth[i] = registry row of recipient i, or -1. */
  truth: Int32Array;
  /** Index into HARD_KINDS per recipient. */
  kind: Uint8Array;
  /** Namesake pairs that must not link: (recipient, registry row) sharing name and birth date. */
  namesakes: { left: number; right: number }[];
}

export interface HardReverificationOptions {
  size?: { left: number; right: number };
  seed?: number;
  /** Share of recipients who are namesakes of a registry person (unmatched). */
  namesakeShare?: number;
  /** Share of matched recipients whose registry namesake is added to the registry. */
  registryNamesakeShare?: number;
}

/** Weights of the variation kinds among matched recipients. */
const KIND_WEIGHTS: readonly [HardKind, number][] = [
  ['clean', 30],
  ['id-missing', 8],
  ['id-typo', 6],
  ['id-transposition', 4],
  ['id-15-digit', 6],
  ['id-recoded', 5],
  ['homophone', 6],
  ['traditional', 6],
  ['variant-character', 5],
  ['shape-ocr', 6],
  ['lunar', 8],
  ['lunar-year-end', 6],
];

interface Person {
  name: string;
  sex: 'male' | 'female';
  days: number;
  county: number;
  seq: number;
  id: string;
}

const MIN_DAYS = daysFromCivil(1935, 1, 1);
const MAX_DAYS = daysFromCivil(2015, 12, 31);
const CLEAN: CorruptionRates = { ...REGISTRY_RATES, idMissing: 0, id15: 0 };

let s2t: ((text: string) => string) | undefined;
const VARIANT_OF = new Map<string, string>();
for (const [variant, standard] of Object.entries(NAME_VARIANTS)) {
  if (!VARIANT_OF.has(standard)) VARIANT_OF.set(standard, variant);
}
const SHAPE_SIBLINGS = new Map<string, string[]>();
for (const group of SHAPE_GROUPS) {
  for (const c of group)
    SHAPE_SIBLINGS.set(
      c,
      [...group].filter((x) => x !== c),
    );
}

function ymdText(rng: Rng, y: number, m: number, d: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (rng.int(3)) {
    case 0:
      return `${y}-${pad(m)}-${pad(d)}`;
    case 1:
      return `${y}年${m}月${d}日`;
    default:
      return `${y}${pad(m)}${pad(d)}`;
  }
}

function dateText(rng: Rng, days: number): string {
  const c = civilFromDays(days);
  return ymdText(rng, c.year, c.month, c.day);
}

function idWithCounty(id: string, county: number): string {
  const first17 = String(county) + id.slice(6, 17);
  return first17 + residentIdCheckChar(first17);
}

/** True when the first 17 digits of two ids are within one substitution or adjacent transposition. */
function nearMiss(a: string, b: string): boolean {
  const diffs: number[] = [];
  for (let i = 0; i < 17; i++) if (a[i] !== b[i]) diffs.push(i);
  if (diffs.length <= 1) return true;
  if (a.slice(6, 17) === b.slice(6, 17)) return true; // re-coded division part
  const [i, j] = diffs;
  return diffs.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!];
}

export function generateHardReverification(options: HardReverificationOptions = {}): HardReverificationData {
  const size = options.size ?? { left: 12_000, right: 40_000 };
  const rng = createRng(options.seed ?? 770_031);
  const peopleRng = rng.fork('people');
  const recordRng = rng.fork('records');
  const usedIds = new Set<string>();
  const newPerson = (template?: Person): Person => {
    for (;;) {
      const sex = template?.sex ?? (peopleRng.chance(0.5) ? 'male' : 'female');
      const county =
        template && peopleRng.chance(0.6)
          ? template.county
          : peopleRng.chance(0.9)
            ? peopleRng.pick(HUNAN_COUNTIES)
            : peopleRng.pick(NATIONAL_COUNTIES);
      const days = template?.days ?? peopleRng.intBetween(MIN_DAYS, MAX_DAYS);
      const seq = peopleRng.int(500) * 2 + (sex === 'male' ? 1 : 0);
      const id = composeResidentId(county, days, seq);
      if (usedIds.has(id) || (template && nearMiss(id, template.id))) continue;
      usedIds.add(id);
      return { name: template?.name ?? samplePersonName(peopleRng, sex), sex, days, county, seq, id };
    }
  };
  const registryRecord = (p: Person): SynthRecord => {
    const roll = recordRng.next();
    const residentId =
      roll < 0.02
        ? null
        : roll < 0.04 && p.id.slice(6, 8) === '19'
          ? p.id.slice(0, 6) + p.id.slice(8, 17)
          : p.id;
    return {
      name: p.name,
      sex: p.sex,
      birthDate: dateText(recordRng, p.days),
      residentId,
      divisionCode: String(p.county),
    };
  };

  const matched = Math.round(size.left * 0.75);
  const namesakeCount = Math.round(size.left * (options.namesakeShare ?? 0.04));
  const registryNamesakes = Math.round(matched * (options.registryNamesakeShare ?? 0.03));
  const right: SynthRecord[] = [];
  const rightPeople: Person[] = [];
  for (let i = 0; i < size.right - registryNamesakes; i++) {
    const p = newPerson();
    rightPeople.push(p);
    right.push(registryRecord(p));
  }
  const namesakes: { left: number; right: number }[] = [];
  const left: SynthRecord[] = [];
  const truth: number[] = [];
  const kinds: number[] = [];
  const totalWeight = KIND_WEIGHTS.reduce((a, [, w]) => a + w, 0);
  const pickKind = (): HardKind => {
    let x = recordRng.next() * totalWeight;
    for (const [kind, w] of KIND_WEIGHTS) if ((x -= w) < 0) return kind;
    return 'clean';
  };
  // Matched recipients: registry people 0..matched-1, each with one kind of variation.
  const pendingRegistryNamesakes: { k: number; p: Person }[] = [];
  for (let k = 0; k < matched; k++) {
    let kind = pickKind();
    let p = rightPeople[k]!;
    if (kind === 'lunar-year-end') {
      // Re-draw the birthday into Jan 1 – Feb 15, where the lunar date is in the previous 11th/12th month.
      const year = civilFromDays(p.days).year;
      const days = daysFromCivil(year, 1, 1) + recordRng.int(46);
      const lunar = solarDaysToLunar(days);
      if (lunar && lunar.year === year - 1) {
        p = { ...p, days, id: composeResidentId(p.county, days, p.seq) };
        rightPeople[k] = p;
        right[k] = registryRecord(p);
      } else kind = 'lunar';
    }
    const record: SynthRecord = {
      name: p.name,
      sex: p.sex,
      birthDate: dateText(recordRng, p.days),
      residentId: recordRng.chance(0.65) ? p.id : null,
      divisionCode: String(p.county),
    };
    switch (kind) {
      case 'clean':
        record.residentId = p.id;
        break;
      case 'id-missing':
        record.residentId = null;
        break;
      case 'id-typo': {
        const i = recordRng.int(17);
        record.residentId =
          p.id.slice(0, i) + String((Number(p.id[i]) + 1 + recordRng.int(9)) % 10) + p.id.slice(i + 1);
        break;
      }
      case 'id-transposition': {
        let i = recordRng.int(16);
        while (p.id[i] === p.id[i + 1]) i = (i + 1) % 16;
        record.residentId = p.id.slice(0, i) + p.id[i + 1]! + p.id[i]! + p.id.slice(i + 2);
        break;
      }
      case 'id-15-digit':
        record.residentId = p.id.slice(6, 8) === '19' ? p.id.slice(0, 6) + p.id.slice(8, 17) : p.id;
        break;
      case 'id-recoded': {
        const county = siblingCounty(p.county, (n) => recordRng.int(n));
        record.residentId = idWithCounty(p.id, county);
        record.divisionCode = String(county);
        break;
      }
      case 'homophone':
        record.name = corruptName(p.name, recordRng, { ...CLEAN, homophone: 1 });
        break;
      case 'traditional':
        s2t ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
        record.name = s2t(p.name);
        break;
      case 'variant-character': {
        const chars = [...p.name];
        const i = chars.findIndex((c) => VARIANT_OF.has(c));
        if (i >= 0) chars[i] = VARIANT_OF.get(chars[i]!)!;
        else chars[0] = VARIANT_OF.get(chars[0]!) ?? s2tChar(chars[0]!);
        record.name = chars.join('');
        break;
      }
      case 'shape-ocr': {
        const chars = [...p.name];
        const options = chars.map((c, i) => [i, SHAPE_SIBLINGS.get(c)] as const).filter(([, s]) => s);
        if (options.length > 0) {
          const [i, siblings] = recordRng.pick(options);
          chars[i] = recordRng.pick(siblings!);
        } else if (chars.length > 1) chars[chars.length - 1] = '己';
        record.name = chars.join('');
        record.residentId = recordRng.chance(0.5) ? null : record.residentId;
        break;
      }
      case 'lunar':
      case 'lunar-year-end': {
        const lunar = solarDaysToLunar(p.days);
        if (lunar) record.birthDate = ymdText(recordRng, lunar.year, lunar.month, lunar.day);
        // The hard case: no id to pair them, the birth date is all there is.
        record.residentId = null;
        break;
      }
    }
    left.push(record);
    truth.push(k);
    kinds.push(HARD_KINDS.indexOf(kind));
    if (k < registryNamesakes) pendingRegistryNamesakes.push({ k, p });
  }
  // Registry namesakes of matched recipients (same name, sex and birth date, another valid id).
  // Recipient k is registry person k, so the pair is (k, the namesake's row).
  for (const { k, p } of pendingRegistryNamesakes) {
    const twin = newPerson(p);
    rightPeople.push(twin);
    right.push({ ...registryRecord(twin), residentId: twin.id });
    namesakes.push({ left: k, right: right.length - 1 });
  }
  // Recipient namesakes of registry people who are not recipients (unmatched).
  for (let i = 0; i < namesakeCount; i++) {
    const target = matched + recordRng.int(rightPeople.length - matched - registryNamesakes);
    const p = newPerson(rightPeople[target]);
    left.push({
      name: p.name,
      sex: p.sex,
      birthDate: dateText(recordRng, p.days),
      residentId: p.id,
      divisionCode: String(p.county),
    });
    truth.push(-1);
    kinds.push(HARD_KINDS.indexOf('namesake'));
    namesakes.push({ left: left.length - 1, right: target });
  }
  while (left.length < size.left) {
    const p = newPerson();
    left.push(registryRecord(p));
    truth.push(-1);
    kinds.push(HARD_KINDS.indexOf('unmatched'));
  }
  return { left, right, truth: Int32Array.from(truth), kind: Uint8Array.from(kinds), namesakes };
}

function s2tChar(c: string): string {
  s2t ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
  return s2t(c);
}
