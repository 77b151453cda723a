/**
 * Routes of the disability line's applications concern (D2; R-DIS-05, R-DIS-06), under
 * `/api/disability/applications…`: the ledger with Excel export, intake at any township window (or entry
 * of an application received through the national system), the applicant look-up, detail, materials
 * complete, forward, notify, withdraw, national-system exchanges. Public, without login, under
 * `/api/public/disability/…`: the citizen's online application and the status look-up by application
 * number plus phone — rate-limited per client address and per phone (`lines.disability.applications`),
 * no-store, minimised answers.
 */
import {
  SUBSIDY_SHORT_LABELS,
  APPLICATION_CHANNEL_LABELS,
  APPLICATION_STATUS_LABELS,
  applicationStatus,
  applyOnline,
  completeMaterials,
  disabilityConfig,
  exportApplications,
  forwardApplication,
  getApplication,
  listApplications,
  lookupApplicant,
  notifyApplicant,
  recordExchange,
  takeApplication,
  withdrawApplication,
} from '@social-affairs/core/disability';
import {
  APPLICATION_SORT_LABELS,
  applicationDetail,
  applicationIntakeBody,
  applicationView,
  applicationsQuery,
  completeMaterialsBody,
  exchangeBody,
  forwardBody,
  intakeLookupQuery,
  intakeLookupView,
  notifyBody,
  onlineApplicationBody,
  onlineApplicationReceipt,
  publicApplicationStatus,
  statusLookupBody,
  withdrawBody,
  type ApplicationDetail,
} from '@social-affairs/kernel/contracts/disability';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { PhoneLimiter } from '../../phone-limiter';
import { errors, idParam, tags } from './shared';

const publicTags = ['残疾人两项补贴网上申请（公开）'];
const WINDOW_MS = 10 * 60_000;
const noStore = (reply: FastifyReply) => void reply.header('cache-control', 'no-store');

