/**
 * Routes of the family concern (寻亲与团聚): the worklist, a reunion by hand through its three steps (the
 * handover recorded as the departure collected_by_family), the case tab, the ledger and statistics with
 * their Excel exports, refusals as 4xx, scope 404 — on SQLite and PostgreSQL.
 */
import { matchingLine } from '@social-affairs/core/matching';
import { rescueLine } from '@social-affairs/core/rescue';
import { aRescueCase, aRescueStation, aTinyPdf } from '@social-affairs/core/rescue/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { composeResidentId, parsePlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'rescue family routes (寻亲工作台、团聚、台账、统计)',
  (t) => {
    it('worklist → reunion (notice) → contact → identity check → handover; ledger, statistics, exports, scope', async () => {
      const { app, core, clock } = await testApp(t.db);
      clock.set('2026-06-20T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      const other = await aRescueStation(core, { county: '430103' });
      const login = async (username: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'Passw0rd-test' },
        });
        return `sap_session=${res.cookies.find((x) => x.name === 'sap_session')?.value ?? ''}`;
      };
      const cookie = await login(st.staff.username);
      const otherCookie = await login(other.staff.username);
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
      const c = await aRescueCase(core, st, {
        estimatedAge: 14,
        enteredAt: '2026-06-10T02:00:00.000Z',
        identityStatus: 'unidentified',
      });

      const list = await get('/api/rescue/family-search?sort=-entryDate');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json()).toMatchObject({ total: 1, items: [{ caseId: c.id, daysInStation: 10 }] });
      const wx = await get('/api/rescue/family-search/export');
      expect(wx.statusCode).toBe(200);
      expect(String(wx.headers['content-type'])).toContain('spreadsheetml');
      expect((await get('/api/rescue/family-search?sort=nope')).statusCode).toBe(400);

      const started = await post(`/api/rescue/cases/${c.id}/reunions`, {
        channel: 'notice',
        sourceReference: '公告回复',
      });
      expect(started.statusCode, started.body).toBe(201);
      const r = started.json<{ id: string; version: number }>();
      expect((await post(`/api/rescue/cases/${c.id}/reunions`, { channel: 'dna' })).statusCode).toBe(409);
      // Out of order → 409; out of scope → 404.
      const early = {
        name: '王芳',
        relation: '母亲',
        residentId: composeResidentId('430102', parsePlainDate('1975-01-02'), 246),
      };
      expect(
        (await post(`/api/rescue/reunions/${r.id}/handover`, { collector: early, version: 1 })).statusCode,
      ).toBe(409);
      expect(
        (
          await post(
            `/api/rescue/reunions/${r.id}/contact`,
            { familyName: '王芳', familyRelation: '母亲', familyPhone: '13800000000', version: 1 },
            otherCookie,
          )
        ).statusCode,
      ).toBe(404);
      const contacted = await post(`/api/rescue/reunions/${r.id}/contact`, {
        familyName: '王芳',
        familyRelation: '母亲',
        familyPhone: '13800000000',
        version: 1,
      });
      expect(contacted.statusCode, contacted.body).toBe(200);
      const kinId = composeResidentId('430102', parsePlainDate('1975-01-02'), 246);
      const idDoc = await upload(c.id, 'identity_document_copy');
      const checked = await post(`/api/rescue/reunions/${r.id}/identity-check`, {
        kinName: '王芳',
        kinRelation: '母亲',
        kinResidentId: kinId,
        evidenceAttachmentId: idDoc,
        confirmedName: '张小军',
        version: 2,
      });
      expect(checked.statusCode, checked.body).toBe(200);
      expect(checked.body).not.toContain(kinId);
      // A minor without the collector's id copy: 422, nothing changed.
      const kin = { name: '王芳', relation: '母亲', residentId: kinId };
      const refused = await post(`/api/rescue/reunions/${r.id}/handover`, { collector: kin, version: 3 });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ error: { code: 'RESCUE_COLLECTOR_ID_COPY_REQUIRED' } });
      // The checked family member with another id typed: 422 on the field, with the reason in Chinese.
      const otherId = composeResidentId('430102', parsePlainDate('1976-03-04'), 248);
      const mismatch = await post(`/api/rescue/reunions/${r.id}/handover`, {
        collector: { ...kin, residentId: otherId },
        version: 3,
      });
      expect(mismatch.statusCode).toBe(422);
      expect(mismatch.json()).toMatchObject({
        error: { code: 'REUNION_COLLECTOR_ID_MISMATCH', details: { field: 'collector.residentId' } },
      });
      expect(mismatch.body).toContain('不一致');
      expect(mismatch.body).not.toContain(kinId);
      const copy = await upload(c.id, 'collector_id_copy');
      const done = await post(`/api/rescue/reunions/${r.id}/handover`, {
        collector: { name: '王芳', relation: '母亲', residentId: kinId, idCopyAttachmentId: copy },
        version: 3,
      });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ status: 'handed_over', daysToReunion: 10 });
      const tab = await get(`/api/rescue/cases/${c.id}/family`);
      expect(tab.json()).toMatchObject({
        open: false,
        canStart: false,
        reunions: [{ status: 'handed_over' }],
      });
      expect((await get(`/api/rescue/cases/${c.id}/family`, otherCookie)).statusCode).toBe(404);
      expect((await get(`/api/rescue/cases/${c.id}/departure`)).json()).toMatchObject({
        status: 'departed',
        departure: { kind: 'collected_by_family' },
      });

      const ledger = await get('/api/rescue/reunions?channel=notice&status=handed_over');
      expect(ledger.json()).toMatchObject({ total: 1, items: [{ id: r.id, channelLabel: '寻亲公告' }] });
      expect((await get('/api/rescue/reunions', otherCookie)).json()).toMatchObject({ total: 0 });
      const lx = await get('/api/rescue/reunions/export?status=handed_over');
      expect(lx.statusCode).toBe(200);
      const stats = await get('/api/rescue/reunions/statistics?period=quarter');
      expect(stats.statusCode, stats.body).toBe(200);
      expect(stats.json()).toMatchObject({
        total: 1,
        medianDays: 10,
        byPeriod: [{ period: '2026Q2', total: 1 }],
      });
      const sx = await get('/api/rescue/reunions/statistics/export');
      expect(sx.statusCode).toBe(200);
      expect(String(sx.headers['content-type'])).toContain('spreadsheetml');
      expect((await get(`/api/rescue/reunions/statistics?stationId=${st.id}`, otherCookie)).statusCode).toBe(
        404,
      );
      await app.close();
    });
  },
  { lines: [matchingLine, rescueLine] },
);
