import { pinyin } from 'pinyin-pro';

/** The canonical separator in transliterated minority and foreign names (U+00B7 MIDDLE DOT). */
export const NAME_SEPARATOR = '·';

// Characters people type for the separator in names like 阿依古丽·买买提. After NFKC, full-width
// variants (．・) have already become '.' and '・' (U+30FB).
const DOT_VARIANTS = /[\u00B7\u0387\u16EB\u2022\u2024\u2027\u2219\u22C5\u2E31\u30FB\u318D\uFE52]/gu;
const HAN = /\p{Script=Han}/u;

/** True if the string contains at least one Chinese character (any CJK ideograph block). */
export function containsHan(s: string): boolean {
  return HAN.test(s);
}

/**
 * Canonical form of a person's name for storage and comparison:
 * - Unicode NFKC (full-width letters and digits to ASCII, ideographic space to space, `Ａ` → `A`);
 * - trimmed;
 * - for names containing Chinese characters: every whitespace removed (`张 三` → `张三`) and every
 *   separator variant (`•・．.·` …) replaced by `·`;
 * - for names without Chinese characters (e.g. `John SMITH`): whitespace runs collapsed to one space,
 *   dot-like separators other than `.` turned into `·`, letter case kept.
 */
export function normalizePersonName(s: string): string {
  const nfkc = s.normalize('NFKC').trim();
  if (containsHan(nfkc)) {
    return nfkc
      .replace(/\s+/gu, '')
      .replace(DOT_VARIANTS, NAME_SEPARATOR)
      .replace(/\./g, NAME_SEPARATOR)
      .replace(/·{2,}/g, NAME_SEPARATOR);
  }
  return nfkc.replace(/\s+/gu, ' ').replace(DOT_VARIANTS, NAME_SEPARATOR);
}

function syllables(name: string, v: boolean): string[] {
  const normalized = normalizePersonName(name);
  if (!containsHan(normalized)) {
    return normalized
      .toLowerCase()
      .split(/[\s·.\-']+/u)
      .filter((t) => t.length > 0);
  }
  // surname: 'head' makes the first characters read as a surname: 单 shan, 曾 zeng, 解 xie, 仇 qiu, 区 ou…
  const tokens = pinyin(normalized, { toneType: 'none', surname: 'head', type: 'array', v });
  return tokens.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0 && t !== NAME_SEPARATOR);
}

/**
 * Toneless pinyin of a name, syllables separated by one space: `单雄信` → `shan xiong xin`.
 * ü is written `ü` (`吕布` → `lü bu`). Characters pinyin-pro does not know (e.g. 𠮷) are kept as they are.
 */
export function personNamePinyin(name: string): string {
  return syllables(name, false).join(' ');
}

/** First letter of each syllable: `单雄信` → `sxx`. */
export function personNameInitials(name: string): string {
  return syllables(name, true)
    .map((s) => Array.from(s)[0] ?? '')
    .join('');
}

/**
 * Lowercase ASCII-friendly search key (pinyin without spaces, ü as `v`): `吕布` → `lvbu`. Meant for
 * `LIKE '%key%'` searches and for blocking in record linkage.
 */
export function personNameSearchKey(name: string): string {
  return syllables(name, true).join('');
}

/**
 * The key people are listed by (pinyin order, 按姓名拼音排序), stored beside the name so both databases
 * order it alike whatever their collation: only `[0-9a-z]`, which every collation orders as ASCII does.
 * Each syllable is written with its tone digit (`li3ang2` sorts before `liang2`, as in a dictionary), then
 * the name's characters as fixed-width hex code points break ties between homophones (张三 / 章三)
 * deterministically. A character pinyin-pro does not know gives only its code point.
 */
export function personNameSortKey(name: string): string {
  const normalized = normalizePersonName(name);
  const syllablesWithTone = containsHan(normalized)
    ? pinyin(normalized, { toneType: 'num', surname: 'head', type: 'array', v: true })
    : normalized
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .split(/[\s·.\-']+/u);
  const spoken = syllablesWithTone
    .map((t) => t.trim().toLowerCase().replace(/ü/g, 'v'))
    .filter((t) => /^[a-z]+[0-9]?$/.test(t))
    .join('');
  const chars = Array.from(normalized)
    .filter((c) => c !== NAME_SEPARATOR && !/\s/u.test(c))
    .map((c) => c.codePointAt(0)!.toString(16).padStart(6, '0'))
    .join('');
  return `${spoken}${chars}`;
}
