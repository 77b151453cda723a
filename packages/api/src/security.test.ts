/** Security headers, Cache-Control on personal data, the CSRF origin check and JSON-only bodies (issue 11, item 5). */
import { ConfigError, parseConfigFile } from '@social-affairs/core';
import { testContext } from '@social-affairs/core/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { buildApp } from './app';
import { serverLines, serverManifests, testApp } from './test-app';

const FOREIGN = 'https://evil.example';
const SAME = 'http://localhost:80'; // app.inject's Host is localhost:80

describeEachDatabase(
  'security headers and CSRF',
  (t) => {
    it('sends CSP, frame, content-type and referrer headers, and no HSTS over plain HTTP', async () => {
      const { app } = await testApp(t.db);
      for (const url of ['/api/auth/me', '/healthz', '/docs/static/index.html', '/api/openapi.json']) {
        const res = await app.inject({ method: 'GET', url });
        const csp = String(res.headers['content-security-policy']);
        expect(csp, url).toContain("frame-ancestors 'none'");
        expect(csp, url).toContain("script-src 'self'");
        expect(csp, url).toContain("object-src 'none'");
        expect(csp, url).not.toContain('upgrade-insecure-requests');
        expect(res.headers['x-frame-options'], url).toBe('DENY');
        expect(res.headers['x-content-type-options'], url).toBe('nosniff');
        expect(res.headers['referrer-policy'], url).toBe('no-referrer');
        expect(res.headers['strict-transport-security'], url).toBeUndefined();
      }
    });

    it('sends HSTS and upgrade-insecure-requests behind HTTPS (COOKIE_SECURE=true)', async () => {
      const core = testContext(t.db);
      const app = await buildApp({
        core,
        lines: serverLines,
        logger: false,
        webRoot: null,
        cookieSecure: true,
      });
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    });

    it('marks every /api answer no-store except the health check and the OpenAPI document', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn('admin', '430000');
      const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: u.cookie } });
      let checked = 0;
      for (const r of app.routeCatalog) {
        if (r.method !== 'GET' || r.url.includes(':')) continue;
        const res = await get(r.url);
        const cc = res.headers['cache-control'];
        if (r.url === '/api/health' || r.url === '/api/openapi.json') expect(cc, r.url).toBeUndefined();
        else expect([r.url, cc]).toEqual([r.url, 'no-store']);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
      expect((await get('/api/people/x1')).headers['cache-control']).toBe('no-store'); // errors too
    });

    it('refuses a foreign Origin on every state-changing route of the catalogue with 403', async () => {
      const { app, signIn } = await testApp(t.db);
      const admin = await signIn('admin', '430000');
      const writes = app.routeCatalog.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
      expect(writes.length).toBeGreaterThan(20);
      for (const r of writes) {
        const url = r.url.replace(/:(\w+)/g, 'x1');
        for (const headers of [
          { origin: FOREIGN },
          { origin: 'null' },
          { 'sec-fetch-site': 'cross-site' },
          { 'sec-fetch-site': 'same-site' },
        ]) {
          const res = await app.inject({
            method: r.method as 'POST',
            url,
            headers: { cookie: admin.cookie, ...headers },
            payload: {},
          });
          expect([r.method, r.url, headers, res.statusCode]).toEqual([r.method, r.url, headers, 403]);
          expect(res.json()).toMatchObject({ error: { code: 'CSRF_ORIGIN_REJECTED' } });
          expect(res.json().error.message).toMatch(/跨站/);
        }
      }
    });

    it('lets the server’s own origin, configured origins and non-browser clients through', async () => {
      const core = testContext(t.db);
      const app = await buildApp({
        core,
        lines: serverLines,
        logger: false,
        webRoot: null,
        allowedOrigins: ['https://portal.example.gov.cn'],
      });
      const { aUser } = await import('@social-affairs/core/testing');
      const u = await aUser(core);
      const login = (headers: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers,
          payload: { username: u.username, password: u.password },
        });
      expect((await login({ origin: SAME })).statusCode).toBe(200);
      expect((await login({ origin: SAME, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
      expect((await login({ origin: 'https://portal.example.gov.cn' })).statusCode).toBe(200);
      expect((await login({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
      expect((await login({})).statusCode).toBe(200); // the command line, scripts
      expect((await login({ origin: 'https://portal.example.gov.cn.evil.example' })).statusCode).toBe(403);
      expect((await login({ origin: 'http://localhost:8080' })).statusCode).toBe(403);
      // Reads are not checked (they change nothing; CORS keeps their answers from a foreign page).
      expect(
        (await app.inject({ method: 'GET', url: '/api/health', headers: { origin: FOREIGN } })).statusCode,
      ).toBe(200);
    });

    it('reads extra allowed origins from the server section of the configuration file', () => {
      const ok = parseConfigFile({ server: { allowedOrigins: ['https://portal.example.gov.cn:8443'] } }, []);
      expect(ok.server.allowedOrigins).toEqual(['https://portal.example.gov.cn:8443']);
      expect(() => parseConfigFile({ server: { allowedOrigins: ['https://x.example/path'] } }, [])).toThrow(
        ConfigError,
      );
      expect(() => parseConfigFile({ server: { allowedOrigins: ['*'] } }, [])).toThrow(/allowedOrigins/);
    });

    it('answers 415 to a text/plain body, even on a bodiless POST', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn();
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'text/plain' },
        payload: JSON.stringify({ username: u.username, password: u.password }),
      });
      expect(login.statusCode).toBe(415);
      expect(login.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const logout = await app.inject({
          method: 'POST',
          url: '/api/auth/logout',
          headers: { cookie: u.cookie, 'content-type': type },
          payload: 'x=1',
        });
        expect([type, logout.statusCode]).toEqual([type, 415]);
      }
      // Still signed in: the forged logout did nothing.
      expect(
        (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: u.cookie } })).statusCode,
      ).toBe(200);
    });
  },
  { lines: serverManifests },
);
