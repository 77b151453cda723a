/**
 * Stored three-way family-search candidates (寻亲候选, issue 16 item 1, ADR 0023). Every active record of
 * the family-search feed (a missing-person report, an unidentified living person, an unidentified
 * deceased) keeps a ranked list of candidates of the other two kinds: the refresher follows the feed by
 * `seq` from a stored watermark and, for each new or changed record, runs the three-way search and
 * upserts the hits above the threshold (`data` channel); a removed record's undecided candidates are
 * withdrawn. Lines add candidates found otherwise (face, DNA, a notice) with `proposeFamilyCandidate`.
 * A caseworker claims and decides each candidate; a confirmation only emits `family.match-confirmed`
 * for the owning lines to act on (the rescue reunion). Nothing identifies anyone automatically.
 *
 * Scope: a candidate is visible when one of its sides is in the user's scope; the other side is then
 * shown minimised (no reference number, no family contact, place to county level).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  DomainError,
  divisionPath,
  getDivision,
  maskPhone,
  newId,
  todayPlainDate,
} from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, inScope, scopeFilterFor, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import { emitEvent, type DomainEvents } from '../events/index';
import type { TodoItem, TodoSource } from '../line';
import { matchingConfig } from './family-candidates.config';
import {
  claimCandidateRow,
  countOpenCandidates,
  decideCandidateRow,
  findCandidate,
  findCandidateByPair,
  insertCandidate,
  listCandidateRows,
  readWatermark,
  releaseCandidateRow,
  updateCandidateProposal,
  updateSideScope,
  withdrawCandidatesOf,
  writeWatermark,
} from './family-candidates.repository';
import type {
  FamilyCandidateBand,
  FamilyCandidateChannel,
  FamilyCandidateRow,
  FamilyCandidateStatus,
} from './family-candidates.table';
import type { FamilySearchHit, FamilySearchIndex } from './family-search-engine';
import { entriesAfter, entriesByIds, findEntry, reportsByIds } from './family-search-entries.repository';
import { familyIndex, searchFamilyIndex } from './family-search-index';
import type { FamilyRecordKind, FamilySearchEntryRow } from './matching.table';
import { presentRecord, type FamilySearchRecordView } from './family-search.service';

export type {
  FamilyCandidateBand,
  FamilyCandidateChannel,
  FamilyCandidateStatus,
} from './family-candidates.table';
/** Payload of `family.match-confirmed` (declared in the platform's event map, events/outbox.ts). */
export type FamilyMatchConfirmed = DomainEvents['family.match-confirmed'];
export type FamilyMatchSide = FamilyMatchConfirmed['left'];

const CHANNELS: readonly FamilyCandidateChannel[] = ['data', 'face', 'dna', 'notice', 'other'];
const WATERMARK = 'family-candidates';

/** A proposal of one pair by one channel (the refresher's `data`, a line's `face`, `dna`, `notice` …). */
export interface FamilyCandidateProposal {
  leftEntryId: string;
  rightEntryId: string;
  channel: FamilyCandidateChannel;
  /** The channel's own score (engine points for `data`, similarity for `face` …), higher is closer. */
  score: number;
  /** What the channel saw (JSON-serialisable), stored under the channel's name. */
  explanation: Record<string, unknown>;
  /** Default: by the configured thresholds for `data`, `strong` for any other channel. */
  band?: FamilyCandidateBand;
}

export interface ProposalOutcome {
  id: string;
  created: boolean;
  status: FamilyCandidateStatus;
}

/** One side of a candidate as a user sees it: the feed record, minimised when outside the user's scope. */
export interface FamilyCandidateSide {
  entryId: string;
  kind: FamilyRecordKind;
  ownerLine: string;
  /** Whether this side is in the user's scope (else the record is minimised). */
  inScope: boolean;
  /** Whether the record is still searchable (its owner has not withdrawn it). */
  active: boolean;
  record:
    (Omit<FamilySearchRecordView, 'id' | 'kind' | 'ownerLine'> & { institutionId: string | null }) | null;
  /** A missing-person report's family contact: only when the report is in the user's scope. */
  contact: { name: string | null; phoneMasked: string | null } | null;
}

