import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { testContext, type ManualClock } from '../testing/factories';
import {
  appointmentAvailability,
  bookAppointment,
  cancelAppointment,
  findAppointment,
  listAppointments,
  rescheduleAppointment,
  type BookAppointmentInput,
} from './appointments.service';
import { aMarriageDesk, aResidentId } from './marriage.fixtures';
import { marriageLine } from './line';

const booking = (registryId: string, i = 0): BookAppointmentInput => ({
  registryId,
  date: '2026-11-30',
  halfDay: 'am' as const,
  service: 'marriage' as const,
  applicantName: `申请人${i}`,
  partnerName: '对方',
  applicantResidentId: aResidentId('430181', '1995-04-12', 'male'),
  partnerResidentId: aResidentId('430181', '1997-08-30', 'female'),
  phone: `1380000${String(1000 + i).slice(-4)}`,
});

describeEachDatabase(
  'marriage appointments',
  (t) => {
    it('never books more than the half-day capacity, even under parallel requests', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx, { capacity: 3 });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => bookAppointment(ctx, booking(desk.registry.id, i))),
      );
      const ok = results.filter(
        (r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof bookAppointment>>> =>
          r.status === 'fulfilled',
      );
      expect(ok).toHaveLength(3);
      expect(ok.map((r) => r.value.slotNo).sort()).toEqual([1, 2, 3]);
      for (const r of results)
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'APPOINTMENT_FULL' });
      const rows = await t.db.kysely
        .selectFrom('marriageAppointments')
        .select('id')
        .where('status', '=', 'booked')
        .execute();
      expect(rows).toHaveLength(3);
    });

    it('frees a slot on cancellation and shows the day’s list to the registrar with masked phones', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx, { capacity: 1 });
      const first = await bookAppointment(ctx, booking(desk.registry.id, 1));
      await expect(bookAppointment(ctx, booking(desk.registry.id, 2))).rejects.toMatchObject({
        code: 'APPOINTMENT_FULL',
      });
      await expect(cancelAppointment(ctx, first.reference, '13900000000')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await cancelAppointment(ctx, first.reference.toLowerCase(), '13800001001');
      const second = await bookAppointment(ctx, booking(desk.registry.id, 2));
      expect(second.slotNo).toBe(1);
      const list = await listAppointments(ctx, desk.registrar, desk.registry.id, '2026-11-30');
      expect(list).toEqual([
        expect.objectContaining({ applicantName: '申请人2', phoneMasked: '138****1002', halfDay: 'am' }),
      ]);
      const availability = await appointmentAvailability(ctx, desk.registry.id);
      expect(availability.days[0]).toEqual({ date: '2026-11-30', am: 0, pm: 1 });
      expect(availability.days.some((d) => d.date === '2026-12-05')).toBe(false);
    });

    it('refuses rest days, today and dates beyond the horizon', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      await expect(
        bookAppointment(ctx, { ...booking(desk.registry.id), date: '2026-12-05' }),
      ).rejects.toMatchObject({ code: 'APPOINTMENT_NOT_WORKING_DAY' });
      await expect(
        bookAppointment(ctx, { ...booking(desk.registry.id), date: '2026-11-29' }),
      ).rejects.toMatchObject({ code: 'APPOINTMENT_DATE_OUT_OF_RANGE' });
      await expect(
        bookAppointment(ctx, { ...booking(desk.registry.id), date: '2027-01-04' }),
      ).rejects.toMatchObject({ code: 'APPOINTMENT_DATE_OUT_OF_RANGE' });
      await expect(
        bookAppointment(ctx, { ...booking(desk.registry.id), phone: '12345' }),
      ).rejects.toMatchObject({ code: 'PHONE_INVALID' });
    });

    it('checks both parties’ resident ids before booking a marriage, and keeps none of them', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const base = booking(desk.registry.id, 7);
      const husbandId = base.applicantResidentId ?? '';
      const wifeId = base.partnerResidentId ?? '';
      const refused = (over: Partial<BookAppointmentInput>) =>
        bookAppointment(ctx, { ...base, ...over }).then(
          () => undefined,
          (e: { code: string; message: string; details: { field?: string } }) => e,
        );
      expect(await refused({ partnerResidentId: null })).toMatchObject({
        code: 'RESIDENT_ID_REQUIRED',
        details: { field: 'partnerResidentId' },
      });
      const wrongCheck = `${wifeId.slice(0, 17)}${wifeId.endsWith('0') ? '1' : '0'}`;
      expect(await refused({ partnerResidentId: wrongCheck })).toMatchObject({
        code: 'RESIDENT_ID_CHECK_DIGIT',
        details: { field: 'partnerResidentId' },
      });
      expect(await refused({ partnerResidentId: aResidentId('430181', '1996-01-01', 'male') })).toMatchObject(
        {
          code: 'MARRIAGE_NOT_MAN_AND_WOMAN',
          details: { field: 'partnerResidentId' },
        },
      );
      expect(await refused({ partnerResidentId: husbandId })).toMatchObject({
        code: 'APPOINTMENT_SAME_PERSON',
      });
      expect(await refused({ partnerName: ' ' })).toMatchObject({
        code: 'PERSON_NAME_REQUIRED',
        details: { field: 'partnerName' },
      });
      // 22 on 2026-12-15: too young on 2026-11-30, old enough on 2026-12-15 (R-MAR-01).
      const young = aResidentId('430181', '2004-12-15', 'male');
      const underAge = await refused({ applicantResidentId: young });
      expect(underAge).toMatchObject({ code: 'PARTY_UNDER_AGE', details: { field: 'applicantResidentId' } });
      expect(underAge?.message).toContain('2026-12-15 起可以办理');
      await expect(
        bookAppointment(ctx, { ...base, applicantResidentId: young, date: '2026-12-15' }),
      ).resolves.toMatchObject({ date: '2026-12-15' });
      // A divorce is checked as strictly (issue 11): a party under marriageable age has no marriage to
      // dissolve. A re-issue needs no partner.
      expect(await refused({ service: 'divorce', applicantResidentId: young })).toMatchObject({
        code: 'PARTY_UNDER_AGE',
        details: { field: 'applicantResidentId' },
      });
      await expect(
        bookAppointment(ctx, {
          ...base,
          service: 'reissue',
          partnerName: null,
          partnerResidentId: null,
        }),
      ).resolves.toMatchObject({ service: 'reissue' });
      const ok = await bookAppointment(ctx, base);
      expect(ok).toMatchObject({ slotNo: expect.any(Number) });
      const stored = JSON.stringify(
        await t.db.kysely.selectFrom('marriageAppointments').selectAll().execute(),
      );
      const audits = JSON.stringify(await t.db.kysely.selectFrom('auditLog').selectAll().execute());
      for (const id of [husbandId, wifeId, young]) {
        expect(stored).not.toContain(id);
        expect(audits).not.toContain(id);
      }
    });

    it('holds one active booking per couple, even for ten parallel requests (issue 11)', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx, { capacity: 5 });
      const couple = booking(desk.registry.id, 3);
      const slots = [
        ['2026-11-30', 'am'],
        ['2026-11-30', 'pm'],
        ['2026-12-01', 'am'],
        ['2026-12-01', 'pm'],
        ['2026-12-02', 'am'],
      ] as const;
      // The same couple books every half day at once, half of the time with the roles swapped.
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => {
          const [date, halfDay] = slots[i % slots.length] ?? slots[0];
          const swapped = i % 2 === 1;
          return bookAppointment(ctx, {
            ...couple,
            date,
            halfDay,
            phone: `1390000${String(1000 + i).slice(-4)}`,
            applicantResidentId: swapped ? couple.partnerResidentId : couple.applicantResidentId,
            partnerResidentId: swapped ? couple.applicantResidentId : couple.partnerResidentId,
          });
        }),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      expect(ok).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected')
          expect(r.reason).toMatchObject({ kind: 'conflict', code: 'APPOINTMENT_COUPLE_ALREADY_BOOKED' });
      const rows = await t.db.kysely.selectFrom('marriageAppointments').selectAll().execute();
      expect(rows).toHaveLength(1);
      const [row] = rows;
      // Stored: the keyed HMAC of both ids (order-free) and the masked ids — never an id in clear.
      const ids = [couple.applicantResidentId ?? '', couple.partnerResidentId ?? ''];
      expect(row?.coupleKey).toBe(ctx.keys.hmac('marriage.booking', [...ids].sort().join('|')));
      expect([row?.applicantResidentIdMasked, row?.partnerResidentIdMasked].sort()).toEqual(
        ids.map((id) => `${id.slice(0, 6)}********${id.slice(-4)}`).sort(),
      );
      expect(JSON.stringify(rows)).not.toContain(ids[0]);
      expect(JSON.stringify(rows)).not.toContain(ids[1]);

      // Once that booking is cancelled the couple may book again; a lapsed one (its day passed
      // unattended) does not hold them either.
      const first = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof bookAppointment>>>).value;
      const phone = rows[0]?.phone ?? '';
      await cancelAppointment(ctx, first.reference, phone);
      const again = await bookAppointment(ctx, { ...couple, date: '2026-12-01', halfDay: 'am' });
      await expect(bookAppointment(ctx, { ...couple, date: '2026-12-02' })).rejects.toMatchObject({
        code: 'APPOINTMENT_COUPLE_ALREADY_BOOKED',
      });
      (ctx.clock as ManualClock).set('2026-12-02T02:00:00.000Z');
      const later = await bookAppointment(ctx, { ...couple, date: '2026-12-03', halfDay: 'pm' });
      expect(later).toMatchObject({ date: '2026-12-03' });
      // The lapsed booking reads as a no-show (computed on read, issue 13).
      expect((await findAppointment(ctx, again.reference, couple.phone)).status).toBe('no_show');
    });

    it('validates divorce bookings as strictly as marriage ones (issue 11)', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const minors = {
        ...booking(desk.registry.id, 4),
        service: 'divorce' as const,
        applicantResidentId: aResidentId('430181', '2010-03-01', 'male'),
        partnerResidentId: aResidentId('430181', '2011-05-02', 'female'),
      };
      await expect(bookAppointment(ctx, minors)).rejects.toMatchObject({ code: 'PARTY_UNDER_AGE' });
      await expect(
        bookAppointment(ctx, {
          ...minors,
          applicantResidentId: aResidentId('430181', '1990-03-01', 'female'),
          partnerResidentId: aResidentId('430181', '1991-05-02', 'female'),
        }),
      ).rejects.toMatchObject({ code: 'MARRIAGE_NOT_MAN_AND_WOMAN' });
      await expect(bookAppointment(ctx, { ...minors, partnerResidentId: null })).rejects.toMatchObject({
        code: 'RESIDENT_ID_REQUIRED',
      });
      await expect(
        bookAppointment(ctx, { ...minors, partnerResidentId: minors.applicantResidentId }),
      ).rejects.toMatchObject({ code: 'APPOINTMENT_SAME_PERSON' });
      // A re-issue needs at least the applicant's id now (it keys the one-booking rule).
      await expect(
        bookAppointment(ctx, {
          ...booking(desk.registry.id, 5),
          service: 'reissue',
          applicantResidentId: null,
          partnerResidentId: null,
        }),
      ).rejects.toMatchObject({ code: 'RESIDENT_ID_REQUIRED', details: { field: 'applicantResidentId' } });
    });

    it('looks a booking up and moves it to another half day with the same reference, freeing the old slot', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx, { capacity: 1 });
      const a = await bookAppointment(ctx, booking(desk.registry.id, 1));
      await bookAppointment(ctx, { ...booking(desk.registry.id, 2), halfDay: 'pm' });
      await expect(findAppointment(ctx, a.reference, '13900000000')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await findAppointment(ctx, a.reference.toLowerCase(), '138-0000-1001')).toMatchObject({
        reference: a.reference,
        registryId: desk.registry.id,
        registryName: desk.registry.name,
        date: '2026-11-30',
        halfDay: 'am',
        applicantName: '申请人1',
        phoneMasked: '138****1001',
        status: 'booked',
      });
      const move = (date: string, halfDay: 'am' | 'pm', phone = '13800001001') =>
        rescheduleAppointment(ctx, { reference: a.reference, phone, date, halfDay });
      await expect(move('2026-11-30', 'pm')).rejects.toMatchObject({ code: 'APPOINTMENT_FULL' });
      await expect(move('2026-11-30', 'am')).rejects.toMatchObject({ code: 'APPOINTMENT_UNCHANGED' });
      await expect(move('2026-12-05', 'am')).rejects.toMatchObject({ code: 'APPOINTMENT_NOT_WORKING_DAY' });
      await expect(move('2026-12-01', 'am', '13800001002')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const moved = await move('2026-12-01', 'am');
      expect(moved).toMatchObject({ reference: a.reference, date: '2026-12-01', halfDay: 'am', slotNo: 1 });
      const availability = await appointmentAvailability(ctx, desk.registry.id);
      expect(availability.days.slice(0, 2)).toEqual([
        { date: '2026-11-30', am: 1, pm: 0 },
        { date: '2026-12-01', am: 0, pm: 1 },
      ]);
      await cancelAppointment(ctx, a.reference, '13800001001');
      expect((await findAppointment(ctx, a.reference, '13800001001')).status).toBe('cancelled');
      await expect(move('2026-12-02', 'am')).rejects.toMatchObject({ code: 'APPOINTMENT_NOT_ACTIVE' });
      await expect(cancelAppointment(ctx, a.reference, '13800001001')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const row = await t.db.kysely
        .selectFrom('marriageAppointments')
        .select('id')
        .where('reference', '=', a.reference)
        .executeTakeFirstOrThrow();
      const actions = await t.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', row.id)
        .orderBy('seq')
        .execute();
      expect(actions.map((x) => x.action)).toEqual([
        'marriage.appointment.book',
        'marriage.appointment.reschedule',
        'marriage.appointment.cancel',
      ]);
    });

    it('never fills a half day beyond its capacity when bookings are moved there in parallel', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx, { capacity: 2 });
      // Five bookings on other half days (two per half day at most) all move to 2026-12-02 morning.
      const booked = [];
      for (const [i, date, halfDay] of [
        [0, '2026-12-01', 'am'],
        [1, '2026-12-01', 'am'],
        [2, '2026-12-01', 'pm'],
        [3, '2026-12-01', 'pm'],
        [4, '2026-12-03', 'am'],
      ] as const)
        booked.push(await bookAppointment(ctx, { ...booking(desk.registry.id, i), date, halfDay }));
      const results = await Promise.allSettled(
        booked.map((b, i) =>
          rescheduleAppointment(ctx, {
            reference: b.reference,
            phone: `1380000${String(1000 + i).slice(-4)}`,
            date: '2026-12-02',
            halfDay: 'am',
          }),
        ),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      expect(ok).toHaveLength(2);
      for (const r of results)
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'APPOINTMENT_FULL' });
      const there = await t.db.kysely
        .selectFrom('marriageAppointments')
        .select('slotNo')
        .where('date', '=', '2026-12-02')
        .where('status', '=', 'booked')
        .execute();
      expect(there.map((r) => r.slotNo).sort()).toEqual([1, 2]);
    });
  },
  { lines: [marriageLine] },
);
