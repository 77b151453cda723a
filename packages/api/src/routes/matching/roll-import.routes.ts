/**
 * Roll files uploaded for comparison (比对名单文件导入). The request body is the file's raw bytes (CSV or
 * .xlsx, told apart by content; `Content-Type: application/octet-stream`, `text/csv` or the xlsx type —
 * no multipart, no JSON), the roll's name in the query string; the server runs it through the import
 * pipeline (docs/imports.md) and answers the per-row report. Size limit: `ROLL_IMPORT_MAX_BYTES`,
 * checked as the body arrives. Own plugin scope: the raw-body parser must not reach the JSON routes.
 */
import { importRollFile, rollImportReportXlsx, rollImportTemplateXlsx } from '@social-affairs/core/matching';
import { DomainError } from '@social-affairs/kernel';
import { ROLL_IMPORT_MAX_BYTES, rollImportQuery, rollImportReport } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable, Transform } from 'node:stream';
import { actorOf } from '../../access';
import { sendXlsx } from '../../xlsx-reply';
import { errors, idParam, tags } from './shared';

const tooLarge = () =>
  new DomainError(
    'invalid',
    'IMPORT_FILE_TOO_LARGE',
    `文件超过 ${ROLL_IMPORT_MAX_BYTES / 1024 / 1024} MB，请拆分后分批导入`,
    { field: 'file', maxBytes: ROLL_IMPORT_MAX_BYTES },
  );

/** Passes the body through, failing once more than `max` bytes went by. */
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

export const rollImportRoutes: FastifyPluginAsyncZod = async (app) => {
  // Any body that is not JSON reaches the upload handler as the raw stream (this plugin's scope only).
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  app.get(
    '/api/matching/rolls/import-template.xlsx',
    {
      config: { access: 'matching:review', personalData: false },
      schema: { tags, summary: '下载比对名单导入模板（Excel）' },
    },
    async (_req, reply) => sendXlsx(reply, '比对名单导入模板.xlsx', await rollImportTemplateXlsx()),
  );

  app.post(
    '/api/matching/rolls/import',
    {
      config: { access: 'matching:review', personalData: 'list' },
      schema: {
        tags,
        summary:
          '导入名单文件（CSV 或 Excel，请求体为文件原始内容，名单名称在查询参数中）：逐行校验，出错行不写入，同一文件重复导入不产生变化；返回逐行报告',
        querystring: rollImportQuery,
        response: { 200: rollImportReport, 201: rollImportReport, ...errors },
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
        const report = await importRollFile(app.core, actorOf(req), {
          source: req.query.source,
          file: body instanceof Readable ? limited(body, ROLL_IMPORT_MAX_BYTES) : Buffer.alloc(0),
          fileName: req.query.fileName || '名单文件',
        });
        return reply.status(report.repeated ? 200 : 201).send({ ...report, source: req.query.source.trim() });
      } catch (err) {
        // A refused upload may leave most of the body unread: close the connection rather than drain it.
        if (body instanceof Readable && !body.readableEnded) reply.header('connection', 'close');
        throw err;
      }
    },
  );

  app.get(
    '/api/matching/rolls/imports/:id/report.xlsx',
    {
      config: { access: 'matching:review', personalData: 'record' },
      schema: { tags, summary: '下载名单导入的逐行报告（Excel）', params: idParam, response: { ...errors } },
    },
    async (req, reply) =>
      sendXlsx(reply, '名单导入报告.xlsx', await rollImportReportXlsx(app.core, actorOf(req), req.params.id)),
  );
};
