/**
 * Qingming (清明祭扫, R-FUN-12): tomb-sweeping plans and time slots per cemetery, public bookings (no
 * login) and phone bookings by staff for elderly callers (the green channel: a reserved share of each
 * slot), a signed QR entry pass, check-in at the gate by scanning the pass into a text field, proxy
 * sweeping (代祭扫) and the live load view. Quotas are never exceeded: the booking takes its places with
 * one conditional UPDATE in its transaction (ADR 0030). Phones are stored as a keyed hash and masked.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  DomainError,
  addDays,
  comparePlainDate,
  getDivision,
  maskPhone,
  newId,
  normalizePersonName,
  parsePlainDate,
  prefectureOf,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import type {
  BookingReceipt,
  BookingsFilter,
  BookingView,
  CreateSlotsBody,
  LiveOverview,
  LiveView,
  ProxyOrderBody,
  ProxyOrderView,
  PublicBookingBody,
  PublicSlotView,
  QingmingCemeteryView,
  QingmingSlotView,
} from '@social-affairs/kernel/contracts/funeral';
import { parseSort } from '@social-affairs/kernel/contracts';
import QRCode from 'qrcode';
import { authorize, scopeFilterFor, systemActor, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { ensureFacilityMayTakeBusiness, visibleFacility } from './cases.access';
import { findFuneralFacility, type FuneralFacilityRow } from './cases.repository';
import { funeralConfig, type QingmingConfig } from './funeral.config';
import {
  QINGMING_FACILITY_KINDS,
  addCheckedIn,
  dayTotals,
  findBookingByCode,
  findProxyOrder,
  findProxyOrderByCode,
  findSlot,
  insertBooking,
  insertProxyOrder,
  insertSlots,
  listBookings,
  listProxyOrders,
  markProxyOrderDone,
  openDaysOf,
  plansOf,
  proxyPhotoCounts,
  qingmingFacilities,
  recentCheckIns,
  releaseSlotPlaces,
  setSlotQuota,
  slotsOf,
  takeSlotPlaces,
  transitionBooking,
  upsertPlan,
  type ProxyOrderRow,
  type QingmingBookingRow,
  type QingmingSlotRow,
} from './qingming.repository';
import type { QingmingChannel } from './qingming.table';
import { FACILITY_APPROVAL_RULES, facilityApproval } from './rules';

/** Who the audit log names for the public pages' writes (visitors have no account). */
export const QINGMING_PORTAL = systemActor('public-portal', '000000');

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random code of `n` characters of a 32-letter alphabet (8 → 40 bits). */
export function newPublicCode(n = 8): string {
  const bytes = randomBytes(n);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

function qingmingConfig(ctx: CoreContext): QingmingConfig {
  return funeralConfig(ctx).qingming;
}

export function qingmingToday(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/** HH:MM now where the platform runs. */
function nowTime(ctx: CoreContext): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: ctx.config.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ctx.clock.now());
}

/** 11-digit mainland mobile number, spaces and dashes removed; 422 `PHONE_INVALID` otherwise. */
export function normalizeQingmingPhone(input: string): string {
  const phone = input.replace(/[\s-]/g, '');
  if (!/^1[3-9]\d{9}$/.test(phone))
    throw new DomainError('invalid', 'PHONE_INVALID', '请填写 11 位手机号码', { field: 'phone' });
  return phone;
}

/** The keyed hash a phone is stored and matched by (never the phone in clear). */
export function qingmingPhoneHash(ctx: CoreContext, phone: string): string {
  return ctx.keys.hmac('funeral.qingming.phone', normalizeQingmingPhone(phone));
}

function personName(input: string, field: string): string {
  const name = normalizePersonName(input);
  if (!name) throw new DomainError('invalid', 'PERSON_NAME_REQUIRED', '请填写姓名', { field });
  return name;
}

const optional = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

/** Staff who may run a cemetery's Qingming: funeral:write (scope: the facility) or funeral:manage. */
function authorizeQingmingWrite(actor: Actor): void {
  if (!actor.permissions.has('funeral:write')) authorize(actor, 'funeral:manage');
}

function ensureQingmingFacility(f: FuneralFacilityRow): void {
  if (!(QINGMING_FACILITY_KINDS as readonly string[]).includes(f.kind)) {
    throw new DomainError(
      'invalid',
      'QINGMING_NOT_A_CEMETERY',
      '清明祭扫预约只适用于公墓和骨灰堂，请选择公墓或骨灰堂',
      { field: 'facilityId', kind: f.kind },
    );
  }
  ensureFacilityMayTakeBusiness(f);
}

