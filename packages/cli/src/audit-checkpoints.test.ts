import SQLite from 'better-sqlite3';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newServerKey } from '@social-affairs/core';
import { describe, expect, it } from 'vitest';
import { addRegistrarArgs, runCli, tempDir } from './cli.test-support';

const dir = tempDir('sap-audit-cp-');
/** No key file named: the command keeps its key beside the database. */
const cli = (db: string, ...args: string[]) => runCli(db, args, { SOCIAL_AFFAIRS_KEY_FILE: '' });

describe('social-affairs audit checkpoint', () => {
  it('appends keyed head checkpoints beside the key file; verify reports truncation against them', () => {
    const db = join(dir, 'cp.db');
    expect(cli(db, 'migrate').status).toBe(0);
    for (const name of ['clerk.a', 'clerk.b', 'clerk.c']) {
      const r = cli(db, ...addRegistrarArgs(name));
      expect(r.status).toBe(0);
    }
    const cp = cli(db, 'audit', 'checkpoint');
    expect(cp.stderr).toBe('');
    expect(cp.stdout).toMatch(/checkpoint: seq 3 [0-9a-f]{64}/);
    const file = join(dir, 'audit-checkpoints.log');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(cli(db, 'audit', 'verify').stdout).toContain(
      'OK: 3 rows verified (0 legacy SM3 rows), 1 checkpoints',
    );
    // The scheduled platform job writes to the same file.
    expect(cli(db, 'jobs', 'run', 'audit.checkpoint').stdout).toMatch(/audit\.checkpoint: \{"seq":3,/);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);

    const raw = new SQLite(db);
    raw.prepare('delete from audit_log where seq = 3').run();
    raw.close();
    const bad = cli(db, 'audit', 'verify');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('truncated');

    // A forged line appended to the file without the key is refused too.
    const [first] = readFileSync(file, 'utf8').split('\n');
    appendFileSync(file, `${first?.replace('"seq":3', '"seq":2')}\n`);
    expect(cli(db, 'audit', 'verify').stdout).toContain('forged-checkpoint');
  }, 120_000);

  it('keeps verifying rows of a retired key listed after the current key in the key file', () => {
    const sub = mkdtempSync(join(dir, 'rot-'));
    const db = join(sub, 'rot.db');
    const keyFile = join(sub, 'server.key');
    expect(cli(db, ...addRegistrarArgs('old.a')).status).toBe(0);
    const old = readFileSync(keyFile, 'utf8').trim();
    writeFileSync(keyFile, `${newServerKey().toString('base64')}\n${old}\n`, { mode: 0o600 });
    expect(cli(db, ...addRegistrarArgs('new.a')).status).toBe(0);
    expect(cli(db, 'audit', 'verify').stdout).toContain('OK: 3 rows verified');
    // Without the retired key the old segment cannot be checked.
    writeFileSync(keyFile, readFileSync(keyFile, 'utf8').split('\n')[0] + '\n', { mode: 0o600 });
    const bad = cli(db, 'audit', 'verify');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('unknown-key');
  }, 120_000);
});
