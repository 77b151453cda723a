/** SQL of the rescue hotline call records (R-RES-14). */
import type { Insertable, Selectable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { RescueHotlineCallsTable, RescueRecordingStatus, RescueHotlineCategory } from './hotline.table';

export type RescueHotlineCallRow = Selectable<RescueHotlineCallsTable>;
export type HotlineListRow = RescueHotlineCallRow & { stationName: string; caseNo: string | null };

export async function insertHotlineCall(
  db: Executor,
  row: Insertable<RescueHotlineCallsTable>,
): Promise<void> {
  await db.insertInto('rescueHotlineCalls').values(row).execute();
}

export interface HotlineFilter {
  scope: ScopeFilter;
  stationId?: string | undefined;
  category?: RescueHotlineCategory | undefined;
  recordingStatus?: RescueRecordingStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** A word of the summary, or the last digits of the caller's number. */
  q?: string | undefined;
}

const SORTS = {
  calledAt: 'h.calledAt',
  durationSeconds: 'h.durationSeconds',
  stationName: 's.name',
} as const;
export type HotlineSort = keyof typeof SORTS;

function filteredCalls(db: Executor, f: HotlineFilter) {
  let q = db
    .selectFrom('rescueHotlineCalls as h')
    .innerJoin('rescueStations as s', 's.id', 'h.stationId')
    .leftJoin('rescueCases as c', 'c.id', 'h.caseId')
    .selectAll('h')
    .select(['s.name as stationName', 'c.caseNo as caseNo'])
    .where((eb) => whereInScope(eb, f.scope, { division: 'h.divisionCode', institution: 'h.stationId' }));
  if (f.stationId) q = q.where('h.stationId', '=', f.stationId);
  if (f.category) q = q.where('h.category', '=', f.category);
  if (f.recordingStatus) q = q.where('h.recordingStatus', '=', f.recordingStatus);
  if (f.from) q = q.where('h.recordedOn', '>=', f.from);
  if (f.to) q = q.where('h.recordedOn', '<=', f.to);
  const term = f.q?.trim();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = /^[0-9]{3,}$/.test(term)
      ? q.where((eb) => eb.or([eb('h.callerNumber', 'like', `%${term}`), eb('h.summary', 'like', like)]))
      : q.where('h.summary', 'like', like);
  }
  return q;
}

export function findHotlineCall(db: Executor, id: string): Promise<HotlineListRow | undefined> {
  return db
    .selectFrom('rescueHotlineCalls as h')
    .innerJoin('rescueStations as s', 's.id', 'h.stationId')
    .leftJoin('rescueCases as c', 'c.id', 'h.caseId')
    .selectAll('h')
    .select(['s.name as stationName', 'c.caseNo as caseNo'])
    .where('h.id', '=', id)
    .executeTakeFirst();
}

export async function listHotlineRows(
  db: Executor,
  f: HotlineFilter,
  page: { offset: number; limit: number; sort: HotlineSort; desc: boolean },
): Promise<{ rows: HotlineListRow[]; total: number }> {
  const count = await filteredCalls(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredCalls(db, f)
    .orderBy(SORTS[page.sort], page.desc ? 'desc' : 'asc')
    .orderBy('h.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(count.n) };
}

/** Recordings still kept that were made on or before `recordedOnOrBefore` (retention candidates). */
export function keptRecordingsUpTo(
  db: Executor,
  recordedOnOrBefore: string,
): Promise<Pick<RescueHotlineCallRow, 'id' | 'stationId' | 'divisionCode' | 'recordedOn'>[]> {
  return db
    .selectFrom('rescueHotlineCalls')
    .select(['id', 'stationId', 'divisionCode', 'recordedOn'])
    .where('recordingStatus', '=', 'kept')
    .where('recordedOn', '<=', recordedOnOrBefore)
    .orderBy('recordedOn')
    .orderBy('id')
    .execute();
}

/**
 * Marks recordings purged: the file reference and the caller's number are cleared, the call's metadata
 * (station, time, duration, category, summary, case) stays. Only rows still `kept` change, so a second
 * run changes nothing. Returns the number of rows changed.
 */
export async function markRecordingsPurged(
  db: Executor,
  ids: readonly string[],
  at: string,
): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const r = await db
      .updateTable('rescueHotlineCalls')
      .set({ recordingStatus: 'purged', recordingRef: null, callerNumber: null, purgedAt: at })
      .where('id', 'in', ids.slice(i, i + 500))
      .where('recordingStatus', '=', 'kept')
      .executeTakeFirst();
    n += Number(r.numUpdatedRows);
  }
  return n;
}

/** Whether any call was recorded by `createdBy` (the demo seed's idempotency check). */
export async function anyCallCreatedBy(db: Executor, createdBy: string): Promise<boolean> {
  const r = await db
    .selectFrom('rescueHotlineCalls')
    .select('id')
    .where('createdBy', '=', createdBy)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
