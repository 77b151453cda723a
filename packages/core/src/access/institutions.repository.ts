import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { InstitutionRow } from './institutions.table';

type Executor = Kysely<Database> | Transaction<Database>;

export function findInstitutionById(db: Executor, id: string): Promise<InstitutionRow | undefined> {
  return db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findInstitutionByName(
  db: Executor,
  divisionCode: string,
  name: string,
): Promise<InstitutionRow | undefined> {
  return db
    .selectFrom('institutions')
    .selectAll()
    .where('divisionCode', '=', divisionCode)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertInstitution(db: Executor, row: InstitutionRow): Promise<void> {
  await db.insertInto('institutions').values(row).execute();
}

/** Institutions under a division code prefix, optionally of one kind / one institution, by division and name. */
export function listInstitutionRows(
  db: Executor,
  f: { divisionPrefix: string; kind?: string; onlyId?: string | null },
): Promise<InstitutionRow[]> {
  let q = db.selectFrom('institutions').selectAll().where('divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.onlyId) q = q.where('id', '=', f.onlyId);
  return q.orderBy('divisionCode').orderBy('name').limit(1000).execute();
}
