import { storableText } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, scopePrefix, type Actor } from '../access/actor';
import type { CoreContext } from '../context';
import { lockChain } from '../db/dialect';
import type { AuditRow, Database } from '../db/schema';
import type { ServerKeys } from '../keys';
import {
  GENESIS_HASH,
  KEY_ROTATION_ACTION,
  auditRowHash,
  chainAuditRows,
  rotationMessage,
  type AuditDraft,
  type ChainHead,
} from './audit-hash';
import { checkpointSignatureOk, type AuditCheckpoint } from './audit-checkpoint';
import { maskResidentIdsInText } from './audit-mask';

const maskResidentIdsInNullable = (s: string | null): string | null =>
  s === null ? null : maskResidentIdsInText(s);
import { auditRowsInOrder, insertAuditRow, lastAuditRow, listAuditRows } from './audit.repository';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  divisionCode?: string | null;
  /** The reason the actor stated (required for sensitive reads). */
  reason?: string | null;
  details?: Record<string, unknown>;
  /**
   * The person whose data was read or written, so an auditor can ask who read a person's record.
   * Always `targetId` when `targetType` is `person` (given or not); null where several people are concerned
   * (exports: their filter goes in `details`, masked).
   */
  subjectPersonId?: string | null;
}

/** The row fields of an entry by `actor` at `at`, before the row is placed on the chain. */
export function auditDraft(at: string, actor: Actor, entry: AuditEntry): AuditDraft {
  // Stored exactly as hashed: a lone surrogate or NUL becomes U+FFFD before the hash (ADR 0013).
  const targetId = storableText(entry.targetId ?? null);
  return {
    at,
    actorId: actor.userId,
    actorUsername: storableText(actor.username),
    action: entry.action,
    targetType: entry.targetType,
    targetId,
    divisionCode: storableText(entry.divisionCode ?? null),
    // The last guard of "no full resident id in the audit log": masked before hashing, as stored.
    reason: maskResidentIdsInNullable(storableText(entry.reason ?? null)),
    details: entry.details ? maskResidentIdsInText(JSON.stringify(entry.details)) : '{}',
    // A row about a person as its target has that person as its subject, always (the audit listing finds
    // such rows through the target index, migration 0011).
    subjectPersonId: entry.targetType === 'person' ? targetId : (entry.subjectPersonId ?? null),
  };
}

/** What appending to the chain needs from the context: the dialect (for its lock), the clock and the key. */
export type AuditChainContext = Pick<CoreContext, 'db' | 'clock' | 'keys'>;

/**
 * Appends one row to the hash chain inside the caller's transaction, so the audit row exists exactly
 * when the change it describes commits. Rows are never updated or deleted by the application.
 */
export async function appendAudit(
  trx: Transaction<Database>,
  ctx: AuditChainContext,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  // The chain head is read once per transaction: after our own append we hold the lock (SQLite's
  // write lock / the PostgreSQL advisory lock) and know the head without asking again.
  let head = heads.get(trx);
  if (!head) {
    await lockChain(ctx.db.dialect, trx, 'audit');
    head = await lastAuditRow(trx);
  }
  const rows = chainAuditRows(ctx.keys, head, [auditDraft(ctx.clock.now().toISOString(), actor, entry)]);
  const last = rows.at(-1);
  if (!last) return;
  for (const row of rows) await insertAuditRow(trx, row);
  heads.set(trx, { seq: last.seq, hash: last.hash, keyId: last.keyId });
}

/**
 * Chain head per open transaction, after that transaction's own last append (see appendAudit). Keyed by
 * the transaction object: appends through a savepoint's own object read the head afresh, and a stale
 * head can only ever collide on the primary key `seq`, never fork the chain silently.
 */
const heads = new WeakMap<Transaction<Database>, ChainHead>();

/** Convenience: `audit(ctx, trx, actor, entry)`. */
export function audit(
  ctx: AuditChainContext,
  trx: Transaction<Database>,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  return appendAudit(trx, ctx, actor, entry);
}

export type AuditProblem =
  | 'edited'
  | 'inserted'
  | 'deleted'
  | 'broken'
  | 'unknown-key'
  | 'unsigned-rotation'
  | 'downgraded'
  | 'truncated'
  | 'rechained'
  | 'forged-checkpoint';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  problem: AuditProblem | null;
  /** A sentence for a person (Chinese), naming the row. */
  message: string;
  /** Rows before the switch-over to the keyed chain (plain SM3, migration 0011). */
  legacyRows: number;
  /** Checkpoints the chain was checked against. */
  checkpoints: number;
}

const PROBLEM_TEXT: Record<AuditProblem, string> = {
  edited: '校验不符：内容被修改，或为不持有密钥者伪造/重算哈希的行',
  inserted: '为插入的行（未接续哈希链）',
  deleted: '之前的行被删除（序号或哈希链断开）',
  broken: '与上一行的哈希链断开（上一行被改写或其后的行被删除）',
  'unknown-key': '所用密钥不在本机密钥列表中，无法校验（轮换后请保留旧密钥）',
  'unsigned-rotation': '更换了密钥，但未经旧密钥签名确认',
  downgraded: '在启用密钥后仍为未加密钥的旧式行（伪造的降级行）',
  truncated: '之后的行被截断（检查点记录的链头已不在日志中）',
  rechained: '与检查点记录的哈希不符（哈希链被重写）',
  'forged-checkpoint': '的检查点签名不符（检查点文件被篡改）',
};