/** A facility the public may book at: exists, a cemetery or columbarium, valid and active; else 404. */
async function publicFacility(ctx: CoreContext, id: string): Promise<FuneralFacilityRow> {
  const f = await findFuneralFacility(ctx.db.kysely, id);
  if (
    !f ||
    !(QINGMING_FACILITY_KINDS as readonly string[]).includes(f.kind) ||
    f.status !== 'active' ||
    !facilityApproval(f).valid
  )
    throw new DomainError('not_found', 'NOT_FOUND', '该公墓不存在或暂不接受预约', { field: 'facilityId' });
  return f;
}

function reserveOf(ctx: CoreContext, quota: number): number {
  return Math.floor((quota * qingmingConfig(ctx).phoneReservePercent) / 100);
}

export function slotView(s: QingmingSlotRow): QingmingSlotView {
  const left = Math.max(0, s.quota - s.booked);
  return {
    id: s.id,
    facilityId: s.facilityId,
    date: s.date,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    quota: s.quota,
    reserve: s.reserve,
    booked: s.booked,
    bookedOnline: s.bookedOnline,
    checkedIn: s.checkedIn,
    onlineLeft: Math.max(0, Math.min(left, s.quota - s.reserve - s.bookedOnline)),
    left,
  };
}

// ----- public: cemeteries and slots --------------------------------------------------------------------

/** The cemeteries taking bookings, with their published plan and bookable days (public). */
export async function listQingmingCemeteries(ctx: CoreContext): Promise<QingmingCemeteryView[]> {
  const db = ctx.db.kysely;
  const today = qingmingToday(ctx);
  const rows = (await qingmingFacilities(db)).filter((f) => facilityApproval(f).valid);
  const ids = rows.map((r) => r.id);
  const year = Number(today.slice(0, 4));
  const plans = new Map((await plansOf(db, ids, year)).map((p) => [p.facilityId, p]));
  const days = await openDaysOf(db, ids, today, addDays(today, qingmingConfig(ctx).bookingHorizonDays));
  return rows.map((f) => {
    const plan = plans.get(f.id);
    return {
      id: f.id,
      name: f.name,
      kind: f.kind,
      kindLabel: FACILITY_APPROVAL_RULES[f.kind].label,
      divisionCode: f.divisionCode,
      divisionName: getDivision(f.divisionCode)?.name ?? f.divisionCode,
      address: f.address,
      phone: f.phone,
      plan: plan ? { year: plan.year, note: plan.note, publishedAt: plan.publishedAt } : null,
      openDays: days.filter((d) => d.facilityId === f.id).map((d) => d.date),
    };
  });
}

/** A cemetery's slots on a day with the places left online (public). */
export async function publicSlots(
  ctx: CoreContext,
  facilityId: string,
  date: string,
): Promise<PublicSlotView[]> {
  const f = await publicFacility(ctx, facilityId);
  const slots = await slotsOf(ctx.db.kysely, f.id, date, date);
  return slots.map((s) => {
    const v = slotView(s);
    return { id: s.id, date: s.date, startsAt: s.startsAt, endsAt: s.endsAt, left: v.onlineLeft };
  });
}

// ----- staff: plans and slots --------------------------------------------------------------------------

/** Cemeteries and columbaria the actor sees (the staff pages' picker). */
export async function staffQingmingCemeteries(ctx: CoreContext, actor: Actor) {
  authorize(actor, 'funeral:read');
  const rows = await qingmingFacilities(ctx.db.kysely, scopeFilterFor(actor));
  return rows.map((f) => ({ id: f.id, name: f.name, kind: f.kind, divisionCode: f.divisionCode }));
}

/** Publishes (or replaces) a cemetery's tomb-sweeping plan for a season (R-FUN-12). */
export async function publishQingmingPlan(
  ctx: CoreContext,
  actor: Actor,
  input: { facilityId: string; year: number; note: string },
) {
  authorizeQingmingWrite(actor);
  const f = await visibleFacility(ctx.db.kysely, actor, input.facilityId);
  ensureQingmingFacility(f);
  const row = {
    id: newId(),
    facilityId: f.id,
    year: input.year,
    note: input.note.trim(),
    publishedAt: ctx.clock.now().toISOString(),
    publishedBy: actor.username,
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await upsertPlan(trx, row);
    await audit(ctx, trx, actor, {
      action: 'funeral.qingming.plan.publish',
      targetType: 'funeral_facility',
      targetId: f.id,
      divisionCode: f.divisionCode,
      details: { year: input.year },
    });
  });
  return {
    facilityId: row.facilityId,
    year: row.year,
    note: row.note,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
  };
}

