import type { Selectable } from 'kysely';

/** `holiday_calendars` (migration 0013): one loaded year of the official holiday arrangement. */
export interface HolidayCalendarsTable {
  year: number;
  /** JSON text: `{ notices, note?, holidays }`, the kernel's year format. */
  arrangement: string;
  sourceTitle: string;
  sourceDate: string;
  restDays: number;
  workingDays: number;
  loadedBy: string;
  loadedAt: string;
}

export type HolidayCalendarRow = Selectable<HolidayCalendarsTable>;

declare module '../db/schema' {
  interface Database {
    holidayCalendars: HolidayCalendarsTable;
  }
}
