/**
 * The lookup by resident id over HTTP (issue 13 item 12): POST /api/people/lookup with the id in the body,
 * so the id never appears in a URL (access logs, proxies) and the path cannot be mistaken for
 * /api/people/{id}/…; audited, scoped, and the old GET path gone.
 */
import { aPersonInput, describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../test-app';

describeEachDatabase(
  'people lookup by resident id',
  (t) => {
    it('finds a person in scope by the id in the body, audits the read, and keeps the id out of the logged URL', async () => {
      const { app, core, logs, signIn } = await testApp(t.db, { captureLogs: true });
      const clerk = await signIn('registrar', '430000');
      const input = aPersonInput({ county: '430102', name: '王五' });
      const created = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: clerk.cookie },
        payload: input,
      });
      const id = created.json<{ id: string }>().id;
      const residentId = input.residentId ?? '';

      const res = await app.inject({
        method: 'POST',
        url: '/api/people/lookup',
        headers: { cookie: clerk.cookie },
        payload: { residentId, reason: '窗口核验' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id, name: '王五' });
      const audit = await core.db.kysely
        .selectFrom('auditLog')
        .select(['targetId', 'reason'])
        .where('action', '=', 'person.lookup')
        .execute();
      expect(audit).toEqual([{ targetId: id, reason: '窗口核验' }]);

      const text = logs.join('');
      expect(text).toContain('/api/people/lookup');
      expect(text).not.toContain(residentId);
    });

    it('answers 404 out of scope, 401 without a session, 4xx for a malformed id; the GET path is gone', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const clerk = await signIn('registrar', '430000');
      const input = aPersonInput({ county: '430102' });
      await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: clerk.cookie },
        payload: input,
      });
      const residentId = input.residentId ?? '';
      const lookup = (cookie: string | undefined, payload: object) =>
        app.inject({
          method: 'POST',
          url: '/api/people/lookup',
          headers: cookie ? { cookie } : {},
          payload,
        });

      const outsider = await signIn('registrar', '430181');
      const hidden = await lookup(outsider.cookie, { residentId });
      expect(hidden.statusCode).toBe(404);
      expect(
        await core.db.kysely
          .selectFrom('auditLog')
          .select('seq')
          .where('action', '=', 'person.lookup')
          .execute(),
      ).toEqual([]);

      expect((await lookup(undefined, { residentId })).statusCode).toBe(401);
      const bad = await lookup(clerk.cookie, { residentId: '43010219900101123' });
      expect([400, 422]).toContain(bad.statusCode);
      expect(bad.json<{ error: { code: string } }>().error.code).toMatch(/^RESIDENT_ID_|VALIDATION/);
      expect((await lookup(clerk.cookie, {})).statusCode).toBe(400);

      const old = await app.inject({
        method: 'GET',
        url: `/api/people/by-resident-id/${residentId}`,
        headers: { cookie: clerk.cookie },
      });
      expect(old.statusCode).toBe(404);
      expect(old.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
    });
  },
  { lines: serverManifests },
);
