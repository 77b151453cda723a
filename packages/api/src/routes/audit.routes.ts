import { listAudit, verifyAuditChain } from '@social-affairs/core';
import {
  auditItem,
  auditQuery,
  auditVerification,
  errorBody,
  pageOf,
  pageQuery,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../access';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['审计日志'];
  app.get(
    '/api/audit',
    {
      config: { access: 'audit:read', personalData: false },
      schema: {
        tags,
        summary: '审计日志（仅追加、HMAC-SM3 密钥哈希链）；personId：谁读取或修改了此人的记录',
        querystring: auditQuery.extend(pageQuery.shape),
        response: { 200: pageOf(auditItem), 403: errorBody },
      },
    },
    async (req) => listAudit(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/audit/verify',
    {
      config: { access: 'audit:read', personalData: false },
      schema: {
        tags,
        summary: '校验审计日志哈希链，指出第一处被修改、插入或删除的行',
        response: { 200: auditVerification, 403: errorBody },
      },
    },
    async (req) => {
      actorOf(req);
      const sink = app.core.auditCheckpoints;
      return verifyAuditChain(app.core, sink ? await sink.readAll() : []);
    },
  );
};
