/**
 * Fellegi–Sunter model: per field and level an m (P(level | match)) and u (P(level | non-match))
 * probability, a prior λ that two random records match, and a term-frequency adjustment of the
 * hanzi-exact name level. Weights are log2(m/u); a pair's match weight is log2(λ/(1−λ)) plus the sum
 * of its level weights; null levels weigh 0. The model is plain data (JSON) so a job can persist it.
 */
import type { FieldId } from '../compare/comparators';
import {
  DOB_EXACT,
  DOB_LUNAR,
  FIELD_LEVELS,
  FIELDS,
  ID_EXACT,
  ID_NULL,
  ID_ONE_EDIT,
  ID_RECODED,
  NAME_HOMOPHONE,
  NAME_JARO_WINKLER,
  NAME_SHAPE,
} from '../compare/comparators';

export interface FieldModel {
  field: FieldId;
  levels: readonly string[];
  m: number[];
  u: number[];
}

export interface LinkageModel {
  version: 1;
  /** Probability that two random records (one per side) match. */
  lambda: number;
  fields: FieldModel[];
  /** Adjust the hanzi-exact name level by the name's frequency on the right side. */
  nameTermFrequency: boolean;
}

export const BAND_FAST_TRACK = 0;
export const BAND_REVIEW = 1;
export const BAND_NO_LINK = 2;
export const BAND_NAMES = ['fast-track', 'review', 'no-link'] as const;
export type Band = (typeof BAND_NAMES)[number];

/** Posterior match probabilities bounding the bands. */
export interface BandThresholds {
  /** Fast track (auto-confirmed 疑点, still verified before any benefit change) needs p ≥ this … */
  fastTrack: number;
  /**
   * … plus the levels fastTrackEligible asks for, and (without an exact id) no competing candidate
   * that brings the one-to-one probability below it (link/one-to-one.ts). Clerical review needs p ≥ this.
   */
  review: number;
}

export const DEFAULT_THRESHOLDS: BandThresholds = { fastTrack: 0.999, review: 0.5 };

/** Number of levels of the widest field (gamma index stride in weight tables). */
export const MAX_LEVELS = Math.max(...FIELDS.map((f) => FIELD_LEVELS[f].length));

/** A model with uninformative probabilities (every weight 0); for training passes. */
export function neutralModel(): LinkageModel {
  return {
    version: 1,
    lambda: 0.5,
    nameTermFrequency: false,
    fields: FIELDS.map((field) => {
      const n = FIELD_LEVELS[field].length;
      return {
        field,
        levels: FIELD_LEVELS[field],
        m: Array<number>(n).fill(1 / n),
        u: Array<number>(n).fill(1 / n),
      };
    }),
  };
}

/** Weight table: weights[f * MAX_LEVELS + level] = log2(m/u); the null level (last) is 0. */
export function weightTable(model: LinkageModel): Float64Array {
  const table = new Float64Array(FIELDS.length * MAX_LEVELS);
  model.fields.forEach((fm, f) => {
    const last = fm.levels.length - 1;
    for (let k = 0; k < last; k++) {
      const m = Math.max(fm.m[k] ?? 0, 1e-9);
      const u = Math.max(fm.u[k] ?? 0, 1e-12);
      table[f * MAX_LEVELS + k] = Math.log2(m / u);
    }
  });
  return table;
}

export function priorWeight(model: LinkageModel): number {
  return Math.log2(model.lambda / (1 - model.lambda));
}

/** m of the hanzi-exact name level (for the term-frequency weight log2(m / tf)). */
export function nameExactM(model: LinkageModel): number {
  return Math.max(model.fields[1]?.m[0] ?? 0, 1e-9);
}

