/**
 * Row types of the Qingming and memorials concern (migration 0039-funeral-qingming), as Kysely sees them
 * through CamelCasePlugin: tomb-sweeping plans, bookable time slots with quotas, bookings (online or by
 * phone through staff), proxy-sweeping orders (代祭扫) and memorial pages (网上祭奠) with their messages.
 * Dates `YYYY-MM-DD` text, times `HH:MM`, instants ISO-8601 UTC text. Phones are never stored in clear:
 * a keyed hash (HMAC-SM3 under the server key) and a masked form (ADR 0026 style).
 */

/** A published tomb-sweeping plan (祭扫方案) of a cemetery for one Qingming season (R-FUN-12). */
export interface FuneralQingmingPlansTable {
  id: string;
  facilityId: string;
  year: number;
  note: string;
  publishedAt: string;
  publishedBy: string;
}

/**
 * A bookable time window of a cemetery on a day. `booked` counts visitors (party sizes) of every channel,
 * `bookedOnline` those booked on the public page, which may use at most `quota - reserve`: the reserve is
 * the green channel kept for phone and offline bookings (R-FUN-12). CHECK `booked <= quota`.
 */
export interface FuneralQingmingSlotsTable {
  id: string;
  facilityId: string;
  divisionCode: string;
  date: string;
  startsAt: string;
  endsAt: string;
  quota: number;
  reserve: number;
  booked: number;
  bookedOnline: number;
  checkedIn: number;
  createdAt: string;
  createdBy: string;
}

export type QingmingChannel = 'online' | 'phone';
export type QingmingBookingStatus = 'active' | 'checked_in' | 'cancelled';

export interface FuneralQingmingBookingsTable {
  id: string;
  /** The visitor's booking code (预约码), 8 characters. */
  code: string;
  slotId: string;
  facilityId: string;
  divisionCode: string;
  date: string;
  channel: QingmingChannel;
  visitorName: string;
  /** HMAC-SM3 of the normalised phone under the server key (purpose `funeral.qingming.phone`). */
  phoneHash: string;
  phoneMasked: string;
  partySize: number;
  deceasedName: string | null;
  plotLabel: string | null;
  status: QingmingBookingStatus;
  /** Username of the staff member who booked by phone; null online. */
  createdBy: string | null;
  createdAt: string;
  cancelledAt: string | null;
  checkedInAt: string | null;
  checkedInBy: string | null;
}

export type ProxyOrderStatus = 'requested' | 'done' | 'cancelled';

/** 代祭扫: staff sweep a grave on the family's behalf and document it with a photo. */
export interface FuneralQingmingProxyOrdersTable {
  id: string;
  code: string;
  facilityId: string;
  divisionCode: string;
  channel: 'online' | 'staff';
  requesterName: string;
  phoneHash: string;
  phoneMasked: string;
  deceasedName: string;
  plotLabel: string | null;
  requestedDate: string;
  note: string | null;
  status: ProxyOrderStatus;
  performedAt: string | null;
  performedBy: string | null;
  performedNote: string | null;
  createdBy: string | null;
  createdAt: string;
}

export type ModerationStatus = 'pending' | 'approved' | 'rejected';

/** 网上祭奠: a memorial page a family creates; public only once approved by funeral staff. */
export interface FuneralMemorialsTable {
  id: string;
  /** Public key of the page (8 characters). */
  code: string;
  facilityId: string;
  divisionCode: string;
  deceasedName: string;
  birthDate: string | null;
  deathDate: string | null;
  biography: string;
  creatorName: string;
  phoneHash: string;
  phoneMasked: string;
  status: ModerationStatus;
  rejectReason: string | null;
  moderatedBy: string | null;
  moderatedAt: string | null;
  flowers: number;
  createdAt: string;
}

/** A public message (留言) on a memorial page; public only once approved. */
export interface FuneralMemorialMessagesTable {
  id: string;
  memorialId: string;
  authorName: string;
  body: string;
  status: ModerationStatus;
  rejectReason: string | null;
  moderatedBy: string | null;
  moderatedAt: string | null;
  createdAt: string;
}

export interface QingmingTables {
  funeralQingmingPlans: FuneralQingmingPlansTable;
  funeralQingmingSlots: FuneralQingmingSlotsTable;
  funeralQingmingBookings: FuneralQingmingBookingsTable;
  funeralQingmingProxyOrders: FuneralQingmingProxyOrdersTable;
  funeralMemorials: FuneralMemorialsTable;
  funeralMemorialMessages: FuneralMemorialMessagesTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends QingmingTables {}
}
