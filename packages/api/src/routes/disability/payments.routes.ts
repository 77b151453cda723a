/**
 * Routes of the disability line's payments concern, under `/api/disability/payments/…` (ADR 0022; issue 18
 * item 5; ADR 0033): recipients' payment accounts with their history, payment files per roster (issue,
 * download, the bank's return with reconciliation), the 失败重发 ledger and overpayment recoveries.
 */
import {
  accountLedger,
  exportAccountLedger,
  exportRecoveryLedger,
  exportRequeueLedger,
  importPaymentReturn,
  issuePaymentFile,
  paymentAccountsOf,
  paymentFileStream,
  paymentFormats,
  paymentsOfApplication,
  recordPaymentAccount,
  recoveryDetail,
  recoveryLedger,
  requeueLedger,
  resolveRecovery,
  rosterPayments,
  scanOverpayments,
} from '@social-affairs/core/disability';
import { attachmentHeader } from '@social-affairs/core';
import {
  ACCOUNT_SORT_LABELS,
  RECOVERY_SORT_LABELS,
  REQUEUE_SORT_LABELS,
  accountLedgerQuery,
  accountLedgerRow,
  applicationPaymentsView,
  issuePaymentFileInput,
  overpaymentScanResult,
  paymentAccountInput,
  paymentAccountView,
  paymentAccountsOfPersonView,
  paymentFileView,
  paymentFormatsView,
  paymentReturnInput,
  paymentReturnResult,
  recoveryDetailView,
  recoveryLedgerQuery,
  recoveryView,
  requeueLedgerQuery,
  requeueLedgerRow,
  resolveRecoveryInput,
  rosterPaymentItem,
} from '@social-affairs/kernel/contracts/disability';
import { parseSort } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { errors, idParam, tags } from './shared';

const sortOf = <F extends string>(sort: string | undefined) => {
  const s = parseSort(sort as F | undefined);
  return s ? { sort: s.field, order: s.desc ? ('desc' as const) : ('asc' as const) } : {};
};
const yuan = (fen: number) => fen / 100;

