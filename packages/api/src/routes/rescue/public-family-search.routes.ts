/**
 * The public family-search pages' API (全国救助寻亲, no login; issue 16 item 3, ADR 0026), under
 * /api/public/family-search/…: the live 寻亲公告 and their photos (rescue), the family's missing-person
 * report, its status by receipt + query code, and the consented reports (matching). Every route is
 * rate-limited per client address: writes and the status check share the public write limit (the
 * online booking's), reads get ten times that over the same window.
 */
import {
  listPublishedReportsPublic,
  publicPlaces,
  publicReportStatus,
  submitPublicReport,
} from '@social-affairs/core/matching';
import { listPublicNotices, publicNoticePhoto } from '@social-affairs/core/rescue';
import { errorResponses } from '@social-affairs/kernel/contracts';
import {
  publicNoticePage,
  publicPlaceView,
  publicNoticePhotoQuery,
  publicNoticesQuery,
  publicReportBody,
  publicReportPage,
  publicReportReceipt,
  publicReportStatusBody,
  publicReportStatusView,
  publicReportsQuery,
} from '@social-affairs/kernel/contracts/rescue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const tags = ['全国救助寻亲（公开）'];
const errors = errorResponses;

export const publicFamilySearchRoutes: FastifyPluginAsyncZod = async (app) => {
  const writeLimit = app.publicWriteLimit;
  const readLimit = { max: app.publicWriteLimit.max * 10, timeWindow: app.publicWriteLimit.timeWindow };

  app.get(
    '/api/public/family-search/places',
    {
      config: { access: 'public', rateLimit: readLimit, personalData: false },
      schema: {
        tags,
        summary: '走失地、发现地的选项：各市州及其县（市、区）',
        response: { 200: z.array(publicPlaceView), ...errors },
      },
    },
    async () => publicPlaces(),
  );

  app.get(
    '/api/public/family-search/notices',
    {
      // Published on purpose and minimised (no name unless stated, no id, no exact place): a public list.
      config: { access: 'public', rateLimit: readLimit, personalData: 'list' },
      schema: {
        tags,
        summary: '寻亲公告（在站、身份未确认的受助人员；已脱敏：无身份证号、无案件号、发现地只到县级）',
        querystring: publicNoticesQuery,
        response: { 200: publicNoticePage, ...errors },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return listPublicNotices(app.core, req.query);
    },
  );

  app.get(
    '/api/public/family-search/notice-photo',
    {
      config: { access: 'public', rateLimit: readLimit, personalData: 'record' },
      schema: {
        tags,
        summary: '寻亲公告照片（只提供仍有效的公告所引用的照片；读取记入审计日志）',
        querystring: publicNoticePhotoQuery,
      },
    },
    async (req, reply) => {
      const photo = await publicNoticePhoto(app.core, req.query.number);
      return reply
        .header('content-type', photo.mediaType)
        .header('content-length', photo.bytes.length)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(photo.bytes);
    },
  );

  app.post(
    '/api/public/family-search/reports',
    {
      config: { access: 'public', rateLimit: writeLimit, personalData: false },
      schema: {
        tags,
        summary: '我要寻亲：群众提交走失人员信息（生成回执号和查询码，进入三方寻亲比对）',
        body: publicReportBody,
        response: { 201: publicReportReceipt, ...errors },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return reply.status(201).send(await submitPublicReport(app.core, req.body));
    },
  );

  app.post(
    '/api/public/family-search/reports/status',
    {
      config: { access: 'public', rateLimit: writeLimit, personalData: false },
      schema: {
        tags,
        summary: '查询寻亲进度（回执号 + 查询码；只答复处理中/已找到/已撤回和承办单位）',
        body: publicReportStatusBody,
        response: { 200: publicReportStatusView, ...errors },
      },
    },
    async (req) => publicReportStatus(app.core, req.body),
  );

  app.get(
    '/api/public/family-search/reports',
    {
      config: { access: 'public', rateLimit: readLimit, personalData: 'list' },
      schema: {
        tags,
        summary: '群众寻亲信息（家属同意公开且仍在寻找的；不含联系方式，走失地只到县级）',
        querystring: publicReportsQuery,
        response: { 200: publicReportPage, ...errors },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return listPublishedReportsPublic(app.core, req.query);
    },
  );
};
