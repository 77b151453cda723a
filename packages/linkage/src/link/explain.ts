/** Caseworker-facing explanation of one flagged pair: the rule that produced it and each field's level. */
import type { FieldId } from '../compare/comparators';
import { FIELD_LEVELS, FIELDS } from '../compare/comparators';
import type { Band } from '../score/model';
import { BAND_NAMES, MAX_LEVELS, probabilityOfWeight, weightTable } from '../score/model';
import type { LinkageModel } from '../score/model';
import type { LinkResult } from './link-run';

export interface PairExplanation {
  left: number;
  right: number;
  rule: string;
  band: Band;
  /** Match weight (log2 Bayes factor incl. prior) and posterior probability. */
  weight: number;
  probability: number;
  fields: { field: FieldId; level: string; weight: number }[];
}

/** Explanation of pair i of a result (weights from the model that scored it). */
export function explainPair(result: LinkResult, i: number, model: LinkageModel): PairExplanation {
  const weights = weightTable(model);
  const { pairs } = result;
  const weight = pairs.weight[i] ?? 0;
  return {
    left: pairs.left[i] ?? -1,
    right: pairs.right[i] ?? -1,
    rule: result.rules[pairs.rule[i] ?? 0] ?? '?',
    band: BAND_NAMES[pairs.band[i] ?? 2] ?? 'no-link',
    weight,
    probability: probabilityOfWeight(weight),
    fields: FIELDS.map((field, f) => {
      const level = pairs.gamma[i * FIELDS.length + f] ?? 0;
      return {
        field,
        level: FIELD_LEVELS[field][level] ?? '?',
        weight: weights[f * MAX_LEVELS + level] ?? 0,
      };
    }),
  };
}
