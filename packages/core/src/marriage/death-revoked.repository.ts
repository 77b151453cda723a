/** SQL of the marriage line's side of a revoked death (被死亡 corrected): marriages it ended, restored. */
import type { Executor } from '../db/index';
import type { MarriageRow } from './marriage.table';

/** Marriages ended by `personId`'s death (end reference = the deceased person's id). */
export function marriagesEndedByDeathOf(db: Executor, personId: string): Promise<MarriageRow[]> {
  return db
    .selectFrom('marriages')
    .selectAll()
    .where('status', '=', 'ended_by_death')
    .where('endReference', '=', personId)
    .execute();
}

/** The marriage subsisting again (only from `ended_by_death`); false when it changed since. */
export async function restoreMarriage(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('marriages')
    .set((eb) => ({
      status: 'subsisting',
      endedOn: null,
      endReference: null,
      updatedAt: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'ended_by_death')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
