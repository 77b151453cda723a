import {
  applyForDivorce,
  appointmentAvailability,
  bookAppointment,
  cancelAppointment,
  findAppointment,
  rescheduleAppointment,
  listAppointments,
  applyForRegistryAnnulment,
  attachmentHeader,
  createRegistry,
  exportMarriages,
  getDivorce,
  getImportReport,
  importMarriages,
  importTemplateXlsx,
  listImports,
  resolveImportRow,
  listAwaitingMatches,
  exportAwaitingMatches,
  type AwaitingMatchView,
  getMaritalStatus,
  getMarriage,
  getRefusal,
  ledgerXlsxStream,
  listActiveRegistries,
  listDivorces,
  listQualifications,
  marriageStatistics,
  myRegistries,
  printCertificateIssue,
  printDivorceDocument,
  printMarriageCertificate,
  printRefusalNotice,
  recordCourtJudgment,
  recordQualification,
  registerMarriage,
  reissueCertificate,
  requestDivorceCertificate,
  revokeQualification,
  searchMarriages,
  withdrawDivorce,
  type MarriageStatsRow,
  type MarriageView,
  type PrintedDocument,
} from '@social-affairs/core';
import {
  annulmentApplicationBody,
  appointmentReceipt,
  appointmentsQuery,
  appointmentView,
  availabilityView,
  bookAppointmentBody,
  cancelAppointmentBody,
  findAppointmentBody,
  rescheduleAppointmentBody,
  appointmentDetail,
  applyDivorceBody,
  certificateIssueView,
  courtJudgmentBody,
  divorcesQuery,
  divorceView,
  importBody,
  importReport,
  importRowReport,
  importSummary,
  resolveImportRowBody,
  awaitingMatchesQuery,
  awaitingMatchView,
  judgmentView,
  maritalStatusQuery,
  maritalStatusView,
  marriagesQuery,
  marriageStatistics as marriageStatisticsDto,
  marriageStatsQuery,
  marriageView,
  newQualificationBody,
  newRegistryBody,
  pageOf,
  pageQuery,
  qualificationView,
  refusalView,
  registerMarriageBody,
  registriesQuery,
  registryView,
  reissueBody,
  requestDivorceCertificateBody,
  revokeQualificationBody,
  withdrawDivorceBody,
  errorResponses,
} from '@social-affairs/kernel/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';
import { sendXlsx } from '../xlsx-reply';

const errors = errorResponses;
const idParam = z.object({ id: z.string().min(1).max(64) });
const readReason = z.object({
  reason: z.string().trim().max(200).optional().describe('查阅事由（记入审计日志）'),
});

const STATUS_LABEL = {
  subsisting: '存续',
  divorced: '已离婚',
  ended_by_death: '因死亡终止',
  void: '无效',
  annulled: '已撤销',
} as const;
const KIND_LABEL = { registration: '结婚登记', supplementary: '补办结婚登记', backfill: '历史补录' } as const;
const CROSS_BORDER_LABEL = { mainland: '内地居民', foreign: '涉外', hk_macao_taiwan: '涉港澳台' } as const;

function sendPdf(reply: FastifyReply, doc: PrintedDocument) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', attachmentHeader(doc.fileName))
    .header('cache-control', 'no-store')
    .send(doc.pdf);
}

