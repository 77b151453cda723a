/**
 * Unidentified and unclaimed bodies (issue 17 item 4, R-FUN-02): police confirmation, notice, county
 * finance as payer, photo and DNA/fingerprint in the attachment store, and the family search — the body
 * published as `unidentified-deceased`, paired with a missing-person report, a confirmation raising a
 * claim task on the case.
 */
import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { storeAttachment } from '../attachments/index';
import {
  claimFamilyCandidate,
  decideFamilyCandidate,
  listFamilyCandidates,
  refreshFamilyCandidates,
} from '../matching/index';
import { findEntry } from '../matching/family-search-entries.repository';
import { createMissingReport } from '../matching/family-search.service';
import { matchingLine } from '../matching/line';
import { aTinyPdf } from '../rescue/departure.fixtures';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { findFuneralCase } from './cases.repository';
import { deathsPart } from './deaths.part';
import { caseDeaths } from './deaths.service';
import { aFuneralCase, aFuneralFacility } from './funeral.fixtures';
import { funeralLine } from './line';
import {
  backfillFuneralFamilySearch,
  listUnidentified,
  markUnclaimed,
  recordPoliceConfirmation,
  startClaimNotice,
  unidentifiedReadiness,
  updateUnidentifiedProfile,
} from './unidentified.service';

async function code(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  return isDomainError(e) ? e.code : `no DomainError: ${String(e)}`;
}

