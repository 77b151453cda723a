/**
 * The platform's social-assistance rolls (社会救助名单: 低保 / 特困 / 优抚; docs/assistance-rolls.md): upload
 * a roll file (raw CSV or .xlsx bytes as the body, like the matching roll upload) through the import
 * pipeline, the per-row report, the import history, the roll ledger and a person's memberships. Own plugin
 * scope: the raw-body parser must not reach the JSON routes.
 */
import {
  assistanceImportReportXlsx,
  assistanceImportTemplateXlsx,
  assistanceOfPerson,
  importAssistanceRoll,
  listAssistanceImports,
  listAssistanceMemberships,
} from '@social-affairs/core';
import { DomainError, todayPlainDate } from '@social-affairs/kernel';
import {
  ROLL_IMPORT_MAX_BYTES,
  assistanceImportQuery,
  assistanceImportReport,
  assistanceImportRunView,
  assistanceMembershipView,
  assistanceMembershipsQuery,
  errorResponses as errors,
  pageOf,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable, Transform } from 'node:stream';
import { z } from 'zod';
import { actorOf } from '../access';
import { sendXlsx } from '../xlsx-reply';

const tags = ['社会救助名单'];
const idParam = z.object({ id: z.string().min(1).max(64) });

const tooLarge = () =>
  new DomainError(
    'invalid',
    'IMPORT_FILE_TOO_LARGE',
    `文件超过 ${ROLL_IMPORT_MAX_BYTES / 1024 / 1024} MB，请拆分后分批导入`,
    {
      field: 'file',
      maxBytes: ROLL_IMPORT_MAX_BYTES,
    },
  );

function limited(body: Readable, max: number): Readable {
  let seen = 0;
  const gate = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(tooLarge());
      else done(null, chunk);
    },
  });
  body.on('error', (err) => gate.destroy(err));
  return body.pipe(gate);
}

export const assistanceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  const today = () => todayPlainDate(app.core.config.timeZone, app.core.clock.now());

  app.get(
    '/api/assistance/import-template.xlsx',
    {
      config: { access: 'people:write', personalData: false },
      schema: { tags, summary: '下载社会救助名单导入模板（Excel）' },
    },
    async (_req, reply) => sendXlsx(reply, '社会救助名单导入模板.xlsx', await assistanceImportTemplateXlsx()),
  );
  app.post(
    '/api/assistance/imports',
    {
      config: { access: 'people:write', personalData: 'list' },
      schema: {
        tags,
        summary:
          '导入社会救助名单（CSV 或 Excel 原始内容为请求体）：按公民身份号码关联人员信息库（不新建人员），逐行校验，同一文件重复导入不产生变化；返回逐行报告',
        querystring: assistanceImportQuery,
        response: { 200: assistanceImportReport, 201: assistanceImportReport, ...errors },
      },
    },
    async (req, reply) => {
      const body: unknown = req.body;
      const type = String(req.headers['content-type'] ?? '').toLowerCase();
      if (
        type.startsWith('multipart/') ||
        (body !== undefined && body !== null && !(body instanceof Readable))
      ) {
        reply.header('connection', 'close');
        throw new DomainError(
          'invalid',
          'IMPORT_UPLOAD_FORMAT',
          '请以文件原始内容作为请求体上传（Content-Type: application/octet-stream），不支持 multipart 表单或 JSON',
          { field: 'file' },
        );
      }
      if (Number(req.headers['content-length'] ?? 0) > ROLL_IMPORT_MAX_BYTES) {
        reply.header('connection', 'close');
        throw tooLarge();
      }
      try {
        const report = await importAssistanceRoll(app.core, actorOf(req), {
          file: body instanceof Readable ? limited(body, ROLL_IMPORT_MAX_BYTES) : Buffer.alloc(0),
          fileName: req.query.fileName || '社会救助名单',
        });
        return reply.status(report.repeated ? 200 : 201).send(report);
      } catch (err) {
        if (body instanceof Readable && !body.readableEnded) reply.header('connection', 'close');
        throw err;
      }
    },
  );
  app.get(
    '/api/assistance/imports',
    {
      config: { access: 'people:read', personalData: false },
      schema: {
        tags,
        summary: '社会救助名单导入记录（最近 50 次）',
        response: { 200: z.object({ items: z.array(assistanceImportRunView) }), ...errors },
      },
    },
    async (req) => ({ items: await listAssistanceImports(app.core, actorOf(req)) }),
  );
  app.get(
    '/api/assistance/imports/:id/report.xlsx',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary: '下载社会救助名单导入的逐行报告（Excel）',
        params: idParam,
        response: { ...errors },
      },
    },
    async (req, reply) =>
      sendXlsx(
        reply,
        '社会救助名单导入报告.xlsx',
        await assistanceImportReportXlsx(app.core, actorOf(req), req.params.id),
      ),
  );
  app.get(
    '/api/assistance/memberships',
    {
      config: { access: 'people:read', personalData: 'list' },
      schema: {
        tags,
        summary: '社会救助名单台账：按区划、类别、在册日期、姓名筛选（记入审计日志）',
        querystring: assistanceMembershipsQuery,
        response: { 200: pageOf(assistanceMembershipView), ...errors },
      },
    },
    async (req) => {
      const r = await listAssistanceMemberships(app.core, actorOf(req), req.query, today());
      return { items: r.items, total: r.total, page: r.page, pageSize: r.pageSize };
    },
  );
  app.get(
    '/api/people/:id/assistance',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary: '人员的社会救助记录（低保、特困、优抚；含历史），记入审计日志',
        params: idParam,
        response: { 200: z.object({ items: z.array(assistanceMembershipView) }), ...errors },
      },
    },
    async (req) => ({ items: await assistanceOfPerson(app.core, actorOf(req), req.params.id, today()) }),
  );
};
