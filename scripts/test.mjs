#!/usr/bin/env node
// The whole test suite: `npm test`.
//   1. typecheck (tsc, both programs)
//   2. vitest: every unit, service and route test — on SQLite, and again on PostgreSQL when
//      DATABASE_URL is set (CI sets it; `npm run test:pg` runs only the PostgreSQL pass)
//   3. build the web UI, then the browser tests (node:test + playwright-core + Debian Chromium)
//   4. in CI (or with PROD_SMOKE=1): the production smoke — an `npm ci --omit=dev` install that starts
//      and serves
// Ends with one plain summary line "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdirSync } from 'node:fs';

const pgOnly = process.argv.includes('--pg-only');
const env = { ...process.env };
if (pgOnly) {
  if (!env.DATABASE_URL) {
    console.error('test:pg needs DATABASE_URL=postgres://… (see README)');
    process.exit(2);
  }
  env.TEST_DATABASES = 'postgres';
}
const chromium = env.CHROMIUM_PATH || '/usr/bin/chromium';
let passed = 0;
let failed = 0;
let status = 0;

function run(title, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${title}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  console.log(
    `=== ${title}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) status = 1;
  return r.status === 0;
}

mkdirSync('test-results', { recursive: true });
if (!pgOnly) {
  // Both programs at once (one core each).
  console.log('\n=== typecheck (server and web, in parallel)');
  const t0 = Date.now();
  const tsc = (project) =>
    new Promise((resolve) => {
      const child = spawn('npx', ['tsc', '-p', project], { stdio: 'inherit', env });
      child.on('close', (code) => resolve(code));
    });
  const codes = await Promise.all([tsc('tsconfig.json'), tsc('packages/web/tsconfig.json')]);
  const ok = codes.every((c) => c === 0);
  if (!ok) status = 1;
  console.log(
    `=== typecheck: ${ok ? 'ok' : `FAILED (exit ${codes.join(', ')})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}
console.log(
  `\nDatabases: SQLite${env.DATABASE_URL && !pgOnly ? ' + PostgreSQL' : ''}${pgOnly ? 'PostgreSQL only' : ''}`,
);
run('vitest', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
]);
if (existsSync('test-results/vitest.json')) {
  const j = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  passed += j.numPassedTests ?? 0;
  failed += (j.numFailedTests ?? 0) + (j.numFailedTestSuites ?? 0);
  // Per-engine counts, from the "[sqlite]" / "[postgres]" suffix describeEachDatabase puts on suites.
  const tally = { sqlite: 0, postgres: 0, other: 0 };
  for (const file of j.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status !== 'passed') continue;
      const where = (t.ancestorTitles ?? []).join(' ');
      if (where.includes('[postgres]')) tally.postgres++;
      else if (where.includes('[sqlite]')) tally.sqlite++;
      else tally.other++;
    }
  }
  console.log(
    `vitest passed: ${tally.sqlite} on SQLite, ${tally.postgres} on PostgreSQL, ${tally.other} engine-independent`,
  );
}

if (!pgOnly) {
  const e2e = readdirSync('e2e')
    .filter((f) => f.endsWith('.e2e.test.ts'))
    .map((f) => `e2e/${f}`);
  if (!existsSync(chromium)) {
    const msg = `browser tests need Chromium at ${chromium} (apt-get install chromium fonts-noto-cjk)`;
    if (env.CI) {
      console.error(`FAILED: ${msg}`);
      status = 1;
      failed += e2e.length;
    } else console.warn(`\nSKIPPED: ${msg}`);
  } else if (e2e.length > 0 && run('build web', 'npm', ['run', 'build', '--silent'])) {
    // One file at a time: two at a time (`--test-concurrency=2`) saved about 2 minutes but a marriage test timed
    // out waiting for its registration in a CI run on 2 cores, so the browser tests stay serial until that
    // is understood. The timed page-load test runs last, on its own.
    const alone = e2e.filter((f) => f.endsWith('/performance.e2e.test.ts'));
    const batches = [
      { title: 'browser tests', files: e2e.filter((f) => !alone.includes(f)), concurrency: 1 },
      { title: 'browser tests (timed, alone)', files: alone, concurrency: 1 },
    ];
    for (const batch of batches) {
      if (batch.files.length === 0) continue;
      console.log(`\n=== ${batch.title}`);
      const t0 = Date.now();
      const r = spawnSync(
        'node',
        [
          '--import',
          'tsx',
          '--test',
          `--test-concurrency=${batch.concurrency}`,
          '--test-reporter=tap',
          ...batch.files,
        ],
        {
          env: { ...env, CHROMIUM_PATH: chromium },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      process.stdout.write(r.stdout);
      passed += Number(/^# pass (\d+)/m.exec(r.stdout)?.[1] ?? 0);
      failed += Number(/^# fail (\d+)/m.exec(r.stdout)?.[1] ?? 0);
      if (r.status !== 0) status = 1;
      console.log(
        `=== ${batch.title}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
  }
}

// 4. the production smoke (ADR 0014): build, `npm ci --omit=dev` in a copy, `npm start`, health, login,
//    backup/restore. It installs packages from the registry, so it runs in CI (CI=true) or on request
//    (PROD_SMOKE=1) and is skipped with a note otherwise.
if (!pgOnly) {
  if (env.CI || env.PROD_SMOKE) {
    if (run('production smoke', 'node', ['scripts/prod-smoke.mjs', '--reuse-native'])) passed += 1;
    else failed += 1;
  } else console.log('\nSKIPPED: production smoke (runs in CI; PROD_SMOKE=1 npm test to run it here)');
}

if (status !== 0 && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status);
