/**
 * The face routes over HTTP on SQLite and PostgreSQL, with rescue-case photos (the face-bearing owner
 * type the rescue line registers) cut from the photos face-api ships. The ranking test is skipped, saying
 * so, only when the optional packages are not installed; the 503 branch always runs (the configured
 * package name points at one that does not exist).
 */
import { matchingLine, publishFamilySearchRecord } from '@social-affairs/core/matching';
import { facesIdle, followNewPhotos, stopFaces } from '@social-affairs/core';
import {
  OTHER_FACES,
  SAME_PERSON_PAIR,
  blankPng,
  facePackagesInstalled,
  sampleFaces,
} from '@social-affairs/core/faces/testing';
import { rescueLine } from '@social-affairs/core/rescue';
import { aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
import { TEST_PASSWORD, describeEachDatabase } from '@social-affairs/core/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { testApp } from '../test-app';
import { useTestAttachmentsDir } from './attachments.samples';

const installed = facePackagesInstalled();
if (!installed)
  console.warn(
    'faces.routes.test.ts: optional face packages not installed: the ranking route test is skipped',
  );

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describeEachDatabase(
  'face routes',
  (t) => {
    async function setUp(faces: Record<string, unknown> = {}) {
      const env = await testApp(t.db);
      const dir = mkdtempSync(join(tmpdir(), 'sap-face-routes-'));
      useTestAttachmentsDir(env.core, dir);
      (env.core.config as { faces?: unknown }).faces = { followSeconds: 0, ...faces };
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      cleanups.push(async () => {
        await env.app.close();
        await stopFaces(env.core);
      });
      const station = await aRescueStation(env.core, { county: '430102' });
      const other = await aRescueStation(env.core, { county: '430103' });
      const login = async (username: string) => {
        const res = await env.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: TEST_PASSWORD },
        });
        return { cookie: `sap_session=${res.cookies.find((x) => x.name === 'sap_session')?.value ?? ''}` };
      };
      const staff = await login(station.staff.username);
      const outsider = await login(other.staff.username);
      const upload = async (caseId: string, bytes: Buffer, name: string) => {
        const res = await env.app.inject({
          method: 'POST',
          url: `/api/attachments?${new URLSearchParams({ ownerType: 'rescue_case', ownerId: caseId, kind: 'photo', fileName: name }).toString()}`,
          headers: { cookie: staff.cookie, 'content-type': 'application/octet-stream' },
          payload: bytes,
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json<{ id: string }>().id;
      };
      const call = (method: 'GET' | 'POST', url: string, body?: unknown, cookie = staff.cookie) =>
        env.app.inject({
          method,
          url,
          headers: { cookie },
          ...(body === undefined ? {} : { payload: body as object }),
        });
      return { ...env, station, staff, outsider, upload, call };
    }

    it('answers 503 FACE_RANKING_UNAVAILABLE (人脸比对组件未安装) when the packages are missing, 404 outside scope first', async () => {
      const { station, upload, call, outsider, core } = await setUp({
        modules: { faceApi: '@social-affairs/no-such-face-api' },
      });
      const c = await aRescueCase(core, station);
      const photo = await upload(c.id, blankPng(), 'blank.png');
      const status = await call('GET', '/api/faces/status');
      expect(status.statusCode).toBe(200);
      expect(status.json()).toMatchObject({ available: false, embeddings: 0 });
      expect(status.json().reason).toContain('人脸比对组件未安装');
      for (const [method, url, body] of [
        ['POST', '/api/faces/search', { attachmentId: photo }],
        ['GET', `/api/faces/attachments/${photo}`, undefined],
        ['POST', `/api/faces/attachments/${photo}/embed`, {}],
        // The matching line's proposal route answers the same.
        ['POST', '/api/matching/family-candidates/face', { attachmentId: photo, hitAttachmentId: photo }],
      ] as const) {
        const res = await call(method, url, body);
        expect([url, res.statusCode]).toEqual([url, 503]);
        expect(res.json().error).toMatchObject({ code: 'FACE_RANKING_UNAVAILABLE' });
        expect(res.json().error.message).toContain('人脸比对组件未安装');
      }
      const hidden = await call('GET', `/api/faces/attachments/${photo}`, undefined, outsider.cookie);
      expect(hidden.statusCode).toBe(404);
    });

    it.skipIf(!installed)(
      'ranks the same person first over HTTP, hides other stations, proposes a face candidate',
      async () => {
        const { station, upload, call, outsider, core } = await setUp();
        const faces = new Map(
          sampleFaces([SAME_PERSON_PAIR.query, SAME_PERSON_PAIR.match, ...OTHER_FACES.slice(0, 4)])!.map(
            (f) => [f.label, f.jpeg],
          ),
        );
        const queryCase = await aRescueCase(core, station);
        const matchCase = await aRescueCase(core, station);
        const queryPhoto = await upload(queryCase.id, faces.get(SAME_PERSON_PAIR.query)!, 'query.jpg');
        const matchPhoto = await upload(matchCase.id, faces.get(SAME_PERSON_PAIR.match)!, 'match.jpg');
        for (const label of OTHER_FACES.slice(0, 4)) {
          const c = await aRescueCase(core, station);
          await upload(c.id, faces.get(label)!, `${label}.jpg`);
        }
        const before = await call('POST', '/api/faces/search', { attachmentId: queryPhoto, k: 3 });
        expect(before.statusCode).toBe(200);
        expect(before.json()).toMatchObject({ hits: [] });
        expect(['none', 'pending']).toContain(before.json().query.status);
        await followNewPhotos(core);
        await facesIdle(core);

        const status = await call('GET', '/api/faces/status');
        expect(status.json()).toMatchObject({ available: true, embeddings: 6, queueLength: 0 });
        const one = await call('GET', `/api/faces/attachments/${queryPhoto}`);
        expect(one.json()).toMatchObject({ status: 'done', ownerType: 'rescue_case', ownerId: queryCase.id });

        const res = await call('POST', '/api/faces/search', { attachmentId: queryPhoto, k: 3 });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.threshold).toBe(0.6);
        expect(body.hits).toHaveLength(3);
        expect(body.hits[0]).toMatchObject({
          attachmentId: matchPhoto,
          ownerType: 'rescue_case',
          ownerId: matchCase.id,
          ownerTypeLabel: expect.stringMatching(/[\u4e00-\u9fff]/),
        });
        // Another station's staff: the photo does not exist for them.
        for (const [method, url, payload] of [
          ['POST', '/api/faces/search', { attachmentId: queryPhoto }],
          ['GET', `/api/faces/attachments/${queryPhoto}`, undefined],
          ['POST', `/api/faces/attachments/${queryPhoto}/embed`, {}],
          [
            'POST',
            '/api/matching/family-candidates/face',
            { attachmentId: queryPhoto, hitAttachmentId: matchPhoto },
          ],
        ] as const) {
          const hidden = await call(method, url, payload, outsider.cookie);
          expect([url, hidden.statusCode]).toEqual([url, 404]);
        }
        // Bad input: 400 (shape), 422 (rule).
        expect((await call('POST', '/api/faces/search', { attachmentId: queryPhoto, k: 0 })).statusCode).toBe(
          400,
        );
        expect(
          (await call('POST', '/api/faces/search', { attachmentId: queryPhoto, extra: 1 })).statusCode,
        ).toBe(400);

        // Both cases in the family-search feed (entry id = case id); the hit becomes a face candidate.
        await core.db.kysely.transaction().execute(async (trx) => {
          for (const c of [queryCase, matchCase])
            await publishFamilySearchRecord(core, trx, {
              ownerId: c.id,
              ownerLine: 'rescue',
              kind: c === queryCase ? 'unidentified-living' : 'missing-report',
              divisionCode: station.divisionCode,
              institutionId: station.id,
            });
        });
        const proposed = await call('POST', '/api/matching/family-candidates/face', {
          attachmentId: queryPhoto,
          hitAttachmentId: matchPhoto,
        });
        expect(proposed.statusCode, proposed.body).toBe(200);
        expect(proposed.json()).toMatchObject({ proposed: true, candidateId: expect.any(String) });
        const again = await call('POST', '/api/matching/family-candidates/face', {
          attachmentId: queryPhoto,
          hitAttachmentId: matchPhoto,
        });
        expect(again.json()).toMatchObject({ proposed: true, candidateId: proposed.json().candidateId });
      },
      180_000,
    );
  },
  { lines: [matchingLine, rescueLine] },
);
