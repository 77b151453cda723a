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
}

export const SERVER_KEY_BYTES = 32;

export function serverKeys(key: Uint8Array): ServerKeys {
  if (key.length < SERVER_KEY_BYTES) throw new Error(`server key must be at least ${SERVER_KEY_BYTES} bytes`);
  const material = Buffer.from(key);
  const keyId = createHmac('sm3', material).update('key-id').digest('hex').slice(0, 8);
  return {
    keyId,
    hmac(purpose, message) {
      return createHmac('sm3', material).update(purpose).update('\0').update(message).digest('hex');
    },
  };
}

/** A fresh random key (a new installation's key file; tests). */
export function newServerKey(): Buffer {
  return randomBytes(SERVER_KEY_BYTES);
}
