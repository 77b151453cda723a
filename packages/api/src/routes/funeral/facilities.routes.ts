/**
 * Routes of the funeral line's facilities concern, under `/api/funeral/…` (ADR 0022): the facilities
 * registry (ledger; `?kind=…&usable=1` is the facility picker of the other concerns), annual inspections
 * (ledger), cemetery permit changes (R-FUN-13; decisions in the approvals inbox) and the zones /
 * transport rules configuration with its lookup (R-FUN-01, R-FUN-04, R-FUN-09).
 */
import {
  createFuneralFacility,
  exportFacilityInspections,
  exportFuneralFacilities,
  facilityInspectionsDue,
  funeralZones,
  getFuneralFacility,
  listFacilityInspections,
  listFuneralFacilities,
  lookupFuneralZone,
  recordFacilityInspection,
  resubmitFacilityAdmission,
  submitCemeteryPermitChange,
  updateFuneralFacility,
} from '@social-affairs/core/funeral';
import {
  FACILITY_APPROVAL_LEVEL_LABELS,
  FACILITY_INSPECTION_RESULT_LABELS,
  FACILITY_INSPECTION_SORT_LABELS,
  FACILITY_OWNERSHIP_LABELS,
  FACILITY_STATUS_LABELS,
  FUNERAL_FACILITY_KIND_LABELS,
  FUNERAL_FACILITY_SORT_LABELS,
  editFuneralFacilityBody,
  facilityApplicationView,
  facilityInspectionView,
  facilityInspectionsDueView,
  facilityInspectionsQuery,
  facilityPermitChangeBody,
  facilityResubmitBody,
  funeralFacilitiesQuery,
  funeralFacilityDetailView,
  funeralFacilityView,
  funeralZoneLookupQuery,
  funeralZoneLookupView,
  funeralZonesView,
  newFacilityInspectionBody,
  newFuneralFacilityBody,
} from '@social-affairs/kernel/contracts/funeral';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { errors, idParam, tags } from './shared';

const INSPECTION_STATUS_LABELS = { effective: '已生效', pending: '待审核', rejected: '审核未通过' } as const;

