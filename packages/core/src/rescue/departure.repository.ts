/**
 * SQL of the departure concern (离站与落户安置): departures, settlement files, the belongings register of
 * the intake concern as it is returned, the 离站与安置 ledger, and the case changes a departure, a
 * settlement, a death or a person merge makes.
 */
import { sql, type Insertable, type Selectable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { RescueDeparturesTable, RescueSettlementsTable } from './departure.table';
import type { RescueCaseStatus } from './rescue.table';

export type RescueDepartureRow = Selectable<RescueDeparturesTable>;
export type RescueSettlementRow = Selectable<RescueSettlementsTable>;

export async function insertDeparture(db: Executor, row: Insertable<RescueDeparturesTable>): Promise<void> {
  await db.insertInto('rescueDepartures').values(row).execute();
}

export function departureOfCase(db: Executor, caseId: string): Promise<RescueDepartureRow | undefined> {
  return db.selectFrom('rescueDepartures').selectAll().where('caseId', '=', caseId).executeTakeFirst();
}

export async function insertSettlement(db: Executor, row: Insertable<RescueSettlementsTable>): Promise<void> {
  await db.insertInto('rescueSettlements').values(row).execute();
}

/** A settlement file with the status of its approval instance (null before submission). */
export type RescueSettlementReadRow = RescueSettlementRow & { approvalStatus: string | null };

/**
 * The case's latest settlement file (the one under way or approved first), with its approval's status:
 * a file still `pending` whose approval was withdrawn in the approval engine (which emits no event for a
 * withdrawal) is shown withdrawn by `presentSettlement`.
 */
export function settlementOfCase(db: Executor, caseId: string): Promise<RescueSettlementReadRow | undefined> {
  return db
    .selectFrom('rescueSettlements as st')
    .leftJoin('approvalInstances as ai', 'ai.id', 'st.approvalId')
    .selectAll('st')
    .select((eb) => eb.ref('ai.status').$castTo<string | null>().as('approvalStatus'))
    .where('st.caseId', '=', caseId)
    .orderBy(sql`case when st.status in ('pending', 'approved') then 0 else 1 end`)
    .orderBy('st.createdAt', 'desc')
    .orderBy('st.id', 'desc')
    .executeTakeFirst();
}

/** The case's settlement file under way (status pending), with its approval's status, if any. */
export function pendingSettlementOfCase(
  db: Executor,
  caseId: string,
): Promise<RescueSettlementReadRow | undefined> {
  return db
    .selectFrom('rescueSettlements as st')
    .leftJoin('approvalInstances as ai', 'ai.id', 'st.approvalId')
    .selectAll('st')
    .select((eb) => eb.ref('ai.status').$castTo<string | null>().as('approvalStatus'))
    .where('st.caseId', '=', caseId)
    .where('st.status', '=', 'pending')
    .executeTakeFirst();
}

/**
 * Pending settlement files of a case whose approval was withdrawn in the approval engine (no event):
 * marked withdrawn, so the case may apply again (one file under way per case). Returns how many.
 */
export async function settleWithdrawnSettlements(db: Executor, caseId: string, at: string): Promise<number> {
  const r = await db
    .updateTable('rescueSettlements')
    .set({ status: 'withdrawn', decidedAt: at, updatedAt: at, decisionReason: '审批事项已撤回' })
    .where('caseId', '=', caseId)
    .where('status', '=', 'pending')
    .where('approvalId', 'in', (eb) =>
      eb.selectFrom('approvalInstances').select('id').where('status', '=', 'withdrawn'),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function settlementByApproval(
  db: Executor,
  approvalId: string,
): Promise<RescueSettlementRow | undefined> {
  return db
    .selectFrom('rescueSettlements')
    .selectAll()
    .where('approvalId', '=', approvalId)
    .executeTakeFirst();
}

export async function setSettlementApproval(db: Executor, id: string, approvalId: string): Promise<void> {
  await db.updateTable('rescueSettlements').set({ approvalId }).where('id', '=', id).execute();
}

/** Moves a pending settlement to its outcome; false when it was no longer pending (a replayed event). */
export async function decideSettlement(
  db: Executor,
  id: string,
  change: { status: 'approved' | 'rejected' | 'withdrawn'; decidedAt: string; decisionReason: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('rescueSettlements')
    .set({ ...change, updatedAt: change.decidedAt })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The intake register of the case's belongings and documents (intake concern's table). */
export function belongingsOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('rescueBelongings')
    .select(['id', 'item', 'quantity', 'description', 'identityDocument', 'returnedAt', 'returnedNote'])
    .where('caseId', '=', caseId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** Marks an item of the register returned (or records why it was not). */
export async function markBelonging(
  db: Executor,
  caseId: string,
  itemId: string,
  change: { returnedAt: string | null; returnedNote: string | null },
): Promise<void> {
  await db
    .updateTable('rescueBelongings')
    .set(change)
    .where('id', '=', itemId)
    .where('caseId', '=', caseId)
    .execute();
}

/**
 * Closes an open case (departed, settled, deceased); false when it was already closed. The closing
 * transaction has locked the case first (`lockedVisibleCase`), or the subscriber relies on this
 * conditional update.
 */
export async function closeCase(
  db: Executor,
  caseId: string,
  change: {
    status: Extract<RescueCaseStatus, 'departed' | 'settled' | 'deceased'>;
    closeKind: string;
    closeNote: string | null;
    at: string;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('rescueCases')
    .set((eb) => ({
      status: change.status,
      closedAt: change.at,
      closeKind: change.closeKind,
      closeNote: change.closeNote,
      updatedAt: change.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', caseId)
    .where('closedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The open case of a person, if any (at most one: `rescue_cases_open_person_uq`). */
export function openCaseOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('rescueCases')
    .selectAll()
    .where('personId', '=', personId)
    .where('closedAt', 'is', null)
    .executeTakeFirst();
}

/** Every case (open or closed) naming a person. */
export function casesOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('rescueCases')
    .selectAll()
    .where('personId', '=', personId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** Re-points a case from one person record to another; false when it no longer names `from`. */
export async function repointCase(db: Executor, caseId: string, from: string, to: string, at: string) {
  const r = await db
    .updateTable('rescueCases')
    .set((eb) => ({ personId: to, updatedAt: at, version: eb('version', '+', 1) }))
    .where('id', '=', caseId)
    .where('personId', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The active placement of a case (stay concern's table), ended when the case closes. */
export async function endActivePlacement(
  db: Executor,
  caseId: string,
  endedOn: string,
  endReason: string,
  at: string,
) {
  const r = await db
    .updateTable('rescuePlacements')
    .set({ status: 'ended', endedOn, endReason, updatedAt: at })
    .where('caseId', '=', caseId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function personName(db: Executor, personId: string) {
  return db.selectFrom('people').select(['name', 'deathDate']).where('id', '=', personId).executeTakeFirst();
}

export function stationName(db: Executor, stationId: string) {
  return db.selectFrom('rescueStations').select(['name']).where('id', '=', stationId).executeTakeFirst();
}

export interface DepartureLedgerFilter {
  scope: ScopeFilter;
  type?: 'departure' | 'settlement';
  kind?: string;
  stationId?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: { field: 'date' | 'caseNo' | 'stationName'; desc: boolean };
}

function departurePart(db: Executor, f: DepartureLedgerFilter) {
  let q = db
    .selectFrom('rescueDepartures as d')
    .innerJoin('rescueCases as c', 'c.id', 'd.caseId')
    .innerJoin('rescueStations as s', 's.id', 'd.stationId')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .select([
      sql<'departure' | 'settlement'>`'departure'`.as('type'),
      'd.id as id',
      'd.caseId as caseId',
      'c.caseNo as caseNo',
      'p.name as personName',
      'd.stationId as stationId',
      's.name as stationName',
      'd.divisionCode as divisionCode',
      (eb) => eb.ref('d.kind').$castTo<string>().as('kind'),
      'd.departedOn as date',
      'd.destination as destination',
      'd.cashTotalFen as cashTotalFen',
      sql<string | null>`null`.as('settlementStatus'),
      sql<string | null>`null`.as('approvalId'),
      'd.recordedBy as recordedBy',
    ])
    .where((eb) => whereInScope(eb, f.scope, { division: 'd.divisionCode', institution: 'd.stationId' }));
  if (f.kind) q = q.where('d.kind', '=', f.kind as RescueDeparturesTable['kind']);
  if (f.stationId) q = q.where('d.stationId', '=', f.stationId);
  if (f.from) q = q.where('d.departedOn', '>=', f.from);
  if (f.to) q = q.where('d.departedOn', '<=', f.to);
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) => eb.or([eb('c.caseNo', 'like', like), eb('p.name', 'like', like)]));
  }
  return q;
}

function settlementPart(db: Executor, f: DepartureLedgerFilter) {
  let q = db
    .selectFrom('rescueSettlements as st')
    .leftJoin('approvalInstances as ai', 'ai.id', 'st.approvalId')
    .innerJoin('rescueCases as c', 'c.id', 'st.caseId')
    .innerJoin('rescueStations as s', 's.id', 'st.stationId')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .select([
      sql<'departure' | 'settlement'>`'settlement'`.as('type'),
      'st.id as id',
      'st.caseId as caseId',
      'c.caseNo as caseNo',
      'p.name as personName',
      'st.stationId as stationId',
      's.name as stationName',
      'st.divisionCode as divisionCode',
      sql<string>`'settlement'`.as('kind'),
      'st.appliedOn as date',
      'st.collectiveHukouInstitution as destination',
      sql<number>`0`.as('cashTotalFen'),
      // A file still pending whose approval was withdrawn in the engine (no event) shows withdrawn.
      sql<
        string | null
      >`case when st.status = 'pending' and ai.status = 'withdrawn' then 'withdrawn' else st.status end`.as(
        'settlementStatus',
      ),
      'st.approvalId as approvalId',
      'st.createdBy as recordedBy',
    ])
    .where((eb) => whereInScope(eb, f.scope, { division: 'st.divisionCode', institution: 'st.stationId' }));
  if (f.stationId) q = q.where('st.stationId', '=', f.stationId);
  if (f.from) q = q.where('st.appliedOn', '>=', f.from);
  if (f.to) q = q.where('st.appliedOn', '<=', f.to);
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) => eb.or([eb('c.caseNo', 'like', like), eb('p.name', 'like', like)]));
  }
  return q;
}

function ledger(db: Executor, f: DepartureLedgerFilter) {
  const wantDepartures = f.type !== 'settlement';
  const wantSettlements = f.type !== 'departure' && (!f.kind || f.kind === 'settlement');
  if (wantDepartures && wantSettlements) {
    return db.selectFrom(departurePart(db, f).unionAll(settlementPart(db, f)).as('l')).selectAll();
  }
  if (wantSettlements) return db.selectFrom(settlementPart(db, f).as('l')).selectAll();
  return db.selectFrom(departurePart(db, f).as('l')).selectAll();
}

export type DepartureLedgerDbRow = Awaited<ReturnType<typeof departureLedgerPage>>[number];

export function departureLedgerPage(db: Executor, f: DepartureLedgerFilter, limit: number, offset: number) {
  const sort = f.sort ?? { field: 'date', desc: true };
  return ledger(db, f)
    .orderBy(sort.field, sort.desc ? 'desc' : 'asc')
    .orderBy('id', sort.desc ? 'desc' : 'asc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countDepartureLedger(db: Executor, f: DepartureLedgerFilter): Promise<number> {
  const r = await db
    .selectFrom(ledger(db, f).as('x'))
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
