import { authenticate, changeOwnPassword, getUserView, login, logout } from '@social-affairs/core';
import { changePasswordBody, errorBody, loginBody, me } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE, actorOf } from '../access';

export const authRoutes: FastifyPluginAsyncZod<{ cookieSecure: boolean }> = async (app, opts) => {
  const tags = ['登录与会话'];
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', personalData: false },
      schema: {
        tags,
        summary:
          '用户名密码登录（同一账号在同一地址 5 次失败锁定该地址 15 分钟；同一地址 20 次失败锁定该地址；账号在各地址累计失败后逐次延时，不锁定）',
        body: loginBody,
        response: { 200: z.object({ user: me }), 401: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      const session = await login(app.core, { ...req.body, address: req.ip ?? null });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.cookieSecure,
        expires: new Date(session.expiresAt),
      });
      return { user: session.user };
    },
  );
  app.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated', personalData: false },
      schema: { tags, summary: '退出登录', response: { 204: z.null() } },
    },
    async (req, reply) => {
      if (req.sessionToken) await logout(app.core, req.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated', personalData: false },
      schema: { tags, summary: '当前用户', response: { 200: z.object({ user: me }) } },
    },
    async (req) => {
      const user = await getUserView(app.core, actorOf(req).userId ?? '');
      if (!user) throw new Error('session user vanished');
      return { user };
    },
  );
  // The web shell's first probe: 200 whether or not a session exists, so a first visit logs no 401 in the
  // browser console. `expired`: a session cookie came but no longer opens a session (it is cleared, so
  // the login page says "登录已过期" once).
  app.get(
    '/api/auth/session',
    {
      config: { access: 'public', personalData: false },
      schema: {
        tags,
        summary: '当前会话（未登录时 user 为 null；expired 表示会话已过期或已失效）',
        response: { 200: z.object({ user: me.nullable(), expired: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (!token) return { user: null, expired: false };
      const found = await authenticate(app.core, token);
      const user = found ? await getUserView(app.core, found.actor.userId ?? '') : undefined;
      if (user) return { user, expired: false };
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { user: null, expired: true };
    },
  );
  app.post(
    '/api/auth/password',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary: '修改本人密码（当前密码 5 次错误锁定 15 分钟；成功后本人其他会话立即失效）',
        body: changePasswordBody,
        response: { 204: z.null(), 401: errorBody, 422: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      await changeOwnPassword(app.core, actorOf(req), req.body.currentPassword, req.body.newPassword, {
        token: req.sessionToken,
      });
      return reply.status(204).send(null);
    },
  );
};
