/**
 * Routes of the funeral line's deaths concern, under `/api/funeral/…` (ADR 0022, 0028): the 居民死亡医学证明
 * of a case (→ people index), the case tab 身份与认领, review flags, revocation requests (被死亡; the
 * platform's people service, reviewed by a county reviewer), unidentified and unclaimed bodies, and the two
 * ledgers 死亡登记 and 无名遗体 with their Excel exports.
 */
import {
  caseDeaths,
  exportDeaths,
  exportUnidentified,
  listDeaths,
  listUnidentified,
  markUnclaimed,
  recordDeathCertificate,
  recordPoliceConfirmation,
  resolveCaseFlag,
  startClaimNotice,
  updateUnidentifiedProfile,
  visibleFacility,
} from '@social-affairs/core/funeral';
import { decideDeathRevocation, listDeathRevocations, requestDeathRevocation } from '@social-affairs/core';
import {
  DEATH_IDENTIFIER_KIND_LABELS,
  DEATH_OUTCOME_LABELS,
  DEATH_SORT_LABELS,
  UNIDENTIFIED_SORT_LABELS,
  caseDeathsView,
  caseFlagView,
  claimNoticeBody,
  deathCertificateOutcomeView,
  deathLedgerItemView,
  deathRevocationView,
  deathRevocationsQuery,
  deathsQuery,
  decideDeathRevocationBody,
  funeralCaseBriefView,
  markUnclaimedBody,
  policeConfirmationBody,
  recordDeathCertificateBody,
  requestDeathRevocationBody,
  resolveCaseFlagBody,
  unidentifiedItemView,
  unidentifiedProfileBody,
  unidentifiedProfileView,
  unidentifiedQuery,
} from '@social-affairs/kernel/contracts/funeral';
import { pageOf } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { errors, idParam, tags } from './shared';

const SEX_LABELS = { male: '男', female: '女', unknown: '不详' } as const;

