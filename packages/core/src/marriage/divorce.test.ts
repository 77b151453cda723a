import { parsePlainDate } from '@social-affairs/kernel';
import type { ApplyDivorceInput } from '@social-affairs/kernel/contracts';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit.service';
import { recordDeath } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import type { ManualClock } from '../testing/factories';
import { aUser } from '../testing/factories';
import {
  applyForDivorce,
  coolingOffWindows,
  expireDivorceApplications,
  getDivorce,
  listDivorces,
  requestDivorceCertificate,
  withdrawDivorce,
} from './divorce.service';
import { aCouple, aDivorceApplication, aMarriageDesk, beijingMorning } from './marriage.fixtures';
import { contextOn, rejects } from './marriage.test-support';
import { registerMarriage } from './registration.service';
import { marriageLine } from './line';

describe('cooling-off windows (R-MAR-12 table)', () => {
  const withWeekends = { coolingOffWeekendsAreRestDays: true };
  it.each([
    ['2021-01-04', '2021-02-03', '2021-02-04', '2021-03-05', '2021-03-06'],
    ['2024-09-01', '2024-10-08', '2024-10-09', '2024-11-07', '2024-11-08'],
    ['2025-01-03', '2025-02-05', '2025-02-06', '2025-03-07', '2025-03-08'],
    ['2024-06-20', '2024-07-22', '2024-07-23', '2024-08-21', '2024-08-22'],
  ])(
    'received %s: withdraw until %s, joint request %s … %s, deemed withdrawn %s',
    (received, w1, w2s, w2e, deemed) => {
      expect(coolingOffWindows(parsePlainDate(received), withWeekends)).toEqual({
        receivedOn: received,
        withdrawalEndsOn: w1,
        jointRequestStartsOn: w2s,
        jointRequestEndsOn: w2e,
        deemedWithdrawnOn: deemed,
        provisional: false,
      });
    },
  );

  it('ends a window on a Saturday when weekends are configured not to count as rest days', () => {
    expect(
      coolingOffWindows(parsePlainDate('2024-06-20'), { coolingOffWeekendsAreRestDays: false }),
    ).toMatchObject({
      withdrawalEndsOn: '2024-07-20',
      jointRequestStartsOn: '2024-07-21',
      jointRequestEndsOn: '2024-08-19',
      deemedWithdrawnOn: '2024-08-20',
    });
  });
});

/** aDivorceApplication with hukou booklets shown and minor children provided for in the agreement. */
function application(
  marriageId: string,
  registryId: string,
  overrides: Partial<ApplyDivorceInput> = {},
): ApplyDivorceInput {
  const base = aDivorceApplication(marriageId, registryId);
  const party = { ...base.husband, hukouBooklet: true };
  return {
    ...base,
    husband: party,
    wife: party,
    agreement: { ...base.agreement, hasMinorChildren: true, childArrangements: true },
    ...overrides,
  };
}

const both = (registryId: string) => ({
  registryId,
  husbandPresent: true,
  wifePresent: true,
  bothStillWishToDivorce: true,
  agreementConfirmed: true,
});

describe('cooling-off windows reaching a year without a published holiday schedule', () => {
  it('computes them with weekends only and marks them provisional', () => {
    expect(coolingOffWindows(parsePlainDate('2026-11-29'), { coolingOffWeekendsAreRestDays: true })).toEqual({
      receivedOn: '2026-11-29',
      withdrawalEndsOn: '2026-12-29',
      jointRequestStartsOn: '2026-12-30',
      jointRequestEndsOn: '2027-01-28',
      deemedWithdrawnOn: '2027-01-29',
      provisional: true,
    });
    // 2027-01-30 is a Saturday: the provisional end moves to Monday 02-01.
    expect(
      coolingOffWindows(parsePlainDate('2026-12-01'), { coolingOffWeekendsAreRestDays: true })
        .jointRequestEndsOn,
    ).toBe('2027-02-01');
  });
});

