/** Test support: `@social-affairs/core/calendar/testing`. */
import { addDays, isoWeekday, type PlainDate } from '@social-affairs/kernel';

/** A plausible synthetic arrangement for `year` (28 rest days, two adjusted working weekend days). */
export function sampleArrangement(year: number) {
  const d = (md: string) => `${year}-${md}` as PlainDate;
  const weekendNear = (from: PlainDate, step: 1 | -1) => {
    let x = addDays(from, step);
    while (isoWeekday(x) < 6) x = addDays(x, step);
    return x;
  };
  return {
    year,
    notices: [{ title: `测试用${year}年部分节假日安排的通知`, number: null, date: `${year - 1}-11-04` }],
    holidays: [
      { name: '元旦', rest: [d('01-01'), d('01-01')], work: [] },
      { name: '春节', rest: [d('02-10'), d('02-17')], work: [weekendNear(d('02-10'), -1)] },
      { name: '清明节', rest: [d('04-05'), d('04-05')], work: [] },
      { name: '劳动节', rest: [d('05-01'), d('05-05')], work: [] },
      { name: '端午节', rest: [d('06-10'), d('06-12')], work: [] },
      { name: '中秋节', rest: [d('09-20'), d('09-22')], work: [] },
      { name: '国庆节', rest: [d('10-01'), d('10-07')], work: [weekendNear(d('10-07'), 1)] },
    ],
  };
}
