/**
 * 寻亲 family-search index over three kinds of records — missing-person reports, unidentified living
 * people (救助) and unidentified deceased (殡葬) — keyed by their database id. A query (a family's
 * description, or one record of any kind) returns the closest records of the other kinds, each with its
 * explanation. Postings are keyed by the dialect-folded pinyin of the full name, the surname, the given
 * name and each given syllable, the 形近 shape key, surname + one given syllable, 小名 and ordinal
 * nicknames; scoring rewards the closest name level, then sex, age (as of a date), region, features and
 * the order of the lost and found dates. Records are added incrementally; remove(id) takes one out.
 */
import { KeyDictionary } from '../columns/growable';
import { parseSex, SEX_UNKNOWN } from '../columns/people-table';
import {
  accentSyllables,
  createDialectFold,
  DIALECT_PROFILES,
  dialectProfile,
  PROVINCE_DIALECT,
} from '../normalize/dialect';
import { daysFromCivil } from '../normalize/calendar';
import type { PersonNameAnalysis } from '../normalize/name-pinyin';
import {
  analyzeQueryName,
  closedShapeKey,
  givenKeys,
  recordNameForm,
  type FamilySearchWarning,
  type NameInterpretation,
} from './query-name';
import { IdLists, int32Column, Lines, uint8Column } from './columns';

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

/** Name levels by code; codes 1–8 are the levels at which the full name (not a part) was found. */
const LEVELS: readonly NameMatchLevel[] = [
  'none',
  'hanzi-exact',
  'homophone',
  'light-fuzzy',
  'dialect-profile',
  'heavy-fuzzy',
  'shape',
  'any-dialect',
  'nickname',
  'given',
  'given-part',
  'given-char',
  'partial',
  'surname',
  'ordinal',
];
const L_NONE = 0;
const L_EXACT = 1;
const L_HOMOPHONE = 2;
const L_LIGHT = 3;
const L_PROFILE = 4;
const L_HEAVY = 5;
const L_SHAPE = 6;
const L_ANY = 7;
const L_NICK = 8;
const L_GIVEN = 9;
const L_GIVEN_PART = 10;
const L_GIVEN_CHAR = 11;
const L_PARTIAL = 12;
const L_SURNAME = 13;
const L_ORDINAL = 14;
/**
 * Surname-only grades, all explained as 'surname': the same hanzi surname (or, for a pinyin query, the
 * same syllables) scores NAME_SCORE.surname; a homophone surname (杨 for 阳) and a surname reached only
 * through the dialect folds (沈 for 盛) score less, so among the many people sharing a folded surname
 * key the ones with the surname the family gave come first.
 */
const L_SURNAME_HOMOPHONE = 15;
const L_SURNAME_FOLDED = 16;
const L_GIVEN_CHAR_WEAK = 17;
/**
 * A given-name (小名 / fragment) reading that matches the record's given name only by 形近 shape (an
 * OCR error such as 军 → 车): as good as matching one of its characters, explained as 'shape'.
 */
const L_GIVEN_SHAPE = 18;
const LEVEL_LABEL: readonly NameMatchLevel[] = [...LEVELS, 'surname', 'surname', 'given-char', 'shape'];
const LEVEL_SCORE = Float64Array.from(LEVEL_LABEL, (level, code) =>
  code === L_SURNAME_HOMOPHONE
    ? NAME_SCORE.surname - 1
    : code === L_SURNAME_FOLDED
      ? NAME_SCORE.surname - 2.5
      : code === L_GIVEN_CHAR_WEAK
        ? NAME_SCORE['given-char'] - 1.5
        : code === L_GIVEN_SHAPE
          ? NAME_SCORE['given-part']
          : NAME_SCORE[level],
);
const isStrong = (level: number) => level >= L_EXACT && level <= L_NICK;

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
/**
 * A row's line in `rowLines` (64 bytes): doubles at row · HOT — birth at 0, uncertainty at 1, region
 * at H_REGION, event day at H_DAY — and int32s at row · LINE_I32 + I_META (alive | kind << 1 | sex <<
 * 3), I_BAND (birth band), I_FORM (name form), I_FEATURES (start of its feature tokens in rowFeatures,
 * the end next to it), U_STAMP (the search that last read the row, as a uint32) and I_FORM_KIND (the
 * form's kind | 4 when it is a surname alone).
 */
const HOT = Lines.F64;
const H_REGION = 2;
const H_DAY = 3;
const LINE_I32 = Lines.I32;
const I_META = 8;
const I_BAND = 9;
const I_FORM = 10;
const I_FEATURES = 11;
const U_STAMP = 13;
const I_FORM_KIND = 14;
/** Stride of `formMemo` in doubles, and int offsets in a form's line (the bonus: double 0). */
const FORM_LINE = 4;
const F_STAMP = 2;
const F_LEVEL = 3;
const F_KIND = 4;
const F_NAME = 5;
const F_GIVEN = 6;
/** Stride of `nameLine` and the offsets in it (textHash at 0). */
const NAME_LINE = 8;
const N_SHAPE = 1;
const N_SURNAME_TEXT = 2;
const N_SEARCH = 3;
const N_SURNAME_SEARCH = 5;

/**
 * Birth buckets of the surname / given-name / whole-index postings: 5-year bands from 1870 (1 … 31),
 * 0 for an unknown birth year. A query scans only the bands its age window reaches.
 */
const BUCKET_YEARS = 5;
const BUCKET_FROM = 1870;
const BUCKETS = 32;
function bucketOf(birth: number): number {
  if (birth <= 0) return 0;
  return Math.min(BUCKETS - 1, Math.max(1, Math.floor((birth - BUCKET_FROM) / BUCKET_YEARS) + 1));
}
/** A bucketable key's postings stay one list up to this many rows (a short list is cheaper to scan). */
const BUCKET_THRESHOLD = 128;
/** Postings key of (key, sex, birth bucket): negative, so it never meets a plain key id. */
function bucketKey(keyId: number, sex: number, bucket: number): number {
  return -1 - (keyId * 128 + sex * BUCKETS + bucket);
}

/** Weight of the age term −½(Δ/σ)². */
/**
 * Weight of the age term −½(Δ/σ)², on the scale of the other fields (½ × the log-likelihood ratio, as
 * features ½ ln(N/df)): an age range is a ± half-width, read as a uniform error whose standard
 * deviation is range/√3, so −½(Δ/σ)² understates the log-likelihood by 3 and the weight is ½ · 3 = 1.5.
 * It was 4 (age outweighed a prefecture or a rare feature; ADR 0018, "Recall at 1 M").
 */
const AGE_WEIGHT = 1.5;
/**
 * Age term of a record without a birth year when the query has an age: the expected age term of the
 * true record (E[−½ z²] = −½), so a record saying nothing about age neither beats a record of exactly
 * the right age nor trails a typical true match.
 */
const UNKNOWN_AGE_SCORE = -0.5 * AGE_WEIGHT;

/**
 * A band's postings list at least this long is read through the feature-token postings once the k-th
 * score needs a feature agreement (scanSharingTokens); a shorter one is read row by row.
 */
const SHARED_TOKEN_SCAN_MIN = 24;

/** A row with more feature tokens than this is posted once under its kind's overflow list (always read). */
const FEATURE_POST_MAX = 32;

/** Compaction runs once removed rows outnumber live ones (and there are at least this many). */
const COMPACT_MIN_DEAD = 64;

/**
 * Scale of region-match weights (ln of the region's rarity). 0.6 keeps the earlier fixed weights on
 * average (a prefecture holding ~5 % of records: 0.6 · ln 20 ≈ 1.8, was 2; a county holding ~0.5 %:
 * 0.6 · ln 200 ≈ 3.2, was 3) and redistributes them by rarity.
 */
const REGION_WEIGHT = 0.6;
/** Map key of a 6-digit region code's prefix of 2, 4 or 6 digits. */
function regionKey(code: number, digits: number): number {
  return Math.floor(code / 10 ** (6 - digits)) * 10 + digits;
}

function normalizeRegion(code: string | number | null | undefined): number {
  if (code === null || code === undefined) return -1;
  const digits = String(code).replace(/\D/g, '');
  if (digits.length < 2) return -1;
  return Number(digits.slice(0, 6).padEnd(6, '0'));
}

const hintCache = new Map<string | number, { code: number; digits: number }>();
/** A region hint's 6-digit code and how many digits it gave (memoised: hints repeat). */
function parseHint(hint: string | number): { code: number; digits: number } {
  let parsed = hintCache.get(hint);
  if (!parsed) {
    const digits = String(hint).replace(/\D/g, '');
    parsed = { code: normalizeRegion(digits), digits: Math.min(6, digits.length) };
    if (hintCache.size >= 10_000) hintCache.clear();
    hintCache.set(hint, parsed);
  }
  return parsed;
}

/** Days since 1970-01-01 of 'YYYY-MM-DD' (NO_DAY when absent or malformed). */
function dayOf(date: string | null | undefined): number {
  if (!date) return NO_DAY;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(date ?? '');
  return m ? daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3])) : NO_DAY;
}

/** Fractional year of a date ('2024-07-02' → 2024.5); undefined when malformed. */
export function yearFraction(date: string): number | undefined {
  if (date === lastYearFraction.date) return lastYearFraction.value;
  const value = computeYearFraction(date);
  lastYearFraction = { date, value };
  return value;
}
let lastYearFraction: { date: string; value: number | undefined } = { date: '', value: undefined };
function computeYearFraction(date: string): number | undefined {
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
  // NFKC leaves ASCII and the unified ideographs as they are and maps the full-width separators to
  // separators: text made of those alone is split as it stands, by UTF-16 unit (no surrogates).
  const plain = isPlainFeatureText(text);
  for (const run of (plain ? text : text.normalize('NFKC')).split(FEATURE_SEPARATORS)) {
    if (plain) {
      if (run.length === 1) tokens.add(run);
      for (let i = 0; i + 1 < run.length; i++) tokens.add(run.slice(i, i + 2));
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) tokens.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
  }
  return [...tokens];
}

const FEATURE_SEPARATORS = /[\s,，。.;；、:：!！?？()（）]+/;
const FULL_WIDTH_SEPARATORS = new Set([...'，。；、：！？（）'].map((c) => c.charCodeAt(0)));
function isPlainFeatureText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0x4e00 && c <= 0x9fff) || FULL_WIDTH_SEPARATORS.has(c)) continue;
    return false;
  }
  return true;
}

/** Interned given name of a record (full name's given part or a 小名). */
interface GivenInfo {
  text: string;
  length: number;
  /**
   * Key id of the given name's 形近 shape key ('gx:'); a record is posted under it when its given name is
   * not its own shape key (holds a character the shape groups map to another).
   */
  shape: number;
}

/** A distinct recorded name text: its form, interned name and given name, and its posting keys. */
interface StoredForm {
  form: number;
  nameId: number;
  givenId: number;
  ordinal: string | undefined;
  /** Plain posting keys (full-name keys, shape, surname + syllable, nickname). */
  postKeys: Int32Array;
  /** Keys posted per (sex, birth bucket): surname, given name, given syllable. */
  bucketKeys: Int32Array;
  /** The recorded name is a surname alone (a rescued person who gave only 王): posted under `w:` too. */
  surnameOnly: boolean;
}

/** Per-interpretation query keys resolved against the dictionary once per search. */
interface FullQuery {
  interp: Extract<NameInterpretation, { kind: 'full' }>;
  normalized: string;
  /** textHash(normalized): compared with a stored name's before the strings are. */
  normalizedHash: number;
  /**
   * The key sets below are looked up on first need, stage by stage (R_PY, R_LIGHT, R_FOLDS, R_SURNAME,
   * R_SURNAME_TEXT: most candidates are exact, homophones or not compared at all; the surname's text and
   * pinyin keys serve only records holding a surname alone).
   */
  resolved: number;
  py: Set<number>;
  light: Set<number>;
  heavy: Set<number>;
  search: Set<number>;
  shape: number | undefined;
  surnameSearch: Set<number>;
  profileKeys: Set<string> | undefined;
  givenSearch: readonly string[];
  givenSyllables: readonly string[];
  /** Key ids of givenSearch ('g:') and givenSyllables ('gy:'), looked up on first need. */
  givenSearchIds: number[] | undefined;
  givenSyllableIds: number[] | undefined;
  /** Surname text key ('n=') and toneless pinyin keys ('y:') of the surname, for surname-only records. */
  surnameTextId: number | undefined;
  surnamePy: Set<number>;
}

