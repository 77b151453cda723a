/**
 * Routes of the funeral line's prices and billing concern, under `/api/funeral/…` (ADR 0022): facility
 * price lists (R-FUN-10), a case's bill with the eligibility found (R-FUN-09), payment and invoices,
 * the invoices ledger with its Excel export, reimbursement claims to the county and the 收支 report.
 */
import {
  cancelBill,
  caseBilling,
  createBill,
  definePricePackage,
  discardDraftPriceItem,
  exportInvoiceLedger,
  incomeExpenditureReport,
  invoiceLedger,
  listClaims,
  markClaimPaid,
  payBill,
  priceList,
  proposePriceItem,
  publishPriceList,
  recordExpenditure,
  submitReimbursementClaim,
  visibleFacility,
  voidInvoice,
} from '@social-affairs/core/funeral';
import {
  INVOICE_SORT_LABELS,
  billView,
  caseBillingView,
  claimInput,
  claimPaidInput,
  claimView,
  claimsQuery,
  createBillInput,
  expenditureInput,
  expenditureRecorded,
  incomeExpenditureQuery,
  incomeExpenditureView,
  invoiceLedgerQuery,
  invoiceLedgerRow,
  invoiceView,
  payBillInput,
  priceItemInput,
  priceItemView,
  priceListQuery,
  priceListView,
  pricePackageInput,
  reasonInput,
} from '@social-affairs/kernel/contracts/funeral';
import { parseSort } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { errors, idParam, tags } from './shared';

const sortOf = (sort: string | undefined) => {
  const s = parseSort(sort as 'paidOn' | undefined);
  return s
    ? {
        sort: s.field as 'paidOn' | 'invoiceNo' | 'amountFen',
        order: s.desc ? ('desc' as const) : ('asc' as const),
      }
    : {};
};