/**
 * Bulk creation of slots: `days` days from `from`, each with the given windows and quota (e.g. the
 * Qingming period, 7 days × 8 windows). Windows that already exist are skipped, not changed. The phone
 * reserve of each slot is `phoneReservePercent` of its quota (rounded down).
 */
export async function createQingmingSlots(ctx: CoreContext, actor: Actor, input: CreateSlotsBody) {
  authorizeQingmingWrite(actor);
  const f = await visibleFacility(ctx.db.kysely, actor, input.facilityId);
  ensureQingmingFacility(f);
  for (const w of input.windows)
    if (w.startsAt >= w.endsAt)
      throw new DomainError(
        'invalid',
        'QINGMING_WINDOW_INVALID',
        `时段 ${w.startsAt}–${w.endsAt} 的结束时间须晚于开始时间`,
        {
          field: 'windows',
        },
      );
  const from = parsePlainDate(input.from);
  const now = ctx.clock.now().toISOString();
  const rows: QingmingSlotRow[] = [];
  for (let d = 0; d < input.days; d++) {
    const date = addDays(from, d);
    for (const w of input.windows)
      rows.push({
        id: newId(),
        facilityId: f.id,
        divisionCode: f.divisionCode,
        date,
        startsAt: w.startsAt,
        endsAt: w.endsAt,
        quota: input.quota,
        reserve: reserveOf(ctx, input.quota),
        booked: 0,
        bookedOnline: 0,
        checkedIn: 0,
        createdAt: now,
        createdBy: actor.username,
      });
  }
  const created = await ctx.db.kysely.transaction().execute(async (trx) => {
    const n = await insertSlots(trx, rows);
    await audit(ctx, trx, actor, {
      action: 'funeral.qingming.slots.create',
      targetType: 'funeral_facility',
      targetId: f.id,
      divisionCode: f.divisionCode,
      details: {
        from: input.from,
        days: input.days,
        windows: input.windows.length,
        quota: input.quota,
        created: n,
      },
    });
    return n;
  });
  return { created, skipped: rows.length - created };
}

/** A facility's slots (one day, or from today for the booking horizon). */
export async function staffSlots(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
  date?: string,
): Promise<QingmingSlotView[]> {
  authorize(actor, 'funeral:read');
  const f = await visibleFacility(ctx.db.kysely, actor, facilityId);
  const from = date ?? qingmingToday(ctx);
  const to = date ?? addDays(qingmingToday(ctx), qingmingConfig(ctx).bookingHorizonDays);
  return (await slotsOf(ctx.db.kysely, f.id, from, to)).map(slotView);
}

/** Changes a slot's quota (the reserve follows); refused below what is already booked. */
export async function changeSlotQuota(ctx: CoreContext, actor: Actor, slotId: string, quota: number) {
  authorizeQingmingWrite(actor);
  const slot = await findSlot(ctx.db.kysely, slotId);
  if (!slot) throw new DomainError('not_found', 'NOT_FOUND', '时段不存在或不在您的管辖范围内');
  const f = await visibleFacility(ctx.db.kysely, actor, slot.facilityId).catch(() => {
    throw new DomainError('not_found', 'NOT_FOUND', '时段不存在或不在您的管辖范围内');
  });
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await setSlotQuota(trx, slot.id, quota, reserveOf(ctx, quota))))
      throw new DomainError(
        'conflict',
        'QINGMING_QUOTA_BELOW_BOOKED',
        '新的限额少于已预约人数，请先联系已预约的群众改约',
        {
          field: 'quota',
          booked: slot.booked,
        },
      );
    await audit(ctx, trx, actor, {
      action: 'funeral.qingming.slot.quota',
      targetType: 'funeral_facility',
      targetId: f.id,
      divisionCode: f.divisionCode,
      details: { slotId: slot.id, date: slot.date, startsAt: slot.startsAt, from: slot.quota, to: quota },
    });
    return slotView((await findSlot(trx, slot.id))!);
  });
}

// ----- bookings ----------------------------------------------------------------------------------------

function slotFull(): DomainError {
  return new DomainError('conflict', 'QINGMING_SLOT_FULL', '该时段预约已满，请选择其他时段或日期', {
    field: 'slotId',
  });
}

function phoneAlreadyBooked(): DomainError {
  return new DomainError(
    'conflict',
    'QINGMING_PHONE_ALREADY_BOOKED',
    '该手机号码当天已有一个有效预约；如需更改，请先取消原预约',
    { field: 'phone' },
  );
}

/**
 * The QR code of a pass as an SVG data URL: ~10× cheaper to render than a PNG (no raster, no deflate),
 * which matters at the opening burst (bench:qingming), and sharp at any size on a phone. ~60 µs.
 */
