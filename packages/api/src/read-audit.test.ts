/**
 * Read audit over the whole route catalogue (issue 11 item 7): every GET route that answers a person's data
 * writes an audit row, a search by a full resident id is audited, and no audit row anywhere holds a resident
 * id in clear — for every route of every line, with the samples each line brings (`accessSamples`).
 */
import { aPersonInput, describeEachDatabase } from '@social-affairs/core/testing';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { installAccessControl } from './access';
import { expectNoResidentIdInAudit, expectPersonalReadsAudited } from './read-audit-catalogue.test-support';
import { catalogueSamples } from './access-catalogue.test-support';
import { serverLines, serverManifests, testApp } from './test-app';

describeEachDatabase(
  'read audit over the route catalogue',
  (t) => {
    it('audits every personal-data read, searches by full resident id included, and never stores an id in clear', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const province = await signIn('registrar', '430000');
      const { person, residentId, samples } = await catalogueSamples(core, province, serverLines);
      const tried = await expectPersonalReadsAudited(app, core, signIn, samples, residentId);
      expect(tried.records).toBeGreaterThan(10);
      expect(tried.lists).toBeGreaterThanOrEqual(2); // people and marriages (and their exports)

      // The search by full id names the person found, with the id masked.
      const search = await core.db.kysely
        .selectFrom('auditLog')
        .select(['subjectPersonId', 'details'])
        .where('action', '=', 'person.search-by-resident-id')
        .execute();
      expect(search[0]?.subjectPersonId).toBe(person.id);
      expect(search[0]?.details).toContain(`${residentId.slice(0, 6)}********${residentId.slice(-4)}`);
      // Export filters are recorded masked, a prefix of an id too.
      await app.inject({
        method: 'GET',
        url: '/api/people/export',
        query: { q: residentId.slice(0, 14) },
        headers: { cookie: province.cookie },
      });
      const exported = await core.db.kysely
        .selectFrom('auditLog')
        .select('details')
        .where('action', '=', 'person.export')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(exported.details).toContain(`${residentId.slice(0, 6)}********"`);

      expect(await expectNoResidentIdInAudit(core)).toBeGreaterThan(50);
    }, 120_000);

    it('lists who read a person’s record (GET /api/audit?personId=)', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const clerk = await signIn('registrar', '430000');
      const created = await app.inject({
        method: 'POST',
        url: '/api/people',
        payload: aPersonInput({ county: '430102' }),
        headers: { cookie: clerk.cookie },
      });
      const id = created.json<{ id: string }>().id;
      await app.inject({ method: 'GET', url: `/api/people/${id}`, headers: { cookie: clerk.cookie } });
      await app.inject({ method: 'GET', url: `/api/people/${id}/panels`, headers: { cookie: clerk.cookie } });
      const auditor = await signIn('admin', '430000');
      const res = await app.inject({
        method: 'GET',
        url: '/api/audit',
        query: { personId: id },
        headers: { cookie: auditor.cookie },
      });
      expect(res.statusCode).toBe(200);
      const { items } = res.json<{
        items: { action: string; actorUsername: string; subjectPersonId: string }[];
      }>();
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(items.map((i) => i.action)).toEqual(expect.arrayContaining(['person.create', 'person.read']));
      expect(items.every((i) => i.subjectPersonId === id && i.actorUsername === clerk.username)).toBe(true);
      void core;
    });
  },
  { lines: serverManifests },
);

it('refuses to register an /api route that does not declare whether it answers personal data', async () => {
  const app = Fastify();
  app.decorate('core', { access: { permissions: new Set() } } as never);
  installAccessControl(app);
  expect(() => app.get('/api/forgot', { config: { access: 'public' } }, async () => ({}))).toThrow(
    /declares no personalData/,
  );
  app.get('/api/declared', { config: { access: 'public', personalData: false } }, async () => ({}));
  await app.ready();
  expect(app.routeCatalog).toEqual([expect.objectContaining({ url: '/api/declared', personalData: false })]);
});
