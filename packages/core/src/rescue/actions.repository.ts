/** SQL of the prescribed actions concern (七个规定动作 and 寻亲公告): the append-only log and the notices. */
import type { Insertable, Selectable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { RescueActionLogTable, RescueSearchNoticesTable } from './actions.table';
import type { RescueCaseRow } from './cases.repository';
import { OPEN_RESCUE_CASE_STATUSES } from './rescue.table';

export type RescueActionLogRow = Selectable<RescueActionLogTable>;
export type RescueSearchNoticeRow = Selectable<RescueSearchNoticesTable>;

export async function insertActionLog(db: Executor, row: Insertable<RescueActionLogTable>): Promise<void> {
  await db.insertInto('rescueActionLog').values(row).execute();
}

export function findActionLog(db: Executor, id: string): Promise<RescueActionLogRow | undefined> {
  return db.selectFrom('rescueActionLog').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every entry of a case, oldest first (the log order). */
export function actionLogOfCase(db: Executor, caseId: string): Promise<RescueActionLogRow[]> {
  return db
    .selectFrom('rescueActionLog')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('loggedAt')
    .orderBy('id')
    .execute();
}

/** Entries of many cases (bounded IN lists), oldest first. */
export async function actionLogOfCases(
  db: Executor,
  caseIds: readonly string[],
): Promise<RescueActionLogRow[]> {
  const out: RescueActionLogRow[] = [];
  for (let i = 0; i < caseIds.length; i += 500) {
    const chunk = caseIds.slice(i, i + 500);
    out.push(
      ...(await db
        .selectFrom('rescueActionLog')
        .selectAll()
        .where('caseId', 'in', chunk)
        .orderBy('loggedAt')
        .orderBy('id')
        .execute()),
    );
  }
  return out;
}

export function entrySupersedingId(db: Executor, id: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('rescueActionLog').select('id').where('supersedesId', '=', id).executeTakeFirst();
}

/** Open cases in the actor's scope (optionally of one station). */
export function openCasesInScope(
  db: Executor,
  filter: ScopeFilter,
  opts: { stationId?: string; unidentifiedOnly?: boolean } = {},
): Promise<RescueCaseRow[]> {
  let q = db
    .selectFrom('rescueCases')
    .selectAll()
    .where('status', 'in', [...OPEN_RESCUE_CASE_STATUSES])
    .where((eb) => whereInScope(eb, filter, { division: 'divisionCode', institution: 'stationId' }));
  if (opts.stationId) q = q.where('stationId', '=', opts.stationId);
  if (opts.unidentifiedOnly) q = q.where('identityStatus', '<>', 'identified');
  return q.orderBy('entryDate').orderBy('caseNo').execute();
}

/** Active stations in the actor's scope (for the board's station picker). */
export function stationsInScope(db: Executor, filter: ScopeFilter): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('rescueStations')
    .select(['id', 'name'])
    .where('status', '=', 'active')
    .where((eb) => whereInScope(eb, filter, { division: 'divisionCode', institution: 'id' }))
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function insertSearchNotice(
  db: Executor,
  row: Insertable<RescueSearchNoticesTable>,
): Promise<void> {
  await db.insertInto('rescueSearchNotices').values(row).execute();
}

export function searchNoticesOfCase(db: Executor, caseId: string): Promise<RescueSearchNoticeRow[]> {
  return db
    .selectFrom('rescueSearchNotices')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('issuedAt')
    .orderBy('id')
    .execute();
}

export function findSearchNotice(db: Executor, id: string): Promise<RescueSearchNoticeRow | undefined> {
  return db.selectFrom('rescueSearchNotices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The people-index names of cases (for the board; the case's own given name wins). */
export async function personNames(db: Executor, personIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'name'])
      .where('id', 'in', personIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r.name);
  }
  return out;
}

/** The latest active attachment of `kind` of a case (the photo for the 寻亲公告). */
export function latestCaseAttachment(
  db: Executor,
  caseId: string,
  kind: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('attachments')
    .select('id')
    .where('ownerType', '=', 'rescue_case')
    .where('ownerId', '=', caseId)
    .where('kind', '=', kind)
    .where('status', '=', 'active')
    .orderBy('uploadedAt', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function stationNamesOf(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('rescueStations').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name] as const));
}
