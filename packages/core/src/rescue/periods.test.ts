import type { PlainDate } from '@social-affairs/kernel';
import { describe, expect, it } from 'vitest';
import {
  ageOnDay,
  dnaRequestDue,
  longTermFrom,
  noticeDueAt,
  policeCollectionDue,
  recordingDeletableFrom,
  searchUpdateFrom,
  stayLimitApplies,
  stayLimitExceededFrom,
  stayStatusOn,
  strandedFrom,
} from './periods';
import { defaultRescueConfig, type RescueConfig } from './rescue.config';

const d = (s: string) => s as PlainDate;
const cfg = defaultRescueConfig;
const dayOne: RescueConfig = { ...cfg, periodCounting: 'entry_day_is_day_one' };

describe('rescue periods — the R-RES-09 worked example (entry Mon 2025-03-03)', () => {
  it('notice due the next day at the same time', () => {
    expect(noticeDueAt('2025-03-03T02:30:00.000Z', cfg)).toBe('2025-03-04T02:30:00.000Z');
  });
  it('DNA request due 2025-03-12 (7 working days, the next day first)', () => {
    expect(dnaRequestDue(d('2025-03-03'), cfg)).toEqual({ dueOn: '2025-03-12', provisional: false });
  });
  it('stranded from 03-14 (Civil Code) or 03-13 (entry day is day 1)', () => {
    expect(strandedFrom(d('2025-03-03'), cfg)).toBe('2025-03-14');
    expect(strandedFrom(d('2025-03-03'), dayOne)).toBe('2025-03-13');
  });
  it('long-term stranded from 06-04 (Civil Code) or 06-03', () => {
    expect(longTermFrom(d('2025-03-03'), cfg)).toBe('2025-06-04');
    expect(longTermFrom(d('2025-03-03'), dayOne)).toBe('2025-06-03');
  });
  it('search information update from 04-04 (stranded more than a month)', () => {
    expect(searchUpdateFrom(d('2025-03-03'), cfg)).toBe('2025-04-04');
  });
});

describe('rescue periods — holidays and make-up working days (2026 calendar)', () => {
  it('a DNA request counted across National Day 2026 skips 10-01..10-07 and counts Sat 10-10', () => {
    // Entry Wed 2026-09-30: working days 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, 调休上班), 10-12 … 10-15.
    expect(dnaRequestDue(d('2026-09-30'), cfg)).toEqual({ dueOn: '2026-10-15', provisional: false });
  });
  it('a DNA request counted across the Spring Festival 2026 make-up Saturday 02-14', () => {
    // Entry Thu 2026-02-12: 02-13 (Fri), 02-14 (Sat, 调休上班), then rest 02-15..02-23, 02-24 … 02-27, 02-28 (Sat, 调休上班).
    expect(dnaRequestDue(d('2026-02-12'), cfg).dueOn).toBe('2026-02-28');
  });
  it('status thresholds are elapsed time: holidays never move them', () => {
    expect(strandedFrom(d('2026-09-30'), cfg)).toBe('2026-10-11');
  });
  it('police collection one month after the request, moved past a rest day (CC Art.203)', () => {
    // Request Tue 2026-09-01 → nominal Thu 10-01 (National Day) → first day not a rest day: Thu 10-08.
    expect(policeCollectionDue(d('2026-09-01'), cfg)).toEqual({ dueOn: '2026-10-08', provisional: false });
    expect(
      policeCollectionDue(d('2026-09-01'), { ...cfg, policeCollectionExtendsPastRestDay: false }).dueOn,
    ).toBe('2026-10-01');
  });
  it('a deadline counted into a year not loaded is flagged provisional, never guessed', () => {
    const due = dnaRequestDue(d('2099-12-28'), cfg);
    expect(due.provisional).toBe(true);
  });
});

describe('rescue periods — stay limit and status (R-RES-05, R-RES-11)', () => {
  const adult = { birthDate: '1980-05-05', estimatedAge: null, entryDate: d('2025-03-01'), mentalSigns: 0 };
  it('an adult admitted 03-01 is over the 10-day limit on 03-12, not on 03-11', () => {
    expect(stayLimitExceededFrom(adult.entryDate, cfg)).toBe('2025-03-12');
    expect(stayLimitApplies(adult, d('2025-03-12'), cfg)).toBe(true);
  });
  it('a recipient with signs of mental disorder is not subject to the limit', () => {
    expect(stayLimitApplies({ ...adult, mentalSigns: 1 }, d('2025-03-12'), cfg)).toBe(false);
  });
  it('a 15-year-old is not subject to it; the age at entry decides by default', () => {
    const teen = { birthDate: '2009-03-05', estimatedAge: null, entryDate: d('2025-03-01'), mentalSigns: 0 };
    expect(stayLimitApplies(teen, d('2025-03-12'), cfg)).toBe(false);
    expect(stayLimitApplies(teen, d('2025-03-12'), { ...cfg, stayLimitAgeAt: 'on_the_day' })).toBe(true);
  });
  it('an estimated age grows with the years in care', () => {
    expect(ageOnDay({ birthDate: null, estimatedAge: 40, entryDate: d('2024-06-01') }, d('2025-06-01'))).toBe(
      41,
    );
  });
  it('stranded and long-term are computed for unidentified people only', () => {
    const c = { entryDate: d('2025-03-03'), identityStatus: 'unidentified' };
    expect(stayStatusOn(c, d('2025-03-13'), cfg)).toBe('within_limit');
    expect(stayStatusOn(c, d('2025-03-14'), cfg)).toBe('stranded');
    expect(stayStatusOn(c, d('2025-06-04'), cfg)).toBe('long_term');
    expect(stayStatusOn({ ...c, identityStatus: 'identified' }, d('2025-06-04'), cfg)).toBe('within_limit');
  });
});

describe('hotline recording retention (R-RES-14, §8)', () => {
  it('keeps the later of 3 calendar months and 90 days', () => {
    // 2025-06-01 + 3 months = 09-01 (92 days) is later than +90 days (08-30): deletable from 09-02.
    expect(recordingDeletableFrom(d('2025-06-01'), cfg)).toBe('2025-09-02');
    // 2025-11-30 + 3 months = 2026-02-28 (90 days) = +90 days (02-28): deletable from 03-01.
    expect(recordingDeletableFrom(d('2025-11-30'), cfg)).toBe('2026-03-01');
  });
});