export const applicationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const cfg = disabilityConfig(app.core).applications;
  const phones = new PhoneLimiter(cfg.publicPerPhone, WINDOW_MS);

  // ----- public ------------------------------------------------------------------------------------------
  app.post(
    '/api/public/disability/applications',
    {
      config: {
        access: 'public',
        personalData: false,
        rateLimit: { max: cfg.publicWritesPerIp, timeWindow: WINDOW_MS },
      },
      schema: {
        tags: publicTags,
        summary:
          '网上申请残疾人两项补贴（无需登录；身份和材料由户籍地乡镇（街道）核验后才开始审核；返回申请编号，凭编号和手机号查询进度）',
        body: onlineApplicationBody,
        response: { 201: onlineApplicationReceipt, ...errors },
      },
    },
    async (req, reply) => {
      phones.hit(req.body.phone);
      noStore(reply);
      return reply.status(201).send(await applyOnline(app.core, req.body));
    },
  );
  app.post(
    '/api/public/disability/status',
    {
      config: {
        access: 'public',
        personalData: false,
        rateLimit: { max: cfg.publicLookupsPerIp, timeWindow: WINDOW_MS },
      },
      schema: {
        tags: publicTags,
        summary:
          '查询两项补贴申请进度（申请编号 + 申请时留的手机号码；号码不符与编号不存在一样答复 404；只显示状态、日期、结果和下一步）',
        body: statusLookupBody,
        response: { 200: publicApplicationStatus, ...errors },
      },
    },
    async (req, reply) => {
      phones.hit(req.body.phone);
      noStore(reply);
      return applicationStatus(app.core, req.body);
    },
  );

  // ----- staff -------------------------------------------------------------------------------------------
  ledgerRoutes(app, {
    path: '/api/disability/applications',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary:
      '两项补贴申请台账：按状态、渠道、补贴、乡镇、逾期、申请日期、姓名/编号/手机尾号筛选；含当前时限倒计时（受理窗口和户籍地都能看到）',
    exportSummary: '导出两项补贴申请台账 Excel（与列表相同的筛选）',
    filter: applicationsQuery,
    filterLabels: {
      channel: '渠道',
      subsidy: '补贴',
      overdue: '只看逾期',
      from: '申请日期起',
      to: '申请日期止',
      q: '姓名或编号',
    },
    filterValues: {
      status: APPLICATION_STATUS_LABELS,
      channel: APPLICATION_CHANNEL_LABELS,
      subsidy: SUBSIDY_SHORT_LABELS,
      overdue: { '1': '是' },
    },
    sortLabels: APPLICATION_SORT_LABELS,
    view: applicationView,
    list: (core, actor, q) => listApplications(core, actor, q, { page: q.page, pageSize: q.pageSize }),
    exportRows: exportApplications,
    sheet: '两项补贴申请台账',
    columns: [
      { header: '申请编号', value: (a) => a.applicationNo, width: 24 },
      { header: '姓名', value: (a) => a.name },
      { header: '公民身份号码', value: (a) => a.residentIdMasked, width: 20 },
      { header: '残疾类别', value: (a) => a.categoryLabel ?? '' },
      { header: '残疾等级', value: (a) => a.gradeLabel ?? '' },
      { header: '申请补贴', value: (a) => a.subsidiesLabel, width: 16 },
      {
        header: '申请人',
        value: (a) =>
          a.applicantName ? `${a.applicantRelationLabel} ${a.applicantName}` : a.applicantRelationLabel,
        width: 18,
      },
      { header: '渠道', value: (a) => a.channelLabel, width: 20 },
      { header: '受理窗口', value: (a) => a.receivedDivisionName ?? '', width: 18 },
      { header: '户籍地', value: (a) => a.divisionName, width: 18 },
      { header: '申请日期', value: (a) => a.submittedOn },
      { header: '材料齐全', value: (a) => a.materialsCompleteOn ?? '' },
      { header: '转送时限', value: (a) => a.forwardDueOn ?? '' },
      { header: '转户籍地', value: (a) => a.forwardedOn ?? '' },
      { header: '决定时限', value: (a) => a.decideDueOn ?? '' },
      { header: '决定日期', value: (a) => a.decidedOn ?? '' },
      { header: '告知时限', value: (a) => a.notifyDueOn ?? '' },
      { header: '告知日期', value: (a) => a.notifiedOn ?? '' },
      { header: '状态', value: (a) => a.statusLabel },
      { header: '当前时限', value: (a) => a.countdown?.text ?? '', width: 30 },
      { header: '计发月份', value: (a) => a.payFromMonth ?? '' },
    ],
    fileName: '两项补贴申请台账',
  });

  app.get(
    '/api/disability/applications/applicant',
    {
      config: { access: 'disability:write', personalData: 'record' },
      schema: {
        tags,
        summary: '受理时按公民身份号码查询人员库（姓名、户籍、残疾人证、办理中的申请；查询留痕）',
        querystring: intakeLookupQuery,
        response: { 200: intakeLookupView, ...errors },
      },
    },
    async (req) => lookupApplicant(app.core, actorOf(req), req.query.residentId),
  );

  app.post(
    '/api/disability/applications',
    {
      config: { access: 'disability:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '受理两项补贴申请（任一乡镇（街道）窗口或县级经办人员；残疾人证号须与持证人一致；材料齐全起 3 个工作日内转户籍地；户籍地窗口受理即转送；外省户籍标记走全国系统；crossProvince：录入全国系统转来的申请）',
        body: applicationIntakeBody,
        response: { 201: applicationDetail, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await takeApplication(app.core, actorOf(req), req.body)),
  );

  app.get(
    '/api/disability/applications/:id',
    {
      config: { access: 'disability:read', personalData: 'record' },
      schema: {
        tags,
        summary: '两项补贴申请详情：申请人、证件、三个时限及倒计时、往来记录、督办记录、可办理的操作',
        params: idParam,
        response: { 200: applicationDetail, ...errors },
      },
    },
    async (req) => getApplication(app.core, actorOf(req), req.params.id),
  );

  const action = (
    path: string,
    summary: string,
    body:
      | typeof completeMaterialsBody
      | typeof forwardBody
      | typeof notifyBody
      | typeof withdrawBody
      | typeof exchangeBody,
    run: (id: string, actor: ReturnType<typeof actorOf>, input: never) => Promise<ApplicationDetail>,
  ) =>
    app.post(
      `/api/disability/applications/:id/${path}`,
      {
        config: { access: 'disability:write', personalData: 'record' },
        schema: { tags, summary, params: idParam, body, response: { 200: applicationDetail, ...errors } },
      },
      async (req) => run(req.params.id, actorOf(req), req.body as never),
    );
  action(
    'materials-complete',
    '登记材料齐全（网上申请核验身份和材料后）：起算 3 个工作日转送时限；户籍地办理的同时视为已转送，起算 10 个工作日决定时限',
    completeMaterialsBody,
    (id, actor, input) => completeMaterials(app.core, actor, id, input),
  );
  action(
    'forward',
    '受理窗口转户籍地（外省户籍：录入全国系统，填写全国系统编号）；起算 10 个工作日决定时限',
    forwardBody,
    (id, actor, input) => forwardApplication(app.core, actor, id, input),
  );
  action('notify', '登记已告知申请人审核结果（结果作出后 3 个工作日内）', notifyBody, (id, actor, input) =>
    notifyApplicant(app.core, actor, id, input),
  );
  action(
    'withdraw',
    '撤回申请（作出决定前；须写明原因；审核中的同时撤回审批）',
    withdrawBody,
    (id, actor, input) => withdrawApplication(app.core, actor, id, input),
  );
  action(
    'exchanges',
    '登记与全国两项补贴系统的往来（跨省通办：推送、收到、回复、外省户籍地审核结果）',
    exchangeBody,
    (id, actor, input) => recordExchange(app.core, actor, id, input),
  );
};
