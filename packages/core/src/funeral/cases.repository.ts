/** SQL of the funeral case (遗体档案), its facility and its documents, shared by every concern of the line. */
import { newId } from '@social-affairs/kernel';
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/index';
import { CLOSING_CUSTODY_STEPS } from './funeral.table';
import type {
  CaseDocumentKind,
  CustodyStep,
  FuneralCustodyEventsTable,
  FuneralCaseDocumentsTable,
  FuneralCasesTable,
  FuneralFacilitiesTable,
} from './funeral.table';

export type FuneralCaseRow = Selectable<FuneralCasesTable>;
export type FuneralFacilityRow = Selectable<FuneralFacilitiesTable>;
export type FuneralCaseDocumentRow = Selectable<FuneralCaseDocumentsTable>;

export async function findFuneralCase(db: Executor, id: string): Promise<FuneralCaseRow | undefined> {
  return db.selectFrom('funeralCases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The case whose body or urn carries `code` (a scanned label). */
export async function findFuneralCaseByCode(db: Executor, code: string): Promise<FuneralCaseRow | undefined> {
  return db
    .selectFrom('funeralCases')
    .selectAll()
    .where((eb) => eb.or([eb('bodyCode', '=', code), eb('urnCode', '=', code)]))
    .executeTakeFirst();
}

/**
 * Reads the case inside a write transaction and bumps its version: two writers on the same case
 * serialise on this row (PostgreSQL row lock by the update; SQLite has one writer).
 */
export async function lockFuneralCase(db: Executor, id: string): Promise<FuneralCaseRow | undefined> {
  const bumped = await db
    .updateTable('funeralCases')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) === 0) return undefined;
  return findFuneralCase(db, id);
}

export async function findFuneralFacility(db: Executor, id: string): Promise<FuneralFacilityRow | undefined> {
  return db.selectFrom('funeralFacilities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCaseDocument(
  db: Executor,
  row: Insertable<FuneralCaseDocumentsTable>,
): Promise<void> {
  await db.insertInto('funeralCaseDocuments').values(row).execute();
}

/** Documents of a case, oldest first (optionally one kind, optionally only valid ones). */
export async function documentsOfCase(
  db: Executor,
  caseId: string,
  opts: { kind?: CaseDocumentKind; validOnly?: boolean } = {},
): Promise<FuneralCaseDocumentRow[]> {
  let q = db.selectFrom('funeralCaseDocuments').selectAll().where('caseId', '=', caseId);
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  if (opts.validOnly) q = q.where('status', '=', 'valid');
  return q.orderBy('recordedAt').orderBy('id').execute();
}

/** Case number and given name of each case (labels beside attachments and search hits). */
export async function funeralCaseLabelsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<{ id: string; caseNo: string; nameGiven: string | null }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('funeralCases')
    .select(['id', 'caseNo', 'nameGiven'])
    .where('id', 'in', [...ids])
    .execute();
}

export type FuneralCustodyEventRow = Selectable<FuneralCustodyEventsTable>;

/**
 * Moves the case to `step` and appends the custody event, inside the caller's transaction (the caller has
 * checked scope, locked the case and enforced the gates). A closing step sets `closed_at`.
 */
export async function appendCustodyEvent(
  db: Executor,
  input: {
    caseId: string;
    step: CustodyStep;
    at: string;
    actor: string;
    code?: string | null;
    place?: string | null;
    note?: string | null;
  },
): Promise<void> {
  const closing = (CLOSING_CUSTODY_STEPS as readonly string[]).includes(input.step);
  await db
    .updateTable('funeralCases')
    .set({ step: input.step, updatedAt: input.at, closedAt: closing ? input.at : null })
    .where('id', '=', input.caseId)
    .execute();
  await db
    .insertInto('funeralCustodyEvents')
    .values({
      id: newId(),
      caseId: input.caseId,
      step: input.step,
      at: input.at,
      actor: input.actor,
      code: input.code ?? null,
      place: input.place ?? null,
      note: input.note ?? null,
    })
    .execute();
}

/** The chain of custody of a case, oldest first. */
export async function custodyEventsOf(db: Executor, caseId: string): Promise<FuneralCustodyEventRow[]> {
  return db
    .selectFrom('funeralCustodyEvents')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}
