#!/usr/bin/env node
/** The `social-affairs` command. Run with `npm run social-affairs -- <command>` or via `npm start`. */
import {
  defaultKeyFile,
  loadConfigFile,
  loadServerConfig,
  loadServerKey,
  serverLines,
  serverManifests,
} from '@social-affairs/api';
import {
  ConfigError,
  DEMO_PASSWORD,
  createUser,
  demoAccounts,
  migrateToLatest,
  openCore,
  resetPassword,
  systemActor,
  verifyAuditChain,
  writeAuditCheckpoint,
  ROLE_LABELS,
  type ConfigFile,
  type CoreConfigInput,
  type ServerKeys,
  type CoreContext,
  type SeedSize,
} from '@social-affairs/core';
import { DomainError } from '@social-affairs/kernel';
import { Command, InvalidArgumentError } from 'commander';
import { randomBytes } from 'node:crypto';
import { checkpointFilePath, fileCheckpointSink } from './audit-checkpoints';
import { benchLinkage, compare, parseRoll } from './compare';
import { UnknownJobError, jobListing, runJobByName } from './jobs';
import { seedEverything, startPlatform, startupBanner } from './start';
import { registerBackupCommands } from './backup-commands';
import { registerCalendarCommands } from './calendar-commands';

const config = loadServerConfig();
const program = new Command('social-affairs')
  .description('社会事务综合服务平台 Social Affairs Platform')
  .option(
    '--config <file>',
    'configuration file (default: SOCIAL_AFFAIRS_CONFIG or ./social-affairs.config.json)',
  );

let loadedConfigFile: ConfigFile | undefined;
/** The configuration file, read and validated once per command (after the options are parsed). */
function configFile(): ConfigFile {
  loadedConfigFile ??= loadConfigFile(
    program.opts<{ config?: string }>().config ?? config.configPath,
    serverManifests,
  );
  return loadedConfigFile;
}

/** The configuration file's settings, with SESSION_TTL_MINUTES from the environment taking precedence. */
function coreConfig(): CoreConfigInput {
  const file = configFile().core;
  return process.env.SESSION_TTL_MINUTES ? { ...file, sessionTtlMinutes: config.sessionTtlMinutes } : file;
}

/** The server's key file: SOCIAL_AFFAIRS_KEY_FILE, else the configuration file's, else beside the database. */
function keyFile(): string {
  return config.keyFile ?? configFile().server.keyFile ?? defaultKeyFile(config.databaseUrl);
}

/** The server's key (and retired keys kept for verifying, see ADR 0012). */
function keys(): ServerKeys {
  return loadServerKey(keyFile());
}

/** The audit checkpoint file: `server.auditCheckpointFile`, else beside the key file. */
function checkpoints() {
  return fileCheckpointSink(checkpointFilePath(configFile().server.auditCheckpointFile, keyFile()));
}

/** Opens the database (migrated) with every line of the server list, the configuration file and the key. */
function open(opts: { migrate?: boolean } = {}): Promise<CoreContext> {
  return openCore({
    databaseUrl: config.databaseUrl,
    lines: serverManifests,
    config: coreConfig(),
    keys: keys(),
    auditCheckpoints: checkpoints(),
    ...opts,
  });
}

function intArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

