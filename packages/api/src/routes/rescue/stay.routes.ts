/**
 * HTTP routes of the rescue line's stay concern (站内照料与站外托养): services log (R-RES-04, no fee or
 * labour item: R-RES-02/08), stay limit and extension requests (R-RES-05), placements and supervision
 * visits (R-RES-13), the 站外托养 ledger with Excel export and the institution scorecard, minors
 * (R-RES-16) and fund items (R-RES-17).
 */
import {
  arrangeEducation,
  assessGuardianship,
  endPlacement,
  fundItemsOf,
  institutionScorecard,
  minorOf,
  overdueVisits,
  placeCase,
  placementExport,
  placementLedger,
  placementsOf,
  recordFundItem,
  recordService,
  recordVisit,
  requestStayExtension,
  servicesOf,
  stayOf,
  stayToday,
  visitsOf,
  type PlacementView,
} from '@social-affairs/core/rescue';
import {
  RESCUE_PLACEMENT_KIND_NAMES,
  RESCUE_PLACEMENT_SORT_LABELS,
  arrangeRescueEducationBody,
  assessRescueGuardianshipBody,
  endRescuePlacementBody,
  placeRescueCaseBody,
  recordRescueFundItemBody,
  recordRescueServiceBody,
  recordRescueVisitBody,
  requestStayExtensionBody,
  rescueCasePlacementsView,
  rescueEducationView,
  rescueExtensionView,
  rescueFundItemView,
  rescueGuardianshipView,
  rescueMinorView,
  rescueOverdueVisitView,
  rescuePlacementView,
  rescuePlacementsQuery,
  rescueScorecardRow,
  rescueServiceView,
  rescueStayView,
  rescueVisitView,
} from '@social-affairs/kernel/contracts/rescue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { errors, idParam, tags } from './shared';

const QUALIFICATION: Record<string, string> = {
  qualified: '合格',
  under_rectification: '整改中',
  unqualified: '不合格',
};

async function* each<T>(rows: T[]): AsyncIterable<T> {
  for (const r of rows) yield r;
}

