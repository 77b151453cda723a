/**
 * Face hits outside the searcher's scope among family-search records of another kind (ADR 0025 §9), on
 * SQLite and PostgreSQL: a station-bound caseworker searching from their case's photo finds the family's
 * report photo filed in another county — minimised (no name, no number, kind + county + year), distance
 * kept — and can propose it as a family candidate; a user without `matching:family-review` does not see
 * it; another station's rescue case (the same kind) and a person photo outside the scope stay hidden.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { storeAttachment } from '../attachments/attachments.service';
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
import { aPerson, aUser, testContext } from '../testing/factories';
import { familyFaceScope } from './face-family-scope';
import { proposeFamilyCandidate } from './family-candidates.service';
import { createMissingReport } from './family-search.service';
import { matchingLine } from './line';
import { syncReportPhotosToFamilySearch } from './report-attachments';

const installed = facePackagesInstalled();
if (!installed) console.warn('face-family-scope.test.ts: optional face packages not installed: skipped');

const contexts: CoreContext[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const ctx of contexts.splice(0)) await stopFaces(ctx);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describeEachDatabase(
  'face search across scopes for family search',
  (t) => {
    it.skipIf(!installed)(
      'a station finds another county’s report photo minimised and proposes it; others stay hidden',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'sap-face-family-'));
        dirs.push(dir);
        const base = testContext(t.db);
        const ctx: CoreContext = {
          ...base,
          config: { ...base.config, attachmentsDir: dir, faces: { followSeconds: 0 } },
        };
        contexts.push(ctx);
        const faces = new Map(
          sampleFaces([SAME_PERSON_PAIR.query, SAME_PERSON_PAIR.match, ...OTHER_FACES.slice(0, 2)])!.map(
            (f) => [f.label, f.jpeg],
          ),
        );
        const station = await aRescueStation(ctx, { county: '430102' });
        const otherStation = await aRescueStation(ctx, { county: '430102' });
        const aCasePhoto = async (s: typeof station, label: string) => {
          const c = await aRescueCase(ctx, s, {
            sex: 'female',
            estimatedAge: 40,
            identityStatus: 'unidentified',
          });
          const { attachment } = await storeAttachment(ctx, s.staff, {
            ownerType: 'rescue_case',
            ownerId: c.id,
            kind: 'photo',
            fileName: `${label}.jpg`,
            content: faces.get(label)!,
          });
          return { caseRow: c, attachmentId: attachment.id };
        };
        const rescued = await aCasePhoto(station, SAME_PERSON_PAIR.query);
        // The same kind outside the station's scope: another station's unidentified woman.
        const otherCase = await aCasePhoto(otherStation, OTHER_FACES[0]);
        // A person photo of the county (not a family-search record).
        const person = await aPerson(ctx, otherStation.countyStaff, { county: '430102' });
        const { attachment: personPhoto } = await storeAttachment(ctx, otherStation.countyStaff, {
          ownerType: 'person',
          ownerId: person.id,
          kind: 'photo',
          fileName: 'person.jpg',
          content: faces.get(OTHER_FACES[1])!,
        });
        // The family's report, filed in another county (天心区 430103).
        const office = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430103' })).actor;
        const report = await createMissingReport(ctx, office, {
          name: '周秀兰',
          sex: 'female',
          birthYear: 1985,
          lostDivisionCode: '430103',
          lostOn: '2024-03-02',
          contactName: '周建国',
          contactPhone: '13812345678',
        });
        const { attachment: familyPhoto } = await storeAttachment(ctx, office, {
          ownerType: 'missing_person_report',
          ownerId: report.id,
          kind: 'photo',
          fileName: '家属提供的照片.jpg',
          content: faces.get(SAME_PERSON_PAIR.match)!,
        });
        await backfillCasesToFamilySearch(ctx);
        await syncReportPhotosToFamilySearch(ctx);
        expect(await followNewPhotos(ctx)).toBe(4);
        await facesIdle(ctx);

        // The platform search (no family scope): the station sees nothing outside its scope.
        const plain = await searchFaces(ctx, station.staff, { attachmentId: rescued.attachmentId });
        expect(plain.hits).toEqual([]);

        // The family-search face search: the report's photo, minimised; nothing else outside the scope.
        const result = await searchFaces(
          ctx,
          station.staff,
          { attachmentId: rescued.attachmentId },
          familyFaceScope,
        );
        expect(result.hits).toHaveLength(1);
        const hit = result.hits[0]!;
        expect(hit).toMatchObject({
          attachmentId: familyPhoto.id,
          ownerType: 'missing_person_report',
          minimised: true,
          outsideScope: 'county',
          withinThreshold: true,
        });
        expect(hit.ownerLabel).toMatch(/^寻亲报告 · .+ · 2024年$/);
        expect(hit.ownerLabel).not.toContain('周秀兰');
        expect(hit.distance).toBeGreaterThan(0);
        const ids = result.hits.map((h) => h.attachmentId);
        expect(ids).not.toContain(otherCase.attachmentId);
        expect(ids).not.toContain(personPhoto.id);
        await ctx.readAudit.drain();
        const auditRow = await ctx.db.kysely
          .selectFrom('auditLog')
          .select(['details'])
          .where('action', '=', 'face.search')
          .where('actorUsername', '=', station.staff.username)
          .execute();
        expect(JSON.stringify(auditRow)).toContain(familyPhoto.id);

        // Same-kind and in-scope hits unchanged: the county's rescue staff see the other station's case
        // named in full, and the report (another county) minimised.
        const county = await searchFaces(
          ctx,
          station.countyStaff,
          { attachmentId: rescued.attachmentId },
          familyFaceScope,
        );
        const countyCase = county.hits.find((h) => h.attachmentId === otherCase.attachmentId);
        expect(countyCase).toMatchObject({ minimised: false, outsideScope: null });
        expect(countyCase?.ownerLabel).toContain(otherCase.caseRow.caseNo);
        expect(county.hits.find((h) => h.attachmentId === familyPhoto.id)).toMatchObject({
          minimised: true,
          outsideScope: 'county',
        });

        // Without matching:family-review (a supervisor of the county reads cases, not family review).
        const supervisor = (await aUser(ctx, { role: 'supervisor', divisionCode: '430102' })).actor;
        const fromSupervisor = await searchFaces(
          ctx,
          supervisor,
          { attachmentId: rescued.attachmentId },
          familyFaceScope,
        );
        expect(fromSupervisor.hits.map((h) => h.attachmentId)).not.toContain(familyPhoto.id);

        // The proposal: refused without the family-search lookup, and for the other station's case
        // (same kind) — both 404 —; accepted for the report, which then shows as the case's candidate.
        const withoutLookup = {
          permission: 'matching:family-review' as const,
          propose: proposeFamilyCandidate,
        };
        const withLookup = { ...withoutLookup, records: familyFaceScope.records };
        await expect(
          proposeFaceCandidate(
            ctx,
            station.staff,
            { attachmentId: rescued.attachmentId, hitAttachmentId: familyPhoto.id },
            withoutLookup,
          ),
        ).rejects.toMatchObject({ kind: 'not_found' });
        await expect(
          proposeFaceCandidate(
            ctx,
            station.staff,
            { attachmentId: rescued.attachmentId, hitAttachmentId: otherCase.attachmentId },
            withLookup,
          ),
        ).rejects.toMatchObject({ kind: 'not_found' });
        const proposed = await proposeFaceCandidate(
          ctx,
          station.staff,
          { attachmentId: rescued.attachmentId, hitAttachmentId: familyPhoto.id },
          withLookup,
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
        const proposeAudit = await ctx.db.kysely
          .selectFrom('auditLog')
          .select(['details'])
          .where('action', '=', 'face.propose')
          .executeTakeFirstOrThrow();
        expect(JSON.stringify(proposeAudit.details)).toContain('hitOutsideScope');
      },
      180_000,
    );
  },
  { lines: [matchingLine, rescueLine] },
);