async function serve(seed: { size: SeedSize; seed: number } | false, showAccounts: boolean) {
  const running = await startPlatform({
    databaseUrl: config.databaseUrl,
    port: config.port,
    host: config.host,
    seed,
    logLevel: config.logLevel,
    logFile: process.env.LOG_FILE || undefined,
    cookieSecure: config.cookieSecure,
    trustProxy: config.trustProxy,
    allowedOrigins: configFile().server.allowedOrigins,
    config: coreConfig(),
    keys: keys(),
    auditCheckpoints: checkpoints(),
    lines: serverLines,
  });
  const url = running.url.replace('127.0.0.1', 'localhost');
  // The banner on standard output, in Chinese only; the log on its own stream (stderr or LOG_FILE).
  process.stdout.write(
    startupBanner({
      url,
      databaseUrl: config.databaseUrl,
      logLevel: config.logLevel,
      logFile: process.env.LOG_FILE || undefined,
      ...(showAccounts
        ? {
            demo: {
              password: DEMO_PASSWORD,
              accounts: demoAccounts().map((a) => ({ ...a, role: ROLE_LABELS[a.role] })),
            },
          }
        : {}),
    }),
  );
  const shutdown = (signal: string) => {
    console.log(`\n收到 ${signal}，正在停止服务（处理完进行中的请求后退出）…`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

program
  .command('start')
  .description('migrate, seed demo data on first run, and serve API + web UI (the README quick start)')
  .option('--seed <n>', 'demo data seed', intArg, 1)
  .action(async (o: { seed: number }) => serve({ size: 'demo', seed: o.seed }, true));

program
  .command('serve')
  .description('migrate and serve API + web UI (no seeding)')
  .action(async () => serve(false, false));

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    const core = await open({ migrate: false });
    const done = await migrateToLatest(core.db, core.lines);
    console.log(done.length ? `applied: ${done.join(', ')}` : 'schema is up to date');
    await core.db.close();
  });

program
  .command('seed')
  .description(
    'load deterministic synthetic demo data: people, demo accounts and every line’s demo data (as start does)',
  )
  .option('--size <size>', 'demo (20k people) | bench (100k people)', 'demo')
  .option('--seed <n>', 'random seed', intArg, 1)
  .action(async (o: { size: string; seed: number }) => {
    if (o.size !== 'demo' && o.size !== 'bench')
      throw new InvalidArgumentError('--size must be demo or bench');
    const core = await open();
    const r = await seedEverything(core, { size: o.size, seed: o.seed });
    console.log(
      r.skippedPeople ? 'people: index not empty, left as it is' : `people: ${r.people} inserted`,
      `\nusers: ${r.users} demo accounts added (password ${DEMO_PASSWORD})`,
      `\nlines: ${core.lines.map((l) => l.name).join(', ')} demo data in place`,
    );
    await core.db.close();
  });

const users = program.command('users').description('manage accounts');
users
  .command('add')
  .requiredOption('--username <name>')
  .requiredOption('--role <role>', Object.keys(ROLE_LABELS).join(' | '))
  .requiredOption('--division <code>', 'division scope, e.g. 430000')
  .option(
    '--institution <id>',
    'scope the account to an institution (rescue station, funeral home) in its division',
  )
  .option('--display-name <name>')
  .option('--password <password>', 'initial password (generated and printed when omitted)')
  .action(
    async (o: {
      username: string;
      role: string;
      division: string;
      institution?: string;
      displayName?: string;
      password?: string;
    }) => {
      const core = await open();
      const password = o.password ?? `${randomBytes(9).toString('base64url')}7a`;
      const u = await createUser(core, systemActor('cli', '000000'), {
        username: o.username,
        displayName: o.displayName ?? o.username,
        role: o.role,
        divisionCode: o.division,
        institutionId: o.institution ?? null,
        password,
      });
      console.log(
        `created ${u.username} (${u.roleLabel}, ${u.divisionName})${o.password ? '' : `, password: ${password}`}`,
      );
      await core.db.close();
    },
  );
users
  .command('reset-password')
  .requiredOption('--username <name>')
  .option('--password <password>', 'new password (generated and printed when omitted)')
  .action(async (o: { username: string; password?: string }) => {
    const core = await open();
    const user = await core.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', o.username)
      .executeTakeFirst();
    if (!user) throw new DomainError('not_found', 'NOT_FOUND', `用户 ${o.username} 不存在`);
    const password = o.password ?? `${randomBytes(9).toString('base64url')}7a`;
    await resetPassword(core, systemActor('cli', '000000'), user.id, password);
    console.log(`password reset for ${o.username}${o.password ? '' : `: ${password}`}`);
    await core.db.close();
  });

const jobs = program.command('jobs').description('scheduled jobs of the business lines');
jobs
  .command('list')
  .description('list every line’s scheduled jobs')
  .action(() => {
    for (const line of jobListing(serverManifests)) console.log(line);
  });
jobs
  .command('run <name>')
  .description('run one job once now (idempotent) and print its result')
  .action(async (name: string) => {
    const core = await open();
    try {
      console.log(await runJobByName(core, name));
    } catch (err) {
      if (!(err instanceof UnknownJobError)) throw err;
      console.error(err.message);
      process.exitCode = 2;
    } finally {
      await core.db.close();
    }
  });

const auditCommand = program.command('audit').description('audit log tools');

auditCommand
  .command('verify')
  .description(
    'verify the keyed hash chain and every checkpoint; exit 1 naming the first edited, inserted or deleted row, a truncation or a re-chaining',
  )
  .action(async () => {
    const core = await open();
    try {
      const r = await verifyAuditChain(core, await checkpoints().readAll());
      console.log(
        r.ok
          ? `OK: ${r.checked} rows verified (${r.legacyRows} legacy SM3 rows), ${r.checkpoints} checkpoints`
          : `TAMPERED: ${r.message} (seq ${r.firstBadSeq}, ${r.problem})`,
      );
      process.exitCode = r.ok ? 0 : 1;
    } finally {
      await core.db.close();
    }
  });

auditCommand
  .command('checkpoint')
  .description(
    'append the chain head (seq, hash, time), HMAC-SM3 signed with the server key, to the checkpoint file',
  )
  .action(async () => {
    const core = await open();
    try {
      const c = await writeAuditCheckpoint(core, checkpoints());
      console.log(`checkpoint: seq ${c.seq} ${c.hash} at ${c.at} (key ${c.keyId})`);
    } finally {
      await core.db.close();
    }
  });

program
  .command('compare')
  .description('run a comparison job (数据比对) in the foreground with a progress line and a summary table')
  .requiredOption('--job <rules>', 'rule set: reverification | backfill')
  .option(
    '--left <roll>',
    'people[:division[:alive|deceased]] | records:<source>[:division]',
    parseRoll,
    parseRoll('people'),
  )
  .option('--right <roll>', 'people[:division[:alive|deceased]] | records:<source>[:division]', parseRoll)
  .option(
    '--import <csv>',
    'import this CSV roll first (header: name,sex,birthDate,residentId,eventDate,divisionCode,externalRef)',
  )
  .option('--source <name>', 'name of the imported roll (with --import; also the default right roll)')
  .option('--name <name>', 'job name')
  .option('--division <code>', 'scope the job runs in', '000000')
  .option('--resume <jobId>', 'resume a job left running')
  .option('--chunk-size <n>', 'right-side records per chunk', intArg, 65_536)
  .action(
    async (o: {
      job: string;
      left: ReturnType<typeof parseRoll>;
      right?: ReturnType<typeof parseRoll>;
      import?: string;
      source?: string;
      name?: string;
      division: string;
      resume?: string;
      chunkSize: number;
    }) => {
      const right = o.right ?? (o.source ? parseRoll(`records:${o.source}`) : undefined);
      if (!right && !o.resume) throw new InvalidArgumentError('--right <roll> (or --source) is required');
      const core = await open();
      process.exitCode = await compare(core, { ...o, right: right ?? parseRoll('people') });
      await core.db.close();
    },
  );

program
  .command('bench')
  .description('benchmarks')
  .command('linkage')
  .description('record-linkage benchmarks (bench/linkage): re-verification vs DuckDB, and family search')
  .option('--size <size>', 'small | full', 'small')
  .option('--runs <n>', 'timed runs (re-verification)', intArg)
  .option('--only <which>', 'reverification | family')
  .action(async (o: { size: string; runs?: number; only?: string }) => {
    if (o.size !== 'small' && o.size !== 'full')
      throw new InvalidArgumentError('--size must be small or full');
    process.exitCode = await benchLinkage({
      size: o.size,
      runs: o.runs,
      reverification: o.only !== 'family',
      family: o.only !== 'reverification',
    });
  });

registerBackupCommands(program, {
  databaseUrl: config.databaseUrl,
  open: () => open(),
  coreConfig,
  keyFile,
  checkpointFile: () => checkpointFilePath(configFile().server.auditCheckpointFile, keyFile()),
});
registerCalendarCommands(program, { open: () => open() });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof DomainError) console.error(`错误 ${err.code}: ${err.message}`);
  else if (err instanceof ConfigError) console.error(`配置错误: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
