/**
 * Routes of the disability line's rehabilitation and devices concern (D8), under `/api/disability/…`
 * (ADR 0022): community mental-health rehabilitation institutions, service records (enrolments and
 * sessions), patients living at home, county coverage against the 2025 targets (R-DIS-09); the
 * assistive-device catalogue, rental points and stock, rentals, and 福康工程 cases (R-DIS-10).
 */
import { exportHead, ledgerXlsxStream } from '@social-affairs/core';
import {
  closeFukangCase,
  createFukangCase,
  createRehabInstitution,
  createRental,
  createRentalPoint,
  decideFukangCase,
  deliverFukangCase,
  devicesToday,
  dischargeRehab,
  enrolRehab,
  exportDeviceItems,
  exportFukangCases,
  exportRehabEnrolments,
  exportRehabInstitutions,
  exportRentalPoints,
  exportRentals,
  getRehabEnrolment,
  getRehabInstitution,
  getRentalPoint,
  listDeviceItems,
  listFukangCases,
  listHomePatients,
  listRehabEnrolments,
  listRehabInstitutions,
  listRentalPoints,
  listRentals,
  recordRehabSession,
  rehabCoverage,
  returnRental,
  saveDeviceItem,
  setHomePatients,
  setPointStock,
  updateRehabInstitution,
} from '@social-affairs/core/disability';
import {
  DEVICE_CATEGORIES,
  DEVICE_CATEGORY_LABELS,
  FUKANG_ITEM_KIND_LABELS,
  FUKANG_SORT_LABELS,
  FUKANG_STATUS_LABELS,
  REHAB_BASIS_LABELS,
  REHAB_ENROLMENT_SORT_LABELS,
  REHAB_INSTITUTION_KIND_LABELS,
  REHAB_INSTITUTION_SORT_LABELS,
  REHAB_SERVICE_LABELS,
  RENTAL_POINT_KIND_LABELS,
  RENTAL_SORT_LABELS,
  deviceItemBody,
  deviceItemView,
  devicesTodayView,
  editRehabInstitutionBody,
  fukangCaseView,
  fukangCasesQuery,
  fukangDecisionBody,
  fukangStepBody,
  homePatientsBody,
  homePatientsQuery,
  homePatientsView,
  newFukangCaseBody,
  newRehabEnrolmentBody,
  newRehabInstitutionBody,
  newRehabSessionBody,
  newRentalBody,
  newRentalPointBody,
  pointStockBody,
  rehabCoverageQuery,
  rehabCoverageView,
  rehabDischargeBody,
  rehabEnrolmentDetailView,
  rehabEnrolmentView,
  rehabEnrolmentsQuery,
  rehabInstitutionView,
  rehabInstitutionsQuery,
  rentalPointView,
  rentalPointsQuery,
  rentalReturnBody,
  rentalView,
  rentalsQuery,
  type RehabCountyCoverage,
} from '@social-affairs/kernel/contracts/disability';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendXlsx } from '../../xlsx-reply';
import { errors, idParam, tags } from './shared';

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
const yesNo = (b: boolean | null) => (b === null ? '无数据' : b ? '达标' : '未达标');

const deviceItemsQuery = z.object({
  category: z.enum(DEVICE_CATEGORIES).optional(),
  status: z.enum(['active', 'withdrawn']).optional(),
  q: z.string().trim().max(50).optional().describe('名称或编码'),
});

