/**
 * 寻亲 family-search index over three kinds of records — missing-person reports, unidentified living
 * people (救助) and unidentified deceased (殡葬) — keyed by their database id. A query (a family's
 * description, or one record of any kind) returns the closest records of the other kinds, each with its
 * explanation. Postings are keyed by the dialect-folded pinyin of the full name, the surname, the given
 * name and each given syllable, the 形近 shape key, surname + one given syllable, 小名 and ordinal
 * nicknames; scoring rewards the closest name level, then sex, age (as of a date), region, features and
 * the order of the lost and found dates. Records are added incrementally; remove(id) takes one out.
 */
import { GrowableInt32, KeyDictionary } from '../columns/growable';
import { parseSex, SEX_UNKNOWN } from '../columns/people-table';
import { createDialectFold, dialectProfile, PROVINCE_DIALECT } from '../normalize/dialect';
import { daysFromCivil } from '../normalize/calendar';
import type { PersonNameAnalysis } from '../normalize/name-pinyin';
import {
  analyzeQueryName,
  closedShapeKey,
  givenKeys,
  recordNameForm,
  type FamilySearchWarning,
  type NameInterpretation,
  type PartKeys,
} from './query-name';

export type { FamilySearchWarning, FamilySearchWarningCode } from './query-name';

export type FamilyRecordKind = 'missing-report' | 'unidentified-living' | 'unidentified-deceased';
export const FAMILY_RECORD_KINDS: readonly FamilyRecordKind[] = [
  'missing-report',
  'unidentified-living',
  'unidentified-deceased',
];

export interface FamilySearchRecord {
  /** Database id; hits return it. Adding an id again replaces the record. */
  id: string;
  kind: FamilyRecordKind;
  /** Name as recorded (formal name or 小名 such as 小梅 / 阿乐 / 老三), hanzi or pinyin. */
  name?: string | null;
  sex?: string | number | null;
  /** Best estimate of the birth year (missing-person reports). */
  birthYear?: number | null;
  /** ± years around birthYear (default 2). */
  birthYearUncertainty?: number;
  /** Age estimated when seen or found (unidentified people), at the date asOf. */
  estimatedAge?: { estimate: number; range?: number; asOf: string } | null;
  /** Lost on (reports) or found on (unidentified people), 'YYYY-MM-DD'. */
  eventDate?: string | null;
  /** Division code where the person was lost or found (2, 4 or 6 digits). */
  divisionCode?: string | number | null;
  /** Free text: scars, dialect, clothing … */
  features?: string | null;
  /** Opaque photo reference, returned in hits. */
  photoRef?: string | null;
}

/** @deprecated The single-kind report shape of the first index; use FamilySearchRecord. */
export type MissingPersonReport = Omit<FamilySearchRecord, 'id' | 'kind'>;

export interface FamilySearchQuery {
  /** Name as heard: hanzi (any homophone), pinyin (any accent), a 小名, or a surname alone. */
  name?: string | null;
  surnameOnly?: boolean;
  sex?: string | number | null;
  /** Estimated age at `asOf` and its uncertainty in years. */
  age?: { estimate: number; range?: number };
  /** Birth year instead of an age (a query built from a report); `birthYearUncertainty` default 2. */
  birthYear?: number | null;
  birthYearUncertainty?: number;
  /** 'YYYY-MM-DD' the age refers to (when the person was lost or seen). */
  asOf: string;
  /** Division codes (2/4/6 digits) the family thinks of. */
  regionHints?: readonly (string | number)[];
  /** Dialect profile id (e.g. 'hunan'); default from the first region hint's province. */
  dialect?: string;
  features?: string | null;
  /** Kind of the record the query describes; candidates are of the other two kinds by default. */
  fromKind?: FamilyRecordKind;
  /** Kinds to return (overrides fromKind's default). Default: all kinds. */
  kinds?: readonly FamilyRecordKind[];
  /** The person went missing on this date: people found before it rank lower. */
  lostOn?: string | null;
  /** The person was found on this date: reports of a loss after it rank lower. */
  foundOn?: string | null;
  /** Division-code prefixes the caller may see; records elsewhere are not returned. */
  scope?: readonly string[];
}

