// Run in a browser-like zone far from Beijing: `TZ=America/New_York npx vitest run packages/web/src/app/format.test.ts`
// (the test sets it itself too, before the formatter is created).
process.env.TZ = 'America/New_York';
import { describe, expect, it } from 'vitest';

it('shows instants and dates in Beijing time whatever the browser time zone', async () => {
  const { formatDate, formatDateTime } = await import('./format');
  expect(new Date('2026-12-04T17:30:00.000Z').getHours()).toBe(12); // New York wall clock
  expect(formatDateTime('2026-12-04T17:30:00.000Z')).toBe('2026-12-05 01:30:00');
  expect(formatDate('2026-12-04T17:30:00.000Z')).toBe('2026-12-05');
  expect(formatDate('2026-12-04')).toBe('2026-12-04');
  expect(formatDateTime(null)).toBe('—');
});

describe('beijingToday and formatProbability', () => {
  it('gives the Beijing date just after midnight there, whatever the zone of the browser', async () => {
    // 2026-12-04T16:30Z is 00:30 on 5 December in Beijing (and still 4 December in New York).
    const { beijingToday } = await import('./format');
    expect(beijingToday(new Date('2026-12-04T16:30:00Z'))).toBe('2026-12-05');
    expect(beijingToday(new Date('2026-12-04T15:59:59Z'))).toBe('2026-12-04');
  });
  it('never rounds a probability short of certainty up to 100%', async () => {
    const { formatProbability } = await import('./format');
    expect(formatProbability(0.99996)).toBe('>99.99%');
    expect(formatProbability(0.9995)).toBe('99.95%');
    expect(formatProbability(0.8)).toBe('80.0%');
    expect(formatProbability(1)).toBe('100%');
  });
});