export const rehabRoutes: FastifyPluginAsyncZod = async (app) => {
  // ----- institutions -----
  ledgerRoutes(app, {
    path: '/api/disability/rehab/institutions',
    access: 'disability:read',
    personalData: false,
    tags,
    listSummary: '精神障碍社区康复机构台账：按区划、类型、状态、名称筛选',
    exportSummary: '导出康复机构台账 Excel（与列表相同的筛选）',
    filter: rehabInstitutionsQuery,
    filterLabels: { kind: '类型', q: '名称' },
    filterValues: { kind: REHAB_INSTITUTION_KIND_LABELS, status: { active: '运营中', closed: '已停办' } },
    sortLabels: REHAB_INSTITUTION_SORT_LABELS,
    view: rehabInstitutionView,
    list: listRehabInstitutions,
    exportRows: exportRehabInstitutions,
    sheet: '精神障碍社区康复机构台账',
    columns: [
      { header: '机构名称', value: (r) => r.name, width: 30 },
      { header: '类型', value: (r) => r.kindLabel, width: 22 },
      { header: '所在区划', value: (r) => r.divisionName, width: 16 },
      { header: '服务的市辖区', value: (r) => r.servesDistrictNames.join('、'), width: 24 },
      { header: '服务容量', value: (r) => r.capacity },
      { header: '在册服务对象', value: (r) => r.enrolled },
      {
        header: '服务项目',
        value: (r) => r.services.map((s) => REHAB_SERVICE_LABELS[s]).join('、'),
        width: 40,
      },
      { header: '试点资金文号', value: (r) => r.pilot?.fundRef ?? '', width: 24 },
      { header: '试点资金（元）', value: (r) => yuan(r.pilot?.amountFen ?? null) },
      { header: '状态', value: (r) => (r.status === 'active' ? '运营中' : '已停办') },
      { header: '地址', value: (r) => r.address, width: 30 },
      { header: '电话', value: (r) => r.phone },
    ],
    fileName: '精神障碍社区康复机构台账',
  });
  app.post(
    '/api/disability/rehab/institutions',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary:
          '登记康复机构（同时登记为平台机构）：县级经办人员或市、省级管理人员；试点资金每点一笔，不得分拆到两个站点（422）',
        body: newRehabInstitutionBody,
        response: { 201: rehabInstitutionView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createRehabInstitution(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/disability/rehab/institutions/:id',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '康复机构详情',
        params: idParam,
        response: { 200: rehabInstitutionView, ...errors },
      },
    },
    async (req) => getRehabInstitution(app.core, actorOf(req), req.params.id),
  );
  app.put(
    '/api/disability/rehab/institutions/:id',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '修改康复机构信息（须带版本号；县级经办人员或管理人员）',
        params: idParam,
        body: editRehabInstitutionBody,
        response: { 200: rehabInstitutionView, ...errors },
      },
    },
    async (req) => updateRehabInstitution(app.core, actorOf(req), req.params.id, req.body),
  );

  // ----- service records -----
  ledgerRoutes(app, {
    path: '/api/disability/rehab/enrolments',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '康复服务台账：按区划、机构、对象类别、状态、入组日期、姓名筛选',
    exportSummary: '导出康复服务台账 Excel（与列表相同的筛选）',
    filter: rehabEnrolmentsQuery,
    filterLabels: {
      institutionId: '机构',
      basis: '对象类别',
      from: '入组日期起',
      to: '入组日期止',
      q: '姓名',
    },
    filterValues: { basis: REHAB_BASIS_LABELS, status: { enrolled: '服务中', discharged: '已结案' } },
    sortLabels: REHAB_ENROLMENT_SORT_LABELS,
    view: rehabEnrolmentView,
    list: listRehabEnrolments,
    exportRows: exportRehabEnrolments,
    sheet: '康复服务台账',
    columns: [
      { header: '姓名', value: (r) => r.personName },
      { header: '身份证号', value: (r) => r.residentIdMasked, width: 22 },
      { header: '对象类别', value: (r) => r.basisLabel, width: 18 },
      { header: '居住地', value: (r) => r.divisionName, width: 16 },
      { header: '服务机构', value: (r) => r.institutionName, width: 30 },
      { header: '入组日期', value: (r) => r.enrolledOn },
      { header: '服务次数', value: (r) => r.sessions },
      { header: '最近服务', value: (r) => r.lastSessionOn },
      { header: '状态', value: (r) => (r.status === 'enrolled' ? '服务中' : '已结案') },
      { header: '结案日期', value: (r) => r.dischargedOn },
      { header: '结案原因', value: (r) => r.dischargeReason, width: 30 },
    ],
    fileName: '康复服务台账',
  });
  app.post(
    '/api/disability/rehab/enrolments',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '登记康复服务对象：精神残疾持证人（须有有效精神残疾人证）或居家精神障碍患者',
        body: newRehabEnrolmentBody,
        response: { 201: rehabEnrolmentDetailView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await enrolRehab(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/disability/rehab/enrolments/:id',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '康复服务记录及服务明细（留痕）',
        params: idParam,
        response: { 200: rehabEnrolmentDetailView, ...errors },
      },
    },
    async (req) => getRehabEnrolment(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/disability/rehab/enrolments/:id/sessions',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '登记一次康复服务（日期、服务类型、时长）',
        params: idParam,
        body: newRehabSessionBody,
        response: { 201: rehabEnrolmentDetailView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordRehabSession(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/disability/rehab/enrolments/:id/discharge',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '康复服务结案',
        params: idParam,
        body: rehabDischargeBody,
        response: { 200: rehabEnrolmentDetailView, ...errors },
      },
    },
    async (req) => dischargeRehab(app.core, actorOf(req), req.params.id, req.body),
  );

  // ----- patients at home and coverage -----
  app.get(
    '/api/disability/rehab/home-patients',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '居家精神障碍患者数（按县、年度，附数据来源）',
        querystring: homePatientsQuery,
        response: { 200: z.array(homePatientsView), ...errors },
      },
    },
    async (req) => listHomePatients(app.core, actorOf(req), req.query),
  );
  app.put(
    '/api/disability/rehab/home-patients',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '登记或更正某县某年度居家精神障碍患者数（县级经办人员或管理人员）',
        body: homePatientsBody,
        response: { 200: homePatientsView, ...errors },
      },
    },
    async (req) => setHomePatients(app.core, actorOf(req), req.body),
  );
  app.get(
    '/api/disability/rehab/coverage',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary:
          '2025年目标达标情况：各县是否开展服务、机构数（县≥2，市辖区依托市级机构每区≥1）、居家患者服务率（≥60%）；各市民政精神卫生福利机构；开展服务县占比（≥80%）',
        querystring: rehabCoverageQuery,
        response: { 200: rehabCoverageView, ...errors },
      },
    },
    async (req) => rehabCoverage(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/disability/rehab/coverage/export',
    {
      config: { access: 'disability:read', personalData: false },
      schema: { tags, summary: '导出各县达标情况 Excel', querystring: rehabCoverageQuery },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const cov = await rehabCoverage(app.core, actor, req.query);
      const sheet = `精神障碍社区康复达标情况（${cov.year}年）`;
      const head = await exportHead(app.core, actor, sheet, req.query, { labels: { year: '年度' } });
      const rows = (async function* () {
        yield* cov.counties;
      })();
      const columns: Parameters<typeof ledgerXlsxStream<RehabCountyCoverage>>[1] = [
        { header: '市州', value: (r) => r.cityName },
        { header: '县（市、区）', value: (r) => r.countyName, width: 16 },
        { header: '市辖区', value: (r) => (r.isDistrict ? '是' : '否') },
        { header: '开展服务', value: (r) => (r.offersServices ? '是' : '否') },
        { header: '本地机构数', value: (r) => r.ownInstitutions },
        { header: '市级机构服务', value: (r) => r.cityInstitutions },
        { header: '机构数目标', value: (r) => r.institutionsTarget },
        { header: '机构数', value: (r) => yesNo(r.institutionsMet) },
        { header: '居家患者数', value: (r) => r.homePatients },
        { header: '已服务居家患者', value: (r) => r.served },
        { header: '服务率（%）', value: (r) => r.servedPercent },
        { header: `服务率≥${cov.targets.homePatientsServedPercent}%`, value: (r) => yesNo(r.servedMet) },
        { header: '患者数来源', value: (r) => r.homePatientsSource, width: 30 },
      ];
      return sendXlsx(reply, sheet, ledgerXlsxStream(sheet, columns, rows, head));
    },
  );

  // ----- devices -----
  ledgerRoutes(app, {
    path: '/api/disability/devices/items',
    access: 'disability:read',
    personalData: false,
    tags,
    listSummary: '康复辅助器具目录：按类别、状态、名称筛选',
    exportSummary: '导出辅助器具目录 Excel',
    filter: deviceItemsQuery,
    filterLabels: { category: '类别', q: '名称' },
    filterValues: { category: DEVICE_CATEGORY_LABELS, status: { active: '在用', withdrawn: '已停用' } },
    view: deviceItemView,
    list: listDeviceItems,
    exportRows: exportDeviceItems,
    sheet: '康复辅助器具目录',
    columns: [
      { header: '编码', value: (r) => r.code },
      { header: '名称', value: (r) => r.name, width: 24 },
      { header: '类别', value: (r) => r.categoryLabel, width: 24 },
      { header: '月租金（元）', value: (r) => yuan(r.rentalFenPerMonth) },
      { header: '购置补贴上限（元）', value: (r) => yuan(r.purchaseCapFen) },
      { header: '状态', value: (r) => (r.status === 'active' ? '在用' : '已停用') },
    ],
    fileName: '康复辅助器具目录',
  });
  app.post(
    '/api/disability/devices/items',
    {
      config: { access: 'disability:manage', personalData: false },
      schema: {
        tags,
        summary: '新增或按编码修改辅助器具目录项（月租金、购置补贴上限为数据）',
        body: deviceItemBody,
        response: { 200: deviceItemView, ...errors },
      },
    },
    async (req) => saveDeviceItem(app.core, actorOf(req), req.body),
  );
  ledgerRoutes(app, {
    path: '/api/disability/devices/points',
    access: 'disability:read',
    personalData: false,
    tags,
    listSummary: '辅具租赁点台账（社区、村级）及各器具库存、在租、可租数',
    exportSummary: '导出辅具租赁点台账 Excel',
    filter: rentalPointsQuery,
    filterLabels: { kind: '类型', q: '名称' },
    filterValues: { kind: RENTAL_POINT_KIND_LABELS },
    sortLabels: { name: '名称', divisionCode: '行政区划' },
    view: rentalPointView,
    list: listRentalPoints,
    exportRows: exportRentalPoints,
    sheet: '辅具租赁点台账',
    columns: [
      { header: '租赁点', value: (r) => r.name, width: 28 },
      { header: '类型', value: (r) => r.kindLabel },
      { header: '所在区划', value: (r) => r.divisionName, width: 16 },
      { header: '运营机构', value: (r) => r.institutionName, width: 24 },
      { header: '库存', value: (r) => r.stock.reduce((n, s) => n + s.quantity, 0) },
      { header: '在租', value: (r) => r.stock.reduce((n, s) => n + s.out, 0) },
      { header: '可租', value: (r) => r.stock.reduce((n, s) => n + s.available, 0) },
      {
        header: '各器具（库存/在租）',
        value: (r) => r.stock.map((s) => `${s.itemName} ${s.quantity}/${s.out}`).join('；'),
        width: 50,
      },
    ],
    fileName: '辅具租赁点台账',
  });
  app.post(
    '/api/disability/devices/points',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '登记辅具租赁点（县级经办人员或管理人员）',
        body: newRentalPointBody,
        response: { 201: rentalPointView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createRentalPoint(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/disability/devices/points/:id',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '租赁点及库存',
        params: idParam,
        response: { 200: rentalPointView, ...errors },
      },
    },
    async (req) => getRentalPoint(app.core, actorOf(req), req.params.id),
  );
  app.put(
    '/api/disability/devices/points/:id/stock',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '设置租赁点某器具库存（不得少于在租数）',
        params: idParam,
        body: pointStockBody,
        response: { 200: rentalPointView, ...errors },
      },
    },
    async (req) => setPointStock(app.core, actorOf(req), req.params.id, req.body),
  );
  ledgerRoutes(app, {
    path: '/api/disability/devices/rentals',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '辅具租赁台账：按区划、租赁点、器具、状态（在租/已还/逾期未还）、姓名筛选',
    exportSummary: '导出辅具租赁台账 Excel（与列表相同的筛选）',
    filter: rentalsQuery,
    filterLabels: { pointId: '租赁点', itemId: '器具', q: '姓名' },
    filterValues: { status: { out: '在租', returned: '已归还', overdue: '逾期未还' } },
    sortLabels: RENTAL_SORT_LABELS,
    view: rentalView,
    list: listRentals,
    exportRows: exportRentals,
    sheet: '辅具租赁台账',
    columns: [
      { header: '姓名', value: (r) => r.personName },
      { header: '身份证号', value: (r) => r.residentIdMasked, width: 22 },
      { header: '器具', value: (r) => r.itemName, width: 18 },
      { header: '租赁点', value: (r) => r.pointName, width: 26 },
      { header: '租用日期', value: (r) => r.fromOn },
      { header: '应还日期', value: (r) => r.dueOn },
      { header: '归还日期', value: (r) => r.returnedOn },
      { header: '月租金（元）', value: (r) => yuan(r.monthlyFen) },
      { header: '月补贴（元）', value: (r) => yuan(r.subsidyMonthlyFen) },
      { header: '补贴依据', value: (r) => r.subsidyBasis, width: 40 },
      { header: '押金（元）', value: (r) => yuan(r.depositFen) },
      { header: '退押金（元）', value: (r) => yuan(r.depositRefundFen) },
      { header: '状态', value: (r) => (r.overdue ? '逾期未还' : r.status === 'out' ? '在租' : '已归还') },
    ],
    fileName: '辅具租赁台账',
  });
  app.post(
    '/api/disability/devices/rentals',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '登记租赁：须有库存；持证残疾人按配置享受租金补贴',
        body: newRentalBody,
        response: { 201: rentalView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createRental(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/disability/devices/rentals/:id/return',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '登记归还及退押金',
        params: idParam,
        body: rentalReturnBody,
        response: { 200: rentalView, ...errors },
      },
    },
    async (req) => returnRental(app.core, actorOf(req), req.params.id, req.body),
  );

  // ----- 福康工程 -----
  ledgerRoutes(app, {
    path: '/api/disability/devices/fukang',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '福康工程台账：按区划、状态、项目类型、姓名或项目筛选',
    exportSummary: '导出福康工程台账 Excel（与列表相同的筛选）',
    filter: fukangCasesQuery,
    filterLabels: { itemKind: '项目类型', q: '姓名或项目' },
    filterValues: { status: FUKANG_STATUS_LABELS, itemKind: FUKANG_ITEM_KIND_LABELS },
    sortLabels: FUKANG_SORT_LABELS,
    view: fukangCaseView,
    list: listFukangCases,
    exportRows: exportFukangCases,
    sheet: '福康工程台账',
    columns: [
      { header: '姓名', value: (r) => r.personName },
      { header: '身份证号', value: (r) => r.residentIdMasked, width: 22 },
      { header: '区划', value: (r) => r.divisionName, width: 16 },
      { header: '类型', value: (r) => r.itemKindLabel },
      { header: '项目', value: (r) => r.itemName, width: 22 },
      { header: '申请金额（元）', value: (r) => yuan(r.requestedFen) },
      { header: '批准金额（元）', value: (r) => yuan(r.approvedFen) },
      { header: '状态', value: (r) => r.statusLabel },
      { header: '申请日期', value: (r) => r.appliedOn },
      { header: '审批日期', value: (r) => r.decidedOn },
      { header: '配发/手术日期', value: (r) => r.deliveredOn },
      { header: '结案日期', value: (r) => r.closedOn },
      { header: '理由', value: (r) => r.reason, width: 40 },
      { header: '依据', value: (r) => r.basis, width: 30 },
    ],
    fileName: '福康工程台账',
  });
  app.post(
    '/api/disability/devices/fukang',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '受理福康工程申请（辅助器具或矫治手术）',
        body: newFukangCaseBody,
        response: { 201: fukangCaseView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createFukangCase(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/disability/devices/fukang/:id/decision',
    {
      config: { access: 'disability:approve', personalData: false },
      schema: {
        tags,
        summary: '审批福康工程项目：批准（金额不超过申请）或不予批准（写明理由及救济途径）',
        params: idParam,
        body: fukangDecisionBody,
        response: { 200: fukangCaseView, ...errors },
      },
    },
    async (req) => decideFukangCase(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/devices/fukang/:id/delivery',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '登记已配发器具或已实施手术',
        params: idParam,
        body: fukangStepBody,
        response: { 200: fukangCaseView, ...errors },
      },
    },
    async (req) => deliverFukangCase(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/devices/fukang/:id/close',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '福康工程项目结案（已配发/已手术或未批准的项目）',
        params: idParam,
        body: fukangStepBody,
        response: { 200: fukangCaseView, ...errors },
      },
    },
    async (req) => closeFukangCase(app.core, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/disability/devices/today',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '辅具与福康工程今日待办：逾期未还、待审批、待配发',
        response: { 200: devicesTodayView, ...errors },
      },
    },
    async (req) => devicesToday(app.core, actorOf(req)),
  );
};
