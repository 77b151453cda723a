/** SQL of the rescue line's side of a revoked death (被死亡 corrected): cases closed by that death. */
import type { Executor } from '../db/index';

/** Cases of `personId` closed as deceased (close kind `death`). */
export function casesClosedByDeathOf(
  db: Executor,
  personId: string,
): Promise<{ id: string; caseNo: string; divisionCode: string; closeNote: string | null }[]> {
  return db
    .selectFrom('rescueCases')
    .select(['id', 'caseNo', 'divisionCode', 'closeNote'])
    .where('personId', '=', personId)
    .where('status', '=', 'deceased')
    .where('closeKind', '=', 'death')
    .execute();
}

/** Marks a case closed by a revoked death for review: close kind `death_revoked`, the note says why. */
export async function flagCaseDeathRevoked(
  db: Executor,
  id: string,
  note: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('rescueCases')
    .set((eb) => ({
      closeKind: 'death_revoked',
      closeNote: note,
      updatedAt: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('closeKind', '=', 'death')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
