/** Certificates register and standards over HTTP (issue 18 items 1–2; R-DIS-04, R-DIS-08). */
import { disabilityLine } from '@social-affairs/core/disability';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anApplication,
  anEntitlement,
} from '@social-affairs/core/disability/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { composeDisabilityCertificateNumber } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { testApp } from '../../test-app';
import { certificatesSamples } from './certificates.samples';

const HEAD = '残疾人证号,公民身份号码,姓名,残疾类别,残疾等级,发证日期,有效期至,状态,状态日期,区县代码';

describeEachDatabase(
  'disability certificates and standards routes',
  (t) => {
    it('imports a federation file, lists and exports the ledger, refuses a township import and a rate below the floor; out-of-scope records answer 404', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const as = (cookie: string) => ({
        get: (url: string, query?: Record<string, string>) =>
          app.inject({ method: 'GET', url, query, headers: { cookie } }),
        post: (url: string, payload: object = {}) =>
          app.inject({ method: 'POST', url, headers: { cookie }, payload }),
        upload: (body: string, fileName = '浏阳市残疾人证.csv') =>
          app.inject({
            method: 'POST',
            url: '/api/disability/certificates/imports',
            query: { fileName },
            headers: { cookie, 'content-type': 'text/csv' },
            payload: Buffer.from(body),
          }),
      });
      const p = await aDisabledPerson(core, { certificate: null });
      const good = composeDisabilityCertificateNumber(p.residentId, 4, 1);
      const file = [
        HEAD,
        `${good},${p.residentId},${p.name},肢体,一级,2022-03-01,2032-02-28,有效,,430181`,
        `${p.residentId}81,${p.residentId},${p.name},8,1,2022-03-01,2032-02-28,有效,,430181`,
      ].join('\r\n');
      const federation = as((await signIn('federation_reviewer', '430181')).cookie);
      const first = await federation.upload(file);
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ rowsApplied: 1, rowsRefused: 1, repeated: false });
      expect(first.json<{ issues: { code: string }[] }>().issues[0]?.code).toBe('DISABILITY_CERT_CATEGORY');
      expect(first.body).not.toContain(p.residentId);
      const again = await federation.upload(file);
      expect([again.statusCode, again.json<{ repeated: boolean }>().repeated]).toEqual([200, true]);
      const runId = first.json<{ runId: string }>().runId;
      const report = await federation.get(`/api/disability/certificates/imports/${runId}/report.xlsx`);
      expect(report.statusCode).toBe(200);
      expect(report.headers['content-type']).toContain('spreadsheetml');

      const township = as((await signIn('subsidy_clerk', '430181001')).cookie);
      const template = await township.get('/api/disability/certificates/import-template.xlsx');
      expect([template.statusCode, template.rawPayload.length > 1000]).toEqual([200, true]);
      const refused = await township.upload(file, 'other.csv');
      expect([refused.statusCode, refused.json<{ error: { code: string } }>().error.code]).toEqual([
        403,
        'DISABILITY_CERT_IMPORT_LEVEL',
      ]);
      const ledger = await township.get('/api/disability/certificates', { q: p.name, sort: '-validUntil' });
      expect(ledger.statusCode).toBe(200);
      expect(ledger.json()).toMatchObject({
        total: 1,
        items: [{ personId: p.personId, categoryLabel: '肢体残疾', grade: 1, status: 'valid' }],
      });
      expect(ledger.body).not.toContain(p.residentId);
      const exported = await township.get('/api/disability/certificates/export', { grade: '1' });
      expect([exported.statusCode, exported.headers['content-type']]).toEqual([
        200,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]);

      const reviewer = as((await signIn('county_reviewer', '430181')).cookie);
      const low = await reviewer.post('/api/disability/standards', {
        divisionCode: '430181',
        year: 2021,
        subsidy: 'care',
        amountFen: 6_000,
        basis: '浏阳市2021年标准（测试）',
      });
      expect([low.statusCode, low.json<{ error: { code: string } }>().error.code]).toEqual([
        422,
        'DISABILITY_STANDARD_BELOW_FLOOR',
      ]);
      const ok = await reviewer.post('/api/disability/standards', {
        divisionCode: '430181',
        year: 2026,
        subsidy: 'care',
        grade: 1,
        amountFen: 13_000,
        basis: '浏阳市2026年标准（测试）',
      });
      expect(ok.statusCode).toBe(201);
      const lookup = await township.get('/api/disability/standards/lookup', {
        certificateNumber: good,
        month: '2026-11',
      });
      expect(lookup.statusCode).toBe(200);
      expect(
        lookup.json<{ subsidies: { subsidy: string; amountFen: number | null }[] }>().subsidies,
      ).toContainEqual(expect.objectContaining({ subsidy: 'care', amountFen: 13_000 }));
      expect((await township.get('/api/disability/standards/policy')).statusCode).toBe(200);

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
      const samples = await certificatesSamples(core, {
        county,
        person,
        applicationId: application.id,
        applicationNo: application.applicationNo,
        entitlementId: entitlement.id,
        subject: { personId: person.personId },
      });
      const mine = (r: { url: string }) =>
        r.url.startsWith('/api/disability/certificates') || r.url.startsWith('/api/disability/standards');
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(5);
    });
  },
  { lines: [disabilityLine] },
);
