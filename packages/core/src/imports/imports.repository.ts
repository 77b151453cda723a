/** SQL of the import pipeline (import_runs, import_run_issues). */
import type { Insertable, Kysely, Transaction } from 'kysely';
import { insertRows } from '../db/prepared';
import type { Database } from '../db/schema';
import type { ImportRunIssuesTable, ImportRunIssueRow, ImportRunRow, ImportRunsTable } from './imports.table';

type Executor = Kysely<Database> | Transaction<Database>;

export function findRun(db: Executor, importKind: string, sha256: string): Promise<ImportRunRow | undefined> {
  return db
    .selectFrom('importRuns')
    .selectAll()
    .where('importKind', '=', importKind)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

export function findRunById(db: Executor, id: string): Promise<ImportRunRow | undefined> {
  return db.selectFrom('importRuns').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRun(db: Executor, row: Insertable<ImportRunsTable>): Promise<void> {
  await db.insertInto('importRuns').values(row).execute();
}

/** Takes over a failed or abandoned run of the same file: true when this caller got it. */
export async function reclaimRun(
  db: Executor,
  id: string,
  expected: { status: ImportRunRow['status']; startedAt: string },
  values: Pick<ImportRunRow, 'fileName' | 'format' | 'divisionCode' | 'createdBy' | 'startedAt'>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('importRuns')
      .set({
        ...values,
        status: 'running',
        rowsRead: 0,
        rowsApplied: 0,
        rowsUnchanged: 0,
        rowsRefused: 0,
        error: null,
        finishedAt: null,
      })
      .where('id', '=', id)
      .where('status', '=', expected.status)
      .where('startedAt', '=', expected.startedAt)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await trx.deleteFrom('importRunIssues').where('runId', '=', id).execute();
    return true;
  });
}

export async function insertIssues(db: Executor, rows: Insertable<ImportRunIssuesTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insertRows(db, 'importRunIssues', rows.slice(i, i + 500));
}

export async function finishRun(
  db: Executor,
  id: string,
  values: Pick<
    ImportRunRow,
    'status' | 'rowsRead' | 'rowsApplied' | 'rowsUnchanged' | 'rowsRefused' | 'error' | 'finishedAt'
  >,
): Promise<void> {
  await db.updateTable('importRuns').set(values).where('id', '=', id).execute();
}

export async function deleteRun(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('importRunIssues').where('runId', '=', id).execute();
  await db.deleteFrom('importRuns').where('id', '=', id).execute();
}

/** Issues of a run in report order, a page at a time after position `afterSeq`. */
export function issuesPage(
  db: Executor,
  runId: string,
  limit: number,
  afterSeq = -1,
): Promise<ImportRunIssueRow[]> {
  return db
    .selectFrom('importRunIssues')
    .selectAll()
    .where('runId', '=', runId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}
