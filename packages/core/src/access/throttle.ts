import { DomainError } from '@social-affairs/kernel';
import type { Kysely } from 'kysely';
import type { CoreConfig } from '../context';
import type { Database } from '../db/schema';
import {
  claimThrottleSlot,
  deleteThrottleRow,
  deleteThrottleRowsFrom,
  findThrottleRow,
  insertThrottleRow,
  throttleRows,
  updateThrottleRow,
} from './throttle.repository';

/**
 * Sign-in throttling without a lockout denial of service (ADR 0011, superseding ADR 0002 in part).
 *
 * - `pair` — one account from one client address: `loginMaxFailures` failures within `loginLockMinutes`
 *   lock that pair for `loginLockMinutes`. Only the guessing address is locked out of the account.
 * - `address` — one client address across accounts: `ADDRESS_FAILURE_FACTOR × loginMaxFailures`
 *   failures within the window lock the address (password spraying from one place).
 * - `account` — one account from every address: never locked; from `loginMaxFailures` failures on, each
 *   further attempt must wait a delay doubling from 1 s up to `MAX_SLOW_DOWN_SECONDS`, one attempt per
 *   slot (claimed atomically, so parallel requests do not multiply it). This caps a distributed guess at
 *   about 70 failures an hour per account (ASVS 2.2.1: no more than 100), while the owner, from any other
 *   address, waits seconds, not a quarter of an hour. The counter ends `loginLockMinutes` after the last
 *   failure; a successful sign-in clears it.
 * - `password-change` — guesses of the current password on `/api/auth/password`, per user: a hard lock
 *   like `pair` (only a holder of that user's session can cause it).
 */
export const ADDRESS_FAILURE_FACTOR = 4;
export const MAX_SLOW_DOWN_SECONDS = 60;

export interface ThrottleKeys {
  pair: string;
  address: string | null;
  account: string;
}

export function throttleKeys(username: string, address: string | null): ThrottleKeys {
  const user = username.toLowerCase();
  return {
    pair: `pair:${user}|${address ?? '-'}`,
    address: address ? `address:${address}` : null,
    account: `account:${user}`,
  };
}

export function passwordChangeKey(userId: string): string {
  return `password-change:${userId}`;
}

/** Delay before the next attempt on an account with `failures` recent failures (0 below the threshold). */
export function slowDownMs(failures: number, config: CoreConfig): number {
  if (failures < config.loginMaxFailures) return 0;
  const exponent = Math.min(failures - config.loginMaxFailures, 16);
  return Math.min(2 ** exponent, MAX_SLOW_DOWN_SECONDS) * 1000;
}

type Row = { key: string; failures: number; firstFailureAt: string; lockedUntil: string | null };

function windowMs(config: CoreConfig): number {
  return config.loginLockMinutes * 60_000;
}

/** Whether a hard-lock key's counting window has ended (counted from its first failure). */
function lockWindowOver(row: Row, now: Date, config: CoreConfig): boolean {
  return now.getTime() - Date.parse(row.firstFailureAt) > windowMs(config);
}

/** Whether a slowed-down key's window has ended (counted from its last failure or claimed slot). */
function slowWindowOver(row: Row, now: Date, config: CoreConfig): boolean {
  const last = Math.max(Date.parse(row.firstFailureAt), row.lockedUntil ? Date.parse(row.lockedUntil) : 0);
  return now.getTime() - last > windowMs(config);
}

function lockedError(row: Row, now: Date, scope: 'account-address' | 'address' | 'password-change') {
  const retryAfterSeconds = Math.ceil((Date.parse(row.lockedUntil ?? '') - now.getTime()) / 1000);
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const message =
    scope === 'address'
      ? `本地址登录失败次数过多，请 ${minutes} 分钟后再试`
      : scope === 'password-change'
        ? `当前密码输入错误次数过多，请 ${minutes} 分钟后再试`
        : `登录失败次数过多，请 ${minutes} 分钟后再试`;
  return new DomainError('rate_limited', 'AUTH_LOCKED', message, { retryAfterSeconds, scope });
}

function slowDownError(until: string, now: Date) {
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000));
  return new DomainError(
    'rate_limited',
    'AUTH_SLOW_DOWN',
    `该账号近期登录失败次数较多，请 ${retryAfterSeconds} 秒后再试`,
    { retryAfterSeconds, scope: 'account' },
  );
}

/**
 * Before a password is verified: refuses a locked pair or address (AUTH_LOCKED), and on a slowed-down
 * account claims the next slot or refuses (AUTH_SLOW_DOWN) — in both cases without verifying anything.
 */