describeEachDatabase(
  'divorce with cooling-off',
  (t) => {
    /** A couple married on 2020-06-01 who apply for divorce on 2021-01-04 (R-MAR-12 TC row 1). */
    async function appliedOn20210104() {
      const ctx = contextOn(t.db, '2020-06-01');
      const desk = await aMarriageDesk(ctx);
      const couple = aCouple(desk.registry.id);
      const marriage = await registerMarriage(ctx, desk.registrar, couple);
      const clock = ctx.clock as ManualClock;
      clock.set(beijingMorning('2021-01-04'));
      const divorce = await applyForDivorce(ctx, desk.registrar, application(marriage.id, desk.registry.id));
      return { ctx, desk, marriage, divorce, clock, couple };
    }

    it('accepts an application with the windows fixed on receipt and shows the days left', async () => {
      const { divorce, ctx, desk, clock } = await appliedOn20210104();
      expect(divorce).toMatchObject({
        status: 'cooling_off',
        phase: 'withdrawal',
        receivedOn: '2021-01-04',
        withdrawalEndsOn: '2021-02-03',
        jointRequestStartsOn: '2021-02-04',
        jointRequestEndsOn: '2021-03-05',
        daysLeft: 31,
      });
      clock.set(beijingMorning('2021-02-20'));
      expect(await getDivorce(ctx, desk.registrar, divorce.id)).toMatchObject({
        phase: 'joint_request',
        daysLeft: 14,
      });
    });

    it('lets the wife alone withdraw on the last day of window 1 (TC1)', async () => {
      const { ctx, desk, divorce, clock, marriage } = await appliedOn20210104();
      clock.set(beijingMorning('2021-02-03'));
      const w = await withdrawDivorce(ctx, desk.registrar, divorce.id, {
        registryId: desk.registry.id,
        party: 'wife',
        presentInPerson: true,
        receiptOrExplanation: true,
      });
      expect(w).toMatchObject({
        status: 'withdrawn',
        withdrawnBy: 'wife',
        closedOn: '2021-02-03',
        phase: 'closed',
      });
      const m = await t.db.kysely
        .selectFrom('marriages')
        .select('status')
        .where('id', '=', marriage.id)
        .executeTakeFirstOrThrow();
      expect(m.status).toBe('subsisting');
    });

    it('refuses a withdrawal the day after window 1 and keeps the application open (TC2)', async () => {
      const { ctx, desk, divorce, clock } = await appliedOn20210104();
      clock.set(beijingMorning('2021-02-04'));
      await rejects(
        withdrawDivorce(ctx, desk.registrar, divorce.id, {
          registryId: desk.registry.id,
          party: 'wife',
          presentInPerson: true,
          receiptOrExplanation: true,
        }),
        'WITHDRAWAL_WINDOW_CLOSED',
      );
      expect((await getDivorce(ctx, desk.registrar, divorce.id)).status).toBe('cooling_off');
    });

    it('refuses the certificate during window 1 and registers the divorce on the first day of window 2 (TC3/TC4)', async () => {
      const { ctx, desk, divorce, clock, marriage } = await appliedOn20210104();
      clock.set(beijingMorning('2021-02-03'));
      await rejects(
        requestDivorceCertificate(ctx, desk.registrar, divorce.id, both(desk.registry.id)),
        'COOLING_OFF_NOT_OVER',
      );
      clock.set(beijingMorning('2021-02-04'));
      const done = await requestDivorceCertificate(ctx, desk.registrar, divorce.id, both(desk.registry.id));
      expect(done).toMatchObject({
        status: 'registered',
        closedOn: '2021-02-04',
        certificateNo: `L${desk.registry.code}-2021-000001`,
      });
      const m = await t.db.kysely
        .selectFrom('marriages')
        .selectAll()
        .where('id', '=', marriage.id)
        .executeTakeFirstOrThrow();
      expect(m).toMatchObject({ status: 'divorced', endedOn: '2021-02-04', endReference: divorce.id });
    });

    it('cannot issue to one party alone (TC5) nor when the review fails', async () => {
      const { ctx, desk, divorce, clock } = await appliedOn20210104();
      clock.set(beijingMorning('2021-02-10'));
      await rejects(
        requestDivorceCertificate(ctx, desk.registrar, divorce.id, {
          ...both(desk.registry.id),
          wifePresent: false,
        }),
        'BOTH_PARTIES_REQUIRED',
      );
      await rejects(
        requestDivorceCertificate(ctx, desk.registrar, divorce.id, {
          ...both(desk.registry.id),
          agreementConfirmed: false,
        }),
        'DIVORCE_REVIEW_FAILED',
      );
      expect((await getDivorce(ctx, desk.registrar, divorce.id)).status).toBe('cooling_off');
    });

    it('deems the application withdrawn the day after window 2, idempotently, and a new application starts over (TC6)', async () => {
      const { ctx, desk, divorce, clock, marriage } = await appliedOn20210104();
      clock.set(beijingMorning('2021-03-05'));
      expect(await expireDivorceApplications(ctx)).toBe(0);
      expect(await getDivorce(ctx, desk.registrar, divorce.id)).toMatchObject({
        status: 'cooling_off',
        phase: 'joint_request',
        daysLeft: 1,
      });
      clock.set(beijingMorning('2021-03-06'));
      // Before the job runs the application already reads as deemed withdrawn.
      expect((await getDivorce(ctx, desk.registrar, divorce.id)).status).toBe('deemed_withdrawn');
      expect(await expireDivorceApplications(ctx)).toBe(1);
      expect(await expireDivorceApplications(ctx)).toBe(0);
      const row = await t.db.kysely
        .selectFrom('divorceApplications')
        .selectAll()
        .where('id', '=', divorce.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'deemed_withdrawn', closedOn: '2021-03-06' });
      await rejects(
        requestDivorceCertificate(ctx, desk.registrar, divorce.id, both(desk.registry.id)),
        'DIVORCE_DEEMED_WITHDRAWN',
      );
      await rejects(
        withdrawDivorce(ctx, desk.registrar, divorce.id, {
          registryId: desk.registry.id,
          party: 'husband',
          presentInPerson: true,
          receiptOrExplanation: true,
        }),
        'DIVORCE_NOT_OPEN',
      );
      const again = await applyForDivorce(ctx, desk.registrar, application(marriage.id, desk.registry.id));
      expect(again).toMatchObject({ receivedOn: '2021-03-06', status: 'cooling_off' });
    });

    it('answers a late joint request with deemed withdrawn and closes the application', async () => {
      const { ctx, desk, divorce, clock } = await appliedOn20210104();
      clock.set(beijingMorning('2021-03-08'));
      await rejects(
        requestDivorceCertificate(ctx, desk.registrar, divorce.id, both(desk.registry.id)),
        'DIVORCE_DEEMED_WITHDRAWN',
      );
      const row = await t.db.kysely
        .selectFrom('divorceApplications')
        .selectAll()
        .where('id', '=', divorce.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('deemed_withdrawn');
    });

    it('refuses the certificate at a registry other than the one that received the application (TC7)', async () => {
      const { ctx, desk, divorce, clock } = await appliedOn20210104();
      const other = await aMarriageDesk(ctx, {
        county: '430181',
        admin: desk.admin,
        registrarScope: '430181',
      });
      clock.set(beijingMorning('2021-02-10'));
      await rejects(
        requestDivorceCertificate(ctx, other.registrar, divorce.id, both(other.registry.id)),
        'DIVORCE_WRONG_REGISTRY',
      );
    });

    it('does not accept an agreement silent on a minor child, nor a party under guardianship (R-MAR-11)', async () => {
      const ctx = contextOn(t.db, '2025-06-01');
      const desk = await aMarriageDesk(ctx);
      const marriage = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      const base = application(marriage.id, desk.registry.id);
      const noCustody = { ...base, agreement: { ...base.agreement, childArrangements: false } };
      const err = await rejects(applyForDivorce(ctx, desk.registrar, noCustody), 'DIVORCE_NOT_ACCEPTED');
      expect((err.details.reasons as { code: string }[]).map((r) => r.code)).toEqual([
        'DIVORCE_AGREEMENT_INCOMPLETE',
      ]);
      const guardianship = { ...base, wife: { ...base.wife, civilCapacity: 'limited' as const } };
      const err2 = await rejects(applyForDivorce(ctx, desk.registrar, guardianship), 'DIVORCE_NOT_ACCEPTED');
      expect((err2.details.reasons as { code: string }[]).map((r) => r.code)).toEqual([
        'PARTY_LACKS_CIVIL_CAPACITY',
      ]);
      // From 2025-05-10 the 户口簿 is not needed; a childless couple needs no custody clause.
      const ok = application(marriage.id, desk.registry.id, {
        husband: {
          presentInPerson: true,
          identityDocument: true,
          hukouBooklet: false,
          civilCapacity: 'full',
        },
        agreement: { ...base.agreement, hasMinorChildren: false, childArrangements: false },
      });
      expect((await applyForDivorce(ctx, desk.registrar, ok)).status).toBe('cooling_off');
      await rejects(applyForDivorce(ctx, desk.registrar, ok), 'DIVORCE_ALREADY_PENDING');
    });

    it('registers a remarriage of the divorced couple as a new marriage (R-MAR-13)', async () => {
      const { ctx, desk, divorce, clock, couple } = await appliedOn20210104();
      clock.set(beijingMorning('2021-02-04'));
      await requestDivorceCertificate(ctx, desk.registrar, divorce.id, both(desk.registry.id));
      clock.set(beijingMorning('2022-01-10'));
      const again = await registerMarriage(ctx, desk.registrar, couple);
      expect(again).toMatchObject({ status: 'subsisting', registeredOn: '2022-01-10' });
    });

    it('audits every transition and keeps the chain valid', async () => {
      const { ctx, desk, divorce, clock } = await appliedOn20210104();
      clock.set(beijingMorning('2021-02-04'));
      await requestDivorceCertificate(ctx, desk.registrar, divorce.id, both(desk.registry.id));
      const actions = await t.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', divorce.id)
        .orderBy('seq')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(['marriage.divorce.accept', 'marriage.divorce.register']);
      expect((await verifyAuditChain(ctx)).ok).toBe(true);
    });

    it('lists open applications in scope with their days left', async () => {
      const { ctx, desk, clock } = await appliedOn20210104();
      clock.set(beijingMorning('2021-01-20'));
      const list = await listDivorces(ctx, desk.registrar, { status: 'cooling_off' });
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ phase: 'withdrawal', daysLeft: 15, husband: { name: '王建国' } });
      const { actor: elsewhere } = await aUser(ctx, { role: 'registrar', divisionCode: '430102' });
      expect(await listDivorces(ctx, elsewhere, {})).toHaveLength(0);
    });

    it('ends the marriage by death from the death date, terminates a pending divorce, and ignores a replay', async () => {
      const { ctx, desk, divorce, marriage, clock } = await appliedOn20210104();
      clock.set(beijingMorning('2021-01-20'));
      const { actor: funeral } = await aUser(ctx, { role: 'funeral_staff', divisionCode: '430000' });
      await recordDeath(ctx, funeral, marriage.husband.personId, { deathDate: '2021-01-15', source: '医院' });
      await ctx.events.dispatchPending();
      const m = await t.db.kysely
        .selectFrom('marriages')
        .selectAll()
        .where('id', '=', marriage.id)
        .executeTakeFirstOrThrow();
      expect(m).toMatchObject({
        status: 'ended_by_death',
        endedOn: '2021-01-15',
        endReference: marriage.husband.personId,
      });
      expect((await getDivorce(ctx, desk.registrar, divorce.id)).status).toBe('terminated_by_death');
      // Replay: forget the delivery and dispatch again — nothing changes.
      await t.db.kysely.deleteFrom('eventDeliveries').execute();
      await ctx.events.dispatchPending();
      const audits = await t.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('action', '=', 'marriage.end-by-death')
        .execute();
      expect(audits).toHaveLength(1);
    });
  },
  { lines: [marriageLine] },
);
