import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '@social-affairs/kernel';
import { randomBytes } from 'node:crypto';
import type { CoreConfig } from '../context';

/** argon2id (the @node-rs/argon2 default algorithm), PHC string with its own salt and parameters. */
export function hashPassword(password: string, config: CoreConfig): Promise<string> {
  return hash(password, { ...config.argon2 });
}

type VerificationListener = () => void;
const verificationListeners = new Set<VerificationListener>();

/**
 * Observes every argon2 verification this process runs (a real account's hash or the dummy one): tests
 * count them to check that an unknown username costs the same work as a wrong password. Returns the
 * function that stops observing.
 */
export function onPasswordVerification(listener: VerificationListener): () => void {
  verificationListeners.add(listener);
  return () => verificationListeners.delete(listener);
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  for (const l of verificationListeners) l();
  return verify(stored, password).catch(() => false);
}

/** One dummy argon2id hash per set of parameters, computed once (at start, see `prepareSignIn`). */
const dummyHashes = new Map<string, Promise<string>>();

/**
 * A hash of a random secret nobody knows, with the configured argon2 parameters: an unknown (or
 * disabled) account is verified against it so that its answer takes the same work as a wrong password
 * (no username enumeration by timing).
 */
export function dummyPasswordHash(config: CoreConfig): Promise<string> {
  const key = JSON.stringify(config.argon2);
  let h = dummyHashes.get(key);
  if (!h) {
    h = hashPassword(randomBytes(24).toString('base64url'), config);
    dummyHashes.set(key, h);
  }
  return h;
}

/** Runs a full verification against the dummy hash; always false. */
export async function verifyAgainstDummy(config: CoreConfig, password: string): Promise<false> {
  await verifyPassword(await dummyPasswordHash(config), password);
  return false;
}

/** At least 8 characters with a letter and a digit; no more than 128. */
export function checkPasswordPolicy(password: string, username?: string, field = 'password'): void {
  const weak =
    password.length < 8 ||
    password.length > 128 ||
    !/[A-Za-z]/.test(password) ||
    !/[0-9]/.test(password) ||
    (username !== undefined && password.toLowerCase().includes(username.toLowerCase()));
  if (weak) {
    throw new DomainError(
      'invalid',
      'PASSWORD_TOO_WEAK',
      '密码至少 8 位，须同时包含字母和数字，且不能包含用户名',
      {
        field,
      },
    );
  }
}
