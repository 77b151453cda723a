import { addDays, DomainError, storableText, zonedDayStart, type PlainDate } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, scopePrefix, type Actor } from '../access/actor';
import type { CoreContext } from '../context';
import { insertRows } from '../db/prepared';
import { lockChainAndRead, preCommitState, type PreCommitStep } from '../db/pre-commit';
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
import { maskAuditFilter, maskResidentIdsInText } from './audit-mask';

const maskResidentIdsInNullable = (s: string | null): string | null =>
  s === null ? null : maskResidentIdsInText(s);
import {
  accountNames,
  auditActorsIn,
  auditRowsInOrder,
  chainHead,
  countAuditRows,
  filteredAuditRowsNewestFirst,
  lastAuditRow,
  listAuditRows,
  type AuditFilter,
} from './audit.repository';
import { auditCatalogue } from './audit-catalogue';
import { labelAuditRows, type AuditItemView } from './audit-labels';

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
 *
 * The row is buffered on the transaction and placed on the chain just before COMMIT, with all the
 * transaction's other rows (`AUDIT_FLUSH`): the chain's lock is held for that flush and the commit
 * only, not for the whole transaction (ADR 0016, "write path"). So a query inside the transaction
 * does not see its own audit rows yet; their `at` is the moment of the call, their `seq` follows
 * commit order.
 */
export async function appendAudit(
  trx: Transaction<Database>,
  ctx: AuditChainContext,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  // The draft is made now (masking, the clock), so a bad entry fails the call, not the commit.
  const draft = auditDraft(ctx.clock.now().toISOString(), actor, entry);
  const pending = await preCommitState(trx, AUDIT_FLUSH);
  pending.ctx ??= ctx;
  pending.drafts.push(draft);
}

/** A transaction's buffered audit rows and the context that chains them. */
interface PendingAudit {
  ctx: AuditChainContext | undefined;
  drafts: AuditDraft[];
}

/**
 * The pre-commit flush of a transaction's audit rows: take the chain lock and read the head (one round
 * trip on PostgreSQL), chain the rows under the server key, insert them in one multi-row statement (per
 * 200 rows). The transaction commits right after (pre-commit.ts).
 */
const AUDIT_FLUSH: PreCommitStep<PendingAudit> = {
  name: 'audit',
  order: 10,
  create: () => ({ ctx: undefined, drafts: [] }),
  async flush(trx, { ctx, drafts }) {
    if (!ctx || drafts.length === 0) return;
    const [head] = await lockChainAndRead(trx, ctx.db.dialect, 'audit', chainHead.compiled(trx, {}));
    const rows = chainAuditRows(ctx.keys, head, drafts);
    for (let i = 0; i < rows.length; i += 200) await insertRows(trx, 'auditLog', rows.slice(i, i + 200));
  },
};

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
  /** The actor's username (exact). */
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Rows about this person: who read or changed their record. */
  personId?: string;
  /** A day (`YYYY-MM-DD`, from its start in the platform's time zone) or an ISO instant, inclusive. */
  from?: string;
  /** A day (`YYYY-MM-DD`, to its end in the platform's time zone, inclusive) or an ISO instant, exclusive. */
  to?: string;
  /** `at` oldest first, `-at` (the default) newest first: the chain's order, seq (validated by the route). */
  sort?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The repository filter of a query by `actor`: scope, and days turned into instants (Asia/Shanghai days). */
function auditFilterOf(ctx: CoreContext, actor: Actor, q: AuditQuery): AuditFilter {
  const zone = ctx.config.timeZone;
  const prefix = scopePrefix(actor.divisionCode);
  return {
    divisionPrefix: prefix,
    // Rows without a division (platform-wide acts) are for province-level readers only.
    withoutDivision: prefix.length <= 2 && !actor.institutionId,
    actor: q.actor || undefined,
    action: q.action || undefined,
    targetType: q.targetType || undefined,
    targetId: q.targetId || undefined,
    subjectPersonId: q.personId || undefined,
    from: q.from ? (DAY.test(q.from) ? zonedDayStart(q.from, zone) : q.from) : undefined,
    to: q.to ? (DAY.test(q.to) ? zonedDayStart(addDays(q.to as PlainDate, 1), zone) : q.to) : undefined,
  };
}

