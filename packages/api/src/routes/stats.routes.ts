import { ledgerXlsxStream, peopleByDivision, type DivisionStatsRow } from '@social-affairs/core';
import {
  errorBody,
  peopleByDivision as peopleByDivisionDto,
  peopleByDivisionQuery,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../access';
import { sendXlsx } from '../xlsx-reply';

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['统计报表'];
  app.get(
    '/api/stats/people-by-division',
    {
      config: { access: 'stats:read', personalData: false },
      schema: {
        tags,
        summary: '人员分布：所选区划的下级区划 × 年龄段（可逐级下钻）',
        querystring: peopleByDivisionQuery,
        response: { 200: peopleByDivisionDto, 403: errorBody },
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
      const stats = await peopleByDivision(app.core, actorOf(req), req.query.division);
      async function* rows() {
        yield* stats.rows;
      }
      const stream = ledgerXlsxStream<DivisionStatsRow>(
        '人员分布',
        [
          { header: '区划代码', value: (r) => r.divisionCode },
          { header: '区划名称', value: (r) => r.divisionName, width: 24 },
          ...stats.bands.map((b, i) => ({ header: b, value: (r: DivisionStatsRow) => r.counts[i] ?? 0 })),
          { header: '合计', value: (r) => r.total },
          { header: '其中已故', value: (r) => r.deceased },
        ],
        rows(),
      );
      return sendXlsx(reply, `人员分布_${stats.division.name}.xlsx`, stream);
    },
  );
};
