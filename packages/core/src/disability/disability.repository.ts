/** SQL of the disability line's shared records: certificates, applications, entitlements and their events, standards. */
import { newId } from '@social-affairs/kernel';
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/index';
import type {
  DisabilityApplicationsTable,
  DisabilityCertificatesTable,
  DisabilityEntitlementEventsTable,
  DisabilityEntitlementsTable,
  DisabilityStandardsTable,
  EntitlementEventKind,
  Subsidy,
} from './disability.table';

export type DisabilityCertificateRow = Selectable<DisabilityCertificatesTable>;
export type DisabilityApplicationRow = Selectable<DisabilityApplicationsTable>;
export type DisabilityEntitlementRow = Selectable<DisabilityEntitlementsTable>;
export type DisabilityEntitlementEventRow = Selectable<DisabilityEntitlementEventsTable>;
export type DisabilityStandardRow = Selectable<DisabilityStandardsTable>;

export async function findCertificate(
  db: Executor,
  id: string,
): Promise<DisabilityCertificateRow | undefined> {
  return db.selectFrom('disabilityCertificates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCertificateByNumber(
  db: Executor,
  number: string,
): Promise<DisabilityCertificateRow | undefined> {
  return db.selectFrom('disabilityCertificates').selectAll().where('number', '=', number).executeTakeFirst();
}

/** The person's certificates, the valid one first, then the newest. */
export async function certificatesOfPerson(
  db: Executor,
  personId: string,
): Promise<DisabilityCertificateRow[]> {
  const rows = await db
    .selectFrom('disabilityCertificates')
    .selectAll()
    .where('personId', '=', personId)
    .orderBy('updatedAt', 'desc')
    .orderBy('id')
    .execute();
  return rows.sort((a, b) => (a.status === 'valid' ? 0 : 1) - (b.status === 'valid' ? 0 : 1));
}

export async function findApplication(
  db: Executor,
  id: string,
): Promise<DisabilityApplicationRow | undefined> {
  return db.selectFrom('disabilityApplications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findApplicationByNo(
  db: Executor,
  applicationNo: string,
): Promise<DisabilityApplicationRow | undefined> {
  return db
    .selectFrom('disabilityApplications')
    .selectAll()
    .where('applicationNo', '=', applicationNo)
    .executeTakeFirst();
}

/** Reads the application inside a write transaction and bumps its version (writers serialise on the row). */
export async function lockApplication(
  db: Executor,
  id: string,
): Promise<DisabilityApplicationRow | undefined> {
  const bumped = await db
    .updateTable('disabilityApplications')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) === 0) return undefined;
  return findApplication(db, id);
}

export async function findEntitlement(
  db: Executor,
  id: string,
): Promise<DisabilityEntitlementRow | undefined> {
  return db.selectFrom('disabilityEntitlements').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockEntitlement(
  db: Executor,
  id: string,
): Promise<DisabilityEntitlementRow | undefined> {
  const bumped = await db
    .updateTable('disabilityEntitlements')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) === 0) return undefined;
  return findEntitlement(db, id);
}

/** The person's entitlements (every subsidy, stopped ones too), newest first. */
export async function entitlementsOfPerson(
  db: Executor,
  personId: string,
): Promise<DisabilityEntitlementRow[]> {
  return db
    .selectFrom('disabilityEntitlements')
    .selectAll()
    .where('personId', '=', personId)
    .orderBy('fromMonth', 'desc')
    .orderBy('id')
    .execute();
}

/** The open (active or suspended) entitlement of a person for a subsidy, if any. */
export async function openEntitlement(
  db: Executor,
  personId: string,
  subsidy: Subsidy,
): Promise<DisabilityEntitlementRow | undefined> {
  return db
    .selectFrom('disabilityEntitlements')
    .selectAll()
    .where('personId', '=', personId)
    .where('subsidy', '=', subsidy)
    .where('status', '<>', 'stopped')
    .executeTakeFirst();
}

export async function insertEntitlement(
  db: Executor,
  row: Insertable<DisabilityEntitlementsTable>,
): Promise<void> {
  await db.insertInto('disabilityEntitlements').values(row).execute();
}

export async function updateEntitlement(
  db: Executor,
  id: string,
  set: Partial<
    Pick<
      DisabilityEntitlementsTable,
      'status' | 'toMonth' | 'stopReason' | 'stopEventDate' | 'updatedAt' | 'divisionCode'
    >
  >,
): Promise<void> {
  await db.updateTable('disabilityEntitlements').set(set).where('id', '=', id).execute();
}

export async function insertEntitlementEvent(
  db: Executor,
  row: {
    entitlementId: string;
    kind: EntitlementEventKind;
    effectiveMonth: string;
    reasonCode: string | null;
    note: string | null;
    source: string;
    sourceId: string | null;
    actorId: string;
    at: string;
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('disabilityEntitlementEvents')
    .values({ id, ...row })
    .execute();
  return id;
}

export async function eventsOfEntitlement(
  db: Executor,
  entitlementId: string,
): Promise<DisabilityEntitlementEventRow[]> {
  return db
    .selectFrom('disabilityEntitlementEvents')
    .selectAll()
    .where('entitlementId', '=', entitlementId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Active standards of a subsidy and year whose division is a prefix of `divisionCode` (the candidates). */
export async function standardCandidates(
  db: Executor,
  opts: { divisionCode: string; year: number; subsidy: Subsidy },
): Promise<DisabilityStandardRow[]> {
  const prefixes = [2, 4, 6, 9]
    .map((n) => opts.divisionCode.slice(0, n))
    .filter((p, i, a) => a.indexOf(p) === i);
  return db
    .selectFrom('disabilityStandards')
    .selectAll()
    .where('divisionCode', 'in', prefixes)
    .where('year', '=', opts.year)
    .where('subsidy', '=', opts.subsidy)
    .where('status', '=', 'active')
    .execute();
}

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return row !== undefined;
}
