/**
 * Routes of the disability line's review concern, under `/api/disability/…` (ADR 0022): the review tab of
 * an application and its step actions (the services check the step's permission, level, scope and
 * separation of duties), the review queue, the recipients ledger (补贴对象) with export, one recipient,
 * stops by hand and disputes.
 */
import {
  decideApplication,
  decideDispute,
  endNotice,
  exportRecipients,
  federationReview,
  lodgeDispute,
  recipientDetail,
  recipientsLedger,
  recordObjection,
  reviewQueue,
  reviewView,
  stopRecipient,
  submitForReview,
  townshipCheck,
  type RecipientView,
} from '@social-affairs/core/disability';
import { parseSort } from '@social-affairs/kernel/contracts';
import {
  RECIPIENT_SORT_LABELS,
  decisionBody,
  disputeBody,
  disputeDecisionBody,
  federationReviewBody,
  objectionBody,
  recipientDetailView,
  recipientView,
  recipientsQuery,
  reviewQueuePage,
  reviewQueueQuery,
  reviewSubmitBody,
  reviewView as reviewViewSchema,
  stopBody,
  townshipCheckBody,
} from '@social-affairs/kernel/contracts/disability';
import { pageQuery } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { errors, idParam, tags } from './shared';

type RecipientSortField = keyof typeof RECIPIENT_SORT_LABELS;
const sortOf = (sort: string | undefined) => {
  const s = parseSort(sort as RecipientSortField | undefined);
  return s ? { sort: s.field, order: s.desc ? ('desc' as const) : ('asc' as const) } : {};
};

