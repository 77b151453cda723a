/** The review queue (核查队列): candidate pairs, side-by-side comparison, claim, assignment and decision. */
import { z } from 'zod';
import { divisionCodeSchema, reasonSchema } from '../common';
import { sexSchema } from '../people';

export const matchBandSchema = z
  .enum(['fast-track', 'review'])
  .describe('fast-track 快速核实；review 人工核查');
export const matchPairStatusSchema = z.enum(['open', 'claimed', 'confirmed', 'rejected', 'unsure']);
export const recordKindSchema = z.enum(['people', 'records']);

export const fieldLevelSchema = z.object({
  field: z.enum(['id', 'name', 'dob', 'sex', 'region']),
  level: z.string().describe('比较级别，如 exact / homophone / null'),
  weight: z.number(),
});

export const matchPairView = z.object({
  id: z.string(),
  jobId: z.string(),
  band: matchBandSchema,
  rule: z.string().describe('产生该候选对的分块规则，如 B0（身份证号一致）'),
  score: z.number(),
  probability: z.number(),
  status: matchPairStatusSchema,
  divisionCode: z.string(),
  leftKind: recordKindSchema,
  rightKind: recordKindSchema,
  rightSource: z.string(),
  leftName: z.string().nullable().optional().describe('名单一记录的姓名（列表中提供）'),
  rightName: z.string().nullable().optional().describe('名单二记录的姓名（列表中提供）'),
  fields: z.array(fieldLevelSchema),
  claimedBy: z.string().nullable(),
  claimedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type MatchPairDto = z.infer<typeof matchPairView>;

export const matchPairsFilter = z.object({
  division: divisionCodeSchema.optional(),
  jobId: z.string().max(64).optional(),
  band: matchBandSchema.optional(),
  status: matchPairStatusSchema.optional(),
  source: z.string().trim().max(50).optional(),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('只看我领取的'),
});

export const comparedRecord = z.object({
  kind: recordKindSchema,
  id: z.string(),
  source: z.string(),
  name: z.string().nullable(),
  sex: sexSchema.nullable(),
  birthDate: z.string().nullable(),
  residentIdMasked: z.string().nullable(),
  divisionCode: z.string(),
  divisionName: z.string(),
  status: z.enum(['alive', 'deceased']).nullable(),
  eventDate: z.string().nullable(),
});

export const pairComparison = z.object({
  pair: matchPairView,
  left: comparedRecord.nullable(),
  right: comparedRecord.nullable(),
  differences: z.array(
    z.object({
      field: z.enum(['name', 'sex', 'birthDate', 'residentId', 'divisionCode']),
      differs: z.boolean(),
    }),
  ),
});
export type PairComparisonDto = z.infer<typeof pairComparison>;

export const decisionBody = z.strictObject({
  decision: z
    .enum(['confirm', 'reject', 'unsure'])
    .describe('confirm 确认同一人；reject 非同一人；unsure 存疑'),
  reason: reasonSchema,
});

export const assignPairBody = z.strictObject({
  username: z
    .string()
    .trim()
    .min(1, { message: '请选择核查人员' })
    .max(50)
    .describe('被指派的核查人员用户名'),
});
