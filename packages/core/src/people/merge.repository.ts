import { sql, type Kysely, type Transaction } from 'kysely';
import { toCount } from '../db/dialect';
import type { Database, PersonRow } from '../db/schema';
import type {
  PersonMergeRepointRow,
  PersonMergeRow,
  PersonMergeStatus,
  PersonMergesTable,
} from './merge.table';

type Executor = Kysely<Database> | Transaction<Database>;

export function findPersonsByIds(db: Executor, ids: readonly string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('people').selectAll().where('id', 'in', ids).execute();
}

export async function insertMerge(db: Executor, row: PersonMergeRow): Promise<void> {
  await db.insertInto('personMerges').values(row).execute();
}

export function findMergeById(db: Executor, id: string): Promise<PersonMergeRow | undefined> {
  return db.selectFrom('personMerges').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The open proposal or effective merge of a merged record, if any (at most one: a unique partial index). */
export function openMergeOf(db: Executor, mergedId: string): Promise<PersonMergeRow | undefined> {
  return db
    .selectFrom('personMerges')
    .selectAll()
    .where('mergedId', '=', mergedId)
    .where('status', 'in', ['proposed', 'approved'])
    .executeTakeFirst();
}

/** Moves a merge from `from` to the new state; false when it was no longer in `from` (a concurrent decision). */
export async function transitionMerge(
  db: Executor,
  id: string,
  from: PersonMergeStatus,
  set: Partial<Omit<PersonMergesTable, 'id' | 'version'>> & { status: PersonMergeStatus },
): Promise<boolean> {
  const r = await db
    .updateTable('personMerges')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Points `mergedId` at `survivorId` if it points nowhere yet; false otherwise. */
export async function markMerged(db: Executor, mergedId: string, survivorId: string, at: string) {
  const r = await db
    .updateTable('people')
    .set((eb) => ({ mergedInto: survivorId, updatedAt: at, version: eb('version', '+', 1) }))
    .where('id', '=', mergedId)
    .where('mergedInto', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Clears the pointer of `mergedId` if (and only if) it points at `survivorId`. */
export async function clearMerged(db: Executor, mergedId: string, survivorId: string, at: string) {
  const r = await db
    .updateTable('people')
    .set((eb) => ({ mergedInto: null, updatedAt: at, version: eb('version', '+', 1) }))
    .where('id', '=', mergedId)
    .where('mergedInto', '=', survivorId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Copies every fact of `fromPersonId` onto `toPersonId` with source 合并 and the merge's id; returns the count. */
export async function carryFactsOver(
  db: Executor,
  fromPersonId: string,
  toPersonId: string,
  mergeId: string,
  at: string,
  by: string,
  newId: () => string,
): Promise<number> {
  const facts = await db
    .selectFrom('personFacts')
    .select(['field', 'value'])
    .where('personId', '=', fromPersonId)
    .orderBy('recordedAt')
    .orderBy('id')
    .execute();
  if (facts.length === 0) return 0;
  await db
    .insertInto('personFacts')
    .values(
      facts.map((f) => ({
        id: newId(),
        personId: toPersonId,
        field: f.field,
        value: f.value,
        source: '合并',
        recordedAt: at,
        recordedBy: by,
        mergeId,
      })),
    )
    .execute();
  return facts.length;
}

/** Removes the facts a merge carried over (its unmerge); returns the count. */
export async function removeCarriedFacts(db: Executor, mergeId: string): Promise<number> {
  const r = await db.deleteFrom('personFacts').where('mergeId', '=', mergeId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface MergeFilter {
  divisionPrefix: string;
  status?: PersonMergeStatus;
  /** A person on either side. */
  personId?: string;
}

export async function listMergeRows(
  db: Executor,
  f: MergeFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: PersonMergeRow[]; total: number }> {
  let q = db.selectFrom('personMerges').where('divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.personId) {
    const id = f.personId;
    q = q.where((eb) => eb.or([eb('survivorId', '=', id), eb('mergedId', '=', id)]));
  }
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy('proposedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toCount(total.n) };
}

// ------------------------------------------------------------------------------- re-point log (lines)

/** Logs records a line re-pointed for a merge (in the line subscriber's transaction). */
export async function logRepoints(db: Executor, rows: PersonMergeRepointRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('personMergeRepoints').values(rows).execute();
}

/** What a line re-pointed for a merge and has not yet pointed back. */
export function pendingRepoints(
  db: Executor,
  mergeId: string,
  line: string,
): Promise<PersonMergeRepointRow[]> {
  return db
    .selectFrom('personMergeRepoints')
    .selectAll()
    .where('mergeId', '=', mergeId)
    .where('line', '=', line)
    .where('revertedAt', 'is', null)
    .orderBy('id')
    .execute();
}

export async function markRepointsReverted(db: Executor, ids: readonly string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('personMergeRepoints').set({ revertedAt: at }).where('id', 'in', ids).execute();
}
