/** Registering a marriage (结婚登记, 补办结婚登记). */
import { registerMarriage } from '@social-affairs/core/marriage';
import { marriageView, registerMarriageBody } from '@social-affairs/kernel/contracts';
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
};
