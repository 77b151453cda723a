import { disabilityLine } from '@social-affairs/core/disability';
import { aDisabledPerson, anApplication } from '@social-affairs/core/disability/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'disability review routes',
  (t) => {
    it('runs the chain over HTTP to the recipients ledger; scope; a refused grant is 422', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2026-03-02T02:00:00.000Z');
      const p = await aDisabledPerson(core, { grade: 2 });
      const a = await anApplication(core, p, { subsidies: ['living', 'care'], status: 'forwarded' });
      const township = await signIn('subsidy_clerk', '430181001');
      const federation = await signIn('federation_reviewer', '430181');
      const civil = await signIn('county_reviewer', '430181');
      const outsider = await signIn('county_reviewer', '430102');
      const post = (url: string, cookie: string, payload: unknown = {}) =>
        app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });
      const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } });
      const base = `/api/disability/applications/${a.id}/review`;

      expect((await post(`${base}/submit`, township.cookie)).statusCode).toBe(200);
      expect(
        (await post(`${base}/township-check`, township.cookie, { decision: 'approve' })).statusCode,
      ).toBe(200);
      expect(
        (
          await post(`${base}/federation`, federation.cookie, {
            decision: 'approve',
            certificateConfirmed: true,
            categoryGradeConfirmed: true,
          })
        ).statusCode,
      ).toBe(200);
      const view = await get(base, civil.cookie);
      expect(view.json()).toMatchObject({
        currentStepKey: 'civil-affairs-decision',
        actions: { decide: true },
      });
      expect((await get(base, outsider.cookie)).statusCode).toBe(404);
      const refused = await post(`${base}/decision`, civil.cookie, { living: 'granted', care: 'granted' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ error: { code: 'DISABILITY_NOT_ELIGIBLE' } });
      const decided = await post(`${base}/decision`, civil.cookie, {
        living: 'refused',
        care: 'granted',
        reason: '非低保对象，不符合生活补贴条件',
      });
      expect(decided.json()).toMatchObject({ status: 'notice', payFromMonth: '2026-03' });
      expect((await post(`${base}/notice-end`, township.cookie)).statusCode).toBe(409);
      clock.set('2026-03-20T02:00:00.000Z');
      // Sessions expire: sign in again after the notice period.
      const clerk = await signIn('subsidy_clerk', '430181001');
      const civil2 = await signIn('county_reviewer', '430181');
      const outsider2 = await signIn('county_reviewer', '430102');
      const ended = await post(`${base}/notice-end`, clerk.cookie);
      expect(ended.json(), ended.body).toMatchObject({ status: 'approved' });

      const ledger = await get('/api/disability/recipients?subsidy=care&sort=-fromMonth', civil2.cookie);
      expect(ledger.statusCode).toBe(200);
      const row = ledger
        .json<{ items: { id: string; personId: string; fromMonth: string }[] }>()
        .items.find((r) => r.personId === p.personId);
      expect(row).toMatchObject({ fromMonth: '2026-03' });
      expect((await get(`/api/disability/recipients/${row!.id}`, outsider2.cookie)).statusCode).toBe(404);
      const xlsx = await get('/api/disability/recipients/export?subsidy=care', civil2.cookie);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const stopped = await post(`/api/disability/recipients/${row!.id}/stop`, civil2.cookie, {
        reason: 'voluntary',
        eventDate: '2026-03-15',
      });
      expect(stopped.json()).toMatchObject({ status: 'stopped', toMonth: '2026-03' });
      expect(
        (
          await post(`/api/disability/recipients/${row!.id}/stop`, clerk.cookie, {
            reason: 'voluntary',
            eventDate: '2026-03-15',
          })
        ).statusCode,
      ).toBe(403);
    });
  },
  { lines: [disabilityLine] },
);
