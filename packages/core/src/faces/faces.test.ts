/**
 * Face ranking over the platform's own face-bearing owner type (`person` photos), on SQLite and
 * PostgreSQL, with faces cut from the photos @vladmandic/face-api ships (read from node_modules at test
 * time, faces/testing.ts). Skipped, saying so, only when the optional packages are not installed; the
 * unavailable branch runs always, by pointing the configured package name at one that does not exist.
 */
import { DomainError } from '@social-affairs/kernel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { systemActor, type Actor } from '../access/actor';
import { storeAttachment } from '../attachments/attachments.service';
import type { CoreContext } from '../context';
import { proposeFamilyCandidate, publishFamilySearchRecord } from '../matching/index';
import { matchingLine } from '../matching/line';
import { describeEachDatabase } from '../testing/each-database';
import { aPerson, aUser, testContext } from '../testing/factories';
import type { FaceConfigInput } from './faces.config';
import {
  FaceRankingUnavailable,
  faceEmbeddingOf,
  faceStatus,
  facesIdle,
  followNewPhotos,
  proposeFaceCandidate,
  requestFaceEmbedding,
  searchFaces,
  stopFaces,
} from './faces.service';
import { OTHER_FACES, SAME_PERSON_PAIR, blankPng, facePackagesInstalled, sampleFaces } from './testing';

const installed = facePackagesInstalled();
if (!installed)
  console.warn(
    'faces.test.ts: optional face packages not installed (npm install --omit=optional): ranking tests skipped',
  );

