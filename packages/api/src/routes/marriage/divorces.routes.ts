/** Divorce by registration (离婚登记): application, withdrawal, certificate and printed documents. */
import {
  applyForDivorce,
  getDivorce,
  listDivorces,
  printDivorceDocument,
  requestDivorceCertificate,
  withdrawDivorce,
} from '@social-affairs/core/marriage';
import {
  applyDivorceBody,
  divorcesQuery,
  divorceView,
  requestDivorceCertificateBody,
  withdrawDivorceBody,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { tags, errors, idParam, sendPdf } from './shared';

export const divorcesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/marriage/divorces',
    {
      config: { access: 'marriage:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '受理离婚登记申请（本辖区记录 ID，或双方出示的公民身份号码；确定冷静期）；不予受理时返回 422 DIVORCE_NOT_ACCEPTED',
        body: applyDivorceBody,
        response: { 201: divorceView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await applyForDivorce(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/marriage/divorces',
    {
      config: { access: 'marriage:read', personalData: 'list' },
      schema: {
        tags,
        summary: '离婚登记申请（含各期间剩余天数）',
        querystring: divorcesQuery,
        response: { 200: z.array(divorceView), ...errors },
      },
    },
    async (req) => listDivorces(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/marriage/divorces/:id',
    {
      config: { access: 'marriage:read', personalData: 'record' },
      schema: {
        tags,
        summary: '离婚登记申请详情（记入审计日志）',
        params: idParam,
        response: { 200: divorceView, ...errors },
      },
    },
    async (req) => getDivorce(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/marriage/divorces/:id/withdraw',
    {
      config: { access: 'marriage:write', personalData: 'record' },
      schema: {
        tags,
        summary: '冷静期内一方撤回离婚登记申请',
        params: idParam,
        body: withdrawDivorceBody,
        response: { 200: divorceView, ...errors },
      },
    },
    async (req) => withdrawDivorce(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/marriage/divorces/:id/certificate',
    {
      config: { access: 'marriage:write', personalData: 'record' },
      schema: {
        tags,
        summary: '冷静期届满后三十日内双方共同申请发给离婚证（审查并登记）',
        params: idParam,
        body: requestDivorceCertificateBody,
        response: { 200: divorceView, ...errors },
      },
    },
    async (req) => requestDivorceCertificate(app.core, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/marriage/divorces/:id/:document',
    {
      config: { access: 'marriage:write', personalData: 'record' },
      schema: {
        tags,
        summary: '打印离婚证、受理回执单或撤回确认单（PDF）',
        params: z.object({
          id: z.string().min(1).max(64),
          document: z.enum(['certificate.pdf', 'receipt.pdf', 'withdrawal.pdf']),
        }),
      },
    },
    async (req, reply) => {
      const which = req.params.document.replace('.pdf', '') as 'certificate' | 'receipt' | 'withdrawal';
      return sendPdf(reply, await printDivorceDocument(app.core, actorOf(req), req.params.id, which));
    },
  );
};
