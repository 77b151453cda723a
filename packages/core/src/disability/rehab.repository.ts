/** SQL of the rehabilitation concern: institution profiles, enrolments and sessions, patients at home. */
import type { Selectable, Updateable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { SortSpec } from '@social-affairs/kernel/contracts';
import type {
  DisabilityHomePatientsTable,
  DisabilityRehabEnrolmentsTable,
  DisabilityRehabInstitutionsTable,
  DisabilityRehabSessionsTable,
} from './rehab.table';

export type RehabInstitutionRow = Selectable<DisabilityRehabInstitutionsTable>;
export type RehabEnrolmentRow = Selectable<DisabilityRehabEnrolmentsTable>;
export type RehabSessionRow = Selectable<DisabilityRehabSessionsTable>;
export type HomePatientsRow = Selectable<DisabilityHomePatientsTable>;

export interface PersonBrief {
  id: string;
  name: string;
  residentId: string | null;
  divisionCode: string;
  status: 'alive' | 'deceased';
}

export async function findPersonBrief(db: Executor, id: string): Promise<PersonBrief | undefined> {
  return db
    .selectFrom('people')
    .select(['id', 'name', 'residentId', 'divisionCode', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function personBriefs(db: Executor, ids: readonly string[]): Promise<Map<string, PersonBrief>> {
  const out = new Map<string, PersonBrief>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('people')
    .select(['id', 'name', 'residentId', 'divisionCode', 'status'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) out.set(r.id, r);
  return out;
}

/** The person's valid certificates of a category (6 = mental) on a day. */
export async function validCertificateOf(
  db: Executor,
  personId: string,
  on: string,
  category?: number,
): Promise<{ id: string } | undefined> {
  let q = db
    .selectFrom('disabilityCertificates')
    .select('id')
    .where('personId', '=', personId)
    .where('status', '=', 'valid')
    .where((eb) => eb.or([eb('validUntil', 'is', null), eb('validUntil', '>=', on)]));
  if (category !== undefined) q = q.where('category', '=', category);
  return q.orderBy('id').executeTakeFirst();
}

// ----- institutions -----

export async function insertRehabInstitution(db: Executor, row: RehabInstitutionRow): Promise<void> {
  await db.insertInto('disabilityRehabInstitutions').values(row).execute();
}

export async function findRehabInstitution(
  db: Executor,
  id: string,
): Promise<RehabInstitutionRow | undefined> {
  return db.selectFrom('disabilityRehabInstitutions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function institutionByPilotFund(
  db: Executor,
  fundRef: string,
): Promise<RehabInstitutionRow | undefined> {
  return db
    .selectFrom('disabilityRehabInstitutions')
    .selectAll()
    .where('pilotFundRef', '=', fundRef)
    .executeTakeFirst();
}

export async function updateRehabInstitutionIfVersion(
  db: Executor,
  id: string,
  version: number,
  set: Updateable<DisabilityRehabInstitutionsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('disabilityRehabInstitutions')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The platform institution's status follows the profile's. */
export async function setInstitutionStatus(
  db: Executor,
  id: string,
  status: 'active' | 'closed',
  name: string,
  at: string,
): Promise<void> {
  await db.updateTable('institutions').set({ status, name, updatedAt: at }).where('id', '=', id).execute();
}

export interface InstitutionFilter {
  scope: ScopeFilter;
  kind?: string;
  status?: string;
  q?: string;
  sort?: SortSpec | undefined;
}

export async function rehabInstitutionPage(
  db: Executor,
  f: InstitutionFilter,
  limit: number,
  offset: number,
): Promise<{ rows: RehabInstitutionRow[]; total: number }> {
  const base = () => {
    let q = db
      .selectFrom('disabilityRehabInstitutions')
      .where((eb) => whereInScope(eb, f.scope, { division: 'divisionCode', institution: 'id' }));
    if (f.kind) q = q.where('kind', '=', f.kind as RehabInstitutionRow['kind']);
    if (f.status) q = q.where('status', '=', f.status as RehabInstitutionRow['status']);
    if (f.q) q = q.where('name', 'like', `%${f.q}%`);
    return q;
  };
  let q = base().selectAll();
  const dir = f.sort?.desc ? 'desc' : 'asc';
  if (f.sort?.field === 'name') q = q.orderBy('name', dir);
  else if (f.sort?.field === 'capacity') q = q.orderBy('capacity', dir);
  else q = q.orderBy('divisionCode', dir);
  const rows = await q.orderBy('name').orderBy('id').limit(limit).offset(offset).execute();
  const c = await base()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(c.n) };
}

/** Active institutions of the counties under a prefix (a city or the province), for the coverage. */
export async function activeInstitutionsUnder(db: Executor, prefix: string): Promise<RehabInstitutionRow[]> {
  return db
    .selectFrom('disabilityRehabInstitutions')
    .selectAll()
    .where('countyCode', 'like', `${prefix}%`)
    .where('status', '=', 'active')
    .execute();
}

export async function enrolledCounts(db: Executor, ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('disabilityRehabEnrolments')
    .select(['institutionId', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('institutionId', 'in', ids)
    .where('status', '=', 'enrolled')
    .groupBy('institutionId')
    .execute();
  for (const r of rows) out.set(r.institutionId, Number(r.n));
  return out;
}

// ----- enrolments -----

export async function insertEnrolment(db: Executor, row: RehabEnrolmentRow): Promise<void> {
  await db.insertInto('disabilityRehabEnrolments').values(row).execute();
}

export async function findEnrolment(db: Executor, id: string): Promise<RehabEnrolmentRow | undefined> {
  return db.selectFrom('disabilityRehabEnrolments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function openEnrolment(
  db: Executor,
  institutionId: string,
  personId: string,
): Promise<RehabEnrolmentRow | undefined> {
  return db
    .selectFrom('disabilityRehabEnrolments')
    .selectAll()
    .where('institutionId', '=', institutionId)
    .where('personId', '=', personId)
    .where('status', '=', 'enrolled')
    .executeTakeFirst();
}

export async function updateEnrolment(
  db: Executor,
  id: string,
  set: Updateable<DisabilityRehabEnrolmentsTable>,
): Promise<void> {
  await db.updateTable('disabilityRehabEnrolments').set(set).where('id', '=', id).execute();
}

export async function insertSession(db: Executor, row: RehabSessionRow): Promise<void> {
  await db.insertInto('disabilityRehabSessions').values(row).execute();
}

export async function sessionsOf(db: Executor, enrolmentId: string): Promise<RehabSessionRow[]> {
  return db
    .selectFrom('disabilityRehabSessions')
    .selectAll()
    .where('enrolmentId', '=', enrolmentId)
    .orderBy('heldOn', 'desc')
    .orderBy('id')
    .execute();
}

export interface EnrolmentFilter {
  scope: ScopeFilter;
  id?: string;
  institutionId?: string;
  basis?: string;
  status?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: SortSpec | undefined;
}

export type EnrolmentListRow = RehabEnrolmentRow & {
  institutionName: string;
  personName: string;
  residentId: string | null;
  sessions: number;
  lastSessionOn: string | null;
};

export async function enrolmentPage(
  db: Executor,
  f: EnrolmentFilter,
  limit: number,
  offset: number,
  withTotal = true,
): Promise<{ rows: EnrolmentListRow[]; total: number }> {
  const base = () => {
    let q = db
      .selectFrom('disabilityRehabEnrolments as e')
      .innerJoin('disabilityRehabInstitutions as i', 'i.id', 'e.institutionId')
      .innerJoin('people as p', 'p.id', 'e.personId')
      .where((eb) =>
        whereInScope(eb, f.scope, { division: 'e.divisionCode', institution: 'e.institutionId' }),
      );
    if (f.id) q = q.where('e.id', '=', f.id);
    if (f.institutionId) q = q.where('e.institutionId', '=', f.institutionId);
    if (f.basis) q = q.where('e.basis', '=', f.basis as RehabEnrolmentRow['basis']);
    if (f.status) q = q.where('e.status', '=', f.status as RehabEnrolmentRow['status']);
    if (f.from) q = q.where('e.enrolledOn', '>=', f.from);
    if (f.to) q = q.where('e.enrolledOn', '<=', f.to);
    if (f.q) q = q.where('p.name', 'like', `%${f.q}%`);
    return q;
  };
  let q = base()
    .selectAll('e')
    .select(['i.name as institutionName', 'p.name as personName', 'p.residentId'])
    .select((eb) => [
      eb
        .selectFrom('disabilityRehabSessions as s')
        .select((e2) => e2.fn.countAll<string | number>().as('n'))
        .whereRef('s.enrolmentId', '=', 'e.id')
        .as('sessions'),
      eb
        .selectFrom('disabilityRehabSessions as s')
        .select((e2) => e2.fn.max('s.heldOn').as('m'))
        .whereRef('s.enrolmentId', '=', 'e.id')
        .as('lastSessionOn'),
    ]);
  const dir = f.sort?.desc ? 'desc' : 'asc';
  if (f.sort?.field === 'divisionCode') q = q.orderBy('e.divisionCode', dir);
  else if (f.sort?.field === 'lastSessionOn') q = q.orderBy('lastSessionOn', dir);
  else q = q.orderBy('e.enrolledOn', f.sort ? dir : 'desc');
  const rows = await q.orderBy('e.id').limit(limit).offset(offset).execute();
  let total = rows.length + offset;
  if (withTotal) {
    const c = await base()
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    total = Number(c.n);
  }
  return {
    rows: rows.map((r) => ({
      ...r,
      sessions: Number(r.sessions ?? 0),
      lastSessionOn: r.lastSessionOn ?? null,
    })),
    total,
  };
}

/**
 * Distinct people living at home (basis `home_patient`) served in the year, per county: enrolled on or
 * before the year's last day and not discharged before its first.
 */
export async function servedHomePatients(
  db: Executor,
  countyPrefix: string,
  year: number,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('disabilityRehabEnrolments')
    .select(['countyCode', (eb) => eb.fn.count<string | number>('personId').distinct().as('n')])
    .where('countyCode', 'like', `${countyPrefix}%`)
    .where('basis', '=', 'home_patient')
    .where('enrolledOn', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('dischargedOn', 'is', null), eb('dischargedOn', '>=', `${year}-01-01`)]))
    .groupBy('countyCode')
    .execute();
  return new Map(rows.map((r) => [r.countyCode, Number(r.n)]));
}

// ----- patients at home -----

export async function findHomePatients(
  db: Executor,
  countyCode: string,
  year: number,
): Promise<HomePatientsRow | undefined> {
  return db
    .selectFrom('disabilityHomePatients')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('year', '=', year)
    .executeTakeFirst();
}

export async function insertHomePatients(db: Executor, row: HomePatientsRow): Promise<void> {
  await db.insertInto('disabilityHomePatients').values(row).execute();
}

export async function updateHomePatients(
  db: Executor,
  id: string,
  set: Updateable<DisabilityHomePatientsTable>,
): Promise<void> {
  await db.updateTable('disabilityHomePatients').set(set).where('id', '=', id).execute();
}

export async function homePatientsUnder(
  db: Executor,
  prefix: string,
  year?: number,
): Promise<HomePatientsRow[]> {
  let q = db.selectFrom('disabilityHomePatients').selectAll().where('countyCode', 'like', `${prefix}%`);
  if (year !== undefined) q = q.where('year', '=', year);
  return q.orderBy('year', 'desc').orderBy('countyCode').limit(2000).execute();
}

/** A person of the people index by resident id (demo seed: idempotent people). */
export async function personIdByResidentId(db: Executor, residentId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('people')
    .select('id')
    .where('residentId', '=', residentId)
    .executeTakeFirst();
  return r?.id;
}

/** Whether any rehabilitation institution exists (the demo seed runs once). */
export async function anyRehabInstitution(db: Executor): Promise<boolean> {
  return (
    (await db.selectFrom('disabilityRehabInstitutions').select('id').limit(1).executeTakeFirst()) !==
    undefined
  );
}
