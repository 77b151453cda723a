/**
 * 人工核查 review queue of candidate pairs. A reviewer claims a pair (atomic conditional update: of two
 * concurrent claims exactly one wins), reads both records (an audited sensitive read), and decides
 * confirm / reject / unsure with a required reason (audited). A confirmation emits `match.confirmed`
 * for the owning line; nothing changes a record or a payment automatically.
 */
import { DomainError, getDivision, maskResidentId, tryParseResidentId } from '@social-affairs/kernel';
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
import { findIndexedPerson } from '../people/index';
import {
  assignPair as assignPairRow,
  claimPair as claimPairRow,
  decidePair as decidePairRow,
  findMatchRecord,
  findPair,
  iteratePairs,
  listPairs as listPairRows,
  namesOf,
  releasePair as releasePairRow,
  reviewerAccount,
} from './matching.repository';
import type { MatchBand, MatchPairRow, MatchPairStatus, RecordKind } from './matching.table';

export interface FieldLevel {
  field: 'id' | 'name' | 'dob' | 'sex' | 'region';
  level: string;
  weight: number;
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
    fields: JSON.parse(row.explanation) as FieldLevel[],
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
  page: number;
  pageSize: number;
}

/** A page of the review queue within the actor's scope, best score first. */
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

export interface PairComparison {
  pair: PairView;
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
  const [l, r] = await Promise.all([
    loadRecord(ctx, row.leftKind, row.leftId, ''),
    loadRecord(ctx, row.rightKind, row.rightId, row.rightSource),
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
