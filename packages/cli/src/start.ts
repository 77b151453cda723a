import { buildApp, loggerOptions, serverLines, type ServerLine } from '@social-affairs/api';
import {
  jobsOf,
  openCore,
  seedDemoData,
  type CoreConfigInput,
  type CoreContext,
  type LineLogger,
  type SeedSize,
  type ServerKeys,
  type AuditCheckpointSink,
} from '@social-affairs/core';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

export interface StartOptions {
  /** `postgres://…`, `sqlite::memory:` or `sqlite:<file>`. */
  databaseUrl: string;
  port: number;
  host?: string;
  /** Seed demo data when the database has no people yet (false: never). */
  seed?: { size: SeedSize; seed: number } | false;
  webRoot?: string | null;
  logLevel?: string;
  /**
   * Where the server's log (pino JSON lines) goes: a file path (appended), else standard error — never
   * standard output, which carries only the start-up banner (`startupBanner`) and shutdown notes.
   */
  logFile?: string;
  cookieSecure?: boolean;
  trustProxy?: boolean;
  /** Extra origins allowed to send state-changing /api requests (`server.allowedOrigins`). */
  allowedOrigins?: readonly string[];
  config?: CoreConfigInput;
  /** The server's key (from its key file); see openCore. */
  keys?: ServerKeys;
  /** Where the scheduled `audit.checkpoint` job appends keyed head checkpoints (the checkpoint file). */
  auditCheckpoints?: AuditCheckpointSink;
  /** The business lines to run (default: the server list, packages/api/src/lines.ts). */
  lines?: readonly ServerLine[];
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
  const lines = opts.lines ?? serverLines;
  // The dispatcher and the lines' jobs log through the server's logger once it exists (console until then).
  let log: LineLogger = { error: (obj, msg) => console.error(msg, obj) };
  const logger: LineLogger = { error: (obj, msg) => log.error(obj, msg) };
  const core = await openCore({
    databaseUrl: opts.databaseUrl,
    lines: lines.map((l) => l.manifest),
    config: opts.config,
    ...(opts.keys ? { keys: opts.keys } : {}),
    ...(opts.auditCheckpoints ? { auditCheckpoints: opts.auditCheckpoints } : {}),
    logger,
  });
  if (opts.seed) await seedEverything(core, opts.seed);
  const app = await buildApp({
    core,
    lines,
    logger: logLevel === 'silent' ? false : serverLogger(logLevel, opts.logFile),
    webRoot: opts.webRoot,
    cookieSecure: opts.cookieSecure,
    trustProxy: opts.trustProxy,
    allowedOrigins: opts.allowedOrigins,
  });
  log = app.log;
  const jobs = await scheduleJobs(core, logger);
  const workers = core.lines.flatMap((l) => (l.workers ?? []).map((w) => w.start(core, logger)));
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
      // Handlers whose clients went away may still be running (in-flight.ts): let them finish first.
      const stillRunning = await app.inFlight.drained(10_000);
      if (stillRunning > 0) app.log.warn({ stillRunning }, '关闭时仍有请求未完成，已等待 10 秒');
      // Requests whose clients went away may still be reading; their audit rows are written first.
      await core.readAudit.drain();
      await jobs.stop();
      await Promise.all(workers.map((w) => w.stop()));
      await core.events.stop();
      await core.db.close();
    },
  };
}

type LoggerSettings = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** The API's logger settings with the log on its own stream: the file named, else standard error. */
export function serverLogger(level: string, logFile?: string): LoggerSettings {
  const base = loggerOptions(level) as LoggerSettings;
  return logFile ? { ...base, file: logFile } : { ...base, stream: process.stderr };
}

/** What the start-up banner shows (all of it safe to print: the database URL's password is masked). */
export interface BannerFacts {
  url: string;
  databaseUrl: string;
  logLevel: string;
  /** The log file, when the log goes to one (else standard error). */
  logFile?: string;
  /** The demo accounts and their shared password, printed by `start` (not by `serve`). */
  demo?: { password: string; accounts: readonly { username: string; role: string; divisionCode: string }[] };
}

/** A database URL fit to print: `postgres://***@host/db`. */
export function maskDatabaseUrl(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * The start-up banner, in Chinese only, printed to standard output (the log goes to standard error or
 * its file, so the banner stays readable and a log collector gets only JSON lines). Its first line,
 * `社会事务综合服务平台已启动: <url>`, is what scripts wait for.
 */
export function startupBanner(facts: BannerFacts): string {
  const lines = [
    '',
    `社会事务综合服务平台已启动: ${facts.url}`,
    `  接口文档：${facts.url}/docs`,
    `  数据库：${maskDatabaseUrl(facts.databaseUrl)}`,
    facts.logLevel === 'silent'
      ? '  运行日志：已关闭'
      : `  运行日志：${facts.logFile ? `写入文件 ${facts.logFile}` : '标准错误输出（stderr）'}，级别 ${facts.logLevel}`,
  ];
  if (facts.demo) {
    lines.push('', `演示账号（密码均为 ${facts.demo.password}）：`);
    for (const a of facts.demo.accounts)
      lines.push(`  ${a.username.padEnd(24)} ${a.role} @ ${a.divisionCode}`);
  }
  lines.push('', '按 Ctrl+C 停止服务。');
  return `${lines.join('\n')}\n`;
}

/** The platform's demo people and accounts, then each line's demo data, in list order (idempotent). */
export async function seedEverything(
  core: CoreContext,
  opts: { size: SeedSize; seed: number },
): Promise<Awaited<ReturnType<typeof seedDemoData>>> {
  const result = await seedDemoData(core, opts);
  for (const line of core.lines) await line.seedDemo?.(core);
  return result;
}

/**
 * Runs each line's jobs marked `runAtStart` now (start-up catch-up; `'background'` ones without waiting
 * for them), then every job on its interval. A failure is logged and retried on the next round; a round
 * still running is not started again. `stop()` clears the timers and waits up to `stopWaitMs` for rounds
 * still running (a job commits as it goes, so one cut short by the database closing resumes next time).
 */
export async function scheduleJobs(
  core: CoreContext,
  logger: LineLogger,
  stopWaitMs = 10_000,
): Promise<{ stop(): Promise<void> }> {
  const timers: NodeJS.Timeout[] = [];
  const rounds = new Set<Promise<void>>();
  for (const job of jobsOf(core.lines)) {
    let running = false;
    const run = (): Promise<void> => {
      if (running) return Promise.resolve();
      running = true;
      const round = (async () => {
        try {
          await job.run(core);
        } catch (err) {
          logger.error({ err, job: job.name }, `job ${job.name} failed; will retry`);
        } finally {
          running = false;
        }
      })();
      rounds.add(round);
      void round.then(() => rounds.delete(round));
      return round;
    };
    if (job.runAtStart === 'background') void run();
    else if (job.runAtStart) await run();
    const timer = setInterval(() => void run(), job.intervalMinutes(core) * 60_000);
    timer.unref();
    timers.push(timer);
  }
  return {
    stop: async () => {
      timers.forEach((t) => clearInterval(t));
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(rounds),
        new Promise<void>((resolve) => {
          waited = setTimeout(resolve, stopWaitMs);
        }),
      ]);
      clearTimeout(waited);
    },
  };
}
