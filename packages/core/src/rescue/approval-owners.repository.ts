import type { Executor } from '../db/index';

/** The case of each stay extension among `ids` (ids not found are left out). */
export function casesOfExtensions(
  db: Executor,
  ids: readonly string[],
): Promise<{ id: string; caseId: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rescueStayExtensions')
    .select(['id', 'caseId'])
    .where('id', 'in', [...ids])
    .execute();
}

/** The case of each settlement file among `ids` (ids not found are left out). */
export function casesOfSettlements(
  db: Executor,
  ids: readonly string[],
): Promise<{ id: string; caseId: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rescueSettlements')
    .select(['id', 'caseId'])
    .where('id', 'in', [...ids])
    .execute();
}