export const marriageRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['婚姻登记'];

  // ----- Registries and qualifications -------------------------------------------------------------
  app.get(
    '/api/marriage/registries',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '婚姻登记机关（地址、办公时间、办理范围；公开信息）',
        querystring: registriesQuery,
        response: { 200: z.array(registryView), ...errors },
      },
    },
    async (req) => listActiveRegistries(app.core, req.query.division),
  );
  app.post(
    '/api/marriage/registries',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: '新增婚姻登记机关（区划须在本人管辖范围内）',
        body: newRegistryBody,
        response: { 201: registryView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createRegistry(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/marriage/my-registries',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '本人可办理登记的婚姻登记机关（登记员：持有有效资格的机关）',
        response: { 200: z.array(registryView), ...errors },
      },
    },
    async (req) => myRegistries(app.core, actorOf(req)),
  );
  app.get(
    '/api/marriage/qualifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: '婚姻登记员资格（持证上岗）列表：系统管理员或婚姻登记人员可查看',
        response: { 200: z.array(qualificationView), ...errors },
      },
    },
    async (req) => listQualifications(app.core, actorOf(req)),
  );
  app.post(
    '/api/marriage/qualifications',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: '登记婚姻登记员资格证书',
        body: newQualificationBody,
        response: { 201: qualificationView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await recordQualification(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/marriage/qualifications/:id/revoke',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: '注销婚姻登记员资格（须填写事由）',
        params: idParam,
        body: revokeQualificationBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await revokeQualification(app.core, actorOf(req), req.params.id, req.body.reason);
      return reply.status(204).send(null);
    },
  );

  // ----- Registration and records -----------------------------------------------------------------
  app.post(
    '/api/marriage/registrations',
    {
      config: { access: 'marriage:write' },
      schema: {
        tags,
        summary:
          '办理结婚登记（含补办结婚登记）；不符合条件时返回 422 MARRIAGE_REFUSED 及全部理由和告知书编号',
        body: registerMarriageBody,
        response: { 201: marriageView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await registerMarriage(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/marriage/marriages',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '婚姻登记档案：按区划、姓名/身份证号/证书字号、状态、登记日期筛选',
        querystring: marriagesQuery.extend(pageQuery.shape),
        response: { 200: pageOf(marriageView), ...errors },
      },
    },
    async (req) => searchMarriages(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/marriage/marriages/export',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '导出婚姻登记档案 Excel（与列表相同的筛选和脱敏）',
        querystring: marriagesQuery,
      },
    },
    async (req, reply) => {
      const rows = await exportMarriages(app.core, actorOf(req), req.query);
      const stream = ledgerXlsxStream<MarriageView>(
        '婚姻登记档案',
        [
          { header: '登记日期', value: (m) => m.registeredOn },
          { header: '证书字号', value: (m) => m.certificateNo, width: 26 },
          { header: '类别', value: (m) => KIND_LABEL[m.kind] },
          { header: '涉外情况', value: (m) => CROSS_BORDER_LABEL[m.crossBorder] },
          { header: '男方', value: (m) => m.husband.name },
          { header: '男方身份证号（脱敏）', value: (m) => m.husband.residentIdMasked, width: 22 },
          { header: '女方', value: (m) => m.wife.name },
          { header: '女方身份证号（脱敏）', value: (m) => m.wife.residentIdMasked, width: 22 },
          { header: '登记机关', value: (m) => m.registryName, width: 28 },
          { header: '状态', value: (m) => STATUS_LABEL[m.status] },
          { header: '终止日期', value: (m) => m.endedOn },
        ],
        rows,
      );
      return sendXlsx(reply, '婚姻登记档案.xlsx', stream);
    },
  );
  app.get(
    '/api/marriage/marriages/:id',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '婚姻登记记录详情（记入审计日志）',
        params: idParam,
        querystring: readReason,
        response: { 200: marriageView, ...errors },
      },
    },
    async (req) => getMarriage(app.core, actorOf(req), req.params.id, req.query.reason),
  );
  app.get(
    '/api/marriage/marriages/:id/certificate.pdf',
    {
      config: { access: 'marriage:write' },
      schema: { tags, summary: '打印结婚证（PDF，每位持证人一页；记入审计日志）', params: idParam },
    },
    async (req, reply) =>
      sendPdf(reply, await printMarriageCertificate(app.core, actorOf(req), req.params.id)),
  );
  app.post(
    '/api/marriage/marriages/:id/judgments',
    {
      config: { access: 'marriage:write' },
      schema: {
        tags,
        summary: '登记人民法院确认婚姻无效或撤销婚姻的判决（婚姻记录状态随之变为无效/撤销）',
        params: idParam,
        body: courtJudgmentBody,
        response: { 201: judgmentView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordCourtJudgment(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/marriage/annulment-applications',
    {
      config: { access: 'marriage:write' },
      schema: {
        tags,
        summary:
          '撤销婚姻申请：2021-01-01 起不予受理，告知向人民法院起诉（始终返回 422 ANNULMENT_BY_COURT_ONLY）',
        body: annulmentApplicationBody,
        response: errors,
      },
    },
    async (req) => applyForRegistryAnnulment(app.core, actorOf(req), req.body.ground),
  );
  app.post(
    '/api/marriage/reissues',
    {
      config: { access: 'marriage:write' },
      schema: {
        tags,
        summary: '补领结婚证/离婚证；婚姻状况已变化的出具婚姻登记记录证明',
        body: reissueBody,
        response: { 201: certificateIssueView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await reissueCertificate(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/marriage/reissues/:id/document.pdf',
    {
      config: { access: 'marriage:write' },
      schema: { tags, summary: '打印补发的婚姻登记证或婚姻登记记录证明（PDF）', params: idParam },
    },
    async (req, reply) => sendPdf(reply, await printCertificateIssue(app.core, actorOf(req), req.params.id)),
  );
  app.get(
    '/api/marriage/refusals/:id',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '不予登记/不予受理告知书（仅列理由）',
        params: idParam,
        response: { 200: refusalView, ...errors },
      },
    },
    async (req) => getRefusal(app.core, actorOf(req), req.params.id),
  );
  app.get(
    '/api/marriage/refusals/:id/notice.pdf',
    {
      config: { access: 'marriage:read' },
      schema: { tags, summary: '打印告知书（PDF）', params: idParam },
    },
    async (req, reply) => sendPdf(reply, await printRefusalNotice(app.core, actorOf(req), req.params.id)),
  );
  app.post(
    '/api/marriage/status-queries',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '婚姻状况查询（GB/T 2261.2 代码；须填写事由，记入审计日志）',
        body: maritalStatusQuery,
        response: { 200: maritalStatusView, ...errors },
      },
    },
    async (req) => getMaritalStatus(app.core, actorOf(req), req.body),
  );

  // ----- Divorce ----------------------------------------------------------------------------------
  app.post(
    '/api/marriage/divorces',
    {
      config: { access: 'marriage:write' },
      schema: {
        tags,
        summary: '受理离婚登记申请（确定冷静期）；不予受理时返回 422 DIVORCE_NOT_ACCEPTED',
        body: applyDivorceBody,
        response: { 201: divorceView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await applyForDivorce(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/marriage/divorces',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '离婚登记申请（含各期间剩余天数）',
        querystring: divorcesQuery,
        response: { 200: z.array(divorceView), ...errors },
      },
    },
    async (req) => listDivorces(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/marriage/divorces/:id',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '离婚登记申请详情',
        params: idParam,
        response: { 200: divorceView, ...errors },
      },
    },
    async (req) => getDivorce(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/marriage/divorces/:id/withdraw',
    {
      config: { access: 'marriage:write' },
      schema: {
        tags,
        summary: '冷静期内一方撤回离婚登记申请',
        params: idParam,
        body: withdrawDivorceBody,
        response: { 200: divorceView, ...errors },
      },
    },
    async (req) => withdrawDivorce(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/marriage/divorces/:id/certificate',
    {
      config: { access: 'marriage:write' },
      schema: {
        tags,
        summary: '冷静期届满后三十日内双方共同申请发给离婚证（审查并登记）',
        params: idParam,
        body: requestDivorceCertificateBody,
        response: { 200: divorceView, ...errors },
      },
    },
    async (req) => requestDivorceCertificate(app.core, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/marriage/divorces/:id/:document',
    {
      config: { access: 'marriage:write' },
      schema: {
        tags,
        summary: '打印离婚证、受理回执单或撤回确认单（PDF）',
        params: z.object({
          id: z.string().min(1).max(64),
          document: z.enum(['certificate.pdf', 'receipt.pdf', 'withdrawal.pdf']),
        }),
      },
    },
    async (req, reply) => {
      const which = req.params.document.replace('.pdf', '') as 'certificate' | 'receipt' | 'withdrawal';
      return sendPdf(reply, await printDivorceDocument(app.core, actorOf(req), req.params.id, which));
    },
  );

  // ----- Back-fill import -------------------------------------------------------------------------
  app.get(
    '/api/marriage/imports/template.xlsx',
    {
      config: { access: 'marriage:read' },
      schema: { tags, summary: '下载历史婚姻登记补录模板（Excel）' },
    },
    async (_req, reply) => sendXlsx(reply, '婚姻登记补录模板.xlsx', await importTemplateXlsx()),
  );
  app.post(
    '/api/marriage/imports',
    {
      config: { access: 'marriage:write' },
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
      config: { access: 'marriage:read' },
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
      config: { access: 'marriage:read' },
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
      config: { access: 'marriage:write' },
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

  app.get(
    '/api/marriage/awaiting-matches',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '补录待匹配：各批次中无身份证号、待确认人员的行（身份证号脱敏，含比对建议）',
        querystring: awaitingMatchesQuery.extend(pageQuery.shape),
        response: { 200: pageOf(awaitingMatchView), ...errors },
      },
    },
    async (req) => listAwaitingMatches(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/marriage/awaiting-matches/export',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '导出补录待匹配 Excel（与列表相同的筛选和脱敏）',
        querystring: awaitingMatchesQuery,
      },
    },
    async (req, reply) => {
      const rows = await exportAwaitingMatches(app.core, actorOf(req), req.query);
      const party = (p: AwaitingMatchView['husband']) =>
        p.residentIdMasked ?? (p.birthDate ? `无身份证号（出生 ${p.birthDate}）` : '无身份证号');
      const stream = ledgerXlsxStream<AwaitingMatchView>(
        '补录待匹配',
        [
          { header: '导入文件', value: (r) => r.fileName, width: 24 },
          { header: '行号', value: (r) => r.rowNo, width: 6 },
          { header: '登记日期', value: (r) => r.registeredOn },
          { header: '登记机关', value: (r) => r.registryName, width: 28 },
          { header: '证书字号', value: (r) => r.certificateNo, width: 22 },
          { header: '男方', value: (r) => r.husband.name },
          { header: '男方身份证号（脱敏）', value: (r) => party(r.husband), width: 26 },
          { header: '女方', value: (r) => r.wife.name },
          { header: '女方身份证号（脱敏）', value: (r) => party(r.wife), width: 26 },
          { header: '类别', value: (r) => KIND_LABEL[r.kind] },
          { header: '涉外情况', value: (r) => CROSS_BORDER_LABEL[r.crossBorder] },
          { header: '婚姻状态', value: (r) => STATUS_LABEL[r.status] },
          { header: '终止日期', value: (r) => r.endedOn },
        ],
        rows,
      );
      return sendXlsx(reply, '补录待匹配.xlsx', stream);
    },
  );

  // ----- Statistics -------------------------------------------------------------------------------
  app.get(
    '/api/marriage/statistics',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '婚姻登记统计（R-MAR-18 分类 × 下级区划，可逐级下钻）',
        querystring: marriageStatsQuery,
        response: { 200: marriageStatisticsDto, ...errors },
      },
    },
    async (req) => marriageStatistics(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/marriage/statistics/export',
    {
      config: { access: 'marriage:read' },
      schema: { tags, summary: '导出婚姻登记统计 Excel', querystring: marriageStatsQuery },
    },
    async (req, reply) => {
      const stats = await marriageStatistics(app.core, actorOf(req), req.query);
      async function* rows() {
        yield* stats.rows;
        yield {
          divisionCode: '',
          divisionName: '合计',
          counts: stats.totals,
          total: stats.totals.reduce((a, b) => a + b, 0),
        };
      }
      const stream = ledgerXlsxStream<MarriageStatsRow>(
        '婚姻登记统计',
        [
          { header: '区划代码', value: (r) => r.divisionCode },
          { header: '区划名称', value: (r) => r.divisionName, width: 22 },
          ...stats.categories.map((c, i) => ({
            header: c.label,
            value: (r: MarriageStatsRow) => r.counts[i] ?? 0,
            width: 16,
          })),
          { header: '合计', value: (r) => r.total },
        ],
        rows(),
      );
      return sendXlsx(reply, `婚姻登记统计-${stats.division.name}-${stats.from}至${stats.to}.xlsx`, stream);
    },
  );

  // ----- Appointments -----------------------------------------------------------------------------
  app.get(
    '/api/marriage/availability',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '预约余量（今后 30 天的工作日，上午/下午）',
        querystring: z.object({ registryId: z.string().min(1).max(64) }),
        response: { 200: availabilityView, ...errors },
      },
    },
    async (req) => appointmentAvailability(app.core, req.query.registryId),
  );
  app.post(
    '/api/marriage/appointments',
    {
      config: { access: 'public', rateLimit: app.publicWriteLimit },
      schema: {
        tags,
        summary: '网上预约婚姻登记（半天时段，额满即止）',
        body: bookAppointmentBody,
        response: { 201: appointmentReceipt, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await bookAppointment(app.core, req.body)),
  );
  app.post(
    '/api/marriage/appointments/cancel',
    {
      config: { access: 'public', rateLimit: app.publicWriteLimit },
      schema: {
        tags,
        summary: '取消预约（预约号 + 手机号码）',
        body: cancelAppointmentBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await cancelAppointment(app.core, req.body.reference, req.body.phone);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/marriage/appointments/lookup',
    {
      config: { access: 'public', rateLimit: app.publicWriteLimit },
      schema: {
        tags,
        summary: '查询预约（预约号 + 手机号码）',
        body: findAppointmentBody,
        response: { 200: appointmentDetail, ...errors },
      },
    },
    async (req) => findAppointment(app.core, req.body.reference, req.body.phone),
  );
  app.post(
    '/api/marriage/appointments/reschedule',
    {
      config: { access: 'public', rateLimit: app.publicWriteLimit },
      schema: {
        tags,
        summary: '预约改期（预约号 + 手机号码；同一登记机关的其他半天时段，预约号不变）',
        body: rescheduleAppointmentBody,
        response: { 200: appointmentDetail, ...errors },
      },
    },
    async (req) => rescheduleAppointment(app.core, req.body),
  );
  app.get(
    '/api/marriage/appointments',
    {
      config: { access: 'marriage:read' },
      schema: {
        tags,
        summary: '登记机关某日的预约（默认今天；手机号脱敏）',
        querystring: appointmentsQuery,
        response: { 200: z.array(appointmentView), ...errors },
      },
    },
    async (req) => listAppointments(app.core, actorOf(req), req.query.registryId, req.query.date),
  );
};
