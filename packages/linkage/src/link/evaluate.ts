/**
 * Accuracy of a link run against gold labels (synthetic data): precision per band, recall split by
 * whether a usable id exists, and the comparison with the deterministic "exact name + birth date"
 * baseline. A true match counts as found when it is in the fast-track or review band.
 */
import type { PeopleTable } from '../columns/people-table';
import { ID_STATUS_CODE } from '../normalize/id-fragments';
import { NO_DAY } from '../normalize/calendar';
import { BAND_FAST_TRACK, BAND_NO_LINK, BAND_REVIEW } from '../score/model';
import type { LinkResult } from './link-run';

export interface BandAccuracy {
  pairs: number;
  truePairs: number;
  precision: number;
}

export interface LinkAccuracy {
  fastTrack: BandAccuracy;
  review: BandAccuracy;
  trueMatches: number;
  recall: number;
  /** True matches where at least one side has a checksum-valid (or upgraded) id. */
  withValidId: { matches: number; recall: number };
  /** True matches whose ids are usable on both sides and equal: the share fast-tracked. */
  idExact: { matches: number; fastTrackRecall: number };
  /** True matches that are not id-exact (id missing, 15-digit without counterpart, corrupted, re-coded). */
  withoutUsableId: { matches: number; recall: number };
  /** Misclassified pairs (false links + missed matches) of this run and of the baseline. */
  misclassified: number;
  baseline: { links: number; truePairs: number; misclassified: number; recall: number; precision: number };
  /** 1 − misclassified / baseline.misclassified. */
  gainOverBaseline: number;
}

const USABLE = new Set([ID_STATUS_CODE.valid, ID_STATUS_CODE.upgraded]);

export function evaluateLinks(
  result: LinkResult,
  truth: Int32Array,
  left: PeopleTable,
  right: PeopleTable,
): LinkAccuracy {
  const found = new Uint8Array(left.size);
  const fast = new Uint8Array(left.size);
  const bands = [
    { pairs: 0, truePairs: 0 },
    { pairs: 0, truePairs: 0 },
  ];
  const { pairs } = result;
  for (let i = 0; i < pairs.length; i++) {
    const l = pairs.left[i]!;
    const band = pairs.band[i]!;
    const b = bands[band === BAND_FAST_TRACK ? 0 : band === BAND_REVIEW ? 1 : -1];
    if (!b) continue;
    b.pairs++;
    if (truth[l] === pairs.right[i]) {
      b.truePairs++;
      found[l] = 1;
      if (band === BAND_FAST_TRACK) fast[l] = 1;
    }
  }
  let matches = 0;
  let hits = 0;
  let validMatches = 0;
  let validHits = 0;
  let noIdMatches = 0;
  let noIdHits = 0;
  let exactMatches = 0;
  let exactFast = 0;
  for (let l = 0; l < left.size; l++) {
    const r = truth[l]!;
    if (r < 0) continue;
    matches++;
    hits += found[l]!;
    const usableL = USABLE.has(left.idStatus[l]!);
    const usableR = USABLE.has(right.idStatus[r]!);
    if (usableL || usableR) {
      validMatches++;
      validHits += found[l]!;
    }
    if (!(usableL && usableR && left.idKey[l] === right.idKey[r])) {
      noIdMatches++;
      noIdHits += found[l]!;
    } else {
      exactMatches++;
      exactFast += fast[l]!;
    }
  }
  const links = bands[0]!.pairs + bands[1]!.pairs;
  const trueLinks = bands[0]!.truePairs + bands[1]!.truePairs;
  const misclassified = links - trueLinks + (matches - hits);
  const baseline = exactNameDobBaseline(truth, left, right);
  const baselineMis = baseline.links - baseline.truePairs + (matches - baseline.truePairs);
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    fastTrack: { ...bands[0]!, precision: ratio(bands[0]!.truePairs, bands[0]!.pairs) },
    review: { ...bands[1]!, precision: ratio(bands[1]!.truePairs, bands[1]!.pairs) },
    trueMatches: matches,
    recall: ratio(hits, matches),
    withValidId: { matches: validMatches, recall: ratio(validHits, validMatches) },
    withoutUsableId: { matches: noIdMatches, recall: ratio(noIdHits, noIdMatches) },
    idExact: { matches: exactMatches, fastTrackRecall: ratio(exactFast, exactMatches) },
    misclassified,
    baseline: {
      ...baseline,
      misclassified: baselineMis,
      recall: ratio(baseline.truePairs, matches),
      precision: ratio(baseline.truePairs, baseline.links),
    },
    gainOverBaseline: baselineMis === 0 ? 0 : 1 - misclassified / baselineMis,
  };
}

/** Deterministic baseline: link when the cleaned name and the birth date are both equal. */
export function exactNameDobBaseline(
  truth: Int32Array,
  left: PeopleTable,
  right: PeopleTable,
): { links: number; truePairs: number } {
  const index = new Map<number, number[]>();
  for (let r = 0; r < right.size; r++) {
    const n = right.name[r]!;
    const d = right.dob[r]!;
    if (n < 0 || d === NO_DAY) continue;
    const key = n * 131072 + (d + 65536);
    const list = index.get(key);
    if (list) list.push(r);
    else index.set(key, [r]);
  }
  let links = 0;
  let truePairs = 0;
  for (let l = 0; l < left.size; l++) {
    const n = left.name[l]!;
    const d = left.dob[l]!;
    if (n < 0 || d === NO_DAY) continue;
    const list = index.get(n * 131072 + (d + 65536));
    if (!list) continue;
    links += list.length;
    if (list.includes(truth[l]!)) truePairs++;
  }
  return { links, truePairs };
}

