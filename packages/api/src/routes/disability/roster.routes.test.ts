/**
 * Roster routes over HTTP: a county clerk freezes a month, each township confirms, county civil affairs
 * signs; the diff shows a death as a reasoned stop; the lines ledger and both Excel exports; a second
 * freeze → 409; every roster route naming a roster answers 404 to another county (roster.samples.ts).
 */
import { recordDeath, systemActor } from '@social-affairs/core';
import { aDisabledPerson, aStandard, anEntitlement } from '@social-affairs/core/disability/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import type { RosterBody, RosterDiffBody } from '@social-affairs/kernel/contracts/disability';
import { expect, it } from 'vitest';
import { catalogueSamples, expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { serverLines, serverManifests, testApp } from '../../test-app';

const mine = (r: { url: string }) => r.url.startsWith('/api/disability/rosters/:id');

describeEachDatabase(
  'disability roster routes',
  (t) => {
    it('freezes, confirms by township, signs, and diffs a death as a reasoned stop', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2025-04-02T02:00:00.000Z');
      await aStandard(core, { year: 2025, subsidy: 'care', amountFen: 10_000 });
      const alive = await aDisabledPerson(core, { grade: 1 });
      const dying = await aDisabledPerson(core, { grade: 1 });
      await anEntitlement(core, alive, { fromMonth: '2025-03' });
      await anEntitlement(core, dying, { fromMonth: '2025-03', divisionCode: '430181102' });
      const county = await signIn('subsidy_clerk', '430181');
      const town1 = await signIn('subsidy_clerk', '430181001');
      const town2 = await signIn('subsidy_clerk', '430181102');
      const civil = await signIn('county_reviewer', '430181');
      const req = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
        app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

      const march = await req('POST', '/api/disability/rosters', county.cookie, {
        countyCode: '430181',
        month: '2025-03',
      });
      expect(march.statusCode).toBe(201);
      const again = await req('POST', '/api/disability/rosters', county.cookie, {
        countyCode: '430181',
        month: '2025-03',
      });
      expect(again.statusCode).toBe(409);

      await recordDeath(core, systemActor('test', '430181'), dying.personId, {
        deathDate: '2025-03-15',
        source: '殡葬',
      });
      await core.events.dispatchPending();
      const created = await req('POST', '/api/disability/rosters', county.cookie, {
        countyCode: '430181',
        month: '2025-04',
      });
      expect(created.statusCode).toBe(201);
      const april = created.json<RosterBody>();
      expect(april).toMatchObject({ recipients: 1, totalFen: 10_000 });

      const diff = await req('GET', `/api/disability/rosters/${april.id}/diff`, county.cookie);
      expect(diff.json<RosterDiffBody>().groups).toContainEqual(
        expect.objectContaining({ change: 'stopped', reasonLabel: '死亡', lines: 1 }),
      );
      const lines = await req(
        'GET',
        `/api/disability/roster-lines?rosterId=${april.id}&change=stopped`,
        town2.cookie,
      );
      expect(lines.json()).toMatchObject({ total: 1, items: [{ reasonCode: 'death', amountFen: 0 }] });
      const xlsx = await req(
        'GET',
        `/api/disability/roster-lines/export?rosterId=${april.id}`,
        county.cookie,
      );
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const diffXlsx = await req('GET', `/api/disability/rosters/${april.id}/diff/export`, county.cookie);
      expect(diffXlsx.statusCode).toBe(200);

      const early = await req('POST', `/api/disability/rosters/${april.id}/sign`, civil.cookie, {});
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ error: { code: 'DISABILITY_ROSTER_TOWNSHIPS_PENDING' } });
      for (const town of [town1, town2]) {
        const ok = await req('POST', `/api/disability/rosters/${april.id}/confirm`, town.cookie, {});
        expect(ok.statusCode).toBe(200);
      }
      const signed = await req('POST', `/api/disability/rosters/${april.id}/sign`, civil.cookie, {
        note: '同意发放',
      });
      expect(signed.statusCode).toBe(200);
      expect(signed.json<RosterBody>()).toMatchObject({
        status: 'signed',
        countySignoff: { note: '同意发放' },
      });
    });

    it('answers 404 to another county on every roster route that names a roster', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const province = await signIn('registrar', '430000');
      const { samples } = await catalogueSamples(core, province, serverLines);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(6);
    });
  },
  { lines: serverManifests },
);
