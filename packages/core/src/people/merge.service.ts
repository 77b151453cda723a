/**
 * Person merge (人员合并): two people-index records found to be one person — an unidentified rescued
 * person later identified, a death certificate naming someone already indexed — become one by a
 * reviewed decision. Nothing merges automatically: someone proposes (people:write), a different user
 * decides (people:merge). On approval the merged record is kept and points at the survivor, its facts
 * are carried over (source 合并) and `person.merged` lets every line re-point its records, each logging
 * what it moved in person_merge_repoints; an unmerge reverses all of it and emits `person.unmerged`.
 * docs/people-merge-and-scope.md.
 */
import { DomainError, newId, todayPlainDate } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, ensureSharedVisible, inSharedScope, scopePrefix, type Actor } from '../access/actor';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/dialect';
import type { Database, PersonRow } from '../db/schema';
import { emitEvent } from '../events/outbox';
import {
  carryFactsOver,
  clearMerged,
  findMergeById,
  findPersonsByIds,
  insertMerge,
  listMergeRows,
  markMerged,
  openMergeOf,
  removeCarriedFacts,
  transitionMerge,
} from './merge.repository';
import type { PersonMergeRow, PersonMergeStatus } from './merge.table';
import { presentPerson, type PersonSummary } from './people.service';

export interface MergeView {
  id: string;
  survivor: PersonSummary;
  merged: PersonSummary;
  divisionCode: string;
  reason: string;
  status: PersonMergeStatus;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  unmergedBy: string | null;
  unmergedAt: string | null;
  unmergeReason: string | null;
}

const NOT_FOUND_PERSON = () => new DomainError('not_found', 'NOT_FOUND', '人员不存在或不在您的管辖范围内');
const NOT_FOUND_MERGE = () => new DomainError('not_found', 'NOT_FOUND', '合并记录不存在或不在您的管辖范围内');

function requireReason(reason: string | undefined, what: string): string {
  const r = (reason ?? '').trim();
  if (r.length < 2) throw new DomainError('invalid', 'REASON_REQUIRED', `请填写${what}`, { field: 'reason' });
  return r;
}

/** Both records, visible to the actor (else 404, as for any record outside one's scope). */
async function bothVisible(
  ctx: CoreContext,
  actor: Actor,
  survivorId: string,
  mergedId: string,
  db = ctx.db.kysely,
): Promise<{ survivor: PersonRow; merged: PersonRow }> {
  const rows = await findPersonsByIds(db, [survivorId, mergedId]);
  const survivor = rows.find((r) => r.id === survivorId);
  const merged = rows.find((r) => r.id === mergedId);
  if (!survivor || !merged) throw NOT_FOUND_PERSON();
  ensureSharedVisible(actor, survivor.divisionCode, '人员');
  ensureSharedVisible(actor, merged.divisionCode, '人员');
  return { survivor, merged };
}

