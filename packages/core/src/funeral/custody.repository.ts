/** SQL of the custody concern: the collection order's details, storage places, the ledger and the day board. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import { likeContains } from '../db/index';
import type { FuneralCustodyDetailsTable } from './custody.table';
import type { CustodyStep, FuneralCasesTable, FuneralFacilityKind } from './funeral.table';
import { OPEN_CUSTODY_STEPS } from './funeral.table';

export type FuneralCustodyDetailsRow = Selectable<FuneralCustodyDetailsTable>;

export async function insertFuneralCase(db: Executor, row: Insertable<FuneralCasesTable>): Promise<void> {
  await db.insertInto('funeralCases').values(row).execute();
}

export async function insertCustodyDetails(
  db: Executor,
  row: Insertable<FuneralCustodyDetailsTable>,
): Promise<void> {
  await db.insertInto('funeralCustodyDetails').values(row).execute();
}

export async function updateCustodyDetails(
  db: Executor,
  caseId: string,
  patch: Updateable<FuneralCustodyDetailsTable>,
): Promise<void> {
  await db.updateTable('funeralCustodyDetails').set(patch).where('caseId', '=', caseId).execute();
}

export function findCustodyDetails(
  db: Executor,
  caseId: string,
): Promise<FuneralCustodyDetailsRow | undefined> {
  return db.selectFrom('funeralCustodyDetails').selectAll().where('caseId', '=', caseId).executeTakeFirst();
}

/** The open case of a body (one open file per person), if any. */
export async function openFuneralCaseOfPerson(db: Executor, personId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('funeralCases')
    .select('id')
    .where('personId', '=', personId)
    .where('closedAt', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

/** Marks a people-index record 身份不明 (an unidentified body's record, identified later by a merge). */
export async function insertPersonFact(
  db: Executor,
  row: {
    id: string;
    personId: string;
    field: string;
    value: string;
    source: string;
    recordedAt: string;
    recordedBy: string;
  },
): Promise<void> {
  await db.insertInto('personFacts').values(row).execute();
}

export async function setCaseColumns(
  db: Executor,
  caseId: string,
  patch: Pick<Updateable<FuneralCasesTable>, 'forensicClearedAt' | 'urnCode' | 'disposition' | 'updatedAt'>,
): Promise<void> {
  await db.updateTable('funeralCases').set(patch).where('id', '=', caseId).execute();
}

/** Bodies holding a cold-storage place at a facility (in storage or after the farewell). */
export async function storageInUse(
  db: Executor,
  facilityId: string,
): Promise<{ caseId: string; storagePlace: string | null }[]> {
  return db
    .selectFrom('funeralCustodyDetails as d')
    .innerJoin('funeralCases as c', 'c.id', 'd.caseId')
    .select(['d.caseId', 'd.storagePlace'])
    .where('d.facilityId', '=', facilityId)
    .where('c.step', 'in', ['in_storage', 'farewell'])
    .where('d.storagePlace', 'is not', null)
    .execute();
}

/** Kinds of the active attachments of a case (photo, dna_record, fingerprint_record…). */
export async function activeAttachmentKinds(db: Executor, caseId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('attachments')
    .select('kind')
    .where('ownerType', '=', 'funeral_case')
    .where('ownerId', '=', caseId)
    .where('status', '=', 'active')
    .execute();
  return new Set(rows.map((r) => r.kind));
}

/** Whether `attachmentId` is an active attachment of the case. */
export async function isActiveAttachmentOfCase(
  db: Executor,
  caseId: string,
  attachmentId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('attachments')
    .select('id')
    .where('id', '=', attachmentId)
    .where('ownerType', '=', 'funeral_case')
    .where('ownerId', '=', caseId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

export function findCaseDocument(db: Executor, caseId: string, documentId: string) {
  return db
    .selectFrom('funeralCaseDocuments')
    .selectAll()
    .where('id', '=', documentId)
    .where('caseId', '=', caseId)
    .executeTakeFirst();
}

export async function revokeCaseDocumentRow(db: Executor, documentId: string, reason: string): Promise<void> {
  await db
    .updateTable('funeralCaseDocuments')
    .set({ status: 'revoked', revokedReason: reason })
    .where('id', '=', documentId)
    .execute();
}

export async function facilityNamesByIds(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('funeralFacilities')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Facilities of `kinds` in scope (the collection form's choices). */
export function facilitiesInScope(db: Executor, scope: ScopeFilter, kinds: readonly FuneralFacilityKind[]) {
  return db
    .selectFrom('funeralFacilities')
    .selectAll()
    .where('kind', 'in', [...kinds])
    .where((eb) => whereInScope(eb, scope, { division: 'divisionCode', institution: 'id' }))
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Active facilities of `kinds` whose division starts with `prefix` (a city: where ashes may go). */
export function facilitiesOfCounty(db: Executor, prefix: string, kinds: readonly FuneralFacilityKind[]) {
  return db
    .selectFrom('funeralFacilities')
    .selectAll()
    .where('kind', 'in', [...kinds])
    .where('divisionCode', 'like', `${prefix}%`)
    .where('status', '=', 'active')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

// ----- ledger -----

export interface FuneralCaseFilter {
  scope: ScopeFilter;
  step?: CustodyStep | 'open' | 'closed' | undefined;
  identity?: 'identified' | 'unidentified' | undefined;
  facilityId?: string | undefined;
  /** Registered on or after (Beijing day start, as instant). */
  fromInstant?: string | undefined;
  toInstant?: string | undefined;
  q?: string | undefined;
}

export type FuneralCaseSort = 'createdAt' | 'caseNo' | 'deathDate' | 'step';
const CASE_SORTS = {
  createdAt: 'c.createdAt',
  caseNo: 'c.caseNo',
  deathDate: 'c.deathDate',
  step: 'c.step',
} as const;

function filteredCases(db: Executor, f: FuneralCaseFilter) {
  let q = db
    .selectFrom('funeralCases as c')
    .innerJoin('funeralFacilities as f', 'f.id', 'c.facilityId')
    .select([
      'c.id',
      'c.caseNo',
      'c.facilityId',
      'f.name as facilityName',
      'c.identityStatus',
      'c.nameGiven',
      'c.sex',
      'c.deathDate',
      'c.deathManner',
      'c.unclaimed',
      'c.payer',
      'c.disposition',
      'c.step',
      'c.bodyCode',
      'c.urnCode',
      'c.createdAt',
      'c.closedAt',
      'c.personId',
    ])
    .where((eb) => whereInScope(eb, f.scope, { division: 'c.divisionCode', institution: 'c.facilityId' }));
  if (f.step === 'open') q = q.where('c.closedAt', 'is', null);
  else if (f.step === 'closed') q = q.where('c.closedAt', 'is not', null);
  else if (f.step) q = q.where('c.step', '=', f.step);
  if (f.identity) q = q.where('c.identityStatus', '=', f.identity);
  if (f.facilityId) q = q.where('c.facilityId', '=', f.facilityId);
  if (f.fromInstant) q = q.where('c.createdAt', '>=', f.fromInstant);
  if (f.toInstant) q = q.where('c.createdAt', '<', f.toInstant);
  if (f.q) {
    const like = likeContains(f.q);
    const upper = likeContains(f.q.toUpperCase());
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`${sql.ref('c.caseNo')} like ${like} escape '\\'`,
        sql<boolean>`${sql.ref('c.nameGiven')} like ${like} escape '\\'`,
        sql<boolean>`${sql.ref('c.bodyCode')} like ${upper} escape '\\'`,
        sql<boolean>`${sql.ref('c.urnCode')} like ${upper} escape '\\'`,
      ]),
    );
  }
  return q;
}

export type FuneralCaseListRow = Awaited<ReturnType<ReturnType<typeof filteredCases>['execute']>>[number];

export async function listFuneralCases(
  db: Executor,
  f: FuneralCaseFilter,
  page: { offset: number; limit: number; sort: FuneralCaseSort; order: 'asc' | 'desc' },
): Promise<{ rows: FuneralCaseListRow[]; total: number }> {
  const countRow = await filteredCases(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredCases(db, f)
    .orderBy(CASE_SORTS[page.sort], page.order)
    .orderBy('c.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(countRow.n) };
}

// ----- day board -----

/** Open cases in scope with their custody details (the day board), oldest first. */
export function openCasesForBoard(db: Executor, scope: ScopeFilter, limit: number) {
  return db
    .selectFrom('funeralCases as c')
    .innerJoin('funeralFacilities as f', 'f.id', 'c.facilityId')
    .leftJoin('funeralCustodyDetails as d', 'd.caseId', 'c.id')
    .selectAll('c')
    .select([
      'f.name as facilityName',
      'd.storagePlace',
      'd.farewellHall',
      'd.farewellOn',
      'd.farewellTime',
      'd.pickupTime',
    ])
    .where('c.step', 'in', [...OPEN_CUSTODY_STEPS])
    .where((eb) => whereInScope(eb, scope, { division: 'c.divisionCode', institution: 'c.facilityId' }))
    .orderBy('c.updatedAt')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** Open cases in scope per step (counts of the day board, not limited). */
export async function openCaseCounts(db: Executor, scope: ScopeFilter): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('funeralCases as c')
    .select(['c.step', (eb) => eb.fn.countAll<number>().as('n')])
    .where('c.step', 'in', [...OPEN_CUSTODY_STEPS])
    .where((eb) => whereInScope(eb, scope, { division: 'c.divisionCode', institution: 'c.facilityId' }))
    .groupBy('c.step')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.step, Number(r.n)]));
}

/** Open cases in scope whose farewell is booked on `day` (the to-do). */
export async function farewellsOn(db: Executor, scope: ScopeFilter, day: string): Promise<number> {
  const row = await db
    .selectFrom('funeralCustodyDetails as d')
    .innerJoin('funeralCases as c', 'c.id', 'd.caseId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('d.farewellOn', '=', day)
    .where('c.step', 'in', ['ordered', 'collected', 'in_storage'])
    .where((eb) => whereInScope(eb, scope, { division: 'c.divisionCode', institution: 'c.facilityId' }))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ----- demo seed -----

/** Whether `username` opened any case at the facility (the demo seed's idempotence). */
export async function anyCaseCreatedBy(db: Executor, facilityId: string, username: string): Promise<boolean> {
  const row = await db
    .selectFrom('funeralCases')
    .select('id')
    .where('facilityId', '=', facilityId)
    .where('createdBy', '=', username)
    .executeTakeFirst();
  return row !== undefined;
}

/** Demo only: the police confirmation and claim notice of the open unidentified bodies `username` registered. */
export async function setOpenUnidentifiedNotice(
  db: Executor,
  facilityId: string,
  username: string,
  facts: { policeConfirmedAt: string; noticeStartedOn: string; noticeEndsOn: string },
): Promise<void> {
  await db
    .updateTable('funeralCases')
    .set(facts)
    .where('facilityId', '=', facilityId)
    .where('identityStatus', '=', 'unidentified')
    .where('createdBy', '=', username)
    .where('closedAt', 'is', null)
    .execute();
}
