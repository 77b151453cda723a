/**
 * Contracts of the disability line's payments concern (issue 18 item 5; shared by the API and the web
 * app): payment accounts with their history, payment files per roster, the bank return import, the
 * re-queue (失败重发) ledger and overpayment recoveries (多发追缴).
 */
import { z } from 'zod';
import { sortParam } from '../sort';

export const PAYMENT_ACCOUNT_KINDS = ['social_security_card', 'bank_account'] as const;
export const PAYMENT_ACCOUNT_KIND_NAMES: Record<(typeof PAYMENT_ACCOUNT_KINDS)[number], string> = {
  social_security_card: '社会保障卡',
  bank_account: '银行账户',
};

const text = (max: number) => z.string().trim().max(max);

export const paymentAccountInput = z.strictObject({
  kind: z.enum(PAYMENT_ACCOUNT_KINDS),
  bankName: text(60).min(1, { message: '请填写开户银行' }),
  accountNumber: z.string().max(40).describe('收款账号（数字，可含空格）'),
  holderName: text(40).min(1, { message: '请填写账户户名' }),
  agent: z
    .strictObject({
      name: text(40),
      relation: text(20),
      residentId: z.string().max(18).describe('代领人公民身份号码（只保存脱敏后的号码）'),
    })
    .nullable()
    .optional(),
  reason: text(200).nullable().optional().describe('变更原因（变更时必填）'),
});
export type PaymentAccountInputBody = z.infer<typeof paymentAccountInput>;

export const paymentAccountView = z.object({
  id: z.string(),
  personId: z.string(),
  divisionCode: z.string(),
  kind: z.enum(PAYMENT_ACCOUNT_KINDS),
  kindLabel: z.string(),
  bankName: z.string(),
  accountNumberMasked: z.string(),
  holderName: z.string(),
  agentName: z.string().nullable(),
  agentRelation: z.string().nullable(),
  agentIdMasked: z.string().nullable(),
  reason: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  createdBy: z.string(),
  endedBy: z.string().nullable(),
});
export type PaymentAccountViewBody = z.infer<typeof paymentAccountView>;

export const paymentAccountsOfPersonView = z.object({
  personId: z.string(),
  current: paymentAccountView.nullable(),
  history: z.array(paymentAccountView),
});

export const ACCOUNT_SORT_FIELDS = ['name', 'divisionCode', 'validFrom'] as const;
export const ACCOUNT_SORT_LABELS = {
  name: '姓名',
  divisionCode: '乡镇（街道）',
  validFrom: '登记时间',
} as const;
export const accountLedgerQuery = z.strictObject({
  q: z.string().trim().max(40).optional().describe('姓名、公民身份号码或账号尾号'),
  missing: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('只看未登记收款账户的补贴对象'),
  sort: sortParam(ACCOUNT_SORT_FIELDS, ACCOUNT_SORT_LABELS),
});
export const accountLedgerRow = z.object({
  personId: z.string(),
  name: z.string(),
  residentIdMasked: z.string().nullable(),
  divisionCode: z.string(),
  account: z
    .object({
      id: z.string(),
      kind: z.enum(PAYMENT_ACCOUNT_KINDS),
      kindLabel: z.string(),
      bankName: z.string(),
      accountNumberMasked: z.string(),
      holderName: z.string(),
      agentName: z.string().nullable(),
      validFrom: z.string(),
    })
    .nullable(),
  changes: z.number().int(),
});
export type AccountLedgerRowBody = z.infer<typeof accountLedgerRow>;

