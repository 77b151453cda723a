/**
 * `social-affairs calendar load <file.json>` and `calendar list` (ADR 0014): the official holiday
 * arrangement is data an administrator loads. The file holds one year
 * (`{ "year": 2027, "notices": [...], "holidays": [...] }`) or several in the built-in format
 * (`{ "years": { "2027": { "notices": [...], "holidays": [...] } } }`). A server already running picks a
 * CLI load up at its next start; the admin page (系统管理 › 节假日安排) loads into the running server.
 */
import { listHolidayYears, loadHolidayYear, systemActor, type CoreContext } from '@social-affairs/core';
import { DomainError } from '@social-affairs/kernel';
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';

/** The arrangements of a calendar file, each with its year. */
export function arrangementsOf(json: unknown): unknown[] {
  if (json && typeof json === 'object' && 'years' in json) {
    const years = json.years;
    if (years && typeof years === 'object')
      return Object.entries(years).map(([year, a]) => ({ ...(a as object), year: Number(year) }));
  }
  return [json];
}

export function registerCalendarCommands(program: Command, deps: { open(): Promise<CoreContext> }): void {
  const calendar = program.command('calendar').description('official holiday arrangements (节假日安排)');
  calendar
    .command('load <file>')
    .description('validate and load a year’s official arrangement (JSON), then refresh provisional deadlines')
    .action(async (file: string) => {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new DomainError(
          'invalid',
          'HOLIDAY_CALENDAR_INVALID',
          `无法读取 ${file}：${(err as Error).message}`,
        );
      }
      const core = await deps.open();
      try {
        for (const a of arrangementsOf(json)) {
          const r = await loadHolidayYear(core, systemActor('cli', '000000'), a).catch((err: unknown) => {
            const problems = err instanceof DomainError ? err.details.problems : undefined;
            if (Array.isArray(problems)) for (const p of problems) console.error(`  - ${String(p)}`);
            throw err;
          });
          console.log(r.message);
          for (const j of r.refreshed) console.log(`  ${j.job}: ${JSON.stringify(j.result)}`);
        }
        console.log('（正在运行的服务器将在下次启动时读取；也可在“节假日安排”页面加载，立即生效）');
      } finally {
        await core.db.close();
      }
    });
  calendar
    .command('list')
    .description('years the holiday calendar knows, built-in and loaded')
    .action(async () => {
      const core = await deps.open();
      try {
        const l = await listHolidayYears(core, systemActor('cli', '000000'));
        for (const y of l.years)
          console.log(
            `${y.year}  ${y.origin === 'loaded' ? '已加载' : '内置  '}  放假 ${String(y.restDays).padStart(2)} 天  调休上班 ${y.workingDays} 天  ${y.sourceTitle}（${y.sourceDate}）${y.loadedBy ? `  ${y.loadedBy} ${y.loadedAt}` : ''}`,
          );
        if (l.warning) console.log(`\n提醒：${l.warning}`);
      } finally {
        await core.db.close();
      }
    });
}
