/**
 * Contracts of the rescue line's prescribed actions (七个规定动作, R-RES-09/R-RES-10): the steps, a logged
 * action, a case's checklist with its deadlines, the workbench deadline board (期限看板) and the
 * 寻亲公告. Shared by server and UI; the rules (deadlines, closing) are the service's.
 */
import { z } from 'zod';

/** A `YYYY-MM-DD` day in a response (plain data: no transform). */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The seven prescribed steps of R-RES-10, in their official order. */
export const RESCUE_SEVEN_STEPS = [
  'registration',
  'national_site',
  'dna_request',
  'face_comparison',
  'toutiao_notice',
  'media',
  'manual_screening',
] as const;
/** Optional extra channels (R-RES-10: WeChat, Weibo, Douyin). */
export const RESCUE_EXTRA_STEPS = ['wechat', 'weibo', 'douyin'] as const;
/** Follow-ups: police DNA collection done, DNA result returned, search information updated (2019 special action). */
export const RESCUE_FOLLOW_UP_STEPS = ['dna_collected', 'dna_result', 'search_update'] as const;
export const RESCUE_ACTION_STEPS = [
  ...RESCUE_SEVEN_STEPS,
  ...RESCUE_EXTRA_STEPS,
  ...RESCUE_FOLLOW_UP_STEPS,
] as const;

export const rescueActionStepSchema = z.enum(RESCUE_ACTION_STEPS);
export type RescueActionStep = z.infer<typeof rescueActionStepSchema>;

/** Chinese names of the steps (numbered for the seven). */
export const RESCUE_ACTION_STEP_LABELS: Record<RescueActionStep, string> = {
  registration: '1. 录入全国救助管理信息系统',
  national_site: '2. 上传全国救助寻亲网',
  dna_request: '3. 申请公安机关采集DNA',
  face_comparison: '4. 人像比对',
  toutiao_notice: '5. 今日头条发布寻亲公告',
  media: '6. 媒体发布寻亲信息',
  manual_screening: '7. 人工甄别',
  wechat: '微信发布（可选）',
  weibo: '微博发布（可选）',
  douyin: '抖音发布（可选）',
  dna_collected: '公安机关已采集DNA',
  dna_result: 'DNA比对结果已返回',
  search_update: '寻亲信息更新（滞留超过一个月）',
};

/** DNA result (only for `dna_result`): not_matched 未比中; matched 已比中. */
export const rescueDnaOutcomeSchema = z
  .enum(['not_matched', 'matched'])
  .describe('not_matched 未比中；matched 已比中');

/** The attachment kinds that may be cited as evidence of an action. */
export const RESCUE_ACTION_EVIDENCE_KINDS = ['action_evidence', 'dna_record', 'face_record'] as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** Log an action (append-only). A correction names the entry it supersedes and a reason. */
export const logRescueActionBody = z.strictObject({
  step: rescueActionStepSchema,
  /** When the action was done (ISO instant); default now. Never in the future, never before entry. */
  performedAt: z.string().datetime({ offset: true }).nullish(),
  evidenceText: optionalText(500).describe('佐证说明（如系统登记号、发布链接说明、函件文号）'),
  evidenceUrl: optionalText(500).describe('发布网址'),
  attachmentIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  /** A 寻亲公告 issued for this case, cited as evidence (steps 5/6 and the extras). */
  searchNoticeId: z.string().min(1).max(64).nullish(),
  dnaOutcome: rescueDnaOutcomeSchema.nullish(),
  note: optionalText(500),
  supersedesId: z.string().min(1).max(64).nullish(),
  /** Withdraw the superseded entry instead of replacing it (logged by mistake). */
  withdraw: z.boolean().default(false),
  correctionReason: optionalText(200),
});
export type LogRescueActionBody = z.input<typeof logRescueActionBody>;

