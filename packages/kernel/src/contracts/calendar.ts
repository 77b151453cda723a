import { z } from 'zod';
import { isPlainDate } from '../plain-date';

/**
 * The official holiday arrangement of one year as an administrator loads it (ADR 0014): the State
 * Council General Office's notice (国务院办公厅关于20XX年部分节假日安排的通知) it comes from, and each
 * holiday's rest days (放假, a range) and adjusted working days (调休上班). The same shape as a year of
 * the built-in `data/holidays-cn.json`, plus the year.
 */
const plainDate = z.string().refine(isPlainDate, { message: '日期格式应为 YYYY-MM-DD' });

export const holidayArrangementBody = z.object({
  year: z.number().int().min(2000).max(2100),
  notices: z
    .array(
      z.object({
        title: z.string().trim().min(4).max(200),
        number: z.string().trim().max(60).nullable().default(null),
        date: plainDate,
      }),
    )
    .min(1, { message: '请填写节假日安排所依据的通知（标题与发布日期）' })
    .max(5),
  note: z.string().max(500).optional(),
  holidays: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(20),
        rest: z.tuple([plainDate, plainDate]),
        work: z.array(plainDate).max(5).default([]),
      }),
    )
    .min(1)
    .max(12),
});
export type HolidayArrangementBody = z.infer<typeof holidayArrangementBody>;

export const holidayYearView = z.object({
  year: z.number().int(),
  /** `builtin`: shipped with the release (data/holidays-cn.json); `loaded`: loaded by an administrator. */
  origin: z.enum(['builtin', 'loaded']),
  sourceTitle: z.string(),
  sourceDate: z.string(),
  holidays: z.number().int(),
  restDays: z.number().int(),
  workingDays: z.number().int(),
  loadedBy: z.string().nullable(),
  loadedAt: z.string().nullable(),
});
export type HolidayYearView = z.infer<typeof holidayYearView>;

export const holidayCalendarList = z.object({
  years: z.array(holidayYearView),
  /** The year after today's (in the server's time zone) and whether it is loaded. */
  nextYear: z.number().int(),
  nextYearLoaded: z.boolean(),
  /** From 1 December, true while next year is not loaded. */
  warning: z.string().nullable(),
});
export type HolidayCalendarList = z.infer<typeof holidayCalendarList>;

export const holidayLoadResult = z.object({
  year: holidayYearView,
  replaced: z.boolean(),
  /** What the jobs that turn provisional deadlines into final ones reported. */
  refreshed: z.array(z.object({ job: z.string(), result: z.record(z.string(), z.unknown()) })),
  message: z.string(),
});
export type HolidayLoadResult = z.infer<typeof holidayLoadResult>;
