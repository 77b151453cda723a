/**
 * Routes of the funeral line's Qingming and memorials concern (R-FUN-12, ADR 0030): public booking,
 * proxy-sweeping and memorial pages without login under `/api/public/qingming/…` and
 * `/api/public/memorials/…` (rate-limited per client address and, where a phone is given, per phone;
 * no-store; minimised views, ADR 0026), and the staff routes under `/api/funeral/qingming/…`.
 * The limits come from `lines.funeral.qingming` (publicWritesPerIp, publicWritesPerPhone): the
 * benchmark lifts them.
 */
import {
  bookQingmingByPhone,
  bookQingmingVisit,
  cancelQingmingBooking,
  changeSlotQuota,
  checkInQingmingPass,
  completeProxyOrder,
  createMemorial,
  createQingmingSlots,
  findQingmingBooking,
  funeralConfig,
  leaveMemorialMessage,
  listProxyOrdersOf,
  listPublicMemorials,
  listQingmingBookings,
  listQingmingCemeteries,
  memorialsForModeration,
  messagesForModeration,
  moderateMemorial,
  moderateMemorialMessage,
  offerFlower,
  proxyOrderStatus,
  publicMemorial,
  publicSlots,
  publishQingmingPlan,
  qingmingLive,
  qingmingLiveOverview,
  recordProxyOrder,
  requestProxySweeping,
  staffQingmingCemeteries,
  staffSlots,
} from '@social-affairs/core/funeral';
import {
  BOOKING_SORT_LABELS,
  MODERATION_STATUS_LABELS,
  QINGMING_BOOKING_STATUS_LABELS,
  QINGMING_CHANNEL_LABELS,
  bookingByCodeBody,
  bookingReceipt,
  bookingView,
  bookingsFilter,
  checkInBody,
  checkInResult,
  createSlotsBody,
  createSlotsResult,
  flowerResult,
  liveOverview,
  liveOverviewQuery,
  liveQuery,
  liveView,
  memorialBody,
  memorialCodeParam,
  memorialMessageBody,
  memorialMessagePage,
  memorialMessageReceipt,
  memorialPage,
  memorialReceipt,
  moderationBody,
  moderationQuery,
  phoneBookingBody,
  planBody,
  planView,
  proxyDoneBody,
  proxyOrderBody,
  proxyOrderPage,
  proxyOrderReceipt,
  proxyOrderView,
  proxyOrdersQuery,
  publicBookingBody,
  publicMemorialPage,
  publicMemorialView,
  publicMemorialsQuery,
  publicSlotView,
  publicSlotsQuery,
  qingmingCemeteryView,
  qingmingSlotView,
  slotQuotaBody,
  staffCemeteriesView,
  staffSlotsQuery,
} from '@social-affairs/kernel/contracts/funeral';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { PhoneLimiter } from '../../phone-limiter';
import { errors, idParam, tags } from './shared';

const publicTags = ['清明祭扫与网上祭奠（公开）'];
const WINDOW_MS = 10 * 60_000;

const noStore = (reply: FastifyReply) => void reply.header('cache-control', 'no-store');