interface GivenQuery {
  text: string | undefined;
  /** 'gx:' shape key id of a hanzi given name (undefined: pinyin, or no record shares it). */
  shape: number | undefined;
  /** The hanzi given name's closed shape key (undefined for pinyin). */
  shapeText: string | undefined;
  /**
   * Per hanzi of the given reading: the extra evidence when the record's given name holds that very
   * character, not only its sound — ½ ln(records whose given name has the sound / records whose given
   * name has the character): a rare 炜 among the many "wei" says more than the common 伟.
   */
  charBonus: { ch: string; bonus: number }[];
  search: readonly string[];
  syllables: readonly string[];
  /** Key ids of search ('g:') and syllables ('gy:'), looked up on first need. */
  searchIds: number[] | undefined;
  syllableIds: number[] | undefined;
  length: number;
}

/** Everything a search needs per row, computed once per query. */
interface QueryContext {
  sex: number;
  hints: { code: number; digits: number; weights: readonly number[] }[];
  profileId: string | undefined;
  impliedBirth: number | undefined;
  /**
   * Birth bands the age window reaches (3 σ with the largest row uncertainty of the query's kinds, as
   * scanBucketed reads them): a row of a known birth year outside them is beyond 3 σ.
   */
  bandFrom: number;
  bandTo: number;
  queryUncertainty: number;
  baseSigma: number;
  kindMask: number;
  scope: (readonly [number, number])[] | undefined;
  lostDay: number;
  foundDay: number;
  named: boolean;
  fulls: FullQuery[];
  givens: GivenQuery[];
  /** 'u:' key ids of every surname interpretation. */
  surnameIds: number[];
  /** Surname text key ids (hanzi queries) and pinyin key ids of the surname interpretations. */
  surnameTextIds: number[];
  surnamePyIds: number[];
  /** The query gave the surname in pinyin: the same syllables are as good as the same hanzi. */
  surnameFromPinyin: boolean;
  hasSurnames: boolean;
  ordinal: string | undefined;
  tokenIds: number[];
  tokenWeights: number[];
  /** Positions in tokenIds by weight ascending (computed on first need: scanSharingTokens). */
  tokenOrder: number[] | undefined;
  /**
   * Feature-token posting key ids (−1: none) of the query's kinds, named or not: per (kind, named or
   * not) slot of the kind mask, one per position of tokenOrder, then the overflow list (first need).
   */
  tokenKeys: Int32Array | undefined;
  strongName: boolean;
  /**
   * Every full-name key posting (search keys, shape, 小名 keys) has been read, each row in it stamped:
   * a name form met from here on shares no search key with a full-name reading (all rows of a form are
   * posted under the same keys), so formNameLevel skips that test. Cleared when the search ends
   * (explain re-scores any row with the last context).
   */
  fullKeysRead: boolean;
  /** The k-th best score so far (−∞ until k rows are held). */
  floor: number;
  /** Best name score any row can get from this query's interpretations. */
  maxLevelScore: number;
  /** Best region + feature score any row can get. */
  maxRest: number;
  /** Best feature score any row can get (capped as scoreRow caps it). */
  maxFeatures: number;
  /** Largest birth-year uncertainty of any row of the query's kinds (bounds the bands a scan reads). */
  rowUncertaintyMax: number;
  /** Best name score of the rows being scanned (the pruning bound; 0 in an unnamed block). */
  rowNameMax: number;
  /**
   * Scanning a block of unnamed records: their name level is none and, in a named query, they are
   * candidates all the same (no name is no evidence either way); they may always be pruned.
   */
  unnamedScan: boolean;
  /** Caller's filter (scope, the query's own record): asked only of rows that would enter the top k. */
  accept: ((id: string) => boolean) | undefined;
  /**
   * Rows and bands that cannot reach the k-th score may be skipped: no widening depends on what they
   * would have matched (no full-name interpretation, or a full-name match already seen).
   */
  prunable: boolean;
  /** Set by scoreRow: what the last score was made of (see EVENT_ORDERS). */
  detail: number;
  /** Set by nameLevel: the character-rarity evidence added to the level's score. */
  nameBonus: number;
  /** Largest nameBonus any row can get (added to the name bounds). */
  nameBonusMax: number;
  /** Diagnostics only (explain): scoreRow writes the score's parts here when set. */
  parts: ScoreParts | undefined;
}

/** What one row's score was made of (diagnostics: `explain`). */
export interface ScoreParts {
  name: number;
  nameLevel: NameMatchLevel;
  age: number;
  /** |birth difference| / σ (NaN: the record has no birth year). */
  ageZ: number;
  region: number;
  regionLevel: number;
  features: number;
  event: number;
  /** 0 inconsistent, 1 unknown, 2 consistent. */
  eventRank: number;
}

/** Where a record stands for a query (diagnostics, bench:family-search --explain-misses). */
export interface FamilySearchExplanation {
  /** Why the record is not a candidate at all: filtered by a field, or no name posting reaches it. */
  filtered: 'absent' | 'kind' | 'sex' | 'age' | 'scope' | 'name' | 'unreached' | null;
  /** 1-based rank among every candidate (no pruning), −1 when not a candidate. */
  rank: number;
  /** Rank in the pruned top-k search (−1 when not in it). */
  prunedRank: number;
  parts: ScoreParts | undefined;
  /** Candidates with a higher score, and the score parts of the one ranked k-th. */
  above: number;
  kth: ScoreParts | undefined;
  /**
   * Information bound: candidates at least as good as the record on every field the query gives (name
   * level, region level, shared feature tokens ⊇, event order; age: |z| no larger) and better on one
   * (`dominating`) or equal on all (`tied`); `asGood` is the same with the age taken only as "inside
   * the window" (every candidate is). No scoring monotone in each field can rank the record above a
   * dominating one.
   */
  dominating: number;
  tied: number;
  asGood: number;
}

/** Bounded best-k of (row, score, detail): a binary heap with the worst kept entry at the root. */
class TopK {
  rows = new Int32Array(32);
  scores = new Float64Array(32);
  details = new Int32Array(32);
  size = 0;
  k = 0;
  /** Empties the heap for a search of k (buffers are reused between searches). */
  reset(k: number): void {
    this.k = k;
    this.size = 0;
    if (this.rows.length < k) {
      this.rows = new Int32Array(k);
      this.scores = new Float64Array(k);
      this.details = new Int32Array(k);
    }
  }
  /** Entry i is worse than j: lower score, or equal score and later row (ties go to insertion order). */
  private worse(i: number, j: number): boolean {
    const a = this.scores[i]!;
    const b = this.scores[j]!;
    return a < b || (a === b && this.rows[i]! > this.rows[j]!);
  }
  offer(row: number, score: number, detail: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      this.rows[i] = row;
      this.scores[i] = score;
      this.details[i] = detail;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    if (this.k === 0) return;
    const worst = this.scores[0]!;
    if (score < worst || (score === worst && row > this.rows[0]!)) return;
    this.rows[0] = row;
    this.scores[0] = score;
    this.details[0] = detail;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
  private swap(i: number, j: number): void {
    const r = this.rows[i]!;
    this.rows[i] = this.rows[j]!;
    this.rows[j] = r;
    const s = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = s;
    const d = this.details[i]!;
    this.details[i] = this.details[j]!;
    this.details[j] = d;
  }
  private orderBuffer = new Int32Array(32);
  /** Entry positions best first (score descending, then row ascending). */
  order(): Int32Array | number[] {
    if (this.size > 64) {
      const order = Array.from({ length: this.size }, (_, i) => i);
      order.sort((a, b) => this.scores[b]! - this.scores[a]! || this.rows[a]! - this.rows[b]!);
      return order;
    }
    // A short heap (the usual k = 20): insertion sort into a reused buffer, no closure or array.
    if (this.orderBuffer.length < this.size) this.orderBuffer = new Int32Array(this.rows.length);
    const order = this.orderBuffer;
    for (let i = 0; i < this.size; i++) {
      let j = i;
      for (; j > 0 && this.worse(order[j - 1]!, i); j--) order[j] = order[j - 1]!;
      order[j] = i;
    }
    return order.subarray(0, this.size);
  }
}

/**
 * What a score was made of, packed in one int: name level (bits 0–4), region level (5–7), event order
 * (8–9), whether the age was compared (10), the rounded age difference + 512 (11 on).
 */
const EVENT_ORDERS = ['unknown', 'consistent', 'inconsistent'] as const;
const REGION_LEVELS = ['none', 'province', 'prefecture', 'county'] as const;

export class FamilySearchIndex {
  constructor() {
    prepareQueryTables();
  }

  private readonly keys = new KeyDictionary();
  private readonly nameIds = new Map<string, number>();
  private readonly nameNormalized: string[] = [];
  /**
   * Per name, 8 int32s (NAME_LINE): the textHash of its normalized text (an exact match is tested on it
   * first), its shape key id, its surname text key id, and where its search keys and surname search keys
   * are in nameSearch / nameSurnameSearch — what comparing a name reads, in one line.
   */
  private readonly nameLine = int32Column();
  private readonly namePy = new IdLists();
  private readonly nameLight = new IdLists();
  private readonly nameHeavy = new IdLists();
  private readonly nameSearch = new IdLists();
  private readonly nameSurnameSearch = new IdLists();
  /** Key ids of the toneless pinyin of the surname (every reading). */
  private readonly nameSurnamePy = new IdLists();
  private readonly givenIds = new Map<string, number>();
  private readonly givens: GivenInfo[] = [];
  /**
   * Per stored given name, in one flat list: the key ids of its search keys ('g:') and, as ~id, of its
   * syllables ('gy:') — compared as ints in one typed array, not as strings in two hash sets.
   */
  private readonly givenKeyIds = new IdLists();
  /** Distinct recorded name texts → index into `forms`. */
  private readonly formIds = new Map<string, number>();
  private readonly forms: StoredForm[] = [];
  /** Each form's kind (FORM_NONE …), one byte: read for every row compared, instead of its object. */
  private readonly formKind = uint8Column();
  /**
   * Block of every row by (kind, county, named or not) → its bucketable key id (split by sex and birth
   * band past 128 rows). Nameless queries, and the unnamed records a named query also reaches, read these
   * blocks county group by county group (the hinted county, its prefecture, its province, the rest), best
   * possible score first, and stop once a group cannot reach the k-th score (ADR 0018, "Blocks").
   */
  private readonly blocks = new Map<number, number>();
  /**
   * Block of every row by (kind, named or not) alone, split by sex and birth band: the last group of a
   * block scan (counties no hint reaches), read band by band instead of county by county.
   */
  private readonly kindBlocks: number[] = [];
  /**
   * Feature-token postings by (kind, named or not, token) → key id, split by sex and birth band like
   * every bucketable key: once the k-th score needs a feature agreement, a block scan reads only the rows
   * sharing one of the query's essential tokens (scanFeatures). Token −1: rows with more than
   * FEATURE_POST_MAX tokens, posted there once and always read.
   */
  private readonly featureKeys = new Map<number, number>();
  /** Counties holding rows, by 2- and 4-digit prefix (regionKey). */
  private readonly countiesOf = new Map<number, Set<number>>();
  /** Rows ever added without a name / with a surname alone (hints to skip those scans when there are none). */
  private unnamedRows = 0;
  private surnameOnlyRows = 0;

  // Rows (records); removed rows stay as tombstones until compaction.
  private rowId: string[] = [];
  /**
   * Per-row fields a scan reads for every row it reaches, one 64-byte line per row (see HOT): a row
   * costs one or two cache lines however scattered the rows of a posting list are — its visit stamp,
   * kind, sex, birth band, age, region, event day, name form and where its feature tokens are.
   */
  private readonly rowLines = new Lines();
  private readonly rowFeatures = new IdLists();
  private rowPhoto: (string | undefined)[] = [];
  private readonly idRow = new Map<string, number>();
  private live = 0;
  private dead = 0;
  /** Largest birth-year uncertainty of any row added, by kind (bounds the age window of bucket scans). */
  private readonly maxUncertainty = [0, 0, 0];
  /** Distinct names posted under a 形近 shape key differing from the name (0: skip shape lookups). */
  private shapePosted = 0;
  /** Records held under a 小名 (ever added; a hint to skip 小名 lookups when there are none). */
  private nicknames = 0;
  /**
   * Folded given key of a 小名 → its `n:` key id: a full-name query looks up its given part here, in a
   * small map of its own, instead of building 'n:' + key and probing the whole dictionary.
   */
  private readonly nicknameKeys = new Map<string, number>();

