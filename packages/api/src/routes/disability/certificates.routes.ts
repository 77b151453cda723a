/**
 * Routes of the disability line's certificates-and-standards concern (D1), under `/api/disability/…`
 * (ADR 0022): the 残疾人证 register — federation file import (raw CSV/.xlsx body, like the assistance
 * rolls), template, per-row report, import history, ledger with Excel export, detail with history, manual
 * entry and status changes by the county federation — and the subsidy standards (list with history,
 * create, withdraw, the per-person lookup, the policy frame in force).
 */
import {
  STANDARD_HARDSHIP_LABELS,
  certificateImportReportXlsx,
  certificateImportTemplateXlsx,
  changeCertificateStatus,
  createStandard,
  disabilityPolicy,
  exportCertificates,
  getCertificate,
  importCertificates,
  listCertificateImports,
  listCertificates,
  listStandards,
  lookupStandard,
  recordCertificate,
  withdrawStandard,
} from '@social-affairs/core/disability';
import { DomainError } from '@social-affairs/kernel';
import { ROLL_IMPORT_MAX_BYTES } from '@social-affairs/kernel/contracts';
import {
  DISABILITY_CERTIFICATE_SORT_LABELS,
  DISABILITY_CERTIFICATE_STATUS_TEXT,
  changeDisabilityCertificateStatusBody,
  createDisabilityStandardBody,
  disabilityCertificateDetail,
  disabilityCertificateImportQuery,
  disabilityCertificateImportReport,
  disabilityCertificateImportRunView,
  disabilityCertificateView,
  disabilityCertificatesQuery,
  disabilityPolicyView,
  disabilityStandardLookupQuery,
  disabilityStandardLookupView,
  disabilityStandardView,
  disabilityStandardsQuery,
  recordDisabilityCertificateBody,
  withdrawDisabilityStandardBody,
} from '@social-affairs/kernel/contracts/disability';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable, Transform } from 'node:stream';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendXlsx } from '../../xlsx-reply';
import { errors, idParam, tags } from './shared';

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

/** The upload in its own plugin scope: the raw-body parser must not reach the JSON routes. */
const certificateUpload: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  app.post(
    '/api/disability/certificates/imports',
    {
      config: { access: 'disability:read', personalData: 'list' },
      schema: {
        tags,
        summary:
          '导入残联残疾人证数据（CSV 或 Excel 原始内容为请求体；县残联或县级补贴经办人员）：逐行校验证号、持证人、类别等级，同一证号再次导入为无变化或状态变更；同一文件重复导入不产生变化；返回逐行报告',
        querystring: disabilityCertificateImportQuery,
        response: {
          200: disabilityCertificateImportReport,
          201: disabilityCertificateImportReport,
          ...errors,
        },
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
        const report = await importCertificates(app.core, actorOf(req), {
          file: body instanceof Readable ? limited(body, ROLL_IMPORT_MAX_BYTES) : Buffer.alloc(0),
          fileName: req.query.fileName || '残疾人证数据',
        });
        return reply.status(report.repeated ? 200 : 201).send(report);
      } catch (err) {
        if (body instanceof Readable && !body.readableEnded) reply.header('connection', 'close');
        throw err;
      }
    },
  );
};

