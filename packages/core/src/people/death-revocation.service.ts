/**
 * 撤销死亡登记 (被死亡, issue 17 item 3): a death recorded against the wrong person is corrected by a
 * reviewed revocation — never by editing the record. Someone who may record deaths requests it (with the
 * reason and the evidence that the person is alive); a different user with people:merge (a county
 * reviewer, the same two-person review as a person merge) decides. On approval the person is alive again,
 * the death fact stays in the history (a `deathRevoked` fact names the date revoked) and
 * `person.death-revoked` lets every line undo or flag what it did on `person.deceased` (ADR 0028).
 */
import { DomainError, newId } from '@social-affairs/kernel';
import { authorize, ensureSharedVisible, isSubCounty, scopePrefix, type Actor } from '../access/actor';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/dialect';
import { emitEvent } from '../events/outbox';
import {
  decideDeathRevocationRow,
  findDeathRevocation,
  insertDeathRevocation,
  listDeathRevocationRows,
  markAliveAgain,
} from './death-revocation.repository';
import type { DeathRevocationStatus, PersonDeathRevocationRow } from './death-revocation.table';
import { findPersonById, insertFacts } from './people.repository';
import { countyOf } from './people.service';

export interface DeathRevocationView {
  id: string;
  personId: string;
  personName: string;
  deathDate: string;
  divisionCode: string;
  reason: string;
  evidence: string | null;
  status: DeathRevocationStatus;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

const NOT_FOUND = () => new DomainError('not_found', 'NOT_FOUND', '撤销申请不存在或不在您的管辖范围内');
const SOURCE = '撤销死亡登记';

function requireText(v: string | undefined, what: string, field: string): string {
  const r = (v ?? '').trim();
  if (r.length < 2) throw new DomainError('invalid', 'REASON_REQUIRED', `请填写${what}`, { field });
  return r;
}

function view(r: PersonDeathRevocationRow & { personName: string }): DeathRevocationView {
  return {
    id: r.id,
    personId: r.personId,
    personName: r.personName,
    deathDate: r.deathDate,
    divisionCode: r.divisionCode,
    reason: r.reason,
    evidence: r.evidence,
    status: r.status,
    requestedBy: r.requestedByUsername,
    requestedAt: r.requestedAt,
    decidedBy: r.decidedByUsername,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
  };
}

async function withName(ctx: CoreContext, r: PersonDeathRevocationRow) {
  const p = await findPersonById(ctx.db.kysely, r.personId);
  return view({ ...r, personName: p?.name ?? '' });
}

/** Requests the revocation of `personId`'s recorded death (people:record-death). One open request per person. */
export async function requestDeathRevocation(
  ctx: CoreContext,
  actor: Actor,
  personId: string,
  input: { reason: string; evidence?: string | null },
): Promise<DeathRevocationView> {
  authorize(actor, 'people:record-death');
  const reason = requireText(input.reason, '撤销死亡登记的理由', 'reason');
  const person = await findPersonById(ctx.db.kysely, personId);
  if (!person || person.mergedInto) {
    throw new DomainError('not_found', 'NOT_FOUND', '人员不存在或不在您的管辖范围内');
  }
  ensureSharedVisible(actor, person.divisionCode, '人员');
  if (person.status !== 'deceased' || !person.deathDate) {
    throw new DomainError('conflict', 'PERSON_NOT_DECEASED', '该人员未登记死亡，无需撤销');
  }
  const at = ctx.clock.now().toISOString();
  const row: PersonDeathRevocationRow = {
    id: newId(),
    personId: person.id,
    deathDate: person.deathDate,
    divisionCode: person.divisionCode,
    reason,
    evidence: input.evidence?.trim() || null,
    status: 'requested',
    requestedByUsername: actor.username,
    requestedAt: at,
    decidedByUsername: null,
    decidedAt: null,
    decisionReason: null,
    version: 1,
  };
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await insertDeathRevocation(trx, row);
      await audit(ctx, trx, actor, {
        action: 'person.death-revocation.request',
        targetType: 'person',
        targetId: person.id,
        divisionCode: person.divisionCode,
        subjectPersonId: person.id,
        reason,
        details: { revocationId: row.id, deathDate: person.deathDate },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new DomainError('conflict', 'DEATH_REVOCATION_PENDING', '该人员已有待审核的撤销死亡登记申请');
    }
    throw e;
  }
  return view({ ...row, personName: person.name });
}

/**
 * Decides a request (people:merge, not the requester). Approval: the person alive again (only if the
 * recorded death is still the one requested), facts kept, `person.death-revoked` emitted.
 */
export async function decideDeathRevocation(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { decision: 'approve' | 'reject'; reason: string },
): Promise<DeathRevocationView> {
  authorize(actor, 'people:merge');
  const reason = requireText(
    input.reason,
    input.decision === 'approve' ? '审核意见' : '不予撤销的理由',
    'reason',
  );
  const row = await findDeathRevocation(ctx.db.kysely, id);
  if (!row) throw NOT_FOUND();
  ensureSharedVisible(actor, row.divisionCode, '撤销申请');
  const pending = () =>
    new DomainError('conflict', 'DEATH_REVOCATION_NOT_PENDING', '该申请已审核，不能重复审核');
  if (row.status !== 'requested') throw pending();
  if (row.requestedByUsername === actor.username) {
    throw new DomainError(
      'forbidden',
      'DEATH_REVOCATION_SAME_REVIEWER',
      '撤销死亡登记须由申请人以外的人员审核',
    );
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const decided = { decidedByUsername: actor.username, decidedAt: at, decisionReason: reason };
    if (input.decision === 'reject') {
      if (!(await decideDeathRevocationRow(trx, id, { status: 'rejected', ...decided }))) throw pending();
      await audit(ctx, trx, actor, {
        action: 'person.death-revocation.reject',
        targetType: 'person',
        targetId: row.personId,
        divisionCode: row.divisionCode,
        subjectPersonId: row.personId,
        reason,
        details: { revocationId: id },
      });
      return;
    }
    if (!(await decideDeathRevocationRow(trx, id, { status: 'approved', ...decided }))) throw pending();
    if (!(await markAliveAgain(trx, row.personId, row.deathDate, at))) {
      throw new DomainError(
        'conflict',
        'DEATH_RECORD_CHANGED',
        '该人员的死亡登记已变更（已撤销或死亡日期已改），请重新核实后再申请',
        { deathDate: row.deathDate },
      );
    }
    await insertFacts(trx, [
      {
        id: newId(),
        personId: row.personId,
        field: 'deathRevoked',
        value: row.deathDate,
        source: SOURCE,
        recordedAt: at,
        recordedBy: actor.username,
      },
    ]);
    await emitEvent(
      trx,
      ctx.db.dialect,
      'person.death-revoked',
      {
        personId: row.personId,
        revokedDeathDate: row.deathDate,
        revocationId: id,
        divisionCode: row.divisionCode,
      },
      now,
    );
    await audit(ctx, trx, actor, {
      action: 'person.death-revocation.approve',
      targetType: 'person',
      targetId: row.personId,
      divisionCode: row.divisionCode,
      subjectPersonId: row.personId,
      reason,
      details: { revocationId: id, revokedDeathDate: row.deathDate },
    });
  });
  ctx.events.kick();
  return withName(ctx, (await findDeathRevocation(ctx.db.kysely, id))!);
}

/** A page of revocation requests in the actor's county (optionally one status, optionally of some people). */
export async function listDeathRevocations(
  ctx: CoreContext,
  actor: Actor,
  q: { status?: DeathRevocationStatus; personIds?: readonly string[]; page?: number; pageSize?: number },
): Promise<{ items: DeathRevocationView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'people:read');
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  const division = isSubCounty(actor) ? countyOf(actor.divisionCode) : actor.divisionCode;
  const { rows, total } = await listDeathRevocationRows(ctx.db.kysely, {
    divisionPrefix: scopePrefix(division),
    status: q.status,
    personIds: q.personIds,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { items: rows.map(view), total, page, pageSize };
}

/** One request (scope-checked). */
export async function getDeathRevocation(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<DeathRevocationView> {
  authorize(actor, 'people:read');
  const row = await findDeathRevocation(ctx.db.kysely, id);
  if (!row) throw NOT_FOUND();
  ensureSharedVisible(actor, row.divisionCode, '撤销申请');
  return withName(ctx, row);
}
