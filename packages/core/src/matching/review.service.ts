/**
 * 人工核查 review queue of candidate pairs. A reviewer claims a pair (atomic conditional update: of two
 * concurrent claims exactly one wins), reads both records (an audited sensitive read), and decides
 * confirm / reject / unsure with a required reason (audited). A confirmation emits `match.confirmed`
 * for the owning line; nothing changes a record or a payment automatically.
 */
import { DomainError, getDivision, maskResidentId, newId, tryParseResidentId } from '@social-affairs/kernel';
import { PAIR_SORT_FIELDS, parseSort } from '@social-affairs/kernel/contracts';
import { scorePair as scoreEnginePair, type LinkageModel } from '@social-affairs/linkage';
import {
  authorize,
  ensureDivisionInScope,
  ensureVisible,
  scopePrefix,
  type Actor,
  isRole,
} from '../access/index';
import { audit, maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import { emitEvent } from '../events/index';
import type { TodoItem, TodoSource } from '../line';
import { findIndexedPerson } from '../people/index';
import {
  assignPair as assignPairRow,
  claimPair as claimPairRow,
  completeFollowUp as completeFollowUpRow,
  countOpenPairs,
  decidePair as decidePairRow,
  findFollowUp,
  findJob,
  findMatchRecord,
  findPair,
  heldPair,
  insertFollowUp,
  iteratePairs,
  listPairs as listPairRows,
  namesOf,
  nextOpenPairIds,
  pendingFollowUps,
  releasePair as releasePairRow,
  reviewerAccount,
  type PairFilter,
  type PairSortField,
} from './matching.repository';
import type {
  MatchBand,
  MatchFollowUpRow,
  MatchPairRow,
  MatchPairStatus,
  RecordKind,
} from './matching.table';

/**
 * One line of a pair's explanation: a compared field ('id', 'name', 'dob', 'sex', 'region') and its
 * level, or the prior ('prior'); the weights of the lines add up to the pair's score.
 */
export interface FieldLevel {
  field: string;
  level: string;
  weight: number;
}

/**
 * The stored explanation, completed so its weights add up to the score: pairs stored before the
 * prior had its own line get one line for the rest (the prior and any name-frequency adjustment).
 */
export function explanationOf(score: number, stored: FieldLevel[]): FieldLevel[] {
  const rest = Math.round((score - stored.reduce((s, f) => s + f.weight, 0)) * 100) / 100;
  if (Math.abs(rest) < 0.01) return stored;
  return [
    { field: 'prior', level: stored.some((f) => f.field === 'prior') ? 'adjustment' : 'prior', weight: rest },
    ...stored,
  ];
}

export interface PairView {
  id: string;
  jobId: string;
  band: MatchBand;
  rule: string;
  score: number;
  probability: number;
  status: MatchPairStatus;
  divisionCode: string;
  leftKind: RecordKind;
  rightKind: RecordKind;
  rightSource: string;
  /** Names of the two records (queue rows only; null when the record is gone). */
  leftName?: string | null;
  rightName?: string | null;
  fields: FieldLevel[];
  claimedBy: string | null;
  claimedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export function presentPair(row: MatchPairRow): PairView {
  return {
    id: row.id,
    jobId: row.jobId,
    band: row.band,
    rule: row.rule,
    score: Number(row.score),
    probability: Number(row.probability),
    status: row.status,
    divisionCode: row.divisionCode,
    leftKind: row.leftKind,
    rightKind: row.rightKind,
    rightSource: row.rightSource,
    fields: explanationOf(Number(row.score), JSON.parse(row.explanation) as FieldLevel[]),
    claimedBy: row.claimedBy,
    claimedAt: row.claimedAt,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    decisionReason: row.decisionReason,
  };
}

export interface PairQuery {
  division?: string;
  jobId?: string;
  band?: MatchBand;
  status?: MatchPairStatus;
  source?: string;
  mine?: boolean;
  /** Confirmed pairs whose follow-up by the owning line is pending / done. */
  followUp?: 'pending' | 'done';
  /** `field` or `-field` of PAIR_SORT_FIELDS (validated by the route); none: best score first. */
  sort?: string;
  page: number;
  pageSize: number;
}

/** The reviewer's sort, checked against the queue's allow-list (the route's schema checks it too). */
function pairSort(sort: string | undefined): PairFilter['sort'] {
  const s = parseSort(sort as PairSortField | undefined);
  if (s && !(PAIR_SORT_FIELDS as readonly string[]).includes(s.field))
    throw new DomainError('invalid', 'SORT_FIELD_INVALID', '不支持按该列排序', { field: 'sort' });
  return s;
}

/** A page of the review queue within the actor's scope, best score first unless sorted otherwise. */
export async function listPairs(ctx: CoreContext, actor: Actor, q: PairQuery) {
  authorize(actor, 'matching:read');
  const division = q.division ?? actor.divisionCode;
  ensureDivisionInScope(actor, division);
  const { rows, total } = await listPairRows(
    ctx.db.kysely,
    {
      divisionPrefix: scopePrefix(division),
      jobId: q.jobId,
      band: q.band,
      status: q.status,
      rightSource: q.source,
      claimedBy: q.mine ? actor.username : undefined,
      followUp: q.followUp,
      sort: pairSort(q.sort),
    },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: await withNames(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

async function withNames(ctx: CoreContext, rows: MatchPairRow[]): Promise<PairView[]> {
  const names = await namesOf(
    ctx.db.kysely,
    rows.flatMap((r) => [
      { kind: r.leftKind, id: r.leftId },
      { kind: r.rightKind, id: r.rightId },
    ]),
  );
  return rows.map((r) => ({
    ...presentPair(r),
    leftName: names.get(`${r.leftKind}:${r.leftId}`) ?? null,
    rightName: names.get(`${r.rightKind}:${r.rightId}`) ?? null,
  }));
}

/**
 * Every pair the queue filters select, with names, for the Excel export (no resident ids). Permission
 * and scope are checked and the export audited before the first row.
 */
export async function exportPairs(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<PairQuery, 'page' | 'pageSize'>,
): Promise<AsyncIterable<PairView>> {
  authorize(actor, 'matching:read');
  const division = q.division ?? actor.divisionCode;
  ensureDivisionInScope(actor, division);
  await ctx.readAudit.record(actor, {
    action: 'matching.pair-export',
    targetType: 'match_pair',
    divisionCode: division,
    details: { filter: maskAuditFilter(q) },
  });
  const filter = {
    divisionPrefix: scopePrefix(division),
    jobId: q.jobId,
    band: q.band,
    status: q.status,
    rightSource: q.source,
    claimedBy: q.mine ? actor.username : undefined,
    followUp: q.followUp,
    sort: pairSort(q.sort),
  };
  return (async function* () {
    let batch: MatchPairRow[] = [];
    for await (const row of iteratePairs(ctx.db.kysely, filter)) {
      batch.push(row);
      if (batch.length === 500) {
        yield* await withNames(ctx, batch);
        batch = [];
      }
    }
    if (batch.length) yield* await withNames(ctx, batch);
  })();
}

async function visiblePair(ctx: CoreContext, actor: Actor, id: string): Promise<MatchPairRow> {
  const row = await findPair(ctx.db.kysely, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '比对结果不存在或不在您的管辖范围内');
  ensureVisible(actor, row.divisionCode, '比对结果');
  return row;
}

/** Takes a pair for review. Losing a race (or a pair already taken) is a conflict naming the holder. */
export async function claimPair(ctx: CoreContext, actor: Actor, id: string): Promise<PairView> {
  authorize(actor, 'matching:review');
  const row = await visiblePair(ctx, actor, id);
  if (row.status === 'claimed' && row.claimedBy === actor.username) return presentPair(row);
  const at = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await claimPairRow(trx, id, actor.username, at))) {
      const now = await findPair(trx, id);
      throw new DomainError(
        'conflict',
        now?.status === 'claimed' ? 'PAIR_ALREADY_CLAIMED' : 'PAIR_ALREADY_DECIDED',
        now?.status === 'claimed' ? `该比对结果已由 ${now.claimedBy ?? ''} 领取` : '该比对结果已有核查结论',
        { claimedBy: now?.claimedBy ?? null, status: now?.status ?? null },
      );
    }
    await audit(ctx, trx, actor, {
      action: 'matching.pair-claim',
      targetType: 'match_pair',
      targetId: id,
      divisionCode: row.divisionCode,
    });
  });
  return presentPair((await findPair(ctx.db.kysely, id))!);
}

/**
 * Assigns an open (or unsure) pair to another reviewer: the same atomic conditional update as a claim,
 * so an assignment and a claim racing for one pair cannot both win. The assignee must hold
 * matching:review and see the pair's division.
 */
export async function assignPair(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  username: string,
): Promise<PairView> {
  authorize(actor, 'matching:review');
  const row = await visiblePair(ctx, actor, id);
  const account = await reviewerAccount(ctx.db.kysely, username);
  const role = account?.role;
  if (
    !account ||
    account.status !== 'active' ||
    !role ||
    !isRole(role) ||
    !ctx.access.permissionsOf(role).has('matching:review') ||
    !row.divisionCode.startsWith(scopePrefix(account.divisionCode))
  ) {
    throw new DomainError('invalid', 'ASSIGNEE_NOT_REVIEWER', '该用户不是此辖区的核查人员', {
      field: 'username',
    });
  }
  const at = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await assignPairRow(trx, id, username, at))) {
      const now = await findPair(trx, id);
      throw new DomainError(
        'conflict',
        now?.status === 'claimed' ? 'PAIR_ALREADY_CLAIMED' : 'PAIR_ALREADY_DECIDED',
        now?.status === 'claimed' ? `该比对结果已由 ${now.claimedBy ?? ''} 领取` : '该比对结果已有核查结论',
        { claimedBy: now?.claimedBy ?? null, status: now?.status ?? null },
      );
    }
    await audit(ctx, trx, actor, {
      action: 'matching.pair-assign',
      targetType: 'match_pair',
      targetId: id,
      divisionCode: row.divisionCode,
      details: { assignee: username },
    });
  });
  return presentPair((await findPair(ctx.db.kysely, id))!);
}