const contexts: CoreContext[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const ctx of contexts.splice(0)) await stopFaces(ctx);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describeEachDatabase(
  'face ranking',
  (t) => {
    function context(faces: FaceConfigInput = {}): CoreContext {
      const dir = mkdtempSync(join(tmpdir(), 'sap-faces-'));
      dirs.push(dir);
      const base = testContext(t.db);
      const ctx: CoreContext = {
        ...base,
        config: { ...base.config, attachmentsDir: dir, faces: { followSeconds: 0, ...faces } },
      };
      contexts.push(ctx);
      return ctx;
    }

    async function personPhoto(ctx: CoreContext, actor: Actor, county: string, bytes: Buffer, name: string) {
      const person = await aPerson(ctx, systemActor('test', '000000'), { county });
      const { attachment } = await storeAttachment(ctx, actor, {
        ownerType: 'person',
        ownerId: person.id,
        kind: 'photo',
        fileName: `${name}.jpg`,
        content: bytes,
      });
      return { personId: person.id, attachmentId: attachment.id };
    }

    it('reports itself unavailable when a package is missing, and every service refuses with FACE_RANKING_UNAVAILABLE', async () => {
      const ctx = context({ modules: { faceApi: '@social-affairs/no-such-face-api' } });
      const { actor } = await aUser(ctx, { role: 'registrar', divisionCode: '430102' });
      const photo = await personPhoto(ctx, actor, '430102', blankPng(), 'blank');
      const status = await faceStatus(ctx, actor);
      expect(status.available).toBe(false);
      expect(status.reason).toContain('人脸比对组件未安装');
      expect(status.reason).toContain('@social-affairs/no-such-face-api');
      const err = await searchFaces(ctx, actor, { attachmentId: photo.attachmentId }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FaceRankingUnavailable);
      expect((err as FaceRankingUnavailable).code).toBe('FACE_RANKING_UNAVAILABLE');
      await expect(requestFaceEmbedding(ctx, actor, photo.attachmentId)).rejects.toBeInstanceOf(
        FaceRankingUnavailable,
      );
      // A record outside the caller's scope is still not found (nothing disclosed).
      await expect(searchFaces(ctx, actor, { attachmentId: 'no-such-attachment' })).rejects.toMatchObject({
        kind: 'not_found',
      });
      // Photos are still stored; the follower does nothing.
      expect(await followNewPhotos(ctx)).toBe(0);
    });

    it.skipIf(!installed)(
      'a second photo of the same person ranks first among the others; scope, no-face and proposal',
      async () => {
        const ctx = context();
        const clerk = (await aUser(ctx, { role: 'registrar', divisionCode: '430102' })).actor;
        const faces = sampleFaces([SAME_PERSON_PAIR.query, SAME_PERSON_PAIR.match, ...OTHER_FACES])!;
        const byLabel = new Map(faces.map((f) => [f.label, f.jpeg]));
        const query = await personPhoto(ctx, clerk, '430102', byLabel.get(SAME_PERSON_PAIR.query)!, 'query');
        const match = await personPhoto(ctx, clerk, '430102', byLabel.get(SAME_PERSON_PAIR.match)!, 'match');
        const others = [];
        for (const label of OTHER_FACES)
          others.push(await personPhoto(ctx, clerk, '430102', byLabel.get(label)!, label));
        // The same person's photo in another county: outside the clerk's scope, never a hit.
        const admin = systemActor('test', '000000');
        const elsewhere = await personPhoto(
          ctx,
          admin,
          '430103',
          byLabel.get(SAME_PERSON_PAIR.match)!,
          'elsewhere',
        );
        const blank = await personPhoto(ctx, clerk, '430102', blankPng(), 'blank');

        expect((await faceEmbeddingOf(ctx, clerk, query.attachmentId)).status).toMatch(/none|pending/);
        expect(await followNewPhotos(ctx)).toBe(others.length + 4);
        await facesIdle(ctx);

        const view = await faceEmbeddingOf(ctx, clerk, query.attachmentId);
        expect(view.status).toBe('done');
        expect(view.box?.width).toBeGreaterThan(50);
        expect(view.model).toContain('face-api 1.7.15');
        expect((await faceEmbeddingOf(ctx, clerk, blank.attachmentId)).status).toBe('no_face');
        const status = await faceStatus(ctx, clerk);
        expect(status).toMatchObject({ available: true, embeddings: others.length + 3, threshold: 0.6 });

        const result = await searchFaces(ctx, clerk, { attachmentId: query.attachmentId, k: 5 });
        expect(result.query.status).toBe('done');
        expect(result.hits).toHaveLength(5);
        expect(result.hits[0]).toMatchObject({
          attachmentId: match.attachmentId,
          ownerType: 'person',
          ownerId: match.personId,
        });
        expect(result.hits[0]!.distance).toBeLessThan(result.hits[1]!.distance);
        expect(result.hits.map((h) => h.attachmentId)).not.toContain(elsewhere.attachmentId);
        expect(result.hits.map((h) => h.attachmentId)).not.toContain(query.attachmentId);
        // Ranked the other way round too.
        const back = await searchFaces(ctx, clerk, { attachmentId: match.attachmentId, k: 3 });
        expect(back.hits[0]!.attachmentId).toBe(query.attachmentId);
        // The province-wide account sees the other county's copy: the identical photo at distance 0.
        const province = (await aUser(ctx, { role: 'registrar', divisionCode: '430000' })).actor;
        const wide = await searchFaces(ctx, province, { attachmentId: match.attachmentId, k: 3 });
        expect(wide.hits[0]).toMatchObject({
          attachmentId: elsewhere.attachmentId,
          distance: 0,
          withinThreshold: true,
        });
        // Outside scope: not found, whatever the photo.
        await expect(searchFaces(ctx, clerk, { attachmentId: elsewhere.attachmentId })).rejects.toMatchObject(
          {
            kind: 'not_found',
          },
        );
        await expect(
          searchFaces(ctx, clerk, { attachmentId: query.attachmentId, k: 0 }),
        ).rejects.toMatchObject({
          code: 'FACE_K_INVALID',
        });
        // A photo without a face answers no hits and says so.
        const none = await searchFaces(ctx, clerk, { attachmentId: blank.attachmentId });
        expect(none).toMatchObject({ query: { status: 'no_face' }, hits: [] });

        // Re-embedding puts the photo back in the queue, then done again.
        const again = await requestFaceEmbedding(ctx, clerk, match.attachmentId);
        expect(again.status).toBe('pending');
        await facesIdle(ctx);
        expect((await faceEmbeddingOf(ctx, clerk, match.attachmentId)).status).toBe('done');

        // Proposal as a family-search candidate between two feed entries (entry id = owner record id).
        await ctx.db.kysely.transaction().execute(async (trx) => {
          await publishFamilySearchRecord(ctx, trx, {
            ownerId: query.personId,
            ownerLine: 'test',
            kind: 'unidentified-living',
            divisionCode: '430102',
          });
          await publishFamilySearchRecord(ctx, trx, {
            ownerId: match.personId,
            ownerLine: 'test',
            kind: 'missing-report',
            divisionCode: '430102',
          });
        });
        const handover = { permission: 'matching:family-review' as const, propose: proposeFamilyCandidate };
        const err = await proposeFaceCandidate(
          ctx,
          clerk,
          {
            attachmentId: query.attachmentId,
            hitAttachmentId: match.attachmentId,
          },
          handover,
        ).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).kind).toBe('forbidden');
        const reviewer = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430102' })).actor;
        const proposed = await proposeFaceCandidate(
          ctx,
          reviewer,
          {
            attachmentId: query.attachmentId,
            hitAttachmentId: match.attachmentId,
          },
          handover,
        );
        expect(proposed).toMatchObject({ proposed: true });
        const candidate = await ctx.db.kysely
          .selectFrom('familyCandidates')
          .selectAll()
          .where('id', '=', proposed.candidateId!)
          .executeTakeFirstOrThrow();
        expect(candidate.channel).toBe('face');
        expect(JSON.parse(candidate.explanation)).toMatchObject({
          face: {
            attachmentId: query.attachmentId,
            hitAttachmentId: match.attachmentId,
            thresholdCalibrated: false,
          },
        });
        // A photo whose record is not in the feed: a clear 409, nothing stored.
        await expect(
          proposeFaceCandidate(
            ctx,
            reviewer,
            {
              attachmentId: query.attachmentId,
              hitAttachmentId: others[0]!.attachmentId,
            },
            handover,
          ),
        ).rejects.toMatchObject({ code: 'FACE_RECORD_NOT_IN_FAMILY_SEARCH' });
        const audits = await ctx.db.kysely
          .selectFrom('auditLog')
          .select('action')
          .where('action', 'in', ['face.embed-request', 'face.propose'])
          .execute();
        expect(audits.map((a) => a.action).sort()).toEqual(['face.embed-request', 'face.propose']);
      },
      180_000,
    );
  },
  { lines: [matchingLine] },
);
