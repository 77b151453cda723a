/**
 * SQL of the rescue demo activity seed (rescue.demo-activity.ts): the marker that the activity is in place,
 * the cases the intake demo seed admitted, the agreements a placement may use and the demo accounts.
 */
import type { Executor } from '../db/index';

/** Whether the activity seed has run (it records its services log under its own actor name). */
export async function anyServiceRecordedBy(db: Executor, createdBy: string): Promise<boolean> {
  const row = await db
    .selectFrom('rescueServices')
    .select('id')
    .where('createdBy', '=', createdBy)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface DemoCaseRow {
  id: string;
  stationId: string;
  divisionCode: string;
  identityStatus: string;
  nameGiven: string | null;
  sex: string;
  birthDate: string | null;
  estimatedAge: number | null;
  enteredAt: string;
  entryDate: string;
  mentalSigns: number;
  civilCapacity: string;
  status: string;
  foundPlace: string | null;
}

/** The open cases written by the intake demo seed, oldest entry first. */
export function openCasesCreatedBy(db: Executor, createdBy: string): Promise<DemoCaseRow[]> {
  return db
    .selectFrom('rescueCases')
    .select([
      'id',
      'stationId',
      'divisionCode',
      'identityStatus',
      'nameGiven',
      'sex',
      'birthDate',
      'estimatedAge',
      'enteredAt',
      'entryDate',
      'mentalSigns',
      'civilCapacity',
      'status',
      'foundPlace',
    ])
    .where('createdBy', '=', createdBy)
    .where('closedAt', 'is', null)
    .orderBy('enteredAt')
    .orderBy('id')
    .execute();
}

export interface DemoAgreementRow {
  stationId: string;
  partnerId: string;
  partnerName: string;
  kind: 'foster' | 'hospital';
  validFrom: string;
  validUntil: string;
}

/** Active agreements with qualified, active partners (the ones a new placement may use). */
export function qualifiedAgreements(db: Executor): Promise<DemoAgreementRow[]> {
  return db
    .selectFrom('rescueAgreements as a')
    .innerJoin('rescuePartners as p', 'p.id', 'a.partnerId')
    .select(['a.stationId', 'a.partnerId', 'p.name as partnerName', 'p.kind', 'a.validFrom', 'a.validUntil'])
    .where('a.status', '=', 'active')
    .where('p.status', '=', 'active')
    .where('p.qualification', '=', 'qualified')
    .orderBy('a.agreementNo')
    .execute();
}

export interface DemoAccountRow {
  id: string;
  username: string;
  role: string;
  divisionCode: string;
  institutionId: string | null;
}

/** The active accounts of some roles (the demo's rescue staff and county reviewers), by username. */
export async function activeAccountsOf(db: Executor, roles: readonly string[]): Promise<DemoAccountRow[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'divisionCode', 'institutionId'])
    .where('role', 'in', [...roles])
    .where('status', '=', 'active')
    .orderBy('username')
    .execute();
  return rows.map((r) => ({ ...r, institutionId: r.institutionId ?? null }));
}
