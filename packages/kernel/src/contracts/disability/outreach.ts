/**
 * Request and response contracts of the disability line's outreach concern (D7): policy finds people
 * (数据找人: lists, reminders pushed to townships, coverage), the statistics by division and month, and the
 * day board (今日工作). docs/disability.md "Policy finds people and statistics".
 */
import { z } from 'zod';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';

const subsidy = z.enum(['living', 'care']);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM' });

export const OUTREACH_LISTS = ['care', 'living', 'new_certificate', 'new_dibao'] as const;
export type OutreachListDto = (typeof OUTREACH_LISTS)[number];
export const OUTREACH_LIST_LABELS: Record<OutreachListDto, string> = {
  care: '一、二级残疾人未享受护理补贴',
  living: '低保家庭残疾人未享受生活补贴',
  new_certificate: '新办证残疾人（未享受相应补贴）',
  new_dibao: '新纳入低保的残疾人（未享受生活补贴）',
};

export const outreachTriggerSchema = z.enum(['new_certificate', 'new_dibao', 'standing']);
export const outreachStatusSchema = z.enum(['open', 'done', 'lapsed']);
export const outreachOutcomeSchema = z.enum(['applied', 'not_eligible', 'refused', 'unreachable', 'moved']);
export type OutreachOutcomeDto = z.infer<typeof outreachOutcomeSchema>;

export const OUTREACH_CANDIDATE_SORT_FIELDS = ['name', 'division', 'grade', 'issuedOn'] as const;
export const OUTREACH_CANDIDATE_SORT_LABELS = {
  name: '姓名（拼音）',
  division: '户籍地',
  grade: '残疾等级',
  issuedOn: '发证日期',
} as const;

export const outreachCandidatesQuery = z.object({
  list: z
    .enum(OUTREACH_LISTS)
    .default('care')
    .describe('名单：care 护理补贴、living 生活补贴、新办证、新纳入低保'),
  division: divisionCodeSchema.optional().describe('户籍地区划（默认本人管辖区划）'),
  q: z.string().trim().min(1).max(40).optional().describe('姓名（包含）或公民身份号码（精确）'),
  sort: sortParam(OUTREACH_CANDIDATE_SORT_FIELDS, OUTREACH_CANDIDATE_SORT_LABELS),
});
export type OutreachCandidatesQueryDto = z.infer<typeof outreachCandidatesQuery>;

export const outreachCandidateRow = z.object({
  personId: z.string(),
  name: z.string(),
  residentIdMasked: z.string().nullable(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string().nullable(),
  divisionCode: z.string(),
  divisionName: z.string(),
  certificateId: z.string(),
  category: z.number().int(),
  categoryLabel: z.string(),
  grade: z.number().int(),
  gradeLabel: z.string(),
  issuedOn: z.string().nullable(),
  subsidy,
  subsidyLabel: z.string(),
  foundBy: outreachTriggerSchema,
  foundByLabel: z.string(),
  /** The open reminder of the person for the subsidy, if a refresh already pushed one. */
  reminderId: z.string().nullable(),
});
export type OutreachCandidateRowDto = z.infer<typeof outreachCandidateRow>;

export const OUTREACH_REMINDER_SORT_FIELDS = ['foundOn', 'name', 'division', 'outcomeOn'] as const;
export const OUTREACH_REMINDER_SORT_LABELS = {
  foundOn: '发现日期',
  name: '姓名（拼音）',
  division: '户籍地',
  outcomeOn: '反馈日期',
} as const;

export const outreachRemindersQuery = z.object({
  division: divisionCodeSchema.optional().describe('户籍地区划（默认本人管辖区划）'),
  status: outreachStatusSchema.optional().describe('open 待跟进、done 已反馈、lapsed 已自动销号'),
  subsidy: subsidy.optional(),
  foundBy: outreachTriggerSchema.optional().describe('发现原因'),
  outcome: outreachOutcomeSchema.optional().describe('反馈结果'),
  q: z.string().trim().min(1).max(40).optional().describe('姓名（包含）或公民身份号码（精确）'),
  sort: sortParam(OUTREACH_REMINDER_SORT_FIELDS, OUTREACH_REMINDER_SORT_LABELS),
});
export type OutreachRemindersQueryDto = z.infer<typeof outreachRemindersQuery>;

export const outreachReminderView = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  residentIdMasked: z.string().nullable(),
  sex: z.enum(['male', 'female']),
  subsidy,
  subsidyLabel: z.string(),
  foundBy: outreachTriggerSchema,
  foundByLabel: z.string(),
  grade: z.number().int().nullable(),
  category: z.number().int().nullable(),
  certificateLabel: z.string().nullable(),
  divisionCode: z.string(),
  divisionName: z.string(),
  foundOn: z.string(),
  /** Days since found (open reminders: how long it has waited). */
  waitingDays: z.number().int(),
  status: outreachStatusSchema,
  statusLabel: z.string(),
  outcome: outreachOutcomeSchema.nullable(),
  outcomeLabel: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  applicationId: z.string().nullable(),
  applicationNo: z.string().nullable(),
  outcomeOn: z.string().nullable(),
  lapsedOn: z.string().nullable(),
});
export type OutreachReminderViewDto = z.infer<typeof outreachReminderView>;

