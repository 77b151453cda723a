/**
 * Routes of the funeral line's custody concern (接运与保管), under `/api/funeral/…` (ADR 0022): the
 * collection order (接运单), the custody steps read back by a barcode scanner, the documents the cremation
 * gate reads, the barcode labels, the cases ledger with its Excel export, the day board and the scan look-up.
 */
import {
  bookFuneralFarewell,
  cancelFuneralCase,
  createFuneralCase,
  findCaseByScan,
  funeralBoard,
  funeralCaseDetail,
  funeralCaseExport,
  funeralCaseLabelPdf,
  funeralCaseLedger,
  funeralCaseOptions,
  funeralTransportRule,
  recordAshesRelease,
  recordAshesStorage,
  recordBurial,
  recordCaseDocument,
  recordCollection,
  recordCremation,
  recordFarewell,
  recordStorage,
  revokeCaseDocument,
  setFuneralDisposition,
  type FuneralCaseLedgerRow,
} from '@social-affairs/core/funeral';
import {
  FUNERAL_CASE_SORT_LABELS,
  FUNERAL_DISPOSITION_NAMES,
  FUNERAL_IDENTITY_NAMES,
  FUNERAL_PAYER_NAMES,
  FUNERAL_SEX_NAMES,
  FUNERAL_STEP_NAMES,
  bookFuneralFarewellBody,
  buryFuneralBody,
  cancelFuneralCaseBody,
  collectFuneralBody,
  createFuneralCaseBody,
  createdFuneralCaseView,
  cremateFuneralBody,
  farewellFuneralBody,
  funeralBoardView,
  funeralCaseOptionsView,
  funeralCaseRowView,
  funeralCaseView,
  funeralCasesQuery,
  funeralTransportRuleView,
  recordFuneralCaseDocumentBody,
  releaseFuneralAshesBody,
  revokeFuneralCaseDocumentBody,
  setFuneralDispositionBody,
  storeFuneralAshesBody,
  storeFuneralBody,
} from '@social-affairs/kernel/contracts/funeral';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendPdf } from '../../pdf-reply';
import { errors, idParam, tags } from './shared';

async function* each<T>(rows: T[]): AsyncIterable<T> {
  for (const r of rows) yield r;
}

const stepResult = z.object({ step: z.string(), urnCode: z.string().nullable() });

