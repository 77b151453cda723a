/**
 * Deadlines of approval steps on the kernel holiday calendar. A year whose official arrangements are not
 * loaded is never guessed: its days are counted with weekends only and the result is flagged
 * provisional (recomputed by the escalation job once the year is loaded).
 */
import {
  addDays,
  isRestDay,
  isoWeekday,
  loadedHolidayYears,
  plainDateParts,
  type PlainDate,
} from '@social-affairs/kernel';

export interface StepDeadline {
  days: number;
  /** `working`: 工作日 (the day after opening counts first); `calendar`: 自然日, a last day on a rest day moves on. */
  unit: 'working' | 'calendar';
}

export interface DueDate {
  dueOn: PlainDate;
  provisional: boolean;
}

/**
 * The last day of a step opened on `openedOn`: `days` working days after it (`addWorkingDays`), or for
 * calendar days `openedOn + days` moved past rest days (Civil Code Art.201/203, like `periodEnd`).
 */
export function approvalDueDate(openedOn: PlainDate, deadline: StepDeadline): DueDate {
  const loaded = new Set(loadedHolidayYears());
  let provisional = false;
  const rest = (d: PlainDate): boolean => {
    if (loaded.has(plainDateParts(d).year)) return isRestDay(d);
    provisional = true;
    return isoWeekday(d) >= 6;
  };
  if (deadline.unit === 'working') {
    let day = openedOn;
    let remaining = deadline.days;
    while (remaining > 0) {
      day = addDays(day, 1);
      if (!rest(day)) remaining -= 1;
    }
    return { dueOn: day, provisional };
  }
  let end = addDays(openedOn, deadline.days);
  while (rest(end)) end = addDays(end, 1);
  return { dueOn: end, provisional };
}
