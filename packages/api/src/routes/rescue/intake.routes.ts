/**
 * HTTP routes of the rescue line's intake concern (edited only by that concern): the intake wizard's
 * options, admission (求助登记), refusal (不予救助) with its printed notice, a case read, the belongings
 * register, identification through the person merge, and the residents list (在站人员) with its export.
 */
import {
  addBelonging,
  admitPerson,
  exportResidents,
  getRefusal,
  getRescueCase,
  identifyCase,
  intakeOptions,
  listResidents,
  printRescueRefusalNotice,
  refuseApplicant,
} from '@social-affairs/core/rescue';
import {
  RESCUE_CASE_STATUS_LABELS,
  RESCUE_IDENTITY_LABELS,
  RESCUE_RESIDENT_SORT_LABELS,
  RESCUE_STAY_STATUS_LABELS,
  rescueBelongingBody,
  rescueCaseView,
  rescueIdentifyBody,
  rescueIdentifyView,
  rescueIntakeBody,
  rescueIntakeOptions,
  rescueRefusalBody,
  rescueRefusalView,
  rescueResidentView,
  rescueResidentsQuery,
} from '@social-affairs/kernel/contracts/rescue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendPdf } from '../../pdf-reply';
import { errors, idParam, tags } from './shared';

const admitted = z.object({
  id: z.string(),
  caseNo: z.string(),
  personId: z.string(),
  identityStatus: z.enum(['identified', 'unidentified', 'to_verify']),
  linkedExistingPerson: z.boolean(),
});

export const intakeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/rescue/intake/options',
    {
      config: { access: 'rescue:write', personalData: false },
      schema: {
        tags,
        summary: '求助登记可选项：本人可办理的救助管理站及其宿舍（按性别、已住人数）',
        response: { 200: rescueIntakeOptions, ...errors },
      },
    },
    async (req) => intakeOptions(app.core, actorOf(req)),
  );
  app.post(
    '/api/rescue/intakes',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '求助登记（入站）：甄别、身份（人员索引中已有的关联，不重复建档；身份不明的建“无名氏”记录）、体貌特征、物品登记、安检、转介、宿舍（按性别）和负责工作人员（女性受助人员由女性工作人员管理）',
        body: rescueIntakeBody,
        response: { 201: admitted, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await admitPerson(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/rescue/refusals',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '不予救助：按甄别结果记录不予救助的理由，并编号出具不予救助通知书',
        body: rescueRefusalBody,
        response: { 201: rescueRefusalView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await refuseApplicant(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/rescue/refusals/:id',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '不予救助记录',
        params: idParam,
        response: { 200: rescueRefusalView, ...errors },
      },
    },
    async (req) => getRefusal(app.core, actorOf(req), req.params.id),
  );
  app.get(
    '/api/rescue/refusals/:id/notice.pdf',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: { tags, summary: '打印不予救助通知书（PDF；记入审计日志）', params: idParam },
    },
    async (req, reply) =>
      sendPdf(reply, await printRescueRefusalNotice(app.core, actorOf(req), req.params.id)),
  );
  app.get(
    '/api/rescue/cases/:id',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '救助案件详情：基本信息、求助登记、物品登记和在站天数（身份证号脱敏；记入审计日志）',
        params: idParam,
        response: { 200: rescueCaseView, ...errors },
      },
    },
    async (req) => getRescueCase(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/cases/:id/belongings',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '补充登记物品（身份证件只能在本人自愿并登记同意后代为保管）',
        params: idParam,
        body: rescueBelongingBody,
        response: { 201: z.object({ id: z.string() }), ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addBelonging(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/rescue/cases/:id/identify',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '认定身份不明受助人员为人员索引中的某人：提请人员合并，由县级审核人员决定',
        params: idParam,
        body: rescueIdentifyBody,
        response: { 201: rescueIdentifyView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await identifyCase(app.core, actorOf(req), req.params.id, req.body)),
  );
  ledgerRoutes(app, {
    path: '/api/rescue/residents',
    access: 'rescue:read',
    personalData: 'list',
    tags,
    listSummary:
      '在站人员：本站（县级为辖区各站）在站、托养、住院的受助人员，在站天数和超期/滞留状态按日期计算',
    exportSummary: '导出在站人员 Excel（与列表相同的筛选）',
    filter: rescueResidentsQuery,
    filterLabels: {
      stationId: '救助管理站',
      q: '姓名或案件编号',
      identity: '身份状态',
      minor: '未成年人',
      overStay: '超期/滞留',
      sex: '性别',
    },
    filterValues: {
      identity: RESCUE_IDENTITY_LABELS,
      overStay: { over_limit: '超过在站期限', stranded: '滞留', long_term: '长期滞留', any: '超期或滞留' },
      status: { in_station: '在站', placed: '站外托养', in_hospital: '住院' },
      sex: { male: '男', female: '女' },
    },
    sortLabels: RESCUE_RESIDENT_SORT_LABELS,
    view: rescueResidentView,
    list: listResidents,
    exportRows: exportResidents,
    sheet: '在站人员',
    columns: [
      { header: '案件编号', value: (r) => r.caseNo, width: 28 },
      { header: '救助管理站', value: (r) => r.stationName, width: 24 },
      { header: '姓名', value: (r) => r.name, width: 20 },
      { header: '性别', value: (r) => (r.sex === 'female' ? '女' : '男') },
      { header: '年龄', value: (r) => r.age },
      { header: '身份状态', value: (r) => RESCUE_IDENTITY_LABELS[r.identityStatus] },
      { header: '状态', value: (r) => RESCUE_CASE_STATUS_LABELS[r.status] },
      { header: '入站日期', value: (r) => r.entryDate },
      { header: '在站天数', value: (r) => r.daysInCare },
      { header: '超期', value: (r) => (r.overStayLimit ? '超期' : '') },
      { header: '滞留', value: (r) => RESCUE_STAY_STATUS_LABELS[r.stayStatus] },
      { header: '未成年人', value: (r) => (r.minor ? '是' : '') },
      { header: '宿舍', value: (r) => r.dormitoryName },
    ],
    fileName: '在站人员.xlsx',
  });
};