  /**
   * Plain postings by key id (rows ascending), a dense array: a query reads a key's list, or learns
   * that the key was split (BUCKETED), with one array read instead of two hash probes.
   */
  private readonly plain: (number[] | undefined)[] = [];
  /** Postings of bucketKey(key, sex, band) < 0 → rows ascending (keys split by sex and birth band). */
  private readonly postings = new Map<number, number[]>();
  /** Live records per region prefix (regionKey of 2, 4 and 6 digits). */
  private readonly regionCounts = new Map<number, number>();
  /** Bumped by every add and remove (live and region counts change); region weights memoised per version. */
  private regionVersion = 0;
  private weightsVersion = -1;
  private readonly weightsCache = new Map<number, readonly number[]>();
  private readonly tokenIds = new Map<string, number>();
  private readonly tokenText: string[] = [];
  private readonly documentFrequency = int32Column();
  private readonly featureCache = new Map<string, Int32Array>();
  private readonly profileKeyCache = new Map<string, Map<number, Set<string>>>();
  /** The current search's visit stamp (U_STAMP of a row's line): a row is scored once per search. */
  private stampNow = 0;
  /**
   * Per form, 32 bytes (FORM_LINE doubles): the memoised bonus as the double at FORM_LINE · form, then
   * as uint32s / int32s at 2 · FORM_LINE · form + F_STAMP, F_LEVEL (the search that memoised it, the
   * level) and F_KIND (kind | 4 when a surname alone), F_NAME, F_GIVEN (name and given-name ids, −1
   * none): what a row's first comparison of its form reads, in one line.
   */
  private formMemo = new Float64Array(FORM_LINE * 1024);
  private formMemoInts = new Uint32Array(this.formMemo.buffer);
  private formInts = new Int32Array(this.formMemo.buffer);
  /**
   * Per stored given name (× 2: held in a full name, or as a 小名): the search its given-reading level
   * was computed in, that level and its bonus — a function of the given name alone, shared by the forms
   * holding it (王丽芳, 李丽芳 …).
   */
  private givenMemo = new Float64Array(2 * 1024);
  /** The stamp and the level as the uint32s at 4 · slot + 2 and + 3 (the bonus: the double at 2 · slot). */
  private givenMemoInts = new Uint32Array(this.givenMemo.buffer);
  private readonly top = new TopK();
  private scored = 0;
  /** Live records whose given name (full name's or 小名) holds a character / a folded syllable. */
  private readonly givenCharCount = new Map<string, number>();
  private readonly givenSyllableCount = new Map<string, number>();
  /** Context of the last search (diagnostics: explain re-scores rows with it). */
  private lastQuery: QueryContext | undefined;

  /** Rows the last search read (scored or pruned): diagnostics and the bounded-scan tests. */
  get lastSearchRows(): number {
    return this.scored;
  }

  /** Number of records in the index (removed ones excluded). */
  get size(): number {
    return this.live;
  }

  /** Rows held, removed ones not yet compacted included (diagnostics: tombstones = storedRows − size). */
  get storedRows(): number {
    return this.rowId.length;
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
    const line = this.nameLine;
    line.push(textHash(analysis.normalized));
    line.push(this.keys.intern('x:' + closedShapeKey(analysis.normalized)));
    line.push(this.keys.intern('n=' + analysis.surname));
    line.push(this.nameSearch.offsets.data[id]!);
    line.push(this.nameSearch.offsets.data[id + 1]!);
    line.push(this.nameSurnameSearch.offsets.data[id]!);
    line.push(this.nameSurnameSearch.offsets.data[id + 1]!);
    line.push(0);
    this.nameSurnamePy.push(
      surnamePyKeys(analysis.readings.slice(0, analysis.surnameLength)).map((k) =>
        this.keys.intern('y:' + k),
      ),
    );
    return id;
  }

  private internGiven(given: string): number {
    const known = this.givenIds.get(given);
    if (known !== undefined) return known;
    const k = givenKeys(given);
    const id = this.givens.length;
    this.givenIds.set(given, id);
    this.givenKeyIds.push([
      ...new Set(k.search.map((key) => this.keys.intern('g:' + key))),
      ...new Set(k.syllables.map((sy) => ~this.keys.intern('gy:' + sy))),
    ]);
    this.givens.push({
      text: given,
      length: [...given].length,
      shape: this.keys.intern('gx:' + closedShapeKey(given)),
    });
    return id;
  }

  private internTokens(text: string | null | undefined): Int32Array {
    const raw = text ?? '';
    const known = this.featureCache.get(raw);
    if (known) return known;
    const tokens = featureTokens(raw);
    const ids = new Int32Array(tokens.length);
    tokens.forEach((t, i) => {
      let id = this.tokenIds.get(t);
      if (id === undefined) {
        id = this.tokenText.length;
        this.tokenIds.set(t, id);
        this.tokenText.push(t);
        this.documentFrequency.push(0);
      }
      ids[i] = id;
    });
    // Feature texts repeat (智力残疾, 说湖南话 …); the cache is bounded for free text that does not.
    if (this.featureCache.size >= 50_000) this.featureCache.clear();
    this.featureCache.set(raw, ids);
    return ids;
  }

  /** Adds records (replacing any with the same id). */
  add(records: readonly FamilySearchRecord[]): void {
    for (const record of records) {
      this.remove(record.id);
      const row = this.rowId.length;
      this.rowId.push(record.id);
      this.idRow.set(record.id, row);
      this.live++;
      const sex = parseSex(record.sex);
      this.rowLines.push();
      const line = this.rowLines.f64;
      const ints = this.rowLines.i32;
      const at = row * HOT;
      const ai = row * LINE_I32;
      ints[ai + I_META] = 1 | ((KIND_CODE[record.kind] ?? 0) << 1) | (sex << 3);
      let birth = 0;
      let uncertainty = 2;
      if (record.birthYear) {
        birth = record.birthYear + 0.5;
        uncertainty = record.birthYearUncertainty ?? 2;
      } else if (record.estimatedAge) {
        const at = yearFraction(record.estimatedAge.asOf);
        birth = at === undefined ? 0 : at - record.estimatedAge.estimate - 0.5;
        uncertainty = record.estimatedAge.range ?? 3;
      }
      if (!(birth > 0)) birth = 0;
      ints[ai + I_BAND] = bucketOf(birth);
      line[at] = birth;
      line[at + 1] = uncertainty;
      const kindCode = KIND_CODE[record.kind] ?? 0;
      if (uncertainty > this.maxUncertainty[kindCode]!) this.maxUncertainty[kindCode] = uncertainty;
      const region = normalizeRegion(record.divisionCode);
      line[at + H_REGION] = region;
      this.countRegion(region, 1);
      line[at + H_DAY] = dayOf(record.eventDate);
      this.rowPhoto.push(record.photoRef ?? undefined);
      const tokens = this.internTokens(record.features);
      ints[ai + I_FEATURES] = this.rowFeatures.values.length;
      this.rowFeatures.push(tokens);
      ints[ai + I_FEATURES + 1] = this.rowFeatures.values.length;
      const df = this.documentFrequency.data;
      for (let i = 0; i < tokens.length; i++) df[tokens[i]!]!++;

      const formId = this.formOf(record.name);
      ints[ai + I_FORM] = formId;
      ints[ai + I_FORM_KIND] = this.formKind.data[formId]! | (this.forms[formId]!.surnameOnly ? 4 : 0);
      const form = this.forms[formId]!;
      if (form.givenId >= 0) this.countGiven(form.givenId, 1);
      if (form.form === FORM_NICK) this.nicknames++;
      if (form.form === FORM_NONE) this.unnamedRows++;
      if (form.surnameOnly) this.surnameOnlyRows++;
      for (let i = 0; i < form.postKeys.length; i++) this.post(form.postKeys[i]!, row);
      const bucket = bucketOf(birth);
      for (let i = 0; i < form.bucketKeys.length; i++)
        this.postBucketable(form.bucketKeys[i]!, row, sex, bucket);
      const kind = KIND_CODE[record.kind] ?? 0;
      // Blocks and feature postings "without a full name": no name, a 小名 (no surname) or a surname
      // alone (no given name). Such a record may share no name part with a query (a surname against a
      // 小名): it is then a candidate on the other fields, read through these blocks (uncompared).
      const unnamed = form.form === FORM_NONE || form.form === FORM_NICK || form.surnameOnly;
      this.postBucketable(this.blockKey(kind, region, unnamed), row, sex, bucket);
      this.postBucketable(this.kindBlock(kind, unnamed), row, sex, bucket);
      const slot = kind * 2 + (unnamed ? 1 : 0);
      if (tokens.length > FEATURE_POST_MAX)
        this.postBucketable(this.featureKey(slot, -1, true)!, row, sex, bucket);
      else
        for (let i = 0; i < tokens.length; i++)
          this.postBucketable(this.featureKey(slot, tokens[i]!, true)!, row, sex, bucket);
    }
  }

  /** Key id of a feature token's postings for (kind, unnamed) slot; `create` interns a new one. */
  private featureKey(slot: number, token: number, create: boolean): number | undefined {
    const code = (token + 1) * 6 + slot;
    let id = this.featureKeys.get(code);
    if (id === undefined && create) {
      id = this.keys.intern('f:' + code);
      this.featureKeys.set(code, id);
    }
    return id;
  }

  private kindBlock(kind: number, unnamed: boolean): number {
    const slot = kind * 2 + (unnamed ? 1 : 0);
    return (this.kindBlocks[slot] ??= this.keys.intern('k:' + slot));
  }

  /** Key id of the block of (kind, county, unnamed); registers the county under its prefixes. */
  private blockKey(kind: number, region: number, unnamed: boolean): number {
    const code = blockCode(kind, region, unnamed);
    let id = this.blocks.get(code);
    if (id === undefined) {
      id = this.keys.intern('b:' + code);
      this.blocks.set(code, id);
      if (region >= 0)
        for (const digits of [2, 4]) {
          const key = regionKey(region, digits);
          let set = this.countiesOf.get(key);
          if (!set) this.countiesOf.set(key, (set = new Set()));
          set.add(region);
        }
    }
    return id;
  }

  /** Name form and posting keys of a recorded name, computed once per distinct name text. */
  private formOf(raw: string | null | undefined): number {
    const text = raw ?? '';
    const known = this.formIds.get(text);
    if (known !== undefined) return known;
    const form = recordNameForm(raw);
    const plain = new Set<number>();
    const bucketed = new Set<number>();
    const key = (into: Set<number>, k: string) => into.add(this.keys.intern(k));
    let out: StoredForm;
    const make = (
      f: number,
      nameId: number,
      givenId: number,
      ordinal?: string,
      surnameOnly = false,
    ): StoredForm => ({
      form: f,
      nameId,
      givenId,
      ordinal,
      postKeys: Int32Array.from(plain),
      bucketKeys: Int32Array.from(bucketed),
      surnameOnly,
    });
    if (form.kind === 'full') {
      const nameId = this.internName(form.analysis);
      for (const id of this.nameSearch.list(nameId)) plain.add(id);
      for (const id of this.nameSurnameSearch.list(nameId)) bucketed.add(id);
      const shape = closedShapeKey(form.analysis.normalized);
      if (shape !== form.analysis.normalized) {
        key(plain, 'x:' + shape);
        this.shapePosted++;
      }
      let givenId = -1;
      if (form.given !== '') {
        givenId = this.internGiven(form.given);
        const g = givenKeys(form.given);
        for (const k of g.search) key(bucketed, 'g:' + k);
        if (closedShapeKey(form.given) !== form.given) bucketed.add(this.givens[givenId]!.shape);
        if (this.givens[givenId]!.length > 1) for (const sy of g.syllables) key(bucketed, 'c:' + sy);
        for (const sk of form.analysis.surnameSearchKeys)
          for (const sy of g.syllables) key(plain, 'p:' + sk + ' ' + sy);
      }
      // A surname alone (王, or "wang"): a full-name query reaches it through `w:` + its folded surname.
      const surnameOnly = form.given === '' && form.analysis.surnameSearchKeys.length > 0;
      if (surnameOnly) for (const sk of form.analysis.surnameSearchKeys) key(bucketed, 'w:' + sk);
      out = make(FORM_FULL, nameId, givenId, undefined, surnameOnly);
    } else if (form.kind === 'nickname') {
      const givenId = this.internGiven(form.given);
      const g = givenKeys(form.given);
      if (closedShapeKey(form.given) !== form.given) bucketed.add(this.givens[givenId]!.shape);
      for (const k of g.search) {
        key(bucketed, 'g:' + k);
        key(plain, 'n:' + k);
        this.nicknameKeys.set(k, this.keys.intern('n:' + k));
      }
      if (this.givens[givenId]!.length > 1) for (const sy of g.syllables) key(bucketed, 'c:' + sy);
      out = make(FORM_NICK, -1, givenId);
    } else if (form.kind === 'ordinal') out = make(FORM_ORDINAL, -1, -1, form.ordinal);
    else out = make(FORM_NONE, -1, -1);
    const id = this.forms.length;
    this.forms.push(out);
    this.formKind.push(out.form);
    if (this.formMemo.length < FORM_LINE * this.forms.length) {
      const next = new Float64Array(2 * this.formMemo.length);
      next.set(this.formMemo);
      this.formMemo = next;
      this.formMemoInts = new Uint32Array(next.buffer);
      this.formInts = new Int32Array(next.buffer);
    }
    const at = 2 * FORM_LINE * id;
    this.formInts[at + F_KIND] = out.form | (out.surnameOnly ? 4 : 0);
    this.formInts[at + F_NAME] = out.nameId;
    this.formInts[at + F_GIVEN] = out.givenId;
    this.formIds.set(text, id);
    return id;
  }

