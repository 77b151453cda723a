import { DomainError } from '@social-affairs/kernel';
import type { Kysely } from 'kysely';
import type { CoreConfig } from '../context';
import type { Database } from '../db/schema';
import {
  deleteThrottleRow,
  findThrottleRow,
  insertThrottleRow,
  throttleRows,
  updateThrottleRow,
} from './throttle.repository';

/**
 * Login throttling: `loginMaxFailures` failures within `loginLockMinutes` lock the key for
 * `loginLockMinutes`. Keys are kept per account and per client address, so neither guessing one
 * password everywhere nor every password on one account gets far.
 */
export function throttleKeys(username: string, address: string | null): string[] {
  return [`account:${username.toLowerCase()}`, ...(address ? [`address:${address}`] : [])];
}

export async function ensureNotLocked(db: Kysely<Database>, keys: string[], now: Date): Promise<void> {
  const rows = await throttleRows(db, keys);
  for (const r of rows) {
    if (r.lockedUntil && r.lockedUntil > now.toISOString()) {
      const retryAfterSeconds = Math.ceil((Date.parse(r.lockedUntil) - now.getTime()) / 1000);
      throw new DomainError(
        'rate_limited',
        'AUTH_LOCKED',
        `登录失败次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
        { retryAfterSeconds, scope: r.key.startsWith('account:') ? 'account' : 'address' },
      );
    }
  }
}

export async function recordFailure(
  db: Kysely<Database>,
  keys: string[],
  now: Date,
  config: CoreConfig,
): Promise<void> {
  const windowMs = config.loginLockMinutes * 60_000;
  await db.transaction().execute(async (trx) => {
    for (const key of keys) {
      const row = await findThrottleRow(trx, key);
      const expired = !row || now.getTime() - Date.parse(row.firstFailureAt) > windowMs;
      const failures = expired ? 1 : row.failures + 1;
      const firstFailureAt = expired ? now.toISOString() : row.firstFailureAt;
      const lockedUntil =
        failures >= config.loginMaxFailures ? new Date(now.getTime() + windowMs).toISOString() : null;
      if (row) {
        await updateThrottleRow(trx, key, { failures, firstFailureAt, lockedUntil });
      } else {
        await insertThrottleRow(trx, key, { failures, firstFailureAt, lockedUntil });
      }
    }
  });
}

export async function clearAccountFailures(db: Kysely<Database>, username: string): Promise<void> {
  await deleteThrottleRow(db, `account:${username.toLowerCase()}`);
}
