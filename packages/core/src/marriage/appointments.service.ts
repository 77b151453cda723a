import { randomBytes, randomUUID } from 'node:crypto';
import {
  DomainError,
  addDays,
  comparePlainDate,
  isWorkingDay,
  maskPhone,
  normalizePersonName,
  parsePlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import { authorize, systemActor, type Actor } from '../access/actor';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/dialect';
import type { AppointmentRow } from './marriage.table';
import { findRegistryById } from './registry.repository';
import { marriageToday, visibleRegistry } from './registry.service';

/** How far ahead citizens may book (days). */
export const APPOINTMENT_HORIZON_DAYS = 30;

export interface BookAppointmentInput {
  registryId: string;
  date: string;
  halfDay: 'am' | 'pm';
  service: 'marriage' | 'divorce' | 'reissue';
  applicantName: string;
  partnerName?: string | null;
  phone: string;
}

export interface AppointmentReceipt {
  reference: string;
  registryName: string;
  address: string;
  date: string;
  halfDay: 'am' | 'pm';
  slotNo: number;
  service: BookAppointmentInput['service'];
}

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newReference(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join('');
}

/**
 * 网上预约 (public): a half-day slot at a registry on a working day within the next 30 days. Slot numbers
 * run 1…capacity and a partial unique index holds each booked slot once, so parallel bookings can never
 * exceed the capacity: a booking that loses a slot to a concurrent one tries the next free slot.
 */
export async function bookAppointment(
  ctx: CoreContext,
  input: BookAppointmentInput,
): Promise<AppointmentReceipt> {
  const registry = await findRegistryById(ctx.db.kysely, input.registryId);
  if (!registry || registry.status !== 'active') {
    throw new DomainError('not_found', 'NOT_FOUND', '婚姻登记机关不存在或已停止办理', {
      field: 'registryId',
    });
  }
  const date = parsePlainDate(input.date);
  const today = marriageToday(ctx);
  if (
    comparePlainDate(date, today) <= 0 ||
    comparePlainDate(date, addDays(today, APPOINTMENT_HORIZON_DAYS)) > 0
  ) {
    throw new DomainError(
      'invalid',
      'APPOINTMENT_DATE_OUT_OF_RANGE',
      `可预约明天起 ${APPOINTMENT_HORIZON_DAYS} 天内的工作日`,
      { field: 'date' },
    );
  }
  if (!isWorkingDay(date)) {
    throw new DomainError('invalid', 'APPOINTMENT_NOT_WORKING_DAY', '所选日期为休息日，请选择工作日', {
      field: 'date',
    });
  }
  const phone = input.phone.replace(/[\s-]/g, '');
  if (!/^1[3-9]\d{9}$/.test(phone))
    throw new DomainError('invalid', 'PHONE_INVALID', '请填写 11 位手机号码', { field: 'phone' });
  const applicantName = normalizePersonName(input.applicantName);
  if (!applicantName)
    throw new DomainError('invalid', 'PERSON_NAME_REQUIRED', '请填写姓名', { field: 'applicantName' });
  const capacity = registry.halfDayCapacity;
  for (let attempt = 0; attempt <= capacity; attempt++) {
    const taken = await ctx.db.kysely
      .selectFrom('marriageAppointments')
      .select('slotNo')
      .where('registryId', '=', registry.id)
      .where('date', '=', date)
      .where('halfDay', '=', input.halfDay)
      .where('status', '<>', 'cancelled')
      .execute();
    const used = new Set(taken.map((t) => t.slotNo));
    let slotNo = 0;
    for (let n = 1; n <= capacity; n++) {
      if (!used.has(n)) {
        slotNo = n;
        break;
      }
    }
    if (slotNo === 0)
      throw new DomainError('conflict', 'APPOINTMENT_FULL', '该时段预约已满，请选择其他时段', {
        field: 'halfDay',
      });
    const row: AppointmentRow = {
      id: randomUUID(),
      reference: newReference(),
      registryId: registry.id,
      divisionCode: registry.divisionCode,
      date,
      halfDay: input.halfDay,
      slotNo,
      service: input.service,
      applicantName,
      partnerName: input.partnerName ? normalizePersonName(input.partnerName) : null,
      phone,
      status: 'booked',
      createdAt: ctx.clock.now().toISOString(),
    };
    try {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('marriageAppointments').values(row).execute();
        await audit(ctx, trx, systemActor('public-portal', '000000'), {
          action: 'marriage.appointment.book',
          targetType: 'marriage_appointment',
          targetId: row.id,
          divisionCode: row.divisionCode,
          details: { date, halfDay: row.halfDay, slotNo, service: row.service },
        });
      });
      return {
        reference: row.reference,
        registryName: registry.name,
        address: registry.address,
        date,
        halfDay: row.halfDay,
        slotNo,
        service: row.service,
      };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Someone took this slot (or the reference) a moment ago: look again.
    }
  }
  throw new DomainError('conflict', 'APPOINTMENT_FULL', '该时段预约已满，请选择其他时段', {
    field: 'halfDay',
  });
}

