import { randomBytes } from 'node:crypto';
import {
  DomainError,
  addDays,
  ageOn,
  comparePlainDate,
  isWorkingDay,
  maskPhone,
  maskResidentId,
  normalizePersonName,
  parsePlainDate,
  parseResidentId,
  type ParsedResidentId,
  type PlainDate,
  newId,
} from '@social-affairs/kernel';
import { authorize, systemActor, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { MINIMUM_AGE, marriageConfig } from './marriage.config';
import {
  appointmentsOn,
  bookedSlotsBetween,
  activeBookingOfCouple,
  cancelBookedAppointment,
  findAppointmentByReference,
  insertAppointment,
  moveBookedAppointment,
  releaseLapsedCoupleKey,
  takenSlots,
} from './appointments.repository';
import type { AppointmentRow, RegistryRow } from './marriage.table';
import { dateOfFullAge } from './registration.service';
import { findRegistryById } from './registry.repository';
import { marriageToday, visibleRegistry } from './registry.service';

/** Who the audit log names for the public portal's writes (the couple has no account). */
const PORTAL = systemActor('public-portal', '000000');

/** How far ahead citizens may book (days). */
export const APPOINTMENT_HORIZON_DAYS = 30;

export interface BookAppointmentInput {
  registryId: string;
  date: string;
  halfDay: 'am' | 'pm';
  service: 'marriage' | 'divorce' | 'reissue';
  applicantName: string;
  partnerName?: string | null;
  /**
   * 公民身份号码: the applicant's always, both parties' for marriage and divorce (a man and a woman, both
   * of marriageable age on the appointment date). Never stored in clear: the booking keeps their masked
   * forms and the couple key (an HMAC under the server key) that holds one active booking per couple.
   */
  applicantResidentId?: string | null;
  partnerResidentId?: string | null;
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

/** A date citizens may book: a working day from tomorrow to APPOINTMENT_HORIZON_DAYS ahead. */
function bookableDate(ctx: CoreContext, input: string): PlainDate {
  const date = parsePlainDate(input);
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
  let working: boolean;
  try {
    working = isWorkingDay(date);
  } catch {
    working = false; // the holiday schedule of that year is not loaded yet
  }
  if (!working) {
    throw new DomainError('invalid', 'APPOINTMENT_NOT_WORKING_DAY', '所选日期为休息日，请选择工作日', {
      field: 'date',
    });
  }
  return date;
}

function normalizePhone(input: string): string {
  const phone = input.replace(/[\s-]/g, '');
  if (!/^1[3-9]\d{9}$/.test(phone))
    throw new DomainError('invalid', 'PHONE_INVALID', '请填写 11 位手机号码', { field: 'phone' });
  return phone;
}

/**
 * The parties of a marriage or divorce booking: both names and ids, valid ids (the kernel's parser, as
 * the booking page uses), a man and a woman, and for marriage both of age on the appointment date
 * (R-MAR-01, with the configured 29 February rule) — so nobody travels to be refused at the desk.
 */
function checkParties(
  ctx: CoreContext,
  input: BookAppointmentInput,
  date: PlainDate,
  applicantName: string,
  partnerName: string | null,
): ParsedResidentId[] {
  const today = marriageToday(ctx);
  const parse = (
    value: string | null | undefined,
    field: string,
    name: string,
    optional: boolean,
  ): ParsedResidentId | null => {
    if (!value?.trim()) {
      if (optional) return null;
      throw new DomainError('invalid', 'RESIDENT_ID_REQUIRED', `请填写${name}的公民身份号码`, { field });
    }
    try {
      return parseResidentId(value, { today });
    } catch (err) {
      if (err instanceof DomainError)
        throw new DomainError(err.kind, err.code, `${name}：${err.message}`, { field });
      throw err;
    }
  };
  if (input.service !== 'reissue' && !partnerName) {
    throw new DomainError('invalid', 'PERSON_NAME_REQUIRED', '请填写另一方的姓名', { field: 'partnerName' });
  }
  // The applicant's id is required for every service (it keys the one-active-booking rule); the
  // partner's for marriage and divorce, where both parties come.
  const applicant = parse(input.applicantResidentId, 'applicantResidentId', applicantName, false);
  const partner = parse(
    input.partnerResidentId,
    'partnerResidentId',
    partnerName ?? '另一方',
    input.service === 'reissue',
  );
  if (!applicant) throw new Error('unreachable: the applicant id is required');
  if (input.service === 'reissue' || !partner) {
    if (partner && partner.id === applicant.id) {
      throw new DomainError('invalid', 'APPOINTMENT_SAME_PERSON', '双方的公民身份号码相同，请核对', {
        field: 'partnerResidentId',
      });
    }
    return partner ? [applicant, partner] : [applicant];
  }
  if (applicant.id === partner.id) {
    throw new DomainError('invalid', 'APPOINTMENT_SAME_PERSON', '双方的公民身份号码相同，请核对', {
      field: 'partnerResidentId',
    });
  }
  if (applicant.sex === partner.sex) {
    throw new DomainError(
      'invalid',
      'MARRIAGE_NOT_MAN_AND_WOMAN',
      '婚姻登记须男女双方（民法典第1046、1049条），请核对双方的公民身份号码',
      { field: 'partnerResidentId' },
    );
  }
  // Divorce is checked as strictly as marriage: whoever is married was of marriageable age, so a
  // party under it on the appointment date cannot have a marriage to dissolve (R-MAR-01/11).
  const leapDayBirthday = marriageConfig(ctx).leapDayBirthday;
  for (const [p, name, field] of [
    [applicant, applicantName, 'applicantResidentId'],
    [partner, partnerName ?? '', 'partnerResidentId'],
  ] as const) {
    const minimum = MINIMUM_AGE[p.sex];
    if (ageOn(p.birthDate, date, { leapDayBirthday }) < minimum) {
      throw new DomainError(
        'invalid',
        'PARTY_UNDER_AGE',
        input.service === 'marriage'
          ? `${name}在预约日期 ${date} 未满 ${minimum} 周岁（${p.sex === 'male' ? '男' : '女'}不得早于 ${minimum} 周岁结婚），${dateOfFullAge(p.birthDate, minimum, leapDayBirthday)} 起可以办理`
          : `${name}在预约日期 ${date} 未满 ${minimum} 周岁，不可能有可办理离婚登记的婚姻，请核对公民身份号码`,
        { field },
      );
    }
  }
  return [applicant, partner];
}

/**
 * The couple key: HMAC-SM3 under the server key of the parties' resident ids, sorted so that either
 * may book as the applicant. It stands in for the ids, which are never stored in clear.
 */
export function coupleKeyOf(ctx: CoreContext, ids: readonly ParsedResidentId[]): string {
  return ctx.keys.hmac(
    'marriage.booking',
    ids
      .map((p) => p.id)
      .sort()
      .join('|'),
  );
}

function coupleAlreadyBooked(): DomainError {
  return new DomainError(
    'conflict',
    'APPOINTMENT_COUPLE_ALREADY_BOOKED',
    '双方已有一个有效预约；如需更改时间请使用“改期”，或先取消原预约',
    { field: 'applicantResidentId' },
  );
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
  const date = bookableDate(ctx, input.date);
  const phone = normalizePhone(input.phone);
  const applicantName = normalizePersonName(input.applicantName);
  if (!applicantName)
    throw new DomainError('invalid', 'PERSON_NAME_REQUIRED', '请填写姓名', { field: 'applicantName' });
  const partnerName = input.partnerName ? normalizePersonName(input.partnerName) : null;
  const parties = checkParties(ctx, input, date, applicantName, partnerName);
  const coupleKey = coupleKeyOf(ctx, parties);
  const today = marriageToday(ctx);
  const capacity = registry.halfDayCapacity;
  for (let attempt = 0; attempt <= capacity; attempt++) {
    if (await activeBookingOfCouple(ctx.db.kysely, coupleKey, today)) throw coupleAlreadyBooked();
    const slotNo = await freeSlot(ctx, registry, date, input.halfDay);
    const row: AppointmentRow = {
      id: newId(),
      reference: newReference(),
      registryId: registry.id,
      divisionCode: registry.divisionCode,
      date,
      halfDay: input.halfDay,
      slotNo,
      service: input.service,
      applicantName,
      partnerName,
      phone,
      status: 'booked',
      createdAt: ctx.clock.now().toISOString(),
      coupleKey,
      applicantResidentIdMasked: maskResidentId(parties[0]?.id ?? ''),
      partnerResidentIdMasked: parties[1] ? maskResidentId(parties[1].id) : null,
    };
    try {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        // A booking of the couple whose day has passed is no longer active: it gives up its key.
        await releaseLapsedCoupleKey(trx, coupleKey, today);
        await insertAppointment(trx, row);
        await audit(ctx, trx, PORTAL, {
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
      // A parallel booking of the same couple won (the couple index), or someone took this slot (or
      // the reference) a moment ago: then look again.
      if (await activeBookingOfCouple(ctx.db.kysely, coupleKey, today)) throw coupleAlreadyBooked();
    }
  }
  throw appointmentFull();
}

function appointmentFull(): DomainError {
  return new DomainError('conflict', 'APPOINTMENT_FULL', '该时段预约已满，请选择其他时段', {
    field: 'halfDay',
  });
}

/** The lowest free slot number of a half day; APPOINTMENT_FULL when none is left. */
async function freeSlot(
  ctx: CoreContext,
  registry: RegistryRow,
  date: PlainDate,
  halfDay: 'am' | 'pm',
): Promise<number> {
  const taken = await takenSlots(ctx.db.kysely, registry.id, date, halfDay);
  const used = new Set(taken.map((t) => t.slotNo));
  for (let n = 1; n <= registry.halfDayCapacity; n++) if (!used.has(n)) return n;
  throw appointmentFull();
}

/** Free places per half day for the next days (public). */
export async function appointmentAvailability(ctx: CoreContext, registryId: string) {
  const registry = await findRegistryById(ctx.db.kysely, registryId);
  if (!registry || registry.status !== 'active')
    throw new DomainError('not_found', 'NOT_FOUND', '婚姻登记机关不存在或已停止办理');
  const today = marriageToday(ctx);
  const last = addDays(today, APPOINTMENT_HORIZON_DAYS);
  const rows = await bookedSlotsBetween(ctx.db.kysely, registryId, today, last);
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

function notFound(): DomainError {
  return new DomainError('not_found', 'NOT_FOUND', '未找到该预约，请核对预约号和手机号码');
}

/** The booking a reference and phone number designate (both must match), or NOT_FOUND. */
async function bookingFor(ctx: CoreContext, reference: string, phone: string): Promise<AppointmentRow> {
  const row = await findAppointmentByReference(
    ctx.db.kysely,
    reference.trim().toUpperCase(),
    phone.replace(/[\s-]/g, ''),
  );
  if (!row) throw notFound();
  return row;
}

function notActive(row: AppointmentRow): DomainError {
  return new DomainError(
    'conflict',
    'APPOINTMENT_NOT_ACTIVE',
    row.status === 'cancelled' ? '该预约已取消' : '该预约已办理，不能再更改',
    { status: row.status },
  );
}

/** Cancels a booking; the reference and the phone number must both match (public). */
export async function cancelAppointment(ctx: CoreContext, reference: string, phone: string): Promise<void> {
  const row = await bookingFor(ctx, reference, phone);
  if (row.status !== 'booked') throw notFound();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await cancelBookedAppointment(trx, row.id))) throw notFound();
    await audit(ctx, trx, PORTAL, {
      action: 'marriage.appointment.cancel',
      targetType: 'marriage_appointment',
      targetId: row.id,
      divisionCode: row.divisionCode,
      details: { date: row.date, halfDay: row.halfDay, slotNo: row.slotNo },
    });
  });
}

/** What the couple sees of their booking (public, with the reference and the phone number). */
export interface AppointmentDetail extends AppointmentReceipt {
  registryId: string;
  officeHours: string;
  applicantName: string;
  partnerName: string | null;
  applicantResidentIdMasked: string | null;
  partnerResidentIdMasked: string | null;
  phoneMasked: string;
  status: AppointmentRow['status'];
}

async function detailOf(ctx: CoreContext, row: AppointmentRow): Promise<AppointmentDetail> {
  const registry = await findRegistryById(ctx.db.kysely, row.registryId);
  return {
    reference: row.reference,
    registryId: row.registryId,
    registryName: registry?.name ?? '',
    address: registry?.address ?? '',
    officeHours: registry?.officeHours ?? '',
    date: row.date,
    halfDay: row.halfDay,
    slotNo: row.slotNo,
    service: row.service,
    applicantName: row.applicantName,
    partnerName: row.partnerName,
    applicantResidentIdMasked: row.applicantResidentIdMasked,
    partnerResidentIdMasked: row.partnerResidentIdMasked,
    phoneMasked: maskPhone(row.phone),
    status: row.status,
  };
}

/** Looks a booking up by its reference and phone number (public: 查询预约). */
export async function findAppointment(
  ctx: CoreContext,
  reference: string,
  phone: string,
): Promise<AppointmentDetail> {
  return detailOf(ctx, await bookingFor(ctx, reference, phone));
}

export interface RescheduleAppointmentInput {
  reference: string;
  phone: string;
  date: string;
  halfDay: 'am' | 'pm';
}

/**
 * 改期 (public): moves a booking to another half day at the same registry, keeping its reference. The
 * new slot is taken like a new booking (lowest free number, the slot index holding each one once), and
 * the old one is freed in the same statement.
 */
export async function rescheduleAppointment(
  ctx: CoreContext,
  input: RescheduleAppointmentInput,
): Promise<AppointmentDetail> {
  const row = await bookingFor(ctx, input.reference, input.phone);
  if (row.status !== 'booked') throw notActive(row);
  const date = bookableDate(ctx, input.date);
  if (date === row.date && input.halfDay === row.halfDay) {
    throw new DomainError('invalid', 'APPOINTMENT_UNCHANGED', '新时段与原预约相同，请选择其他日期或时段', {
      field: 'date',
    });
  }
  const registry = await findRegistryById(ctx.db.kysely, row.registryId);
  if (!registry || registry.status !== 'active')
    throw new DomainError('not_found', 'NOT_FOUND', '婚姻登记机关不存在或已停止办理');
  for (let attempt = 0; attempt <= registry.halfDayCapacity; attempt++) {
    const slotNo = await freeSlot(ctx, registry, date, input.halfDay);
    try {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        if (!(await moveBookedAppointment(trx, row.id, { date, halfDay: input.halfDay, slotNo })))
          throw notActive({ ...row, status: 'cancelled' });
        await audit(ctx, trx, PORTAL, {
          action: 'marriage.appointment.reschedule',
          targetType: 'marriage_appointment',
          targetId: row.id,
          divisionCode: row.divisionCode,
          details: {
            from: { date: row.date, halfDay: row.halfDay, slotNo: row.slotNo },
            to: { date, halfDay: input.halfDay, slotNo },
          },
        });
      });
      return detailOf(ctx, { ...row, date, halfDay: input.halfDay, slotNo });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Someone took this slot a moment ago: look again.
    }
  }
  throw appointmentFull();
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
  applicantResidentIdMasked: string | null;
  partnerResidentIdMasked: string | null;
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
  const rows = await appointmentsOn(ctx.db.kysely, registry.id, on);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    date: r.date,
    halfDay: r.halfDay,
    slotNo: r.slotNo,
    service: r.service,
    applicantName: r.applicantName,
    partnerName: r.partnerName,
    applicantResidentIdMasked: r.applicantResidentIdMasked,
    partnerResidentIdMasked: r.partnerResidentIdMasked,
    phoneMasked: maskPhone(r.phone),
    status: r.status,
  }));
}
