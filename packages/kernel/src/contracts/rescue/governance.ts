/**
 * Contracts of the rescue line's source-governance concern (源头治理, issue 16 item 4 and the repeat-wanderer
 * statistics of item 5): the returnee ledger with follow-up visits (返乡回访), at-risk persons (易走失人员) with
 * family contacts, repeat-wanderer flags (多次流浪) and the alert to the hukou county (源头治理预警), street
 * patrol leads (街面巡查线索) with response time, and the statistics. Shared by server and UI.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
const id = z.string().min(1).max(64);
const countyCode = z.string().regex(/^[0-9]{6}$/, { message: '请填写 6 位县级行政区划代码' });

// ── returnees (返乡人员台账) ────────────────────────────────────────────────────────────────────────

export const RETURNEE_STATUSES = ['following', 'closed'] as const;
export const RETURNEE_STATUS_LABELS = { following: '回访中', closed: '已结束回访' } as const;
export const FOLLOW_UP_PARTIES = ['hukou_civil_affairs', 'station'] as const;
export const FOLLOW_UP_PARTY_LABELS = {
  hukou_civil_affairs: '户籍地民政部门',
  station: '救助管理站',
} as const;
export const FOLLOW_UP_METHODS = ['phone', 'visit'] as const;
export const FOLLOW_UP_METHOD_LABELS = { phone: '电话回访', visit: '上门回访' } as const;
export const RETURNEE_NEEDS = ['dibao', 'tekun', 'medical', 'other'] as const;
export const RETURNEE_NEED_LABELS = {
  dibao: '低保',
  tekun: '特困供养',
  medical: '医疗救助',
  other: '其他帮扶',
} as const;

export const RETURNEE_SORT_FIELDS = ['returnedOn', 'nextVisitDue', 'stationName'] as const;
export const RETURNEE_SORT_LABELS = {
  returnedOn: '返乡日期',
  nextVisitDue: '下次回访日期',
  stationName: '救助站',
} as const;

export const returneeQuery = z.object({
  division: divisionCodeSchema.optional(),
  stationId: id.optional(),
  status: z.enum(RETURNEE_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional().describe('true：只列回访已逾期的'),
  from: plainDateSchema.optional().describe('返乡日期起（含）'),
  to: plainDateSchema.optional().describe('返乡日期止（含）'),
  q: z.string().trim().max(50).optional().describe('姓名、案件编号或目的地关键词'),
  sort: sortParam(RETURNEE_SORT_FIELDS, RETURNEE_SORT_LABELS),
});
export type ReturneeQueryDto = z.infer<typeof returneeQuery>;

export const followUpView = z.object({
  id: z.string(),
  visitedOn: z.string(),
  party: z.enum(FOLLOW_UP_PARTIES),
  visitorName: z.string(),
  method: z.enum(FOLLOW_UP_METHODS),
  situation: z.string(),
  atHome: z.boolean(),
  needs: z.array(z.enum(RETURNEE_NEEDS)),
  nextDueOn: z.string().nullable(),
  recordedAt: z.string(),
});
export type FollowUpDto = z.infer<typeof followUpView>;

export const returneeView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  divisionCode: z.string(),
  personName: z.string(),
  sex: z.enum(['male', 'female']),
  departureKind: z.enum(['return_home', 'collected_by_family']),
  returnedOn: z.string(),
  destination: z.string().nullable(),
  /** County of the hukou (from the resident id) or of the destination, set by the station when unknown. */
  homeDivisionCode: z.string().nullable(),
  homeDivisionName: z.string().nullable(),
  status: z.enum(RETURNEE_STATUSES),
  closedReason: z.string().nullable(),
  visits: z.number().int(),
  lastVisitOn: z.string().nullable(),
  lastAtHome: z.boolean().nullable(),
  nextVisitDue: z.string().nullable(),
  overdue: z.boolean(),
});
export type ReturneeDto = z.infer<typeof returneeView>;
export const returneeDetail = returneeView.extend({ followUps: z.array(followUpView) });
export type ReturneeDetailDto = z.infer<typeof returneeDetail>;

