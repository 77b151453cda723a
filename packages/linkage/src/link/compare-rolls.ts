/**
 * One call to compare two rolls, and one to score a chosen pair, with the product's defaults: the
 * re-verification blocking rules, a reference model for rolls too small to train on (a model trained
 * on the roll itself otherwise), the default band thresholds. Records carry their own ids and every
 * pair is reported by record id, never by row number.
 *
 * Explanations add up: a pair's match weight is the prior log2(λ/(1−λ)) plus the weight of each
 * field's level (the hanzi-exact name level adjusted by the name's frequency on the right side when
 * the model asks for it). The per-field list returned here carries the prior as its own entry and the
 * frequency adjustment inside the name's weight, and every entry is rounded to 0.01 with the total
 * taken as the sum of the rounded entries, so the numbers a clerk sees add up exactly.
 */
import type { BlockingRule } from '../block/rules';
import { BACKFILL_RULES, REVERIFICATION_RULES } from '../block/rules';
import { NameDictionary, type NameTable } from '../columns/name-dictionary';
import { encodePeople, type PeopleTable, type PersonInput } from '../columns/people-table';
import { comparePair, FIELD_LEVELS, FIELDS } from '../compare/comparators';
import type { Band, BandThresholds, LinkageModel } from '../score/model';
import {
  BAND_NAMES,
  bandOf,
  DEFAULT_THRESHOLDS,
  MAX_LEVELS,
  priorWeight,
  probabilityOfWeight,
  weightTable,
} from '../score/model';
import { trainModel } from '../score/train';
import { generateReverification } from '../synth/reverification';
import { explainPair } from './explain';
import { LinkRun, type LinkResult, type RuleStats } from './link-run';

/** The product's named rule sets. */
export type RuleSetName = 'reverification' | 'backfill';
export const RULE_SETS: Readonly<Record<RuleSetName, readonly BlockingRule[]>> = {
  reverification: REVERIFICATION_RULES,
  backfill: BACKFILL_RULES,
};

/**
 * Below this many records on either side a roll's own u and m estimates are meaningless (with one
 * record every random pair is the same pair), so such comparisons use the reference model.
 */
export const MIN_ROLL_FOR_TRAINING = 500;

/** A record of a roll: its own id plus the person fields the engine compares. */
export interface RollRecord extends PersonInput {
  id: string;
}

/** One line of an explanation: a field's level and weight, or the prior (`field: 'prior'`). */
export interface ExplainedField {
  field: string;
  level: string;
  weight: number;
}

export interface ScoredPair {
  /** Match weight in bits: the sum of `fields[].weight` (each rounded to 0.01). */
  weight: number;
  /** Posterior match probability of the unrounded weight. */
  probability: number;
  band: Band;
  fields: ExplainedField[];
}

export interface ComparedPair extends ScoredPair {
  leftId: string;
  rightId: string;
  /** The blocking rule that produced the pair (B0 …). */
  rule: string;
}

export type ModelSource = 'given' | 'reference' | 'trained';

export interface CompareRollsOptions {
  /** Named rule set (default 'reverification') or explicit rules. */
  ruleSet?: RuleSetName;
  rules?: readonly BlockingRule[];
  /** Use this model instead of choosing one. */
  model?: LinkageModel;
  thresholds?: BandThresholds;
  /** Random pairs for the u estimate when training (default min(1 M, 20 × left × right)). */
  randomPairs?: number;
  seed?: number;
}

export interface CompareRollsResult {
  pairs: ComparedPair[];
  model: LinkageModel;
  stats: {
    left: number;
    right: number;
    modelSource: ModelSource;
    fastTrack: number;
    review: number;
    rules: RuleStats[];
  };
}

const referenceModels = new Map<string, LinkageModel>();

function rulesKey(rules: readonly BlockingRule[]): string {
  return rules.map((r) => `${r.id}:${r.parts.join('+')}`).join('|');
}

/**
 * A model trained once per process on seeded synthetic re-verification data (2 000 × 6 000 records,
 * the engine's corruption model) with the given rules, for rolls too small to train on. Deterministic.
 */
export function referenceModel(
  rules: RuleSetName | readonly BlockingRule[] = 'reverification',
): LinkageModel {
  const ruleList = typeof rules === 'string' ? RULE_SETS[rules] : rules;
  const key = rulesKey(ruleList);
  let model = referenceModels.get(key);
  if (!model) {
    const data = generateReverification({ size: { left: 2_000, right: 6_000 }, seed: 20261129 });
    const names = new NameDictionary();
    const left = encodePeople(data.left, names);
    const right = encodePeople(data.right, names);
    model = trainModel(left, right, names.freeze(), { rules: ruleList, seed: 1, randomPairs: 200_000 }).model;
    referenceModels.set(key, model);
  }
  return model;
}

export interface EncodedRolls {
  left: PeopleTable;
  right: PeopleTable;
  names: NameTable;
}

/** Encodes both sides with one shared name dictionary. */
export function encodeRolls(left: readonly PersonInput[], right: readonly PersonInput[]): EncodedRolls {
  const dictionary = new NameDictionary();
  const l = encodePeople(left, dictionary);
  const r = encodePeople(right, dictionary);
  return { left: l, right: r, names: dictionary.freeze() };
}

