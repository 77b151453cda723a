import { funeralLine } from '@social-affairs/core/funeral';
import { aCollectionOrder, aFuneralFacility } from '@social-affairs/core/funeral/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'funeral custody routes (接运与保管)',
  (t) => {
    it('collection order, scanned steps, blocked cremation, label, board, ledger + export; sibling facility 404; refusals', async () => {
      const { app, core, clock } = await testApp(t.db);
      clock.set('2026-12-05T02:00:00.000Z');
      const home = await aFuneralFacility(core, { county: '430102' });
      const sibling = await aFuneralFacility(core, { county: '430102' });
      const login = async (username: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'Passw0rd-test' },
        });
        return `sap_session=${res.cookies.find((x) => x.name === 'sap_session')?.value ?? ''}`;
      };
      const cookie = await login(home.staff.username);
      const other = await login(sibling.staff.username);
      const post = (url: string, payload: unknown, who = cookie) =>
        app.inject({ method: 'POST', url, headers: { cookie: who }, payload: payload as object });
      const get = (url: string, who = cookie) => app.inject({ method: 'GET', url, headers: { cookie: who } });

      // No death proof → 422 next to the field; a private van in Changsha → 422.
      const noProof = await post('/api/funeral/cases', aCollectionOrder(home.id, { deathProof: null }));
      expect(noProof.statusCode).toBe(422);
      expect(noProof.json()).toMatchObject({ error: { code: 'FUNERAL_DEATH_PROOF_REQUIRED' } });
      expect(
        (await post('/api/funeral/cases', aCollectionOrder(home.id, { carrier: 'other_unit' }))).statusCode,
      ).toBe(422);
      const created = await post('/api/funeral/cases', aCollectionOrder(home.id));
      expect(created.statusCode).toBe(201);
      const { id, bodyCode } = created.json<{ id: string; bodyCode: string }>();
      expect(created.json()).toMatchObject({ collectionFree: true, payer: 'family' });

      // The scan box finds the case; a sibling funeral home's staff sees nothing and changes nothing.
      expect((await get(`/api/funeral/scan/${bodyCode}`)).json()).toEqual({ id });
      expect((await get(`/api/funeral/scan/${bodyCode}`, other)).statusCode).toBe(404);
      expect((await get(`/api/funeral/cases/${id}`, other)).statusCode).toBe(404);
      expect(
        (await post(`/api/funeral/cases/${id}/collect`, { scannedCode: bodyCode }, other)).statusCode,
      ).toBe(404);

      expect((await post(`/api/funeral/cases/${id}/collect`, { scannedCode: 'YT0000' })).statusCode).toBe(
        422,
      );
      expect(
        (await post(`/api/funeral/cases/${id}/collect`, { scannedCode: bodyCode, vehicle: '湘A·殡001' }))
          .statusCode,
      ).toBe(200);
      expect((await post(`/api/funeral/cases/${id}/cremate`, { scannedCode: bodyCode })).statusCode).toBe(
        409,
      );
      expect(
        (await post(`/api/funeral/cases/${id}/store`, { scannedCode: bodyCode, place: 'A-01' })).statusCode,
      ).toBe(200);
      const blocked = await post(`/api/funeral/cases/${id}/cremate`, { scannedCode: bodyCode });
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json()).toMatchObject({ error: { code: 'FUNERAL_CREMATION_BLOCKED' } });
      const recorded = await post(`/api/funeral/cases/${id}/documents`, {
        kind: 'cremation_confirmation',
        number: 'HQ-1',
        issuer: '刘小红',
      });
      expect(recorded.statusCode).toBe(201);

      const view = await get(`/api/funeral/cases/${id}`);
      expect(view.statusCode).toBe(200);
      expect(view.json()).toMatchObject({
        step: 'in_storage',
        nextSteps: ['farewell', 'cremated'],
        expectedCodeKind: 'body',
      });
      expect(view.json<{ cremationGate: { key: string }[] }>().cremationGate.map((g) => g.key)).toEqual([
        'death_certificate',
        'deceased_id_check',
        'agent_id_check',
      ]);
      const label = await get(`/api/funeral/cases/${id}/label.pdf`);
      expect(label.statusCode).toBe(200);
      expect(label.headers['content-type']).toBe('application/pdf');
      const board = await get('/api/funeral/board');
      expect(board.json()).toMatchObject({ counts: { in_storage: 1 } });
      const ledger = await get('/api/funeral/cases?step=open&sort=-caseNo');
      expect(ledger.json()).toMatchObject({ total: 1 });
      const xlsx = await get('/api/funeral/cases/export?step=open');
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      expect((await get('/api/funeral/cases', other)).json()).toMatchObject({ total: 0 });
    });
  },
  { lines: [funeralLine] },
);
