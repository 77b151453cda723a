/** Applications over HTTP (issue 18 items 3 and 10; R-DIS-05, R-DIS-06): intake, ledger, public pages. */
import { defaultDisabilityConfig, disabilityLine } from '@social-affairs/core/disability';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anApplication,
  anEntitlement,
} from '@social-affairs/core/disability/testing';
import { ManualClock, describeEachDatabase, testContext } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { buildApp } from '../../app';
import { serverLines } from '../../lines';
import { testApp } from '../../test-app';
import { applicationsSamples } from './applications.samples';

describeEachDatabase(
  'disability applications routes',
  (t) => {
    it('takes an application at a window, lists and exports the ledger with countdowns, forwards; refusals answer 422/409; out-of-scope records answer 404', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const as = (cookie: string) => ({
        get: (url: string, query?: Record<string, string>) =>
          app.inject({ method: 'GET', url, query, headers: { cookie } }),
        post: (url: string, payload: object = {}) =>
          app.inject({ method: 'POST', url, headers: { cookie }, payload }),
      });
      const p = await aDisabledPerson(core, { grade: 1 });
      const window = as((await signIn('subsidy_clerk', '430181102')).cookie);
      const hukou = as((await signIn('subsidy_clerk', '430181001')).cookie);
      const looked = await window.get('/api/disability/applications/applicant', { residentId: p.residentId });
      expect(looked.json()).toMatchObject({
        found: true,
        name: p.name,
        certificates: [{ gradeLabel: '一级' }],
      });
      const body = {
        residentId: p.residentId,
        name: p.name,
        certificateNumber: p.certificateNumber,
        subsidies: ['care'],
        applicantRelation: 'self',
        phone: '13812345678',
        hukouDivisionCode: '430181001',
      };
      const mismatch = await window.post('/api/disability/applications', {
        ...body,
        certificateNumber: `${p.residentId.slice(0, 17)}${p.residentId.endsWith('0') ? '1' : '0'}42`,
      });
      expect(mismatch.statusCode).toBe(422);
      const taken = await window.post('/api/disability/applications', body);
      expect(taken.statusCode).toBe(201);
      const a = taken.json<{ id: string; applicationNo: string }>();
      expect(taken.json()).toMatchObject({
        status: 'received',
        forwardDueOn: '2026-12-02',
        countdown: { stage: 'forward', workingDaysLeft: 3 },
      });
      expect(taken.body).not.toContain(p.residentId);
      expect((await window.post('/api/disability/applications', body)).statusCode).toBe(409);
      const list = await hukou.get('/api/disability/applications', { status: 'received', sort: 'nextDueOn' });
      expect(list.json()).toMatchObject({ total: 1, items: [{ applicationNo: a.applicationNo }] });
      const xlsx = await hukou.get('/api/disability/applications/export', { channel: 'window' });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const fwd = await window.post(`/api/disability/applications/${a.id}/forward`);
      expect(fwd.json()).toMatchObject({ status: 'forwarded', decideDueOn: '2026-12-11' });
      expect((await window.post(`/api/disability/applications/${a.id}/forward`)).statusCode).toBe(409);

      // Records of 芙蓉区 (430102) answer 404 to 浏阳市 accounts.
      const county = await aDisabilityCounty(core, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const person = await aDisabledPerson(core, { county: '430102', dibaoFrom: '2020-01-01' });
      const application = await anApplication(core, person, { divisionCode: '430102001' });
      const other = await aDisabledPerson(core, { county: '430102', grade: 1 });
      const entitlement = await anEntitlement(core, other, { divisionCode: '430102001' });
      const samples = await applicationsSamples(core, {
        county,
        person,
        applicationId: application.id,
        applicationNo: application.applicationNo,
        entitlementId: entitlement.id,
        subject: { personId: person.personId },
      });
      const mine = (r: { method: string; url: string }) => `${r.method} ${r.url}` in samples;
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(6);
    });

    it('public: online application and status look-up (minimised, no-store); a wrong phone answers 404 like an unknown number; 429 past the per-address and per-phone limits', async () => {
      const core = testContext(t.db, new ManualClock(), {
        lines: {
          disability: {
            ...defaultDisabilityConfig,
            applications: { publicWritesPerIp: 10, publicLookupsPerIp: 5, publicPerPhone: 3 },
          },
        },
      });
      const app = await buildApp({
        core,
        lines: serverLines.filter((l) => core.lines.includes(l.manifest)),
        logger: false,
        webRoot: null,
      });
      const p = await aDisabledPerson(core);
      const applied = await app.inject({
        method: 'POST',
        url: '/api/public/disability/applications',
        payload: {
          residentId: p.residentId,
          name: p.name,
          certificateNumber: p.certificateNumber,
          phone: '13700001111',
          hukouDivisionCode: '430181001',
          subsidies: ['care'],
          applicantRelation: 'self',
        },
      });
      expect(applied.statusCode).toBe(201);
      expect(applied.headers['cache-control']).toBe('no-store');
      const { applicationNo } = applied.json<{ applicationNo: string }>();
      const lookup = (phone: string, no = applicationNo) =>
        app.inject({
          method: 'POST',
          url: '/api/public/disability/status',
          payload: { applicationNo: no, phone },
        });
      const ok = await lookup('13700001111');
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ applicationNo, status: 'received', statusLabel: '已受理' });
      expect(ok.body).not.toContain(p.residentId);
      expect(ok.body).not.toContain(p.name);
      const wrong = await lookup('13700002222');
      const unknown = await lookup('13700003333', '湘浏残补〔2026〕999999号');
      expect([wrong.statusCode, unknown.statusCode]).toEqual([404, 404]);
      expect(wrong.json()).toEqual(unknown.json());
      // The phone 13700001111 has been used twice (application + look-up): the third use is its last.
      expect((await lookup('13700001111')).statusCode).toBe(200);
      const perPhone = await lookup('13700001111');
      expect(perPhone.statusCode).toBe(429);
      expect(perPhone.json().error.code).toBe('RATE_LIMITED');
      expect((await lookup('13700004444')).statusCode).toBe(429); // the address's 6th look-up
      await app.close();
    });
  },
  { lines: [disabilityLine] },
);