  private post(key: number, row: number): void {
    if (key >= 0) {
      const plain = this.plain;
      while (plain.length <= key) plain.push(undefined);
      const list = plain[key];
      if (!list) plain[key] = [row];
      else if (list[list.length - 1] !== row) list.push(row);
      return;
    }
    const list = this.postings.get(key);
    if (!list) this.postings.set(key, [row]);
    else if (list[list.length - 1] !== row) list.push(row);
  }

  /** Rows of a plain key (undefined when it has none or was split by sex and birth band). */
  private plainList(keyId: number): number[] | undefined {
    const list = this.plain[keyId];
    return list === BUCKETED ? undefined : list;
  }

  /**
   * Posts a row under a key that may grow long (a surname, a common given name or syllable, every
   * row): one plain list while it is short, split by (sex, birth bucket) once it passes
   * BUCKET_THRESHOLD rows, so a query reads only the bands of its sex and age window.
   */
  private postBucketable(keyId: number, row: number, sex: number, bucket: number): void {
    if (this.plain[keyId] === BUCKETED) {
      this.post(bucketKey(keyId, sex, bucket), row);
      return;
    }
    this.post(keyId, row);
    const list = this.plain[keyId]!;
    if (list.length <= BUCKET_THRESHOLD) return;
    this.plain[keyId] = BUCKETED;
    const ints = this.rowLines.i32;
    for (const r of list)
      this.post(bucketKey(keyId, ints[r * LINE_I32 + I_META]! >> 3, ints[r * LINE_I32 + I_BAND]!), r);
  }

  /** Takes a record out (status found / withdrawn / closed). Returns whether it was there. */
  remove(id: string): boolean {
    const row = this.idRow.get(id);
    if (row === undefined) return false;
    this.idRow.delete(id);
    const ints = this.rowLines.i32;
    ints[row * LINE_I32 + I_META] = ints[row * LINE_I32 + I_META]! & ~1;
    this.live--;
    this.countRegion(this.rowLines.f64[row * HOT + H_REGION]!, -1);
    const givenId = this.forms[this.rowLines.i32[row * LINE_I32 + I_FORM]!]!.givenId;
    if (givenId >= 0) this.countGiven(givenId, -1);
    this.dead++;
    const off = this.rowFeatures.offsets.data;
    const val = this.rowFeatures.values.data;
    const df = this.documentFrequency.data;
    for (let k = off[row]!; k < off[row + 1]!; k++) df[val[k]!]!--;
    if (this.dead >= COMPACT_MIN_DEAD && this.dead > this.live) this.compact();
    return true;
  }

  has(id: string): boolean {
    return this.idRow.has(id);
  }

  /**
   * Drops removed rows: columns and feature lists move live rows to the front in order, postings are
   * renumbered in place. Runs when removed rows outnumber live ones, so its cost (linear in what the
   * index holds) is paid at most once per as many removals: amortised O(1) per remove.
   */
  private compact(): void {
    const n = this.rowId.length;
    const newRow = new Int32Array(n);
    let w = 0;
    const hot = this.rowLines.f64;
    const ints = this.rowLines.i32;
    for (let r = 0; r < n; r++) {
      if ((ints[r * LINE_I32 + I_META]! & 1) === 0) {
        newRow[r] = -1;
        continue;
      }
      newRow[r] = w;
      if (w !== r) {
        hot.copyWithin(w * HOT, r * HOT, r * HOT + HOT);
        this.rowId[w] = this.rowId[r]!;
        this.rowPhoto[w] = this.rowPhoto[r];
      }
      w++;
    }
    this.rowLines.truncate(w);
    this.rowId.length = w;
    this.rowPhoto.length = w;
    this.rowFeatures.compact(newRow);
    const off = this.rowFeatures.offsets.data;
    for (let r = 0; r < w; r++) {
      ints[r * LINE_I32 + I_FEATURES] = off[r]!;
      ints[r * LINE_I32 + I_FEATURES + 1] = off[r + 1]!;
    }
    const renumber = (list: number[]): number => {
      let out = 0;
      for (const row of list) {
        const to = newRow[row]!;
        if (to >= 0) list[out++] = to;
      }
      list.length = out;
      return out;
    };
    for (const [key, list] of this.postings) if (renumber(list) === 0) this.postings.delete(key);
    for (let key = 0; key < this.plain.length; key++) {
      const list = this.plain[key];
      if (list !== undefined && list !== BUCKETED && renumber(list) === 0) this.plain[key] = undefined;
    }
    for (const [id, row] of this.idRow) this.idRow.set(id, newRow[row]!);
    this.dead = 0;
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

  /**
   * Weight of a region match at each level (none, province, prefecture, county) for a hinted code:
   * REGION_WEIGHT × ln(live records / live records in that region), the same rarity (IDF) reasoning as
   * for features — a match in a region that holds few records says more than one in the province
   * most records come from.
   */
  private regionWeights(code: number): readonly number[] {
    if (code < 0) return NO_REGION_WEIGHTS;
    // The weights change only when records are added or removed: memoised per hinted code until then.
    if (this.weightsVersion !== this.regionVersion) {
      this.weightsCache.clear();
      this.weightsVersion = this.regionVersion;
    }
    let weights = this.weightsCache.get(code);
    if (!weights) {
      weights = this.computeRegionWeights(code);
      this.weightsCache.set(code, weights);
    }
    return weights;
  }

  private computeRegionWeights(code: number): number[] {
    const total = Math.max(1, this.live);
    const weight = (count: number | undefined) =>
      REGION_WEIGHT * Math.log(total / Math.max(1, Math.min(total, count ?? 1)));
    return [
      0,
      weight(this.regionCounts.get(regionKey(code, 2))),
      weight(this.regionCounts.get(regionKey(code, 4))),
      weight(this.regionCounts.get(regionKey(code, 6))),
    ];
  }

  private countGiven(givenId: number, delta: number): void {
    const given = this.givens[givenId]!;
    for (const ch of new Set(given.text))
      this.givenCharCount.set(ch, (this.givenCharCount.get(ch) ?? 0) + delta);
    for (const sy of new Set(givenKeys(given.text).syllables))
      this.givenSyllableCount.set(sy, (this.givenSyllableCount.get(sy) ?? 0) + delta);
  }

  /** Per character of a hanzi given reading: ½ ln(given names with its sound / with the character). */
  private charBonus(text: string | undefined): { ch: string; bonus: number }[] {
    if (text === undefined) return [];
    const out: { ch: string; bonus: number }[] = [];
    for (const ch of text) {
      if (out.some((o) => o.ch === ch)) continue;
      const withChar = this.givenCharCount.get(ch) ?? 0;
      if (withChar <= 0) continue;
      let withSound = withChar;
      for (const sy of givenKeys(ch).syllables)
        withSound = Math.max(withSound, this.givenSyllableCount.get(sy) ?? 0);
      out.push({ ch, bonus: 0.5 * Math.log(withSound / withChar) });
    }
    return out;
  }

  private countRegion(code: number, delta: number): void {
    this.regionVersion++;
    if (code < 0) return;
    for (const digits of [2, 4, 6]) {
      const key = regionKey(code, digits);
      const n = (this.regionCounts.get(key) ?? 0) + delta;
      if (n > 0) this.regionCounts.set(key, n);
      else this.regionCounts.delete(key);
    }
  }

  private lookupIds(keys: readonly string[], prefix: string): Set<number> {
    const out = new Set<number>();
    for (const key of keys) {
      const id = this.keys.lookup(prefix + key);
      if (id !== undefined) out.add(id);
    }
    return out;
  }

  /** Looks up one stage of a full-name interpretation's key sets (once per search); returns f. */
  private resolve(f: FullQuery, profileId: string | undefined, stage: number): FullQuery {
    if ((f.resolved & stage) !== 0) return f;
    f.resolved |= stage;
    const a = f.interp.analysis;
    if (stage === R_PY) f.py = this.lookupIds(a.pyKeys, '');
    else if (stage === R_LIGHT) f.light = this.lookupIds(a.lightKeys, 'l:');
    else if (stage === R_FOLDS) {
      f.heavy = this.lookupIds(a.heavyKeys, 'h:');
      if (profileId) {
        const fold = profileFoldOf(profileId);
        f.profileKeys = new Set(a.pyKeys.map((key) => key.split(' ').map(fold).join(' ')));
      }
    } else if (stage === R_SURNAME) f.surnameSearch = this.lookupIds(a.surnameSearchKeys, 'u:');
    else {
      f.surnameTextId = this.keys.lookup('n=' + a.surname);
      f.surnamePy = this.lookupIds(surnamePyKeys(a.readings.slice(0, a.surnameLength)), 'y:');
    }
    return f;
  }

  /** Scores every not yet visited row of a postings list. */
  private scan(list: readonly number[] | undefined, q: QueryContext, top: TopK): void {
    if (!list) return;
    for (let i = 0; i < list.length; i++) this.visit(list[i]!, q, top);
  }

  /** Scores a row this search has not visited yet and offers it to the top k. */
  private visit(row: number, q: QueryContext, top: TopK): void {
    const stamp = this.rowLines.u32;
    const at = row * LINE_I32 + U_STAMP;
    if (stamp[at] === this.stampNow) return;
    stamp[at] = this.stampNow;
    this.scored++;
    const score = this.scoreRow(row, q);
    if (score !== score || (top.size === top.k && score < q.floor)) return;
    if (q.accept !== undefined && !q.accept(this.rowId[row]!)) return;
    top.offer(row, score, q.detail);
    if (top.size === top.k) q.floor = top.scores[0]!;
  }

  private scanKey(prefix: string, key: string, q: QueryContext, top: TopK): void {
    const id = this.keys.lookup(prefix + key);
    if (id !== undefined) this.scan(this.plainList(id), q, top);
  }

  private scanNickname(key: string, q: QueryContext, top: TopK): void {
    const id = this.nicknameKeys.get(key);
    if (id !== undefined) this.scan(this.plainList(id), q, top);
  }

  /** Scans a bucketed key over the query's sexes and the birth buckets its age window reaches. */
  private scanBucketed(
    keyId: number | undefined,
    q: QueryContext,
    top: TopK,
    best = q.maxLevelScore + q.maxRest,
  ): void {
    if (keyId === undefined) return;
    const plain = this.plain[keyId];
    if (plain !== BUCKETED) {
      this.scan(plain, q, top);
      return;
    }
    // Bands nearest the implied birth year first; a band is skipped when even its best possible row
    // (best name level, the band's nearest age, best region and features) cannot reach the k-th score.
    let from = 1;
    let to = BUCKETS - 1;
    let center = from;
    let sigmaMax = Infinity;
    if (q.impliedBirth !== undefined) {
      sigmaMax = Math.max(q.baseSigma, hypot(q.queryUncertainty, q.rowUncertaintyMax));
      const window = 3 * sigmaMax + 1e-9;
      from = bucketOf(Math.max(1, q.impliedBirth - window));
      to = bucketOf(q.impliedBirth + window);
      center = bucketOf(q.impliedBirth);
    }
    const prunable = q.prunable || q.strongName || q.unnamedScan;
    const visit = (b: number, ageBound: number) => {
      if (prunable && top.size === top.k && best + ageBound < q.floor) return;
      for (let sex = 0; sex <= 2; sex++) {
        if (q.sex !== SEX_UNKNOWN && sex !== SEX_UNKNOWN && sex !== q.sex) continue;
        const list = this.postings.get(bucketKey(keyId, sex, b));
        if (!list) continue;
        // Every row here scores at most best + ageBound − maxFeatures + its features: once that is below
        // the k-th score (`need` > 0), only rows sharing an essential feature token can reach it. A long
        // list is read that way: first the rows sharing any token of the query (all of them while the
        // k-th score needs no feature agreement; they raise it most), then, unless the k-th score now
        // needs a feature agreement, the rest. Rows left unread are not stamped: a later posting finds
        // them below the k-th score again (it only rises), so the top k is the same.
        if (q.tokenIds.length > 0 && list.length >= SHARED_TOKEN_SCAN_MIN) {
          const withoutFeatures = best - q.maxFeatures + ageBound;
          const full = prunable && top.size === top.k;
          this.scanSharingTokens(list, q, top, full ? q.floor - withoutFeatures : -Infinity, sex, b);
          if (prunable && top.size === top.k && q.floor - withoutFeatures > 0) continue;
        }
        this.scan(list, q, top);
      }
    };
    for (let step = 0; center - step >= from || center + step <= to; step++) {
      for (const b of step === 0 ? [center] : [center - step, center + step]) {
        if (b < from || b > to) continue;
        let ageBound = 0;
        if (q.impliedBirth !== undefined) {
          const lower = b === 1 ? -Infinity : BUCKET_FROM + (b - 1) * BUCKET_YEARS;
          const upper = b === BUCKETS - 1 ? Infinity : BUCKET_FROM + b * BUCKET_YEARS;
          const d = Math.max(0, lower - q.impliedBirth, q.impliedBirth - upper);
          ageBound = ((-0.5 * d * d) / (sigmaMax * sigmaMax)) * AGE_WEIGHT;
        }
        visit(b, ageBound);
      }
    }
    visit(0, q.impliedBirth !== undefined ? UNKNOWN_AGE_SCORE : 0);
  }

  /**
   * Scans the rows of a band's postings `list` (sex, band) that share an essential feature token of the
   * query for a feature score of at least `need`: the lightest tokens are left out while ½ Σ of their
   * weights stays below `need` (less a margin for the order of the float sums), so a row sharing none of
   * the rest scores below the k-th score (the MaxScore rule of scanFeatures). The band's list and each
   * essential token's postings of the same (kind, named or not, sex, band) are ascending row lists:
   * merged, not read row by row. Rows with more than FEATURE_POST_MAX tokens are read from the overflow
   * list.
   */
  private scanSharingTokens(
    list: readonly number[],
    q: QueryContext,
    top: TopK,
    need: number,
    sex: number,
    band: number,
  ): void {
    if (need > q.maxFeatures + 1e-9) return;
    const order = (q.tokenOrder ??= q.tokenIds
      .map((_, i) => i)
      .sort((a, b) => q.tokenWeights[a]! - q.tokenWeights[b]!));
    const per = order.length + 1;
    let keys = q.tokenKeys;
    if (keys === undefined) {
      keys = q.tokenKeys = new Int32Array(6 * per).fill(-1);
      for (let slot = 0; slot < 6; slot++) {
        if (((q.kindMask >> (slot >> 1)) & 1) === 0) continue;
        for (let i = 0; i < per; i++)
          keys[slot * per + i] =
            this.featureKey(slot, i < order.length ? q.tokenIds[order[i]!]! : -1, false) ?? -1;
      }
    }
    let light = 0;
    let first = 0;
    for (; first < order.length; first++) {
      const w = q.tokenWeights[order[first]!]!;
      if ((light + w) * 0.5 >= need - 1e-9) break;
      light += w;
    }
    for (let slot = 0; slot < 6; slot++) {
      if (((q.kindMask >> (slot >> 1)) & 1) === 0) continue;
      for (let i = first; i < per; i++) {
        const keyId = keys[slot * per + i]!;
        if (keyId < 0) continue;
        const plain = this.plain[keyId];
        const other = plain === BUCKETED ? this.postings.get(bucketKey(keyId, sex, band)) : plain;
        if (other) this.scanCommon(list, other, q, top);
      }
    }
  }

  /** Scores the not yet visited rows present in both ascending lists. */
  private scanCommon(a: readonly number[], b: readonly number[], q: QueryContext, top: TopK): void {
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      if (x < y) i++;
      else if (x > y) j++;
      else {
        i++;
        j++;
        this.visit(x, q, top);
      }
    }
  }

