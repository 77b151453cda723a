/** SQL of the matching domain only: rolls, jobs, pairs, missing-person reports. */
import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { toCount } from '../db/index';
import type { Database } from '../db/index';
import type {
  MatchBand,
  MatchFollowUpRow,
  MatchJobRow,
  MatchJobStatus,
  MatchPairRow,
  MatchPairStatus,
  MatchRecordRow,
  MissingPersonReportRow,
} from './matching.table';

type Executor = Kysely<Database> | Transaction<Database>;

// ── rolls ────────────────────────────────────────────────────────────────────────────────────────

export async function insertMatchRecords(db: Executor, rows: MatchRecordRow[]): Promise<void> {
  // Batches keep the bound-parameter count under SQLite's and PostgreSQL's limits.
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('matchRecords')
      .values(rows.slice(i, i + 500))
      .execute();
}

export function findMatchRecord(db: Executor, id: string): Promise<MatchRecordRow | undefined> {
  return db.selectFrom('matchRecords').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records of a roll under a division prefix, in id order (stable row numbers for a job). */
export function recordsOfRoll(
  db: Executor,
  source: string,
  divisionPrefix: string,
): Promise<MatchRecordRow[]> {
  return db
    .selectFrom('matchRecords')
    .selectAll()
    .where('source', '=', source)
    .where('divisionCode', 'like', `${divisionPrefix}%`)
    .orderBy('id')
    .execute();
}

export async function rollSummaries(db: Executor, divisionPrefix: string) {
  const rows = await db
    .selectFrom('matchRecords')
    .where('divisionCode', 'like', `${divisionPrefix}%`)
    .select(['source', sql<number>`count(*)`.as('n'), sql<string>`max(imported_at)`.as('lastImportedAt')])
    .groupBy('source')
    .orderBy('source')
    .execute();
  return rows.map((r) => ({ source: r.source, records: toCount(r.n), lastImportedAt: r.lastImportedAt }));
}

/** People of the master index under a division prefix (optionally by status), in id order. */
export function peopleOfRoll(db: Executor, divisionPrefix: string, status?: 'alive' | 'deceased') {
  let q = db
    .selectFrom('people')
    .select([
      'id',
      'name',
      'sex',
      'birthDate',
      'residentId',
      'divisionCode',
      'hukouDivisionCode',
      'status',
      'deathDate',
    ])
    .where('divisionCode', 'like', `${divisionPrefix}%`);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('id').execute();
}

// ── jobs ─────────────────────────────────────────────────────────────────────────────────────────

export async function insertJob(db: Executor, row: MatchJobRow): Promise<void> {
  await db.insertInto('matchJobs').values(row).execute();
}

export function findJob(db: Executor, id: string): Promise<MatchJobRow | undefined> {
  return db.selectFrom('matchJobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function jobsWithStatus(db: Executor, statuses: MatchJobStatus[]): Promise<MatchJobRow[]> {
  return db
    .selectFrom('matchJobs')
    .selectAll()
    .where('status', 'in', statuses)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function updateJob(
  db: Executor,
  id: string,
  patch: Partial<Omit<MatchJobRow, 'id'>>,
  onlyIfStatus?: MatchJobStatus[],
): Promise<boolean> {
  let q = db.updateTable('matchJobs').set(patch).where('id', '=', id);
  if (onlyIfStatus) q = q.where('status', 'in', onlyIfStatus);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listJobs(
  db: Executor,
  divisionPrefix: string,
  page: { limit: number; offset: number },
) {
  const base = db.selectFrom('matchJobs').where('divisionCode', 'like', `${divisionPrefix}%`);
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toCount(total.n) };
}

// ── pairs ────────────────────────────────────────────────────────────────────────────────────────

/** Inserts candidate pairs; a pair already stored for the job (a resumed chunk) is skipped. */
export async function insertPairs(db: Executor, rows: MatchPairRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('matchPairs')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['jobId', 'leftId', 'rightId']).doNothing())
      .execute();
  }
}

/**
 * The one-to-one test's outcome on a job's stored pairs (ADR 0035): an open pair moves band or leaves the
 * job. A pair a reviewer already claimed or decided is left as it is.
 */
export async function settleJobPairs(
  db: Executor,
  jobId: string,
  changes: readonly { leftId: string; rightId: string; band: MatchBand | null }[],
): Promise<void> {
  for (const c of changes) {
    // The pair, while still open and unclaimed.
    const openPair = (eb: ExpressionBuilder<Database, 'matchPairs'>) =>
      eb.and([
        eb('jobId', '=', jobId),
        eb('leftId', '=', c.leftId),
        eb('rightId', '=', c.rightId),
        eb('status', '=', 'open'),
        eb('claimedBy', 'is', null),
      ]);
    if (c.band === null) await db.deleteFrom('matchPairs').where(openPair).execute();
    else await db.updateTable('matchPairs').set({ band: c.band }).where(openPair).execute();
  }
}

