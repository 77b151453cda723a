import { DomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit.service';
import { describeEachDatabase } from '../testing/each-database';
import type { ManualClock } from '../testing/factories';
import { aUser, testContext } from '../testing/factories';
import { aCouple, aMarriageDesk, aParty, aResidentId, beijingMorning } from './marriage.fixtures';
import { contextOn, rejects } from './marriage.test-support';
import { registerMarriage } from './registration.service';
import { revokeQualification } from './registry.service';
import { marriageLine } from './line';

function reasonsOf(err: DomainError): string[] {
  return (err.details.reasons as { code: string }[]).map((r) => r.code);
}

describeEachDatabase(
  'marriage registration',
  (t) => {
    it('registers a couple on the spot with sequential certificate numbers per registry and year', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const first = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      const second = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      expect(first).toMatchObject({
        kind: 'registration',
        status: 'subsisting',
        registeredOn: '2026-11-29',
        effectiveFrom: '2026-11-29',
        crossBorder: 'mainland',
        certificateNo: `J${desk.registry.code}-2026-000001`,
        husband: { name: '王建国', sex: 'male', residentIdMasked: expect.stringMatching(/^430181\*{8}/) },
        wife: { name: '李秀英', sex: 'female' },
      });
      expect(second.certificateNo).toBe(`J${desk.registry.code}-2026-000002`);
      expect((await verifyAuditChain(ctx)).ok).toBe(true);
    });

    it('starts the numbering again in a new year and keeps registries apart', async () => {
      const ctx = contextOn(t.db, '2026-12-31');
      const a = await aMarriageDesk(ctx);
      const b = await aMarriageDesk(ctx, { county: '430181', admin: a.admin });
      await registerMarriage(ctx, a.registrar, aCouple(a.registry.id));
      expect((await registerMarriage(ctx, b.registrar, aCouple(b.registry.id))).certificateNo).toMatch(
        /-2026-000001$/,
      );
      (ctx.clock as ManualClock).set(beijingMorning('2027-01-04'));
      expect((await registerMarriage(ctx, a.registrar, aCouple(a.registry.id))).certificateNo).toBe(
        `J${a.registry.code}-2027-000001`,
      );
    });

    it('lets only a registrar with a valid qualification for that registry register (持证上岗)', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const { actor: unqualified } = await aUser(ctx, { role: 'registrar', divisionCode: '430181' });
      await rejects(registerMarriage(ctx, unqualified, aCouple(desk.registry.id)), 'REGISTRAR_NOT_QUALIFIED');
      const [q] = await t.db.kysely.selectFrom('registrarQualifications').select('id').execute();
      await revokeQualification(ctx, desk.admin, q?.id ?? '', '调离岗位');
      await rejects(
        registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id)),
        'REGISTRAR_NOT_QUALIFIED',
      );
      expect(await t.db.kysely.selectFrom('marriages').select('id').execute()).toHaveLength(0);
    });

    it('treats a qualification as lapsed after its last valid day', async () => {
      const ctx = contextOn(t.db, '2030-12-31');
      const desk = await aMarriageDesk(ctx);
      await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      (ctx.clock as ManualClock).set(beijingMorning('2031-01-02'));
      await rejects(
        registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id)),
        'REGISTRAR_NOT_QUALIFIED',
      );
    });

    it('hides a registry outside the registrar’s county', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx, { county: '430102' });
      const other = await aMarriageDesk(ctx, { county: '430181', admin: desk.admin });
      await rejects(registerMarriage(ctx, other.registrar, aCouple(desk.registry.id)), 'NOT_FOUND');
    });

    it('refuses a man one day short of 22 and registers him on his birthday (R-MAR-01 TC1/TC2)', async () => {
      const ctx = contextOn(t.db, '2025-05-09');
      const desk = await aMarriageDesk(ctx);
      const couple = aCouple(desk.registry.id, { husbandBirth: '2003-05-10' });
      const err = await rejects(registerMarriage(ctx, desk.registrar, couple), 'MARRIAGE_REFUSED');
      expect(reasonsOf(err)).toEqual(['PARTY_UNDER_AGE']);
      (ctx.clock as ManualClock).set(beijingMorning('2025-05-10'));
      expect((await registerMarriage(ctx, desk.registrar, couple)).registeredOn).toBe('2025-05-10');
    });

    it('refuses a woman one day short of 20 and registers her on her birthday (R-MAR-01 TC3)', async () => {
      const ctx = contextOn(t.db, '2025-05-31');
      const desk = await aMarriageDesk(ctx);
      const couple = aCouple(desk.registry.id, { wifeBirth: '2005-06-01' });
      expect(
        reasonsOf(await rejects(registerMarriage(ctx, desk.registrar, couple), 'MARRIAGE_REFUSED')),
      ).toEqual(['PARTY_UNDER_AGE']);
      (ctx.clock as ManualClock).set(beijingMorning('2025-06-01'));
      expect((await registerMarriage(ctx, desk.registrar, couple)).status).toBe('subsisting');
    });

    it('observes a 29 February birthday on 28 February by default, on 1 March when configured', async () => {
      // Woman born 2004-02-29 turns 20 on 2024-02-29 (leap); man born 2004-02-29 turns 22 in 2026 (common year).
      const feb28 = contextOn(t.db, '2026-02-28');
      const desk = await aMarriageDesk(feb28);
      const couple = aCouple(desk.registry.id, { husbandBirth: '2004-02-29' });
      expect((await registerMarriage(feb28, desk.registrar, couple)).registeredOn).toBe('2026-02-28');
      const mar1 = contextOn(t.db, '2026-02-28', { leapDayBirthday: 'mar1' });
      const couple2 = aCouple(desk.registry.id, { husbandBirth: '2004-02-29' });
      expect(
        reasonsOf(await rejects(registerMarriage(mar1, desk.registrar, couple2), 'MARRIAGE_REFUSED')),
      ).toEqual(['PARTY_UNDER_AGE']);
      (mar1.clock as ManualClock).set(beijingMorning('2026-03-01'));
      expect((await registerMarriage(mar1, desk.registrar, couple2)).registeredOn).toBe('2026-03-01');
    });

    it('refuses two women (R-MAR-02) and an absent party, and names every reason', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const couple = aCouple(desk.registry.id);
      couple.husband = aParty(aResidentId('430181', '1995-01-01', 'female'), '王建国');
      expect(
        reasonsOf(await rejects(registerMarriage(ctx, desk.registrar, couple), 'MARRIAGE_REFUSED')),
      ).toContain('MARRIAGE_NOT_MAN_AND_WOMAN');
      const absent = aCouple(desk.registry.id);
      absent.wife.presentInPerson = false;
      absent.husband.voluntary = false;
      expect(
        reasonsOf(await rejects(registerMarriage(ctx, desk.registrar, absent), 'MARRIAGE_REFUSED')),
      ).toEqual(['PARTY_NOT_VOLUNTARY', 'PARTY_NOT_PRESENT']);
    });

    it('asks the clerk to swap the parties when both ids are of the other sex', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const c = aCouple(desk.registry.id);
      await rejects(
        registerMarriage(ctx, desk.registrar, { ...c, husband: c.wife, wife: c.husband }),
        'PARTY_SEX_MISMATCH',
      );
    });

    it('requires the signed declarations and refuses first cousins but not second cousins (R-MAR-05)', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const unsigned = aCouple(desk.registry.id);
      unsigned.wife.declaration = { signed: true, noSpouse: true, noProhibitedKinship: false };
      expect(
        reasonsOf(await rejects(registerMarriage(ctx, desk.registrar, unsigned), 'MARRIAGE_REFUSED')),
      ).toEqual(['DECLARATION_INCOMPLETE']);
      const cousins = { ...aCouple(desk.registry.id), declaredKinship: 'first_cousins' as const };
      expect(
        reasonsOf(await rejects(registerMarriage(ctx, desk.registrar, cousins), 'MARRIAGE_REFUSED')),
      ).toEqual(['PROHIBITED_KINSHIP']);
      const second = { ...aCouple(desk.registry.id), declaredKinship: 'second_cousins_or_further' as const };
      expect((await registerMarriage(ctx, desk.registrar, second)).status).toBe('subsisting');
    });

    it('never refuses for a disclosed illness (R-MAR-06)', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const c = aCouple(desk.registry.id);
      c.husband.illnessDisclosed = true;
      expect((await registerMarriage(ctx, desk.registrar, c)).status).toBe('subsisting');
    });

    it('refuses a party with a subsisting marriage, flags the contradicted declaration and shows the registrar the conflict', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const first = aCouple(desk.registry.id);
      const existing = await registerMarriage(ctx, desk.registrar, first);
      const again = { ...aCouple(desk.registry.id), husband: first.husband };
      const err = await rejects(registerMarriage(ctx, desk.registrar, again), 'MARRIAGE_REFUSED');
      expect(reasonsOf(err)).toEqual(['PARTY_ALREADY_MARRIED']);
      expect(err.details.conflicts).toEqual([
        expect.objectContaining({
          party: 'husband',
          marriageId: existing.id,
          certificateNo: existing.certificateNo,
        }),
      ]);
      const refusal = await t.db.kysely
        .selectFrom('marriageRefusals')
        .selectAll()
        .where('id', '=', err.details.refusalId as string)
        .executeTakeFirstOrThrow();
      expect(refusal).toMatchObject({ flag: 'declaration_contradicted', service: 'marriage' });
      expect(refusal.reasons).not.toContain(existing.certificateNo);
      const audit = await t.db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'marriage.refuse')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details)).toMatchObject({
        flag: 'declaration_contradicted',
        conflictingMarriageIds: [existing.id],
      });
    });

    it('decides competence by the regulation in force on the date (R-MAR-08/09)', async () => {
      const ctx = contextOn(t.db, '2024-06-01');
      const liuyang = await aMarriageDesk(ctx, { county: '430181' });
      const shaoyang = await aMarriageDesk(ctx, { county: '430602', admin: liuyang.admin });
      // Before 2025-05-10: only at either party's hukou registry (or a pilot) — 岳阳楼区 is not the couple's.
      const hukouLiuyang = aCouple(shaoyang.registry.id, { county: '430181' });
      expect(
        reasonsOf(await rejects(registerMarriage(ctx, shaoyang.registrar, hukouLiuyang), 'MARRIAGE_REFUSED')),
      ).toEqual(['REGISTRY_NOT_COMPETENT']);
      // One party's hukou is enough.
      const mixed = aCouple(shaoyang.registry.id, { husbandCounty: '430181', wifeCounty: '430602' });
      expect((await registerMarriage(ctx, shaoyang.registrar, mixed)).status).toBe('subsisting');
      // Without a 户口簿 the application is incomplete under the old rule.
      const noBooklet = aCouple(liuyang.registry.id);
      noBooklet.husband.documents = { identityDocument: true, hukouBooklet: false };
      expect(
        reasonsOf(await rejects(registerMarriage(ctx, liuyang.registrar, noBooklet), 'MARRIAGE_REFUSED')),
      ).toEqual(['DOCUMENTS_INCOMPLETE']);
      // From 2025-05-10: any registry, identity card and declaration only.
      (ctx.clock as ManualClock).set(beijingMorning('2025-05-12'));
      const anywhere = aCouple(shaoyang.registry.id, { county: '430181' });
      anywhere.husband.documents = { identityDocument: true, hukouBooklet: false };
      anywhere.wife.documents = { identityDocument: true, hukouBooklet: false };
      expect((await registerMarriage(ctx, shaoyang.registrar, anywhere)).registeredOn).toBe('2025-05-12');
    });

    it('honours the 长沙 city-wide pilot from 2021-05-01 before the 2025 regulation', async () => {
      const ctx = contextOn(t.db, '2021-04-30');
      const furong = await aMarriageDesk(ctx, { county: '430102' });
      const couple = aCouple(furong.registry.id, { county: '430181' });
      expect(
        reasonsOf(await rejects(registerMarriage(ctx, furong.registrar, couple), 'MARRIAGE_REFUSED')),
      ).toEqual(['REGISTRY_NOT_COMPETENT']);
      (ctx.clock as ManualClock).set(beijingMorning('2021-05-06'));
      expect((await registerMarriage(ctx, furong.registrar, couple)).status).toBe('subsisting');
    });

    it('registers a mainland–Hong Kong couple only at a designated registry', async () => {
      const ctx = testContext(t.db);
      const ordinary = await aMarriageDesk(ctx, { county: '430102' });
      const designated = await aMarriageDesk(ctx, {
        county: '430102',
        competence: 'mainland_and_cross_border',
        admin: ordinary.admin,
      });
      const couple = aCouple(ordinary.registry.id, { county: '430102' });
      couple.wife = aParty(aResidentId('810000', '1996-02-02', 'female'), '陈美玲');
      expect(
        reasonsOf(await rejects(registerMarriage(ctx, ordinary.registrar, couple), 'MARRIAGE_REFUSED')),
      ).toEqual(['REGISTRY_NOT_DESIGNATED_CROSS_BORDER']);
      const done = await registerMarriage(ctx, designated.registrar, {
        ...couple,
        registryId: designated.registry.id,
      });
      expect(done.crossBorder).toBe('hk_macao_taiwan');
    });

    it('registers a foreign party by passport and finds the same person again by the passport', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx, { county: '430102', competence: 'mainland_and_cross_border' });
      const foreigner = aParty('', 'SMITH JOHN', {
        documentType: 'passport',
        residentId: null,
        documentNo: 'p1234567',
        nationality: 'gbr',
        sex: 'male',
        birthDate: '1990-01-01' as never,
      });
      const first = await registerMarriage(ctx, desk.registrar, {
        ...aCouple(desk.registry.id, { county: '430102' }),
        husband: foreigner,
      });
      expect(first.crossBorder).toBe('foreign');
      const again = await registerMarriage(ctx, desk.registrar, {
        ...aCouple(desk.registry.id, { county: '430102' }),
        husband: { ...foreigner, documentNo: 'P1234567', nationality: 'GBR' },
      }).catch((e: DomainError) => e);
      expect(again).toBeInstanceOf(DomainError);
      expect(reasonsOf(again as DomainError)).toEqual(['PARTY_ALREADY_MARRIED']);
    });

    it('links parties to existing index entries and refuses a name that contradicts the index', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const c = aCouple(desk.registry.id);
      await registerMarriage(ctx, desk.registrar, c);
      const people = await t.db.kysely.selectFrom('people').select(['id', 'residentId']).execute();
      expect(people).toHaveLength(2);
      const renamed = { ...aCouple(desk.registry.id), husband: { ...c.husband, name: '王建军' } };
      await rejects(registerMarriage(ctx, desk.registrar, renamed), 'PARTY_NAME_MISMATCH');
      await rejects(
        registerMarriage(ctx, desk.registrar, {
          ...c,
          husband: { ...c.husband, residentId: '430102199003071235' },
        }),
        'RESIDENT_ID_CHECK_DIGIT',
      );
    });

    it('dates a supplementary registration from when both first met the conditions (R-MAR-15)', async () => {
      const ctx = contextOn(t.db, '2025-06-01');
      const desk = await aMarriageDesk(ctx);
      const couple = {
        ...aCouple(desk.registry.id, { husbandBirth: '1990-01-01', wifeBirth: '1996-07-01' }),
        cohabitingSince: '2015-03-01' as never,
      };
      const m = await registerMarriage(ctx, desk.registrar, couple);
      expect(m).toMatchObject({
        kind: 'supplementary',
        registeredOn: '2025-06-01',
        effectiveFrom: '2016-07-01',
      });
      expect(m.certificateNo).toMatch(/^J/);
    });

    it('lets exactly one of two registries register the same person at the same moment', async () => {
      const ctx = testContext(t.db);
      const a = await aMarriageDesk(ctx, { county: '430181' });
      const b = await aMarriageDesk(ctx, { county: '430102', admin: a.admin });
      const shared = aCouple(a.registry.id);
      // The husband is not in the index yet: both attempts race on indexing him and on the marriage.
      const results = await Promise.allSettled([
        registerMarriage(ctx, a.registrar, { ...aCouple(a.registry.id), husband: shared.husband }),
        registerMarriage(ctx, b.registrar, {
          ...aCouple(b.registry.id, { county: '430102' }),
          husband: shared.husband,
        }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find((r) => r.status === 'rejected');
      expect((failed as PromiseRejectedResult).reason).toMatchObject({ code: 'MARRIAGE_REFUSED' });
      expect(reasonsOf((failed as PromiseRejectedResult).reason as DomainError)).toEqual([
        'PARTY_ALREADY_MARRIED',
      ]);
      const subsisting = await t.db.kysely
        .selectFrom('marriages')
        .select('id')
        .where('status', '=', 'subsisting')
        .execute();
      expect(subsisting).toHaveLength(1);
    });

    it('hands out distinct consecutive certificate numbers to parallel registrations at one registry', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const done = await Promise.all(
        Array.from({ length: 6 }, () => registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id))),
      );
      const numbers = done.map((m) => Number(m.certificateNo?.slice(-6))).sort((x, y) => x - y);
      expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('refuses the database’s partial unique index a second subsisting marriage even without the service', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const m = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      const row = await t.db.kysely
        .selectFrom('marriages')
        .selectAll()
        .where('id', '=', m.id)
        .executeTakeFirstOrThrow();
      await expect(
        t.db.kysely
          .insertInto('marriages')
          .values({ ...row, id: 'forged', certificateNo: null, wifeId: row.wifeId })
          .execute(),
      ).rejects.toThrow();
    });
  },
  { lines: [marriageLine] },
);
