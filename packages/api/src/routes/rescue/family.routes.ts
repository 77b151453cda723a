/**
 * Routes of the rescue line's family concern (寻亲与团聚, issue 16 items 1 and 5), under /api/rescue/…;
 * edited only by that concern: the case tab (reunions of a case), the reunion steps (start, contact,
 * identity check, handover = departure collected_by_family, cancel), the 寻亲 worklist and the reunions
 * ledger (Excel), and the reunion statistics (by channel, time to reunion; Excel).
 */
import { exportHead, ledgerXlsxStream } from '@social-affairs/core';
import {
  cancelReunion,
  caseFamily,
  exportFamilyWorklist,
  exportReunionLedger,
  familyWorklist,
  handOverReunion,
  recordReunionContact,
  recordReunionIdentity,
  reunionLedger,
  reunionStatistics,
  startReunion,
  visibleStation,
} from '@social-affairs/core/rescue';
import {
  FAMILY_AGE_BAND_LABELS,
  FAMILY_WORKLIST_SORT_LABELS,
  REUNION_CHANNEL_LABELS,
  REUNION_SORT_LABELS,
  REUNION_STATUS_LABELS,
  cancelReunionBody,
  caseFamilyView,
  familyWorklistQuery,
  familyWorklistRow,
  reunionContactBody,
  reunionHandoverBody,
  reunionIdentityBody,
  reunionsQuery,
  reunionStatisticsQuery,
  reunionStatisticsView,
  reunionView,
  startReunionBody,
  type ReunionView,
} from '@social-affairs/kernel/contracts/rescue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendXlsx } from '../../xlsx-reply';
import { errors, idParam, tags } from './shared';

const SEX = { male: '男', female: '女' } as const;
const PERIOD_LABEL = { month: '按月', quarter: '按季度', year: '按年' } as const;

