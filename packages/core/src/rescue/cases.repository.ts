/** SQL of the rescue case (救助案件) shared by every concern of the line: find one, lock one, bump its version. */
import type { Selectable } from 'kysely';
import type { Executor } from '../db/index';
import type { RescueCasesTable, RescueStationsTable } from './rescue.table';

export type RescueCaseRow = Selectable<RescueCasesTable>;
export type RescueStationRow = Selectable<RescueStationsTable>;

export async function findRescueCase(db: Executor, id: string): Promise<RescueCaseRow | undefined> {
  return db.selectFrom('rescueCases').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Reads the case inside a write transaction and bumps its version: two writers on the same case
 * serialise on this row (PostgreSQL row lock by the update; SQLite has one writer), so a status check
 * made after this call cannot be overtaken by a concurrent change.
 */
export async function lockRescueCase(db: Executor, id: string): Promise<RescueCaseRow | undefined> {
  const bumped = await db
    .updateTable('rescueCases')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) === 0) return undefined;
  return findRescueCase(db, id);
}

export async function findRescueStation(db: Executor, id: string): Promise<RescueStationRow | undefined> {
  return db.selectFrom('rescueStations').selectAll().where('id', '=', id).executeTakeFirst();
}
