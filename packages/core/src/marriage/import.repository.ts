/** SQL of the historical back-fill (marriage_imports, marriage_import_rows). */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index';
import type { MarriageImportRowsTable, MarriageImportsTable } from './marriage.table';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertImport(db: Executor, row: Insertable<MarriageImportsTable>): Promise<void> {
  await db.insertInto('marriageImports').values(row).execute();
}

export async function updateImportCounts(
  db: Executor,
  id: string,
  counts: Pick<MarriageImportsTable, 'totalRows' | 'importedRows' | 'failedRows' | 'awaitingRows'>,
): Promise<void> {
  await db.updateTable('marriageImports').set(counts).where('id', '=', id).execute();
}

export function findImport(db: Executor, id: string) {
  return db.selectFrom('marriageImports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function importRowsOf(db: Executor, importId: string) {
  return db
    .selectFrom('marriageImportRows')
    .selectAll()
    .where('importId', '=', importId)
    .orderBy('rowNo')
    .execute();
}

export function latestImports(db: Executor, limit: number) {
  return db.selectFrom('marriageImports').selectAll().orderBy('createdAt', 'desc').limit(limit).execute();
}

export async function insertImportRow(db: Executor, row: Insertable<MarriageImportRowsTable>): Promise<void> {
  await db.insertInto('marriageImportRows').values(row).execute();
}

export function findImportRow(db: Executor, importId: string, rowNo: number) {
  return db
    .selectFrom('marriageImportRows')
    .selectAll()
    .where('importId', '=', importId)
    .where('rowNo', '=', rowNo)
    .executeTakeFirst();
}

/** Marks an awaiting row matched; false when it was no longer awaiting (resolved meanwhile). */
export async function markImportRowMatched(db: Executor, id: string, marriageId: string): Promise<boolean> {
  const r = await db
    .updateTable('marriageImportRows')
    .set({ status: 'matched', marriageId, data: null })
    .where('id', '=', id)
    .where('status', '=', 'awaiting_match')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countAwaitingResolved(db: Executor, importId: string): Promise<void> {
  await db
    .updateTable('marriageImports')
    .set((eb) => ({ awaitingRows: eb('awaitingRows', '-', 1), importedRows: eb('importedRows', '+', 1) }))
    .where('id', '=', importId)
    .execute();
}