export const familyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/rescue/cases/:id/family',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '寻亲与团聚：本案件的团聚记录（进行中的在前）及能否发起团聚（记入审计日志）',
        params: idParam,
        response: { 200: caseFamilyView, ...errors },
      },
    },
    async (req) => caseFamily(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/cases/:id/reunions',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '发起团聚（DNA比中、寻亲公告回复、其他线索）：每个案件同时只能有一个进行中的团聚',
        params: idParam,
        body: startReunionBody,
        response: { 201: reunionView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await startReunion(app.core, actorOf(req), req.params.id, req.body)),
  );
  const step = (
    path: string,
    summary: string,
    body:
      | typeof reunionContactBody
      | typeof reunionIdentityBody
      | typeof reunionHandoverBody
      | typeof cancelReunionBody,
    run: (id: string, actor: ReturnType<typeof actorOf>, input: never) => Promise<ReunionView>,
  ) =>
    app.post(
      `/api/rescue/reunions/:id/${path}`,
      {
        config: { access: 'rescue:write', personalData: 'record' },
        schema: { tags, summary, params: idParam, body, response: { 200: reunionView, ...errors } },
      },
      async (req) => run(req.params.id, actorOf(req), req.body as never),
    );
  step('contact', '团聚第一步：登记联系家属（联系人、关系、电话）', reunionContactBody, (id, actor, input) =>
    recordReunionContact(app.core, actor, id, input),
  );
  step(
    'identity-check',
    '团聚第二步：核实亲属和受助人员身份（亲属身份证件号码校验后保存、只显示脱敏号码；受助人员身份证号码属于人员信息库中另一条记录的，提交人员合并申请，不直接合并）',
    reunionIdentityBody,
    (id, actor, input) => recordReunionIdentity(app.core, actor, id, input),
  );
  step(
    'handover',
    '团聚第三步：亲属接领交接（即办理“亲属接领”离站：核对领人者身份证件并上传复印件，案件随之结束）',
    reunionHandoverBody,
    (id, actor, input) => handOverReunion(app.core, actor, id, input),
  );
  step('cancel', '取消团聚（须填写原因）', cancelReunionBody, (id, actor, input) =>
    cancelReunion(app.core, actor, id, input),
  );

  ledgerRoutes(app, {
    path: '/api/rescue/family-search',
    access: 'rescue:read',
    personalData: 'list',
    tags,
    listSummary:
      '寻亲工作台：身份未查明的在站（含托养、住院）受助人员，在站天数、待核候选数、人像、寻亲公告、团聚状态和下一步',
    exportSummary: '导出寻亲工作台 Excel（与列表相同的筛选）',
    filter: familyWorklistQuery,
    filterLabels: {
      stationId: '救助管理站',
      sex: '性别',
      ageBand: '年龄段',
      hasCandidates: '待核候选',
    },
    filterValues: { sex: SEX, ageBand: FAMILY_AGE_BAND_LABELS, hasCandidates: { yes: '有', no: '无' } },
    sortLabels: FAMILY_WORKLIST_SORT_LABELS,
    idLabels: async (core, actor, q) => ({
      stationId: q.stationId ? (await visibleStation(core.db.kysely, actor, q.stationId)).name : undefined,
    }),
    view: familyWorklistRow,
    list: familyWorklist,
    exportRows: exportFamilyWorklist,
    sheet: '寻亲工作台',
    columns: [
      { header: '案件编号', value: (r) => r.caseNo, width: 28 },
      { header: '姓名（自报或称呼）', value: (r) => r.personName, width: 16 },
      { header: '性别', value: (r) => SEX[r.sex] },
      {
        header: '年龄',
        value: (r) => (r.age === null ? '不详' : `${r.age}${r.ageEstimated ? '（估）' : ''}`),
      },
      { header: '救助管理站', value: (r) => r.stationName, width: 26 },
      { header: '入站日期', value: (r) => r.entryDate },
      { header: '在站天数', value: (r) => r.daysInStation },
      { header: '待核候选', value: (r) => (r.openCandidates === null ? '—' : r.openCandidates) },
      { header: '正面照片', value: (r) => (r.facePhoto ? '有' : '无') },
      { header: '人像比对', value: (r) => (r.faceCompared ? '已比对' : '未比对') },
      { header: '最近寻亲公告', value: (r) => r.latestNoticeNo, width: 28 },
      { header: '团聚状态', value: (r) => r.reunionStatusLabel ?? '', width: 18 },
      { header: '下一步', value: (r) => r.nextStep, width: 30 },
    ],
    fileName: '寻亲工作台.xlsx',
  });

  app.get(
    '/api/rescue/reunions/statistics',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary:
          '团聚统计：按渠道（DNA、人像、公告、数据比对、其他）的团聚数，入站到交接的天数（中位数和分布），按期间',
        querystring: reunionStatisticsQuery,
        response: { 200: reunionStatisticsView, ...errors },
      },
    },
    async (req) => reunionStatistics(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/rescue/reunions/statistics/export',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '导出团聚统计 Excel（期间 × 渠道、天数中位数）',
        querystring: reunionStatisticsQuery,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const s = await reunionStatistics(app.core, actor, req.query);
      const head = await exportHead(
        app.core,
        actor,
        '团聚统计',
        {
          period: s.period,
          from: s.from,
          to: s.to,
          stationId: req.query.stationId,
          division: req.query.division,
        },
        {
          labels: { period: '分组' },
          values: { period: PERIOD_LABEL },
          ids: {
            stationId: req.query.stationId
              ? (await visibleStation(app.core.db.kysely, actor, req.query.stationId)).name
              : undefined,
          },
        },
      );
      type Row = {
        period: string;
        total: number;
        byChannel: Record<string, number>;
        medianDays: number | null;
      };
      const all: Row[] = [
        ...s.byPeriod,
        {
          period: '合计',
          total: s.total,
          byChannel: Object.fromEntries(s.byChannel.map((b) => [b.channel, b.count])),
          medianDays: s.medianDays,
        },
      ];
      async function* rows() {
        yield* all;
      }
      return sendXlsx(
        reply,
        `团聚统计-${s.from}至${s.to}.xlsx`,
        ledgerXlsxStream<Row>(
          '团聚统计',
          [
            { header: '期间', value: (r) => r.period, width: 14 },
            { header: '团聚数', value: (r) => r.total },
            ...s.byChannel.map((b) => ({ header: b.label, value: (r: Row) => r.byChannel[b.channel] ?? 0 })),
            { header: '入站到交接天数（中位数）', value: (r) => r.medianDays, width: 22 },
          ],
          rows(),
          head,
        ),
      );
    },
  );

  ledgerRoutes(app, {
    path: '/api/rescue/reunions',
    access: 'rescue:read',
    personalData: 'list',
    tags,
    listSummary: '团聚台账：按渠道、状态、救助站、期间、案件编号或姓名筛选',
    exportSummary: '导出团聚台账 Excel（与列表相同的筛选）',
    filter: reunionsQuery,
    filterLabels: { channel: '渠道', status: '状态', stationId: '救助管理站', from: '日期起', to: '日期止' },
    filterValues: { channel: REUNION_CHANNEL_LABELS, status: REUNION_STATUS_LABELS },
    sortLabels: REUNION_SORT_LABELS,
    idLabels: async (core, actor, q) => ({
      stationId: q.stationId ? (await visibleStation(core.db.kysely, actor, q.stationId)).name : undefined,
    }),
    view: reunionView,
    list: reunionLedger,
    exportRows: exportReunionLedger,
    sheet: '团聚台账',
    columns: [
      { header: '发起时间', value: (r) => r.startedAt.slice(0, 10) },
      { header: '案件编号', value: (r) => r.caseNo, width: 28 },
      { header: '姓名', value: (r) => r.personName },
      { header: '救助管理站', value: (r) => r.stationName, width: 26 },
      { header: '渠道', value: (r) => r.channelLabel },
      { header: '状态', value: (r) => r.statusLabel, width: 18 },
      { header: '入站日期', value: (r) => r.entryDate },
      { header: '交接日期', value: (r) => r.handedOverOn },
      { header: '入站到交接天数', value: (r) => r.daysToReunion },
      {
        header: '亲属',
        value: (r) => (r.kinName ? `${r.kinRelation ?? ''} ${r.kinName}` : r.familyName),
        width: 16,
      },
      { header: '取消原因', value: (r) => r.cancelReason, width: 24 },
    ],
    fileName: '团聚台账.xlsx',
  });
};
