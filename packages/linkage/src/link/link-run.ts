/**
 * The link run: blocking rules in order (earlier-rule pairs excluded, oversized blocks split),
 * comparison, Fellegi–Sunter scoring and banding, over columnar inputs. It advances in chunks of
 * right-side rows so a job runner can report progress, stop and resume from a cursor; the output
 * order is deterministic: rule, then right row, then left row.
 */
import { BlockIndex } from '../block/block-index';
import type { BlockingRule, PartColumns } from '../block/rules';
import { computeRuleKeys, REVERIFICATION_RULES, splitKey, validateRule } from '../block/rules';
import type { NameTable } from '../columns/name-dictionary';
import type { PeopleTable } from '../columns/people-table';
import {
  comparePackedPair,
  FIELDS,
  NAME_NORMALIZED,
  PACKED_EXTRA,
  packNames,
  packRows,
  type PackedRows,
} from '../compare/comparators';
import type { BandThresholds, LinkageModel } from '../score/model';
import {
  BAND_FAST_TRACK,
  BAND_NO_LINK,
  BAND_REVIEW,
  DEFAULT_THRESHOLDS,
  MAX_LEVELS,
  nameExactM,
  patternIndex,
  priorWeight,
  WeightBands,
  weightTable,
} from '../score/model';
import { applyOneToOne } from './one-to-one';

const FIELD_COUNT = FIELDS.length;

/** Blocks with more candidate pairs are split by the rule's splitParts (5 000 × 5 000). */
export const DEFAULT_MAX_BLOCK_PAIRS = 25_000_000;

/** Where a run stands: the rule index and the next right row within the run's right range. */
export interface LinkCursor {
  rule: number;
  right: number;
}

export interface LinkProgress {
  rule: string;
  ruleIndex: number;
  ruleCount: number;
  /** Right rows done in the current rule (relative to the run's range). */
  rightDone: number;
  rightTotal: number;
  candidates: number;
  cursor: LinkCursor;
}

/** Per-rule candidate-set fingerprint: count, Σ mix1 mod 2³², Σ mix2² mod 2³² (see docs/linkage.md). */
export interface PairFingerprint {
  count: number;
  sum1: number;
  sum2: number;
}

export interface RuleStats {
  rule: string;
  /** Σ n_left · n_right over the rule's blocks before exclusion (right rows of this run). */
  blockPairs: number;
  splitBlocks: number;
  /** Pairs this rule scored (not produced by an earlier rule), within the run's right range. */
  candidates: number;
  fastTrack: number;
  review: number;
  fingerprint: PairFingerprint;
}

/** Flagged pairs (fast-track and review bands), column-wise. gamma holds FIELDS.length levels per pair. */
export interface LinkedPairs {
  length: number;
  left: Int32Array;
  right: Int32Array;
  rule: Uint8Array;
  weight: Float32Array;
  band: Uint8Array;
  gamma: Uint8Array;
}

/** Every candidate pair (only when collectCandidates is set; for parity checks on small data). */
export interface CandidatePairs {
  length: number;
  left: Int32Array;
  right: Int32Array;
  rule: Uint8Array;
}

export interface LinkOptions {
  rules?: readonly BlockingRule[];
  model: LinkageModel;
  thresholds?: BandThresholds;
  /** Blocks with more pairs are split by the rule's splitParts. Default 25 M (5 000 × 5 000). */
  maxBlockPairs?: number;
  /** Right rows per step. */
  chunkSize?: number;
  /** Restrict to right rows [start, end) (worker slices). */
  rightRange?: readonly [number, number];
  /** Score only every n-th right row (training samples). */
  rightStride?: number;
  resumeFrom?: LinkCursor;
  collectCandidates?: boolean;
  /** Add every scored pair's gamma pattern to counts[ruleIndex * PATTERN_COUNT + pattern]. */
  patternCounts?: Float64Array;
  /** Precomputed composite keys per rule (shared between workers). */
  ruleKeys?: RuleKeySet;
  /**
   * Prebuilt block indexes per rule (shared between workers, see linkParallel), each already sized
   * against the whole right side (`countRight` with its right slots kept) when it may exceed
   * maxBlockPairs. Requires ruleKeys.
   */
  blockIndexes?: readonly (BlockIndex | undefined)[];
  /**
   * The one-to-one test of fast-track pairs without an exact id (one-to-one.ts, ADR 0035), applied by
   * result() once a run covering every right row from its start is done. Default false on a LinkRun — a
   * caller storing pairs chunk by chunk (a job) must apply it over all its pairs at the end — and true
   * in `link()`, `compareRolls` and `linkParallel` (after the merge).
   */
  oneToOne?: boolean;
  onProgress?: (progress: LinkProgress) => void;
}

