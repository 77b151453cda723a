/**
 * Issue 11, items 2 and 3 (ADR 0013): bad characters answer 400 on both databases alike, and unique
 * violations answer 409 — on every route, through one hook and the error handler.
 */
import { createPerson, systemActor } from '@social-affairs/core';
import { aPersonInput, describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from './test-app';

const NUL = '\u0000';
const LONE = '\ud800';
const RLO = '\u202e';

describeEachDatabase(
  'text hygiene and conflicts over HTTP',
  (t) => {
    it('refuses NUL and lone surrogates in every part of a request with 400 TEXT_INVALID_CHARACTER', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn('registrar', '430000');
      const headers = { cookie: u.cookie };
      const admin = await signIn('admin', '430000');
      const person = { name: '张三', sex: 'male', hukouDivisionCode: '430102' };
      const cases: {
        label: string;
        method: 'GET' | 'POST';
        url: string;
        payload?: unknown;
        auth?: boolean;
        admin?: boolean;
      }[] = [
        {
          label: 'login username',
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: `a${NUL}`, password: 'x' },
        },
        {
          label: 'login password',
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'a', password: `x${LONE}` },
        },
        {
          label: 'public booking lookup',
          method: 'POST',
          url: '/api/marriage/appointments/lookup',
          payload: { reference: `R${NUL}1`, phone: '13800138000' },
        },
        { label: 'id in path', method: 'GET', url: '/api/people/abc%00def', auth: true },
        {
          label: 'resident id lookup',
          method: 'POST',
          url: '/api/people/lookup',
          payload: { residentId: `4301${NUL}` },
          auth: true,
        },
        { label: 'search', method: 'GET', url: '/api/people?q=%E5%BC%A0%00', auth: true },
        {
          label: 'name',
          method: 'POST',
          url: '/api/people',
          payload: { ...person, name: `张${NUL}三` },
          auth: true,
        },
        {
          label: 'name (surrogate)',
          method: 'POST',
          url: '/api/people',
          payload: { ...person, name: `张${LONE}` },
          auth: true,
        },
        {
          label: 'free text',
          method: 'POST',
          url: '/api/people',
          payload: { ...person, source: `医院${NUL}` },
          auth: true,
        },
        {
          label: 'unknown key',
          method: 'POST',
          url: '/api/people',
          payload: { ...person, [`x${NUL}`]: 1 },
          auth: true,
        },
        {
          label: 'username',
          method: 'POST',
          url: '/api/users',
          payload: {
            username: `u${NUL}`,
            displayName: '甲',
            role: 'registrar',
            divisionCode: '430000',
            password: 'Passw0rd-x',
          },
          auth: true,
          admin: true,
        },
      ];
      for (const c of cases) {
        const res = await app.inject({
          method: c.method,
          url: c.url,
          ...(c.auth ? { headers: c.admin ? { cookie: admin.cookie } : headers } : {}),
          ...(c.payload !== undefined ? { payload: c.payload as object } : {}),
        });
        expect([c.label, res.statusCode, res.json().error?.code]).toEqual([
          c.label,
          400,
          'TEXT_INVALID_CHARACTER',
        ]);
        expect(res.json().error.message).toContain('不允许的字符');
      }
      const body = (
        await app.inject({
          method: 'POST',
          url: '/api/people',
          headers,
          payload: { ...person, name: `张${NUL}三` },
        })
      ).json();
      expect(body.error).toMatchObject({ details: { field: 'name', in: 'body', codePoint: 'U+0000' } });
      expect(body.error.message).toMatch(/^name：/);
      expect((await t.db.kysely.selectFrom('people').select('id').execute()).length).toBe(0);
    });

    it('refuses C0 controls in free text but keeps tab and line breaks; refuses any control or bidi character in names and codes', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn('registrar', '430000');
      const post = (payload: object) =>
        app.inject({ method: 'POST', url: '/api/people', headers: { cookie: u.cookie }, payload });
      const base = { sex: 'male', hukouDivisionCode: '430102' };
      const refused: [string, object][] = [
        ['bell in free text', { ...base, name: '张三', source: '医院\u0007' }],
        ['escape in free text', { ...base, name: '张三', source: '医\u001b[31m院' }],
        ['tab in a name', { ...base, name: '张\t三' }],
        ['line feed in a name', { ...base, name: '张三\n' }],
        ['DEL in a name', { ...base, name: '张三\u007f' }],
        ['C1 in a name', { ...base, name: '张\u0085三' }],
        ['right-to-left override in a name', { ...base, name: `张${RLO}三` }],
        ['isolate in a name', { ...base, name: '张\u2066三\u2069' }],
        ['right-to-left mark in a name', { ...base, name: '张三\u200f' }],
        ['zero-width space in a name', { ...base, name: '张\u200b三' }],
        ['override in a code', { ...base, name: '张三', hukouDivisionCode: `430102${RLO}` }],
      ];
      for (const [label, payload] of refused) {
        const res = await post(payload);
        expect([label, res.statusCode, res.json().error?.code]).toEqual([
          label,
          400,
          'TEXT_INVALID_CHARACTER',
        ]);
      }
      // Free text keeps tab and line breaks, and bidi characters (Uyghur or Arabic text may need them).
      for (const source of ['医院\t病历', '医院\r\n病历', `医院${RLO}`]) {
        const res = await post({ ...base, name: '张三', source });
        expect([source, res.statusCode]).toEqual([source, 201]);
      }
      // Names keep what names have: middle dots, rare characters outside the BMP, Latin letters.
      for (const name of ['阿依古丽·买买提', '𠮷野', '王䶮', 'Ann O’Neil']) {
        const res = await post({ ...base, name });
        expect([name, res.statusCode]).toEqual([name, 201]);
      }
    });

    it('keeps the audit chain verifiable after an audited text with a lone surrogate was tried', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn('registrar', '430000');
      const auditor = await signIn('auditor', '430000');
      const created = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: u.cookie },
        payload: aPersonInput({ county: '430102' }),
      });
      expect(created.statusCode).toBe(201);
      const res = await app.inject({
        method: 'POST',
        url: `/api/people/${created.json().id}/reveal-id`,
        headers: { cookie: u.cookie },
        payload: { reason: `核对身份${LONE}` },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'TEXT_INVALID_CHARACTER',
        details: { field: 'reason' },
      });
      const verify = await app.inject({
        method: 'POST',
        url: '/api/audit/verify',
        headers: { cookie: auditor.cookie },
      });
      expect(verify.statusCode).toBe(200);
      expect(verify.json()).toMatchObject({ ok: true });
    });

    it('answers parallel duplicate creates with one 201 and 409s, never 500, and logs no resident id', async () => {
      const { app, logs, signIn } = await testApp(t.db, { captureLogs: true });
      const headers = { cookie: (await signIn('registrar', '430000')).cookie };
      const input = aPersonInput({ county: '430102' });
      const people = await Promise.all(
        Array.from({ length: 6 }, () =>
          app.inject({ method: 'POST', url: '/api/people', headers, payload: input }),
        ),
      );
      const statuses = people.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
      for (const r of people.filter((x) => x.statusCode === 409))
        expect(r.json().error).toMatchObject({
          code: 'PERSON_RESIDENT_ID_EXISTS',
          details: { field: 'residentId' },
        });

      const admin = await signIn('admin', '430000');
      const user = {
        username: 'twin',
        displayName: '双胞胎',
        role: 'registrar',
        divisionCode: '430000',
        password: 'Passw0rd-9x7k',
      };
      const users = await Promise.all(
        Array.from({ length: 6 }, () =>
          app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie }, payload: user }),
        ),
      );
      expect(users.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const r of users.filter((x) => x.statusCode === 409))
        expect(r.json().error.code).toBe('USERNAME_TAKEN');

      const text = logs.join('');
      expect(text).not.toContain(input.residentId);
      expect(text).not.toContain('"level":50');
    });

    it('logs a database error without its detail, parameters or any full resident id', async () => {
      const { app, core, logs } = await testApp(t.db, { captureLogs: true });
      const input = aPersonInput({ county: '430102' });
      await createPerson(core, systemActor('test', '430000'), input);
      const row = await t.db.kysely.selectFrom('people').selectAll().executeTakeFirstOrThrow();
      let caught: unknown;
      try {
        await t.db.kysely
          .insertInto('people')
          .values({ ...row, id: 'forced-duplicate' })
          .execute();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeDefined();
      app.log.error({ err: caught }, 'forced duplicate');
      const text = logs.join('');
      expect(text).toContain('forced duplicate');
      expect(text).not.toContain(input.residentId);
      expect(text).not.toContain('"detail"');
      expect(text).not.toContain('"parameters"');
      expect(text).not.toContain('"where"');
    });
  },
  { lines: serverManifests },
);
