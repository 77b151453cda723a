/**
 * Routes of the rescue line's governance concern (源头治理, issue 16 item 4), under /api/rescue/governance/…:
 * the returnee ledger with follow-up visits, at-risk persons, repeat-wanderer flags and the alerts to the
 * hukou county, street patrol leads, and the statistics with their Excel export. Edited only by that concern.
 */
import { exportHead, ledgerXlsxStream } from '@social-affairs/core';
import {
  acknowledgeGovernanceAlert,
  closeAtRisk,
  createAtRisk,
  decideRepeatFlag,
  exportAtRisk,
  exportPatrolLeads,
  exportRepeatFlags,
  exportReturnees,
  getAtRisk,
  getReturnee,
  governanceStatistics,
  listAtRisk,
  listGovernanceAlerts,
  listPatrolLeads,
  listRepeatFlags,
  listReturnees,
  recordFollowUp,
  recordPatrolLead,
  respondPatrolLead,
  setReturneeHome,
  updateAtRiskPerson,
} from '@social-affairs/core/rescue';
import { pageOf, pageQuery } from '@social-affairs/kernel/contracts';
import {
  AT_RISK_KIND_LABELS,
  AT_RISK_SORT_LABELS,
  AT_RISK_STATUS_LABELS,
  PATROL_OUTCOME_LABELS,
  PATROL_SORT_LABELS,
  PATROL_SOURCE_LABELS,
  REPEAT_BASIS_LABELS,
  REPEAT_FLAG_STATUS_LABELS,
  REPEAT_SORT_LABELS,
  RETURNEE_SORT_LABELS,
  RETURNEE_STATUS_LABELS,
  acknowledgeBody,
  atRiskBody,
  atRiskQuery,
  atRiskUpdateBody,
  atRiskView,
  closeBody,
  followUpBody,
  governanceAlertQuery,
  governanceAlertView,
  governanceStats,
  governanceStatsQuery,
  patrolLeadBody,
  patrolLeadQuery,
  patrolLeadView,
  patrolResponseBody,
  repeatDecisionBody,
  repeatFlagQuery,
  repeatFlagView,
  returneeDetail,
  returneeHomeBody,
  returneeQuery,
  returneeView,
  type GovernanceStatsDto,
} from '@social-affairs/kernel/contracts/rescue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendXlsx } from '../../xlsx-reply';
import { errors, idParam, tags } from './shared';

const BASE = '/api/rescue/governance';
const PERIOD_LABEL = { month: '按月', quarter: '按季度', year: '按年' } as const;
const beijingTime = (iso: string | null): string | null =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null;
const DEPARTURE = { return_home: '返乡', collected_by_family: '亲属接领' } as const;