export const outreachOutcomeBody = z
  .object({
    outcome: outreachOutcomeSchema,
    note: z.string().trim().max(500).optional(),
    applicationId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type OutreachOutcomeBodyDto = z.infer<typeof outreachOutcomeBody>;

export const outreachRefreshBody = z
  .object({ division: divisionCodeSchema.optional().describe('刷新的区划（县级或以上，默认本人管辖区划）') })
  .strict();

export const outreachRefreshResult = z.object({
  runId: z.string(),
  divisionCode: z.string(),
  ranOn: z.string(),
  created: z.number().int(),
  lapsed: z.number().int(),
  stillOpen: z.number().int(),
});
export type OutreachRefreshResultDto = z.infer<typeof outreachRefreshResult>;

export const outreachCoverageQuery = z.object({
  division: divisionCodeSchema.optional().describe('区划（默认本人管辖区划），列出其下级区划'),
});

const coverageFigures = z.object({
  /** 符合条件人数 (registry facts today). */
  eligible: z.number().int(),
  /** 其中已享受 (an open entitlement). */
  covered: z.number().int(),
  /** 其中申请办理中. */
  applying: z.number().int(),
  /** 未享受也未申请 (the list). */
  unserved: z.number().int(),
  /** covered ÷ eligible (0…1), null when none is eligible. */
  rate: z.number().nullable(),
});
export type OutreachCoverageFiguresDto = z.infer<typeof coverageFigures>;

export const outreachCoverage = z.object({
  asOf: z.string(),
  division: z.object({ code: z.string(), name: z.string() }),
  rows: z.array(
    z.object({
      divisionCode: z.string(),
      divisionName: z.string(),
      care: coverageFigures,
      living: coverageFigures,
    }),
  ),
  totals: z.object({ care: coverageFigures, living: coverageFigures }),
  lists: z.record(z.enum(OUTREACH_LISTS), z.number().int()),
  openReminders: z.number().int(),
  lastRun: z
    .object({
      ranOn: z.string(),
      created: z.number().int(),
      lapsed: z.number().int(),
      divisionCode: z.string(),
    })
    .nullable(),
});
export type OutreachCoverageDto = z.infer<typeof outreachCoverage>;

// ----- statistics -------------------------------------------------------------------------------------------

export const disabilityStatisticsQuery = z.object({
  division: divisionCodeSchema.optional().describe('统计区划（默认本人管辖区划），可逐级下钻'),
  from: month.optional().describe('起始月份（含），默认本年 1 月'),
  to: month.optional().describe('截止月份（含），默认本月'),
});
export type DisabilityStatisticsQueryDto = z.infer<typeof disabilityStatisticsQuery>;

const statsFigures = z.object({
  /** Recipients on frozen rosters (lines paying, not stopped), per subsidy. */
  livingRecipients: z.number().int(),
  careRecipients: z.number().int(),
  /** Money on frozen rosters (fen). */
  livingFen: z.number().int(),
  careFen: z.number().int(),
  /** Entitlements granted / stopped taking effect in the month(s). */
  granted: z.number().int(),
  stopped: z.number().int(),
});
export type DisabilityStatsFiguresDto = z.infer<typeof statsFigures>;

export const disabilityStatistics = z.object({
  division: z.object({ code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  months: z.array(
    statsFigures.extend({ month: z.string(), label: z.string(), rostersFrozen: z.number().int() }),
  ),
  rows: z.array(
    statsFigures.extend({
      divisionCode: z.string(),
      divisionName: z.string(),
      careCoverage: z.number().nullable(),
      livingCoverage: z.number().nullable(),
    }),
  ),
  totals: statsFigures.extend({ careCoverage: z.number().nullable(), livingCoverage: z.number().nullable() }),
  stoppedByReason: z.array(z.object({ reason: z.string(), label: z.string(), count: z.number().int() })),
  /** Recipients and money are the figures of the last month in the period (a stock); the rest are flows. */
  recipientsMonth: z.string().nullable(),
});
export type DisabilityStatisticsDto = z.infer<typeof disabilityStatistics>;

// ----- day board --------------------------------------------------------------------------------------------

const dueApplication = z.object({
  id: z.string(),
  applicationNo: z.string(),
  name: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  dueOn: z.string(),
  /** Calendar days left (negative: overdue). */
  daysLeft: z.number().int(),
  overdue: z.boolean(),
  provisional: z.boolean(),
});
export type BoardDueApplicationDto = z.infer<typeof dueApplication>;

const dueGroup = z.object({
  count: z.number().int(),
  overdue: z.number().int(),
  items: z.array(dueApplication),
});

export const disabilityBoard = z.object({
  today: z.string(),
  applications: z.object({ toForward: dueGroup, toDecide: dueGroup, toNotify: dueGroup }),
  approvals: z.object({
    count: z.number().int(),
    kinds: z.array(z.object({ title: z.string(), count: z.number().int() })),
  }),
  reminders: z.object({
    open: z.number().int(),
    newOnes: z.number().int(),
    oldestFoundOn: z.string().nullable(),
  }),
  /** Comparison findings to review (D6); null when that concern is not available. */
  findings: z.object({ count: z.number().int(), link: z.string() }).nullable(),
  roster: z
    .object({
      countyCode: z.string(),
      month: z.string(),
      status: z.string().nullable(),
      statusLabel: z.string(),
      nextAction: z.string(),
      link: z.string(),
    })
    .nullable(),
});
export type DisabilityBoardDto = z.infer<typeof disabilityBoard>;
