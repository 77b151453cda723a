import { hash } from 'node:crypto';
import type { ServerKeys } from '../keys';

/** SM3 (GB/T 32905-2016), the national commercial-cryptography hash, as lowercase hex. */
export function sm3Hex(data: string | Uint8Array): string {
  return hash('sm3', data, 'hex'); // one-shot: no Hash object per row
}

/** The hash the first row of the chain points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The action of the first row written under a new key (rotation, ADR 0012). */
export const KEY_ROTATION_ACTION = 'audit.key-rotated';

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
  /** The person whose data was read or written, where there is one (null: none, or several). */
  subjectPersonId: string | null;
  /** Id of the server key the row's hash is an HMAC under; null: a legacy row, plain SM3 (before 0011). */
  keyId: string | null;
  prevHash: string;
}

/** The chain head a new row is placed after. */
export interface ChainHead {
  seq: number;
  hash: string;
  keyId: string | null;
}

/** The message a row's hash covers: the previous row's hash and every field of the row, in a fixed order. */
export function auditRowMessage(row: ChainedFields): string {
  // Legacy rows (written before migration 0011): exactly the fields hashed then. Keyed rows: those, then
  // the subject person and the key.
  const legacy = [
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
  ];
  return JSON.stringify(row.keyId === null ? legacy : [...legacy, row.subjectPersonId, row.keyId]);
}

/**
 * A row's hash: HMAC-SM3 under the key named by `row.keyId` (`mac`), or plain SM3 for a legacy row.
 * `mac` undefined for a keyed row: the key is not held, the result is null.
 */
export function auditRowHash(
  row: ChainedFields,
  mac: ((message: string) => string) | undefined,
): string | null {
  if (row.keyId === null) return sm3Hex(auditRowMessage(row));
  return mac ? mac(auditRowMessage(row)) : null;
}

/**
 * What the previous key signs when the chain moves to a new key: the position (seq, previous hash), the
 * time and the new key's id, so only a holder of the old key could have started the new segment there.
 */
export function rotationMessage(r: { seq: number; prevHash: string; at: string; keyId: string }): string {
  return JSON.stringify(['audit-key-rotation', r.seq, r.prevHash, r.at, r.keyId]);
}

/** An audit row before it is placed on the chain (no seq, prevHash, keyId or hash yet). */
export type AuditDraft = Omit<ChainedFields, 'seq' | 'prevHash' | 'keyId'>;

/**
 * Places drafts on the chain after `last` (the current head, or none for an empty log), each row's hash an
 * HMAC-SM3 under the current key. When the head was written under another key, a rotation row comes first,
 * carrying the previous key's signature of the switch (`previousKeyMac`, null if that key is not held —
 * verification then reports the rotation as unsigned).
 */
export function chainAuditRows(
  keys: ServerKeys,
  last: ChainHead | undefined,
  drafts: readonly AuditDraft[],
): (ChainedFields & { hash: string })[] {
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const keyId = keys.keyId;
  const mac = keys.auditMac;
  const out: (ChainedFields & { hash: string })[] = [];
  const first = drafts[0];
  if (first && last?.keyId && last.keyId !== keyId) {
    const previous = keys.auditMacFor(last.keyId);
    const position = { seq: seq + 1, prevHash, at: first.at, keyId };
    const row = {
      seq: ++seq,
      at: first.at,
      actorId: null,
      actorUsername: 'system',
      action: KEY_ROTATION_ACTION,
      targetType: 'audit_key',
      targetId: keyId,
      divisionCode: null,
      reason: null,
      details: JSON.stringify({
        previousKeyId: last.keyId,
        previousKeyMac: previous ? previous(rotationMessage(position)) : null,
      }),
      subjectPersonId: null,
      keyId,
      prevHash,
      hash: '',
    };
    row.hash = prevHash = mac(auditRowMessage(row));
    out.push(row);
  }
  // One object literal per row (no spreads): the same shape for every row, built once.
  for (const d of drafts) {
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
      subjectPersonId: d.subjectPersonId,
      keyId,
      prevHash,
      hash: '',
    };
    row.hash = prevHash = mac(auditRowMessage(row));
    out.push(row);
  }
  return out;
}
