/** SQL of the verification concern's demo seed (synthetic recipients whose registries disagree). */
import { newId } from '@social-affairs/kernel';
import type { Executor } from '../db/index';
import type { CertificateStatus } from './disability.table';

export async function countyCompared(db: Executor, countyCode: string): Promise<boolean> {
  const row = await db
    .selectFrom('disabilityCompareRuns')
    .select('id')
    .where('countyCode', '=', countyCode)
    .executeTakeFirst();
  return row !== undefined;
}

export async function personIdByResidentId(db: Executor, residentId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('people')
    .select('id')
    .where('residentId', '=', residentId)
    .executeTakeFirst();
  return row?.id;
}

export async function insertDemoCertificate(
  db: Executor,
  row: {
    id: string;
    number: string;
    personId: string;
    status: CertificateStatus;
    statusOn: string;
    divisionCode: string;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('disabilityCertificates')
    .values({
      id: row.id,
      number: row.number,
      personId: row.personId,
      category: 4,
      grade: 1,
      issuedOn: '2020-01-01',
      validUntil: '2030-01-01',
      status: row.status,
      statusOn: row.statusOn,
      divisionCode: row.divisionCode,
      source: 'manual',
      importRunId: null,
      createdAt: row.at,
      updatedAt: row.at,
      version: 1,
    })
    .execute();
}

export async function insertDemoMembership(
  db: Executor,
  row: {
    personId: string;
    program: 'dibao' | 'tekun';
    fromDate: string;
    divisionCode: string;
    toDate: string | null;
    rollName: string;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('assistanceMemberships')
    .values({
      id: newId(),
      personId: row.personId,
      program: row.program,
      divisionCode: row.divisionCode,
      fromDate: row.fromDate,
      toDate: row.toDate,
      rollName: row.rollName,
      importRunId: null,
      updatedByRunId: null,
      createdAt: row.at,
      updatedAt: row.at,
    })
    .execute();
}

/** A death already recorded in the people index before this concern looks (the case the roster missed). */
export async function markDemoDeceased(db: Executor, personId: string, deathDate: string): Promise<void> {
  await db.updateTable('people').set({ status: 'deceased', deathDate }).where('id', '=', personId).execute();
}
