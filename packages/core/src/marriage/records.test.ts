import { describe, expect, it } from 'vitest';
import { recordDeath } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import type { ManualClock } from '../testing/factories';
import { aUser } from '../testing/factories';
import { applyForDivorce, requestDivorceCertificate } from './divorce.service';
import { applyForRegistryAnnulment, recordCourtJudgment } from './judgments.service';
import { deriveMaritalStatus, getMaritalStatus } from './marital-status.service';
import { aCouple, aMarriageDesk, aParty, beijingMorning, type MarriageDesk } from './marriage.fixtures';
import { contextOn, rejects } from './marriage.test-support';
import type { MarriageRow } from './marriage.table';
import { getMarriage, getRefusal, searchMarriages } from './records.service';
import { registerMarriage, type MarriageView } from './registration.service';
import { reissueCertificate } from './reissue.service';
import { marriageLine } from './line';

const m = (over: Partial<MarriageRow>): MarriageRow =>
  ({
    id: 'm',
    husbandId: 'h',
    wifeId: 'w',
    status: 'subsisting',
    registeredOn: '2010-01-01',
    endedOn: null,
    endReference: null,
    ...over,
  }) as MarriageRow;

describe('marital status from history (GB/T 2261.2)', () => {
  it('derives 10 未婚, 21 初婚, 22 再婚, 23 复婚, 40 离婚, 30 丧偶 and ignores void marriages', () => {
    expect(deriveMaritalStatus('h', [])).toBe('10');
    expect(deriveMaritalStatus('h', [m({})])).toBe('21');
    const divorced = m({ id: 'a', status: 'divorced', endedOn: '2012-01-01' });
    expect(deriveMaritalStatus('h', [divorced])).toBe('40');
    expect(deriveMaritalStatus('h', [divorced, m({ id: 'b', registeredOn: '2013-01-01' })])).toBe('23');
    expect(
      deriveMaritalStatus('h', [divorced, m({ id: 'b', wifeId: 'x', registeredOn: '2013-01-01' })]),
    ).toBe('22');
    expect(
      deriveMaritalStatus('h', [m({ status: 'ended_by_death', endedOn: '2015-01-01', endReference: 'w' })]),
    ).toBe('30');
    expect(deriveMaritalStatus('h', [m({ status: 'void', endedOn: '2011-01-01' })])).toBe('10');
  });
});

