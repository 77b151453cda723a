import { rescueLine } from '@social-affairs/core/rescue';
import {
  aPartnerWithAgreement,
  aRescueCase,
  aRescueStation,
  aVisitPhoto,
} from '@social-affairs/core/rescue/testing';
import { aUser, describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'rescue stay routes (照料服务、延期、站外托养、走访、未成年人、资金)',
  (t) => {
    it('services (no fee field), extension through approval, placement, visit, ledger + export, scorecard, funds', async () => {
      const { app, core, clock } = await testApp(t.db);
      clock.set('2025-03-12T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      const sibling = await aRescueStation(core, { county: '430102' });
      const partner = await aPartnerWithAgreement(core, st);
      const c = await aRescueCase(core, st, {
        enteredAt: '2025-03-01T02:00:00.000Z',
        birthDate: '1980-01-01',
      });
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
      const base = `/api/rescue/cases/${c.id}`;

      // R-RES-02/08: a fee field or a fee kind is refused, nothing is written.
      const withFee = await post(`${base}/services`, {
        kind: 'lodging',
        serviceDate: '2025-03-02',
        description: '住宿',
        providedBy: '王五',
        feeFen: 5000,
      });
      expect(withFee.statusCode).toBe(400);
      const feeKind = await post(`${base}/services`, {
        kind: 'fee',
        serviceDate: '2025-03-02',
        description: '住宿费',
        providedBy: '王五',
      });
      expect(feeKind.statusCode).toBe(400);
      const charged = await post(`${base}/services`, {
        kind: 'other',
        serviceDate: '2025-03-02',
        description: '收取住宿费20元',
        providedBy: '王五',
      });
      expect(charged.statusCode).toBe(422);
      const ok = await post(`${base}/services`, {
        kind: 'lodging',
        serviceDate: '2025-03-02',
        description: '安排男宿舍一床位',
        providedBy: '王五',
      });
      expect(ok.statusCode).toBe(201);
      expect((await get(`${base}/services`)).json<unknown[]>()).toHaveLength(1);

      // R-RES-05: over the limit on 03-12; extension approved by the county → not over.
      expect((await get(`${base}/stay`)).json()).toMatchObject({ over: true, limitEnd: '2025-03-11' });
      const ext = await post(`${base}/stay-extensions`, {
        reason: '家属3月20日前来接回',
        requestedUntil: '2025-03-20',
      });
      expect(ext.statusCode).toBe(201);
      const approvalId = ext.json<{ approvalId: string }>().approvalId;
      const reviewer = await aUser(core, { role: 'county_reviewer', divisionCode: '430102' });
      const decided = await post(
        `/api/approvals/${approvalId}/decision`,
        { decision: 'approve' },
        await login(reviewer.username),
      );
      expect(decided.statusCode).toBe(200);
      await core.events.dispatchPending();
      expect((await get(`${base}/stay`)).json()).toMatchObject({ over: false, extendedUntil: '2025-03-20' });

      // R-RES-13: placement, visit, ledger, export, scorecard.
      const placed = await post(`${base}/placements`, {
        partnerId: partner.partnerId,
        startedOn: '2025-03-12',
        reason: '需专业照护，站内无条件',
      });
      expect(placed.statusCode).toBe(201);
      expect(placed.json()).toMatchObject({ responsibleStationId: st.id, agreementId: partner.agreementId });
      const noPhoto = await post(`${base}/visits`, {
        visitDate: '2025-03-12',
        visitor: '张三',
        findings: '良好',
        evidenceIds: [],
      });
      expect(noPhoto.statusCode).toBe(400);
      const photo = await aVisitPhoto(core, c.id);
      const visit = await post(`${base}/visits`, {
        visitDate: '2025-03-12',
        visitor: '张三',
        findings: '良好',
        evidenceIds: [photo],
      });
      expect(visit.statusCode).toBe(201);
      const ledger = await get('/api/rescue/placements?status=active&sort=-startedOn');
      expect(ledger.json()).toMatchObject({ total: 1, items: [{ caseId: c.id, lastVisitOn: '2025-03-12' }] });
      const badSort = await get('/api/rescue/placements?sort=nope');
      expect(badSort.statusCode).toBe(400);
      const xlsx = await get('/api/rescue/placements/export?status=active');
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const card = await get('/api/rescue/placements/scorecard');
      expect(card.json()).toEqual([
        expect.objectContaining({ partnerId: partner.partnerId, placedCount: 1, visitsTotal: 1 }),
      ]);
      expect((await get('/api/rescue/visits/overdue')).json()).toEqual([]);

      // R-RES-17: construction refused with the rule's message.
      const building = await post('/api/rescue/funds', {
        stationId: st.id,
        category: 'construction',
        amountFen: 1_000_000,
        spentOn: '2025-03-10',
        description: '新建宿舍楼',
      });
      expect(building.statusCode).toBe(422);
      expect(building.json<{ error: { code: string } }>().error.code).toBe(
        'RESCUE_FUND_CATEGORY_NOT_ALLOWED',
      );
      const living = await post('/api/rescue/funds', {
        caseId: c.id,
        category: 'living',
        amountFen: 3_000,
        spentOn: '2025-03-10',
        description: '伙食',
      });
      expect(living.statusCode).toBe(201);
      expect((await get(`${base}/funds`)).json<unknown[]>()).toHaveLength(1);

      // Scope: a sibling station's staff gets 404 on every write naming the case.
      const other = await login(sibling.staff.username);
      for (const [url, body] of [
        [
          `${base}/services`,
          { kind: 'food', serviceDate: '2025-03-12', description: '午餐', providedBy: '王五' },
        ],
        [`${base}/placements/end`, { endedOn: '2025-03-12', endReason: '回站' }],
        [`${base}/minor/guardianship`, { assessedOn: '2025-03-12', finding: 'able' }],
      ] as const) {
        expect((await post(url, body, other)).statusCode).toBe(404);
      }
      expect((await get('/api/rescue/placements', other)).json()).toMatchObject({ total: 0 });
    });
  },
  { lines: [rescueLine] },
);