export const facilitiesRoutes: FastifyPluginAsyncZod = async (app) => {
  ledgerRoutes(app, {
    path: '/api/funeral/facilities',
    access: 'funeral:read',
    personalData: false,
    tags,
    listSummary:
      '殡葬设施台账：按类型（可多选，逗号分隔）、区划、状态、审批是否有效、名称筛选；usable=1 只列可开展业务的设施',
    exportSummary: '导出殡葬设施台账 Excel（与列表相同的筛选）',
    filter: funeralFacilitiesQuery,
    filterLabels: { kind: '类型', validity: '审批有效性', usable: '可开展业务', q: '名称' },
    filterValues: {
      kind: FUNERAL_FACILITY_KIND_LABELS,
      status: FACILITY_STATUS_LABELS,
      validity: { valid: '有效', invalid: '无效' },
    },
    sortLabels: FUNERAL_FACILITY_SORT_LABELS,
    view: funeralFacilityView,
    list: listFuneralFacilities,
    exportRows: exportFuneralFacilities,
    sheet: '殡葬设施台账',
    columns: [
      { header: '设施名称', value: (f) => f.name, width: 30 },
      { header: '类型', value: (f) => f.kindLabel },
      { header: '所在区划', value: (f) => f.divisionName, width: 14 },
      { header: '服务村代码', value: (f) => f.villageCode, width: 16 },
      { header: '性质', value: (f) => FACILITY_OWNERSHIP_LABELS[f.ownership] },
      { header: '政府投资（收支两条线）', value: (f) => (f.governmentInvested ? '是' : '') },
      { header: '容量', value: (f) => f.capacity },
      { header: '容量单位', value: (f) => f.capacityUnit },
      {
        header: '审核机关',
        value: (f) => (f.reviewedByLevel ? FACILITY_APPROVAL_LEVEL_LABELS[f.reviewedByLevel] : ''),
      },
      { header: '批准机关', value: (f) => FACILITY_APPROVAL_LEVEL_LABELS[f.approvedByLevel] },
      { header: '批准文号', value: (f) => f.approvalDocNo, width: 20 },
      { header: '批准日期', value: (f) => f.approvedOn },
      { header: '审批有效', value: (f) => (f.valid ? '有效' : '无效') },
      { header: '无效原因', value: (f) => f.invalidReason, width: 40 },
      { header: '状态', value: (f) => FACILITY_STATUS_LABELS[f.status] },
      { header: '最近年检', value: (f) => (f.lastInspectionYear ? `${f.lastInspectionYear}年` : '') },
      {
        header: '年检结论',
        value: (f) =>
          f.lastInspectionResult ? FACILITY_INSPECTION_RESULT_LABELS[f.lastInspectionResult] : '',
      },
      { header: '地址', value: (f) => f.address, width: 32 },
      { header: '电话', value: (f) => f.phone },
    ],
    fileName: '殡葬设施台账',
  });
  app.post(
    '/api/funeral/facilities',
    {
      config: { access: 'funeral:manage', personalData: false },
      schema: {
        tags,
        summary: '登记殡葬设施（同时登记为机构）；可同时提交殡仪馆备案审核或公墓建设许可',
        body: newFuneralFacilityBody,
        response: { 201: funeralFacilityDetailView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createFuneralFacility(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/funeral/facilities/:id',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '殡葬设施详情：审批链及其有效性（R-FUN-05）、审批事项、年检记录',
        params: idParam,
        response: { 200: funeralFacilityDetailView, ...errors },
      },
    },
    async (req) => getFuneralFacility(app.core, actorOf(req), req.params.id),
  );
  app.put(
    '/api/funeral/facilities/:id',
    {
      config: { access: 'funeral:manage', personalData: false },
      schema: {
        tags,
        summary: '修改殡葬设施信息（须带版本号；公墓容量须走许可事项变更）',
        params: idParam,
        body: editFuneralFacilityBody,
        response: { 200: funeralFacilityDetailView, ...errors },
      },
    },
    async (req) => updateFuneralFacility(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/funeral/facilities/:id/inspections',
    {
      config: { access: 'funeral:manage', personalData: false },
      schema: {
        tags,
        summary: '登记年检结果：不合格即暂停业务，复检合格恢复；公墓的结果经公墓年检审核后生效',
        params: idParam,
        body: newFacilityInspectionBody,
        response: { 201: facilityInspectionView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordFacilityInspection(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/funeral/facilities/:id/permit-changes',
    {
      config: { access: 'funeral:manage', personalData: false },
      schema: {
        tags,
        summary: '公墓许可事项变更（名称、容量、地址）：县级审核、省级审批后生效',
        params: idParam,
        body: facilityPermitChangeBody,
        response: { 201: facilityApplicationView, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await submitCemeteryPermitChange(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/funeral/facilities/:id/resubmit',
    {
      config: { access: 'funeral:manage', personalData: false },
      schema: {
        tags,
        summary: '重新提交被驳回或撤回的殡仪馆备案审核、公墓建设许可',
        params: idParam,
        body: facilityResubmitBody,
        response: { 201: facilityApplicationView, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await resubmitFacilityAdmission(app.core, actorOf(req), req.params.id, req.body)),
  );
  ledgerRoutes(app, {
    path: '/api/funeral/facility-inspections',
    access: 'funeral:read',
    personalData: false,
    tags,
    listSummary: '殡葬设施年检台账：按区划、设施、年度、结论、审核状态筛选',
    exportSummary: '导出殡葬设施年检台账 Excel（与列表相同的筛选）',
    filter: facilityInspectionsQuery,
    filterLabels: { facilityId: '设施', year: '年度', result: '检查结论', status: '审核状态' },
    filterValues: { result: FACILITY_INSPECTION_RESULT_LABELS, status: INSPECTION_STATUS_LABELS },
    sortLabels: FACILITY_INSPECTION_SORT_LABELS,
    view: facilityInspectionView,
    list: listFacilityInspections,
    exportRows: exportFacilityInspections,
    sheet: '殡葬设施年检台账',
    columns: [
      { header: '设施名称', value: (i) => i.facilityName, width: 30 },
      { header: '类型', value: (i) => FUNERAL_FACILITY_KIND_LABELS[i.facilityKind] },
      { header: '所在区划', value: (i) => i.divisionName, width: 14 },
      { header: '年度', value: (i) => i.year },
      { header: '轮次', value: (i) => (i.round === 1 ? '年检' : `复检${i.round - 1}`) },
      { header: '检查日期', value: (i) => i.inspectedOn },
      { header: '检查人', value: (i) => i.inspector },
      { header: '检查结论', value: (i) => FACILITY_INSPECTION_RESULT_LABELS[i.result] },
      { header: '整改期限', value: (i) => i.rectifyBy },
      { header: '整改逾期', value: (i) => (i.rectificationOverdue ? '是' : '') },
      { header: '审核状态', value: (i) => INSPECTION_STATUS_LABELS[i.status] },
      { header: '检查情况', value: (i) => i.findings, width: 40 },
    ],
    fileName: '殡葬设施年检台账',
  });
  app.get(
    '/api/funeral/facility-inspections/due',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '应办年检：本年度尚未年检的设施（过了年检截止日即为逾期）和整改逾期未复查的设施',
        response: { 200: facilityInspectionsDueView, ...errors },
      },
    },
    async (req) => facilityInspectionsDue(app.core, actorOf(req)),
  );
  app.get(
    '/api/funeral/zones',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '火葬区与土葬改革区、接运规则、基本殡葬服务全覆盖地区（配置数据）',
        response: { 200: funeralZonesView, ...errors },
      },
    },
    async (req) => funeralZones(app.core, actorOf(req)),
  );
  app.get(
    '/api/funeral/zones/lookup',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '按区划代码和日期查询：火葬区/土葬改革区、接运规则、基本殡葬服务全覆盖',
        querystring: funeralZoneLookupQuery,
        response: { 200: funeralZoneLookupView, ...errors },
      },
    },
    async (req) => lookupFuneralZone(app.core, actorOf(req), req.query),
  );
};