export async function countPairs(
  db: Executor,
  jobId: string,
): Promise<{ total: number; fastTrack: number; review: number }> {
  const rows = await db
    .selectFrom('matchPairs')
    .select(['band', sql<number>`count(*)`.as('n')])
    .where('jobId', '=', jobId)
    .groupBy('band')
    .execute();
  const of = (b: MatchBand) => toCount(rows.find((r) => r.band === b)?.n);
  return { total: of('fast-track') + of('review'), fastTrack: of('fast-track'), review: of('review') };
}

export async function pairStatusCounts(
  db: Executor,
  jobId: string,
): Promise<Record<MatchPairStatus, number>> {
  const rows = await db
    .selectFrom('matchPairs')
    .select(['status', sql<number>`count(*)`.as('n')])
    .where('jobId', '=', jobId)
    .groupBy('status')
    .execute();
  const out: Record<MatchPairStatus, number> = { open: 0, claimed: 0, confirmed: 0, rejected: 0, unsure: 0 };
  for (const r of rows) out[r.status] = toCount(r.n);
  return out;
}

export function findPair(db: Executor, id: string): Promise<MatchPairRow | undefined> {
  return db.selectFrom('matchPairs').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface PairFilter {
  divisionPrefix: string;
  jobId?: string;
  band?: MatchBand;
  status?: MatchPairStatus;
  rightSource?: string;
  claimedBy?: string;
  /** Confirmed pairs whose follow-up by the owning line is pending / done. */
  followUp?: 'pending' | 'done';
  /** A column the reviewer sorted by; none: best score first. Ties always end on id. */
  sort?: { field: PairSortField; desc: boolean };
}

export type PairSortField = 'score' | 'probability' | 'created' | 'status';

/**
 * The queue's order: the sorted column, then (for status) the best score, then id, so a page boundary
 * never splits or repeats a row. Statuses sort in the order a pair moves through them, not by code.
 */
function orderedPairs<O>(query: SelectQueryBuilder<Database, 'matchPairs', O>, sort: PairFilter['sort']) {
  if (!sort) return query.orderBy('score', 'desc').orderBy('id');
  const dir = sort.desc ? 'desc' : 'asc';
  switch (sort.field) {
    case 'score':
      return query.orderBy('score', dir).orderBy('id');
    case 'probability':
      return query.orderBy('probability', dir).orderBy('score', dir).orderBy('id');
    case 'created':
      return query.orderBy('createdAt', dir).orderBy('id', dir);
    case 'status':
      return query
        .orderBy(
          sql`case status when 'open' then 0 when 'claimed' then 1 when 'unsure' then 2 when 'confirmed' then 3 else 4 end`,
          dir,
        )
        .orderBy('score', 'desc')
        .orderBy('id');
  }
}

function filteredPairs(db: Executor, f: PairFilter) {
  let base = db.selectFrom('matchPairs').where('divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.jobId) base = base.where('jobId', '=', f.jobId);
  if (f.band) base = base.where('band', '=', f.band);
  if (f.status) base = base.where('status', '=', f.status);
  if (f.rightSource) base = base.where('rightSource', '=', f.rightSource);
  if (f.claimedBy) base = base.where('claimedBy', '=', f.claimedBy);
  if (f.followUp) {
    const status = f.followUp;
    base = base.where('id', 'in', (eb) =>
      eb.selectFrom('matchFollowUps').select('pairId').where('status', '=', status),
    );
  }
  return base;
}

/**
 * Candidates for "next pair": open pairs (and unsure ones the reviewer did not mark unsure) under the
 * filter, best score first. The caller claims one with the conditional claimPair, so two reviewers
 * asking at once never get the same pair.
 */
export function nextOpenPairIds(db: Executor, f: PairFilter, username: string, limit = 5) {
  return filteredPairs(db, { ...f, status: undefined, claimedBy: undefined })
    .select('id')
    .where((eb) =>
      eb.or([
        eb('status', '=', 'open'),
        eb.and([
          eb('status', '=', 'unsure'),
          eb.or([eb('decidedBy', 'is', null), eb('decidedBy', '!=', username)]),
        ]),
      ]),
    )
    .orderBy('score', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** A pair under the filter the reviewer already holds (claimed and not decided), if any. */
export function heldPair(db: Executor, f: PairFilter, username: string): Promise<MatchPairRow | undefined> {
  return filteredPairs(db, { ...f, status: 'claimed', claimedBy: username })
    .selectAll()
    .orderBy('score', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Open pairs (to review) under a division prefix. */
export async function countOpenPairs(db: Executor, divisionPrefix: string): Promise<number> {
  const r = await db
    .selectFrom('matchPairs')
    .select(sql<number>`count(*)`.as('n'))
    .where('divisionCode', 'like', `${divisionPrefix}%`)
    .where('status', 'in', ['open', 'unsure'])
    .executeTakeFirstOrThrow();
  return toCount(r.n);
}

// ── follow-ups of confirmed pairs ────────────────────────────────────────────────────────────────

/** Inserts a confirmed pair's follow-up; a pair confirmed again keeps its first one. */
export async function insertFollowUp(db: Executor, row: MatchFollowUpRow): Promise<void> {
  await db
    .insertInto('matchFollowUps')
    .values(row)
    .onConflict((oc) => oc.column('pairId').doNothing())
    .execute();
}

export function findFollowUp(db: Executor, pairId: string): Promise<MatchFollowUpRow | undefined> {
  return db.selectFrom('matchFollowUps').selectAll().where('pairId', '=', pairId).executeTakeFirst();
}

/** Marks a pending follow-up done; false when it was not pending. */
export async function completeFollowUp(
  db: Executor,
  pairId: string,
  by: string,
  at: string,
  note: string,
): Promise<boolean> {
  const r = await db
    .updateTable('matchFollowUps')
    .set({ status: 'done', doneBy: by, doneAt: at, note })
    .where('pairId', '=', pairId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Pending follow-ups under a division prefix, with the oldest one's creation instant. */
export async function pendingFollowUps(
  db: Executor,
  divisionPrefix: string,
): Promise<{ count: number; oldest: string | null }> {
  const r = await db
    .selectFrom('matchFollowUps')
    .select([sql<number>`count(*)`.as('n'), sql<string | null>`min(created_at)`.as('oldest')])
    .where('status', '=', 'pending')
    .where('divisionCode', 'like', `${divisionPrefix}%`)
    .executeTakeFirstOrThrow();
  return { count: toCount(r.n), oldest: r.oldest ?? null };
}

export async function listPairs(db: Executor, f: PairFilter, page: { limit: number; offset: number }) {
  const base = filteredPairs(db, f);
  const [rows, total] = await Promise.all([
    orderedPairs(base.selectAll(), f.sort).limit(page.limit).offset(page.offset).execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toCount(total.n) };
}

/** Streams a filtered queue in batches (Excel export), in the list's order. */
export async function* iteratePairs(db: Executor, f: PairFilter, batch = 2_000) {
  for (let offset = 0; ; offset += batch) {
    const rows = await orderedPairs(filteredPairs(db, f).selectAll(), f.sort)
      .limit(batch)
      .offset(offset)
      .execute();
    yield* rows;
    if (rows.length < batch) return;
  }
}

/** Names of records by kind, for queue rows (one query per kind). */
export async function namesOf(
  db: Executor,
  refs: { kind: 'people' | 'records'; id: string }[],
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const people = [...new Set(refs.filter((r) => r.kind === 'people').map((r) => r.id))];
  const records = [...new Set(refs.filter((r) => r.kind === 'records').map((r) => r.id))];
  if (people.length)
    for (const r of await db.selectFrom('people').select(['id', 'name']).where('id', 'in', people).execute())
      out.set(`people:${r.id}`, r.name);
  if (records.length)
    for (const r of await db
      .selectFrom('matchRecords')
      .select(['id', 'name'])
      .where('id', 'in', records)
      .execute())
      out.set(`records:${r.id}`, r.name);
  return out;
}

/**
 * Atomic conditional claim: succeeds only if the pair is still open (or unsure, for a second look).
 * Two concurrent claims: exactly one updates the row, the other sees 0 rows.
 */
export async function claimPair(db: Executor, id: string, username: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('matchPairs')
    .set((eb) => ({ status: 'claimed', claimedBy: username, claimedAt: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', 'in', ['open', 'unsure'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Conditional assignment: like a claim, on behalf of another reviewer. */
export async function assignPair(db: Executor, id: string, username: string, at: string): Promise<boolean> {
  return claimPair(db, id, username, at);
}

/** The account a pair may be assigned to (role and scope are checked by the service). */
export function reviewerAccount(db: Executor, username: string) {
  return db
    .selectFrom('users')
    .select(['username', 'role', 'divisionCode', 'status'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function releasePair(db: Executor, id: string, username: string): Promise<boolean> {
  const r = await db
    .updateTable('matchPairs')
    .set((eb) => ({ status: 'open', claimedBy: null, claimedAt: null, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'claimed')
    .where('claimedBy', '=', username)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a decision if the pair is claimed by the deciding reviewer; returns whether it did. */
export async function decidePair(
  db: Executor,
  id: string,
  username: string,
  decision: 'confirmed' | 'rejected' | 'unsure',
  reason: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('matchPairs')
    .set((eb) => ({
      status: decision,
      claimedBy: null,
      claimedAt: null,
      decidedBy: username,
      decidedAt: at,
      decisionReason: reason,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'claimed')
    .where('claimedBy', '=', username)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── missing-person reports ───────────────────────────────────────────────────────────────────────

export async function insertReport(db: Executor, row: MissingPersonReportRow): Promise<void> {
  await db.insertInto('missingPersonReports').values(row).execute();
}

/** A report by id (the family search fetches each candidate the index found). */
export function reportByIdQuery(db: Executor, id: string) {
  return db.selectFrom('missingPersonReports').selectAll().where('id', '=', id);
}

export function findReport(db: Executor, id: string): Promise<MissingPersonReportRow | undefined> {
  return reportByIdQuery(db, id).executeTakeFirst();
}