describeEachDatabase(
  'funeral: unidentified and unclaimed bodies (R-FUN-02) and the family search',
  (t) => {
    it('police confirmation → notice → readiness; payer county finance; refusals', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-08-12T02:00:00.000Z'));
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const body = await aFuneralCase(ctx, home, { estimatedAge: 60, deathDate: '2026-08-08' });
      const identified = await aFuneralCase(ctx, home, { birthDate: '1940-03-03' });
      // Not an unidentified or unclaimed body; a notice before the police; a sibling facility's staff.
      const police = {
        number: '芙公确〔2026〕18号',
        issuer: '长沙市公安局芙蓉分局',
        confirmedOn: '2026-08-09',
      };
      expect(await code(recordPoliceConfirmation(ctx, home.staff, identified.id, police))).toBe(
        'FUNERAL_NOT_UNIDENTIFIED',
      );
      expect(await code(startClaimNotice(ctx, home.staff, body.id, { startedOn: '2026-08-10' }))).toBe(
        'POLICE_CONFIRMATION_REQUIRED',
      );
      const sibling = await aFuneralFacility(ctx, { county: '430102' });
      expect(await code(recordPoliceConfirmation(ctx, sibling.staff, body.id, police))).toBe('NOT_FOUND');
      const todo = (name: string) => deathsPart.todos!.find((x) => x.name === name)!.load(ctx, home.staff);
      expect((await todo('funeral.unidentified-notices'))[0]).toMatchObject({
        count: 1,
        link: '/funeral/unidentified',
      });
      const c1 = await recordPoliceConfirmation(ctx, home.staff, body.id, police);
      expect(c1.policeConfirmedAt).not.toBeNull();
      expect(c1.payer).toBe('county_finance');
      expect(await code(recordPoliceConfirmation(ctx, home.staff, body.id, police))).toBe(
        'POLICE_ALREADY_CONFIRMED',
      );
      const c2 = await startClaimNotice(ctx, home.staff, body.id, { startedOn: '2026-08-10' });
      expect(c2).toMatchObject({ noticeStartedOn: '2026-08-10', noticeEndsOn: '2026-09-09' });
      expect(await code(startClaimNotice(ctx, home.staff, body.id, { startedOn: '2026-08-11' }))).toBe(
        'NOTICE_ALREADY_STARTED',
      );
      let r = await unidentifiedReadiness(ctx, c2, '2026-08-12');
      expect(r).toMatchObject({
        applies: true,
        policeConfirmed: true,
        photo: false,
        noticeDaysLeft: 28,
        ready: false,
      });
      expect(r.missing).toEqual(['遗体照片', 'DNA采样或指纹采集记录', '认领公告期未满（2026-09-09届满）']);
      for (const kind of ['photo', 'fingerprint_record'])
        await storeAttachment(ctx, home.staff, {
          ownerType: 'funeral_case',
          ownerId: body.id,
          kind,
          fileName: `${kind}.pdf`,
          content: aTinyPdf(kind),
        });
      r = await unidentifiedReadiness(ctx, (await findFuneralCase(ctx.db.kysely, body.id))!, '2026-09-10');
      expect(r).toMatchObject({ ready: true, noticeEnded: true, missing: [] });
      // An identified body nobody claims: unclaimed, county finance pays.
      const u = await markUnclaimed(ctx, home.staff, identified.id, { reason: '家属联系不上' });
      expect(u).toMatchObject({ unclaimed: 1, payer: 'county_finance' });
      // The worklist: both bodies; filtered by notice state; scope.
      const all = await listUnidentified(ctx, home.staff, {});
      expect(all.total).toBe(2);
      expect((await listUnidentified(ctx, home.staff, { notice: 'running' })).items.map((i) => i.id)).toEqual(
        [body.id],
      );
      expect((await listUnidentified(ctx, sibling.staff, {})).total).toBe(0);
    });

    it('an unidentified body reaches the family search and a missing-person report; a confirmation raises a claim task', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-08-12T02:00:00.000Z'));
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const body = await aFuneralCase(ctx, home, { estimatedAge: 45, deathDate: '2026-08-05' });
      // Created outside the deaths services (the custody concern's intake): the job publishes it.
      expect(await backfillFuneralFamilySearch(ctx)).toEqual({ published: 1, withdrawn: 0 });
      expect(await backfillFuneralFamilySearch(ctx)).toEqual({ published: 0, withdrawn: 0 });
      await updateUnidentifiedProfile(ctx, home.staff, body.id, {
        heightCm: 170,
        features: '左手缺小指',
        clothing: '灰色夹克',
        foundPlace: '湘江河畔',
        foundOn: '2026-08-06',
      });
      const entry = (await findEntry(ctx.db.kysely, body.id))!;
      expect(entry).toMatchObject({
        ownerLine: 'funeral',
        kind: 'unidentified-deceased',
        status: 'active',
        sex: 'male',
        estimatedAge: 45,
        estimatedAgeAsOf: '2026-08-06',
        eventDate: '2026-08-06',
        divisionCode: '430102',
        institutionId: home.id,
      });
      expect(entry.features).toContain('左手缺小指');
      const { actor: office } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
      const report = await createMissingReport(ctx, office, {
        name: '张建军',
        sex: 'male',
        birthYear: 1981,
        lostOn: '2026-08-01',
        lostDivisionCode: '430102',
        features: '左手缺小指，灰色夹克',
        contactName: '张大伟',
        contactPhone: '13812345678',
      });
      // Other reports elsewhere: region and features weigh by rarity (IDF), so a feed of two says nothing.
      for (const [i, county] of ['430181', '430111', '430104', '430105'].entries()) {
        const { actor } = await aUser(ctx, { role: 'county_reviewer', divisionCode: county });
        await createMissingReport(ctx, actor, {
          name: `李${'春夏秋冬'[i]}兰`,
          sex: 'female',
          birthYear: 1960 + i,
          lostOn: '2026-07-01',
          lostDivisionCode: county,
          features: '右耳有痣',
          contactName: '李明',
          contactPhone: '13912345678',
        });
      }
      await refreshFamilyCandidates(ctx);
      const page = await listFamilyCandidates(ctx, home.staff, { entryId: body.id });
      expect(page.total).toBe(1);
      const cand = page.items[0]!;
      expect([cand.left.entryId, cand.right.entryId].sort()).toEqual([body.id, report.id].sort());
      expect((await listUnidentified(ctx, home.staff, {})).items[0]!.candidates).toBe(1);
      await claimFamilyCandidate(ctx, home.staff, cand.id);
      await decideFamilyCandidate(ctx, home.staff, cand.id, { decision: 'confirm', reason: '体貌特征一致' });
      await ctx.events.dispatchPending();
      const tab = await caseDeaths(ctx, home.staff, body.id);
      expect(tab.flags.map((f) => f.kind)).toEqual(['family_claim']);
      expect(
        (await deathsPart.todos!.find((x) => x.name === 'funeral.case-flags')!.load(ctx, home.staff))[0],
      ).toMatchObject({ count: 1 });
      await ctx.events.dispatchPending();
      expect((await caseDeaths(ctx, home.staff, body.id)).flags).toHaveLength(1);
      // Closed (ashes stored): the body leaves the search.
      await ctx.db.kysely
        .updateTable('funeralCases')
        .set({ step: 'ashes_stored', closedAt: '2026-08-12T02:00:00.000Z' })
        .where('id', '=', body.id)
        .execute();
      expect(await backfillFuneralFamilySearch(ctx)).toEqual({ published: 0, withdrawn: 1 });
      expect((await findEntry(ctx.db.kysely, body.id))!.status).toBe('removed');
    });
  },
  { lines: [matchingLine, funeralLine] },
);
