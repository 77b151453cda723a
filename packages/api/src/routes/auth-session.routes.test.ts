/** GET /api/auth/session: the web shell's first probe, 200 with or without a session (no 401 in the console). */
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../test-app';

describeEachDatabase(
  'session probe route',
  (t) => {
    it('answers 200 with no user to a first visit (no cookie), without setting a cookie', async () => {
      const { app } = await testApp(t.db);
      const res = await app.inject({ method: 'GET', url: '/api/auth/session' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ user: null, expired: false });
      expect(res.cookies).toHaveLength(0);
    });

    it('answers the signed-in user, as /api/auth/me does', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn('registrar', '430181');
      const res = await app.inject({
        method: 'GET',
        url: '/api/auth/session',
        headers: { cookie: u.cookie },
      });
      expect(res.statusCode).toBe(200);
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: u.cookie } });
      expect(res.json()).toEqual({ user: me.json<{ user: unknown }>().user, expired: false });
    });

    it('says "expired" for a cookie whose session has ended, and clears that cookie', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn('registrar', '430181');
      const out = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: u.cookie },
      });
      expect(out.statusCode).toBe(204);
      const res = await app.inject({
        method: 'GET',
        url: '/api/auth/session',
        headers: { cookie: u.cookie },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ user: null, expired: true });
      const cleared = res.cookies.find((c) => c.name === 'sap_session');
      expect(cleared?.value).toBe('');
      const forged = await app.inject({
        method: 'GET',
        url: '/api/auth/session',
        headers: { cookie: 'sap_session=not-a-session' },
      });
      expect(forged.json()).toEqual({ user: null, expired: true });
    });
  },
  { lines: serverManifests },
);
