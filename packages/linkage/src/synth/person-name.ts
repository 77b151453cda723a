import {
  FEMALE_GIVEN_CHARS,
  MALE_GIVEN_CHARS,
  SINGLE_CHAR_GIVEN_SHARE,
  SURNAME_TABLE,
} from './name-frequencies';
import type { Rng } from './rng';
import { WeightedTable } from './rng';

export type Sex = 'male' | 'female';

const surnameTable = new WeightedTable(SURNAME_TABLE.surnames, SURNAME_TABLE.percents);

function zipfTable(chars: readonly string[], exponent: number): WeightedTable<string> {
  return new WeightedTable(
    chars,
    chars.map((_, rank) => 1 / (rank + 1.5) ** exponent),
  );
}

const maleGiven = zipfTable(MALE_GIVEN_CHARS, 0.9);
const femaleGiven = zipfTable(FEMALE_GIVEN_CHARS, 0.9);

/** A surname drawn from the national frequency distribution (王/李/张 ≈ 7 % each). */
export function sampleSurname(rng: Rng): string {
  return surnameTable.sample(rng);
}

/** A given name of one (30 %) or two characters drawn from per-sex character frequencies. */
export function sampleGivenName(rng: Rng, sex: Sex): string {
  const table = sex === 'male' ? maleGiven : femaleGiven;
  const first = table.sample(rng);
  if (rng.next() < SINGLE_CHAR_GIVEN_SHARE) return first;
  let second = table.sample(rng);
  // Doubled characters (婷婷, 丹丹) are common for girls and rare for boys.
  if (second === first && sex === 'male') second = table.sample(rng);
  return first + second;
}

/** A realistic full Chinese name (surname + given name), e.g. `王秀英`, `欧阳浩`. */
export function samplePersonName(rng: Rng, sex: Sex): string {
  return sampleSurname(rng) + sampleGivenName(rng, sex);
}
