#!/usr/bin/env node
// Production smoke test: proves that a release tree runs with production dependencies only.
//   1. build in this (development) tree: `npm run build` → packages/web/dist + packages/cli/dist
//   2. copy the repository's files (git ls-files: tracked + untracked-not-ignored, i.e. HEAD plus
//      working-tree changes) and the two dist/ folders to a temporary directory
//   3. `npm ci --omit=dev` there; fail on any EBADENGINE warning, and if tsx / esbuild / vite got installed
//   4. `npm start` there (prestart finds no build tools and keeps the shipped dist/) on a temporary
//      SQLite file and a free port; check GET /api/health and a demo login; exercise
//      `social-affairs backup` and `restore` with the built CLI; stop the server (SIGTERM to its group)
// Usage: node scripts/prod-smoke.mjs [--reuse-native] [--keep]
//   (needs the npm cache or network; with --reuse-native about 1 minute, without it add better-sqlite3's
//   native build: prebuilt download, or several minutes of g++ offline)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
// --reuse-native: `npm ci --omit=dev --ignore-scripts`, then copy better-sqlite3's compiled addon from
// this tree instead of building it again (prebuilt binaries need the network; compiling takes minutes on
// a small CI machine). Everything else about the production install is the same.
const reuseNative = process.argv.includes('--reuse-native');
const t0 = Date.now();
const step = (msg) => console.log(`\n--- [${((Date.now() - t0) / 1000).toFixed(0)} s] ${msg}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  }
  return r;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'sap-prod-'));
let server;
try {
  step('build (web UI + server bundle) in the development tree');
  run('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

  step(`copy the release tree to ${dir}`);
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
    .stdout.split('\0')
    .filter((f) => f && existsSync(join(root, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(root, f), join(dir, f));
  }
  for (const d of ['packages/web/dist', 'packages/cli/dist'])
    cpSync(join(root, d), join(dir, d), { recursive: true });
  console.log(`${files.length} files + packages/web/dist + packages/cli/dist`);

  step(`npm ci --omit=dev${reuseNative ? ' --ignore-scripts (native addon reused from this tree)' : ''}`);
  const ci = run(
    'npm',
    ['ci', '--omit=dev', '--no-audit', '--no-fund', ...(reuseNative ? ['--ignore-scripts'] : [])],
    {
      cwd: dir,
      env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
    },
  );
  if (reuseNative) {
    // The one install script production needs: better-sqlite3's native build (identical to this tree's).
    cpSync(join(root, 'node_modules/better-sqlite3/build'), join(dir, 'node_modules/better-sqlite3/build'), {
      recursive: true,
    });
  }
  const log = `${ci.stdout}\n${ci.stderr}`;
  const badEngines = log.split('\n').filter((l) => l.includes('EBADENGINE'));
  if (badEngines.length) throw new Error(`npm ci warned EBADENGINE:\n${badEngines.join('\n')}`);
  for (const dev of ['tsx', 'esbuild', 'vite', 'typescript', 'vitest']) {
    if (existsSync(join(dir, 'node_modules', dev))) throw new Error(`dev dependency ${dev} was installed`);
  }
  console.log('no EBADENGINE warning; no tsx / esbuild / vite / typescript / vitest installed');

  step('npm start on a temporary SQLite file');
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, 'data', 'smoke.sqlite')}`,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    SOCIAL_AFFAIRS_KEY_FILE: join(dir, 'data', 'server.key'),
    SOCIAL_AFFAIRS_CONFIG: join(dir, 'data', 'smoke.config.json'),
  };
  delete env.NODE_OPTIONS;
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(
    env.SOCIAL_AFFAIRS_CONFIG,
    JSON.stringify({ platform: { attachmentsDir: join(dir, 'data', 'attachments') } }),
  );
  let output = '';
  server = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (b) => (output += b));
  server.stderr.on('data', (b) => (output += b));
  const base = `http://127.0.0.1:${port}`;
  let healthy = false;
  for (let i = 0; i < 240 && !healthy && server.exitCode === null; i++) {
    try {
      const r = await fetch(`${base}/api/health`);
      healthy = r.ok && (await r.json()).status === 'ok';
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (!healthy) throw new Error(`server did not become healthy:\n${output}`);
  console.log('GET /api/health → ok');
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin.province', password: 'Demo@2026' }),
  });
  const body = await login.json();
  if (login.status !== 200 || body.user?.username !== 'admin.province')
    throw new Error(`login failed: ${login.status} ${JSON.stringify(body)}`);
  console.log('POST /api/auth/login → 200 admin.province');
  const page = await fetch(`${base}/`);
  if (!(await page.text()).includes('<div id="root"')) throw new Error('GET / did not serve the web UI');
  console.log('GET / → web UI');

  step('backup (online, server running) and restore with the built CLI');
  const cli = (args) =>
    run(process.execPath, ['packages/cli/dist/bin.js', ...args], { cwd: dir, env }).stdout.trim();
  console.log(cli(['backup', join(dir, 'backup')]));
  const restoredConfig = join(dir, 'data', 'restored.config.json');
  writeFileSync(
    restoredConfig,
    JSON.stringify({ platform: { attachmentsDir: join(dir, 'restored', 'attachments') } }),
  );
  const restoredEnv = {
    ...env,
    DATABASE_URL: `sqlite:${join(dir, 'restored', 'smoke.sqlite')}`,
    SOCIAL_AFFAIRS_CONFIG: restoredConfig,
  };
  console.log(
    run(process.execPath, ['packages/cli/dist/bin.js', 'restore', join(dir, 'backup')], {
      cwd: dir,
      env: restoredEnv,
    }).stdout.trim(),
  );

  step('stop the server (SIGTERM)');
  process.kill(-server.pid, 'SIGTERM');
  await new Promise((r) => server.once('exit', r));
  server = undefined;
  console.log(`\nprod smoke: ok in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} catch (err) {
  console.error(`\nprod smoke: FAILED — ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  if (server && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
