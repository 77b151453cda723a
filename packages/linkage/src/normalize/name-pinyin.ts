/**
 * Pinyin readings and match keys of one person name. Surname readings use pinyin-pro's surname mode
 * plus a curated table of surnames read more than one way by region (覃 qin/tan); given-name
 * characters carry all their readings (乐 le/yue) so two names agree when the reading sets intersect.
 * Everything is per distinct name and cached per character; callers cache per name.
 */
import { pinyin, polyphonic } from 'pinyin-pro';
import type { PinyinMerger } from './dialect';
import {
  createDialectFold,
  createSyllableMerger,
  HEAVY_MERGERS,
  LIGHT_MERGERS,
  SEARCH_MERGERS,
} from './dialect';
import { cleanNameText, normalizeNameText } from './name-text';
import { shapeKeyText } from './shape';

/** Compound surnames (复姓) recognised at the head of a name of three or more characters. */
export const COMPOUND_SURNAMES: readonly string[] = (
  '欧阳 司马 上官 诸葛 皇甫 尉迟 万俟 东方 令狐 夏侯 慕容 司徒 公孙 长孙 宇文 轩辕 澹台 西门 南宫 独孤 ' +
  '呼延 端木 申屠 赫连 钟离 闾丘 太史 公冶 濮阳 淳于 单于 仲孙 百里 东郭 拓跋 完颜'
).split(' ');
const COMPOUND_SET = new Set(COMPOUND_SURNAMES);

/** Surnames with a surname-specific or regionally split reading; the first reading is the usual one. */
export const SURNAME_READINGS: Readonly<Record<string, readonly string[]>> = {
  覃: ['qin', 'tan'],
  单: ['shan'],
  曾: ['zeng'],
  解: ['xie'],
  仇: ['qiu'],
  查: ['zha'],
  区: ['ou'],
  朴: ['piao'],
  盖: ['ge', 'gai'],
  乐: ['yue', 'le'],
  缪: ['miao'],
  翟: ['zhai'],
  种: ['chong'],
  秘: ['bi'],
  繁: ['po'],
  员: ['yun'],
  尉: ['wei'],
  召: ['shao'],
  冼: ['xian'],
  阚: ['kan'],
  句: ['gou'],
  相: ['xiang'],
  任: ['ren'],
  华: ['hua'],
  宿: ['su'],
  燕: ['yan'],
  纪: ['ji'],
  过: ['guo'],
  莘: ['shen'],
  长: ['chang'],
  藏: ['zang'],
};

const MAX_READINGS_PER_CHAR = 2;
const MAX_COMBINATIONS = 4;

const charCache = new Map<string, readonly string[]>();

/** Toneless readings of one character in a given name, most usual first; [] for non-hanzi. */
export function givenCharReadings(ch: string): readonly string[] {
  let readings = charCache.get(ch);
  if (readings === undefined) {
    if (!/\p{Script=Han}/u.test(ch)) readings = [];
    else {
      const primary = pinyin(ch, { toneType: 'none', v: true });
      const all = polyphonic(ch, { toneType: 'none', type: 'array', v: true })[0] ?? [];
      readings = [...new Set([primary, ...all])].slice(0, MAX_READINGS_PER_CHAR);
    }
    charCache.set(ch, readings);
  }
  return readings;
}

const surnameCache = new Map<string, readonly (readonly string[])[]>();

/** Per-character readings of a surname (one or two characters). */
export function surnameReadings(surname: string): readonly (readonly string[])[] {
  let readings = surnameCache.get(surname);
  if (readings === undefined) {
    const curated = SURNAME_READINGS[surname];
    if (curated) readings = [curated];
    else {
      const heads = pinyin(surname, { toneType: 'none', surname: 'head', type: 'array', v: true });
      readings = heads.map((r, i) => (/^[a-z]+$/.test(r) ? [r] : givenCharReadings([...surname][i] ?? '')));
    }
    surnameCache.set(surname, readings);
  }
  return readings;
}

let syllableSet: Set<string> | undefined;
let maxSyllableLength = 6;

/** All toneless Mandarin syllables (derived once from pinyin-pro over the CJK block). */
export function pinyinSyllables(): ReadonlySet<string> {
  if (!syllableSet) {
    const set = new Set<string>();
    for (let code = 0x4e00; code <= 0x9fa5; code += 1) {
      for (const r of givenCharReadings(String.fromCharCode(code))) if (/^[a-zv]+$/.test(r)) set.add(r);
      charCache.delete(String.fromCharCode(code));
    }
    // Accept what accented speech produces too (len, hen, zan …): every merged form of a syllable.
    for (const syllable of [...set]) set.add(accentForm(syllable));
    syllableSet = set;
    maxSyllableLength = Math.max(...[...set].map((s) => s.length));
  }
  return syllableSet;
}

/**
 * Splits typed pinyin ("zhang wei", "zhangwei", "Zhang'Wei", "lü") into syllables by longest match;
 * undefined when it is not pinyin.
 */
