/** Payments over HTTP (issue 18 item 5): accounts, payment file, return import, ledgers; out-of-scope 404. */
import { disabilityLine } from '@social-affairs/core/disability';
import {
  aDisabilityCounty,
  aDisabledPerson,
  aRoster,
  anApplication,
  anEntitlement,
} from '@social-affairs/core/disability/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { testApp } from '../../test-app';
import { paymentsSamples } from './payments.samples';

describeEachDatabase(
  'disability payments routes',
  (t) => {
    it('records an account, issues and downloads the payment file, imports the return, lists the re-queue; refusals; out-of-scope records answer 404', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const as = (cookie: string) => ({
        get: (url: string, query?: Record<string, string>) =>
          app.inject({ method: 'GET', url, query, headers: { cookie } }),
        post: (url: string, payload: object = {}) =>
          app.inject({ method: 'POST', url, headers: { cookie }, payload }),
      });
      const a = await aDisabledPerson(core, { name: '孙丽' });
      const b = await aDisabledPerson(core, { name: '钱军' });
      const ea = await anEntitlement(core, a, { fromMonth: '2026-01' });
      const eb = await anEntitlement(core, b, { fromMonth: '2026-01' });
      const township = as((await signIn('subsidy_clerk', '430181001')).cookie);
      const county = as((await signIn('subsidy_clerk', '430181')).cookie);
      const reviewer = as((await signIn('county_reviewer', '430181')).cookie);
      const bad = await township.post(`/api/disability/payments/accounts/${a.personId}`, {
        kind: 'social_security_card',
        bankName: '湖南省农村信用社',
        accountNumber: '12ab',
        holderName: '孙丽',
      });
      expect([bad.statusCode, bad.json<{ error: { code: string } }>().error.code]).toEqual([
        422,
        'DISABILITY_ACCOUNT_NUMBER',
      ]);
      const created = await township.post(`/api/disability/payments/accounts/${a.personId}`, {
        kind: 'social_security_card',
        bankName: '湖南省农村信用社',
        accountNumber: '6217001122334455',
        holderName: '孙丽',
      });
      expect(created.statusCode).toBe(201);
      expect(created.body).not.toContain('6217001122334455');
      const history = await township.get(`/api/disability/payments/accounts/${a.personId}`);
      expect(history.json()).toMatchObject({ current: { accountNumberMasked: '6217********4455' } });
      const ledger = await township.get('/api/disability/payments/accounts', { missing: 'true' });
      expect(ledger.json()).toMatchObject({ total: 1, items: [{ name: '钱军', account: null }] });

      const roster = await aRoster(core, {
        month: '2026-06',
        lines: [
          { entitlementId: ea.id, personId: a.personId, amountFen: 10_000 },
          { entitlementId: eb.id, personId: b.personId, amountFen: 10_000 },
        ],
      });
      const refused = await reviewer.post(`/api/disability/payments/rosters/${roster.id}/file`);
      expect(refused.statusCode).toBe(403);
      const issued = await county.post(`/api/disability/payments/rosters/${roster.id}/file`, {});
      expect(issued.statusCode).toBe(201);
      expect(issued.json()).toMatchObject({ ownLines: 1, heldBackLines: 1, totalFen: 10_000 });
      const twice = await county.post(`/api/disability/payments/rosters/${roster.id}/file`, {});
      expect([twice.statusCode, twice.json<{ error: { code: string } }>().error.code]).toEqual([
        409,
        'DISABILITY_ROSTER_NOT_SIGNED',
      ]);
      const fileId = issued.json<{ id: string }>().id;
      const download = await county.get(`/api/disability/payments/files/${fileId}/download`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toContain('attachment');
      expect(download.body).toContain('6217001122334455,孙丽,100.00');
      const rosters = await county.get('/api/disability/payments/rosters');
      expect(rosters.json<{ items: { file: { fileNo: string } | null }[] }>().items[0]?.file?.fileNo).toMatch(
        /民残代字/,
      );
      const ret = await county.post(`/api/disability/payments/files/${fileId}/return`, {
        fileName: '回盘.csv',
        contentBase64: Buffer.from(
          `业务流水号,处理结果,失败原因\n${roster.lineIds[0]},失败,户名不符\n`,
        ).toString('base64'),
      });
      expect(ret.statusCode).toBe(200);
      expect(ret.json()).toMatchObject({ paid: 0, failed: 1, requeued: 1, file: { reconciled: true } });
      const owed = await township.get('/api/disability/payments/requeues', { sort: '-amountFen' });
      expect(owed.json<{ total: number }>().total).toBe(2);
      const exported = await township.get('/api/disability/payments/requeues/export');
      expect(exported.headers['content-type']).toContain('spreadsheetml');
      expect((await county.post('/api/disability/payments/recoveries/scan')).json()).toEqual({
        opened: 0,
        amountFen: 0,
      });
      const app1 = await anApplication(core, a, { status: 'approved' });
      const tab = await township.get(`/api/disability/payments/applications/${app1.id}`);
      expect(tab.json()).toMatchObject({
        canEditAccount: true,
        lines: [{ month: '2026-06', paymentStatus: 'failed' }],
      });

      const outsiders = await aDisabilityCounty(core, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const person = await aDisabledPerson(core, { county: '430102', dibaoFrom: '2020-01-01' });
      const application = await anApplication(core, person, { divisionCode: '430102001' });
      const other = await aDisabledPerson(core, { county: '430102', grade: 1 });
      const entitlement = await anEntitlement(core, other, { divisionCode: '430102001' });
      const samples = await paymentsSamples(core, {
        county: outsiders,
        person,
        applicationId: application.id,
        applicationNo: application.applicationNo,
        entitlementId: entitlement.id,
        subject: { personId: person.personId },
      });
      const mine = (r: { url: string }) => r.url.startsWith('/api/disability/payments/');
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(8);
    });
  },
  { lines: [disabilityLine] },
);
