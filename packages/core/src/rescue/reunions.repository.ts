/**
 * SQL of the family concern (寻亲与团聚): reunions, the case's identity set at the identity check, the
 * 寻亲 worklist of open unidentified cases, the reunions ledger and the rows its statistics count.
 */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { ScopeFilter } from '../access/index';
import { whereInScope } from '../access/index';
import type { Executor } from '../db/index';
import { OPEN_RESCUE_CASE_STATUSES } from './rescue.table';
import type { RescueReunionsTable } from './reunions.table';

export type RescueReunionRow = Selectable<RescueReunionsTable>;
export const OPEN_REUNION_STATUSES = ['contacting', 'identity_checked'] as const;

export async function insertReunion(db: Executor, row: Insertable<RescueReunionsTable>): Promise<void> {
  await db.insertInto('rescueReunions').values(row).execute();
}

export function findReunion(db: Executor, id: string): Promise<RescueReunionRow | undefined> {
  return db.selectFrom('rescueReunions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function openReunionOfCase(db: Executor, caseId: string): Promise<RescueReunionRow | undefined> {
  return db
    .selectFrom('rescueReunions')
    .selectAll()
    .where('caseId', '=', caseId)
    .where('status', 'in', OPEN_REUNION_STATUSES)
    .executeTakeFirst();
}

export function reunionByCandidate(db: Executor, candidateId: string): Promise<RescueReunionRow | undefined> {
  return db
    .selectFrom('rescueReunions')
    .selectAll()
    .where('candidateId', '=', candidateId)
    .executeTakeFirst();
}

export function reunionsOfCase(db: Executor, caseId: string): Promise<RescueReunionRow[]> {
  return db
    .selectFrom('rescueReunions')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy(sql`case when status in ('contacting', 'identity_checked') then 0 else 1 end`)
    .orderBy('startedAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Applies a step when the reunion is still in `from` at `version`; false otherwise (stale or moved on). */
export async function updateReunion(
  db: Executor,
  id: string,
  expect: { status: RescueReunionRow['status']; version: number },
  change: Partial<Omit<RescueReunionRow, 'id' | 'version'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('rescueReunions')
    .set((eb) => ({ ...change, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', expect.status)
    .where('version', '=', expect.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The identity check confirmed who the person is: the case becomes `identified` under that name. */
export async function setCaseIdentified(
  db: Executor,
  caseId: string,
  change: { nameGiven: string; at: string },
): Promise<void> {
  await db
    .updateTable('rescueCases')
    .set((eb) => ({
      identityStatus: 'identified',
      nameGiven: change.nameGiven,
      updatedAt: change.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', caseId)
    .execute();
}

export function caseHeads(db: Executor, caseIds: readonly string[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rescueCases as c')
    .innerJoin('rescueStations as s', 's.id', 'c.stationId')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .select([
      'c.id',
      'c.caseNo',
      'c.entryDate',
      'c.nameGiven',
      's.name as stationName',
      'p.name as personName',
    ])
    .where('c.id', 'in', caseIds)
    .execute();
}

// ---------------------------------------------------------------------------------------------------
// The 寻亲 worklist
// ---------------------------------------------------------------------------------------------------

export interface WorklistFilter {
  scope: ScopeFilter;
  stationId?: string;
  sex?: 'male' | 'female';
  q?: string;
}

/** Open cases whose identity is not confirmed, in scope, with the open reunion and the face/notice facts. */
export function worklistRows(db: Executor, f: WorklistFilter) {
  let q = db
    .selectFrom('rescueCases as c')
    .innerJoin('rescueStations as s', 's.id', 'c.stationId')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .leftJoin('rescueReunions as r', (j) =>
      j.onRef('r.caseId', '=', 'c.id').on('r.status', 'in', OPEN_REUNION_STATUSES),
    )
    .select((eb) => [
      'c.id as caseId',
      'c.caseNo',
      'c.nameGiven',
      'p.name as personName',
      'c.sex',
      'c.birthDate',
      'c.estimatedAge',
      'c.identityStatus',
      'c.stationId',
      's.name as stationName',
      'c.status',
      'c.entryDate',
      'r.id as reunionId',
      'r.status as reunionStatus',
      'r.contactedAt as reunionContactedAt',
      eb
        .selectFrom('attachments as a')
        .select((e) => e.fn.countAll<string | number>().as('n'))
        .where('a.ownerType', '=', 'rescue_case')
        .whereRef('a.ownerId', '=', 'c.id')
        .where('a.kind', '=', 'photo')
        .where('a.status', '=', 'active')
        .as('photos'),
      eb
        .selectFrom('attachments as a')
        .select((e) => e.fn.countAll<string | number>().as('n'))
        .where('a.ownerType', '=', 'rescue_case')
        .whereRef('a.ownerId', '=', 'c.id')
        .where('a.kind', '=', 'face_record')
        .where('a.status', '=', 'active')
        .as('faceRecords'),
      eb
        .selectFrom('documentNumbers as n')
        .select('n.number')
        .where('n.ownerType', '=', 'rescue_case')
        .whereRef('n.ownerId', '=', 'c.id')
        .where('n.kind', '=', 'rescue-search-notice')
        .orderBy('n.issuedAt', 'desc')
        .limit(1)
        .as('latestNoticeNo'),
    ])
    .where('c.status', 'in', OPEN_RESCUE_CASE_STATUSES)
    .where('c.identityStatus', '<>', 'identified')
    .where((eb) => whereInScope(eb, f.scope, { division: 'c.divisionCode', institution: 'c.stationId' }));
  if (f.stationId) q = q.where('c.stationId', '=', f.stationId);
  if (f.sex) q = q.where('c.sex', '=', f.sex);
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) =>
      eb.or([eb('c.caseNo', 'like', like), eb('p.name', 'like', like), eb('c.nameGiven', 'like', like)]),
    );
  }
  return q.orderBy('c.entryDate').orderBy('c.id').execute();
}

/**
 * Family candidates waiting for a decision (open, claimed, unsure) per rescue case — the matching line's
 * stored three-way candidates (issue 16 item 1), whose feed entry is the case (entry id = case id).
 */
export async function openCandidateCounts(
  db: Executor,
  caseIds: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (caseIds.length === 0) return out;
  for (let i = 0; i < caseIds.length; i += 500) {
    const ids = caseIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('familyCandidates')
      .select(['leftEntryId', 'rightEntryId'])
      .where('status', 'in', ['open', 'claimed', 'unsure'])
      .where((eb) => eb.or([eb('leftEntryId', 'in', ids), eb('rightEntryId', 'in', ids)]))
      .execute();
    const wanted = new Set(ids);
    for (const r of rows) {
      for (const id of [r.leftEntryId, r.rightEntryId]) {
        if (wanted.has(id)) out.set(id, (out.get(id) ?? 0) + 1);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The reunions ledger
// ---------------------------------------------------------------------------------------------------

export interface ReunionLedgerFilter {
  scope: ScopeFilter;
  channel?: string;
  status?: string;
  stationId?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: { field: 'startedAt' | 'handedOverOn' | 'caseNo' | 'stationName'; desc: boolean };
}

function ledger(db: Executor, f: ReunionLedgerFilter) {
  let q = db
    .selectFrom('rescueReunions as r')
    .innerJoin('rescueCases as c', 'c.id', 'r.caseId')
    .innerJoin('rescueStations as s', 's.id', 'r.stationId')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .selectAll('r')
    .select([
      'c.caseNo as caseNo',
      'c.entryDate as entryDate',
      's.name as stationName',
      'p.name as personName',
    ])
    .where((eb) => whereInScope(eb, f.scope, { division: 'r.divisionCode', institution: 'r.stationId' }));
  if (f.channel) q = q.where('r.channel', '=', f.channel as RescueReunionRow['channel']);
  if (f.status) q = q.where('r.status', '=', f.status as RescueReunionRow['status']);
  if (f.stationId) q = q.where('r.stationId', '=', f.stationId);
  // The period: a reunion started in it, or handed over in it.
  if (f.from) {
    const from = f.from;
    q = q.where((eb) => eb.or([eb('r.startedAt', '>=', from), eb('r.handedOverOn', '>=', from)]));
  }
  if (f.to) {
    const to = f.to;
    q = q.where((eb) =>
      eb.or([eb('r.startedAt', '<', `${to}T99`), eb.and([eb('r.handedOverOn', '<=', to)])]),
    );
  }
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) => eb.or([eb('c.caseNo', 'like', like), eb('p.name', 'like', like)]));
  }
  return q;
}

export type ReunionLedgerDbRow = Awaited<ReturnType<typeof reunionLedgerPage>>[number];

export function reunionLedgerPage(db: Executor, f: ReunionLedgerFilter, limit: number, offset: number) {
  const sort = f.sort ?? { field: 'startedAt', desc: true };
  const col = {
    startedAt: 'r.startedAt',
    handedOverOn: 'r.handedOverOn',
    caseNo: 'c.caseNo',
    stationName: 's.name',
  } as const;
  return ledger(db, f)
    .orderBy(col[sort.field], sort.desc ? 'desc' : 'asc')
    .orderBy('r.id', sort.desc ? 'desc' : 'asc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countReunionLedger(db: Executor, f: ReunionLedgerFilter): Promise<number> {
  const r = await ledger(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Handed-over reunions in scope with the handover day in [from, to]: what the statistics count. */
export function handedOverReunions(
  db: Executor,
  f: { scope: ScopeFilter; stationId?: string; from: string; to: string },
) {
  let q = db
    .selectFrom('rescueReunions as r')
    .innerJoin('rescueCases as c', 'c.id', 'r.caseId')
    .select(['r.id', 'r.channel', 'r.handedOverOn', 'c.entryDate'])
    .where('r.status', '=', 'handed_over')
    .where('r.handedOverOn', '>=', f.from)
    .where('r.handedOverOn', '<=', f.to)
    .where((eb) => whereInScope(eb, f.scope, { division: 'r.divisionCode', institution: 'r.stationId' }));
  if (f.stationId) q = q.where('r.stationId', '=', f.stationId);
  return q.orderBy('r.handedOverOn').orderBy('r.id').execute();
}

// ---------------------------------------------------------------------------------------------------
// Demo data
// ---------------------------------------------------------------------------------------------------

/** Departures 亲属接领 without a reunion yet (the demo seed records them as handed-over reunions). */
export function familyCollectionsWithoutReunion(db: Executor, limit: number) {
  return db
    .selectFrom('rescueDepartures as d')
    .innerJoin('rescueCases as c', 'c.id', 'd.caseId')
    .leftJoin('rescueReunions as r', 'r.departureId', 'd.id')
    .select([
      'd.id as departureId',
      'd.caseId',
      'd.stationId',
      'd.divisionCode',
      'd.departedOn',
      'd.collectorName',
      'd.collectorRelation',
      'd.collectorResidentIdMasked',
      'd.collectorResidentIdHmac',
      'd.collectorPhone',
      'd.recordedBy',
      'd.recordedAt',
      'c.entryDate',
    ])
    .where('d.kind', '=', 'collected_by_family')
    .where('r.id', 'is', null)
    .orderBy('d.departedOn')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

/** Open cases of unidentified people without any reunion, longest stay first (demo seed). */
export function openUnidentifiedWithoutReunion(db: Executor, limit: number) {
  return db
    .selectFrom('rescueCases as c')
    .leftJoin('rescueReunions as r', 'r.caseId', 'c.id')
    .selectAll('c')
    .where('c.status', 'in', OPEN_RESCUE_CASE_STATUSES)
    .where('c.identityStatus', '<>', 'identified')
    .where('r.id', 'is', null)
    .orderBy('c.entryDate')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

export async function countReunions(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('rescueReunions')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