export async function admitSignInAttempt(
  db: Kysely<Database>,
  keys: ThrottleKeys,
  now: Date,
  config: CoreConfig,
): Promise<void> {
  const all = [keys.pair, keys.account, ...(keys.address ? [keys.address] : [])];
  const rows = new Map((await throttleRows(db, all)).map((r) => [r.key, r]));
  const iso = now.toISOString();
  for (const [key, scope] of [
    [keys.pair, 'account-address'],
    [keys.address, 'address'],
  ] as const) {
    const r = key ? rows.get(key) : undefined;
    if (r?.lockedUntil && r.lockedUntil > iso) throw lockedError(r, now, scope);
  }
  const account = rows.get(keys.account);
  if (!account || slowWindowOver(account, now, config)) return;
  const delay = slowDownMs(account.failures, config);
  if (delay === 0) return;
  if (account.lockedUntil && account.lockedUntil > iso) throw slowDownError(account.lockedUntil, now);
  const until = new Date(now.getTime() + delay).toISOString();
  if (!(await claimThrottleSlot(db, keys.account, iso, until))) {
    const again = await findThrottleRow(db, keys.account);
    throw slowDownError(again?.lockedUntil && again.lockedUntil > iso ? again.lockedUntil : until, now);
  }
}

/** Refuses while a password-change key is locked. */
export async function ensurePasswordChangeAllowed(
  db: Kysely<Database>,
  key: string,
  now: Date,
): Promise<void> {
  const r = await findThrottleRow(db, key);
  if (r?.lockedUntil && r.lockedUntil > now.toISOString()) throw lockedError(r, now, 'password-change');
}

/** Counts one failure on each key: hard-lock keys lock at their threshold, slow keys push their delay. */
export async function recordFailure(
  db: Kysely<Database>,
  keys: { lock: { key: string; max: number }[]; slow?: string },
  now: Date,
  config: CoreConfig,
): Promise<void> {
  const iso = now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (const { key, max } of keys.lock) {
      const row = await findThrottleRow(trx, key);
      const expired = !row || lockWindowOver(row, now, config);
      const failures = expired ? 1 : row.failures + 1;
      const firstFailureAt = expired ? iso : row.firstFailureAt;
      const lockedUntil = failures >= max ? new Date(now.getTime() + windowMs(config)).toISOString() : null;
      if (row) await updateThrottleRow(trx, key, { failures, firstFailureAt, lockedUntil });
      else await insertThrottleRow(trx, key, { failures, firstFailureAt, lockedUntil });
    }
    if (keys.slow) {
      const row = await findThrottleRow(trx, keys.slow);
      const expired = !row || slowWindowOver(row, now, config);
      const failures = expired ? 1 : row.failures + 1;
      const firstFailureAt = expired ? iso : row.firstFailureAt;
      const delay = slowDownMs(failures, config);
      const pushed = delay > 0 ? new Date(now.getTime() + delay).toISOString() : null;
      const held = !expired && row.lockedUntil && row.lockedUntil > iso ? row.lockedUntil : null;
      // Never before a slot already claimed; at least `delay` after this failure.
      const lockedUntil = pushed && held ? (pushed > held ? pushed : held) : (pushed ?? held);
      if (row) await updateThrottleRow(trx, keys.slow, { failures, firstFailureAt, lockedUntil });
      else await insertThrottleRow(trx, keys.slow, { failures, firstFailureAt, lockedUntil });
    }
  });
}

/** A failed sign-in: the pair and the address (hard locks) and the account (slow-down). */
export function recordSignInFailure(
  db: Kysely<Database>,
  keys: ThrottleKeys,
  now: Date,
  config: CoreConfig,
): Promise<void> {
  const max = config.loginMaxFailures;
  return recordFailure(
    db,
    {
      lock: [
        { key: keys.pair, max },
        ...(keys.address ? [{ key: keys.address, max: max * ADDRESS_FAILURE_FACTOR }] : []),
      ],
      slow: keys.account,
    },
    now,
    config,
  );
}

/** A successful sign-in clears the pair and the account; the address keeps its count (spraying). */
export async function clearSignInFailures(db: Kysely<Database>, keys: ThrottleKeys): Promise<void> {
  await deleteThrottleRow(db, keys.pair);
  await deleteThrottleRow(db, keys.account);
}

/** Every sign-in key of an account (from any address) is cleared when an administrator resets it. */
export async function clearAccountFailures(db: Kysely<Database>, username: string): Promise<void> {
  const { account, pair } = throttleKeys(username, null);
  await deleteThrottleRow(db, account);
  await deleteThrottleRowsFrom(db, pair.slice(0, -1)); // `pair:<user>|` followed by any address
}