/** Gives a claimed pair back to the queue (only its holder can). */
export async function releasePair(ctx: CoreContext, actor: Actor, id: string): Promise<PairView> {
  authorize(actor, 'matching:review');
  const row = await visiblePair(ctx, actor, id);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await releasePairRow(trx, id, actor.username))) {
      throw new DomainError('conflict', 'PAIR_NOT_CLAIMED_BY_YOU', '该比对结果不在您名下');
    }
    await audit(ctx, trx, actor, {
      action: 'matching.pair-release',
      targetType: 'match_pair',
      targetId: id,
      divisionCode: row.divisionCode,
    });
  });
  return presentPair((await findPair(ctx.db.kysely, id))!);
}

export type Decision = 'confirm' | 'reject' | 'unsure';
const DECISION_STATUS = { confirm: 'confirmed', reject: 'rejected', unsure: 'unsure' } as const;

/**
 * Records a reviewer's conclusion. The pair must be claimed by the reviewer (an open pair is claimed
 * in the same transaction). Confirm emits `match.confirmed`; 'unsure' returns the pair to the queue
 * for a second reviewer.
 */
export async function decidePair(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { decision: Decision; reason: string },
): Promise<PairView> {
  authorize(actor, 'matching:review');
  const reason = input.reason?.trim() ?? '';
  if (reason.length < 2)
    throw new DomainError('invalid', 'REASON_REQUIRED', '请填写核查意见（至少 2 个字）', { field: 'reason' });
  const status = DECISION_STATUS[input.decision];
  if (!status) throw new DomainError('invalid', 'DECISION_UNKNOWN', '核查结论无效', { field: 'decision' });
  const row = await visiblePair(ctx, actor, id);
  const now = ctx.clock.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (row.status === 'open' || row.status === 'unsure')
      await claimPairRow(trx, id, actor.username, now.toISOString());
    if (!(await decidePairRow(trx, id, actor.username, status, reason, now.toISOString()))) {
      const current = await findPair(trx, id);
      throw new DomainError(
        'conflict',
        current?.status === 'claimed' ? 'PAIR_ALREADY_CLAIMED' : 'PAIR_ALREADY_DECIDED',
        current?.status === 'claimed'
          ? `该比对结果已由 ${current.claimedBy ?? ''} 领取`
          : '该比对结果已有核查结论',
        { claimedBy: current?.claimedBy ?? null, status: current?.status ?? null },
      );
    }
    if (status === 'confirmed') {
      // The owning line's follow-up (home page to-do until a clerk marks it done).
      await insertFollowUp(trx, {
        id: newId(),
        pairId: row.id,
        jobId: row.jobId,
        divisionCode: row.divisionCode,
        rightSource: row.rightSource,
        status: 'pending',
        createdAt: now.toISOString(),
        createdBy: actor.username,
        doneAt: null,
        doneBy: null,
        note: null,
      });
      await emitEvent(
        trx,
        ctx.db.dialect,
        'match.confirmed',
        {
          pairId: row.id,
          jobId: row.jobId,
          leftKind: row.leftKind,
          leftId: row.leftId,
          rightKind: row.rightKind,
          rightId: row.rightId,
          rightSource: row.rightSource,
          divisionCode: row.divisionCode,
          rule: row.rule,
          band: row.band,
        },
        now,
      );
    }
    await audit(ctx, trx, actor, {
      action: `matching.pair-${input.decision}`,
      targetType: 'match_pair',
      targetId: id,
      divisionCode: row.divisionCode,
      reason,
      details: { jobId: row.jobId, band: row.band, rule: row.rule },
    });
  });
  if (status === 'confirmed') ctx.events.kick();
  return presentPair((await findPair(ctx.db.kysely, id))!);
}

