import { decideMerge, getMerge, listMerges, proposeMerge, unmerge } from '@social-affairs/core';
import { errorResponses, pageOf, pageQuery, personSummary } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';

const errors = errorResponses;
const idParam = z.object({ id: z.string().min(1).max(64) });
const status = z.enum(['proposed', 'approved', 'rejected', 'unmerged']);
const reason = z.string().trim().min(1, { message: '请填写理由' }).max(500);

const mergeView = z.object({
  id: z.string(),
  survivor: personSummary,
  merged: personSummary,
  divisionCode: z.string(),
  reason: z.string(),
  status,
  proposedBy: z.string(),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  unmergedBy: z.string().nullable(),
  unmergedAt: z.string().nullable(),
  unmergeReason: z.string().nullable(),
});

/** 人员合并: proposal (people:write), review decision and unmerge (people:merge), reads (people:read). */
export const personMergeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['人员信息（人口基础库）'];
  app.get(
    '/api/person-merges',
    {
      config: { access: 'people:read', personalData: 'list' },
      schema: {
        tags,
        summary: '人员合并申请列表（按区划、状态、人员筛选）',
        querystring: z
          .object({
            division: z
              .string()
              .regex(/^[0-9]{6}([0-9]{3})?$/)
              .optional(),
            status: status.optional(),
            personId: z.string().max(64).optional(),
          })
          .extend(pageQuery.shape),
        response: { 200: pageOf(mergeView), ...errors },
      },
    },
    async (req) => listMerges(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/person-merges',
    {
      config: { access: 'people:write', personalData: 'record' },
      schema: {
        tags,
        summary: '提出人员合并（两条记录为同一人；须由他人审核后生效）',
        body: z.strictObject({
          survivorId: z.string().min(1).max(64),
          mergedId: z.string().min(1).max(64),
          reason,
        }),
        response: { 201: mergeView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await proposeMerge(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/person-merges/:id',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary: '人员合并详情（记入审计日志）',
        params: idParam,
        response: { 200: mergeView, ...errors },
      },
    },
    async (req) => getMerge(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/person-merges/:id/decision',
    {
      config: { access: 'people:merge', personalData: 'record' },
      schema: {
        tags,
        summary: '审核人员合并：同意（合并生效，触发 person.merged）或不同意',
        params: idParam,
        body: z.strictObject({ decision: z.enum(['approve', 'reject']), reason }),
        response: { 200: mergeView, ...errors },
      },
    },
    async (req) => decideMerge(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/person-merges/:id/unmerge',
    {
      config: { access: 'people:merge', personalData: 'record' },
      schema: {
        tags,
        summary: '撤销人员合并（恢复被合并记录，触发 person.unmerged）',
        params: idParam,
        body: z.strictObject({ reason }),
        response: { 200: mergeView, ...errors },
      },
    },
    async (req) => unmerge(app.core, actorOf(req), req.params.id, req.body),
  );
};