export const followUpBody = z.strictObject({
  visitedOn: plainDateSchema,
  party: z.enum(FOLLOW_UP_PARTIES),
  visitorName: text(50),
  method: z.enum(FOLLOW_UP_METHODS),
  situation: z.string().trim().min(2, { message: '请填写回访情况（至少 2 个字）' }).max(1000),
  atHome: z.boolean(),
  needs: z.array(z.enum(RETURNEE_NEEDS)).max(4).default([]),
  /** Another visit planned (default: the configured interval); `close` ends the follow-up. */
  close: z.boolean().default(false),
  closedReason: optionalText(200),
  nextDueOn: plainDateSchema.nullish(),
});
export type FollowUpBodyDto = z.infer<typeof followUpBody>;

export const returneeHomeBody = z.strictObject({ homeDivisionCode: countyCode });

// ── at-risk persons (易走失人员) ────────────────────────────────────────────────────────────────────

export const AT_RISK_KINDS = [
  'dementia',
  'mental_illness',
  'intellectual_disability',
  'minor',
  'other',
] as const;
export const AT_RISK_KIND_LABELS = {
  dementia: '老年痴呆（认知障碍）',
  mental_illness: '精神障碍',
  intellectual_disability: '智力残疾',
  minor: '未成年人',
  other: '其他',
} as const;
export const AT_RISK_STATUSES = ['active', 'closed'] as const;
export const AT_RISK_STATUS_LABELS = { active: '在册', closed: '已销册' } as const;
export const AT_RISK_SORT_FIELDS = ['name', 'createdAt', 'updatedAt'] as const;
export const AT_RISK_SORT_LABELS = { name: '姓名', createdAt: '登记时间', updatedAt: '更新时间' } as const;

export const familyContactSchema = z.strictObject({
  name: text(50),
  relation: text(20),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/, { message: '联系电话只能包含数字、+、- 和空格（5–20 位）' }),
});
export type FamilyContactDto = z.infer<typeof familyContactSchema>;

export const atRiskQuery = z.object({
  division: divisionCodeSchema.optional(),
  kind: z.enum(AT_RISK_KINDS).optional(),
  status: z.enum(AT_RISK_STATUSES).optional(),
  q: z.string().trim().max(50).optional().describe('姓名或住址关键词'),
  sort: sortParam(AT_RISK_SORT_FIELDS, AT_RISK_SORT_LABELS),
});
export type AtRiskQueryDto = z.infer<typeof atRiskQuery>;

