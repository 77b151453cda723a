/**
 * Routes of the disability line's outreach concern (D7), under `/api/disability/…` (ADR 0022): the day
 * board (今日工作), policy finds people (lists, reminders with outcomes, refresh on demand, coverage) and the
 * statistics with their Excel export.
 */
import { exportHead, ledgerXlsxStream } from '@social-affairs/core';
import {
  OUTREACH_OUTCOME_LABELS,
  OUTREACH_STATUS_LABELS,
  OUTREACH_TRIGGER_LABELS,
  SUBSIDY_SHORT_LABELS,
  disabilityBoard,
  disabilityStatistics,
  exportOutreachCandidates,
  exportOutreachReminders,
  outreachCandidates,
  outreachCoverage,
  outreachReminders,
  recordOutreachOutcome,
  refreshOutreach,
  type DisabilityStatisticsResult,
} from '@social-affairs/core/disability';
import {
  OUTREACH_CANDIDATE_SORT_LABELS,
  OUTREACH_LIST_LABELS,
  OUTREACH_REMINDER_SORT_LABELS,
  disabilityBoard as boardSchema,
  disabilityStatistics as statisticsSchema,
  disabilityStatisticsQuery,
  outreachCandidateRow,
  outreachCandidatesQuery,
  outreachCoverage as coverageSchema,
  outreachCoverageQuery,
  outreachOutcomeBody,
  outreachRefreshBody,
  outreachRefreshResult,
  outreachReminderView,
  outreachRemindersQuery,
} from '@social-affairs/kernel/contracts/disability';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendXlsx } from '../../xlsx-reply';
import { errors, idParam, tags } from './shared';

const yuan = (fen: number) => fen / 100;