export async function passQrOf(token: string): Promise<string> {
  // One byte-mode segment and a fixed mask pattern: the library's segment optimiser and its trial of all
  // eight masks cost ~5× the rest of the rendering; any mask is valid (ISO/IEC 18004 picks the best one
  // only to ease scanning) and a gate scanner reads mask 2 of a 45-byte token without trouble.
  const svg = await QRCode.toString([{ data: Buffer.from(token), mode: 'byte' }], {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    maskPattern: 2,
  });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The pass token: booking code and date, signed with HMAC-SM3 under the server key. */
export function passTokenOf(ctx: CoreContext, code: string, date: string): string {
  const mac = ctx.keys.hmac('funeral.qingming.pass', `${code}|${date}`).slice(0, 24);
  return `QM1.${code}.${date.replace(/-/g, '')}.${mac}`;
}

async function receiptOf(
  ctx: CoreContext,
  b: QingmingBookingRow,
  slot: QingmingSlotRow,
  f: FuneralFacilityRow,
): Promise<BookingReceipt> {
  const passToken = passTokenOf(ctx, b.code, b.date);
  return {
    code: b.code,
    cemeteryName: f.name,
    address: f.address,
    date: b.date,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    visitorName: b.visitorName,
    phoneMasked: b.phoneMasked,
    partySize: b.partySize,
    channel: b.channel,
    status: b.status,
    passToken,
    passQr: await passQrOf(passToken),
  };
}

async function book(
  ctx: CoreContext,
  actor: Actor,
  channel: QingmingChannel,
  input: PublicBookingBody,
  staffCheck?: (f: FuneralFacilityRow) => void,
): Promise<BookingReceipt> {
  const cfg = qingmingConfig(ctx);
  const slot = await findSlot(ctx.db.kysely, input.slotId);
  if (!slot) throw new DomainError('not_found', 'NOT_FOUND', '所选时段不存在', { field: 'slotId' });
  const f =
    channel === 'online'
      ? await publicFacility(ctx, slot.facilityId)
      : await findFuneralFacility(ctx.db.kysely, slot.facilityId);
  if (!f) throw new DomainError('not_found', 'NOT_FOUND', '所选时段不存在', { field: 'slotId' });
  staffCheck?.(f);
  const today = qingmingToday(ctx);
  const date = parsePlainDate(slot.date);
  if (
    comparePlainDate(date, today) < 0 ||
    (comparePlainDate(date, today) === 0 && slot.endsAt <= nowTime(ctx))
  )
    throw new DomainError('invalid', 'QINGMING_SLOT_PAST', '该时段已过，请选择其他时段', { field: 'slotId' });
  if (comparePlainDate(date, addDays(today, cfg.bookingHorizonDays)) > 0)
    throw new DomainError(
      'invalid',
      'QINGMING_SLOT_TOO_EARLY',
      `可预约今天起 ${cfg.bookingHorizonDays} 天内的时段`,
      {
        field: 'slotId',
      },
    );
  if (input.partySize > cfg.partyMax)
    throw new DomainError(
      'invalid',
      'QINGMING_PARTY_TOO_LARGE',
      `每个预约最多 ${cfg.partyMax} 人，请分开预约`,
      {
        field: 'partySize',
        max: cfg.partyMax,
      },
    );
  const phone = normalizeQingmingPhone(input.phone);
  const row: QingmingBookingRow = {
    id: newId(),
    code: newPublicCode(),
    slotId: slot.id,
    facilityId: f.id,
    divisionCode: f.divisionCode,
    date: slot.date,
    channel,
    visitorName: personName(input.visitorName, 'visitorName'),
    phoneHash: ctx.keys.hmac('funeral.qingming.phone', phone),
    phoneMasked: maskPhone(phone),
    partySize: input.partySize,
    deceasedName: optional(input.deceasedName),
    plotLabel: optional(input.plotLabel),
    status: 'active',
    createdBy: channel === 'phone' ? actor.username : null,
    createdAt: ctx.clock.now().toISOString(),
    cancelledAt: null,
    checkedInAt: null,
    checkedInBy: null,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        if (!(await takeSlotPlaces(trx, slot.id, row.partySize, channel))) throw slotFull();
        await insertBooking(trx, row);
        await audit(ctx, trx, actor, {
          action: channel === 'online' ? 'funeral.qingming.booking.book' : 'funeral.qingming.booking.phone',
          targetType: 'qingming_booking',
          targetId: row.id,
          divisionCode: row.divisionCode,
          details: { date: row.date, startsAt: slot.startsAt, partySize: row.partySize, channel },
        });
      });
      break;
    } catch (err) {
      if (
        isUniqueViolation(err, 'funeral_qingming_bookings_phone_day_uq') ||
        isUniqueViolation(err, 'phone_hash')
      )
        throw phoneAlreadyBooked();
      if (isUniqueViolation(err) && attempt < 3) {
        row.code = newPublicCode(); // a code collision: draw another
        continue;
      }
      throw err;
    }
  }
  return receiptOf(ctx, row, slot, f);
}

