/**
 * HTTP routes of the rescue line's stations concern (edited only by that concern): rescue stations and
 * dormitories, partner institutions (ledger), placement agreements, inspections (ledger) and the list of
 * partners due for inspection (R-RES-04, R-RES-13, R-RES-14).
 */
import {
  addDormitory,
  createRescueAgreement,
  createRescuePartner,
  createRescueStation,
  exportInspections,
  exportRescuePartners,
  getRescueAgreement,
  getRescuePartner,
  getRescueStation,
  listDormitories,
  listInspections,
  listRescueAgreements,
  listRescuePartners,
  listRescueStations,
  partnersDueForInspection,
  recordInspection,
  terminateRescueAgreement,
  updateDormitoryOf,
  updateRescuePartner,
  updateRescueStation,
} from '@social-affairs/core/rescue';
import { todayPlainDate } from '@social-affairs/kernel';
import {
  RESCUE_INSPECTION_SORT_LABELS,
  RESCUE_PARTNER_SORT_LABELS,
  editRescueDormitoryBody,
  editRescuePartnerBody,
  editRescueStationBody,
  newRescueAgreementBody,
  newRescueDormitoryBody,
  newRescueInspectionBody,
  newRescuePartnerBody,
  newRescueStationBody,
  rescueAgreementView,
  rescueAgreementsQuery,
  rescueDormitoryView,
  rescueInspectionDueView,
  rescueInspectionView,
  rescueInspectionsQuery,
  rescuePartnerView,
  rescuePartnersQuery,
  rescueStationDetailView,
  rescueStationView,
  rescueStationsQuery,
  terminateRescueAgreementBody,
} from '@social-affairs/kernel/contracts/rescue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { errors, idParam, tags } from './shared';

const KIND_LABEL = { foster: '托养机构', hospital: '合作医院' } as const;
const OWNERSHIP_LABEL = { public: '公办', private: '民办' } as const;
const QUALIFICATION_LABEL = {
  qualified: '合格',
  under_rectification: '整改中',
  unqualified: '不合格',
} as const;
const RESULT_LABEL = { qualified: '合格', rectify: '限期整改', unqualified: '不合格' } as const;
const STATUS_LABEL = { active: '合作中', closed: '已停止合作' } as const;

