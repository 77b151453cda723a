/** Comparison jobs (比对任务): list, create, progress, cancel. */
import { cancelJob, createJob, getJob, listJobs } from '@social-affairs/core/matching';
import {
  cancelJobBody,
  matchJobDetail,
  matchJobsFilter,
  matchJobView,
  newMatchJobBody,
  pageOf,
  pageQuery,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { tags, errors, idParam } from './shared';

export const jobsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/matching/jobs',
    {
      config: { access: 'matching:read', personalData: false },
      schema: {
        tags,
        summary: '比对任务列表（含进度）',
        querystring: matchJobsFilter.extend(pageQuery.shape),
        response: { 200: pageOf(matchJobView), ...errors },
      },
    },
    async (req) => listJobs(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/matching/jobs',
    {
      config: { access: 'matching:review', personalData: false },
      schema: {
        tags,
        summary: '新建比对任务（后台分批运行）',
        body: newMatchJobBody,
        response: { 201: matchJobView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createJob(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/matching/jobs/:id',
    {
      config: { access: 'matching:read', personalData: false },
      schema: {
        tags,
        summary: '比对任务详情与进度',
        params: idParam,
        response: { 200: matchJobDetail, ...errors },
      },
    },
    async (req) => getJob(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/matching/jobs/:id/cancel',
    {
      config: { access: 'matching:review', personalData: false },
      schema: {
        tags,
        summary: '取消比对任务（须填写事由）',
        params: idParam,
        body: cancelJobBody,
        response: { 200: matchJobView, ...errors },
      },
    },
    async (req) => cancelJob(app.core, actorOf(req), req.params.id, req.body.reason),
  );
};
