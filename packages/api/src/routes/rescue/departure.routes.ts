/**
 * HTTP routes of the rescue line's departure concern (离站与落户安置, R-RES-02, R-RES-07, R-RES-12): a case's
 * departure options and record, the 自行离站声明书 PDF, the settlement application (its decision goes
 * through /api/approvals), and the 离站与安置 ledger with its Excel export.
 */
import {
  applySettlement,
  departureLedger,
  departureOptions,
  exportDepartureLedger,
  printSelfDepartureDeclaration,
  recordDeparture,
  visibleStation,
} from '@social-affairs/core/rescue';
import {
  DEPARTURE_SORT_LABELS,
  RESCUE_DEPARTURE_KIND_LABELS,
  SETTLEMENT_STATUS_LABELS,
  applySettlementBody,
  departureLedgerRow,
  departureOptionsView,
  departuresQuery,
  departureView,
  recordDepartureBody,
  settlementView,
} from '@social-affairs/kernel/contracts/rescue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendPdf } from '../../pdf-reply';
import { errors, idParam, tags } from './shared';

export const departureRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/rescue/cases/:id/departure',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary:
          '离站与安置：本人可选的离站方式（不可选的说明原因）、现金上限、待退还物品、离站记录与落户安置档案（记入审计日志）',
        params: idParam,
        response: { 200: departureOptionsView, ...errors },
      },
    },
    async (req) => departureOptions(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/cases/:id/departure',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '办理离站（返乡、亲属接领、自行离站、转送、未办手续离开、死亡）：一次提交完成离站登记、物品退还、现金发放和结案',
        params: idParam,
        body: recordDepartureBody,
        response: {
          201: z.object({
            departure: departureView,
            deathRecorded: z.boolean().nullable(),
            deathRecordNote: z.string().nullable(),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordDeparture(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/rescue/cases/:id/self-departure-declaration.pdf',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '打印自行离站声明书（PDF，首次打印时从本站文书编号序列取号，重印编号不变）',
        params: idParam,
      },
    },
    async (req, reply) =>
      sendPdf(reply, await printSelfDepartureDeclaration(app.core, actorOf(req), req.params.id)),
  );
  app.post(
    '/api/rescue/cases/:id/settlement',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '申请落户安置（在站超过3个月、经DNA和人像比对仍未查明身份、七个规定动作已全部登记）：报县级民政部门审核',
        params: idParam,
        body: applySettlementBody,
        response: { 201: settlementView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await applySettlement(app.core, actorOf(req), req.params.id, req.body)),
  );
  ledgerRoutes(app, {
    path: '/api/rescue/departures',
    access: 'rescue:read',
    personalData: 'list',
    tags,
    listSummary: '离站与安置台账：按类型、离站方式、救助站、日期、案件编号或姓名筛选',
    exportSummary: '导出离站与安置台账 Excel（与列表相同的筛选）',
    filter: departuresQuery,
    filterLabels: { type: '类型', kind: '离站方式', stationId: '救助管理站', from: '日期起', to: '日期止' },
    filterValues: {
      type: { departure: '离站', settlement: '落户安置' },
      kind: RESCUE_DEPARTURE_KIND_LABELS,
    },
    sortLabels: DEPARTURE_SORT_LABELS,
    idLabels: async (core, actor, q) => ({
      stationId: q.stationId ? (await visibleStation(core.db.kysely, actor, q.stationId)).name : undefined,
    }),
    view: departureLedgerRow,
    list: departureLedger,
    exportRows: exportDepartureLedger,
    sheet: '离站与安置台账',
    columns: [
      { header: '日期', value: (r) => r.date },
      { header: '案件编号', value: (r) => r.caseNo, width: 28 },
      { header: '姓名', value: (r) => r.personName },
      { header: '救助管理站', value: (r) => r.stationName, width: 26 },
      { header: '方式', value: (r) => r.kindLabel, width: 24 },
      { header: '去向/安置机构', value: (r) => r.destination, width: 28 },
      { header: '发放现金（元）', value: (r) => r.cashTotalFen / 100 },
      {
        header: '审批状态',
        value: (r) => (r.settlementStatus ? SETTLEMENT_STATUS_LABELS[r.settlementStatus] : ''),
      },
      { header: '经办人', value: (r) => r.recordedBy },
    ],
    fileName: '离站与安置台账.xlsx',
  });
};