  /**
   * Reads the blocks of the query's kinds — unnamed rows only, or all rows for a query without a name —
   * best possible score first: each hinted county, its prefecture, its province (by (kind, county)
   * blocks), then every other row (the (kind) block, band by band). A group whose best possible row
   * (best name level of its rows + the group's region weight + best features) cannot reach the k-th
   * score ends the scan, for every later group's bound is lower. Inside a block the birth bands are read
   * nearest-first and pruned the same way (scanBucketed); a row already read is skipped by its stamp.
   */
  private scanBlocks(q: QueryContext, top: TopK, unnamedOnly: boolean): void {
    const groups: { bound: number; counties: Iterable<number> }[] = [];
    for (const h of q.hints) {
      if (h.code < 0) continue;
      if (h.digits >= 6) groups.push({ bound: h.weights[3]!, counties: [h.code] });
      const prefecture = h.digits >= 4 ? this.countiesOf.get(regionKey(h.code, 4)) : undefined;
      if (prefecture) groups.push({ bound: h.weights[2]!, counties: prefecture });
      const province = this.countiesOf.get(regionKey(h.code, 2));
      if (province) groups.push({ bound: h.weights[1]!, counties: province });
    }
    // Stable: a county first met in a group is read with that group's bound, the highest it can have.
    groups.sort((a, b) => b.bound - a.bound);
    const namedMax = Math.max(0, q.maxLevelScore);
    const full = () => top.k > 0 && top.size === top.k;
    const read = (keyId: number | undefined, unnamed: number, regionBound: number) => {
      if (keyId === undefined) return;
      q.unnamedScan = unnamed === 1;
      q.rowNameMax = unnamed === 1 ? 0 : namedMax;
      this.scanBucketed(keyId, q, top, q.rowNameMax + regionBound + q.maxFeatures);
    };
    const seen = new Set<number>();
    const nameMax = unnamedOnly ? 0 : namedMax;
    // Once the k-th score exceeds the best a row of the group can get without features, every row read
    // from here on needs a feature agreement: read the rows sharing an essential token instead.
    const needsFeatures = (bound: number) => full() && q.floor - (nameMax + bound) > 0;
    let viaFeatures = false;
    scan: for (const group of groups) {
      const groupBest = nameMax + group.bound + q.maxFeatures;
      for (const county of group.counties) {
        if (full() && groupBest < q.floor) break scan;
        if (needsFeatures(group.bound)) {
          viaFeatures = true;
          this.scanFeatures(q, unnamedOnly, q.floor - (nameMax + group.bound), read, group.bound);
          break scan;
        }
        if (seen.has(county)) continue;
        seen.add(county);
        for (let kind = 0; kind < 3; kind++) {
          if (((q.kindMask >> kind) & 1) === 0) continue;
          for (let unnamed = unnamedOnly ? 1 : 0; unnamed <= 1; unnamed++)
            read(this.blocks.get(blockCode(kind, county, unnamed === 1)), unnamed, group.bound);
        }
      }
    }
    // Everything else (no region agreement): the rows sharing an essential token, or the kind blocks
    // band by band.
    if (!viaFeatures && !(full() && nameMax + q.maxFeatures < q.floor)) {
      if (needsFeatures(0)) this.scanFeatures(q, unnamedOnly, q.floor - nameMax, read, 0);
      else
        for (let kind = 0; kind < 3; kind++) {
          if (((q.kindMask >> kind) & 1) === 0) continue;
          for (let unnamed = unnamedOnly ? 1 : 0; unnamed <= 1; unnamed++)
            read(this.kindBlocks[kind * 2 + unnamed], unnamed, 0);
        }
    }
    q.unnamedScan = false;
    q.rowNameMax = q.maxLevelScore;
  }

  /**
   * Reads the rows sharing an essential feature token of the query. A row qualifies only with a feature
   * score of at least `need` (½ Σ idf of the shared tokens): leaving out the lightest tokens while their
   * ½ Σ idf stays below `need`, every qualifying row shares one of the remaining (essential) tokens
   * (the MaxScore rule). Rows already read are skipped by their stamps; region is scored per row.
   */
  private scanFeatures(
    q: QueryContext,
    unnamedOnly: boolean,
    need: number,
    read: (keyId: number | undefined, unnamed: number, regionBound: number) => void,
    regionBound: number,
  ): void {
    if (need > q.maxFeatures) return;
    const order = q.tokenIds.map((_, i) => i).sort((a, b) => q.tokenWeights[a]! - q.tokenWeights[b]!);
    let light = 0;
    let first = 0;
    for (; first < order.length; first++) {
      const w = q.tokenWeights[order[first]!]!;
      if ((light + w) * 0.5 >= need) break;
      light += w;
    }
    for (let kind = 0; kind < 3; kind++) {
      if (((q.kindMask >> kind) & 1) === 0) continue;
      for (let unnamed = unnamedOnly ? 1 : 0; unnamed <= 1; unnamed++) {
        const slot = kind * 2 + unnamed;
        for (let i = first; i < order.length; i++)
          read(this.featureKey(slot, q.tokenIds[order[i]!]!, false), unnamed, regionBound);
        read(this.featureKey(slot, -1, false), unnamed, regionBound);
      }
    }
  }

  /**
   * Diagnostics (bench:family-search --explain-misses; slow: reads every candidate without pruning):
   * where record `id` stands for the query — filtered out and why, its rank among all candidates and in
   * the pruned top k, its score parts next to the k-th one's, and how many candidates are at least as
   * good on every field the query gives (the information bound, see FamilySearchExplanation).
   */
  explain(query: FamilySearchQuery, id: string, k = 20): FamilySearchExplanation {
    const pruned = this.search(query, k).hits.findIndex((h) => h.id === id);
    const out: FamilySearchExplanation = {
      filtered: null,
      rank: -1,
      prunedRank: pruned,
      parts: undefined,
      above: 0,
      kth: undefined,
      dominating: 0,
      tied: 0,
      asGood: 0,
    };
    const row = this.idRow.get(id);
    const all = this.search(query, Math.max(k, this.live)).hits;
    const q = this.lastQuery!;
    const partsOf = (r: number): ScoreParts | undefined => {
      const p: ScoreParts = {
        name: 0,
        nameLevel: 'none',
        age: 0,
        ageZ: NaN,
        region: 0,
        regionLevel: 0,
        features: 0,
        event: 0,
        eventRank: 1,
      };
      q.parts = p;
      q.floor = -Infinity;
      q.unnamedScan = this.forms[this.rowLines.i32[r * LINE_I32 + I_FORM]!]!.form === FORM_NONE;
      const score = this.scoreRow(r, q);
      q.parts = undefined;
      q.unnamedScan = false;
      return score === score ? p : undefined;
    };
    /** Bit t: the row shares the query's feature token t. */
    const sharedMask = (r: number): number => {
      let mask = 0;
      const off = this.rowFeatures.offsets.data;
      const val = this.rowFeatures.values.data;
      for (let t = 0; t < Math.min(31, q.tokenIds.length); t++)
        for (let j = off[r]!; j < off[r + 1]!; j++)
          if (val[j] === q.tokenIds[t]) {
            mask |= 1 << t;
            break;
          }
      return mask;
    };
    if (row === undefined) {
      out.filtered = 'absent';
      return out;
    }
    const gold = partsOf(row);
    if (!gold && q.named) {
      // Filtered by the name alone (no agreement, or a disagreement) rather than by a field?
      q.named = false;
      const nameless = partsOf(row);
      q.named = true;
      if (nameless) {
        out.filtered = 'name';
        return out;
      }
    }
    if (!gold) {
      const meta = this.rowLines.i32[row * LINE_I32 + I_META]!;
      const recordSex = meta >> 3;
      const birth = this.rowLines.f64[row * HOT]!;
      out.filtered =
        ((q.kindMask >> ((meta >> 1) & 3)) & 1) === 0
          ? 'kind'
          : q.sex !== SEX_UNKNOWN && recordSex !== SEX_UNKNOWN && recordSex !== q.sex
            ? 'sex'
            : q.impliedBirth !== undefined && birth > 0
              ? 'age'
              : q.scope
                ? 'scope'
                : 'name';
      return out;
    }
    out.parts = gold;
    out.rank = all.findIndex((h) => h.id === id) + 1;
    if (out.rank === 0) {
      out.rank = -1;
      out.filtered = gold.nameLevel === 'none' && q.named ? 'name' : 'unreached';
    }
    const goldScore = gold.name + gold.age + gold.region + gold.features + gold.event;
    const goldMask = sharedMask(row);
    const goldZ = Number.isNaN(gold.ageZ) ? 1 : gold.ageZ;
    for (let i = 0; i < all.length; i++) {
      const hit = all[i]!;
      if (hit.id === id) continue;
      const r = this.idRow.get(hit.id)!;
      if (hit.score > goldScore + 1e-9) out.above++;
      if (i === k - 1) out.kth = partsOf(r);
      const p = partsOf(r);
      if (!p) continue;
      if (p.name < gold.name || p.regionLevel < gold.regionLevel || p.eventRank < gold.eventRank) continue;
      const mask = sharedMask(r);
      if ((mask & goldMask) !== goldMask) continue;
      out.asGood++;
      const z = Number.isNaN(p.ageZ) ? 1 : p.ageZ;
      if (z > goldZ + 1e-9) continue;
      const equal =
        p.name === gold.name &&
        p.regionLevel === gold.regionLevel &&
        p.eventRank === gold.eventRank &&
        mask === goldMask &&
        Math.abs(z - goldZ) <= 1e-9;
      if (equal) out.tied++;
      else out.dominating++;
    }
    return out;
  }

