import type { DatabaseSettings, Db } from './db/create-db';
import type { SessionCache } from './access/session-cache';
import type { AuditWriter } from './audit/audit-writer';
import type { EventDispatcher } from './events/dispatcher';
import type { AccessModel } from './access/roles';
import type { Clock } from './clock';
import type { AnyLine } from './line';
import type { ServerKeys } from './keys';
import type { AuditCheckpointSink } from './audit/audit-checkpoint';
import type { FaceConfigInput } from './faces/faces.config';

export { systemClock, type Clock } from './clock';

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
  /**
   * Folder of the attachment store (content-addressed files, docs/attachments.md). Default
   * `./data/attachments` relative to the server's working directory; tests use a temporary folder.
   */
  attachmentsDir?: string;
  /** PostgreSQL connection pool and timeouts (`platform.database`); unset keys take DATABASE_SETTINGS_DEFAULTS. */
  database?: DatabaseSettings;
  /** Face ranking (`platform.faces`, docs/faces.md); unset keys take DEFAULT_FACE_CONFIG. */
  faces?: FaceConfigInput;
  /**
   * Each line's configuration slice by line name (`lines.marriage` …), validated against the line's zod
   * schema with its defaults filled in; a line reads its own through `lineConfig` or its helper.
   */
  lines: Readonly<Record<string, unknown>>;
}

export const defaultCoreConfig: CoreConfig = {
  sessionTtlMinutes: 8 * 60,
  loginMaxFailures: 5,
  loginLockMinutes: 15,
  argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  timeZone: 'Asia/Shanghai',
  lines: {},
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
  /** The business lines this process runs (from the server's list of lines). */
  readonly lines: readonly AnyLine[];
  /** Roles and permissions of the platform and those lines. */
  readonly access: AccessModel;
  /** The server's secret key (audit chain HMAC, keyed digests of ids); see keys.ts. */
  readonly keys: ServerKeys;
  /** Where the audit chain's keyed head checkpoints are appended (the server's checkpoint file); none: not kept. */
  readonly auditCheckpoints?: AuditCheckpointSink;
}
