/**
 * Routes of the funeral line's cemeteries concern, under `/api/funeral/…` (ADR 0022): cemeteries with
 * plot counts, the status map, the plot ledger (filters, paging, sort, Excel), plot blocks, sale /
 * reservation, interment and renewal (R-FUN-01/06/07/08), eco burials and awards, and the remediation
 * ledger (整治台账) with closure and counts by division (Excel).
 */
import { exportHead, ledgerXlsxStream } from '@social-affairs/core';
import {
  closeFinding,
  createPlotBlock,
  exportEcoBurials,
  exportFindings,
  exportPlots,
  getFinding,
  getPlot,
  interInPlot,
  listCemeteries,
  listEcoBurials,
  listFindings,
  listPlots,
  payEcoBurialAward,
  plotMap,
  recordEcoBurial,
  recordFinding,
  remediationCounts,
  renewPlot,
  sellPlot,
} from '@social-affairs/core/funeral';
import {
  ECO_BURIAL_KIND_LABELS,
  ECO_BURIAL_SORT_LABELS,
  LOCATION_FLAG_LABELS,
  PLOT_KIND_LABELS,
  PLOT_SORT_LABELS,
  PLOT_STATUS_LABELS,
  REMEDIATION_CATEGORY_LABELS,
  REMEDIATION_SORT_LABELS,
  TERM_STATE_LABELS,
  cemeteriesQuery,
  cemeteryView,
  ecoAwardPaidBody,
  ecoBurialBody,
  ecoBurialView,
  ecoBurialsQuery,
  plotBlockBody,
  plotBlockResult,
  plotIntermentBody,
  plotMapView,
  plotRenewalBody,
  plotSaleBody,
  plotView,
  plotsQuery,
  remediationBody,
  remediationClosureBody,
  remediationCountsQuery,
  remediationCountsView,
  remediationQuery,
  remediationView,
  type RemediationCountsDto,
} from '@social-affairs/kernel/contracts/funeral';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendXlsx } from '../../xlsx-reply';
import { errors, idParam, tags } from './shared';

const AWARD_STATUS_LABELS = { pending: '待发放', paid: '已发放', none: '无奖补' } as const;
const STATE_LABELS = { open: '整改中', overdue: '已逾期', closed: '已销号' } as const;

