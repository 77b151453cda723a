/** Family search (寻亲): missing-person reports and the search. */
import { createMissingReport, familySearch } from '@social-affairs/core/matching';
import {
  familySearchBody,
  familySearchResponse,
  missingReportView,
  newMissingReportBody,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { tags, errors } from './shared';

export const familySearchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/matching/missing-reports',
    {
      config: { access: 'matching:review', personalData: 'record' },
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
      config: { access: 'matching:read', personalData: 'record' },
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
