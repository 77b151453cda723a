/**
 * Estimating the Fellegi–Sunter model from unlabelled data:
 * - u from random pairs (seeded sample), except the exact-id level whose u is 1/n_right;
 * - m of the non-id fields from id-exact pairs, m of the id from name + birth-date-exact pairs;
 * - the candidate match share by EM on the gamma patterns of a sample of candidate pairs (every
 *   rule) with m and u held fixed;
 * - λ = expected matches / (n_left · n_right).
 */
import type { BlockingRule } from '../block/rules';
import { REVERIFICATION_RULES } from '../block/rules';
import type { NameTable } from '../columns/name-dictionary';
import type { PeopleTable } from '../columns/people-table';
import { comparePair, FIELD_LEVELS, FIELDS, ID_DISTINCT_VALID, ID_EXACT } from '../compare/comparators';
import { LinkRun } from '../link/link-run';
import type { RuleKeySet } from '../link/link-run';
import { createRng } from '../synth/rng';
import type { LinkageModel } from './model';
import { neutralModel, PATTERN_COUNT, patternGamma } from './model';

export interface TrainOptions {
  rules?: readonly BlockingRule[];
  seed?: number;
  /** Random pairs for u. */
  randomPairs?: number;
  /** Right rows sampled for candidate patterns. */
  sampleRightRows?: number;
  emIterations?: number;
  ruleKeys?: RuleKeySet;
  maxBlockPairs?: number;
}

export interface TrainReport {
  model: LinkageModel;
  /** Candidate pairs sampled per rule and the EM's estimate of the match share among them. */
  sampledCandidates: number;
  candidateMatchShare: number;
  expectedMatches: number;
}

/** Level counts per field over seeded random pairs (the u sample). */
export function countRandomLevels(
  left: PeopleTable,
  right: PeopleTable,
  names: NameTable,
  pairs: number,
  seed: number,
): number[][] {
  const rng = createRng(seed);
  const counts = FIELDS.map((f) => new Float64Array(FIELD_LEVELS[f].length));
  const gamma = new Uint8Array(FIELDS.length);
  for (let i = 0; i < pairs; i++) {
    comparePair(left, right, names, rng.int(left.size), rng.int(right.size), gamma);
    for (let f = 0; f < FIELDS.length; f++) counts[f]![gamma[f] ?? 0]! += 1;
  }
  return counts.map((c) => Array.from(c));
}

/**
 * u probabilities from random-pair level counts: a Jeffreys half count on every non-null level (a
 * level no random pair reached is rare, not impossible), the exact-id level 1/n_right.
 */
export function uFromCounts(counts: number[][], nRight: number): number[][] {
  return counts.map((c, f) => {
    const n = c.length;
    const nonNull = c.slice(0, n - 1).reduce((a, b) => a + b, 0);
    const u = c.map((x, k) => (k === n - 1 ? 0 : (x + 0.5) / (nonNull + 0.5 * (n - 1))));
    if (FIELDS[f] === 'id') u[0] = 1 / Math.max(nRight, 1);
    return u;
  });
}

/** u probabilities from random pairs. */
export function estimateU(
  left: PeopleTable,
  right: PeopleTable,
  names: NameTable,
  pairs: number,
  seed: number,
): number[][] {
  return uFromCounts(countRandomLevels(left, right, names, pairs, seed), right.size);
}

/** Runs the blocking rules on a sample of right rows and returns gamma-pattern counts per rule. */
export function samplePatterns(
  left: PeopleTable,
  right: PeopleTable,
  names: NameTable,
  rules: readonly BlockingRule[],
  stride: number,
  ruleKeys?: RuleKeySet,
  maxBlockPairs?: number,
): Float64Array {
  const counts = new Float64Array(rules.length * PATTERN_COUNT);
  const options = {
    rules,
    model: neutralModel(),
    rightStride: stride,
    patternCounts: counts,
    chunkSize: 1 << 20,
    ...(ruleKeys ? { ruleKeys } : {}),
    ...(maxBlockPairs ? { maxBlockPairs } : {}),
  };
  const run = new LinkRun(left, right, names, options);
  while (run.step());
  return counts;
}

/**
 * Fits m and λ from pattern counts with u fixed.
 *
 * EM over blocked pairs is biased when the blocking fields are themselves compared (pairs that share
 * county + name by construction look like matches), so m comes from two "anchor" sets instead:
 * non-id fields from id-exact pairs, and the id field from pairs whose name (hanzi or normalised) and
 * birth date are both exact; each anchor is independent of the field it estimates. EM then updates only
 * the candidate match share, from which λ follows.
 */
