/** SQL of the rescue case's attachment owner type: case numbers and names for labels. */
import type { Executor } from '../db/index';

/** Case number and name given of each case (ids not found are left out). */
export function caseLabelsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<{ id: string; caseNo: string; nameGiven: string | null }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rescueCases')
    .select(['id', 'caseNo', 'nameGiven'])
    .where('id', 'in', [...ids])
    .execute();
}
