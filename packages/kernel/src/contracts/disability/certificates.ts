/**
 * Contracts of the disability line's certificates-and-standards concern (D1): the 残疾人证 register (import
 * report, ledger, detail with history, manual entry, status change) and the subsidy standards (list,
 * create, withdraw, the per-person lookup, the policy frame in force).
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { rollImportReport } from '../matching/roll-import';
import { sortParam } from '../sort';

export const DISABILITY_CERTIFICATE_STATUS_VALUES = ['valid', 'expired', 'frozen', 'cancelled'] as const;
export const DISABILITY_CERTIFICATE_STATUS_TEXT: Record<
  (typeof DISABILITY_CERTIFICATE_STATUS_VALUES)[number],
  string
> = {
  valid: '有效',
  expired: '已过期',
  frozen: '已冻结',
  cancelled: '已注销',
};
const certificateStatus = z.enum(DISABILITY_CERTIFICATE_STATUS_VALUES);

export const DISABILITY_CERTIFICATE_SORT_FIELDS = [
  'name',
  'number',
  'grade',
  'issuedOn',
  'validUntil',
  'updatedAt',
] as const;
export const DISABILITY_CERTIFICATE_SORT_LABELS = {
  name: '持证人姓名',
  number: '证号',
  grade: '残疾等级',
  issuedOn: '发证日期',
  validUntil: '有效期至',
  updatedAt: '更新时间',
} as const;

export const disabilityCertificateImportQuery = z.strictObject({
  fileName: z.string().trim().max(255).optional().describe('原文件名（仅作显示；格式按内容判断）'),
});
/** The per-row report of a certificate import (the import pipeline's report). */
export const disabilityCertificateImportReport = rollImportReport.omit({ source: true });
export type DisabilityCertificateImportReportBody = z.infer<typeof disabilityCertificateImportReport>;

export const disabilityCertificateImportRunView = z.object({
  runId: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  status: z.enum(['running', 'completed', 'failed']),
  rowsRead: z.number().int(),
  rowsApplied: z.number().int(),
  rowsUnchanged: z.number().int(),
  rowsRefused: z.number().int(),
  createdBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type DisabilityCertificateImportRunView = z.infer<typeof disabilityCertificateImportRunView>;

export const disabilityCertificatesQuery = z.object({
  q: z.string().trim().max(40).optional().describe('持证人姓名（包含）或残疾人证号（完整或前若干位）'),
  category: z.coerce.number().int().min(1).max(7).optional(),
  grade: z.coerce.number().int().min(1).max(4).optional(),
  status: certificateStatus.optional().describe('当前状态（超过有效期的按已过期）'),
  division: divisionCodeSchema.optional(),
  /** 默认：更新时间倒序。 */
  sort: sortParam(DISABILITY_CERTIFICATE_SORT_FIELDS, DISABILITY_CERTIFICATE_SORT_LABELS),
});
export type DisabilityCertificatesQuery = z.infer<typeof disabilityCertificatesQuery>;

export const disabilityCertificateView = z.object({
  id: z.string(),
  numberMasked: z.string().describe('证号（身份号码部分已脱敏）'),
  personId: z.string(),
  personName: z.string(),
  hukouDivisionCode: z.string(),
  category: z.number().int(),
  categoryLabel: z.string(),
  grade: z.number().int(),
  gradeLabel: z.string(),
  colour: z.enum(['red', 'green']).describe('视力残疾为红本，其余为绿本'),
  issuedOn: z.string().nullable(),
  validUntil: z.string().nullable(),
  status: certificateStatus,
  statusLabel: z.string(),
  recordedStatus: certificateStatus,
  statusOn: z.string().nullable(),
  divisionCode: z.string(),
  divisionName: z.string(),
  source: z.enum(['import', 'manual']),
  updatedAt: z.string(),
});
export type DisabilityCertificateView = z.infer<typeof disabilityCertificateView>;

export const disabilityCertificateEventView = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  fromStatus: certificateStatus.nullable(),
  toStatus: certificateStatus,
  toStatusLabel: z.string(),
  statusOn: z.string().nullable(),
  reason: z.string().nullable(),
  source: z.enum(['import', 'manual', 'job']),
  sourceLabel: z.string(),
  at: z.string(),
});
export const disabilityCertificateDetail = z.object({
  certificate: disabilityCertificateView,
  events: z.array(disabilityCertificateEventView),
});
export type DisabilityCertificateDetail = z.infer<typeof disabilityCertificateDetail>;

