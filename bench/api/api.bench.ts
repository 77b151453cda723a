/**
 * `npm run bench:api` — HTTP throughput of the API on the embedded SQLite default.
 *
 * Seeds 100,000 synthetic people into a fresh SQLite file, starts the real server (`social-affairs
 * serve`) in a child process, and drives it with autocannon from this process, side by side:
 *   1. the ceiling: GET /healthz (no auth, no database);
 *   2. the workload: GET /api/people/by-resident-id/:id — session check, scope check, indexed lookup
 *      and an appended SM3-chained audit row per request — cycling through 1,000 real resident ids.
 * Prints requests/s and p99 latency for each and their ratio. Targets (issue #2): lookup ≥ 50 % of
 * the ceiling and p99 ≤ 25 ms at 50 connections.
 * Options: --connections 50 --duration 10 --people 100000 (env BENCH_QUICK=1 → 3 s runs).
 */
import { DEMO_PASSWORD, openCore, seedDemoData } from '@social-affairs/core';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const connections = arg('connections', 50);
const duration = arg('duration', process.env.BENCH_QUICK ? 3 : 10);
const port = arg('port', 3917);

const dir = mkdtempSync(join(tmpdir(), 'sap-bench-'));
const databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
console.log(`seeding 100,000 synthetic people into ${databaseUrl} …`);
const t0 = Date.now();
const core = await openCore({ databaseUrl });
await seedDemoData(core, { size: 'bench', seed: 7 });
const ids = (
  await core.db.kysely
    .selectFrom('people')
    .select('residentId')
    .where('residentId', 'is not', null)
    .orderBy('id')
    .limit(1000)
    .execute()
).map((r) => r.residentId ?? '');
await core.db.close();
console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const server = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', 'serve'], {
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (b: Buffer) => {
    if (b.toString().includes('已启动')) resolve();
  });
  server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
});
const base = `http://127.0.0.1:${port}`;

try {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'registrar.province', password: DEMO_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (login.status !== 200 || !cookie) throw new Error(`login failed: ${login.status}`);
  const probe = await fetch(`${base}/api/people/by-resident-id/${ids[0]}`, { headers: { cookie } });
  if (probe.status !== 200) throw new Error(`lookup probe failed: ${probe.status} ${await probe.text()}`);

  const runOne = (title: string, opts: autocannon.Options) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      console.log(`\n${title}: ${connections} connections, ${opts.duration ?? duration} s`);
      autocannon({ connections, duration, ...opts }, (err, res) =>
        err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res),
      );
    });
  let n = 0;
  const lookupOptions: autocannon.Options = {
    url: base,
    headers: { cookie },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({
          ...req,
          path: `/api/people/by-resident-id/${ids[n++ % ids.length]}?reason=bench`,
        }),
      },
    ],
  };
  // Warm-up of both routes so JIT and the SQLite page cache are in steady state for both runs alike.
  await runOne('warm-up GET /healthz', { url: `${base}/healthz`, duration: 2 });
  await runOne('warm-up lookup', { ...lookupOptions, duration: 3 });
  const ceiling = await runOne('ceiling GET /healthz', { url: `${base}/healthz` });
  const lookup = await runOne(
    'lookup GET /api/people/by-resident-id/:id (authenticated, audited)',
    lookupOptions,
  );
  const errors = (r: autocannon.Result) => r.errors + r.non2xx;
  const ratio = lookup.requests.average / ceiling.requests.average;
  console.log('\n| route | requests/s (mean) | p99 ms | errors+non-2xx |');
  console.log('|---|---|---|---|');
  console.log(
    `| GET /healthz (ceiling) | ${ceiling.requests.average.toFixed(0)} | ${ceiling.latency.p99} | ${errors(ceiling)} |`,
  );
  console.log(
    `| GET /api/people/by-resident-id/:id | ${lookup.requests.average.toFixed(0)} | ${lookup.latency.p99} | ${errors(lookup)} |`,
  );
  console.log(`\nlookup / ceiling = ${(ratio * 100).toFixed(1)} %  (target ≥ 50 %)`);
  console.log(
    `load average during the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (2 cores)`,
  );
  console.log(`lookup p99 = ${lookup.latency.p99} ms  (target ≤ 25 ms at 50 connections)`);
  console.log(
    `verdict: ${ratio >= 0.5 && lookup.latency.p99 <= 25 && errors(lookup) === 0 ? 'MEETS TARGETS' : 'MISSES TARGETS'}`,
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
