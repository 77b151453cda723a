/** Facilities, inspections and zones over HTTP (issue 17 items 1 and 6; R-FUN-05, R-FUN-13). */
import { aFuneralCase, aFuneralFacility } from '@social-affairs/core/funeral/testing';
import { TEST_PASSWORD, describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { serverManifests, testApp } from '../../test-app';
import { facilitiesSamples } from './facilities.samples';

describeEachDatabase(
  'funeral facilities routes',
  (t) => {
    it('a supervisor registers a facility, lists, exports, inspects; refusals; staff see their own', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const as = (cookie: string) => ({
        get: (url: string, query?: Record<string, string>) =>
          app.inject({ method: 'GET', url, query, headers: { cookie } }),
        post: (url: string, payload: object = {}) =>
          app.inject({ method: 'POST', url, headers: { cookie }, payload }),
      });
      const { get, post } = as((await signIn('supervisor', '430102')).cookie);
      const home = {
        kind: 'funeral_home',
        name: '芙蓉区殡仪馆',
        divisionCode: '430102',
        address: '芙蓉区殡仪路 1 号',
        ownership: 'government',
        governmentInvested: true,
        capacity: 60,
        reviewedByLevel: 'county_civil_affairs',
        approvedByLevel: 'county_government',
      };
      const created = await post('/api/funeral/facilities', home);
      expect(created.statusCode).toBe(201);
      const f = created.json<{ id: string; valid: boolean; mayTakeBusiness: boolean }>();
      expect(f).toMatchObject({ valid: true, mayTakeBusiness: true });
      expect((await post('/api/funeral/facilities', home)).statusCode).toBe(409);
      const rural = await post('/api/funeral/facilities', {
        ...home,
        kind: 'rural_public_cemetery',
        name: '某村墓地',
        approvedByLevel: 'county_civil_affairs',
        reviewedByLevel: 'township_government',
      });
      expect([rural.statusCode, rural.json<{ error: { code: string } }>().error.code]).toEqual([
        422,
        'FUNERAL_VILLAGE_REQUIRED',
      ]);
      const bad = await post('/api/funeral/facilities', {
        ...home,
        kind: 'cemetery_commercial',
        name: '县批公墓',
        ownership: 'private',
        approvedByLevel: 'county_civil_affairs',
      });
      expect(bad.json()).toMatchObject({ valid: false, mayTakeBusiness: false });
      const list = await get('/api/funeral/facilities', {
        kind: 'funeral_home,cemetery_commercial',
        usable: '1',
      });
      expect(list.json<{ items: { id: string }[] }>().items.map((x) => x.id)).toEqual([f.id]);
      const xlsx = await get('/api/funeral/facilities/export', { validity: 'invalid' });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      expect((await get('/api/funeral/facilities', { sort: 'address' })).statusCode).toBe(400);

      const insp = await post(`/api/funeral/facilities/${f.id}/inspections`, {
        year: 2026,
        inspectedOn: '2026-01-05',
        inspector: '张三',
        findings: '冷藏设备故障',
        result: 'fail',
      });
      expect(insp.statusCode).toBe(201);
      expect((await get(`/api/funeral/facilities/${f.id}`)).json()).toMatchObject({
        status: 'suspended',
        mayTakeBusiness: false,
      });
      expect((await get('/api/funeral/facility-inspections', { facilityId: f.id })).json()).toMatchObject({
        total: 1,
      });
      expect((await get('/api/funeral/facility-inspections/export', { year: '2026' })).statusCode).toBe(200);

      expect((await get('/api/funeral/facility-inspections/due')).json()).toMatchObject({
        year: expect.any(Number),
      });
      const zone = await get('/api/funeral/zones/lookup', { divisionCode: '430102', on: '2026-05-01' });
      expect(zone.json()).toMatchObject({ zone: 'cremation', transport: { collectionFree: true } });
      expect((await get('/api/funeral/zones')).json()).toMatchObject({ defaultZone: 'cremation' });

      // Facility staff: their own facility only; no management.
      const mine = await aFuneralFacility(core, { county: '430102' });
      await aFuneralCase(core, mine, { birthDate: '1950-01-01' });
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: mine.staff.username, password: TEST_PASSWORD },
      });
      const staff = as(`sap_session=${login.cookies.find((c) => c.name === 'sap_session')?.value ?? ''}`);
      expect(
        (await staff.get('/api/funeral/facilities'))
          .json<{ items: { id: string }[] }>()
          .items.map((x) => x.id),
      ).toEqual([mine.id]);
      expect((await staff.get(`/api/funeral/facilities/${f.id}`)).statusCode).toBe(404);
      expect((await staff.post('/api/funeral/facilities', { ...home, name: '另一馆' })).statusCode).toBe(403);
    });

    it('every facilities route naming a record answers 404 to another county (access samples)', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const facility = await aFuneralFacility(core, { county: '430102' });
      const cemetery = await aFuneralFacility(core, { county: '430102', kind: 'cemetery_public_benefit' });
      const samples = await facilitiesSamples(core, {
        facility,
        cemetery,
        caseId: '',
        unidentifiedCaseId: '',
        subject: { personId: '' },
      });
      const mine = (r: { url: string }) =>
        /^\/api\/funeral\/(facilities(\/:id(\/inspections|\/permit-changes|\/resubmit)?)?|facility-inspections|zones)/.test(
          r.url,
        ) && !/\/:id\/(?!inspections|permit-changes|resubmit)/.test(r.url);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(5);
    });
  },
  { lines: serverManifests },
);
