/**
 * Deaths feed every line (issue 17 item 3, ADR 0028): the 居民死亡医学证明 checked by the rules of its
 * issue date, the death recorded in the people index once, a merge proposed instead of a duplicate
 * record, and a revocation (被死亡) that every line handles.
 */
import { composeResidentId, isDomainError, parsePlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import type { CoreContext } from '../context';
import { aCouple, aMarriageDesk, aParty, aResidentId } from '../marriage/marriage.fixtures';
import { marriageLine } from '../marriage/line';
import { registerMarriage } from '../marriage/registration.service';
import {
  decideDeathRevocation,
  decideMerge,
  findIndexedPerson,
  recordDeath,
  requestDeathRevocation,
} from '../people/index';
import { aRescueCase, aRescueStation } from '../rescue/rescue.fixtures';
import { rescueLine } from '../rescue/line';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import {
  caseDeaths,
  listDeaths,
  parseDeathCertificateNumber,
  recordDeathCertificate,
} from './deaths.service';
import { aFuneralCase, aFuneralFacility } from './funeral.fixtures';
import { funeralLine } from './line';

async function refusal(p: Promise<unknown>): Promise<{ code: string; kind: string; details: unknown }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isDomainError(e)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return { code: e.code, kind: e.kind, details: e.details };
}

async function deceasedEvents(ctx: CoreContext, personId: string): Promise<number> {
  const rows = await ctx.db.kysely
    .selectFrom('outboxEvents')
    .select('payload')
    .where('type', '=', 'person.deceased')
    .execute();
  return rows.filter((r) => (JSON.parse(r.payload) as { personId: string }).personId === personId).length;
}

async function residentIdOf(ctx: CoreContext, personId: string): Promise<string> {
  return (await findIndexedPerson(ctx.db.kysely, personId))!.residentId!;
}

const CREDIT = '12430100MB1234567X';

