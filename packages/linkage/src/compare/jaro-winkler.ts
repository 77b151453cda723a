/**
 * Jaro–Winkler similarity on byte strings (prefix scale 0.1, prefix ≤ 4, boost only above 0.7), the
 * same definition as DuckDB's jaro_winkler_similarity, so the two engines agree on the JW level.
 */
const matchedA = new Uint8Array(256);
const matchedB = new Uint8Array(256);

export function jaroWinklerBytes(
  bytes: Uint8Array,
  aStart: number,
  aEnd: number,
  bStart: number,
  bEnd: number,
): number {
  const la = aEnd - aStart;
  const lb = bEnd - bStart;
  if (la === 0 && lb === 0) return 1;
  if (la === 0 || lb === 0) return 0;
  if (la > 255 || lb > 255) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  if (la <= 31 && lb <= 31) return jaroWinklerShort(bytes, aStart, la, bStart, lb, window);
  return jaroWinklerLong(bytes, aStart, la, bStart, lb, window);
}

/** The general computation (any length up to 255), matched flags in arrays. Exported for tests. */
export function jaroWinklerLong(
  bytes: Uint8Array,
  aStart: number,
  la: number,
  bStart: number,
  lb: number,
  window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1),
): number {
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = bytes[aStart + i];
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] === 0 && bytes[bStart + j] === c) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (bytes[aStart + i] !== bytes[bStart + k]) transpositions++;
    k++;
  }
  return winkler(bytes, aStart, la, bStart, lb, matches, transpositions);
}

/** Jaro from the matches and transpositions, then the Winkler prefix boost (only above 0.7). */
function winkler(
  bytes: Uint8Array,
  aStart: number,
  la: number,
  bStart: number,
  lb: number,
  matches: number,
  transpositions: number,
): number {
  const t = Math.floor(transpositions / 2);
  const jaro = (matches / la + matches / lb + (matches - t) / matches) / 3;
  if (jaro <= 0.7) return jaro;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && bytes[aStart + prefix] === bytes[bStart + prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * The same computation for strings of at most 31 bytes (every pinyin name), with the matched flags
 * held in two integers instead of two arrays cleared on each call.
 */
function jaroWinklerShort(
  bytes: Uint8Array,
  aStart: number,
  la: number,
  bStart: number,
  lb: number,
  window: number,
): number {
  let matchedA = 0;
  let matchedB = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i - window > 0 ? i - window : 0;
    const hi = i + window < lb - 1 ? i + window : lb - 1;
    const c = bytes[aStart + i];
    for (let j = lo; j <= hi; j++) {
      if ((matchedB & (1 << j)) === 0 && bytes[bStart + j] === c) {
        matchedA |= 1 << i;
        matchedB |= 1 << j;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if ((matchedA & (1 << i)) === 0) continue;
    while ((matchedB & (1 << k)) === 0) k++;
    if (bytes[aStart + i] !== bytes[bStart + k]) transpositions++;
    k++;
  }
  return winkler(bytes, aStart, la, bStart, lb, matches, transpositions);
}

const scratch = new Uint8Array(512);

/** Convenience for strings (ASCII). */
export function jaroWinkler(a: string, b: string): number {
  const la = Math.min(a.length, 255);
  const lb = Math.min(b.length, 255);
  for (let i = 0; i < la; i++) scratch[i] = a.charCodeAt(i) & 0xff;
  for (let i = 0; i < lb; i++) scratch[256 + i] = b.charCodeAt(i) & 0xff;
  return jaroWinklerBytes(scratch, 0, la, 256, 256 + lb);
}
