import {
  auditActionOptions,
  auditActorOptions,
  auditXlsxStream,
  exportAudit,
  listAudit,
  verifyAuditChain,
} from '@social-affairs/core';
import {
  auditActionOption,
  auditActorOption,
  auditItem,
  auditQuery,
  auditVerification,
  errorBody,
  errorResponses,
  pageOf,
  pageQuery,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';
import { sendXlsx } from '../xlsx-reply';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['审计日志'];
  app.get(
    '/api/audit',
    {
      config: { access: 'audit:read', personalData: false },
      schema: {
        tags,
        summary:
          '审计日志（仅追加、HMAC-SM3 密钥哈希链）；personId：谁读取或修改了此人的记录；from/to 可为日期（按平台时区）',
        querystring: auditQuery.extend(pageQuery.shape),
        response: { 200: pageOf(auditItem), ...errorResponses },
      },
    },
    async (req) => listAudit(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/audit/export',
    {
      config: { access: 'audit:read', personalData: false },
      schema: {
        tags,
        summary: '导出筛选后的审计日志（Excel，含标题、导出时间、导出人、导出条数；导出本身记入审计日志）',
        querystring: auditQuery,
      },
    },
    async (req, reply) => {
      const exp = await exportAudit(app.core, actorOf(req), req.query);
      return sendXlsx(reply, '审计日志.xlsx', auditXlsxStream(exp));
    },
  );
  app.get(
    '/api/audit/actions',
    {
      config: { access: 'audit:read', personalData: false },
      schema: {
        tags,
        summary: '审计操作目录（代码与中文名称，平台及各业务条线）',
        response: { 200: z.object({ items: z.array(auditActionOption) }), ...errorResponses },
      },
    },
    async (req) => auditActionOptions(app.core, actorOf(req)),
  );
  app.get(
    '/api/audit/actors',
    {
      config: { access: 'audit:read', personalData: false },
      schema: {
        tags,
        summary: '管辖范围内的账号（审计日志按操作人筛选用），按用户名或姓名检索',
        querystring: z.object({ q: z.string().trim().max(50).optional() }),
        response: { 200: z.object({ items: z.array(auditActorOption) }), ...errorResponses },
      },
    },
    async (req) => auditActorOptions(app.core, actorOf(req), req.query),
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
