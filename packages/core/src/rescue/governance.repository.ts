/** SQL of the source-governance concern (源头治理): returnees, at-risk persons, repeat flags, alerts, patrol leads. */
import { sql, type ExpressionBuilder, type Insertable, type Selectable, type SqlBool } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type {
  RescueAtRiskPersonsTable,
  RescueGovernanceAlertsTable,
  RescuePatrolLeadsTable,
  RescueRepeatFlagsTable,
  RescueReturneesTable,
  RescueReturneeVisitsTable,
} from './governance.table';

const escapeLike = (term: string) => `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * Rows visible through the station (division + institution) or, for an account without institution,
 * through the home county column (a returnee's home county, an alert's hukou county).
 */
function stationOrHome<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: ScopeFilter,
  station: { division: string; institution: string },
  home: string,
) {
  const viaStation = whereInScope(eb, scope, station);
  if (scope.institutionId !== null) return viaStation;
  return eb.or([viaStation, sql<SqlBool>`${sql.ref(home)} like ${`${scope.divisionPrefix}%`}`]);
}

// ── returnees ────────────────────────────────────────────────────────────────────────────────────

export type ReturneeRow = Selectable<RescueReturneesTable> & {
  caseNo: string;
  stationName: string;
  nameGiven: string | null;
  personName: string;
  sex: 'male' | 'female';
};

/** Departures home or to the family whose case has no returnee row yet (the sync's work list). */
export function departuresWithoutReturnee(db: Executor, limit: number) {
  return db
    .selectFrom('rescueDepartures as d')
    .innerJoin('rescueCases as c', 'c.id', 'd.caseId')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .leftJoin('rescueReturnees as r', 'r.caseId', 'd.caseId')
    .select([
      'd.caseId',
      'd.kind',
      'd.departedOn',
      'd.destination',
      'c.stationId',
      'c.divisionCode',
      'c.personId',
      'c.identityStatus',
      'p.residentId',
      'p.hukouDivisionCode',
    ])
    .where('d.kind', 'in', ['return_home', 'collected_by_family'])
    .where('r.id', 'is', null)
    .orderBy('d.departedOn')
    .orderBy('d.caseId')
    .limit(limit)
    .execute();
}

export async function insertReturnee(db: Executor, row: Insertable<RescueReturneesTable>): Promise<boolean> {
  const r = await db
    .insertInto('rescueReturnees')
    .values(row)
    .onConflict((oc) => oc.column('caseId').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface ReturneeFilter {
  scope: ScopeFilter;
  stationId?: string | undefined;
  status?: 'following' | 'closed' | undefined;
  overdueBefore?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

const RETURNEE_SORTS = {
  returnedOn: 'r.returnedOn',
  nextVisitDue: 'r.nextVisitDue',
  stationName: 's.name',
} as const;
export type ReturneeSort = keyof typeof RETURNEE_SORTS;

function returneesBase(db: Executor) {
  return db
    .selectFrom('rescueReturnees as r')
    .innerJoin('rescueCases as c', 'c.id', 'r.caseId')
    .innerJoin('rescueStations as s', 's.id', 'r.stationId')
    .innerJoin('people as p', 'p.id', 'r.personId')
    .selectAll('r')
    .select(['c.caseNo', 's.name as stationName', 'c.nameGiven', 'p.name as personName', 'c.sex']);
}

function filteredReturnees(db: Executor, f: ReturneeFilter) {
  let q = returneesBase(db).where((eb) =>
    stationOrHome(
      eb,
      f.scope,
      { division: 'r.divisionCode', institution: 'r.stationId' },
      'r.homeDivisionCode',
    ),
  );
  if (f.stationId) q = q.where('r.stationId', '=', f.stationId);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.overdueBefore)
    q = q.where('r.status', '=', 'following').where('r.nextVisitDue', '<', f.overdueBefore);
  if (f.from) q = q.where('r.returnedOn', '>=', f.from);
  if (f.to) q = q.where('r.returnedOn', '<=', f.to);
  const term = f.q?.trim();
  if (term) {
    const like = escapeLike(term);
    q = q.where((eb) =>
      eb.or([
        eb('c.nameGiven', 'like', like),
        eb('p.name', 'like', like),
        eb('c.caseNo', 'like', like),
        eb('r.destination', 'like', like),
      ]),
    );
  }
  return q;
}

export async function listReturneeRows(
  db: Executor,
  f: ReturneeFilter,
  page: { offset: number; limit: number; sort: ReturneeSort; desc: boolean },
): Promise<{ rows: ReturneeRow[]; total: number }> {
  const count = await filteredReturnees(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredReturnees(db, f)
    .orderBy(RETURNEE_SORTS[page.sort], page.desc ? 'desc' : 'asc')
    .orderBy('r.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(count.n) };
}

export function findReturnee(db: Executor, id: string): Promise<ReturneeRow | undefined> {
  return returneesBase(db).where('r.id', '=', id).executeTakeFirst();
}

export function visitsOf(db: Executor, returneeId: string) {
  return db
    .selectFrom('rescueReturneeVisits')
    .selectAll()
    .where('returneeId', '=', returneeId)
    .orderBy('visitedOn', 'desc')
    .orderBy('recordedAt', 'desc')
    .execute();
}

export async function insertVisit(db: Executor, row: Insertable<RescueReturneeVisitsTable>): Promise<void> {
  await db.insertInto('rescueReturneeVisits').values(row).execute();
}

/** Updates a returnee if its version is still `version`; false when someone changed it meanwhile. */
export async function updateReturnee(
  db: Executor,
  id: string,
  version: number,
  set: Partial<Selectable<RescueReturneesTable>>,
): Promise<boolean> {
  const r = await db
    .updateTable('rescueReturnees')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countOverdueReturnees(
  db: Executor,
  scope: ScopeFilter,
  today: string,
): Promise<{ n: number; oldest: string | null }> {
  const r = await filteredReturnees(db, { scope, overdueBefore: today })
    .clearSelect()
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('r.nextVisitDue').as('oldest')])
    .executeTakeFirstOrThrow();
  return { n: Number(r.n), oldest: r.oldest ?? null };
}

/** The home county of any returnee record of the person (the latest), for the hukou alert. */
export async function returneeHomeOf(db: Executor, personIds: readonly string[]): Promise<string | null> {
  if (personIds.length === 0) return null;
  const r = await db
    .selectFrom('rescueReturnees')
    .select('homeDivisionCode')
    .where('personId', 'in', personIds)
    .where('homeDivisionCode', 'is not', null)
    .orderBy('returnedOn', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.homeDivisionCode ?? null;
}

// ── at-risk persons ──────────────────────────────────────────────────────────────────────────────

export type AtRiskRow = Selectable<RescueAtRiskPersonsTable>;

export interface AtRiskFilter {
  scope: ScopeFilter;
  kind?: string | undefined;
  status?: 'active' | 'closed' | undefined;
  q?: string | undefined;
}
const AT_RISK_SORTS = { name: 'a.name', createdAt: 'a.createdAt', updatedAt: 'a.updatedAt' } as const;
export type AtRiskSort = keyof typeof AT_RISK_SORTS;

function filteredAtRisk(db: Executor, f: AtRiskFilter) {
  let q = db
    .selectFrom('rescueAtRiskPersons as a')
    .selectAll('a')
    .where((eb) => whereInScope(eb, f.scope, { division: 'a.divisionCode' }));
  if (f.kind) q = q.where('a.kinds', 'like', `%"${f.kind}"%`);
  if (f.status) q = q.where('a.status', '=', f.status);
  const term = f.q?.trim();
  if (term) {
    const like = escapeLike(term);
    q = q.where((eb) => eb.or([eb('a.name', 'like', like), eb('a.homeAddress', 'like', like)]));
  }
  return q;
}

export async function listAtRiskRows(
  db: Executor,
  f: AtRiskFilter,
  page: { offset: number; limit: number; sort: AtRiskSort; desc: boolean },
): Promise<{ rows: AtRiskRow[]; total: number }> {
  const count = await filteredAtRisk(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredAtRisk(db, f)
    .orderBy(AT_RISK_SORTS[page.sort], page.desc ? 'desc' : 'asc')
    .orderBy('a.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(count.n) };
}

export function findAtRisk(db: Executor, id: string): Promise<AtRiskRow | undefined> {
  return db.selectFrom('rescueAtRiskPersons').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAtRisk(db: Executor, row: Insertable<RescueAtRiskPersonsTable>): Promise<void> {
  await db.insertInto('rescueAtRiskPersons').values(row).execute();
}

export async function updateAtRisk(
  db: Executor,
  id: string,
  version: number,
  set: Partial<AtRiskRow>,
): Promise<boolean> {
  const r = await db
    .updateTable('rescueAtRiskPersons')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── repeat wanderers ─────────────────────────────────────────────────────────────────────────────

export interface ScanCaseRow {
  id: string;
  stationId: string;
  divisionCode: string;
  personId: string;
  identityStatus: string;
  nameGiven: string | null;
  sex: 'male' | 'female';
  birthDate: string | null;
  estimatedAge: number | null;
  enteredAt: string;
  entryDate: string;
  features: string | null;
}

const SCAN_COLUMNS = [
  'c.id',
  'c.stationId',
  'c.divisionCode',
  'c.personId',
  'c.identityStatus',
  'c.nameGiven',
  'c.sex',
  'c.birthDate',
  'c.estimatedAge',
  'c.enteredAt',
  'c.entryDate',
  'c.features',
] as const;

/** Cases the scan has not looked at yet, oldest first. */
export function unscannedCases(db: Executor, limit: number): Promise<ScanCaseRow[]> {
  return db
    .selectFrom('rescueCases as c')
    .leftJoin('rescueRepeatScans as s', 's.caseId', 'c.id')
    .select(SCAN_COLUMNS)
    .where('s.caseId', 'is', null)
    .orderBy('c.enteredAt')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** Every case entered before `before` (the pool earlier cases are found in). */
export function casesEnteredBefore(db: Executor, before: string): Promise<ScanCaseRow[]> {
  return db
    .selectFrom('rescueCases as c')
    .select(SCAN_COLUMNS)
    .where('c.enteredAt', '<', before)
    .orderBy('c.enteredAt')
    .execute();
}

export async function insertFlag(db: Executor, row: Insertable<RescueRepeatFlagsTable>): Promise<boolean> {
  const r = await db
    .insertInto('rescueRepeatFlags')
    .values(row)
    .onConflict((oc) => oc.columns(['caseId', 'earlierCaseId']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function markScanned(db: Executor, caseId: string, at: string, candidates: number) {
  await db
    .insertInto('rescueRepeatScans')
    .values({ caseId, scannedAt: at, candidates })
    .onConflict((oc) => oc.column('caseId').doNothing())
    .execute();
}

const caseColumns = (alias: 'c' | 'e', station: 's' | 't', person: 'p' | 'q') =>
  [
    `${alias}.caseNo as ${alias}CaseNo`,
    `${station}.name as ${alias}StationName`,
    `${alias}.divisionCode as ${alias}DivisionCode`,
    `${alias}.entryDate as ${alias}EntryDate`,
    `${alias}.nameGiven as ${alias}NameGiven`,
    `${person}.name as ${alias}PersonName`,
    `${alias}.sex as ${alias}Sex`,
    `${alias}.birthDate as ${alias}BirthDate`,
    `${alias}.estimatedAge as ${alias}EstimatedAge`,
    `${alias}.identityStatus as ${alias}IdentityStatus`,
    `${alias}.personId as ${alias}PersonId`,
  ] as const;

function flagsBase(db: Executor) {
  return db
    .selectFrom('rescueRepeatFlags as f')
    .innerJoin('rescueCases as c', 'c.id', 'f.caseId')
    .innerJoin('rescueStations as s', 's.id', 'c.stationId')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .innerJoin('rescueCases as e', 'e.id', 'f.earlierCaseId')
    .innerJoin('rescueStations as t', 't.id', 'e.stationId')
    .innerJoin('people as q', 'q.id', 'e.personId')
    .leftJoin('rescueGovernanceAlerts as a', 'a.flagId', 'f.id')
    .selectAll('f')
    .select([...caseColumns('c', 's', 'p'), ...caseColumns('e', 't', 'q')])
    .select('a.hukouDivisionCode as alertDivisionCode');
}
export type FlagRow = Awaited<ReturnType<ReturnType<typeof flagsBase>['executeTakeFirstOrThrow']>>;

export interface FlagFilter {
  scope: ScopeFilter;
  status?: 'open' | 'confirmed' | 'rejected' | undefined;
  basis?: 'same_person' | 'engine' | undefined;
}
const FLAG_SORTS = { createdAt: 'f.createdAt', score: 'f.score', entryDate: 'c.entryDate' } as const;
export type FlagSort = keyof typeof FLAG_SORTS;

/** Flags visible through the later case's station or through the earlier case's station. */
function filteredFlags(db: Executor, f: FlagFilter) {
  let q = flagsBase(db).where((eb) =>
    eb.or([
      whereInScope(eb, f.scope, { division: 'c.divisionCode', institution: 'c.stationId' }),
      whereInScope(eb, f.scope, { division: 'e.divisionCode', institution: 'e.stationId' }),
    ]),
  );
  if (f.status) q = q.where('f.status', '=', f.status);
  if (f.basis) q = q.where('f.basis', '=', f.basis);
  return q;
}

export async function listFlagRows(
  db: Executor,
  f: FlagFilter,
  page: { offset: number; limit: number; sort: FlagSort; desc: boolean },
): Promise<{ rows: FlagRow[]; total: number }> {
  const count = await filteredFlags(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredFlags(db, f)
    .orderBy(FLAG_SORTS[page.sort], page.desc ? 'desc' : 'asc')
    .orderBy('f.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(count.n) };
}

export function findFlag(db: Executor, id: string): Promise<FlagRow | undefined> {
  return flagsBase(db).where('f.id', '=', id).executeTakeFirst();
}

export async function decideFlag(
  db: Executor,
  id: string,
  set: { status: 'confirmed' | 'rejected'; decisionReason: string; decidedBy: string; decidedAt: string },
): Promise<boolean> {
  const r = await db
    .updateTable('rescueRepeatFlags')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countOpenFlags(db: Executor, scope: ScopeFilter): Promise<number> {
  const r = await filteredFlags(db, { scope, status: 'open' })
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Flags of cases entered in [from, to] in scope (statistics). */
export function flagsForStatistics(db: Executor, scope: ScopeFilter, from: string, to: string) {
  return db
    .selectFrom('rescueRepeatFlags as f')
    .innerJoin('rescueCases as c', 'c.id', 'f.caseId')
    .select(['f.caseId', 'f.status', 'c.entryDate', 'c.divisionCode'])
    .where('f.status', 'in', ['open', 'confirmed'])
    .where('c.entryDate', '>=', from)
    .where('c.entryDate', '<=', to)
    .where((eb) => whereInScope(eb, scope, { division: 'c.divisionCode', institution: 'c.stationId' }))
    .execute();
}

export function findPersonDivision(db: Executor, id: string) {
  return db.selectFrom('people').select(['id', 'divisionCode']).where('id', '=', id).executeTakeFirst();
}

export function peopleOf(db: Executor, ids: readonly string[]) {
  return db
    .selectFrom('people')
    .select(['id', 'residentId', 'hukouDivisionCode'])
    .where('id', 'in', ids)
    .execute();
}

// ── alerts ───────────────────────────────────────────────────────────────────────────────────────

export async function insertAlert(db: Executor, row: Insertable<RescueGovernanceAlertsTable>): Promise<void> {
  await db.insertInto('rescueGovernanceAlerts').values(row).execute();
}

function alertsBase(db: Executor) {
  return db
    .selectFrom('rescueGovernanceAlerts as a')
    .innerJoin('rescueCases as c', 'c.id', 'a.caseId')
    .innerJoin('people as p', 'p.id', 'a.personId')
    .selectAll('a')
    .select(['c.nameGiven', 'p.name as personName', 'c.divisionCode as caseDivisionCode', 'c.stationId']);
}
export type AlertRow = Awaited<ReturnType<ReturnType<typeof alertsBase>['executeTakeFirstOrThrow']>>;

export async function listAlertRows(
  db: Executor,
  f: { scope: ScopeFilter; status?: 'open' | 'acknowledged' | undefined },
  page: { offset: number; limit: number; desc: boolean },
): Promise<{ rows: AlertRow[]; total: number }> {
  const filtered = () => {
    let q = alertsBase(db).where((eb) =>
      stationOrHome(
        eb,
        f.scope,
        { division: 'c.divisionCode', institution: 'c.stationId' },
        'a.hukouDivisionCode',
      ),
    );
    if (f.status) q = q.where('a.status', '=', f.status);
    return q;
  };
  const count = await filtered()
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered()
    .orderBy('a.createdAt', page.desc ? 'desc' : 'asc')
    .orderBy('a.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(count.n) };
}

export function findAlert(db: Executor, id: string): Promise<AlertRow | undefined> {
  return alertsBase(db).where('a.id', '=', id).executeTakeFirst();
}

export async function acknowledgeAlertRow(
  db: Executor,
  id: string,
  set: { actionTaken: string; acknowledgedBy: string; acknowledgedAt: string },
): Promise<boolean> {
  const r = await db
    .updateTable('rescueGovernanceAlerts')
    .set({ ...set, status: 'acknowledged' })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open alerts addressed to a county inside `prefix` (the hukou county's to-do). */
export async function countOpenAlertsFor(
  db: Executor,
  prefix: string,
): Promise<{ n: number; oldest: string | null }> {
  const r = await db
    .selectFrom('rescueGovernanceAlerts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('createdAt').as('oldest')])
    .where('status', '=', 'open')
    .where('hukouDivisionCode', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return { n: Number(r.n), oldest: r.oldest ?? null };
}

// ── patrol leads ─────────────────────────────────────────────────────────────────────────────────

export type LeadRow = Selectable<RescuePatrolLeadsTable> & { stationName: string; caseNo: string | null };

export interface LeadFilter {
  scope: ScopeFilter;
  stationId?: string | undefined;
  source?: string | undefined;
  state?: 'pending' | 'responded' | 'late' | undefined;
  /** For `late`: the target in minutes and the instant now minus the target. */
  target: number;
  lateCutoff: string;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}
const LEAD_SORTS = { receivedAt: 'l.receivedAt', responseMinutes: 'l.responseMinutes' } as const;
export type LeadSort = keyof typeof LEAD_SORTS;

function leadsBase(db: Executor) {
  return db
    .selectFrom('rescuePatrolLeads as l')
    .innerJoin('rescueStations as s', 's.id', 'l.stationId')
    .leftJoin('rescueCases as c', 'c.id', 'l.caseId')
    .selectAll('l')
    .select(['s.name as stationName', 'c.caseNo as caseNo']);
}

function filteredLeads(db: Executor, f: LeadFilter) {
  let q = leadsBase(db).where((eb) =>
    whereInScope(eb, f.scope, { division: 'l.divisionCode', institution: 'l.stationId' }),
  );
  if (f.stationId) q = q.where('l.stationId', '=', f.stationId);
  if (f.source) q = q.where('l.source', '=', f.source as LeadRow['source']);
  if (f.state === 'pending') q = q.where('l.respondedAt', 'is', null);
  if (f.state === 'responded') q = q.where('l.respondedAt', 'is not', null);
  if (f.state === 'late')
    q = q.where((eb) =>
      eb.or([
        eb('l.responseMinutes', '>', f.target),
        eb.and([eb('l.respondedAt', 'is', null), eb('l.receivedAt', '<', f.lateCutoff)]),
      ]),
    );
  if (f.from) q = q.where('l.receivedOn', '>=', f.from);
  if (f.to) q = q.where('l.receivedOn', '<=', f.to);
  const term = f.q?.trim();
  if (term) {
    const like = escapeLike(term);
    q = q.where((eb) =>
      eb.or([eb('l.placeDescription', 'like', like), eb('l.personDescription', 'like', like)]),
    );
  }
  return q;
}

export async function listLeadRows(
  db: Executor,
  f: LeadFilter,
  page: { offset: number; limit: number; sort: LeadSort; desc: boolean },
): Promise<{ rows: LeadRow[]; total: number }> {
  const count = await filteredLeads(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredLeads(db, f)
    .orderBy(LEAD_SORTS[page.sort], page.desc ? 'desc' : 'asc')
    .orderBy('l.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(count.n) };
}

export function findLead(db: Executor, id: string): Promise<LeadRow | undefined> {
  return leadsBase(db).where('l.id', '=', id).executeTakeFirst();
}

export async function insertLead(db: Executor, row: Insertable<RescuePatrolLeadsTable>): Promise<void> {
  await db.insertInto('rescuePatrolLeads').values(row).execute();
}

export async function respondLeadRow(
  db: Executor,
  id: string,
  version: number,
  set: Pick<
    Selectable<RescuePatrolLeadsTable>,
    'respondedAt' | 'outcome' | 'outcomeNote' | 'caseId' | 'responseMinutes' | 'updatedAt'
  >,
): Promise<boolean> {
  const r = await db
    .updateTable('rescuePatrolLeads')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('respondedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countPendingLeads(
  db: Executor,
  scope: ScopeFilter,
): Promise<{ n: number; oldest: string | null }> {
  const r = await db
    .selectFrom('rescuePatrolLeads as l')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('l.receivedOn').as('oldest')])
    .where('l.respondedAt', 'is', null)
    .where((eb) => whereInScope(eb, scope, { division: 'l.divisionCode', institution: 'l.stationId' }))
    .executeTakeFirstOrThrow();
  return { n: Number(r.n), oldest: r.oldest ?? null };
}

/** Leads received in [from, to] in scope (statistics). */
export function leadsForStatistics(db: Executor, scope: ScopeFilter, from: string, to: string) {
  return db
    .selectFrom('rescuePatrolLeads as l')
    .select(['l.source', 'l.receivedAt', 'l.respondedAt', 'l.responseMinutes'])
    .where('l.receivedOn', '>=', from)
    .where('l.receivedOn', '<=', to)
    .where((eb) => whereInScope(eb, scope, { division: 'l.divisionCode', institution: 'l.stationId' }))
    .execute();
}

/** Whether any governance row was written by the demo seed (idempotency). */
export async function anyLeadCreatedBy(db: Executor, createdBy: string): Promise<boolean> {
  const r = await db
    .selectFrom('rescuePatrolLeads')
    .select('id')
    .where('createdBy', '=', createdBy)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

// ── demo seed ────────────────────────────────────────────────────────────────────────────────────

/** Demo only: ends a seeded case as returned home (the departure concern's minimal record). */
export async function closeDemoCaseAsReturned(
  db: Executor,
  c: { id: string; stationId: string; divisionCode: string },
  departedOn: string,
  destination: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('rescueCases')
    .set({ status: 'departed', closedAt: at, closeKind: 'return_home', updatedAt: at })
    .where('id', '=', c.id)
    .execute();
  await db
    .insertInto('rescueDepartures')
    .values({
      id: `${c.id}-dep`,
      caseId: c.id,
      stationId: c.stationId,
      divisionCode: c.divisionCode,
      kind: 'return_home',
      departedOn,
      destination,
      routeKind: 'direct',
      transferStation: null,
      voucherNo: null,
      route: null,
      collectorName: null,
      collectorRelation: null,
      collectorResidentIdMasked: null,
      collectorResidentIdHmac: null,
      collectorPhone: null,
      collectorIdCopyAttachmentId: null,
      escort: null,
      consentBy: null,
      consentNote: null,
      declarationAttachmentId: null,
      transferTo: null,
      transferToName: null,
      leftFrom: 'station',
      deathDate: null,
      deathCause: null,
      cashTotalFen: 0,
      cashPayments: '[]',
      cashReceiptAttachmentId: null,
      belongings: '[]',
      belongingsReceiptAttachmentId: null,
      belongingsSigned: 0,
      note: '演示数据',
      recordedBy: 'rescue-governance-demo',
      recordedAt: at,
    })
    .execute();
}

export async function anyAtRiskCreatedBy(db: Executor, createdBy: string): Promise<boolean> {
  const r = await db
    .selectFrom('rescueAtRiskPersons')
    .select('id')
    .where('createdBy', '=', createdBy)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export function firstReturneeFollowing(db: Executor) {
  return db
    .selectFrom('rescueReturnees')
    .select(['id', 'returnedOn'])
    .where('status', '=', 'following')
    .where('visits', '=', 0)
    .orderBy('returnedOn')
    .limit(1)
    .executeTakeFirst();
}
