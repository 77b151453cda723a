/**
 * Runs before every test file (vitest `setupFiles`). Test files share their worker process (`isolate: false`
 * in vitest.config.ts, ADR 0039), so process-wide state that a file changes is put back when it ends:
 * - the environment: variables a file sets (the web format test's `TZ`) or removes are restored;
 * - the holiday calendar: the years a test loads (`registerHolidayCalendar`, a calendar admin test, a
 *   database whose loaded years openCore restores) are forgotten, the built-in years stay.
 */
import { resetHolidayCalendar } from '@social-affairs/kernel';
import { afterAll } from 'vitest';

const env = { ...process.env };

afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  for (const [key, value] of Object.entries(env)) if (process.env[key] !== value) process.env[key] = value;
  resetHolidayCalendar();
});
