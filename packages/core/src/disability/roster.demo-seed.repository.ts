/** SQL of the roster concern's demo seed (roster.demo-seed.ts). */
import type { Executor } from '../db/index';

export async function countyHasRoster(db: Executor, countyCode: string): Promise<boolean> {
  const r = await db
    .selectFrom('disabilityRosterMonths')
    .select('id')
    .where('countyCode', '=', countyCode)
    .executeTakeFirst();
  return r !== undefined;
}

export async function countyHasEntitlement(db: Executor, countyCode: string): Promise<boolean> {
  const r = await db
    .selectFrom('disabilityEntitlements')
    .select('id')
    .where('countyCode', '=', countyCode)
    .executeTakeFirst();
  return r !== undefined;
}

export async function activeEntitlementsOfCounty(db: Executor, countyCode: string) {
  return db
    .selectFrom('disabilityEntitlements')
    .select(['id', 'personId', 'subsidy'])
    .where('countyCode', '=', countyCode)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

/** Valid grade 1–2 certificate holders of the county who are alive (the care subsidy's demo recipients). */
export async function severeHoldersOfCounty(db: Executor, countyCode: string, limit: number) {
  return db
    .selectFrom('disabilityCertificates as c')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .select(['c.id as certificateId', 'c.personId'])
    .where('c.divisionCode', '=', countyCode)
    .where('c.status', '=', 'valid')
    .where('c.grade', '<=', 2)
    .where('p.status', '=', 'alive')
    .orderBy('c.number')
    .limit(limit)
    .execute();
}
