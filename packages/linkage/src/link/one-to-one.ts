/**
 * The one-to-one test of fast-track pairs (ADR 0035). A pair's posterior p = o / (1 + o), o = 2^weight,
 * assumes it is the only candidate of both its records. Each record is one person and matches at most
 * one record of the other roll, so when record l also has other flagged candidates r′ (or r other
 * candidates l′), the probability that (l, r) is *the* match among them is
 *
 *     p′ = o / (1 + o + Σ_{r′ ≠ r} o(l, r′) + Σ_{l′ ≠ l} o(l′, r))
 *
 * (the chance of "l matches nobody here", "l matches r", "l matches r′", … normalised, with the right
 * record's competitors added alike). A fast-track pair whose id does not settle it (a missing, near-miss
 * or re-coded id) keeps the fast track only when p′ still reaches the fast-track threshold; otherwise it
 * goes to review. Without a competitor p′ = p and nothing changes, so no margin or count is tuned: two
 * namesakes of equal weight halve each other's odds (p′ ≤ ½), a competitor 10 bits weaker costs 0.1 %.
 * Competitors are the flagged pairs (fast track or review, p ≥ the review threshold); a candidate below
 * the review threshold has odds below 1 and is left out. An exact valid id is the identity and is not
 * re-tested (its competitors are other people's records carrying no or another id).
 */
import { ID_EXACT } from '../compare/comparators';
import { FIELDS } from '../compare/comparators';
import type { BandThresholds } from '../score/model';
import { BAND_FAST_TRACK, BAND_NO_LINK, BAND_REVIEW, DEFAULT_THRESHOLDS } from '../score/model';
import type { LinkedPairs, RuleStats } from './link-run';

/** p′ of one pair from its odds and the summed odds of its competitors (see the module comment). */
export function oneToOneProbability(odds: number, competitorOdds: number): number {
  return odds / (1 + odds + competitorOdds);
}

/** How many pairs the one-to-one test moved. */
export interface OneToOneCounts {
  /** Fast-track pairs moved to review (a competing candidate of either record). */
  toReview: number;
  /** Review pairs dropped because their recipient (left record) is settled by a fast-track pair. */
  dropped: number;
}

/**
 * The one-to-one test over a run's flagged pairs (fast track and review), returning the pairs that stay
 * flagged (the same object when none is dropped) and keeping the per-rule band counts in step:
 * 1. a fast-track pair without an exact id whose one-to-one probability p′ falls below the fast-track
 *    threshold moves to review;
 * 2. a review pair whose recipient (left record) keeps a fast-track pair after step 1 and whose p′
 *    falls below the review threshold leaves the band: the recipient is settled, and against its
 *    fast-tracked match this candidate is no longer likely (p′ < 1/1 000 by construction). A registry
 *    record claimed by two recipients is not settled this way — two recipients on one registry person
 *    is itself a finding (a duplicate enrolment) for the clerk.
 * Sums are taken once, over the flagged pairs as scored, so the result does not depend on pair order.
 */
