import { createInstitution, createUser, systemActor } from '@social-affairs/core';
import { aPersonInput, describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  catalogueSamples,
  expectAnonymousRefused,
  expectOutOfScopeHidden,
  expectPermissionRefused,
} from './access-catalogue.test-support';
import { serverLines, serverManifests, testApp } from './test-app';
import { institutionSample } from './routes/person-merge.samples';

describeEachDatabase(
  'HTTP API',
  (t) => {
    it('answers every non-public route with 401 for an anonymous caller', async () => {
      const { app } = await testApp(t.db);
      expect(await expectAnonymousRefused(app)).toBeGreaterThan(10);
    });

    it('answers every permission-guarded route with 403 for a role that lacks the permission', async () => {
      const { app, core, signIn } = await testApp(t.db);
      expect(await expectPermissionRefused(app, core, signIn)).toBeGreaterThan(10);
    });

    it('never serves a record outside the caller’s county, on any route that names one', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const province = await signIn('registrar', '430000');
      const { samples } = await catalogueSamples(core, province, serverLines);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples)).toBeGreaterThan(10);
    });

    it('hides a sibling township’s or institution’s records from township and institution users', async () => {
      const { app, core } = await testApp(t.db);
      const admin = systemActor('test-admin', '430000');
      const mine = await institutionSample(core); // 文艺路街道 430102001
      const sibling = await createInstitution(core, admin, {
        kind: 'funeral_home',
        name: '朝阳街殡仪服务站',
        divisionCode: '430102002',
      });
      const accounts = [
        { username: 'wyl.town', divisionCode: '430102001' },
        { username: 'cyj.town', divisionCode: '430102002' },
        { username: 'wyl.home', divisionCode: '430102', institutionId: mine.id },
        { username: 'cyj.home', divisionCode: '430102', institutionId: sibling.id },
      ];
      const cookies = new Map<string, string>();
      for (const a of accounts) {
        await createUser(core, admin, {
          ...a,
          displayName: a.username,
          role: 'admin',
          password: 'Passw0rd-test',
        });
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: a.username, password: 'Passw0rd-test' },
        });
        cookies.set(
          a.username,
          `sap_session=${res.cookies.find((c) => c.name === 'sap_session')?.value ?? ''}`,
        );
      }
      const status = async (username: string, id: string) =>
        (
          await app.inject({
            method: 'GET',
            url: `/api/institutions/${id}`,
            headers: { cookie: cookies.get(username) ?? '' },
          })
        ).statusCode;
      expect(await status('wyl.town', mine.id)).toBe(200);
      expect(await status('cyj.town', mine.id)).toBe(404);
      expect(await status('wyl.home', mine.id)).toBe(200);
      expect(await status('cyj.home', mine.id)).toBe(404);
      expect(await status('wyl.home', sibling.id)).toBe(404);
      // County-level records of the lines are hidden below the county too (only shared registries such as
      // the people index are visible there): a township admin cannot reset a county account's password.
      const countyUser = await createUser(core, admin, {
        username: 'frq.admin',
        displayName: 'x',
        role: 'admin',
        divisionCode: '430102',
        password: 'Passw0rd-test',
      });
      const reset = await app.inject({
        method: 'POST',
        url: `/api/users/${countyUser.id}/reset-password`,
        headers: { cookie: cookies.get('wyl.town') ?? '' },
        payload: { password: 'NewPassw0rd-1' },
      });
      expect(reset.statusCode).toBe(404);
    });

    it('sets an HttpOnly SameSite=Strict session cookie and ends the session on logout', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn('registrar', '430181');
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: u.username, password: u.password },
      });
      const c = login.cookies.find((x) => x.name === 'sap_session');
      expect(c).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: u.cookie } });
      expect(me.json()).toMatchObject({
        user: {
          username: u.username,
          divisionCode: '430181',
          divisionName: '浏阳市',
          roleLabel: '婚姻登记员',
        },
      });
      expect(
        (await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: u.cookie } }))
          .statusCode,
      ).toBe(204);
      expect(
        (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: u.cookie } })).statusCode,
      ).toBe(401);
    });

    it('expires a session after its lifetime', async () => {
      const { app, clock, signIn } = await testApp(t.db);
      const u = await signIn();
      clock.advanceMinutes(8 * 60 + 1);
      expect(
        (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: u.cookie } })).statusCode,
      ).toBe(401);
    });

    it('locks an account for 15 minutes for the address that failed 5 times, even for the right password', async () => {
      // ADR 0011 (supersedes ADR 0002 in part): the lock is per (account, address); other addresses are
      // only slowed down (seconds), so five wrong passwords no longer lock the owner out everywhere.
      const { app, clock, signIn } = await testApp(t.db);
      const u = await signIn();
      const attempt = (password: string, ip = '10.0.0.1') =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: u.username, password },
          remoteAddress: ip,
        });
      for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).statusCode).toBe(401);
      const locked = await attempt(u.password);
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({
        error: { code: 'AUTH_LOCKED', details: { scope: 'account-address' } },
      });
      // Another address right away: slowed down (1 s after the fifth failure), not locked.
      const slowed = await attempt(u.password, '10.0.0.99');
      expect(slowed.statusCode).toBe(429);
      expect(slowed.json()).toMatchObject({
        error: { code: 'AUTH_SLOW_DOWN', details: { scope: 'account', retryAfterSeconds: 1 } },
      });
      clock.set(new Date(clock.now().getTime() + 1_000).toISOString());
      expect((await attempt(u.password, '10.0.0.99')).statusCode).toBe(200);
      expect((await attempt(u.password)).statusCode).toBe(429); // the guessing address stays locked
      clock.advanceMinutes(16);
      expect((await attempt(u.password)).statusCode).toBe(200);
    });

    it('locks a client address after 20 failures across different accounts', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn();
      for (let i = 0; i < 20; i++) {
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: `nobody${i}`, password: 'x' },
          remoteAddress: '10.9.9.9',
        });
      }
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: u.username, password: u.password },
        remoteAddress: '10.9.9.9',
      });
      expect(res.json()).toMatchObject({ error: { code: 'AUTH_LOCKED', details: { scope: 'address' } } });
    });

    it('throttles guesses of the current password on /api/auth/password', async () => {
      const { app, clock, signIn } = await testApp(t.db);
      const u = await signIn();
      const change = (currentPassword: string) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: { cookie: u.cookie },
          payload: { currentPassword, newPassword: 'Brand-new-7' },
        });
      for (let i = 0; i < 5; i++) expect((await change(`Guess-${i}-abc`)).statusCode).toBe(401);
      const locked = await change(u.password);
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({
        error: { code: 'AUTH_LOCKED', details: { scope: 'password-change' } },
      });
      clock.advanceMinutes(16);
      expect((await change(u.password)).statusCode).toBe(204);
    });

    it('ends the user’s other sessions at once when they change their own password', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn();
      const other = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: u.username, password: u.password },
        remoteAddress: '10.0.0.2',
      });
      const otherCookie = `sap_session=${other.cookies.find((c) => c.name === 'sap_session')?.value ?? ''}`;
      const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect((await me(otherCookie)).statusCode).toBe(200); // now in the session cache
      const changed = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: u.cookie },
        payload: { currentPassword: u.password, newPassword: 'Brand-new-7' },
      });
      expect(changed.statusCode).toBe(204);
      expect((await me(otherCookie)).statusCode).toBe(401); // no clock advance: ended at once
      expect((await me(u.cookie)).statusCode).toBe(200); // the session that changed it goes on
    });

    it('changes one’s own password and lets an administrator reset another’s', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn('registrar', '430181');
      const weak = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: u.cookie },
        payload: { currentPassword: u.password, newPassword: 'short' },
      });
      expect(weak.statusCode).toBe(422);
      expect(weak.json()).toMatchObject({
        error: { code: 'PASSWORD_TOO_WEAK', details: { field: 'newPassword' } },
      });
      const ok = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: u.cookie },
        payload: { currentPassword: u.password, newPassword: 'Brand-new-1' },
      });
      expect(ok.statusCode).toBe(204);
      const admin = await signIn('admin', '430100');
      const reset = await app.inject({
        method: 'POST',
        url: `/api/users/${u.id}/reset-password`,
        headers: { cookie: admin.cookie },
        payload: { password: 'Reset-pass-2' },
      });
      expect(reset.statusCode).toBe(204);
      const relog = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: u.username, password: 'Reset-pass-2' },
      });
      expect(relog.statusCode).toBe(200);
    });

    it('refuses bad input with a stable code and changes nothing', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const u = await signIn('registrar', '430000');
      const count = async () => (await core.db.kysely.selectFrom('people').select('id').execute()).length;
      const post = (payload: string, type = 'application/json') =>
        app.inject({
          method: 'POST',
          url: '/api/people',
          headers: { cookie: u.cookie, 'content-type': type },
          payload,
        });
      const cases: [string, number, string][] = [
        ['{"name": "张三",', 400, 'BODY_MALFORMED_JSON'],
        [JSON.stringify({ name: 123, hukouDivisionCode: '430102' }), 400, 'VALIDATION_FAILED'],
        [
          JSON.stringify({ name: '张三', sex: 'male', hukouDivisionCode: '430102', isAdmin: true }),
          400,
          'VALIDATION_FAILED',
        ],
        [
          JSON.stringify({ name: '张三', hukouDivisionCode: '430102', residentId: '430102199003071235' }),
          422,
          'RESIDENT_ID_CHECK_DIGIT',
        ],
        [
          JSON.stringify({ name: '张三', hukouDivisionCode: '430102', residentId: '430102199002301237' }),
          422,
          'RESIDENT_ID_BIRTH_DATE_INVALID',
        ],
        [
          JSON.stringify({ name: '张三', sex: 'male', hukouDivisionCode: '430102', birthDate: '1990-02-30' }),
          400,
          'DATE_INVALID',
        ],
        [JSON.stringify({ name: 'x'.repeat(1_100_000), hukouDivisionCode: '430102' }), 400, 'BODY_TOO_LARGE'],
      ];
      for (const [payload, status, code] of cases) {
        const res = await post(payload);
        expect([payload.slice(0, 60), res.statusCode, res.json().error?.code]).toEqual([
          payload.slice(0, 60),
          status,
          code,
        ]);
        expect(typeof res.json().error.message).toBe('string');
      }
      expect(await count()).toBe(0);
    });

    it('hides internals behind a 500 with a request id', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const u = await signIn();
      await core.db.close();
      const res = await app.inject({ method: 'GET', url: '/api/people', headers: { cookie: u.cookie } });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({
        error: { code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试或联系管理员' },
      });
      expect(res.body).not.toMatch(/sqlite|postgres|at .*\.ts|Error:/i);
    });

    it('keeps resident ids, names and passwords out of the logs', async () => {
      const { app, logs, signIn } = await testApp(t.db, { captureLogs: true });
      const u = await signIn('registrar', '430000');
      const input = aPersonInput({ county: '430102', name: '欧阳娜娜' });
      await app.inject({ method: 'POST', url: '/api/people', headers: { cookie: u.cookie }, payload: input });
      await app.inject({
        method: 'POST',
        url: '/api/people/lookup',
        headers: { cookie: u.cookie },
        payload: { residentId: input.residentId },
      });
      await app.inject({
        method: 'GET',
        url: `/api/people?q=${encodeURIComponent(input.residentId ?? '')}`,
        headers: { cookie: u.cookie },
      });
      const text = logs.join('');
      expect(text.length).toBeGreaterThan(0);
      expect(text).toContain('/api/people/lookup');
      expect(text).not.toContain(input.residentId);
      expect(text).not.toContain('欧阳娜娜');
      expect(text).not.toContain(u.password);
    });

    it('publishes OpenAPI at /api/openapi.json and a UI at /docs, and health probes', async () => {
      const { app } = await testApp(t.db);
      const spec = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(spec.statusCode).toBe(200);
      expect(Object.keys(spec.json<{ paths: Record<string, unknown> }>().paths)).toEqual(
        expect.arrayContaining(['/api/people', '/api/auth/login', '/api/stats/people-by-division']),
      );
      expect((await app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready' });
      expect((await app.inject({ method: 'GET', url: '/api/nope' })).json()).toMatchObject({
        error: { code: 'ROUTE_NOT_FOUND' },
      });
    });

    it('serves the web UI with a fallback for page URLs but a 404 for missing assets', async () => {
      const webRoot = mkdtempSync(join(tmpdir(), 'sap-web-'));
      writeFileSync(
        join(webRoot, 'index.html'),
        '<!doctype html><html lang="zh-CN"><title>社会事务</title></html>',
      );
      const { app } = await testApp(t.db, { webRoot });
      const page = await app.inject({ method: 'GET', url: '/people/123' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('社会事务');
      expect((await app.inject({ method: 'GET', url: '/assets/missing-abc.js' })).statusCode).toBe(404);
    });

    it('serves the people ledger and its Excel export with masked ids', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const u = await signIn('registrar', '430000');
      const input = aPersonInput({ county: '430181', name: '解缙' });
      const created = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: u.cookie },
        payload: input,
      });
      expect(created.statusCode).toBe(201);
      const list = await app.inject({
        method: 'GET',
        url: '/api/people?division=430100&q=xie',
        headers: { cookie: u.cookie },
      });
      expect(list.json()).toMatchObject({
        total: 1,
        items: [
          {
            name: '解缙',
            namePinyin: 'xie jin',
            residentIdMasked: expect.stringMatching(/^430181\*{8}\d{3}[\dX]$/),
          },
        ],
      });
      const xlsx = await app.inject({
        method: 'GET',
        url: '/api/people/export?division=430181',
        headers: { cookie: u.cookie },
      });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('人员台账');
      // Title, export time and exporter, filter, then the header row (issue 13 item 7).
      expect(sheet?.getRow(5).getCell(1).value).toBe('解缙');
      expect(sheet?.getRow(5).getCell(3).text).toMatch(/\*{8}/);
      expect(JSON.stringify(sheet?.getSheetValues())).not.toContain(input.residentId);
      void core;
    });
  },
  { lines: serverManifests },
);
