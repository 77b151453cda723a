/** SQL of the verification concern: comparison runs, findings, the hukou move-out list, campaigns. */
import type { Insertable, Selectable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { CertificateStatus, EntitlementStatus, Subsidy } from './disability.table';
import type {
  DisabilityCampaignItemsTable,
  DisabilityCampaignsTable,
  DisabilityCompareRunsTable,
  DisabilityFindingsTable,
  DisabilityHukouMovesTable,
  FindingKind,
  FindingStatus,
} from './verification.table';

export type CompareRunRow = Selectable<DisabilityCompareRunsTable>;
export type FindingRow = Selectable<DisabilityFindingsTable>;
export type HukouMoveRow = Selectable<DisabilityHukouMovesTable>;
export type CampaignRow = Selectable<DisabilityCampaignsTable>;
export type CampaignItemRow = Selectable<DisabilityCampaignItemsTable>;

/** An open entitlement with what the comparison needs of its person and certificate. */
export interface CompareSubject {
  id: string;
  personId: string;
  subsidy: Subsidy;
  divisionCode: string;
  countyCode: string;
  fromMonth: string;
  status: EntitlementStatus;
  certificateId: string | null;
  personName: string;
  personStatus: 'alive' | 'deceased';
  deathDate: string | null;
  hukouDivisionCode: string;
  mergedInto: string | null;
  certificateStatus: CertificateStatus | null;
  certificateStatusOn: string | null;
  certificateValidUntil: string | null;
}

/** Every open (active or suspended) entitlement of a county, with its person and certificate. */
export async function compareSubjects(db: Executor, countyCode: string): Promise<CompareSubject[]> {
  return db
    .selectFrom('disabilityEntitlements as e')
    .innerJoin('people as p', 'p.id', 'e.personId')
    .leftJoin('disabilityCertificates as c', 'c.id', 'e.certificateId')
    .select([
      'e.id',
      'e.personId',
      'e.subsidy',
      'e.divisionCode',
      'e.countyCode',
      'e.fromMonth',
      'e.status',
      'e.certificateId',
      'p.name as personName',
      'p.status as personStatus',
      'p.deathDate',
      'p.hukouDivisionCode',
      'p.mergedInto',
      'c.status as certificateStatus',
      'c.statusOn as certificateStatusOn',
      'c.validUntil as certificateValidUntil',
    ])
    .where('e.countyCode', '=', countyCode)
    .where('e.status', '<>', 'stopped')
    .orderBy('e.id')
    .execute() as Promise<CompareSubject[]>;
}

/** Counties with at least one open entitlement (the monthly job's work list). */
export async function countiesWithOpenEntitlements(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('disabilityEntitlements')
    .select('countyCode')
    .where('status', '<>', 'stopped')
    .groupBy('countyCode')
    .orderBy('countyCode')
    .execute();
  return rows.map((r) => r.countyCode);
}

export async function findPersonBasics(
  db: Executor,
  id: string,
): Promise<
  | {
      id: string;
      name: string;
      status: 'alive' | 'deceased';
      deathDate: string | null;
      mergedInto: string | null;
      hukouDivisionCode: string;
      residentId: string | null;
    }
  | undefined
> {
  const row = await db
    .selectFrom('people')
    .select(['id', 'name', 'status', 'deathDate', 'mergedInto', 'hukouDivisionCode', 'residentId'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...row, mergedInto: row.mergedInto ?? null } : undefined;
}

/** The person's latest 低保 membership that ended before `on` (the end the comparison reports). */
export async function lastEndedMembership(
  db: Executor,
  personId: string,
  program: 'dibao' | 'tekun',
  on: string,
): Promise<{ id: string; fromDate: string; toDate: string; divisionCode: string } | undefined> {
  const row = await db
    .selectFrom('assistanceMemberships')
    .select(['id', 'fromDate', 'toDate', 'divisionCode'])
    .where('personId', '=', personId)
    .where('program', '=', program)
    .where('toDate', 'is not', null)
    .where('toDate', '<', on)
    .orderBy('toDate', 'desc')
    .executeTakeFirst();
  return row ? { ...row, toDate: row.toDate! } : undefined;
}

/** When the people index last recorded the person's hukou division (a fact), if ever. */
export async function lastHukouFactOn(db: Executor, personId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('personFacts')
    .select('recordedAt')
    .where('personId', '=', personId)
    .where('field', '=', 'hukouDivisionCode')
    .orderBy('recordedAt', 'desc')
    .executeTakeFirst();
  return row?.recordedAt;
}

/** Hukou move-out rows of a county linked to one of `personIds`. */
export async function movesOfPeople(
  db: Executor,
  countyCode: string,
  personIds: readonly string[],
): Promise<HukouMoveRow[]> {
  if (personIds.length === 0) return [];
  const out: HukouMoveRow[] = [];
  for (let i = 0; i < personIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('disabilityHukouMoves')
        .selectAll()
        .where('countyCode', '=', countyCode)
        .where('personId', 'in', personIds.slice(i, i + 500))
        .orderBy('movedOutOn')
        .execute()),
    );
  }
  return out;
}