export const atRiskView = z.object({
  id: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string().nullable(),
  kinds: z.array(z.enum(AT_RISK_KINDS)),
  homeAddress: z.string(),
  /** Contacts with the phone masked (lists). */
  contacts: z.array(z.object({ name: z.string(), relation: z.string(), phone: z.string() })),
  notes: z.string().nullable(),
  personId: z.string().nullable(),
  status: z.enum(AT_RISK_STATUSES),
  closedReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type AtRiskDto = z.infer<typeof atRiskView>;

export const atRiskBody = z.strictObject({
  divisionCode: divisionCodeSchema,
  name: text(50),
  sex: z.enum(['male', 'female']),
  birthDate: plainDateSchema.nullish(),
  kinds: z.array(z.enum(AT_RISK_KINDS)).min(1, { message: '请至少选择一项走失风险' }).max(5),
  homeAddress: text(200),
  contacts: z.array(familyContactSchema).min(1, { message: '请至少填写一位家属联系人' }).max(5),
  notes: optionalText(1000),
  personId: id.nullish(),
});
export type AtRiskBodyDto = z.infer<typeof atRiskBody>;
export const atRiskUpdateBody = atRiskBody.omit({ divisionCode: true }).extend({ version: z.number().int() });
export type AtRiskUpdateBodyDto = z.infer<typeof atRiskUpdateBody>;
export const closeBody = z.strictObject({ reason: text(200), version: z.number().int().optional() });

// ── repeat wanderers (多次流浪) ─────────────────────────────────────────────────────────────────────

export const REPEAT_FLAG_STATUSES = ['open', 'confirmed', 'rejected'] as const;
export const REPEAT_FLAG_STATUS_LABELS = { open: '待核实', confirmed: '已确认', rejected: '已排除' } as const;
export const REPEAT_BASES = ['same_person', 'engine'] as const;
export const REPEAT_BASIS_LABELS = { same_person: '同一人员档案', engine: '比对引擎评分' } as const;
export const REPEAT_SORT_FIELDS = ['createdAt', 'score', 'entryDate'] as const;
export const REPEAT_SORT_LABELS = {
  createdAt: '发现时间',
  score: '评分',
  entryDate: '本次入站日期',
} as const;

export const repeatFlagQuery = z.object({
  division: divisionCodeSchema.optional(),
  status: z.enum(REPEAT_FLAG_STATUSES).optional(),
  basis: z.enum(REPEAT_BASES).optional(),
  sort: sortParam(REPEAT_SORT_FIELDS, REPEAT_SORT_LABELS),
});
export type RepeatFlagQueryDto = z.infer<typeof repeatFlagQuery>;

const caseSide = z.object({
  caseId: z.string(),
  caseNo: z.string(),
  stationName: z.string(),
  divisionCode: z.string(),
  entryDate: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  age: z.string(),
  identityStatus: z.string(),
});

export const repeatFlagView = z.object({
  id: z.string(),
  current: caseSide,
  earlier: caseSide,
  basis: z.enum(REPEAT_BASES),
  score: z.number(),
  /** Lines of the engine's explanation, in Chinese. */
  explanation: z.array(z.string()),
  status: z.enum(REPEAT_FLAG_STATUSES),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  alertDivisionCode: z.string().nullable(),
  createdAt: z.string(),
});
export type RepeatFlagDto = z.infer<typeof repeatFlagView>;

export const repeatDecisionBody = z.strictObject({
  decision: z.enum(['confirmed', 'rejected']),
  reason: z.string().trim().min(2, { message: '请填写核实依据（至少 2 个字）' }).max(500),
  /** The hukou county when neither the resident id nor a returnee record names it (from the stated home). */
  hukouDivisionCode: countyCode.nullish(),
});
export type RepeatDecisionBodyDto = z.infer<typeof repeatDecisionBody>;

export const GOVERNANCE_ALERT_STATUSES = ['open', 'acknowledged'] as const;
export const GOVERNANCE_ALERT_STATUS_LABELS = { open: '待处理', acknowledged: '已处理' } as const;
export const HUKOU_BASIS_LABELS = {
  resident_id: '身份证号码',
  people_index: '人员档案户籍地',
  returnee_home: '返乡台账',
  caseworker: '核实人员填写（自述住址）',
} as const;

export const governanceAlertQuery = z.object({
  division: divisionCodeSchema.optional(),
  status: z.enum(GOVERNANCE_ALERT_STATUSES).optional(),
  sort: sortParam(['createdAt'] as const, { createdAt: '预警时间' }),
});
export type GovernanceAlertQueryDto = z.infer<typeof governanceAlertQuery>;

export const governanceAlertView = z.object({
  id: z.string(),
  flagId: z.string(),
  hukouDivisionCode: z.string(),
  hukouDivisionName: z.string(),
  hukouBasis: z.enum(['resident_id', 'people_index', 'returnee_home', 'caseworker']),
  personName: z.string(),
  summary: z.string(),
  status: z.enum(GOVERNANCE_ALERT_STATUSES),
  actionTaken: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type GovernanceAlertDto = z.infer<typeof governanceAlertView>;
export const acknowledgeBody = z.strictObject({
  actionTaken: z.string().trim().min(2, { message: '请填写采取的措施（至少 2 个字）' }).max(1000),
});

// ── street patrol leads (街面巡查线索) ──────────────────────────────────────────────────────────────

export const PATROL_SOURCES = ['police', 'urban_management', 'public', 'station_patrol'] as const;
export const PATROL_SOURCE_LABELS = {
  police: '公安',
  urban_management: '城管',
  public: '群众',
  station_patrol: '本站巡查',
} as const;
export const PATROL_OUTCOMES = ['rescued', 'refused', 'not_found'] as const;
export const PATROL_OUTCOME_LABELS = {
  rescued: '已救助入站',
  refused: '拒绝救助',
  not_found: '未找到',
} as const;
export const PATROL_SORT_FIELDS = ['receivedAt', 'responseMinutes'] as const;
export const PATROL_SORT_LABELS = { receivedAt: '接报时间', responseMinutes: '响应用时' } as const;

export const patrolLeadQuery = z.object({
  division: divisionCodeSchema.optional(),
  stationId: id.optional(),
  source: z.enum(PATROL_SOURCES).optional(),
  state: z
    .enum(['pending', 'responded', 'late'])
    .optional()
    .describe('pending 待响应；responded 已响应；late 超时'),
  from: plainDateSchema.optional().describe('接报日期起（含）'),
  to: plainDateSchema.optional().describe('接报日期止（含）'),
  q: z.string().trim().max(50).optional().describe('地点或人员描述关键词'),
  sort: sortParam(PATROL_SORT_FIELDS, PATROL_SORT_LABELS),
});
export type PatrolLeadQueryDto = z.infer<typeof patrolLeadQuery>;

export const patrolLeadView = z.object({
  id: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  divisionCode: z.string(),
  receivedAt: z.string(),
  source: z.enum(PATROL_SOURCES),
  reporter: z.string(),
  reporterPhoneMasked: z.string().nullable(),
  placeDivisionCode: z.string(),
  placeDescription: z.string(),
  personDescription: z.string(),
  respondedAt: z.string().nullable(),
  outcome: z.enum(PATROL_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  caseId: z.string().nullable(),
  caseNo: z.string().nullable(),
  /** Minutes from received to responded; for a lead not responded yet, minutes elapsed so far. */
  responseMinutes: z.number().int().nullable(),
  elapsedMinutes: z.number().int(),
  targetMinutes: z.number().int(),
  /** Responded later than the target, or still waiting past it. */
  late: z.boolean(),
  version: z.number().int(),
});
export type PatrolLeadDto = z.infer<typeof patrolLeadView>;

export const patrolLeadBody = z.strictObject({
  stationId: id,
  receivedAt: z.iso.datetime({ offset: true, message: '接报时间格式不正确' }),
  source: z.enum(PATROL_SOURCES),
  reporter: text(100),
  reporterPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{3,20}$/, { message: '联系电话只能包含数字、+、- 和空格（3–20 位）' })
    .nullish(),
  placeDivisionCode: divisionCodeSchema,
  placeDescription: text(200),
  personDescription: z.string().trim().min(2, { message: '请描述需救助人员的情况（至少 2 个字）' }).max(500),
});
export type PatrolLeadBodyDto = z.infer<typeof patrolLeadBody>;

export const patrolResponseBody = z.strictObject({
  respondedAt: z.iso.datetime({ offset: true, message: '响应时间格式不正确' }),
  outcome: z.enum(PATROL_OUTCOMES),
  outcomeNote: optionalText(500),
  caseId: id.nullish(),
  version: z.number().int(),
});
export type PatrolResponseBodyDto = z.infer<typeof patrolResponseBody>;

// ── statistics (多次流浪统计与线索响应) ────────────────────────────────────────────────────────────

export const governanceStatsQuery = z.object({
  division: divisionCodeSchema.optional(),
  period: z.enum(['month', 'quarter', 'year']).default('month'),
  from: plainDateSchema,
  to: plainDateSchema,
});
export type GovernanceStatsQueryDto = z.infer<typeof governanceStatsQuery>;

export const governanceStats = z.object({
  division: z.object({ code: z.string(), name: z.string() }),
  period: z.enum(['month', 'quarter', 'year']),
  from: z.string(),
  to: z.string(),
  /** Confirmed repeat wanderers by period (of the later case's entry) × child division (of its station). */
  repeatCells: z.array(
    z.object({
      bucket: z.string(),
      bucketLabel: z.string(),
      divisionCode: z.string(),
      divisionName: z.string(),
      confirmed: z.number().int(),
      open: z.number().int(),
    }),
  ),
  repeatTotal: z.number().int(),
  leads: z.object({
    received: z.number().int(),
    responded: z.number().int(),
    pending: z.number().int(),
    late: z.number().int(),
    targetMinutes: z.number().int(),
    medianMinutes: z.number().nullable(),
    p90Minutes: z.number().nullable(),
    withinTargetShare: z.number().nullable(),
    bySource: z.array(
      z.object({
        source: z.enum(PATROL_SOURCES),
        received: z.number().int(),
        medianMinutes: z.number().nullable(),
      }),
    ),
  }),
});
export type GovernanceStatsDto = z.infer<typeof governanceStats>;