export interface ComparedRecord {
  kind: RecordKind;
  id: string;
  source: string;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
  residentIdMasked: string | null;
  divisionCode: string;
  divisionName: string;
  /** People index: alive/deceased; external roll: the roll's event date (e.g. death). */
  status: 'alive' | 'deceased' | null;
  eventDate: string | null;
}

export interface FollowUpView {
  status: 'pending' | 'done';
  createdAt: string;
  doneBy: string | null;
  doneAt: string | null;
  note: string | null;
}

function presentFollowUp(row: MatchFollowUpRow | undefined): FollowUpView | null {
  return row
    ? { status: row.status, createdAt: row.createdAt, doneBy: row.doneBy, doneAt: row.doneAt, note: row.note }
    : null;
}

export interface PairComparison {
  pair: PairView;
  /** A confirmed pair's follow-up by the owning line (null before confirmation). */
  followUp: FollowUpView | null;
  left: ComparedRecord | null;
  right: ComparedRecord | null;
  /** Per displayed field: whether the two records differ (resident ids compared in full, shown masked). */
  differences: { field: 'name' | 'sex' | 'birthDate' | 'residentId' | 'divisionCode'; differs: boolean }[];
}

async function loadRecord(
  ctx: CoreContext,
  kind: RecordKind,
  id: string,
  source: string,
): Promise<{ view: ComparedRecord; residentId: string | null } | null> {
  const label = (code: string) => getDivision(code)?.name ?? code;
  if (kind === 'people') {
    const p = await findIndexedPerson(ctx.db.kysely, id);
    if (!p) return null;
    return {
      residentId: p.residentId,
      view: {
        kind,
        id,
        source: '人口基础库',
        name: p.name,
        sex: p.sex,
        birthDate: p.birthDate,
        residentIdMasked: p.residentId ? maskResidentId(p.residentId) : null,
        divisionCode: p.hukouDivisionCode,
        divisionName: label(p.hukouDivisionCode),
        status: p.status,
        eventDate: p.deathDate,
      },
    };
  }
  const r = await findMatchRecord(ctx.db.kysely, id);
  if (!r) return null;
  return {
    residentId: r.residentId,
    view: {
      kind,
      id,
      source: r.source ?? source,
      name: r.name,
      sex: r.sex,
      // The engine compares a roll record's birth date taken from its id when the roll has none; show that.
      birthDate: r.birthDate ?? (r.residentId ? birthDateFromId(r.residentId) : null),
      residentIdMasked: r.residentId ? maskResidentId(r.residentId) : null,
      divisionCode: r.divisionCode,
      divisionName: label(r.divisionCode),
      status: null,
      eventDate: r.eventDate,
    },
  };
}