export const paymentFileView = z.object({
  id: z.string(),
  rosterId: z.string(),
  countyCode: z.string(),
  month: z.string(),
  fileNo: z.string(),
  format: z.string(),
  formatLabel: z.string(),
  fileName: z.string(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  ownLines: z.number().int(),
  ownFen: z.number().int(),
  requeuedLines: z.number().int(),
  requeuedFen: z.number().int(),
  heldBackLines: z.number().int(),
  heldBackFen: z.number().int(),
  totalLines: z.number().int(),
  totalFen: z.number().int(),
  status: z.enum(['issued', 'returned']),
  statusLabel: z.string(),
  returnedAt: z.string().nullable(),
  paidLines: z.number().int(),
  paidFen: z.number().int(),
  failedLines: z.number().int(),
  failedFen: z.number().int(),
  reconciled: z.boolean(),
  contentSha256: z.string().nullable(),
});
export type PaymentFileViewBody = z.infer<typeof paymentFileView>;

export const rosterPaymentItem = z.object({
  rosterId: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  month: z.string(),
  rosterStatus: z.string(),
  recipients: z.number().int(),
  totalFen: z.number().int(),
  file: paymentFileView.nullable(),
  next: z.string(),
});
export type RosterPaymentItemBody = z.infer<typeof rosterPaymentItem>;

export const paymentFormatsView = z.object({
  current: z.string(),
  formats: z.array(z.object({ key: z.string(), label: z.string() })),
});

export const issuePaymentFileInput = z.strictObject({
  format: z.string().max(40).optional().describe('代发文件格式（默认为配置中的当前格式）'),
});

/** The return file's text (the page reads the file; UTF-8 or GBK bytes may be sent base64-encoded). */
export const paymentReturnInput = z
  .strictObject({
    fileName: z.string().max(200).optional(),
    content: z
      .string()
      .max(16 * 1024 * 1024)
      .optional(),
    contentBase64: z
      .string()
      .max(22 * 1024 * 1024)
      .optional(),
  })
  .refine((v) => v.content !== undefined || v.contentBase64 !== undefined, {
    message: '请选择银行回盘文件',
    path: ['content'],
  });

export const paymentReturnResult = z.object({
  file: paymentFileView,
  paid: z.number().int(),
  paidFen: z.number().int(),
  failed: z.number().int(),
  failedFen: z.number().int(),
  requeued: z.number().int(),
});

export const REQUEUE_SORT_FIELDS = ['queuedAt', 'month', 'amountFen'] as const;
export const REQUEUE_SORT_LABELS = { queuedAt: '排队时间', month: '所属月份', amountFen: '金额' } as const;
export const requeueLedgerQuery = z.strictObject({
  state: z
    .enum(['open', 'closed', 'all'])
    .optional()
    .describe('open 待补发（默认）、closed 已办结、all 全部'),
  cause: z.enum(['failed', 'held_back']).optional(),
  q: z.string().trim().max(40).optional().describe('姓名'),
  sort: sortParam(REQUEUE_SORT_FIELDS, REQUEUE_SORT_LABELS),
});
export const requeueLedgerRow = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  divisionCode: z.string(),
  subsidy: z.string(),
  subsidyLabel: z.string(),
  month: z.string(),
  amountFen: z.number().int(),
  cause: z.enum(['failed', 'held_back']),
  causeLabel: z.string(),
  failureCode: z.string().nullable(),
  failureLabel: z.string().nullable(),
  reason: z.string().nullable(),
  queuedAt: z.string(),
  hasAccount: z.boolean(),
  includedFileId: z.string().nullable(),
  outcome: z.string().nullable(),
  next: z.string(),
});
export type RequeueLedgerRowBody = z.infer<typeof requeueLedgerRow>;

export const RECOVERY_STATUSES = ['open', 'recovered', 'written_off'] as const;
export const RECOVERY_STATUS_NAMES: Record<(typeof RECOVERY_STATUSES)[number], string> = {
  open: '追缴中',
  recovered: '已追回',
  written_off: '已核销',
};
export const RECOVERY_SORT_FIELDS = ['createdAt', 'amountFen', 'firstMonth'] as const;
export const RECOVERY_SORT_LABELS = {
  createdAt: '开立时间',
  amountFen: '金额',
  firstMonth: '起始月份',
} as const;
export const recoveryLedgerQuery = z.strictObject({
  status: z.enum(RECOVERY_STATUSES).optional(),
  q: z.string().trim().max(40).optional().describe('姓名'),
  sort: sortParam(RECOVERY_SORT_FIELDS, RECOVERY_SORT_LABELS),
});
export const recoveryView = z.object({
  id: z.string(),
  entitlementId: z.string(),
  personId: z.string(),
  name: z.string(),
  subsidy: z.string(),
  subsidyLabel: z.string(),
  divisionCode: z.string(),
  lastPayableMonth: z.string(),
  stopReason: z.string().nullable(),
  stopEventDate: z.string().nullable(),
  firstMonth: z.string(),
  lastMonth: z.string(),
  months: z.number().int(),
  amountFen: z.number().int(),
  status: z.enum(RECOVERY_STATUSES),
  statusLabel: z.string(),
  resolution: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type RecoveryViewBody = z.infer<typeof recoveryView>;
export const recoveryDetailView = recoveryView.extend({
  lines: z.array(
    z.object({
      rosterLineId: z.string(),
      month: z.string(),
      months: z.number().int(),
      amountFen: z.number().int(),
    }),
  ),
});
export const resolveRecoveryInput = z.strictObject({
  status: z.enum(['recovered', 'written_off']),
  resolution: text(300),
});
export const overpaymentScanResult = z.object({ opened: z.number().int(), amountFen: z.number().int() });

export const applicationPaymentsView = z.object({
  personId: z.string(),
  account: paymentAccountView.nullable(),
  accountHistory: z.array(paymentAccountView),
  canEditAccount: z.boolean(),
  lines: z.array(
    z.object({
      rosterLineId: z.string(),
      month: z.string(),
      subsidy: z.string(),
      subsidyLabel: z.string(),
      amountFen: z.number().int(),
      monthsCovered: z.number().int(),
      paymentStatus: z.string(),
      paymentStatusLabel: z.string(),
    }),
  ),
  paidFen: z.number().int(),
  openRequeues: z.array(requeueLedgerRow),
  recoveries: z.array(recoveryView),
});
export type ApplicationPaymentsBody = z.infer<typeof applicationPaymentsView>;