/** The refusals that make two records not mergeable (checked at proposal and again at approval). */
export function mergeConflict(survivor: PersonRow, merged: PersonRow): DomainError | null {
  if (survivor.id === merged.id) {
    return new DomainError('invalid', 'MERGE_SAME_PERSON', '保留记录与被合并记录是同一条记录', {
      field: 'mergedId',
    });
  }
  if (merged.mergedInto) {
    return new DomainError('conflict', 'PERSON_ALREADY_MERGED', '被合并记录已合并至其他人员，不能再次合并', {
      field: 'mergedId',
    });
  }
  if (survivor.mergedInto) {
    return new DomainError(
      'conflict',
      'MERGE_SURVIVOR_MERGED',
      '保留记录已合并至其他人员，请以合并后的人员作为保留记录',
      {
        field: 'survivorId',
      },
    );
  }
  if (survivor.residentId && merged.residentId) {
    return new DomainError(
      'conflict',
      'MERGE_RESIDENT_ID_CONFLICT',
      '两条记录的身份证号码不同，不是同一人，不能合并',
    );
  }
  if (merged.residentId && !survivor.residentId) {
    return new DomainError(
      'invalid',
      'MERGE_SURVIVOR_WITHOUT_RESIDENT_ID',
      '请以有身份证号码的记录作为保留记录',
      {
        field: 'survivorId',
      },
    );
  }
  if (survivor.sex !== merged.sex) {
    return new DomainError('conflict', 'MERGE_SEX_CONFLICT', '两条记录的性别不同，不能合并');
  }
  if (merged.status === 'deceased' && survivor.status !== 'deceased') {
    return new DomainError(
      'conflict',
      'MERGE_DEATH_NOT_ON_SURVIVOR',
      '被合并记录已登记死亡而保留记录未登记：请先在保留记录上登记死亡，再合并',
    );
  }
  if (merged.deathDate && survivor.deathDate && merged.deathDate !== survivor.deathDate) {
    return new DomainError('conflict', 'MERGE_DEATH_DATE_CONFLICT', '两条记录的死亡日期不同，不能合并');
  }
  return null;
}

async function present(ctx: CoreContext, rows: PersonMergeRow[]): Promise<MergeView[]> {
  const people = new Map(
    (
      await findPersonsByIds(ctx.db.kysely, [...new Set(rows.flatMap((r) => [r.survivorId, r.mergedId]))])
    ).map((p) => [p.id, p]),
  );
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  return rows.map((r) => {
    const survivor = people.get(r.survivorId);
    const merged = people.get(r.mergedId);
    if (!survivor || !merged) throw new Error(`person_merges ${r.id}: person missing`);
    return {
      id: r.id,
      survivor: presentPerson(survivor, today),
      merged: presentPerson(merged, today),
      divisionCode: r.divisionCode,
      reason: r.reason,
      status: r.status,
      proposedBy: r.proposedByUsername,
      proposedAt: r.proposedAt,
      decidedBy: r.decidedByUsername,
      decidedAt: r.decidedAt,
      decisionReason: r.decisionReason,
      unmergedBy: r.unmergedByUsername,
      unmergedAt: r.unmergedAt,
      unmergeReason: r.unmergeReason,
    };
  });
}

async function one(ctx: CoreContext, row: PersonMergeRow): Promise<MergeView> {
  const [view] = await present(ctx, [row]);
  if (!view) throw new Error('unreachable');
  return view;
}

export interface MergeProposal {
  survivorId: string;
  mergedId: string;
  reason: string;
}

