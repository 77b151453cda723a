#!/usr/bin/env node
// `npm run build` (run by `npm start` too): the web UI (vite → packages/web/dist), then the server
// (cli + api + core + linkage + kernel) to plain JavaScript for `node` without tsx:
//   packages/cli/dist/bin.js              the `social-affairs` command (one ESM bundle of the workspace
//                                         packages; every npm dependency stays an external import,
//                                         resolved from node_modules at run time)
//   packages/cli/dist/link-worker.mjs     the linkage worker thread (linkParallel), bundled likewise
//   packages/cli/dist/checkpoint-worker.mjs  the SQLite checkpoint worker (already plain JS), copied
// Workers are loaded with `new URL('./<worker>.mjs', import.meta.url)`, which in the bundle resolves
// next to bin.js, hence the flat dist/ layout. Paths the code derives from import.meta.dirname
// (packages/cli/src → ../../web/dist) keep the same depth in packages/cli/dist.
// The TypeScript sources stay what tsx, vitest and tsc use in development (see ADR 0014).
//
// When vite / esbuild are not installed (a production `npm ci --omit=dev`), each build is skipped if
// its prebuilt output is present — so `npm start` works on a release tree that ships the dist/ folders.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--server-only --out <dir>`: only the server bundle, into <dir> (a folder beside packages/cli/dist, so
// the paths derived from import.meta.dirname keep their depth) — the CLI tests run the command from it
// instead of through tsx (packages/cli/src/cli.test-support.ts).
const serverOnly = process.argv.includes('--server-only');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(root, 'packages/cli/dist');
const require = createRequire(import.meta.url);

function installed(name) {
  try {
    require.resolve(`${name}/package.json`, { paths: [root, join(root, 'packages/web')] });
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `<file>.br` (brotli 11) and `<file>.gz` (gzip 9) beside every text asset of the web build over
 * 1 KB, once at build time; the server sends them as they are (@fastify/static `preCompressed`), so no
 * request pays for compressing a bundle (docs/operations.md "Compression and caching").
 */
async function precompress(dir) {
  const t0 = Date.now();
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(js|mjs|css|html|svg|json|txt|map)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => statSync(f).size > 1024);
  let raw = 0;
  let br = 0;
  await Promise.all(
    files.map(async (file) => {
      const data = await readFile(file);
      const [b, g] = await Promise.all([
        brotli(data, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length },
        }),
        gz(data, { level: 9 }),
      ]);
      await Promise.all([writeFile(`${file}.br`, b), writeFile(`${file}.gz`, g)]);
      if (!file.endsWith('.map')) {
        raw += data.length;
        br += b.length;
      }
    }),
  );
  console.log(
    `build: pre-compressed ${files.length} web files (.br/.gz) in ${Date.now() - t0} ms; ` +
      `code ${(raw / 1024).toFixed(0)} KB → ${(br / 1024).toFixed(0)} KB brotli`,
  );
}

if (serverOnly) {
  // the web UI is not needed
} else if (installed('vite')) {
  const r = spawnSync('npm', ['run', 'build', '-w', '@social-affairs/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  await precompress(join(root, 'packages/web/dist'));
} else if (existsSync(join(root, 'packages/web/dist/index.html'))) {
  console.log('build: vite not installed (production install); using the prebuilt packages/web/dist');
} else {
  console.error(
    'build: vite is not installed and packages/web/dist is missing (build with the dev dependencies).',
  );
  process.exit(1);
}

let esbuild;
try {
  esbuild = await import(require.resolve('esbuild'));
} catch {
  if (existsSync(join(out, 'bin.js'))) {
    console.log('build: esbuild not installed (production install); using the prebuilt packages/cli/dist');
    process.exit(0);
  }
  console.error('build: esbuild is not installed and packages/cli/dist/bin.js is missing.');
  console.error(
    'Build on a machine with the dev dependencies (npm ci; npm run build) and ship packages/*/dist.',
  );
  process.exit(1);
}

/** What a production install (`npm ci --omit=dev`) provides: every workspace's `dependencies`. */
const workspaces = ['kernel', 'linkage', 'core', 'api', 'cli'];
const productionDependencies = new Set(
  workspaces.flatMap((w) =>
    Object.keys(
      JSON.parse(readFileSync(join(root, 'packages', w, 'package.json'), 'utf8')).dependencies ?? {},
    ),
  ),
);
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
/** The package name of a bare import: `a/b` → `a`, `@s/a/b` → `@s/a`. */
const packageOf = (path) =>
  path
    .split('/')
    .slice(0, path.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Test support reachable from server code (a line's route-catalogue samples use the test factories,
 * which import vitest at the top) must not make the server need vitest: in the bundle `vitest` is a stub
 * whose functions throw if ever called. Any other import of a package that is not a production
 * dependency fails the build, naming it — the server must start after `npm ci --omit=dev`.
 */
const VITEST_STUB = [
  'afterAll',
  'afterEach',
  'beforeAll',
  'beforeEach',
  'describe',
  'expect',
  'inject',
  'it',
  'test',
  'vi',
]
  .map(
    (n) =>
      `export const ${n} = () => { throw new Error('vitest is not available in the production build'); };`,
  )
  .join('\n');

const externalDependencies = {
  name: 'external-dependencies',
  setup(build) {
    const devOnly = new Set();
    build.onResolve({ filter: /^vitest$/ }, () => ({ path: 'vitest', namespace: 'vitest-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'vitest-stub' }, () => ({ contents: VITEST_STUB, loader: 'js' }));
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@social-affairs/')) return undefined;
      const name = packageOf(args.path);
      // A transitive dependency of a production dependency (e.g. helmet under @fastify/helmet) is
      // installed too (package-lock: not `dev`); a package only dev dependencies pull in is an error.
      if (!args.path.startsWith('node:') && !productionDependencies.has(name)) {
        const entry = lock.packages?.[`node_modules/${name}`];
        if (!entry || entry.dev) devOnly.add(`${args.path} (from ${args.importer.replace(root + '/', '')})`);
      }
      return { path: args.path, external: true };
    });
    build.onEnd((result) => {
      if (devOnly.size)
        result.errors.push({ text: `not a production dependency: ${[...devOnly].join(', ')}` });
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalDependencies],
  // Bundled CommonJS-style code (none today) could still call require(); give it one.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
};

mkdirSync(out, { recursive: true });
const t0 = Date.now();
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'packages/cli/src/bin.ts')],
    outfile: join(out, 'bin.js'),
  }),
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'packages/linkage/src/edge/link-worker.ts')],
    outfile: join(out, 'link-worker.mjs'),
  }),
]);
copyFileSync(join(root, 'packages/core/src/db/checkpoint-worker.mjs'), join(out, 'checkpoint-worker.mjs'));
copyFileSync(join(root, 'packages/core/src/faces/face-worker.mjs'), join(out, 'face-worker.mjs'));
console.log(
  `build: packages/cli/dist/{bin.js,link-worker.mjs,checkpoint-worker.mjs} in ${Date.now() - t0} ms`,
);
