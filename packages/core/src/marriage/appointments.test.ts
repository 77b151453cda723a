import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import {
  appointmentAvailability,
  bookAppointment,
  cancelAppointment,
  listAppointments,
} from './appointments.service';
import { aMarriageDesk } from './marriage.fixtures';

const booking = (registryId: string, i = 0) => ({
  registryId,
  date: '2026-11-30',
  halfDay: 'am' as const,
  service: 'marriage' as const,
  applicantName: `申请人${i}`,
  partnerName: '对方',
  phone: `1380000${String(1000 + i).slice(-4)}`,
});

describeEachDatabase('marriage appointments', (t) => {
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
});
