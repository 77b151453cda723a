/**
 * 寻亲 family-search index: top-k missing-person reports for a partial description (a name as heard,
 * in hanzi or pinyin, possibly only the surname; sex; estimated age ± range; region hints; free-text
 * features), each hit with its explanation. Reports are appended incrementally; postings are keyed by
 * the name's search key (every dialect merger applied, all readings), so a query in any accent or any
 * homophone hanzi reaches the report; scoring then rewards the closest level.
 */
import { GrowableInt32, KeyDictionary } from '../columns/growable';
import { parseSex, SEX_UNKNOWN } from '../columns/people-table';
import { createSyllableMerger, dialectProfile, PROVINCE_DIALECT } from '../normalize/dialect';
import { analyzePersonName } from '../normalize/name-pinyin';

export interface MissingPersonReport {
  /** Name as recorded (formal or small name), hanzi or pinyin. */
  name?: string | null;
  sex?: string | number | null;
  /** Best estimate of the birth year. */
  birthYear?: number | null;
  /** ± years around birthYear (default 2). */
  birthYearUncertainty?: number;
  /** Division code where the person was lost (2, 4 or 6 digits). */
  divisionCode?: string | number | null;
  /** Free text: scars, dialect, clothing … */
  features?: string | null;
}

export interface FamilySearchQuery {
  /** Name as heard: hanzi (any homophone) or pinyin; one character/syllable means surname only. */
  name?: string | null;
  surnameOnly?: boolean;
  sex?: string | number | null;
  /** Estimated age now and its uncertainty in years. */
  age?: { estimate: number; range?: number };
  /** Year the age refers to (default: current year of the caller, pass it explicitly for determinism). */
  asOfYear: number;
  /** Division codes (2/4/6 digits) the family thinks of. */
  regionHints?: readonly (string | number)[];
  /** Dialect profile id (e.g. 'hunan'); default from the first region hint's province. */
  dialect?: string;
  features?: string | null;
}

export type NameMatchLevel =
  | 'hanzi-exact'
  | 'homophone'
  | 'light-fuzzy'
  | 'dialect-profile'
  | 'heavy-fuzzy'
  | 'any-dialect'
  | 'surname'
  | 'none';

export interface FamilySearchHit {
  report: number;
  score: number;
  explanation: {
    name: NameMatchLevel;
    /** Report birth year minus the query's implied birth year. */
    ageDifference: number | null;
    region: 'county' | 'prefecture' | 'province' | 'none' | 'unknown';
    sex: 'equal' | 'different' | 'unknown';
    sharedFeatures: string[];
  };
}

const NAME_SCORE: Readonly<Record<NameMatchLevel, number>> = {
  'hanzi-exact': 12,
  homophone: 10,
  'light-fuzzy': 9,
  'dialect-profile': 8.5,
  'heavy-fuzzy': 8,
  'any-dialect': 6,
  surname: 2,
  none: 0,
};

function normalizeRegion(code: string | number | null | undefined): number {
  if (code === null || code === undefined) return -1;
  const digits = String(code).replace(/\D/g, '');
  if (digits.length < 2) return -1;
  return Number(digits.slice(0, 6).padEnd(6, '0'));
}

/** Character bigrams (and single characters of short runs) of free text, for feature overlap. */
export function featureTokens(text: string | null | undefined): string[] {
  if (!text) return [];
  const tokens = new Set<string>();
  for (const run of text.normalize('NFKC').split(/[\s,，。.;；、:：!！?？()（）]+/)) {
    const chars = [...run];
    if (chars.length === 1) tokens.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
  }
  return [...tokens];
}

class MultiKeys {
  readonly offsets = new GrowableInt32();
  readonly values = new GrowableInt32();
  constructor() {
    this.offsets.push(0);
  }
  push(ids: number[]): void {
    for (const id of ids) this.values.push(id);
    this.offsets.push(this.values.length);
  }
  has(i: number, id: number): boolean {
    for (let k = this.offsets.get(i); k < this.offsets.get(i + 1); k++)
      if (this.values.get(k) === id) return true;
    return false;
  }
  anyOf(i: number, ids: ReadonlySet<number>): boolean {
    for (let k = this.offsets.get(i); k < this.offsets.get(i + 1); k++)
      if (ids.has(this.values.get(k))) return true;
    return false;
  }
  list(i: number): number[] {
    const out: number[] = [];
    for (let k = this.offsets.get(i); k < this.offsets.get(i + 1); k++) out.push(this.values.get(k));
    return out;
  }
}

