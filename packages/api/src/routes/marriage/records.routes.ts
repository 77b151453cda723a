/** Marriage records: search, Excel export, detail, certificate print, court judgments, annulment referral, re-issues and refusal notices. */
import {
  applyForRegistryAnnulment,
  exportMarriages,
  findMarriagesByParties,
  getMarriage,
  getRefusal,
  printCertificateIssue,
  printMarriageCertificate,
  printRefusalNotice,
  recordCourtJudgment,
  reissueCertificate,
  searchMarriages,
} from '@social-affairs/core/marriage';
import {
  annulmentApplicationBody,
  certificateIssueView,
  courtJudgmentBody,
  judgmentView,
  marriagesQuery,
  marriageView,
  presentedPartiesBody,
  refusalView,
  reissueBody,
  MARRIAGE_SORT_LABELS,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import {
  tags,
  errors,
  idParam,
  readReason,
  STATUS_LABEL,
  KIND_LABEL,
  CROSS_BORDER_LABEL,
  sendPdf,
} from './shared';

export const recordsRoutes: FastifyPluginAsyncZod = async (app) => {
  ledgerRoutes(app, {
    path: '/api/marriage/marriages',
    access: 'marriage:read',
    personalData: 'list',
    tags,
    listSummary: '婚姻登记档案：按区划、姓名/身份证号/证书字号、状态、登记日期筛选',
    exportSummary: '导出婚姻登记档案 Excel（与列表相同的筛选和脱敏）',
    filter: marriagesQuery,
    filterLabels: { from: '登记日期起', to: '登记日期止' },
    sortLabels: MARRIAGE_SORT_LABELS,
    view: marriageView,
    list: searchMarriages,
    exportRows: exportMarriages,
    sheet: '婚姻登记档案',
    columns: [
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
    fileName: '婚姻登记档案.xlsx',
  });
  app.get(
    '/api/marriage/marriages/:id',
    {
      config: { access: 'marriage:read', personalData: 'record' },
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
      config: { access: 'marriage:write', personalData: 'record' },
      schema: { tags, summary: '打印结婚证（PDF，每位持证人一页；记入审计日志）', params: idParam },
    },
    async (req, reply) =>
      sendPdf(reply, await printMarriageCertificate(app.core, actorOf(req), req.params.id)),
  );
  app.post(
    '/api/marriage/marriages/:id/judgments',
    {
      config: { access: 'marriage:write', personalData: 'record' },
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
      config: { access: 'marriage:write', personalData: 'record' },
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
      config: { access: 'marriage:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '补领结婚证/离婚证（本辖区记录 ID，或双方出示的公民身份号码：当事人持证申请）；婚姻状况已变化的出具婚姻登记记录证明',
        body: reissueBody,
        response: { 201: certificateIssueView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await reissueCertificate(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/marriage/marriages/by-parties',
    {
      config: { access: 'marriage:write', personalData: 'record' },
      schema: {
        tags,
        summary: '当事人持证查档：按双方出示的公民身份号码查找双方之间的婚姻登记（任何辖区；记入审计日志）',
        body: presentedPartiesBody,
        response: { 200: z.array(marriageView), ...errors },
      },
    },
    async (req) => findMarriagesByParties(app.core, actorOf(req), req.body),
  );
  app.get(
    '/api/marriage/reissues/:id/document.pdf',
    {
      config: { access: 'marriage:write', personalData: 'record' },
      schema: { tags, summary: '打印补发的婚姻登记证或婚姻登记记录证明（PDF）', params: idParam },
    },
    async (req, reply) => sendPdf(reply, await printCertificateIssue(app.core, actorOf(req), req.params.id)),
  );
  app.get(
    '/api/marriage/refusals/:id',
    {
      config: { access: 'marriage:read', personalData: 'record' },
      schema: {
        tags,
        summary: '不予登记/不予受理告知书（仅列理由；记入审计日志）',
        params: idParam,
        response: { 200: refusalView, ...errors },
      },
    },
    async (req) => getRefusal(app.core, actorOf(req), req.params.id),
  );
  app.get(
    '/api/marriage/refusals/:id/notice.pdf',
    {
      config: { access: 'marriage:read', personalData: 'record' },
      schema: { tags, summary: '打印告知书（PDF）', params: idParam },
    },
    async (req, reply) => sendPdf(reply, await printRefusalNotice(app.core, actorOf(req), req.params.id)),
  );
};