/** Both records of a pair side by side with their differences; an audited sensitive read. */
export async function getPairComparison(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  reason?: string,
): Promise<PairComparison> {
  authorize(actor, 'matching:read');
  const row = await visiblePair(ctx, actor, id);
  const [l, r, followUp] = await Promise.all([
    loadRecord(ctx, row.leftKind, row.leftId, ''),
    loadRecord(ctx, row.rightKind, row.rightId, row.rightSource),
    findFollowUp(ctx.db.kysely, row.id),
  ]);
  await ctx.readAudit.record(actor, {
    action: 'matching.pair-read',
    targetType: 'match_pair',
    targetId: row.id,
    divisionCode: row.divisionCode,
    reason: reason ?? null,
    details: { left: `${row.leftKind}:${row.leftId}`, right: `${row.rightKind}:${row.rightId}` },
  });
  const differs = (a: unknown, b: unknown) => a !== b;
  return {
    pair: presentPair(row),
    followUp: presentFollowUp(followUp),
    left: l?.view ?? null,
    right: r?.view ?? null,
    differences: [
      { field: 'name', differs: differs(l?.view.name, r?.view.name) },
      { field: 'sex', differs: differs(l?.view.sex, r?.view.sex) },
      { field: 'birthDate', differs: differs(l?.view.birthDate, r?.view.birthDate) },
      { field: 'residentId', differs: differs(l?.residentId, r?.residentId) },
      {
        field: 'divisionCode',
        differs: differs(l?.view.divisionCode.slice(0, 6), r?.view.divisionCode.slice(0, 6)),
      },
    ],
  };
}

