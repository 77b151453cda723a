/**
 * SQL of the family-search feed (`family_search_entries`, migration 0014) and of the missing-person
 * report list and status change. The feed is written by every line that publishes searchable records,
 * always inside the line's own transaction.
 */
import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import { ilike, likeContains, toCount, type Database, type DialectName } from '../db/index';
import type { FamilySearchEntryRow, MissingPersonReportRow } from './matching.table';

type Executor = Kysely<Database> | Transaction<Database>;

// ── the feed ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The last committed feed position (0: none); read under the audit chain lock in the pre-commit step,
 * so positions follow commit order. Rows of open transactions carry a negative placeholder
 * (family-search-entries.service.ts), which this ignores.
 */
export async function lastEntrySeq(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('familySearchEntries')
    .select(sql<number>`max(seq)`.as('m'))
    .executeTakeFirst();
  return Math.max(0, toCount(r?.m));
}

/** Gives a feed row its real position (the pre-commit step). */
export async function setEntrySeq(db: Executor, id: string, seq: number): Promise<void> {
  await db.updateTable('familySearchEntries').set({ seq }).where('id', '=', id).execute();
}

/** The last committed missing-person report position (0: none), as `lastEntrySeq`. */
export async function lastReportSeq(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('missingPersonReports')
    .select(sql<number>`max(seq)`.as('m'))
    .executeTakeFirst();
  return Math.max(0, toCount(r?.m));
}

/** Gives a report its real filing position (the pre-commit step). */
export async function setReportSeq(db: Executor, id: string, seq: number): Promise<void> {
  await db.updateTable('missingPersonReports').set({ seq }).where('id', '=', id).execute();
}

export function findEntry(db: Executor, id: string): Promise<FamilySearchEntryRow | undefined> {
  return entryByIdQuery(db, id).executeTakeFirst();
}

/** A feed row by id (the candidates of a stored record start from it). */
export function entryByIdQuery(db: Executor, id: string) {
  return db.selectFrom('familySearchEntries').selectAll().where('id', '=', id);
}

export async function insertEntry(db: Executor, row: FamilySearchEntryRow): Promise<void> {
  await db.insertInto('familySearchEntries').values(row).execute();
}

export async function replaceEntry(
  db: Executor,
  id: string,
  row: Omit<FamilySearchEntryRow, 'id' | 'createdAt'>,
): Promise<void> {
  await db.updateTable('familySearchEntries').set(row).where('id', '=', id).execute();
}

export async function markEntryRemoved(db: Executor, id: string, seq: number, at: string): Promise<void> {
  await db
    .updateTable('familySearchEntries')
    .set({ status: 'removed', seq, updatedAt: at })
    .where('id', '=', id)
    .execute();
}

/** Feed rows changed after `seq`, in commit order (the in-memory index applies them incrementally). */
export function entriesAfterQuery(db: Executor, seq: number, limit = 50_000) {
  return db.selectFrom('familySearchEntries').selectAll().where('seq', '>', seq).orderBy('seq').limit(limit);
}

export function entriesAfter(db: Executor, seq: number, limit = 50_000): Promise<FamilySearchEntryRow[]> {
  return entriesAfterQuery(db, seq, limit).execute();
}

/** The feed rows of the hits of one search, by id. */
export function entriesByIds(db: Executor, ids: readonly string[]): Promise<FamilySearchEntryRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('familySearchEntries')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

// ── missing-person reports ──────────────────────────────────────────────────────────────────────

export function reportsByIds(db: Executor, ids: readonly string[]): Promise<MissingPersonReportRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('missingPersonReports')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export interface ReportListFilter {
  scope: ScopeFilter;
  status?: 'open' | 'found' | 'withdrawn' | undefined;
  q?: string | undefined;
  /** A column the clerk sorted by; none: newest report first. */
  sort?: { field: MissingReportSortField; desc: boolean } | undefined;
}

export type MissingReportSortField = 'created' | 'lostOn' | 'birthYear' | 'status';

/**
 * The list's order: the sorted column (unknown dates and years last in both directions, on both
 * databases alike), then the newest report, so a page boundary never splits or repeats a row (seq is
 * unique).
 */
function orderedReports<O>(
  query: SelectQueryBuilder<Database, 'missingPersonReports', O>,
  sort: ReportListFilter['sort'],
) {
  if (!sort) return query.orderBy('seq', 'desc');
  const dir = sort.desc ? 'desc' : 'asc';
  switch (sort.field) {
    case 'created':
      return query.orderBy('seq', dir);
    case 'lostOn':
      return query
        .orderBy(sql`case when lost_on is null then 1 else 0 end`)
        .orderBy('lostOn', dir)
        .orderBy('seq', 'desc');
    case 'birthYear':
      return query
        .orderBy(sql`case when birth_year is null then 1 else 0 end`)
        .orderBy('birthYear', dir)
        .orderBy('seq', 'desc');
    case 'status':
      // Open reports first when ascending: the order a report moves through, not the codes' order.
      return query
        .orderBy(sql`case status when 'open' then 0 when 'found' then 1 else 2 end`, dir)
        .orderBy('seq', 'desc');
  }
}

function reportListBase(db: Executor, dialect: DialectName, f: ReportListFilter) {
  let q = db
    .selectFrom('missingPersonReports')
    .where((eb) => whereInScope(eb, f.scope, { division: 'divisionCode' }));
  if (f.status) q = q.where('status', '=', f.status);
  const term = f.q?.trim();
  if (term) {
    const pattern = likeContains(term);
    q = q.where((eb) => eb.or([ilike(dialect, 'name', pattern), ilike(dialect, 'features', pattern)]));
  }
  return q;
}

/** A page of reports inside the scope, newest first unless sorted otherwise, and the total. */
export async function listReports(
  db: Executor,
  dialect: DialectName,
  f: ReportListFilter,
  page: { page: number; pageSize: number },
): Promise<{ rows: MissingPersonReportRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    orderedReports(reportListBase(db, dialect, f).selectAll(), f.sort)
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    reportListBase(db, dialect, f)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst(),
  ]);
  return { rows, total: toCount(total?.n) };
}

/** open → found | withdrawn, only if still open (a concurrent change wins once). */
export async function closeReport(
  db: Executor,
  id: string,
  change: { status: 'found' | 'withdrawn'; reason: string; at: string; by: string },
): Promise<boolean> {
  const r = await db
    .updateTable('missingPersonReports')
    .set({ status: change.status, statusReason: change.reason, closedAt: change.at, closedBy: change.by })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