export function fitModel(
  patternsByRule: Float64Array,
  ruleCount: number,
  u: number[][],
  nLeft: number,
  nRight: number,
  stride: number,
  iterations = 30,
  uCounts?: number[][],
  /** Estimate the birth date's m by EM (default) rather than from the id-exact anchor. */
  emDob = true,
): TrainReport {
  const patterns = new Float64Array(PATTERN_COUNT);
  for (let k = 0; k < ruleCount; k++) {
    for (let p = 0; p < PATTERN_COUNT; p++) patterns[p]! += patternsByRule[k * PATTERN_COUNT + p] ?? 0;
  }
  const gammas: Uint8Array[] = [];
  for (let p = 0; p < PATTERN_COUNT; p++) {
    const g = new Uint8Array(FIELDS.length);
    patternGamma(p, g);
    gammas.push(g);
  }
  const anchorCounts = FIELDS.map((f, fi): number[] => {
    const c = new Array<number>(FIELD_LEVELS[f].length).fill(0);
    for (let p = 0; p < PATTERN_COUNT; p++) {
      const g = gammas[p]!;
      // The region is part of the id, so it is anchored on name + birth date like the id itself.
      const anchor = f === 'id' || f === 'region' ? (g[1] ?? 9) <= 1 && g[2] === 0 : g[0] === 0;
      if (anchor) c[g[fi] ?? 0]! += patterns[p] ?? 0;
    }
    return c;
  });
  const m = FIELDS.map((f, fi) => smoothedMonotoneM(f, anchorCounts[fi]!, u[fi]!, uCounts?.[fi]));
  const total = patterns.reduce((a, b) => a + b, 0);
  // Per-pattern log Bayes factors (null levels contribute nothing).
  const logBf = new Float64Array(PATTERN_COUNT);
  const computeLogBf = () => {
    for (let p = 0; p < PATTERN_COUNT; p++) {
      const g = gammas[p]!;
      let w = 0;
      for (let f = 0; f < FIELDS.length; f++) {
        const level = g[f] ?? 0;
        if (level === FIELD_LEVELS[FIELDS[f]!].length - 1) continue;
        w += Math.log2(Math.max(m[f]![level] ?? 0, 1e-12) / Math.max(u[f]![level] ?? 0, 1e-12));
      }
      logBf[p] = w;
    }
  };
  computeLogBf();
  // The birth date's m is the one field EM estimates (from the match posterior of every sampled
  // candidate, the other fields held at their anchor estimates): the id-exact anchor is not independent
  // of the birth date — the id encodes it, and a record whose id was taken down was dated from that id —
  // so it never shows how records *without* an id get their dates wrong (a lunar date written as a
  // Gregorian one). A level with less than one expected match counts as unseen (m ≤ u, see
  // smoothedMonotoneM), so a soft count never turns a rare level into positive evidence.
  const dobField = FIELDS.indexOf('dob');
  const dobLevels = FIELD_LEVELS.dob.length;
  let share = 0.5;
  for (let iter = 0; iter < iterations; iter++) {
    let matchMass = 0;
    const prior = Math.log2(share / (1 - share));
    const dobCounts = new Array<number>(dobLevels).fill(0);
    for (let p = 0; p < PATTERN_COUNT; p++) {
      const c = patterns[p] ?? 0;
      if (c === 0) continue;
      const mass = c / (1 + 2 ** -(prior + (logBf[p] ?? 0)));
      matchMass += mass;
      dobCounts[gammas[p]![dobField] ?? 0]! += mass;
    }
    share = Math.min(0.999, Math.max(1e-6, matchMass / Math.max(total, 1)));
    if (emDob && iter < iterations - 1) {
      const counts = dobCounts.map((x, k) => (k === dobLevels - 1 || x < 1 ? 0 : x));
      m[dobField] = smoothedMonotoneM('dob', counts, u[dobField]!, uCounts?.[dobField]);
      computeLogBf();
    }
  }
  const expectedMatches = share * total * stride;
  const lambda = Math.min(0.5, Math.max(expectedMatches, 1) / (nLeft * nRight));
  return {
    model: {
      version: 1,
      lambda,
      nameTermFrequency: true,
      fields: FIELDS.map((field, f) => ({ field, levels: FIELD_LEVELS[field], m: m[f]!, u: u[f]! })),
    },
    sampledCandidates: total,
    candidateMatchShare: share,
    expectedMatches,
  };
}

/** Smallest m of a non-null level seen among the anchor pairs (see smoothedMonotoneM). */
export const M_FLOOR = 1e-3;

