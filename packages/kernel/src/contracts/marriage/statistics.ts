/** Marriage registration statistics (R-MAR-18). */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';

export const marriageStatsQuery = z.object({
  division: divisionCodeSchema.optional(),
  from: plainDateSchema.optional().describe('起始日期（含），默认本年 1 月 1 日'),
  to: plainDateSchema.optional().describe('截止日期（含），默认今天'),
});

export const marriageStatistics = z.object({
  division: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  from: z.string(),
  to: z.string(),
  categories: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(
    z.object({
      divisionCode: z.string(),
      divisionName: z.string(),
      counts: z.array(z.number().int()),
      total: z.number().int(),
    }),
  ),
  totals: z.array(z.number().int()),
});
export type MarriageStatisticsDto = z.infer<typeof marriageStatistics>;
