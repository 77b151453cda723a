/**
 * Seeded three-way 寻亲 data for `bench:rescue`: missing-person reports (the family-search benchmark's own
 * generator, `generateFamilySearch`, plus a lost date), unidentified living people (救助站, age estimated
 * when found, a self-reported name 70 % of the time) and unidentified deceased (殡葬, 40 % named, wider age
 * error), in exact counts. Into these, every query plants one person twice — the record the query is
 * built from and its true match of another kind, each replacing a background record so the counts stay
 * exact — with one corruption applied to the unidentified side (the side whose details are unreliable):
 * a typo (homophone or 形近 character), a 小名, the surname only, no name, the age off by 3–6 years beyond
 * its stated range, or the sex unknown. Queries are built as `familyCandidates` builds them from a stored
 * record (its own name, sex, age or birth year, place, features, kind, lost/found date).
 */
import { personNamePinyin } from '@social-affairs/kernel';
import {
  createRng,
  generateFamilySearch,
  HUNAN_COUNTIES,
  NATIONAL_COUNTIES,
  samplePersonName,
  sampleGivenName,
  SHAPE_GROUPS,
  splitSurname,
  type FamilyRecordKind,
  type FamilySearchQuery,
  type FamilySearchRecord,
  type Rng,
} from '@social-affairs/linkage';

export const THREE_WAY_SIZES = {
  small: { reports: 20_000, living: 6_000, deceased: 2_000, perCell: 5 },
  full: { reports: 1_000_000, living: 300_000, deceased: 100_000, perCell: 50 },
} as const;

export const DIRECTIONS = [
  ['missing-report', 'unidentified-living'],
  ['missing-report', 'unidentified-deceased'],
  ['unidentified-living', 'missing-report'],
  ['unidentified-deceased', 'missing-report'],
  ['unidentified-living', 'unidentified-deceased'],
  ['unidentified-deceased', 'unidentified-living'],
] as const satisfies readonly (readonly [FamilyRecordKind, FamilyRecordKind])[];

export const KIND_LABEL: Readonly<Record<FamilyRecordKind, string>> = {
  'missing-report': 'report',
  'unidentified-living': 'rescued',
  'unidentified-deceased': 'deceased',
};

export const directionLabel = (d: number) =>
  `${KIND_LABEL[DIRECTIONS[d]![0]]}→${KIND_LABEL[DIRECTIONS[d]![1]]}`;

export const CORRUPTIONS = [
  'clean',
  'typo',
  'nickname',
  'surname-only',
  'missing-name',
  'age-off',
  'unknown-sex',
] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

export interface ThreeWayQuery {
  query: FamilySearchQuery;
  /** Row (in `records`) and id of the record the query is built from (left out of its own results). */
  selfRow: number;
  selfId: string;
  /** Row and id of the true match. */
  goldRow: number;
  goldId: string;
  /** Index into DIRECTIONS. */
  direction: number;
  corruption: Corruption;
}

export interface ThreeWayData {
  /** Reports, then unidentified living, then unidentified deceased. */
  records: FamilySearchRecord[];
  counts: Record<FamilyRecordKind, number>;
  /** Queries cycle through direction (fastest) and corruption, so any prefix covers every cell evenly. */
  queries: ThreeWayQuery[];
}

const FEATURES = [
  '左眉有痣',
  '右手有疤痕',
  '额头有胎记',
  '说湖南话',
  '说四川话',
  '左耳有缺口',
  '右脸有酒窝',
  '穿红色外套',
  '穿蓝色毛衣',
  '走路微跛',
  '左手六指',
  '门牙缺一颗',
  '后颈有红色胎记',
  '下巴有痣',
  '右腿有烫伤',
  '耳垂有痣',
  '腰部有胎记',
  '近视',
  '左撇子',
  '额头有伤疤',
  '右肩有纹身',
  '左腿有钢钉',
  '智力残疾',
  '听力障碍',
];

/** The date everything is seen from (reports' ages are birth years; this only sets their query's asOf). */
const AS_OF = '2024-07-01';

function day(year: number, rng: Rng): string {
  return `${year}-${String(rng.intBetween(1, 12)).padStart(2, '0')}-${String(rng.intBetween(1, 28)).padStart(2, '0')}`;
}

const prefectureCounties = new Map<number, number[]>();
for (const c of HUNAN_COUNTIES) {
  const p = Math.floor(c / 100);
  prefectureCounties.set(p, [...(prefectureCounties.get(p) ?? []), c]);
}

/** Where someone lost from `home` is found: the same county (50 %), its prefecture (30 %), Hunan (20 %). */
function foundPlace(home: number, rng: Rng): number {
  const roll = rng.next();
  if (roll < 0.5) return home;
  const siblings = prefectureCounties.get(Math.floor(home / 100));
  if (roll < 0.8 && siblings && siblings.length > 1) return rng.pick(siblings);
  return rng.pick(HUNAN_COUNTIES);
}

