/**
 * Routes of the disability line's verification concern, under `/api/disability/verification/…` (ADR 0022,
 * ADR 0034): comparison runs (manual run by the county; the monthly job `disability.compare`), the
 * findings review queue (ledger + Excel; township answer, county confirm — the only way a finding stops a
 * payment — or dismiss), the hukou move-out list import (raw CSV/.xlsx body, in its own plugin scope so the
 * raw-body parser does not reach the JSON routes) and re-verification campaigns (清理认定).
 */
import {
  answerFinding,
  confirmFinding,
  createCampaign,
  dismissFinding,
  drawCampaignSample,
  exportCampaignItems,
  exportFindings,
  getCampaign,
  getFinding,
  hukouMoveReportXlsx,
  hukouMoveTemplateXlsx,
  importHukouMoves,
  listCampaignItems,
  listCampaigns,
  listCompareRuns,
  listFindings,
  listHukouMoves,
  selfCheckItem,
  spotCheckItem,
  startComparison,
} from '@social-affairs/core/disability';
import { DomainError } from '@social-affairs/kernel';
import { ROLL_IMPORT_MAX_BYTES, pageOf, pageQuery } from '@social-affairs/kernel/contracts';
import {
  FINDING_KIND_TEXT,
  FINDING_SORT_LABELS,
  FINDING_STATUS_TEXT,
  SELF_CHECK_TEXT,
  answerFindingBody,
  campaignItemView,
  campaignItemsQuery,
  campaignSampleBody,
  campaignView,
  compareRunView,
  confirmFindingBody,
  dismissFindingBody,
  findingView,
  findingsQuery,
  hukouMoveImportQuery,
  hukouMoveImportReport,
  hukouMoveView,
  hukouMovesQuery,
  newCampaignBody,
  selfCheckBody,
  spotCheckBody,
  startComparisonBody,
} from '@social-affairs/kernel/contracts/disability';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable, Transform } from 'node:stream';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendXlsx } from '../../xlsx-reply';
import { errors, idParam, tags } from './shared';

const BASE = '/api/disability/verification';

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

/** The raw-body import of the hukou move-out list (own scope: the catch-all parser stays here). */
const hukouImportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  app.post(
    `${BASE}/hukou-moves/imports`,
    {
      config: { access: 'disability:read', personalData: 'list' },
      schema: {
        tags,
        summary:
          '导入公安户籍迁出名单（CSV 或 Excel 原始内容为请求体；县级账号）：按公民身份号码、无号码的按姓名+出生日期近似匹配（标记模糊匹配）；同一文件重复导入不产生变化',
        querystring: hukouMoveImportQuery,
        response: { 200: hukouMoveImportReport, 201: hukouMoveImportReport, ...errors },
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
        const report = await importHukouMoves(app.core, actorOf(req), {
          file: body instanceof Readable ? limited(body, ROLL_IMPORT_MAX_BYTES) : Buffer.alloc(0),
          fileName: req.query.fileName || '户籍迁出名单',
        });
        return reply.status(report.repeated ? 200 : 201).send(report);
      } catch (err) {
        if (body instanceof Readable && !body.readableEnded) reply.header('connection', 'close');
        throw err;
      }
    },
  );
};