  /**
   * Top-k records for a description, best first; ties broken by insertion order. A named query returns
   * the records its name reaches and, ranked by the other fields alone, the records without a name.
   * `accept` (scope, the query's own record) is asked only of rows that would enter the top k, so k
   * accepted hits come back whenever the index holds them.
   */
  search(
    query: FamilySearchQuery,
    k = 20,
    options: { accept?: (id: string) => boolean } = {},
  ): FamilySearchResult {
    const hints = (query.regionHints ?? []).map((h) => {
      const { code, digits } = parseHint(h);
      return { code, digits, weights: this.regionWeights(code) };
    });
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
    const profileId =
      query.dialect ?? PROVINCE_DIALECT[String(hints[0]?.code ?? '').slice(0, 2)] ?? undefined;

    // Name.
    const parsed = analyzeQueryName(query.name, query.surnameOnly === true);
    const fulls: FullQuery[] = [];
    const givens: GivenQuery[] = [];
    const surnameIds: number[] = [];
    const surnameTextIds: number[] = [];
    const surnamePyIds: number[] = [];
    let surnameFromPinyin = false;
    let hasSurnames = false;
    let ordinal: string | undefined;
    for (const interp of parsed.interpretations) {
      if (interp.kind === 'full') {
        const a = interp.analysis;
        fulls.push({
          interp,
          normalized: a.normalized,
          normalizedHash: textHash(a.normalized),
          resolved: 0,
          py: EMPTY_IDS,
          light: EMPTY_IDS,
          heavy: EMPTY_IDS,
          search: this.lookupIds(a.searchKeys, 's:'),
          shape:
            a.fromPinyin || this.shapePosted === 0
              ? undefined
              : this.keys.lookup('x:' + closedShapeKey(a.normalized)),
          surnameSearch: EMPTY_IDS,
          profileKeys: undefined,
          givenSearch: interp.given.search,
          givenSyllables: interp.given.syllables,
          givenSearchIds: undefined,
          givenSyllableIds: undefined,
          surnameTextId: undefined,
          surnamePy: EMPTY_IDS,
        });
      } else if (interp.kind === 'given') {
        const shapeText = interp.text === undefined ? undefined : closedShapeKey(interp.text);
        givens.push({
          text: interp.text,
          shapeText,
          shape: shapeText === undefined ? undefined : this.keys.lookup('gx:' + shapeText),
          charBonus: this.charBonus(interp.text),
          search: interp.keys.search,
          syllables: interp.keys.syllables,
          searchIds: undefined,
          syllableIds: undefined,
          length: interp.length,
        });
      } else if (interp.kind === 'surname') {
        hasSurnames = true;
        for (const id of this.lookupIds(interp.keys.search, 'u:')) surnameIds.push(id);
        for (const id of this.lookupIds(interp.keys.py, 'y:')) surnamePyIds.push(id);
        if (interp.text === undefined) surnameFromPinyin = true;
        else {
          const id = this.keys.lookup('n=' + interp.text);
          if (id !== undefined) surnameTextIds.push(id);
        }
      } else ordinal = interp.ordinal;
    }
    const q: QueryContext = {
      sex: parseSex(query.sex),
      hints,
      profileId,
      impliedBirth,
      queryUncertainty,
      baseSigma: queryAge < 18 ? 2 : queryAge < 60 ? 5 : 8,
      kindMask: kindsMask(query),
      // Scope prefixes as ranges of the 6-digit region code (43 → [430000, 440000)).
      scope: query.scope?.map((prefix) => {
        const digits = prefix.replace(/\D/g, '').slice(0, 6);
        const unit = 10 ** (6 - digits.length);
        return [Number(digits) * unit, (Number(digits) + 1) * unit] as const;
      }),
      lostDay: dayOf(query.lostOn),
      foundDay: dayOf(query.foundOn),
      named: fulls.length + givens.length + (hasSurnames ? 1 : 0) > 0,
      fulls,
      givens,
      surnameIds,
      surnameTextIds,
      surnamePyIds,
      surnameFromPinyin,
      hasSurnames,
      ordinal,
      tokenIds: [],
      tokenWeights: [],
      tokenOrder: undefined,
      tokenKeys: undefined,
      strongName: false,
      fullKeysRead: false,
      floor: -Infinity,
      maxLevelScore:
        fulls.length > 0
          ? NAME_SCORE['hanzi-exact']
          : Math.max(
              givens.length > 0 ? NAME_SCORE.nickname : 0,
              hasSurnames ? NAME_SCORE.surname : 0,
              ordinal !== undefined ? NAME_SCORE.ordinal : 0,
            ),
      maxRest: 0,
      maxFeatures: 0,
      rowUncertaintyMax: 0,
      bandFrom: 0,
      bandTo: BUCKETS,
      rowNameMax: 0,
      unnamedScan: false,
      accept: options.accept,
      prunable: fulls.length === 0,
      detail: 0,
      nameBonus: 0,
      nameBonusMax: 0,
      parts: undefined,
    };
    this.lastQuery = q;
    const totalDocs = Math.max(1, this.live);
    for (const t of featureTokens(query.features)) {
      const id = this.tokenIds.get(t);
      const df = id === undefined ? 0 : this.documentFrequency.data[id]!;
      if (id === undefined || df === 0) continue;
      q.tokenIds.push(id);
      q.tokenWeights.push(Math.log(totalDocs / df));
    }

    let maxRegion = 0;
    // The best region weight a row can get: a hint matches at the county level only when it gives 6
    // digits, at the prefecture level only with 4 or more (scoreRow), so a 4-digit hint's county weight
    // (a county of no records: the largest weight of all) is no part of the bound.
    for (const hint of hints) {
      if (hint.code < 0) continue;
      const deepest = hint.digits >= 6 ? 3 : hint.digits >= 4 ? 2 : 1;
      for (let level = 1; level <= deepest; level++) maxRegion = Math.max(maxRegion, hint.weights[level]!);
    }
    let maxFeatures = 0;
    for (const w of q.tokenWeights) maxFeatures += w;
    q.maxFeatures = Math.min(maxFeatures * 0.5, 8);
    for (let kind = 0; kind < 3; kind++)
      if ((q.kindMask >> kind) & 1)
        q.rowUncertaintyMax = Math.max(q.rowUncertaintyMax, this.maxUncertainty[kind]!);
    if (impliedBirth !== undefined) {
      const window = 3 * Math.max(q.baseSigma, hypot(queryUncertainty, q.rowUncertaintyMax)) + 1e-9;
      q.bandFrom = bucketOf(Math.max(1, impliedBirth - window));
      q.bandTo = bucketOf(impliedBirth + window);
    }
    q.maxRest = maxRegion + q.maxFeatures;
    if (!hasSurnames)
      for (const g of givens) {
        let sum = 0;
        for (const c of g.charBonus) sum += c.bonus;
        q.nameBonusMax = Math.max(q.nameBonusMax, sum);
      }
    // The character evidence is part of a given-name reading's best score (the pruning bounds).
    if (givens.length > 0) q.maxLevelScore = Math.max(q.maxLevelScore, NAME_SCORE.nickname + q.nameBonusMax);
    q.rowNameMax = q.maxLevelScore;

    // Candidates: each row is scored once, as the first posting reaching it is scanned.
    if (this.givenMemo.length < 4 * this.givens.length) {
      const next = new Float64Array(2 * Math.max(2 * this.givens.length, this.givenMemo.length));
      next.set(this.givenMemo);
      this.givenMemo = next;
      this.givenMemoInts = new Uint32Array(next.buffer);
    }
    if (this.stampNow === 0xffffffff) {
      for (let r = 0; r < this.rowLines.length; r++) this.rowLines.u32[r * LINE_I32 + U_STAMP] = 0;
      for (let f = 0; f < this.forms.length; f++) this.formMemoInts[2 * FORM_LINE * f + F_STAMP] = 0;
      this.givenMemo.fill(0);
      this.stampNow = 0;
    }
    this.stampNow++;
    this.scored = 0;
    const top = this.top;
    top.reset(Math.max(0, Math.floor(k)));
    if (q.named) {
      for (const f of fulls) {
        for (const id of f.search) this.scan(this.plainList(id), q, top);
        if (f.shape !== undefined) this.scan(this.plainList(f.shape), q, top);
        if (this.nicknames > 0) {
          for (const key of f.givenSearch) this.scanNickname(key, q, top);
          if (f.givenSyllables.length > 1) for (const s of f.givenSyllables) this.scanNickname(s, q, top);
        }
      }
      // Every row a full-name key reaches has been read: rows found from here on can match a
      // full-name reading only in part or by shape (a name that is itself a shape-class key is not
      // posted under it), so their best name level is lower.
      const shapeScore = fulls.some((f) => f.shape !== undefined) ? NAME_SCORE.shape : 0;
      const lowScore = hasSurnames || fulls.length > 0 || ordinal !== undefined ? NAME_SCORE.surname : 0;
      if (fulls.length > 0)
        q.maxLevelScore = Math.max(
          NAME_SCORE.partial,
          shapeScore,
          givens.length > 0 ? NAME_SCORE.nickname + q.nameBonusMax : 0,
          lowScore,
        );
      // Whether to widen (below) is decided by the full-name keys alone, so no row read from here on
      // changes it: every later row may be pruned against the k-th score.
      const widen = !q.strongName && fulls.length > 0;
      q.fullKeysRead = true;
      q.prunable = true;
      for (const g of givens)
        for (const key of g.search) this.scanBucketed(this.keys.lookup('g:' + key), q, top);
      // A given name matching only by shape (an OCR error in the record) scores as a given-name part.
      // (`gx:` holds the given names that are not their own shape key; one that is — the query's shape key
      // itself — is reached by that key's sound.)
      for (const g of givens) {
        if (g.shape === undefined) continue;
        this.scanBucketed(g.shape, q, top);
        if (g.shapeText !== g.text)
          for (const key of givenKeys(g.shapeText!).search)
            this.scanBucketed(this.keys.lookup('g:' + key), q, top);
      }
      // Every row sharing a whole given-name key has been read: a row found through one syllable of a
      // two-character given name, or through the surname, matches a given-name reading at most in part.
      q.maxLevelScore = Math.max(
        givens.length > 0 ? NAME_SCORE['given-part'] + q.nameBonusMax : 0,
        fulls.length > 0 ? NAME_SCORE.partial : 0,
        shapeScore,
        lowScore,
      );
      for (const g of givens)
        if (g.length === 1)
          for (const s of g.syllables) this.scanBucketed(this.keys.lookup('c:' + s), q, top);
      q.maxLevelScore = Math.max(
        givens.length > 0 ? NAME_SCORE['given-char'] + q.nameBonusMax : 0,
        fulls.length > 0 ? NAME_SCORE.partial : 0,
        shapeScore,
        lowScore,
      );
      for (const id of surnameIds) this.scanBucketed(id, q, top);
      // Nothing found by the full name: widen to surname + one given syllable (a 形近 OCR error, or a
      // homophone or accent in one character that the full key does not reach).
      if (widen)
        for (const f of fulls)
          for (const sk of f.interp.analysis.surnameSearchKeys)
            for (const sy of f.givenSyllables) this.scanKey('p:', sk + ' ' + sy, q, top);
      // Records holding a surname alone (a rescued person who gave only 王): reached by the full name's
      // surname, read by sex and birth band, scored as a partial agreement (explained as 'surname').
      if (this.surnameOnlyRows > 0) {
        const done = new Set<number>();
        for (const f of fulls)
          for (const sk of f.interp.analysis.surnameSearchKeys) {
            const id = this.keys.lookup('w:' + sk);
            if (id === undefined || done.has(id)) continue;
            done.add(id);
            this.scanBucketed(id, q, top);
          }
      }
      // Records without a name, in the same top k: the (kind, county) blocks, best region first.
      if (
        this.unnamedRows +
          (hasSurnames ? this.nicknames : 0) +
          (givens.length > 0 ? this.surnameOnlyRows : 0) >
        0
      )
        this.scanBlocks(q, top, true);
    } else this.scanBlocks(q, top, false);

    q.fullKeysRead = false;
    const hits: FamilySearchHit[] = [];
    for (const i of top.order()) {
      const row = top.rows[i]!;
      const detail = top.details[i]!;
      const region = this.rowLines.f64[row * HOT + H_REGION]!;
      const meta = this.rowLines.i32[row * LINE_I32 + I_META]!;
      const hit: FamilySearchHit = {
        id: this.rowId[row]!,
        kind: FAMILY_RECORD_KINDS[(meta >> 1) & 3]!,
        score: top.scores[i]!,
        explanation: {
          name: LEVEL_LABEL[detail & 31]!,
          ageDifference: detail & 1024 ? (detail >> 11) - 512 : null,
          region: q.hints.length === 0 || region < 0 ? 'unknown' : REGION_LEVELS[(detail >> 5) & 7]!,
          sex: q.sex === SEX_UNKNOWN || meta >> 3 === SEX_UNKNOWN ? 'unknown' : 'equal',
          sharedFeatures: this.sharedFeatures(row, q),
          eventOrder: EVENT_ORDERS[(detail >> 8) & 3]!,
        },
      };
      const photoRef = this.rowPhoto[row];
      if (photoRef !== undefined) hit.photoRef = photoRef;
      hits.push(hit);
    }
    return { hits, warnings: parsed.warnings, understood: parsed.understood };
  }

