import { appendCustodyEvent, funeralLine } from '@social-affairs/core/funeral';
import { aFuneralCase, aFuneralFacility } from '@social-affairs/core/funeral/testing';
import { describeEachDatabase, pdfText } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'funeral certificates routes (火化证明、遗体外运、台账)',
  (t) => {
    it('issues, prints and lists a certificate; requests a transport; refusals 409/422; scope 404', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2026-06-10T02:00:00.000Z');
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
      const outsider = (await signIn('funeral_staff', '430103')).cookie;
      const post = (url: string, payload: unknown, who = cookie) =>
        app.inject({ method: 'POST', url, headers: { cookie: who }, payload: payload as object });
      const get = (url: string, who = cookie) => app.inject({ method: 'GET', url, headers: { cookie: who } });

      const c = await aFuneralCase(core, home, { birthDate: '1940-03-03', step: 'farewell', name: '李德明' });
      await appendCustodyEvent(core.db.kysely, {
        caseId: c.id,
        step: 'cremated',
        at: '2026-06-10T01:00:00.000Z',
        actor: 'test',
      });
      const issued = await post(`/api/funeral/cases/${c.id}/certificates`, {});
      expect(issued.statusCode, issued.body).toBe(201);
      const cert = issued.json<{ id: string; number: string }>();
      expect((await post(`/api/funeral/cases/${c.id}/certificates`, {})).statusCode).toBe(409);
      expect((await post(`/api/funeral/certificates/${cert.id}/archive`, {})).statusCode).toBe(409);
      const pdf = await get(`/api/funeral/certificates/${cert.id}/pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdfText(pdf.rawPayload).flat).toContain(cert.number);
      const tab = await get(`/api/funeral/cases/${c.id}/certificates`);
      expect(tab.json()).toMatchObject({ certificates: [{ number: cert.number, status: 'issued' }] });
      const ledger = await get('/api/funeral/certificates?status=issued&sort=-number');
      expect(ledger.json()).toMatchObject({ total: 1, items: [{ id: cert.id }] });
      const xlsx = await get('/api/funeral/certificates/export?status=issued');
      expect(xlsx.statusCode).toBe(200);
      expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');

      const stored = await aFuneralCase(core, home, { birthDate: '1950-05-05' });
      const body = {
        destinationDivisionCode: '430421',
        destinationAddress: '衡阳县西渡镇',
        reason: '回原籍安葬',
      };
      const missing = await post(`/api/funeral/cases/${stored.id}/transport-requests`, body);
      expect(missing.statusCode).toBe(422);
      expect(missing.json()).toMatchObject({ error: { code: 'FUNERAL_TRANSPORT_DOCUMENT_MISSING' } });
      const req = await post(`/api/funeral/cases/${stored.id}/transport-requests`, {
        ...body,
        homeCountyCertificate: {
          number: '衡县民证〔2026〕12号',
          issuer: '衡阳县民政局',
          issuedOn: '2026-06-09',
        },
      });
      expect(req.statusCode, req.body).toBe(201);
      const depart = await post(`/api/funeral/transport-requests/${req.json<{ id: string }>().id}/depart`, {
        hygieneDone: true,
      });
      expect(depart.statusCode).toBe(409);
      expect((await get('/api/funeral/transport-requests?status=pending')).json()).toMatchObject({
        total: 1,
      });

      expect((await get(`/api/funeral/cases/${c.id}/certificates`, outsider)).statusCode).toBe(404);
      expect((await get(`/api/funeral/certificates/${cert.id}/pdf`, outsider)).statusCode).toBe(404);
      expect((await get('/api/funeral/certificates', outsider)).json()).toMatchObject({ total: 0 });
    });
  },
  { lines: [funeralLine] },
);