export async function listAudit(
  ctx: CoreContext,
  actor: Actor,
  q: AuditQuery & { page: number; pageSize: number },
): Promise<{ items: AuditItemView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'audit:read');
  if (q.sort !== undefined && q.sort !== 'at' && q.sort !== '-at')
    throw new DomainError('invalid', 'SORT_FIELD_INVALID', '不支持按该列排序', { field: 'sort' });
  const { items, total } = await listAuditRows(ctx.db.kysely, auditFilterOf(ctx, actor, q), {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
    oldestFirst: q.sort === 'at',
  });
  return { items: await labelAuditRows(ctx, items), total, page: q.page, pageSize: q.pageSize };
}

/** The actions the audit page offers in its picker: every action of the platform and of the running lines. */
export function auditActionOptions(
  ctx: CoreContext,
  actor: Actor,
): { items: { action: string; label: string; group: string }[] } {
  authorize(actor, 'audit:read');
  const lineLabels = new Map(ctx.lines.map((l) => [l.name, l.label]));
  const items = [...auditCatalogue(ctx.lines).actions].map(([action, { label, line }]) => ({
    action,
    label,
    group: line ? (lineLabels.get(line) ?? line) : '平台',
  }));
  return { items };
}

/** Accounts of the reader's scope matching `q` (username or name), for the audit page's actor picker. */
export async function auditActorOptions(
  ctx: CoreContext,
  actor: Actor,
  q: { q?: string },
): Promise<{ items: { username: string; displayName: string }[] }> {
  authorize(actor, 'audit:read');
  return { items: await auditActorsIn(ctx.db.kysely, scopePrefix(actor.divisionCode), q.q?.trim(), 20) };
}

/** The most rows one export holds (a wider period must be split). */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

export interface AuditExport {
  title: string;
  exportedAt: string;
  /** The zone times are shown in (the platform's, Asia/Shanghai). */
  timeZone: string;
  exporter: string;
  /** Rows the filter selects; at most AUDIT_EXPORT_MAX_ROWS of them are in the file. */
  total: number;
  exported: number;
  /** The filter, in Chinese, for the sheet's head. */
  filterText: string;
  rows: AsyncIterable<AuditItemView>;
}

/**
 * The filtered audit log for an Excel export, newest first. The export is itself audited (action
 * `audit.export`, the filter with ids masked, the row count) before the first row is read.
 */
export async function exportAudit(ctx: CoreContext, actor: Actor, q: AuditQuery): Promise<AuditExport> {
  authorize(actor, 'audit:read');
  // The rows up to the chain head as it is now: rows appended while the file streams (this export's own
  // row among them) are left out, so the count in the head is the count of rows in the file.
  const head = await lastAuditRow(ctx.db.kysely);
  const filter = { ...auditFilterOf(ctx, actor, q), upToSeq: head?.seq ?? 0 };
  const total = await countAuditRows(ctx.db.kysely, filter);
  const exported = Math.min(total, AUDIT_EXPORT_MAX_ROWS);
  await ctx.readAudit.record(actor, {
    action: 'audit.export',
    targetType: 'audit_log',
    divisionCode: actor.divisionCode,
    details: { filter: maskAuditFilter(q), rows: exported, total },
  });
  const exporterName = actor.userId
    ? (await accountNames(ctx.db.kysely, { usernames: [actor.username], ids: [] }))[0]
    : undefined;
  const catalogue = auditCatalogue(ctx.lines);
  const parts = [
    q.from || q.to ? `时间 ${q.from ?? '…'} 至 ${q.to ?? '…'}` : null,
    q.actor ? `操作人 ${q.actor}` : null,
    q.action ? `操作 ${catalogue.actions.get(q.action)?.label ?? q.action}` : null,
    q.personId ? `当事人 ${q.personId}` : null,
    q.targetType ? `对象类型 ${catalogue.targets.get(q.targetType)?.label ?? q.targetType}` : null,
    q.targetId ? `对象 ${q.targetId}` : null,
  ].filter(Boolean);
  return {
    title: '审计日志',
    exportedAt: ctx.clock.now().toISOString(),
    timeZone: ctx.config.timeZone,
    exporter: exporterName ? `${exporterName.displayName}（${actor.username}）` : actor.username,
    total,
    exported,
    filterText: parts.length ? parts.join('；') : '全部',
    rows: (async function* () {
      for await (const batch of filteredAuditRowsNewestFirst(ctx.db.kysely, filter, exported))
        yield* await labelAuditRows(ctx, batch);
    })(),
  };
}
