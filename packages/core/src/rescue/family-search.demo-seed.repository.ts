/**
 * SQL of the family-search demo seed (family-search.demo-seed.ts): the demo's open cases whose identity
 * is not confirmed, the seed's own marks (notices issued, reports filed, decisions taken under its actor
 * name), the station staff accounts and the stored candidates between two feed entries.
 */
import type { Executor } from '../db/index';
import { OPEN_RESCUE_CASE_STATUSES } from './rescue.table';

export interface FamilyDemoCaseRow {
  id: string;
  caseNo: string;
  stationId: string;
  divisionCode: string;
  nameGiven: string | null;
  sex: 'male' | 'female';
  birthDate: string | null;
  estimatedAge: number | null;
  entryDate: string;
  foundOn: string | null;
  features: string | null;
  clothing: string | null;
  heightCm: number | null;
}

/** Open cases not identified, admitted by `createdBy` (the intake demo seed), oldest first. */
export function openUnidentifiedCasesCreatedBy(
  db: Executor,
  createdBy: string,
): Promise<FamilyDemoCaseRow[]> {
  return db
    .selectFrom('rescueCases')
    .select([
      'id',
      'caseNo',
      'stationId',
      'divisionCode',
      'nameGiven',
      'sex',
      'birthDate',
      'estimatedAge',
      'entryDate',
      'foundOn',
      'features',
      'clothing',
      'heightCm',
    ])
    .where('createdBy', '=', createdBy)
    .where('status', 'in', [...OPEN_RESCUE_CASE_STATUSES])
    .where('identityStatus', '!=', 'identified')
    .orderBy('entryDate')
    .orderBy('caseNo')
    .execute();
}

/** Cases that already have a 寻亲公告 (of any issuer). */
export async function casesWithNotice(db: Executor, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('rescueSearchNotices')
    .select('caseId')
    .where('caseId', 'in', [...caseIds])
    .execute();
  return new Set(rows.map((r) => r.caseId));
}

export async function anyReportCreatedBy(db: Executor, createdBy: string): Promise<boolean> {
  const r = await db
    .selectFrom('missingPersonReports')
    .select('id')
    .where('createdBy', '=', createdBy)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** The seed's reports (filed at the counter under its name) by name, for the decisions. */
export function reportsCreatedBy(
  db: Executor,
  createdBy: string,
): Promise<{ id: string; name: string | null }[]> {
  return db
    .selectFrom('missingPersonReports')
    .select(['id', 'name'])
    .where('createdBy', '=', createdBy)
    .orderBy('createdAt')
    .execute();
}

export async function anyCandidateDecided(db: Executor): Promise<boolean> {
  const r = await db
    .selectFrom('familyCandidates')
    .select('id')
    .where('status', 'in', ['confirmed', 'rejected'])
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** The stored candidates naming an entry, best first. */
export function candidatesOfEntry(
  db: Executor,
  entryId: string,
): Promise<{ id: string; leftEntryId: string; rightEntryId: string; score: number; status: string }[]> {
  return db
    .selectFrom('familyCandidates')
    .select(['id', 'leftEntryId', 'rightEntryId', 'score', 'status'])
    .where((eb) => eb.or([eb('leftEntryId', '=', entryId), eb('rightEntryId', '=', entryId)]))
    .orderBy('score', 'desc')
    .orderBy('id')
    .execute();
}

export interface DemoStaffRow {
  id: string;
  username: string;
  role: string;
  divisionCode: string;
  institutionId: string | null;
}

/** Active rescue staff accounts (the station's and the county's), by username. */
export async function activeRescueStaff(db: Executor): Promise<DemoStaffRow[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'divisionCode', 'institutionId'])
    .where('role', '=', 'rescue_staff')
    .where('status', '=', 'active')
    .orderBy('username')
    .execute();
  return rows.map((r) => ({ ...r, institutionId: r.institutionId ?? null }));
}
