import { z } from 'zod';
import { plainDateSchema } from '../plain-date';
import { divisionCodeSchema, reasonSchema } from './common';
import { sexSchema } from './people';

export const ruleSetSchema = z
  .enum(['reverification', 'backfill'])
  .describe('比对规则：reverification 数据比对；backfill 补录查重');
export const matchJobStatusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);
export const matchBandSchema = z
  .enum(['fast-track', 'review'])
  .describe('fast-track 快速核实；review 人工核查');
export const matchPairStatusSchema = z.enum(['open', 'claimed', 'confirmed', 'rejected', 'unsure']);
export const recordKindSchema = z.enum(['people', 'records']);

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

export const rollRecordSchema = z.strictObject({
  externalRef: z.string().trim().max(50).nullish(),
  name: z.string().trim().max(50).nullish(),
  sex: sexSchema.nullish(),
  birthDate: plainDateSchema.nullish(),
  residentId: z.string().trim().max(20).nullish(),
  eventDate: plainDateSchema.nullish(),
  divisionCode: divisionCodeSchema,
});

export const importRollBody = z.strictObject({
  source: z.string().trim().min(1, { message: '请填写名单来源' }).max(50),
  records: z.array(rollRecordSchema).min(1).max(5_000),
});

export const rollSummary = z.object({
  source: z.string(),
  records: z.number().int(),
  lastImportedAt: z.string().nullable(),
});

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

export const newMissingReportBody = z.strictObject({
  name: z.string().trim().max(50).nullish().describe('姓名或小名，汉字或拼音'),
  sex: sexSchema.nullish(),
  birthYear: z.number().int().min(1900).max(2100).nullish(),
  birthYearUncertainty: z.number().int().min(0).max(20).optional(),
  lostOn: plainDateSchema.nullish(),
  lostDivisionCode: divisionCodeSchema.nullish(),
  features: z.string().trim().max(500).nullish().describe('体貌特征、口音、衣着等'),
  divisionCode: divisionCodeSchema.optional().describe('受理单位所在县（默认为走失地）'),
});

export const missingReportView = z.object({
  id: z.string(),
  name: z.string().nullable(),
  sex: sexSchema.nullable(),
  birthYear: z.number().int().nullable(),
  birthYearUncertainty: z.number().int(),
  lostOn: z.string().nullable(),
  lostDivisionCode: z.string().nullable(),
  lostDivisionName: z.string().nullable(),
  features: z.string().nullable(),
  divisionCode: z.string(),
  status: z.enum(['open', 'found', 'withdrawn']),
  createdAt: z.string(),
});
export type MissingReportDto = z.infer<typeof missingReportView>;

export const familySearchBody = z.strictObject({
  name: z.string().trim().max(50).nullish().describe('听到的姓名：汉字（同音字亦可）或拼音；可只填姓或小名'),
  surnameOnly: z.boolean().optional(),
  sex: sexSchema.nullish(),
  age: z
    .strictObject({
      estimate: z.number().int().min(0).max(120),
      range: z.number().int().min(0).max(30).optional(),
    })
    .nullish(),
  regionHints: z
    .array(z.string().regex(/^[0-9]{2,9}$/, { message: '地区代码应为 2–9 位数字' }))
    .max(10)
    .optional(),
  dialect: z.string().max(20).nullish().describe('口音：hunan / sichuan / guangdong / fujian …'),
  features: z.string().trim().max(500).nullish(),
  limit: z.number().int().min(1).max(100).optional(),
  reason: z.string().trim().max(200).nullish(),
});

export const familySearchHit = z.object({
  report: missingReportView,
  score: z.number(),
  explanation: z.object({
    name: z.string(),
    ageDifference: z.number().nullable(),
    region: z.string(),
    sex: z.string(),
    sharedFeatures: z.array(z.string()),
  }),
});
export const familySearchResponse = z.object({ items: z.array(familySearchHit), indexed: z.number().int() });
export type FamilySearchHitDto = z.infer<typeof familySearchHit>;

export const assignPairBody = z.strictObject({
  username: z
    .string()
    .trim()
    .min(1, { message: '请选择核查人员' })
    .max(50)
    .describe('被指派的核查人员用户名'),
});

/** One row of an imported roll as sent to `POST /api/matching/rolls` (dates `YYYY-MM-DD`). */
export interface RollRecordDto {
  externalRef: string | null;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
  residentId: string | null;
  eventDate: string | null;
  divisionCode: string;
}

/**
 * A roll as CSV with a header line naming any of: name, sex (male/female/男/女), birthDate, residentId,
 * eventDate, divisionCode, externalRef. Plain comma-separated values without quoting (CLI and web).
 */
export function parseRollCsv(text: string): RollRecordDto[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  return lines.map((line) => {
    const cells = line.split(',');
    const v = (k: string) => {
      const i = header.indexOf(k);
      const s = i >= 0 ? (cells[i] ?? '').trim() : '';
      return s === '' ? null : s;
    };
    const sex = v('sex');
    return {
      name: v('name'),
      sex: sex === '男' || sex === 'male' ? 'male' : sex === '女' || sex === 'female' ? 'female' : null,
      birthDate: v('birthDate'),
      residentId: v('residentId'),
      eventDate: v('eventDate'),
      divisionCode: v('divisionCode') ?? '',
      externalRef: v('externalRef'),
    };
  });
}
