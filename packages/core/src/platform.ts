import { createDb, type CreateDbOptions, type Db } from './db/create-db';
import { migrateToLatest } from './db/migrate';
import { SessionCache } from './access/session-cache';
import { AuditWriter } from './audit/audit-writer';
import { EventDispatcher, type DispatcherLogger } from './events/dispatcher';
import { defaultCoreConfig, systemClock, type Clock, type CoreConfig, type CoreContext } from './context';

export interface OpenCoreOptions {
  databaseUrl: string;
  config?: Partial<CoreConfig>;
  clock?: Clock;
  logger?: DispatcherLogger;
  dbOptions?: CreateDbOptions;
  /** Run migrations on open (default true). */
  migrate?: boolean;
}

/** Builds the service context over an already-open database (tests use this with their own db). */
export function coreContext(
  db: Db,
  opts: Omit<OpenCoreOptions, 'databaseUrl' | 'dbOptions' | 'migrate'> = {},
): CoreContext {
  const clock = opts.clock ?? systemClock;
  return {
    db,
    clock,
    config: { ...defaultCoreConfig, ...opts.config },
    events: new EventDispatcher(db, clock, opts.logger),
    readAudit: new AuditWriter(db, clock),
    sessions: new SessionCache(),
  };
}

/** Opens the database, brings its schema up to date and returns the service context. */
export async function openCore(opts: OpenCoreOptions): Promise<CoreContext> {
  const db = createDb(opts.databaseUrl, opts.dbOptions);
  if (opts.migrate !== false) await migrateToLatest(db);
  return coreContext(db, opts);
}
