/**
 * Contracts of the funeral line's Qingming and memorials concern (R-FUN-12; issue 17 items 9, 11, 12):
 * time slots with quotas, public and phone bookings with a QR entry pass, check-in, proxy sweeping
 * (代祭扫), memorial pages (网上祭奠) and their messages with moderation, and the live load view. Public
 * views are minimised (ADR 0026): no record id of a person, phones only masked.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { pageOf } from '../common';
import { sortParam } from '../sort';

const id = z.string().min(1).max(64);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为 HH:MM' });
const name = z.string().trim().min(1, { message: '请填写姓名' }).max(40);
const phone = z.string().trim().min(1, { message: '请填写手机号码' }).max(20);
const code = z.string().trim().min(4).max(16);
const optionalText = (max: number) => z.string().trim().max(max).nullish();

export const QINGMING_CHANNEL_LABELS = { online: '网上预约', phone: '电话预约' } as const;
export const QINGMING_BOOKING_STATUS_LABELS = {
  active: '已预约',
  checked_in: '已入园',
  cancelled: '已取消',
} as const;
export const PROXY_ORDER_STATUS_LABELS = {
  requested: '待祭扫',
  done: '已完成',
  cancelled: '已取消',
} as const;
export const MODERATION_STATUS_LABELS = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
} as const;

// ----- cemeteries, plans, slots -------------------------------------------------------------------------

/** A cemetery or columbarium that takes Qingming bookings, as the public sees it. */
export const qingmingCemeteryView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  address: z.string(),
  phone: z.string().nullable(),
  /** The published tomb-sweeping plan of the current season (R-FUN-12), if any. */
  plan: z.object({ year: z.number().int(), note: z.string(), publishedAt: z.string() }).nullable(),
  /** Bookable days from today on with free places online. */
  openDays: z.array(z.string()),
});
export type QingmingCemeteryView = z.infer<typeof qingmingCemeteryView>;

export const qingmingSlotView = z.object({
  id: z.string(),
  facilityId: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  quota: z.number().int(),
  reserve: z.number().int(),
  booked: z.number().int(),
  bookedOnline: z.number().int(),
  checkedIn: z.number().int(),
  /** Places still open to online bookings (quota − reserve − online bookings, never more than what is left). */
  onlineLeft: z.number().int(),
  /** Places still open to phone bookings (quota − booked). */
  left: z.number().int(),
});
export type QingmingSlotView = z.infer<typeof qingmingSlotView>;

/** The public view of a slot: times and places left, no counts of other channels. */
export const publicSlotView = z.object({
  id: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  left: z.number().int(),
});
export type PublicSlotView = z.infer<typeof publicSlotView>;

export const publicSlotsQuery = z.strictObject({ facilityId: id, date: plainDateSchema });
export const staffSlotsQuery = z.strictObject({ facilityId: id, date: plainDateSchema.optional() });

export const createSlotsBody = z.strictObject({
  facilityId: id,
  /** First day of the run (e.g. 2027-04-02). */
  from: plainDateSchema,
  days: z.number().int().min(1).max(31),
  windows: z
    .array(z.strictObject({ startsAt: time, endsAt: time }))
    .min(1)
    .max(24),
  /** Visitors per window. */
  quota: z.number().int().min(1).max(100_000),
});
export type CreateSlotsBody = z.infer<typeof createSlotsBody>;
export const createSlotsResult = z.object({ created: z.number().int(), skipped: z.number().int() });

export const slotQuotaBody = z.strictObject({ quota: z.number().int().min(0).max(100_000) });

export const planBody = z.strictObject({
  facilityId: id,
  year: z.number().int().min(2000).max(2100),
  note: z.string().trim().min(1, { message: '请填写祭扫方案' }).max(4000),
});
export const planView = z.object({
  facilityId: z.string(),
  year: z.number().int(),
  note: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string(),
});

// ----- bookings ----------------------------------------------------------------------------------------

export const publicBookingBody = z.strictObject({
  slotId: id,
  visitorName: name,
  phone,
  partySize: z.number().int().min(1).max(50),
  deceasedName: optionalText(40),
  plotLabel: optionalText(60),
});
export type PublicBookingBody = z.infer<typeof publicBookingBody>;
export const phoneBookingBody = publicBookingBody;