export function applyOneToOne(
  pairs: LinkedPairs,
  stats: RuleStats[] | undefined,
  leftSize: number,
  rightSize: number,
  thresholds: BandThresholds = DEFAULT_THRESHOLDS,
  counts?: OneToOneCounts,
): LinkedPairs {
  const n = pairs.length;
  if (n < 2) return pairs;
  const byLeft = new Float64Array(leftSize);
  const byRight = new Float64Array(rightSize);
  const countLeft = new Uint8Array(leftSize);
  const countRight = new Uint8Array(rightSize);
  for (let i = 0; i < n; i++) {
    if (pairs.band[i] === BAND_NO_LINK) continue;
    const o = 2 ** pairs.weight[i]!;
    const l = pairs.left[i]!;
    const r = pairs.right[i]!;
    byLeft[l]! += o;
    byRight[r]! += o;
    if (countLeft[l]! < 2) countLeft[l]! += 1;
    if (countRight[r]! < 2) countRight[r]! += 1;
  }
  const probability = (i: number): number => {
    const l = pairs.left[i]!;
    const r = pairs.right[i]!;
    const o = 2 ** pairs.weight[i]!;
    const competitors = (countLeft[l]! > 1 ? byLeft[l]! - o : 0) + (countRight[r]! > 1 ? byRight[r]! - o : 0);
    return oneToOneProbability(o, competitors);
  };
  const g = FIELDS.length;
  // 1. Fast-track pairs that are not unambiguous go to review; left records keeping one are settled.
  const settled = new Uint8Array(leftSize);
  let toReview = 0;
  for (let i = 0; i < n; i++) {
    if (pairs.band[i] !== BAND_FAST_TRACK) continue;
    const l = pairs.left[i]!;
    const contested = countLeft[l]! > 1 || countRight[pairs.right[i]!]! > 1;
    if (contested && pairs.gamma[i * g] !== ID_EXACT && probability(i) < thresholds.fastTrack) {
      pairs.band[i] = BAND_REVIEW;
      toReview++;
      const s = stats?.[pairs.rule[i]!];
      if (s) {
        s.fastTrack--;
        s.review++;
      }
    } else settled[l] = 1;
  }
  // 2. Review pairs of settled recipients that the fast-tracked match outweighs leave the band.
  const keep = new Uint8Array(n).fill(1);
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    if (pairs.band[i] !== BAND_REVIEW || settled[pairs.left[i]!] === 0) continue;
    if (probability(i) >= thresholds.review) continue;
    keep[i] = 0;
    dropped++;
    const s = stats?.[pairs.rule[i]!];
    if (s) s.review--;
  }
  if (counts) {
    counts.toReview += toReview;
    counts.dropped += dropped;
  }
  if (dropped === 0) return pairs;
  const m = n - dropped;
  const out: LinkedPairs = {
    length: m,
    left: new Int32Array(m),
    right: new Int32Array(m),
    rule: new Uint8Array(m),
    weight: new Float32Array(m),
    band: new Uint8Array(m),
    gamma: new Uint8Array(m * g),
  };
  for (let i = 0, j = 0; i < n; i++) {
    if (keep[i] === 0) continue;
    out.left[j] = pairs.left[i]!;
    out.right[j] = pairs.right[i]!;
    out.rule[j] = pairs.rule[i]!;
    out.weight[j] = pairs.weight[i]!;
    out.band[j] = pairs.band[i]!;
    out.gamma.set(pairs.gamma.subarray(i * g, i * g + g), j * g);
    j++;
  }
  return out;
}

/** A pair whose band the one-to-one test changed: its new band, or `null` when it left the flagged set. */
export interface OneToOneChange {
  left: number;
  right: number;
  band: number | null;
}

/**
 * The one-to-one test as a list of changes, for a caller that stored the pairs before it had them all
 * (a chunked, resumable job): `pairs` is the whole flagged result as linked without the test; the
 * pairs themselves are not modified.
 */
export function oneToOneChanges(
  pairs: LinkedPairs,
  leftSize: number,
  rightSize: number,
  thresholds: BandThresholds = DEFAULT_THRESHOLDS,
): OneToOneChange[] {
  const tested = applyOneToOne(
    { ...pairs, band: pairs.band.slice() },
    undefined,
    leftSize,
    rightSize,
    thresholds,
  );
  const after = new Map<number, number>();
  for (let i = 0; i < tested.length; i++)
    after.set(tested.left[i]! * rightSize + tested.right[i]!, tested.band[i]!);
  const changes: OneToOneChange[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const left = pairs.left[i]!;
    const right = pairs.right[i]!;
    const band = after.get(left * rightSize + right);
    if (band === undefined) changes.push({ left, right, band: null });
    else if (band !== pairs.band[i]) changes.push({ left, right, band });
  }
  return changes;
}
