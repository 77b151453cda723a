/**
 * Every period of the rescue line in one place (rulebook R-RES-05, R-RES-09, R-RES-10, R-RES-11,
 * R-RES-12, R-RES-14 and the §8 readings). Status thresholds (stay limit, stranded, long-term,
 * settlement) are elapsed time from the entry day: holidays never move them. Deadlines counted in
 * working days use the kernel holiday calendar; a year not loaded is counted with weekends only and the
 * deadline is flagged `provisional` — never guessed silently.
 */
import {
  addDays,
  addMonths,
  ageOn,
  diffDays,
  isRestDay,
  isoWeekday,
  loadedHolidayYears,
  plainDateParts,
  type PlainDate,
} from '@social-affairs/kernel';
import { approvalDueDate } from '../approvals/index';
import type { RescueConfig } from './rescue.config';

/** A deadline day, flagged provisional when it was counted through a year whose holidays are not loaded. */
export interface RescueDueDate {
  dueOn: PlainDate;
  provisional: boolean;
}

/**
 * The first day that is "more than `days` days" after the entry day. `civil_code`: the entry day is not
 * counted and day N is not "more than" (entry 2025-03-03, 10 → 2025-03-14); `entry_day_is_day_one`
 * (→ 2025-03-13).
 */
export function moreThanDaysFrom(entryDate: PlainDate, days: number, cfg: RescueConfig): PlainDate {
  return cfg.periodCounting === 'civil_code' ? addDays(entryDate, days + 1) : addDays(entryDate, days);
}

/** The first day that is "more than `months` months" after the entry day (entry 2025-03-03, 3 → 2025-06-04 / 06-03). */
export function moreThanMonthsFrom(entryDate: PlainDate, months: number, cfg: RescueConfig): PlainDate {
  const end = addMonths(entryDate, months);
  return cfg.periodCounting === 'civil_code' ? addDays(end, 1) : end;
}

/** R-RES-05: the first day over the stay limit (admitted 2025-03-01 → over from 2025-03-12 by default). */
export function stayLimitExceededFrom(entryDate: PlainDate, cfg: RescueConfig): PlainDate {
  return moreThanDaysFrom(entryDate, cfg.stayLimitDays, cfg);
}

/** R-RES-11: unidentified and more than 10 days → stranded (滞留) from this day. */
export function strandedFrom(entryDate: PlainDate, cfg: RescueConfig): PlainDate {
  return moreThanDaysFrom(entryDate, cfg.strandedAfterDays, cfg);
}

/** R-RES-11/12: unidentified and more than 3 months → long-term stranded (长期滞留), settlement possible. */
export function longTermFrom(entryDate: PlainDate, cfg: RescueConfig): PlainDate {
  return moreThanMonthsFrom(entryDate, cfg.longTermAfterMonths, cfg);
}

/** R-RES-10 (2019 special action): stranded more than a month → search information must be updated from this day. */
export function searchUpdateFrom(entryDate: PlainDate, cfg: RescueConfig): PlainDate {
  return moreThanMonthsFrom(entryDate, cfg.searchUpdateAfterMonths, cfg);
}

/** Whole days the person has been in the station's care on `day` (the entry day is day 0). */
export function daysInCare(entryDate: PlainDate, day: PlainDate): number {
  return diffDays(day, entryDate);
}

/** The stay status on `day`, computed from dates, never typed (R-RES-11). Identified people are never stranded. */
export type StayStatus = 'within_limit' | 'stranded' | 'long_term';

export function stayStatusOn(
  c: { entryDate: PlainDate; identityStatus: string },
  day: PlainDate,
  cfg: RescueConfig,
): StayStatus {
  if (c.identityStatus === 'identified') return 'within_limit';
  if (day >= longTermFrom(c.entryDate, cfg)) return 'long_term';
  if (day >= strandedFrom(c.entryDate, cfg)) return 'stranded';
  return 'within_limit';
}

/**
 * Age in full years on `day`: from the birth date when known, otherwise the estimated age at entry plus
 * the whole years since. Null when neither is known.
 */