export type NameMatchLevel =
  | 'hanzi-exact'
  | 'homophone'
  | 'light-fuzzy'
  | 'dialect-profile'
  | 'heavy-fuzzy'
  | 'shape'
  | 'any-dialect'
  | 'nickname'
  | 'given'
  | 'given-part'
  | 'given-char'
  | 'partial'
  | 'surname'
  | 'ordinal'
  | 'none';

export interface FamilySearchHit {
  id: string;
  kind: FamilyRecordKind;
  score: number;
  photoRef?: string;
  explanation: {
    name: NameMatchLevel;
    /** Record birth year minus the query's implied birth year (rounded). */
    ageDifference: number | null;
    region: 'county' | 'prefecture' | 'province' | 'none' | 'unknown';
    sex: 'equal' | 'different' | 'unknown';
    sharedFeatures: string[];
    /** Lost before found: consistent; found before lost: inconsistent. */
    eventOrder: 'consistent' | 'inconsistent' | 'unknown';
  };
}

export interface FamilySearchResult {
  hits: FamilySearchHit[];
  warnings: FamilySearchWarning[];
  understood: { surname?: string; given?: string; nickname?: boolean; syllables?: string[] };
}

const NAME_SCORE: Readonly<Record<NameMatchLevel, number>> = {
  'hanzi-exact': 12,
  homophone: 10,
  'light-fuzzy': 9,
  'dialect-profile': 8.5,
  'heavy-fuzzy': 8,
  shape: 7.5,
  'any-dialect': 6,
  nickname: 7,
  given: 5.5,
  'given-part': 5,
  'given-char': 2.5,
  partial: 4.5,
  surname: 3,
  ordinal: 3,
  none: 0,
};

/** Levels at which the full name (not only a part of it) was found. */
const STRONG_NAME: ReadonlySet<NameMatchLevel> = new Set([
  'hanzi-exact',
  'homophone',
  'light-fuzzy',
  'dialect-profile',
  'heavy-fuzzy',
  'shape',
  'any-dialect',
  'nickname',
]);

const KIND_CODE: Readonly<Record<FamilyRecordKind, number>> = {
  'missing-report': 0,
  'unidentified-living': 1,
  'unidentified-deceased': 2,
};

const FORM_NONE = 0;
const FORM_FULL = 1;
const FORM_NICK = 2;
const FORM_ORDINAL = 3;
const NO_DAY = -2_147_483_648;

function normalizeRegion(code: string | number | null | undefined): number {
  if (code === null || code === undefined) return -1;
  const digits = String(code).replace(/\D/g, '');
  if (digits.length < 2) return -1;
  return Number(digits.slice(0, 6).padEnd(6, '0'));
}

/** Days since 1970-01-01 of 'YYYY-MM-DD' (NO_DAY when absent or malformed). */
function dayOf(date: string | null | undefined): number {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(date ?? '');
  return m ? daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3])) : NO_DAY;
}