export interface RuleKeySet {
  left: Float64Array[];
  right: Float64Array[];
}

class PairBuffer {
  length = 0;
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  rule = new Uint8Array(1024);
  weight = new Float32Array(1024);
  band = new Uint8Array(1024);
  gamma = new Uint8Array(1024 * FIELD_COUNT);

  private grow(): void {
    const n = this.left.length * 2;
    const grow = <T extends Int32Array | Uint8Array | Float32Array>(a: T, size: number): T => {
      const next = new (a.constructor as new (n: number) => T)(size);
      next.set(a);
      return next;
    };
    this.left = grow(this.left, n);
    this.right = grow(this.right, n);
    this.rule = grow(this.rule, n);
    this.weight = grow(this.weight, n);
    this.band = grow(this.band, n);
    this.gamma = grow(this.gamma, n * FIELD_COUNT);
  }

  push(l: number, r: number, rule: number, weight: number, band: number, gamma: Uint8Array): void {
    if (this.length === this.left.length) this.grow();
    const i = this.length++;
    this.left[i] = l;
    this.right[i] = r;
    this.rule[i] = rule;
    this.weight[i] = weight;
    this.band[i] = band;
    this.gamma.set(gamma, i * FIELD_COUNT);
  }

  freeze(): LinkedPairs {
    const n = this.length;
    return {
      length: n,
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      rule: this.rule.slice(0, n),
      weight: this.weight.slice(0, n),
      band: this.band.slice(0, n),
      gamma: this.gamma.slice(0, n * FIELD_COUNT),
    };
  }
}

class CandidateBuffer {
  length = 0;
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  rule = new Uint8Array(1024);
  push(l: number, r: number, rule: number): void {
    if (this.length === this.left.length) {
      const n = this.length * 2;
      const left = new Int32Array(n);
      left.set(this.left);
      const right = new Int32Array(n);
      right.set(this.right);
      const ruleArr = new Uint8Array(n);
      ruleArr.set(this.rule);
      this.left = left;
      this.right = right;
      this.rule = ruleArr;
    }
    this.left[this.length] = l;
    this.right[this.length] = r;
    this.rule[this.length] = rule;
    this.length++;
  }
  freeze(): CandidatePairs {
    const n = this.length;
    return {
      length: n,
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      rule: this.rule.slice(0, n),
    };
  }
}

/** Multiplicative mixes shared with the SQL peer (bench/linkage). */
export function pairMix1(l: number, r: number): number {
  return (Math.imul(l, 0x9e3779b1) + Math.imul(r, 40503)) >>> 0;
}
export function pairMix2(l: number, r: number): number {
  const x = (Math.imul(l, 40503) + Math.imul(r, 0x85ebca6b)) >>> 0;
  return Math.imul(x, x) >>> 0;
}

/** Computes every rule's composite keys for both sides (rows [start, end) of each side when given). */
export function computeRuleKeySet(
  rules: readonly BlockingRule[],
  left: PeopleTable,
  right: PeopleTable,
  names: NameTable,
  shared = false,
): RuleKeySet {
  const alloc = (n: number): Float64Array =>
    shared ? new Float64Array(new SharedArrayBuffer(n * 8)) : new Float64Array(n);
  const set: RuleKeySet = { left: [], right: [] };
  const leftParts: PartColumns = new Map();
  const rightParts: PartColumns = new Map();
  for (const rule of rules) {
    const l = alloc(left.size);
    const r = alloc(right.size);
    computeRuleKeys(rule, left, names, l, leftParts);
    computeRuleKeys(rule, right, names, r, rightParts);
    set.left.push(l);
    set.right.push(r);
  }
  return set;
}