export const deathsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/funeral/cases/:id/death-certificate',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '登记居民死亡医学证明：按签发日期核验编号，并将死亡信息推送人员库（同一死亡只登记一次；无名遗体的证明载明已在库人员时提出人员合并）',
        params: idParam,
        body: recordDeathCertificateBody,
        response: { 201: deathCertificateOutcomeView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordDeathCertificate(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/funeral/cases/:id/deaths',
    {
      config: { access: 'funeral:read', personalData: 'record' },
      schema: {
        tags,
        summary:
          '身份与认领：死亡登记、待复核事项、撤销申请、无名遗体火化前准备情况与体貌特征（记入审计日志）',
        params: idParam,
        response: { 200: caseDeathsView, ...errors },
      },
    },
    async (req) => caseDeaths(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/funeral/cases/:id/flags/:flagId/resolve',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '处理遗体档案的待复核事项（填写处理情况）',
        params: z.object({ id: idParam.shape.id, flagId: idParam.shape.id }),
        body: resolveCaseFlagBody,
        response: { 200: caseFlagView, ...errors },
      },
    },
    async (req) => resolveCaseFlag(app.core, actorOf(req), req.params.id, req.params.flagId, req.body),
  );
  const brief = (c: z.infer<typeof funeralCaseBriefView>) => funeralCaseBriefView.parse(c);
  app.post(
    '/api/funeral/cases/:id/police-confirmation',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记公安机关确认（无名或无人认领遗体）：费用由县级财政承担',
        params: idParam,
        body: policeConfirmationBody,
        response: { 200: funeralCaseBriefView, ...errors },
      },
    },
    async (req) => brief(await recordPoliceConfirmation(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/funeral/cases/:id/claim-notice',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '发布认领公告（须先登记公安机关确认；公告期按配置，默认30日）',
        params: idParam,
        body: claimNoticeBody,
        response: { 200: funeralCaseBriefView, ...errors },
      },
    },
    async (req) => brief(await startClaimNotice(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/funeral/cases/:id/unclaimed',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记无人认领遗体：费用由县级财政承担',
        params: idParam,
        body: markUnclaimedBody,
        response: { 200: funeralCaseBriefView, ...errors },
      },
    },
    async (req) => brief(await markUnclaimed(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/funeral/cases/:id/unidentified-profile',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记无名遗体体貌特征（即时更新寻亲检索）',
        params: idParam,
        body: unidentifiedProfileBody,
        response: { 200: unidentifiedProfileView, ...errors },
      },
    },
    async (req) => updateUnidentifiedProfile(app.core, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/funeral/death-revocations',
    {
      config: { access: 'funeral:read', personalData: 'list' },
      schema: {
        tags,
        summary: '撤销死亡登记申请（被死亡更正）：本县的申请及审核结果',
        querystring: deathRevocationsQuery.extend({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: { 200: pageOf(deathRevocationView), ...errors },
      },
    },
    async (req) => listDeathRevocations(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/funeral/death-revocations',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '申请撤销死亡登记（被死亡）：由县级审核人员（非申请人）审核',
        body: requestDeathRevocationBody,
        response: { 201: deathRevocationView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await requestDeathRevocation(app.core, actorOf(req), req.body.personId, {
          reason: req.body.reason,
          evidence: req.body.evidence,
        }),
      ),
  );
  app.post(
    '/api/funeral/death-revocations/:id/decide',
    {
      config: { access: 'funeral:approve', personalData: 'record' },
      schema: {
        tags,
        summary: '审核撤销死亡登记申请：批准后人员恢复为健在，各业务线据此更正',
        params: idParam,
        body: decideDeathRevocationBody,
        response: { 200: deathRevocationView, ...errors },
      },
    },
    async (req) => decideDeathRevocation(app.core, actorOf(req), req.params.id, req.body),
  );

  ledgerRoutes(app, {
    path: '/api/funeral/deaths',
    access: 'funeral:read',
    personalData: 'list',
    tags,
    listSummary: '死亡登记台账：本线登记的居民死亡医学证明及推送人员库结果',
    exportSummary: '导出死亡登记台账 Excel（与列表相同的筛选）',
    filter: deathsQuery,
    filterLabels: { outcome: '推送结果', from: '死亡日期起', to: '死亡日期止' },
    filterValues: { outcome: DEATH_OUTCOME_LABELS, status: { active: '有效', revoked: '已撤销' } },
    sortLabels: DEATH_SORT_LABELS,
    view: deathLedgerItemView,
    list: listDeaths,
    exportRows: exportDeaths,
    sheet: '死亡登记台账',
    columns: [
      { header: '档案编号', value: (r) => r.caseNo, width: 28 },
      { header: '姓名', value: (r) => r.name },
      { header: '死亡日期', value: (r) => r.deathDate },
      { header: '证明编号', value: (r) => r.certificateNumber ?? '', width: 26 },
      { header: '编号类型', value: (r) => DEATH_IDENTIFIER_KIND_LABELS[r.identifierKind], width: 22 },
      { header: '签发机构', value: (r) => r.issuer ?? '', width: 22 },
      { header: '签发日期', value: (r) => r.issuedOn ?? '' },
      { header: '推送结果', value: (r) => DEATH_OUTCOME_LABELS[r.outcome], width: 24 },
      { header: '状态', value: (r) => (r.status === 'active' ? '有效' : '已撤销') },
      { header: '经办人', value: (r) => r.recordedBy },
    ],
    fileName: '死亡登记台账.xlsx',
  });

  ledgerRoutes(app, {
    path: '/api/funeral/unidentified',
    access: 'funeral:read',
    personalData: 'list',
    tags,
    listSummary: '无名遗体工作清单：无名和无人认领遗体的公告倒计时、公安确认、照片和DNA/指纹、寻亲候选数',
    exportSummary: '导出无名遗体工作清单 Excel（与列表相同的筛选）',
    filter: unidentifiedQuery,
    filterLabels: { facilityId: '殡葬设施', state: '在馆状态', notice: '认领公告' },
    filterValues: {
      state: { open: '在馆', closed: '已办结' },
      notice: { not_started: '未发布', running: '公告中', ended: '已届满' },
    },
    sortLabels: UNIDENTIFIED_SORT_LABELS,
    idLabels: async (core, actor, q) => ({
      facilityId: q.facilityId
        ? (await visibleFacility(core.db.kysely, actor, q.facilityId)).name
        : undefined,
    }),
    view: unidentifiedItemView,
    list: listUnidentified,
    exportRows: exportUnidentified,
    sheet: '无名遗体工作清单',
    columns: [
      { header: '档案编号', value: (r) => r.caseNo, width: 28 },
      { header: '身份', value: (r) => (r.identityStatus === 'unidentified' ? '身份不明' : '无人认领') },
      { header: '性别', value: (r) => SEX_LABELS[r.sex] },
      { header: '估计年龄', value: (r) => r.estimatedAge ?? '' },
      { header: '死亡日期', value: (r) => r.deathDate ?? '' },
      { header: '公安确认', value: (r) => (r.readiness.policeConfirmed ? '已确认' : '未确认') },
      { header: '照片', value: (r) => (r.readiness.photo ? '有' : '无') },
      { header: 'DNA/指纹', value: (r) => (r.readiness.dnaOrFingerprint ? '有' : '无') },
      { header: '公告届满日', value: (r) => r.readiness.noticeEndsOn ?? '未发布' },
      { header: '寻亲候选', value: (r) => r.candidates ?? '' },
      { header: '尚缺', value: (r) => r.readiness.missing.join('、'), width: 40 },
    ],
    fileName: '无名遗体工作清单.xlsx',
  });
};
