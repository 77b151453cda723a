/**
 * Routes of the funeral line's certificates concern (F3), under `/api/funeral/…` (ADR 0022): the case tab
 * 火化证明与外运, the cremation certificate's lifecycle (issue, collect, register, archive, cancel, re-issue)
 * and PDF, the 火化证明 ledger; the 遗体外运 request (R-FUN-03; its decision goes through /api/approvals),
 * the departure, and the 遗体外运 ledger — each ledger with its Excel export.
 */
import {
  archiveCertificate,
  cancelCertificate,
  certificateLedger,
  certificatesCaseView,
  collectCertificate,
  departTransport,
  exportCertificateLedger,
  exportTransportLedger,
  issueCertificate,
  printCertificate,
  registerCertificate,
  reissueCertificate,
  requestTransport,
  transportLedger,
  visibleFacility,
} from '@social-affairs/core/funeral';
import {
  CERTIFICATE_REISSUE_REASON_LABELS,
  CERTIFICATE_SORT_LABELS,
  CREMATION_CERTIFICATE_STATUS_LABELS,
  TRANSPORT_REQUEST_STATUS_LABELS,
  TRANSPORT_SORT_LABELS,
  archiveCertificateBody,
  cancelCertificateBody,
  certificatesCaseView as certificatesCaseViewSchema,
  certificatesQuery,
  collectCertificateBody,
  cremationCertificateView,
  departTransportBody,
  issueCertificateBody,
  registerCertificateBody,
  reissueCertificateBody,
  requestTransportBody,
  transportRequestView,
  transportRequestsQuery,
} from '@social-affairs/kernel/contracts/funeral';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendPdf } from '../../pdf-reply';
import { errors, idParam, tags } from './shared';

const transitions = [
  [
    'collect',
    collectCertificateBody,
    collectCertificate,
    '登记领取（领取人姓名、关系，身份证件核验后只保存脱敏号码）',
  ],
  ['register', registerCertificateBody, registerCertificate, '登记已用于户籍注销（登记机关、日期）'],
  ['archive', archiveCertificateBody, archiveCertificate, '归档（已登记的证明）'],
  ['cancel', cancelCertificateBody, cancelCertificate, '作废（已出具或已领取的证明，须写明原因）'],
] as const;

