/**
 * Pinyin mergers (模糊音) as data. A merger rewrites one toneless syllable; a profile is an ordered
 * list of mergers. The catalogue follows the input-method fuzzy-pinyin flags (ibus-pinyin, Rime) and
 * the dialect notes in docs/linkage.md: light = the widespread mergers, heavy = light plus the
 * southern/southwestern ones, and one profile per region for 寻亲 query expansion.
 */

export type PinyinMerger =
  | 'zh-z'
  | 'ch-c'
  | 'sh-s'
  | 'n-l'
  | 'r-l'
  | 'k-g'
  | 'f-h'
  | 'eng-en'
  | 'ing-in'
  | 'ang-an'
  | 'iang-ian'
  | 'uang-uan'
  | 'ong-en'
  | 'iong-in'
  | 'v-u';

export interface DialectProfile {
  id: string;
  /** Human label, e.g. 湖南口音. */
  label: string;
  mergers: readonly PinyinMerger[];
}

/** Retroflex and front/back nasal mergers: common to most southern speakers. */
export const LIGHT_MERGERS: readonly PinyinMerger[] = ['zh-z', 'ch-c', 'sh-s', 'eng-en', 'ing-in'];

/** Light plus n/l, f/h, r/l, ang/an family and ü/u (romanisation). */
export const HEAVY_MERGERS: readonly PinyinMerger[] = [
  ...LIGHT_MERGERS,
  'n-l',
  'r-l',
  'f-h',
  'ang-an',
  'iang-ian',
  'uang-uan',
  'v-u',
];

export const DIALECT_PROFILES: readonly DialectProfile[] = [
  { id: 'standard', label: '普通话', mergers: [] },
  { id: 'light', label: '平翘舌与前后鼻音', mergers: LIGHT_MERGERS },
  { id: 'heavy', label: '南方综合', mergers: HEAVY_MERGERS },
  // Xiang (Changsha new-style): zh/ch/sh → z/c/s, n/l single lateral, f/h, ong → en, iong → in.
  {
    id: 'hunan',
    label: '湖南口音',
    mergers: ['zh-z', 'ch-c', 'sh-s', 'n-l', 'f-h', 'eng-en', 'ing-in', 'ong-en', 'iong-in', 'ang-an', 'r-l'],
  },
  // Southwestern Mandarin: no retroflexes, n/l, eng/en, ing/in, f/h before u.
  {
    id: 'sichuan',
    label: '四川口音',
    mergers: ['zh-z', 'ch-c', 'sh-s', 'n-l', 'eng-en', 'ing-in', 'f-h', 'r-l'],
  },
  {
    id: 'guangdong',
    label: '广东口音',
    mergers: ['zh-z', 'ch-c', 'sh-s', 'n-l', 'eng-en', 'ing-in', 'k-g', 'r-l'],
  },
  {
    id: 'fujian',
    label: '福建口音',
    mergers: ['zh-z', 'ch-c', 'sh-s', 'f-h', 'eng-en', 'ing-in', 'ang-an', 'n-l'],
  },
];

/** Every merger any profile uses: the 寻亲 index key, so any profile's query finds its postings. */
export const SEARCH_MERGERS: readonly PinyinMerger[] = [
  ...new Set<PinyinMerger>([...HEAVY_MERGERS, ...DIALECT_PROFILES.flatMap((p) => p.mergers)]),
];

export function dialectProfile(id: string): DialectProfile | undefined {
  return DIALECT_PROFILES.find((p) => p.id === id);
}

/** Province prefixes (first two id digits) → default dialect profile for 寻亲 expansion. */
export const PROVINCE_DIALECT: Readonly<Record<string, string>> = {
  '43': 'hunan',
  '51': 'sichuan',
  '50': 'sichuan',
  '52': 'sichuan',
  '53': 'sichuan',
  '42': 'sichuan',
  '44': 'guangdong',
  '45': 'guangdong',
  '35': 'fujian',
};

const INITIALS = [
  'zh',
  'ch',
  'sh',
  'b',
  'p',
  'm',
  'f',
  'd',
  't',
  'n',
  'l',
  'g',
  'k',
  'h',
  'j',
  'q',
  'x',
  'r',
  'z',
  'c',
  's',
  'y',
  'w',
];

/** Splits a toneless syllable into initial and final ('' initial for zero-initial syllables). */
export function splitSyllable(syllable: string): [string, string] {
  for (const initial of INITIALS) {
    if (syllable.startsWith(initial) && syllable.length > initial.length)
      return [initial, syllable.slice(initial.length)];
  }
  return ['', syllable];
}

/** f-syllables and their hu- counterparts collapse onto the hu- form. */
const F_TO_H: Readonly<Record<string, string>> = {
  fa: 'hua',
  fan: 'huan',
  fang: 'huang',
  fei: 'hui',
  fen: 'hun',
  feng: 'hong',
  fo: 'huo',
  fu: 'hu',
};

/** Applies the mergers of a set to one toneless syllable (ü written v). Order is fixed, not per set. */
export function mergeSyllable(syllable: string, mergers: ReadonlySet<PinyinMerger>): string {
  let s = syllable;
  if (mergers.has('f-h')) s = F_TO_H[s] ?? s;
  let [initial, final] = splitSyllable(s);
  if (mergers.has('zh-z') && initial === 'zh') initial = 'z';
  if (mergers.has('ch-c') && initial === 'ch') initial = 'c';
  if (mergers.has('sh-s') && initial === 'sh') initial = 's';
  if (mergers.has('n-l') && initial === 'n') initial = 'l';
  if (mergers.has('r-l') && initial === 'r') initial = 'l';
  if (mergers.has('k-g') && initial === 'k') initial = 'g';
  if (mergers.has('v-u')) final = final.replace('v', 'u');
  if (mergers.has('iong-in') && final === 'iong') final = 'in';
  else if (mergers.has('ong-en') && final === 'ong') final = 'en';
  if (mergers.has('iang-ian') && final === 'iang') final = 'ian';
  else if (mergers.has('uang-uan') && final === 'uang') final = 'uan';
  else if (mergers.has('ang-an') && final.endsWith('ang')) final = final.slice(0, -1);
  if (mergers.has('eng-en') && final.endsWith('eng')) final = final.slice(0, -1);
  if (mergers.has('ing-in') && final === 'ing') final = 'in';
  return initial + final;
}

/** Cached merger for a fixed set. */
export function createSyllableMerger(mergers: readonly PinyinMerger[]): (syllable: string) => string {
  const set = new Set(mergers);
  const cache = new Map<string, string>();
  return (syllable) => {
    let out = cache.get(syllable);
    if (out === undefined) {
      out = mergeSyllable(syllable, set);
      cache.set(syllable, out);
    }
    return out;
  };
}