export interface KindAccuracy {
  kind: string;
  /** True matches of the kind, those found (fast track or review) and those fast-tracked. */
  matches: number;
  found: number;
  fastTracked: number;
}

export interface NamesakeAccuracy {
  pairs: number;
  fastTracked: number;
  review: number;
}

const usable = (t: PeopleTable, i: number) => USABLE.has(t.idStatus[i]!);

/**
 * Per-kind figures on a labelled set (synth/hard-reverification): recall per variation kind, and for
 * namesake pairs (same name and birth date, two different valid ids) how many were flagged.
 */
export function evaluateByKind(
  result: LinkResult,
  truth: Int32Array,
  kind: Uint8Array,
  kindNames: readonly string[],
  namesakes: readonly { left: number; right: number }[],
  left: PeopleTable,
  right: PeopleTable,
): { kinds: KindAccuracy[]; namesakes: NamesakeAccuracy; namesakesWithoutTwoIds: NamesakeAccuracy } {
  const { pairs } = result;
  const bandOfPair = new Map<number, number>();
  const found = new Uint8Array(truth.length);
  const fast = new Uint8Array(truth.length);
  const key = (l: number, r: number) => l * 0x4000000 + r;
  for (let i = 0; i < pairs.length; i++) {
    const l = pairs.left[i]!;
    const r = pairs.right[i]!;
    const band = pairs.band[i]!;
    bandOfPair.set(key(l, r), band);
    if (truth[l] === r && band !== BAND_NO_LINK) {
      found[l] = 1;
      if (band === BAND_FAST_TRACK) fast[l] = 1;
    }
  }
  const kinds: KindAccuracy[] = kindNames.map((name) => ({
    kind: name,
    matches: 0,
    found: 0,
    fastTracked: 0,
  }));
  for (let l = 0; l < truth.length; l++) {
    if (truth[l]! < 0) continue;
    const k = kinds[kind[l]!]!;
    k.matches++;
    k.found += found[l]!;
    k.fastTracked += fast[l]!;
  }
  // Namesakes proper hold two valid ids; a namesake pair where one record lacks a usable id cannot be
  // told from a match by the id, so it is counted on its own.
  const twoIds: NamesakeAccuracy = { pairs: 0, fastTracked: 0, review: 0 };
  const fewerIds: NamesakeAccuracy = { pairs: 0, fastTracked: 0, review: 0 };
  for (const p of namesakes) {
    const n = usable(left, p.left) && usable(right, p.right) ? twoIds : fewerIds;
    n.pairs++;
    const band = bandOfPair.get(key(p.left, p.right));
    if (band === BAND_FAST_TRACK) n.fastTracked++;
    else if (band === BAND_REVIEW) n.review++;
  }
  return { kinds: kinds.filter((k) => k.matches > 0), namesakes: twoIds, namesakesWithoutTwoIds: fewerIds };
}

export interface CompositionRow {
  band: 'fast-track' | 'review';
  /** The recipient's variation kind for a true pair; 'namesake' or 'false (<kind>)' otherwise. */
  kind: string;
  truePair: boolean;
  pairs: number;
}

/**
 * What fills each flagged band on a labelled set: pairs by band, truth and the recipient's variation
 * kind (a false pair listed as a planted namesake when it is one), largest first within a band.
 */
export function bandComposition(
  result: LinkResult,
  truth: Int32Array,
  kind: Uint8Array,
  kindNames: readonly string[],
  namesakes: readonly { left: number; right: number }[] = [],
): CompositionRow[] {
  const key = (l: number, r: number) => l * 0x4000000 + r;
  const planted = new Set(namesakes.map((p) => key(p.left, p.right)));
  const rows = new Map<string, CompositionRow>();
  const { pairs } = result;
  for (let i = 0; i < pairs.length; i++) {
    const b = pairs.band[i]!;
    if (b === BAND_NO_LINK) continue;
    const l = pairs.left[i]!;
    const r = pairs.right[i]!;
    const truePair = truth[l] === r;
    const k = kindNames[kind[l]!] ?? '?';
    const label = truePair ? k : planted.has(key(l, r)) ? 'namesake' : `false (${k})`;
    const band = b === BAND_FAST_TRACK ? 'fast-track' : 'review';
    const id = `${band}|${truePair}|${label}`;
    const row = rows.get(id);
    if (row) row.pairs++;
    else rows.set(id, { band, kind: label, truePair, pairs: 1 });
  }
  return [...rows.values()].sort(
    (a, b) => a.band.localeCompare(b.band) || b.pairs - a.pairs || a.kind.localeCompare(b.kind),
  );
}

/** Text table of a band composition, with each row's share of the recipients. */
export function formatComposition(rows: readonly CompositionRow[], recipients: number): string {
  const lines = ['band         truth  kind                         pairs   of recipients'];
  for (const r of rows) {
    const share = recipients === 0 ? 'n/a' : `${((100 * r.pairs) / recipients).toFixed(2)} %`;
    lines.push(
      `${r.band.padEnd(12)} ${(r.truePair ? 'true' : 'false').padEnd(6)} ${r.kind.padEnd(28)} ${String(r.pairs).padStart(6)}   ${share.padStart(8)}`,
    );
  }
  return lines.join('\n');
}