export const stationsRoutes: FastifyPluginAsyncZod = async (app) => {
  // ----- stations -----
  app.get(
    '/api/rescue/stations',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '救助管理站列表（含分性别在站人数；站内工作人员只见本站）',
        querystring: rescueStationsQuery,
        response: { 200: z.array(rescueStationView), ...errors },
      },
    },
    async (req) => listRescueStations(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/rescue/stations',
    {
      config: { access: 'rescue:manage', personalData: false },
      schema: {
        tags,
        summary: '新增救助管理站（同时登记为“救助管理站”类机构）',
        body: newRescueStationBody,
        response: { 201: rescueStationView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createRescueStation(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/rescue/stations/:id',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '救助管理站详情：床位、热线、宿舍及在住人数',
        params: idParam,
        response: { 200: rescueStationDetailView, ...errors },
      },
    },
    async (req) => getRescueStation(app.core, actorOf(req), req.params.id),
  );
  app.put(
    '/api/rescue/stations/:id',
    {
      config: { access: 'rescue:manage', personalData: false },
      schema: {
        tags,
        summary: '修改救助管理站信息（须带版本号，他人已修改时返回 409）',
        params: idParam,
        body: editRescueStationBody,
        response: { 200: rescueStationDetailView, ...errors },
      },
    },
    async (req) => updateRescueStation(app.core, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/rescue/stations/:id/dormitories',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '救助管理站的宿舍（男女分设）及在住人数',
        params: idParam,
        response: { 200: z.array(rescueDormitoryView), ...errors },
      },
    },
    async (req) => listDormitories(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/stations/:id/dormitories',
    {
      config: { access: 'rescue:manage', personalData: false },
      schema: {
        tags,
        summary: '新增宿舍（须注明男/女宿舍）',
        params: idParam,
        body: newRescueDormitoryBody,
        response: { 201: rescueDormitoryView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addDormitory(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.put(
    '/api/rescue/dormitories/:id',
    {
      config: { access: 'rescue:manage', personalData: false },
      schema: {
        tags,
        summary: '修改或停用宿舍（有人在住时不能停用，床位不能少于在住人数）',
        params: idParam,
        body: editRescueDormitoryBody,
        response: { 200: rescueDormitoryView, ...errors },
      },
    },
    async (req) => updateDormitoryOf(app.core, actorOf(req), req.params.id, req.body),
  );

  // ----- partners -----
  ledgerRoutes(app, {
    path: '/api/rescue/partners',
    access: 'rescue:read',
    personalData: false,
    tags,
    listSummary: '托养机构与合作医院台账：按类型、资质状态、性质、区划、名称筛选',
    exportSummary: '导出托养机构与合作医院台账 Excel（与列表相同的筛选）',
    filter: rescuePartnersQuery,
    filterLabels: { kind: '类型', qualification: '资质状态', ownership: '性质', q: '名称' },
    filterValues: {
      kind: KIND_LABEL,
      qualification: QUALIFICATION_LABEL,
      ownership: OWNERSHIP_LABEL,
      status: STATUS_LABEL,
    },
    sortLabels: RESCUE_PARTNER_SORT_LABELS,
    view: rescuePartnerView,
    list: listRescuePartners,
    exportRows: exportRescuePartners,
    sheet: '托养机构与合作医院台账',
    columns: [
      { header: '机构名称', value: (p) => p.name, width: 28 },
      { header: '类型', value: (p) => KIND_LABEL[p.kind] },
      { header: '性质', value: (p) => OWNERSHIP_LABEL[p.ownership] },
      { header: '所在区划', value: (p) => p.divisionName, width: 16 },
      { header: '资质状态', value: (p) => QUALIFICATION_LABEL[p.qualification] },
      { header: '资质说明', value: (p) => p.qualificationNote, width: 36 },
      { header: '整改期限', value: (p) => p.rectifyBy },
      { header: '整改逾期', value: (p) => (p.rectificationOverdue ? '是' : '') },
      { header: '最近检查', value: (p) => p.lastInspectedOn },
      { header: '床位', value: (p) => p.capacity },
      { header: '有效协议数', value: (p) => p.activeAgreements },
      { header: '地址', value: (p) => p.address, width: 32 },
      { header: '联系人', value: (p) => p.contactName },
      { header: '联系电话', value: (p) => p.contactPhone, width: 16 },
      { header: '合作状态', value: (p) => STATUS_LABEL[p.status] },
    ],
    fileName: '托养机构与合作医院台账.xlsx',
  });
  app.post(
    '/api/rescue/partners',
    {
      config: { access: 'rescue:manage', personalData: false },
      schema: {
        tags,
        summary: '新增托养机构或合作医院（优先选择公办机构）',
        body: newRescuePartnerBody,
        response: { 201: rescuePartnerView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createRescuePartner(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/rescue/partners/:id',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '托养机构或合作医院详情',
        params: idParam,
        response: { 200: rescuePartnerView, ...errors },
      },
    },
    async (req) => getRescuePartner(app.core, actorOf(req), req.params.id),
  );
  app.put(
    '/api/rescue/partners/:id',
    {
      config: { access: 'rescue:manage', personalData: false },
      schema: {
        tags,
        summary: '修改托养机构或合作医院信息（手工变更资质状态须填写依据）',
        params: idParam,
        body: editRescuePartnerBody,
        response: { 200: rescuePartnerView, ...errors },
      },
    },
    async (req) => updateRescuePartner(app.core, actorOf(req), req.params.id, req.body),
  );

  // ----- agreements -----
  app.get(
    '/api/rescue/agreements',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '托养协议列表（按救助管理站、机构、状态筛选）',
        querystring: rescueAgreementsQuery,
        response: { 200: z.array(rescueAgreementView), ...errors },
      },
    },
    async (req) => listRescueAgreements(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/rescue/agreements',
    {
      config: { access: 'rescue:manage', personalData: false },
      schema: {
        tags,
        summary: '登记托养协议（协议编号取自纸质协议，不得重复；不合格机构不得签订）',
        body: newRescueAgreementBody,
        response: { 201: rescueAgreementView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createRescueAgreement(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/rescue/agreements/:id',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '托养协议详情',
        params: idParam,
        response: { 200: rescueAgreementView, ...errors },
      },
    },
    async (req) => getRescueAgreement(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/agreements/:id/terminate',
    {
      config: { access: 'rescue:manage', personalData: false },
      schema: {
        tags,
        summary: '终止托养协议（须填写终止日期和原因）',
        params: idParam,
        body: terminateRescueAgreementBody,
        response: { 200: rescueAgreementView, ...errors },
      },
    },
    async (req) => terminateRescueAgreement(app.core, actorOf(req), req.params.id, req.body),
  );

  // ----- inspections -----
  ledgerRoutes(app, {
    path: '/api/rescue/inspections',
    access: 'rescue:read',
    personalData: false,
    tags,
    listSummary: '托养机构与合作医院检查台账：按区划、机构、结论、检查日期筛选',
    exportSummary: '导出检查台账 Excel（与列表相同的筛选）',
    filter: rescueInspectionsQuery,
    filterLabels: { result: '检查结论', from: '检查日期起', to: '检查日期止' },
    filterValues: { result: RESULT_LABEL },
    sortLabels: RESCUE_INSPECTION_SORT_LABELS,
    idLabels: async (core, actor, q) =>
      q.partnerId ? { partnerId: (await getRescuePartner(core, actor, q.partnerId)).name } : {},
    view: rescueInspectionView,
    list: listInspections,
    exportRows: exportInspections,
    sheet: '托养机构与合作医院检查台账',
    columns: [
      { header: '检查日期', value: (i) => i.inspectedOn },
      { header: '机构名称', value: (i) => i.partnerName, width: 28 },
      { header: '类型', value: (i) => KIND_LABEL[i.partnerKind] },
      { header: '检查人员', value: (i) => i.inspector, width: 24 },
      { header: '发现问题', value: (i) => i.findings, width: 48 },
      { header: '检查结论', value: (i) => RESULT_LABEL[i.result] },
      { header: '整改期限', value: (i) => i.rectifyBy },
      { header: '整改逾期', value: (i) => (i.rectificationOverdue ? '是' : '') },
      { header: '佐证材料数', value: (i) => i.evidenceIds.length },
      { header: '登记人', value: (i) => i.recordedBy },
    ],
    fileName: '托养机构与合作医院检查台账.xlsx',
  });
  app.post(
    '/api/rescue/partners/:id/inspections',
    {
      config: { access: 'rescue:manage', personalData: false },
      schema: {
        tags,
        summary: '登记检查结果（不合格：停止新增托养；限期整改：须填整改期限；复查合格：恢复）',
        params: idParam,
        body: newRescueInspectionBody,
        response: { 201: rescueInspectionView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordInspection(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/rescue/inspections-due',
    {
      config: { access: 'rescue:manage', personalData: false },
      schema: {
        tags,
        summary: '应检查的托养机构与合作医院（从未检查、超过检查周期、整改逾期）',
        response: { 200: z.array(rescueInspectionDueView), ...errors },
      },
    },
    async (req) =>
      partnersDueForInspection(
        app.core,
        actorOf(req),
        todayPlainDate(app.core.config.timeZone, app.core.clock.now()),
      ),
  );
};