export class LinkRun {
  readonly rules: readonly BlockingRule[];
  private readonly bands: WeightBands;
  private readonly weights: Float64Array;
  private readonly prior: number;
  private readonly tfWeight: Float64Array | undefined;
  private readonly maxBlockPairs: number;
  private readonly chunkSize: number;
  private readonly rangeStart: number;
  private readonly rangeEnd: number;
  private readonly stride: number;
  private readonly keys: RuleKeySet;
  private readonly rightKeysComplete: boolean[];
  /** Left rows with their comparison fields and every rule's key (see packRows). */
  private readonly leftRows: PackedRows;
  private readonly namesPacked: Int32Array;
  private readonly leftSplit: (Uint8Array | undefined)[] = [];
  private readonly stats: RuleStats[];
  private readonly flagged = new PairBuffer();
  private readonly candidates: CandidateBuffer | undefined;
  private index: BlockIndex | undefined;
  private cursor: LinkCursor;
  private readonly gamma = new Uint8Array(FIELD_COUNT);
  private readonly earlierKeys = new Float64Array(256);

  constructor(
    readonly left: PeopleTable,
    readonly right: PeopleTable,
    readonly names: NameTable,
    private readonly options: LinkOptions,
  ) {
    this.rules = options.rules ?? REVERIFICATION_RULES;
    this.rules.forEach(validateRule);
    if (this.rules.length > 255) throw new RangeError('at most 255 rules');
    this.bands = new WeightBands(options.thresholds ?? DEFAULT_THRESHOLDS);
    this.weights = weightTable(options.model);
    this.prior = priorWeight(options.model);
    this.maxBlockPairs = options.maxBlockPairs ?? DEFAULT_MAX_BLOCK_PAIRS;
    this.chunkSize = options.chunkSize ?? 65_536;
    this.rangeStart = options.rightRange?.[0] ?? 0;
    this.rangeEnd = options.rightRange?.[1] ?? right.size;
    this.stride = options.rightStride ?? 1;
    if (options.ruleKeys) {
      this.keys = options.ruleKeys;
      this.rightKeysComplete = this.rules.map(() => true);
    } else {
      // Left keys in full; right keys only for this run's range (workers split the right side), the
      // rest computed later only for a rule whose blocks must be sized over the whole right side.
      this.keys = { left: [], right: [] };
      const leftParts: PartColumns = new Map();
      const rightParts: PartColumns = new Map();
      for (const rule of this.rules) {
        const l = new Float64Array(left.size);
        computeRuleKeys(rule, left, names, l, leftParts);
        this.keys.left.push(l);
        const r = new Float64Array(right.size).fill(NaN);
        computeRuleKeys(rule, right, names, r, rightParts, this.rangeStart, this.rangeEnd);
        this.keys.right.push(r);
      }
      this.rightKeysComplete = this.rules.map(() => this.rangeStart === 0 && this.rangeEnd === right.size);
    }
    // The exclusion test reads all earlier rules' keys of one left row: kept in its record.
    const ruleCount = this.rules.length;
    this.leftRows = packRows(left, ruleCount);
    this.namesPacked = packNames(names);
    const { floats, stride } = this.leftRows;
    for (let k = 0; k < ruleCount; k++) {
      const column = this.keys.left[k]!;
      for (let l = 0, f = PACKED_EXTRA + k; l < left.size; l++, f += stride >> 1) floats[f] = column[l]!;
    }
    this.candidates = options.collectCandidates ? new CandidateBuffer() : undefined;
    this.stats = this.rules.map((rule) => ({
      rule: rule.id,
      blockPairs: 0,
      splitBlocks: 0,
      candidates: 0,
      fastTrack: 0,
      review: 0,
      fingerprint: { count: 0, sum1: 0, sum2: 0 },
    }));
    this.cursor = options.resumeFrom ? { ...options.resumeFrom } : { rule: 0, right: this.rangeStart };
    if (options.model.nameTermFrequency) {
      // log2(m_exact / tf(name)), tf = share of right rows with the name (at least one row).
      const counts = new Float64Array(names.size);
      for (let r = 0; r < right.size; r++) {
        const n = right.name[r] ?? -1;
        if (n >= 0) counts[n]! += 1;
      }
      const m = nameExactM(options.model);
      // Monotone like every level: an exact common name never weighs less than a normalised match.
      const floor = this.weights[1 * MAX_LEVELS + NAME_NORMALIZED] ?? -Infinity;
      const tf = new Float64Array(names.size);
      for (let n = 0; n < names.size; n++)
        tf[n] = Math.max(floor, Math.log2(m / (Math.max(counts[n] ?? 0, 1) / right.size)));
      this.tfWeight = tf;
    }
    // Split flags of rules already passed when resuming.
    for (let k = 0; k < Math.min(this.cursor.rule, this.rules.length); k++) this.prepareRule(k, false);
  }