/** Homophone and 形近 alternatives for given-name characters (IME and handwriting typos). */
let typoTable: Map<string, string[]> | undefined;
function typoAlternatives(ch: string): string[] {
  if (!typoTable) {
    typoTable = new Map();
    const pool = new Set<string>();
    const rng = createRng(7);
    for (let i = 0; i < 20_000; i++)
      for (const c of sampleGivenName(rng, i % 2 ? 'male' : 'female')) pool.add(c);
    const bySound = new Map<string, string[]>();
    for (const c of pool) {
      const py = personNamePinyin(c);
      bySound.set(py, [...(bySound.get(py) ?? []), c]);
    }
    for (const c of pool)
      typoTable.set(
        c,
        (bySound.get(personNamePinyin(c)) ?? []).filter((x) => x !== c),
      );
    for (const group of SHAPE_GROUPS)
      for (const c of group)
        typoTable.set(c, [...(typoTable.get(c) ?? []), ...[...group].filter((x) => x !== c)]);
  }
  return typoTable.get(ch) ?? [];
}

function corruptName(name: string, corruption: Corruption, rng: Rng): string | null {
  const [surname, given] = splitSurname(name);
  const chars = [...given];
  switch (corruption) {
    case 'typo': {
      const options = chars
        .map((c, i) => [i, typoAlternatives(c)] as const)
        .filter(([, alt]) => alt.length > 0);
      if (options.length === 0) return name;
      const [i, alt] = rng.pick(options);
      chars[i] = rng.pick(alt);
      return surname + chars.join('');
    }
    case 'nickname': {
      const last = chars.at(-1) ?? given;
      const roll = rng.next();
      return roll < 0.3 ? '小' + last : roll < 0.55 ? '阿' + last : roll < 0.75 ? last + last : given;
    }
    case 'surname-only':
      return surname;
    case 'missing-name':
      return null;
    default:
      return name;
  }
}

interface Truth {
  name: string;
  sex: 'male' | 'female';
  birthYear: number;
  home: number;
  lostYear: number;
  features: string[];
}

function sampleTruth(rng: Rng): Truth {
  const sex = rng.chance(0.6) ? 'male' : 'female';
  const lostYear = rng.intBetween(1980, 2023);
  const ageAtLoss = rng.chance(0.7) ? rng.intBetween(0, 12) : rng.intBetween(13, 75);
  return {
    name: samplePersonName(rng, sex),
    sex,
    birthYear: lostYear - ageAtLoss,
    home: rng.chance(0.7) ? rng.pick(HUNAN_COUNTIES) : rng.pick(NATIONAL_COUNTIES),
    lostYear,
    features: Array.from({ length: rng.intBetween(1, 3) }, () => rng.pick(FEATURES)),
  };
}

const someFeatures = (t: Truth, rng: Rng) =>
  t.features.filter((_, i) => i === 0 || rng.chance(0.6)).join('，');

/** A missing-person report of `t` (the family knows the name; birth year ± 1 one time in five). */
function reportOf(t: Truth, id: string, rng: Rng): FamilySearchRecord {
  return {
    id,
    kind: 'missing-report',
    name: t.name,
    sex: t.sex,
    birthYear: t.birthYear + (rng.chance(0.2) ? rng.intBetween(-1, 1) : 0),
    birthYearUncertainty: rng.intBetween(0, 2),
    eventDate: day(t.lostYear, rng),
    divisionCode: String(t.home),
    features: someFeatures(t, rng),
  };
}

/**
 * An unidentified person of `t`, found `foundYear`: age estimated with an error inside its range, the
 * name they gave (or none), the place found. `corruption` (planted pairs only) degrades it further.
 */
function unidentifiedOf(
  t: Truth,
  kind: 'unidentified-living' | 'unidentified-deceased',
  id: string,
  foundYear: number,
  rng: Rng,
  corruption?: Corruption,
): FamilySearchRecord {
  const age = Math.max(0, foundYear - t.birthYear);
  const range = age < 18 ? 2 : kind === 'unidentified-deceased' ? 6 : 4;
  const error =
    corruption === 'age-off'
      ? (rng.chance(0.5) ? 1 : -1) * (range + rng.intBetween(3, 6))
      : rng.intBetween(-range, range);
  const named = corruption !== undefined || rng.chance(kind === 'unidentified-living' ? 0.7 : 0.4);
  const found = day(foundYear, rng);
  return {
    id,
    kind,
    name: !named ? null : corruption ? corruptName(t.name, corruption, rng) : t.name,
    sex: corruption === 'unknown-sex' ? null : t.sex,
    estimatedAge: { estimate: Math.max(0, age + error), range, asOf: found },
    eventDate: found,
    divisionCode: String(foundPlace(t.home, rng)),
    features: someFeatures(t, rng),
    photoRef: `photo/${id}.jpg`,
  };
}

