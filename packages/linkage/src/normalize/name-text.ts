/**
 * Text normalisation of person names: NFKC, separators removed, traditional → simplified (never the
 * reverse: s2t is lossy for names, e.g. the surname 于 would become 於), then a curated variant table
 * for characters that registration offices confuse (萧/肖, 阎/闫 …), kept as a separate, weaker level.
 */
import * as OpenCC from 'opencc-js/t2cn';

let t2s: ((text: string) => string) | undefined;

/** Separators in minority-name transliterations and stray whitespace. */
const SEPARATORS = /[\s·•.．・‧\u00b7\u30fb\u2027\u2022'"“”‘’()（）[\]【】,，、]/g;

/** NFKC, trimmed, separators removed. The hanzi-exact level compares this form. */
export function cleanNameText(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return '';
  return raw.normalize('NFKC').replace(SEPARATORS, '');
}

/** Traditional → simplified (OpenCC t → cn). */
export function toSimplified(text: string): string {
  // Names are converted character by character (cached): phrase context rarely matters in names
  // and per-character caching is ~20× faster than running OpenCC on every distinct name.
  let out = '';
  for (const ch of text) {
    let mapped = charCache.get(ch);
    if (mapped === undefined) {
      t2s ??= OpenCC.Converter({ from: 't', to: 'cn' });
      mapped = ch.charCodeAt(0) < 0x80 ? ch : t2s(ch);
      charCache.set(ch, mapped);
    }
    out += mapped;
  }
  return out;
}

const charCache = new Map<string, string>();

/**
 * Variant characters mapped to one representative. Some are distinct surnames in law (付/傅, 萧/肖),
 * which is why equality after this map is a separate comparison level, not hanzi equality.
 */
export const NAME_VARIANTS: Readonly<Record<string, string>> = {
  萧: '肖',
  阎: '闫',
  於: '于',
  锺: '钟',
  傅: '付',
  喆: '哲',
  堃: '坤',
  昇: '升',
  淼: '森',
  甯: '宁',
  侣: '吕',
  邨: '村',
  珎: '珍',
  菓: '果',
  玥: '月',
  赟: '斌',
  彧: '或',
  寳: '宝',
  靑: '青',
  舘: '馆',
  劉: '刘',
};

export function applyNameVariants(text: string): string {
  let out = '';
  for (const ch of text) out += VARIANT_MAP.get(ch) ?? ch;
  return out;
}

const VARIANT_MAP = new Map(Object.entries(NAME_VARIANTS));

/** The normalised form compared at the "equal after t2s/variant" level. */
export function normalizeNameText(raw: string | null | undefined): string {
  return applyNameVariants(toSimplified(cleanNameText(raw)));
}