export const qingmingRoutes: FastifyPluginAsyncZod = async (app) => {
  const cfg = funeralConfig(app.core).qingming;
  const writeLimit = { max: cfg.publicWritesPerIp, timeWindow: WINDOW_MS };
  const readLimit = { max: cfg.publicWritesPerIp * 10, timeWindow: WINDOW_MS };
  const phones = new PhoneLimiter(cfg.publicWritesPerPhone);

  // ----- public: booking ---------------------------------------------------------------------------------
  app.get(
    '/api/public/qingming/cemeteries',
    {
      config: { access: 'public', rateLimit: readLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '可预约祭扫的公墓和骨灰堂（含祭扫方案、可预约日期）',
        response: { 200: z.array(qingmingCemeteryView), ...errors },
      },
    },
    async (_req, reply) => {
      noStore(reply);
      return listQingmingCemeteries(app.core);
    },
  );
  app.get(
    '/api/public/qingming/slots',
    {
      config: { access: 'public', rateLimit: readLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '某公墓某日的预约时段和网上可约余量',
        querystring: publicSlotsQuery,
        response: { 200: z.array(publicSlotView), ...errors },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return publicSlots(app.core, req.query.facilityId, req.query.date);
    },
  );
  app.post(
    '/api/public/qingming/bookings',
    {
      config: { access: 'public', rateLimit: writeLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '网上预约清明祭扫（额满即止；同一手机号每天一个有效预约；返回预约码和入园二维码）',
        body: publicBookingBody,
        response: { 201: bookingReceipt, ...errors },
      },
    },
    async (req, reply) => {
      phones.hit(req.body.phone);
      noStore(reply);
      return reply.status(201).send(await bookQingmingVisit(app.core, req.body));
    },
  );
  app.post(
    '/api/public/qingming/bookings/lookup',
    {
      config: { access: 'public', rateLimit: writeLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '查询我的预约（预约码 + 手机号码；含入园二维码）',
        body: bookingByCodeBody,
        response: { 200: bookingReceipt, ...errors },
      },
    },
    async (req, reply) => {
      phones.hit(req.body.phone);
      noStore(reply);
      return findQingmingBooking(app.core, req.body.code, req.body.phone);
    },
  );
  app.post(
    '/api/public/qingming/bookings/cancel',
    {
      config: { access: 'public', rateLimit: writeLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '取消预约（预约码 + 手机号码）',
        body: bookingByCodeBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      phones.hit(req.body.phone);
      await cancelQingmingBooking(app.core, req.body.code, req.body.phone);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/public/qingming/proxy-orders',
    {
      config: { access: 'public', rateLimit: writeLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '申请代祭扫（返回申请码）',
        body: proxyOrderBody,
        response: { 201: proxyOrderReceipt, ...errors },
      },
    },
    async (req, reply) => {
      phones.hit(req.body.phone);
      noStore(reply);
      return reply.status(201).send(await requestProxySweeping(app.core, req.body));
    },
  );
  app.post(
    '/api/public/qingming/proxy-orders/lookup',
    {
      config: { access: 'public', rateLimit: writeLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '查询代祭扫进度（申请码 + 手机号码）',
        body: bookingByCodeBody,
        response: { 200: proxyOrderReceipt, ...errors },
      },
    },
    async (req, reply) => {
      phones.hit(req.body.phone);
      noStore(reply);
      return proxyOrderStatus(app.core, req.body.code, req.body.phone);
    },
  );

  // ----- public: memorials -------------------------------------------------------------------------------
  app.get(
    '/api/public/memorials',
    {
      config: { access: 'public', rateLimit: readLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '网上纪念馆（已审核通过的；可按逝者姓名搜索）',
        querystring: publicMemorialsQuery,
        response: { 200: publicMemorialPage, ...errors },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return listPublicMemorials(app.core, req.query);
    },
  );
  app.get(
    '/api/public/memorials/:code',
    {
      config: { access: 'public', rateLimit: readLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '一个网上纪念馆（生平和已审核的留言）',
        params: memorialCodeParam,
        response: { 200: publicMemorialView, ...errors },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return publicMemorial(app.core, req.params.code);
    },
  );
  app.post(
    '/api/public/memorials',
    {
      config: { access: 'public', rateLimit: writeLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '创建网上纪念馆（审核通过后公开）',
        body: memorialBody,
        response: { 201: memorialReceipt, ...errors },
      },
    },
    async (req, reply) => {
      phones.hit(req.body.phone);
      return reply.status(201).send(await createMemorial(app.core, req.body));
    },
  );
  app.post(
    '/api/public/memorials/:code/messages',
    {
      config: { access: 'public', rateLimit: writeLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '在网上纪念馆留言（审核通过后显示）',
        params: memorialCodeParam,
        body: memorialMessageBody,
        response: { 201: memorialMessageReceipt, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await leaveMemorialMessage(app.core, req.params.code, req.body)),
  );
  app.post(
    '/api/public/memorials/:code/flowers',
    {
      config: { access: 'public', rateLimit: writeLimit, personalData: false },
      schema: {
        tags: publicTags,
        summary: '献花',
        params: memorialCodeParam,
        response: { 200: flowerResult, ...errors },
      },
    },
    async (req) => offerFlower(app.core, req.params.code),
  );

  // ----- staff ---------------------------------------------------------------------------------------------
  app.get(
    '/api/funeral/qingming/cemeteries',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '本辖区的公墓和骨灰堂（清明祭扫各页的选择项）',
        response: { 200: staffCemeteriesView, ...errors },
      },
    },
    async (req) => staffQingmingCemeteries(app.core, actorOf(req)),
  );
  app.put(
    '/api/funeral/qingming/plans',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '发布（或更新）公墓的清明祭扫方案（R-FUN-12）',
        body: planBody,
        response: { 200: planView, ...errors },
      },
    },
    async (req) => publishQingmingPlan(app.core, actorOf(req), req.body),
  );
  app.get(
    '/api/funeral/qingming/slots',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '公墓的预约时段（某日，或今天起的可预约期）：限额、电话预约预留、已约、已入园',
        querystring: staffSlotsQuery,
        response: { 200: z.array(qingmingSlotView), ...errors },
      },
    },
    async (req) => staffSlots(app.core, actorOf(req), req.query.facilityId, req.query.date),
  );
  app.post(
    '/api/funeral/qingming/slots',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '批量设置预约时段（若干天 × 若干时段，已有的时段跳过）',
        body: createSlotsBody,
        response: { 201: createSlotsResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createQingmingSlots(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/funeral/qingming/slots/:id/quota',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '调整时段限额（不得少于已预约人数）',
        params: idParam,
        body: slotQuotaBody,
        response: { 200: qingmingSlotView, ...errors },
      },
    },
    async (req) => changeSlotQuota(app.core, actorOf(req), req.params.id, req.body.quota),
  );
  ledgerRoutes(app, {
    path: '/api/funeral/qingming/bookings',
    access: 'funeral:read',
    personalData: 'list',
    tags,
    listSummary: '祭扫预约名单：按公墓、日期、渠道、状态、姓名/预约码/手机尾号筛选（手机号脱敏）',
    exportSummary: '导出祭扫预约名单 Excel（与列表相同的筛选）',
    filter: bookingsFilter,
    filterLabels: { facilityId: '公墓', date: '日期', channel: '渠道', q: '关键词' },
    filterValues: { channel: QINGMING_CHANNEL_LABELS, status: QINGMING_BOOKING_STATUS_LABELS },
    sortLabels: BOOKING_SORT_LABELS,
    view: bookingView,
    list: (core, actor, q) => listQingmingBookings(core, actor, q, { page: q.page, pageSize: q.pageSize }),
    exportRows: async (core, actor, q) => {
      const { items } = await listQingmingBookings(core, actor, q, null);
      return (async function* () {
        yield* items;
      })();
    },
    sheet: '清明祭扫预约名单',
    columns: [
      { header: '日期', value: (r) => r.date },
      { header: '时段', value: (r) => `${r.startsAt}–${r.endsAt}` },
      { header: '公墓', value: (r) => r.facilityName, width: 26 },
      { header: '预约码', value: (r) => r.code },
      { header: '预约人', value: (r) => r.visitorName },
      { header: '手机号码', value: (r) => r.phoneMasked },
      { header: '人数', value: (r) => r.partySize },
      { header: '逝者', value: (r) => r.deceasedName ?? '' },
      { header: '墓位', value: (r) => r.plotLabel ?? '' },
      { header: '渠道', value: (r) => QINGMING_CHANNEL_LABELS[r.channel] },
      { header: '状态', value: (r) => QINGMING_BOOKING_STATUS_LABELS[r.status] },
      { header: '入园时间', value: (r) => r.checkedInAt ?? '' },
    ],
    fileName: '清明祭扫预约名单.xlsx',
    idLabels: async (core, actor, q) => ({
      facilityId: q.facilityId
        ? (await staffQingmingCemeteries(core, actor)).find((c) => c.id === q.facilityId)?.name
        : undefined,
    }),
  });
  app.post(
    '/api/funeral/qingming/bookings/phone',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '电话预约：工作人员为老年人等代为预约（可使用电话预约预留名额，R-FUN-12）',
        body: phoneBookingBody,
        response: { 201: bookingReceipt, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await bookQingmingByPhone(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/funeral/qingming/check-in',
    {
      config: { access: 'funeral:write', personalData: 'record' },
      schema: {
        tags,
        summary: '入园核验：扫描入园二维码（扫码枪输入到文本框）；伪造、已使用、非当日、非本园的凭证被拒绝',
        body: checkInBody,
        response: { 200: checkInResult, ...errors },
      },
    },
    async (req) => checkInQingmingPass(app.core, actorOf(req), req.body),
  );
  app.get(
    '/api/funeral/qingming/proxy-orders',
    {
      config: { access: 'funeral:read', personalData: 'list' },
      schema: {
        tags,
        summary: '代祭扫申请（按公墓、状态筛选）',
        querystring: proxyOrdersQuery,
        response: { 200: proxyOrderPage, ...errors },
      },
    },
    async (req) => listProxyOrdersOf(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/funeral/qingming/proxy-orders',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '登记代祭扫申请（电话、来信等）',
        body: proxyOrderBody,
        response: { 201: proxyOrderReceipt, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await recordProxyOrder(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/funeral/qingming/proxy-orders/:id/done',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '代祭扫完成（须先上传祭扫照片：附件 ownerType qingming_proxy_order）',
        params: idParam,
        body: proxyDoneBody,
        response: { 200: proxyOrderView, ...errors },
      },
    },
    async (req) => completeProxyOrder(app.core, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/funeral/qingming/memorials',
    {
      config: { access: 'funeral:read', personalData: 'list' },
      schema: {
        tags,
        summary: `网上纪念馆审核（${Object.values(MODERATION_STATUS_LABELS).join('、')}）`,
        querystring: moderationQuery,
        response: { 200: memorialPage, ...errors },
      },
    },
    async (req) => memorialsForModeration(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/funeral/qingming/memorials/:id/moderate',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '审核网上纪念馆（通过，或不通过并说明原因）',
        params: idParam,
        body: moderationBody,
        response: { 200: memorialMessageReceipt, ...errors },
      },
    },
    async (req) => moderateMemorial(app.core, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/funeral/qingming/messages',
    {
      config: { access: 'funeral:read', personalData: 'list' },
      schema: {
        tags,
        summary: '祭奠留言审核',
        querystring: moderationQuery,
        response: { 200: memorialMessagePage, ...errors },
      },
    },
    async (req) => messagesForModeration(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/funeral/qingming/messages/:id/moderate',
    {
      config: { access: 'funeral:write', personalData: false },
      schema: {
        tags,
        summary: '审核祭奠留言',
        params: idParam,
        body: moderationBody,
        response: { 200: memorialMessageReceipt, ...errors },
      },
    },
    async (req) => moderateMemorialMessage(app.core, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/funeral/qingming/live',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '实时客流：某公墓当日各时段已约/限额/已入园和在园人数估算',
        querystring: liveQuery,
        response: { 200: liveView, ...errors },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return qingmingLive(app.core, actorOf(req), req.query.facilityId, req.query.date);
    },
  );
  app.get(
    '/api/funeral/qingming/live/overview',
    {
      config: { access: 'funeral:read', personalData: false },
      schema: {
        tags,
        summary: '全省/市州实时客流：辖区内各公墓当日合计',
        querystring: liveOverviewQuery,
        response: { 200: liveOverview, ...errors },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return qingmingLiveOverview(app.core, actorOf(req), req.query.date);
    },
  );
};