  get done(): boolean {
    return this.cursor.rule >= this.rules.length;
  }

  get position(): LinkCursor {
    return { ...this.cursor };
  }

  /**
   * Builds the left index of rule k. Blocks are sized against the whole right side only when some
   * block could exceed maxBlockPairs (its left count times the right size); oversized blocks are split
   * and the left rows in them remembered for later rules' exclusion tests.
   */
  private prepareRule(k: number, keepIndex: boolean): void {
    const prebuilt = this.options.blockIndexes?.[k];
    const index = prebuilt ?? new BlockIndex(this.keys.left[k]!);
    const stats = this.stats[k]!;
    stats.blockPairs = 0;
    if (!prebuilt && index.mayExceed(this.right.size, this.maxBlockPairs)) {
      const rightKeys = this.keys.right[k]!;
      if (!this.rightKeysComplete[k]) {
        const rule = this.rules[k]!;
        const parts: PartColumns = new Map();
        if (this.rangeStart > 0)
          computeRuleKeys(rule, this.right, this.names, rightKeys, parts, 0, this.rangeStart);
        if (this.rangeEnd < this.right.size) {
          computeRuleKeys(rule, this.right, this.names, rightKeys, parts, this.rangeEnd, this.right.size);
        }
        this.rightKeysComplete[k] = true;
      }
      index.countRight(rightKeys, this.maxBlockPairs, keepIndex);
    }
    stats.splitBlocks = index.splitBlocks;
    if (index.splitBlocks > 0) {
      const flags = new Uint8Array(this.left.size);
      const leftKeys = this.keys.left[k]!;
      for (let l = 0; l < this.left.size; l++) {
        const slot = index.find(leftKeys[l] ?? NaN);
        if (slot >= 0 && index.split[slot] === 1) flags[l] = 1;
      }
      this.leftSplit[k] = flags;
    }
    this.index = keepIndex ? index : undefined;
  }

  /**
   * Whether an earlier rule already produced (l, r). `rightKeys` holds right row r's keys of rules
   * 0..k-1, read once per right row instead of once per left row of its block.
   */
  private excluded(l: number, r: number, k: number, rightKeys: Float64Array): boolean {
    const base = ((l * this.leftRows.stride) >> 1) + PACKED_EXTRA;
    const byRow = this.leftRows.floats;
    for (let j = 0; j < k; j++) {
      if (byRow[base + j] !== rightKeys[j]) continue;
      const split = this.leftSplit[j];
      if (split !== undefined && split[l] === 1) {
        const parts = this.rules[j]!.splitParts ?? [];
        if (splitKey(parts, this.left, this.names, l) !== splitKey(parts, this.right, this.names, r))
          continue;
      }
      return true;
    }
    return false;
  }