  /** Score of one row for the query (NaN when it is filtered out); its make-up goes to q.detail. */
  private scoreRow(row: number, q: QueryContext): number {
    const ints = this.rowLines.i32;
    const ai = row * LINE_I32;
    const meta = ints[ai + I_META]!;
    if ((meta & 1) === 0) return NaN;
    const kind = (meta >> 1) & 3;
    if (((q.kindMask >> kind) & 1) === 0) return NaN;
    const recordSex = meta >> 3;
    if (q.sex !== SEX_UNKNOWN && recordSex !== SEX_UNKNOWN && recordSex !== q.sex) return NaN;
    const band = ints[ai + I_BAND]!;
    if (band !== 0 && (band < q.bandFrom || band > q.bandTo)) return NaN;
    const hot = this.rowLines.f64;
    const at = row * HOT;
    const region = hot[at + H_REGION]!;
    if (q.scope) {
      let inScope = false;
      for (const [from, to] of q.scope)
        if (region >= from && region < to) {
          inScope = true;
          break;
        }
      if (!inScope) return NaN;
    }
    const birth = hot[at]!;
    let ageScore = 0;
    let ageDifference: number | null = null;
    if (q.impliedBirth !== undefined && birth > 0) {
      const diff = birth - q.impliedBirth;
      ageDifference = Math.round(diff);
      const sigma = Math.max(q.baseSigma, hypot(q.queryUncertainty, hot[at + 1]!));
      if (Math.abs(diff) > 3 * sigma) return NaN;
      ageScore = ((-0.5 * diff * diff) / (sigma * sigma)) * AGE_WEIGHT;
    } else if (q.impliedBirth !== undefined) ageScore = UNKNOWN_AGE_SCORE;
    let regionLevel = 0; // 0 none, 1 province, 2 prefecture, 3 county
    let regionScore = 0;
    if (region >= 0)
      for (const hint of q.hints) {
        if (hint.code < 0) continue;
        let matched = 0;
        if (hint.digits >= 6 && hint.code === region) matched = 3;
        else if (hint.digits >= 4 && Math.floor(hint.code / 100) === Math.floor(region / 100)) matched = 2;
        else if (Math.floor(hint.code / 10000) === Math.floor(region / 10000)) matched = 1;
        if (matched > regionLevel) regionLevel = matched;
        if (hint.weights[matched]! > regionScore) regionScore = hint.weights[matched]!;
      }

    // Rows that cannot reach the k-th score even with the best features and name are left unread
    // (see the pruning note below; the event-order term is never positive).
    const prune = q.strongName || q.prunable || q.unnamedScan;
    const nameMax = q.unnamedScan ? 0 : q.maxLevelScore;
    if (prune && ageScore + regionScore + q.maxFeatures + nameMax < q.floor) return NaN;
    // While the top k is not full nothing is pruned: the name (which may exclude the row) is compared
    // before the features are read. Same score, detail and strong-name flag in either order.
    const nameFirst = q.floor === -Infinity;
    let level = L_NONE;
    if (nameFirst) {
      level = this.rowNameLevel(row, q);
      if (level < 0) return NaN;
    }

    let featureScore = 0;
    if (q.tokenIds.length > 0) {
      const val = this.rowFeatures.values.data;
      const from = ints[ai + I_FEATURES]!;
      const to = ints[ai + I_FEATURES + 1]!;
      for (let t = 0; t < q.tokenIds.length; t++) {
        const id = q.tokenIds[t]!;
        for (let j = from; j < to; j++)
          if (val[j] === id) {
            featureScore += q.tokenWeights[t]!;
            break;
          }
      }
      featureScore = Math.min(featureScore * 0.5, 8);
    }

    let eventOrder: FamilySearchHit['explanation']['eventOrder'] = 'unknown';
    const day = hot[at + H_DAY]!;
    if (day !== NO_DAY) {
      if (q.lostDay !== NO_DAY && kind !== 0) eventOrder = day >= q.lostDay ? 'consistent' : 'inconsistent';
      else if (q.foundDay !== NO_DAY && kind === 0)
        eventOrder = day <= q.foundDay ? 'consistent' : 'inconsistent';
    }
    const eventScore = eventOrder === 'inconsistent' ? -3 : 0;

    // The name comparison is the costly part: once a full-name match has been seen (so the widening
    // below no longer depends on this row) and the top k is full, a row that cannot reach the k-th
    // score even with the best name level is left out unread.
    const rest = ageScore + regionScore + featureScore + eventScore;
    if (prune && rest + nameMax < q.floor) return NaN;
    // A record without a name is a candidate of a named query as well, on the other fields alone; so is
    // a record whose name shares no part with a reading of the query (a 小名 against a surname, a
    // surname alone against a given name): no evidence either way. A name that was compared and
    // disagrees excludes the record.
    // In a block scan every row a name posting reaches has been read (or its band skipped as unable
    // to reach the k-th score): a row met here agrees on no name part, so only the form is checked.
    if (!nameFirst) {
      level = this.rowNameLevel(row, q);
      if (level < 0) return NaN;
    }
    if (isStrong(level)) q.strongName = true;

    const score = LEVEL_SCORE[level]! + q.nameBonus + rest;
    if (q.parts) {
      const p = q.parts;
      p.name = LEVEL_SCORE[level]! + q.nameBonus;
      p.nameLevel = LEVEL_LABEL[level]!;
      p.age = ageScore;
      p.ageZ =
        q.impliedBirth !== undefined && birth > 0
          ? Math.abs(birth - q.impliedBirth) / Math.max(q.baseSigma, hypot(q.queryUncertainty, hot[at + 1]!))
          : NaN;
      p.region = regionScore;
      p.regionLevel = regionLevel;
      p.features = featureScore;
      p.event = eventScore;
      p.eventRank = eventOrder === 'inconsistent' ? 0 : eventOrder === 'consistent' ? 2 : 1;
    }
    q.detail =
      level |
      (regionLevel << 5) |
      ((eventOrder === 'consistent' ? 1 : eventOrder === 'inconsistent' ? 2 : 0) << 8) |
      (ageDifference === null ? 0 : 1024 | ((Math.max(-512, Math.min(511, ageDifference)) + 512) << 11));
    return score;
  }

  /** Name level of a row for scoreRow (its bonus in q.nameBonus); −1 when the name excludes the row. */
  private rowNameLevel(row: number, q: QueryContext): number {
    let level = L_NONE;
    q.nameBonus = 0;
    if (q.named || q.ordinal !== undefined) {
      const formKind = this.rowLines.i32[row * LINE_I32 + I_FORM_KIND]!;
      if ((formKind & 3) !== FORM_NONE) {
        if (!q.unnamedScan) level = this.nameLevel(row, q);
        if (level === L_NONE && q.named && !uncompared(formKind, q)) return -1;
      }
    }
    return level;
  }

  private sharedFeatures(row: number, q: QueryContext): string[] {
    const shared: string[] = [];
    const off = this.rowFeatures.offsets.data;
    const val = this.rowFeatures.values.data;
    for (const id of q.tokenIds)
      for (let j = off[row]!; j < off[row + 1]!; j++)
        if (val[j] === id) {
          shared.push(this.tokenText[id]!);
          break;
        }
    return shared;
  }

  /**
   * A record holding a surname alone against a full name: the same surname (hanzi, or the same syllables
   * for a pinyin query) scores as a surname match, a homophone surname less, a dialect-folded one least —
   * the grades of a surname-only query (partial agreement: nothing is known of the given name).
   */
  private storedSurnameLevel(name: number, f: FullQuery, q: QueryContext): number {
    this.resolve(f, q.profileId, R_SURNAME);
    this.resolve(f, q.profileId, R_SURNAME_TEXT);
    if (!this.nameKeysAny(name, N_SURNAME_SEARCH, f.surnameSearch)) return L_NONE;
    if (
      f.surnameTextId !== undefined &&
      this.nameLine.data[name * NAME_LINE + N_SURNAME_TEXT] === f.surnameTextId
    )
      return L_SURNAME;
    if (this.nameSurnamePy.anyOf(name, f.surnamePy))
      return f.interp.analysis.fromPinyin ? L_SURNAME : L_SURNAME_HOMOPHONE;
    return L_SURNAME_FOLDED;
  }

  /**
   * Best name level (code) of a row for the query's interpretations: a function of the row's name form
   * alone, so it is computed once per form and search (rows sharing a name share the answer).
   */
  private nameLevel(row: number, q: QueryContext): number {
    const formId = this.rowLines.i32[row * LINE_I32 + I_FORM]!;
    const memo = this.formMemoInts;
    const at = 2 * FORM_LINE * formId;
    if (memo[at + F_STAMP] === this.stampNow) {
      q.nameBonus = this.formMemo[FORM_LINE * formId]!; // set by formNameLevel alongside the level
      return memo[at + F_LEVEL]!;
    }
    q.nameBonus = 0;
    const level = this.formNameLevel(formId, q);
    memo[at + F_STAMP] = this.stampNow;
    memo[at + F_LEVEL] = level;
    this.formMemo[FORM_LINE * formId] = q.nameBonus;
    return level;
  }

  /** Whether a name's search keys (N_SEARCH) or surname search keys (N_SURNAME_SEARCH) hold any of ids. */
  private nameKeysAny(name: number, which: number, ids: ReadonlySet<number>): boolean {
    if (ids.size === 0) return false;
    const line = this.nameLine.data;
    const val = (which === N_SEARCH ? this.nameSearch : this.nameSurnameSearch).values.data;
    for (let k = line[name * NAME_LINE + which]!, end = line[name * NAME_LINE + which + 1]!; k < end; k++)
      if (ids.has(val[k]!)) return true;
    return false;
  }