export const certificatesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/funeral/cases/:id/certificates',
    {
      config: { access: 'funeral:read', personalData: 'record' },
      schema: {
        tags,
        summary:
          '火化证明与外运：本遗体的火化证明、办理记录、补发/换发记录、遗体外运申请与材料清单（记入审计日志）',
        params: idParam,
        response: { 200: certificatesCaseViewSchema, ...errors },
      },
    },
    async (req) => certificatesCaseView(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/funeral/cases/:id/certificates',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '出具火化证明（遗体已火化且处理方式为火化；从本馆文书编号序列取号；一具遗体只有一份有效证明）',
        params: idParam,
        body: issueCertificateBody,
        response: { 201: cremationCertificateView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await issueCertificate(app.core, actorOf(req), req.params.id, req.body)),
  );
  for (const [action, body, run, summary] of transitions) {
    app.post(
      `/api/funeral/certificates/:id/${action}`,
      {
        config: { access: 'funeral:write', personalData: 'record' },
        schema: {
          tags,
          summary: `火化证明：${summary}`,
          params: idParam,
          body,
          response: { 200: cremationCertificateView, ...errors },
        },
      },
      async (req) => run(app.core, actorOf(req), req.params.id, req.body),
    );
  }
  app.post(
    '/api/funeral/certificates/:id/reissue',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '补发/换发火化证明（遗失、损毁、信息有误）：原证明作废，按新编号出具，记入补发记录',
        params: idParam,
        body: reissueCertificateBody,
        response: { 201: cremationCertificateView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await reissueCertificate(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/funeral/certificates/:id/pdf',
    {
      config: { access: 'funeral:read', personalData: 'record' },
      schema: { tags, summary: '打印火化证明（PDF；已作废的证明不能打印）', params: idParam },
    },
    async (req, reply) => sendPdf(reply, await printCertificate(app.core, actorOf(req), req.params.id)),
  );
  ledgerRoutes(app, {
    path: '/api/funeral/certificates',
    access: 'funeral:read',
    personalData: 'list',
    tags,
    listSummary: '火化证明台账：按状态、殡仪馆、出具日期、证明编号或逝者姓名筛选',
    exportSummary: '导出火化证明台账 Excel（与列表相同的筛选）',
    filter: certificatesQuery,
    filterLabels: { status: '状态', facilityId: '殡仪馆', from: '出具日期起', to: '出具日期止' },
    filterValues: { status: CREMATION_CERTIFICATE_STATUS_LABELS },
    sortLabels: CERTIFICATE_SORT_LABELS,
    idLabels: async (core, actor, q) => ({
      facilityId: q.facilityId
        ? (await visibleFacility(core.db.kysely, actor, q.facilityId)).name
        : undefined,
    }),
    view: cremationCertificateView,
    list: certificateLedger,
    exportRows: exportCertificateLedger,
    sheet: '火化证明台账',
    columns: [
      { header: '证明编号', value: (r) => r.number, width: 30 },
      { header: '状态', value: (r) => r.statusLabel },
      { header: '遗体档案号', value: (r) => r.caseNo, width: 28 },
      { header: '逝者', value: (r) => r.deceasedName },
      { header: '死亡日期', value: (r) => r.deathDate ?? '' },
      { header: '火化日期', value: (r) => r.crematedOn },
      { header: '出具日期', value: (r) => r.issuedOn },
      { header: '殡仪馆', value: (r) => r.facilityName, width: 26 },
      {
        header: '领取人',
        value: (r) => (r.collectorName ? `${r.collectorName}（${r.collectorRelation ?? ''}）` : ''),
      },
      { header: '登记机关', value: (r) => r.registeredOffice ?? '', width: 26 },
      {
        header: '补发/换发',
        value: (r) =>
          r.reissueReason
            ? `${CERTIFICATE_REISSUE_REASON_LABELS[r.reissueReason]}（原${r.replacesNumber ?? ''}）`
            : '',
        width: 30,
      },
      { header: '经办人', value: (r) => r.issuedBy },
    ],
    fileName: '火化证明台账.xlsx',
  });

  app.post(
    '/api/funeral/cases/:id/transport-requests',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '申请遗体外运（须有户籍地县级民政部门证明；提交死亡地县级民政部门审批，批准后登记批准文书）',
        params: idParam,
        body: requestTransportBody,
        response: { 201: transportRequestView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await requestTransport(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/funeral/transport-requests/:id/depart',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '遗体外运起运（审批通过、两份材料有效、已卫生处理）：保管环节记为“已外运”',
        params: idParam,
        body: departTransportBody,
        response: { 200: transportRequestView, ...errors },
      },
    },
    async (req) => departTransport(app.core, actorOf(req), req.params.id, req.body),
  );
  ledgerRoutes(app, {
    path: '/api/funeral/transport-requests',
    access: 'funeral:read',
    personalData: 'list',
    tags,
    listSummary: '遗体外运台账：按状态、殡仪馆、申请日期、遗体档案号或逝者姓名筛选',
    exportSummary: '导出遗体外运台账 Excel（与列表相同的筛选）',
    filter: transportRequestsQuery,
    filterLabels: { status: '状态', facilityId: '殡仪馆', from: '申请日期起', to: '申请日期止' },
    filterValues: { status: TRANSPORT_REQUEST_STATUS_LABELS },
    sortLabels: TRANSPORT_SORT_LABELS,
    idLabels: async (core, actor, q) => ({
      facilityId: q.facilityId
        ? (await visibleFacility(core.db.kysely, actor, q.facilityId)).name
        : undefined,
    }),
    view: transportRequestView,
    list: transportLedger,
    exportRows: exportTransportLedger,
    sheet: '遗体外运台账',
    columns: [
      { header: '申请日期', value: (r) => r.requestedOn },
      { header: '遗体档案号', value: (r) => r.caseNo, width: 28 },
      { header: '逝者', value: (r) => r.deceasedName },
      { header: '殡仪馆', value: (r) => r.facilityName, width: 26 },
      { header: '目的地', value: (r) => `${r.destinationName}${r.destinationAddress}`, width: 36 },
      { header: '事由', value: (r) => r.reason, width: 24 },
      { header: '户籍地证明', value: (r) => r.homeCountyCertificateNumber ?? '', width: 24 },
      { header: '死亡地批准', value: (r) => r.deathPlaceApprovalNumber ?? '', width: 28 },
      { header: '状态', value: (r) => r.statusLabel },
      { header: '起运时间', value: (r) => r.departedAt ?? '' },
      { header: '经办人', value: (r) => r.requestedBy },
    ],
    fileName: '遗体外运台账.xlsx',
  });
};