  /** Processes one chunk; returns false once every rule is done. */
  step(): boolean {
    if (this.done) return false;
    const k = this.cursor.rule;
    if (this.cursor.right === this.rangeStart || this.index === undefined) this.prepareRule(k, true);
    const index = this.index!;
    const rule = this.rules[k]!;
    const stats = this.stats[k]!;
    const rightKeys = this.keys.right[k]!;
    const splitParts = rule.splitParts ?? [];
    const leftSplitFlags = this.leftSplit[k];
    const { left, right, names, weights, gamma, bands, earlierKeys } = this;
    const patterns = this.options.patternCounts;
    const patternBase = k * (patterns ? patterns.length / this.rules.length : 0);
    const chunkEnd = Math.min(this.rangeEnd, this.cursor.right + this.chunkSize);
    for (let r = this.cursor.right; r < chunkEnd; r++) {
      if (this.stride > 1 && r % this.stride !== 0) continue;
      const slot = index.rightSlot ? (index.rightSlot[r] ?? -1) : index.find(rightKeys[r] ?? NaN);
      if (slot < 0) continue;
      stats.blockPairs += index.leftCount[slot] ?? 0;
      for (let j = 0; j < k; j++) earlierKeys[j] = this.keys.right[j]![r]!;
      const isSplit = leftSplitFlags !== undefined && index.split[slot] === 1;
      const rightSplit = isSplit ? splitKey(splitParts, right, names, r) : 0;
      for (let l = index.head[slot] ?? -1; l >= 0; l = index.next[l] ?? -1) {
        if (isSplit && splitKey(splitParts, left, names, l) !== rightSplit) continue;
        if (k > 0 && this.excluded(l, r, k, earlierKeys)) continue;
        comparePackedPair(this.leftRows, right, names, this.namesPacked, l, r, gamma);
        let weight = this.prior;
        for (let f = 0; f < FIELD_COUNT; f++) weight += weights[f * MAX_LEVELS + (gamma[f] ?? 0)] ?? 0;
        if (this.tfWeight !== undefined && gamma[1] === 0) {
          weight += (this.tfWeight[left.name[l] ?? 0] ?? 0) - (weights[1 * MAX_LEVELS] ?? 0);
        }
        const band = bands.bandOf(gamma, 0, weight);
        stats.candidates++;
        const fp = stats.fingerprint;
        fp.count++;
        fp.sum1 = (fp.sum1 + pairMix1(l, r)) >>> 0;
        fp.sum2 = (fp.sum2 + pairMix2(l, r)) >>> 0;
        if (patterns) patterns[patternBase + patternIndex(gamma)]! += 1;
        this.candidates?.push(l, r, k);
        if (band === BAND_NO_LINK) continue;
        if (band === BAND_FAST_TRACK) stats.fastTrack++;
        else if (band === BAND_REVIEW) stats.review++;
        this.flagged.push(l, r, k, weight, band, gamma);
      }
    }
    this.cursor.right = chunkEnd;
    this.options.onProgress?.({
      rule: rule.id,
      ruleIndex: k,
      ruleCount: this.rules.length,
      rightDone: chunkEnd - this.rangeStart,
      rightTotal: this.rangeEnd - this.rangeStart,
      candidates: stats.candidates,
      cursor: this.position,
    });
    if (chunkEnd >= this.rangeEnd) {
      this.cursor = { rule: k + 1, right: this.rangeStart };
      this.index = undefined;
    }
    return !this.done;
  }

  result(): LinkResult {
    const stats = this.stats.map((s) => ({ ...s, fingerprint: { ...s.fingerprint } }));
    let pairs = this.flagged.freeze();
    const whole = this.rangeStart === 0 && this.rangeEnd === this.right.size && this.stride === 1;
    if (this.done && whole && !this.options.resumeFrom && this.options.oneToOne === true) {
      pairs = applyOneToOne(pairs, stats, this.left.size, this.right.size, this.options.thresholds);
    }
    return {
      rules: this.rules.map((r) => r.id),
      stats,
      pairs,
      candidates: this.candidates?.freeze(),
      cursor: this.position,
      done: this.done,
    };
  }
}

export interface LinkResult {
  rules: string[];
  stats: RuleStats[];
  /** Pairs in the fast-track and review bands. */
  pairs: LinkedPairs;
  candidates?: CandidatePairs;
  cursor: LinkCursor;
  done: boolean;
}

/** Runs every rule to completion on the calling thread, then the one-to-one test (unless oneToOne: false). */
export function link(
  left: PeopleTable,
  right: PeopleTable,
  names: NameTable,
  options: LinkOptions,
): LinkResult {
  const run = new LinkRun(left, right, names, { oneToOne: true, ...options });
  while (run.step());
  return run.result();
}
