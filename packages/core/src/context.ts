import type { Db } from './db/create-db';
import type { SessionCache } from './access/session-cache';
import type { AuditWriter } from './audit/audit-writer';
import type { EventDispatcher } from './events/dispatcher';
import { defaultMarriageConfig, type MarriageConfig } from './marriage/marriage.config';

/** Wall clock, injectable so tests can move time (lockouts, session expiry, legal periods). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface CoreConfig {
  /** Session lifetime in minutes (absolute, from login). */
  sessionTtlMinutes: number;
  /** Failed logins before a lock, per account and per client address. */
  loginMaxFailures: number;
  /** Lock duration and the window failures are counted in, in minutes. */
  loginLockMinutes: number;
  /** argon2id parameters (OWASP minimum by default; tests may lower them). */
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  /** Time zone that decides "today" for ages and legal dates. */
  timeZone: string;
  /** Marriage-line choices (rulebook §3 UNVERIFIED/DESIGN points); see marriage/marriage.config.ts. */
  marriage: MarriageConfig;
}

export const defaultCoreConfig: CoreConfig = {
  sessionTtlMinutes: 8 * 60,
  loginMaxFailures: 5,
  loginLockMinutes: 15,
  argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  timeZone: 'Asia/Shanghai',
  marriage: defaultMarriageConfig,
};

/** Everything a service needs, passed explicitly (no singletons). */
export interface CoreContext {
  readonly db: Db;
  readonly clock: Clock;
  readonly config: CoreConfig;
  readonly events: EventDispatcher;
  /** Group-committed audit rows for reads (see AuditWriter). */
  readonly readAudit: AuditWriter;
  readonly sessions: SessionCache;
}
