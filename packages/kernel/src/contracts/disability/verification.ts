/**
 * Contracts of the disability line's verification concern (D6): comparison runs, the findings review
 * queue (township answer, county confirm or dismiss), the hukou move-out list import, and
 * re-verification campaigns (清理认定: self-check, spot-check sample, progress per division).
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { rollImportReport } from '../matching/roll-import';
import { sortParam } from '../sort';

export const FINDING_KIND_VALUES = [
  'death',
  'dibao_ended',
  'tekun',
  'certificate',
  'moved_out',
  'campaign',
] as const;
export const FINDING_KIND_TEXT: Record<(typeof FINDING_KIND_VALUES)[number], string> = {
  death: '死亡',
  dibao_ended: '退出低保',
  tekun: '纳入特困供养',
  certificate: '残疾人证状态异常',
  moved_out: '户籍迁出',
  campaign: '清理认定发现问题',
};
export const FINDING_STATUS_VALUES = ['open', 'answered', 'confirmed', 'dismissed'] as const;
export const FINDING_STATUS_TEXT: Record<(typeof FINDING_STATUS_VALUES)[number], string> = {
  open: '待乡镇核实',
  answered: '待县级复核',
  confirmed: '已确认停发',
  dismissed: '已排除',
};
export const FINDING_SOURCE_VALUES = [
  'people_index',
  'assistance_roll',
  'certificate_register',
  'hukou_move_list',
  'self_check',
  'spot_check',
] as const;

export const FINDING_SORT_FIELDS = ['answerDueOn', 'eventDate', 'foundOn', 'kind', 'divisionCode'] as const;
export const FINDING_SORT_LABELS = {
  answerDueOn: '核实期限',
  eventDate: '事件日期',
  foundOn: '发现日期',
  kind: '类别',
  divisionCode: '区划',
} as const;

const flag = z
  .enum(['1', 'true', '0', 'false'])
  .transform((v) => v === '1' || v === 'true')
  .optional();

export const startComparisonBody = z.strictObject({
  countyCode: z
    .string()
    .regex(/^\d{6}$/, { message: '请选择 6 位县级行政区划代码' })
    .optional(),
  on: plainDateSchema.optional().describe('比对日期（默认今天）'),
});
export type StartComparisonBody = z.infer<typeof startComparisonBody>;

export const compareRunView = z.object({
  id: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  month: z.string(),
  comparedOn: z.string(),
  trigger: z.enum(['job', 'manual']),
  triggerLabel: z.string(),
  status: z.enum(['completed', 'failed']),
  entitlementsChecked: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  newFindings: z.number().int(),
  alreadyKnown: z.number().int(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type CompareRunDto = z.infer<typeof compareRunView>;

export const findingsQuery = z.strictObject({
  kind: z.enum(FINDING_KIND_VALUES).optional(),
  status: z.enum(FINDING_STATUS_VALUES).optional(),
  pending: flag.describe('1：只列待处理（待核实、待复核）'),
  division: divisionCodeSchema.optional(),
  runId: z.string().max(64).optional(),
  campaignId: z.string().max(64).optional(),
  q: z.string().trim().max(50).optional().describe('姓名'),
  sort: sortParam(FINDING_SORT_FIELDS, FINDING_SORT_LABELS),
});
export type FindingsQuery = z.infer<typeof findingsQuery>;

export const findingView = z.object({
  id: z.string(),
  entitlementId: z.string(),
  personId: z.string(),
  personName: z.string(),
  residentIdMasked: z.string().nullable(),
  subsidy: z.enum(['living', 'care']),
  subsidyLabel: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  countyCode: z.string(),
  kind: z.enum(FINDING_KIND_VALUES),
  kindLabel: z.string(),
  reasonCode: z.string(),
  reasonLabel: z.string(),
  eventDate: z.string(),
  stopsFromMonth: z.string().describe('确认后停发的起始月份（事件次月，R-DIS-07）'),
  source: z.enum(FINDING_SOURCE_VALUES),
  sourceLabel: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  fuzzy: z.boolean().describe('按姓名+出生日期模糊匹配'),
  matchScore: z.number().int().nullable(),
  status: z.enum(FINDING_STATUS_VALUES),
  statusLabel: z.string(),
  foundOn: z.string(),
  answerDueOn: z.string(),
  dueProvisional: z.boolean(),
  overdue: z.boolean(),
  answer: z.string().nullable(),
  answerEvidence: z.string().nullable(),
  answeredAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  runId: z.string().nullable(),
  campaignId: z.string().nullable(),
  version: z.number().int(),
});
export type FindingDto = z.infer<typeof findingView>;

export const answerFindingBody = z.strictObject({
  answer: z.string().trim().min(2, { message: '请填写核实情况（至少 2 个字）' }).max(1000),
  evidence: z.string().trim().max(1000).nullable().optional().describe('核实依据（入户、材料名称等）'),
  version: z.number().int().optional(),
});
export type AnswerFindingBody = z.infer<typeof answerFindingBody>;

export const confirmFindingBody = z.strictObject({
  note: z.string().trim().min(2, { message: '请填写复核意见（至少 2 个字）' }).max(1000),
  eventDate: plainDateSchema.optional().describe('更正后的事件日期（默认比对所得日期）'),
  version: z.number().int().optional(),
});
export type ConfirmFindingBody = z.infer<typeof confirmFindingBody>;

export const dismissFindingBody = z.strictObject({
  reason: z.string().trim().min(2, { message: '请填写排除理由（至少 2 个字）' }).max(1000),
  version: z.number().int().optional(),
});
export type DismissFindingBody = z.infer<typeof dismissFindingBody>;

// ----- hukou move-out list -----

export const hukouMoveImportQuery = z.strictObject({
  fileName: z.string().trim().max(255).optional().describe('原文件名（仅作显示；格式按内容判断）'),
});
export const hukouMoveImportReport = rollImportReport.omit({ source: true });
export type HukouMoveImportReportDto = z.infer<typeof hukouMoveImportReport>;

export const hukouMovesQuery = z.strictObject({
  q: z.string().trim().max(50).optional().describe('姓名'),
  matchedBy: z.enum(['resident_id', 'fuzzy', 'none']).optional(),
});
export const hukouMoveView = z.object({
  id: z.string(),
  name: z.string(),
  residentIdMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
  movedOutOn: z.string(),
  destination: z.string(),
  destinationCode: z.string().nullable(),
  countyCode: z.string(),
  countyName: z.string(),
  personId: z.string().nullable(),
  matchedBy: z.enum(['resident_id', 'fuzzy', 'none']),
  matchedByLabel: z.string(),
  matchScore: z.number().int().nullable(),
  importRunId: z.string().nullable(),
});
export type HukouMoveDto = z.infer<typeof hukouMoveView>;

// ----- campaigns -----

export const newCampaignBody = z.strictObject({
  name: z.string().trim().min(2, { message: '请填写任务名称（至少 2 个字）' }).max(100),
  divisionCode: divisionCodeSchema,
  deadline: plainDateSchema,
  note: z.string().trim().max(500).nullable().optional(),
});
export type NewCampaignBody = z.infer<typeof newCampaignBody>;

export const divisionProgressView = z.object({
  divisionCode: z.string(),
  divisionName: z.string(),
  total: z.number().int(),
  verified: z.number().int(),
  problem: z.number().int(),
  pending: z.number().int(),
  checkedPercent: z.number(),
  sampled: z.number().int(),
  spotChecked: z.number().int(),
  inconsistent: z.number().int(),
  overdue: z.boolean(),
});
export type DivisionProgressDto = z.infer<typeof divisionProgressView>;

export const campaignView = z.object({
  id: z.string(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  deadline: z.string(),
  note: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  daysLeft: z.number().int(),
  sampleSeed: z.string().nullable(),
  samplePercent: z.number().int().nullable(),
  sampleCount: z.number().int().nullable(),
  sampledAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  totals: divisionProgressView.omit({ divisionCode: true, divisionName: true }),
  divisions: z.array(divisionProgressView),
});
export type CampaignDto = z.infer<typeof campaignView>;

export const campaignSampleBody = z.strictObject({
  seed: z.string().trim().min(1, { message: '请填写随机种子' }).max(64),
  percent: z.number().int().min(1).max(100).optional().describe('每县抽查比例（%）'),
  count: z.number().int().min(1).max(100_000).optional().describe('每县抽查人数'),
});
export type CampaignSampleBody = z.infer<typeof campaignSampleBody>;

export const SELF_CHECK_VALUES = ['pending', 'verified', 'problem'] as const;
export const SELF_CHECK_TEXT: Record<(typeof SELF_CHECK_VALUES)[number], string> = {
  pending: '待自查',
  verified: '核实无误',
  problem: '发现问题',
};

export const campaignItemsQuery = z.strictObject({
  campaignId: z.string().min(1).max(64).optional().describe('清理认定任务（不填：管辖范围内各任务）'),
  selfCheck: z.enum(SELF_CHECK_VALUES).optional(),
  sampled: flag.describe('1：只列抽中的对象'),
  division: divisionCodeSchema.optional(),
  q: z.string().trim().max(50).optional().describe('姓名'),
});
export type CampaignItemsQuery = z.infer<typeof campaignItemsQuery>;

export const campaignItemView = z.object({
  id: z.string(),
  campaignId: z.string(),
  entitlementId: z.string(),
  personId: z.string(),
  personName: z.string(),
  residentIdMasked: z.string().nullable(),
  subsidy: z.enum(['living', 'care']),
  subsidyLabel: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  selfCheck: z.enum(SELF_CHECK_VALUES),
  selfCheckLabel: z.string(),
  selfCheckNote: z.string().nullable(),
  selfCheckedAt: z.string().nullable(),
  sampled: z.boolean(),
  spotResult: z.enum(['consistent', 'inconsistent']).nullable(),
  spotResultLabel: z.string().nullable(),
  spotNote: z.string().nullable(),
  spotCheckedAt: z.string().nullable(),
  findingId: z.string().nullable(),
  version: z.number().int(),
});
export type CampaignItemDto = z.infer<typeof campaignItemView>;

export const selfCheckBody = z.strictObject({
  result: z.enum(['verified', 'problem']),
  note: z.string().trim().max(1000).nullable().optional(),
});
export type SelfCheckBody = z.infer<typeof selfCheckBody>;

export const spotCheckBody = z.strictObject({
  result: z.enum(['consistent', 'inconsistent']),
  note: z.string().trim().max(1000).nullable().optional(),
});
export type SpotCheckBody = z.infer<typeof spotCheckBody>;