/** What the visitor gets: the booking code and the entry pass (a signed token and its QR image). */
export const bookingReceipt = z.object({
  code: z.string(),
  cemeteryName: z.string(),
  address: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  visitorName: z.string(),
  phoneMasked: z.string(),
  partySize: z.number().int(),
  channel: z.enum(['online', 'phone']),
  status: z.enum(['active', 'checked_in', 'cancelled']),
  /** The signed entry-pass token the QR code holds (scanned at the gate). */
  passToken: z.string(),
  /** data:image/svg+xml;base64,… of the QR code of `passToken`. */
  passQr: z.string(),
});
export type BookingReceipt = z.infer<typeof bookingReceipt>;

export const bookingByCodeBody = z.strictObject({ code, phone });

export const bookingView = z.object({
  id: z.string(),
  code: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  channel: z.enum(['online', 'phone']),
  visitorName: z.string(),
  phoneMasked: z.string(),
  partySize: z.number().int(),
  deceasedName: z.string().nullable(),
  plotLabel: z.string().nullable(),
  status: z.enum(['active', 'checked_in', 'cancelled']),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  checkedInAt: z.string().nullable(),
});
export type BookingView = z.infer<typeof bookingView>;

export const BOOKING_SORT_FIELDS = ['date', 'startsAt', 'visitorName', 'createdAt'] as const;
export const BOOKING_SORT_LABELS = {
  date: '日期',
  startsAt: '时段',
  visitorName: '预约人',
  createdAt: '预约时间',
} as const;
export const bookingsFilter = z.strictObject({
  facilityId: id.optional(),
  date: plainDateSchema.optional(),
  channel: z.enum(['online', 'phone']).optional(),
  status: z.enum(['active', 'checked_in', 'cancelled']).optional(),
  /** Name, booking code or the last four digits of the phone. */
  q: z.string().trim().max(40).optional(),
  sort: sortParam(BOOKING_SORT_FIELDS, BOOKING_SORT_LABELS),
});
export type BookingsFilter = z.infer<typeof bookingsFilter>;
export const bookingPage = pageOf(bookingView);

export const checkInBody = z.strictObject({
  facilityId: id,
  /** What the scanner typed: the pass token from the QR code (or the booking code typed by hand). */
  token: z.string().trim().min(1, { message: '请扫描入园凭证二维码' }).max(200),
});
export const checkInResult = z.object({ booking: bookingView });

// ----- proxy sweeping ----------------------------------------------------------------------------------