export interface FamilyCandidateView {
  id: string;
  channel: FamilyCandidateChannel;
  score: number;
  band: FamilyCandidateBand;
  status: FamilyCandidateStatus;
  /** Per channel, what it saw: `data` holds the engine's field-level explanation. */
  explanation: Record<string, unknown>;
  left: FamilyCandidateSide;
  right: FamilyCandidateSide;
  claimedBy: string | null;
  claimedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface FamilyCandidateQuery {
  /** Candidates naming this feed entry (e.g. a rescue case id, a report id). */
  entryId?: string;
  status?: FamilyCandidateStatus;
  kind?: FamilyRecordKind;
  channel?: FamilyCandidateChannel;
  /** A division inside the user's scope (default: the whole scope). */
  division?: string;
  /** Only the candidates the user holds. */
  mine?: boolean;
  page?: number;
  pageSize?: number;
}

export type FamilyDecision = 'confirm' | 'reject' | 'unsure';

const DECISION_STATUS: Record<FamilyDecision, 'confirmed' | 'rejected' | 'unsure'> = {
  confirm: 'confirmed',
  reject: 'rejected',
  unsure: 'unsure',
};

// ── scope and presentation ───────────────────────────────────────────────────────────────────────

function leftScope(r: FamilyCandidateRow) {
  return { divisionCode: r.leftDivisionCode, institutionId: r.leftInstitutionId };
}
function rightScope(r: FamilyCandidateRow) {
  return { divisionCode: r.rightDivisionCode, institutionId: r.rightInstitutionId };
}

function visibleTo(actor: Actor, r: FamilyCandidateRow): boolean {
  return inScope(actor, leftScope(r)) || inScope(actor, rightScope(r));
}

function placeName(code: string | null): string | null {
  if (!code) return null;
  const six = code.length >= 6 ? code.slice(0, 6) : code.padEnd(6, '0');
  return getDivision(six) ? divisionPath(six) : null;
}

function presentSide(
  actor: Actor,
  side: {
    entryId: string;
    kind: FamilyRecordKind;
    ownerLine: string;
    divisionCode: string;
    institutionId: string | null;
  },
  entry: FamilySearchEntryRow | undefined,
  contact: { name: string | null; phone: string | null } | undefined,
): FamilyCandidateSide {
  const own = inScope(actor, side);
  if (!entry) {
    return { ...pick(side), inScope: own, active: false, record: null, contact: null };
  }
  // Outside the scope: no reference number, no institution, the place to county level only.
  const place = own ? entry.placeCode : (entry.placeCode?.slice(0, 6) ?? null);
  return {
    ...pick(side),
    inScope: own,
    active: entry.status === 'active',
    record: {
      ...withoutIdentity(
        presentRecord({
          ...entry,
          reference: own ? entry.reference : null,
          placeCode: place,
          photoRef: own ? entry.photoRef : null,
          divisionCode: own ? entry.divisionCode : entry.divisionCode.slice(0, 6),
        }),
      ),
      placeName: placeName(place),
      institutionId: own ? entry.institutionId : null,
    },
    contact:
      own && contact
        ? { name: contact.name, phoneMasked: contact.phone ? maskPhone(contact.phone) : null }
        : null,
  };
}

/** The record fields of a view, without the ids the side already carries. */
function withoutIdentity(
  v: FamilySearchRecordView,
): Omit<FamilySearchRecordView, 'id' | 'kind' | 'ownerLine'> {
  const { id: _id, kind: _kind, ownerLine: _ownerLine, ...rest } = v;
  return rest;
}

function pick(side: { entryId: string; kind: FamilyRecordKind; ownerLine: string }) {
  return { entryId: side.entryId, kind: side.kind, ownerLine: side.ownerLine };
}

async function present(
  ctx: CoreContext,
  actor: Actor,
  rows: FamilyCandidateRow[],
): Promise<FamilyCandidateView[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.leftEntryId, r.rightEntryId]))];
  const entries = new Map((await entriesByIds(ctx.db.kysely, ids)).map((e) => [e.id, e]));
  const reportIds = ids.filter((id) => entries.get(id)?.kind === 'missing-report');
  const reports = new Map(
    (await reportsByIds(ctx.db.kysely, reportIds)).map((r) => [
      r.id,
      { name: r.contactName, phone: r.contactPhone },
    ]),
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    score: Math.round(Number(r.score) * 1000) / 1000,
    band: r.band,
    status: r.status,
    explanation: JSON.parse(r.explanation) as Record<string, unknown>,
    left: presentSide(
      actor,
      {
        entryId: r.leftEntryId,
        kind: r.leftKind,
        ownerLine: r.leftOwnerLine,
        ...leftScope(r),
      },
      entries.get(r.leftEntryId),
      reports.get(r.leftEntryId),
    ),
    right: presentSide(
      actor,
      {
        entryId: r.rightEntryId,
        kind: r.rightKind,
        ownerLine: r.rightOwnerLine,
        ...rightScope(r),
      },
      entries.get(r.rightEntryId),
      reports.get(r.rightEntryId),
    ),
    claimedBy: r.claimedBy,
    claimedAt: r.claimedAt,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    reason: r.reason,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  }));
}