export const outreachRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/disability/board',
    {
      config: { access: 'disability:read', personalData: 'list' },
      schema: {
        tags,
        summary: '今日工作：待转送、待审批决定、待告知的申请（倒计时、逾期），待我审批，找人提醒，本月名册',
        response: { 200: boardSchema, ...errors },
      },
    },
    async (req) => disabilityBoard(app.core, actorOf(req)),
  );

  ledgerRoutes(app, {
    path: '/api/disability/outreach/candidates',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary:
      '数据找人名单：符合条件但未享受也未申请补贴的残疾人（护理补贴、生活补贴、新办证、新纳入低保）',
    exportSummary: '导出数据找人名单 Excel（与列表相同的筛选）',
    filter: outreachCandidatesQuery,
    filterLabels: { list: '名单', q: '姓名或身份号码' },
    filterValues: { list: OUTREACH_LIST_LABELS },
    sortLabels: OUTREACH_CANDIDATE_SORT_LABELS,
    view: outreachCandidateRow,
    list: outreachCandidates,
    exportRows: exportOutreachCandidates,
    sheet: '数据找人名单',
    columns: [
      { header: '姓名', value: (r) => r.name },
      { header: '公民身份号码', value: (r) => r.residentIdMasked ?? '', width: 22 },
      { header: '户籍地', value: (r) => r.divisionName, width: 22 },
      { header: '残疾类别', value: (r) => r.categoryLabel },
      { header: '残疾等级', value: (r) => r.gradeLabel },
      { header: '发证日期', value: (r) => r.issuedOn ?? '' },
      { header: '应享受补贴', value: (r) => r.subsidyLabel },
      { header: '发现原因', value: (r) => r.foundByLabel, width: 22 },
      { header: '已推送提醒', value: (r) => (r.reminderId ? '是' : '否') },
    ],
    fileName: '数据找人名单.xlsx',
  });

  ledgerRoutes(app, {
    path: '/api/disability/outreach/reminders',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '数据找人提醒台账：推送给户籍地乡镇（街道）的提醒及跟进结果',
    exportSummary: '导出数据找人提醒台账 Excel（与列表相同的筛选）',
    filter: outreachRemindersQuery,
    filterLabels: { subsidy: '补贴', foundBy: '发现原因', outcome: '反馈结果', q: '姓名或身份号码' },
    filterValues: {
      status: OUTREACH_STATUS_LABELS,
      subsidy: SUBSIDY_SHORT_LABELS,
      foundBy: OUTREACH_TRIGGER_LABELS,
      outcome: OUTREACH_OUTCOME_LABELS,
    },
    sortLabels: OUTREACH_REMINDER_SORT_LABELS,
    view: outreachReminderView,
    list: outreachReminders,
    exportRows: exportOutreachReminders,
    sheet: '数据找人提醒台账',
    columns: [
      { header: '发现日期', value: (r) => r.foundOn },
      { header: '姓名', value: (r) => r.name },
      { header: '公民身份号码', value: (r) => r.residentIdMasked ?? '', width: 22 },
      { header: '户籍地', value: (r) => r.divisionName, width: 22 },
      { header: '残疾人证', value: (r) => r.certificateLabel ?? '' },
      { header: '补贴', value: (r) => r.subsidyLabel },
      { header: '发现原因', value: (r) => r.foundByLabel, width: 22 },
      { header: '状态', value: (r) => r.statusLabel },
      { header: '等待天数', value: (r) => r.waitingDays },
      { header: '反馈结果', value: (r) => r.outcomeLabel ?? '' },
      { header: '说明', value: (r) => r.outcomeNote ?? '', width: 30 },
      { header: '申请编号', value: (r) => r.applicationNo ?? '', width: 26 },
      { header: '反馈日期', value: (r) => r.outcomeOn ?? r.lapsedOn ?? '' },
    ],
    fileName: '数据找人提醒台账.xlsx',
  });

  app.post(
    '/api/disability/outreach/reminders/:id/outcome',
    {
      config: { access: 'disability:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '登记找人提醒的跟进结果：已引导申请（关联申请）、不符合条件（原因）、本人不愿申请、联系不上、已迁出',
        params: idParam,
        body: outreachOutcomeBody,
        response: { 200: outreachReminderView, ...errors },
      },
    },
    async (req) => recordOutreachOutcome(app.core, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/disability/outreach/refresh',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '立即刷新数据找人名单并推送提醒（县级及以上；每月也自动刷新一次）',
        body: outreachRefreshBody,
        response: { 200: outreachRefreshResult, ...errors },
      },
    },
    async (req) => refreshOutreach(app.core, actorOf(req), req.body),
  );

  app.get(
    '/api/disability/outreach/coverage',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '补贴覆盖率（按下级区划）：享受人数 ÷ 符合条件人数，申请中、未享受人数，各名单人数',
        querystring: outreachCoverageQuery,
        response: { 200: coverageSchema, ...errors },
      },
    },
    async (req) => outreachCoverage(app.core, actorOf(req), req.query),
  );

  app.get(
    '/api/disability/statistics',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '两项补贴统计：享受人数、发放金额、覆盖率、新增和停发（按原因），按区划和月份',
        querystring: disabilityStatisticsQuery,
        response: { 200: statisticsSchema, ...errors },
      },
    },
    async (req) => {
      const { cells: _cells, ...s } = await disabilityStatistics(app.core, actorOf(req), req.query);
      return s;
    },
  );

  app.get(
    '/api/disability/statistics/export',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '导出两项补贴统计 Excel（月份 × 下级区划）',
        querystring: disabilityStatisticsQuery,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const s = await disabilityStatistics(app.core, actor, req.query);
      const head = await exportHead(app.core, actor, '两项补贴统计', {
        division: s.division.code,
        from: s.from,
        to: s.to,
      });
      type Cell = DisabilityStatisticsResult['cells'][number];
      async function* rows() {
        yield* s.cells;
      }
      return sendXlsx(
        reply,
        `两项补贴统计-${s.division.name}-${s.from}至${s.to}.xlsx`,
        ledgerXlsxStream<Cell>(
          '两项补贴统计',
          [
            { header: '月份', value: (c) => c.label, width: 14 },
            { header: '区划代码', value: (c) => c.divisionCode },
            { header: '区划名称', value: (c) => c.divisionName, width: 22 },
            { header: '生活补贴人数', value: (c) => c.livingRecipients, total: 'sum' },
            { header: '生活补贴金额（元）', value: (c) => yuan(c.livingFen), total: 'sum' },
            { header: '护理补贴人数', value: (c) => c.careRecipients, total: 'sum' },
            { header: '护理补贴金额（元）', value: (c) => yuan(c.careFen), total: 'sum' },
            { header: '新增', value: (c) => c.granted, total: 'sum' },
            { header: '停发', value: (c) => c.stopped, total: 'sum' },
          ],
          rows(),
          head,
        ),
      );
    },
  );
};
