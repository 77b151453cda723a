import {
  exportHead,
  ledgerXlsxStream,
  peopleByDivision,
  peopleTrend,
  type DivisionStatsRow,
  type PeopleTrend,
} from '@social-affairs/core';
import {
  errorBody,
  peopleByDivision as peopleByDivisionDto,
  peopleByDivisionQuery,
  peopleTrend as peopleTrendDto,
  peopleTrendQuery,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../access';
import { sendXlsx } from '../xlsx-reply';

async function* each<T>(rows: T[]) {
  yield* rows;
}

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['统计报表'];
  app.get(
    '/api/stats/people-by-division',
    {
      config: { access: 'stats:read', personalData: false },
      schema: {
        tags,
        summary: '人员分布：所选区划的下级区划 × 年龄段（在世人员，可逐级下钻）',
        querystring: peopleByDivisionQuery,
        response: { 200: peopleByDivisionDto, 400: errorBody, 403: errorBody },
      },
    },
    async (req) => peopleByDivision(app.core, actorOf(req), req.query.division),
  );
  app.get(
    '/api/stats/people-by-division/export',
    {
      config: { access: 'stats:read', personalData: false },
      schema: { tags, summary: '导出人员分布统计 Excel', querystring: peopleByDivisionQuery },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const stats = await peopleByDivision(app.core, actor, req.query.division);
      const title = `人员分布统计（${stats.division.name}，年龄段为在世人员）`;
      const stream = ledgerXlsxStream<DivisionStatsRow>(
        '人员分布',
        [
          { header: '区划代码', value: (r) => r.divisionCode },
          { header: '区划名称', value: (r) => r.divisionName, width: 24 },
          ...stats.bands.map((b, i) => ({
            header: `${b}（在世）`,
            value: (r: DivisionStatsRow) => r.counts[i] ?? 0,
            total: 'sum' as const,
          })),
          { header: '在世合计', value: (r) => r.alive, total: 'sum' },
          { header: '已故', value: (r) => r.deceased, total: 'sum' },
          { header: '人员总数', value: (r) => r.total, total: 'sum' },
        ],
        each(stats.rows),
        await exportHead(app.core, actor, title, { division: stats.division.code }),
      );
      return sendXlsx(reply, `人员分布_${stats.division.name}.xlsx`, stream);
    },
  );
  app.get(
    '/api/stats/people-trend',
    {
      config: { access: 'stats:read', personalData: false },
      schema: {
        tags,
        summary: '月度趋势：最近 12 或 36 个月每月新增入库人数与死亡人数（按北京时间的自然月）',
        querystring: peopleTrendQuery,
        response: { 200: peopleTrendDto, 400: errorBody, 403: errorBody },
      },
    },
    async (req) => peopleTrend(app.core, actorOf(req), req.query.division, req.query.months),
  );
  app.get(
    '/api/stats/people-trend/export',
    {
      config: { access: 'stats:read', personalData: false },
      schema: { tags, summary: '导出月度趋势 Excel', querystring: peopleTrendQuery },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const trend = await peopleTrend(app.core, actor, req.query.division, req.query.months);
      type Month = PeopleTrend['months'][number];
      const stream = ledgerXlsxStream<Month>(
        '月度趋势',
        [
          { header: '月份', value: (r) => r.month },
          { header: '新增入库人数', value: (r) => r.added, total: 'sum', width: 16 },
          { header: '死亡人数', value: (r) => r.deaths, total: 'sum' },
        ],
        each(trend.months),
        await exportHead(
          app.core,
          actor,
          `人员月度趋势（${trend.division.name}，最近 ${req.query.months} 个月）`,
          {
            division: trend.division.code,
          },
        ),
      );
      return sendXlsx(reply, `人员月度趋势_${trend.division.name}.xlsx`, stream);
    },
  );
};
