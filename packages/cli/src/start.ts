import { buildApp, loggerOptions } from '@social-affairs/api';
import {
  MatchJobRunner,
  openCore,
  registerMarriageSubscribers,
  seedDemoData,
  seedMarriageDemo,
  startMarriageJobs,
  type CoreConfig,
  type SeedSize,
} from '@social-affairs/core';
import type { FastifyInstance } from 'fastify';

export interface StartOptions {
  /** `postgres://…`, `sqlite::memory:` or `sqlite:<file>`. */
  databaseUrl: string;
  port: number;
  host?: string;
  /** Seed demo data when the database has no people yet (false: never). */
  seed?: { size: SeedSize; seed: number } | false;
  webRoot?: string | null;
  logLevel?: string;
  cookieSecure?: boolean;
  trustProxy?: boolean;
  config?: Partial<CoreConfig>;
}

export interface RunningPlatform {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the database, seeds demo data on first run, starts the event dispatcher and
 * listens. `close()` stops accepting requests, lets in-flight ones finish, then closes the database.
 */
export async function startPlatform(opts: StartOptions): Promise<RunningPlatform> {
  const logLevel = opts.logLevel ?? 'info';
  // The dispatcher logs through the server's logger once it exists (console until then).
  let log: { error(obj: unknown, msg?: string): void } = { error: (obj, msg) => console.error(msg, obj) };
  const core = await openCore({
    databaseUrl: opts.databaseUrl,
    config: opts.config,
    logger: { error: (obj, msg) => log.error(obj, msg) },
  });
  if (opts.seed) {
    await seedDemoData(core, opts.seed);
    await seedMarriageDemo(core);
  }
  const app = await buildApp({
    core,
    logger: logLevel === 'silent' ? false : loggerOptions(logLevel),
    webRoot: opts.webRoot,
    cookieSecure: opts.cookieSecure,
    trustProxy: opts.trustProxy,
  });
  log = app.log;
  registerMarriageSubscribers(core);
  const marriageJobs = await startMarriageJobs(core, { error: (obj, msg) => log.error(obj, msg) });
  // Comparison jobs left 'running' by a previous process resume from their stored cursor.
  const matchJobs = new MatchJobRunner(core, { logger: { error: (obj, msg) => log.error(obj, msg) } });
  matchJobs.start();
  core.events.start();
  await core.events.dispatchPending();
  const address = await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  let closed = false;
  return {
    url: address.replace('[::1]', 'localhost'),
    app,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      marriageJobs.stop();
      await matchJobs.stop();
      await core.events.stop();
      await core.db.close();
    },
  };
}
