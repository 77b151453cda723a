/** Rescue statistics (救助统计, issue 15 item 7): person-visits, long stays, departures, settlements, placements. */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';

export const rescueStatsPeriodSchema = z.enum(['month', 'quarter', 'year']);
export type RescueStatsPeriod = z.infer<typeof rescueStatsPeriodSchema>;

export const rescueStatsQuery = z.object({
  division: divisionCodeSchema.optional(),
  stationId: z.string().min(1).max(64).optional().describe('只统计某个救助站'),
  period: rescueStatsPeriodSchema.optional().describe('分组期间：month 月、quarter 季、year 年（默认月）'),
  from: plainDateSchema.optional().describe('起始日期（含），默认 5 个月前的月初'),
  to: plainDateSchema.optional().describe('截止日期（含），默认今天'),
});
export type RescueStatsQueryDto = z.infer<typeof rescueStatsQuery>;

/** The figures of one period or one division. */
export const rescueStatsFigures = z.object({
  /** 救助人次: cases entered. */
  personVisits: z.number().int(),
  /** 救助人数: distinct people among them. */
  distinctPersons: z.number().int(),
  /** Cases closed by departure (any kind other than settlement and death). */
  departures: z.number().int(),
  /** 落户安置. */
  settlements: z.number().int(),
  /** 站外托养 (placements begun). */
  placements: z.number().int(),
});

export const rescueStatistics = z.object({
  division: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  stationId: z.string().nullable(),
  period: rescueStatsPeriodSchema,
  from: z.string(),
  to: z.string(),
  /** Long stays on `longStayOn` (the end of the period, or today): open cases by stay status (R-RES-11). */
  longStayOn: z.string(),
  longStay: z.object({
    open: z.number().int(),
    stranded: z.number().int(),
    longTerm: z.number().int(),
    minors: z.number().int(),
    women: z.number().int(),
  }),
  buckets: z.array(rescueStatsFigures.extend({ key: z.string(), label: z.string() })),
  rows: z.array(rescueStatsFigures.extend({ divisionCode: z.string(), divisionName: z.string() })),
  totals: rescueStatsFigures,
  departuresByKind: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number().int() })),
  /** Figures whose source table does not exist yet. */
  unavailable: z.array(z.string()),
});
export type RescueStatisticsDto = z.infer<typeof rescueStatistics>;
