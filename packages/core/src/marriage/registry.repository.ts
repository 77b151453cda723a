import type { Kysely, Transaction } from 'kysely';
import { prepared } from '../db/index';
import type { Database } from '../db/index';
import type { QualificationRow, RegistryRow } from './marriage.table';

type Executor = Kysely<Database> | Transaction<Database>;

export async function findRegistryById(db: Executor, id: string): Promise<RegistryRow | undefined> {
  return (await registryById(db, { id }))[0];
}
const registryById = prepared<{ id: string }, RegistryRow>((db, p) =>
  db.selectFrom('marriageRegistries').selectAll().where('id', '=', p('id')),
);

export function findRegistryByCode(db: Executor, code: string): Promise<RegistryRow | undefined> {
  return db.selectFrom('marriageRegistries').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertRegistry(db: Executor, row: RegistryRow): Promise<void> {
  await db.insertInto('marriageRegistries').values(row).execute();
}

export function listRegistriesUnder(
  db: Executor,
  divisionPrefix: string,
  onlyActive: boolean,
): Promise<RegistryRow[]> {
  let q = db.selectFrom('marriageRegistries').selectAll().where('divisionCode', 'like', `${divisionPrefix}%`);
  if (onlyActive) q = q.where('status', '=', 'active');
  return q.orderBy('divisionCode').orderBy('code').execute();
}

export async function insertQualification(db: Executor, row: QualificationRow): Promise<void> {
  await db.insertInto('registrarQualifications').values(row).execute();
}

export function findQualificationById(db: Executor, id: string): Promise<QualificationRow | undefined> {
  return db.selectFrom('registrarQualifications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A qualification of `userId` for `registryId` that is valid on `on` (inclusive period). */
export async function findValidQualification(
  db: Executor,
  userId: string,
  registryId: string,
  on: string,
): Promise<QualificationRow | undefined> {
  return (await validQualification(db, { userId, registryId, on }))[0];
}
const validQualification = prepared<{ userId: string; registryId: string; on: string }, QualificationRow>(
  (db, p) =>
    db
      .selectFrom('registrarQualifications')
      .selectAll()
      .where('userId', '=', p('userId'))
      .where('registryId', '=', p('registryId'))
      .where('status', '=', 'valid')
      .where('validFrom', '<=', p('on'))
      .where('validUntil', '>=', p('on')),
);

export function listQualificationsUnder(db: Executor, divisionPrefix: string) {
  return db
    .selectFrom('registrarQualifications as q')
    .innerJoin('users as u', 'u.id', 'q.userId')
    .innerJoin('marriageRegistries as r', 'r.id', 'q.registryId')
    .selectAll('q')
    .select(['u.username', 'u.displayName', 'r.name as registryName'])
    .where('q.divisionCode', 'like', `${divisionPrefix}%`)
    .orderBy('q.divisionCode')
    .orderBy('u.username')
    .orderBy('q.validFrom')
    .execute();
}

export async function revokeQualificationRow(
  db: Executor,
  id: string,
  at: string,
  reason: string,
): Promise<boolean> {
  const r = await db
    .updateTable('registrarQualifications')
    .set({ status: 'revoked', revokedAt: at, revokedReason: reason })
    .where('id', '=', id)
    .where('status', '=', 'valid')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A registry's name, if the registry exists. */
export function findRegistryName(db: Executor, id: string): Promise<{ name: string } | undefined> {
  return db.selectFrom('marriageRegistries').select('name').where('id', '=', id).executeTakeFirst();
}

/** A registry's name; throws (Kysely's NoResultError) when there is no such registry. */
export function getRegistryName(db: Executor, id: string): Promise<{ name: string }> {
  return db.selectFrom('marriageRegistries').select('name').where('id', '=', id).executeTakeFirstOrThrow();
}

/** Whether any registry exists (the demo seed runs only on a database without one). */
export async function anyRegistryExists(db: Executor): Promise<boolean> {
  return (await db.selectFrom('marriageRegistries').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** The demo registrar accounts (registrar.county/city/province …) the demo seed qualifies. */
export function demoRegistrarAccounts(db: Executor) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('role', '=', 'registrar')
    .where('username', 'like', 'registrar.%')
    .execute();
}
