/** Marriage registries (public list, creation) and registrar qualifications. */
import {
  createRegistry,
  listActiveRegistries,
  listQualifications,
  myRegistries,
  recordQualification,
  revokeQualification,
} from '@social-affairs/core/marriage';
import {
  newQualificationBody,
  newRegistryBody,
  qualificationView,
  registriesQuery,
  registryView,
  revokeQualificationBody,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { tags, errors, idParam } from './shared';

export const registriesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/marriage/registries',
    {
      config: { access: 'public', personalData: false },
      schema: {
        tags,
        summary: '婚姻登记机关（地址、办公时间、办理范围；公开信息）',
        querystring: registriesQuery,
        response: { 200: z.array(registryView), ...errors },
      },
    },
    async (req) => listActiveRegistries(app.core, req.query.division),
  );
  app.post(
    '/api/marriage/registries',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '新增婚姻登记机关（区划须在本人管辖范围内）',
        body: newRegistryBody,
        response: { 201: registryView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createRegistry(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/marriage/my-registries',
    {
      config: { access: 'marriage:read', personalData: false },
      schema: {
        tags,
        summary: '本人可办理登记的婚姻登记机关（登记员：持有有效资格的机关）',
        response: { 200: z.array(registryView), ...errors },
      },
    },
    async (req) => myRegistries(app.core, actorOf(req)),
  );
  app.get(
    '/api/marriage/qualifications',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary: '婚姻登记员资格（持证上岗）列表：系统管理员或婚姻登记人员可查看',
        response: { 200: z.array(qualificationView), ...errors },
      },
    },
    async (req) => listQualifications(app.core, actorOf(req)),
  );
  app.post(
    '/api/marriage/qualifications',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '登记婚姻登记员资格证书',
        body: newQualificationBody,
        response: { 201: qualificationView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await recordQualification(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/marriage/qualifications/:id/revoke',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '注销婚姻登记员资格（须填写事由）',
        params: idParam,
        body: revokeQualificationBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await revokeQualification(app.core, actorOf(req), req.params.id, req.body.reason);
      return reply.status(204).send(null);
    },
  );
};
