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
import { authorize, ensureVisible, systemActor, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Database } from '../db/index';
import type { Transaction } from 'kysely';
import { MINIMUM_AGE, marriageConfig } from './marriage.config';
import {
  appointmentsBetween,
  appointmentsOn,
  bookedSlotsBetween,
  findAppointmentById,
  transitionAppointment,
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

/**
 * One party's key: HMAC-SM3 under the server key of the resident id alone (purpose
 * `marriage.booking.party`), so a person.deceased event can find the person's open bookings.
 */
export function partyKeyOf(ctx: CoreContext, residentId: string): string {
  return ctx.keys.hmac('marriage.booking.party', residentId.trim().toUpperCase());
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
      checkedInAt: null,
      closedAt: null,
      closeReason: null,
      outcomeKind: null,
      outcomeRef: null,
      applicantKey: parties[0] ? partyKeyOf(ctx, parties[0].id) : null,
      partnerKey: parties[1] ? partyKeyOf(ctx, parties[1].id) : null,
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

const NOT_ACTIVE_MESSAGES: Record<AppointmentRow['status'], string> = {
  booked: '该预约仍有效',
  cancelled: '该预约已取消',
  attended: '该预约已签到，正在办理，不能再更改',
  done: '该预约已办理完毕，不能再更改',
  no_show: '该预约已标记为未到',
};

function notActive(row: Pick<AppointmentRow, 'status'>): DomainError {
  return new DomainError('conflict', 'APPOINTMENT_NOT_ACTIVE', NOT_ACTIVE_MESSAGES[row.status], {
    status: row.status,
  });
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
    status: effectiveStatus(row, marriageToday(ctx)),
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
  /** As seen today: a booking still `booked` after its day reads `no_show` (computed on read). */
  status: AppointmentRow['status'];
  checkedInAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  outcomeKind: AppointmentRow['outcomeKind'];
  outcomeRef: string | null;
}

/**
 * No-show is computed on read (no job): a booking nobody checked in by the end of its day is `no_show`
 * from the next day on, exactly when releaseLapsedCoupleKey treats it as lapsed. The stored status stays
 * `booked` until a registrar marks it (未到), which makes it `no_show` in the row too.
 */
export function effectiveStatus(
  row: Pick<AppointmentRow, 'status' | 'date'>,
  today: PlainDate,
): AppointmentRow['status'] {
  return row.status === 'booked' && row.date < today ? 'no_show' : row.status;
}

function presentAppointment(r: AppointmentRow, today: PlainDate): AppointmentView {
  return {
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
    status: effectiveStatus(r, today),
    checkedInAt: r.checkedInAt,
    closedAt: r.closedAt,
    closeReason: r.closeReason,
    outcomeKind: r.outcomeKind,
    outcomeRef: r.outcomeRef,
  };
}

function workingDay(d: PlainDate): boolean {
  try {
    return isWorkingDay(d);
  } catch {
    return false; // the holiday schedule of that year is not loaded yet
  }
}

/**
 * A registry's appointments (not cancelled) for the registrar: on `date` (today by default) and, with
 * `days` > 1, the following working days too, up to `days` working days in all (the workbench shows
 * today and the next two). Cancelled ones are left out; no-shows are shown as such.
 */
export async function listAppointments(
  ctx: CoreContext,
  actor: Actor,
  registryId: string,
  date?: string,
  days = 1,
): Promise<AppointmentView[]> {
  authorize(actor, 'marriage:read');
  const registry = await visibleRegistry(ctx, actor, registryId);
  const today = marriageToday(ctx);
  const from: PlainDate = date ? parsePlainDate(date) : today;
  if (days <= 1) {
    const rows = await appointmentsOn(ctx.db.kysely, registry.id, from);
    return rows.map((r) => presentAppointment(r, today));
  }
  // `from` itself counts even when it is a rest day (it is the day asked for); then working days.
  let last = from;
  for (let n = 1, d = addDays(from, 1); n < days && comparePlainDate(d, addDays(from, 31)) <= 0;) {
    if (workingDay(d)) {
      last = d;
      n++;
    }
    d = addDays(d, 1);
  }
  const rows = await appointmentsBetween(ctx.db.kysely, registry.id, from, last);
  return rows.filter((r) => r.status !== 'cancelled').map((r) => presentAppointment(r, today));
}

export interface SlotCounts {
  /** Not cancelled: booked + attended + done + no-show. */
  total: number;
  booked: number;
  attended: number;
  done: number;
  noShow: number;
  cancelled: number;
}

export interface AppointmentWeekDay {
  date: string;
  /** 1 Monday … 7 Sunday. */
  weekday: number;
  working: boolean;
  am: SlotCounts;
  pm: SlotCounts;
}

export interface AppointmentWeek {
  registryId: string;
  capacity: number;
  weekStart: string;
  today: string;
  days: AppointmentWeekDay[];
}

/** ISO weekday of a plain date: 1 Monday … 7 Sunday. */
function isoWeekday(d: PlainDate): number {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const w = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/**
 * 预约日历: a registry's week (Monday to Sunday) containing `date` (today by default), with counts per
 * day and half day by status (no-shows computed on read). Counts only: no personal data.
 */
export async function appointmentWeek(
  ctx: CoreContext,
  actor: Actor,
  registryId: string,
  date?: string,
): Promise<AppointmentWeek> {
  authorize(actor, 'marriage:read');
  const registry = await visibleRegistry(ctx, actor, registryId);
  const today = marriageToday(ctx);
  const on: PlainDate = date ? parsePlainDate(date) : today;
  const weekStart = addDays(on, 1 - isoWeekday(on));
  const weekEnd = addDays(weekStart, 6);
  const rows = await appointmentsBetween(ctx.db.kysely, registry.id, weekStart, weekEnd);
  const empty = (): SlotCounts => ({ total: 0, booked: 0, attended: 0, done: 0, noShow: 0, cancelled: 0 });
  const days: AppointmentWeekDay[] = [];
  for (let i = 0; i < 7; i++) {
    const d = addDays(weekStart, i);
    days.push({ date: d, weekday: i + 1, working: workingDay(d), am: empty(), pm: empty() });
  }
  for (const r of rows) {
    const day = days.find((x) => x.date === r.date);
    if (!day) continue;
    const c = day[r.halfDay];
    const status = effectiveStatus(r, today);
    if (status === 'cancelled') {
      c.cancelled++;
      continue;
    }
    c.total++;
    if (status === 'no_show') c.noShow++;
    else c[status]++;
  }
  return { registryId: registry.id, capacity: registry.halfDayCapacity, weekStart, today, days };
}

/** A booking by id for a desk action: NOT_FOUND when absent or outside the caller's scope. */
async function visibleAppointment(ctx: CoreContext, actor: Actor, id: string): Promise<AppointmentRow> {
  const row = await findAppointmentById(ctx.db.kysely, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '预约不存在或不在您的管辖范围内');
  ensureVisible(actor, row.divisionCode, '预约');
  return row;
}

export interface CheckInPrefill {
  service: BookAppointmentInput['service'];
  registryId: string;
  appointmentId: string;
  /** The parties by sex, read from the masked ids' sex digit; null where the booking does not tell. */
  husbandName: string | null;
  wifeName: string | null;
  husbandResidentIdMasked: string | null;
  wifeResidentIdMasked: string | null;
}

export interface CheckInResult {
  appointment: AppointmentView;
  prefill: CheckInPrefill;
}

/** The sex a masked 18-digit id still shows (its 17th digit is kept); null otherwise. */
function sexOfMasked(masked: string | null): 'male' | 'female' | null {
  if (!masked || masked.length !== 18) return null;
  const digit = Number(masked[16]);
  if (!Number.isInteger(digit)) return null;
  return digit % 2 === 1 ? 'male' : 'female';
}

function prefillOf(row: AppointmentRow): CheckInPrefill {
  const parties = [
    { name: row.applicantName, masked: row.applicantResidentIdMasked },
    { name: row.partnerName, masked: row.partnerResidentIdMasked },
  ];
  const sexes = parties.map((p) => sexOfMasked(p.masked));
  let husband = parties[sexes.indexOf('male')];
  let wife = parties[sexes.indexOf('female')];
  if (!husband || !wife || husband === wife) {
    // Unknown sexes (bookings before ids were asked for): the applicant first, the registrar corrects.
    husband = parties[0];
    wife = parties[1];
  }
  return {
    service: row.service,
    registryId: row.registryId,
    appointmentId: row.id,
    husbandName: husband?.name ?? null,
    wifeName: wife?.name ?? null,
    husbandResidentIdMasked: husband?.masked ?? null,
    wifeResidentIdMasked: wife?.masked ?? null,
  };
}

/**
 * A desk action on a booking inside `trx`: moves it from one of `from` to the new state (refused as no
 * longer active when a concurrent desk action won) and appends the action's audit row, which names the
 * booking and its slot.
 */
async function deskTransition(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  row: AppointmentRow,
  from: readonly AppointmentRow['status'][],
  set: Parameters<typeof transitionAppointment>[3],
  entry: {
    action: string;
    reason?: string;
    details?: Record<string, unknown>;
    wonBy: AppointmentRow['status'];
  },
): Promise<void> {
  if (!(await transitionAppointment(trx, row.id, from, set))) throw notActive({ status: entry.wonBy });
  await audit(ctx, trx, actor, {
    action: entry.action,
    targetType: 'marriage_appointment',
    targetId: row.id,
    divisionCode: row.divisionCode,
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    details: entry.details ?? { date: row.date, halfDay: row.halfDay, slotNo: row.slotNo },
  });
}

/**
 * 签到: the couple came. Only a booking of today (or one the couple comes to early), still booked, of a
 * registry in the registrar's scope; it becomes `attended` and the answer carries what pre-fills the
 * registration (or divorce application) form. Audited. Checking in again answers the same pre-fill.
 */
export async function checkInAppointment(ctx: CoreContext, actor: Actor, id: string): Promise<CheckInResult> {
  authorize(actor, 'marriage:write');
  const row = await visibleAppointment(ctx, actor, id);
  const today = marriageToday(ctx);
  if (row.status === 'attended') {
    return { appointment: presentAppointment(row, today), prefill: prefillOf(row) };
  }
  if (row.status !== 'booked') throw notActive(row);
  if (row.date < today) {
    throw new DomainError('conflict', 'APPOINTMENT_LAPSED', `该预约的日期（${row.date}）已过，视为未到`, {
      status: 'no_show',
    });
  }
  const at = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute((trx) =>
    deskTransition(
      ctx,
      trx,
      actor,
      row,
      ['booked'],
      { status: 'attended', checkedInAt: at },
      {
        action: 'marriage.appointment.check-in',
        details: { date: row.date, halfDay: row.halfDay, slotNo: row.slotNo, service: row.service },
        wonBy: 'cancelled',
      },
    ),
  );
  const updated: AppointmentRow = { ...row, status: 'attended', checkedInAt: at };
  return { appointment: presentAppointment(updated, today), prefill: prefillOf(updated) };
}

/**
 * 未到: the registrar marks a booking as a no-show once its day has come (not earlier). A booking left
 * `booked` reads as no-show from the next day anyway (effectiveStatus). Audited.
 */
export async function markNoShow(ctx: CoreContext, actor: Actor, id: string): Promise<AppointmentView> {
  authorize(actor, 'marriage:write');
  const row = await visibleAppointment(ctx, actor, id);
  const today = marriageToday(ctx);
  if (row.status !== 'booked') throw notActive(row);
  if (row.date > today) {
    throw new DomainError(
      'invalid',
      'APPOINTMENT_NOT_YET_DUE',
      `预约日期（${row.date}）未到，不能标记为未到`,
    );
  }
  const at = ctx.clock.now().toISOString();
  await ctx.db.kysely
    .transaction()
    .execute((trx) =>
      deskTransition(
        ctx,
        trx,
        actor,
        row,
        ['booked'],
        { status: 'no_show', closedAt: at, coupleKey: null },
        { action: 'marriage.appointment.no-show', wonBy: 'cancelled' },
      ),
    );
  return presentAppointment({ ...row, status: 'no_show', closedAt: at, coupleKey: null }, today);
}

/** Desk cancellation with a reason (e.g. the couple phoned); audited, the reason kept on the booking. */
export async function cancelAppointmentAtDesk(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<AppointmentView> {
  authorize(actor, 'marriage:write');
  const row = await visibleAppointment(ctx, actor, id);
  if (row.status !== 'booked' && row.status !== 'attended') throw notActive(row);
  const at = ctx.clock.now().toISOString();
  await ctx.db.kysely
    .transaction()
    .execute((trx) =>
      deskTransition(
        ctx,
        trx,
        actor,
        row,
        ['booked', 'attended'],
        { status: 'cancelled', closedAt: at, closeReason: reason },
        { action: 'marriage.appointment.cancel-at-desk', reason, wonBy: 'cancelled' },
      ),
    );
  return presentAppointment(
    { ...row, status: 'cancelled', closedAt: at, closeReason: reason },
    marriageToday(ctx),
  );
}

export interface AppointmentOutcome {
  kind: 'marriage' | 'refusal' | 'divorce' | 'other';
  ref: string | null;
  /** What happened, in Chinese (kept on the booking; no resident id). */
  note?: string | null;
}

/**
 * Closes a booking (`done`) with what the desk did, inside the act's own transaction (registration,
 * refusal): the booking must be of that registry and still booked or checked in. When the booking keeps
 * the couple key, the act's parties must be the booked couple (`residentIds`, both parties' ids).
 */
export async function closeAppointmentInTransaction(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: {
    appointmentId: string;
    registryId: string;
    outcome: AppointmentOutcome;
    residentIds?: readonly (string | null)[];
  },
): Promise<void> {
  const row = await findAppointmentById(trx, input.appointmentId);
  if (!row || row.registryId !== input.registryId) {
    throw new DomainError('not_found', 'NOT_FOUND', '预约不存在或不属于本登记机关', {
      field: 'appointmentId',
    });
  }
  ensureVisible(actor, row.divisionCode, '预约');
  if (row.status !== 'booked' && row.status !== 'attended') throw notActive(row);
  const ids = (input.residentIds ?? []).filter((x): x is string => Boolean(x));
  const keyed = [row.applicantKey, row.partnerKey].filter((k): k is string => Boolean(k));
  if (keyed.length > 0 && ids.length > 0) {
    const mine = new Set(ids.map((x) => partyKeyOf(ctx, x)));
    if (!keyed.every((k) => mine.has(k))) {
      throw new DomainError(
        'invalid',
        'APPOINTMENT_PARTIES_MISMATCH',
        '当事人的公民身份号码与预约登记的不一致，请核对证件或另行办理（不关联该预约）',
        { field: 'appointmentId' },
      );
    }
  }
  const at = ctx.clock.now().toISOString();
  await deskTransition(
    ctx,
    trx,
    actor,
    row,
    ['booked', 'attended'],
    {
      status: 'done',
      checkedInAt: row.checkedInAt ?? at,
      closedAt: at,
      closeReason: input.outcome.note ?? null,
      outcomeKind: input.outcome.kind,
      outcomeRef: input.outcome.ref,
    },
    {
      action: 'marriage.appointment.done',
      details: { outcome: input.outcome.kind, ref: input.outcome.ref },
      wonBy: 'done',
    },
  );
}

/**
 * 办结: closes a checked-in booking after an act that does not carry the booking itself (a divorce
 * application received, a certificate reissued, or nothing done with a note). Audited.
 */
export async function completeAppointment(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: {
    registryId: string;
    outcomeKind: 'divorce' | 'other';
    outcomeRef?: string | null;
    note?: string | null;
  },
): Promise<AppointmentView> {
  authorize(actor, 'marriage:write');
  const row = await visibleAppointment(ctx, actor, id);
  await visibleRegistry(ctx, actor, input.registryId);
  const at = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await closeAppointmentInTransaction(ctx, trx, actor, {
      appointmentId: row.id,
      registryId: input.registryId,
      outcome: { kind: input.outcomeKind, ref: input.outcomeRef ?? null, note: input.note ?? null },
    });
  });
  const done = await findAppointmentById(ctx.db.kysely, row.id);
  return presentAppointment(done ?? { ...row, status: 'done', closedAt: at }, marriageToday(ctx));
}
