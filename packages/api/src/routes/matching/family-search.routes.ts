/**
 * Family search (寻亲): missing-person reports (register, list, audited detail, found / withdrawn) and the
 * three-way search over reports, unidentified living people (rescue) and unidentified deceased (funeral).
 */
import {
  changeMissingReportStatus,
  createMissingReport,
  familyCandidates,
  familySearch,
  familySearchRegions,
  getMissingReport,
  listMissingReports,
} from '@social-affairs/core/matching';
import {
  familyCandidatesQuery,
  familyCandidatesResponse,
  familySearchBody,
  familySearchRegionsResponse,
  familySearchResponse,
  missingReportDetail,
  missingReportListQuery,
  missingReportPage,
  missingReportStatusBody,
  missingReportView,
  newMissingReportBody,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { errors, idParam, tags } from './shared';

export const familySearchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/matching/missing-reports',
    {
      config: { access: 'matching:review', personalData: 'record' },
      schema: {
        tags,
        summary: '寻亲登记：录入走失人员信息及报告人联系方式',
        body: newMissingReportBody,
        response: { 201: missingReportView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createMissingReport(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/matching/missing-reports',
    {
      config: { access: 'matching:read', personalData: 'list' },
      schema: {
        tags,
        summary: '寻亲登记列表（管辖范围内，联系电话打码；记入审计日志）',
        querystring: missingReportListQuery,
        response: { 200: missingReportPage, ...errors },
      },
    },
    async (req) => listMissingReports(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/matching/missing-reports/:id',
    {
      config: { access: 'matching:read', personalData: 'record' },
      schema: {
        tags,
        summary: '寻亲登记详情（含报告人完整联系电话；记入审计日志）',
        params: idParam,
        querystring: z.object({ reason: z.string().trim().max(200).optional() }),
        response: { 200: missingReportDetail, ...errors },
      },
    },
    async (req) => getMissingReport(app.core, actorOf(req), req.params.id, req.query.reason),
  );
  app.post(
    '/api/matching/missing-reports/:id/status',
    {
      config: { access: 'matching:review', personalData: 'record' },
      schema: {
        tags,
        summary: '寻亲登记办结：已找到或家属撤销（填写事由），并从寻亲检索中撤下',
        params: idParam,
        body: missingReportStatusBody,
        response: { 200: missingReportView, ...errors },
      },
    },
    async (req) => changeMissingReportStatus(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/matching/family-search',
    {
      config: { access: 'matching:read', personalData: 'record' },
      schema: {
        tags,
        summary:
          '寻亲查询：按听到的姓名（汉字或拼音）、性别、某日的估计年龄、地区、特征检索寻亲登记、身份不明受助人员和无名遗体，返回候选及理由（记入审计日志）',
        body: familySearchBody,
        response: { 200: familySearchResponse, ...errors },
      },
    },
    async (req) => familySearch(app.core, actorOf(req), req.body),
  );
  app.get(
    '/api/matching/family-search/candidates',
    {
      config: { access: 'matching:read', personalData: 'record' },
      schema: {
        tags,
        summary: '某条寻亲记录的比对候选：按其自身信息检索另外两类记录（记入审计日志）',
        querystring: familyCandidatesQuery,
        response: { 200: familyCandidatesResponse, ...errors },
      },
    },
    async (req) => familyCandidates(app.core, actorOf(req), req.query.recordId, req.query.limit),
  );
  app.get(
    '/api/matching/family-search/regions',
    {
      config: { access: 'matching:read', personalData: false },
      schema: {
        tags,
        summary: '寻亲地区线索可选的行政区划（省、市、县）',
        response: { 200: familySearchRegionsResponse, ...errors },
      },
    },
    async () => familySearchRegions(),
  );
};
