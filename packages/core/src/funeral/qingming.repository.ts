/**
 * SQL of the Qingming concern: slots and their quotas, bookings, plans and proxy-sweeping orders. The
 * quota guarantee lives in `takeSlotPlaces`: one conditional UPDATE (`booked + n <= quota`, and for online
 * bookings `booked_online + n <= quota - reserve`) inside the booking's transaction (ADR 0030).
 */
import { sql, type Selectable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type {
  FuneralQingmingBookingsTable,
  FuneralQingmingPlansTable,
  FuneralQingmingProxyOrdersTable,
  FuneralQingmingSlotsTable,
  QingmingChannel,
} from './qingming.table';

export type QingmingSlotRow = Selectable<FuneralQingmingSlotsTable>;
export type QingmingBookingRow = Selectable<FuneralQingmingBookingsTable>;
export type QingmingPlanRow = Selectable<FuneralQingmingPlansTable>;
export type ProxyOrderRow = Selectable<FuneralQingmingProxyOrdersTable>;

export const QINGMING_FACILITY_KINDS = [
  'cemetery_commercial',
  'cemetery_public_benefit',
  'rural_public_cemetery',
  'columbarium',
] as const;

// ----- facilities and plans ----------------------------------------------------------------------------

/** Active cemeteries and columbaria (the public list; R-FUN-05 validity is checked by the service). */
export function qingmingFacilities(db: Executor, scope?: ScopeFilter) {
  let q = db
    .selectFrom('funeralFacilities')
    .selectAll()
    .where('kind', 'in', [...QINGMING_FACILITY_KINDS])
    .where('status', '=', 'active');
  if (scope) q = q.where((eb) => whereInScope(eb, scope, { division: 'divisionCode', institution: 'id' }));
  return q.orderBy('divisionCode').orderBy('name').execute();
}

export function plansOf(db: Executor, facilityIds: readonly string[], year: number) {
  if (facilityIds.length === 0) return Promise.resolve([] as QingmingPlanRow[]);
  return db
    .selectFrom('funeralQingmingPlans')
    .selectAll()
    .where('facilityId', 'in', [...facilityIds])
    .where('year', '=', year)
    .execute();
}

export async function upsertPlan(db: Executor, row: QingmingPlanRow): Promise<void> {
  const updated = await db
    .updateTable('funeralQingmingPlans')
    .set({ note: row.note, publishedAt: row.publishedAt, publishedBy: row.publishedBy })
    .where('facilityId', '=', row.facilityId)
    .where('year', '=', row.year)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('funeralQingmingPlans').values(row).execute();
}

// ----- slots -------------------------------------------------------------------------------------------

export function findSlot(db: Executor, id: string) {
  return db.selectFrom('funeralQingmingSlots').selectAll().where('id', '=', id).executeTakeFirst();
}

export function slotsOf(db: Executor, facilityId: string, from: string, to: string) {
  return db
    .selectFrom('funeralQingmingSlots')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .orderBy('startsAt')
    .execute();
}

/** Days from `from` to `to` on which each facility has a slot with online places left. */
export function openDaysOf(db: Executor, facilityIds: readonly string[], from: string, to: string) {
  if (facilityIds.length === 0) return Promise.resolve([] as { facilityId: string; date: string }[]);
  return db
    .selectFrom('funeralQingmingSlots')
    .select(['facilityId', 'date'])
    .distinct()
    .where('facilityId', 'in', [...facilityIds])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .where(sql<boolean>`booked_online < quota - reserve and booked < quota`)
    .orderBy('date')
    .execute();
}

export async function insertSlots(db: Executor, rows: readonly QingmingSlotRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const existing = await db
    .selectFrom('funeralQingmingSlots')
    .select(['date', 'startsAt'])
    .where('facilityId', '=', rows[0]!.facilityId)
    .where(
      'date',
      'in',
      rows.map((r) => r.date),
    )
    .execute();
  const taken = new Set(existing.map((e) => `${e.date} ${e.startsAt}`));
  const fresh = rows.filter((r) => !taken.has(`${r.date} ${r.startsAt}`));
  for (let i = 0; i < fresh.length; i += 200)
    await db
      .insertInto('funeralQingmingSlots')
      .values(fresh.slice(i, i + 200))
      .execute();
  return fresh.length;
}

/**
 * Takes `n` places of a slot in one conditional UPDATE: true when taken, false when the slot is full
 * (for an online booking: when the online share, quota minus the phone reserve, is full). Atomic on
 * both engines — PostgreSQL re-checks the condition on the locked row, SQLite runs one writer at a time.
 */
export async function takeSlotPlaces(
  db: Executor,
  slotId: string,
  n: number,
  channel: QingmingChannel,
): Promise<boolean> {
  let q = db
    .updateTable('funeralQingmingSlots')
    .where('id', '=', slotId)
    .where(sql<boolean>`booked + ${n} <= quota`);
  if (channel === 'online')
    q = q
      .set({ booked: sql`booked + ${n}`, bookedOnline: sql`booked_online + ${n}` })
      .where(sql<boolean>`booked_online + ${n} <= quota - reserve`);
  else q = q.set({ booked: sql`booked + ${n}` });
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseSlotPlaces(
  db: Executor,
  slotId: string,
  n: number,
  channel: QingmingChannel,
): Promise<void> {
  await db
    .updateTable('funeralQingmingSlots')
    .set(
      channel === 'online'
        ? { booked: sql`booked - ${n}`, bookedOnline: sql`booked_online - ${n}` }
        : { booked: sql`booked - ${n}` },
    )
    .where('id', '=', slotId)
    .execute();
}

export async function addCheckedIn(db: Executor, slotId: string, n: number): Promise<void> {
  await db
    .updateTable('funeralQingmingSlots')
    .set({ checkedIn: sql`checked_in + ${n}` })
    .where('id', '=', slotId)
    .execute();
}

/** Sets a slot's quota (and its reserve) unless fewer places than already booked would remain. */
export async function setSlotQuota(db: Executor, slotId: string, quota: number, reserve: number) {
  const r = await db
    .updateTable('funeralQingmingSlots')
    .set({ quota, reserve })
    .where('id', '=', slotId)
    .where('booked', '<=', quota)
    .where(sql<boolean>`booked_online <= ${quota - reserve}`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ----- bookings ----------------------------------------------------------------------------------------

export async function insertBooking(db: Executor, row: QingmingBookingRow): Promise<void> {
  await db.insertInto('funeralQingmingBookings').values(row).execute();
}

export function findBookingByCode(db: Executor, code: string) {
  return db.selectFrom('funeralQingmingBookings').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findBooking(db: Executor, id: string) {
  return db.selectFrom('funeralQingmingBookings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves a booking from `from` to `to`; false when it was no longer in `from` (a concurrent change won). */
export async function transitionBooking(
  db: Executor,
  id: string,
  from: 'active',
  to: Partial<Pick<QingmingBookingRow, 'status' | 'cancelledAt' | 'checkedInAt' | 'checkedInBy'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('funeralQingmingBookings')
    .set(to)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface BookingListFilter {
  facilityId?: string | undefined;
  date?: string | undefined;
  channel?: QingmingChannel | undefined;
  status?: QingmingBookingRow['status'] | undefined;
  q?: string | undefined;
  sort?: { field: 'date' | 'startsAt' | 'visitorName' | 'createdAt'; desc: boolean } | undefined;
}

function bookingsQuery(db: Executor, scope: ScopeFilter, f: BookingListFilter) {
  let q = db
    .selectFrom('funeralQingmingBookings as b')
    .innerJoin('funeralQingmingSlots as s', 's.id', 'b.slotId')
    .innerJoin('funeralFacilities as f', 'f.id', 'b.facilityId')
    .where((eb) => whereInScope(eb, scope, { division: 'b.divisionCode', institution: 'b.facilityId' }));
  if (f.facilityId) q = q.where('b.facilityId', '=', f.facilityId);
  if (f.date) q = q.where('b.date', '=', f.date);
  if (f.channel) q = q.where('b.channel', '=', f.channel);
  if (f.status) q = q.where('b.status', '=', f.status);
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, '')}%`;
    q = q.where((eb) =>
      eb.or([
        eb('b.visitorName', 'like', like),
        eb('b.code', '=', f.q!.toUpperCase()),
        eb('b.phoneMasked', 'like', `%${f.q!.slice(-4)}`),
        eb('b.deceasedName', 'like', like),
      ]),
    );
  }
  return q;
}

export async function listBookings(
  db: Executor,
  scope: ScopeFilter,
  f: BookingListFilter,
  page: { limit: number; offset: number } | null,
) {
  const base = bookingsQuery(db, scope, f);
  const sortCol = {
    date: 'b.date',
    startsAt: 's.startsAt',
    visitorName: 'b.visitorName',
    createdAt: 'b.createdAt',
  } as const;
  let q = base
    .selectAll('b')
    .select(['s.startsAt', 's.endsAt', 'f.name as facilityName'])
    .orderBy(sortCol[f.sort?.field ?? 'date'], f.sort?.desc ? 'desc' : 'asc')
    .orderBy('s.startsAt')
    .orderBy('b.id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  const total = page
    ? Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    : rows.length;
  return { rows, total };
}

// ----- live load ---------------------------------------------------------------------------------------

/** Visitors checked in per facility since `since` on `date` (the on-site estimate). */
export function recentCheckIns(db: Executor, facilityIds: readonly string[], date: string, since: string) {
  if (facilityIds.length === 0) return Promise.resolve([] as { facilityId: string; n: number }[]);
  return db
    .selectFrom('funeralQingmingBookings')
    .select(['facilityId', (eb) => eb.fn.sum<number>('partySize').as('n')])
    .where('facilityId', 'in', [...facilityIds])
    .where('date', '=', date)
    .where('status', '=', 'checked_in')
    .where('checkedInAt', '>=', since)
    .groupBy('facilityId')
    .execute();
}

/** Per facility in scope: the day's quota, booked and checked-in sums. */
export function dayTotals(db: Executor, scope: ScopeFilter, date: string) {
  return db
    .selectFrom('funeralQingmingSlots as s')
    .innerJoin('funeralFacilities as f', 'f.id', 's.facilityId')
    .where('s.date', '=', date)
    .where((eb) => whereInScope(eb, scope, { division: 's.divisionCode', institution: 's.facilityId' }))
    .select([
      's.facilityId',
      'f.name as facilityName',
      'f.divisionCode',
      (eb) => eb.fn.sum<number>('s.quota').as('quota'),
      (eb) => eb.fn.sum<number>('s.booked').as('booked'),
      (eb) => eb.fn.sum<number>('s.checkedIn').as('checkedIn'),
    ])
    .groupBy(['s.facilityId', 'f.name', 'f.divisionCode'])
    .orderBy('f.divisionCode')
    .execute();
}

// ----- proxy sweeping ----------------------------------------------------------------------------------

export async function insertProxyOrder(db: Executor, row: ProxyOrderRow): Promise<void> {
  await db.insertInto('funeralQingmingProxyOrders').values(row).execute();
}

export function findProxyOrder(db: Executor, id: string) {
  return db.selectFrom('funeralQingmingProxyOrders').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findProxyOrderByCode(db: Executor, code: string) {
  return db.selectFrom('funeralQingmingProxyOrders').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function markProxyOrderDone(
  db: Executor,
  id: string,
  set: Pick<ProxyOrderRow, 'performedAt' | 'performedBy' | 'performedNote'>,
): Promise<boolean> {
  const r = await db
    .updateTable('funeralQingmingProxyOrders')
    .set({ ...set, status: 'done' })
    .where('id', '=', id)
    .where('status', '=', 'requested')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listProxyOrders(
  db: Executor,
  scope: ScopeFilter,
  f: { facilityId?: string | undefined; status?: ProxyOrderRow['status'] | undefined },
  page: { limit: number; offset: number },
) {
  let base = db
    .selectFrom('funeralQingmingProxyOrders as o')
    .innerJoin('funeralFacilities as f', 'f.id', 'o.facilityId')
    .where((eb) => whereInScope(eb, scope, { division: 'o.divisionCode', institution: 'o.facilityId' }));
  if (f.facilityId) base = base.where('o.facilityId', '=', f.facilityId);
  if (f.status) base = base.where('o.status', '=', f.status);
  const rows = await base
    .selectAll('o')
    .select('f.name as facilityName')
    .orderBy('o.requestedDate')
    .orderBy('o.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = Number(
    (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  return { rows, total };
}

/** How many photos each proxy order has in the attachment store. */
export async function proxyPhotoCounts(db: Executor, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('attachments')
    .select(['ownerId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('ownerType', '=', 'qingming_proxy_order')
    .where('status', '=', 'active')
    .where('ownerId', 'in', [...ids])
    .groupBy('ownerId')
    .execute();
  return new Map(rows.map((r) => [r.ownerId, Number(r.n)]));
}
