/** SQL of the devices concern: catalogue, rental points and stock, rentals, 福康工程 cases. */
import type { Selectable, Updateable } from 'kysely';
import type { SortSpec } from '@social-affairs/kernel/contracts';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type {
  DisabilityDeviceItemsTable,
  DisabilityFukangCasesTable,
  DisabilityRentalPointsTable,
  DisabilityRentalsTable,
} from './rehab.table';

export type DeviceItemRow = Selectable<DisabilityDeviceItemsTable>;
export type RentalPointRow = Selectable<DisabilityRentalPointsTable>;
export type RentalRow = Selectable<DisabilityRentalsTable>;
export type FukangCaseRow = Selectable<DisabilityFukangCasesTable>;

// ----- catalogue -----

export async function findItem(db: Executor, id: string): Promise<DeviceItemRow | undefined> {
  return db.selectFrom('disabilityDeviceItems').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findItemByCode(db: Executor, code: string): Promise<DeviceItemRow | undefined> {
  return db.selectFrom('disabilityDeviceItems').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertItem(db: Executor, row: DeviceItemRow): Promise<void> {
  await db.insertInto('disabilityDeviceItems').values(row).execute();
}

export async function updateItem(
  db: Executor,
  id: string,
  set: Updateable<DisabilityDeviceItemsTable>,
): Promise<void> {
  await db.updateTable('disabilityDeviceItems').set(set).where('id', '=', id).execute();
}

export async function itemPage(
  db: Executor,
  f: { category?: string; status?: string; q?: string },
  limit: number,
  offset: number,
): Promise<{ rows: DeviceItemRow[]; total: number }> {
  const base = () => {
    let q = db.selectFrom('disabilityDeviceItems');
    if (f.category) q = q.where('category', '=', f.category as DeviceItemRow['category']);
    if (f.status) q = q.where('status', '=', f.status as DeviceItemRow['status']);
    if (f.q) q = q.where((eb) => eb.or([eb('name', 'like', `%${f.q}%`), eb('code', 'like', `%${f.q}%`)]));
    return q;
  };
  const rows = await base().selectAll().orderBy('code').limit(limit).offset(offset).execute();
  const c = await base()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(c.n) };
}

// ----- rental points and stock -----

export async function findPoint(db: Executor, id: string): Promise<RentalPointRow | undefined> {
  return db.selectFrom('disabilityRentalPoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPointByName(
  db: Executor,
  divisionCode: string,
  name: string,
): Promise<RentalPointRow | undefined> {
  return db
    .selectFrom('disabilityRentalPoints')
    .selectAll()
    .where('divisionCode', '=', divisionCode)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertPoint(db: Executor, row: RentalPointRow): Promise<void> {
  await db.insertInto('disabilityRentalPoints').values(row).execute();
}

export async function pointPage(
  db: Executor,
  f: { scope: ScopeFilter; kind?: string; q?: string; sort?: SortSpec | undefined },
  limit: number,
  offset: number,
): Promise<{ rows: (RentalPointRow & { institutionName: string | null })[]; total: number }> {
  const base = () => {
    let q = db
      .selectFrom('disabilityRentalPoints as r')
      .leftJoin('institutions as i', 'i.id', 'r.institutionId')
      .where((eb) =>
        whereInScope(eb, f.scope, { division: 'r.divisionCode', institution: 'r.institutionId' }),
      );
    if (f.kind) q = q.where('r.kind', '=', f.kind as RentalPointRow['kind']);
    if (f.q) q = q.where('r.name', 'like', `%${f.q}%`);
    return q;
  };
  let q = base().selectAll('r').select('i.name as institutionName');
  const dir = f.sort?.desc ? 'desc' : 'asc';
  q = f.sort?.field === 'name' ? q.orderBy('r.name', dir) : q.orderBy('r.divisionCode', dir);
  const rows = await q.orderBy('r.name').orderBy('r.id').limit(limit).offset(offset).execute();
  const c = await base()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(c.n) };
}

export interface StockLine {
  pointId: string;
  itemId: string;
  itemName: string;
  quantity: number;
  out: number;
}

/** Stock lines of the points with the devices out on rental now. */
export async function stockOf(db: Executor, pointIds: readonly string[]): Promise<StockLine[]> {
  if (pointIds.length === 0) return [];
  const rows = await db
    .selectFrom('disabilityPointStock as s')
    .innerJoin('disabilityDeviceItems as d', 'd.id', 's.itemId')
    .select(['s.pointId', 's.itemId', 'd.name as itemName', 's.quantity', 'd.code'])
    .select((eb) =>
      eb
        .selectFrom('disabilityRentals as r')
        .select((e2) => e2.fn.countAll<string | number>().as('n'))
        .whereRef('r.pointId', '=', 's.pointId')
        .whereRef('r.itemId', '=', 's.itemId')
        .where('r.status', '=', 'out')
        .as('out'),
    )
    .where('s.pointId', 'in', pointIds)
    .orderBy('d.code')
    .execute();
  return rows.map((r) => ({
    pointId: r.pointId,
    itemId: r.itemId,
    itemName: r.itemName,
    quantity: r.quantity,
    out: Number(r.out ?? 0),
  }));
}

/** Sets a stock line, locking it (PostgreSQL row lock; SQLite writes are serialised). */
export async function upsertStock(
  db: Executor,
  row: { id: string; pointId: string; itemId: string; quantity: number; updatedAt: string },
): Promise<void> {
  const found = await db
    .selectFrom('disabilityPointStock')
    .select('id')
    .where('pointId', '=', row.pointId)
    .where('itemId', '=', row.itemId)
    .executeTakeFirst();
  if (found) {
    await db
      .updateTable('disabilityPointStock')
      .set({ quantity: row.quantity, updatedAt: row.updatedAt })
      .where('id', '=', found.id)
      .execute();
  } else {
    await db.insertInto('disabilityPointStock').values(row).execute();
  }
}

/** The stock line, locked for the rest of the transaction (touching it takes the row lock). */
export async function lockStock(
  db: Executor,
  pointId: string,
  itemId: string,
): Promise<{ quantity: number; out: number } | undefined> {
  const r = await db
    .updateTable('disabilityPointStock')
    .set((eb) => ({ quantity: eb.ref('quantity') }))
    .where('pointId', '=', pointId)
    .where('itemId', '=', itemId)
    .returning('quantity')
    .executeTakeFirst();
  if (!r) return undefined;
  const out = await db
    .selectFrom('disabilityRentals')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('pointId', '=', pointId)
    .where('itemId', '=', itemId)
    .where('status', '=', 'out')
    .executeTakeFirstOrThrow();
  return { quantity: r.quantity, out: Number(out.n) };
}

// ----- rentals -----

export async function insertRental(db: Executor, row: RentalRow): Promise<void> {
  await db.insertInto('disabilityRentals').values(row).execute();
}

export async function findRental(db: Executor, id: string): Promise<RentalRow | undefined> {
  return db.selectFrom('disabilityRentals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateRental(
  db: Executor,
  id: string,
  set: Updateable<DisabilityRentalsTable>,
): Promise<void> {
  await db.updateTable('disabilityRentals').set(set).where('id', '=', id).execute();
}

export interface RentalFilter {
  scope: ScopeFilter;
  id?: string;
  pointId?: string;
  itemId?: string;
  status?: 'out' | 'returned' | 'overdue';
  today: string;
  q?: string;
  sort?: SortSpec | undefined;
}

export type RentalListRow = RentalRow & {
  personName: string;
  residentId: string | null;
  itemName: string;
  pointName: string;
};

export async function rentalPage(
  db: Executor,
  f: RentalFilter,
  limit: number,
  offset: number,
  withTotal = true,
): Promise<{ rows: RentalListRow[]; total: number }> {
  const base = () => {
    let q = db
      .selectFrom('disabilityRentals as r')
      .innerJoin('people as p', 'p.id', 'r.personId')
      .innerJoin('disabilityDeviceItems as d', 'd.id', 'r.itemId')
      .innerJoin('disabilityRentalPoints as t', 't.id', 'r.pointId')
      .where((eb) =>
        whereInScope(eb, f.scope, { division: 'r.divisionCode', institution: 't.institutionId' }),
      );
    if (f.id) q = q.where('r.id', '=', f.id);
    if (f.pointId) q = q.where('r.pointId', '=', f.pointId);
    if (f.itemId) q = q.where('r.itemId', '=', f.itemId);
    if (f.status === 'overdue') q = q.where('r.status', '=', 'out').where('r.dueOn', '<', f.today);
    else if (f.status) q = q.where('r.status', '=', f.status);
    if (f.q) q = q.where('p.name', 'like', `%${f.q}%`);
    return q;
  };
  let q = base()
    .selectAll('r')
    .select(['p.name as personName', 'p.residentId', 'd.name as itemName', 't.name as pointName']);
  const dir = f.sort?.desc ? 'desc' : 'asc';
  if (f.sort?.field === 'dueOn') q = q.orderBy('r.dueOn', dir);
  else if (f.sort?.field === 'divisionCode') q = q.orderBy('r.divisionCode', dir);
  else q = q.orderBy('r.fromOn', f.sort ? dir : 'desc');
  const rows = await q.orderBy('r.id').limit(limit).offset(offset).execute();
  let total = rows.length + offset;
  if (withTotal) {
    const c = await base()
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    total = Number(c.n);
  }
  return { rows, total };
}

export async function countOverdueRentals(db: Executor, scope: ScopeFilter, today: string) {
  const r = await db
    .selectFrom('disabilityRentals as r')
    .innerJoin('disabilityRentalPoints as t', 't.id', 'r.pointId')
    .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.min('r.dueOn').as('first')])
    .where((eb) => whereInScope(eb, scope, { division: 'r.divisionCode', institution: 't.institutionId' }))
    .where('r.status', '=', 'out')
    .where('r.dueOn', '<', today)
    .executeTakeFirstOrThrow();
  return { count: Number(r.n), first: (r.first as string | null) ?? null };
}

// ----- 福康工程 -----

export async function insertFukang(db: Executor, row: FukangCaseRow): Promise<void> {
  await db.insertInto('disabilityFukangCases').values(row).execute();
}

export async function findFukang(db: Executor, id: string): Promise<FukangCaseRow | undefined> {
  return db.selectFrom('disabilityFukangCases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Updates the case when its status and version still match; false when someone acted first. */
export async function updateFukangIf(
  db: Executor,
  id: string,
  version: number,
  set: Updateable<DisabilityFukangCasesTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('disabilityFukangCases')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface FukangFilter {
  scope: ScopeFilter;
  id?: string;
  status?: string;
  itemKind?: string;
  q?: string;
  sort?: SortSpec | undefined;
}

export type FukangListRow = FukangCaseRow & { personName: string; residentId: string | null };

export async function fukangPage(
  db: Executor,
  f: FukangFilter,
  limit: number,
  offset: number,
  withTotal = true,
): Promise<{ rows: FukangListRow[]; total: number }> {
  const base = () => {
    let q = db
      .selectFrom('disabilityFukangCases as c')
      .innerJoin('people as p', 'p.id', 'c.personId')
      .where((eb) => whereInScope(eb, f.scope, { division: 'c.divisionCode' }));
    if (f.id) q = q.where('c.id', '=', f.id);
    if (f.status) q = q.where('c.status', '=', f.status as FukangCaseRow['status']);
    if (f.itemKind) q = q.where('c.itemKind', '=', f.itemKind as FukangCaseRow['itemKind']);
    if (f.q)
      q = q.where((eb) => eb.or([eb('p.name', 'like', `%${f.q}%`), eb('c.itemName', 'like', `%${f.q}%`)]));
    return q;
  };
  let q = base().selectAll('c').select(['p.name as personName', 'p.residentId']);
  const dir = f.sort?.desc ? 'desc' : 'asc';
  if (f.sort?.field === 'requestedFen') q = q.orderBy('c.requestedFen', dir);
  else if (f.sort?.field === 'divisionCode') q = q.orderBy('c.divisionCode', dir);
  else q = q.orderBy('c.appliedOn', f.sort ? dir : 'desc');
  const rows = await q.orderBy('c.id').limit(limit).offset(offset).execute();
  let total = rows.length + offset;
  if (withTotal) {
    const c = await base()
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    total = Number(c.n);
  }
  return { rows, total };
}

export async function countFukang(db: Executor, scope: ScopeFilter, status: FukangCaseRow['status']) {
  const r = await db
    .selectFrom('disabilityFukangCases')
    .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.min('appliedOn').as('first')])
    .where((eb) => whereInScope(eb, scope, { division: 'divisionCode' }))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return { count: Number(r.n), first: (r.first as string | null) ?? null };
}
