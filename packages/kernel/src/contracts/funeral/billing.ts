/**
 * Contracts of the funeral line's prices and billing (shared by the API and the web app): price lists
 * (R-FUN-10), bills with the eligibility found (R-FUN-09), invoices, reimbursement claims and the 收支 report.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { sortParam } from '../sort';

export const BASIC_SERVICE_KINDS = [
  'collection',
  'storage',
  'farewell',
  'cremation',
  'ash_storage',
  'eco_burial',
  'niche',
] as const;
export const basicServiceKindSchema = z.enum(BASIC_SERVICE_KINDS);
export const BASIC_SERVICE_KIND_LABELS: Record<(typeof BASIC_SERVICE_KINDS)[number], string> = {
  collection: '遗体接运',
  storage: '遗体存放（冷藏）',
  farewell: '遗体告别',
  cremation: '遗体火化',
  ash_storage: '骨灰寄存',
  eco_burial: '生态安葬',
  niche: '政府投资骨灰格位',
};
export const PAYMENT_METHODS = ['cash', 'bank_card', 'wechat', 'alipay', 'transfer'] as const;
export const FUNERAL_PAYMENT_METHOD_LABELS: Record<(typeof PAYMENT_METHODS)[number], string> = {
  cash: '现金',
  bank_card: '银行卡',
  wechat: '微信',
  alipay: '支付宝',
  transfer: '转账',
};
export const EXPENDITURE_CATEGORIES = [
  'personnel',
  'operations',
  'equipment',
  'maintenance',
  'utilities',
  'other',
] as const;
export const FUNERAL_EXPENDITURE_CATEGORY_LABELS: Record<(typeof EXPENDITURE_CATEGORIES)[number], string> = {
  personnel: '人员经费',
  operations: '业务运行',
  equipment: '设备购置',
  maintenance: '维修维护',
  utilities: '水电燃料',
  other: '其他支出',
};
export const WAIVER_REASONS = [
  'tekun',
  'dibao',
  'youfu',
  'universal',
  'unidentified',
  'collection_free',
] as const;
export const FUNERAL_CLAIM_STATUS_LABELS = {
  submitted: '审核中',
  approved: '已审核通过',
  rejected: '未通过',
  paid: '已拨付',
} as const;
export const FUNERAL_BILL_STATUS_LABELS = {
  open: '待收款',
  settled: '无需收款（全额减免）',
  paid: '已收款开票',
  cancelled: '已作废',
} as const;

const fen = z.number().int().min(0).max(100_000_000).describe('金额（分）');

export const priceItemInput = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, { message: '项目编码应为 1–20 位字母、数字、下划线或连字符' }),
  name: z.string().trim().min(1, { message: '请填写项目名称' }).max(40),
  category: z.enum(['basic', 'non_basic']),
  basicKind: basicServiceKindSchema.nullish(),
  unit: z.string().trim().min(1, { message: '请填写计价单位' }).max(10),
  priceFen: fen,
  legalBasis: z.string().trim().max(200),
  effectiveFrom: plainDateSchema,
  requires: z
    .array(z.string().max(20))
    .max(20)
    .optional()
    .describe('须同时购买的项目：一律拒绝（不得强制搭售）'),
});
export type PriceItemInputBody = z.input<typeof priceItemInput>;

export const pricePackageInput = z.strictObject({
  name: z.string().trim().min(1).max(40),
  itemCodes: z.array(z.string().max(20)).min(1).max(30),
});

export const priceItemView = z.object({
  id: z.string(),
  facilityId: z.string(),
  code: z.string(),
  name: z.string(),
  category: z.enum(['basic', 'non_basic']),
  categoryLabel: z.string(),
  basicKind: basicServiceKindSchema.nullable(),
  basicKindLabel: z.string().nullable(),
  unit: z.string(),
  priceFen: z.number().int(),
  legalBasis: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  status: z.enum(['draft', 'published', 'withdrawn']),
  publishedAt: z.string().nullable(),
});
export type PriceItemViewBody = z.infer<typeof priceItemView>;

export const priceListView = z.object({
  facilityId: z.string(),
  facilityName: z.string(),
  governmentInvested: z.boolean(),
  on: z.string(),
  inForce: z.array(priceItemView),
  drafts: z.array(priceItemView),
  history: z.array(priceItemView),
  packages: z.array(z.object({ id: z.string(), name: z.string(), itemCodes: z.array(z.string()) })),
});
export type PriceListViewBody = z.infer<typeof priceListView>;

export const priceListQuery = z.strictObject({ on: plainDateSchema.optional() });

const assistanceStatusView = z.object({
  program: z.enum(['dibao', 'tekun', 'youfu']),
  label: z.string(),
  divisionCode: z.string(),
  fromDate: z.string(),
  toDate: z.string().nullable(),
  source: z.string(),
  importRunId: z.string().nullable(),
});

export const eligibilityView = z.object({
  on: z.string(),
  feeEra: z.enum(['before_2026', 'from_2026']),
  payer: z.enum(['family', 'county_finance']),
  programs: z.array(assistanceStatusView),
  universalCoverage: z.object({ divisionCode: z.string(), basis: z.string() }).nullable(),
  collectionFree: z.object({ name: z.string(), basis: z.string() }).nullable(),
  freeBasicKinds: z.array(basicServiceKindSchema),
  reason: z.enum(WAIVER_REASONS).nullable(),
  basis: z.string().nullable(),
  summary: z.string(),
});
export type EligibilityViewBody = z.infer<typeof eligibilityView>;

export const invoiceView = z.object({
  id: z.string(),
  billId: z.string(),
  invoiceNo: z.string(),
  amountFen: z.number().int(),
  method: z.enum(PAYMENT_METHODS),
  methodLabel: z.string(),
  paidOn: z.string(),
  issuedBy: z.string(),
  issuedAt: z.string(),
  status: z.enum(['issued', 'void']),
  voidReason: z.string().nullable(),
  voidedAt: z.string().nullable(),
});
export type InvoiceViewBody = z.infer<typeof invoiceView>;

export const billView = z.object({
  id: z.string(),
  caseId: z.string(),
  facilityId: z.string(),
  serviceDate: z.string(),
  feeEra: z.enum(['before_2026', 'from_2026']),
  payer: z.enum(['family', 'county_finance']),
  eligibility: eligibilityView,
  status: z.enum(['open', 'settled', 'paid', 'cancelled']),
  totalFen: z.number().int(),
  familyFen: z.number().int(),
  waivedFen: z.number().int(),
  claimId: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  lines: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      category: z.enum(['basic', 'non_basic']),
      basicKind: basicServiceKindSchema.nullable(),
      unit: z.string(),
      unitPriceFen: z.number().int(),
      quantity: z.number().int(),
      amountFen: z.number().int(),
      familyFen: z.number().int(),
      waivedFen: z.number().int(),
      waiverReason: z.enum(WAIVER_REASONS).nullable(),
      waiverReasonLabel: z.string().nullable(),
      waiverBasis: z.string().nullable(),
    }),
  ),
  invoices: z.array(invoiceView),
});
export type BillViewBody = z.infer<typeof billView>;

export const caseBillingView = z.object({
  caseId: z.string(),
  facilityId: z.string(),
  eligibility: eligibilityView,
  priceList: z.array(priceItemView),
  bills: z.array(billView),
});
export type CaseBillingViewBody = z.infer<typeof caseBillingView>;

export const createBillInput = z.strictObject({
  serviceDate: plainDateSchema,
  items: z
    .array(z.strictObject({ code: z.string().max(20), quantity: z.number().int().min(1).max(999) }))
    .max(50),
});
export const reasonInput = z.strictObject({ reason: z.string().trim().max(200) });
export const payBillInput = z.strictObject({
  method: z.enum(PAYMENT_METHODS),
  amountFen: fen,
  paidOn: plainDateSchema.optional(),
});

export const INVOICE_SORT_FIELDS = ['paidOn', 'invoiceNo', 'amountFen'] as const;
export const INVOICE_SORT_LABELS = { paidOn: '收款日期', invoiceNo: '发票号', amountFen: '金额' } as const;
export const invoiceLedgerQuery = z.strictObject({
  facilityId: z.string().min(1).max(64).optional(),
  from: plainDateSchema.optional(),
  to: plainDateSchema.optional(),
  status: z.enum(['issued', 'void']).optional(),
  q: z.string().trim().max(60).optional().describe('发票号或遗体档案编号'),
  sort: sortParam(INVOICE_SORT_FIELDS, INVOICE_SORT_LABELS),
});
export const invoiceLedgerRow = invoiceView.extend({
  caseId: z.string(),
  caseNo: z.string(),
  decedentName: z.string().nullable(),
  facilityName: z.string(),
});
export type InvoiceLedgerRowBody = z.infer<typeof invoiceLedgerRow>;

export const claimInput = z.strictObject({
  facilityId: z.string().min(1).max(64),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '结算月份请按 2026-04 的格式填写' }),
});
export const claimsQuery = z.strictObject({
  facilityId: z.string().min(1).max(64).optional(),
  status: z.enum(['submitted', 'approved', 'rejected', 'paid']).optional(),
});
export const claimView = z.object({
  id: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  month: z.string(),
  status: z.enum(['submitted', 'approved', 'rejected', 'paid']),
  totalFen: z.number().int(),
  breakdown: z.array(
    z.object({
      reason: z.enum(WAIVER_REASONS),
      reasonLabel: z.string(),
      cases: z.number().int(),
      amountFen: z.number().int(),
    }),
  ),
  approvalId: z.string().nullable(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  paidOn: z.string().nullable(),
});
export type ClaimViewBody = z.infer<typeof claimView>;
export const claimPaidInput = z.strictObject({ paidOn: plainDateSchema });

export const expenditureInput = z.strictObject({
  spentOn: plainDateSchema,
  category: z.enum(EXPENDITURE_CATEGORIES),
  amountFen: z.number().int().min(1).max(10_000_000_000),
  voucherNo: z.string().trim().min(1, { message: '请填写凭证号' }).max(40),
  description: z.string().trim().min(1, { message: '请填写支出事由' }).max(200),
});
const expenditureView = z.object({
  id: z.string(),
  facilityId: z.string(),
  spentOn: z.string(),
  category: z.enum(EXPENDITURE_CATEGORIES),
  categoryLabel: z.string(),
  amountFen: z.number().int(),
  voucherNo: z.string(),
  description: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export const expenditureRecorded = expenditureView;
export const incomeExpenditureQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份请按 2026-04 的格式填写' }),
});
export const incomeExpenditureView = z.object({
  facilityId: z.string(),
  facilityName: z.string(),
  governmentInvested: z.boolean(),
  month: z.string(),
  income: z.object({
    count: z.number().int(),
    totalFen: z.number().int(),
    byMethod: z.array(
      z.object({ method: z.enum(PAYMENT_METHODS), methodLabel: z.string(), amountFen: z.number().int() }),
    ),
    items: z.array(invoiceView),
  }),
  expenditure: z.object({
    count: z.number().int(),
    totalFen: z.number().int(),
    byCategory: z.array(
      z.object({
        category: z.enum(EXPENDITURE_CATEGORIES),
        categoryLabel: z.string(),
        amountFen: z.number().int(),
      }),
    ),
    items: z.array(expenditureView),
  }),
});
export type IncomeExpenditureViewBody = z.infer<typeof incomeExpenditureView>;
