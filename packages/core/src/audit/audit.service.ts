import type { Transaction } from 'kysely';
import { authorize, scopePrefix, type Actor } from '../access/actor';
import type { Clock } from '../clock';
import type { CoreContext } from '../context';
import { lockChain, type DialectName } from '../db/dialect';
import type { AuditRow, Database } from '../db/schema';
import { GENESIS_HASH, auditRowHash, chainAuditRows, type AuditDraft } from './audit-hash';
import { auditRowsInOrder, insertAuditRow, lastAuditRow, listAuditRows } from './audit.repository';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  divisionCode?: string | null;
  /** The reason the actor stated (required for sensitive reads). */
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** The row fields of an entry by `actor` at `at`, before the row is placed on the chain. */
export function auditDraft(at: string, actor: Actor, entry: AuditEntry): AuditDraft {
  return {
    at,
    actorId: actor.userId,
    actorUsername: actor.username,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    divisionCode: entry.divisionCode ?? null,
    reason: entry.reason ?? null,
    details: JSON.stringify(entry.details ?? {}),
  };
}

/**
 * Appends one row to the hash chain inside the caller's transaction, so the audit row exists exactly
 * when the change it describes commits. Rows are never updated or deleted by the application.
 */
export async function appendAudit(
  trx: Transaction<Database>,
  dialect: DialectName,
  clock: Clock,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  // The chain head is read once per transaction: after our own append we hold the lock (SQLite's
  // write lock / the PostgreSQL advisory lock) and know the head without asking again.
  let head = heads.get(trx);
  if (!head) {
    await lockChain(dialect, trx, 'audit');
    head = await lastAuditRow(trx);
  }
  const [row] = chainAuditRows(head, [auditDraft(clock.now().toISOString(), actor, entry)]);
  if (!row) return;
  await insertAuditRow(trx, row);
  heads.set(trx, { seq: row.seq, hash: row.hash });
}

/**
 * Chain head per open transaction, after that transaction's own last append (see appendAudit). Keyed by
 * the transaction object: appends through a savepoint's own object read the head afresh, and a stale
 * head can only ever collide on the primary key `seq`, never fork the chain silently.
 */
const heads = new WeakMap<Transaction<Database>, { seq: number; hash: string }>();

/** Convenience: `audit(ctx, trx, actor, entry)`. */
export function audit(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  return appendAudit(trx, ctx.db.dialect, ctx.clock, actor, entry);
}

export type AuditProblem = 'edited' | 'inserted' | 'deleted' | 'broken';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  problem: AuditProblem | null;
  /** A sentence for a person (Chinese), naming the row. */
  message: string;
}

const PROBLEM_TEXT: Record<AuditProblem, string> = {
  edited: '内容被修改（哈希值不符）',
  inserted: '为插入的行（未接续哈希链）',
  deleted: '之前的行被删除（序号或哈希链断开）',
  broken: '与上一行的哈希链断开（上一行被改写或其后的行被删除）',
};

/**
 * Walks the chain from the first row and names the first row that was edited, inserted or that
 * follows a deletion. (Truncation of the newest rows needs an external anchor: publish the head hash.)
 */
export async function verifyAuditChain(ctx: CoreContext): Promise<AuditVerification> {
  let prev: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  let pending: AuditRow | undefined;
  const fail = (seq: number, problem: AuditProblem): AuditVerification => ({
    ok: false,
    checked,
    firstBadSeq: seq,
    problem,
    message: `审计日志第 ${seq} 行${PROBLEM_TEXT[problem]}`,
  });
  const iterator = auditRowsInOrder(ctx.db.kysely);
  const next = async (): Promise<AuditRow | undefined> => {
    if (pending) {
      const r = pending;
      pending = undefined;
      return r;
    }
    const n = await iterator.next();
    return n.done ? undefined : n.value;
  };
  for (let row = await next(); row; row = await next()) {
    const contentOk = auditRowHash(row) === row.hash;
    const linkOk = row.prevHash === prev.hash;
    const seqOk = row.seq === prev.seq + 1;
    if (contentOk && linkOk && seqOk) {
      prev = row;
      checked++;
      continue;
    }
    if (linkOk && !contentOk) return fail(row.seq, 'edited');
    if (!linkOk) {
      const following = await next();
      pending = following;
      // The row after this one continues from the previous good row: this one was slipped in.
      if (!following || following.prevHash === prev.hash) return fail(row.seq, 'inserted');
      return seqOk ? fail(row.seq, 'broken') : fail(prev.seq + 1, 'deleted');
    }
    return fail(prev.seq + 1, 'deleted');
  }
  return { ok: true, checked, firstBadSeq: null, problem: null, message: `审计日志 ${checked} 行校验通过` };
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export async function listAudit(ctx: CoreContext, actor: Actor, q: AuditQuery) {
  authorize(actor, 'audit:read');
  const { items, total } = await listAuditRows(
    ctx.db.kysely,
    {
      divisionPrefix: scopePrefix(actor.divisionCode),
      actor: q.actor,
      action: q.action,
      targetType: q.targetType,
      targetId: q.targetId,
      from: q.from,
      to: q.to,
    },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items, total, page: q.page, pageSize: q.pageSize };
}