export const stayRoutes: FastifyPluginAsyncZod = async (app) => {
  // ----- services log and stay limit -----
  app.get(
    '/api/rescue/cases/:id/services',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '救助服务记录（饮食、住宿、医疗、联系亲属、返乡凭证、衣物等；无偿提供，无收费项目）',
        params: idParam,
        response: { 200: z.array(rescueServiceView), ...errors },
      },
    },
    async (req) => servicesOf(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/cases/:id/services',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记一项救助服务（不得登记收费或劳动项目，R-RES-02/R-RES-08）',
        params: idParam,
        body: recordRescueServiceBody,
        response: { 201: rescueServiceView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordService(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/rescue/cases/:id/stay',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '救助期限：是否适用10天期限、期限届满日、已批准的延期、是否超期、滞留状态（实时计算）',
        params: idParam,
        response: { 200: rescueStayView, ...errors },
      },
    },
    async (req) => stayOf(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/cases/:id/stay-extensions',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '申请延长救助期限（报县级民政部门审批，R-RES-05）',
        params: idParam,
        body: requestStayExtensionBody,
        response: { 201: rescueExtensionView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await requestStayExtension(app.core, actorOf(req), req.params.id, req.body)),
  );

  // ----- placements and visits -----
  app.get(
    '/api/rescue/cases/:id/placements',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '案件的站外托养与送医记录（第一责任主体、协议、机构检查记录）及可选托养机构',
        params: idParam,
        response: { 200: rescueCasePlacementsView, ...errors },
      },
    },
    async (req) => placementsOf(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/cases/:id/placements',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '安排站外托养或送医（须有有效协议、机构合格、名额未满并写明理由，R-RES-13）',
        params: idParam,
        body: placeRescueCaseBody,
        response: { 201: rescuePlacementView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await placeCase(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/rescue/cases/:id/placements/end',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '结束站外托养或送医，人员回站',
        params: idParam,
        body: endRescuePlacementBody,
        response: { 200: rescuePlacementView, ...errors },
      },
    },
    async (req) => endPlacement(app.core, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/rescue/cases/:id/visits',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '托养人员监管走访记录',
        params: idParam,
        response: { 200: z.array(rescueVisitView), ...errors },
      },
    },
    async (req) => visitsOf(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/cases/:id/visits',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记一次监管走访（走访人、情况、至少一张探访照片，R-RES-13）',
        params: idParam,
        body: recordRescueVisitBody,
        response: { 201: rescueVisitView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordVisit(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/rescue/visits/overdue',
    {
      config: { access: 'rescue:read', personalData: 'list' },
      schema: {
        tags,
        summary: '监管走访逾期的托养人员（上次走访或托养开始超过规定天数）',
        response: { 200: z.array(rescueOverdueVisitView), ...errors },
      },
    },
    async (req) => overdueVisits(app.core, actorOf(req), stayToday(app.core)),
  );
  app.get(
    '/api/rescue/placements/scorecard',
    {
      config: { access: 'rescue:read', personalData: false },
      schema: {
        tags,
        summary: '托养机构评分卡：在托人数、按期走访率、逾期走访、问题记录、最近检查结果',
        querystring: z.object({
          division: z
            .string()
            .regex(/^[0-9]{6}([0-9]{3})?$/)
            .optional(),
        }),
        response: { 200: z.array(rescueScorecardRow), ...errors },
      },
    },
    async (req) => institutionScorecard(app.core, actorOf(req), req.query.division),
  );
  ledgerRoutes(app, {
    path: '/api/rescue/placements',
    access: 'rescue:read',
    personalData: 'list',
    tags,
    listSummary: '站外托养台账：托养人员、机构、协议、第一责任主体、最近走访与逾期标记',
    exportSummary: '导出站外托养台账 Excel（与列表相同的筛选）',
    filter: rescuePlacementsQuery,
    filterLabels: { partnerId: '托养机构', kind: '类型', overdue: '走访逾期', q: '关键词' },
    filterValues: { kind: RESCUE_PLACEMENT_KIND_NAMES, status: { active: '在托', ended: '已回站' } },
    sortLabels: RESCUE_PLACEMENT_SORT_LABELS,
    view: rescuePlacementView,
    list: (core, actor, q) => placementLedger(core, actor, q),
    exportRows: async (core, actor, q) => each(await placementExport(core, actor, q)),
    sheet: '站外托养台账',
    columns: [
      { header: '案件编号', value: (r: PlacementView) => r.caseNo, width: 26 },
      { header: '姓名', value: (r: PlacementView) => r.nameGiven ?? '（未知）' },
      { header: '类型', value: (r: PlacementView) => RESCUE_PLACEMENT_KIND_NAMES[r.kind] },
      { header: '托养机构', value: (r: PlacementView) => r.partnerName, width: 24 },
      {
        header: '机构资质',
        value: (r: PlacementView) => QUALIFICATION[r.partnerQualification] ?? r.partnerQualification,
      },
      { header: '协议编号', value: (r: PlacementView) => r.agreementNo, width: 20 },
      { header: '第一责任主体', value: (r: PlacementView) => r.responsibleStationName, width: 24 },
      { header: '开始日期', value: (r: PlacementView) => r.startedOn },
      { header: '结束日期', value: (r: PlacementView) => r.endedOn },
      { header: '最近走访', value: (r: PlacementView) => r.lastVisitOn },
      { header: '下次走访截止', value: (r: PlacementView) => r.visitDueOn },
      { header: '走访逾期', value: (r: PlacementView) => (r.visitOverdue ? '逾期' : '') },
    ],
    fileName: '站外托养台账.xlsx',
  });

  // ----- minors -----
  app.get(
    '/api/rescue/cases/:id/minor',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '未成年人教育安排与家庭监护评估（R-RES-16）',
        params: idParam,
        response: { 200: rescueMinorView, ...errors },
      },
    },
    async (req) => minorOf(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/cases/:id/minor/education',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记未成年人入学或职业技能培训安排（培训限14周岁以上且本人自愿）',
        params: idParam,
        body: arrangeRescueEducationBody,
        response: { 201: rescueEducationView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await arrangeEducation(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/rescue/cases/:id/minor/guardianship',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记家庭监护评估（监护人持续拒不履行的，提示可向法院申请撤销监护资格）',
        params: idParam,
        body: assessRescueGuardianshipBody,
        response: { 201: rescueGuardianshipView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await assessGuardianship(app.core, actorOf(req), req.params.id, req.body)),
  );

  // ----- funds -----
  app.get(
    '/api/rescue/cases/:id/funds',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '案件的救助资金支出',
        params: idParam,
        response: { 200: z.array(rescueFundItemView), ...errors },
      },
    },
    async (req) => fundItemsOf(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/funds',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记救助资金支出（仅限生活、医疗、购买服务，不得用于基本建设，R-RES-17）',
        body: recordRescueFundItemBody,
        response: { 201: rescueFundItemView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await recordFundItem(app.core, actorOf(req), req.body)),
  );
};
