/** Marriage registration statistics (R-MAR-18) and their Excel export. */
import { ledgerXlsxStream } from '@social-affairs/core';
import { marriageStatistics, type MarriageStatsRow } from '@social-affairs/core/marriage';
import {
  marriageStatistics as marriageStatisticsDto,
  marriageStatsQuery,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { sendXlsx } from '../../xlsx-reply';
import { tags, errors } from './shared';

export const statisticsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/marriage/statistics',
    {
      config: { access: 'marriage:read', personalData: false },
      schema: {
        tags,
        summary: '婚姻登记统计（R-MAR-18 分类 × 下级区划，可逐级下钻）',
        querystring: marriageStatsQuery,
        response: { 200: marriageStatisticsDto, ...errors },
      },
    },
    async (req) => marriageStatistics(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/marriage/statistics/export',
    {
      config: { access: 'marriage:read', personalData: false },
      schema: { tags, summary: '导出婚姻登记统计 Excel', querystring: marriageStatsQuery },
    },
    async (req, reply) => {
      const stats = await marriageStatistics(app.core, actorOf(req), req.query);
      async function* rows() {
        yield* stats.rows;
        yield {
          divisionCode: '',
          divisionName: '合计',
          counts: stats.totals,
          total: stats.totals.reduce((a, b) => a + b, 0),
        };
      }
      const stream = ledgerXlsxStream<MarriageStatsRow>(
        '婚姻登记统计',
        [
          { header: '区划代码', value: (r) => r.divisionCode },
          { header: '区划名称', value: (r) => r.divisionName, width: 22 },
          ...stats.categories.map((c, i) => ({
            header: c.label,
            value: (r: MarriageStatsRow) => r.counts[i] ?? 0,
            width: 16,
          })),
          { header: '合计', value: (r) => r.total },
        ],
        rows(),
      );
      return sendXlsx(reply, `婚姻登记统计-${stats.division.name}-${stats.from}至${stats.to}.xlsx`, stream);
    },
  );
};
