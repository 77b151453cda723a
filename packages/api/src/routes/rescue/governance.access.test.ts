/**
 * The governance routes' out-of-scope samples (governance.samples.ts) pass the catalogue's check on their
 * own: every route of this concern that names a record answers 404 to another county (430181), and every
 * record-id field of their bodies is named by the sample (the full catalogue runs in app.test.ts).
 */
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { catalogueSamples, expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { serverLines, serverManifests, testApp } from '../../test-app';

const mine = (r: { url: string }) => r.url.startsWith('/api/rescue/governance/');

describeEachDatabase(
  'rescue source-governance routes: out-of-scope samples',
  (t) => {
    it('answers 404 to another county on every governance route that names a record', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const province = await signIn('registrar', '430000');
      const { samples } = await catalogueSamples(core, province, serverLines);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(11);
    });
  },
  { lines: serverManifests },
);
