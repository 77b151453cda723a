/** Stations, partners, agreements and inspections over HTTP (issue 15 item 1; R-RES-04, R-RES-13). */
import { aRescueStation } from '@social-affairs/core/rescue/testing';
import { TEST_PASSWORD, describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { serverManifests, testApp } from '../../test-app';
import { stationsSamples } from './stations.samples';

describeEachDatabase(
  'rescue stations routes',
  (t) => {
    async function setUp() {
      const { app, core, signIn } = await testApp(t.db);
      const sup = await signIn('supervisor', '430102');
      const as = (cookie: string) => ({
        get: (url: string, query?: Record<string, string>) =>
          app.inject({ method: 'GET', url, query, headers: { cookie } }),
        post: (url: string, payload: object = {}) =>
          app.inject({ method: 'POST', url, headers: { cookie }, payload }),
        put: (url: string, payload: object = {}) =>
          app.inject({ method: 'PUT', url, headers: { cookie }, payload }),
      });
      return { app, core, signIn, ...as(sup.cookie), as };
    }

    const station = {
      name: '芙蓉区救助管理站',
      divisionCode: '430102',
      address: '远大一路 1 号',
      hotline: '0731-12345678',
      hotlineInDirectory: true,
      capacityMale: 20,
      capacityFemale: 10,
    };

    it('a supervisor registers a station, its dormitories, a partner, an agreement and an inspection', async () => {
      const { get, post, put } = await setUp();
      const created = await post('/api/rescue/stations', station);
      expect(created.statusCode).toBe(201);
      const s = created.json<{ id: string; version: number; receptionAllDay: boolean }>();
      expect(s.receptionAllDay).toBe(true);
      expect((await post('/api/rescue/stations', station)).json()).toMatchObject({
        error: { code: 'RESCUE_STATION_NAME_TAKEN' },
      });
      const dorm = await post(`/api/rescue/stations/${s.id}/dormitories`, {
        name: '女宿舍一',
        sex: 'female',
        beds: 8,
      });
      expect(dorm.statusCode).toBe(201);
      const dormId = dorm.json<{ id: string }>().id;
      expect(
        (
          await put(`/api/rescue/dormitories/${dormId}`, { name: '女宿舍一', beds: 6, status: 'active' })
        ).json(),
      ).toMatchObject({
        beds: 6,
      });
      const detail = (await get(`/api/rescue/stations/${s.id}`)).json<{
        dormitories: unknown[];
        occupancy: object;
      }>();
      expect(detail.dormitories).toHaveLength(1);
      expect(detail.occupancy).toEqual({ male: 0, female: 0 });
      const stale = await put(`/api/rescue/stations/${s.id}`, { ...station, version: s.version + 5 });
      expect([stale.statusCode, stale.json<{ error: { code: string } }>().error.code]).toEqual([
        409,
        'RESCUE_VERSION_CONFLICT',
      ]);
      expect(
        (await put(`/api/rescue/stations/${s.id}`, { ...station, version: s.version, capacityMale: 22 }))
          .statusCode,
      ).toBe(200);

      const partner = await post('/api/rescue/partners', {
        kind: 'foster',
        name: '康宁托养中心',
        divisionCode: '430102',
        ownership: 'private',
        capacity: 30,
        address: '马王堆 12 号',
      });
      expect(partner.statusCode).toBe(201);
      const p = partner.json<{ id: string; qualification: string }>();
      expect(p.qualification).toBe('qualified');
      const agreement = {
        agreementNo: '湘救托〔2026〕9号',
        stationId: s.id,
        partnerId: p.id,
        validFrom: '2026-01-01',
        validUntil: '2026-12-31',
        places: 5,
      };
      expect((await post('/api/rescue/agreements', agreement)).statusCode).toBe(201);
      const dup = await post('/api/rescue/agreements', agreement);
      expect([dup.statusCode, dup.json<{ error: { code: string } }>().error.code]).toEqual([
        409,
        'RESCUE_AGREEMENT_NO_TAKEN',
      ]);
      expect((await get('/api/rescue/agreements', { stationId: s.id })).json()).toHaveLength(1);

      const rectify = await post(`/api/rescue/partners/${p.id}/inspections`, {
        inspectedOn: '2026-11-20',
        inspector: '周敏',
        findings: '护理人员不足',
        result: 'rectify',
      });
      expect([rectify.statusCode, rectify.json<{ error: { code: string } }>().error.code]).toEqual([
        422,
        'RESCUE_RECTIFY_DEADLINE',
      ]);
      const unq = await post(`/api/rescue/partners/${p.id}/inspections`, {
        inspectedOn: '2026-11-20',
        inspector: '周敏',
        findings: '无消防验收；安排受助人员劳动',
        result: 'unqualified',
      });
      expect(unq.statusCode).toBe(201);
      expect((await get(`/api/rescue/partners/${p.id}`)).json()).toMatchObject({
        qualification: 'unqualified',
      });
      const blocked = await post('/api/rescue/agreements', {
        ...agreement,
        agreementNo: '湘救托〔2026〕10号',
      });
      expect(blocked.json()).toMatchObject({ error: { code: 'RESCUE_PARTNER_UNQUALIFIED' } });

      const ledger = await get('/api/rescue/partners', {
        qualification: 'unqualified',
        kind: 'foster',
        sort: 'name',
      });
      expect(ledger.json()).toMatchObject({ total: 1, items: [{ id: p.id, ownership: 'private' }] });
      const xlsx = await get('/api/rescue/partners/export', { qualification: 'unqualified' });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const inspections = await get('/api/rescue/inspections', { partnerId: p.id });
      expect(inspections.json()).toMatchObject({ total: 1, items: [{ result: 'unqualified' }] });
      expect((await get('/api/rescue/inspections/export', { partnerId: p.id })).statusCode).toBe(200);
      const due = (await get('/api/rescue/inspections-due')).json<{ partnerId: string }[]>();
      expect(due.map((d) => d.partnerId)).not.toContain(p.id);
    });

    it('station staff see their own station only and cannot manage; bad input answers 400/422, never 500', async () => {
      const { core, app, get, post, as } = await setUp();
      const a = await aRescueStation(core, { county: '430102' });
      const b = await aRescueStation(core, { county: '430102' });
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: a.staff.username, password: TEST_PASSWORD },
      });
      const staff = as(`sap_session=${login.cookies.find((c) => c.name === 'sap_session')?.value ?? ''}`);
      expect((await staff.get('/api/rescue/stations')).json<{ id: string }[]>().map((s) => s.id)).toEqual([
        a.id,
      ]);
      expect((await staff.get(`/api/rescue/stations/${b.id}`)).statusCode).toBe(404);
      expect((await staff.get(`/api/rescue/stations/${a.id}/dormitories`)).statusCode).toBe(200);
      expect((await staff.post('/api/rescue/stations', { ...station, name: '另一站' })).statusCode).toBe(403);
      expect(
        (await staff.post(`/api/rescue/stations/${a.id}/dormitories`, { name: 'x', sex: 'male', beds: 1 }))
          .statusCode,
      ).toBe(403);
      expect((await post('/api/rescue/stations', { ...station, name: '站\u0000名' })).statusCode).toBe(400);
      expect((await post('/api/rescue/stations', { ...station, capacityMale: -1 })).statusCode).toBe(400);
      expect((await get('/api/rescue/partners', { sort: 'address' })).statusCode).toBe(400);
      expect((await post('/api/rescue/stations', { ...station, divisionCode: '430181' })).statusCode).toBe(
        403,
      );
    });

    it('every stations route naming a record answers 404 to another county (access samples)', async () => {
      const { app, core, signIn } = await testApp(t.db);
      // This concern's samples alone (the line's full catalogue runs in app.test.ts).
      const station = await aRescueStation(core, { county: '430102' });
      const samples = await stationsSamples(core, {
        station,
        caseId: '',
        identifiedCaseId: '',
        subject: { personId: '' },
      });
      const mine = (r: { url: string }) =>
        /^\/api\/rescue\/(stations|dormitories|partners|agreements|inspections)/.test(r.url);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(11);
    });
  },
  { lines: serverManifests },
);
