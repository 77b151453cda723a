import { matchingLine } from '@social-affairs/core/matching';
import { rescueLine } from '@social-affairs/core/rescue';
import { aGovernanceFixture, aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

const xlsxValues = async (payload: Buffer, sheet: string): Promise<string> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  return JSON.stringify(wb.getWorksheet(sheet)?.getSheetValues());
};

describeEachDatabase(
  'rescue source-governance routes',
  (t) => {
    it('ledgers with Excel, a lead recorded and answered, a flag refused without a reason, the alert acknowledged by the hukou county, statistics', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2026-03-10T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      const g = await aGovernanceFixture(core, st);
      const caseA = await aRescueCase(core, st, { estimatedAge: 50 });
      const login = async (username: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'Passw0rd-test' },
        });
        return `sap_session=${res.cookies.find((x) => x.name === 'sap_session')?.value ?? ''}`;
      };
      const staff = await login(st.staff.username);
      const get = (url: string, cookie = staff) => app.inject({ method: 'GET', url, headers: { cookie } });
      const post = (url: string, payload: object, cookie = staff) =>
        app.inject({ method: 'POST', url, headers: { cookie }, payload });
      const P = '/api/rescue/governance';

      // Patrol lead: record, pending, answer with the case, Excel.
      const lead = await post(`${P}/patrol-leads`, {
        stationId: st.id,
        receivedAt: '2026-03-10T01:40:00.000Z',
        source: 'urban_management',
        reporter: '芙蓉区城管执法大队',
        placeDivisionCode: '430102',
        placeDescription: '火车站天桥下',
        personDescription: '一名疑似智障青年',
      });
      expect(lead.statusCode).toBe(201);
      expect((await get(`${P}/patrol-leads?state=pending`)).json().total).toBe(2);
      const bad = await post(`${P}/patrol-leads/${lead.json().id}/response`, {
        respondedAt: '2026-03-10T01:30:00.000Z',
        outcome: 'not_found',
        version: 1,
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.code).toBe('PATROL_RESPONSE_BEFORE_RECEIVED');
      const done = await post(`${P}/patrol-leads/${lead.json().id}/response`, {
        respondedAt: '2026-03-10T01:55:00.000Z',
        outcome: 'rescued',
        caseId: caseA.id,
        version: 1,
      });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ responseMinutes: 15, late: false, caseNo: caseA.caseNo });
      expect((await get(`${P}/patrol-leads?sort=bogus`)).statusCode).toBe(400);
      const lx = await get(`${P}/patrol-leads/export?sort=-receivedAt`);
      expect(lx.statusCode).toBe(200);
      expect(await xlsxValues(lx.rawPayload, '街面巡查线索台账')).toContain('火车站天桥下');

      // Returnees: the station sees its returnee; the home county (430202) records a follow-up.
      const rl = await get(`${P}/returnees`);
      expect(rl.json<{ items: { id: string }[] }>().items.map((r) => r.id)).toContain(g.returneeId);
      // A search by name is audited (the term kept masked), like the other ledgers.
      expect((await get(`${P}/returnees?q=${encodeURIComponent('张')}`)).statusCode).toBe(200);
      expect((await get(`${P}/patrol-leads?q=${encodeURIComponent('天桥')}`)).statusCode).toBe(200);
      const searches = await core.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('action', 'in', ['rescue.returnee.search', 'rescue.patrol-lead.search'])
        .execute();
      expect(searches.map((a) => a.action).sort()).toEqual([
        'rescue.patrol-lead.search',
        'rescue.returnee.search',
      ]);
      const home = await signIn('rescue_staff', '430202');
      const fu = await post(
        `${P}/returnees/${g.returneeId}/follow-ups`,
        {
          visitedOn: '2026-03-09',
          party: 'hukou_civil_affairs',
          visitorName: '荷塘区民政局 周干事',
          method: 'phone',
          situation: '已在家，情绪稳定',
          atHome: true,
          needs: ['medical'],
        },
        home.cookie,
      );
      expect(fu.statusCode).toBe(201);
      expect(fu.json()).toMatchObject({ visits: 1, nextVisitDue: '2026-06-07' });
      expect((await get(`${P}/returnees/export`)).statusCode).toBe(200);

      // Repeat flag: a reason is required; the hukou county sees and acknowledges the alert.
      const other = await signIn('rescue_staff', '430104');
      const flags = await get(`${P}/repeat-flags?status=confirmed`, other.cookie);
      expect(flags.json().items[0]).toMatchObject({ id: g.flagId, alertDivisionCode: '430202' });
      const noReason = await post(
        `${P}/repeat-flags/${g.flagId}/decision`,
        { decision: 'rejected', reason: '' },
        other.cookie,
      );
      expect(noReason.statusCode).toBe(400);
      const alerts = await get(`${P}/alerts?status=open`, home.cookie);
      expect(alerts.json<{ items: { id: string }[] }>().items.map((a) => a.id)).toEqual([g.alertId]);
      const ack = await post(
        `${P}/alerts/${g.alertId}/acknowledge`,
        { actionTaken: '已入户走访，落实监护人' },
        home.cookie,
      );
      expect(ack.statusCode).toBe(200);
      expect(ack.json().status).toBe('acknowledged');

      // At-risk: full phone only in the detail.
      const county = await login(st.countyStaff.username);
      const list = await get(`${P}/at-risk`, county);
      expect(list.json().items[0].contacts[0].phone).toBe('138****1201');
      expect((await get(`${P}/at-risk/${g.atRiskId}`, county)).json().contacts[0].phone).toBe('13800001201');
      const created = await post(
        `${P}/at-risk`,
        {
          divisionCode: '430102',
          name: '曾志伟',
          sex: 'male',
          kinds: [],
          homeAddress: '东屯社区',
          contacts: [],
        },
        county,
      );
      expect(created.statusCode).toBe(400);

      // Statistics and their Excel export.
      const city = await signIn('supervisor', '430000');
      const s = await get(`${P}/statistics?from=2026-01-01&to=2026-03-31&period=month`, city.cookie);
      expect(s.statusCode).toBe(200);
      expect(s.json()).toMatchObject({ repeatTotal: 1, leads: { received: 2, responded: 1 } });
      const sx = await get(`${P}/statistics/export?from=2026-01-01&to=2026-03-31&period=month`, city.cookie);
      expect(sx.statusCode).toBe(200);
      expect(await xlsxValues(sx.rawPayload, '多次流浪人员统计')).toContain('长沙市');
    });
  },
  // The matching line too: the platform's face routes need its family-search permissions.
  { lines: [rescueLine, matchingLine] },
);
