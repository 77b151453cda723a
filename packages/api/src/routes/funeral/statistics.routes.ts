/**
 * Routes of the funeral line's statistics and exchange concern, under `/api/funeral/…` (ADR 0022): the
 * statistics by period and division with their Excel export, and the data exchange (field dictionary,
 * preview of row counts, the export as an Excel workbook or JSON lines — an audited read, ADR 0031).
 */
import { exportHead, ledgerXlsxStream } from '@social-affairs/core';
import {
  exchangeJsonLines,
  exchangeWorkbook,
  exportFuneralExchange,
  funeralExchangeDictionary,
  funeralStatistics,
  previewFuneralExchange,
  type FuneralStatisticsResult,
} from '@social-affairs/core/funeral';
import {
  FUNERAL_STATS_PERIOD_LABELS,
  funeralExchangeDictionary as dictionarySchema,
  funeralExchangePreview,
  funeralExchangeQuery,
  funeralStatistics as statisticsSchema,
  funeralStatsQuery,
} from '@social-affairs/kernel/contracts/funeral';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachmentHeader } from '@social-affairs/core';
import { actorOf } from '../../access';
import { sendXlsx } from '../../xlsx-reply';
import { errors, tags } from './shared';

const rate = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

export const statisticsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/funeral/statistics',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary:
          '殡葬统计：死亡人数、接收遗体、火化、火化率、安葬、外运、无名遗体、生态安葬、清明预约、整治（按期间和区划）',
        querystring: funeralStatsQuery,
        response: { 200: statisticsSchema, ...errors },
      },
    },
    async (req) => funeralStatistics(app.core, actorOf(req), req.query),
  );

  app.get(
    '/api/funeral/statistics/export',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: { tags, summary: '导出殡葬统计 Excel（期间 × 下级区划）', querystring: funeralStatsQuery },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const s = await funeralStatistics(app.core, actor, req.query);
      const head = await exportHead(
        app.core,
        actor,
        '殡葬统计',
        { division: s.division.code, period: s.period, from: s.from, to: s.to },
        { labels: { period: '分组' }, values: { period: FUNERAL_STATS_PERIOD_LABELS }, ids: {} },
      );
      type Cell = FuneralStatisticsResult['cells'][number];
      async function* rows() {
        yield* s.cells;
      }
      const n = (v: number | null) => v;
      return sendXlsx(
        reply,
        `殡葬统计-${s.division.name}-${s.from}至${s.to}.xlsx`,
        ledgerXlsxStream<Cell>(
          '殡葬统计',
          [
            { header: '期间', value: (c) => c.bucketLabel, width: 16 },
            { header: '区划代码', value: (c) => c.divisionCode },
            { header: '区划名称', value: (c) => c.divisionName, width: 20 },
            { header: '死亡人数', value: (c) => c.deaths, total: 'sum' },
            { header: '其中已火化', value: (c) => c.deathsCremated, total: 'sum' },
            { header: '火化率（%）', value: (c) => rate(c.cremationRate) },
            { header: '接收遗体', value: (c) => c.bodiesReceived, total: 'sum' },
            { header: '火化（具）', value: (c) => c.cremations, total: 'sum' },
            { header: '安葬', value: (c) => c.burials, total: 'sum' },
            { header: '其中遗体土葬', value: (c) => c.bodyBurials, total: 'sum' },
            { header: '遗体外运', value: (c) => c.transportedOut, total: 'sum' },
            { header: '无名遗体', value: (c) => c.unidentified, total: 'sum' },
            { header: '生态安葬', value: (c) => n(c.ecoBurials), total: 'sum' },
            { header: '清明预约', value: (c) => n(c.qingmingBookings), total: 'sum' },
            { header: '清明入园', value: (c) => n(c.qingmingCheckIns), total: 'sum' },
            { header: '整治发现', value: (c) => n(c.remediationFound), total: 'sum' },
            { header: '整治销号', value: (c) => n(c.remediationClosed), total: 'sum' },
          ],
          rows(),
          head,
        ),
      );
    },
  );

  app.get(
    '/api/funeral/exchange/dictionary',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '殡葬数据交换字段字典（字段、类型、含义、来源表列、MZ/T 141-2019 对应条目）',
        response: { 200: dictionarySchema, ...errors },
      },
    },
    async (req) => {
      actorOf(req);
      return funeralExchangeDictionary();
    },
  );

  app.get(
    '/api/funeral/exchange/preview',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '殡葬数据交换：按区划和期间预览各类数据的记录数（不含个人信息）',
        querystring: funeralExchangeQuery,
        response: { 200: funeralExchangePreview, ...errors },
      },
    },
    async (req) => previewFuneralExchange(app.core, actorOf(req), req.query),
  );

  app.get(
    '/api/funeral/exchange/export',
    {
      config: { access: 'funeral:read', personalData: 'list' },
      schema: {
        tags,
        summary:
          '导出殡葬数据交换文件（Excel 每类一张工作表，或 JSON Lines）；身份号码等按权限脱敏，每次导出均记审计',
        querystring: funeralExchangeQuery,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const r = await exportFuneralExchange(app.core, actor, req.query);
      const base = `殡葬数据交换-${r.division.name}-${r.from}至${r.to}`;
      if (req.query.format === 'jsonl') {
        return reply
          .header('content-type', 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', attachmentHeader(`${base}.jsonl`))
          .send([...exchangeJsonLines(r)].join(''));
      }
      const head = await exportHead(app.core, actor, '殡葬数据交换');
      return sendXlsx(
        reply,
        `${base}.xlsx`,
        await exchangeWorkbook(r, { timeZone: head.timeZone, exporter: head.exporter }),
      );
    },
  );
};