describeEachDatabase(
  'marriage records, status, re-issue and judgments',
  (t) => {
    async function married(date = '2026-11-29'): Promise<{
      desk: MarriageDesk;
      marriage: MarriageView;
      ctx: ReturnType<typeof contextOn>;
      residentIds: { husband: string; wife: string };
    }> {
      const ctx = contextOn(t.db, date);
      const desk = await aMarriageDesk(ctx);
      const couple = aCouple(desk.registry.id);
      const marriage = await registerMarriage(ctx, desk.registrar, couple);
      return {
        desk,
        marriage,
        ctx,
        residentIds: { husband: couple.husband.residentId ?? '', wife: couple.wife.residentId ?? '' },
      };
    }

    it('answers a marital status query with a stated reason and audits it', async () => {
      const { ctx, desk, residentIds } = await married();
      const s = await getMaritalStatus(ctx, desk.registrar, {
        residentId: residentIds.husband,
        reason: '办理补领结婚证',
      });
      expect(s).toMatchObject({
        code: '21',
        label: '初婚',
        name: '王建国',
        history: [{ spouseName: '李秀英', status: 'subsisting' }],
      });
      const rows = await t.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'reason'])
        .where('action', '=', 'marriage.status-read')
        .execute();
      expect(rows).toEqual([{ action: 'marriage.status-read', reason: '办理补领结婚证' }]);
      await rejects(
        getMaritalStatus(ctx, desk.registrar, { residentId: residentIds.husband, reason: ' ' }),
        'REASON_REQUIRED',
      );
    });

    it('denies an unrelated county’s query as not found and logs the attempt (R-MAR-17)', async () => {
      const { ctx, residentIds } = await married();
      const { actor: elsewhere } = await aUser(ctx, { role: 'supervisor', divisionCode: '430102' });
      await rejects(
        getMaritalStatus(ctx, elsewhere, { residentId: residentIds.wife, reason: '好奇' }),
        'NOT_FOUND',
      );
      const denied = await t.db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'marriage.status-denied')
        .execute();
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ actorUsername: elsewhere.username, reason: '好奇' });
    });

    it('audits a status query refused for want of a reason or a valid id, before any lookup (issue 11)', async () => {
      const { ctx, residentIds } = await married();
      const { actor: elsewhere } = await aUser(ctx, { role: 'supervisor', divisionCode: '430102' });
      await rejects(
        getMaritalStatus(ctx, elsewhere, { residentId: residentIds.wife, reason: ' ' }),
        'REASON_REQUIRED',
      );
      await rejects(getMaritalStatus(ctx, elsewhere, { residentId: residentIds.wife }), 'REASON_REQUIRED');
      const badCheck = `${residentIds.wife.slice(0, 17)}${residentIds.wife.endsWith('0') ? '1' : '0'}`;
      await rejects(
        getMaritalStatus(ctx, elsewhere, { residentId: badCheck, reason: '核实' }),
        'RESIDENT_ID_CHECK_DIGIT',
      );
      const denied = await t.db.kysely
        .selectFrom('auditLog')
        .select(['actorUsername', 'reason', 'targetId', 'details'])
        .where('action', '=', 'marriage.status-denied')
        .orderBy('seq')
        .execute();
      expect(denied).toHaveLength(3);
      expect(denied.map((d) => [d.actorUsername, d.reason, d.targetId])).toEqual([
        [elsewhere.username, null, null],
        [elsewhere.username, null, null],
        [elsewhere.username, '核实', null],
      ]);
      expect(JSON.parse(denied[0]?.details ?? '{}')).toEqual({
        refused: 'REASON_REQUIRED',
        residentIdMasked: `${residentIds.wife.slice(0, 6)}********${residentIds.wife.slice(-4)}`,
      });
      for (const d of denied) expect(d.details).not.toContain(residentIds.wife);
      // Nobody was looked up for them: no read of the person was recorded.
      const reads = await t.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('actorUsername', '=', elsewhere.username)
        .where('action', '<>', 'marriage.status-denied')
        .execute();
      expect(reads).toEqual([]);
    });

    it('shows the survivor as widowed after the spouse’s death', async () => {
      const { ctx, marriage, residentIds, desk } = await married('2026-10-01');
      (ctx.clock as ManualClock).set(beijingMorning('2026-11-29'));
      const { actor: funeral } = await aUser(ctx, { role: 'funeral_staff', divisionCode: '430000' });
      await recordDeath(ctx, funeral, marriage.husband.personId, {
        deathDate: '2026-11-20',
        source: '殡仪馆',
      });
      await ctx.events.dispatchPending();
      const s = await getMaritalStatus(ctx, desk.registrar, {
        residentId: residentIds.wife,
        reason: '核实婚姻状况',
      });
      expect(s).toMatchObject({
        code: '30',
        label: '丧偶',
        history: [{ status: 'ended_by_death', endedOn: '2026-11-20' }],
      });
    });

    it('searches records by name, resident id and certificate number with masked ids, within scope', async () => {
      const { ctx, desk, marriage, residentIds } = await married();
      const byName = await searchMarriages(ctx, desk.registrar, { q: '建国', page: 1, pageSize: 10 });
      expect(byName).toMatchObject({
        total: 1,
        items: [{ id: marriage.id, husband: { residentIdMasked: expect.stringMatching(/\*{8}/) } }],
      });
      expect(
        (await searchMarriages(ctx, desk.registrar, { q: residentIds.wife, page: 1, pageSize: 10 })).total,
      ).toBe(1);
      expect(
        (
          await searchMarriages(ctx, desk.registrar, {
            q: marriage.certificateNo ?? '',
            page: 1,
            pageSize: 10,
          })
        ).total,
      ).toBe(1);
      expect((await searchMarriages(ctx, desk.registrar, { q: '不存在', page: 1, pageSize: 10 })).total).toBe(
        0,
      );
      const { actor: other } = await aUser(ctx, { role: 'registrar', divisionCode: '430102' });
      expect((await searchMarriages(ctx, other, { page: 1, pageSize: 10 })).total).toBe(0);
      await rejects(getMarriage(ctx, other, marriage.id), 'NOT_FOUND');
      expect((await getMarriage(ctx, desk.registrar, marriage.id, '核对档案')).id).toBe(marriage.id);
    });

    it('shows a refusal notice with its reasons but never the conflicting record', async () => {
      const { ctx, desk, marriage, residentIds } = await married();
      const again = { ...aCouple(desk.registry.id), husband: aParty(residentIds.husband, '王建国') };
      const err = await rejects(registerMarriage(ctx, desk.registrar, again), 'MARRIAGE_REFUSED');
      const notice = await getRefusal(ctx, desk.registrar, err.details.refusalId as string);
      expect(notice).toMatchObject({
        service: 'marriage',
        husbandName: '王建国',
        reasons: [{ code: 'PARTY_ALREADY_MARRIED', party: 'husband' }],
      });
      expect(JSON.stringify(notice)).not.toContain(marriage.certificateNo ?? 'x');
      expect(JSON.stringify(notice)).not.toContain(marriage.id);
    });

    it('re-issues a marriage certificate after checking the archive, and accepts a proxy', async () => {
      const { ctx, desk, marriage } = await married();
      await rejects(
        reissueCertificate(ctx, desk.registrar, {
          marriageId: marriage.id,
          registryId: desk.registry.id,
          certificate: 'marriage',
          applicant: 'husband',
          archiveConfirmed: false,
        }),
        'REISSUE_ARCHIVE_NOT_CONFIRMED',
      );
      const issued = await reissueCertificate(ctx, desk.registrar, {
        marriageId: marriage.id,
        registryId: desk.registry.id,
        certificate: 'marriage',
        applicant: 'proxy',
        archiveConfirmed: true,
      });
      expect(issued).toMatchObject({
        kind: 'marriage_certificate',
        certificateNo: `BJ${desk.registry.code}-2026-000001`,
        insteadBecause: null,
      });
    });

    it('issues a record certificate instead of a marriage certificate for a couple who divorced (R-MAR-14)', async () => {
      const ctx = contextOn(t.db, '2019-03-01');
      const desk = await aMarriageDesk(ctx);
      const couple = aCouple(desk.registry.id);
      const marriage = await registerMarriage(ctx, desk.registrar, couple);
      // Another city's registry serves the couple from the ids they present (全国通办), never from a
      // record id out of its scope (issue 11).
      const parties = {
        husbandResidentId: couple.husband.residentId ?? '',
        wifeResidentId: couple.wife.residentId ?? '',
      };
      const clock = ctx.clock as ManualClock;
      clock.set(beijingMorning('2021-01-04'));
      const party = {
        presentInPerson: true,
        identityDocument: true,
        hukouBooklet: true,
        civilCapacity: 'full' as const,
      };
      const d = await applyForDivorce(ctx, desk.registrar, {
        marriageId: marriage.id,
        registryId: desk.registry.id,
        husband: party,
        wife: party,
        marriageCertificates: 'both',
        agreement: {
          signed: true,
          voluntary: true,
          hasMinorChildren: false,
          childArrangements: false,
          propertyArrangements: true,
          debtArrangements: true,
        },
      });
      clock.set(beijingMorning('2021-02-04'));
      await requestDivorceCertificate(ctx, desk.registrar, d.id, {
        registryId: desk.registry.id,
        husbandPresent: true,
        wifePresent: true,
        bothStillWishToDivorce: true,
        agreementConfirmed: true,
      });
      clock.set(beijingMorning('2025-06-01'));
      const other = await aMarriageDesk(ctx, { county: '430102', admin: desk.admin });
      await rejects(
        reissueCertificate(ctx, other.registrar, {
          marriageId: marriage.id,
          registryId: other.registry.id,
          certificate: 'marriage',
          applicant: 'wife',
          archiveConfirmed: true,
        }),
        'NOT_FOUND',
      );
      const r = await reissueCertificate(ctx, other.registrar, {
        parties,
        registryId: other.registry.id,
        certificate: 'marriage',
        applicant: 'wife',
        archiveConfirmed: true,
      });
      expect(r).toMatchObject({
        kind: 'record_certificate',
        certificateNo: expect.stringMatching(/^JL4301/),
      });
      expect(r.insteadBecause).toContain('婚姻登记记录证明');
      const divorceCopy = await reissueCertificate(ctx, other.registrar, {
        parties,
        registryId: other.registry.id,
        certificate: 'divorce',
        applicant: 'wife',
        archiveConfirmed: true,
      });
      expect(divorceCopy).toMatchObject({
        kind: 'divorce_certificate',
        certificateNo: `BL${other.registry.code}-2025-000001`,
      });
    });

    it('files a court judgment that makes the marriage void, only with a ground the law allows (R-MAR-16)', async () => {
      const { ctx, desk, marriage, residentIds } = await married();
      const judgment = {
        court: '浏阳市人民法院',
        caseNumber: '（2026）湘0181民初1234号',
        judgmentDate: '2026-11-01',
        effectiveDate: '2026-11-20',
      };
      await rejects(
        recordCourtJudgment(ctx, desk.registrar, marriage.id, {
          ...judgment,
          outcome: 'void',
          ground: 'coercion',
        }),
        'JUDGMENT_GROUND_INVALID',
      );
      const j = await recordCourtJudgment(ctx, desk.registrar, marriage.id, {
        ...judgment,
        outcome: 'void',
        ground: 'under_age',
      });
      const row = await t.db.kysely
        .selectFrom('marriages')
        .selectAll()
        .where('id', '=', marriage.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'void', endedOn: '2026-11-20', endReference: j.id });
      await rejects(
        recordCourtJudgment(ctx, desk.registrar, marriage.id, {
          ...judgment,
          caseNumber: 'x',
          outcome: 'annulled',
          ground: 'coercion',
        }),
        'MARRIAGE_ALREADY_INVALIDATED',
      );
      // A void marriage never existed: the husband is single again and may marry.
      expect(
        (await getMaritalStatus(ctx, desk.registrar, { residentId: residentIds.husband, reason: '核实' }))
          .code,
      ).toBe('10');
    });

    it('refers a coerced-marriage annulment to the court (R-MAR-07) and offers no registry workflow for concealed illness (R-MAR-06)', async () => {
      const { ctx, desk } = await married();
      const err = await rejects(
        () => applyForRegistryAnnulment(ctx, desk.registrar, 'coercion'),
        'ANNULMENT_BY_COURT_ONLY',
      );
      expect(err.message).toContain('人民法院');
      expect(err.message).toContain('第1052条');
      await rejects(
        () => applyForRegistryAnnulment(ctx, desk.registrar, 'concealed_illness'),
        'ANNULMENT_BY_COURT_ONLY',
      );
    });
  },
  { lines: [marriageLine] },
);
