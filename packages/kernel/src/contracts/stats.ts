import { z } from 'zod';
import { divisionCodeSchema } from './common';

export const peopleByDivisionQuery = z.object({ division: divisionCodeSchema.optional() });

export const peopleByDivision = z.object({
  division: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  bands: z.array(z.string()),
  rows: z.array(
    z.object({
      divisionCode: z.string(),
      divisionName: z.string(),
      counts: z.array(z.number().int()).describe('各年龄段在世人数'),
      alive: z.number().int().describe('在世人数'),
      total: z.number().int().describe('人员总数（含已故）'),
      deceased: z.number().int(),
    }),
  ),
});
export type PeopleByDivisionDto = z.infer<typeof peopleByDivision>;

export const peopleTrendQuery = z.object({
  division: divisionCodeSchema.optional(),
  months: z.coerce
    .number()
    .int()
    .refine((n) => n === 12 || n === 36, { message: '统计月数只能是 12 或 36' })
    .default(12)
    .describe('最近几个月（12 或 36，含本月；按北京时间）'),
});

export const peopleTrend = z.object({
  division: z.object({ code: z.string(), name: z.string() }),
  months: z.array(
    z.object({
      month: z.string().describe('YYYY-MM'),
      added: z.number().int().describe('当月新增入库人数'),
      deaths: z.number().int().describe('当月死亡人数'),
    }),
  ),
});
export type PeopleTrendDto = z.infer<typeof peopleTrend>;
