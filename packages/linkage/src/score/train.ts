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
import { comparePair, FIELD_LEVELS, FIELDS } from '../compare/comparators';
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

/** u probabilities from random pairs. */
export function estimateU(
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
  return counts.map((c, f) => {
    const n = c.length;
    const nonNull = c.subarray(0, n - 1).reduce((a, b) => a + b, 0);
    const u = Array.from(c, (x, k) => (k === n - 1 ? 0 : Math.max(x, 0.5) / Math.max(nonNull, 1)));
    if (FIELDS[f] === 'id') u[0] = 1 / right.size;
    return u;
  });
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
  const m = FIELDS.map((f, fi): number[] => {
    const n = FIELD_LEVELS[f].length;
    const c = new Float64Array(n);
    for (let p = 0; p < PATTERN_COUNT; p++) {
      const g = gammas[p]!;
      // The region is part of the id, so it is anchored on name + birth date like the id itself.
      const anchor = f === 'id' || f === 'region' ? (g[1] ?? 9) <= 1 && g[2] === 0 : g[0] === 0;
      if (anchor) c[g[fi] ?? 0]! += patterns[p] ?? 0;
    }
    const nonNull = c.subarray(0, n - 1).reduce((a, b) => a + b, 0);
    // A floor on every level: no disagreement is impossible for a true match (re-coded regions, typos
    // the synthetic data may not contain), so no single level can veto a pair on its own.
    const raw = Array.from(c, (x, k) => (k === n - 1 ? 0 : Math.max(x / Math.max(nonNull, 1), M_FLOOR)));
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((x) => x / sum);
  });
  const total = patterns.reduce((a, b) => a + b, 0);
  // Per-pattern log Bayes factors (null levels contribute nothing).
  const logBf = new Float64Array(PATTERN_COUNT);
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
  let share = 0.5;
  for (let iter = 0; iter < iterations; iter++) {
    let matchMass = 0;
    const prior = Math.log2(share / (1 - share));
    for (let p = 0; p < PATTERN_COUNT; p++) {
      const c = patterns[p] ?? 0;
      if (c === 0) continue;
      matchMass += c / (1 + 2 ** -(prior + (logBf[p] ?? 0)));
    }
    share = Math.min(0.999, Math.max(1e-6, matchMass / Math.max(total, 1)));
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

/** Smallest m of any non-null level. */
export const M_FLOOR = 1e-3;

/** Trains a model for left × right (seeded, deterministic). */
export function trainModel(
  left: PeopleTable,
  right: PeopleTable,
  names: NameTable,
  options: TrainOptions = {},
): TrainReport {
  const rules = options.rules ?? REVERIFICATION_RULES;
  const seed = options.seed ?? 1;
  const u = estimateU(left, right, names, options.randomPairs ?? 1_000_000, seed);
  const sample = options.sampleRightRows ?? 250_000;
  const stride = Math.max(1, Math.floor(right.size / sample));
  const patterns = samplePatterns(left, right, names, rules, stride, options.ruleKeys, options.maxBlockPairs);
  return fitModel(patterns, rules.length, u, left.size, right.size, stride, options.emIterations ?? 30);
}