export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/disability/applications/:id/review',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary:
          '两项补贴申请的审核：登记库事实（残疾人证、低保特困、户籍与生存状态，注明来源与日期）、逐项资格、审核环节与可办事项',
        params: idParam,
        response: { 200: reviewViewSchema, ...errors },
      },
    },
    async (req) => reviewView(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/disability/applications/:id/review/submit',
    {
      config: { access: 'disability:write', personalData: 'record' },
      schema: {
        tags,
        summary: '户籍地提交审核（已转户籍地的申请进入审核流程）',
        params: idParam,
        body: reviewSubmitBody,
        response: { 200: reviewViewSchema, ...errors },
      },
    },
    async (req) => submitForReview(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/applications/:id/review/township-check',
    {
      config: { access: 'disability:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '乡镇（街道）初审：申报登记库没有的情况（孤儿、工伤护理费、其他福利补贴等，须附证明），通过或退回补正',
        params: idParam,
        body: townshipCheckBody,
        response: { 200: reviewViewSchema, ...errors },
      },
    },
    async (req) => townshipCheck(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/applications/:id/review/federation',
    {
      config: { access: 'disability:federation', personalData: 'record' },
      schema: {
        tags,
        summary: '县残联审核：核实残疾人证、类别与等级',
        params: idParam,
        body: federationReviewBody,
        response: { 200: reviewViewSchema, ...errors },
      },
    },
    async (req) => federationReview(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/applications/:id/review/decision',
    {
      config: { access: 'disability:approve', personalData: 'record' },
      schema: {
        tags,
        summary:
          '县民政部门审核决定：逐项批准或不予批准（不符合条件的不能批准，422 DISABILITY_NOT_ELIGIBLE）；批准的进入公示',
        params: idParam,
        body: decisionBody,
        response: { 200: reviewViewSchema, ...errors },
      },
    },
    async (req) => decideApplication(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/applications/:id/review/objection',
    {
      config: { access: 'disability:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记公示期内的异议：申请退回县民政部门复核',
        params: idParam,
        body: objectionBody,
        response: { 200: reviewViewSchema, ...errors },
      },
    },
    async (req) => recordObjection(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/applications/:id/review/notice-end',
    {
      config: { access: 'disability:write', personalData: 'record' },
      schema: {
        tags,
        summary: '公示期满认定发放：自申请当月起享受（公示期未满的，409 DISABILITY_NOTICE_NOT_ENDED）',
        params: idParam,
        response: { 200: reviewViewSchema, ...errors },
      },
    },
    async (req) => endNotice(app.core, actorOf(req), req.params.id),
  );
  app.get(
    '/api/disability/review-queue',
    {
      config: { access: 'disability:read', personalData: 'list' },
      schema: {
        tags,
        summary: '审核队列：待提交审核、审核中、公示中的申请（最早到期的在前）',
        querystring: reviewQueueQuery.extend(pageQuery.shape),
        response: { 200: reviewQueuePage, ...errors },
      },
    },
    async (req) => reviewQueue(app.core, actorOf(req), req.query),
  );

  ledgerRoutes(app, {
    path: '/api/disability/recipients',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '补贴对象台账：按补贴类别、状态、乡镇、起始月份、停发原因、姓名或证号筛选',
    exportSummary: '导出补贴对象台账 Excel（与列表相同的筛选）',
    filter: recipientsQuery,
    filterLabels: {
      subsidy: '补贴类别',
      status: '状态',
      divisionCode: '区划',
      fromMonth: '起始月份起',
      stopReason: '停发原因',
      q: '关键字',
      personId: '人员',
    },
    filterValues: {
      subsidy: { living: '生活补贴', care: '护理补贴' },
      status: { active: '发放中', suspended: '暂停发放', stopped: '已停发' },
    },
    sortLabels: RECIPIENT_SORT_LABELS,
    view: recipientView,
    list: async (core, actor, q) => {
      const { sort, ...rest } = q;
      return recipientsLedger(core, actor, { ...rest, ...sortOf(sort) });
    },
    exportRows: (core, actor, q) => {
      const { sort, ...rest } = q;
      return exportRecipients(core, actor, { ...rest, ...sortOf(sort) });
    },
    sheet: '补贴对象',
    columns: [
      { header: '姓名', value: (r: RecipientView) => r.personName },
      { header: '身份证号（脱敏）', value: (r: RecipientView) => r.residentIdMasked ?? '', width: 22 },
      { header: '补贴类别', value: (r: RecipientView) => r.subsidyLabel, width: 22 },
      { header: '区划', value: (r: RecipientView) => r.divisionCode, width: 12 },
      { header: '类别等级', value: (r: RecipientView) => (r.category ? `${r.category}类${r.grade}级` : '') },
      { header: '起始月份', value: (r: RecipientView) => r.fromMonth },
      { header: '停发月份（最后发放月）', value: (r: RecipientView) => r.toMonth ?? '', width: 20 },
      { header: '状态', value: (r: RecipientView) => r.statusLabel },
      { header: '停发原因', value: (r: RecipientView) => r.stopReasonLabel ?? '' },
      { header: '事由日期', value: (r: RecipientView) => r.stopEventDate ?? '' },
      { header: '申请编号', value: (r: RecipientView) => r.applicationNo ?? '', width: 26 },
    ],
    fileName: '补贴对象台账.xlsx',
  });

  app.get(
    '/api/disability/recipients/:id',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '补贴对象详情：认定、停发、恢复等变动记录与停发异议',
        params: idParam,
        response: { 200: recipientDetailView, ...errors },
      },
    },
    async (req) => recipientDetail(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/disability/recipients/:id/stop',
    {
      config: { access: 'disability:approve', personalData: 'record' },
      schema: {
        tags,
        summary:
          '停发（服刑、本人申请、户籍迁出、虚假材料、宣告失踪或死亡等）：自事由发生次月起停发（R-DIS-07）',
        params: idParam,
        body: stopBody,
        response: { 200: recipientDetailView, ...errors },
      },
    },
    async (req) => stopRecipient(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/recipients/:id/disputes',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '登记停发异议：县民政部门 10 个工作日内复核',
        params: idParam,
        body: disputeBody,
        response: { 200: recipientDetailView, ...errors },
      },
    },
    async (req) => lodgeDispute(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/disputes/:id/decision',
    {
      config: { access: 'disability:approve', personalData: 'record' },
      schema: {
        tags,
        summary: '停发异议复核：维持停发，或撤销停发并自原停发月份次月起恢复发放（欠发月份由发放名册补发）',
        params: idParam,
        body: disputeDecisionBody,
        response: { 200: recipientDetailView, ...errors },
      },
    },
    async (req) => decideDispute(app.core, actorOf(req), req.params.id, req.body),
  );
};
