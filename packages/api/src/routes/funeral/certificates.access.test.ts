/**
 * The certificates routes' out-of-scope samples (certificates.samples.ts) pass the catalogue's check on
 * their own: every route of this concern that names a record answers 404 to another county (the full
 * catalogue runs in app.test.ts).
 */
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { catalogueSamples, expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { serverLines, serverManifests, testApp } from '../../test-app';

const mine = (r: { url: string }) =>
  r.url.startsWith('/api/funeral/certificates') ||
  r.url.startsWith('/api/funeral/transport-requests') ||
  /^\/api\/funeral\/cases\/:id\/(certificates|transport-requests)$/.test(r.url);

describeEachDatabase(
  'funeral certificates routes: out-of-scope samples',
  (t) => {
    it('answers 404 to another county on every certificates route that names a record', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const province = await signIn('registrar', '430000');
      const { samples } = await catalogueSamples(core, province, serverLines);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(10);
    });
  },
  { lines: serverManifests },
);