export function ageOnDay(
  c: { birthDate: string | null; estimatedAge: number | null; entryDate: PlainDate },
  day: PlainDate,
): number | null {
  if (c.birthDate) return ageOn(c.birthDate as PlainDate, day);
  if (c.estimatedAge === null) return null;
  return c.estimatedAge + Math.max(0, ageOn(c.entryDate, day));
}

/**
 * R-RES-05: whether the 10-day limit applies: aged 16 or over (at entry, or on the day — configuration)
 * with no sign of mental or intellectual disability. An unknown age is treated as not subject to it
 * (the person cannot give information: aid first, R-RES-03).
 */
export function stayLimitApplies(
  c: {
    birthDate: string | null;
    estimatedAge: number | null;
    entryDate: PlainDate;
    mentalSigns: number | boolean;
  },
  day: PlainDate,
  cfg: RescueConfig,
): boolean {
  if (c.mentalSigns === true || c.mentalSigns === 1) return false;
  const age = ageOnDay(c, cfg.stayLimitAgeAt === 'entry' ? c.entryDate : day);
  return age !== null && age >= cfg.stayLimitMinAge;
}

/** R-RES-09: the 寻亲公告 is due this many hours after entry (same time of day the next day by default). */
export function noticeDueAt(enteredAt: string, cfg: RescueConfig): string {
  return new Date(Date.parse(enteredAt) + cfg.noticeWithinHours * 3_600_000).toISOString();
}

/**
 * R-RES-09: the DNA request is due within 7 working days of entry, the next day counting first (entry Mon
 * 2025-03-03 → 2025-03-12). Provisional when the count runs into a year not loaded.
 */
export function dnaRequestDue(entryDate: PlainDate, cfg: RescueConfig): RescueDueDate {
  return approvalDueDate(entryDate, { days: cfg.dnaRequestWorkingDays, unit: 'working' });
}

/**
 * R-RES-09: police collect the DNA within one month of the request (CC Art.202: the corresponding day);
 * with `policeCollectionExtendsPastRestDay` a last day on a rest day moves to the next day that is not
 * one (CC Art.203). Provisional when that needs a year not loaded.
 */
export function policeCollectionDue(requestDate: PlainDate, cfg: RescueConfig): RescueDueDate {
  let due = addMonths(requestDate, cfg.policeCollectionMonths);
  if (!cfg.policeCollectionExtendsPastRestDay) return { dueOn: due, provisional: false };
  const loaded = new Set(loadedHolidayYears());
  let provisional = false;
  const rest = (d: PlainDate): boolean => {
    if (loaded.has(plainDateParts(d).year)) return isRestDay(d);
    provisional = true;
    return isoWeekday(d) >= 6;
  };
  while (rest(due)) due = addDays(due, 1);
  return { dueOn: due, provisional };
}

/**
 * R-RES-14 (§8): a hotline recording made on `recordedOn` may be deleted from this day on: the later of
 * `recordedOn + N months` and `recordedOn + D days`, plus one (kept "at least" the period, which may be 92 days).
 */
export function recordingDeletableFrom(recordedOn: PlainDate, cfg: RescueConfig): PlainDate {
  const byMonths = addMonths(recordedOn, cfg.recordingRetentionMonths);
  const byDays = addDays(recordedOn, cfg.recordingRetentionDays);
  return addDays(byMonths > byDays ? byMonths : byDays, 1);
}

/** Source governance (DESIGN): a returnee's first follow-up is due this day (returned 2026-03-01 → 2026-03-31 by default). */
export function firstFollowUpDue(returnedOn: PlainDate, cfg: RescueConfig): PlainDate {
  return addDays(returnedOn, cfg.returneeFirstFollowUpDays);
}

/** Source governance (DESIGN): the follow-up after a visit is due this day (visited 2026-03-31 → 2026-06-29 by default). */
export function nextFollowUpDue(visitedOn: PlainDate, cfg: RescueConfig): PlainDate {
  return addDays(visitedOn, cfg.returneeFollowUpIntervalDays);
}
