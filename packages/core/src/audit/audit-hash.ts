import { hash } from 'node:crypto';

/** SM3 (GB/T 32905-2016), the national commercial-cryptography hash, as lowercase hex. */
export function sm3Hex(data: string | Uint8Array): string {
  return hash('sm3', data, 'hex'); // one-shot: no Hash object per row
}

/** The hash the first row of the chain points back to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  seq: number;
  at: string;
  actorId: string | null;
  actorUsername: string;
  action: string;
  targetType: string;
  targetId: string | null;
  divisionCode: string | null;
  reason: string | null;
  details: string;
  prevHash: string;
}

/** SM3 over the previous row's hash and every field of this row, in a fixed order. */
export function auditRowHash(row: ChainedFields): string {
  return sm3Hex(
    JSON.stringify([
      row.prevHash,
      row.seq,
      row.at,
      row.actorId,
      row.actorUsername,
      row.action,
      row.targetType,
      row.targetId,
      row.divisionCode,
      row.reason,
      row.details,
    ]),
  );
}

/** An audit row before it is placed on the chain (no seq, prevHash or hash yet). */
export type AuditDraft = Omit<ChainedFields, 'seq' | 'prevHash'>;

/** Places drafts on the chain after `last` (the current head, or none for an empty log). */
export function chainAuditRows(
  last: { seq: number; hash: string } | undefined,
  drafts: readonly AuditDraft[],
): (ChainedFields & { hash: string })[] {
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  // One object literal per row (no spreads): the same shape for every row, built once.
  return drafts.map((d) => {
    const row = {
      seq: ++seq,
      at: d.at,
      actorId: d.actorId,
      actorUsername: d.actorUsername,
      action: d.action,
      targetType: d.targetType,
      targetId: d.targetId,
      divisionCode: d.divisionCode,
      reason: d.reason,
      details: d.details,
      prevHash,
      hash: '',
    };
    row.hash = prevHash = auditRowHash(row);
    return row;
  });
}