export const verificationRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(hukouImportRoutes);

  app.post(
    `${BASE}/runs`,
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary:
          '手动发起本县比对（县级账号）：死亡、低保/特困、残疾人证状态、户籍迁出；结果进入待复核队列，不自动停发',
        body: startComparisonBody,
        response: { 201: compareRunView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await startComparison(app.core, actorOf(req), req.body)),
  );
  app.get(
    `${BASE}/runs`,
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '比对任务记录（每次的比对人数与各类发现数）',
        querystring: pageQuery,
        response: { 200: pageOf(compareRunView), ...errors },
      },
    },
    async (req) => listCompareRuns(app.core, actorOf(req), req.query),
  );

  ledgerRoutes(app, {
    path: `${BASE}/findings`,
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '比对核查待复核队列：按类别、状态、区划、姓名筛选，默认按核实期限排序（到期的在前）',
    exportSummary: '导出比对核查结果 Excel（与列表相同的筛选）',
    filter: findingsQuery,
    filterLabels: {
      kind: '类别',
      pending: '只列待处理',
      runId: '比对任务',
      campaignId: '清理认定任务',
      q: '姓名',
    },
    filterValues: { kind: FINDING_KIND_TEXT, status: FINDING_STATUS_TEXT },
    sortLabels: FINDING_SORT_LABELS,
    view: findingView,
    list: listFindings,
    exportRows: exportFindings,
    sheet: '比对核查结果',
    columns: [
      { header: '姓名', value: (f) => f.personName, width: 10 },
      { header: '公民身份号码', value: (f) => f.residentIdMasked, width: 22 },
      { header: '补贴', value: (f) => f.subsidyLabel, width: 22 },
      { header: '区划', value: (f) => f.divisionName, width: 14 },
      { header: '类别', value: (f) => f.kindLabel, width: 16 },
      { header: '停发原因', value: (f) => f.reasonLabel, width: 16 },
      { header: '事件日期', value: (f) => f.eventDate },
      { header: '确认后停发起始月', value: (f) => f.stopsFromMonth },
      { header: '数据来源', value: (f) => f.sourceLabel, width: 20 },
      { header: '模糊匹配', value: (f) => (f.fuzzy ? `是（${f.matchScore ?? ''}）` : '') },
      { header: '发现日期', value: (f) => f.foundOn },
      { header: '核实期限', value: (f) => f.answerDueOn },
      { header: '状态', value: (f) => f.statusLabel },
      { header: '核实情况', value: (f) => f.answer, width: 30 },
      { header: '复核意见', value: (f) => f.decisionNote, width: 30 },
    ],
    fileName: '比对核查结果',
  });
  app.get(
    `${BASE}/findings/:id`,
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '比对核查结果详情（证据、核实与复核）',
        params: idParam,
        response: { 200: findingView, ...errors },
      },
    },
    async (req) => getFinding(app.core, actorOf(req), req.params.id),
  );
  app.post(
    `${BASE}/findings/:id/answer`,
    {
      config: { access: 'disability:write', personalData: 'record' },
      schema: {
        tags,
        summary: '乡镇（街道）核实：填写核实情况与依据，提交县级复核',
        params: idParam,
        body: answerFindingBody,
        response: { 200: findingView, ...errors },
      },
    },
    async (req) => answerFinding(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    `${BASE}/findings/:id/confirm`,
    {
      config: { access: 'disability:approve', personalData: 'record' },
      schema: {
        tags,
        summary: '县级复核确认：按核查结果停发补贴（自事件次月起停发，R-DIS-07）',
        params: idParam,
        body: confirmFindingBody,
        response: { 200: findingView, ...errors },
      },
    },
    async (req) => confirmFinding(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    `${BASE}/findings/:id/dismiss`,
    {
      config: { access: 'disability:approve', personalData: 'record' },
      schema: {
        tags,
        summary: '县级复核排除（如误匹配）：不停发，须说明理由',
        params: idParam,
        body: dismissFindingBody,
        response: { 200: findingView, ...errors },
      },
    },
    async (req) => dismissFinding(app.core, actorOf(req), req.params.id, req.body),
  );

  app.get(
    `${BASE}/hukou-moves/import-template.xlsx`,
    {
      config: { access: 'disability:read', personalData: false },
      schema: { tags, summary: '下载户籍迁出名单导入模板（Excel）', response: { ...errors } },
    },
    async (_req, reply) => sendXlsx(reply, '户籍迁出名单导入模板.xlsx', await hukouMoveTemplateXlsx()),
  );
  app.get(
    `${BASE}/hukou-moves/imports/:id/report.xlsx`,
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '下载户籍迁出名单导入的逐行报告（Excel）',
        params: idParam,
        response: { ...errors },
      },
    },
    async (req, reply) =>
      sendXlsx(
        reply,
        '户籍迁出名单导入报告.xlsx',
        await hukouMoveReportXlsx(app.core, actorOf(req), req.params.id),
      ),
  );
  app.get(
    `${BASE}/hukou-moves`,
    {
      config: { access: 'disability:read', personalData: 'list' },
      schema: {
        tags,
        summary: '户籍迁出名单（本县导入的各行及匹配方式）',
        querystring: hukouMovesQuery.extend(pageQuery.shape),
        response: { 200: pageOf(hukouMoveView), ...errors },
      },
    },
    async (req) => listHukouMoves(app.core, actorOf(req), req.query),
  );

  app.post(
    `${BASE}/campaigns`,
    {
      config: { access: 'disability:manage', personalData: false },
      schema: {
        tags,
        summary: '创建清理认定任务：所选区划全部在发补贴对象纳入自查',
        body: newCampaignBody,
        response: { 201: campaignView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createCampaign(app.core, actorOf(req), req.body)),
  );
  app.get(
    `${BASE}/campaigns`,
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '清理认定任务及进度（按本人管辖范围统计）',
        response: { 200: z.object({ items: z.array(campaignView) }), ...errors },
      },
    },
    async (req) => ({ items: await listCampaigns(app.core, actorOf(req)) }),
  );
  app.get(
    `${BASE}/campaigns/:id`,
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '清理认定任务详情：各乡镇（街道）进度、逾期情况、抽查情况',
        params: idParam,
        response: { 200: campaignView, ...errors },
      },
    },
    async (req) => getCampaign(app.core, actorOf(req), req.params.id),
  );
  app.post(
    `${BASE}/campaigns/:id/sample`,
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '第三方抽查抽样（县级复核或市级监管）：按每县比例或人数、以随机种子可复现地抽取',
        params: idParam,
        body: campaignSampleBody,
        response: { 200: campaignView, ...errors },
      },
    },
    async (req) => drawCampaignSample(app.core, actorOf(req), req.params.id, req.body),
  );
  ledgerRoutes(app, {
    path: `${BASE}/campaign-items`,
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '清理认定对象：按自查结果、是否抽中、区划、姓名筛选',
    exportSummary: '导出清理认定对象 Excel（与列表相同的筛选）',
    filter: campaignItemsQuery,
    filterLabels: { campaignId: '清理认定任务', selfCheck: '自查结果', sampled: '只列抽中对象', q: '姓名' },
    filterValues: { selfCheck: SELF_CHECK_TEXT },
    view: campaignItemView,
    list: listCampaignItems,
    exportRows: exportCampaignItems,
    sheet: '清理认定对象',
    columns: [
      { header: '姓名', value: (i) => i.personName, width: 10 },
      { header: '公民身份号码', value: (i) => i.residentIdMasked, width: 22 },
      { header: '补贴', value: (i) => i.subsidyLabel, width: 22 },
      { header: '区划', value: (i) => i.divisionName, width: 14 },
      { header: '自查结果', value: (i) => i.selfCheckLabel },
      { header: '自查说明', value: (i) => i.selfCheckNote, width: 30 },
      { header: '抽中', value: (i) => (i.sampled ? '是' : '') },
      { header: '抽查结果', value: (i) => i.spotResultLabel },
      { header: '抽查说明', value: (i) => i.spotNote, width: 30 },
    ],
    fileName: '清理认定对象',
  });
  app.post(
    `${BASE}/campaign-items/:id/self-check`,
    {
      config: { access: 'disability:write', personalData: 'record' },
      schema: {
        tags,
        summary: '乡镇（街道）自查：核实无误，或发现问题并说明（转县级复核）',
        params: idParam,
        body: selfCheckBody,
        response: { 200: campaignItemView, ...errors },
      },
    },
    async (req) => selfCheckItem(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    `${BASE}/campaign-items/:id/spot-check`,
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '登记第三方抽查结果：一致，或不一致并说明（生成核查结果，待乡镇核实、县级复核）',
        params: idParam,
        body: spotCheckBody,
        response: { 200: campaignItemView, ...errors },
      },
    },
    async (req) => spotCheckItem(app.core, actorOf(req), req.params.id, req.body),
  );
};