export function segmentPinyin(text: string): string[] | undefined {
  const syllables = pinyinSyllables();
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ü|u:/g, 'v')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[\s'’\-·.]+/)
    .filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const out: string[] = [];
  for (const word of words) {
    if (!/^[a-z]+$/.test(word)) return undefined;
    // Dynamic programming: fewest syllables, preferring longer ones first.
    const best: (string[] | undefined)[] = Array.from({ length: word.length + 1 }, () => undefined);
    best[0] = [];
    for (let i = 0; i < word.length; i++) {
      const prefix = best[i];
      if (!prefix) continue;
      for (let len = Math.min(maxSyllableLength, word.length - i); len >= 1; len--) {
        const piece = word.slice(i, i + len);
        if (!syllables.has(piece)) continue;
        const candidate = [...prefix, piece];
        const current = best[i + len];
        if (!current || candidate.length < current.length) best[i + len] = candidate;
      }
    }
    const segmented = best[word.length];
    if (!segmented) return undefined;
    out.push(...segmented);
  }
  return out;
}

export interface PersonNameAnalysis {
  /** NFKC-cleaned text: the hanzi-exact level compares this. */
  clean: string;
  /** After t2s and the variant table. */
  normalized: string;
  surname: string;
  given: string;
  /** True when the input was typed pinyin rather than hanzi. */
  fromPinyin: boolean;
  /** Readings per character (surname characters first), usual reading first. */
  readings: readonly (readonly string[])[];
  /** Number of leading reading positions that belong to the surname. */
  surnameLength: number;
  /** Toneless pinyin keys ("zhang wei"), usual reading first, then alternatives. */
  pyKeys: string[];
  lightKeys: string[];
  heavyKeys: string[];
  /** Keys under every dialect merger (寻亲 index). */
  searchKeys: string[];
  /** Surname syllables + sorted given syllables (given-name order ignored). */
  reorderKeys: string[];
  /** Characters replaced by their shape-class representative. */
  shapeKey: string;
  /** Heavy key of the surname's usual reading. */
  surnameHeavy: string;
  /** Search keys of the surname alone (all readings). */
  surnameSearchKeys: string[];
  /** Sorted given-name syllables, usual readings. */
  givenMultiset: string;
  /** Shape representative of the surname characters. */
  surnameShape: string;
  /** Usual pinyin without separators, for Jaro–Winkler. */
  jwText: string;
}

const light = createSyllableMerger(LIGHT_MERGERS);
const heavy = createSyllableMerger(HEAVY_MERGERS);
/** 寻亲 search keys: the order-free fold over every profile's mergers (dialect.ts createDialectFold). */
export const searchFold = createDialectFold(SEARCH_MERGERS);
const search = searchFold;
/** Fixed-order merged form, only to widen the syllables typed pinyin may use (len, zan, hun …). */
const accentForm = createSyllableMerger(SEARCH_MERGERS);

function combinations(readings: readonly (readonly string[])[]): string[][] {
  let combos: string[][] = [[]];
  for (const options of readings) {
    const choices = options.length > 0 ? options : ['?'];
    const next: string[][] = [];
    for (const combo of combos) {
      for (const choice of choices) {
        if (next.length >= MAX_COMBINATIONS) break;
        next.push([...combo, choice]);
      }
    }
    combos = next;
  }
  return combos;
}

function unique(keys: string[]): string[] {
  if (keys.length <= 1) return keys;
  return [...new Set(keys)];
}

/** Splits a normalised hanzi name into surname and given name (compound surnames recognised). */
export function splitSurname(name: string): [string, string] {
  const chars = [...name];
  if (chars.length >= 3 && COMPOUND_SET.has(chars[0]! + chars[1]!))
    return [chars[0]! + chars[1]!, chars.slice(2).join('')];
  return [chars[0] ?? '', chars.slice(1).join('')];
}

/** Applies a syllable merger to every syllable of a key. */
export function mergeKey(key: string, merger: (syllable: string) => string): string {
  return key
    .split(' ')
    .map((s) => merger(s))
    .join(' ');
}

/**
 * All keys of one name. Accepts hanzi (traditional or simplified, full-width, with `·`) or typed
 * pinyin; a single character is taken as a surname alone.
 */
