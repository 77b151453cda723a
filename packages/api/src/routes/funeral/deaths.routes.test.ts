/**
 * The deaths routes end to end over HTTP (issue 17 items 3–4): an unidentified body's police confirmation,
 * notice and description, the certificate of an identified decedent into the people index (a second is a
 * 409), the two ledgers with their Excel exports, and a revocation requested and decided by another user.
 */
import { funeralLine } from '@social-affairs/core/funeral';
import { aFuneralCase, aFuneralFacility } from '@social-affairs/core/funeral/testing';
import { findIndexedPerson } from '@social-affairs/core';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'funeral deaths routes (死亡登记、撤销、无名遗体)',
  (t) => {
    it('police confirmation, notice, certificate → people index, ledgers + export, revocation', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2026-08-12T02:00:00.000Z');
      const home = await aFuneralFacility(core, { county: '430102' });
      const login = async (username: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'Passw0rd-test' },
        });
        return `sap_session=${res.cookies.find((x) => x.name === 'sap_session')?.value ?? ''}`;
      };
      const cookie = await login(home.staff.username);
      const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, who = cookie) =>
        app.inject({
          method,
          url,
          headers: { cookie: who },
          ...(payload ? { payload } : {}),
        });

      const body = await aFuneralCase(core, home, { estimatedAge: 50, deathDate: '2026-08-08' });
      const notice = await call('POST', `/api/funeral/cases/${body.id}/claim-notice`, {
        startedOn: '2026-08-10',
      });
      expect(notice.statusCode).toBe(409);
      expect(notice.json()).toMatchObject({ error: { code: 'POLICE_CONFIRMATION_REQUIRED' } });
      const police = await call('POST', `/api/funeral/cases/${body.id}/police-confirmation`, {
        number: '芙公确〔2026〕18号',
        issuer: '长沙市公安局芙蓉分局',
        confirmedOn: '2026-08-09',
      });
      expect(police.statusCode, police.body).toBe(200);
      expect(police.json()).toMatchObject({ payer: 'county_finance' });
      expect(
        (
          await call('POST', `/api/funeral/cases/${body.id}/claim-notice`, { startedOn: '2026-08-10' })
        ).json(),
      ).toMatchObject({
        noticeEndsOn: '2026-09-09',
      });
      const profile = await call('POST', `/api/funeral/cases/${body.id}/unidentified-profile`, {
        heightCm: 172,
        features: '左眉有痣',
      });
      expect(profile.statusCode, profile.body).toBe(200);
      const tab = await call('GET', `/api/funeral/cases/${body.id}/deaths`);
      expect(tab.statusCode, tab.body).toBe(200);
      expect(tab.json()).toMatchObject({
        identityStatus: 'unidentified',
        readiness: { policeConfirmed: true, noticeEndsOn: '2026-09-09', noticeDaysLeft: 28 },
        profile: { heightCm: 172 },
      });
      const list = await call('GET', '/api/funeral/unidentified?notice=running&sort=-noticeEndsOn');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json()).toMatchObject({ total: 1, items: [{ id: body.id }] });
      // Another county's staff: the facility filter names a record outside their scope.
      const outsider = await signIn('funeral_staff', '430181');
      expect(
        (await call('GET', `/api/funeral/unidentified?facilityId=${home.id}`, undefined, outsider.cookie))
          .statusCode,
      ).toBe(404);
      const xlsx = await call('GET', '/api/funeral/unidentified/export?notice=running');
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');

      const c = await aFuneralCase(core, home, { birthDate: '1940-03-03', deathDate: '2026-08-10' });
      const rid = (await findIndexedPerson(core.db.kysely, c.personId))!.residentId!;
      const cert = { number: rid, issuer: '芙蓉区人民医院', issuedOn: '2026-08-10' };
      const recorded = await call('POST', `/api/funeral/cases/${c.id}/death-certificate`, cert);
      expect(recorded.statusCode, recorded.body).toBe(201);
      expect(recorded.json()).toMatchObject({ outcome: 'recorded', era: 'from_2026' });
      expect((await call('POST', `/api/funeral/cases/${c.id}/death-certificate`, cert)).statusCode).toBe(409);
      const bad = await call('POST', `/api/funeral/cases/${body.id}/death-certificate`, {
        ...cert,
        number: 'HN-0001',
      });
      expect(bad.statusCode).toBe(422);
      const deaths = await call('GET', '/api/funeral/deaths?outcome=recorded');
      expect(deaths.json()).toMatchObject({ total: 1, items: [{ caseId: c.id, status: 'active' }] });
      expect((await call('GET', '/api/funeral/deaths/export')).statusCode).toBe(200);

      const requested = await call('POST', '/api/funeral/death-revocations', {
        personId: c.personId,
        reason: '本人健在，系身份认定错误',
      });
      expect(requested.statusCode, requested.body).toBe(201);
      const id = requested.json<{ id: string }>().id;
      const reviewer = await signIn('county_reviewer', '430102');
      const decided = await call(
        'POST',
        `/api/funeral/death-revocations/${id}/decide`,
        { decision: 'approve', reason: '核实无误' },
        reviewer.cookie,
      );
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json()).toMatchObject({ status: 'approved' });
      const listed = await call('GET', '/api/funeral/death-revocations?status=approved');
      expect(listed.json()).toMatchObject({ total: 1 });
    });
  },
  { lines: [funeralLine] },
);