/** A finding of the same entitlement, kind and event day (any status): the comparison does not repeat it. */
export async function findingForEvent(
  db: Executor,
  entitlementId: string,
  kind: FindingKind,
  eventDate: string,
): Promise<FindingRow | undefined> {
  return db
    .selectFrom('disabilityFindings')
    .selectAll()
    .where('entitlementId', '=', entitlementId)
    .where('kind', '=', kind)
    .where('eventDate', '=', eventDate)
    .executeTakeFirst();
}

export async function findOpenFinding(db: Executor, openKey: string): Promise<FindingRow | undefined> {
  return db.selectFrom('disabilityFindings').selectAll().where('openKey', '=', openKey).executeTakeFirst();
}

export async function insertFinding(db: Executor, row: Insertable<DisabilityFindingsTable>): Promise<void> {
  await db.insertInto('disabilityFindings').values(row).execute();
}

export async function findFinding(db: Executor, id: string): Promise<FindingRow | undefined> {
  return db.selectFrom('disabilityFindings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Bumps the version inside a write transaction (writers serialise on the row). */
export async function lockFinding(db: Executor, id: string): Promise<FindingRow | undefined> {
  const r = await db
    .updateTable('disabilityFindings')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return findFinding(db, id);
}

export async function updateFinding(
  db: Executor,
  id: string,
  set: Partial<
    Pick<
      DisabilityFindingsTable,
      | 'status'
      | 'openKey'
      | 'answer'
      | 'answerEvidence'
      | 'answeredBy'
      | 'answeredAt'
      | 'decidedBy'
      | 'decidedAt'
      | 'decisionNote'
      | 'updatedAt'
    >
  >,
): Promise<void> {
  await db.updateTable('disabilityFindings').set(set).where('id', '=', id).execute();
}

export interface FindingFilter {
  scope: ScopeFilter;
  kind?: FindingKind | undefined;
  status?: FindingStatus | undefined;
  /** `pending`: open or answered. */
  pending?: boolean | undefined;
  runId?: string | undefined;
  campaignId?: string | undefined;
  q?: string | undefined;
}

export type FindingSort = 'answerDueOn' | 'eventDate' | 'foundOn' | 'kind' | 'divisionCode';

export interface FindingListRow extends FindingRow {
  personName: string;
  residentId: string | null;
}

function findingQuery(db: Executor, f: FindingFilter) {
  let q = db
    .selectFrom('disabilityFindings as f')
    .innerJoin('people as p', 'p.id', 'f.personId')
    .where((eb) => whereInScope(eb, f.scope, { division: 'f.divisionCode' }));
  if (f.kind) q = q.where('f.kind', '=', f.kind);
  if (f.status) q = q.where('f.status', '=', f.status);
  if (f.pending) q = q.where('f.status', 'in', ['open', 'answered']);
  if (f.runId) q = q.where('f.runId', '=', f.runId);
  if (f.campaignId) q = q.where('f.campaignId', '=', f.campaignId);
  if (f.q) q = q.where('p.name', 'like', `%${f.q.replace(/[%_\\]/g, '')}%`);
  return q;
}

export async function listFindingRows(
  db: Executor,
  f: FindingFilter,
  page: { offset: number; limit: number; field: FindingSort; desc: boolean },
): Promise<{ rows: FindingListRow[]; total: number }> {
  const totalRow = await findingQuery(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await findingQuery(db, f)
    .selectAll('f')
    .select(['p.name as personName', 'p.residentId'])
    .orderBy(`f.${page.field}`, page.desc ? 'desc' : 'asc')
    .orderBy('f.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(totalRow?.n ?? 0) };
}

export async function insertRun(db: Executor, row: Insertable<DisabilityCompareRunsTable>): Promise<void> {
  await db.insertInto('disabilityCompareRuns').values(row).execute();
}

export async function finishRun(
  db: Executor,
  id: string,
  set: Pick<
    DisabilityCompareRunsTable,
    'status' | 'entitlementsChecked' | 'countsJson' | 'newFindings' | 'alreadyKnown' | 'error' | 'finishedAt'
  >,
): Promise<void> {
  await db.updateTable('disabilityCompareRuns').set(set).where('id', '=', id).execute();
}

export async function findRun(db: Executor, id: string): Promise<CompareRunRow | undefined> {
  return db.selectFrom('disabilityCompareRuns').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function runOfMonth(
  db: Executor,
  countyCode: string,
  month: string,
): Promise<CompareRunRow | undefined> {
  return db
    .selectFrom('disabilityCompareRuns')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('month', '=', month)
    .where('status', '=', 'completed')
    .executeTakeFirst();
}

export async function listRuns(
  db: Executor,
  scope: ScopeFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: CompareRunRow[]; total: number }> {
  const base = () =>
    db.selectFrom('disabilityCompareRuns').where((eb) => whereInScope(eb, scope, { division: 'countyCode' }));
  const t = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await base()
    .selectAll()
    .orderBy('startedAt', 'desc')
    .orderBy('id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(t?.n ?? 0) };
}

// ----- hukou move-out list -----

export async function findMoveByKey(
  db: Executor,
  countyCode: string,
  naturalKey: string,
): Promise<HukouMoveRow | undefined> {
  return db
    .selectFrom('disabilityHukouMoves')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('naturalKey', '=', naturalKey)
    .executeTakeFirst();
}

export async function insertMove(db: Executor, row: Insertable<DisabilityHukouMovesTable>): Promise<void> {
  await db.insertInto('disabilityHukouMoves').values(row).execute();
}

/** People of the county index born on `birthDate` (fuzzy candidates for a row without resident id). */
export async function peopleBornOn(
  db: Executor,
  countyCode: string,
  birthDate: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('birthDate', '=', birthDate)
    .where('hukouDivisionCode', 'like', `${countyCode}%`)
    .where((eb) => eb.or([eb('mergedInto', 'is', null)]))
    .limit(200)
    .execute();
}

export async function listMoveRows(
  db: Executor,
  scope: ScopeFilter,
  opts: { q?: string | undefined; matchedBy?: string | undefined; offset: number; limit: number },
): Promise<{ rows: HukouMoveRow[]; total: number }> {
  const base = () => {
    let q = db
      .selectFrom('disabilityHukouMoves')
      .where((eb) => whereInScope(eb, scope, { division: 'countyCode' }));
    if (opts.q) q = q.where('name', 'like', `%${opts.q.replace(/[%_\\]/g, '')}%`);
    if (opts.matchedBy) q = q.where('matchedBy', '=', opts.matchedBy as 'fuzzy');
    return q;
  };
  const t = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await base()
    .selectAll()
    .orderBy('movedOutOn', 'desc')
    .orderBy('id')
    .offset(opts.offset)
    .limit(opts.limit)
    .execute();
  return { rows, total: Number(t?.n ?? 0) };
}

// ----- campaigns -----

export async function insertCampaign(db: Executor, row: Insertable<DisabilityCampaignsTable>): Promise<void> {
  await db.insertInto('disabilityCampaigns').values(row).execute();
}

export async function findCampaign(db: Executor, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('disabilityCampaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockCampaign(db: Executor, id: string): Promise<CampaignRow | undefined> {
  const r = await db
    .updateTable('disabilityCampaigns')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return findCampaign(db, id);
}

export async function updateCampaign(
  db: Executor,
  id: string,
  set: Partial<
    Pick<
      DisabilityCampaignsTable,
      'sampleSeed' | 'samplePercent' | 'sampleCount' | 'sampledAt' | 'status' | 'updatedAt'
    >
  >,
): Promise<void> {
  await db.updateTable('disabilityCampaigns').set(set).where('id', '=', id).execute();
}

/** Campaigns whose division overlaps the actor's scope (inside it, or containing it). */
export async function listCampaignRows(db: Executor, prefix: string): Promise<CampaignRow[]> {
  const rows = await db
    .selectFrom('disabilityCampaigns')
    .selectAll()
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.filter((c) => c.divisionCode.startsWith(prefix) || prefix.startsWith(scopeOf(c.divisionCode)));
}

function scopeOf(code: string): string {
  if (code.length === 6 && code.endsWith('0000')) return code.slice(0, 2);
  if (code.length === 6 && code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Open entitlements whose division lies inside `prefix` (a campaign's population). */
export async function openEntitlementsUnder(
  db: Executor,
  prefix: string,
): Promise<{ id: string; personId: string; subsidy: Subsidy; divisionCode: string; countyCode: string }[]> {
  return db
    .selectFrom('disabilityEntitlements')
    .select(['id', 'personId', 'subsidy', 'divisionCode', 'countyCode'])
    .where('divisionCode', 'like', `${prefix}%`)
    .where('status', '<>', 'stopped')
    .orderBy('id')
    .execute();
}

export async function insertCampaignItems(
  db: Executor,
  rows: Insertable<DisabilityCampaignItemsTable>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('disabilityCampaignItems')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

export async function findCampaignItem(db: Executor, id: string): Promise<CampaignItemRow | undefined> {
  return db.selectFrom('disabilityCampaignItems').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockCampaignItem(db: Executor, id: string): Promise<CampaignItemRow | undefined> {
  const r = await db
    .updateTable('disabilityCampaignItems')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return findCampaignItem(db, id);
}

export async function updateCampaignItem(
  db: Executor,
  id: string,
  set: Partial<
    Pick<
      DisabilityCampaignItemsTable,
      | 'selfCheck'
      | 'selfCheckNote'
      | 'selfCheckedBy'
      | 'selfCheckedAt'
      | 'sampled'
      | 'spotResult'
      | 'spotNote'
      | 'spotCheckedBy'
      | 'spotCheckedAt'
      | 'findingId'
    >
  >,
): Promise<void> {
  await db.updateTable('disabilityCampaignItems').set(set).where('id', '=', id).execute();
}

/** Every item of a campaign in the scope (sampling, progress), ordered by entitlement for reproducibility. */
export async function itemsOfCampaign(
  db: Executor,
  campaignId: string,
  scope: ScopeFilter,
): Promise<CampaignItemRow[]> {
  return db
    .selectFrom('disabilityCampaignItems')
    .selectAll()
    .where('campaignId', '=', campaignId)
    .where((eb) => whereInScope(eb, scope, { division: 'divisionCode' }))
    .orderBy('entitlementId')
    .execute();
}

export interface CampaignItemListRow extends CampaignItemRow {
  personName: string;
  residentId: string | null;
}

export async function listCampaignItemRows(
  db: Executor,
  campaignId: string | undefined,
  f: {
    scope: ScopeFilter;
    selfCheck?: string | undefined;
    sampled?: boolean | undefined;
    q?: string | undefined;
    offset: number;
    limit: number;
  },
): Promise<{ rows: CampaignItemListRow[]; total: number }> {
  const base = () => {
    let q = db
      .selectFrom('disabilityCampaignItems as i')
      .innerJoin('people as p', 'p.id', 'i.personId')
      .where((eb) => whereInScope(eb, f.scope, { division: 'i.divisionCode' }));
    if (campaignId) q = q.where('i.campaignId', '=', campaignId);
    if (f.selfCheck) q = q.where('i.selfCheck', '=', f.selfCheck as 'pending');
    if (f.sampled !== undefined) q = q.where('i.sampled', '=', f.sampled ? 1 : 0);
    if (f.q) q = q.where('p.name', 'like', `%${f.q.replace(/[%_\\]/g, '')}%`);
    return q;
  };
  const t = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await base()
    .selectAll('i')
    .select(['p.name as personName', 'p.residentId'])
    .orderBy('i.divisionCode')
    .orderBy('i.entitlementId')
    .offset(f.offset)
    .limit(f.limit)
    .execute();
  return { rows, total: Number(t?.n ?? 0) };
}

/** Findings of an entitlement still waiting (open or answered). */
export async function pendingFindingIdsOfEntitlement(db: Executor, entitlementId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('disabilityFindings')
    .select('id')
    .where('entitlementId', '=', entitlementId)
    .where('status', 'in', ['open', 'answered'])
    .execute();
  return rows.map((r) => r.id);
}
