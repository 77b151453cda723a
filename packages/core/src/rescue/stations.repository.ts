/** SQL of the stations concern: station profiles, dormitories and their occupancy (R-RES-04, R-RES-14). */
import type { Selectable, Updateable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { RescueDormitoriesTable, RescueSex, RescueStationsTable } from './rescue.table';

export type RescueDormitoryRow = Selectable<RescueDormitoriesTable>;
type StationRow = Selectable<RescueStationsTable>;

export async function stationIdByName(
  db: Executor,
  divisionCode: string,
  name: string,
): Promise<string | undefined> {
  const r = await db
    .selectFrom('rescueStations')
    .select('id')
    .where('divisionCode', '=', divisionCode)
    .where('name', '=', name)
    .executeTakeFirst();
  return r?.id;
}

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const r = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return r !== undefined;
}

export async function insertStation(db: Executor, row: StationRow): Promise<void> {
  await db.insertInto('rescueStations').values(row).execute();
}

/** Updates the profile when the version still matches; false when someone else changed it first. */
export async function updateStationIfVersion(
  db: Executor,
  id: string,
  version: number,
  set: Updateable<RescueStationsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('rescueStations')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface StationListFilter {
  scope: ScopeFilter;
  q?: string;
  status?: 'active' | 'closed';
}

export function listStationRows(db: Executor, f: StationListFilter): Promise<StationRow[]> {
  let q = db
    .selectFrom('rescueStations')
    .selectAll()
    .where((eb) => whereInScope(eb, f.scope, { division: 'divisionCode', institution: 'id' }));
  if (f.q) q = q.where('name', 'like', `%${f.q}%`);
  if (f.status) q = q.where('status', '=', f.status);
  return q.orderBy('divisionCode').orderBy('name').orderBy('id').limit(500).execute();
}

/** Open cases in the station (status in_station) by sex, for the stations listed. */
export async function stationOccupancy(
  db: Executor,
  stationIds: readonly string[],
): Promise<Map<string, { male: number; female: number }>> {
  const out = new Map<string, { male: number; female: number }>();
  if (stationIds.length === 0) return out;
  const rows = await db
    .selectFrom('rescueCases')
    .select(['stationId', 'sex', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('stationId', 'in', stationIds)
    .where('status', '=', 'in_station')
    .groupBy(['stationId', 'sex'])
    .execute();
  for (const r of rows) {
    const o = out.get(r.stationId) ?? { male: 0, female: 0 };
    o[r.sex] = Number(r.n);
    out.set(r.stationId, o);
  }
  return out;
}

export function findDormitory(db: Executor, id: string): Promise<RescueDormitoryRow | undefined> {
  return db.selectFrom('rescueDormitories').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDormitoryByName(
  db: Executor,
  stationId: string,
  name: string,
): Promise<RescueDormitoryRow | undefined> {
  return db
    .selectFrom('rescueDormitories')
    .selectAll()
    .where('stationId', '=', stationId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertDormitory(db: Executor, row: RescueDormitoryRow): Promise<void> {
  await db.insertInto('rescueDormitories').values(row).execute();
}

export async function updateDormitory(
  db: Executor,
  id: string,
  set: Updateable<RescueDormitoriesTable>,
): Promise<void> {
  await db.updateTable('rescueDormitories').set(set).where('id', '=', id).execute();
}

export function listDormitoryRows(db: Executor, stationId: string): Promise<RescueDormitoryRow[]> {
  return db
    .selectFrom('rescueDormitories')
    .selectAll()
    .where('stationId', '=', stationId)
    .orderBy('status')
    .orderBy('sex')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** People in the station (status in_station) assigned to each dormitory of a station. */
export async function dormitoryOccupancy(db: Executor, stationId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('rescueCases')
    .select(['dormitoryId', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('stationId', '=', stationId)
    .where('status', '=', 'in_station')
    .where('dormitoryId', 'is not', null)
    .groupBy('dormitoryId')
    .execute();
  return new Map(rows.map((r) => [r.dormitoryId ?? '', Number(r.n)]));
}

/** People in the station assigned to one dormitory, optionally not counting one case (a reassignment). */
export async function countDormitoryOccupants(
  db: Executor,
  dormitoryId: string,
  exceptCaseId?: string,
): Promise<number> {
  let q = db
    .selectFrom('rescueCases')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('dormitoryId', '=', dormitoryId)
    .where('status', '=', 'in_station');
  if (exceptCaseId) q = q.where('id', '!=', exceptCaseId);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Beds of the station's active dormitories of one sex. */
export async function activeBeds(db: Executor, stationId: string, sex: RescueSex): Promise<number> {
  const r = await db
    .selectFrom('rescueDormitories')
    .select((eb) => eb.fn.sum<string | number | null>('beds').as('beds'))
    .where('stationId', '=', stationId)
    .where('sex', '=', sex)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.beds ?? 0);
}