export class FamilySearchIndex {
  private readonly keys = new KeyDictionary();
  private readonly nameIds = new Map<string, number>();
  private readonly nameClean: string[] = [];
  private readonly namePy = new MultiKeys();
  private readonly nameLight = new MultiKeys();
  private readonly nameHeavy = new MultiKeys();
  private readonly nameSearch = new MultiKeys();
  private readonly nameSurnameSearch = new MultiKeys();
  private readonly reportName = new GrowableInt32();
  private readonly reportSex: number[] = [];
  private readonly reportBirthYear = new GrowableInt32();
  private readonly reportUncertainty: number[] = [];
  private readonly reportRegion = new GrowableInt32();
  private readonly reportFeatures: string[][] = [];
  /** search key → report rows (ascending). */
  private readonly postings = new Map<number, GrowableInt32>();
  private readonly surnamePostings = new Map<number, GrowableInt32>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly profileKeyCache = new Map<string, Map<number, Set<string>>>();

  get size(): number {
    return this.reportSex.length;
  }

  private internName(raw: string): number {
    const a = analyzePersonName(raw);
    const known = this.nameIds.get(a.clean);
    if (known !== undefined) return known;
    const id = this.nameClean.length;
    this.nameIds.set(a.clean, id);
    this.nameClean.push(a.normalized);
    this.namePy.push(a.pyKeys.map((k) => this.keys.intern(k)));
    this.nameLight.push(a.lightKeys.map((k) => this.keys.intern('l:' + k)));
    this.nameHeavy.push(a.heavyKeys.map((k) => this.keys.intern('h:' + k)));
    this.nameSearch.push(a.searchKeys.map((k) => this.keys.intern('s:' + k)));
    this.nameSurnameSearch.push(a.surnameSearchKeys.map((k) => this.keys.intern('s:' + k)));
    return id;
  }

  private post(map: Map<number, GrowableInt32>, key: number, row: number): void {
    let list = map.get(key);
    if (!list) {
      list = new GrowableInt32(4);
      map.set(key, list);
    }
    if (list.length === 0 || list.get(list.length - 1) !== row) list.push(row);
  }

  /** Appends reports; returns the row of the first one. Rows are stable ids for hits. */
  add(reports: readonly MissingPersonReport[]): number {
    const first = this.size;
    for (const report of reports) {
      const row = this.size;
      const name = report.name ? this.internName(report.name) : -1;
      this.reportName.push(name);
      this.reportSex.push(parseSex(report.sex));
      this.reportBirthYear.push(report.birthYear ?? 0);
      this.reportUncertainty.push(report.birthYearUncertainty ?? 2);
      this.reportRegion.push(normalizeRegion(report.divisionCode));
      const tokens = featureTokens(report.features);
      this.reportFeatures.push(tokens);
      for (const t of tokens) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
      if (name >= 0) {
        for (const key of this.nameSearch.list(name)) this.post(this.postings, key, row);
        for (const key of this.nameSurnameSearch.list(name)) this.post(this.surnamePostings, key, row);
      }
    }
    return first;
  }

  private profileKeys(profile: string, name: number): Set<string> {
    let cache = this.profileKeyCache.get(profile);
    if (!cache) {
      cache = new Map();
      this.profileKeyCache.set(profile, cache);
    }
    let keys = cache.get(name);
    if (!keys) {
      const merge = createSyllableMerger(dialectProfile(profile)?.mergers ?? []);
      keys = new Set(
        this.namePy.list(name).map((id) => (this.keys.value(id) ?? '').split(' ').map(merge).join(' ')),
      );
      cache.set(name, keys);
    }
    return keys;
  }