export const rescueActionEntry = z.object({
  id: z.string(),
  caseId: z.string(),
  step: rescueActionStepSchema,
  stepLabel: z.string(),
  kind: z.enum(['log', 'correction', 'withdrawal']),
  performedAt: z.string(),
  loggedAt: z.string(),
  loggedBy: z.string(),
  loggedByName: z.string(),
  evidenceText: z.string().nullable(),
  evidenceUrl: z.string().nullable(),
  attachmentIds: z.array(z.string()),
  searchNoticeId: z.string().nullable(),
  searchNoticeNo: z.string().nullable(),
  dnaOutcome: rescueDnaOutcomeSchema.nullable(),
  note: z.string().nullable(),
  supersedesId: z.string().nullable(),
  correctionReason: z.string().nullable(),
  /** Superseded by a later correction or withdrawal: no longer counts. */
  supersededBy: z.string().nullable(),
});
export type RescueActionEntryDto = z.infer<typeof rescueActionEntry>;

/**
 * done 已完成; overdue 已逾期; due_today 今日到期; pending 未到期; no_deadline 无规定期限 (still required to
 * close); not_required 无需办理 (identity confirmed, or a follow-up not yet applicable); optional 可选.
 */
export const rescueStepStateSchema = z.enum([
  'done',
  'overdue',
  'due_today',
  'pending',
  'no_deadline',
  'not_required',
  'optional',
]);
export type RescueStepState = z.infer<typeof rescueStepStateSchema>;

export const rescueStepStatus = z.object({
  step: rescueActionStepSchema,
  label: z.string(),
  group: z.enum(['seven', 'extra', 'follow_up']),
  state: rescueStepStateSchema,
  /** Deadline instant (24-hour steps) or day (working-day / month deadlines). */
  dueAt: z.string().nullable(),
  dueOn: day.nullable(),
  /** Counted through a year whose holidays are not loaded: shown as 暂定. */
  provisional: z.boolean(),
  /** The basis of the deadline, in Chinese. */
  basis: z.string().nullable(),
  /** The latest counting entry. */
  lastPerformedAt: z.string().nullable(),
  /** Logged after its deadline. */
  late: z.boolean(),
  count: z.number().int(),
});
export type RescueStepStatusDto = z.infer<typeof rescueStepStatus>;

export const rescueCaseActionStatus = z.object({
  caseId: z.string(),
  caseNo: z.string(),
  identityStatus: z.string(),
  open: z.boolean(),
  /** Deadlines apply (identity unconfirmed and the case open). */
  deadlinesApply: z.boolean(),
  steps: z.array(rescueStepStatus),
  /** The seven steps not yet logged (Chinese labels). */
  missingSeven: z.array(z.string()),
  overdueCount: z.number().int(),
  entries: z.array(rescueActionEntry),
  notices: z.array(
    z.object({ id: z.string(), number: z.string(), issuedAt: z.string(), issuedBy: z.string() }),
  ),
});
export type RescueCaseActionStatusDto = z.infer<typeof rescueCaseActionStatus>;

export const rescueDueItem = z.object({
  caseId: z.string(),
  caseNo: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  personName: z.string(),
  step: rescueActionStepSchema,
  stepLabel: z.string(),
  state: rescueStepStateSchema,
  dueAt: z.string().nullable(),
  dueOn: day,
  provisional: z.boolean(),
});
export type RescueDueItemDto = z.infer<typeof rescueDueItem>;

export const rescueBoardQuery = z.object({
  stationId: z.string().min(1).max(64).optional(),
});

export const rescueBoard = z.object({
  today: day,
  /** The last day of the "next 3 working days" window. */
  horizon: day,
  overdue: z.array(rescueDueItem),
  dueToday: z.array(rescueDueItem),
  upcoming: z.array(rescueDueItem),
  counts: z.object({
    residents: z.number().int(),
    overLimit: z.number().int(),
    stranded: z.number().int(),
    longTerm: z.number().int(),
  }),
  stations: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type RescueBoardDto = z.infer<typeof rescueBoard>;
