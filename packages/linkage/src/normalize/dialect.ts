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

/** The 413 toneless Mandarin syllables (ü written v), as pinyin-pro reads the CJK block; the fold universe. */
export const MANDARIN_SYLLABLES: readonly string[] = (
  'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ' +
  'ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui ' +
  'chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ' +
  'ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan ' +
  'gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen ' +
  'heng hng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ' +
  'ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la ' +
  'lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lun luo lv ' +
  'lve m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang ' +
  'nao ne nei nen neng ng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai ' +
  'pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing ' +
  'qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san ' +
  'sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan ' +
  'shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao ' +
  'tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie ' +
  'xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za ' +
  'zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu ' +
  'zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo '
)
  .trim()
  .split(' ');

/**
 * One merger applied once, in its written → merged direction (feng → fen, zhang → zang, fa → hua);
 * undefined when the merger does not touch the syllable. The folds below close these rewrites in both
 * directions, so the order in which a profile lists them does not matter.
 */
export function applyMerger(merger: PinyinMerger, syllable: string): string | undefined {
  const [initial, final] = splitSyllable(syllable);
  const swapInitial = (from: string, to: string) => (initial === from ? to + final : undefined);
  switch (merger) {
    case 'zh-z':
      return swapInitial('zh', 'z');
    case 'ch-c':
      return swapInitial('ch', 'c');
    case 'sh-s':
      return swapInitial('sh', 's');
    case 'n-l':
      return swapInitial('n', 'l');
    case 'r-l':
      return swapInitial('r', 'l');
    case 'k-g':
      return swapInitial('k', 'g');
    case 'f-h':
      return F_TO_H[syllable];
    case 'eng-en':
      return final.endsWith('eng') ? initial + final.slice(0, -1) : undefined;
    case 'ing-in':
      return final === 'ing' ? initial + 'in' : undefined;
    case 'ang-an':
      return final.endsWith('ang') ? initial + final.slice(0, -1) : undefined;
    case 'iang-ian':
      return final === 'iang' ? initial + 'ian' : undefined;
    case 'uang-uan':
      return final === 'uang' ? initial + 'uan' : undefined;
    case 'ong-en':
      return final === 'ong' ? initial + 'en' : undefined;
    case 'iong-in':
      return final === 'iong' ? initial + 'in' : initial === 'y' && final === 'ong' ? 'yin' : undefined;
    case 'v-u':
      return final.includes('v') ? initial + final.replace('v', 'u') : undefined;
  }
}

const foldTables = new Map<string, ReadonlyMap<string, string>>();

/**
 * Equivalence classes of the syllables under a set of mergers: the closure of MANDARIN_SYLLABLES under
 * every merger, each pair (syllable, merged form) joined. Each class is keyed by its shortest member
 * (then alphabetical), so the key does not depend on the order the mergers are listed or applied in.
 */
function foldTable(mergers: readonly PinyinMerger[]): ReadonlyMap<string, string> {
  const set = [...new Set(mergers)].sort();
  const id = set.join(',');
  let table = foldTables.get(id);
  if (table) return table;
  const parent = new Map<string, string>();
  const find = (s: string): string => {
    let root = s;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let x = s;
    while (parent.get(x) !== root) {
      const next = parent.get(x)!;
      parent.set(x, root);
      x = next;
    }
    return root;
  };
  const queue = [...MANDARIN_SYLLABLES];
  for (const s of queue) parent.set(s, s);
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!;
    for (const merger of set) {
      const t = applyMerger(merger, s);
      if (t === undefined) continue;
      if (!parent.has(t)) {
        parent.set(t, t);
        queue.push(t);
      }
      const a = find(s);
      const b = find(t);
      if (a !== b) parent.set(b, a);
    }
  }
  const best = new Map<string, string>();
  const better = (a: string, b: string) => a.length < b.length || (a.length === b.length && a < b);
  for (const s of queue) {
    const root = find(s);
    const current = best.get(root);
    if (current === undefined || better(s, current)) best.set(root, s);
  }
  const out = new Map<string, string>();
  for (const s of queue) out.set(s, best.get(find(s))!);
  table = out;
  foldTables.set(id, table);
  return table;
}

/**
 * Order-free dialect fold for a set of mergers: every syllable maps to the key of its class, so any
 * variant pair of any merger (and any chain of them) lands on one key. Syllables outside the closure
 * are rewritten forward until they reach it (or returned as they are).
 */
export function createDialectFold(mergers: readonly PinyinMerger[]): (syllable: string) => string {
  const table = foldTable(mergers);
  const set = [...new Set(mergers)];
  return (syllable) => {
    const known = table.get(syllable);
    if (known !== undefined) return known;
    let s = syllable;
    for (let round = 0; round < 8; round++) {
      let changed = false;
      for (const merger of set) {
        const t = applyMerger(merger, s);
        if (t === undefined) continue;
        s = t;
        changed = true;
        const hit = table.get(s);
        if (hit !== undefined) return hit;
      }
      if (!changed) break;
    }
    return s;
  };
}

