import {
  ROLES,
  ROLE_LABELS,
  createInstitution,
  createUser,
  getInstitution,
  listInstitutions,
  listUsers,
  resetPassword,
  setUserStatus,
  unlockUser,
  updateUserAccess,
} from '@social-affairs/core';
import {
  me,
  newUserBody,
  pageOf,
  pageQuery,
  resetPasswordBody,
  userAccessBody,
  userAdminView,
  userStatusBody,
  usersQuery,
  errorResponses,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';

const errors = errorResponses;

/** A user may be scoped to an institution inside its division (ADR 0009-scope-below-the-county). */
const newUserWithInstitution = newUserBody.extend({
  institutionId: z.string().min(1).max(64).nullish().describe('所属机构（救助管理站、殡仪馆等），可选'),
});
const userView = me.extend({ institutionId: z.string().nullable() });
const institutionView = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  status: z.enum(['active', 'closed']),
});

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['系统管理'];
  app.get(
    '/api/users',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '用户列表（管辖范围内；按关键字、角色、区划、状态筛选；含登录锁定状态）',
        querystring: usersQuery.extend(pageQuery.shape),
        response: { 200: pageOf(userAdminView), ...errors },
      },
    },
    async (req) => listUsers(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/users',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '新增用户（区划须在本人管辖范围内）',
        body: newUserWithInstitution,
        response: { 201: userView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/users/:id/reset-password',
    {
      config: { access: 'users:manage', personalData: false },
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
  const userId = z.object({ id: z.string().min(1).max(64) });
  app.post(
    '/api/users/:id/access',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary:
          '修改用户的角色与管辖范围（区划、机构）；该用户的会话全部失效；不能修改本人的范围或取消本人的管理权限',
        params: userId,
        body: userAccessBody,
        response: { 200: userAdminView, ...errors },
      },
    },
    async (req) => updateUserAccess(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/users/:id/status',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '停用或重新启用用户（停用后其会话立即失效；不能停用本人）',
        params: userId,
        body: userStatusBody,
        response: { 200: userAdminView, ...errors },
      },
    },
    async (req) => setUserStatus(app.core, actorOf(req), req.params.id, req.body.status),
  );
  app.post(
    '/api/users/:id/unlock',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '解除用户因登录失败产生的锁定与延时（所有地址）',
        params: userId,
        response: { 200: userAdminView, ...errors },
      },
    },
    async (req) => unlockUser(app.core, actorOf(req), req.params.id),
  );
  app.get(
    '/api/roles',
    {
      config: { access: 'authenticated', personalData: false },
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
        permissions: [...app.core.access.permissionsOf(role)],
      })),
    }),
  );
  app.get(
    '/api/institutions',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '机构名录（救助管理站、殡仪馆等；管辖范围内）',
        querystring: z.object({ kind: z.string().max(40).optional() }),
        response: { 200: z.object({ items: z.array(institutionView) }), ...errors },
      },
    },
    async (req) => listInstitutions(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/institutions',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '新增机构（所在区划为县级或乡镇/街道，须在本人管辖范围内）',
        body: z.strictObject({
          kind: z.string().min(1).max(40),
          name: z.string().trim().min(1).max(100),
          divisionCode: z
            .string()
            .regex(/^[0-9]{6}([0-9]{3})?$/, { message: '行政区划代码应为 6 位或 9 位数字' }),
        }),
        response: { 201: institutionView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createInstitution(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/institutions/:id',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '机构详情',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: institutionView, ...errors },
      },
    },
    async (req) => getInstitution(app.core, actorOf(req), req.params.id),
  );
};