/**
 * m of the distinct-valid id level: the chance that two records of one person carry two different
 * check-valid ids with no near-miss relation (not one edit apart, not a 15→18 upgrade, not a re-coded
 * division part). It is a prior, not an estimate: the anchor pairs (same name and birth date) are
 * where namesakes live, so the level's anchor share measures namesakes, not matches. One pair in a
 * million: the id is the identity, and a record carrying another person's valid id is an error the
 * clerk should see rather than a link the model should guess.
 */
export const DISTINCT_VALID_M = 1e-7;

/**
 * m of one field from its anchor counts, smoothed and made monotone:
 * 1. Jeffreys half counts; a level seen among the anchors keeps the M_FLOOR floor (no single
 *    disagreement vetoes a pair on its own), a level never seen among them gets m ≤ u — absence of
 *    evidence among matches is never positive evidence;
 * 2. the id's distinct-valid level takes the DISTINCT_VALID_M prior;
 * 3. weights log2(m/u) are made non-increasing in level order (exact ≥ near ≥ far) by pooling
 *    adjacent violators (Σm / Σu of the pool), levels seen in neither sample take the weight of the
 *    nearest worse level that was seen; m is then u·2^weight, renormalised.
 */
export function smoothedMonotoneM(
  field: (typeof FIELDS)[number],
  anchorCounts: readonly number[],
  u: readonly number[],
  uCounts?: readonly number[],
): number[] {
  const n = anchorCounts.length;
  const last = n - 1;
  const anchorTotal = anchorCounts.slice(0, last).reduce((a, b) => a + b, 0);
  const m = anchorCounts.map((c, k) => {
    if (k === last) return 0;
    const estimate = (c + 0.5) / (anchorTotal + 0.5 * last);
    return c > 0 ? Math.max(estimate, M_FLOOR) : Math.min(estimate, u[k] ?? 0);
  });
  if (field === 'id') m[ID_DISTINCT_VALID] = DISTINCT_VALID_M;
  const seen = anchorCounts.map((c, k) => k < last && (c > 0 || (uCounts?.[k] ?? 1) > 0));
  if (field === 'id') seen[ID_EXACT] = seen[ID_DISTINCT_VALID] = true;
  // Pool adjacent violators over the seen levels.
  const blocks: { levels: number[]; m: number; u: number }[] = [];
  const weightOf = (b: { m: number; u: number }) => Math.log2(Math.max(b.m, 1e-300) / Math.max(b.u, 1e-300));
  for (let k = 0; k < last; k++) {
    if (!seen[k]) continue;
    blocks.push({ levels: [k], m: m[k]!, u: u[k] ?? 0 });
    while (blocks.length > 1 && weightOf(blocks[blocks.length - 2]!) < weightOf(blocks[blocks.length - 1]!)) {
      const b = blocks.pop()!;
      const a = blocks[blocks.length - 1]!;
      a.levels.push(...b.levels);
      a.m += b.m;
      a.u += b.u;
    }
  }
  const weight = new Array<number>(n).fill(NaN);
  for (const b of blocks) for (const k of b.levels) weight[k] = weightOf(b);
  for (let k = last - 1; k >= 0; k--) {
    if (!Number.isNaN(weight[k]!)) continue;
    let next = k + 1;
    while (next < last && Number.isNaN(weight[next]!)) next++;
    let prev = k - 1;
    while (prev >= 0 && Number.isNaN(weight[prev]!)) prev--;
    weight[k] = next < last ? weight[next]! : prev >= 0 ? weight[prev]! : 0;
  }
  const out = weight.map((w, k) => (k === last ? 0 : (u[k] ?? 0) * 2 ** w));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((x) => x / sum);
}

/** Trains a model for left × right (seeded, deterministic). */
export function trainModel(
  left: PeopleTable,
  right: PeopleTable,
  names: NameTable,
  options: TrainOptions = {},
): TrainReport {
  const rules = options.rules ?? REVERIFICATION_RULES;
  const seed = options.seed ?? 1;
  const uCounts = countRandomLevels(left, right, names, options.randomPairs ?? 1_000_000, seed);
  const u = uFromCounts(uCounts, right.size);
  const sample = options.sampleRightRows ?? 250_000;
  const stride = Math.max(1, Math.floor(right.size / sample));
  const patterns = samplePatterns(left, right, names, rules, stride, options.ruleKeys, options.maxBlockPairs);
  return fitModel(
    patterns,
    rules.length,
    u,
    left.size,
    right.size,
    stride,
    options.emIterations ?? 30,
    uCounts,
  );
}