function notFound(): DomainError {
  return new DomainError('not_found', 'NOT_FOUND', '寻亲候选不存在或不在您的管辖范围内');
}

async function visibleCandidate(ctx: CoreContext, actor: Actor, id: string): Promise<FamilyCandidateRow> {
  const row = await findCandidate(ctx.db.kysely, id);
  if (!row || !visibleTo(actor, row)) throw notFound();
  return row;
}

// ── proposals ────────────────────────────────────────────────────────────────────────────────────

function bandOf(ctx: CoreContext, channel: FamilyCandidateChannel, score: number): FamilyCandidateBand {
  if (channel !== 'data') return 'strong';
  return score >= matchingConfig(ctx).familyCandidateStrongScore ? 'strong' : 'possible';
}

/**
 * Stores (or updates) a candidate pair inside the caller's transaction; idempotent. The pair is kept in
 * canonical order. A decided pair (confirmed, rejected) is never reopened; a withdrawn one opens again
 * when both records are active; an undecided one takes the new score and explanation — a channel other
 * than `data` takes the place of `data` (a face or DNA match is what the reviewer should see first),
 * while a `data` refresh of a pair found otherwise only updates the stored data explanation.
 */
export async function proposeFamilyCandidate(
  ctx: CoreContext,
  trx: Transaction<Database>,
  input: FamilyCandidateProposal,
): Promise<ProposalOutcome> {
  if (!CHANNELS.includes(input.channel))
    throw new DomainError('invalid', 'CHANNEL_UNKNOWN', '候选来源不正确', { field: 'channel' });
  if (!Number.isFinite(input.score))
    throw new DomainError('invalid', 'SCORE_INVALID', '候选分值不正确', { field: 'score' });
  if (input.leftEntryId === input.rightEntryId)
    throw new DomainError('invalid', 'CANDIDATE_SAME_RECORD', '不能把一条记录与自身配对', {
      field: 'rightEntryId',
    });
  const [a, b] = await Promise.all([findEntry(trx, input.leftEntryId), findEntry(trx, input.rightEntryId)]);
  if (!a || !b) throw new DomainError('not_found', 'NOT_FOUND', '寻亲记录不存在');
  if (a.kind === b.kind)
    throw new DomainError(
      'invalid',
      'CANDIDATE_SAME_KIND',
      '候选须为不同类别的寻亲记录（寻亲登记、受助人员、无名遗体）',
      {
        field: 'rightEntryId',
      },
    );
  const [left, right] = a.id < b.id ? [a, b] : [b, a];
  const now = ctx.clock.now().toISOString();
  const score = Math.round(input.score * 1000) / 1000;
  const band = input.band ?? bandOf(ctx, input.channel, score);
  const bothActive = left.status === 'active' && right.status === 'active';
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await findCandidateByPair(trx, left.id, right.id);
    if (!existing) {
      if (!bothActive)
        throw new DomainError('conflict', 'FAMILY_RECORD_REMOVED', '寻亲记录已撤下，不能再配对');
      const row: FamilyCandidateRow = {
        id: newId(),
        leftEntryId: left.id,
        leftKind: left.kind,
        leftOwnerLine: left.ownerLine,
        leftDivisionCode: left.divisionCode,
        leftInstitutionId: left.institutionId,
        rightEntryId: right.id,
        rightKind: right.kind,
        rightOwnerLine: right.ownerLine,
        rightDivisionCode: right.divisionCode,
        rightInstitutionId: right.institutionId,
        channel: input.channel,
        score,
        band,
        explanation: JSON.stringify({ [input.channel]: input.explanation }),
        status: 'open',
        claimedBy: null,
        claimedAt: null,
        decidedBy: null,
        decidedAt: null,
        reason: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      if (await insertCandidate(trx, row)) return { id: row.id, created: true, status: 'open' };
      continue;
    }
    if (existing.status === 'confirmed' || existing.status === 'rejected')
      return { id: existing.id, created: false, status: existing.status };
    const explanation = { ...(JSON.parse(existing.explanation) as Record<string, unknown>) };
    explanation[input.channel] = input.explanation;
    const takesOver = input.channel !== 'data' || existing.channel === 'data';
    let status: FamilyCandidateStatus = existing.status;
    if (status === 'withdrawn') {
      if (!bothActive) return { id: existing.id, created: false, status };
      status = 'open';
    }
    const set = {
      channel: takesOver ? input.channel : existing.channel,
      score: takesOver ? score : Number(existing.score),
      band: takesOver ? band : existing.band,
      explanation: JSON.stringify(explanation),
      status,
      updatedAt: now,
    };
    if (await updateCandidateProposal(trx, existing.id, existing.version, set))
      return { id: existing.id, created: false, status };
  }
  throw new DomainError('conflict', 'CANDIDATE_CHANGED', '寻亲候选正被他人修改，请稍后重试');
}