/** 网上预约 (public, no login): a slot of a cemetery, within the online share of its quota. */
export function bookQingmingVisit(ctx: CoreContext, input: PublicBookingBody): Promise<BookingReceipt> {
  return book(ctx, QINGMING_PORTAL, 'online', input);
}

/**
 * 电话预约 (staff, R-FUN-12): booked on behalf of an elderly caller, may use the whole quota including
 * the reserve for phone and offline bookings; the same quota guarantee and one-per-phone-per-day rule.
 */
export async function bookQingmingByPhone(
  ctx: CoreContext,
  actor: Actor,
  input: PublicBookingBody,
): Promise<BookingReceipt> {
  authorizeQingmingWrite(actor);
  const slot = await findSlot(ctx.db.kysely, input.slotId);
  if (!slot)
    throw new DomainError('not_found', 'NOT_FOUND', '时段不存在或不在您的管辖范围内', { field: 'slotId' });
  await visibleFacility(ctx.db.kysely, actor, slot.facilityId).catch(() => {
    throw new DomainError('not_found', 'NOT_FOUND', '时段不存在或不在您的管辖范围内', { field: 'slotId' });
  });
  return book(ctx, actor, 'phone', input, ensureQingmingFacility);
}

/** The booking of a code if the phone matches; the same 404 for an unknown code and a wrong phone. */
async function bookingByCodeAndPhone(ctx: CoreContext, code: string, phone: string) {
  const b = await findBookingByCode(ctx.db.kysely, code.trim().toUpperCase());
  let ok = false;
  if (b) {
    let hash: string;
    try {
      hash = qingmingPhoneHash(ctx, phone);
    } catch {
      hash = '';
    }
    ok = hash.length === b.phoneHash.length && timingSafeEqual(Buffer.from(hash), Buffer.from(b.phoneHash));
  }
  if (!b || !ok) throw new DomainError('not_found', 'NOT_FOUND', '未找到该预约，请核对预约码和手机号码');
  return b;
}

/** My booking (public): code + phone → the booking and its pass. */
export async function findQingmingBooking(ctx: CoreContext, code: string, phone: string) {
  const b = await bookingByCodeAndPhone(ctx, code, phone);
  const slot = (await findSlot(ctx.db.kysely, b.slotId))!;
  const f = (await findFuneralFacility(ctx.db.kysely, b.facilityId))!;
  return receiptOf(ctx, b, slot, f);
}

/** Cancels a booking (public: code + phone); the places return to the slot in the same transaction. */
export async function cancelQingmingBooking(ctx: CoreContext, code: string, phone: string): Promise<void> {
  const b = await bookingByCodeAndPhone(ctx, code, phone);
  if (b.status !== 'active')
    throw new DomainError(
      'conflict',
      'QINGMING_BOOKING_NOT_ACTIVE',
      b.status === 'checked_in' ? '已入园的预约不能取消' : '该预约已取消',
      { status: b.status },
    );
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (
      !(await transitionBooking(trx, b.id, 'active', {
        status: 'cancelled',
        cancelledAt: ctx.clock.now().toISOString(),
      }))
    )
      throw new DomainError('conflict', 'QINGMING_BOOKING_NOT_ACTIVE', '该预约已取消或已入园');
    await releaseSlotPlaces(trx, b.slotId, b.partySize, b.channel);
    await audit(ctx, trx, QINGMING_PORTAL, {
      action: 'funeral.qingming.booking.cancel',
      targetType: 'qingming_booking',
      targetId: b.id,
      divisionCode: b.divisionCode,
      details: { date: b.date, partySize: b.partySize },
    });
  });
}

function bookingView(
  r: QingmingBookingRow & { startsAt: string; endsAt: string; facilityName: string },
): BookingView {
  return {
    id: r.id,
    code: r.code,
    facilityId: r.facilityId,
    facilityName: r.facilityName,
    date: r.date,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    channel: r.channel,
    visitorName: r.visitorName,
    phoneMasked: r.phoneMasked,
    partySize: r.partySize,
    deceasedName: r.deceasedName,
    plotLabel: r.plotLabel,
    status: r.status,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    checkedInAt: r.checkedInAt,
  };
}