export const recordDisabilityCertificateBody = z.strictObject({
  certificateNumber: z
    .string()
    .trim()
    .min(1, { message: '请填写残疾人证号' })
    .max(20, { message: '残疾人证号为 20 位' })
    .describe('20 位残疾人证号'),
  residentId: z
    .string()
    .trim()
    .min(1, { message: '请填写持证人的公民身份号码' })
    .max(18, { message: '公民身份号码为 18 位' }),
  issuedOn: plainDateSchema,
  validUntil: plainDateSchema.nullish(),
  divisionCode: z
    .string()
    .regex(/^\d{6}$/, { message: '请填写 6 位县级区划代码' })
    .optional()
    .describe('发证县区（默认本人所在县）'),
});
export type RecordDisabilityCertificateBody = z.infer<typeof recordDisabilityCertificateBody>;
export type RecordDisabilityCertificateInput = z.input<typeof recordDisabilityCertificateBody>;

export const changeDisabilityCertificateStatusBody = z.strictObject({
  status: z
    .enum(['frozen', 'cancelled', 'valid'])
    .describe('frozen 冻结、cancelled 注销、valid 恢复有效（解冻或换证续期）'),
  on: plainDateSchema.describe('状态生效日期'),
  reason: z
    .string()
    .trim()
    .min(2, { message: '请填写原因（至少 2 个字）' })
    .max(200, { message: '原因不超过 200 个字' }),
  validUntil: plainDateSchema.nullish().describe('换证续期时的新有效期至'),
});
export type ChangeDisabilityCertificateStatusBody = z.infer<typeof changeDisabilityCertificateStatusBody>;
export type ChangeDisabilityCertificateStatusInput = z.input<typeof changeDisabilityCertificateStatusBody>;

// ----- standards -----

export const STANDARD_SUBSIDY_VALUES = ['living', 'care'] as const;
export const STANDARD_HARDSHIP_VALUES = [
  'dibao',
  'tekun',
  'low_income',
  'elderly_parents',
  'multiple_disabled',
] as const;
export const STANDARD_HARDSHIP_TEXT: Record<(typeof STANDARD_HARDSHIP_VALUES)[number], string> = {
  dibao: '低保对象',
  tekun: '特困人员',
  low_income: '低收入家庭',
  elderly_parents: '依老养残',
  multiple_disabled: '一户多残',
};

export const disabilityStandardsQuery = z.strictObject({
  divisionCode: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6})$/)
    .optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  subsidy: z.enum(STANDARD_SUBSIDY_VALUES).optional(),
  includeWithdrawn: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('包括已撤销的标准（历史）'),
});

export const disabilityStandardView = z.object({
  id: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  year: z.number().int(),
  subsidy: z.enum(STANDARD_SUBSIDY_VALUES),
  subsidyLabel: z.string(),
  category: z.number().int().nullable(),
  grade: z.number().int().nullable(),
  hardship: z.string().nullable(),
  tierLabel: z.string(),
  amountFen: z.number().int(),
  fromMonth: z.string(),
  basis: z.string(),
  status: z.enum(['active', 'withdrawn']),
  statusLabel: z.string(),
  floorFen: z.number().int(),
  belowFloor: z.boolean(),
  createdAt: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  replacedBy: z.string().nullable(),
});
export type DisabilityStandardView = z.infer<typeof disabilityStandardView>;

