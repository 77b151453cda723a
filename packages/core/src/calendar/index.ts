export {
  CALENDAR_DEPENDENT_JOBS,
  calendarTodos,
  listHolidayYears,
  loadHolidayYear,
  loadStoredHolidayCalendars,
  nextYearWarning,
  refreshProvisionalDeadlines,
  validateHolidayArrangement,
} from './calendar.service';
export type { HolidayCalendarRow, HolidayCalendarsTable } from './calendar.table';