export const billingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/funeral/facilities/:id/prices',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '殡葬设施价格目录：指定日期执行的已公示项目（公示视图）、待公示草稿、价格变动历史与套餐',
        params: idParam,
        querystring: priceListQuery,
        response: { 200: priceListView, ...errors },
      },
    },
    async (req) => priceList(app.core, actorOf(req), req.params.id, req.query.on),
  );
  app.post(
    '/api/funeral/facilities/:id/prices',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary:
          '拟定收费项目或调价（草稿，公示后执行）：须注明定价依据；不得设置“须同时购买”的项目（强制搭售）',
        params: idParam,
        body: priceItemInput,
        response: { 201: priceItemView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await proposePriceItem(app.core, actorOf(req), req.params.id, {
          ...req.body,
          basicKind: req.body.basicKind ?? null,
        }),
      ),
  );
  app.post(
    '/api/funeral/facilities/:id/prices/publish',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '公示价格目录：全部草稿生效，调价项目的原价格于新价格执行前一日停止（历史保留，不覆盖）',
        params: idParam,
        response: { 200: z.object({ published: z.number().int() }), ...errors },
      },
    },
    async (req) => publishPriceList(app.core, actorOf(req), req.params.id),
  );
  app.delete(
    '/api/funeral/prices/:id',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '删除未公示的价格草稿（已公示的价格不能删除）',
        params: idParam,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (req, reply) => {
      await discardDraftPriceItem(app.core, actorOf(req), req.params.id);
      return reply.send({ ok: true as const });
    },
  );
  app.post(
    '/api/funeral/facilities/:id/price-packages',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '设置可选套餐：不得把基本殡葬服务与选择性服务捆绑（如火化须租用豪华厅），各项目仍可单选',
        params: idParam,
        body: pricePackageInput,
        response: {
          201: z.object({ id: z.string(), name: z.string(), itemCodes: z.array(z.string()) }),
          ...errors,
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await definePricePackage(app.core, actorOf(req), req.params.id, req.body)),
  );

  app.get(
    '/api/funeral/cases/:id/billing',
    {
      config: { access: 'funeral:read', personalData: 'record' },
      schema: {
        tags,
        summary:
          '遗体档案收费：查得的减免资格及来源（社会救助名单、全覆盖政策、免费接运、无名遗体）、可选项目、收费单与发票（记入审计日志）',
        params: idParam,
        response: { 200: caseBillingView, ...errors },
      },
    },
    async (req) => caseBilling(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/funeral/cases/:id/bills',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '开具收费单：只收取丧属选择的、服务日执行的公示目录内项目；减免按查得的资格逐项计算并注明依据',
        params: idParam,
        body: createBillInput,
        response: { 201: billView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createBill(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/funeral/bills/:id/cancel',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '作废未收款的收费单（须填写原因）',
        params: idParam,
        body: reasonInput,
        response: { 200: billView, ...errors },
      },
    },
    async (req) => cancelBill(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/funeral/bills/:id/pay',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '收款并开具发票（发票号取自本馆文书编号序列）；收款金额须等于丧属应付金额',
        params: idParam,
        body: payBillInput,
        response: { 201: invoiceView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await payBill(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/funeral/invoices/:id/void',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '作废发票（须填写原因），收费单恢复待收款',
        params: idParam,
        body: reasonInput,
        response: { 200: invoiceView, ...errors },
      },
    },
    async (req) => voidInvoice(app.core, actorOf(req), req.params.id, req.body),
  );

  ledgerRoutes(app, {
    path: '/api/funeral/invoices',
    access: 'funeral:read',
    personalData: 'list',
    tags,
    listSummary: '收费单据台账：按殡葬设施、收款日期、状态、发票号或档案编号筛选',
    exportSummary: '导出收费单据台账 Excel（与列表相同的筛选）',
    filter: invoiceLedgerQuery,
    filterLabels: {
      facilityId: '殡葬设施',
      from: '收款日期起',
      to: '收款日期止',
      status: '状态',
      q: '关键字',
    },
    filterValues: { status: { issued: '有效', void: '已作废' } },
    sortLabels: INVOICE_SORT_LABELS,
    idLabels: async (core, actor, q) => ({
      facilityId: q.facilityId
        ? (await visibleFacility(core.db.kysely, actor, q.facilityId)).name
        : undefined,
    }),
    view: invoiceLedgerRow,
    list: async (core, actor, q) => {
      const { sort, ...rest } = q;
      const r = await invoiceLedger(core, actor, { ...rest, ...sortOf(sort) });
      return { items: r.items, total: r.total, page: r.page, pageSize: r.pageSize };
    },
    exportRows: (core, actor, q) => {
      const { sort, ...rest } = q;
      return exportInvoiceLedger(core, actor, { ...rest, ...sortOf(sort) });
    },
    sheet: '收费单据台账',
    columns: [
      { header: '发票号', value: (r) => r.invoiceNo, width: 30 },
      { header: '收款日期', value: (r) => r.paidOn },
      { header: '殡葬设施', value: (r) => r.facilityName, width: 26 },
      { header: '遗体档案编号', value: (r) => r.caseNo, width: 28 },
      { header: '逝者', value: (r) => r.decedentName ?? '无名氏' },
      { header: '金额（元）', value: (r) => r.amountFen / 100 },
      { header: '付款方式', value: (r) => r.methodLabel },
      {
        header: '状态',
        value: (r) => (r.status === 'issued' ? '有效' : `已作废：${r.voidReason ?? ''}`),
        width: 24,
      },
      { header: '开票人', value: (r) => r.issuedBy },
    ],
    fileName: '收费单据台账.xlsx',
  });

  app.get(
    '/api/funeral/claims',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '惠民殡葬减免结算申报（按月、按减免原因汇总）',
        querystring: claimsQuery,
        response: { 200: z.object({ items: z.array(claimView) }), ...errors },
      },
    },
    async (req) => ({ items: await listClaims(app.core, actorOf(req), req.query) }),
  );
  app.post(
    '/api/funeral/claims',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary:
          '提交月度结算申报：列出本月各减免原因（特困、低保、优抚、全覆盖、无名遗体、免费接运）的例数与金额，报县级民政部门审核',
        body: claimInput,
        response: { 201: claimView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await submitReimbursementClaim(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/funeral/claims/:id/paid',
    {
      config: { access: 'funeral:approve', personalData: false },
      schema: {
        tags,
        summary: '登记结算款已拨付（审核通过后）',
        params: idParam,
        body: claimPaidInput,
        response: { 200: claimView, ...errors },
      },
    },
    async (req) => markClaimPaid(app.core, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/funeral/facilities/:id/expenditures',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '登记支出（政府投资殡葬设施，收支两条线：支出单独记账，不与收入相抵）',
        params: idParam,
        body: expenditureInput,
        response: { 201: expenditureRecorded, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordExpenditure(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/funeral/facilities/:id/income-expenditure',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '月度收支表：收入（发票）与支出分列、分别合计，不轧差',
        params: idParam,
        querystring: incomeExpenditureQuery,
        response: { 200: incomeExpenditureView, ...errors },
      },
    },
    async (req) => incomeExpenditureReport(app.core, actorOf(req), req.params.id, req.query.month),
  );
};
