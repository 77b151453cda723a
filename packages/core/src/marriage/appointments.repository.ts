import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index';
import type { AppointmentRow } from './marriage.table';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertAppointment(db: Executor, row: AppointmentRow): Promise<void> {
  await db.insertInto('marriageAppointments').values(row).execute();
}

/** Slot numbers taken (not cancelled) on one half day of a registry. */
export function takenSlots(
  db: Executor,
  registryId: string,
  date: string,
  halfDay: 'am' | 'pm',
): Promise<{ slotNo: number }[]> {
  return db
    .selectFrom('marriageAppointments')
    .select('slotNo')
    .where('registryId', '=', registryId)
    .where('date', '=', date)
    .where('halfDay', '=', halfDay)
    .where('status', '<>', 'cancelled')
    .execute();
}

/** Bookings (not cancelled) of a registry on the days after `after` up to `last` inclusive. */
export function bookedSlotsBetween(db: Executor, registryId: string, after: string, last: string) {
  return db
    .selectFrom('marriageAppointments')
    .select(['date', 'halfDay', 'slotNo'])
    .where('registryId', '=', registryId)
    .where('date', '>', after)
    .where('date', '<=', last)
    .where('status', '<>', 'cancelled')
    .execute();
}

/** The booking with this reference and phone number (both normalised by the caller). */
export function findAppointmentByReference(
  db: Executor,
  reference: string,
  phone: string,
): Promise<AppointmentRow | undefined> {
  return db
    .selectFrom('marriageAppointments')
    .selectAll()
    .where('reference', '=', reference)
    .where('phone', '=', phone)
    .executeTakeFirst();
}

/** Cancels a booking that is still booked; false if it no longer was. */
export async function cancelBookedAppointment(db: Executor, id: string): Promise<boolean> {
  const r = await db
    .updateTable('marriageAppointments')
    .set({ status: 'cancelled' })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Moves a booking that is still booked to another slot; false if it no longer was booked. */
export async function moveBookedAppointment(
  db: Executor,
  id: string,
  to: { date: string; halfDay: 'am' | 'pm'; slotNo: number },
): Promise<boolean> {
  const r = await db
    .updateTable('marriageAppointments')
    .set({ date: to.date, halfDay: to.halfDay, slotNo: to.slotNo })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A registry's appointments (not cancelled) on a date, by half day and slot. */
export function appointmentsOn(db: Executor, registryId: string, on: string): Promise<AppointmentRow[]> {
  return db
    .selectFrom('marriageAppointments')
    .selectAll()
    .where('registryId', '=', registryId)
    .where('date', '=', on)
    .where('status', '<>', 'cancelled')
    .orderBy('halfDay')
    .orderBy('slotNo')
    .execute();
}

/** Whether the couple holds a booked appointment on `today` or later (an active one). */
export async function activeBookingOfCouple(
  db: Executor,
  coupleKey: string,
  today: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('marriageAppointments')
    .select('id')
    .where('coupleKey', '=', coupleKey)
    .where('status', '=', 'booked')
    .where('date', '>=', today)
    .executeTakeFirst();
  return row !== undefined;
}

/** Clears the couple key of the couple's bookings whose day passed unattended (they are no longer active). */
export async function releaseLapsedCoupleKey(db: Executor, coupleKey: string, today: string): Promise<void> {
  await db
    .updateTable('marriageAppointments')
    .set({ coupleKey: null })
    .where('coupleKey', '=', coupleKey)
    .where('status', '=', 'booked')
    .where('date', '<', today)
    .execute();
}

/** A booking by id. */
export function findAppointmentById(db: Executor, id: string): Promise<AppointmentRow | undefined> {
  return db.selectFrom('marriageAppointments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A registry's appointments (cancelled ones too) from `from` to `to` inclusive, by date, half day, slot. */
export function appointmentsBetween(
  db: Executor,
  registryId: string,
  from: string,
  to: string,
): Promise<AppointmentRow[]> {
  return db
    .selectFrom('marriageAppointments')
    .selectAll()
    .where('registryId', '=', registryId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .orderBy('halfDay')
    .orderBy('slotNo')
    .execute();
}

/**
 * Moves a booking from one of `from` statuses to `to`, setting the given columns; false when it was no
 * longer in one of those statuses (a concurrent desk action won).
 */
export async function transitionAppointment(
  db: Executor,
  id: string,
  from: readonly AppointmentRow['status'][],
  set: Partial<
    Pick<
      AppointmentRow,
      'status' | 'checkedInAt' | 'closedAt' | 'closeReason' | 'outcomeKind' | 'outcomeRef' | 'coupleKey'
    >
  >,
): Promise<boolean> {
  const r = await db
    .updateTable('marriageAppointments')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open bookings (booked or checked in, today or later) of a party, found by the party's key. */
export function openAppointmentsOfParty(
  db: Executor,
  partyKey: string,
  today: string,
): Promise<AppointmentRow[]> {
  return db
    .selectFrom('marriageAppointments')
    .selectAll()
    .where((eb) => eb.or([eb('applicantKey', '=', partyKey), eb('partnerKey', '=', partyKey)]))
    .where('status', 'in', ['booked', 'attended'])
    .where('date', '>=', today)
    .execute();
}