export const createDisabilityStandardBody = z.strictObject({
  divisionCode: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6})$/, { message: '市级标准填 4 位（如 4301），县级填 6 位（如 430181）' }),
  year: z.number().int().min(2000).max(2100),
  subsidy: z.enum(STANDARD_SUBSIDY_VALUES),
  category: z.number().int().min(1).max(7).nullish(),
  grade: z.number().int().min(1).max(4).nullish(),
  hardship: z.enum(STANDARD_HARDSHIP_VALUES).nullish(),
  amountFen: z
    .number()
    .int()
    .min(1, { message: '请填写标准金额' })
    .max(10_000_000)
    .describe('每人每月金额（分）'),
  basis: z
    .string()
    .trim()
    .min(2, { message: '请填写制定依据（文件名称和文号）' })
    .max(200, { message: '制定依据不超过 200 个字' }),
  fromMonth: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '起始月份格式为 2026-01' })
    .nullish(),
  replacesId: z.string().min(1).max(64).nullish().describe('被替代（调整）的标准'),
});
export type CreateDisabilityStandardBody = z.infer<typeof createDisabilityStandardBody>;
export type CreateDisabilityStandardInput = z.input<typeof createDisabilityStandardBody>;

export const withdrawDisabilityStandardBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(2, { message: '请填写撤销原因（至少 2 个字）' })
    .max(200, { message: '原因不超过 200 个字' }),
});

export const disabilityStandardLookupQuery = z
  .strictObject({
    personId: z.string().min(1).max(64).optional(),
    certificateNumber: z.string().trim().max(20).optional(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式为 2026-01' }),
  })
  .refine((q) => Boolean(q.personId || q.certificateNumber), {
    message: '请填写残疾人证号或选择人员',
    path: ['certificateNumber'],
  });

const eligibilityReason = z.object({ code: z.string(), text: z.string(), rule: z.string() });
export const disabilityStandardLookupView = z.object({
  personId: z.string(),
  personName: z.string(),
  month: z.string(),
  hukouDivisionCode: z.string(),
  hukouDivisionName: z.string(),
  certificate: z
    .object({
      id: z.string(),
      numberMasked: z.string(),
      category: z.number().int(),
      categoryLabel: z.string(),
      grade: z.number().int(),
      gradeLabel: z.string(),
      status: z.string(),
    })
    .nullable(),
  programs: z.array(z.string()),
  hardship: z.string().nullable(),
  subsidies: z.array(
    z.object({
      subsidy: z.enum(STANDARD_SUBSIDY_VALUES),
      label: z.string(),
      eligible: z.boolean(),
      reasons: z.array(eligibilityReason),
      amountFen: z.number().int().nullable(),
      raisedToFloor: z.boolean(),
      floorFen: z.number().int(),
      standard: disabilityStandardView.nullable(),
    }),
  ),
});
export type DisabilityStandardLookupView = z.infer<typeof disabilityStandardLookupView>;

export const disabilityPolicyView = z.object({
  floors: z.array(
    z.object({
      year: z.number().int(),
      livingFen: z.number().int(),
      careFen: z.number().int(),
      basis: z.string(),
    }),
  ),
  extensions: z.array(
    z.object({
      divisionCode: z.string(),
      divisionName: z.string(),
      from: z.string(),
      livingLowIncome: z.boolean(),
      livingElderlyParents: z.boolean(),
      livingMultipleDisabled: z.boolean(),
      careGrade34IntellectualMental: z.boolean(),
      basis: z.string(),
      appliesHere: z.boolean(),
    }),
  ),
  overlap: z.array(z.object({ key: z.string(), label: z.string(), value: z.string(), source: z.string() })),
  backPayCapMonths: z.number().int(),
  paymentFrequency: z.enum(['monthly', 'quarterly']),
  deadlines: z.object({
    forwardWorkingDays: z.number().int(),
    decideWorkingDays: z.number().int(),
    notifyWorkingDays: z.number().int(),
  }),
  noticeWorkingDays: z.number().int(),
});
export type DisabilityPolicyView = z.infer<typeof disabilityPolicyView>;
