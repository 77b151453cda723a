/**
 * The server's secret key: keys the audit chain (HMAC-SM3) and the HMACs that stand in for resident ids
 * where they must not be stored in clear (e.g. the one-active-booking rule). It lives outside the
 * database — a key file with owner-only permissions (`platform.keyFile`, default ./data/server.key),
 * read by the server at start and passed in here; core never reads it itself. See docs/security.md.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface ServerKeys {
  /** Short public identifier of the key (first 8 hex of its SM3), recorded where a keyed value is stored. */
  readonly keyId: string;
  /** HMAC-SM3 of `message` under the key, separated per `purpose`, as lowercase hex. */
  hmac(purpose: string, message: string | Uint8Array): string;
  /**
   * HMAC-SM3 of `message` under the key with no purpose prefix, as lowercase hex: the audit chain's row
   * hashes and head checkpoints, whose messages are JSON arrays of their own distinct shapes (ADR 0012).
   */
  readonly auditMac: (message: string) => string;
  /**
   * The audit MAC under the key with id `keyId`: this key or a retired one still held for verifying older
   * rows (key rotation, ADR 0012); undefined for a key this process does not hold.
   */
  readonly auditMacFor: (keyId: string) => ((message: string) => string) | undefined;
}

export const SERVER_KEY_BYTES = 32;

/** The key id of a key (first 8 hex of HMAC-SM3(key, "key-id")); public. */
export function serverKeyId(key: Uint8Array): string {
  return createHmac('sm3', Buffer.from(key)).update('key-id').digest('hex').slice(0, 8);
}

/**
 * The server's keys: `key` is the current one (new rows, new digests); `retired` are earlier keys kept
 * only to verify audit rows and checkpoints written under them (rotation, ADR 0012).
 */
export function serverKeys(key: Uint8Array, retired: readonly Uint8Array[] = []): ServerKeys {
  for (const k of [key, ...retired])
    if (k.length < SERVER_KEY_BYTES) throw new Error(`server key must be at least ${SERVER_KEY_BYTES} bytes`);
  const material = Buffer.from(key);
  const keyId = serverKeyId(material);
  const macOf =
    (m: Buffer) =>
    (message: string): string =>
      createHmac('sm3', m).update(message).digest('hex');
  const macs = new Map<string, (message: string) => string>();
  for (const k of retired) macs.set(serverKeyId(k), macOf(Buffer.from(k)));
  const auditMac = macOf(material);
  macs.set(keyId, auditMac);
  return {
    keyId,
    hmac(purpose, message) {
      return createHmac('sm3', material).update(purpose).update('\0').update(message).digest('hex');
    },
    auditMac,
    auditMacFor: (id) => macs.get(id),
  };
}

/** A fresh random key (a new installation's key file; tests). */
export function newServerKey(): Buffer {
  return randomBytes(SERVER_KEY_BYTES);
}