/** Free places per half day for the next days (public). */
export async function appointmentAvailability(ctx: CoreContext, registryId: string) {
  const registry = await findRegistryById(ctx.db.kysely, registryId);
  if (!registry || registry.status !== 'active')
    throw new DomainError('not_found', 'NOT_FOUND', '婚姻登记机关不存在或已停止办理');
  const today = marriageToday(ctx);
  const last = addDays(today, APPOINTMENT_HORIZON_DAYS);
  const rows = await ctx.db.kysely
    .selectFrom('marriageAppointments')
    .select(['date', 'halfDay', 'slotNo'])
    .where('registryId', '=', registryId)
    .where('date', '>', today)
    .where('date', '<=', last)
    .where('status', '<>', 'cancelled')
    .execute();
  const days: { date: string; am: number; pm: number }[] = [];
  for (let d = addDays(today, 1); comparePlainDate(d, last) <= 0; d = addDays(d, 1)) {
    let working: boolean;
    try {
      working = isWorkingDay(d);
    } catch {
      working = false; // the holiday schedule of that year is not loaded yet
    }
    if (!working) continue;
    const booked = (h: 'am' | 'pm') => rows.filter((r) => r.date === d && r.halfDay === h).length;
    days.push({
      date: d,
      am: registry.halfDayCapacity - booked('am'),
      pm: registry.halfDayCapacity - booked('pm'),
    });
  }
  return { registryId, capacity: registry.halfDayCapacity, days };
}

/** Cancels a booking; the reference and the phone number must both match (public). */
export async function cancelAppointment(ctx: CoreContext, reference: string, phone: string): Promise<void> {
  const r = await ctx.db.kysely
    .updateTable('marriageAppointments')
    .set({ status: 'cancelled' })
    .where('reference', '=', reference.trim().toUpperCase())
    .where('phone', '=', phone.replace(/[\s-]/g, ''))
    .where('status', '=', 'booked')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1)
    throw new DomainError('not_found', 'NOT_FOUND', '未找到该预约，请核对预约号和手机号码');
}

export interface AppointmentView {
  id: string;
  reference: string;
  date: string;
  halfDay: 'am' | 'pm';
  slotNo: number;
  service: BookAppointmentInput['service'];
  applicantName: string;
  partnerName: string | null;
  phoneMasked: string;
  status: AppointmentRow['status'];
}

/** A registry's appointments on a date (today by default), for the registrar's workbench. */
export async function listAppointments(
  ctx: CoreContext,
  actor: Actor,
  registryId: string,
  date?: string,
): Promise<AppointmentView[]> {
  authorize(actor, 'marriage:read');
  const registry = await visibleRegistry(ctx, actor, registryId);
  const on: PlainDate = date ? parsePlainDate(date) : marriageToday(ctx);
  const rows = await ctx.db.kysely
    .selectFrom('marriageAppointments')
    .selectAll()
    .where('registryId', '=', registry.id)
    .where('date', '=', on)
    .where('status', '<>', 'cancelled')
    .orderBy('halfDay')
    .orderBy('slotNo')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    date: r.date,
    halfDay: r.halfDay,
    slotNo: r.slotNo,
    service: r.service,
    applicantName: r.applicantName,
    partnerName: r.partnerName,
    phoneMasked: maskPhone(r.phone),
    status: r.status,
  }));
}
