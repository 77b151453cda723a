/** SQL of the intake concern (求助登记): intake records, belongings register, refusals, residents list. */
import { sql, type Insertable, type Selectable, type SqlBool } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import { likeContains, type Executor } from '../db/index';
import type { RescueBelongingsTable, RescueIntakesTable, RescueRefusalsTable } from './intake.table';
import type { RescueCasesTable } from './rescue.table';

export type RescueIntakeRow = Selectable<RescueIntakesTable>;
export type RescueBelongingRow = Selectable<RescueBelongingsTable>;
export type RescueRefusalRow = Selectable<RescueRefusalsTable>;
export async function insertRescueCase(db: Executor, row: Insertable<RescueCasesTable>): Promise<void> {
  await db.insertInto('rescueCases').values(row).execute();
}

export async function insertIntake(db: Executor, row: RescueIntakeRow): Promise<void> {
  await db.insertInto('rescueIntakes').values(row).execute();
}

export async function insertBelongings(db: Executor, rows: RescueBelongingRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('rescueBelongings').values(rows).execute();
}

export async function insertRefusal(db: Executor, row: RescueRefusalRow): Promise<void> {
  await db.insertInto('rescueRefusals').values(row).execute();
}

export function findRefusal(db: Executor, id: string): Promise<RescueRefusalRow | undefined> {
  return db.selectFrom('rescueRefusals').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findIntake(db: Executor, caseId: string): Promise<RescueIntakeRow | undefined> {
  return db.selectFrom('rescueIntakes').selectAll().where('caseId', '=', caseId).executeTakeFirst();
}

export async function setIdentificationMerge(db: Executor, caseId: string, mergeId: string): Promise<void> {
  await db
    .updateTable('rescueIntakes')
    .set({ identificationMergeId: mergeId })
    .where('caseId', '=', caseId)
    .execute();
}

export function belongingsOf(db: Executor, caseId: string): Promise<RescueBelongingRow[]> {
  return db
    .selectFrom('rescueBelongings')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** The next position in a case's belongings register (call with the case locked). */
export async function nextBelongingPosition(db: Executor, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('rescueBelongings')
    .select((eb) => eb.fn.max<number | string | null>('position').as('last'))
    .where('caseId', '=', caseId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

/** The open case of a person, if any (one open stay per person). */
export function openCaseOfPerson(db: Executor, personId: string): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('rescueCases')
    .select('id')
    .where('personId', '=', personId)
    .where('closedAt', 'is', null)
    .executeTakeFirst();
}

/** A fact on a person of the index (e.g. identity_status = 身份不明 for an unidentified recipient). */
export async function insertPersonFact(
  db: Executor,
  row: {
    id: string;
    personId: string;
    field: string;
    value: string;
    source: string;
    recordedAt: string;
    recordedBy: string;
  },
): Promise<void> {
  await db.insertInto('personFacts').values(row).execute();
}

/** Whether an active attachment of `kind` exists on the case. */
export async function hasCaseAttachment(db: Executor, caseId: string, kind: string): Promise<boolean> {
  const row = await db
    .selectFrom('attachments')
    .select('id')
    .where('ownerType', '=', 'rescue_case')
    .where('ownerId', '=', caseId)
    .where('kind', '=', kind)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

export interface CaseReadRow extends Selectable<RescueCasesTable> {
  stationName: string;
  dormitoryName: string | null;
  personName: string;
  personNameSortKey: string | null;
  residentId: string | null;
}

const caseReadColumns = [
  'rescueCases.id',
  'rescueCases.caseNo',
  'rescueCases.stationId',
  'rescueCases.divisionCode',
  'rescueCases.personId',
  'rescueCases.identityStatus',
  'rescueCases.nameGiven',
  'rescueCases.sex',
  'rescueCases.birthDate',
  'rescueCases.estimatedAge',
  'rescueCases.enteredAt',
  'rescueCases.entryDate',
  'rescueCases.referralSource',
  'rescueCases.civilCapacity',
  'rescueCases.mentalSigns',
  'rescueCases.foundPlace',
  'rescueCases.foundOn',
  'rescueCases.heightCm',
  'rescueCases.health',
  'rescueCases.intellect',
  'rescueCases.mentalState',
  'rescueCases.features',
  'rescueCases.clothing',
  'rescueCases.dormitoryId',
  'rescueCases.status',
  'rescueCases.closedAt',
  'rescueCases.closeKind',
  'rescueCases.closeNote',
  'rescueCases.createdBy',
  'rescueCases.createdAt',
  'rescueCases.updatedAt',
  'rescueCases.version',
  'rescueStations.name as stationName',
  'rescueDormitories.name as dormitoryName',
  'people.name as personName',
  'people.nameSortKey as personNameSortKey',
  'people.residentId as residentId',
] as const;

function caseReadQuery(db: Executor) {
  return db
    .selectFrom('rescueCases')
    .innerJoin('rescueStations', 'rescueStations.id', 'rescueCases.stationId')
    .innerJoin('people', 'people.id', 'rescueCases.personId')
    .leftJoin('rescueDormitories', 'rescueDormitories.id', 'rescueCases.dormitoryId')
    .select(caseReadColumns);
}

export async function findCaseForRead(db: Executor, id: string): Promise<CaseReadRow | undefined> {
  const row = await caseReadQuery(db).where('rescueCases.id', '=', id).executeTakeFirst();
  return row as CaseReadRow | undefined;
}

export interface ResidentsFilter {
  scope: ScopeFilter;
  stationId?: string;
  q?: string;
  status?: 'in_station' | 'placed' | 'in_hospital';
  sex?: 'male' | 'female';
  identity?: 'identified' | 'unidentified' | 'to_verify';
}

/**
 * The open cases (在站人员: in the station, placed outside or in hospital) the filter selects, oldest
 * entry first. Computed filters (over-stay, minor) and paging are applied by the service: a station holds
 * at most a few hundred people at once.
 */
export async function openCasesFor(db: Executor, f: ResidentsFilter): Promise<CaseReadRow[]> {
  let q = caseReadQuery(db)
    .where('rescueCases.closedAt', 'is', null)
    .where((eb) =>
      whereInScope(eb, f.scope, {
        division: 'rescueCases.divisionCode',
        institution: 'rescueCases.stationId',
      }),
    );
  if (f.stationId) q = q.where('rescueCases.stationId', '=', f.stationId);
  if (f.status) q = q.where('rescueCases.status', '=', f.status);
  if (f.sex) q = q.where('rescueCases.sex', '=', f.sex);
  if (f.identity) q = q.where('rescueCases.identityStatus', '=', f.identity);
  if (f.q) {
    const like = likeContains(f.q);
    const match = (col: string) => sql<SqlBool>`${sql.ref(col)} like ${like} escape '\\'`;
    q = q.where((eb) =>
      eb.or([match('rescueCases.caseNo'), match('rescueCases.nameGiven'), match('people.name')]),
    );
  }
  const rows = await q.orderBy('rescueCases.entryDate').orderBy('rescueCases.id').execute();
  return rows as CaseReadRow[];
}

/** Stations in scope (a station is its own institution) with their active dormitories and beds taken. */
export async function stationsWithDormitories(db: Executor, scope: ScopeFilter) {
  const stations = await db
    .selectFrom('rescueStations')
    .select(['id', 'name', 'divisionCode'])
    .where('status', '=', 'active')
    .where((eb) => whereInScope(eb, scope, { division: 'divisionCode', institution: 'id' }))
    .orderBy('name')
    .orderBy('id')
    .execute();
  if (stations.length === 0) return [];
  const ids = stations.map((s) => s.id);
  const dorms = await db
    .selectFrom('rescueDormitories')
    .select(['id', 'stationId', 'name', 'sex', 'beds'])
    .where('stationId', 'in', ids)
    .where('status', '=', 'active')
    .orderBy('name')
    .orderBy('id')
    .execute();
  const occupied = await db
    .selectFrom('rescueCases')
    .select(['dormitoryId', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('stationId', 'in', ids)
    .where('status', '=', 'in_station')
    .where('dormitoryId', 'is not', null)
    .groupBy('dormitoryId')
    .execute();
  const taken = new Map(occupied.map((o) => [o.dormitoryId, Number(o.n)]));
  return stations.map((s) => ({
    ...s,
    dormitories: dorms
      .filter((d) => d.stationId === s.id)
      .map((d) => ({ id: d.id, name: d.name, sex: d.sex, beds: d.beds, occupied: taken.get(d.id) ?? 0 })),
  }));
}

/** A person's rescue cases (newest first), for the person page's panel. */
export function casesOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('rescueCases')
    .innerJoin('rescueStations', 'rescueStations.id', 'rescueCases.stationId')
    .select([
      'rescueCases.id',
      'rescueCases.caseNo',
      'rescueCases.divisionCode',
      'rescueCases.stationId',
      'rescueCases.entryDate',
      'rescueCases.status',
      'rescueCases.closedAt',
      'rescueStations.name as stationName',
    ])
    .where('rescueCases.personId', '=', personId)
    .orderBy('rescueCases.entryDate', 'desc')
    .orderBy('rescueCases.id', 'desc')
    .execute();
}

export function personDivision(db: Executor, personId: string) {
  return db.selectFrom('people').select(['divisionCode']).where('id', '=', personId).executeTakeFirst();
}