// ── the refresher ────────────────────────────────────────────────────────────────────────────────

type EngineQuery = Parameters<FamilySearchIndex['search']>[0];

function today(ctx: CoreContext): string {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/** The three-way query a stored record makes of the others (as `familyCandidates` does). */
function queryOf(ctx: CoreContext, entry: FamilySearchEntryRow): EngineQuery {
  let asOf = today(ctx);
  let age: Pick<EngineQuery, 'age' | 'birthYear' | 'birthYearUncertainty'> = {};
  if (entry.estimatedAge !== null && entry.estimatedAgeAsOf !== null) {
    age = { age: { estimate: entry.estimatedAge, range: entry.estimatedAgeRange ?? 5 } };
    asOf = entry.estimatedAgeAsOf;
  } else if (entry.birthYear !== null) {
    age = { birthYear: entry.birthYear, birthYearUncertainty: entry.birthYearUncertainty ?? 2 };
  }
  const region = entry.placeCode ?? entry.divisionCode;
  return {
    name: entry.name,
    sex: entry.sex,
    ...age,
    asOf,
    regionHints: [region.slice(0, 6)],
    features: entry.features,
    fromKind: entry.kind,
    ...(entry.eventDate
      ? entry.kind === 'missing-report'
        ? { lostOn: entry.eventDate }
        : { foundOn: entry.eventDate }
      : {}),
  };
}

/** Top-k hits of the other kinds for a record over the whole index (no user scope: candidates are stored). */
async function searchFor(
  ctx: CoreContext,
  entry: FamilySearchEntryRow,
  k: number,
): Promise<FamilySearchHit[]> {
  const state = await familyIndex(ctx);
  const query = queryOf(ctx, entry);
  if (state.entries.size === 0) return [];
  // One engine call: named and unnamed records merged by score in the engine, the record itself left out.
  return searchFamilyIndex(state, query, k, (id) => id !== entry.id).hits;
}

function dataExplanation(h: FamilySearchHit): Record<string, unknown> {
  return {
    score: Math.round(h.score * 1000) / 1000,
    name: h.explanation.name,
    ageDifference: h.explanation.ageDifference,
    region: h.explanation.region,
    sex: h.explanation.sex,
    sharedFeatures: [...h.explanation.sharedFeatures],
    eventOrder: h.explanation.eventOrder,
  };
}

/** The hits above the threshold for one active record (read outside any transaction: the index loads). */
async function hitsFor(ctx: CoreContext, entry: FamilySearchEntryRow): Promise<FamilySearchHit[]> {
  if (entry.status !== 'active') return [];
  const cfg = matchingConfig(ctx);
  return (await searchFor(ctx, entry, cfg.familyCandidateTopK)).filter(
    (h) =>
      h.explanation.sex !== 'different' &&
      h.score >=
        (h.explanation.name === 'none' ? cfg.familyCandidateMinScoreUnnamed : cfg.familyCandidateMinScore),
  );
}

/** Stores one record's hits (or, for a removed record, withdraws its undecided candidates). */
async function applyEntry(
  ctx: CoreContext,
  trx: Transaction<Database>,
  entry: FamilySearchEntryRow,
  hits: readonly FamilySearchHit[],
): Promise<{ proposed: number; withdrawn: number }> {
  if (entry.status !== 'active') {
    return {
      proposed: 0,
      withdrawn: await withdrawCandidatesOf(trx, entry.id, ctx.clock.now().toISOString()),
    };
  }
  // The record may have been withdrawn since its page was read (the searches take turns of the event loop):
  // its removal has a later seq, which this refresher applies when it gets there.
  const current = await findEntry(trx, entry.id);
  if (current?.status !== 'active') return { proposed: 0, withdrawn: 0 };
  await updateSideScope(trx, entry.id, entry.divisionCode, entry.institutionId);
  let proposed = 0;
  for (const h of hits) {
    const other = await findEntry(trx, h.id);
    if (!other || other.status !== 'active' || other.kind === entry.kind) continue;
    try {
      await proposeFamilyCandidate(ctx, trx, {
        leftEntryId: entry.id,
        rightEntryId: h.id,
        channel: 'data',
        score: h.score,
        explanation: dataExplanation(h),
      });
    } catch (err) {
      // Withdrawn by another transaction between the read above and the proposal (PostgreSQL): skip the
      // pair, not the batch.
      if (err instanceof DomainError && err.code === 'FAMILY_RECORD_REMOVED') continue;
      throw err;
    }
    proposed++;
  }
  return { proposed, withdrawn: 0 };
}

const BATCH = 200;

/**
 * The refresher (job `matching.family-candidates`): follows the feed from its watermark; for each new or
 * changed active record, searches and upserts candidates; for each removed record, withdraws its
 * undecided candidates. Searches run before each batch's transaction (the index reads the feed itself).
 * Idempotent: a second run over the same rows changes nothing decided.
 */
export async function refreshFamilyCandidates(ctx: CoreContext): Promise<Record<string, unknown>> {
  let processed = 0;
  let proposed = 0;
  let withdrawn = 0;
  for (;;) {
    const from = await readWatermark(ctx.db.kysely, WATERMARK);
    const rows = await entriesAfter(ctx.db.kysely, from, BATCH);
    if (rows.length === 0) break;
    const plans: { row: FamilySearchEntryRow; hits: FamilySearchHit[] }[] = [];
    for (const row of rows) {
      plans.push({ row, hits: await hitsFor(ctx, row) });
      // One search per record (1–7 ms at a million records): other requests are answered between them,
      // also on SQLite, where the reads do not yield (ADR 0040).
      await nextTurn();
    }
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (const { row, hits } of plans) {
        const r = await applyEntry(ctx, trx, row, hits);
        proposed += r.proposed;
        withdrawn += r.withdrawn;
      }
      await writeWatermark(trx, WATERMARK, rows[rows.length - 1]!.seq, ctx.clock.now().toISOString());
    });
    processed += rows.length;
    if (rows.length < BATCH) break;
  }
  return { processed, proposed, withdrawn };
}

