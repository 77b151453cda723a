/**
 * The missing-person report's photos (owner type `missing_person_report`), on SQLite and PostgreSQL:
 * scoped by the report's county (404 outside, also for a station-bound account), its latest photo becomes
 * the feed's `photoRef`, and — with the optional face packages — the family's photo is embedded and
 * ranks first in a face search from a rescued person's photo of the same woman, the hit named by the
 * report, and a proposal pairs the case and the report with channel `face`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { listAttachments, storeAttachment } from '../attachments/attachments.service';
import type { CoreContext } from '../context';
import {
  facesIdle,
  followNewPhotos,
  proposeFaceCandidate,
  searchFaces,
  stopFaces,
} from '../faces/faces.service';
import { OTHER_FACES, SAME_PERSON_PAIR, facePackagesInstalled, sampleFaces } from '../faces/testing';
import { backfillCasesToFamilySearch } from '../rescue/family-feed';
import { rescueLine } from '../rescue/line';
import { aRescueCase, aRescueStation } from '../rescue/rescue.fixtures';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import { proposeFamilyCandidate } from './family-candidates.service';
import { createMissingReport } from './family-search.service';
import { matchingLine } from './line';
import { syncReportPhotosToFamilySearch } from './report-attachments';

const installed = facePackagesInstalled();
if (!installed)
  console.warn('report-attachments.test.ts: optional face packages not installed: face ranking part skipped');

const contexts: CoreContext[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const ctx of contexts.splice(0)) await stopFaces(ctx);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describeEachDatabase(
  'missing-person report photos',
  (t) => {
    function context(): CoreContext {
      const dir = mkdtempSync(join(tmpdir(), 'sap-report-photos-'));
      dirs.push(dir);
      const base = testContext(t.db);
      const ctx: CoreContext = {
        ...base,
        config: { ...base.config, attachmentsDir: dir, faces: { followSeconds: 0 } },
      };
      contexts.push(ctx);
      return ctx;
    }

    async function aReport(ctx: CoreContext, county = '430102') {
      const office = (await aUser(ctx, { role: 'county_reviewer', divisionCode: county })).actor;
      const report = await createMissingReport(ctx, office, {
        name: '周秀兰',
        sex: 'female',
        birthYear: 1985,
        lostDivisionCode: county,
        contactName: '周建国',
        contactPhone: '13812345678',
      });
      return { office, report };
    }

    it('is scoped by the report’s county: 404 elsewhere and for a station; the latest photo becomes photoRef', async () => {
      const ctx = context();
      const { office, report } = await aReport(ctx);
      const photo = (bytes: Buffer, name: string) => ({
        ownerType: 'missing_person_report',
        ownerId: report.id,
        kind: 'photo',
        fileName: name,
        content: bytes,
      });
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      );
      const { attachment } = await storeAttachment(ctx, office, photo(png, '母亲提供的照片.png'));
      expect(attachment).toMatchObject({ ownerType: 'missing_person_report', divisionCode: '430102' });

      // Another county's reviewer and a station account of the same county: not found, nothing stored.
      const other = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430103' })).actor;
      await expect(storeAttachment(ctx, other, photo(png, 'x.png'))).rejects.toMatchObject({
        kind: 'not_found',
      });
      await expect(
        listAttachments(ctx, other, { ownerType: 'missing_person_report', ownerId: report.id }),
      ).rejects.toMatchObject({ kind: 'not_found' });
      const station = await aRescueStation(ctx, { county: '430102' });
      await expect(
        listAttachments(ctx, station.staff, { ownerType: 'missing_person_report', ownerId: report.id }),
      ).rejects.toMatchObject({ kind: 'not_found' });
      // The county's rescue staff read it (matching:family-read) but do not write it (matching:review).
      const listed = await listAttachments(ctx, station.countyStaff, {
        ownerType: 'missing_person_report',
        ownerId: report.id,
      });
      expect(listed.map((a) => a.id)).toEqual([attachment.id]);
      await expect(storeAttachment(ctx, station.countyStaff, photo(png, 'y.png'))).rejects.toMatchObject({
        kind: 'forbidden',
      });
      const count = await ctx.db.kysely
        .selectFrom('attachments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('ownerType', '=', 'missing_person_report')
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);

      // The feed holds the report's latest photo after the sync; a second run changes nothing.
      expect(await syncReportPhotosToFamilySearch(ctx)).toEqual({ republished: 1 });
      expect(await syncReportPhotosToFamilySearch(ctx)).toEqual({ republished: 0 });
      const entry = await ctx.db.kysely
        .selectFrom('familySearchEntries')
        .select(['photoRef', 'kind'])
        .where('id', '=', report.id)
        .executeTakeFirstOrThrow();
      expect(entry).toEqual({ photoRef: attachment.id, kind: 'missing-report' });
    });

    it.skipIf(!installed)(
      'the family’s photo is embedded and ranks first from the rescued woman’s photo, named by the report; proposal with channel face',
      async () => {
        const ctx = context();
        const station = await aRescueStation(ctx, { county: '430102' });
        const faces = new Map(
          sampleFaces([SAME_PERSON_PAIR.query, SAME_PERSON_PAIR.match, ...OTHER_FACES.slice(0, 3)])!.map(
            (f) => [f.label, f.jpeg],
          ),
        );
        const casePhoto = async (label: string) => {
          const c = await aRescueCase(ctx, station, {
            sex: 'female',
            estimatedAge: 40,
            identityStatus: 'unidentified',
          });
          const { attachment } = await storeAttachment(ctx, station.staff, {
            ownerType: 'rescue_case',
            ownerId: c.id,
            kind: 'photo',
            fileName: `${label}.jpg`,
            content: faces.get(label)!,
          });
          return { caseRow: c, attachmentId: attachment.id };
        };
        const rescued = await casePhoto(SAME_PERSON_PAIR.query);
        const distractors = [];
        for (const label of OTHER_FACES.slice(0, 3)) distractors.push(await casePhoto(label));
        const { office, report } = await aReport(ctx);
        const { attachment: familyPhoto } = await storeAttachment(ctx, office, {
          ownerType: 'missing_person_report',
          ownerId: report.id,
          kind: 'photo',
          fileName: '家属提供的照片.jpg',
          content: faces.get(SAME_PERSON_PAIR.match)!,
        });
        await backfillCasesToFamilySearch(ctx);
        await syncReportPhotosToFamilySearch(ctx);

        expect(await followNewPhotos(ctx)).toBe(5);
        await facesIdle(ctx);

        // The county's rescue staff search from the rescued woman's photo.
        const caseworker = station.countyStaff;
        const result = await searchFaces(ctx, caseworker, { attachmentId: rescued.attachmentId, k: 4 });
        expect(result.hits).toHaveLength(4);
        expect(result.hits[0]).toMatchObject({
          attachmentId: familyPhoto.id,
          ownerType: 'missing_person_report',
          ownerId: report.id,
          ownerTypeLabel: '寻亲报告',
          ownerLabel: '寻亲报告 周秀兰 登记于 ' + report.createdAt.slice(0, 10),
        });
        const caseHit = result.hits.find((h) => h.ownerType === 'rescue_case')!;
        const caseNo = distractors.find((d) => d.caseRow.id === caseHit.ownerId)!.caseRow.caseNo;
        expect(caseHit.ownerLabel).toBe(`救助案件 ${caseNo} （无名）`);
        // A station-bound account does not see the report's photo (institution scope, ADR 0009 §4).
        const fromStation = await searchFaces(ctx, station.staff, { attachmentId: rescued.attachmentId });
        expect(fromStation.hits.map((h) => h.ownerType)).not.toContain('missing_person_report');

        const proposed = await proposeFaceCandidate(
          ctx,
          caseworker,
          { attachmentId: rescued.attachmentId, hitAttachmentId: familyPhoto.id },
          { permission: 'matching:family-review', propose: proposeFamilyCandidate },
        );
        expect(proposed.proposed).toBe(true);
        const candidate = await ctx.db.kysely
          .selectFrom('familyCandidates')
          .select(['channel', 'leftEntryId', 'rightEntryId'])
          .where('id', '=', proposed.candidateId!)
          .executeTakeFirstOrThrow();
        expect(candidate.channel).toBe('face');
        expect([candidate.leftEntryId, candidate.rightEntryId].sort()).toEqual(
          [rescued.caseRow.id, report.id].sort(),
        );
      },
      180_000,
    );
  },
  { lines: [matchingLine, rescueLine] },
);