export function probabilityOfWeight(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/** Band of a scored pair given its gamma vector (FIELDS order) and posterior probability. */
export function bandOf(
  gamma: Uint8Array,
  offset: number,
  probability: number,
  thresholds: BandThresholds,
): number {
  return band(gamma, offset, probability >= thresholds.fastTrack, probability >= thresholds.review);
}

/**
 * Whether a pair's levels allow fast track (before the probability test): an exact id with a name at
 * homophone level or better (or any similar name — shape, Jaro–Winkler — with an exact birth date);
 * otherwise a name that names the same characters (shape level or better: homophone, variant,
 * reordered, fuzzy pinyin, 形近) with a birth date that agrees exactly in one calendar or the other
 * (equal, or one side's lunar date written as a Gregorian one), and an id that is a one-edit typo or
 * a re-coded division part, or no id on one side with the same sex and the same county. Two different
 * valid ids never qualify. Whether such a pair reaches the fast-track probability is the trained
 * weights' decision; whether it is unambiguous (no competing candidate of either record) is the link
 * run's one-to-one test (link/one-to-one.ts, ADR 0035).
 */
export function fastTrackEligible(gamma: Uint8Array, offset: number): boolean {
  const name = gamma[offset + 1] ?? 9;
  const id = gamma[offset];
  const dob = gamma[offset + 2];
  const dobExact = dob === DOB_EXACT;
  // An exact id with an exact birth date also carries a shape-similar (OCR) or otherwise close name.
  if (id === ID_EXACT && (name <= NAME_HOMOPHONE || (dobExact && name <= NAME_JARO_WINKLER))) return true;
  if (name > NAME_SHAPE || !(dobExact || dob === DOB_LUNAR)) return false;
  if (id === ID_ONE_EDIT || id === ID_RECODED) return true;
  // No id on one side: the same sex and county too (a re-coded county needs the id to show it).
  return id === ID_NULL && gamma[offset + 3] === 0 && gamma[offset + 4] === 0;
}

function band(gamma: Uint8Array, offset: number, fastTrack: boolean, review: boolean): number {
  if (fastTrack && fastTrackEligible(gamma, offset)) return BAND_FAST_TRACK;
  return review ? BAND_REVIEW : BAND_NO_LINK;
}

/**
 * bandOf on the match weight directly, for the hot loop: the thresholds turned into weights once
 * (probabilityOfWeight is monotonic), the exact probability computed only for a weight within a hair
 * of a threshold weight, so the band is always the one bandOf gives.
 */
export class WeightBands {
  private readonly fastTrackWeight: number;
  private readonly reviewWeight: number;

  constructor(private readonly thresholds: BandThresholds) {
    this.fastTrackWeight = weightOfProbability(thresholds.fastTrack);
    this.reviewWeight = weightOfProbability(thresholds.review);
  }

  bandOf(gamma: Uint8Array, offset: number, weight: number): number {
    if (Math.abs(weight - this.fastTrackWeight) < 1e-6 || Math.abs(weight - this.reviewWeight) < 1e-6)
      return bandOf(gamma, offset, probabilityOfWeight(weight), this.thresholds);
    return band(gamma, offset, weight >= this.fastTrackWeight, weight >= this.reviewWeight);
  }
}

/** The weight whose posterior probability is p (inverse of probabilityOfWeight). */
export function weightOfProbability(p: number): number {
  return -Math.log2(1 / p - 1);
}

/** Index of a gamma vector in pattern-count arrays (mixed radix over FIELD_LEVELS). */
export function patternIndex(gamma: Uint8Array, offset = 0): number {
  let index = 0;
  for (let f = 0; f < FIELDS.length; f++)
    index = index * FIELD_LEVELS[FIELDS[f]!].length + (gamma[offset + f] ?? 0);
  return index;
}

export const PATTERN_COUNT = FIELDS.reduce((n, f) => n * FIELD_LEVELS[f].length, 1);

export function patternGamma(index: number, out: Uint8Array): void {
  for (let f = FIELDS.length - 1; f >= 0; f--) {
    const n = FIELD_LEVELS[FIELDS[f]!].length;
    out[f] = index % n;
    index = Math.floor(index / n);
  }
}
