/** Comparison jobs (比对任务): the two rolls compared, the rule set, progress and cancelling. */
import { z } from 'zod';
import { divisionCodeSchema, reasonSchema } from '../common';
import { matchPairStatusSchema } from './pairs';

export const ruleSetSchema = z
  .enum(['reverification', 'backfill'])
  .describe('比对规则：reverification 数据比对；backfill 补录查重');
export const matchJobStatusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);

export const rollSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('people').describe('人口基础库'),
    division: divisionCodeSchema.optional(),
    status: z.enum(['alive', 'deceased']).optional(),
  }),
  z.strictObject({
    kind: z.literal('records').describe('导入的外部名单'),
    source: z.string().trim().min(1, { message: '请选择比对名单' }).max(50),
    division: divisionCodeSchema.optional(),
  }),
]);
const storedRoll = z.union([
  z.object({
    kind: z.literal('people'),
    division: z.string(),
    status: z.enum(['alive', 'deceased']).optional(),
  }),
  z.object({ kind: z.literal('records'), source: z.string(), division: z.string() }),
]);

export const newMatchJobBody = z.strictObject({
  name: z.string().trim().min(1, { message: '请填写任务名称' }).max(100),
  ruleSet: ruleSetSchema,
  left: rollSpecSchema,
  right: rollSpecSchema,
});

export const matchJobView = z.object({
  id: z.string(),
  name: z.string(),
  ruleSet: ruleSetSchema,
  left: storedRoll,
  right: storedRoll,
  divisionCode: z.string(),
  status: matchJobStatusSchema,
  leftCount: z.number().int(),
  rightCount: z.number().int(),
  processed: z.number().int().describe('已处理（规则 × 右侧记录）'),
  total: z.number().int(),
  pairsFound: z.number().int(),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type MatchJobDto = z.infer<typeof matchJobView>;

export const matchJobDetail = matchJobView.extend({
  bands: z.object({ fastTrack: z.number().int(), review: z.number().int() }),
  review: z.record(matchPairStatusSchema, z.number().int()),
});
export type MatchJobDetailDto = z.infer<typeof matchJobDetail>;

export const matchJobsFilter = z.object({ division: divisionCodeSchema.optional() });

export const cancelJobBody = z.strictObject({ reason: reasonSchema });
