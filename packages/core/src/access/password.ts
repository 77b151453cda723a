import { DomainError } from '@social-affairs/kernel';
import { argon2Verify, argon2id } from 'hash-wasm';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import type * as NativeArgon2 from '@node-rs/argon2';
import type { CoreConfig } from '../context';

type Argon2Params = CoreConfig['argon2'];

/** An argon2id implementation: hashes to a PHC string (own salt and parameters) and verifies one. */
export interface Argon2Implementation {
  name: string;
  hash(password: string, params: Argon2Params): Promise<string>;
  verify(stored: string, password: string): Promise<boolean>;
}

/**
 * The WebAssembly argon2id of `hash-wasm` (a plain dependency): used when the native `@node-rs/argon2`
 * binary is missing — npm delivers that binary as an optional dependency, so `npm install
 * --omit=optional` (which also leaves out face ranking, docs/faces.md) would otherwise stop the platform.
 * Same algorithm and PHC format, so either implementation verifies the other's hashes; slower (~2×).
 */
export const wasmArgon2: Argon2Implementation = {
  name: 'hash-wasm',
  hash: (password, p) =>
    argon2id({
      password,
      salt: randomBytes(16),
      iterations: p.timeCost,
      memorySize: p.memoryCost,
      parallelism: p.parallelism,
      hashLength: 32,
      outputType: 'encoded',
    }),
  verify: (stored, password) => argon2Verify({ password, hash: stored }),
};

/** The native `@node-rs/argon2`, or undefined when its platform binary is not installed. */
export function loadNativeArgon2(moduleName = '@node-rs/argon2'): Argon2Implementation | undefined {
  try {
    const native = createRequire(import.meta.url)(moduleName) as typeof NativeArgon2;
    return {
      name: '@node-rs/argon2',
      hash: (password, p) => native.hash(password, { ...p }),
      verify: (stored, password) => native.verify(stored, password),
    };
  } catch {
    return undefined;
  }
}

/** The implementation this process uses: native when installed, else WebAssembly. */
export const argon2: Argon2Implementation = loadNativeArgon2() ?? wasmArgon2;

/** argon2id (the @node-rs/argon2 default algorithm), PHC string with its own salt and parameters. */
export function hashPassword(password: string, config: CoreConfig): Promise<string> {
  return argon2.hash(password, config.argon2);
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
  return argon2.verify(stored, password).catch(() => false);
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