function birthDateFromId(residentId: string): string | null {
  const parsed = tryParseResidentId(residentId);
  return parsed.ok ? parsed.value.birthDate : null;
}

// ── next pair, follow-ups, to-dos ─────────────────────────────────────────────────────────────────

export interface NextPairQuery {
  division?: string;
  jobId?: string;
  band?: MatchBand;
  source?: string;
}

/**
 * "Next pair": the pair the reviewer already holds under the filter, else the best-scored open pair
 * in their scope, claimed for them atomically (a conditional update, so two reviewers asking at once
 * get different pairs). Null when nothing is left to review.
 */
export async function claimNextPair(
  ctx: CoreContext,
  actor: Actor,
  q: NextPairQuery,
): Promise<PairView | null> {
  authorize(actor, 'matching:review');
  const division = q.division ?? actor.divisionCode;
  ensureDivisionInScope(actor, division);
  if (q.jobId) await jobReaching(ctx, actor, q.jobId);
  const filter: PairFilter = {
    divisionPrefix: scopePrefix(division),
    jobId: q.jobId,
    band: q.band,
    rightSource: q.source,
  };
  const held = await heldPair(ctx.db.kysely, filter, actor.username);
  if (held && inActorScope(actor, held)) return (await withNames(ctx, [held]))[0]!;
  for (let round = 0; round < 5; round++) {
    const candidates = await nextOpenPairIds(ctx.db.kysely, filter, actor.username);
    if (candidates.length === 0) return null;
    for (const { id } of candidates) {
      const row = await findPair(ctx.db.kysely, id);
      if (!row || !inActorScope(actor, row)) continue;
      const at = ctx.clock.now().toISOString();
      const won = await ctx.db.kysely.transaction().execute(async (trx) => {
        if (!(await claimPairRow(trx, id, actor.username, at))) return false;
        await audit(ctx, trx, actor, {
          action: 'matching.pair-claim',
          targetType: 'match_pair',
          targetId: id,
          divisionCode: row.divisionCode,
          details: { next: true },
        });
        return true;
      });
      if (won) return (await withNames(ctx, [(await findPair(ctx.db.kysely, id))!]))[0]!;
    }
  }
  return null;
}

/**
 * A job the reviewer may name: inside their scope, or covering it (a province job whose pairs in a
 * county that county's reviewers review). Any other job is not found.
 */
async function jobReaching(ctx: CoreContext, actor: Actor, jobId: string) {
  const job = await findJob(ctx.db.kysely, jobId);
  const covers = job && scopePrefix(actor.divisionCode).startsWith(scopePrefix(job.divisionCode));
  if (!job || !(covers || inActorScope(actor, job)))
    throw new DomainError('not_found', 'NOT_FOUND', '比对任务不存在或不在您的管辖范围内');
  return job;
}

function inActorScope(actor: Actor, row: { divisionCode: string }): boolean {
  try {
    ensureVisible(actor, row.divisionCode, '比对结果');
    return true;
  } catch {
    return false;
  }
}

/** Marks a confirmed pair's follow-up done, with the owning line's note (audited). */
export async function completeFollowUp(
  ctx: CoreContext,
  actor: Actor,
  pairId: string,
  note: string,
): Promise<FollowUpView> {
  authorize(actor, 'matching:review');
  const text = note?.trim() ?? '';
  if (text.length < 2)
    throw new DomainError('invalid', 'REASON_REQUIRED', '请填写跟进情况（至少 2 个字）', { field: 'note' });
  const row = await visiblePair(ctx, actor, pairId);
  const at = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await completeFollowUpRow(trx, pairId, actor.username, at, text))) {
      const current = await findFollowUp(trx, pairId);
      throw current
        ? new DomainError('conflict', 'FOLLOW_UP_ALREADY_DONE', '该比对结果的跟进已办结')
        : new DomainError('conflict', 'FOLLOW_UP_NOT_PENDING', '只有已确认同一人的比对结果需要跟进');
    }
    await audit(ctx, trx, actor, {
      action: 'matching.follow-up-done',
      targetType: 'match_pair',
      targetId: pairId,
      divisionCode: row.divisionCode,
      reason: text,
      details: { jobId: row.jobId, rightSource: row.rightSource },
    });
  });
  return presentFollowUp(await findFollowUp(ctx.db.kysely, pairId))!;
}

