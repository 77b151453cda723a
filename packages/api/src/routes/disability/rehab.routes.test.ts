/** Rehabilitation, devices and 福康工程 over HTTP (issue 18 item 8; R-DIS-09, R-DIS-10). */
import { disabilityLine } from '@social-affairs/core/disability';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anApplication,
  anEntitlement,
} from '@social-affairs/core/disability/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { testApp } from '../../test-app';
import { rehabSamples } from './rehab.samples';

describeEachDatabase(
  'disability rehabilitation and devices routes',
  (t) => {
    it('institution, enrolment, coverage and its export, rental, 福康 case over HTTP; refusals; out-of-scope records answer 404', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2026-11-02T02:00:00.000Z');
      const county = await signIn('subsidy_clerk', '430181');
      const supervisor = await signIn('supervisor', '430100');
      const as = (cookie: string) => ({
        get: (url: string, query?: Record<string, string>) =>
          app.inject({ method: 'GET', url, query, headers: { cookie } }),
        send: (method: 'POST' | 'PUT', url: string, payload: object = {}) =>
          app.inject({ method, url, headers: { cookie }, payload }),
      });
      const c = as(county.cookie);
      const s = as(supervisor.cookie);
      const inst = await c.send('POST', '/api/disability/rehab/institutions', {
        name: '浏阳市接口测试康复站',
        kind: 'community_rehab',
        divisionCode: '430181001',
        capacity: 10,
        services: ['daily_life'],
        pilot: { fundRef: 'API-PILOT-1', amountFen: 50_000_000, year: 2021 },
      });
      expect(inst.statusCode).toBe(201);
      const split = await c.send('POST', '/api/disability/rehab/institutions', {
        name: '浏阳市第二站',
        kind: 'community_rehab',
        divisionCode: '430181102',
        capacity: 10,
        services: ['daily_life'],
        pilot: { fundRef: 'API-PILOT-1', amountFen: 50_000_000, year: 2021 },
      });
      expect([split.statusCode, split.json<{ error: { code: string } }>().error.code]).toEqual([
        422,
        'DISABILITY_PILOT_FUND_SPLIT',
      ]);
      const p = await aDisabledPerson(core);
      const enrol = await c.send('POST', '/api/disability/rehab/enrolments', {
        institutionId: inst.json<{ id: string }>().id,
        personId: p.personId,
        basis: 'home_patient',
        divisionCode: '430181001',
        enrolledOn: '2026-10-01',
      });
      expect(enrol.statusCode).toBe(201);
      expect(
        (await c.get(`/api/disability/rehab/enrolments/${enrol.json<{ id: string }>().id}`)).statusCode,
      ).toBe(200);
      expect((await c.get('/api/disability/rehab/enrolments')).json<{ total: number }>().total).toBe(1);
      expect(
        (
          await c.send('PUT', '/api/disability/rehab/home-patients', {
            countyCode: '430181',
            year: 2026,
            patients: 2,
            source: '县卫健局',
          })
        ).statusCode,
      ).toBe(200);
      const cov = await c.get('/api/disability/rehab/coverage', { year: '2026' });
      expect(
        cov.json<{ counties: { servedPercent: number; institutionsMet: boolean }[] }>().counties[0],
      ).toMatchObject({
        servedPercent: 50,
        institutionsMet: false,
      });
      const xlsx = await c.get('/api/disability/rehab/coverage/export', { year: '2026' });
      expect([xlsx.statusCode, xlsx.headers['content-type']]).toEqual([
        200,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]);
      // Devices: the supervisor keeps the catalogue; a clerk may not.
      const item = {
        code: 'API-01',
        name: '轮椅',
        category: 'mobility',
        rentalFenPerMonth: 3000,
        purchaseCapFen: 80000,
      };
      expect((await c.send('POST', '/api/disability/devices/items', item)).statusCode).toBe(403);
      const saved = await s.send('POST', '/api/disability/devices/items', item);
      expect(saved.statusCode).toBe(200);
      const point = await c.send('POST', '/api/disability/devices/points', {
        name: '接口测试租赁点',
        kind: 'community',
        divisionCode: '430181001',
      });
      expect(point.statusCode).toBe(201);
      const pointId = point.json<{ id: string }>().id;
      const itemId = saved.json<{ id: string }>().id;
      const rental = {
        personId: p.personId,
        itemId,
        pointId,
        fromOn: '2026-11-01',
        dueOn: '2026-12-01',
        depositFen: 0,
      };
      const none = await c.send('POST', '/api/disability/devices/rentals', rental);
      expect([none.statusCode, none.json<{ error: { code: string } }>().error.code]).toEqual([
        409,
        'DISABILITY_DEVICE_OUT_OF_STOCK',
      ]);
      expect(
        (await c.send('PUT', `/api/disability/devices/points/${pointId}/stock`, { itemId, quantity: 1 }))
          .statusCode,
      ).toBe(200);
      expect((await c.send('POST', '/api/disability/devices/rentals', rental)).statusCode).toBe(201);
      expect((await c.get('/api/disability/devices/rentals/export')).statusCode).toBe(200);
      const fk = await c.send('POST', '/api/disability/devices/fukang', {
        personId: p.personId,
        divisionCode: '430181001',
        itemKind: 'surgery',
        itemName: '矫治手术',
        requestedFen: 100_000,
        appliedOn: '2026-10-30',
      });
      expect(fk.statusCode).toBe(201);
      const today = await c.get('/api/disability/devices/today');
      expect(today.json()).toEqual({ overdueRentals: 0, fukangWaiting: 1, fukangToDeliver: 0 });
      expect(
        (
          await c.send('POST', `/api/disability/devices/fukang/${fk.json<{ id: string }>().id}/decision`, {
            outcome: 'approved',
            approvedFen: 1,
            decidedOn: '2026-11-01',
          })
        ).statusCode,
      ).toBe(403);

      // Records of 芙蓉区 (430102) answer 404 to 浏阳市 accounts.
      const fr = await aDisabilityCounty(core, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const person = await aDisabledPerson(core, { county: '430102', dibaoFrom: '2020-01-01' });
      const application = await anApplication(core, person, { divisionCode: '430102001' });
      const other = await aDisabledPerson(core, { county: '430102', grade: 1 });
      const entitlement = await anEntitlement(core, other, { divisionCode: '430102001' });
      const samples = await rehabSamples(core, {
        county: fr,
        person,
        applicationId: application.id,
        applicationNo: application.applicationNo,
        entitlementId: entitlement.id,
        subject: { personId: person.personId },
      });
      const mine = (r: { method: string; url: string }) => `${r.method} ${r.url}` in samples;
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(15);
    });
  },
  { lines: [disabilityLine] },
);
