/**
 * The departure routes' out-of-scope samples (departure.samples.ts) pass the catalogue's check on their
 * own: every route of this concern that names a record answers 404 to another county, and every
 * record-id field of their bodies is named by the sample (the full catalogue runs in app.test.ts).
 */
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { catalogueSamples, expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { serverLines, serverManifests, testApp } from '../../test-app';

const mine = (r: { url: string }) =>
  r.url.startsWith('/api/rescue/departures') ||
  /^\/api\/rescue\/cases\/:id\/(departure|self-departure-declaration\.pdf|settlement)$/.test(r.url);

describeEachDatabase(
  'rescue departure routes: out-of-scope samples',
  (t) => {
    it('answers 404 to another county on every departure route that names a record', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const province = await signIn('registrar', '430000');
      const { samples } = await catalogueSamples(core, province, serverLines);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(4);
    });
  },
  { lines: serverManifests },
);
