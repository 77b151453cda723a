/**
 * Demo data spread over time: the services run as they would have on a past day, through a context
 * whose clock says so. Every row they write (registration dates, audit times, import times) then
 * carries that day, so statistics have trends and legal periods (a divorce's cooling-off) can run
 * their course inside the demo data.
 */
import { plainDateParts, type PlainDate } from '@social-affairs/kernel';
import type { CoreContext } from '../context';

/** Asia/Shanghai has no daylight saving: local time is UTC+8 all year. */
const SHANGHAI_OFFSET_HOURS = 8;

/** The instant of `date` at local (Asia/Shanghai) `hour:minute`. */
export function demoInstant(date: PlainDate, hour = 10, minute = 0): Date {
  const { year, month, day } = plainDateParts(date);
  return new Date(Date.UTC(year, month - 1, day, hour - SHANGHAI_OFFSET_HOURS, minute));
}

/** `ctx` with a clock that reads `date` at local `hour:minute` (advancing a second per call). */
export function demoContextAt(ctx: CoreContext, date: PlainDate, hour = 10, minute = 0): CoreContext {
  let t = demoInstant(date, hour, minute).getTime();
  return { ...ctx, clock: { now: () => new Date((t += 1_000)) } };
}

/** The first day of the month `months` months before the month of `today`. */
export function monthsBefore(today: PlainDate, months: number): PlainDate {
  const { year, month } = plainDateParts(today);
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}-01` as PlainDate;
}
