import { rescueLine } from '@social-affairs/core/rescue';
import {
  aBelonging,
  aRescueCase,
  aRescueStation,
  aTinyPdf,
  logActions,
} from '@social-affairs/core/rescue/testing';
import { aUser, describeEachDatabase, pdfText } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'rescue departure routes (离站、自行离站声明书、落户安置、台账)',
  (t) => {
    it('self-departure with the printed declaration, cash cap, collector id copy, settlement approval, ledger + export, scope', async () => {
      const { app, core, clock } = await testApp(t.db);
      clock.set('2026-06-20T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      const sibling = await aRescueStation(core, { county: '430102' });
      const login = async (username: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'Passw0rd-test' },
        });
        return `sap_session=${res.cookies.find((x) => x.name === 'sap_session')?.value ?? ''}`;
      };
      const cookie = await login(st.staff.username);
      const post = (url: string, payload: unknown, who = cookie) =>
        app.inject({ method: 'POST', url, headers: { cookie: who }, payload: payload as object });
      const get = (url: string, who = cookie) => app.inject({ method: 'GET', url, headers: { cookie: who } });
      const upload = async (caseId: string, kind: string) => {
        const res = await app.inject({
          method: 'POST',
          url: `/api/attachments?ownerType=rescue_case&ownerId=${caseId}&kind=${kind}&fileName=${kind}.pdf`,
          headers: { cookie, 'content-type': 'application/octet-stream' },
          payload: aTinyPdf(kind),
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json<{ id: string }>().id;
      };

      // An adult: options, declaration PDF (numbered, inline), refused cash over the cap, then departure.
      const c = await aRescueCase(core, st, { estimatedAge: 40, enteredAt: '2026-06-15T02:00:00.000Z' });
      const phone = await aBelonging(core, c.id, '手机');
      const options = await get(`/api/rescue/cases/${c.id}/departure`);
      expect(options.statusCode).toBe(200);
      expect(options.json()).toMatchObject({ open: true, cashCapFen: 2000, belongings: [{ itemId: phone }] });
      const pdf = await get(`/api/rescue/cases/${c.id}/self-departure-declaration.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(String(pdf.headers['content-disposition'])).toMatch(/^inline; /);
      expect(pdfText(pdf.rawPayload).flat).toContain('自行离站声明书');
      const declaration = await upload(c.id, 'signed_declaration');
      const receipt = await upload(c.id, 'signed_receipt');
      const body = {
        kind: 'self_departure',
        declarationAttachmentId: declaration,
        cashPayments: [{ amountFen: 3000, purpose: '公交车费' }],
        cashReceiptAttachmentId: receipt,
        belongings: [{ itemId: phone, returned: true }],
        belongingsSigned: true,
      };
      const over = await post(`/api/rescue/cases/${c.id}/departure`, body);
      expect(over.statusCode).toBe(422);
      expect(over.json()).toMatchObject({ error: { code: 'RESCUE_CASH_OVER_CAP' } });
      // Scope: a sibling station's staff gets 404 and changes nothing.
      const siblingCookie = await login(sibling.staff.username);
      expect((await post(`/api/rescue/cases/${c.id}/departure`, body, siblingCookie)).statusCode).toBe(404);
      expect(
        (await get(`/api/rescue/cases/${c.id}/self-departure-declaration.pdf`, siblingCookie)).statusCode,
      ).toBe(404);
      const ok = await post(`/api/rescue/cases/${c.id}/departure`, {
        ...body,
        cashPayments: [{ amountFen: 2000 }],
      });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ departure: { kind: 'self_departure', cashTotalFen: 2000 } });

      // A 15-year-old: alone → blocked; collected without the id copy → invalid.
      const minor = await aRescueCase(core, st, { estimatedAge: 15, enteredAt: '2026-06-15T02:00:00.000Z' });
      const blocked = await post(`/api/rescue/cases/${minor.id}/departure`, { kind: 'self_departure' });
      expect(blocked.json()).toMatchObject({ error: { code: 'RESCUE_DEPARTURE_NOT_ALLOWED' } });
      const noCopy = await post(`/api/rescue/cases/${minor.id}/departure`, {
        kind: 'collected_by_family',
        collector: { name: '王芳', relation: '母亲', residentId: '11010519491231002X' },
      });
      expect(noCopy.statusCode).toBe(422);
      expect(noCopy.json()).toMatchObject({ error: { code: 'RESCUE_COLLECTOR_ID_COPY_REQUIRED' } });
      // Unknown body fields and control characters are refused by the platform (400).
      const nul = await post(`/api/rescue/cases/${minor.id}/departure`, {
        kind: 'transfer',
        transferToName: 'a\u0000b',
      });
      expect(nul.statusCode).toBe(400);

      // Settlement: 100 days in care, seven actions and DNA result logged → the county approves.
      const long = await aRescueCase(core, st, { estimatedAge: 50, enteredAt: '2026-03-12T02:00:00.000Z' });
      await logActions(core, { id: long.id, stationId: st.id, divisionCode: st.divisionCode });
      const dna = await upload(long.id, 'dna_record');
      const applied = await post(`/api/rescue/cases/${long.id}/settlement`, {
        collectiveHukouInstitution: '长沙市社会福利院',
        materials: ['application_form', 'dna_record'],
        attachmentIds: [dna],
      });
      expect(applied.statusCode, applied.body).toBe(201);
      const approvalId = applied.json<{ approvalId: string }>().approvalId;
      const reviewer = await aUser(core, { role: 'county_reviewer', divisionCode: '430102' });
      const decided = await post(
        `/api/approvals/${approvalId}/decision`,
        { decision: 'approve' },
        await login(reviewer.username),
      );
      expect(decided.statusCode, decided.body).toBe(200);
      await core.events.dispatchPending();
      expect((await get(`/api/rescue/cases/${long.id}/departure`)).json()).toMatchObject({
        status: 'settled',
        settlement: { status: 'approved' },
      });

      // Ledger: both rows, filters, sort, export; a sibling station's id → 404.
      const ledger = await get('/api/rescue/departures?pageSize=10');
      expect(ledger.statusCode).toBe(200);
      expect(ledger.json<{ total: number }>().total).toBe(2);
      const settlements = await get('/api/rescue/departures?type=settlement&sort=caseNo');
      expect(settlements.json()).toMatchObject({
        total: 1,
        items: [{ kind: 'settlement', settlementStatus: 'approved' }],
      });
      expect((await get('/api/rescue/departures?sort=name')).statusCode).toBe(400);
      expect((await get(`/api/rescue/departures?stationId=${st.id}`, siblingCookie)).statusCode).toBe(404);
      const xlsx = await get(`/api/rescue/departures/export?kind=self_departure&stationId=${st.id}`);
      expect(xlsx.statusCode).toBe(200);
      expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
    });
  },
  { lines: [rescueLine] },
);