/** The booking list (预约名单): filters, sort, paging; scope by the facility; read audited. */
export async function listQingmingBookings(
  ctx: CoreContext,
  actor: Actor,
  filter: BookingsFilter,
  page: { page: number; pageSize: number } | null,
) {
  authorize(actor, 'funeral:read');
  if (filter.facilityId) await visibleFacility(ctx.db.kysely, actor, filter.facilityId);
  const { rows, total } = await listBookings(
    ctx.db.kysely,
    scopeFilterFor(actor),
    { ...filter, sort: parseSort(filter.sort) },
    page ? { limit: page.pageSize, offset: (page.page - 1) * page.pageSize } : null,
  );
  await ctx.readAudit.record(actor, {
    action: 'funeral.qingming.bookings.read',
    targetType: 'funeral_facility',
    targetId: filter.facilityId ?? null,
    divisionCode: actor.divisionCode,
    details: { date: filter.date ?? null, rows: rows.length },
  });
  return {
    items: rows.map(bookingView),
    total,
    page: page?.page ?? 1,
    pageSize: page?.pageSize ?? rows.length,
  };
}

function passRefused(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError(code === 'QINGMING_PASS_INVALID' ? 'invalid' : 'conflict', code, message, {
    field: 'token',
    ...details,
  });
}

/**
 * 入园核验: the gate scans the pass's QR code into a text field (a scanner is a keyboard). Refused: a
 * token whose signature does not verify (422 `QINGMING_PASS_INVALID`), of another cemetery (409
 * `QINGMING_PASS_OTHER_CEMETERY`), of another day (409 `QINGMING_PASS_WRONG_DAY`), already used (409
 * `QINGMING_PASS_USED`) or cancelled (409 `QINGMING_BOOKING_CANCELLED`).
 */
export async function checkInQingmingPass(
  ctx: CoreContext,
  actor: Actor,
  input: { facilityId: string; token: string },
) {
  authorize(actor, 'funeral:write');
  const f = await visibleFacility(ctx.db.kysely, actor, input.facilityId);
  const m = /^QM1\.([A-Z0-9]{8})\.(\d{8})\.([0-9a-f]{24})$/.exec(input.token.trim());
  if (!m) throw passRefused('QINGMING_PASS_INVALID', '无法识别的入园凭证，请重新扫描二维码');
  const [, code, ymd, mac] = m as unknown as [string, string, string, string];
  const date = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
  const expected = passTokenOf(ctx, code, date).split('.')[3]!;
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(mac)))
    throw passRefused('QINGMING_PASS_INVALID', '入园凭证校验未通过（可能是伪造或抄错的凭证）');
  const b = await findBookingByCode(ctx.db.kysely, code);
  if (!b || b.date !== date) throw passRefused('QINGMING_PASS_INVALID', '入园凭证对应的预约不存在');
  if (b.facilityId !== f.id)
    throw passRefused('QINGMING_PASS_OTHER_CEMETERY', '该凭证不是本公墓的预约，请引导群众前往预约的公墓');
  if (b.status === 'cancelled') throw passRefused('QINGMING_BOOKING_CANCELLED', '该预约已取消，凭证无效');
  if (b.status === 'checked_in')
    throw passRefused('QINGMING_PASS_USED', `该凭证已于 ${b.checkedInAt ?? ''} 使用过，不能重复入园`, {
      checkedInAt: b.checkedInAt,
    });
  const today = qingmingToday(ctx);
  if (b.date !== today)
    throw passRefused('QINGMING_PASS_WRONG_DAY', `该凭证预约的是 ${b.date}，不是今天`, { date: b.date });
  const at = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (
      !(await transitionBooking(trx, b.id, 'active', {
        status: 'checked_in',
        checkedInAt: at,
        checkedInBy: actor.username,
      }))
    )
      throw passRefused('QINGMING_PASS_USED', '该凭证刚刚已使用过，不能重复入园');
    await addCheckedIn(trx, b.slotId, b.partySize);
    await audit(ctx, trx, actor, {
      action: 'funeral.qingming.booking.check_in',
      targetType: 'qingming_booking',
      targetId: b.id,
      divisionCode: b.divisionCode,
      details: { date: b.date, partySize: b.partySize },
    });
  });
  const slot = (await findSlot(ctx.db.kysely, b.slotId))!;
  return {
    booking: bookingView({
      ...b,
      status: 'checked_in',
      checkedInAt: at,
      checkedInBy: actor.username,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      facilityName: f.name,
    }),
  };
}

// ----- live load ---------------------------------------------------------------------------------------

