import {
  assignPair,
  cancelJob,
  claimPair,
  createJob,
  createMissingReport,
  decidePair,
  exportPairs,
  familySearch,
  getJob,
  getPairComparison,
  importRoll,
  listJobs,
  listPairs,
  listRolls,
  ledgerXlsxStream,
  releasePair,
  type PairView,
} from '@social-affairs/core';
import {
  assignPairBody,
  cancelJobBody,
  decisionBody,
  familySearchBody,
  familySearchResponse,
  importRollBody,
  matchJobDetail,
  matchJobsFilter,
  matchJobView,
  matchPairsFilter,
  matchPairView,
  missingReportView,
  newMatchJobBody,
  newMissingReportBody,
  pageOf,
  pageQuery,
  pairComparison,
  rollSummary,
  errorResponses,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';
import { sendXlsx } from '../xlsx-reply';

const BAND_LABEL = { 'fast-track': '快速核实', review: '人工核查' } as const;
const STATUS_LABEL = {
  open: '待核查',
  claimed: '核查中',
  confirmed: '确认同一人',
  rejected: '非同一人',
  unsure: '存疑',
} as const;
const idParam = z.object({ id: z.string().min(1).max(64) });
const errors = errorResponses;

/** 数据比对 (comparison jobs, review queue) and 寻亲 (missing-person reports, family search). */
export const matchingRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['数据比对与寻亲'];
  app.get(
    '/api/matching/rolls',
    {
      config: { access: 'matching:read' },
      schema: {
        tags,
        summary: '已导入的比对名单（按来源汇总）',
        querystring: matchJobsFilter,
        response: { 200: z.array(rollSummary), ...errors },
      },
    },
    async (req) => listRolls(app.core, actorOf(req), req.query.division),
  );
  app.post(
    '/api/matching/rolls',
    {
      config: { access: 'matching:review' },
      schema: {
        tags,
        summary: '导入外部名单（死亡通知、火化名单、低保名册等），每次至多 5000 条',
        body: importRollBody,
        response: { 201: z.object({ source: z.string(), imported: z.number().int() }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await importRoll(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/matching/jobs',
    {
      config: { access: 'matching:read' },
      schema: {
        tags,
        summary: '比对任务列表（含进度）',
        querystring: matchJobsFilter.extend(pageQuery.shape),
        response: { 200: pageOf(matchJobView), ...errors },
      },
    },
    async (req) => listJobs(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/matching/jobs',
    {
      config: { access: 'matching:review' },
      schema: {
        tags,
        summary: '新建比对任务（后台分批运行）',
        body: newMatchJobBody,
        response: { 201: matchJobView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createJob(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/matching/jobs/:id',
    {
      config: { access: 'matching:read' },
      schema: {
        tags,
        summary: '比对任务详情与进度',
        params: idParam,
        response: { 200: matchJobDetail, ...errors },
      },
    },
    async (req) => getJob(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/matching/jobs/:id/cancel',
    {
      config: { access: 'matching:review' },
      schema: {
        tags,
        summary: '取消比对任务（须填写事由）',
        params: idParam,
        body: cancelJobBody,
        response: { 200: matchJobView, ...errors },
      },
    },
    async (req) => cancelJob(app.core, actorOf(req), req.params.id, req.body.reason),
  );
  app.get(
    '/api/matching/pairs',
    {
      config: { access: 'matching:read' },
      schema: {
        tags,
        summary: '核查队列：按任务、来源、分档、状态、区划筛选，分页',
        querystring: matchPairsFilter.extend(pageQuery.shape),
        response: { 200: pageOf(matchPairView), ...errors },
      },
    },
    async (req) => listPairs(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/matching/pairs/export',
    {
      config: { access: 'matching:read' },
      schema: {
        tags,
        summary: '导出核查队列 Excel（与列表相同的筛选；不含身份证号码）',
        querystring: matchPairsFilter,
      },
    },
    async (req, reply) => {
      const rows = await exportPairs(app.core, actorOf(req), req.query);
      const stream = ledgerXlsxStream<PairView>(
        '核查队列',
        [
          { header: '名单一姓名', value: (p) => p.leftName ?? null },
          { header: '名单二姓名', value: (p) => p.rightName ?? null },
          { header: '外部名单', value: (p) => p.rightSource, width: 18 },
          { header: '分档', value: (p) => BAND_LABEL[p.band], width: 10 },
          { header: '配对规则', value: (p) => p.rule, width: 10 },
          { header: '匹配概率', value: (p) => Math.round(p.probability * 10_000) / 100, width: 10 },
          {
            header: '各项比较',
            value: (p) => p.fields.map((f) => `${f.field}:${f.level}`).join(' '),
            width: 60,
          },
          { header: '核查状态', value: (p) => STATUS_LABEL[p.status], width: 10 },
          { header: '核查人', value: (p) => p.decidedBy ?? p.claimedBy },
          { header: '核查意见', value: (p) => p.decisionReason, width: 30 },
          { header: '区划代码', value: (p) => p.divisionCode },
        ],
        rows,
      );
      return sendXlsx(reply, '核查队列.xlsx', stream);
    },
  );
  app.get(
    '/api/matching/pairs/:id',
    {
      config: { access: 'matching:read' },
      schema: {
        tags,
        summary: '比对详情：两条记录并排（记入审计日志）',
        params: idParam,
        querystring: z.object({ reason: z.string().trim().max(200).optional() }),
        response: { 200: pairComparison, ...errors },
      },
    },
    async (req) => getPairComparison(app.core, actorOf(req), req.params.id, req.query.reason),
  );
  app.post(
    '/api/matching/pairs/:id/claim',
    {
      config: { access: 'matching:review' },
      schema: {
        tags,
        summary: '领取核查（两人同时领取只有一人成功）',
        params: idParam,
        response: { 200: matchPairView, ...errors },
      },
    },
    async (req) => claimPair(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/matching/pairs/:id/assign',
    {
      config: { access: 'matching:review' },
      schema: {
        tags,
        summary: '指派给本辖区的其他核查人员（与领取互斥）',
        params: idParam,
        body: assignPairBody,
        response: { 200: matchPairView, ...errors },
      },
    },
    async (req) => assignPair(app.core, actorOf(req), req.params.id, req.body.username),
  );
  app.post(
    '/api/matching/pairs/:id/release',
    {
      config: { access: 'matching:review' },
      schema: { tags, summary: '退回核查队列', params: idParam, response: { 200: matchPairView, ...errors } },
    },
    async (req) => releasePair(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/matching/pairs/:id/decision',
    {
      config: { access: 'matching:review' },
      schema: {
        tags,
        summary: '核查结论：确认 / 否定 / 存疑（须填写意见；确认后通知业务条线，不自动变更任何记录）',
        params: idParam,
        body: decisionBody,
        response: { 200: matchPairView, ...errors },
      },
    },
    async (req) => decidePair(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/matching/missing-reports',
    {
      config: { access: 'matching:review' },
      schema: {
        tags,
        summary: '寻亲登记：录入走失人员信息',
        body: newMissingReportBody,
        response: { 201: missingReportView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createMissingReport(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/matching/family-search',
    {
      config: { access: 'matching:read' },
      schema: {
        tags,
        summary:
          '寻亲查询：按听到的姓名（汉字或拼音）、性别、年龄、地区、特征检索，返回候选及理由（记入审计日志）',
        body: familySearchBody,
        response: { 200: familySearchResponse, ...errors },
      },
    },
    async (req) => familySearch(app.core, actorOf(req), req.body),
  );
};