export const custodyRoutes: FastifyPluginAsyncZod = async (app) => {
  // ----- collection order and the case -----
  app.post(
    '/api/funeral/cases',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '接运登记（接运单）：须有死亡证明材料；按死亡地接运规则核对运送方式（R-FUN-04）；身份不明或无人认领的由县级财政承担费用（R-FUN-02）',
        body: createFuneralCaseBody,
        response: { 201: createdFuneralCaseView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createFuneralCase(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/funeral/cases/:id',
    {
      config: { access: 'funeral:read', personalData: 'record' },
      schema: {
        tags,
        summary: '遗体档案：保管环节记录、证明材料、火化前置条件清单、下一步可办理的环节',
        params: idParam,
        response: { 200: funeralCaseView, ...errors },
      },
    },
    async (req) => funeralCaseDetail(app.core, actorOf(req), req.params.id),
  );
  app.get(
    '/api/funeral/cases/:id/label.pdf',
    {
      config: { access: 'funeral:read', personalData: 'record' },
      schema: {
        tags,
        summary: '打印条码标识（60×40毫米：遗体标识，火化后另有骨灰盒标识）',
        params: idParam,
      },
    },
    async (req, reply) => sendPdf(reply, await funeralCaseLabelPdf(app.core, actorOf(req), req.params.id)),
  );
  app.get(
    '/api/funeral/scan/:code',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '扫码查找遗体档案（遗体条码或骨灰盒条码）',
        params: z.object({ code: z.string().trim().min(1).max(40) }),
        response: { 200: z.object({ id: z.string() }), ...errors },
      },
    },
    async (req) => findCaseByScan(app.core, actorOf(req), req.params.code),
  );
  app.get(
    '/api/funeral/board',
    {
      config: { access: 'funeral:read', personalData: 'list' },
      schema: {
        tags,
        summary: '今日工作：在馆遗体按环节统计、今日告别、待火化及未满足的条件、即将届满的认领公告',
        response: { 200: funeralBoardView, ...errors },
      },
    },
    async (req) => funeralBoard(app.core, actorOf(req)),
  );
  app.get(
    '/api/funeral/case-options',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '接运登记可选的殡仪馆，以及本县可寄存骨灰或安葬的设施',
        response: { 200: funeralCaseOptionsView, ...errors },
      },
    },
    async (req) => funeralCaseOptions(app.core, actorOf(req)),
  );
  app.get(
    '/api/funeral/transport-rule',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '死亡地的遗体接运规则（R-FUN-04）和火葬区划（R-FUN-01）',
        querystring: z.object({
          division: z.string().regex(/^\d{6}(\d{3})?$/),
          on: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional(),
        }),
        response: { 200: funeralTransportRuleView, ...errors },
      },
    },
    async (req) => funeralTransportRule(app.core, actorOf(req), req.query.division, req.query.on),
  );

  // ----- steps (each needs the scanned code) -----
  const step = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    run: (
      actor: ReturnType<typeof actorOf>,
      id: string,
      input: z.output<B>,
    ) => Promise<{ step: string; urnCode: string | null }>,
  ) =>
    app.post(
      `/api/funeral/cases/:id/${path}`,
      {
        config: { access: 'funeral:write', personalData: 'record' },
        schema: { tags, summary, params: idParam, body, response: { 200: stepResult, ...errors } },
      },
      async (req) => run(actorOf(req), req.params.id, req.body as z.output<B>),
    );
  step('collect', '接运（扫描遗体条码）', collectFuneralBody, (a, id, b) =>
    recordCollection(app.core, a, id, b),
  );
  step('store', '冷藏暂存（扫描遗体条码，柜位）', storeFuneralBody, (a, id, b) =>
    recordStorage(app.core, a, id, b),
  );
  step('farewell', '告别（扫描遗体条码；家属可不办理告别）', farewellFuneralBody, (a, id, b) =>
    recordFarewell(app.core, a, id, b),
  );
  step('cremate', '火化（扫描遗体条码；须满足火化前置条件，R-FUN-02）', cremateFuneralBody, (a, id, b) =>
    recordCremation(app.core, a, id, b),
  );
  step(
    'release-ashes',
    '骨灰领取（扫描骨灰盒条码；领取人须为已核验身份的经办人）',
    releaseFuneralAshesBody,
    (a, id, b) => recordAshesRelease(app.core, a, id, b),
  );
  step('store-ashes', '骨灰寄存（扫描骨灰盒条码）', storeFuneralAshesBody, (a, id, b) =>
    recordAshesStorage(app.core, a, id, b),
  );
  step('bury', '安葬（骨灰或遗体；火葬区不得土葬，R-FUN-01）', buryFuneralBody, (a, id, b) =>
    recordBurial(app.core, a, id, b),
  );
  app.post(
    '/api/funeral/cases/:id/cancel',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '取消尚未接运的接运单（须写明原因）',
        params: idParam,
        body: cancelFuneralCaseBody,
        response: { 200: z.object({ step: z.string() }), ...errors },
      },
    },
    async (req) => cancelFuneralCase(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/funeral/cases/:id/farewell-booking',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '预约告别仪式（告别厅、日期、时间）',
        params: idParam,
        body: bookFuneralFarewellBody,
        response: { 200: z.object({ hall: z.string(), on: z.string(), time: z.string() }), ...errors },
      },
    },
    async (req) => bookFuneralFarewell(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/funeral/cases/:id/disposition',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '确定遗体处理方式（火化、土葬、外运；火葬区不得土葬，R-FUN-01）',
        params: idParam,
        body: setFuneralDispositionBody,
        response: { 200: z.object({ disposition: z.string() }), ...errors },
      },
    },
    async (req) => setFuneralDisposition(app.core, actorOf(req), req.params.id, req.body),
  );

  // ----- documents -----
  app.post(
    '/api/funeral/cases/:id/documents',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '登记证明材料：死亡证明材料、遗体火化确认书、逝者及经办人身份证件核验（号码脱敏保存）、法医鉴定完毕证明、其他',
        params: idParam,
        body: recordFuneralCaseDocumentBody,
        response: { 201: z.object({ id: z.string() }), ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordCaseDocument(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/funeral/cases/:id/documents/:documentId/revoke',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '撤销证明材料（须写明原因；撤销后不再满足相应前置条件）',
        params: z.object({ id: z.string().min(1).max(64), documentId: z.string().min(1).max(64) }),
        body: revokeFuneralCaseDocumentBody,
        response: { 200: z.object({ id: z.string(), status: z.literal('revoked') }), ...errors },
      },
    },
    async (req) => revokeCaseDocument(app.core, actorOf(req), req.params.id, req.params.documentId, req.body),
  );

  // ----- ledger -----
  ledgerRoutes(app, {
    path: '/api/funeral/cases',
    access: 'funeral:read',
    personalData: 'list',
    tags,
    listSummary: '遗体档案台账：按环节、身份、殡仪馆、登记日期筛选，按姓名、档案编号或条码查找',
    exportSummary: '导出遗体档案台账 Excel（与列表相同的筛选）',
    filter: funeralCasesQuery,
    filterLabels: {
      step: '环节',
      identity: '身份',
      facilityId: '殡仪馆',
      from: '登记日期起',
      to: '登记日期止',
      q: '关键词',
    },
    filterValues: {
      step: { ...FUNERAL_STEP_NAMES, open: '未办结', closed: '已办结' },
      identity: FUNERAL_IDENTITY_NAMES,
    },
    sortLabels: FUNERAL_CASE_SORT_LABELS,
    view: funeralCaseRowView,
    list: (core, actor, q) => funeralCaseLedger(core, actor, q),
    exportRows: async (core, actor, q) => each(await funeralCaseExport(core, actor, q)),
    sheet: '遗体档案台账',
    columns: [
      { header: '档案编号', value: (r: FuneralCaseLedgerRow) => r.caseNo, width: 28 },
      { header: '姓名', value: (r: FuneralCaseLedgerRow) => r.nameGiven ?? '无名' },
      { header: '性别', value: (r: FuneralCaseLedgerRow) => FUNERAL_SEX_NAMES[r.sex] },
      { header: '身份', value: (r: FuneralCaseLedgerRow) => FUNERAL_IDENTITY_NAMES[r.identityStatus] },
      { header: '殡仪馆', value: (r: FuneralCaseLedgerRow) => r.facilityName, width: 22 },
      { header: '死亡日期', value: (r: FuneralCaseLedgerRow) => r.deathDate },
      {
        header: '处理方式',
        value: (r: FuneralCaseLedgerRow) => (r.disposition ? FUNERAL_DISPOSITION_NAMES[r.disposition] : ''),
      },
      { header: '付费方', value: (r: FuneralCaseLedgerRow) => FUNERAL_PAYER_NAMES[r.payer] },
      { header: '环节', value: (r: FuneralCaseLedgerRow) => FUNERAL_STEP_NAMES[r.step] },
      { header: '遗体条码', value: (r: FuneralCaseLedgerRow) => r.bodyCode, width: 18 },
      { header: '骨灰盒条码', value: (r: FuneralCaseLedgerRow) => r.urnCode, width: 18 },
      { header: '登记时间', value: (r: FuneralCaseLedgerRow) => r.createdAt, width: 22 },
      { header: '办结时间', value: (r: FuneralCaseLedgerRow) => r.closedAt, width: 22 },
    ],
    fileName: '遗体档案台账.xlsx',
  });
};
