/**
 * Contracts of the disability line's roster concern (issue 18 item 5; R-DIS-05, R-DIS-07, ADR 0032): the
 * monthly freeze per county, the roster with its townships' parts and sign-offs, its lines (ledger with
 * Excel export) and the month-over-month diff by change and reason.
 */
import { z } from 'zod';
import { sortParam } from '../sort';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份请按 2025-04 的格式填写' });
const subsidy = z.enum(['living', 'care']);
export const ROSTER_CHANGES = ['new', 'unchanged', 'stopped', 'rate_changed', 'resumed', 'arrears'] as const;
const change = z.enum(ROSTER_CHANGES);
const rosterStatus = z.enum(['frozen', 'signed', 'file_issued', 'closed']);

export const rosterFreezeInput = z.strictObject({
  countyCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { message: '请选择县级行政区划（6 位代码）' }),
  month,
});
export type RosterFreezeInput = z.infer<typeof rosterFreezeInput>;

export const rosterUnfreezeInput = z.strictObject({
  reason: z.string().trim().min(2, { message: '请填写撤销冻结的原因' }).max(500),
});
export const rosterSignInput = z.strictObject({ note: z.string().trim().max(500).nullish() });

export const rosterListQuery = z.strictObject({
  countyCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  division: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional()
    .describe('当前区划（县级以上按其所辖县，乡镇按所在县）'),
  status: rosterStatus.optional(),
});

export const rosterSummaryView = z.object({
  id: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  month: z.string(),
  status: rosterStatus,
  statusLabel: z.string(),
  recipients: z.number().int(),
  totalFen: z.number().int(),
  frozenAt: z.string(),
  frozenBy: z.string(),
});
export type RosterSummaryBody = z.infer<typeof rosterSummaryView>;

export const rosterPartView = z.object({
  divisionCode: z.string(),
  divisionName: z.string(),
  lines: z.number().int(),
  paidLines: z.number().int(),
  totalFen: z.number().int(),
  unpricedLines: z.number().int(),
  confirmedAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
});

export const rosterView = rosterSummaryView.extend({
  previous: z
    .object({ id: z.string(), month: z.string(), recipients: z.number().int(), totalFen: z.number().int() })
    .nullable(),
  parts: z.array(rosterPartView),
  pendingTownships: z.array(z.string()),
  countySignoff: z.object({ at: z.string(), by: z.string(), note: z.string().nullable() }).nullable(),
  unpricedLines: z.number().int(),
  nextStep: z.string(),
});
export type RosterBody = z.infer<typeof rosterView>;
export const rosterFreezeView = rosterView.extend({ seconds: z.number() });

export const ROSTER_LINE_SORT_FIELDS = ['division', 'amount', 'change', 'name'] as const;
export const ROSTER_LINE_SORT_LABELS = {
  division: '乡镇（街道）',
  amount: '发放金额',
  change: '变动类型',
  name: '姓名',
} as const;

export const rosterDiffQuery = z.strictObject({
  division: z
    .string()
    .regex(/^\d{6,9}$/)
    .optional()
    .describe('当前区划'),
  township: z
    .string()
    .regex(/^\d{9}$/, { message: '乡镇（街道）代码为 9 位' })
    .optional(),
  subsidy: subsidy.optional(),
  change: change.optional(),
  reason: z.string().trim().max(40).optional(),
});
export const rosterLinesQuery = rosterDiffQuery.extend({
  q: z.string().trim().max(30).optional().describe('姓名'),
  sort: sortParam(ROSTER_LINE_SORT_FIELDS, ROSTER_LINE_SORT_LABELS),
});

export const rosterLineView = z.object({
  id: z.string(),
  entitlementId: z.string(),
  personId: z.string(),
  name: z.string(),
  residentIdMasked: z.string().nullable(),
  subsidy,
  subsidyLabel: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  amountFen: z.number().int(),
  monthlyFen: z.number().int(),
  monthsCovered: z.number().int(),
  change,
  changeLabel: z.string(),
  reasonCode: z.string().nullable(),
  reasonLabel: z.string().nullable(),
  previousMonthlyFen: z.number().int().nullable(),
  paymentStatus: z.string(),
  paidThroughMonth: z.string().nullable(),
});
export type RosterLineBody = z.infer<typeof rosterLineView>;

export const rosterDiffGroupView = z.object({
  change,
  changeLabel: z.string(),
  reasonCode: z.string().nullable(),
  reasonLabel: z.string().nullable(),
  subsidy,
  subsidyLabel: z.string(),
  lines: z.number().int(),
  amountFen: z.number().int(),
  arrearsFen: z.number().int(),
});
export type RosterDiffGroupBody = z.infer<typeof rosterDiffGroupView>;

const totals = z.object({ paidLines: z.number().int(), totalFen: z.number().int() });
export const rosterDiffView = z.object({
  rosterId: z.string(),
  month: z.string(),
  previousMonth: z.string().nullable(),
  previous: totals.nullable(),
  current: totals,
  groups: z.array(rosterDiffGroupView),
  byChange: z.array(
    z.object({ change, changeLabel: z.string(), lines: z.number().int(), amountFen: z.number().int() }),
  ),
});
export type RosterDiffBody = z.infer<typeof rosterDiffView>;
