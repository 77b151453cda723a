/**
 * SQL of the stored three-way family-search candidates (`family_candidates`, migration 0026) and of the
 * refresher's watermark. A candidate is visible to a user when one of its two sides is in the user's
 * scope (ADR 0023); the list filters here take the two sides' scope columns.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import { toCount, type Database } from '../db/index';
import type {
  FamilyCandidateChannel,
  FamilyCandidateRow,
  FamilyCandidateStatus,
} from './family-candidates.table';
import type { FamilyRecordKind } from './matching.table';

type Executor = Kysely<Database> | Transaction<Database>;

export function findCandidate(db: Executor, id: string): Promise<FamilyCandidateRow | undefined> {
  return db.selectFrom('familyCandidates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCandidateByPair(
  db: Executor,
  leftEntryId: string,
  rightEntryId: string,
): Promise<FamilyCandidateRow | undefined> {
  return db
    .selectFrom('familyCandidates')
    .selectAll()
    .where('leftEntryId', '=', leftEntryId)
    .where('rightEntryId', '=', rightEntryId)
    .executeTakeFirst();
}

/** Inserts a new pair; false when the pair already exists (a concurrent proposal won). */
export async function insertCandidate(db: Executor, row: FamilyCandidateRow): Promise<boolean> {
  const r = await db
    .insertInto('familyCandidates')
    .values(row)
    .onConflict((oc) => oc.columns(['leftEntryId', 'rightEntryId']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** A new proposal for an existing pair (score, channel, explanation; a withdrawn pair opens again). */
export async function updateCandidateProposal(
  db: Executor,
  id: string,
  version: number,
  set: Pick<FamilyCandidateRow, 'channel' | 'score' | 'band' | 'explanation' | 'status' | 'updatedAt'>,
): Promise<boolean> {
  const r = await db
    .updateTable('familyCandidates')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Keeps both sides' scope columns in step with the entry's current scope. */
export async function updateSideScope(
  db: Executor,
  entryId: string,
  divisionCode: string,
  institutionId: string | null,
): Promise<void> {
  await db
    .updateTable('familyCandidates')
    .set({ leftDivisionCode: divisionCode, leftInstitutionId: institutionId })
    .where('leftEntryId', '=', entryId)
    .where((eb) =>
      eb.or([
        eb('leftDivisionCode', '<>', divisionCode),
        institutionId === null
          ? eb('leftInstitutionId', 'is not', null)
          : eb.or([eb('leftInstitutionId', 'is', null), eb('leftInstitutionId', '<>', institutionId)]),
      ]),
    )
    .execute();
  await db
    .updateTable('familyCandidates')
    .set({ rightDivisionCode: divisionCode, rightInstitutionId: institutionId })
    .where('rightEntryId', '=', entryId)
    .where((eb) =>
      eb.or([
        eb('rightDivisionCode', '<>', divisionCode),
        institutionId === null
          ? eb('rightInstitutionId', 'is not', null)
          : eb.or([eb('rightInstitutionId', 'is', null), eb('rightInstitutionId', '<>', institutionId)]),
      ]),
    )
    .execute();
}

/** Takes an open (or unsure) candidate for review; false when someone else holds or decided it. */
export async function claimCandidateRow(
  db: Executor,
  id: string,
  username: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('familyCandidates')
    .set((eb) => ({
      status: 'claimed',
      claimedBy: username,
      claimedAt: at,
      updatedAt: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', 'in', ['open', 'unsure'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Gives back a claimed candidate (status open again). */
export async function releaseCandidateRow(
  db: Executor,
  id: string,
  username: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('familyCandidates')
    .set((eb) => ({
      status: 'open',
      claimedBy: null,
      claimedAt: null,
      updatedAt: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'claimed')
    .where('claimedBy', '=', username)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records the decision on a candidate the user holds; false when it is not held by the user. */
export async function decideCandidateRow(
  db: Executor,
  id: string,
  username: string,
  status: Extract<FamilyCandidateStatus, 'confirmed' | 'rejected' | 'unsure'>,
  reason: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('familyCandidates')
    .set((eb) => ({
      status,
      decidedBy: username,
      decidedAt: at,
      reason,
      updatedAt: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'claimed')
    .where('claimedBy', '=', username)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Undecided candidates naming a removed entry (open, claimed, unsure) become withdrawn; how many. */
export async function withdrawCandidatesOf(db: Executor, entryId: string, at: string): Promise<number> {
  const r = await db
    .updateTable('familyCandidates')
    .set((eb) => ({ status: 'withdrawn', updatedAt: at, version: eb('version', '+', 1) }))
    .where((eb) => eb.or([eb('leftEntryId', '=', entryId), eb('rightEntryId', '=', entryId)]))
    .where('status', 'in', ['open', 'claimed', 'unsure'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface CandidateFilter {
  /** The user's scope: a candidate is listed when either side is inside it. */
  scope: ScopeFilter;
  entryId?: string;
  status?: FamilyCandidateStatus;
  /** Either side of this kind. */
  kind?: FamilyRecordKind;
  channel?: FamilyCandidateChannel;
  claimedBy?: string;
}

export async function listCandidateRows(
  db: Executor,
  f: CandidateFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: FamilyCandidateRow[]; total: number }> {
  let q = db
    .selectFrom('familyCandidates')
    .where((eb) =>
      eb.or([
        whereInScope(eb, f.scope, { division: 'leftDivisionCode', institution: 'leftInstitutionId' }),
        whereInScope(eb, f.scope, { division: 'rightDivisionCode', institution: 'rightInstitutionId' }),
      ]),
    );
  if (f.entryId) {
    const id = f.entryId;
    q = q.where((eb) => eb.or([eb('leftEntryId', '=', id), eb('rightEntryId', '=', id)]));
  }
  if (f.status) q = q.where('status', '=', f.status);
  if (f.kind) {
    const kind = f.kind;
    q = q.where((eb) => eb.or([eb('leftKind', '=', kind), eb('rightKind', '=', kind)]));
  }
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.claimedBy) q = q.where('claimedBy', '=', f.claimedBy);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('score', 'desc').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
  ]);
  return { rows, total: toCount(count?.n) };
}

/** How many undecided candidates (open or unsure) are in the scope (home page to-do). */
export async function countOpenCandidates(db: Executor, scope: ScopeFilter): Promise<number> {
  const r = await db
    .selectFrom('familyCandidates')
    .select(sql<number>`count(*)`.as('n'))
    .where('status', 'in', ['open', 'unsure'])
    .where((eb) =>
      eb.or([
        whereInScope(eb, scope, { division: 'leftDivisionCode', institution: 'leftInstitutionId' }),
        whereInScope(eb, scope, { division: 'rightDivisionCode', institution: 'rightInstitutionId' }),
      ]),
    )
    .executeTakeFirst();
  return toCount(r?.n);
}

// ── the refresher's watermark ────────────────────────────────────────────────────────────────────

export async function readWatermark(db: Executor, name: string): Promise<number> {
  const r = await db
    .selectFrom('familyCandidateWatermarks')
    .select('lastSeq')
    .where('name', '=', name)
    .executeTakeFirst();
  return r ? toCount(r.lastSeq) : 0;
}

/** Moves the watermark forward (never back), inserting it the first time. */
export async function writeWatermark(db: Executor, name: string, lastSeq: number, at: string): Promise<void> {
  await db
    .insertInto('familyCandidateWatermarks')
    .values({ name, lastSeq, updatedAt: at })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ lastSeq, updatedAt: at })
        .where('familyCandidateWatermarks.lastSeq', '<', lastSeq),
    )
    .execute();
}