/** Runs the search for one record now (a caseworker's "refresh"), in the user's scope; audited. */
export async function refreshCandidatesFor(
  ctx: CoreContext,
  actor: Actor,
  entryId: string,
): Promise<{ proposed: number; withdrawn: number }> {
  authorize(actor, 'matching:family-review');
  const entry = await findEntry(ctx.db.kysely, entryId);
  if (!entry || !inScope(actor, entry))
    throw new DomainError('not_found', 'NOT_FOUND', '寻亲记录不存在或不在您的管辖范围内');
  const hits = await hitsFor(ctx, entry);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const outcome = await applyEntry(ctx, trx, entry, hits);
    await audit(ctx, trx, actor, {
      action: 'matching.family-candidates-refresh',
      targetType: 'family_search_entry',
      targetId: entry.id,
      divisionCode: entry.divisionCode,
      details: { kind: entry.kind, ...outcome },
    });
    return outcome;
  });
}

// ── review ───────────────────────────────────────────────────────────────────────────────────────

/** A page of candidates (one record's, or the review tab's), best score first; an audited read. */
export async function listFamilyCandidates(
  ctx: CoreContext,
  actor: Actor,
  q: FamilyCandidateQuery,
): Promise<{ items: FamilyCandidateView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'matching:family-read');
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  let divisionCode = q.division ?? actor.divisionCode;
  if (q.entryId) {
    const entry = await findEntry(ctx.db.kysely, q.entryId);
    if (!entry || !inScope(actor, entry))
      throw new DomainError('not_found', 'NOT_FOUND', '寻亲记录不存在或不在您的管辖范围内');
    divisionCode = entry.divisionCode;
  }
  const { rows, total } = await listCandidateRows(
    ctx.db.kysely,
    {
      scope: scopeFilterFor(actor, q.entryId ? undefined : q.division),
      entryId: q.entryId,
      status: q.status,
      kind: q.kind,
      channel: q.channel,
      claimedBy: q.mine ? actor.username : undefined,
    },
    { limit: pageSize, offset: (page - 1) * pageSize },
  );
  await ctx.readAudit.record(actor, {
    action: 'matching.family-candidates-list',
    targetType: q.entryId ? 'family_search_entry' : 'family_candidate',
    targetId: q.entryId ?? null,
    divisionCode,
    details: {
      status: q.status ?? null,
      kind: q.kind ?? null,
      channel: q.channel ?? null,
      hits: rows.length,
      total,
    },
  });
  return { items: await present(ctx, actor, rows), total, page, pageSize };
}