export const proxyOrderBody = z.strictObject({
  facilityId: id,
  requesterName: name,
  phone,
  deceasedName: name,
  plotLabel: optionalText(60),
  requestedDate: plainDateSchema,
  note: optionalText(500),
});
export type ProxyOrderBody = z.infer<typeof proxyOrderBody>;
export const proxyOrderReceipt = z.object({
  code: z.string(),
  cemeteryName: z.string(),
  requestedDate: z.string(),
  status: z.enum(['requested', 'done', 'cancelled']),
  performedAt: z.string().nullable(),
  performedNote: z.string().nullable(),
  photoCount: z.number().int(),
});
export const proxyOrderView = z.object({
  id: z.string(),
  code: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  channel: z.enum(['online', 'staff']),
  requesterName: z.string(),
  phoneMasked: z.string(),
  deceasedName: z.string(),
  plotLabel: z.string().nullable(),
  requestedDate: z.string(),
  note: z.string().nullable(),
  status: z.enum(['requested', 'done', 'cancelled']),
  performedAt: z.string().nullable(),
  performedBy: z.string().nullable(),
  performedNote: z.string().nullable(),
  photoCount: z.number().int(),
  createdAt: z.string(),
});
export type ProxyOrderView = z.infer<typeof proxyOrderView>;
export const proxyOrdersQuery = z.strictObject({
  facilityId: id.optional(),
  status: z.enum(['requested', 'done', 'cancelled']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const proxyOrderPage = pageOf(proxyOrderView);
export const proxyDoneBody = z.strictObject({ note: optionalText(500) });

// ----- memorials ---------------------------------------------------------------------------------------

export const memorialBody = z.strictObject({
  facilityId: id,
  deceasedName: name,
  birthDate: plainDateSchema.nullish(),
  deathDate: plainDateSchema.nullish(),
  biography: z.string().trim().min(1, { message: '请填写生平简介' }).max(2000),
  creatorName: name,
  phone,
});
export type MemorialBody = z.infer<typeof memorialBody>;
export const memorialReceipt = z.object({
  code: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
});

export const publicMemorialSummary = z.object({
  code: z.string(),
  deceasedName: z.string(),
  birthDate: z.string().nullable(),
  deathDate: z.string().nullable(),
  cemeteryName: z.string(),
  flowers: z.number().int(),
});
export const publicMemorialsQuery = z.strictObject({
  q: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(48).default(12),
});
export const publicMemorialPage = pageOf(publicMemorialSummary);
export const publicMemorialView = publicMemorialSummary.extend({
  biography: z.string(),
  messages: z.array(z.object({ authorName: z.string(), body: z.string(), createdAt: z.string() })),
});
export type PublicMemorialView = z.infer<typeof publicMemorialView>;
export const memorialCodeParam = z.strictObject({ code });
export const memorialMessageBody = z.strictObject({
  authorName: name,
  body: z.string().trim().min(1, { message: '请填写留言' }).max(500),
});
export const memorialMessageReceipt = z.object({ status: z.enum(['pending', 'approved', 'rejected']) });
export const flowerResult = z.object({ flowers: z.number().int() });

export const memorialView = z.object({
  id: z.string(),
  code: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  deceasedName: z.string(),
  birthDate: z.string().nullable(),
  deathDate: z.string().nullable(),
  biography: z.string(),
  creatorName: z.string(),
  phoneMasked: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  rejectReason: z.string().nullable(),
  moderatedBy: z.string().nullable(),
  moderatedAt: z.string().nullable(),
  flowers: z.number().int(),
  createdAt: z.string(),
});
export type MemorialView = z.infer<typeof memorialView>;
export const memorialMessageView = z.object({
  id: z.string(),
  memorialId: z.string(),
  memorialCode: z.string(),
  deceasedName: z.string(),
  authorName: z.string(),
  body: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
});
export type MemorialMessageView = z.infer<typeof memorialMessageView>;
export const moderationQuery = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const memorialPage = pageOf(memorialView);
export const memorialMessagePage = pageOf(memorialMessageView);
export const moderationBody = z
  .strictObject({
    decision: z.enum(['approved', 'rejected']),
    reason: optionalText(200),
  })
  .refine((b) => b.decision === 'approved' || (b.reason ?? '').length >= 2, {
    message: '不通过须填写原因（至少 2 个字）',
    path: ['reason'],
  });

// ----- live load ---------------------------------------------------------------------------------------

export const liveQuery = z.strictObject({ facilityId: id, date: plainDateSchema.optional() });
export const liveView = z.object({
  facilityId: z.string(),
  facilityName: z.string(),
  date: z.string(),
  asOf: z.string(),
  slots: z.array(qingmingSlotView),
  totals: z.object({
    quota: z.number().int(),
    booked: z.number().int(),
    checkedIn: z.number().int(),
    /** Visitors checked in within the last `visitMinutes` (configuration): the on-site estimate. */
    onSite: z.number().int(),
  }),
});
export type LiveView = z.infer<typeof liveView>;
export const liveOverviewQuery = z.strictObject({ date: plainDateSchema.optional() });
export const liveOverview = z.object({
  date: z.string(),
  rows: z.array(
    z.object({
      facilityId: z.string(),
      facilityName: z.string(),
      divisionCode: z.string(),
      cityName: z.string(),
      quota: z.number().int(),
      booked: z.number().int(),
      checkedIn: z.number().int(),
      onSite: z.number().int(),
    }),
  ),
});
export type LiveOverview = z.infer<typeof liveOverview>;
export const staffCemeteriesView = z.array(
  z.object({ id: z.string(), name: z.string(), kind: z.string(), divisionCode: z.string() }),
);