describeEachDatabase(
  'funeral deaths: certificate → people index (R-FUN-02, 2026 death certificate)',
  (t) => {
    it('checks the number by the rules of its issue date and records the death once', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-08-12T02:00:00.000Z'));
      // The credit code of the test: its check character computed, so only the serial is under test.
      const { creditCodeCheckChar } = await import('@social-affairs/kernel');
      const credit = CREDIT.slice(0, 17) + creditCodeCheckChar(CREDIT.slice(0, 17))!;
      // Before 2026-07-01: the old number, free format; from it: a resident id or credit code + serial.
      expect(
        parseDeathCertificateNumber(ctx, { number: ' hn-2026 0001 ', issuedOn: '2026-06-30' }),
      ).toMatchObject({
        era: 'before_2026',
        kind: 'legacy',
        number: 'HN-20260001',
      });
      expect(
        parseDeathCertificateNumber(ctx, { number: `${credit}0007`, issuedOn: '2026-07-01' }),
      ).toMatchObject({
        era: 'from_2026',
        kind: 'credit_code',
      });
      for (const [number, code] of [
        ['HN-20260001', 'DEATH_CERTIFICATE_NUMBER_INVALID'],
        [`${credit}0000`, 'DEATH_CERTIFICATE_NUMBER_INVALID'],
        [`${credit.slice(0, 17)}${credit[17] === '0' ? '1' : '0'}0007`, 'DEATH_CERTIFICATE_NUMBER_INVALID'],
        ['430102194003030012', 'DEATH_CERTIFICATE_RESIDENT_ID_INVALID'],
      ] as const) {
        let caught: unknown;
        try {
          parseDeathCertificateNumber(ctx, { number, issuedOn: '2026-07-01' });
        } catch (e) {
          caught = e;
        }
        expect(isDomainError(caught) && caught.code).toBe(code);
      }

      const home = await aFuneralFacility(ctx, { county: '430102' });
      const c = await aFuneralCase(ctx, home, { birthDate: '1940-03-03', deathDate: '2026-08-10' });
      const rid = await residentIdOf(ctx, c.personId);
      const other = await aFuneralCase(ctx, home, { birthDate: '1941-05-05', deathDate: '2026-08-10' });
      const base = { issuer: '长沙市第一医院', issuedOn: '2026-08-10' };
      // Refusals change nothing: a credit code for an identified decedent, someone else's resident id.
      expect(
        (await refusal(recordDeathCertificate(ctx, home.staff, c.id, { ...base, number: `${credit}0001` })))
          .code,
      ).toBe('DEATH_CERTIFICATE_NEEDS_RESIDENT_ID');
      const otherRid = await residentIdOf(ctx, other.personId);
      expect(
        (await refusal(recordDeathCertificate(ctx, home.staff, c.id, { ...base, number: otherRid }))).code,
      ).toBe('DEATH_CERTIFICATE_PERSON_MISMATCH');
      const done = await recordDeathCertificate(ctx, home.staff, c.id, { ...base, number: rid });
      expect(done).toMatchObject({ outcome: 'recorded', era: 'from_2026', mergeId: null });
      const p = (await findIndexedPerson(ctx.db.kysely, c.personId))!;
      expect(p).toMatchObject({ status: 'deceased', deathDate: '2026-08-10' });
      expect(await deceasedEvents(ctx, c.personId)).toBe(1);
      // A second certificate on the case, or the same number on another case: 409, nothing written.
      expect(
        (await refusal(recordDeathCertificate(ctx, home.staff, c.id, { ...base, number: rid }))).code,
      ).toBe('DEATH_CERTIFICATE_EXISTS');
      // An older certificate (old number) of a person the hospital already reported dead the same day:
      // the case is fine, nothing more is emitted.
      await recordDeath(
        ctx,
        (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430102' })).actor,
        other.personId,
        {
          deathDate: '2026-06-20',
          source: '医院',
        },
      );
      await ctx.db.kysely
        .updateTable('funeralCases')
        .set({ deathDate: '2026-06-20' })
        .where('id', '=', other.id)
        .execute();
      const again = await recordDeathCertificate(ctx, home.staff, other.id, {
        number: '湘死证第0001号',
        issuer: '测试医院',
        issuedOn: '2026-06-21',
      });
      expect(again).toMatchObject({ outcome: 'already_recorded', era: 'before_2026' });
      expect(await deceasedEvents(ctx, other.personId)).toBe(1);
      // A different death date already in the index: 409 naming both dates.
      const third = await aFuneralCase(ctx, home, { birthDate: '1950-01-01', deathDate: '2026-08-11' });
      await recordDeath(
        ctx,
        (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430102' })).actor,
        third.personId,
        {
          deathDate: '2026-08-01',
          source: '医院',
        },
      );
      const conflict = await refusal(
        recordDeathCertificate(ctx, home.staff, third.id, {
          ...base,
          issuedOn: '2026-08-11',
          number: await residentIdOf(ctx, third.personId),
        }),
      );
      expect(conflict).toMatchObject({
        code: 'PERSON_DEATH_DATE_CONFLICT',
        kind: 'conflict',
        details: { recordedDeathDate: '2026-08-01', certificateDeathDate: '2026-08-11' },
      });
      const docs = await ctx.db.kysely
        .selectFrom('funeralCaseDocuments')
        .select('id')
        .where('caseId', '=', third.id)
        .execute();
      expect(docs).toHaveLength(0);
      // The ledger lists what the line recorded; the case tab shows it.
      const ledger = await listDeaths(ctx, home.staff, {});
      expect(ledger.total).toBe(2);
      expect(ledger.items.find((i) => i.caseId === c.id)!.certificateNumber).toMatch(/\*{8}/);
      const tab = await caseDeaths(ctx, home.staff, c.id);
      expect(tab.registrations).toHaveLength(1);
      expect(tab.person.status).toBe('deceased');
    });

    it('an unidentified body named by an indexed resident id: a merge proposed, never a second record', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-08-12T02:00:00.000Z'));
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const body = await aFuneralCase(ctx, home, { estimatedAge: 70, deathDate: '2026-08-09' });
      const known = await aFuneralCase(ctx, home, {
        birthDate: '1955-02-02',
        deathDate: null,
        step: 'cancelled',
      });
      const rid = await residentIdOf(ctx, known.personId);
      const before = await ctx.db.kysely.selectFrom('people').select('id').execute();
      const out = await recordDeathCertificate(ctx, home.staff, body.id, {
        number: rid,
        issuer: '芙蓉区人民医院',
        issuedOn: '2026-08-09',
      });
      expect(out.outcome).toBe('merge_proposed');
      expect(out.mergeId).toBeTruthy();
      expect(await ctx.db.kysely.selectFrom('people').select('id').execute()).toHaveLength(before.length);
      expect((await findIndexedPerson(ctx.db.kysely, known.personId))!.status).toBe('alive');
      // A county reviewer approves the merge: the case follows the survivor, becomes identified, and the
      // death is recorded on the survivor (once); county finance stays the payer, flagged for review.
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      await decideMerge(ctx, reviewer, out.mergeId!, { decision: 'approve', reason: '证件核对一致' });
      await ctx.events.dispatchPending();
      const row = await ctx.db.kysely
        .selectFrom('funeralCases')
        .selectAll()
        .where('id', '=', body.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        personId: known.personId,
        identityStatus: 'identified',
        payer: 'county_finance',
      });
      expect((await findIndexedPerson(ctx.db.kysely, known.personId))!).toMatchObject({
        status: 'deceased',
        deathDate: '2026-08-09',
      });
      expect(await deceasedEvents(ctx, known.personId)).toBe(1);
      const tab = await caseDeaths(ctx, home.staff, body.id);
      expect(tab.registrations[0]).toMatchObject({ outcome: 'recorded' });
      expect(tab.flags.map((f) => f.kind)).toEqual(['payer_review']);
      // A resident id not in the index needs the name on the certificate, then proposes the same way.
      const body2 = await aFuneralCase(ctx, home, { estimatedAge: 40, deathDate: '2026-08-09' });
      const fresh = composeResidentId('430102', parsePlainDate('1986-01-01'), 11);
      const input = { number: fresh, issuer: '芙蓉区人民医院', issuedOn: '2026-08-10' };
      expect((await refusal(recordDeathCertificate(ctx, home.staff, body2.id, input))).code).toBe(
        'DECEDENT_NAME_REQUIRED',
      );
      const out2 = await recordDeathCertificate(ctx, home.staff, body2.id, {
        ...input,
        decedentName: '赵小军',
      });
      expect(out2.outcome).toBe('merge_proposed');
    });

    it('a revoked death (被死亡) is handled by every line: funeral, marriage, rescue', async () => {
      const clock = new ManualClock('2026-08-03T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const desk = await aMarriageDesk(ctx, { county: '430102' });
      const marriage = await registerMarriage(
        ctx,
        desk.registrar,
        aCouple(desk.registry.id, { county: '430102' }),
      );
      const m = await ctx.db.kysely
        .selectFrom('marriages')
        .selectAll()
        .where('id', '=', marriage.id)
        .executeTakeFirstOrThrow();
      const husbandId = m.husbandId;
      const station = await aRescueStation(ctx, { county: '430102' });
      const rescue = await aRescueCase(ctx, station, { birthDate: '1980-01-01' });
      await ctx.db.kysely
        .updateTable('rescueCases')
        .set({ personId: husbandId })
        .where('id', '=', rescue.id)
        .execute();
      clock.set('2026-08-12T02:00:00.000Z');
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const c = await aFuneralCase(ctx, home, { birthDate: '1962-06-01', deathDate: '2026-08-11' });
      await ctx.db.kysely
        .updateTable('funeralCases')
        .set({ personId: husbandId })
        .where('id', '=', c.id)
        .execute();
      await recordDeathCertificate(ctx, home.staff, c.id, {
        number: await residentIdOf(ctx, husbandId),
        issuer: '芙蓉区人民医院',
        issuedOn: '2026-08-11',
      });
      await ctx.events.dispatchPending();
      // A recorded death visibly changes the other lines: the spouse widowed, the open rescue case closed.
      const ended = await ctx.db.kysely
        .selectFrom('marriages')
        .selectAll()
        .where('id', '=', m.id)
        .executeTakeFirstOrThrow();
      expect(ended).toMatchObject({ status: 'ended_by_death', endedOn: '2026-08-11' });
      const closed = await ctx.db.kysely
        .selectFrom('rescueCases')
        .selectAll()
        .where('id', '=', rescue.id)
        .executeTakeFirstOrThrow();
      expect(closed).toMatchObject({ status: 'deceased', closeKind: 'death' });

      // The revocation: requested by funeral staff, decided by a county reviewer (not the requester).
      const requested = await requestDeathRevocation(ctx, home.countyStaff, husbandId, {
        reason: '本人到派出所核验身份，系遗体身份认定错误',
        evidence: '芙蓉派出所户籍核实函',
      });
      expect(
        (await refusal(requestDeathRevocation(ctx, home.countyStaff, husbandId, { reason: '重复申请' })))
          .code,
      ).toBe('DEATH_REVOCATION_PENDING');
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      expect(
        (
          await refusal(
            decideDeathRevocation(ctx, home.countyStaff, requested.id, {
              decision: 'approve',
              reason: '同意',
            }),
          )
        ).code,
      ).toBe('PERMISSION_DENIED');
      const elsewhere = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430111' })).actor;
      expect(
        (
          await refusal(
            decideDeathRevocation(ctx, elsewhere, requested.id, { decision: 'approve', reason: '同意' }),
          )
        ).code,
      ).toBe('NOT_FOUND');
      const decided = await decideDeathRevocation(ctx, reviewer, requested.id, {
        decision: 'approve',
        reason: '核实无误',
      });
      expect(decided.status).toBe('approved');
      await ctx.events.dispatchPending();
      const person = (await findIndexedPerson(ctx.db.kysely, husbandId))!;
      expect(person).toMatchObject({ status: 'alive', deathDate: null });
      const facts = await ctx.db.kysely
        .selectFrom('personFacts')
        .selectAll()
        .where('personId', '=', husbandId)
        .execute();
      expect(facts.map((f) => f.field)).toEqual(expect.arrayContaining(['deathDate', 'deathRevoked']));
      // Marriage: subsisting again (no later marriage). Rescue: flagged for review, not reopened.
      expect(
        await ctx.db.kysely
          .selectFrom('marriages')
          .select(['status', 'endedOn'])
          .where('id', '=', m.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        status: 'subsisting',
        endedOn: null,
      });
      const flagged = await ctx.db.kysely
        .selectFrom('rescueCases')
        .selectAll()
        .where('id', '=', rescue.id)
        .executeTakeFirstOrThrow();
      expect(flagged).toMatchObject({ status: 'deceased', closeKind: 'death_revoked' });
      expect(flagged.closeNote).toContain('待复核');
      // Funeral: the certificate revoked, the registration revoked, a review flag.
      const tab = await caseDeaths(ctx, home.staff, c.id);
      expect(tab.registrations[0]!.status).toBe('revoked');
      expect(tab.flags.map((f) => f.kind)).toEqual(['death_revoked']);
      expect(tab.revocations[0]).toMatchObject({ status: 'approved' });
      const docs = await ctx.db.kysely
        .selectFrom('funeralCaseDocuments')
        .selectAll()
        .where('caseId', '=', c.id)
        .execute();
      expect(docs.map((d) => d.status)).toEqual(['revoked']);
      // Replayed handlers change nothing (idempotent); a person alive cannot be revoked again.
      await ctx.events.dispatchPending();
      expect((await caseDeaths(ctx, home.staff, c.id)).flags).toHaveLength(1);
      expect(
        (await refusal(requestDeathRevocation(ctx, home.countyStaff, husbandId, { reason: '再次申请' })))
          .code,
      ).toBe('PERSON_NOT_DECEASED');
    });

    it('marriage: a spouse who married since keeps the new marriage; the old one is left for review', async () => {
      const clock = new ManualClock('2026-08-03T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const desk = await aMarriageDesk(ctx, { county: '430102' });
      const couple = aCouple(desk.registry.id, { county: '430102' });
      const first = await registerMarriage(ctx, desk.registrar, couple);
      const m = await ctx.db.kysely
        .selectFrom('marriages')
        .selectAll()
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const c = await aFuneralCase(ctx, home, { birthDate: '1961-06-01', deathDate: '2026-08-04' });
      await ctx.db.kysely
        .updateTable('funeralCases')
        .set({ personId: m.husbandId })
        .where('id', '=', c.id)
        .execute();
      clock.set('2026-08-05T02:00:00.000Z');
      await recordDeathCertificate(ctx, home.staff, c.id, {
        number: await residentIdOf(ctx, m.husbandId),
        issuer: '芙蓉区人民医院',
        issuedOn: '2026-08-04',
      });
      await ctx.events.dispatchPending();
      clock.set('2026-08-10T02:00:00.000Z');
      const second = await registerMarriage(ctx, desk.registrar, {
        registryId: desk.registry.id,
        husband: aParty(aResidentId('430102', '1990-01-01', 'male'), '刘志强'),
        wife: couple.wife,
        declaredKinship: 'none',
      });
      const requested = await requestDeathRevocation(ctx, home.countyStaff, m.husbandId, {
        reason: '身份认定错误',
      });
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      await decideDeathRevocation(ctx, reviewer, requested.id, { decision: 'approve', reason: '核实无误' });
      await ctx.events.dispatchPending();
      const rows = await ctx.db.kysely
        .selectFrom('marriages')
        .select(['id', 'status'])
        .where('id', 'in', [m.id, second.id])
        .execute();
      expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
        [m.id]: 'ended_by_death',
        [second.id]: 'subsisting',
      });
      const review = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('targetId')
        .where('action', '=', 'marriage.death-revoked.needs-review')
        .execute();
      expect(review.map((r) => r.targetId)).toEqual([m.id]);
    });
  },
  { lines: [rescueLine, marriageLine, funeralLine] },
);
