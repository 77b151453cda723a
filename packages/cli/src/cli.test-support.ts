/** Runs the `social-affairs` command in a child process over a SQLite file, as an operator would (tests only). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** The command's entry point, run with `node --import tsx`. */
export const bin = join(import.meta.dirname, 'bin.ts');

/** A fresh temporary folder for a test file, removed after its tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the command over the SQLite database `db` (logging silenced), with `env` added to this process's. */
export function runCli(db: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], {
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
