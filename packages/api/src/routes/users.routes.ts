import {
  ROLES,
  ROLE_LABELS,
  ROLE_PERMISSIONS,
  createUser,
  listUsers,
  resetPassword,
} from '@social-affairs/core';
import {
  me,
  newUserBody,
  pageOf,
  pageQuery,
  resetPasswordBody,
  usersQuery,
  errorResponses,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';

const errors = errorResponses;

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['系统管理'];
  app.get(
    '/api/users',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: '用户列表（管辖范围内）',
        querystring: usersQuery.extend(pageQuery.shape),
        response: { 200: pageOf(me), ...errors },
      },
    },
    async (req) => listUsers(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/users',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: '新增用户（区划须在本人管辖范围内）',
        body: newUserBody,
        response: { 201: me, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/users/:id/reset-password',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: '管理员重置密码（该用户的会话全部失效）',
        params: z.object({ id: z.string().min(1).max(64) }),
        body: resetPasswordBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await resetPassword(app.core, actorOf(req), req.params.id, req.body.password);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/roles',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: '角色及其权限',
        response: {
          200: z.object({
            items: z.array(
              z.object({ role: z.string(), label: z.string(), permissions: z.array(z.string()) }),
            ),
          }),
        },
      },
    },
    async () => ({
      items: ROLES.map((role) => ({
        role,
        label: ROLE_LABELS[role],
        permissions: [...ROLE_PERMISSIONS[role]],
      })),
    }),
  );
};
