import { createDb, DATABASE_SETTINGS_DEFAULTS, type CreateDbOptions, type Db } from './db/create-db';
import { migrateToLatest } from './db/migrate';
import { loadStoredHolidayCalendars } from './calendar/calendar.service';
import { accessModel } from './access/roles';
import { SessionCache } from './access/session-cache';
import { AuditWriter } from './audit/audit-writer';
import type { AuditCheckpointSink } from './audit/audit-checkpoint';
import { EventDispatcher, type DispatcherLogger } from './events/dispatcher';
import { systemClock, type Clock } from './clock';
import { defaultCoreConfig, type CoreConfig, type CoreContext } from './context';
import type { AnyLine } from './line';
import { newServerKey, serverKeys, type ServerKeys } from './keys';

/** Configuration as given (a file, tests): any subset of the platform's keys, each line's slice partial. */
export type CoreConfigInput = Partial<Omit<CoreConfig, 'lines'>> & {
  lines?: Readonly<Record<string, unknown>>;
};

export interface OpenCoreOptions {
  databaseUrl: string;
  /** The business lines this process runs: their migrations, permissions, configuration, subscribers. */
  lines?: readonly AnyLine[];
  config?: CoreConfigInput;
  clock?: Clock;
  logger?: DispatcherLogger;
  dbOptions?: CreateDbOptions;
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /**
   * The server's key (from its key file). Without it the context gets a random key for this process only:
   * fine for tests, wrong for a server (its audit chain could not be verified after a restart), so the
   * command line always passes the key file's.
   */
  keys?: ServerKeys;
  /** Where keyed audit head checkpoints go (the server's checkpoint file); see audit-checkpoint.ts. */
  auditCheckpoints?: AuditCheckpointSink;
}

/**
 * Each line's slice: its defaults overlaid with what was given, validated with its schema. A wrong value
 * throws an Error naming the key (`lines.marriage.leapDayBirthday: …`).
 */
export function resolveLineConfigs(
  lines: readonly AnyLine[],
  given: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const known = new Set(lines.map((l) => l.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) throw new Error(`configuration lines.${key}: no such business line`);
  }
  const out: Record<string, unknown> = {};
  for (const line of lines) {
    if (!line.config) {
      if (given[line.name] !== undefined)
        throw new Error(`configuration lines.${line.name}: this line takes no configuration`);
      continue;
    }
    const slice = given[line.name];
    const merged =
      slice && typeof slice === 'object' && !Array.isArray(slice)
        ? { ...(line.config.defaults as object), ...slice }
        : slice === undefined
          ? line.config.defaults
          : slice;
    const parsed = line.config.schema.safeParse(merged);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = ['lines', line.name, ...(issue?.path ?? []).map(String)].join('.');
      throw new Error(`configuration ${path}: ${issue?.message ?? 'invalid'}`);
    }
    out[line.name] = parsed.data;
  }
  return out;
}

/** Builds the service context over an already-open database (tests use this with their own db). */
export function coreContext(
  db: Db,
  opts: Omit<OpenCoreOptions, 'databaseUrl' | 'dbOptions' | 'migrate'> = {},
): CoreContext {
  const clock = opts.clock ?? systemClock;
  const lines = opts.lines ?? [];
  const keys = opts.keys ?? serverKeys(newServerKey());
  const ctx: CoreContext = {
    db,
    clock,
    config: {
      ...defaultCoreConfig,
      ...opts.config,
      lines: resolveLineConfigs(lines, opts.config?.lines),
    },
    events: new EventDispatcher(db, clock, opts.logger),
    readAudit: new AuditWriter(db, clock, keys),
    sessions: new SessionCache(),
    lines,
    access: accessModel(lines),
    keys,
    ...(opts.auditCheckpoints ? { auditCheckpoints: opts.auditCheckpoints } : {}),
  };
  for (const line of lines) {
    for (const s of line.subscribers ?? []) {
      ctx.events.subscribe(s.name, s.event, (trx, event) => s.handle(ctx, trx, event));
    }
  }
  return ctx;
}

/** Opens the database, brings its schema (platform and lines) up to date and returns the service context. */
export async function openCore(opts: OpenCoreOptions): Promise<CoreContext> {
  // The configured pool and timeouts (ADR 0016); migrations run on a connection of their own without
  // the statement timeout (an index build on a provincial table may take minutes).
  const settings = { ...DATABASE_SETTINGS_DEFAULTS, ...opts.config?.database };
  const db = createDb(opts.databaseUrl, { ...settings, ...opts.dbOptions });
  if (opts.migrate !== false) {
    if (db.dialect === 'postgres' && settings.statementTimeoutMs > 0) {
      const migrating = createDb(opts.databaseUrl, { ...opts.dbOptions, poolSize: 1, statementTimeoutMs: 0 });
      try {
        await migrateToLatest(migrating, opts.lines ?? []);
      } finally {
        await migrating.close();
      }
    } else await migrateToLatest(db, opts.lines ?? []);
  }
  const ctx = coreContext(db, opts);
  // The holiday years an administrator loaded, into the kernel calendar (ADR 0014).
  if (opts.migrate !== false) await loadStoredHolidayCalendars(ctx);
  return ctx;
}
