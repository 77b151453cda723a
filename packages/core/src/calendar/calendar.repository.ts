/** SQL of the stored holiday calendar (`holiday_calendars`). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { HolidayCalendarRow } from './calendar.table';

export function storedHolidayYears(db: Kysely<Database>): Promise<HolidayCalendarRow[]> {
  return db.selectFrom('holidayCalendars').selectAll().orderBy('year').execute();
}

export function storedHolidayYear(
  db: Kysely<Database> | Transaction<Database>,
  year: number,
): Promise<HolidayCalendarRow | undefined> {
  return db.selectFrom('holidayCalendars').selectAll().where('year', '=', year).executeTakeFirst();
}

/** Inserts or replaces the year's row (the caller holds the transaction and appends the audit row). */
export async function saveHolidayYear(trx: Transaction<Database>, row: HolidayCalendarRow): Promise<void> {
  await trx.deleteFrom('holidayCalendars').where('year', '=', row.year).execute();
  await trx.insertInto('holidayCalendars').values(row).execute();
}