export const cemeteriesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/funeral/cemeteries',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '公墓、农村公益性墓地和骨灰堂（管辖范围内）及墓位数：空闲、已售、已安葬、即将到期、已到期',
        querystring: cemeteriesQuery,
        response: { 200: z.array(cemeteryView), ...errors },
      },
    },
    async (req) => listCemeteries(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/funeral/cemeteries/:id/map',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '公墓墓位状态图：按墓区、排、号列出每个墓位的状态（空闲、已售、已安葬、即将到期、已到期）',
        params: idParam,
        response: { 200: plotMapView, ...errors },
      },
    },
    async (req) => plotMap(app.core, actorOf(req), req.params.id),
  );

  ledgerRoutes(app, {
    path: '/api/funeral/plots',
    access: 'funeral:read',
    personalData: 'list',
    tags,
    listSummary:
      '公墓墓位清单：按公墓、墓区、状态、类型、使用期（即将到期/已到期）、持有人或合同号筛选；电话脱敏',
    exportSummary: '导出公墓墓位清单 Excel（与列表相同的筛选）',
    filter: plotsQuery,
    filterLabels: { facilityId: '公墓', section: '墓区', kind: '墓位类型', termState: '使用期' },
    filterValues: { status: PLOT_STATUS_LABELS, kind: PLOT_KIND_LABELS, termState: TERM_STATE_LABELS },
    sortLabels: PLOT_SORT_LABELS,
    view: plotView,
    list: listPlots,
    exportRows: exportPlots,
    sheet: '公墓墓位清单',
    columns: [
      { header: '公墓', value: (p) => p.facilityName, width: 28 },
      { header: '墓位', value: (p) => p.label, width: 16 },
      { header: '类型', value: (p) => PLOT_KIND_LABELS[p.kind] },
      { header: '面积（㎡）', value: (p) => p.areaM2 },
      { header: '状态', value: (p) => PLOT_STATUS_LABELS[p.status] },
      { header: '使用期起', value: (p) => p.termFrom },
      { header: '使用期止', value: (p) => p.termUntil },
      { header: '使用期状态', value: (p) => TERM_STATE_LABELS[p.termState] },
      { header: '持有人', value: (p) => p.holderName },
      { header: '联系电话（脱敏）', value: (p) => p.holderPhoneMasked, width: 16 },
      { header: '合同号', value: (p) => p.contractNo, width: 20 },
      { header: '安葬人', value: (p) => p.interred.map((i) => i.name).join('、'), width: 20 },
    ],
    fileName: '公墓墓位清单.xlsx',
  });
  app.get(
    '/api/funeral/plots/:id',
    {
      config: { access: 'funeral:read', personalData: 'record' },
      schema: {
        tags,
        summary: '墓位详情：持有人、使用期、安葬人',
        params: idParam,
        response: { 200: plotView, ...errors },
      },
    },
    async (req) => getPlot(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/funeral/plots/blocks',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary:
          '批量新建墓位（墓区 × 排 × 号）：面积不超过限额（R-FUN-08）、不在禁止区域（R-FUN-07）、火葬区不设遗体墓位（R-FUN-01）',
        body: plotBlockBody,
        response: { 201: plotBlockResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createPlotBlock(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/funeral/plots/:id/sale',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '出售或预订墓位：年限不超过限额（R-FUN-08），农村公益性墓地只对本村村民（R-FUN-06）',
        params: idParam,
        body: plotSaleBody,
        response: { 200: plotView, ...errors },
      },
    },
    async (req) => sellPlot(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/funeral/plots/:id/interment',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记安葬：扫描骨灰盒条码关联遗体档案（已火化的转为已安葬），火葬区不得土葬遗体（R-FUN-01）',
        params: idParam,
        body: plotIntermentBody,
        response: { 200: plotView, ...errors },
      },
    },
    async (req) => interInPlot(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/funeral/plots/:id/renewal',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '墓位续期：每期不超过规定年限（R-FUN-08）',
        params: idParam,
        body: plotRenewalBody,
        response: { 200: plotView, ...errors },
      },
    },
    async (req) => renewPlot(app.core, actorOf(req), req.params.id, req.body),
  );

  ledgerRoutes(app, {
    path: '/api/funeral/eco-burials',
    access: 'funeral:read',
    personalData: 'list',
    tags,
    listSummary: '生态安葬记录及奖补：按公墓、方式、奖补状态、安葬日期筛选',
    exportSummary: '导出生态安葬记录 Excel（与列表相同的筛选）',
    filter: ecoBurialsQuery,
    filterLabels: {
      facilityId: '公墓',
      kind: '安葬方式',
      awardStatus: '奖补状态',
      from: '安葬日期起',
      to: '安葬日期止',
    },
    filterValues: { kind: ECO_BURIAL_KIND_LABELS, awardStatus: AWARD_STATUS_LABELS },
    sortLabels: ECO_BURIAL_SORT_LABELS,
    view: ecoBurialView,
    list: listEcoBurials,
    exportRows: exportEcoBurials,
    sheet: '生态安葬记录',
    columns: [
      { header: '逝者', value: (e) => e.deceasedName, width: 14 },
      { header: '安葬方式', value: (e) => ECO_BURIAL_KIND_LABELS[e.kind], width: 16 },
      { header: '安葬日期', value: (e) => e.buriedOn },
      { header: '公墓', value: (e) => e.facilityName, width: 28 },
      { header: '地点', value: (e) => e.place, width: 28 },
      { header: '区划代码', value: (e) => e.divisionCode },
      { header: '奖补金额（元）', value: (e) => (e.awardFen / 100).toFixed(2) },
      { header: '奖补状态', value: (e) => AWARD_STATUS_LABELS[e.awardStatus] },
      { header: '发放日期', value: (e) => e.paidOn },
      { header: '奖补依据', value: (e) => e.awardBasis, width: 40 },
    ],
    fileName: '生态安葬记录.xlsx',
  });
  app.post(
    '/api/funeral/eco-burials',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记生态安葬（树葬、花坛葬、草坪葬、海葬、深埋不留坟头），按安葬地和安葬日期计算奖补',
        body: ecoBurialBody,
        response: { 201: ecoBurialView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await recordEcoBurial(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/funeral/eco-burials/:id/paid',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记生态安葬奖补已发放',
        params: idParam,
        body: ecoAwardPaidBody,
        response: { 200: ecoBurialView, ...errors },
      },
    },
    async (req) => payEcoBurialAward(app.core, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/funeral/remediation/counts',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '殡葬整治进度：按下级区划统计发现、已销号、整改中、已逾期',
        querystring: remediationCountsQuery,
        response: { 200: remediationCountsView, ...errors },
      },
    },
    async (req) => remediationCounts(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/funeral/remediation/counts/export',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: { tags, summary: '导出殡葬整治进度 Excel（按下级区划）', querystring: remediationCountsQuery },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const c = await remediationCounts(app.core, actor, req.query);
      const head = await exportHead(
        app.core,
        actor,
        '殡葬整治进度',
        { division: c.division.code },
        { ids: {} },
      );
      async function* rows() {
        yield* c.rows;
      }
      return sendXlsx(
        reply,
        `殡葬整治进度-${c.division.name}-${c.today}.xlsx`,
        ledgerXlsxStream<RemediationCountsDto['rows'][number]>(
          '殡葬整治进度',
          [
            { header: '区划代码', value: (r) => r.divisionCode },
            { header: '区划名称', value: (r) => r.divisionName, width: 24 },
            { header: '发现', value: (r) => r.found, total: 'sum' },
            { header: '已销号', value: (r) => r.closed, total: 'sum' },
            { header: '整改中', value: (r) => r.open, total: 'sum' },
            { header: '已逾期', value: (r) => r.overdue, total: 'sum' },
          ],
          rows(),
          head,
        ),
      );
    },
  );
  ledgerRoutes(app, {
    path: '/api/funeral/remediation',
    access: 'funeral:read',
    personalData: false,
    tags,
    listSummary: '殡葬整治台账：按区划、类别、状态（整改中/已逾期/已销号）、发现日期、关键词筛选',
    exportSummary: '导出殡葬整治台账 Excel（与列表相同的筛选）',
    filter: remediationQuery,
    filterLabels: { category: '类别', state: '状态', from: '发现日期起', to: '发现日期止' },
    filterValues: { category: REMEDIATION_CATEGORY_LABELS, state: STATE_LABELS },
    sortLabels: REMEDIATION_SORT_LABELS,
    view: remediationView,
    list: listFindings,
    exportRows: exportFindings,
    sheet: '殡葬整治台账',
    columns: [
      { header: '类别', value: (f) => REMEDIATION_CATEGORY_LABELS[f.category], width: 30 },
      { header: '区划', value: (f) => f.divisionName, width: 16 },
      { header: '位置', value: (f) => f.location, width: 30 },
      {
        header: '禁止区域',
        value: (f) => f.locationFlags.map((x) => LOCATION_FLAG_LABELS[x]).join('、'),
        width: 20,
      },
      { header: '情况', value: (f) => f.description, width: 40 },
      { header: '发现日期', value: (f) => f.foundOn },
      { header: '整改期限', value: (f) => f.deadline },
      { header: '状态', value: (f) => (f.status === 'closed' ? '已销号' : f.overdue ? '已逾期' : '整改中') },
      { header: '销号日期', value: (f) => f.closedOn },
      { header: '整改结果', value: (f) => f.closureNote, width: 30 },
    ],
    fileName: '殡葬整治台账.xlsx',
  });
  app.post(
    '/api/funeral/remediation',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary:
          '登记殡葬整治发现：乱埋乱葬（R-FUN-07）、违法公墓、宗族墓地、对外销售、超面积、棺木及迷信用品（R-FUN-11）',
        body: remediationBody,
        response: { 201: remediationView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await recordFinding(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/funeral/remediation/:id',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '殡葬整治台账记录',
        params: idParam,
        response: { 200: remediationView, ...errors },
      },
    },
    async (req) => getFinding(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/funeral/remediation/:id/closure',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '殡葬整治销号：须附已上传的整改后现场照片或销号材料',
        params: idParam,
        body: remediationClosureBody,
        response: { 200: remediationView, ...errors },
      },
    },
    async (req) => closeFinding(app.core, actorOf(req), req.params.id, req.body),
  );
};
