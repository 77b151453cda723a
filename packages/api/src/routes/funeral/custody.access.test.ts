/**
 * The custody routes' out-of-scope samples (custody.samples.ts) pass the catalogue's check on their own:
 * every custody route that names a record answers 404 to another county (the full catalogue runs in
 * app.test.ts).
 */
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { catalogueSamples, expectOutOfScopeHidden } from '../../access-catalogue.test-support';
import { serverLines, serverManifests, testApp } from '../../test-app';

const mine = (r: { url: string }) =>
  r.url === '/api/funeral/cases' ||
  r.url === '/api/funeral/scan/:code' ||
  /^\/api\/funeral\/cases\/:id(\/(label\.pdf|collect|store|farewell|cremate|release-ashes|store-ashes|bury|cancel|farewell-booking|disposition|documents|documents\/:documentId\/revoke))?$/.test(
    r.url,
  );

describeEachDatabase(
  'funeral custody routes: out-of-scope samples',
  (t) => {
    it('answers 404 to another county on every custody route that names a record', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const province = await signIn('registrar', '430000');
      const { samples } = await catalogueSamples(core, province, serverLines);
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, mine)).toBe(16);
    });
  },
  { lines: serverManifests },
);
