/**
 * `npm run fuzz:writes -- [--db sqlite|postgres] [--seed N] [--requests N] [--concurrency N]`
 *
 * Starts the app in-process on a fresh database — in-memory SQLite by default; PostgreSQL with
 * `--db postgres` and DATABASE_URL set, in a throwaway schema dropped afterwards — and fuzzes every
 * write route (scripts/fuzz/fuzz-writes.lib.ts). Prints the status histogram per route and the 5xx
 * found; exits 1 when there was any 5xx (issue 11, ADR 0013).
 */
import { databaseTargets, openPostgresSchema } from '@social-affairs/core/testing';
import { parseArgs } from 'node:util';
import { serverManifests, testApp } from '../packages/api/src/test-app';
import { formatReport, fuzzWrites } from './fuzz/fuzz-writes.lib';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    seed: { type: 'string', default: '20261129' },
    requests: { type: 'string', default: '6000' },
    concurrency: { type: 'string', default: '4' },
    trace: { type: 'string' },
  },
});

async function main(): Promise<number> {
  const dbName = values.db;
  let opened: { db: Parameters<typeof testApp>[0]; dispose(): Promise<void> };
  if (dbName === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url)
      throw new Error('--db postgres needs DATABASE_URL (e.g. postgres://app:app@127.0.0.1:5432/app)');
    opened = await openPostgresSchema(url, serverManifests);
  } else if (dbName === 'sqlite') {
    const target = databaseTargets({ TEST_DATABASES: 'sqlite' })[0];
    if (!target) throw new Error('no SQLite target');
    opened = await target.open(serverManifests);
  } else throw new Error(`--db must be sqlite or postgres, not ${dbName}`);
  try {
    const { app, core, signIn, logs } = await testApp(opened.db, {
      captureLogs: true,
      publicWriteLimit: 1_000_000,
    });
    const started = Date.now();
    const requests = Number(values.requests);
    const report = await fuzzWrites(
      { app, core, signIn, logs },
      {
        seed: Number(values.seed),
        requests,
        concurrency: Number(values.concurrency),
        ...(values.trace ? { trace: values.trace } : {}),
        onProgress: (n) => {
          if (n % 1000 < Number(values.concurrency)) process.stderr.write(`  … ${n}/${requests}\n`);
        },
      },
    );
    console.log(formatReport(report, `[${dbName}]`));
    console.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await app.close();
    return report.fiveXX > 0 ? 1 : 0;
  } finally {
    await opened.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