/** The query `familyCandidates` builds from a stored record. */
export function candidateQuery(r: FamilySearchRecord): FamilySearchQuery {
  const age =
    r.estimatedAge != null
      ? { age: { estimate: r.estimatedAge.estimate, range: r.estimatedAge.range ?? 5 } }
      : r.birthYear != null
        ? { birthYear: r.birthYear, birthYearUncertainty: r.birthYearUncertainty ?? 2 }
        : {};
  return {
    name: r.name ?? null,
    sex: r.sex ?? null,
    ...age,
    asOf: r.estimatedAge?.asOf ?? AS_OF,
    regionHints: [String(r.divisionCode).slice(0, 6)],
    features: r.features ?? null,
    fromKind: r.kind,
    ...(r.eventDate
      ? r.kind === 'missing-report'
        ? { lostOn: r.eventDate }
        : { foundOn: r.eventDate }
      : {}),
  };
}

export function generateThreeWay(options: {
  reports: number;
  living: number;
  deceased: number;
  /** Queries per (direction, corruption) cell. */
  perCell: number;
  seed?: number;
}): ThreeWayData {
  const seed = options.seed ?? 16;
  // Reports: the family-search benchmark's generator, with a lost date added (a loss at 0–12 years of age
  // 80 % of the time, as that generator draws it).
  const reports = generateFamilySearch({ reports: options.reports, queries: 0, seed }).reports;
  const drng = createRng(seed).fork('lost-dates');
  for (const r of reports) {
    const ageAtLoss = drng.chance(0.8) ? drng.intBetween(0, 12) : drng.intBetween(13, 70);
    r.eventDate = day(Math.min(2023, Math.max(1975, r.birthYear! + ageAtLoss)), drng);
  }
  const rng = createRng(seed).fork('three-way');
  const unidentified = (kind: 'unidentified-living' | 'unidentified-deceased', n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => {
      const t = sampleTruth(rng);
      return unidentifiedOf(
        t,
        kind,
        `${prefix}${i}`,
        Math.min(2024, t.lostYear + rng.intBetween(0, 25)),
        rng,
      );
    });
  const living = unidentified('unidentified-living', options.living, 'l');
  const deceased = unidentified('unidentified-deceased', options.deceased, 'd');
  const byKind: Record<FamilyRecordKind, FamilySearchRecord[]> = {
    'missing-report': reports,
    'unidentified-living': living,
    'unidentified-deceased': deceased,
  };
  const offset: Record<FamilyRecordKind, number> = {
    'missing-report': 0,
    'unidentified-living': reports.length,
    'unidentified-deceased': reports.length + living.length,
  };

  // Planted pairs, each in two background slots not used before.
  const qrng = rng.fork('queries');
  const used = new Set<string>();
  const slot = (kind: FamilyRecordKind): number => {
    for (;;) {
      const i = qrng.int(byKind[kind].length);
      if (!used.has(`${kind}:${i}`)) {
        used.add(`${kind}:${i}`);
        return i;
      }
    }
  };
  const total = DIRECTIONS.length * CORRUPTIONS.length * options.perCell;
  const queries: ThreeWayQuery[] = [];
  for (let q = 0; q < total; q++) {
    const direction = q % DIRECTIONS.length;
    const corruption = CORRUPTIONS[Math.floor(q / DIRECTIONS.length) % CORRUPTIONS.length]!;
    const [fromKind, toKind] = DIRECTIONS[direction]!;
    const t = sampleTruth(qrng);
    // The corruption lands on the unidentified side (the deceased one between two unidentified records).
    const corrupted: FamilyRecordKind =
      fromKind === 'missing-report'
        ? toKind
        : toKind === 'missing-report'
          ? fromKind
          : 'unidentified-deceased';
    const livingYear = Math.min(2024, t.lostYear + qrng.intBetween(0, 15));
    const deceasedYear = Math.min(2024, livingYear + qrng.intBetween(0, 8));
    const make = (kind: FamilyRecordKind, i: number) => {
      const id = byKind[kind][i]!.id;
      const c = kind === corrupted ? corruption : undefined;
      return kind === 'missing-report'
        ? reportOf(t, id, qrng)
        : unidentifiedOf(
            t,
            kind,
            id,
            kind === 'unidentified-living' ? livingYear : deceasedYear,
            qrng,
            // A clean planted unidentified record still carries its name (the query needs something to find).
            c ?? 'clean',
          );
    };
    const from = slot(fromKind);
    const to = slot(toKind);
    byKind[fromKind][from] = make(fromKind, from);
    byKind[toKind][to] = make(toKind, to);
    const self = byKind[fromKind][from];
    queries.push({
      query: candidateQuery(self),
      selfRow: offset[fromKind] + from,
      selfId: self.id,
      goldRow: offset[toKind] + to,
      goldId: byKind[toKind][to].id,
      direction,
      corruption,
    });
  }
  return {
    records: [...reports, ...living, ...deceased],
    counts: {
      'missing-report': reports.length,
      'unidentified-living': living.length,
      'unidentified-deceased': deceased.length,
    },
    queries,
  };
}
