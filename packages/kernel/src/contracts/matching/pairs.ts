/** The review queue (核查队列): candidate pairs, side-by-side comparison, claim, assignment and decision. */
import { z } from 'zod';
import { divisionCodeSchema, reasonSchema } from '../common';
import { sexSchema } from '../people';
import { sortParam } from '../sort';

export const matchBandSchema = z
  .enum(['fast-track', 'review'])
  .describe('fast-track 快速核实；review 人工核查');
export const matchPairStatusSchema = z.enum(['open', 'claimed', 'confirmed', 'rejected', 'unsure']);
export const recordKindSchema = z.enum(['people', 'records']);

/** One line of a pair's explanation; the lines' weights add up to the pair's score (匹配权重). */
export const fieldLevelSchema = z.object({
  field: z
    .string()
    .describe(
      '比较字段：id 身份证号、name 姓名、dob 出生日期、sex 性别、region 地区；prior 基础权重（先验）',
    ),
  level: z.string().describe('比较级别，如 exact / homophone / null'),
  weight: z.number().describe('该项权重（比特），各项之和等于匹配权重'),
});

/** Chinese names of the compared fields (and the prior line) for pages and exports. */
export const matchFieldLabels: Readonly<Record<string, string>> = {
  prior: '基础权重（先验）',
  adjustment: '其他调整',
  id: '身份证号',
  name: '姓名',
  dob: '出生日期',
  sex: '性别',
  region: '地区',
};

/** Chinese names of the comparison levels (docs/linkage.md); unknown levels show as their code. */
export const matchLevelLabels: Readonly<Record<string, string>> = {
  prior: '两条记录随机相同的可能',
  adjustment: '先验及姓名频率调整',
  exact: '完全一致',
  'one-edit': '相差一位（录入错误）',
  recoded: '区划码不同、其余一致（行政区划调整）',
  'near-valid': '两个有效号码仅差一位',
  'distinct-valid': '两个不同的有效号码（很可能不是同一人）',
  'near-miss': '相近（升位或重新编码）',
  'two-fragments': '三段中两段一致',
  'one-fragment': '三段中一段一致',
  different: '不同',
  'different-valid': '两个有效号码不同',
  null: '缺失',
  'hanzi-exact': '汉字完全一致',
  normalized: '繁简/异体字一致',
  homophone: '同音字',
  reordered: '名字颠倒',
  'light-fuzzy': '平翘舌/前后鼻音',
  'heavy-fuzzy': '方言音近',
  shape: '形近字',
  'jaro-winkler': '拼音相似',
  'day-month-swap': '月日颠倒',
  lunar: '农历/公历换算一致',
  'lunar-as-gregorian': '农历日期误作公历',
  'year-month': '年月一致',
  'month-day-year-1': '月日一致，年差 1',
  'within-1-year': '相差一年内',
  equal: '一致',
  county: '同县',
  prefecture: '同市',
  province: '同省',
};

/** `姓名：同音字（+3.20）` … for exports: each line of an explanation in Chinese. */
export function explanationText(fields: readonly { field: string; level: string; weight: number }[]): string {
  return fields
    .map((f) => {
      const w = f.weight > 0 ? `+${f.weight.toFixed(2)}` : f.weight.toFixed(2);
      return f.field === 'prior'
        ? `${matchFieldLabels.prior}（${w}）`
        : `${matchFieldLabels[f.field] ?? f.field}：${matchLevelLabels[f.level] ?? f.level}（${w}）`;
    })
    .join('；');
}

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

/** Columns the review queue sorts by (server side); default: best score first. */
export const PAIR_SORT_FIELDS = ['score', 'probability', 'created', 'status'] as const;
export const PAIR_SORT_LABELS = {
  score: '匹配权重',
  probability: '匹配概率',
  created: '生成时间',
  status: '核查状态',
} as const;

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
  followUp: z
    .enum(['pending', 'done'])
    .optional()
    .describe('已确认同一人的比对结果：pending 待业务条线跟进；done 已办结'),
  /** 默认：匹配权重从高到低；状态按办理顺序（待核查、核查中、存疑、确认同一人、非同一人）。 */
  sort: sortParam(PAIR_SORT_FIELDS, PAIR_SORT_LABELS),
});

export const followUpStatusSchema = z.enum(['pending', 'done']);
export const followUpView = z.object({
  status: followUpStatusSchema.describe('pending 待跟进；done 已办结'),
  createdAt: z.string(),
  doneBy: z.string().nullable(),
  doneAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type FollowUpDto = z.infer<typeof followUpView>;

export const followUpBody = z.strictObject({
  note: z
    .string()
    .trim()
    .min(2, { message: '请填写跟进情况（至少 2 个字）' })
    .max(200)
    .describe('业务条线的核实与处理情况'),
});

export const nextPairBody = z.strictObject({
  division: divisionCodeSchema.optional(),
  jobId: z.string().max(64).optional(),
  band: matchBandSchema.optional(),
  source: z.string().trim().max(50).optional(),
});

export const recordRefSchema = z.strictObject({
  kind: recordKindSchema.describe('people 人口基础库；records 导入名单记录'),
  id: z.string().min(1).max(64).describe('人员编号或名单记录编号'),
});

export const scorePairBody = z.strictObject({
  left: recordRefSchema,
  right: recordRefSchema,
  jobId: z.string().max(64).optional().describe('使用该比对任务的模型；不填则用参考模型'),
  reason: z.string().trim().max(200).optional(),
});

export const pairScoreView = z.object({
  weight: z.number().describe('匹配权重（比特），等于各项权重之和'),
  probability: z.number(),
  band: z.enum(['fast-track', 'review', 'no-link']).describe('no-link 未达人工核查线'),
  fields: z.array(fieldLevelSchema),
  model: z.enum(['reference', 'job']),
});
export type PairScoreDto = z.infer<typeof pairScoreView>;

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
  followUp: followUpView.nullable().describe('确认同一人后由业务条线跟进的情况'),
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
