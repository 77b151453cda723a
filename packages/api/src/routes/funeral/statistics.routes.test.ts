import { recordDeath, systemActor } from '@social-affairs/core';
import { appendCustodyEvent, funeralLine } from '@social-affairs/core/funeral';
import { aFuneralCase, aFuneralFacility } from '@social-affairs/core/funeral/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'funeral statistics and exchange routes',
  (t) => {
    it('statistics with drill-down scope and Excel; exchange dictionary, preview and audited exports (xlsx masked, jsonl)', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2026-11-02T02:00:00.000Z');
      const home = await aFuneralFacility(core, { county: '430102' });
      const c = await aFuneralCase(core, home, { birthDate: '1941-01-01', deathDate: '2026-10-05' });
      await recordDeath(core, systemActor(), c.personId, { deathDate: '2026-10-05', source: '殡葬' });
      await appendCustodyEvent(core.db.kysely, {
        caseId: c.id,
        step: 'cremated',
        at: '2026-10-06T02:00:00.000Z',
        actor: 'test',
      });
      const province = await signIn('supervisor', '430000');
      const county = await signIn('funeral_staff', '430181');
      const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } });

      const s = await get('/api/funeral/statistics?from=2026-10-01&to=2026-10-31', province.cookie);
      expect(s.statusCode).toBe(200);
      expect(s.json()).toMatchObject({
        division: { code: '430000' },
        totals: { deaths: 1, deathsCremated: 1, cremationRate: 1, cremations: 1 },
      });
      expect(s.json()).not.toHaveProperty('cells');
      // 浏阳市 sees none of 芙蓉区's figures, and may not pick it.
      const other = await get('/api/funeral/statistics?from=2026-10-01&to=2026-10-31', county.cookie);
      expect(other.json()).toMatchObject({ totals: { deaths: 0, cremations: 0 } });
      expect((await get('/api/funeral/statistics?division=430102', county.cookie)).statusCode).toBe(403);
      expect(
        (await get('/api/funeral/statistics?from=2026-10-31&to=2026-10-01', province.cookie)).statusCode,
      ).toBe(422);
      const sx = await get('/api/funeral/statistics/export?from=2026-10-01&to=2026-10-31', province.cookie);
      expect(sx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(sx.rawPayload as unknown as ArrayBuffer);
      const values = JSON.stringify(wb.getWorksheet('殡葬统计')?.getSheetValues());
      expect(values).toContain('长沙市');
      expect(values).toContain('火化率（%）');

      const dict = await get('/api/funeral/exchange/dictionary', county.cookie);
      expect(dict.json<{ fields: { field: string }[] }>().fields.some((f) => f.field === 'residentId')).toBe(
        true,
      );
      const q = 'division=430102&from=2026-11-01&to=2026-11-02';
      const pv = await get(`/api/funeral/exchange/preview?${q}`, province.cookie);
      expect(pv.json()).toMatchObject({ masked: true });
      expect(pv.json().counts[0]).toMatchObject({ entity: 'deceased', rows: 1 });
      const xx = await get(`/api/funeral/exchange/export?${q}`, province.cookie);
      expect(xx.statusCode).toBe(200);
      expect(xx.headers['content-type']).toContain('spreadsheetml');
      const jl = await get(`/api/funeral/exchange/export?${q}&format=jsonl`, province.cookie);
      expect(jl.statusCode).toBe(200);
      const lines = jl.body.trim().split('\n');
      expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'header', masked: true });
      expect(JSON.parse(lines[1]!)).toMatchObject({ entity: 'deceased', record: { caseNo: c.caseNo } });
      expect((await get(`/api/funeral/exchange/export?${q}`, county.cookie)).statusCode).toBe(403);
      const audit = await core.db.kysely
        .selectFrom('auditLog')
        .select('details')
        .where('action', '=', 'funeral.exchange.export')
        .execute();
      expect(audit).toHaveLength(2);
    });
  },
  { lines: [funeralLine] },
);