  /** Top-k reports for a description, best first; ties broken by report row. */
  search(query: FamilySearchQuery, k = 20): FamilySearchHit[] {
    const sex = parseSex(query.sex);
    const hints = (query.regionHints ?? []).map((h) => {
      const digits = String(h).replace(/\D/g, '');
      return { code: normalizeRegion(digits), digits: Math.min(6, digits.length) };
    });
    const profileId =
      query.dialect ?? PROVINCE_DIALECT[String(hints[0]?.code ?? '').slice(0, 2)] ?? undefined;
    const impliedBirthYear = query.age ? query.asOfYear - query.age.estimate : undefined;
    const ageRange = query.age?.range ?? 5;

    // Query name analysis.
    const analysis = query.name ? analyzePersonName(query.name) : undefined;
    const surnameOnly =
      analysis !== undefined &&
      (query.surnameOnly === true || analysis.readings.length <= analysis.surnameLength);
    const ids = (keys: string[], prefix: string) =>
      new Set(keys.map((k) => this.keys.lookup(prefix + k)).filter((x): x is number => x !== undefined));
    const pyIds = analysis ? ids(analysis.pyKeys, '') : new Set<number>();
    const lightIds = analysis ? ids(analysis.lightKeys, 'l:') : new Set<number>();
    const heavyIds = analysis ? ids(analysis.heavyKeys, 'h:') : new Set<number>();
    const profileMerge = profileId
      ? createSyllableMerger(dialectProfile(profileId)?.mergers ?? [])
      : undefined;
    const queryProfileKeys =
      analysis && profileMerge
        ? new Set(analysis.pyKeys.map((k) => k.split(' ').map(profileMerge).join(' ')))
        : undefined;
    const queryClean = analysis?.normalized;

    // Candidates.
    let candidates: Iterable<number>;
    if (analysis && !surnameOnly) {
      const set = new Set<number>();
      for (const key of analysis.searchKeys) {
        const list = this.postings.get(this.keys.lookup('s:' + key) ?? -1);
        if (list) for (let i = 0; i < list.length; i++) set.add(list.get(i));
      }
      candidates = set;
    } else if (analysis) {
      const set = new Set<number>();
      for (const key of analysis.surnameSearchKeys) {
        const list =
          this.postings === undefined
            ? undefined
            : this.surnamePostings.get(this.keys.lookup('s:' + key) ?? -1);
        if (list) for (let i = 0; i < list.length; i++) set.add(list.get(i));
      }
      candidates = set;
    } else {
      candidates = { [Symbol.iterator]: () => rangeIterator(this.size) };
    }

    const hits: FamilySearchHit[] = [];
    let floor = -Infinity;
    const totalDocs = Math.max(1, this.size);
    const queryTokens = featureTokens(query.features);
    for (const row of candidates) {
      const reportSex = this.reportSex[row] ?? SEX_UNKNOWN;
      if (sex !== SEX_UNKNOWN && reportSex !== SEX_UNKNOWN && reportSex !== sex) continue;
      const birthYear = this.reportBirthYear.get(row);
      let ageScore = 0;
      let ageDifference: number | null = null;
      if (impliedBirthYear !== undefined && birthYear > 0) {
        ageDifference = birthYear - impliedBirthYear;
        const age = query.asOfYear - birthYear;
        const base = age < 18 ? 2 : age < 60 ? 5 : 8;
        const sigma = Math.max(base, Math.hypot(ageRange, this.reportUncertainty[row] ?? 2));
        if (Math.abs(ageDifference) > 3 * sigma) continue;
        ageScore = ((-0.5 * ageDifference * ageDifference) / (sigma * sigma)) * 4;
      }
      const name = this.reportName.get(row);
      let level: NameMatchLevel = 'none';
      if (analysis && name >= 0) {
        if (surnameOnly) level = 'surname';
        else if (queryClean === this.nameClean[name]) level = 'hanzi-exact';
        else if (this.namePy.anyOf(name, pyIds)) level = 'homophone';
        else if (this.nameLight.anyOf(name, lightIds)) level = 'light-fuzzy';
        else if (
          profileId &&
          queryProfileKeys &&
          intersectsSet(queryProfileKeys, this.profileKeys(profileId, name))
        )
          level = 'dialect-profile';
        else if (this.nameHeavy.anyOf(name, heavyIds)) level = 'heavy-fuzzy';
        else level = 'any-dialect';
      }
      const region = this.reportRegion.get(row);
      let regionLevel: FamilySearchHit['explanation']['region'] =
        hints.length === 0 || region < 0 ? 'unknown' : 'none';
      let regionScore = 0;
      for (const hint of hints) {
        if (hint.code < 0 || region < 0) continue;
        if (hint.digits >= 6 && hint.code === region) {
          regionLevel = 'county';
          regionScore = Math.max(regionScore, 3);
        } else if (hint.digits >= 4 && Math.floor(hint.code / 100) === Math.floor(region / 100)) {
          if (regionScore < 2) regionLevel = 'prefecture';
          regionScore = Math.max(regionScore, 2);
        } else if (Math.floor(hint.code / 10000) === Math.floor(region / 10000)) {
          if (regionScore < 1) regionLevel = 'province';
          regionScore = Math.max(regionScore, 1);
        }
      }
      const shared: string[] = [];
      let featureScore = 0;
      if (queryTokens.length > 0) {
        const tokens = this.reportFeatures[row] ?? [];
        for (const t of queryTokens) {
          if (!tokens.includes(t)) continue;
          shared.push(t);
          featureScore += Math.log(totalDocs / (this.documentFrequency.get(t) ?? 1));
        }
        featureScore = Math.min(featureScore * 0.3, 6);
      }
      const score = NAME_SCORE[level] + ageScore + regionScore + featureScore;
      if (hits.length >= k && score <= floor) continue;
      hits.push({
        report: row,
        score,
        explanation: {
          name: level,
          ageDifference,
          region: regionLevel,
          sex: sex === SEX_UNKNOWN || reportSex === SEX_UNKNOWN ? 'unknown' : 'equal',
          sharedFeatures: shared,
        },
      });
      if (hits.length >= k * 4) {
        hits.sort(compareHits);
        hits.length = k;
        floor = hits[k - 1]!.score;
      }
    }
    hits.sort(compareHits);
    if (hits.length > k) hits.length = k;
    return hits;
  }
}

function compareHits(a: FamilySearchHit, b: FamilySearchHit): number {
  return b.score - a.score || a.report - b.report;
}

function intersectsSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function* rangeIterator(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