/**
 * Every candidate the review tab's filter selects (the Excel export), in pages of 200; permission and
 * scope are checked and the export audited before the first row.
 */
export async function exportFamilyCandidates(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<FamilyCandidateQuery, 'page' | 'pageSize'>,
): Promise<AsyncIterable<FamilyCandidateView>> {
  authorize(actor, 'matching:family-read');
  const filter = {
    scope: scopeFilterFor(actor, q.division),
    entryId: q.entryId,
    status: q.status,
    kind: q.kind,
    channel: q.channel,
    claimedBy: q.mine ? actor.username : undefined,
  };
  await ctx.readAudit.record(actor, {
    action: 'matching.family-candidates-export',
    targetType: 'family_candidate',
    divisionCode: q.division ?? actor.divisionCode,
    details: { status: q.status ?? null, kind: q.kind ?? null, channel: q.channel ?? null },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 200) {
      const { rows } = await listCandidateRows(ctx.db.kysely, filter, { limit: 200, offset });
      yield* await present(ctx, actor, rows);
      if (rows.length < 200) return;
    }
  })();
}

/** One candidate with both records side by side and the explanation; an audited read. */
export async function getFamilyCandidate(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<FamilyCandidateView> {
  authorize(actor, 'matching:family-read');
  const row = await visibleCandidate(ctx, actor, id);
  await ctx.readAudit.record(actor, {
    action: 'matching.family-candidate-read',
    targetType: 'family_candidate',
    targetId: id,
    divisionCode: inScope(actor, leftScope(row)) ? row.leftDivisionCode : row.rightDivisionCode,
  });
  const [view] = await present(ctx, actor, [row]);
  return view!;
}

function conflictOf(current: FamilyCandidateRow | undefined): DomainError {
  if (current?.status === 'claimed')
    return new DomainError(
      'conflict',
      'CANDIDATE_ALREADY_CLAIMED',
      `该寻亲候选已由 ${current.claimedBy ?? ''} 领取`,
      {
        claimedBy: current.claimedBy,
        status: current.status,
      },
    );
  if (current?.status === 'withdrawn')
    return new DomainError('conflict', 'CANDIDATE_WITHDRAWN', '该寻亲候选的记录已撤下，无需核查', {
      status: current.status,
    });
  return new DomainError('conflict', 'CANDIDATE_ALREADY_DECIDED', '该寻亲候选已有核查结论', {
    status: current?.status ?? null,
  });
}

/** The division of the side in the actor's scope (the audit row's and the event's division). */
function actorSideDivision(actor: Actor, row: FamilyCandidateRow): string {
  return inScope(actor, leftScope(row)) ? row.leftDivisionCode : row.rightDivisionCode;
}

/** Takes a candidate for review. Losing a race (or one already taken) is a conflict naming the holder. */
export async function claimFamilyCandidate(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<FamilyCandidateView> {
  authorize(actor, 'matching:family-review');
  const row = await visibleCandidate(ctx, actor, id);
  if (!(row.status === 'claimed' && row.claimedBy === actor.username)) {
    const at = ctx.clock.now().toISOString();
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (!(await claimCandidateRow(trx, id, actor.username, at)))
        throw conflictOf(await findCandidate(trx, id));
      await audit(ctx, trx, actor, {
        action: 'matching.family-candidate-claim',
        targetType: 'family_candidate',
        targetId: id,
        divisionCode: actorSideDivision(actor, row),
      });
    });
  }
  const [view] = await present(ctx, actor, [(await findCandidate(ctx.db.kysely, id))!]);
  return view!;
}

