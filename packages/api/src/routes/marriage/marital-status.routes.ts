/** Marital status query (婚姻状况查询). */
import { getMaritalStatus } from '@social-affairs/core/marriage';
import { maritalStatusQuery, maritalStatusView } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { tags, errors } from './shared';

export const maritalStatusRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/marriage/status-queries',
    {
      config: { access: 'marriage:read', personalData: 'record' },
      schema: {
        tags,
        summary: '婚姻状况查询（GB/T 2261.2 代码；须填写事由，记入审计日志）',
        body: maritalStatusQuery,
        response: { 200: maritalStatusView, ...errors },
      },
    },
    async (req) => getMaritalStatus(app.core, actorOf(req), req.body),
  );
};
