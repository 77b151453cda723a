/**
 * The 寻亲 face search over HTTP (ADR 0025 §9), on SQLite and PostgreSQL: a station account's search from
 * its case returns another county's report photo minimised (no name, no thumbnail: the content route stays
 * 404), and the proposal route accepts it; a user without matching:family-review is refused the route, and
 * the platform's /api/faces/search stays scope-only.
 */
import { facesIdle, followNewPhotos, stopFaces, storeAttachment } from '@social-affairs/core';
import {
  OTHER_FACES,
  SAME_PERSON_PAIR,
  facePackagesInstalled,
  sampleFaces,
} from '@social-affairs/core/faces/testing';
import {
  createMissingReport,
  matchingLine,
  syncReportPhotosToFamilySearch,
} from '@social-affairs/core/matching';
import { backfillCasesToFamilySearch, rescueLine } from '@social-affairs/core/rescue';
import { aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
import { TEST_PASSWORD, aUser, describeEachDatabase } from '@social-affairs/core/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { testApp } from '../../test-app';
import { useTestAttachmentsDir } from '../attachments.samples';

const installed = facePackagesInstalled();
if (!installed)
  console.warn('family-face-search.routes.test.ts: optional face packages not installed: skipped');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describeEachDatabase(
  'family-search face search route',
  (t) => {
    it.skipIf(!installed)(
      'a station sees the other county’s report photo minimised and proposes it',
      async () => {
        const env = await testApp(t.db);
        const core = env.core;
        const dir = mkdtempSync(join(tmpdir(), 'sap-face-family-routes-'));
        useTestAttachmentsDir(core, dir);
        (core.config as { faces?: unknown }).faces = { followSeconds: 0 };
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        cleanups.push(async () => {
          await env.app.close();
          await stopFaces(core);
        });
        const faces = new Map(
          sampleFaces([SAME_PERSON_PAIR.query, SAME_PERSON_PAIR.match, OTHER_FACES[0]])!.map((f) => [
            f.label,
            f.jpeg,
          ]),
        );
        const station = await aRescueStation(core, { county: '430102' });
        const c = await aRescueCase(core, station, { sex: 'female', identityStatus: 'unidentified' });
        const { attachment: casePhoto } = await storeAttachment(core, station.staff, {
          ownerType: 'rescue_case',
          ownerId: c.id,
          kind: 'photo',
          fileName: 'case.jpg',
          content: faces.get(SAME_PERSON_PAIR.query)!,
        });
        const office = (await aUser(core, { role: 'county_reviewer', divisionCode: '430103' })).actor;
        const report = await createMissingReport(core, office, {
          name: '周秀兰',
          sex: 'female',
          birthYear: 1985,
          lostDivisionCode: '430103',
          lostOn: '2023-11-20',
        });
        const { attachment: familyPhoto } = await storeAttachment(core, office, {
          ownerType: 'missing_person_report',
          ownerId: report.id,
          kind: 'photo',
          fileName: 'family.jpg',
          content: faces.get(SAME_PERSON_PAIR.match)!,
        });
        await backfillCasesToFamilySearch(core);
        await syncReportPhotosToFamilySearch(core);
        await followNewPhotos(core);
        await facesIdle(core);

        const login = async (username: string) => {
          const res = await env.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username, password: TEST_PASSWORD },
          });
          return `sap_session=${res.cookies.find((x) => x.name === 'sap_session')?.value ?? ''}`;
        };
        const staff = await login(station.staff.username);
        const supervisor = await login(
          (await aUser(core, { role: 'supervisor', divisionCode: '430102' })).actor.username,
        );
        const post = (url: string, payload: object, cookie = staff) =>
          env.app.inject({ method: 'POST', url, headers: { cookie }, payload });

        const res = await post('/api/matching/family-candidates/face-search', { attachmentId: casePhoto.id });
        expect(res.statusCode, res.body).toBe(200);
        const hits = res.json<{ hits: Record<string, unknown>[] }>().hits;
        expect(hits).toHaveLength(1);
        expect(hits[0]).toMatchObject({
          attachmentId: familyPhoto.id,
          minimised: true,
          outsideScope: 'county',
          ownerLabel: expect.stringMatching(/^寻亲报告 · .+ · 2023年$/),
        });
        expect(JSON.stringify(hits)).not.toContain('周秀兰');
        // No thumbnail: the photo's content stays out of the station's scope.
        const content = await env.app.inject({
          method: 'GET',
          url: `/api/attachments/${familyPhoto.id}/content?reason=${encodeURIComponent('人脸比对')}`,
          headers: { cookie: staff },
        });
        expect(content.statusCode).toBe(404);
        // The platform search stays scope-only; without matching:family-review the route is refused.
        const plain = await post('/api/faces/search', { attachmentId: casePhoto.id });
        expect(plain.json()).toMatchObject({ hits: [] });
        const refused = await post(
          '/api/matching/family-candidates/face-search',
          { attachmentId: casePhoto.id },
          supervisor,
        );
        expect(refused.statusCode).toBe(403);

        const proposed = await post('/api/matching/family-candidates/face', {
          attachmentId: casePhoto.id,
          hitAttachmentId: familyPhoto.id,
        });
        expect(proposed.statusCode, proposed.body).toBe(200);
        expect(proposed.json()).toMatchObject({ proposed: true, candidateId: expect.any(String) });
      },
      180_000,
    );
  },
  { lines: [matchingLine, rescueLine] },
);
