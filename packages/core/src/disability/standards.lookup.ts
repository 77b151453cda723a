/**
 * The monthly amount of one recipient's subsidy: the standard of the recipient's division, year and
 * tier (rules.ts `pickStandard`), never below the provincial floor of the year (R-DIS-08: a standard
 * below the floor cannot be saved; one saved before a new floor is raised to it and flagged).
 */
import type { Executor } from '../db/index';
import type { DisabilityConfig } from './disability.config';
import type { DisabilityStandardRow } from './disability.repository';
import { standardCandidates } from './disability.repository';
import type { Subsidy } from './disability.table';
import { floorFenOf, pickStandard } from './rules';

export interface StandardFound {
  /** Monthly amount in fen (raised to the floor when the standard is below it). */
  amountFen: number;
  standard: DisabilityStandardRow | null;
  /** The standard was below the year's provincial floor and the floor was paid. */
  raisedToFloor: boolean;
}

/** Undefined when no standard and no floor applies (the caller flags it; nothing is guessed). */
export async function standardFor(
  db: Executor,
  cfg: DisabilityConfig,
  who: {
    divisionCode: string;
    month: string;
    subsidy: Subsidy;
    category: number | null;
    grade: number | null;
    hardship: string | null;
  },
): Promise<StandardFound | undefined> {
  const year = Number(who.month.slice(0, 4));
  const candidates = await standardCandidates(db, {
    divisionCode: who.divisionCode,
    year,
    subsidy: who.subsidy,
  });
  const best = pickStandard(candidates, who);
  const floor = floorFenOf(cfg, year, who.subsidy);
  if (!best) return undefined;
  if (best.amountFen < floor) return { amountFen: floor, standard: best, raisedToFloor: true };
  return { amountFen: best.amountFen, standard: best, raisedToFloor: false };
}
