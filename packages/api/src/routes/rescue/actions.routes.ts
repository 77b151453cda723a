/**
 * HTTP routes of the rescue line's prescribed actions concern (七个规定动作, R-RES-09/R-RES-10): a case's
 * checklist and log, the workbench deadline board (期限看板) and the 寻亲公告 PDF.
 */
import {
  actionsBoard,
  getCaseActions,
  issueSearchNotice,
  logRescueAction,
  searchNoticePdfOf,
} from '@social-affairs/core/rescue';
import {
  logRescueActionBody,
  rescueActionEntry,
  rescueBoard,
  rescueBoardQuery,
  rescueCaseActionStatus,
} from '@social-affairs/kernel/contracts/rescue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { sendPdf } from '../../pdf-reply';
import { errors, idParam, tags } from './shared';

export const actionsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/rescue/board',
    {
      config: { access: 'rescue:read', personalData: 'list' },
      schema: {
        tags,
        summary: '工作台期限看板：已逾期、今日到期、未来三个工作日到期的规定动作及在站人数统计',
        querystring: rescueBoardQuery,
        response: { 200: rescueBoard, ...errors },
      },
    },
    async (req) => actionsBoard(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/rescue/cases/:id/actions',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '案件的七个规定动作：清单、期限、状态与登记记录（记入审计日志）',
        params: idParam,
        response: { 200: rescueCaseActionStatus, ...errors },
      },
    },
    async (req) => getCaseActions(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/rescue/cases/:id/actions',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '登记一项规定动作（时间、经办人、佐证）；更正或撤销以新记录取代原记录并说明原因',
        params: idParam,
        body: logRescueActionBody,
        response: { 201: rescueActionEntry, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await logRescueAction(app.core, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/rescue/cases/:id/search-notices',
    {
      config: { access: 'rescue:write', personalData: 'record' },
      schema: {
        tags,
        summary: '生成新的寻亲公告（从本站文书编号序列取号）',
        params: idParam,
        response: {
          201: z.object({ id: z.string(), number: z.string(), issuedAt: z.string() }),
          ...errors,
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await issueSearchNotice(app.core, actorOf(req), req.params.id)),
  );
  app.get(
    '/api/rescue/cases/:id/search-notice.pdf',
    {
      config: { access: 'rescue:read', personalData: 'record' },
      schema: {
        tags,
        summary: '打印寻亲公告（PDF，只读；重印沿用原编号；尚未生成时 404，请先生成）',
        params: idParam,
        querystring: z.object({ noticeId: z.string().min(1).max(64).optional() }),
      },
    },
    async (req, reply) => {
      const out = await searchNoticePdfOf(
        app.core,
        actorOf(req),
        req.params.id,
        req.query.noticeId ? { noticeId: req.query.noticeId } : {},
      );
      return sendPdf(reply, { fileName: `寻亲公告-${out.number}.pdf`, pdf: out.pdf });
    },
  );
};