async function confirmedAwaitingFollowUp(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const { count, oldest } = await pendingFollowUps(ctx.db.kysely, scopePrefix(actor.divisionCode));
  return [
    {
      line: 'matching',
      kind: 'matching.confirmed-follow-up',
      title: '已确认同一人的比对结果，待业务条线跟进核实',
      count,
      ...(oldest ? { dueOn: oldest.slice(0, 10) } : {}),
      link: '/matching/review?status=confirmed&followUp=pending',
    },
  ];
}

async function pairsToReview(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const count = await countOpenPairs(ctx.db.kysely, scopePrefix(actor.divisionCode));
  return [
    {
      line: 'matching',
      kind: 'matching.pairs-to-review',
      title: '待人工核查的比对结果',
      count,
      link: '/matching/review?status=open',
    },
  ];
}

/** The matching line's to-do sources (manifest `todos`). */
export const matchingTodos: readonly TodoSource[] = [
  { name: 'matching.pairs-to-review', permission: 'matching:review', load: pairsToReview },
  { name: 'matching.confirmed-follow-up', permission: 'matching:review', load: confirmedAwaitingFollowUp },
];

// ── scoring a chosen pair ─────────────────────────────────────────────────────────────────────────

export interface RecordRef {
  kind: RecordKind;
  id: string;
}

export interface PairScore {
  weight: number;
  probability: number;
  band: MatchBand | 'no-link';
  /** Lines of the explanation (the prior, then each field); their weights add up to `weight`. */
  fields: FieldLevel[];
  model: 'reference' | 'job';
}

/**
 * Scores and explains two chosen records (people index or imported roll) with the engine, whether or
 * not a job paired them: with the model of `jobId` when given, else the reference model. Both
 * records must be in the caller's scope (404 otherwise); an audited read.
 */
export async function scoreRecords(
  ctx: CoreContext,
  actor: Actor,
  input: { left: RecordRef; right: RecordRef; jobId?: string; reason?: string },
): Promise<PairScore> {
  authorize(actor, 'matching:read');
  const [a, b] = await Promise.all([
    scopedRecord(ctx, actor, input.left),
    scopedRecord(ctx, actor, input.right),
  ]);
  let model: LinkageModel | undefined;
  if (input.jobId) {
    const job = await jobReaching(ctx, actor, input.jobId);
    if (job.model) model = JSON.parse(job.model) as LinkageModel;
  }
  const scored = scoreEnginePair(a.input, b.input, model ? { model } : {});
  await ctx.readAudit.record(actor, {
    action: 'matching.pair-score',
    targetType: 'match_record_pair',
    targetId: `${input.left.kind}:${input.left.id}`,
    divisionCode: a.divisionCode,
    reason: input.reason ?? null,
    details: {
      left: `${input.left.kind}:${input.left.id}`,
      right: `${input.right.kind}:${input.right.id}`,
      ...(input.jobId ? { jobId: input.jobId } : {}),
    },
    subjectPersonId: input.left.kind === 'people' ? input.left.id : null,
  });
  return {
    weight: scored.weight,
    probability: scored.probability,
    band: scored.band,
    fields: scored.fields,
    model: model ? 'job' : 'reference',
  };
}

async function scopedRecord(ctx: CoreContext, actor: Actor, ref: RecordRef) {
  if (ref.kind === 'people') {
    const p = await findIndexedPerson(ctx.db.kysely, ref.id);
    if (!p) throw new DomainError('not_found', 'NOT_FOUND', '人员不存在或不在您的管辖范围内');
    ensureVisible(actor, p, '人员');
    return {
      divisionCode: p.divisionCode,
      input: {
        name: p.name,
        sex: p.sex,
        birthDate: p.birthDate,
        residentId: p.residentId,
        divisionCode: p.hukouDivisionCode.slice(0, 6),
      },
    };
  }
  const r = await findMatchRecord(ctx.db.kysely, ref.id);
  if (!r) throw new DomainError('not_found', 'NOT_FOUND', '名单记录不存在或不在您的管辖范围内');
  ensureVisible(actor, r.divisionCode, '名单记录');
  return {
    divisionCode: r.divisionCode,
    input: {
      name: r.name,
      sex: r.sex,
      birthDate: r.birthDate,
      residentId: r.residentId,
      divisionCode: r.divisionCode.slice(0, 6),
    },
  };
}