/** 实时客流: a cemetery's slots of a day — booked / quota / checked in — and the on-site estimate. */
export async function qingmingLive(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
  date?: string,
): Promise<LiveView> {
  authorize(actor, 'funeral:read');
  const f = await visibleFacility(ctx.db.kysely, actor, facilityId);
  const day = date ?? qingmingToday(ctx);
  const slots = (await slotsOf(ctx.db.kysely, f.id, day, day)).map(slotView);
  const since = new Date(ctx.clock.now().getTime() - qingmingConfig(ctx).visitMinutes * 60_000).toISOString();
  const onSite = Number((await recentCheckIns(ctx.db.kysely, [f.id], day, since))[0]?.n ?? 0);
  const sum = (k: 'quota' | 'booked' | 'checkedIn') => slots.reduce((n, s) => n + s[k], 0);
  return {
    facilityId: f.id,
    facilityName: f.name,
    date: day,
    asOf: ctx.clock.now().toISOString(),
    slots,
    totals: { quota: sum('quota'), booked: sum('booked'), checkedIn: sum('checkedIn'), onSite },
  };
}

/** The province/city view for supervisors: every cemetery in scope with the day's totals. */
export async function qingmingLiveOverview(
  ctx: CoreContext,
  actor: Actor,
  date?: string,
): Promise<LiveOverview> {
  authorize(actor, 'funeral:read');
  const day = date ?? qingmingToday(ctx);
  const rows = await dayTotals(ctx.db.kysely, scopeFilterFor(actor), day);
  const since = new Date(ctx.clock.now().getTime() - qingmingConfig(ctx).visitMinutes * 60_000).toISOString();
  const onSite = new Map(
    (
      await recentCheckIns(
        ctx.db.kysely,
        rows.map((r) => r.facilityId),
        day,
        since,
      )
    ).map((r) => [r.facilityId, Number(r.n)]),
  );
  return {
    date: day,
    rows: rows.map((r) => ({
      facilityId: r.facilityId,
      facilityName: r.facilityName,
      divisionCode: r.divisionCode,
      cityName: prefectureOf(r.divisionCode)?.name ?? '',
      quota: Number(r.quota),
      booked: Number(r.booked),
      checkedIn: Number(r.checkedIn),
      onSite: onSite.get(r.facilityId) ?? 0,
    })),
  };
}

// ----- proxy sweeping ----------------------------------------------------------------------------------

function proxyView(r: ProxyOrderRow & { facilityName: string }, photos: number): ProxyOrderView {
  return {
    id: r.id,
    code: r.code,
    facilityId: r.facilityId,
    facilityName: r.facilityName,
    channel: r.channel,
    requesterName: r.requesterName,
    phoneMasked: r.phoneMasked,
    deceasedName: r.deceasedName,
    plotLabel: r.plotLabel,
    requestedDate: r.requestedDate,
    note: r.note,
    status: r.status,
    performedAt: r.performedAt,
    performedBy: r.performedBy,
    performedNote: r.performedNote,
    photoCount: photos,
    createdAt: r.createdAt,
  };
}

async function createProxyOrder(
  ctx: CoreContext,
  actor: Actor,
  channel: 'online' | 'staff',
  f: FuneralFacilityRow,
  input: ProxyOrderBody,
) {
  const phone = normalizeQingmingPhone(input.phone);
  const date = parsePlainDate(input.requestedDate);
  if (comparePlainDate(date, qingmingToday(ctx)) < 0)
    throw new DomainError('invalid', 'QINGMING_PROXY_DATE_PAST', '代祭扫日期不能早于今天', {
      field: 'requestedDate',
    });
  const row: ProxyOrderRow = {
    id: newId(),
    code: newPublicCode(),
    facilityId: f.id,
    divisionCode: f.divisionCode,
    channel,
    requesterName: personName(input.requesterName, 'requesterName'),
    phoneHash: ctx.keys.hmac('funeral.qingming.phone', phone),
    phoneMasked: maskPhone(phone),
    deceasedName: personName(input.deceasedName, 'deceasedName'),
    plotLabel: optional(input.plotLabel),
    requestedDate: date,
    note: optional(input.note),
    status: 'requested',
    performedAt: null,
    performedBy: null,
    performedNote: null,
    createdBy: channel === 'staff' ? actor.username : null,
    createdAt: ctx.clock.now().toISOString(),
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await insertProxyOrder(trx, row);
    await audit(ctx, trx, actor, {
      action: 'funeral.qingming.proxy.request',
      targetType: 'qingming_proxy_order',
      targetId: row.id,
      divisionCode: row.divisionCode,
      details: { requestedDate: row.requestedDate, channel },
    });
  });
  return proxyReceipt(row, f, 0);
}

