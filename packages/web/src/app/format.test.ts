// Run in a browser-like zone far from Beijing: `TZ=America/New_York npx vitest run packages/web/src/app/format.test.ts`
// (the test sets it itself too, before the formatter is created).
process.env.TZ = 'America/New_York';
import { expect, it } from 'vitest';

it('shows instants and dates in Beijing time whatever the browser time zone', async () => {
  const { formatDate, formatDateTime } = await import('./format');
  expect(new Date('2026-12-04T17:30:00.000Z').getHours()).toBe(12); // New York wall clock
  expect(formatDateTime('2026-12-04T17:30:00.000Z')).toBe('2026-12-05 01:30:00');
  expect(formatDate('2026-12-04T17:30:00.000Z')).toBe('2026-12-05');
  expect(formatDate('2026-12-04')).toBe('2026-12-04');
  expect(formatDateTime(null)).toBe('—');
});
