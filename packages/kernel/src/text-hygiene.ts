/**
 * Text hygiene (issue 11, ADR 0013): which characters no text may carry, whatever path it came by
 * (HTTP, an imported file, the CLI). Browser-safe and dependency-free, so the API's one validation
 * hook, the import pipeline and the web forms share one rule.
 *
 * - Everywhere (free text included): no NUL (PostgreSQL cannot store it, SQLite would), no lone UTF-16
 *   surrogate (it cannot be encoded as UTF-8: the stored text would differ from the text hashed into
 *   the audit chain), no C0 control character other than tab, line feed and carriage return.
 * - Names and codes (see `isNameOrCodeKey`): additionally no control character at all (C0 incl. tab and
 *   line breaks, DEL, C1), no format character (Unicode Cf: bidi embeddings, overrides, isolates and
 *   marks U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C; zero-width characters U+200B–U+200D,
 *   U+2060–U+2064, U+FEFF; soft hyphen U+00AD …) and no line or paragraph separator (U+2028/U+2029):
 *   they make two different strings look alike (spoofed names, files named "…exe‮fdp.") or hide
 *   text from a comparison.
 */
import { DomainError } from './errors';

/** 'free': any text a person types (reasons, notes, addresses, search); 'name': names and codes. */
export type TextKind = 'free' | 'name';

export type BadCharacterKind = 'nul' | 'surrogate' | 'control' | 'format';

export interface BadCharacter {
  kind: BadCharacterKind;
  /** UTF-16 index of the character in the text. */
  index: number;
  /** `U+0000` form. */
  codePoint: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- the point of this file
const FREE_BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const NAME_BAD = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

const KIND_TEXT: Record<BadCharacterKind, string> = {
  nul: '空字符',
  surrogate: '不成对的代理项（无效的 Unicode 字符）',
  control: '控制字符',
  format: '不可见的格式或双向文字控制字符',
};

function codePointText(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first character `text` may not carry as `kind`, or null when it is clean. */
export function findBadCharacter(text: string, kind: TextKind = 'free'): BadCharacter | null {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { kind: 'nul', index: nul, codePoint: 'U+0000' };
  const s = LONE_SURROGATE.exec(text);
  if (s) return { kind: 'surrogate', index: s.index, codePoint: codePointText(text.charCodeAt(s.index)) };
  const m = (kind === 'name' ? NAME_BAD : FREE_BAD).exec(text);
  if (!m) return null;
  const c = m[0].codePointAt(0) ?? 0;
  const control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
  return { kind: control ? 'control' : 'format', index: m.index, codePoint: codePointText(c) };
}

/**
 * Whether a field (its last key: `husband.name` → `name`) holds a name or a code, checked strictly:
 * `name` and `…Name` (person, display, file, source, institution and registry names), `username`,
 * `code` and `…Code` (division, registry, township codes), `id`, `…Id`, `…Ids` (record ids, resident
 * ids), `…Number`/`…No` (certificate, case and document numbers), `token`. Everything else is free
 * text.
 */
export function isNameOrCodeKey(key: string): boolean {
  return NAME_OR_CODE_KEY.test(key);
}
const NAME_OR_CODE_KEY = /^(name|username|code|id|token)$|(Name|Code|Id|Ids|Number|No|Token)$/;

/** The Chinese sentence for a refused character in `field`. */
export function badCharacterMessage(field: string, bad: BadCharacter): string {
  return `${field ? `${field}：` : ''}含有不允许的字符（${bad.codePoint} ${KIND_TEXT[bad.kind]}）`;
}

export const TEXT_INVALID_CHARACTER = 'TEXT_INVALID_CHARACTER';

/** A refused character found by `findBadText`: where (dotted path) and what. */
export interface BadText extends BadCharacter {
  field: string;
}

/**
 * Walks a parsed JSON value (objects, arrays, strings; keys too) and names the first string that
 * carries a refused character: strings under a name-or-code key are checked as names, the rest as free
 * text, and keys as names. Binary values (Buffers) and streams are skipped.
 */
export function findBadText(value: unknown, path = '', kind: TextKind = 'free', depth = 0): BadText | null {
  if (typeof value === 'string') {
    const bad = findBadCharacter(value, kind);
    return bad ? { ...bad, field: path } : null;
  }
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], path ? `${path}.${i}` : String(i), kind, depth + 1);
      if (found) return found;
    }
    return null;
  }
  // Parsed input only: binary bodies (Buffers) and streamed uploads are not text.
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return null;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const here = path ? `${path}.${k}` : k;
    const badKey = findBadCharacter(k, 'name');
    if (badKey) return { ...badKey, field: here };
    const found = findBadText(v, here, isNameOrCodeKey(k) ? 'name' : kind, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Throws `TEXT_INVALID_CHARACTER` (kind invalid) when `text` carries a refused character. */
export function assertCleanText(field: string, text: string, kind: TextKind = 'free'): void {
  const bad = findBadCharacter(text, kind);
  if (bad)
    throw new DomainError('invalid', TEXT_INVALID_CHARACTER, badCharacterMessage(field, bad), {
      field,
      codePoint: bad.codePoint,
    });
}

/**
 * The text as it will be stored, for values that must be hashed exactly as stored (the audit chain):
 * a lone surrogate (which UTF-8 cannot encode: both databases would store U+FFFD) and NUL (which
 * PostgreSQL refuses) become U+FFFD, before hashing. Clean text is returned unchanged.
 */
export function storableText(text: string): string;
export function storableText(text: string | null): string | null;
export function storableText(text: string | null): string | null {
  if (text === null) return null;
  if (!LONE_SURROGATE.test(text) && !text.includes('\u0000')) return text;
  return text.replace(LONE_SURROGATE_G, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}
const LONE_SURROGATE_G = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
