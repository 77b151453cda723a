/**
 * 寻亲 (issue 16 item 1): an unidentified person taken in joins the family-search feed, leaves it when
 * identified or when the stay ends; the candidates refresher pairs the person with a missing-person report.
 */
import { isDomainError } from '@social-affairs/kernel';
import { rescueIntakeBody } from '@social-affairs/kernel/contracts/rescue';
import { expect, it } from 'vitest';
import type { CoreContext } from '../context';
import { findEntry } from '../matching/family-search-entries.repository';
import { createMissingReport } from '../matching/family-search.service';
import { listFamilyCandidates, refreshFamilyCandidates } from '../matching/family-candidates.service';
import { matchingLine } from '../matching/line';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { aCaseAttachment } from './departure.fixtures';
import { recordDeparture } from './departure.service';
import { backfillCasesToFamilySearch, syncCaseFamilySearch } from './family-feed';
import { admitPerson } from './intake.service';
import { rescueLine } from './line';
import { aRescueCase, aRescueStation, type RescueStationFixture } from './rescue.fixtures';

const qualifies = {
  canPayFoodLodging: false,
  hasRelativesToTurnTo: false,
  receivesSubsistence: false,
  situation: 'vagrant_begging',
  information: 'given',
} as const;

function form(station: RescueStationFixture, over: Record<string, unknown> = {}) {
  return rescueIntakeBody.parse({
    stationId: station.id,
    eligibility: qualifies,
    nameGiven: '张建军',
    sex: 'male',
    estimatedAge: 45,
    referralSource: 'self',
    securityCheck: 'passed',
    dormitoryId: station.maleDormitoryId,
    caseworkerName: '王明',
    caseworkerSex: 'male',
    heightCm: 170,
    features: '左手缺小指',
    clothing: '灰色夹克',
    ...over,
  });
}

async function identify(ctx: CoreContext, caseId: string) {
  // What the reunion does when the family's identity check passes: the case becomes identified, then syncs.
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('rescueCases')
      .set({ identityStatus: 'identified' })
      .where('id', '=', caseId)
      .execute();
    await syncCaseFamilySearch(ctx, trx, caseId);
  });
}

describeEachDatabase(
  'rescue cases in the family search (寻亲, R-RES-09/10)',
  (t) => {
    it('an unidentified person admitted is published; identified → withdrawn', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-03-02T02:00:00.000Z'));
      const st = await aRescueStation(ctx, { county: '430102' });
      const admitted = await admitPerson(ctx, st.staff, form(st));
      expect(admitted.identityStatus).not.toBe('identified');
      const entry = await findEntry(ctx.db.kysely, admitted.id);
      expect(entry).toMatchObject({
        ownerLine: 'rescue',
        kind: 'unidentified-living',
        status: 'active',
        reference: admitted.caseNo,
        name: '张建军',
        sex: 'male',
        estimatedAge: 45,
        estimatedAgeAsOf: '2026-03-02',
        eventDate: '2026-03-02',
        divisionCode: '430102',
        institutionId: st.id,
      });
      expect(entry!.seq).toBeGreaterThan(0);
      expect(entry!.features).toContain('身高约170厘米');
      expect(entry!.features).toContain('左手缺小指');
      expect(entry!.features).toContain('灰色夹克');
      await identify(ctx, admitted.id);
      expect((await findEntry(ctx.db.kysely, admitted.id))!.status).toBe('removed');
    });

    it('a departure withdraws the person; the backfill publishes cases written before, follows new photos, is idempotent', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-03-10T02:00:00.000Z'));
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await aRescueCase(ctx, st, { estimatedAge: 45, enteredAt: '2026-03-05T02:00:00.000Z' });
      const known = await aRescueCase(ctx, st, { birthDate: '1970-01-01' });
      expect(await findEntry(ctx.db.kysely, c.id)).toBeUndefined();
      expect(await backfillCasesToFamilySearch(ctx)).toEqual({ published: 1, withdrawn: 0 });
      expect(await backfillCasesToFamilySearch(ctx)).toEqual({ published: 0, withdrawn: 0 });
      expect(await findEntry(ctx.db.kysely, known.id)).toBeUndefined();
      expect((await findEntry(ctx.db.kysely, c.id))!.status).toBe('active');
      // A photo attached later reaches the feed on the next sync.
      const photo = await aCaseAttachment(ctx, st.staff, c.id, 'photo');
      expect(await backfillCasesToFamilySearch(ctx)).toEqual({ published: 1, withdrawn: 0 });
      expect((await findEntry(ctx.db.kysely, c.id))!.photoRef).toBe(photo);
      expect(await backfillCasesToFamilySearch(ctx)).toEqual({ published: 0, withdrawn: 0 });
      await recordDeparture(ctx, st.staff, c.id, {
        kind: 'self_departure',
        declarationAttachmentId: await aCaseAttachment(ctx, st.staff, c.id, 'signed_declaration'),
      });
      expect((await findEntry(ctx.db.kysely, c.id))!.status).toBe('removed');
    });

    it('the refresher pairs a missing-person report with the rescued person; the station sees the report minimised', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-03-02T02:00:00.000Z'));
      const st = await aRescueStation(ctx, { county: '430102' });
      const { actor: office } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
      const report = await createMissingReport(ctx, office, {
        name: '张建军',
        sex: 'male',
        birthYear: 1981,
        lostOn: '2026-02-20',
        lostDivisionCode: '430181',
        features: '左手缺小指',
        contactName: '张大伟',
        contactPhone: '13812345678',
      });
      const admitted = await admitPerson(ctx, st.staff, form(st));
      const run = await refreshFamilyCandidates(ctx);
      expect(run.processed).toBeGreaterThanOrEqual(2);
      const page = await listFamilyCandidates(ctx, st.staff, { entryId: admitted.id });
      expect(page.total).toBe(1);
      const c = page.items[0]!;
      expect(c.channel).toBe('data');
      expect(c.status).toBe('open');
      const mine = c.left.entryId === admitted.id ? c.left : c.right;
      const theirs = c.left.entryId === admitted.id ? c.right : c.left;
      expect(mine.inScope).toBe(true);
      expect(mine.record?.reference).toBe(admitted.caseNo);
      expect(theirs).toMatchObject({
        entryId: report.id,
        kind: 'missing-report',
        inScope: false,
        contact: null,
      });
      expect(theirs.record?.name).toBe('张建军');
      // The report's office sees its own side in full, with the family's masked contact.
      const fromReport = await listFamilyCandidates(ctx, office, { entryId: report.id });
      const own =
        fromReport.items[0]!.left.entryId === report.id
          ? fromReport.items[0]!.left
          : fromReport.items[0]!.right;
      expect(own.contact).toEqual({ name: '张大伟', phoneMasked: '138****5678' });
      // A second run has nothing new to do.
      expect(await refreshFamilyCandidates(ctx)).toMatchObject({ processed: 0 });
      // Another station of the county does not see the case's candidates.
      const other = await aRescueStation(ctx, { county: '430102' });
      const refused = await listFamilyCandidates(ctx, other.staff, { entryId: admitted.id }).catch(
        (e: unknown) => e,
      );
      expect(isDomainError(refused) && refused.code).toBe('NOT_FOUND');
    });
  },
  { lines: [rescueLine, matchingLine] },
);
