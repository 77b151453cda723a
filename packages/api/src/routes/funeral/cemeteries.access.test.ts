/**
 * The cemeteries routes' out-of-scope samples (cemeteries.samples.ts) pass the catalogue's check on their
 * own: every cemeteries or remediation route that names a record answers 404 to another county (the full
 * catalogue runs in app.test.ts).
 */
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { catalogueSamples, expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { serverLines, serverManifests, testApp } from '../../test-app';

const mine = (r: { url: string }) =>
  /^\/api\/funeral\/(cemeteries|plots|eco-burials|remediation)(\/|$)/.test(r.url);

describeEachDatabase(
  'funeral cemeteries routes: out-of-scope samples',
  (t) => {
    it('answers 404 to another county on every cemeteries and remediation route that names a record', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const province = await signIn('registrar', '430000');
      const { samples } = await catalogueSamples(core, province, serverLines);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(11);
    });
  },
  { lines: serverManifests },
);