export const certificatesRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(certificateUpload);

  app.get(
    '/api/disability/certificates/import-template.xlsx',
    {
      config: { access: 'disability:read', personalData: false },
      schema: { tags, summary: '下载残疾人证数据导入模板（Excel）' },
    },
    async (_req, reply) => sendXlsx(reply, '残疾人证导入模板.xlsx', await certificateImportTemplateXlsx()),
  );
  app.get(
    '/api/disability/certificates/imports',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '残疾人证数据导入记录（最近 50 次）',
        response: { 200: z.object({ items: z.array(disabilityCertificateImportRunView) }), ...errors },
      },
    },
    async (req) => ({ items: await listCertificateImports(app.core, actorOf(req)) }),
  );
  app.get(
    '/api/disability/certificates/imports/:id/report.xlsx',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: { tags, summary: '下载残疾人证导入的逐行校验报告（Excel；不含完整身份号码）', params: idParam },
    },
    async (req, reply) =>
      sendXlsx(
        reply,
        '残疾人证导入报告.xlsx',
        await certificateImportReportXlsx(app.core, actorOf(req), req.params.id),
      ),
  );

  ledgerRoutes(app, {
    path: '/api/disability/certificates',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '残疾人证台账：按姓名或证号、残疾类别、等级、状态、区县筛选（证号脱敏，记入审计日志）',
    exportSummary: '导出残疾人证台账 Excel（与列表相同的筛选）',
    filter: disabilityCertificatesQuery,
    filterLabels: { q: '姓名或证号', category: '残疾类别', grade: '残疾等级', status: '状态' },
    filterValues: {
      status: DISABILITY_CERTIFICATE_STATUS_TEXT,
      category: { 1: '视力', 2: '听力', 3: '言语', 4: '肢体', 5: '智力', 6: '精神', 7: '多重' },
      grade: { 1: '一级', 2: '二级', 3: '三级', 4: '四级' },
    },
    sortLabels: DISABILITY_CERTIFICATE_SORT_LABELS,
    view: disabilityCertificateView,
    list: listCertificates,
    exportRows: exportCertificates,
    sheet: '残疾人证台账',
    columns: [
      { header: '残疾人证号', value: (r) => r.numberMasked, width: 24 },
      { header: '持证人', value: (r) => r.personName },
      { header: '残疾类别', value: (r) => r.categoryLabel },
      { header: '残疾等级', value: (r) => r.gradeLabel },
      { header: '证件颜色', value: (r) => (r.colour === 'red' ? '红本' : '绿本') },
      { header: '发证日期', value: (r) => r.issuedOn ?? '' },
      { header: '有效期至', value: (r) => r.validUntil ?? '长期' },
      { header: '状态', value: (r) => r.statusLabel },
      { header: '状态日期', value: (r) => r.statusOn ?? '' },
      { header: '发证县区', value: (r) => r.divisionName, width: 16 },
      { header: '来源', value: (r) => (r.source === 'import' ? '残联数据导入' : '手工登记') },
    ],
    fileName: '残疾人证台账.xlsx',
  });

  app.get(
    '/api/disability/certificates/:id',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '残疾人证详情及变更记录（记入审计日志）',
        params: idParam,
        response: { 200: disabilityCertificateDetail, ...errors },
      },
    },
    async (req) => getCertificate(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/disability/certificates',
    {
      config: { access: 'disability:federation', personalData: 'record' },
      schema: {
        tags,
        summary: '县残联手工登记残疾人证（与导入相同的校验：证号、持证人、第一代证）',
        body: recordDisabilityCertificateBody,
        response: { 201: disabilityCertificateView, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      return reply.status(201).send(
        await recordCertificate(app.core, actorOf(req), {
          certificateNumber: b.certificateNumber,
          residentId: b.residentId,
          issuedOn: b.issuedOn,
          validUntil: b.validUntil ?? null,
          ...(b.divisionCode ? { divisionCode: b.divisionCode } : {}),
        }),
      );
    },
  );
  app.post(
    '/api/disability/certificates/:id/status',
    {
      config: { access: 'disability:federation', personalData: 'record' },
      schema: {
        tags,
        summary: '县残联变更残疾人证状态：冻结、注销、恢复有效（解冻或换证续期），写明日期和原因，保留历史',
        params: idParam,
        body: changeDisabilityCertificateStatusBody,
        response: { 200: disabilityCertificateView, ...errors },
      },
    },
    async (req) =>
      changeCertificateStatus(app.core, actorOf(req), req.params.id, {
        status: req.body.status,
        on: req.body.on,
        reason: req.body.reason,
        validUntil: req.body.validUntil ?? null,
      }),
  );

  app.get(
    '/api/disability/standards',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '补贴标准：本地适用的省、市、县标准及档次（可含已撤销的历史）',
        querystring: disabilityStandardsQuery,
        response: { 200: z.object({ items: z.array(disabilityStandardView) }), ...errors },
      },
    },
    async (req) => listStandards(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/disability/standards/policy',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '现行政策口径（只读）：全省最低标准、地方扩面政策、与其他待遇的衔接规则及其依据',
        response: { 200: disabilityPolicyView, ...errors },
      },
    },
    async (req) => disabilityPolicy(app.core, actorOf(req)),
  );
  app.get(
    '/api/disability/standards/lookup',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary:
          '标准测算：某人某月可享受的两项补贴资格与标准（按残疾人证、低保/特困状态和户籍地标准；记入审计日志）',
        querystring: disabilityStandardLookupQuery,
        response: { 200: disabilityStandardLookupView, ...errors },
      },
    },
    async (req) =>
      lookupStandard(app.core, actorOf(req), {
        month: req.query.month,
        ...(req.query.personId ? { personId: req.query.personId } : {}),
        ...(req.query.certificateNumber ? { certificateNumber: req.query.certificateNumber } : {}),
      }),
  );
  app.post(
    '/api/disability/standards',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: `制定补贴标准（市、省民政部门；县级民政部门限本县）：不得低于当年全省最低标准；档次可按残疾类别、等级、困难类型（${Object.values(STANDARD_HARDSHIP_LABELS).join('、')}）区分；调整时替代原标准`,
        body: createDisabilityStandardBody,
        response: { 201: disabilityStandardView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createStandard(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/disability/standards/:id/withdraw',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '撤销补贴标准（写明原因；标准不在原记录上修改，撤销后保留历史）',
        params: idParam,
        body: withdrawDisabilityStandardBody,
        response: { 200: disabilityStandardView, ...errors },
      },
    },
    async (req) => withdrawStandard(app.core, actorOf(req), req.params.id, req.body),
  );
};