  /** Whether a name's surname search keys hold any id of a short array. */
  private nameKeysAnyArray(name: number, ids: ArrayLike<number>): boolean {
    const line = this.nameLine.data;
    const val = this.nameSurnameSearch.values.data;
    const at = name * NAME_LINE + N_SURNAME_SEARCH;
    for (let k = line[at]!, end = line[at + 1]!; k < end; k++) {
      const v = val[k]!;
      for (let j = 0; j < ids.length; j++) if (ids[j] === v) return true;
    }
    return false;
  }

  /** Key ids of keys (prefixed) the dictionary holds; keys it does not hold no stored name has. */
  private keyIdList(keys: readonly string[], prefix: string): number[] {
    const out: number[] = [];
    for (const key of keys) {
      const id = this.keys.lookup(prefix + key);
      if (id !== undefined) out.push(id);
    }
    return out;
  }

  /** Whether a stored given name holds any of the search key ids (or, `syllable`, syllable key ids). */
  private givenHasAny(givenId: number, ids: readonly number[], syllable: boolean): boolean {
    if (ids.length === 0) return false;
    const off = this.givenKeyIds.offsets.data;
    const val = this.givenKeyIds.values.data;
    for (let k = off[givenId]!, end = off[givenId + 1]!; k < end; k++) {
      const id = syllable ? ~val[k]! : val[k]!;
      if (id < 0) continue;
      for (let j = 0; j < ids.length; j++) if (ids[j] === id) return true;
    }
    return false;
  }

  /** Bonus of the level givenReadingsLevel returned last. */
  private givenReadingsBonus = 0;

  /**
   * First best level of the query's given-name readings against a stored given name (from none; its
   * character-rarity bonus in givenReadingsBonus).
   */
  private givenReadingsLevel(form: number, givenId: number, given: GivenInfo, q: QueryContext): number {
    const slot = 2 * givenId + (form === FORM_NICK ? 1 : 0);
    const memo = this.givenMemoInts;
    if (memo[4 * slot + 2] === this.stampNow) {
      this.givenReadingsBonus = this.givenMemo[2 * slot]!;
      return memo[4 * slot + 3]!;
    }
    let best = L_NONE;
    let bestBonus = 0;
    // One character that may be a surname as well: a given-name match weighs no more than a surname.
    const ambiguous = q.hasSurnames;
    for (const g of q.givens) {
      let level = L_NONE;
      // A lone hanzi that is also a surname counts as a given-name character only when that very
      // character is in the given name; a homophone of it in the given name (杰 for 解) weighs less.
      const weak = ambiguous && g.text !== undefined && !given.text.includes(g.text);
      if (this.givenHasAny(givenId, (g.searchIds ??= this.keyIdList(g.search, 'g:')), false))
        level = weak
          ? L_GIVEN_CHAR_WEAK
          : ambiguous
            ? L_GIVEN_CHAR
            : g.length > 1 || form === FORM_NICK
              ? L_NICK
              : L_GIVEN;
      else if (
        g.length === 1 &&
        this.givenHasAny(givenId, (g.syllableIds ??= this.keyIdList(g.syllables, 'gy:')), true)
      )
        level = weak ? L_GIVEN_CHAR_WEAK : ambiguous ? L_GIVEN_CHAR : L_GIVEN_PART;
      else if (g.shape !== undefined && g.shape === given.shape)
        level = ambiguous ? L_GIVEN_CHAR_WEAK : L_GIVEN_SHAPE;
      // The very characters the family gave (not only their sound) in the given name: evidence by
      // their rarity among given names (GivenQuery.charBonus).
      let bonus = 0;
      if (level !== L_NONE && !ambiguous)
        for (const { ch, bonus: b } of g.charBonus) if (given.text.includes(ch)) bonus += b;
      if (LEVEL_SCORE[level]! + bonus > LEVEL_SCORE[best]! + bestBonus) {
        best = level;
        bestBonus = bonus;
      }
    }
    this.givenReadingsBonus = bestBonus;
    memo[4 * slot + 2] = this.stampNow;
    memo[4 * slot + 3] = best;
    this.givenMemo[2 * slot] = bestBonus;
    return best;
  }

  private formNameLevel(formId: number, q: QueryContext): number {
    const ints = this.formInts;
    const at = 2 * FORM_LINE * formId;
    const form = ints[at + F_KIND]! & 3;
    const givenId = ints[at + F_GIVEN]!;
    let best = L_NONE;
    let bestBonus = 0;
    const given = givenId >= 0 ? this.givens[givenId] : undefined;
    // The given-name readings on their own (the first best of them, from none), computed once on first
    // need: the level is the first best of the candidates in the order full readings, surname, given
    // readings, so a full-name candidate scoring below the given readings' best can never be the answer
    // and is not computed — the partial match (4.5: surname keys and given syllables) behind a given-name
    // match (5 to 7 and more), and with it the per-query surname key lookups. Same level, same bonus.
    let givenBest = -1;
    let givenBonus = 0;
    if (form === FORM_FULL) {
      const name = ints[at + F_NAME]!;
      for (const f of q.fulls) {
        let level = L_NONE;
        if (
          f.normalizedHash === this.nameLine.data[name * NAME_LINE]! &&
          f.normalized === this.nameNormalized[name]
        )
          return L_EXACT;
        // Every fold (light, heavy, a profile's) is coarsened by the search fold, so a name sharing no
        // search key with the query can match it only by shape or in part: skip the sound ladder.
        if (q.fullKeysRead || !this.nameKeysAny(name, N_SEARCH, f.search)) {
          if (f.shape !== undefined && this.nameLine.data[name * NAME_LINE + N_SHAPE] === f.shape)
            level = L_SHAPE;
          else if (given) {
            if (givenBest < 0) {
              givenBest = this.givenReadingsLevel(form, givenId, given, q);
              givenBonus = this.givenReadingsBonus;
            }
            if (
              LEVEL_SCORE[L_PARTIAL]! >= LEVEL_SCORE[givenBest]! + givenBonus &&
              this.nameKeysAny(
                name,
                N_SURNAME_SEARCH,
                this.resolve(f, q.profileId, R_SURNAME).surnameSearch,
              ) &&
              this.givenHasAny(
                givenId,
                (f.givenSyllableIds ??= this.keyIdList(f.givenSyllables, 'gy:')),
                true,
              )
            )
              level = L_PARTIAL;
          }
        } else if (this.namePy.anyOf(name, this.resolve(f, q.profileId, R_PY).py)) level = L_HOMOPHONE;
        else if (this.nameLight.anyOf(name, this.resolve(f, q.profileId, R_LIGHT).light)) level = L_LIGHT;
        else if (
          this.resolve(f, q.profileId, R_FOLDS).profileKeys !== undefined &&
          q.profileId &&
          intersectsSet(f.profileKeys!, this.profileKeys(q.profileId, name))
        )
          level = L_PROFILE;
        else if (this.nameHeavy.anyOf(name, f.heavy)) level = L_HEAVY;
        else if (f.shape !== undefined && this.nameLine.data[name * NAME_LINE + N_SHAPE] === f.shape)
          level = L_SHAPE;
        else level = L_ANY;
        if (level === L_NONE && (ints[at + F_KIND]! & 4) !== 0) level = this.storedSurnameLevel(name, f, q);
        if (LEVEL_SCORE[level]! > LEVEL_SCORE[best]!) best = level;
      }
      if (given && givenBest < 0) {
        givenBest = this.givenReadingsLevel(form, givenId, given, q);
        givenBonus = this.givenReadingsBonus;
      }
      if (
        q.hasSurnames &&
        LEVEL_SCORE[L_SURNAME]! > LEVEL_SCORE[best]! &&
        LEVEL_SCORE[L_SURNAME]! >= (givenBest < 0 ? 0 : LEVEL_SCORE[givenBest]! + givenBonus)
      )
        if (this.nameKeysAnyArray(name, q.surnameIds)) {
          let level = L_SURNAME_FOLDED;
          if (q.surnameTextIds.includes(this.nameLine.data[name * NAME_LINE + N_SURNAME_TEXT]!))
            level = L_SURNAME;
          else if (this.nameSurnamePy.anyOfArray(name, q.surnamePyIds))
            level = q.surnameFromPinyin ? L_SURNAME : L_SURNAME_HOMOPHONE;
          if (LEVEL_SCORE[level]! > LEVEL_SCORE[best]!) best = level;
        }
    }
    if (given) {
      if (givenBest < 0) {
        givenBest = this.givenReadingsLevel(form, givenId, given, q);
        givenBonus = this.givenReadingsBonus;
      }
      if (LEVEL_SCORE[givenBest]! + givenBonus > LEVEL_SCORE[best]! + bestBonus) {
        best = givenBest;
        bestBonus = givenBonus;
      }
      if (form === FORM_NICK)
        for (const f of q.fulls) {
          let level = L_NONE;
          if (this.givenHasAny(givenId, (f.givenSearchIds ??= this.keyIdList(f.givenSearch, 'g:')), false))
            level = L_NICK;
          else if (
            given.length === 1 &&
            this.givenHasAny(givenId, (f.givenSyllableIds ??= this.keyIdList(f.givenSyllables, 'gy:')), true)
          )
            level = L_GIVEN_PART;
          if (LEVEL_SCORE[level]! > LEVEL_SCORE[best]! + bestBonus) {
            best = level;
            bestBonus = 0;
          }
        }
    }
    if (
      q.ordinal !== undefined &&
      form === FORM_ORDINAL &&
      this.forms[formId]!.ordinal === q.ordinal &&
      LEVEL_SCORE[L_ORDINAL]! > LEVEL_SCORE[best]! + bestBonus
    ) {
      best = L_ORDINAL;
      bestBonus = 0;
    }
    q.nameBonus = bestBonus;
    return best;
  }
}

const EMPTY_IDS: Set<number> = new Set();
/** Marks a bucketable key split by sex and birth band in FamilySearchIndex.plain. */
const BUCKETED: number[] = [];
const NO_REGION_WEIGHTS: readonly number[] = [0, 0, 0, 0];
/** Stages of FullQuery.resolved: pinyin keys, light-fold keys, heavy and profile folds, surname keys. */
const R_PY = 1;
const R_LIGHT = 2;
const R_FOLDS = 4;
const R_SURNAME = 8;
/** The surname's text and toneless pinyin keys (records holding a surname alone only). */
const R_SURNAME_TEXT = 16;

/**
 * The record's name and some reading of the query name share no part to compare: a 小名 (given name
 * only) against a surname reading, a surname alone against a given-name reading.
 */
function uncompared(formKind: number, q: QueryContext): boolean {
  if ((formKind & 3) === FORM_NICK) return q.hasSurnames;
  if ((formKind & 4) !== 0) return q.givens.length > 0;
  return false;
}

/** Numeric code of a (kind, county, unnamed) block; county −1 (unknown) is 0. */
function blockCode(kind: number, region: number, unnamed: boolean): number {
  return ((region < 0 ? 0 : region + 1) * 3 + kind) * 2 + (unnamed ? 1 : 0);
}

/** Toneless pinyin keys of a surname's reading slots ('ou yang'), at most 8 combinations. */
function surnamePyKeys(slots: readonly (readonly string[])[]): string[] {
  let out = [''];
  for (const slot of slots) {
    const next: string[] = [];
    for (const prefix of out)
      for (const reading of slot)
        if (next.length < 8) next.push(prefix === '' ? reading : prefix + ' ' + reading);
    out = next;
  }
  return out.filter((k) => k !== '');
}

const profileFolds = new Map<string, (syllable: string) => string>();

/**
 * Builds, once per process, the tables the query path would otherwise build on its first use: the fold of
 * every dialect profile and the set of accent syllables. The first query that names a profile or is typed
 * in pinyin then costs what later ones do (it paid 2–4 ms more); the first index made pays it instead
 * (25–35 ms for all seven profiles, once per process).
 */
let queryTablesReady = false;
function prepareQueryTables(): void {
  if (queryTablesReady) return;
  queryTablesReady = true;
  for (const profile of DIALECT_PROFILES) profileFoldOf(profile.id);
  accentSyllables();
}

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

/** 32-bit FNV-1a hash of a string's UTF-16 units. */
function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

function hypot(a: number, b: number): number {
  return Math.sqrt(a * a + b * b);
}

function intersectsSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}