export const governanceRoutes: FastifyPluginAsyncZod = async (app) => {
  // ── returnees ─────────────────────────────────────────────────────────────────────────────────
  ledgerRoutes(app, {
    path: `${BASE}/returnees`,
    access: 'rescue:read',
    personalData: 'list',
    tags,
    listSummary: '返乡人员台账：返乡、亲属接领的受助人员及回访情况（救助站与户籍地县级民政可见）',
    exportSummary: '导出返乡人员台账 Excel（与列表相同的筛选）',
    filter: returneeQuery,
    filterLabels: { status: '回访状态', overdue: '回访逾期', from: '返乡日期起', to: '返乡日期止' },
    filterValues: { status: RETURNEE_STATUS_LABELS, overdue: { true: '是', false: '否' } },
    sortLabels: RETURNEE_SORT_LABELS,
    view: returneeView,
    list: listReturnees,
    exportRows: exportReturnees,
    sheet: '返乡人员台账',
    columns: [
      { header: '案件编号', value: (r) => r.caseNo, width: 28 },
      { header: '姓名', value: (r) => r.personName, width: 12 },
      { header: '救助站', value: (r) => r.stationName, width: 24 },
      { header: '离站方式', value: (r) => DEPARTURE[r.departureKind] },
      { header: '返乡日期', value: (r) => r.returnedOn },
      { header: '目的地', value: (r) => r.destination, width: 20 },
      { header: '户籍地（返乡地）', value: (r) => r.homeDivisionName ?? '待填写', width: 16 },
      { header: '回访次数', value: (r) => r.visits, total: 'sum' },
      { header: '最近回访', value: (r) => r.lastVisitOn },
      { header: '是否在家', value: (r) => (r.lastAtHome === null ? '' : r.lastAtHome ? '在家' : '不在家') },
      { header: '下次回访', value: (r) => r.nextVisitDue },
      { header: '状态', value: (r) => (r.overdue ? '回访逾期' : RETURNEE_STATUS_LABELS[r.status]) },
    ],
    fileName: '返乡人员台账.xlsx',
  });
  app.get(
    `${BASE}/returnees/:id`,
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '返乡人员及回访记录',
        params: idParam,
        response: { 200: returneeDetail, ...errors },
      },
    },
    async (req) => getReturnee(app.core, actorOf(req), req.params.id),
  );
  app.post(
    `${BASE}/returnees/:id/follow-ups`,
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记回访（户籍地民政或救助站；电话或上门），设定下次回访日期或结束回访',
        params: idParam,
        body: followUpBody,
        response: { 201: returneeDetail, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordFollowUp(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.put(
    `${BASE}/returnees/:id/home`,
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '填写返乡人员的户籍地（返乡地）县级区划（身份证号码无法确定时由救助站填写）',
        params: idParam,
        body: returneeHomeBody,
        response: { 200: returneeDetail, ...errors },
      },
    },
    async (req) => setReturneeHome(app.core, actorOf(req), req.params.id, req.body.homeDivisionCode),
  );

  // ── at-risk persons ───────────────────────────────────────────────────────────────────────────
  ledgerRoutes(app, {
    path: `${BASE}/at-risk`,
    access: 'rescue:read',
    personalData: 'list',
    tags,
    listSummary: '易走失人员台账（家属电话脱敏；查询留痕）',
    exportSummary: '导出易走失人员台账 Excel（家属电话脱敏）',
    filter: atRiskQuery,
    filterLabels: { kind: '走失风险', status: '状态' },
    filterValues: { kind: AT_RISK_KIND_LABELS, status: AT_RISK_STATUS_LABELS },
    sortLabels: AT_RISK_SORT_LABELS,
    view: atRiskView,
    list: listAtRisk,
    exportRows: exportAtRisk,
    sheet: '易走失人员台账',
    columns: [
      { header: '姓名', value: (r) => r.name, width: 12 },
      { header: '性别', value: (r) => (r.sex === 'male' ? '男' : '女') },
      { header: '出生日期', value: (r) => r.birthDate },
      { header: '走失风险', value: (r) => r.kinds.map((k) => AT_RISK_KIND_LABELS[k]).join('、'), width: 24 },
      { header: '区划', value: (r) => r.divisionName, width: 14 },
      { header: '住址', value: (r) => r.homeAddress, width: 30 },
      {
        header: '家属联系人（电话脱敏）',
        value: (r) => r.contacts.map((c) => `${c.name}（${c.relation}）${c.phone}`).join('；'),
        width: 36,
      },
      { header: '状态', value: (r) => AT_RISK_STATUS_LABELS[r.status] },
    ],
    fileName: '易走失人员台账.xlsx',
  });
  app.post(
    `${BASE}/at-risk`,
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: { tags, summary: '登记易走失人员', body: atRiskBody, response: { 201: atRiskView, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await createAtRisk(app.core, actorOf(req), req.body)),
  );
  app.get(
    `${BASE}/at-risk/:id`,
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '易走失人员详情（含家属完整电话，查看留痕）',
        params: idParam,
        response: { 200: atRiskView, ...errors },
      },
    },
    async (req) => getAtRisk(app.core, actorOf(req), req.params.id),
  );
  app.put(
    `${BASE}/at-risk/:id`,
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '修改易走失人员信息',
        params: idParam,
        body: atRiskUpdateBody,
        response: { 200: atRiskView, ...errors },
      },
    },
    async (req) => updateAtRiskPerson(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    `${BASE}/at-risk/:id/close`,
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '易走失人员销册（须填写原因）',
        params: idParam,
        body: closeBody,
        response: { 200: atRiskView, ...errors },
      },
    },
    async (req) => closeAtRisk(app.core, actorOf(req), req.params.id, req.body),
  );

  // ── repeat wanderers and alerts ──────────────────────────────────────────────────────────────
  ledgerRoutes(app, {
    path: `${BASE}/repeat-flags`,
    access: 'rescue:read',
    personalData: 'list',
    tags,
    listSummary: '疑似多次流浪人员（跨站发现，待人工核实）',
    exportSummary: '导出多次流浪核实清单 Excel',
    filter: repeatFlagQuery,
    filterLabels: { status: '核实状态', basis: '发现依据' },
    filterValues: { status: REPEAT_FLAG_STATUS_LABELS, basis: REPEAT_BASIS_LABELS },
    sortLabels: REPEAT_SORT_LABELS,
    view: repeatFlagView,
    list: listRepeatFlags,
    exportRows: exportRepeatFlags,
    sheet: '多次流浪核实清单',
    columns: [
      { header: '本次案件', value: (f) => f.current.caseNo, width: 28 },
      { header: '姓名', value: (f) => f.current.name, width: 12 },
      { header: '本次救助站', value: (f) => f.current.stationName, width: 24 },
      { header: '本次入站', value: (f) => f.current.entryDate },
      { header: '此前案件', value: (f) => f.earlier.caseNo, width: 28 },
      { header: '此前救助站', value: (f) => f.earlier.stationName, width: 24 },
      { header: '此前入站', value: (f) => f.earlier.entryDate },
      { header: '依据', value: (f) => REPEAT_BASIS_LABELS[f.basis] },
      { header: '评分', value: (f) => f.score },
      { header: '说明', value: (f) => f.explanation.join('；'), width: 40 },
      { header: '状态', value: (f) => REPEAT_FLAG_STATUS_LABELS[f.status] },
    ],
    fileName: '多次流浪核实清单.xlsx',
  });
  app.post(
    `${BASE}/repeat-flags/:id/decision`,
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '核实多次流浪标记：确认（向户籍地发出源头治理预警）或排除，须填写依据',
        params: idParam,
        body: repeatDecisionBody,
        response: { 200: repeatFlagView, ...errors },
      },
    },
    async (req) => decideRepeatFlag(app.core, actorOf(req), req.params.id, req.body),
  );
  app.get(
    `${BASE}/alerts`,
    {
      config: { access: 'rescue:read', personalData: 'list' },
      schema: {
        tags,
        summary: '源头治理预警：发往本地（户籍地）或本站发出的预警',
        querystring: governanceAlertQuery.extend(pageQuery.shape),
        response: { 200: pageOf(governanceAlertView), ...errors },
      },
    },
    async (req) => listGovernanceAlerts(app.core, actorOf(req), req.query),
  );
  app.post(
    `${BASE}/alerts/:id/acknowledge`,
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '户籍地处理源头治理预警（填写采取的措施）',
        params: idParam,
        body: acknowledgeBody,
        response: { 200: governanceAlertView, ...errors },
      },
    },
    async (req) => acknowledgeGovernanceAlert(app.core, actorOf(req), req.params.id, req.body),
  );

  // ── patrol leads ─────────────────────────────────────────────────────────────────────────────
  ledgerRoutes(app, {
    path: `${BASE}/patrol-leads`,
    access: 'rescue:read',
    personalData: 'list',
    tags,
    listSummary: '街面巡查线索台账：来源、地点、转介救助站、响应用时（超过目标时限标红）',
    exportSummary: '导出街面巡查线索台账 Excel',
    filter: patrolLeadQuery,
    filterLabels: { source: '线索来源', state: '响应状态', from: '接报日期起', to: '接报日期止' },
    filterValues: {
      source: PATROL_SOURCE_LABELS,
      state: { pending: '待响应', responded: '已响应', late: '超时' },
    },
    sortLabels: PATROL_SORT_LABELS,
    view: patrolLeadView,
    list: listPatrolLeads,
    exportRows: exportPatrolLeads,
    sheet: '街面巡查线索台账',
    columns: [
      { header: '接报时间', value: (l) => beijingTime(l.receivedAt), width: 18 },
      { header: '来源', value: (l) => PATROL_SOURCE_LABELS[l.source] },
      { header: '报告人', value: (l) => l.reporter, width: 18 },
      { header: '地点', value: (l) => l.placeDescription, width: 24 },
      { header: '人员情况', value: (l) => l.personDescription, width: 30 },
      { header: '救助站', value: (l) => l.stationName, width: 24 },
      { header: '响应时间', value: (l) => beijingTime(l.respondedAt), width: 18 },
      { header: '响应用时（分钟）', value: (l) => l.responseMinutes },
      { header: '是否超时', value: (l) => (l.late ? '超时' : '') },
      { header: '结果', value: (l) => (l.outcome ? PATROL_OUTCOME_LABELS[l.outcome] : '待响应') },
      { header: '关联案件', value: (l) => l.caseNo, width: 28 },
    ],
    fileName: '街面巡查线索台账.xlsx',
  });
  app.post(
    `${BASE}/patrol-leads`,
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记街面巡查线索（公安、城管、群众或本站巡查）并转介救助站',
        body: patrolLeadBody,
        response: { 201: patrolLeadView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await recordPatrolLead(app.core, actorOf(req), req.body)),
  );
  app.post(
    `${BASE}/patrol-leads/:id/response`,
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记线索响应结果（已救助须关联本站案件；拒绝救助；未找到）',
        params: idParam,
        body: patrolResponseBody,
        response: { 200: patrolLeadView, ...errors },
      },
    },
    async (req) => respondPatrolLead(app.core, actorOf(req), req.params.id, req.body),
  );

  // ── statistics ───────────────────────────────────────────────────────────────────────────────
  app.get(
    `${BASE}/statistics`,
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '源头治理统计：多次流浪人员（按期间和区划）、巡查线索响应用时',
        querystring: governanceStatsQuery,
        response: { 200: governanceStats, ...errors },
      },
    },
    async (req) => governanceStatistics(app.core, actorOf(req), req.query),
  );
  app.get(
    `${BASE}/statistics/export`,
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '导出多次流浪人员统计 Excel（期间 × 下级区划）',
        querystring: governanceStatsQuery,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const s = await governanceStatistics(app.core, actor, req.query);
      const head = await exportHead(
        app.core,
        actor,
        '多次流浪人员统计',
        { division: s.division.code, period: s.period, from: s.from, to: s.to },
        { labels: { period: '分组' }, values: { period: PERIOD_LABEL }, ids: {} },
      );
      type Cell = GovernanceStatsDto['repeatCells'][number];
      async function* rows() {
        yield* s.repeatCells;
      }
      return sendXlsx(
        reply,
        `多次流浪人员统计-${s.division.name}-${s.from}至${s.to}.xlsx`,
        ledgerXlsxStream<Cell>(
          '多次流浪人员统计',
          [
            { header: '期间', value: (c) => c.bucketLabel, width: 16 },
            { header: '区划代码', value: (c) => c.divisionCode },
            { header: '区划名称', value: (c) => c.divisionName, width: 20 },
            { header: '已确认多次流浪（人次）', value: (c) => c.confirmed, total: 'sum' },
            { header: '待核实', value: (c) => c.open, total: 'sum' },
          ],
          rows(),
          head,
        ),
      );
    },
  );
};
