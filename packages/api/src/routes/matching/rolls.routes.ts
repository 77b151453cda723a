/** External rolls imported for comparison (比对名单). */
import { importRoll, listRolls } from '@social-affairs/core/matching';
import { importRollBody, matchJobsFilter, rollSummary } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { tags, errors } from './shared';

export const rollsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/matching/rolls',
    {
      config: { access: 'matching:read', personalData: false },
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
      config: { access: 'matching:review', personalData: 'list' },
      schema: {
        tags,
        summary: '导入外部名单（死亡通知、火化名单、低保名册等），每次至多 5000 条',
        body: importRollBody,
        response: { 201: z.object({ source: z.string(), imported: z.number().int() }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await importRoll(app.core, actorOf(req), req.body)),
  );
};