/** Every form a syllable takes under any profile's mergers: Mandarin plus accent forms (suang, len …). */
export function accentSyllables(): ReadonlySet<string> {
  return (accentSet ??= new Set(foldTable(SEARCH_MERGERS).keys()));
}
let accentSet: Set<string> | undefined;

/**
 * Heard syllables that are not Mandarin (southern accents, other romanisations), rewritten to their
 * nearest Mandarin syllables. Each rule lists its replacements, most likely first; a replacement is kept
 * only when it is a Mandarin (or accent-form) syllable. Documented in docs/linkage.md.
 */
export const HEARD_SYLLABLE_RULES: readonly { pattern: RegExp; to: readonly string[]; note: string }[] = [
  // Hakka / Cantonese / Xiang f for Mandarin hu-: fui 辉, fua 花, fuan 欢, fuang 黄, fun 昏.
  { pattern: /^f(u[aio]|uai|uan|uang|un)$/, to: ['h$1'], note: 'f + u- final → hu- (f/h)' },
  { pattern: /^fong$/, to: ['feng', 'hong'], note: 'fong → feng / hong' },
  { pattern: /^fi$/, to: ['fei'], note: 'fi → fei' },
  { pattern: /^fe$/, to: ['fei'], note: 'fe → fei' },
  { pattern: /^fin$/, to: ['fen'], note: 'fin → fen' },
  { pattern: /^fing$/, to: ['feng'], note: 'fing → feng' },
  // j/q/x before a non-ü u-final or a plain final: the retroflex (zh/ch/sh) or the i-medial form.
  { pattern: /^ju(a|ai|ang|o|i)$/, to: ['zhu$1', 'ji$1'], note: 'ju- → zhu- / ji-' },
  { pattern: /^qu(a|ai|ang|o|i)$/, to: ['chu$1', 'qi$1'], note: 'qu- → chu- / qi-' },
  { pattern: /^xu(a|ai|ang|o|i)$/, to: ['shu$1', 'xi$1'], note: 'xu- → shu- / xi-' },
  { pattern: /^j(a|ai|ao|an|ang|e|en|eng|o|ou|ong)$/, to: ['zh$1', 'ji$1'], note: 'j- → zh- / ji-' },
  { pattern: /^q(a|ai|ao|an|ang|e|en|eng|o|ou|ong)$/, to: ['ch$1', 'qi$1'], note: 'q- → ch- / qi-' },
  { pattern: /^x(a|ai|ao|an|ang|e|en|eng|o|ou|ong)$/, to: ['sh$1', 'xi$1'], note: 'x- → sh- / xi-' },
  // Other romanisations and spellings.
  { pattern: /^(.*)ung$/, to: ['$1ong'], note: '-ung → -ong (Wade–Giles, Cantonese)' },
  { pattern: /^(.*)uei$/, to: ['$1ui'], note: '-uei → -ui' },
  { pattern: /^(.*)iou$/, to: ['$1iu'], note: '-iou → -iu' },
  { pattern: /^(.*)uen$/, to: ['$1un'], note: '-uen → -un' },
  { pattern: /^hs(.*)$/, to: ['x$1'], note: 'hs- → x- (Wade–Giles)' },
  { pattern: /^tz(.*)$/, to: ['z$1'], note: 'tz- → z-' },
  { pattern: /^ts(.*)$/, to: ['c$1', 'z$1'], note: 'ts- → c- / z-' },
  { pattern: /^([nl])yu$/, to: ['$1v'], note: 'nyu / lyu → nü / lü' },
  { pattern: /^([nl])ue$/, to: ['$1ve'], note: 'nue / lue → nüe / lüe' },
  { pattern: /^(.*)ee$/, to: ['$1i'], note: '-ee → -i' },
  { pattern: /^(.*)oo$/, to: ['$1u'], note: '-oo → -u' },
];

/**
 * Nearest Mandarin syllables of a heard piece of pinyin: itself when it is Mandarin or an accent form;
 * else the rewrites of HEARD_SYLLABLE_RULES; else the Mandarin syllables one edit away (same initial
 * first, at most 3). [] when nothing is near.
 */
export function nearestSyllables(piece: string): { syllables: string[]; mapped: boolean } {
  const accepted = accentSyllables();
  if (accepted.has(piece)) return { syllables: [piece], mapped: false };
  const out: string[] = [];
  for (const rule of HEARD_SYLLABLE_RULES) {
    if (!rule.pattern.test(piece)) continue;
    for (const to of rule.to) {
      const candidate = piece.replace(rule.pattern, to);
      if (accepted.has(candidate) && !out.includes(candidate)) out.push(candidate);
    }
    if (out.length > 0) return { syllables: out, mapped: true };
  }
  if (piece.length >= 3) {
    const [initial] = splitSyllable(piece);
    const near = MANDARIN_SYLLABLES.filter((s) => withinOneEdit(piece, s));
    near.sort((a, b) => Number(splitSyllable(b)[0] === initial) - Number(splitSyllable(a)[0] === initial));
    return { syllables: near.slice(0, 3), mapped: near.length > 0 };
  }
  return { syllables: [], mapped: false };
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
  return a.slice(i) === b.slice(i + 1);
}