/** Proposes that `mergedId` be merged into `survivorId`; nothing changes until another user approves. */
export async function proposeMerge(ctx: CoreContext, actor: Actor, input: MergeProposal): Promise<MergeView> {
  authorize(actor, 'people:write');
  const reason = requireReason(input.reason, '合并理由');
  if (input.survivorId === input.mergedId) {
    throw new DomainError('invalid', 'MERGE_SAME_PERSON', '保留记录与被合并记录是同一条记录', {
      field: 'mergedId',
    });
  }
  const { survivor, merged } = await bothVisible(ctx, actor, input.survivorId, input.mergedId);
  const conflict = mergeConflict(survivor, merged);
  if (conflict) throw conflict;
  const now = ctx.clock.now().toISOString();
  const row: PersonMergeRow = {
    id: newId(),
    survivorId: survivor.id,
    mergedId: merged.id,
    divisionCode: survivor.divisionCode,
    reason,
    status: 'proposed',
    proposedBy: actor.userId,
    proposedByUsername: actor.username,
    proposedAt: now,
    decidedBy: null,
    decidedByUsername: null,
    decidedAt: null,
    decisionReason: null,
    unmergedByUsername: null,
    unmergedAt: null,
    unmergeReason: null,
    version: 1,
  };
  const pending = () =>
    new DomainError('conflict', 'MERGE_ALREADY_PROPOSED', '该记录已有待审核或已生效的合并', {
      field: 'mergedId',
    });
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (await openMergeOf(trx, merged.id)) throw pending();
      await insertMerge(trx, row);
      await audit(ctx, trx, actor, {
        action: 'person.merge.propose',
        targetType: 'person_merge',
        targetId: row.id,
        subjectPersonId: row.survivorId,
        divisionCode: row.divisionCode,
        reason,
        details: { survivorId: row.survivorId, mergedId: row.mergedId },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw pending();
    throw err;
  }
  return one(ctx, row);
}

async function visibleMerge(ctx: CoreContext, actor: Actor, id: string): Promise<PersonMergeRow> {
  const row = await findMergeById(ctx.db.kysely, id);
  if (!row || !inSharedScope(actor, row.divisionCode)) throw NOT_FOUND_MERGE();
  await bothVisible(ctx, actor, row.survivorId, row.mergedId).catch(() => {
    throw NOT_FOUND_MERGE();
  });
  return row;
}

/** Reads one merge (both persons, masked); the read is audited. */
export async function getMerge(ctx: CoreContext, actor: Actor, id: string): Promise<MergeView> {
  authorize(actor, 'people:read');
  const row = await visibleMerge(ctx, actor, id);
  await ctx.readAudit.record(actor, {
    action: 'person.merge.read',
    targetType: 'person_merge',
    targetId: row.id,
    subjectPersonId: row.survivorId,
    divisionCode: row.divisionCode,
  });
  return one(ctx, row);
}

export interface MergeQuery {
  division?: string;
  status?: PersonMergeStatus;
  personId?: string;
  page: number;
  pageSize: number;
}

/** Merges under the actor's scope (the survivor's county), newest first. */
export async function listMerges(ctx: CoreContext, actor: Actor, q: MergeQuery) {
  authorize(actor, 'people:read');
  const division = q.division ?? actor.divisionCode.slice(0, 6);
  if (!inSharedScope(actor, division) && !division.startsWith(scopePrefix(actor.divisionCode))) {
    throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '所选行政区划不在您的管辖范围内', {
      field: 'division',
      divisionCode: division,
    });
  }
  const { rows, total } = await listMergeRows(
    ctx.db.kysely,
    { divisionPrefix: scopePrefix(division), status: q.status, personId: q.personId },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: await present(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

export interface MergeDecision {
  decision: 'approve' | 'reject';
  reason: string;
}

/**
 * Approves or rejects a proposal (people:merge, by someone other than the proposer). Approval re-checks
 * the conflicts on the records as they are now, then — in one transaction with its audit row — points the
 * merged record at the survivor, carries its facts over and emits `person.merged`.
 */
export async function decideMerge(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: MergeDecision,
): Promise<MergeView> {
  authorize(actor, 'people:merge');
  const reason = requireReason(input.reason, input.decision === 'approve' ? '审核意见' : '不予合并的理由');
  const row = await visibleMerge(ctx, actor, id);
  if (row.status !== 'proposed') {
    throw new DomainError('conflict', 'MERGE_NOT_PENDING', '该合并申请已审核，不能重复审核');
  }
  if (row.proposedByUsername === actor.username) {
    throw new DomainError('forbidden', 'MERGE_SAME_REVIEWER', '合并申请须由提出人以外的人员审核');
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  const decided = {
    decidedBy: actor.userId,
    decidedByUsername: actor.username,
    decidedAt: at,
    decisionReason: reason,
  };
  const raced = () => new DomainError('conflict', 'MERGE_NOT_PENDING', '该合并申请已审核，不能重复审核');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (input.decision === 'reject') {
      if (!(await transitionMerge(trx, row.id, 'proposed', { status: 'rejected', ...decided })))
        throw raced();
      await recordMergeAct(ctx, trx, actor, row, { action: 'person.merge.reject', reason });
      return;
    }
    const { survivor, merged } = await bothVisible(ctx, actor, row.survivorId, row.mergedId, trx);
    const conflict = mergeConflict(survivor, merged);
    if (conflict) throw conflict;
    if (!(await transitionMerge(trx, row.id, 'proposed', { status: 'approved', ...decided }))) throw raced();
    if (!(await markMerged(trx, merged.id, survivor.id, at))) {
      throw new DomainError('conflict', 'PERSON_ALREADY_MERGED', '被合并记录已合并至其他人员，不能再次合并');
    }
    const factsCarried = await carryFactsOver(trx, merged.id, survivor.id, row.id, at, actor.username, newId);
    await recordMergeAct(ctx, trx, actor, row, {
      event: { type: 'person.merged', at: now },
      action: 'person.merge.approve',
      reason,
      details: { factsCarried },
    });
  });
  return afterMergeAct(ctx, row);
}

/**
 * Reverses an approved merge (people:merge, with a reason): the merged record is restored, the facts
 * carried over are removed from the survivor and `person.unmerged` lets every line point back the
 * records it logged for this merge. Refused while the survivor has since been merged into a third record
 * (undo that merge first), so re-points are undone in the reverse order they were made.
 */
export async function unmerge(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { reason: string },
): Promise<MergeView> {
  authorize(actor, 'people:merge');
  const reason = requireReason(input.reason, '撤销合并的理由');
  const row = await visibleMerge(ctx, actor, id);
  if (row.status !== 'approved') {
    throw new DomainError('conflict', 'MERGE_NOT_EFFECTIVE', '只有已生效的合并可以撤销');
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const [survivor] = await findPersonsByIds(trx, [row.survivorId]);
    if (survivor?.mergedInto) {
      throw new DomainError(
        'conflict',
        'MERGE_SURVIVOR_MERGED_SINCE',
        '保留记录此后已合并至其他人员：请先撤销那次合并，再撤销本次合并',
      );
    }
    const moved = await transitionMerge(trx, row.id, 'approved', {
      status: 'unmerged',
      unmergedByUsername: actor.username,
      unmergedAt: at,
      unmergeReason: reason,
    });
    if (!moved || !(await clearMerged(trx, row.mergedId, row.survivorId, at))) {
      throw new DomainError('conflict', 'MERGE_NOT_EFFECTIVE', '只有已生效的合并可以撤销');
    }
    const factsRemoved = await removeCarriedFacts(trx, row.id);
    await recordMergeAct(ctx, trx, actor, row, {
      event: { type: 'person.unmerged', at: now },
      action: 'person.unmerge',
      reason,
      details: { factsRemoved },
    });
  });
  return afterMergeAct(ctx, row);
}

/**
 * In the transaction of a decision on a merge (reject, approve, unmerge): the event that lets every line
 * follow it, if any, and its audit row, both naming the two records of the merge.
 */
async function recordMergeAct(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  row: PersonMergeRow,
  act: {
    event?: { type: 'person.merged' | 'person.unmerged'; at: Date };
    action: string;
    reason: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  const { survivorId, mergedId } = row;
  if (act.event) {
    const payload = { survivorId, mergedId, mergeId: row.id, divisionCode: row.divisionCode };
    await emitEvent(trx, ctx.db.dialect, act.event.type, payload, act.event.at);
  }
  await audit(ctx, trx, actor, {
    action: act.action,
    targetType: 'person_merge',
    targetId: row.id,
    subjectPersonId: survivorId,
    divisionCode: row.divisionCode,
    reason: act.reason,
    details: { survivorId, mergedId, ...act.details },
  });
}

/** After a committed decision: delivers its event and answers the merge as it now stands. */
async function afterMergeAct(ctx: CoreContext, row: PersonMergeRow): Promise<MergeView> {
  ctx.events.kick();
  const after = await findMergeById(ctx.db.kysely, row.id);
  return one(ctx, after ?? row);
}
