/** Back-fill import of historical marriage records (历史婚姻登记补录). */
import {
  getImportReport,
  importMarriages,
  importTemplateXlsx,
  listImports,
  resolveImportRow,
} from '@social-affairs/core/marriage';
import {
  importBody,
  importReport,
  importRowReport,
  importSummary,
  resolveImportRowBody,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { sendXlsx } from '../../xlsx-reply';
import { tags, errors, idParam } from './shared';

export const importsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/marriage/imports/template.xlsx',
    {
      config: { access: 'marriage:read', personalData: false },
      schema: { tags, summary: '下载历史婚姻登记补录模板（Excel）' },
    },
    async (_req, reply) => sendXlsx(reply, '婚姻登记补录模板.xlsx', await importTemplateXlsx()),
  );
  app.post(
    '/api/marriage/imports',
    {
      config: { access: 'marriage:write', personalData: false },
      schema: {
        tags,
        summary: '导入历史婚姻登记档案（CSV 或 Excel）；逐行校验，出错行不写入任何数据，无身份证号的行待匹配',
        body: importBody,
        response: { 201: importReport, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await importMarriages(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/marriage/imports',
    {
      config: { access: 'marriage:read', personalData: false },
      schema: {
        tags,
        summary: '导入批次列表',
        response: { 200: z.array(importSummary.extend({ createdBy: z.string() })), ...errors },
      },
    },
    async (req) => listImports(app.core, actorOf(req)),
  );
  app.get(
    '/api/marriage/imports/:id',
    {
      config: { access: 'marriage:read', personalData: 'record' },
      schema: {
        tags,
        summary: '导入报告（逐行结果）',
        params: idParam,
        response: { 200: importReport, ...errors },
      },
    },
    async (req) => getImportReport(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/marriage/imports/:id/rows/:rowNo/resolve',
    {
      config: { access: 'marriage:write', personalData: false },
      schema: {
        tags,
        summary: '待匹配行：确认双方对应的人员（关联已有人员或新建人员）后入库',
        params: z.object({ id: z.string().min(1).max(64), rowNo: z.coerce.number().int().min(2) }),
        body: resolveImportRowBody,
        response: { 200: importRowReport, ...errors },
      },
    },
    async (req) => resolveImportRow(app.core, actorOf(req), req.params.id, req.params.rowNo, req.body),
  );
};