/** Fractional year of a date ('2024-07-02' → 2024.5); undefined when malformed. */
export function yearFraction(date: string): number | undefined {
  const day = dayOf(date);
  if (day === NO_DAY) return undefined;
  const year = Number(date.slice(0, 4));
  const start = daysFromCivil(year, 1, 1);
  return year + (day - start) / (daysFromCivil(year + 1, 1, 1) - start);
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
  push(ids: readonly number[]): void {
    for (const id of ids) this.values.push(id);
    this.offsets.push(this.values.length);
  }
  anyOf(i: number, ids: ReadonlySet<number>): boolean {
    if (ids.size === 0) return false;
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

/** Interned given name of a record (full name's given part or a 小名). */
interface GivenInfo {
  py: ReadonlySet<string>;
  search: ReadonlySet<string>;
  syllables: ReadonlySet<string>;
  length: number;
}

interface StoredForm {
  form: number;
  nameId: number;
  givenId: number;
  ordinal?: string;
  postKeys: number[];
}

/** Per-interpretation query keys resolved against the dictionary once per search. */
interface FullQuery {
  interp: Extract<NameInterpretation, { kind: 'full' }>;
  normalized: string;
  py: Set<number>;
  light: Set<number>;
  heavy: Set<number>;
  search: Set<number>;
  shape: number | undefined;
  surnameSearch: Set<number>;
  profileKeys: Set<string> | undefined;
}

export class FamilySearchIndex {
  private readonly keys = new KeyDictionary();
  private readonly nameIds = new Map<string, number>();
  private readonly nameNormalized: string[] = [];
  private readonly namePy = new MultiKeys();
  private readonly nameLight = new MultiKeys();
  private readonly nameHeavy = new MultiKeys();
  private readonly nameSearch = new MultiKeys();
  private readonly nameSurnameSearch = new MultiKeys();
  private readonly nameShape: number[] = [];
  private readonly givenIds = new Map<string, number>();
  private readonly givens: GivenInfo[] = [];

  private readonly rowId: string[] = [];
  private readonly rowKind: number[] = [];
  private readonly rowAlive: number[] = [];
  private readonly rowForm: number[] = [];
  private readonly rowName = new GrowableInt32();
  private readonly rowGiven = new GrowableInt32();
  private readonly rowOrdinal = new Map<number, string>();
  private readonly rowSex: number[] = [];
  /** Mid-point of the birth year (year + 0.5), 0 when unknown. */
  private readonly rowBirth: number[] = [];
  private readonly rowUncertainty: number[] = [];
  private readonly rowRegion = new GrowableInt32();
  private readonly rowEventDay = new GrowableInt32();
  private readonly rowFeatures: string[][] = [];
  private readonly rowPhoto: (string | undefined)[] = [];
  private readonly idRow = new Map<string, number>();
  private live = 0;
  /** Records held under a 小名 (ever added; a hint to skip 小名 lookups when there are none). */
  private nicknames = 0;

  /** key id → rows (ascending). One map; keys carry their kind as a prefix. */
  private readonly postings = new Map<number, number[]>();
  private readonly forms = new Map<string, StoredForm>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly profileKeyCache = new Map<string, Map<number, Set<string>>>();

  /** Number of records in the index (removed ones excluded). */
  get size(): number {
    return this.live;
  }

  private internName(analysis: PersonNameAnalysis): number {
    const known = this.nameIds.get(analysis.clean);
    if (known !== undefined) return known;
    const id = this.nameNormalized.length;
    this.nameIds.set(analysis.clean, id);
    this.nameNormalized.push(analysis.normalized);
    this.namePy.push(analysis.pyKeys.map((k) => this.keys.intern(k)));
    this.nameLight.push(analysis.lightKeys.map((k) => this.keys.intern('l:' + k)));
    this.nameHeavy.push(analysis.heavyKeys.map((k) => this.keys.intern('h:' + k)));
    this.nameSearch.push(analysis.searchKeys.map((k) => this.keys.intern('s:' + k)));
    this.nameSurnameSearch.push(analysis.surnameSearchKeys.map((k) => this.keys.intern('u:' + k)));
    this.nameShape.push(this.keys.intern('x:' + closedShapeKey(analysis.normalized)));
    return id;
  }

  private internGiven(given: string): number {
    const known = this.givenIds.get(given);
    if (known !== undefined) return known;
    const k = givenKeys(given);
    const id = this.givens.length;
    this.givenIds.set(given, id);
    this.givens.push({
      py: new Set(k.py),
      search: new Set(k.search),
      syllables: new Set(k.syllables),
      length: [...given].length,
    });
    return id;
  }

  /** Adds records (replacing any with the same id). */
  add(records: readonly FamilySearchRecord[]): void {
    for (const record of records) {
      this.remove(record.id);
      const row = this.rowId.length;
      this.rowId.push(record.id);
      this.idRow.set(record.id, row);
      this.rowKind.push(KIND_CODE[record.kind] ?? 0);
      this.rowAlive.push(1);
      this.live++;
      this.rowSex.push(parseSex(record.sex));
      if (record.birthYear) {
        this.rowBirth.push(record.birthYear + 0.5);
        this.rowUncertainty.push(record.birthYearUncertainty ?? 2);
      } else if (record.estimatedAge) {
        const at = yearFraction(record.estimatedAge.asOf);
        this.rowBirth.push(at === undefined ? 0 : at - record.estimatedAge.estimate - 0.5);
        this.rowUncertainty.push(record.estimatedAge.range ?? 3);
      } else {
        this.rowBirth.push(0);
        this.rowUncertainty.push(2);
      }
      this.rowRegion.push(normalizeRegion(record.divisionCode));
      this.rowEventDay.push(dayOf(record.eventDate));
      this.rowPhoto.push(record.photoRef ?? undefined);
      const tokens = featureTokens(record.features);
      this.rowFeatures.push(tokens);
      for (const t of tokens) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);

      const form = this.formOf(record.name);
      this.rowForm.push(form.form);
      if (form.form === FORM_NICK) this.nicknames++;
      this.rowName.push(form.nameId);
      this.rowGiven.push(form.givenId);
      if (form.ordinal !== undefined) this.rowOrdinal.set(row, form.ordinal);
      for (const key of form.postKeys) this.postId(key, row);
    }
  }

  /** Name form and posting keys of a recorded name, computed once per distinct name text. */
  private formOf(raw: string | null | undefined): StoredForm {
    const text = raw ?? '';
    const known = this.forms.get(text);
    if (known) return known;
    const form = recordNameForm(raw);
    const keys = new Set<number>();
    const key = (k: string) => keys.add(this.keys.intern(k));
    let out: StoredForm;
    if (form.kind === 'full') {
      const nameId = this.internName(form.analysis);
      for (const id of this.nameSearch.list(nameId)) keys.add(id);
      for (const id of this.nameSurnameSearch.list(nameId)) keys.add(id);
      const shape = closedShapeKey(form.analysis.normalized);
      if (shape !== form.analysis.normalized) key('x:' + shape);
      let givenId = -1;
      if (form.given !== '') {
        givenId = this.internGiven(form.given);
        const g = givenKeys(form.given);
        for (const k of g.search) key('g:' + k);
        if (this.givens[givenId]!.length > 1) for (const sy of g.syllables) key('c:' + sy);
        for (const sk of form.analysis.surnameSearchKeys)
          for (const sy of g.syllables) key('p:' + sk + ' ' + sy);
      }
      out = { form: FORM_FULL, nameId, givenId, postKeys: [...keys] };
    } else if (form.kind === 'nickname') {
      const givenId = this.internGiven(form.given);
      const g = givenKeys(form.given);
      for (const k of g.search) {
        key('g:' + k);
        key('n:' + k);
      }
      if (this.givens[givenId]!.length > 1) for (const sy of g.syllables) key('c:' + sy);
      out = { form: FORM_NICK, nameId: -1, givenId, postKeys: [...keys] };
    } else if (form.kind === 'ordinal') {
      key('o:' + form.ordinal);
      out = { form: FORM_ORDINAL, nameId: -1, givenId: -1, ordinal: form.ordinal, postKeys: [...keys] };
    } else out = { form: FORM_NONE, nameId: -1, givenId: -1, postKeys: [] };
    this.forms.set(text, out);
    return out;
  }

  private postId(keyId: number, row: number): void {
    const list = this.postings.get(keyId);
    if (!list) this.postings.set(keyId, [row]);
    else if (list[list.length - 1] !== row) list.push(row);
  }

  /** Takes a record out (status found / withdrawn / closed). Returns whether it was there. */
  remove(id: string): boolean {
    const row = this.idRow.get(id);
    if (row === undefined) return false;
    this.idRow.delete(id);
    this.rowAlive[row] = 0;
    this.live--;
    for (const t of this.rowFeatures[row] ?? []) {
      const n = (this.documentFrequency.get(t) ?? 1) - 1;
      if (n > 0) this.documentFrequency.set(t, n);
      else this.documentFrequency.delete(t);
    }
    this.rowFeatures[row] = [];
    return true;
  }

  has(id: string): boolean {
    return this.idRow.has(id);
  }

  private profileKeys(profile: string, name: number): Set<string> {
    let cache = this.profileKeyCache.get(profile);
    if (!cache) {
      cache = new Map();
      this.profileKeyCache.set(profile, cache);
    }
    let keys = cache.get(name);
    if (!keys) {
      const fold = profileFoldOf(profile);
      keys = new Set(
        this.namePy.list(name).map((id) => (this.keys.value(id) ?? '').split(' ').map(fold).join(' ')),
      );
      cache.set(name, keys);
    }
    return keys;
  }

  private addPostings(key: string, into: Set<number>): void {
    const id = this.keys.lookup(key);
    if (id === undefined) return;
    this.addPostingsId(id, into);
  }

  private addPostingsId(id: number, into: Set<number>): void {
    const list = this.postings.get(id);
    if (list) for (const row of list) into.add(row);
  }

  /** Top-k records for a description, best first; ties broken by insertion order. */
  search(query: FamilySearchQuery, k = 20): FamilySearchResult {
    const sex = parseSex(query.sex);
    const hints = (query.regionHints ?? []).map((h) => {
      const digits = String(h).replace(/\D/g, '');
      return { code: normalizeRegion(digits), digits: Math.min(6, digits.length) };
    });
    const profileId =
      query.dialect ?? PROVINCE_DIALECT[String(hints[0]?.code ?? '').slice(0, 2)] ?? undefined;
    const asOf = yearFraction(query.asOf) ?? new Date().getFullYear() + 0.5;
    let impliedBirth: number | undefined;
    let queryUncertainty = 5;
    let queryAge = 30;
    if (query.birthYear) {
      impliedBirth = query.birthYear + 0.5;
      queryUncertainty = query.birthYearUncertainty ?? 2;
      queryAge = asOf - impliedBirth;
    } else if (query.age) {
      impliedBirth = asOf - query.age.estimate - 0.5;
      queryUncertainty = query.age.range ?? 5;
      queryAge = query.age.estimate;
    }
    const baseSigma = queryAge < 18 ? 2 : queryAge < 60 ? 5 : 8;

    const kindMask = kindsMask(query);
    // Scope prefixes as ranges of the 6-digit region code (43 → [430000, 440000)).
    const scope = query.scope?.map((prefix) => {
      const digits = prefix.replace(/\D/g, '').slice(0, 6);
      const unit = 10 ** (6 - digits.length);
      return [Number(digits) * unit, (Number(digits) + 1) * unit] as const;
    });
    const lostDay = dayOf(query.lostOn);
    const foundDay = dayOf(query.foundOn);

    // Name.
    const parsed = analyzeQueryName(query.name, query.surnameOnly === true);
    const lookupSet = (keys: readonly string[], prefix: string) => {
      const out = new Set<number>();
      for (const key of keys) {
        const id = this.keys.lookup(prefix + key);
        if (id !== undefined) out.add(id);
      }
      return out;
    };
    const profileFold = profileId ? profileFoldOf(profileId) : undefined;
    const fulls: FullQuery[] = [];
    const givens: Extract<NameInterpretation, { kind: 'given' }>[] = [];
    const surnames: PartKeys[] = [];
    let ordinal: string | undefined;
    for (const interp of parsed.interpretations) {
      if (interp.kind === 'full') {
        const a = interp.analysis;
        fulls.push({
          interp,
          normalized: a.normalized,
          py: lookupSet(a.pyKeys, ''),
          light: lookupSet(a.lightKeys, 'l:'),
          heavy: lookupSet(a.heavyKeys, 'h:'),
          search: lookupSet(a.searchKeys, 's:'),
          shape: a.fromPinyin ? undefined : this.keys.lookup('x:' + closedShapeKey(a.normalized)),
          surnameSearch: lookupSet(a.surnameSearchKeys, 'u:'),
          profileKeys: profileFold
            ? new Set(a.pyKeys.map((key) => key.split(' ').map(profileFold).join(' ')))
            : undefined,
        });
      } else if (interp.kind === 'given') givens.push(interp);
      else if (interp.kind === 'surname') surnames.push(interp.keys);
      else ordinal = interp.ordinal;
    }

    // Candidates.
    let candidates: Iterable<number>;
    const named = fulls.length + givens.length + surnames.length > 0;
    if (named) {
      const set = new Set<number>();
      for (const f of fulls) {
        for (const id of f.search) this.addPostingsId(id, set);
        if (f.shape !== undefined) this.addPostingsId(f.shape, set);
        if (this.nicknames > 0) {
          for (const key of f.interp.given.search) this.addPostings('n:' + key, set);
          if (f.interp.given.syllables.length > 1)
            for (const s of f.interp.given.syllables) this.addPostings('n:' + s, set);
        }
      }
      for (const g of givens) {
        for (const key of g.keys.search) this.addPostings('g:' + key, set);
        if (g.length === 1) for (const s of g.keys.syllables) this.addPostings('c:' + s, set);
      }
      for (const s of surnames) for (const key of s.search) this.addPostings('u:' + key, set);
      candidates = set;
    } else {
      candidates = { [Symbol.iterator]: () => rangeIterator(this.rowId.length) };
    }

    const hits: Scored[] = [];
    let floor = -Infinity;
    const totalDocs = Math.max(1, this.live);
    const queryTokens = featureTokens(query.features);
    const scoreRow = (row: number): void => {
      if (this.rowAlive[row] !== 1) return;
      if (((kindMask >> this.rowKind[row]!) & 1) === 0) return;
      if (scope) {
        const region = this.rowRegion.get(row);
        if (!scope.some(([from, to]) => region >= from && region < to)) return;
      }
      const recordSex = this.rowSex[row] ?? SEX_UNKNOWN;
      if (sex !== SEX_UNKNOWN && recordSex !== SEX_UNKNOWN && recordSex !== sex) return;
      const birth = this.rowBirth[row]!;
      let ageScore = 0;
      let ageDifference: number | null = null;
      if (impliedBirth !== undefined && birth > 0) {
        const diff = birth - impliedBirth;
        ageDifference = Math.round(diff);
        const sigma = Math.max(baseSigma, Math.hypot(queryUncertainty, this.rowUncertainty[row] ?? 2));
        if (Math.abs(diff) > 3 * sigma) return;
        ageScore = ((-0.5 * diff * diff) / (sigma * sigma)) * 4;
      }
      const level =
        named || ordinal ? this.nameLevel(row, fulls, givens, surnames, ordinal, profileId) : 'none';
      if (named && level === 'none') return;
      if (STRONG_NAME.has(level)) strongName = true;
      const region = this.rowRegion.get(row);
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
        const tokens = this.rowFeatures[row] ?? [];
        for (const t of queryTokens) {
          if (!tokens.includes(t)) continue;
          shared.push(t);
          featureScore += Math.log(totalDocs / (this.documentFrequency.get(t) ?? 1));
        }
        featureScore = Math.min(featureScore * 0.5, 8);
      }
      let eventOrder: FamilySearchHit['explanation']['eventOrder'] = 'unknown';
      let eventScore = 0;
      const day = this.rowEventDay.get(row);
      const kind = this.rowKind[row]!;
      if (day !== NO_DAY) {
        if (lostDay !== NO_DAY && kind !== 0) eventOrder = day >= lostDay ? 'consistent' : 'inconsistent';
        else if (foundDay !== NO_DAY && kind === 0)
          eventOrder = day <= foundDay ? 'consistent' : 'inconsistent';
        if (eventOrder === 'inconsistent') eventScore = -3;
      }
      const score = NAME_SCORE[level] + ageScore + regionScore + featureScore + eventScore;
      if (hits.length >= k && score <= floor) return;
      hits.push({
        row,
        score,
        explanation: {
          name: level,
          ageDifference,
          region: regionLevel,
          sex: sex === SEX_UNKNOWN || recordSex === SEX_UNKNOWN ? 'unknown' : 'equal',
          sharedFeatures: shared,
          eventOrder,
        },
      });
      if (hits.length >= k * 4) {
        hits.sort(compareScored);
        hits.length = k;
        floor = hits[k - 1]!.score;
      }
    };
    let strongName = false;
    for (const row of candidates) scoreRow(row);
    // Nothing found by the full name: widen to surname + one given syllable (a 形近 OCR error, or a
    // homophone or accent in one character that the full key does not reach).
    if (!strongName && fulls.length > 0) {
      const seen = candidates as Set<number>;
      const more = new Set<number>();
      for (const f of fulls)
        for (const sk of f.interp.analysis.surnameSearchKeys)
          for (const sy of f.interp.given.syllables) this.addPostings('p:' + sk + ' ' + sy, more);
      for (const row of more) if (!seen.has(row)) scoreRow(row);
    }
    hits.sort(compareScored);
    if (hits.length > k) hits.length = k;
    return {
      hits: hits.map(({ row, score, explanation }) => {
        const photoRef = this.rowPhoto[row];
        const hit: FamilySearchHit = {
          id: this.rowId[row]!,
          kind: FAMILY_RECORD_KINDS[this.rowKind[row]!]!,
          score,
          explanation,
        };
        if (photoRef !== undefined) hit.photoRef = photoRef;
        return hit;
      }),
      warnings: parsed.warnings,
      understood: parsed.understood,
    };
  }

  private nameLevel(
    row: number,
    fulls: readonly FullQuery[],
    givens: readonly Extract<NameInterpretation, { kind: 'given' }>[],
    surnames: readonly PartKeys[],
    ordinal: string | undefined,
    profileId: string | undefined,
  ): NameMatchLevel {
    const form = this.rowForm[row]!;
    let best: NameMatchLevel = 'none';
    const consider = (level: NameMatchLevel) => {
      if (NAME_SCORE[level] > NAME_SCORE[best]) best = level;
    };
    const givenId = this.rowGiven.get(row);
    const given = givenId >= 0 ? this.givens[givenId] : undefined;
    if (form === FORM_FULL) {
      const name = this.rowName.get(row);
      for (const f of fulls) {
        if (f.normalized === this.nameNormalized[name]) return 'hanzi-exact';
        if (this.namePy.anyOf(name, f.py)) consider('homophone');
        else if (this.nameLight.anyOf(name, f.light)) consider('light-fuzzy');
        else if (
          f.profileKeys &&
          profileId &&
          intersectsSet(f.profileKeys, this.profileKeys(profileId, name))
        )
          consider('dialect-profile');
        else if (this.nameHeavy.anyOf(name, f.heavy)) consider('heavy-fuzzy');
        else if (f.shape !== undefined && this.nameShape[name] === f.shape) consider('shape');
        else if (this.nameSearch.anyOf(name, f.search)) consider('any-dialect');
        else if (
          given &&
          this.nameSurnameSearch.anyOf(name, f.surnameSearch) &&
          f.interp.given.syllables.some((s) => given.syllables.has(s))
        )
          consider('partial');
      }
      for (const s of surnames) {
        const keys = this.nameSurnameSearch.list(name);
        if (s.search.some((key) => keys.includes(this.keys.lookup('u:' + key) ?? -1))) consider('surname');
      }
    }
    if (given) {
      for (const g of givens) {
        // One character that may be a surname as well: a given-name match weighs no more than a surname.
        const ambiguous = surnames.length > 0;
        if (g.keys.search.some((key) => given.search.has(key)))
          consider(ambiguous ? 'given-char' : g.length > 1 || form === FORM_NICK ? 'nickname' : 'given');
        else if (g.length === 1 && g.keys.syllables.some((s) => given.syllables.has(s)))
          consider(ambiguous ? 'given-char' : 'given-part');
      }
      if (form === FORM_NICK)
        for (const f of fulls) {
          if (f.interp.given.search.some((key) => given.search.has(key))) consider('nickname');
          else if (given.length === 1 && f.interp.given.syllables.some((s) => given.syllables.has(s)))
            consider('given-part');
        }
    }
    if (ordinal !== undefined && form === FORM_ORDINAL && this.rowOrdinal.get(row) === ordinal)
      consider('ordinal');
    return best;
  }
}

const profileFolds = new Map<string, (syllable: string) => string>();
function profileFoldOf(profile: string): (syllable: string) => string {
  let fold = profileFolds.get(profile);
  if (!fold) {
    fold = createDialectFold(dialectProfile(profile)?.mergers ?? []);
    profileFolds.set(profile, fold);
  }
  return fold;
}

function kindsMask(query: FamilySearchQuery): number {
  const kinds =
    query.kinds ??
    (query.fromKind ? FAMILY_RECORD_KINDS.filter((kd) => kd !== query.fromKind) : FAMILY_RECORD_KINDS);
  let mask = 0;
  for (const kd of kinds) mask |= 1 << KIND_CODE[kd];
  return mask;
}

interface Scored {
  row: number;
  score: number;
  explanation: FamilySearchHit['explanation'];
}

function compareScored(a: Scored, b: Scored): number {
  return b.score - a.score || a.row - b.row;
}

function intersectsSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function* rangeIterator(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
