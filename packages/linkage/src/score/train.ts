/**
 * Estimating the Fellegi–Sunter model from unlabelled data:
 * - u from random pairs (seeded sample), except the exact-id level whose u is 1/n_right;
 * - m of the non-id fields initialised from id-exact (B0) pairs;
 * - m (all fields) and the candidate match share refined by EM on the gamma patterns of a sample of
 *   candidate pairs (every rule), u held fixed;
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

/** Fits m and λ by EM over pattern counts with u fixed. */
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
  const idExact = new Float64Array(PATTERN_COUNT);
  for (let k = 0; k < ruleCount; k++) {
    for (let p = 0; p < PATTERN_COUNT; p++) {
      const c = patternsByRule[k * PATTERN_COUNT + p] ?? 0;
      patterns[p]! += c;
    }
  }
  const gamma = new Uint8Array(FIELDS.length);
  const gammas: Uint8Array[] = [];
  for (let p = 0; p < PATTERN_COUNT; p++) {
    const g = new Uint8Array(FIELDS.length);
    patternGamma(p, g);
    gammas.push(g);
    if (g[0] === 0) idExact[p] = patterns[p] ?? 0;
  }
  // m initialisation: non-id fields from id-exact pairs, id from a prior.
  const m = FIELDS.map((f, fi) => {
    const n = FIELD_LEVELS[f].length;
    if (f === 'id') return [0.9, 0.03, 0.03, 0.02, 0.02, 0].slice(0, n);
    const c = new Float64Array(n);
    for (let p = 0; p < PATTERN_COUNT; p++) c[gammas[p]![fi] ?? 0]! += idExact[p] ?? 0;
    const nonNull = c.subarray(0, n - 1).reduce((a, b) => a + b, 0);
    return Array.from(c, (x, k) => (k === n - 1 ? 0 : (x + 1) / (nonNull + n - 1)));
  });
  const total = patterns.reduce((a, b) => a + b, 0);
  let share = Math.min(0.9, Math.max(0.01, idExact.reduce((a, b) => a + b, 0) / Math.max(total, 1)));
  for (let iter = 0; iter < iterations; iter++) {
    const mCounts = FIELDS.map((f) => new Float64Array(FIELD_LEVELS[f].length));
    let matchMass = 0;
    for (let p = 0; p < PATTERN_COUNT; p++) {
      const c = patterns[p] ?? 0;
      if (c === 0) continue;
      const g = gammas[p]!;
      let pm = share;
      let pu = 1 - share;
      for (let f = 0; f < FIELDS.length; f++) {
        const level = g[f] ?? 0;
        if (level === FIELD_LEVELS[FIELDS[f]!].length - 1) continue;
        pm *= m[f]![level] ?? 0;
        pu *= u[f]![level] ?? 0;
      }
      const w = pm + pu > 0 ? pm / (pm + pu) : 0;
      matchMass += c * w;
      for (let f = 0; f < FIELDS.length; f++) mCounts[f]![g[f] ?? 0]! += c * w;
    }
    share = matchMass / Math.max(total, 1);
    mCounts.forEach((c, f) => {
      const n = c.length;
      const nonNull = c.subarray(0, n - 1).reduce((a, b) => a + b, 0);
      m[f] = Array.from(c, (x, k) => (k === n - 1 ? 0 : (x + 1e-3) / (nonNull + 1e-3 * (n - 1))));
    });
  }
  void gamma;
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