/**
 * Walks the chain from the first row and names the first row that was edited, inserted or forged, or
 * that follows a deletion; then checks the chain against every keyed head checkpoint given (a checkpoint
 * beyond the head: truncation; a checkpoint whose hash is not the row's: re-chaining). Legacy rows
 * (before the switch-over to the keyed chain) verify as plain SM3; none may follow a keyed row.
 */
export async function verifyAuditChain(
  ctx: Pick<CoreContext, 'db' | 'keys'>,
  checkpoints: readonly AuditCheckpoint[] = [],
): Promise<AuditVerification> {
  let prev: ChainHead = { seq: 0, hash: GENESIS_HASH, keyId: null };
  let checked = 0;
  let legacyRows = 0;
  let pending: AuditRow | undefined;
  const fail = (seq: number, problem: AuditProblem): AuditVerification => ({
    ok: false,
    checked,
    firstBadSeq: seq,
    problem,
    message:
      problem === 'forged-checkpoint'
        ? `序号 ${seq} ${PROBLEM_TEXT[problem]}`
        : `审计日志第 ${seq} 行${PROBLEM_TEXT[problem]}`,
    legacyRows,
    checkpoints: checkpoints.length,
  });
  // Checkpoints first: their own signatures, then by seq for the walk.
  const bySeq = new Map<number, AuditCheckpoint[]>();
  for (const c of checkpoints) {
    if (!checkpointSignatureOk(ctx.keys, c)) return fail(c.seq, 'forged-checkpoint');
    bySeq.set(c.seq, [...(bySeq.get(c.seq) ?? []), c]);
  }
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
  const macs = new Map<string, ((m: string) => string) | undefined>();
  const macFor = (keyId: string) => {
    if (!macs.has(keyId)) macs.set(keyId, ctx.keys.auditMacFor(keyId));
    return macs.get(keyId);
  };
  for (let row = await next(); row; row = await next()) {
    if (row.keyId !== null && !macFor(row.keyId)) return fail(row.seq, 'unknown-key');
    const contentOk = auditRowHash(row, row.keyId === null ? undefined : macFor(row.keyId)) === row.hash;
    const linkOk = row.prevHash === prev.hash;
    const seqOk = row.seq === prev.seq + 1;
    if (contentOk && linkOk && seqOk) {
      if (row.keyId === null && prev.keyId !== null) return fail(row.seq, 'downgraded');
      if (
        row.keyId !== null &&
        prev.keyId !== null &&
        row.keyId !== prev.keyId &&
        !rotationOk(ctx.keys, row, prev)
      )
        return fail(row.seq, 'unsigned-rotation');
      for (const c of bySeq.get(row.seq) ?? []) if (c.hash !== row.hash) return fail(row.seq, 'rechained');
      if (row.keyId === null) legacyRows++;
      prev = row;
      checked++;
      continue;
    }
    // A bad row: tell apart a row slipped in (the next row still links to the last good one) from an
    // edit of this row, and a gap left by a deletion.
    const following = await next();
    pending = following;
    if (following ? following.prevHash === prev.hash : !linkOk) return fail(row.seq, 'inserted');
    if (!seqOk) return fail(prev.seq + 1, 'deleted');
    if (linkOk) return fail(row.seq, 'edited');
    return fail(row.seq, 'broken');
  }
  for (const c of checkpoints) if (c.seq > prev.seq) return fail(prev.seq + 1, 'truncated');
  return {
    ok: true,
    checked,
    firstBadSeq: null,
    problem: null,
    message:
      `审计日志 ${checked} 行校验通过` +
      (legacyRows ? `（其中 ${legacyRows} 行为启用密钥前的旧式 SM3 行）` : '') +
      (checkpoints.length ? `，与 ${checkpoints.length} 个检查点一致` : ''),
    legacyRows,
    checkpoints: checkpoints.length,
  };
}

/** A rotation row: the first row under a new key, its switch signed with the previous key. */
function rotationOk(keys: ServerKeys, row: AuditRow, prev: ChainHead): boolean {
  if (row.action !== KEY_ROTATION_ACTION || prev.keyId === null || row.keyId === null) return false;
  const old = keys.auditMacFor(prev.keyId);
  if (!old) return false;
  let details: { previousKeyId?: unknown; previousKeyMac?: unknown };
  try {
    details = JSON.parse(row.details) as typeof details;
  } catch {
    return false;
  }
  return (
    details.previousKeyId === prev.keyId &&
    details.previousKeyMac ===
      old(rotationMessage({ seq: row.seq, prevHash: row.prevHash, at: row.at, keyId: row.keyId }))
  );
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Rows about this person: who read or changed their record. */
  personId?: string;
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
      subjectPersonId: q.personId,
      from: q.from,
      to: q.to,
    },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items, total, page: q.page, pageSize: q.pageSize };
}
