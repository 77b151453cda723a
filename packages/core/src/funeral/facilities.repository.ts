/** SQL of the facilities concern: the facility registry, annual inspections and facility applications. */
import type { Insertable, Selectable, SqlBool, Expression, ExpressionBuilder } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Database, Executor } from '../db/index';
import type { FuneralFacilityRow } from './cases.repository';
import type {
  FacilityApplicationKind,
  FuneralFacilityApplicationsTable,
  FuneralFacilityInspectionsTable,
} from './facilities.table';
import type { FuneralFacilitiesTable, FuneralFacilityKind } from './funeral.table';
import { FACILITY_APPROVAL_RULES } from './rules';

export type FacilityInspectionRow = Selectable<FuneralFacilityInspectionsTable>;
export type FacilityApplicationRow = Selectable<FuneralFacilityApplicationsTable>;

export async function insertFacility(db: Executor, row: Insertable<FuneralFacilitiesTable>): Promise<void> {
  await db.insertInto('funeralFacilities').values(row).execute();
}

/** Updates the facility if its version is still `version` (optimistic); false when someone changed it. */
export async function updateFacilityRow(
  db: Executor,
  id: string,
  version: number,
  patch: Partial<Omit<FuneralFacilitiesTable, 'id' | 'version'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('funeralFacilities')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets the status (by an inspection or an approval), bumping the version. */
export async function setFacilityStatus(
  db: Executor,
  id: string,
  status: FuneralFacilitiesTable['status'],
  at: string,
): Promise<void> {
  await db
    .updateTable('funeralFacilities')
    .set((eb) => ({ status, updatedAt: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function applyFacilityPatch(
  db: Executor,
  id: string,
  patch: Partial<Omit<FuneralFacilitiesTable, 'id' | 'version'>>,
): Promise<void> {
  await db
    .updateTable('funeralFacilities')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function facilityIdByName(db: Executor, name: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('funeralFacilities')
    .select('id')
    .where('name', '=', name)
    .orderBy('createdAt')
    .executeTakeFirst();
  return r?.id;
}

/** SQL for "the approval chain is valid" (R-FUN-05), the same reading as `facilityApproval`. */
export function validChainSql(eb: ExpressionBuilder<Database, 'funeralFacilities'>): Expression<SqlBool> {
  return eb.or(
    (Object.keys(FACILITY_APPROVAL_RULES) as FuneralFacilityKind[]).map((kind) => {
      const rule = FACILITY_APPROVAL_RULES[kind];
      const parts: Expression<SqlBool>[] = [
        eb('funeralFacilities.kind', '=', kind),
        eb('funeralFacilities.approvedByLevel', 'in', [...rule.approvers]),
      ];
      if (rule.reviewers.length > 0) {
        parts.push(eb('funeralFacilities.reviewedByLevel', 'in', [...rule.reviewers]));
      }
      return eb.and(parts);
    }),
  );
}

export interface FacilityListFilter {
  scope: ScopeFilter;
  kinds?: FuneralFacilityKind[];
  status?: FuneralFacilitiesTable['status'];
  validity?: 'valid' | 'invalid';
  usable?: boolean;
  q?: string;
  sort?: { field: string; desc: boolean };
}

export type FacilityListRow = FuneralFacilityRow & {
  lastInspectionYear: number | null;
  lastInspectionResult: 'pass' | 'rectify' | 'fail' | null;
  pendingApplication: FacilityApplicationKind | null;
};

function filteredFacilities(db: Executor, f: FacilityListFilter) {
  let q = db.selectFrom('funeralFacilities').where((eb) =>
    whereInScope(eb, f.scope, {
      division: 'funeralFacilities.divisionCode',
      institution: 'funeralFacilities.id',
    }),
  );
  if (f.kinds && f.kinds.length > 0) q = q.where('funeralFacilities.kind', 'in', f.kinds);
  if (f.status) q = q.where('funeralFacilities.status', '=', f.status);
  if (f.validity === 'valid') q = q.where((eb) => validChainSql(eb));
  if (f.validity === 'invalid') q = q.where((eb) => eb.not(validChainSql(eb)));
  if (f.usable) q = q.where('funeralFacilities.status', '=', 'active').where((eb) => validChainSql(eb));
  if (f.q) q = q.where('funeralFacilities.name', 'like', `%${f.q}%`);
  return q;
}

export async function facilityPage(
  db: Executor,
  f: FacilityListFilter,
  limit: number,
  offset: number,
  withTotal = true,
): Promise<{ rows: FacilityListRow[]; total: number }> {
  let q = filteredFacilities(db, f).selectAll('funeralFacilities');
  const dir = f.sort?.desc ? 'desc' : 'asc';
  switch (f.sort?.field) {
    case 'name':
      q = q.orderBy('funeralFacilities.name', dir);
      break;
    case 'divisionCode':
      q = q.orderBy('funeralFacilities.divisionCode', dir);
      break;
    case 'kind':
      q = q.orderBy('funeralFacilities.kind', dir);
      break;
    case 'capacity':
      q = q.orderBy('funeralFacilities.capacity', dir);
      break;
    case 'approvedOn':
      q = q.orderBy('funeralFacilities.approvedOn', dir);
      break;
    default:
      q = q.orderBy('funeralFacilities.divisionCode').orderBy('funeralFacilities.kind');
  }
  const rows = await q
    .orderBy('funeralFacilities.name')
    .orderBy('funeralFacilities.id')
    .limit(limit)
    .offset(offset)
    .execute();
  let total = rows.length + offset;
  if (withTotal) {
    const c = await filteredFacilities(db, f)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    total = Number(c.n);
  }
  return { rows: await withFacilityExtras(db, rows), total };
}

/** Adds the latest effective inspection and any pending application to each facility row. */
export async function withFacilityExtras(
  db: Executor,
  rows: FuneralFacilityRow[],
): Promise<FacilityListRow[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const insp = await db
    .selectFrom('funeralFacilityInspections')
    .select(['facilityId', 'year', 'round', 'result'])
    .where('facilityId', 'in', ids)
    .where('status', '=', 'effective')
    .orderBy('year')
    .orderBy('round')
    .execute();
  const last = new Map<string, { year: number; result: 'pass' | 'rectify' | 'fail' }>();
  for (const i of insp) last.set(i.facilityId, { year: Number(i.year), result: i.result });
  const apps = await db
    .selectFrom('funeralFacilityApplications')
    .select(['facilityId', 'kind'])
    .where('facilityId', 'in', ids)
    .where('status', '=', 'pending')
    .execute();
  const pending = new Map(apps.map((a) => [a.facilityId, a.kind]));
  return rows.map((r) => ({
    ...r,
    capacity: Number(r.capacity),
    version: Number(r.version),
    governmentInvested: Number(r.governmentInvested),
    lastInspectionYear: last.get(r.id)?.year ?? null,
    lastInspectionResult: last.get(r.id)?.result ?? null,
    pendingApplication: pending.get(r.id) ?? null,
  }));
}

// ----- inspections -----

export async function insertInspection(
  db: Executor,
  row: Insertable<FuneralFacilityInspectionsTable>,
): Promise<void> {
  await db.insertInto('funeralFacilityInspections').values(row).execute();
}

export async function inspectionsOfYear(
  db: Executor,
  facilityId: string,
  year: number,
): Promise<FacilityInspectionRow[]> {
  return db
    .selectFrom('funeralFacilityInspections')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .where('year', '=', year)
    .orderBy('round')
    .execute();
}

export async function inspectionsOfFacility(
  db: Executor,
  facilityId: string,
): Promise<FacilityInspectionRow[]> {
  return db
    .selectFrom('funeralFacilityInspections')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .orderBy('year', 'desc')
    .orderBy('round', 'desc')
    .execute();
}

export async function findInspection(db: Executor, id: string): Promise<FacilityInspectionRow | undefined> {
  return db.selectFrom('funeralFacilityInspections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function inspectionByApproval(
  db: Executor,
  approvalId: string,
): Promise<FacilityInspectionRow | undefined> {
  return db
    .selectFrom('funeralFacilityInspections')
    .selectAll()
    .where('approvalId', '=', approvalId)
    .executeTakeFirst();
}

export async function setInspectionApproval(db: Executor, id: string, approvalId: string): Promise<void> {
  await db.updateTable('funeralFacilityInspections').set({ approvalId }).where('id', '=', id).execute();
}

/** Decides a pending inspection; false when it was no longer pending (replayed event). */
export async function decideInspection(
  db: Executor,
  id: string,
  status: 'effective' | 'rejected',
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('funeralFacilityInspections')
    .set({ status, decidedAt: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface InspectionListFilter {
  scope: ScopeFilter;
  facilityId?: string;
  year?: number;
  result?: 'pass' | 'rectify' | 'fail';
  status?: 'effective' | 'pending' | 'rejected';
  sort?: { field: string; desc: boolean };
}

export type InspectionListRow = FacilityInspectionRow & {
  facilityName: string;
  facilityKind: FuneralFacilityKind;
};

function filteredInspections(db: Executor, f: InspectionListFilter) {
  let q = db
    .selectFrom('funeralFacilityInspections as i')
    .innerJoin('funeralFacilities as f', 'f.id', 'i.facilityId')
    .where((eb) => whereInScope(eb, f.scope, { division: 'f.divisionCode', institution: 'f.id' }));
  if (f.facilityId) q = q.where('i.facilityId', '=', f.facilityId);
  if (f.year) q = q.where('i.year', '=', f.year);
  if (f.result) q = q.where('i.result', '=', f.result);
  if (f.status) q = q.where('i.status', '=', f.status);
  return q;
}

export async function inspectionPage(
  db: Executor,
  f: InspectionListFilter,
  limit: number,
  offset: number,
  withTotal = true,
): Promise<{ rows: InspectionListRow[]; total: number }> {
  let q = filteredInspections(db, f)
    .selectAll('i')
    .select(['f.name as facilityName', 'f.kind as facilityKind']);
  const dir = f.sort?.desc ? 'desc' : 'asc';
  if (f.sort?.field === 'facilityName') q = q.orderBy('f.name', dir);
  else if (f.sort?.field === 'result') q = q.orderBy('i.result', dir);
  else if (f.sort?.field === 'year') q = q.orderBy('i.year', dir);
  else if (f.sort?.field === 'inspectedOn') q = q.orderBy('i.inspectedOn', dir);
  else q = q.orderBy('i.inspectedOn', 'desc');
  const rows = await q.orderBy('i.id').limit(limit).offset(offset).execute();
  let total = rows.length + offset;
  if (withTotal) {
    const c = await filteredInspections(db, f)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    total = Number(c.n);
  }
  return { rows, total };
}

/** Facilities in scope (not closed) with no effective or pending inspection of `year`. */
export async function facilitiesWithoutInspection(
  db: Executor,
  scope: ScopeFilter,
  year: number,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('funeralFacilities')
    .select(['funeralFacilities.id', 'funeralFacilities.name'])
    .where((eb) =>
      whereInScope(eb, scope, {
        division: 'funeralFacilities.divisionCode',
        institution: 'funeralFacilities.id',
      }),
    )
    .where('funeralFacilities.status', '!=', 'closed')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('funeralFacilityInspections as i')
            .select('i.id')
            .whereRef('i.facilityId', '=', 'funeralFacilities.id')
            .where('i.year', '=', year)
            .where('i.status', 'in', ['effective', 'pending']),
        ),
      ),
    )
    .execute();
}

/**
 * Effective `rectify` results whose deadline is before `today` and no later inspection round followed
 * (rectification overdue).
 */
export async function overdueRectifications(
  db: Executor,
  scope: ScopeFilter,
  today: string,
): Promise<{ id: string; facilityId: string; rectifyBy: string }[]> {
  const rows = await db
    .selectFrom('funeralFacilityInspections as i')
    .innerJoin('funeralFacilities as f', 'f.id', 'i.facilityId')
    .select(['i.id', 'i.facilityId', 'i.rectifyBy'])
    .where((eb) => whereInScope(eb, scope, { division: 'f.divisionCode', institution: 'f.id' }))
    .where('i.result', '=', 'rectify')
    .where('i.status', '=', 'effective')
    .where('i.rectifyBy', '<', today)
    .where('f.status', '!=', 'closed')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('funeralFacilityInspections as j')
            .select('j.id')
            .whereRef('j.facilityId', '=', 'i.facilityId')
            .where('j.status', 'in', ['effective', 'pending'])
            .where((e2) =>
              e2.or([
                e2('j.year', '>', e2.ref('i.year')),
                e2.and([e2('j.year', '=', e2.ref('i.year')), e2('j.round', '>', e2.ref('i.round'))]),
              ]),
            ),
        ),
      ),
    )
    .execute();
  return rows.map((r) => ({ id: r.id, facilityId: r.facilityId, rectifyBy: r.rectifyBy ?? '' }));
}

// ----- applications -----

export async function insertApplication(
  db: Executor,
  row: Insertable<FuneralFacilityApplicationsTable>,
): Promise<void> {
  await db.insertInto('funeralFacilityApplications').values(row).execute();
}

export async function setApplicationApproval(db: Executor, id: string, approvalId: string): Promise<void> {
  await db.updateTable('funeralFacilityApplications').set({ approvalId }).where('id', '=', id).execute();
}

export async function applicationsOfFacility(
  db: Executor,
  facilityId: string,
): Promise<FacilityApplicationRow[]> {
  return db
    .selectFrom('funeralFacilityApplications')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .orderBy('submittedAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function pendingApplicationOf(
  db: Executor,
  facilityId: string,
): Promise<FacilityApplicationRow | undefined> {
  return db
    .selectFrom('funeralFacilityApplications')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export async function applicationByApproval(
  db: Executor,
  approvalId: string,
): Promise<FacilityApplicationRow | undefined> {
  return db
    .selectFrom('funeralFacilityApplications')
    .selectAll()
    .where('approvalId', '=', approvalId)
    .executeTakeFirst();
}

export async function decideApplication(
  db: Executor,
  id: string,
  d: { status: 'approved' | 'rejected' | 'withdrawn'; decidedAt: string; decisionReason: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('funeralFacilityApplications')
    .set(d)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Whether the facility has an application not approved that keeps it from business (filing / construction). */
export async function hasOpenAdmission(db: Executor, facilityId: string): Promise<boolean> {
  const rows = await db
    .selectFrom('funeralFacilityApplications')
    .select(['status', 'kind'])
    .where('facilityId', '=', facilityId)
    .where('kind', 'in', ['filing', 'construction'])
    .orderBy('submittedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .execute();
  return rows.length > 0 && rows[0]!.status !== 'approved';
}

/** Facility ids of applications and inspections (approvals inbox links). */
export async function facilityIdsOfApplications(
  db: Executor,
  ids: readonly string[],
): Promise<{ id: string; facilityId: string }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('funeralFacilityApplications')
    .select(['id', 'facilityId'])
    .where('id', 'in', [...ids])
    .execute();
}

export async function facilityIdsOfInspections(
  db: Executor,
  ids: readonly string[],
): Promise<{ id: string; facilityId: string }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('funeralFacilityInspections')
    .select(['id', 'facilityId'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Whether an account name is taken (the demo seed's account). */
export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const r = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return r !== undefined;
}

/** The status of an approval instance (a withdrawn instance sends no event: its application is closed on the next submission). */
export async function approvalStatusOf(db: Executor, approvalId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('approvalInstances')
    .select('status')
    .where('id', '=', approvalId)
    .executeTakeFirst();
  return r?.status;
}
