/** Policy finds people, statistics and the day board over HTTP (issue 18 items 7, 9, 10). */
import { disabilityLine } from '@social-affairs/core/disability';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anApplication,
  anEntitlement,
} from '@social-affairs/core/disability/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { testApp } from '../../test-app';
import { outreachSamples } from './outreach.samples';

describeEachDatabase(
  'disability outreach, statistics and board routes',
  (t) => {
    it('board, refresh, lists, reminders with an outcome, coverage, statistics and exports; scope and refusals', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2026-11-02T02:00:00.000Z');
      const p = await aDisabledPerson(core, { grade: 1 });
      await core.db.kysely
        .updateTable('people')
        .set({ hukouDivisionCode: '430181001' })
        .where('id', '=', p.personId)
        .execute();
      const county = await signIn('subsidy_clerk', '430181');
      const township = await signIn('subsidy_clerk', '430181001');
      const elsewhere = await signIn('subsidy_clerk', '430102');
      const as = (cookie: string) => ({
        get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie } }),
        post: (url: string, payload: object = {}) =>
          app.inject({ method: 'POST', url, headers: { cookie }, payload }),
      });
      const c = as(county.cookie);
      const tw = as(township.cookie);

      const board = await tw.get('/api/disability/board');
      expect(board.statusCode).toBe(200);
      expect(board.json()).toMatchObject({ today: '2026-11-02', reminders: { open: 0 } });

      expect((await tw.post('/api/disability/outreach/refresh')).statusCode).toBe(403);
      const refreshed = await c.post('/api/disability/outreach/refresh');
      expect(refreshed.statusCode).toBe(200);
      expect(refreshed.json()).toMatchObject({ created: 1, divisionCode: '430181' });

      const list = await tw.get('/api/disability/outreach/candidates?list=care&sort=-grade');
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({
        total: 1,
        items: [{ personId: p.personId, grade: 1, subsidy: 'care' }],
      });
      expect((await tw.get('/api/disability/outreach/candidates?sort=bogus')).statusCode).toBe(400);
      const listX = await c.get('/api/disability/outreach/candidates/export?list=care');
      expect(listX.statusCode).toBe(200);
      expect(listX.headers['content-type']).toContain('spreadsheetml');

      const reminders = await tw.get('/api/disability/outreach/reminders?status=open');
      expect(reminders.statusCode).toBe(200);
      const id = reminders.json<{ items: { id: string }[] }>().items[0]!.id;
      const outcome = `/api/disability/outreach/reminders/${encodeURIComponent(id)}/outcome`;
      expect((await as(elsewhere.cookie).post(outcome, { outcome: 'refused' })).statusCode).toBe(404);
      expect((await tw.post(outcome, { outcome: 'not_eligible' })).statusCode).toBe(422);
      const done = await tw.post(outcome, { outcome: 'unreachable', note: '电话无人接听' });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ status: 'done', outcome: 'unreachable', outcomeLabel: '联系不上' });
      expect((await tw.post(outcome, { outcome: 'refused' })).statusCode).toBe(409);
      expect((await c.get('/api/disability/outreach/reminders/export?status=done')).statusCode).toBe(200);

      const cov = await c.get('/api/disability/outreach/coverage');
      expect(cov.statusCode).toBe(200);
      expect(cov.json()).toMatchObject({
        totals: { care: { eligible: 1, covered: 0, rate: 0 } },
        openReminders: 0,
      });

      const s = await c.get('/api/disability/statistics?from=2026-01&to=2026-11');
      expect(s.statusCode).toBe(200);
      expect(s.json()).toMatchObject({ division: { code: '430181' }, totals: { careCoverage: 0 } });
      expect(s.json()).not.toHaveProperty('cells');
      expect((await as(elsewhere.cookie).get('/api/disability/statistics?division=430181')).statusCode).toBe(
        403,
      );
      expect((await c.get('/api/disability/statistics?from=2026-13')).statusCode).toBe(400);
      const sx = await c.get('/api/disability/statistics/export?from=2026-01&to=2026-11');
      expect(sx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(sx.rawPayload as unknown as ArrayBuffer);
      expect(JSON.stringify(wb.getWorksheet('两项补贴统计')?.getSheetValues())).toContain('护理补贴人数');

      // Every outreach route naming a record answers 404 to another county (the access catalogue's sample).
      const base = await aDisabilityCounty(core, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const person = await aDisabledPerson(core, { county: '430102', dibaoFrom: '2020-01-01' });
      const application = await anApplication(core, person, { divisionCode: '430102001' });
      const other = await aDisabledPerson(core, { county: '430102', grade: 1 });
      const entitlement = await anEntitlement(core, other, { divisionCode: '430102001' });
      const samples = await outreachSamples(core, {
        county: base,
        person,
        applicationId: application.id,
        applicationNo: application.applicationNo,
        entitlementId: entitlement.id,
        subject: { personId: person.personId },
      });
      const mine = (r: { url: string }) => r.url.startsWith('/api/disability/outreach');
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(1);
    });
  },
  { lines: [disabilityLine] },
);
