/**
 * The proof that a business line plugs in through its manifest and one entry of the server list: a tiny
 * example line, added to the list here and nowhere else, is migrated, served, access-checked, scheduled
 * and run from the job commands (ADR 0010).
 */
import { migrationsFor, recordDeath, systemActor } from '@social-affairs/core';
import { aPerson, describeEachDatabase } from '@social-affairs/core/testing';
import { serverLines, serverManifests } from '@social-affairs/api';
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  expectAnonymousRefused,
  expectOutOfScopeHidden,
  expectPermissionRefused,
} from '../../../api/src/access-catalogue.test-support';
import { testApp } from '../../../api/src/test-app';
import { jobListing, runJobByName } from '../jobs';
import { exampleLine, exampleServerLine } from './example.line';

const lines = [...serverLines, exampleServerLine];
const manifests = [...serverManifests, exampleLine];
const isExample = (r: { url: string }) => r.url.startsWith('/api/example/');

describeEachDatabase(
  'a line added to the server list only',
  (t) => {
    it('is migrated with the platform and the other lines, in name order', async () => {
      const names = Object.keys(migrationsFor(manifests)).sort();
      expect(names.at(-1)).toBe('9001-example-notes');
      const r = await sql<{ n: number | string }>`select count(*) as n from example_notes`.execute(
        t.db.kysely,
      );
      expect(Number(r.rows[0]?.n)).toBe(0);
      expect(() => migrationsFor([...manifests, { ...exampleLine, name: 'copy' }])).toThrow(
        /already defined/,
      );
    });

    it('has its routes served and covered by the route-catalogue access checks', async () => {
      const { app, core, signIn } = await testApp(t.db, { lines });
      expect(app.routeCatalog.filter(isExample).map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /api/example/notes',
        'GET /api/example/notes/:id',
      ]);
      expect(await expectAnonymousRefused(app, isExample)).toBe(2);
      expect(await expectPermissionRefused(app, core, signIn, isExample)).toBeGreaterThan(0);
      const samples = await exampleServerLine.accessSamples(core, { personId: 'unused' });
      expect(await expectOutOfScopeHidden(app, core, signIn, samples, isExample)).toBe(1);
      // …and serves its own county: the registrar of 芙蓉区 reads the note the sample created.
      const insider = await signIn('registrar', '430102');
      const id = samples['GET /api/example/notes/:id']?.params.id ?? '';
      const res = await app.inject({
        method: 'GET',
        url: `/api/example/notes/${id}`,
        headers: { cookie: insider.cookie },
      });
      expect(res.statusCode).toBe(200);
      expect(core.access.permissionsOf('registrar').has('example:write')).toBe(true);
      expect(core.access.permissionsOf('auditor').has('example:read')).toBe(false);
    });

    it('has its job listed and run by the job commands, idempotently', async () => {
      expect(jobListing(manifests).some((l) => l.startsWith('example.count-notes'))).toBe(true);
      expect(jobListing(manifests).some((l) => l.startsWith('marriage.divorce-deadlines'))).toBe(true);
      const { core } = await testApp(t.db, { lines });
      expect(await runJobByName(core, 'example.count-notes')).toBe('example.count-notes: {"notes":0}');
      expect(await runJobByName(core, 'example.count-notes')).toBe('example.count-notes: {"notes":0}');
      await expect(runJobByName(core, 'example.nothing')).rejects.toThrow(/known: .*example.count-notes/);
    });

    it('has its subscriber called on the platform’s events, and its configuration slice filled with defaults', async () => {
      const { core } = await testApp(t.db, { lines });
      expect(core.config.lines.example).toEqual({ noteLimit: 100 });
      const system = systemActor('test', '430000');
      const person = await aPerson(core, system, { county: '430102' });
      await recordDeath(core, system, person.id, { deathDate: '2026-11-01', source: '医院' });
      await core.events.dispatchPending();
      const r = await sql<{ body: string }>`select body from example_notes`.execute(t.db.kysely);
      expect(r.rows.map((x) => x.body)).toEqual([`deceased ${person.id}`]);
    });
  },
  { lines: manifests },
);
