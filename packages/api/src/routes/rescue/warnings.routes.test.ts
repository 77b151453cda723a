import { rescueLine } from '@social-affairs/core/rescue';
import { aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
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
  'rescue warnings, statistics and hotline routes',
  (t) => {
    it('warnings (R-RES-05 TC on 2025-03-12) and their export; statistics and the Excel export; hotline ledger, record and export', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2025-03-01T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      const other = await aRescueStation(core, { county: '430104' });
      const c = await aRescueCase(core, st, { birthDate: '1980-05-05', name: '张建国' });
      await aRescueCase(core, other, { birthDate: '1982-05-05', name: '李志强' });
      clock.set('2025-03-12T02:00:00.000Z');
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

      const w = await get('/api/rescue/warnings?kind=stay_over_limit');
      expect(w.statusCode).toBe(200);
      expect(w.json()).toMatchObject({
        total: 1,
        today: '2025-03-12',
        items: [{ kind: 'stay_over_limit', caseId: c.id, since: '2025-03-12', subject: '张建国' }],
      });
      expect((await get('/api/rescue/warnings?sort=bogus')).statusCode).toBe(400);
      expect((await get(`/api/rescue/warnings?stationId=${other.id}`)).statusCode).toBe(404);
      const wx = await get('/api/rescue/warnings/export?kind=stay_over_limit');
      expect(wx.statusCode).toBe(200);
      const wv = await xlsxValues(wx.rawPayload, '救助预警清单');
      expect(wv).toContain('张建国');
      expect(wv).toContain('超过救助期限未延期');
      expect(wv).not.toContain('李志强');

      // The city supervisor: both stations, the division picker, statistics with Excel.
      const city = await signIn('supervisor', '430100');
      expect((await get('/api/rescue/warnings?kind=stay_over_limit', city.cookie)).json().total).toBe(2);
      expect(
        (await get('/api/rescue/warnings?kind=stay_over_limit&division=430104', city.cookie)).json().total,
      ).toBe(1);
      const s = await get('/api/rescue/statistics?from=2025-01-01&to=2025-03-31&period=quarter', city.cookie);
      expect(s.statusCode).toBe(200);
      expect(s.json()).toMatchObject({
        totals: { personVisits: 2, distinctPersons: 2 },
        buckets: [{ key: '2025-Q1', personVisits: 2 }],
        longStay: { open: 2 },
      });
      expect(s.json().cells).toBeUndefined();
      const sx = await get('/api/rescue/statistics/export?from=2025-01-01&to=2025-03-31', city.cookie);
      expect(sx.statusCode).toBe(200);
      expect(sx.headers['content-type']).toContain('spreadsheetml');
      const sv = await xlsxValues(sx.rawPayload, '救助统计');
      expect(sv).toContain('2025年3月');
      expect(sv).toContain('芙蓉区');
      expect(sv).toContain('岳麓区');
      expect((await get('/api/rescue/statistics?division=430200', city.cookie)).statusCode).toBe(403);

      // Hotline: record (201), refused for another station (404), ledger masked, export without the number.
      const post = (payload: object, cookie = staff) =>
        app.inject({ method: 'POST', url: '/api/rescue/hotline', headers: { cookie }, payload });
      const body = {
        stationId: st.id,
        calledAt: '2025-03-12T01:00:00.000Z',
        callerNumber: '13912345678',
        durationSeconds: 75,
        category: 'help_request',
        summary: '外地务工人员钱包被盗，询问如何求助',
        caseId: c.id,
        recordingRef: 'REC/2025/03/12/0001.wav',
      };
      const rec = await post(body);
      expect(rec.statusCode).toBe(201);
      expect(rec.json()).toMatchObject({ callerNumberMasked: '139****5678', deletableFrom: '2025-06-13' });
      expect((await post({ ...body, stationId: other.id })).statusCode).toBe(404);
      expect((await post({ ...body, summary: '' })).statusCode).toBe(400);
      const list = await get('/api/rescue/hotline?category=help_request&sort=-calledAt');
      expect(list.json()).toMatchObject({
        total: 1,
        items: [{ caseNo: expect.any(String), recordingStatus: 'kept' }],
      });
      expect(list.body).not.toContain('13912345678');
      const hx = await get('/api/rescue/hotline/export');
      const hv = await xlsxValues(hx.rawPayload, '救助热线来电记录');
      expect(hv).toContain('139****5678');
      expect(hv).not.toContain('13912345678');
      expect(hv).toContain('2025-03-12 09:00');
      // A search by a full number (or a resident id typed in) is audited, masked.
      expect((await get('/api/rescue/hotline?q=43010219900307123X')).statusCode).toBe(200);
      expect((await get('/api/rescue/hotline?q=13912345678')).json().total).toBe(1);
      const searches = await core.db.kysely
        .selectFrom('auditLog')
        .select('details')
        .where('action', '=', 'rescue.hotline.search')
        .execute();
      expect(searches).toHaveLength(2);
      expect(JSON.stringify(searches)).not.toContain('13912345678');
      const stOther = await login(other.staff.username);
      expect((await get('/api/rescue/hotline', stOther)).json().total).toBe(0);
    });
  },
  { lines: [rescueLine] },
);
