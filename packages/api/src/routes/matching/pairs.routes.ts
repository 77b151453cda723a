/**
 * The review queue (核查队列): list, Excel export, comparison, claim, next pair, assignment, release,
 * decision, the owning line's follow-up of a confirmed pair, and scoring a chosen pair of records.
 */
import {
  assignPair,
  claimNextPair,
  claimPair,
  completeFollowUp,
  decidePair,
  exportPairs,
  getJob,
  getPairComparison,
  listPairs,
  releasePair,
  scoreRecords,
} from '@social-affairs/core/matching';
import {
  assignPairBody,
  decisionBody,
  explanationText,
  followUpBody,
  followUpView,
  matchPairsFilter,
  matchPairView,
  nextPairBody,
  PAIR_SORT_LABELS,
  pairComparison,
  pairScoreView,
  scorePairBody,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { tags, errors, idParam } from './shared';

const BAND_LABEL = { 'fast-track': '快速核实', review: '人工核查' } as const;
const STATUS_LABEL = {
  open: '待核查',
  claimed: '核查中',
  confirmed: '确认同一人',
  rejected: '非同一人',
  unsure: '存疑',
} as const;

export const pairsRoutes: FastifyPluginAsyncZod = async (app) => {
  ledgerRoutes(app, {
    path: '/api/matching/pairs',
    access: 'matching:read',
    personalData: 'list',
    tags,
    listSummary: '核查队列：按任务、来源、分档、状态、区划筛选，分页',
    exportSummary: '导出核查队列 Excel（与列表相同的筛选；不含身份证号码）',
    filter: matchPairsFilter,
    filterLabels: {
      jobId: '比对任务',
      band: '分档',
      source: '外部名单',
      mine: '只看我领取的',
      followUp: '跟进',
    },
    filterValues: {
      band: BAND_LABEL,
      status: STATUS_LABEL,
      followUp: { pending: '待业务条线跟进', done: '已办结' },
    },
    sortLabels: PAIR_SORT_LABELS,
    // The job by its name; a job the reader cannot see is left out of the head.
    idLabels: async (core, actor, q) => ({
      jobId: q.jobId
        ? await getJob(core, actor, q.jobId).then(
            (j) => j.name,
            () => undefined,
          )
        : undefined,
    }),
    view: matchPairView,
    list: listPairs,
    exportRows: exportPairs,
    sheet: '核查队列',
    columns: [
      { header: '名单一姓名', value: (p) => p.leftName ?? null },
      { header: '名单二姓名', value: (p) => p.rightName ?? null },
      { header: '外部名单', value: (p) => p.rightSource, width: 18 },
      { header: '分档', value: (p) => BAND_LABEL[p.band], width: 10 },
      { header: '配对规则', value: (p) => p.rule, width: 10 },
      { header: '匹配概率（%）', value: (p) => Math.round(p.probability * 10_000) / 100, width: 12 },
      { header: '匹配权重', value: (p) => p.score, width: 10 },
      {
        header: '各项比较（权重之和等于匹配权重）',
        value: (p) => explanationText(p.fields),
        width: 90,
      },
      { header: '核查状态', value: (p) => STATUS_LABEL[p.status], width: 10 },
      { header: '核查人', value: (p) => p.decidedBy ?? p.claimedBy },
      { header: '核查意见', value: (p) => p.decisionReason, width: 30 },
      { header: '区划代码', value: (p) => p.divisionCode },
    ],
    fileName: '核查队列.xlsx',
  });
  app.get(
    '/api/matching/pairs/:id',
    {
      config: { access: 'matching:read', personalData: 'record' },
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
    '/api/matching/pairs/next',
    {
      config: { access: 'matching:review', personalData: 'record' },
      schema: {
        tags,
        summary: '下一对：领取本辖区得分最高的待核查结果（已领取未办结的优先；两人同时请求不会拿到同一对）',
        body: nextPairBody,
        response: { 200: z.object({ pair: matchPairView.nullable() }), ...errors },
      },
    },
    async (req) => ({ pair: await claimNextPair(app.core, actorOf(req), req.body) }),
  );
  app.post(
    '/api/matching/pairs/score',
    {
      config: { access: 'matching:read', personalData: 'record' },
      schema: {
        tags,
        summary: '对任意两条记录评分并逐项解释（人员或名单记录；两条都须在本辖区内；记入审计日志）',
        body: scorePairBody,
        response: { 200: pairScoreView, ...errors },
      },
    },
    async (req) => scoreRecords(app.core, actorOf(req), req.body),
  );
  app.post(
    '/api/matching/pairs/:id/follow-up',
    {
      config: { access: 'matching:review', personalData: false },
      schema: {
        tags,
        summary: '业务条线跟进已确认的比对结果：填写核实处理情况后办结',
        params: idParam,
        body: followUpBody,
        response: { 200: followUpView, ...errors },
      },
    },
    async (req) => completeFollowUp(app.core, actorOf(req), req.params.id, req.body.note),
  );
  app.post(
    '/api/matching/pairs/:id/claim',
    {
      config: { access: 'matching:review', personalData: false },
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
      config: { access: 'matching:review', personalData: false },
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
      config: { access: 'matching:review', personalData: false },
      schema: { tags, summary: '退回核查队列', params: idParam, response: { 200: matchPairView, ...errors } },
    },
    async (req) => releasePair(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/matching/pairs/:id/decision',
    {
      config: { access: 'matching:review', personalData: 'record' },
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
};
