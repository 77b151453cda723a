/**
 * Billing routes: a 低保 decedent's bill over HTTP (basic items free, premium urn charged), payment and
 * the invoices ledger export; a refused item (422); every billing route that names a record answers 404
 * to another county (billing.samples.ts).
 */
import { aFuneralCase, aFuneralFacility } from '@social-affairs/core/funeral/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import type {
  BillViewBody,
  CaseBillingViewBody,
  InvoiceViewBody,
} from '@social-affairs/kernel/contracts/funeral';
import { expect, it } from 'vitest';
import { catalogueSamples, expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { serverLines, serverManifests, testApp } from '../../test-app';

const mine = (r: { url: string }) =>
  /^\/api\/funeral\/(facilities\/:id\/(prices|prices\/publish|price-packages|expenditures|income-expenditure)|prices\/:id|cases\/:id\/(billing|bills)|bills\/:id\/(cancel|pay)|invoices\/:id\/void|claims|claims\/:id\/paid)$/.test(
    r.url,
  ) ||
  r.url.startsWith('/api/assistance/') ||
  r.url === '/api/people/:id/assistance';

describeEachDatabase(
  'funeral billing routes',
  (t) => {
    it('a 低保 decedent billed over HTTP: basic items 0, premium urn charged; pay → invoice; ledger export; an unlisted item → 422', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2026-05-10T02:00:00.000Z');
      const f = await aFuneralFacility(core, { county: '430202' });
      const staff = await signIn('funeral_staff', '430202');
      const clerk = await signIn('registrar', '430202');
      const post = (url: string, payload: unknown, cookie = staff.cookie) =>
        app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });
      for (const [code, category, basicKind, priceFen] of [
        ['B04', 'basic', 'cremation', 42_000],
        ['B05', 'basic', 'ash_storage', 10_000],
        ['N02', 'non_basic', null, 268_000],
      ] as const) {
        const r = await post(`/api/funeral/facilities/${f.id}/prices`, {
          code,
          name: code,
          category,
          basicKind,
          unit: '次',
          priceFen,
          legalBasis: '发改价格〔2026〕108号',
          effectiveFrom: '2026-01-01',
        });
        expect(r.statusCode).toBe(201);
      }
      const bundle = await post(`/api/funeral/facilities/${f.id}/prices`, {
        code: 'B09',
        name: '火化',
        category: 'basic',
        basicKind: 'cremation',
        unit: '具',
        priceFen: 1,
        legalBasis: '发改价格〔2026〕108号',
        effectiveFrom: '2026-01-01',
        requires: ['N02'],
      });
      expect([bundle.statusCode, bundle.json().error.code]).toEqual([422, 'FUNERAL_FORCED_BUNDLE']);
      expect((await post(`/api/funeral/facilities/${f.id}/prices/publish`, {})).json()).toEqual({
        published: 3,
      });

      const c = await aFuneralCase(core, f, { birthDate: '1939-09-09', deathDate: '2026-05-08' });
      const person = await core.db.kysely
        .selectFrom('people')
        .selectAll()
        .where('id', '=', c.personId)
        .executeTakeFirstOrThrow();
      const up = await app.inject({
        method: 'POST',
        url: '/api/assistance/imports?fileName=roll.csv',
        headers: { cookie: clerk.cookie, 'content-type': 'text/csv' },
        payload: `公民身份号码,姓名,救助类别,区县代码,起始日期\n${person.residentId},${person.name},低保,430202,2024-01-01\n`,
      });
      expect(up.statusCode).toBe(201);
      // The same file again: the earlier report, nothing done (200); its per-row report as Excel.
      const again = await app.inject({
        method: 'POST',
        url: '/api/assistance/imports?fileName=roll.csv',
        headers: { cookie: clerk.cookie, 'content-type': 'text/csv' },
        payload: `公民身份号码,姓名,救助类别,区县代码,起始日期\n${person.residentId},${person.name},低保,430202,2024-01-01\n`,
      });
      expect([again.statusCode, again.json().repeated]).toEqual([200, true]);
      const report = await app.inject({
        method: 'GET',
        url: `/api/assistance/imports/${up.json().runId}/report.xlsx`,
        headers: { cookie: clerk.cookie },
      });
      expect(report.statusCode).toBe(200);
      const billing = (
        await app.inject({
          method: 'GET',
          url: `/api/funeral/cases/${c.id}/billing`,
          headers: { cookie: staff.cookie },
        })
      ).json<CaseBillingViewBody>();
      expect(billing.eligibility).toMatchObject({ reason: 'dibao' });
      const notListed = await post(`/api/funeral/cases/${c.id}/bills`, {
        serviceDate: '2026-05-09',
        items: [{ code: 'N99', quantity: 1 }],
      });
      expect([notListed.statusCode, notListed.json().error.code]).toEqual([422, 'FUNERAL_ITEM_NOT_LISTED']);
      const res = await post(`/api/funeral/cases/${c.id}/bills`, {
        serviceDate: '2026-05-09',
        items: [
          { code: 'B04', quantity: 1 },
          { code: 'B05', quantity: 1 },
          { code: 'N02', quantity: 1 },
        ],
      });
      expect(res.statusCode).toBe(201);
      const bill = res.json<BillViewBody>();
      expect(bill.lines.map((l) => [l.code, l.familyFen])).toEqual([
        ['B04', 0],
        ['B05', 0],
        ['N02', 268_000],
      ]);
      const paid = await post(`/api/funeral/bills/${bill.id}/pay`, { method: 'cash', amountFen: 268_000 });
      expect(paid.statusCode).toBe(201);
      expect(paid.json<InvoiceViewBody>().invoiceNo).toMatch(/第000001号$/);
      const ledger = await app.inject({
        method: 'GET',
        url: '/api/funeral/invoices?sort=-paidOn',
        headers: { cookie: staff.cookie },
      });
      expect(ledger.json()).toMatchObject({ total: 1 });
      const xlsx = await app.inject({
        method: 'GET',
        url: '/api/funeral/invoices/export',
        headers: { cookie: staff.cookie },
      });
      expect([xlsx.statusCode, xlsx.headers['content-type']]).toEqual([
        200,
        expect.stringContaining('spreadsheetml'),
      ]);
      // Another county sees nothing.
      const far = await signIn('funeral_staff', '430102');
      expect(
        (
          await app.inject({ method: 'GET', url: '/api/funeral/invoices', headers: { cookie: far.cookie } })
        ).json(),
      ).toMatchObject({ total: 0 });
    });

    it('answers 404 to another county on every billing and assistance route that names a record', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const province = await signIn('registrar', '430000');
      const { samples } = await catalogueSamples(core, province, serverLines);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(16);
    });
  },
  { lines: serverManifests },
);