function proxyReceipt(r: ProxyOrderRow, f: FuneralFacilityRow, photos: number) {
  return {
    code: r.code,
    cemeteryName: f.name,
    requestedDate: r.requestedDate,
    status: r.status,
    performedAt: r.performedAt,
    performedNote: r.performedNote,
    photoCount: photos,
  };
}

/** 代祭扫 requested online (public). */
export async function requestProxySweeping(ctx: CoreContext, input: ProxyOrderBody) {
  const f = await publicFacility(ctx, input.facilityId);
  return createProxyOrder(ctx, QINGMING_PORTAL, 'online', f, input);
}

/** 代祭扫 recorded by staff (a caller, a letter). */
export async function recordProxyOrder(ctx: CoreContext, actor: Actor, input: ProxyOrderBody) {
  authorizeQingmingWrite(actor);
  const f = await visibleFacility(ctx.db.kysely, actor, input.facilityId);
  ensureQingmingFacility(f);
  return createProxyOrder(ctx, actor, 'staff', f, input);
}

/** The requester's view (public): code + phone → status, when done and how many photos document it. */
export async function proxyOrderStatus(ctx: CoreContext, code: string, phone: string) {
  const o = await findProxyOrderByCode(ctx.db.kysely, code.trim().toUpperCase());
  let ok = false;
  if (o) {
    try {
      ok = timingSafeEqual(Buffer.from(qingmingPhoneHash(ctx, phone)), Buffer.from(o.phoneHash));
    } catch {
      ok = false;
    }
  }
  if (!o || !ok)
    throw new DomainError('not_found', 'NOT_FOUND', '未找到该代祭扫申请，请核对申请码和手机号码');
  const f = (await findFuneralFacility(ctx.db.kysely, o.facilityId))!;
  return proxyReceipt(o, f, (await proxyPhotoCounts(ctx.db.kysely, [o.id])).get(o.id) ?? 0);
}

export async function listProxyOrdersOf(
  ctx: CoreContext,
  actor: Actor,
  q: {
    facilityId?: string | undefined;
    status?: ProxyOrderRow['status'] | undefined;
    page: number;
    pageSize: number;
  },
) {
  authorize(actor, 'funeral:read');
  if (q.facilityId) await visibleFacility(ctx.db.kysely, actor, q.facilityId);
  const { rows, total } = await listProxyOrders(ctx.db.kysely, scopeFilterFor(actor), q, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const photos = await proxyPhotoCounts(
    ctx.db.kysely,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => proxyView(r, photos.get(r.id) ?? 0)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The order if it exists and the actor sees its facility; 404 otherwise. */
async function visibleProxyOrder(ctx: CoreContext, actor: Actor, id: string) {
  const o = await findProxyOrder(ctx.db.kysely, id);
  if (!o) throw new DomainError('not_found', 'NOT_FOUND', '代祭扫申请不存在或不在您的管辖范围内');
  const f = await visibleFacility(ctx.db.kysely, actor, o.facilityId).catch(() => {
    throw new DomainError('not_found', 'NOT_FOUND', '代祭扫申请不存在或不在您的管辖范围内');
  });
  return { o, f };
}

/**
 * Marks a proxy sweeping done: at least one photo (attachment owner `qingming_proxy_order`, uploaded
 * first through the attachment store) documents it; 409 `QINGMING_PROXY_PHOTO_MISSING` otherwise.
 */
export async function completeProxyOrder(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { note?: string | null | undefined },
) {
  authorize(actor, 'funeral:write');
  const { o, f } = await visibleProxyOrder(ctx, actor, id);
  if (o.status !== 'requested')
    throw new DomainError('conflict', 'QINGMING_PROXY_NOT_OPEN', '该代祭扫申请已完成或已取消', {
      status: o.status,
    });
  const photos = (await proxyPhotoCounts(ctx.db.kysely, [o.id])).get(o.id) ?? 0;
  if (photos === 0)
    throw new DomainError('conflict', 'QINGMING_PROXY_PHOTO_MISSING', '请先上传祭扫照片，再标记完成', {
      field: 'photo',
    });
  const set = {
    performedAt: ctx.clock.now().toISOString(),
    performedBy: actor.username,
    performedNote: optional(input.note),
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await markProxyOrderDone(trx, o.id, set)))
      throw new DomainError('conflict', 'QINGMING_PROXY_NOT_OPEN', '该代祭扫申请已完成或已取消');
    await audit(ctx, trx, actor, {
      action: 'funeral.qingming.proxy.done',
      targetType: 'qingming_proxy_order',
      targetId: o.id,
      divisionCode: o.divisionCode,
      details: { photos },
    });
  });
  return proxyView({ ...o, ...set, status: 'done', facilityName: f.name }, photos);
}
