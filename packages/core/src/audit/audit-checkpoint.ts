/**
 * Keyed head checkpoints (ADR 0012): the chain head (seq, hash, time) HMAC-SM3'd with the server key and
 * appended to a file outside the database. Someone who can write the database but not that file (nor read
 * the key) can then neither cut the newest rows off (truncation) nor replace rows the checkpoint covers
 * (re-chaining) without `audit verify` reporting it. Core formats, signs and checks checkpoints; the file
 * itself is the caller's (`AuditCheckpointSink`: the command line appends to it, core never does file IO).
 */
import { z } from 'zod';
import type { CoreContext } from '../context';
import type { ServerKeys } from '../keys';
import { GENESIS_HASH } from './audit-hash';
import { lastAuditRow } from './audit.repository';

export interface AuditCheckpoint {
  /** Seq of the head row (0: the log was empty). */
  seq: number;
  hash: string;
  /** When the checkpoint was taken (ISO instant). */
  at: string;
  /** The key the checkpoint is signed with. */
  keyId: string;
  /** HMAC-SM3 of ["audit-checkpoint", seq, hash, at, keyId] under that key. */
  mac: string;
}

/** Where checkpoints are kept: an append-only file in the server (see the CLI), a list in tests. */
export interface AuditCheckpointSink {
  append(checkpoint: AuditCheckpoint): Promise<void>;
  /** Every checkpoint appended so far, oldest first; throws on an unreadable or malformed store. */
  readAll(): Promise<AuditCheckpoint[]>;
}

function checkpointMessage(c: Omit<AuditCheckpoint, 'mac'>): string {
  return JSON.stringify(['audit-checkpoint', c.seq, c.hash, c.at, c.keyId]);
}

/** Whether the checkpoint was signed by a key this process holds (current or retired). */
export function checkpointSignatureOk(keys: ServerKeys, c: AuditCheckpoint): boolean {
  const mac = keys.auditMacFor(c.keyId);
  return mac !== undefined && mac(checkpointMessage(c)) === c.mac;
}

/** The current head, signed: what `audit checkpoint` appends. */
export async function auditCheckpoint(
  ctx: Pick<CoreContext, 'db' | 'clock' | 'keys'>,
): Promise<AuditCheckpoint> {
  const head = await lastAuditRow(ctx.db.kysely);
  const unsigned = {
    seq: head?.seq ?? 0,
    hash: head?.hash ?? GENESIS_HASH,
    at: ctx.clock.now().toISOString(),
    keyId: ctx.keys.keyId,
  };
  return { ...unsigned, mac: ctx.keys.auditMac(checkpointMessage(unsigned)) };
}

/** Takes a checkpoint and appends it to `sink`. */
export async function writeAuditCheckpoint(
  ctx: Pick<CoreContext, 'db' | 'clock' | 'keys'>,
  sink: AuditCheckpointSink,
): Promise<AuditCheckpoint> {
  const c = await auditCheckpoint(ctx);
  await sink.append(c);
  return c;
}

const checkpointSchema = z
  .object({
    seq: z.number().int().nonnegative(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    at: z.string().min(1),
    keyId: z.string().min(1),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

/** One line of the checkpoint file. */
export function formatCheckpoint(c: AuditCheckpoint): string {
  return JSON.stringify({ seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId, mac: c.mac });
}

/** The checkpoint file's lines (blank lines ignored); a malformed line throws naming its number. */
export function parseCheckpoints(text: string): AuditCheckpoint[] {
  const out: AuditCheckpoint[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`checkpoint line ${i + 1}: not JSON`);
    }
    const r = checkpointSchema.safeParse(parsed);
    if (!r.success) throw new Error(`checkpoint line ${i + 1}: ${r.error.issues[0]?.message ?? 'invalid'}`);
    out.push(r.data);
  });
  return out;
}

/** A sink in memory (tests; a server without a checkpoint file). */
export function memoryCheckpointSink(): AuditCheckpointSink & { lines: AuditCheckpoint[] } {
  const lines: AuditCheckpoint[] = [];
  return {
    lines,
    append: async (c) => void lines.push(c),
    readAll: async () => [...lines],
  };
}

/** The platform job `audit.checkpoint`: a checkpoint into the context's sink, if the server keeps one. */
export async function scheduledAuditCheckpoint(ctx: CoreContext): Promise<Record<string, unknown>> {
  if (!ctx.auditCheckpoints) return { skipped: '未配置检查点文件' };
  const c = await writeAuditCheckpoint(ctx, ctx.auditCheckpoints);
  return { seq: c.seq, hash: c.hash };
}
