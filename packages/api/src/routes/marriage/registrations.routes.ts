/** Registering a marriage (结婚登记, 补办结婚登记). */
import { refuseMarriage, registerMarriage } from '@social-affairs/core/marriage';
import {
  marriageView,
  refusalReceipt,
  refuseMarriageBody,
  registerMarriageBody,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { tags, errors } from './shared';

export const registrationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/marriage/registrations',
    {
      config: { access: 'marriage:write', personalData: 'record' },
      schema: {
        tags,
        summary:
          '办理结婚登记（含补办结婚登记）；不符合条件时返回 422 MARRIAGE_REFUSED 及全部理由和告知书编号',
        body: registerMarriageBody,
        response: { 201: marriageView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await registerMarriage(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/marriage/refusals',
    {
      config: { access: 'marriage:write', personalData: false },
      schema: {
        tags,
        summary:
          '登记员作出不予登记决定（法定依据 + 具体理由，印在告知书上）；不把当事人加入人口基础库；可关联预约',
        body: refuseMarriageBody,
        response: { 201: refusalReceipt, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await refuseMarriage(app.core, actorOf(req), req.body)),
  );
};