/** The product's model choice: the reference model for small rolls, a model trained on the rolls otherwise. */
export function chooseModel(
  rolls: EncodedRolls,
  options: { rules?: readonly BlockingRule[]; randomPairs?: number; seed?: number } = {},
): { model: LinkageModel; source: Exclude<ModelSource, 'given'> } {
  const rules = options.rules ?? REVERIFICATION_RULES;
  if (Math.min(rolls.left.size, rolls.right.size) < MIN_ROLL_FOR_TRAINING)
    return { model: referenceModel(rules), source: 'reference' };
  const randomPairs = options.randomPairs ?? Math.min(1_000_000, 20 * rolls.left.size * rolls.right.size);
  const { model } = trainModel(rolls.left, rolls.right, rolls.names, {
    rules,
    seed: options.seed ?? 1,
    randomPairs,
  });
  return { model, source: 'trained' };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Makes an explanation add up: the prior as its own line, whatever else the run added to the level
 * weights (the name-frequency adjustment of an exact name) folded into the name line, each line
 * rounded to 0.01 and the total the sum of the rounded lines.
 */
export function balanceExplanation(
  total: number,
  fields: readonly ExplainedField[],
  model: LinkageModel,
): { weight: number; fields: ExplainedField[] } {
  const lines: ExplainedField[] = fields.map((f) => ({ ...f }));
  if (!lines.some((f) => f.field === 'prior'))
    lines.unshift({ field: 'prior', level: 'prior', weight: priorWeight(model) });
  const rest = total - lines.reduce((s, f) => s + f.weight, 0);
  if (Math.abs(rest) >= 0.001) {
    const name = lines.find((f) => f.field === 'name' && f.level === 'hanzi-exact');
    if (name) name.weight += rest;
    else lines.push({ field: 'adjustment', level: 'adjustment', weight: rest });
  }
  for (const line of lines) line.weight = round2(line.weight);
  return { weight: round2(lines.reduce((s, f) => s + f.weight, 0)), fields: lines };
}

/** Pair i of a link result, explained so the field weights sum to the weight (by row numbers). */
export function explainLinkedPair(
  result: LinkResult,
  i: number,
  model: LinkageModel,
): ScoredPair & { left: number; right: number; rule: string } {
  const e = explainPair(result, i, model);
  const balanced = balanceExplanation(e.weight, e.fields, model);
  return {
    left: e.left,
    right: e.right,
    rule: e.rule,
    band: e.band,
    probability: e.probability,
    weight: balanced.weight,
    fields: balanced.fields,
  };
}

/**
 * Compares two rolls with the product's defaults and returns the flagged pairs (fast-track and
 * review bands) by record id, in the engine's deterministic order (rule, right record, left record).
 */
export function compareRolls(
  left: readonly RollRecord[],
  right: readonly RollRecord[],
  options: CompareRollsOptions = {},
): CompareRollsResult {
  const rules = options.rules ?? RULE_SETS[options.ruleSet ?? 'reverification'];
  const rolls = encodeRolls(left, right);
  const chosen: { model: LinkageModel; source: ModelSource } = options.model
    ? { model: options.model, source: 'given' }
    : left.length === 0 || right.length === 0
      ? { model: referenceModel(rules), source: 'reference' }
      : chooseModel(rolls, { rules, randomPairs: options.randomPairs, seed: options.seed });
  const run = new LinkRun(rolls.left, rolls.right, rolls.names, {
    model: chosen.model,
    rules,
    thresholds: options.thresholds,
    oneToOne: true,
  });
  while (run.step());
  const result = run.result();
  const pairs: ComparedPair[] = [];
  for (let i = 0; i < result.pairs.length; i++) {
    const e = explainLinkedPair(result, i, chosen.model);
    pairs.push({
      leftId: left[e.left]!.id,
      rightId: right[e.right]!.id,
      rule: e.rule,
      weight: e.weight,
      probability: e.probability,
      band: e.band,
      fields: e.fields,
    });
  }
  return {
    pairs,
    model: chosen.model,
    stats: {
      left: left.length,
      right: right.length,
      modelSource: chosen.source,
      fastTrack: pairs.filter((p) => p.band === 'fast-track').length,
      review: pairs.filter((p) => p.band === 'review').length,
      rules: result.stats,
    },
  };
}

export interface ScorePairOptions {
  /** Default: the reference model of the re-verification rules. */
  model?: LinkageModel;
  thresholds?: BandThresholds;
}

/**
 * Scores and explains one chosen pair (a against b), whether or not any blocking rule would pair
 * them. Without a roll there is no name frequency: an exact name weighs the model's hanzi-exact level.
 * The band is the one a link run would give the same pair ('no-link' below the review threshold).
 */
export function scorePair(a: PersonInput, b: PersonInput, options: ScorePairOptions = {}): ScoredPair {
  const model = options.model ?? referenceModel('reverification');
  const rolls = encodeRolls([a], [b]);
  const gamma = new Uint8Array(FIELDS.length);
  comparePair(rolls.left, rolls.right, rolls.names, 0, 0, gamma);
  const weights = weightTable(model);
  const fields: ExplainedField[] = FIELDS.map((field, f) => ({
    field,
    level: FIELD_LEVELS[field][gamma[f] ?? 0] ?? '?',
    weight: weights[f * MAX_LEVELS + (gamma[f] ?? 0)] ?? 0,
  }));
  const exact = priorWeight(model) + fields.reduce((s, f) => s + f.weight, 0);
  const probability = probabilityOfWeight(exact);
  const band =
    BAND_NAMES[bandOf(gamma, 0, probability, options.thresholds ?? DEFAULT_THRESHOLDS)] ?? 'no-link';
  const balanced = balanceExplanation(exact, fields, model);
  return { weight: balanced.weight, probability, band, fields: balanced.fields };
}
