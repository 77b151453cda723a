/** Runs the `social-affairs` command in a child process over a SQLite file, as an operator would (tests only). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** The command's entry point, run with `node --import tsx`. */
export const bin = join(import.meta.dirname, 'bin.ts');

let bundled: string | undefined;

/**
 * The command bundled from the current sources (esbuild, `scripts/build.mjs --server-only`), built once
 * per test process into `packages/cli/.test-dist-<pid>` (removed on exit). Starting the bundle takes a
 * second less than compiling the sources through tsx on every call, and the CLI tests make dozens of calls.
 */
export function bundledBin(): string {
  if (bundled) return bundled;
  const out = join(import.meta.dirname, '..', `.test-dist-${process.pid}`);
  const root = join(import.meta.dirname, '../../..');
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--server-only', '--out', out], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0)
    throw new Error(`building the command for the CLI tests failed:\n${r.stdout}\n${r.stderr}`);
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  bundled = join(out, 'bin.js');
  return bundled;
}

/** A fresh temporary folder for a test file, removed after its tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the command over the SQLite database `db` (logging silenced), with `env` added to this process's. */
export function runCli(db: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bundledBin(), ...args], {
    env: { ...process.env, DATABASE_URL: `sqlite:${db}`, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** The arguments of `users add` for a registrar of county 430181 with a valid password. */
export function addRegistrarArgs(username: string): string[] {
  return [
    'users',
    'add',
    '--username',
    username,
    '--role',
    'registrar',
    '--division',
    '430181',
    '--password',
    'Passw0rd-1',
  ];
}
