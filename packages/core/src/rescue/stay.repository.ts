/** SQL of the stay concern (services, extensions, placements, visits, minors, funds). */
import { sql, type Insertable, type Selectable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type {
  RescueFundItemsTable,
  RescueGuardianshipAssessmentsTable,
  RescueMinorEducationTable,
  RescuePlacementsTable,
  RescueServicesTable,
  RescueStayExtensionsTable,
  RescueVisitsTable,
} from './stay.table';

export type RescueServiceRow = Selectable<RescueServicesTable>;
export type RescueExtensionRow = Selectable<RescueStayExtensionsTable>;
export type RescuePlacementRow = Selectable<RescuePlacementsTable>;
export type RescueVisitRow = Selectable<RescueVisitsTable>;
export type RescueMinorEducationRow = Selectable<RescueMinorEducationTable>;
export type RescueGuardianshipRow = Selectable<RescueGuardianshipAssessmentsTable>;
export type RescueFundItemRow = Selectable<RescueFundItemsTable>;

// ----- services -----
export async function insertService(db: Executor, row: Insertable<RescueServicesTable>): Promise<void> {
  await db.insertInto('rescueServices').values(row).execute();
}
export function servicesOfCase(db: Executor, caseId: string): Promise<RescueServiceRow[]> {
  return db
    .selectFrom('rescueServices')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('serviceDate', 'desc')
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

// ----- extensions -----
export async function insertExtension(
  db: Executor,
  row: Insertable<RescueStayExtensionsTable>,
): Promise<void> {
  await db.insertInto('rescueStayExtensions').values(row).execute();
}
export function extensionsOfCase(db: Executor, caseId: string): Promise<RescueExtensionRow[]> {
  return db
    .selectFrom('rescueStayExtensions')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
export function findExtension(db: Executor, id: string): Promise<RescueExtensionRow | undefined> {
  return db.selectFrom('rescueStayExtensions').selectAll().where('id', '=', id).executeTakeFirst();
}
export function findExtensionByApproval(
  db: Executor,
  approvalId: string,
): Promise<RescueExtensionRow | undefined> {
  return db
    .selectFrom('rescueStayExtensions')
    .selectAll()
    .where('approvalId', '=', approvalId)
    .executeTakeFirst();
}
export async function setExtensionApproval(db: Executor, id: string, approvalId: string): Promise<void> {
  await db.updateTable('rescueStayExtensions').set({ approvalId }).where('id', '=', id).execute();
}
/**
 * Pending extensions of a case whose approval was withdrawn through the approval engine (which emits no
 * event for a withdrawal): marked withdrawn, so a new request can be made. Returns how many.
 */
export async function settleWithdrawnExtensions(db: Executor, caseId: string, at: string): Promise<number> {
  const r = await db
    .updateTable('rescueStayExtensions')
    .set({ status: 'withdrawn', decidedAt: at, updatedAt: at })
    .where('caseId', '=', caseId)
    .where('status', '=', 'pending')
    .where('approvalId', 'in', (eb) =>
      eb.selectFrom('approvalInstances').select('id').where('status', '=', 'withdrawn'),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
/** Moves a pending extension to its outcome; false when it was no longer pending. */
export async function decideExtension(
  db: Executor,
  id: string,
  change: { status: 'approved' | 'rejected' | 'withdrawn'; decidedAt: string; decisionReason: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('rescueStayExtensions')
    .set({ ...change, updatedAt: change.decidedAt })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
/** The latest approved new end date of a case's stay, or null (R-RES-05). */
export async function approvedExtensionUntil(db: Executor, caseId: string): Promise<string | null> {
  const r = await db
    .selectFrom('rescueStayExtensions')
    .select((eb) => eb.fn.max('requestedUntil').as('until'))
    .where('caseId', '=', caseId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return (r?.until as string | null | undefined) ?? null;
}
/** Approved extension end dates of several cases at once. */
export async function approvedExtensionsOf(
  db: Executor,
  caseIds: readonly string[],
): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('rescueStayExtensions')
    .select(['caseId'])
    .select((eb) => eb.fn.max('requestedUntil').as('until'))
    .where('caseId', 'in', caseIds)
    .where('status', '=', 'approved')
    .groupBy('caseId')
    .execute();
  return new Map(rows.map((r) => [r.caseId, r.until]));
}

// ----- placements -----
export interface AgreementCheckRow {
  id: string;
  agreementNo: string;
  stationId: string;
  partnerId: string;
  status: string;
  validFrom: string;
  validUntil: string;
  places: number;
  partnerKind: string;
  partnerName: string;
  partnerStatus: string;
  qualification: string;
}
export function findAgreementWithPartner(
  db: Executor,
  agreementId: string,
): Promise<AgreementCheckRow | undefined> {
  return db
    .selectFrom('rescueAgreements as a')
    .innerJoin('rescuePartners as p', 'p.id', 'a.partnerId')
    .select([
      'a.id',
      'a.agreementNo',
      'a.stationId',
      'a.partnerId',
      'a.status',
      'a.validFrom',
      'a.validUntil',
      'a.places',
      'p.kind as partnerKind',
      'p.name as partnerName',
      'p.status as partnerStatus',
      'p.qualification',
    ])
    .where('a.id', '=', agreementId)
    .executeTakeFirst();
}
export async function activePlacementsOnAgreement(db: Executor, agreementId: string): Promise<number> {
  const r = await db
    .selectFrom('rescuePlacements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agreementId', '=', agreementId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
/** Agreements of a station usable for a placement today (for the form's picker). */
export function placeableAgreements(db: Executor, stationId: string, day: string) {
  return db
    .selectFrom('rescueAgreements as a')
    .innerJoin('rescuePartners as p', 'p.id', 'a.partnerId')
    .select([
      'a.id',
      'a.agreementNo',
      'a.partnerId',
      'a.validFrom',
      'a.validUntil',
      'a.places',
      'p.kind as partnerKind',
      'p.name as partnerName',
      'p.ownership',
      'p.qualification',
    ])
    .select((eb) =>
      eb
        .selectFrom('rescuePlacements as pl')
        .select((e2) => e2.fn.countAll<number>().as('n'))
        .whereRef('pl.agreementId', '=', 'a.id')
        .where('pl.status', '=', 'active')
        .as('placed'),
    )
    .where('a.stationId', '=', stationId)
    .where('a.status', '=', 'active')
    .where('a.validFrom', '<=', day)
    .where('a.validUntil', '>=', day)
    .where('p.status', '=', 'active')
    .orderBy('p.name')
    .orderBy('a.id')
    .execute();
}
export async function insertPlacement(db: Executor, row: Insertable<RescuePlacementsTable>): Promise<void> {
  await db.insertInto('rescuePlacements').values(row).execute();
}
export function findPlacement(db: Executor, id: string): Promise<RescuePlacementRow | undefined> {
  return db.selectFrom('rescuePlacements').selectAll().where('id', '=', id).executeTakeFirst();
}
export function activePlacementOfCase(db: Executor, caseId: string): Promise<RescuePlacementRow | undefined> {
  return db
    .selectFrom('rescuePlacements')
    .selectAll()
    .where('caseId', '=', caseId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}
export function placementsOfCase(db: Executor, caseId: string) {
  return placementQuery(db)
    .where('pl.caseId', '=', caseId)
    .orderBy('pl.startedOn', 'desc')
    .orderBy('pl.id', 'desc')
    .execute();
}
export async function endPlacementRow(
  db: Executor,
  id: string,
  change: { endedOn: string; endReason: string; updatedAt: string },
): Promise<boolean> {
  const r = await db
    .updateTable('rescuePlacements')
    .set({ ...change, status: 'ended' })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export async function setCaseStatus(
  db: Executor,
  caseId: string,
  status: 'in_station' | 'placed' | 'in_hospital',
  at: string,
): Promise<void> {
  await db.updateTable('rescueCases').set({ status, updatedAt: at }).where('id', '=', caseId).execute();
}

const lastVisitSub = (db: Executor) =>
  db
    .selectFrom('rescueVisits')
    .select(['placementId'])
    .select((eb) => eb.fn.max('visitDate').as('lastVisitOn'))
    .groupBy('placementId')
    .as('lv');

/** Placements with their case, partner, agreement, station and last visit. */
export function placementQuery(db: Executor) {
  return db
    .selectFrom('rescuePlacements as pl')
    .innerJoin('rescueCases as c', 'c.id', 'pl.caseId')
    .innerJoin('rescuePartners as p', 'p.id', 'pl.partnerId')
    .innerJoin('rescueAgreements as a', 'a.id', 'pl.agreementId')
    .innerJoin('rescueStations as s', 's.id', 'pl.stationId')
    .leftJoin(lastVisitSub(db), 'lv.placementId', 'pl.id')
    .select([
      'pl.id',
      'pl.caseId',
      'pl.stationId',
      'pl.divisionCode',
      'pl.partnerId',
      'pl.agreementId',
      'pl.kind',
      'pl.reason',
      'pl.startedOn',
      'pl.endedOn',
      'pl.endReason',
      'pl.status',
      'pl.createdAt',
      'c.caseNo',
      'c.personId',
      'c.nameGiven',
      'c.sex',
      'c.identityStatus',
      'p.name as partnerName',
      'p.qualification as partnerQualification',
      'a.agreementNo',
      'a.validUntil as agreementValidUntil',
      's.name as stationName',
      'lv.lastVisitOn',
    ]);
}
export type PlacementListRow = Awaited<ReturnType<typeof placementsOfCase>>[number];

export interface PlacementFilter {
  scope: ScopeFilter;
  status?: 'active' | 'ended';
  partnerId?: string;
  kind?: 'foster' | 'hospital';
  q?: string;
  /** Only active placements whose visit is due before this day (overdue). */
  overdueBefore?: string;
}

function filteredPlacements(db: Executor, f: PlacementFilter) {
  let q = placementQuery(db).where((eb) =>
    whereInScope(eb, f.scope, { division: 'pl.divisionCode', institution: 'pl.stationId' }),
  );
  if (f.status) q = q.where('pl.status', '=', f.status);
  if (f.partnerId) q = q.where('pl.partnerId', '=', f.partnerId);
  if (f.kind) q = q.where('pl.kind', '=', f.kind);
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) =>
      eb.or([eb('c.caseNo', 'like', like), eb('c.nameGiven', 'like', like), eb('p.name', 'like', like)]),
    );
  }
  if (f.overdueBefore) {
    q = q
      .where('pl.status', '=', 'active')
      .where(sql<string>`coalesce(lv.last_visit_on, pl.started_on)`, '<', f.overdueBefore);
  }
  return q;
}

export const PLACEMENT_SORTS = {
  startedOn: 'pl.startedOn',
  lastVisitOn: 'lv.lastVisitOn',
  caseNo: 'c.caseNo',
  partnerName: 'p.name',
} as const;
export type PlacementSort = keyof typeof PLACEMENT_SORTS;

export async function listPlacements(
  db: Executor,
  f: PlacementFilter,
  page: { offset: number; limit: number; sort: PlacementSort; order: 'asc' | 'desc' },
): Promise<{ rows: PlacementListRow[]; total: number }> {
  const countRow = await filteredPlacements(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredPlacements(db, f)
    .orderBy(PLACEMENT_SORTS[page.sort], page.order)
    .orderBy('pl.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(countRow.n) };
}

// ----- visits -----
export async function insertVisit(db: Executor, row: Insertable<RescueVisitsTable>): Promise<void> {
  await db.insertInto('rescueVisits').values(row).execute();
}
export function visitsOfCase(db: Executor, caseId: string): Promise<RescueVisitRow[]> {
  return db
    .selectFrom('rescueVisits')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('visitDate', 'desc')
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
/** Attachments of a case among `ids`, with their kind (visit evidence must be the case's own). */
export function caseAttachmentsAmong(db: Executor, caseId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as { id: string; kind: string }[]);
  return db
    .selectFrom('attachments')
    .select(['id', 'kind'])
    .where('ownerType', '=', 'rescue_case')
    .where('ownerId', '=', caseId)
    .where('status', '=', 'active')
    .where('id', 'in', ids)
    .execute();
}

// ----- scorecard -----
export function partnersInScope(db: Executor, scope: ScopeFilter) {
  // Partners a scope works with: those with an agreement of a station in scope.
  return db
    .selectFrom('rescuePartners as p')
    .innerJoin('rescueAgreements as a', 'a.partnerId', 'p.id')
    .select(['p.id', 'p.name', 'p.kind', 'p.ownership', 'p.qualification'])
    .where((eb) => whereInScope(eb, scope, { division: 'a.divisionCode', institution: 'a.stationId' }))
    .distinct()
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
}
export function visitsOfPartners(db: Executor, scope: ScopeFilter, partnerIds: readonly string[]) {
  if (partnerIds.length === 0) return Promise.resolve([] as RescueVisitRow[]);
  return db
    .selectFrom('rescueVisits')
    .selectAll()
    .where('partnerId', 'in', partnerIds)
    .where((eb) => whereInScope(eb, scope, { division: 'divisionCode', institution: 'stationId' }))
    .orderBy('visitDate')
    .orderBy('id')
    .execute();
}
export function placementsOfPartners(db: Executor, scope: ScopeFilter, partnerIds: readonly string[]) {
  if (partnerIds.length === 0) return Promise.resolve([] as RescuePlacementRow[]);
  return db
    .selectFrom('rescuePlacements')
    .selectAll()
    .where('partnerId', 'in', partnerIds)
    .where((eb) => whereInScope(eb, scope, { division: 'divisionCode', institution: 'stationId' }))
    .execute();
}

// ----- minors -----
export async function insertEducation(
  db: Executor,
  row: Insertable<RescueMinorEducationTable>,
): Promise<void> {
  await db.insertInto('rescueMinorEducation').values(row).execute();
}
export function educationOfCase(db: Executor, caseId: string): Promise<RescueMinorEducationRow[]> {
  return db
    .selectFrom('rescueMinorEducation')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
export async function insertGuardianship(
  db: Executor,
  row: Insertable<RescueGuardianshipAssessmentsTable>,
): Promise<void> {
  await db.insertInto('rescueGuardianshipAssessments').values(row).execute();
}
export function guardianshipOfCase(db: Executor, caseId: string): Promise<RescueGuardianshipRow[]> {
  return db
    .selectFrom('rescueGuardianshipAssessments')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('assessedOn', 'desc')
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

// ----- funds -----
export async function insertFundItem(db: Executor, row: Insertable<RescueFundItemsTable>): Promise<void> {
  await db.insertInto('rescueFundItems').values(row).execute();
}
export function fundItemsOfCase(db: Executor, caseId: string): Promise<RescueFundItemRow[]> {
  return db
    .selectFrom('rescueFundItems')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('spentOn', 'desc')
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
export function fundItemsOfStation(db: Executor, stationId: string, from: string, to: string) {
  return db
    .selectFrom('rescueFundItems')
    .selectAll()
    .where('stationId', '=', stationId)
    .where('spentOn', '>=', from)
    .where('spentOn', '<=', to)
    .orderBy('spentOn', 'desc')
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The latest inspection of each partner (R1's table, read-only). */
export async function lastInspectionsOf(db: Executor, partnerIds: readonly string[]) {
  if (partnerIds.length === 0) return new Map<string, { inspectedOn: string; result: string; id: string }>();
  const rows = await db
    .selectFrom('rescueInspections')
    .select(['id', 'partnerId', 'inspectedOn', 'result', 'createdAt'])
    .where('partnerId', 'in', partnerIds)
    .orderBy('inspectedOn', 'asc')
    .orderBy('createdAt', 'asc')
    .orderBy('id', 'asc')
    .execute();
  const last = new Map<string, { inspectedOn: string; result: string; id: string }>();
  for (const r of rows) last.set(r.partnerId, { id: r.id, inspectedOn: r.inspectedOn, result: r.result });
  return last;
}
/** Inspections of one partner, newest first (the placement's inspection log, R-RES-13). */
export function inspectionsOfPartner(db: Executor, partnerId: string) {
  return db
    .selectFrom('rescueInspections')
    .select(['id', 'inspectedOn', 'inspector', 'result', 'findings', 'rectifyBy'])
    .where('partnerId', '=', partnerId)
    .orderBy('inspectedOn', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function partnerKindOf(db: Executor, partnerId: string) {
  return db
    .selectFrom('rescuePartners')
    .select(['kind', 'name'])
    .where('id', '=', partnerId)
    .executeTakeFirstOrThrow();
}
