/** Comparison, review queue and re-verification over HTTP (issue 18 item 6; R-DIS-07, ADR 0034). */
import { disabilityLine } from '@social-affairs/core/disability';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anApplication,
  anEntitlement,
} from '@social-affairs/core/disability/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { testApp } from '../../test-app';
import { verificationSamples } from './verification.samples';

const B = '/api/disability/verification';

describeEachDatabase(
  'disability verification routes',
  (t) => {
    it('imports a move-out list, runs the comparison, answers and confirms a finding (stop from the month after), runs a campaign; refusals; out-of-scope records answer 404', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const as = (cookie: string) => ({
        get: (url: string, query?: Record<string, string>) =>
          app.inject({ method: 'GET', url, query, headers: { cookie } }),
        post: (url: string, payload: object = {}) =>
          app.inject({ method: 'POST', url, headers: { cookie }, payload }),
      });
      const dibao = await aDisabledPerson(core, { dibaoFrom: '2020-01-01', dibaoTo: '2026-09-30' });
      const living = await anEntitlement(core, dibao, { subsidy: 'living', fromMonth: '2025-01' });
      const moved = await aDisabledPerson(core);
      await anEntitlement(core, moved, { fromMonth: '2025-01' });
      const countyClerk = await signIn('subsidy_clerk', '430181');
      const upload = await app.inject({
        method: 'POST',
        url: `${B}/hukou-moves/imports`,
        query: { fileName: '迁出名单.csv' },
        headers: { cookie: countyClerk.cookie, 'content-type': 'text/csv' },
        payload: Buffer.from(
          `公民身份号码,姓名,迁出日期,迁往地\n${moved.residentId},${moved.name},2026-10-08,广东省深圳市\n`,
        ),
      });
      expect(upload.statusCode).toBe(201);
      expect(upload.body).not.toContain(moved.residentId);
      const county = as(countyClerk.cookie);
      expect((await county.get(`${B}/hukou-moves`)).json()).toMatchObject({ total: 1 });

      const township = as((await signIn('subsidy_clerk', '430181001')).cookie);
      expect((await township.post(`${B}/runs`, {})).statusCode).toBe(403);
      const run = await county.post(`${B}/runs`, {});
      expect(run.statusCode).toBe(201);
      expect(run.json()).toMatchObject({ newFindings: 2, counts: { dibao_ended: 1, moved_out: 1 } });
      expect((await county.get(`${B}/runs`)).json()).toMatchObject({ total: 1 });

      const reviewer = as((await signIn('county_reviewer', '430181')).cookie);
      const queue = await reviewer.get(`${B}/findings`, { pending: '1', sort: 'answerDueOn' });
      expect(queue.statusCode).toBe(200);
      const items = queue.json<{ items: { id: string; kind: string; entitlementId: string }[] }>().items;
      const f = items.find((x) => x.kind === 'dibao_ended')!;
      const m = items.find((x) => x.kind === 'moved_out')!;
      const xlsx = await reviewer.get(`${B}/findings/export`, { kind: 'dibao_ended' });
      expect([xlsx.statusCode, xlsx.headers['content-type']]).toEqual([
        200,
        expect.stringContaining('spreadsheetml'),
      ]);
      const early = await reviewer.post(`${B}/findings/${m.id}/confirm`, { note: '确认迁出' });
      expect([early.statusCode, early.json<{ error: { code: string } }>().error.code]).toEqual([
        409,
        'DISABILITY_FINDING_NOT_ANSWERED',
      ]);
      expect(
        (await township.post(`${B}/findings/${f.id}/answer`, { answer: '已核实退出低保' })).statusCode,
      ).toBe(200);
      const ok = await reviewer.post(`${B}/findings/${f.id}/confirm`, { note: '确认停发生活补贴' });
      expect(ok.json()).toMatchObject({ status: 'confirmed', stopsFromMonth: '2026-10' });
      const ent = await core.db.kysely
        .selectFrom('disabilityEntitlements')
        .selectAll()
        .where('id', '=', living.id)
        .executeTakeFirstOrThrow();
      expect([ent.status, ent.toMonth]).toEqual(['stopped', '2026-09']);
      expect(
        (await reviewer.post(`${B}/findings/${m.id}/dismiss`, { reason: '迁往县内，误报' })).json(),
      ).toMatchObject({ status: 'dismissed' });

      const supervisor = as((await signIn('supervisor', '430100')).cookie);
      const camp = await supervisor.post(`${B}/campaigns`, {
        name: '清理认定',
        divisionCode: '430181',
        deadline: '2026-12-20',
      });
      expect(camp.statusCode).toBe(201);
      const campId = camp.json<{ id: string }>().id;
      const list = await township.get(`${B}/campaign-items`, { campaignId: campId });
      const item = list.json<{ items: { id: string }[] }>().items[0]!;
      expect(
        (await township.post(`${B}/campaign-items/${item.id}/self-check`, { result: 'verified' })).statusCode,
      ).toBe(200);
      const sample = await reviewer.post(`${B}/campaigns/${campId}/sample`, { seed: 's', percent: 100 });
      expect(sample.json()).toMatchObject({ totals: { sampled: 1, verified: 1 } });
      expect(
        (await reviewer.post(`${B}/campaign-items/${item.id}/spot-check`, { result: 'consistent' }))
          .statusCode,
      ).toBe(200);
      expect((await supervisor.get(`${B}/campaigns`)).json<{ items: unknown[] }>().items).toHaveLength(1);
      const itemsXlsx = await supervisor.get(`${B}/campaign-items/export`, { campaignId: campId });
      expect(itemsXlsx.statusCode).toBe(200);

      // Records of 芙蓉区 (430102) answer 404 to 浏阳市 accounts.
      const fr = await aDisabilityCounty(core, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const person = await aDisabledPerson(core, { county: '430102', dibaoFrom: '2020-01-01' });
      const application = await anApplication(core, person, { divisionCode: '430102001' });
      const other = await aDisabledPerson(core, { county: '430102', grade: 1 });
      const entitlement = await anEntitlement(core, other, { divisionCode: '430102001' });
      const samples = await verificationSamples(core, {
        county: fr,
        person,
        applicationId: application.id,
        applicationNo: application.applicationNo,
        entitlementId: entitlement.id,
        subject: { personId: person.personId },
      });
      const mine = (r: { url: string }) => r.url.startsWith(B);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(9);
    });
  },
  { lines: [disabilityLine] },
);
