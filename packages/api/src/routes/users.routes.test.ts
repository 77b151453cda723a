/** 系统管理 › 用户管理 over HTTP: role and scope, disable / enable, unlock, filters, self-protection, scope. */
import { aUser } from '@social-affairs/core/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../test-app';

describeEachDatabase(
  'user administration routes',
  (t) => {
    async function setup() {
      const env = await testApp(t.db);
      const admin = await env.signIn('admin', '430100');
      const inject = (method: 'GET' | 'POST', url: string, payload?: object, cookie = admin.cookie) =>
        env.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
      const login = (username: string, password: string) =>
        env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      const auditActions = async (targetId: string) =>
        (
          await env.core.db.kysely
            .selectFrom('auditLog')
            .select(['action', 'details', 'actorUsername'])
            .where('targetId', '=', targetId)
            .orderBy('seq')
            .execute()
        ).map((r) => r.action);
      return { ...env, admin, inject, login, auditActions };
    }

    it('changes role and scope: audited, the user’s sessions end, the new role holds at the next sign-in', async () => {
      const s = await setup();
      const clerk = await s.signIn('registrar', '430102');
      expect((await s.inject('GET', '/api/auth/me', undefined, clerk.cookie)).statusCode).toBe(200);
      const res = await s.inject('POST', `/api/users/${clerk.id}/access`, {
        role: 'supervisor',
        divisionCode: '430181',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ role: 'supervisor', roleLabel: '督查人员', divisionCode: '430181' });
      expect((await s.inject('GET', '/api/auth/me', undefined, clerk.cookie)).statusCode).toBe(401);
      const again = await s.login(clerk.username, clerk.password);
      expect(again.json()).toMatchObject({ user: { role: 'supervisor', divisionName: '浏阳市' } });
      expect(await s.auditActions(clerk.id)).toContain('user.update-access');
      const row = await s.core.db.kysely
        .selectFrom('auditLog')
        .select(['details', 'actorUsername'])
        .where('action', '=', 'user.update-access')
        .executeTakeFirstOrThrow();
      expect(row.actorUsername).toBe(s.admin.username);
      expect(JSON.parse(row.details)).toMatchObject({
        before: { role: 'registrar', divisionCode: '430102' },
        after: { role: 'supervisor', divisionCode: '430181' },
      });
    });

    it('disables (sessions end, sign-in refused) and re-enables, each audited', async () => {
      const s = await setup();
      const clerk = await s.signIn('registrar', '430102');
      const off = await s.inject('POST', `/api/users/${clerk.id}/status`, { status: 'disabled' });
      expect(off.json()).toMatchObject({ status: 'disabled' });
      expect((await s.inject('GET', '/api/auth/me', undefined, clerk.cookie)).statusCode).toBe(401);
      expect((await s.login(clerk.username, clerk.password)).statusCode).toBe(401);
      const on = await s.inject('POST', `/api/users/${clerk.id}/status`, { status: 'active' });
      expect(on.json()).toMatchObject({ status: 'active' });
      expect((await s.login(clerk.username, clerk.password)).statusCode).toBe(200);
      const actions = await s.auditActions(clerk.id);
      expect(actions).toEqual(
        expect.arrayContaining(['user.disable', 'user.enable', 'session.login-failed']),
      );
    });

    it('unlocks an account locked by failed sign-ins, audited; the list shows the lock', async () => {
      const s = await setup();
      const clerk = await aUser(s.core, { role: 'registrar', divisionCode: '430102' });
      for (let i = 0; i < 5; i++)
        expect((await s.login(clerk.username, 'wrong-Passw0rd')).statusCode).toBe(401);
      expect((await s.login(clerk.username, clerk.password)).json()).toMatchObject({
        error: { code: 'AUTH_LOCKED' },
      });
      const listed = await s.inject('GET', `/api/users?q=${clerk.username}`);
      const [item] = listed.json<{ items: { lockedUntil: string | null }[] }>().items;
      expect(item?.lockedUntil).not.toBeNull();
      const unlocked = await s.inject('POST', `/api/users/${clerk.id}/unlock`);
      expect(unlocked.statusCode).toBe(200);
      expect(unlocked.json()).toMatchObject({ lockedUntil: null });
      expect((await s.login(clerk.username, clerk.password)).statusCode).toBe(200);
      expect(await s.auditActions(clerk.id)).toContain('user.unlock');
    });

    it('an administrator cannot disable themself, lose user management, or move their own scope', async () => {
      const s = await setup();
      const self = s.admin.id;
      expect(
        (await s.inject('POST', `/api/users/${self}/status`, { status: 'disabled' })).json(),
      ).toMatchObject({
        error: { code: 'USER_SELF_DISABLE', message: '不能停用本人的账号' },
      });
      const demote = await s.inject('POST', `/api/users/${self}/access`, {
        role: 'registrar',
        divisionCode: '430100',
      });
      expect(demote.statusCode).toBe(403);
      expect(demote.json()).toMatchObject({ error: { code: 'USER_SELF_DEMOTE' } });
      const move = await s.inject('POST', `/api/users/${self}/access`, {
        role: 'admin',
        divisionCode: '430181',
      });
      expect(move.json()).toMatchObject({ error: { code: 'USER_SELF_SCOPE' } });
      expect((await s.inject('GET', '/api/auth/me')).json()).toMatchObject({
        user: { role: 'admin', status: 'active', divisionCode: '430100' },
      });
    });

    it('a county administrator cannot touch an account outside the county (404) nor grant a scope outside it', async () => {
      const s = await setup();
      const county = await s.signIn('admin', '430181');
      const other = await aUser(s.core, { role: 'registrar', divisionCode: '430102' });
      for (const [method, url, body] of [
        ['POST', `/api/users/${other.id}/access`, { role: 'supervisor', divisionCode: '430181' }],
        ['POST', `/api/users/${other.id}/status`, { status: 'disabled' }],
        ['POST', `/api/users/${other.id}/unlock`, undefined],
      ] as const) {
        const res = await s.inject(method, url, body, county.cookie);
        expect([url, res.statusCode]).toEqual([url, 404]);
        expect(res.json()).toMatchObject({ error: { message: '用户不存在或不在您的管辖范围内' } });
      }
      const mine = await aUser(s.core, { role: 'registrar', divisionCode: '430181' });
      const out = await s.inject(
        'POST',
        `/api/users/${mine.id}/access`,
        { role: 'registrar', divisionCode: '430102' },
        county.cookie,
      );
      expect(out.statusCode).toBe(403);
      expect(out.json()).toMatchObject({ error: { code: 'DIVISION_OUT_OF_SCOPE' } });
      const bad = await s.inject(
        'POST',
        `/api/users/${mine.id}/access`,
        { role: 'nobody', divisionCode: '430181' },
        county.cookie,
      );
      expect(bad.json()).toMatchObject({ error: { code: 'ROLE_UNKNOWN', message: '角色不存在' } });
      expect(await s.auditActions(other.id)).toEqual(['user.create']);
    });

    it('filters the list by role, division, status and text', async () => {
      const s = await setup();
      const a = await aUser(s.core, { role: 'registrar', divisionCode: '430102' });
      const b = await aUser(s.core, { role: 'supervisor', divisionCode: '430181' });
      await aUser(s.core, { role: 'registrar', divisionCode: '430300' }); // outside 长沙市
      await s.inject('POST', `/api/users/${b.id}/status`, { status: 'disabled' });
      const names = async (query: string) =>
        (await s.inject('GET', `/api/users?${query}`))
          .json<{ items: { username: string }[] }>()
          .items.map((u) => u.username);
      expect(await names('role=registrar')).toEqual([a.username]);
      expect(await names('division=430181')).toEqual([b.username]);
      expect(await names('status=disabled')).toEqual([b.username]);
      expect(await names(`q=${a.username}`)).toEqual([a.username]);
      const outside = await s.inject('GET', '/api/users?division=430300');
      expect(outside.json()).toMatchObject({ error: { code: 'DIVISION_OUT_OF_SCOPE' } });
    });
  },
  { lines: serverManifests },
);
