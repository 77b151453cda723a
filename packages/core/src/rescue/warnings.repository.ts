/** SQL of the rescue warnings concern: the open cases a warning list or a to-do looks at. */
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { RescueCaseRow } from './cases.repository';
import { OPEN_RESCUE_CASE_STATUSES } from './rescue.table';

export type WarningCaseRow = Pick<
  RescueCaseRow,
  | 'id'
  | 'caseNo'
  | 'stationId'
  | 'divisionCode'
  | 'personId'
  | 'identityStatus'
  | 'nameGiven'
  | 'sex'
  | 'birthDate'
  | 'estimatedAge'
  | 'entryDate'
  | 'mentalSigns'
  | 'status'
> & { stationName: string };

/** Open cases (in the station, placed, in hospital) under the scope filter, optionally of one station. */
export function openCasesInScope(
  db: Executor,
  scope: ScopeFilter,
  stationId?: string,
): Promise<WarningCaseRow[]> {
  let q = db
    .selectFrom('rescueCases as c')
    .innerJoin('rescueStations as s', 's.id', 'c.stationId')
    .select([
      'c.id',
      'c.caseNo',
      'c.stationId',
      's.name as stationName',
      'c.divisionCode',
      'c.personId',
      'c.identityStatus',
      'c.nameGiven',
      'c.sex',
      'c.birthDate',
      'c.estimatedAge',
      'c.entryDate',
      'c.mentalSigns',
      'c.status',
    ])
    .where('c.status', 'in', [...OPEN_RESCUE_CASE_STATUSES])
    .where((eb) => whereInScope(eb, scope, { division: 'c.divisionCode', institution: 'c.stationId' }));
  if (stationId) q = q.where('c.stationId', '=', stationId);
  return q.orderBy('c.entryDate').orderBy('c.id').execute();
}

/** Whether any case was created by `createdBy` (the demo seed's idempotency check). */
export async function anyCaseCreatedBy(db: Executor, createdBy: string): Promise<boolean> {
  const r = await db
    .selectFrom('rescueCases')
    .select('id')
    .where('createdBy', '=', createdBy)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** The active stations, in a stable order (the demo seed spreads its cases over them). */
export function activeStations(db: Executor): Promise<{ id: string; divisionCode: string }[]> {
  return db
    .selectFrom('rescueStations')
    .select(['id', 'divisionCode'])
    .where('status', '=', 'active')
    .orderBy('divisionCode')
    .orderBy('id')
    .execute();
}