export const paymentsRoutes: FastifyPluginAsyncZod = async (app) => {
  ledgerRoutes(app, {
    path: '/api/disability/payments/accounts',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '收款账户台账：补贴对象及其在用收款账户（账号脱敏），可只看未登记账户者',
    exportSummary: '导出收款账户台账 Excel（与列表相同的筛选，账号脱敏）',
    filter: accountLedgerQuery,
    filterLabels: { q: '关键字', missing: '只看未登记账户' },
    sortLabels: ACCOUNT_SORT_LABELS,
    view: accountLedgerRow,
    list: async (core, actor, q) => {
      const { sort, ...rest } = q;
      return accountLedger(core, actor, { ...rest, ...sortOf<'name' | 'divisionCode' | 'validFrom'>(sort) });
    },
    exportRows: (core, actor, q) => {
      const { sort, ...rest } = q;
      return exportAccountLedger(core, actor, {
        ...rest,
        ...sortOf<'name' | 'divisionCode' | 'validFrom'>(sort),
      });
    },
    sheet: '收款账户台账',
    columns: [
      { header: '姓名', value: (r) => r.name },
      { header: '公民身份号码', value: (r) => r.residentIdMasked ?? '', width: 22 },
      { header: '区划代码', value: (r) => r.divisionCode },
      { header: '账户类型', value: (r) => r.account?.kindLabel ?? '未登记' },
      { header: '开户银行', value: (r) => r.account?.bankName ?? '', width: 26 },
      { header: '账号（脱敏）', value: (r) => r.account?.accountNumberMasked ?? '', width: 24 },
      { header: '户名', value: (r) => r.account?.holderName ?? '' },
      { header: '代领人', value: (r) => r.account?.agentName ?? '' },
      { header: '变更次数', value: (r) => r.changes },
    ],
    fileName: '收款账户台账.xlsx',
  });

  app.get(
    '/api/disability/payments/accounts/:id',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '补贴对象（人员编号）的在用收款账户及变更历史（账号脱敏）',
        params: idParam,
        response: { 200: paymentAccountsOfPersonView, ...errors },
      },
    },
    async (req) => paymentAccountsOf(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/disability/payments/accounts/:id',
    {
      config: { access: 'disability:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '登记或变更补贴对象的收款账户（社保卡或银行账户，可设代领人）：变更时原账户终止、保留历史，须写明原因',
        params: idParam,
        body: paymentAccountInput,
        response: { 201: paymentAccountView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordPaymentAccount(app.core, actorOf(req), req.params.id, req.body)),
  );

  app.get(
    '/api/disability/payments/formats',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '已配置的代发文件格式及当前使用的格式',
        response: { 200: paymentFormatsView, ...errors },
      },
    },
    async (req) => paymentFormats(app.core, actorOf(req)),
  );
  app.get(
    '/api/disability/payments/rosters',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '各月发放名册的代发文件与对账情况（待生成、待回盘、已对账）',
        response: { 200: z.object({ items: z.array(rosterPaymentItem) }), ...errors },
      },
    },
    async (req) => ({ items: await rosterPayments(app.core, actorOf(req)) }),
  );
  app.post(
    '/api/disability/payments/rosters/:id/file',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary:
          '为已签批的名册生成银行代发文件（编号；无收款账户的暂缓并列入失败重发；并入此前失败、已更正账户的补发）',
        params: idParam,
        body: issuePaymentFileInput,
        response: { 201: paymentFileView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await issuePaymentFile(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/disability/payments/files/:id/download',
    {
      config: { access: 'disability:read', personalData: 'list' },
      schema: {
        tags,
        summary: '下载代发文件（按配置的格式逐行生成，与首次生成的内容一致）',
        params: idParam,
      },
    },
    async (req, reply) => {
      const d = await paymentFileStream(app.core, actorOf(req), req.params.id);
      return reply
        .header('content-type', d.contentType)
        .header('content-disposition', attachmentHeader(d.fileName))
        .send(d.body);
    },
  );
  app.post(
    '/api/disability/payments/files/:id/return',
    {
      bodyLimit: 24 * 1024 * 1024,
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary:
          '导入银行回盘文件并对账：每笔须返回成功或失败，成功 + 失败 = 已发送，否则整体退回不做变更；失败的转入失败重发',
        params: idParam,
        body: paymentReturnInput,
        response: { 200: paymentReturnResult, ...errors },
      },
    },
    async (req) =>
      importPaymentReturn(app.core, actorOf(req), req.params.id, {
        content:
          req.body.contentBase64 !== undefined
            ? new Uint8Array(Buffer.from(req.body.contentBase64, 'base64'))
            : (req.body.content ?? ''),
        ...(req.body.fileName ? { fileName: req.body.fileName } : {}),
      }),
  );

  ledgerRoutes(app, {
    path: '/api/disability/payments/requeues',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '失败重发（应发未发）台账：银行退回和无账户暂缓的补贴，更正账户后随下月代发文件补发',
    exportSummary: '导出失败重发台账 Excel（与列表相同的筛选）',
    filter: requeueLedgerQuery,
    filterLabels: { state: '状态', cause: '原因', q: '姓名' },
    filterValues: {
      state: { open: '待补发', closed: '已办结', all: '全部' },
      cause: { failed: '银行退回', held_back: '无收款账户暂缓发放' },
    },
    sortLabels: REQUEUE_SORT_LABELS,
    view: requeueLedgerRow,
    list: async (core, actor, q) => {
      const { sort, ...rest } = q;
      const r = await requeueLedger(core, actor, {
        ...rest,
        ...sortOf<'queuedAt' | 'month' | 'amountFen'>(sort),
      });
      return { items: r.items, total: r.total, page: r.page, pageSize: r.pageSize };
    },
    exportRows: (core, actor, q) => {
      const { sort, ...rest } = q;
      return exportRequeueLedger(core, actor, {
        ...rest,
        ...sortOf<'queuedAt' | 'month' | 'amountFen'>(sort),
      });
    },
    sheet: '失败重发台账',
    columns: [
      { header: '姓名', value: (r) => r.name },
      { header: '区划代码', value: (r) => r.divisionCode },
      { header: '补贴', value: (r) => r.subsidyLabel },
      { header: '所属月份', value: (r) => r.month },
      { header: '金额（元）', value: (r) => yuan(r.amountFen) },
      { header: '原因', value: (r) => r.causeLabel },
      { header: '银行说明', value: (r) => r.reason ?? '', width: 26 },
      { header: '有在用账户', value: (r) => (r.hasAccount ? '是' : '否') },
      { header: '下一步', value: (r) => r.next, width: 36 },
    ],
    fileName: '失败重发台账.xlsx',
  });

  ledgerRoutes(app, {
    path: '/api/disability/payments/recoveries',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '多发追缴台账：停发登记晚于发放时，按已到账的名册行计算多发月份和金额',
    exportSummary: '导出多发追缴台账 Excel（与列表相同的筛选）',
    filter: recoveryLedgerQuery,
    filterLabels: { status: '状态', q: '姓名' },
    filterValues: { status: { open: '追缴中', recovered: '已追回', written_off: '已核销' } },
    sortLabels: RECOVERY_SORT_LABELS,
    view: recoveryView,
    list: async (core, actor, q) => {
      const { sort, ...rest } = q;
      const r = await recoveryLedger(core, actor, {
        ...rest,
        ...sortOf<'createdAt' | 'amountFen' | 'firstMonth'>(sort),
      });
      return { items: r.items, total: r.total, page: r.page, pageSize: r.pageSize };
    },
    exportRows: (core, actor, q) => {
      const { sort, ...rest } = q;
      return exportRecoveryLedger(core, actor, {
        ...rest,
        ...sortOf<'createdAt' | 'amountFen' | 'firstMonth'>(sort),
      });
    },
    sheet: '多发追缴台账',
    columns: [
      { header: '姓名', value: (r) => r.name },
      { header: '区划代码', value: (r) => r.divisionCode },
      { header: '补贴', value: (r) => r.subsidyLabel },
      { header: '最后应发月份', value: (r) => r.lastPayableMonth },
      { header: '停发事由日期', value: (r) => r.stopEventDate ?? '' },
      { header: '多发月份', value: (r) => `${r.firstMonth}至${r.lastMonth}` },
      { header: '月数', value: (r) => r.months },
      { header: '金额（元）', value: (r) => yuan(r.amountFen) },
      { header: '状态', value: (r) => r.statusLabel },
      { header: '办结情况', value: (r) => r.resolution ?? '', width: 30 },
    ],
    fileName: '多发追缴台账.xlsx',
  });

  app.post(
    '/api/disability/payments/recoveries/scan',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '核查本辖区停发登记晚于发放的多发补贴，开立追缴记录（系统每日也自动核查）',
        response: { 200: overpaymentScanResult, ...errors },
      },
    },
    async (req) => scanOverpayments(app.core, actorOf(req)),
  );
  app.get(
    '/api/disability/payments/recoveries/:id',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '多发追缴记录及其覆盖的名册行',
        params: idParam,
        response: { 200: recoveryDetailView, ...errors },
      },
    },
    async (req) => recoveryDetail(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/disability/payments/recoveries/:id/resolve',
    {
      config: { access: 'disability:approve', personalData: 'record' },
      schema: {
        tags,
        summary: '办结多发追缴：已追回或核销（须写明情况或原因；县级民政部门）',
        params: idParam,
        body: resolveRecoveryInput,
        response: { 200: recoveryDetailView, ...errors },
      },
    },
    async (req) => resolveRecovery(app.core, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/disability/payments/applications/:id',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '申请页“发放”：申请人的收款账户（脱敏）与逐月发放情况、待补发和追缴',
        params: idParam,
        response: { 200: applicationPaymentsView, ...errors },
      },
    },
    async (req) => paymentsOfApplication(app.core, actorOf(req), req.params.id),
  );
};
