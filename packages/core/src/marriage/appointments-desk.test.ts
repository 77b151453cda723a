/** The registrar's day (issue 13, item 1): calendar, check-in, outcomes, no-shows, refusal with a reason. */
import { DomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { recordDeath } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/factories';
import {
  appointmentWeek,
  bookAppointment,
  cancelAppointmentAtDesk,
  checkInAppointment,
  completeAppointment,
  listAppointments,
  markNoShow,
  type BookAppointmentInput,
} from './appointments.service';
import { PARTY_DECEASED_REASON } from './appointments.subscriber';
import { aCouple, aMarriageDesk, aParty, aResidentId, beijingMorning } from './marriage.fixtures';
import { marriageLine } from './line';
import { refuseMarriage, registerMarriage } from './registration.service';

const HUSBAND_ID = aResidentId('430181', '1995-04-12', 'male');
const WIFE_ID = aResidentId('430181', '1997-08-30', 'female');

/** The booked couple at the desk, with the ids they booked with. */
const bookedCouple = (registryId: string) => ({
  ...aCouple(registryId),
  husband: aParty(HUSBAND_ID, '王建国'),
  wife: aParty(WIFE_ID, '李秀英'),
});

const booking = (
  registryId: string,
  i = 0,
  over: Partial<BookAppointmentInput> = {},
): BookAppointmentInput => ({
  registryId,
  date: '2026-11-30',
  halfDay: 'am',
  service: 'marriage',
  // The wife books: the check-in still puts each party on the right side of the form.
  applicantName: `李秀英${i || ''}`,
  partnerName: `王建国${i || ''}`,
  applicantResidentId: WIFE_ID,
  partnerResidentId: HUSBAND_ID,
  phone: `1390000${String(1000 + i).slice(-4)}`,
  ...over,
});

async function bookedMonday(t: { db: Parameters<typeof testContext>[0] }) {
  const clock = new ManualClock(); // Sunday 2026-11-29, Beijing 10:00
  const ctx = testContext(t.db, clock);
  const desk = await aMarriageDesk(ctx);
  const receipt = await bookAppointment(ctx, booking(desk.registry.id));
  const [row] = await listAppointments(ctx, desk.registrar, desk.registry.id, '2026-11-30');
  if (!row) throw new Error('no booking');
  return { ctx, clock, desk, receipt, id: row.id };
}

async function peopleCount(t: { db: Parameters<typeof testContext>[0] }): Promise<number> {
  const r = await t.db.kysely
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function actions(t: { db: Parameters<typeof testContext>[0] }, prefix: string): Promise<string[]> {
  const rows = await t.db.kysely
    .selectFrom('auditLog')
    .select('action')
    .where('action', 'like', `${prefix}%`)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

describeEachDatabase(
  'the registrar’s day',
  (t) => {
    it('shows the week of bookings per day and half day, and today with the next working days', async () => {
      const { ctx, desk } = await bookedMonday(t);
      await bookAppointment(
        ctx,
        booking(desk.registry.id, 2, {
          date: '2026-12-01',
          halfDay: 'pm',
          applicantResidentId: aResidentId('430181', '1990-01-01', 'female'),
          partnerResidentId: aResidentId('430181', '1990-02-02', 'male'),
        }),
      );
      // On Sunday the workbench asks for today and the next two working days: Monday and Tuesday.
      const upcoming = await listAppointments(ctx, desk.registrar, desk.registry.id, undefined, 3);
      expect(upcoming.map((a) => [a.date, a.halfDay, a.status])).toEqual([
        ['2026-11-30', 'am', 'booked'],
        ['2026-12-01', 'pm', 'booked'],
      ]);
      // Only today (the old card): nothing, although Monday is booked.
      expect(await listAppointments(ctx, desk.registrar, desk.registry.id)).toEqual([]);
      const week = await appointmentWeek(ctx, desk.registrar, desk.registry.id, '2026-12-02');
      expect(week.weekStart).toBe('2026-11-30');
      expect(week.days).toHaveLength(7);
      expect(week.days[0]).toMatchObject({
        date: '2026-11-30',
        weekday: 1,
        working: true,
        am: { total: 1, booked: 1 },
      });
      expect(week.days[1]).toMatchObject({
        date: '2026-12-01',
        pm: { total: 1, booked: 1 },
        am: { total: 0 },
      });
      expect(week.days[5]).toMatchObject({ date: '2026-12-05', working: false });
      expect(week.capacity).toBe(20);
    });

    it('checks a booking in, pre-fills the form by sex, and closes it as done when the couple registers', async () => {
      const { ctx, clock, desk, id } = await bookedMonday(t);
      clock.set(beijingMorning('2026-11-30'));
      const checkIn = await checkInAppointment(ctx, desk.registrar, id);
      expect(checkIn.appointment).toMatchObject({
        status: 'attended',
        checkedInAt: '2026-11-30T02:00:00.000Z',
      });
      expect(checkIn.prefill).toMatchObject({
        service: 'marriage',
        registryId: desk.registry.id,
        appointmentId: id,
        husbandName: '王建国',
        wifeName: '李秀英',
        husbandResidentIdMasked: expect.stringMatching(/^430181\*+\d{3}[\dX]$/),
      });
      // Checking in again answers the same pre-fill (the clerk reopened the form).
      expect((await checkInAppointment(ctx, desk.registrar, id)).prefill).toEqual(checkIn.prefill);
      const marriage = await registerMarriage(ctx, desk.registrar, {
        ...bookedCouple(desk.registry.id),
        appointmentId: id,
      });
      const [done] = await listAppointments(ctx, desk.registrar, desk.registry.id);
      expect(done).toMatchObject({ status: 'done', outcomeKind: 'marriage', outcomeRef: marriage.id });
      expect(await actions(t, 'marriage.appointment.')).toEqual([
        'marriage.appointment.book',
        'marriage.appointment.check-in',
        'marriage.appointment.done',
      ]);
      await expect(checkInAppointment(ctx, desk.registrar, id)).rejects.toMatchObject({
        code: 'APPOINTMENT_NOT_ACTIVE',
      });
    });

    it('will not close a booking with another couple, and leaves the registration undone then', async () => {
      const { ctx, clock, desk, id } = await bookedMonday(t);
      clock.set(beijingMorning('2026-11-30'));
      await checkInAppointment(ctx, desk.registrar, id);
      const other = aCouple(desk.registry.id, { husbandBirth: '1988-03-03' });
      await expect(
        registerMarriage(ctx, desk.registrar, { ...other, appointmentId: id }),
      ).rejects.toMatchObject({ code: 'APPOINTMENT_PARTIES_MISMATCH' });
      expect(await t.db.kysely.selectFrom('marriages').select('id').execute()).toEqual([]);
    });

    it('hides another county’s booking (404) from check-in, no-show, cancel and complete', async () => {
      const { ctx, desk, id } = await bookedMonday(t);
      const elsewhere = await aMarriageDesk(ctx, { county: '430102' });
      for (const act of [
        () => checkInAppointment(ctx, elsewhere.registrar, id),
        () => markNoShow(ctx, elsewhere.registrar, id),
        () => cancelAppointmentAtDesk(ctx, elsewhere.registrar, id, '来电取消'),
        () =>
          completeAppointment(ctx, elsewhere.registrar, id, {
            registryId: elsewhere.registry.id,
            outcomeKind: 'other',
          }),
      ]) {
        await expect(act()).rejects.toMatchObject({ kind: 'not_found', code: 'NOT_FOUND' });
      }
      const { actor: supervisor } = await aUser(ctx, { role: 'supervisor', divisionCode: '430181' });
      await expect(checkInAppointment(ctx, supervisor, id)).rejects.toMatchObject({ kind: 'forbidden' });
      // The booking is untouched.
      const [row] = await listAppointments(ctx, desk.registrar, desk.registry.id, '2026-11-30');
      expect(row?.status).toBe('booked');
    });

    it('reads a booking nobody checked in as no-show from the next day, and lets the registrar mark it', async () => {
      const { ctx, clock, desk, id } = await bookedMonday(t);
      await expect(markNoShow(ctx, desk.registrar, id)).rejects.toMatchObject({
        code: 'APPOINTMENT_NOT_YET_DUE',
      });
      clock.set(beijingMorning('2026-12-01'));
      const [lapsed] = await listAppointments(ctx, desk.registrar, desk.registry.id, '2026-11-30');
      expect(lapsed?.status).toBe('no_show');
      const week = await appointmentWeek(ctx, desk.registrar, desk.registry.id);
      expect(week.days[0]?.am).toMatchObject({ total: 1, noShow: 1, booked: 0 });
      await expect(checkInAppointment(ctx, desk.registrar, id)).rejects.toMatchObject({
        code: 'APPOINTMENT_LAPSED',
      });
      const marked = await markNoShow(ctx, desk.registrar, id);
      expect(marked).toMatchObject({ status: 'no_show', closedAt: '2026-12-01T02:00:00.000Z' });
      const stored = await t.db.kysely
        .selectFrom('marriageAppointments')
        .select(['status', 'coupleKey'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ status: 'no_show', coupleKey: null });
      expect(await actions(t, 'marriage.appointment.no-show')).toHaveLength(1);
    });

    it('cancels the open booking of a party who died, with the reason, once', async () => {
      const { ctx, desk, id } = await bookedMonday(t);
      // The husband is in the index (an earlier act); his death is recorded before the day.
      const { createPerson } = await import('../people/index');
      const husband = await createPerson(ctx, desk.registrar, {
        residentId: HUSBAND_ID,
        name: '王建国',
        hukouDivisionCode: '430181',
        source: '测试',
      });
      const { actor: funeral } = await aUser(ctx, { role: 'funeral_staff', divisionCode: '430000' });
      await recordDeath(ctx, funeral, husband.id, { deathDate: '2026-11-28', source: '医院' });
      await ctx.events.dispatchPending();
      const row = await t.db.kysely
        .selectFrom('marriageAppointments')
        .select(['status', 'closeReason'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'cancelled', closeReason: PARTY_DECEASED_REASON });
      await t.db.kysely.deleteFrom('eventDeliveries').execute();
      await ctx.events.dispatchPending();
      expect(await actions(t, 'marriage.appointment.cancel-deceased')).toHaveLength(1);
      // Cancelled bookings leave the registrar's list; the week counts them apart.
      expect(await listAppointments(ctx, desk.registrar, desk.registry.id, '2026-11-30')).toEqual([]);
      const week = await appointmentWeek(ctx, desk.registrar, desk.registry.id, '2026-11-30');
      expect(week.days[0]?.am).toMatchObject({ total: 0, cancelled: 1 });
    });

    it('does not add refused parties to the person index (a rule refusal)', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const before = await peopleCount(t);
      const couple = aCouple(desk.registry.id, { husbandBirth: '2006-01-01' }); // 20: under age
      const err = await registerMarriage(ctx, desk.registrar, couple).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'MARRIAGE_REFUSED' });
      const refusalId = (err as DomainError).details?.refusalId as string;
      expect(await peopleCount(t)).toBe(before);
      const refusal = await t.db.kysely
        .selectFrom('marriageRefusals')
        .selectAll()
        .where('id', '=', refusalId)
        .executeTakeFirstOrThrow();
      expect(refusal).toMatchObject({
        husbandId: null,
        wifeId: null,
        husbandName: '王建国',
        wifeName: '李秀英',
      });
      expect(JSON.parse(refusal.reasons)).toEqual([expect.objectContaining({ code: 'PARTY_UNDER_AGE' })]);
      expect(await actions(t, 'marriage.refuse')).toEqual(['marriage.refuse']);
      expect(await actions(t, 'person.')).toEqual([]);
      // Registered later (of age), both are indexed then.
      const ok = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      expect(ok.certificateNo).toMatch(/^J/);
      expect(await peopleCount(t)).toBe(before + 2);
    });

    it('refuses with the registrar’s ground and words, indexes nobody, and closes the booking', async () => {
      const { ctx, clock, desk, id } = await bookedMonday(t);
      clock.set(beijingMorning('2026-11-30'));
      await checkInAppointment(ctx, desk.registrar, id);
      const before = await peopleCount(t);
      const refusal = await refuseMarriage(ctx, desk.registrar, {
        ...bookedCouple(desk.registry.id),
        appointmentId: id,
        ground: 'PARTY_NOT_VOLUNTARY',
        note: '女方当场表示受到家人逼迫',
      });
      expect(refusal.reasons).toEqual([
        {
          code: 'PARTY_NOT_VOLUNTARY',
          message: '非男女双方完全自愿（民法典第1046条）：女方当场表示受到家人逼迫',
          party: null,
        },
      ]);
      expect(await peopleCount(t)).toBe(before);
      const [done] = await listAppointments(ctx, desk.registrar, desk.registry.id);
      expect(done).toMatchObject({ status: 'done', outcomeKind: 'refusal', outcomeRef: refusal.refusalId });
      const audit = await t.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'details'])
        .where('targetId', '=', refusal.refusalId)
        .executeTakeFirstOrThrow();
      expect(audit.action).toBe('marriage.refuse');
      expect(JSON.parse(audit.details)).toMatchObject({
        reasons: ['PARTY_NOT_VOLUNTARY'],
        statedByRegistrar: true,
      });
      // Another county's registrar cannot refuse at this registry.
      const elsewhere = await aMarriageDesk(ctx, { county: '430102' });
      await expect(
        refuseMarriage(ctx, elsewhere.registrar, {
          ...aCouple(desk.registry.id),
          ground: 'OTHER',
          note: '证件照片与本人不符',
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('closes a divorce booking by completion, and a desk cancellation keeps its reason', async () => {
      const { ctx, clock, desk, id } = await bookedMonday(t);
      const second = await bookAppointment(
        ctx,
        booking(desk.registry.id, 3, {
          service: 'divorce',
          applicantResidentId: aResidentId('430181', '1980-01-01', 'female'),
          partnerResidentId: aResidentId('430181', '1979-01-01', 'male'),
        }),
      );
      clock.set(beijingMorning('2026-11-30'));
      const list = await listAppointments(ctx, desk.registrar, desk.registry.id);
      const divorceId = list.find((a) => a.reference === second.reference)?.id ?? '';
      await checkInAppointment(ctx, desk.registrar, divorceId);
      const done = await completeAppointment(ctx, desk.registrar, divorceId, {
        registryId: desk.registry.id,
        outcomeKind: 'divorce',
        outcomeRef: 'some-divorce-application',
      });
      expect(done).toMatchObject({ status: 'done', outcomeKind: 'divorce' });
      const cancelled = await cancelAppointmentAtDesk(ctx, desk.registrar, id, '当事人来电取消');
      expect(cancelled).toMatchObject({ status: 'cancelled', closeReason: '当事人来电取消' });
      const audit = await t.db.kysely
        .selectFrom('auditLog')
        .select(['reason'])
        .where('action', '=', 'marriage.appointment.cancel-at-desk')
        .executeTakeFirstOrThrow();
      expect(audit.reason).toBe('当事人来电取消');
    });
  },
  { lines: [marriageLine] },
);
