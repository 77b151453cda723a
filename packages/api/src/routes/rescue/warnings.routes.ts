/**
 * HTTP routes of the rescue line's warnings concern (edited only by that concern): the warnings list
 * (预警) and its Excel export, the statistics (统计) and their Excel export, and the hotline call records
 * (热线录音, R-RES-14) as a ledger with a form to record a call.
 */
import { exportHead, ledgerXlsxStream } from '@social-affairs/core';
import {
  exportHotlineCalls,
  exportRescueWarnings,
  listHotlineCalls,
  listRescueWarnings,
  recordHotlineCall,
  rescueStatistics,
  type RescueStatisticsResult,
} from '@social-affairs/core/rescue';
import { pageQuery } from '@social-affairs/kernel/contracts';
import {
  RESCUE_HOTLINE_CATEGORY_LABELS,
  RESCUE_HOTLINE_SORT_LABELS,
  RESCUE_RECORDING_STATUS_LABELS,
  RESCUE_WARNING_KIND_LABELS,
  RESCUE_WARNING_SORT_LABELS,
  rescueHotlineCallBody,
  rescueHotlineCallView,
  rescueHotlineQuery,
  rescueStatistics as rescueStatisticsDto,
  rescueStatsQuery,
  rescueWarningsPage,
  rescueWarningsQuery,
  type RescueWarningDto,
} from '@social-affairs/kernel/contracts/rescue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendXlsx } from '../../xlsx-reply';
import { errors, tags } from './shared';

const PERIOD_LABEL = { month: '按月', quarter: '按季度', year: '按年' } as const;

/** `2026-03-02T01:15:00.000Z` → `2026-03-02 09:15` (Beijing, UTC+8 all year). */
const beijingTime = (iso: string): string =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

type Cell = RescueStatisticsResult['cells'][number];

export const warningsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/rescue/warnings',
    {
      config: { access: 'rescue:read', personalData: 'list' },
      schema: {
        tags,
        summary:
          '救助预警：超过救助期限未延期（R-RES-05）、滞留与长期滞留（R-RES-11）、规定动作逾期（R-RES-10）、托养探访逾期与合作机构待检查（R-RES-13）',
        querystring: rescueWarningsQuery.extend(pageQuery.shape),
        response: { 200: rescueWarningsPage, ...errors },
      },
    },
    async (req) => listRescueWarnings(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/rescue/warnings/export',
    {
      config: { access: 'rescue:read', personalData: 'list' },
      schema: {
        tags,
        summary: '导出救助预警清单 Excel（与列表相同的筛选）',
        querystring: rescueWarningsQuery,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const rows = await exportRescueWarnings(app.core, actor, req.query);
      const head = await exportHead(app.core, actor, '救助预警清单', req.query, {
        labels: { kind: '预警类别' },
        values: { kind: RESCUE_WARNING_KIND_LABELS },
        sortLabels: RESCUE_WARNING_SORT_LABELS,
        ids: {},
      });
      return sendXlsx(
        reply,
        '救助预警清单.xlsx',
        ledgerXlsxStream<RescueWarningDto>(
          '救助预警清单',
          [
            { header: '预警类别', value: (w) => w.kindLabel, width: 20 },
            { header: '案件编号', value: (w) => w.caseNo, width: 28 },
            { header: '对象', value: (w) => w.subject, width: 16 },
            { header: '救助站', value: (w) => w.stationName, width: 24 },
            { header: '起始日期', value: (w) => w.since },
            { header: '已逾期天数', value: (w) => w.daysLate },
            { header: '说明', value: (w) => w.detail, width: 60 },
          ],
          rows,
          head,
        ),
      );
    },
  );

  app.get(
    '/api/rescue/statistics',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary:
          '救助统计：救助人次、人数、滞留与长期滞留、离站（按方式）、落户安置、站外托养（按区划和期间）',
        querystring: rescueStatsQuery,
        response: { 200: rescueStatisticsDto, ...errors },
      },
    },
    async (req) => rescueStatistics(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/rescue/statistics/export',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: { tags, summary: '导出救助统计 Excel（期间 × 下级区划）', querystring: rescueStatsQuery },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const s = await rescueStatistics(app.core, actor, req.query);
      const head = await exportHead(
        app.core,
        actor,
        '救助统计',
        {
          division: s.division.code,
          period: s.period,
          from: s.from,
          to: s.to,
          stationId: req.query.stationId,
        },
        { labels: { period: '分组' }, values: { period: PERIOD_LABEL }, ids: {} },
      );
      async function* rows() {
        yield* s.cells;
      }
      return sendXlsx(
        reply,
        `救助统计-${s.division.name}-${s.from}至${s.to}.xlsx`,
        ledgerXlsxStream<Cell>(
          '救助统计',
          [
            { header: '期间', value: (c) => c.bucketLabel, width: 16 },
            { header: '区划代码', value: (c) => c.divisionCode },
            { header: '区划名称', value: (c) => c.divisionName, width: 20 },
            { header: '救助人次', value: (c) => c.personVisits, total: 'sum' },
            { header: '救助人数', value: (c) => c.distinctPersons },
            { header: '离站', value: (c) => c.departures, total: 'sum' },
            { header: '落户安置', value: (c) => c.settlements, total: 'sum' },
            { header: '站外托养', value: (c) => c.placements, total: 'sum' },
          ],
          rows(),
          head,
        ),
      );
    },
  );

  ledgerRoutes(app, {
    path: '/api/rescue/hotline',
    access: 'rescue:read',
    personalData: 'list',
    tags,
    listSummary:
      '救助热线来电记录（R-RES-14）：按区划、救助站、类别、录音状态、来电日期、关键词筛选；来电号码脱敏',
    exportSummary: '导出救助热线来电记录 Excel（与列表相同的筛选和脱敏）',
    filter: rescueHotlineQuery,
    filterLabels: { category: '类别', recordingStatus: '录音状态', from: '来电日期起', to: '来电日期止' },
    filterValues: {
      category: RESCUE_HOTLINE_CATEGORY_LABELS,
      recordingStatus: RESCUE_RECORDING_STATUS_LABELS,
    },
    sortLabels: RESCUE_HOTLINE_SORT_LABELS,
    view: rescueHotlineCallView,
    list: listHotlineCalls,
    exportRows: exportHotlineCalls,
    sheet: '救助热线来电记录',
    columns: [
      { header: '来电时间', value: (c) => beijingTime(c.calledAt), width: 18 },
      { header: '救助站', value: (c) => c.stationName, width: 24 },
      { header: '来电号码（脱敏）', value: (c) => c.callerNumberMasked, width: 16 },
      { header: '时长（秒）', value: (c) => c.durationSeconds },
      { header: '类别', value: (c) => RESCUE_HOTLINE_CATEGORY_LABELS[c.category] },
      { header: '摘要', value: (c) => c.summary, width: 50 },
      { header: '关联案件', value: (c) => c.caseNo, width: 28 },
      { header: '录音状态', value: (c) => RESCUE_RECORDING_STATUS_LABELS[c.recordingStatus] },
      { header: '可清除日期', value: (c) => c.deletableFrom },
    ],
    fileName: '救助热线来电记录.xlsx',
  });
  app.post(
    '/api/rescue/hotline',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记救助热线来电（录音文件保存在电话录音系统，此处登记文件编号；至少保存 3 个月）',
        body: rescueHotlineCallBody,
        response: { 201: rescueHotlineCallView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await recordHotlineCall(app.core, actorOf(req), req.body)),
  );
};