/** Gives back a candidate the user holds. */
export async function releaseFamilyCandidate(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<FamilyCandidateView> {
  authorize(actor, 'matching:family-review');
  const row = await visibleCandidate(ctx, actor, id);
  const at = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await releaseCandidateRow(trx, id, actor.username, at)))
      throw new DomainError('conflict', 'CANDIDATE_NOT_HELD', '您没有领取该寻亲候选', { status: row.status });
    await audit(ctx, trx, actor, {
      action: 'matching.family-candidate-release',
      targetType: 'family_candidate',
      targetId: id,
      divisionCode: actorSideDivision(actor, row),
    });
  });
  const [view] = await present(ctx, actor, [(await findCandidate(ctx.db.kysely, id))!]);
  return view!;
}

/**
 * Records a caseworker's decision (reason required). An open or unsure candidate is claimed and decided
 * in one step; one held by someone else is a conflict. A confirmation emits `family.match-confirmed`
 * once (the row moves to `confirmed` once) for the owning lines; nothing merges or closes by itself.
 */
export async function decideFamilyCandidate(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { decision: FamilyDecision; reason: string },
): Promise<FamilyCandidateView> {
  authorize(actor, 'matching:family-review');
  const reason = input.reason?.trim() ?? '';
  if (reason.length < 2)
    throw new DomainError('invalid', 'REASON_REQUIRED', '请填写核查意见（至少 2 个字）', { field: 'reason' });
  const status = DECISION_STATUS[input.decision];
  if (!status) throw new DomainError('invalid', 'DECISION_UNKNOWN', '核查结论无效', { field: 'decision' });
  const row = await visibleCandidate(ctx, actor, id);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const divisionCode = actorSideDivision(actor, row);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (row.status === 'open' || row.status === 'unsure')
      await claimCandidateRow(trx, id, actor.username, at);
    if (!(await decideCandidateRow(trx, id, actor.username, status, reason, at)))
      throw conflictOf(await findCandidate(trx, id));
    await audit(ctx, trx, actor, {
      action: `matching.family-candidate-${input.decision}`,
      targetType: 'family_candidate',
      targetId: id,
      divisionCode,
      reason,
      details: { channel: row.channel, leftKind: row.leftKind, rightKind: row.rightKind },
    });
    if (status === 'confirmed') {
      const payload: FamilyMatchConfirmed = {
        candidateId: row.id,
        channel: row.channel,
        left: { entryId: row.leftEntryId, ownerLine: row.leftOwnerLine, kind: row.leftKind },
        right: { entryId: row.rightEntryId, ownerLine: row.rightOwnerLine, kind: row.rightKind },
        divisionCode,
      };
      await emitEvent(trx, ctx.db.dialect, 'family.match-confirmed', payload, now);
    }
  });
  if (status === 'confirmed') ctx.events.kick();
  const [view] = await present(ctx, actor, [(await findCandidate(ctx.db.kysely, id))!]);
  return view!;
}

/** Home page: undecided family candidates in the user's scope. */
export const familyCandidatesTodo: TodoSource = {
  name: 'matching.family-candidates-open',
  permission: 'matching:family-review',
  async load(ctx, actor): Promise<TodoItem[]> {
    const count = await countOpenCandidates(ctx.db.kysely, scopeFilterFor(actor));
    return count === 0
      ? []
      : [
          {
            line: 'matching',
            kind: 'matching.family-candidates-open',
            title: '寻亲候选待核查',
            count,
            link: '/matching/family-candidates',
          },
        ];
  },
};