export function analyzePersonName(raw: string | null | undefined): PersonNameAnalysis {
  const clean = cleanNameText(raw);
  const typed = /^[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü:'’\s-]+$/.test((raw ?? '').normalize('NFKC').trim());
  const syllables = typed ? segmentPinyin(raw ?? '') : undefined;
  let normalized: string;
  let surname: string;
  let given: string;
  let readings: (readonly string[])[];
  let surnameLength: number;
  if (syllables) {
    const joined2 = syllables.slice(0, 2).join('');
    const compound = syllables.length >= 3 && COMPOUND_PINYIN.has(joined2);
    surnameLength = compound ? 2 : 1;
    normalized = syllables.join(' ');
    surname = syllables.slice(0, surnameLength).join(' ');
    given = syllables.slice(surnameLength).join(' ');
    readings = syllables.map((s) => [s]);
  } else {
    return analyzeHanziName(clean);
  }
  const combos = combinations(readings);
  const pyKeys = unique(combos.map((c) => c.join(' ')));
  const lightKeys = unique(combos.map((c) => c.map(light).join(' ')));
  const heavyKeys = unique(combos.map((c) => c.map(heavy).join(' ')));
  const searchKeys = unique(combos.map((c) => c.map(search).join(' ')));
  const reorderKeys = unique(
    combos.map((c) => [...c.slice(0, surnameLength), ...c.slice(surnameLength).sort()].join(' ')),
  );
  const usual = combos[0] ?? [];
  const surnameCombos = combinations(readings.slice(0, surnameLength));
  return {
    clean,
    normalized,
    surname,
    given,
    fromPinyin: true,
    readings,
    surnameLength,
    pyKeys,
    lightKeys,
    heavyKeys,
    searchKeys,
    reorderKeys,
    shapeKey: normalized,
    surnameHeavy: usual.slice(0, surnameLength).map(heavy).join(' '),
    surnameSearchKeys: unique(surnameCombos.map((c) => c.map(search).join(' '))),
    givenMultiset: usual.slice(surnameLength).sort().join(' '),
    surnameShape: surname,
    jwText: usual.join(''),
  };
}

/** Keys of one part of a name (surname or given name), cached per distinct part. */
interface PartKeys {
  readings: readonly (readonly string[])[];
  combos: string[][];
  py: string[];
  light: string[];
  heavy: string[];
  search: string[];
  /** Given part only: each combo's syllables sorted. */
  sorted: string[];
  shape: string;
  jw: string;
}

const surnamePartCache = new Map<string, PartKeys>();
const givenPartCache = new Map<string, PartKeys>();

function partKeys(readings: readonly (readonly string[])[], text: string): PartKeys {
  const combos = readings.length === 0 ? [[]] : combinations(readings);
  return {
    readings,
    combos,
    py: combos.map((c) => c.join(' ')),
    light: combos.map((c) => c.map(light).join(' ')),
    heavy: combos.map((c) => c.map(heavy).join(' ')),
    search: combos.map((c) => c.map(search).join(' ')),
    sorted: combos.map((c) => [...c].sort().join(' ')),
    shape: shapeKeyText(text),
    jw: (combos[0] ?? []).join(''),
  };
}

function surnamePart(surname: string): PartKeys {
  let part = surnamePartCache.get(surname);
  if (!part) {
    part = partKeys(surname === '' ? [] : surnameReadings(surname), surname);
    surnamePartCache.set(surname, part);
  }
  return part;
}

function givenPart(given: string): PartKeys {
  let part = givenPartCache.get(given);
  if (!part) {
    part = partKeys(
      [...given].map((ch) => givenCharReadings(ch)),
      given,
    );
    givenPartCache.set(given, part);
  }
  return part;
}

function joinKey(a: string, b: string): string {
  return b === '' ? a : a === '' ? b : a + ' ' + b;
}

/**
 * Hanzi names compose cached surname and given-name keys: the combination order (surname-major,
 * first MAX_COMBINATIONS) equals combinations() over all characters, at a fraction of the cost.
 */
function analyzeHanziName(clean: string): PersonNameAnalysis {
  const normalized = normalizeNameText(clean);
  const [surname, given] = splitSurname(normalized);
  const sp = surnamePart(surname);
  const gp = givenPart(given);
  const pairs: [number, number][] = [];
  for (let i = 0; i < sp.combos.length && pairs.length < MAX_COMBINATIONS; i++) {
    for (let j = 0; j < gp.combos.length && pairs.length < MAX_COMBINATIONS; j++) pairs.push([i, j]);
  }
  const keys = (kind: 'py' | 'light' | 'heavy' | 'search') =>
    unique(pairs.map(([i, j]) => joinKey(sp[kind][i]!, gp[kind][j]!)));
  return {
    clean,
    normalized,
    surname,
    given,
    fromPinyin: false,
    readings: [...sp.readings, ...gp.readings],
    surnameLength: sp.readings.length,
    pyKeys: keys('py'),
    lightKeys: keys('light'),
    heavyKeys: keys('heavy'),
    searchKeys: keys('search'),
    reorderKeys: unique(pairs.map(([i, j]) => joinKey(sp.py[i]!, gp.sorted[j]!))),
    shapeKey: sp.shape + gp.shape,
    surnameHeavy: sp.heavy[0] ?? '',
    surnameSearchKeys: unique([...sp.search]),
    givenMultiset: gp.sorted[0] ?? '',
    surnameShape: sp.shape,
    jwText: sp.jw + gp.jw,
  };
}

const COMPOUND_PINYIN = new Set(
  COMPOUND_SURNAMES.map((s) =>
    pinyin(s, { toneType: 'none', surname: 'head', type: 'array', v: true }).join(''),
  ),
);

export type { PinyinMerger };
