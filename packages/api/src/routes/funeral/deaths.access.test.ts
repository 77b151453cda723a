/**
 * The deaths routes' out-of-scope samples (deaths.samples.ts) pass the catalogue's check on their own:
 * every deaths route that names a record answers 404 to another county (the full catalogue runs in
 * app.test.ts).
 */
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { catalogueSamples, expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { serverLines, serverManifests, testApp } from '../../test-app';

const mine = (r: { url: string }) =>
  r.url.startsWith('/api/funeral/death-revocations') ||
  r.url.startsWith('/api/funeral/unidentified') ||
  /^\/api\/funeral\/cases\/:id\/(death-certificate|deaths|flags\/:flagId\/resolve|police-confirmation|claim-notice|unclaimed|unidentified-profile)$/.test(
    r.url,
  );

describeEachDatabase(
  'funeral deaths routes: out-of-scope samples',
  (t) => {
    it('answers 404 to another county on every deaths route that names a record', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const province = await signIn('registrar', '430000');
      const { samples } = await catalogueSamples(core, province, serverLines);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(9);
    });
  },
  { lines: serverManifests },
);
