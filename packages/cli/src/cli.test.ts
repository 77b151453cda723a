import { generateDemoPeople, demoAccounts } from '@social-affairs/core';
import { parseResidentId } from '@social-affairs/kernel';
import SQLite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addRegistrarArgs, bundledBin, runCli, tempDir } from './cli.test-support';

const dir = tempDir('sap-cli-');
const cli = (db: string, ...args: string[]) => runCli(db, args);

describe('demo data', () => {
  it('is deterministic for a seed and different for another seed', () => {
    const a = [...generateDemoPeople(200, 42, 'now')].map((p) => p.person);
    const b = [...generateDemoPeople(200, 42, 'now')].map((p) => p.person);
    const c = [...generateDemoPeople(200, 43, 'now')].map((p) => p.person);
    expect(a).toEqual(b);
    expect(a.map((p) => p.residentId)).not.toEqual(c.map((p) => p.residentId));
  });

  it('has valid-checksum ids that agree with each person’s sex, birth date and county', () => {
    const people = [...generateDemoPeople(2_000, 1, 'now')].map((p) => p.person);
    const withId = people.filter((p) => p.residentId);
    expect(withId.length).toBeGreaterThan(1_900);
    for (const p of withId) {
      const parsed = parseResidentId(p.residentId ?? '', { today: '2026-11-29' as never });
      expect([parsed.sex, parsed.birthDate, parsed.divisionCode]).toEqual([
        p.sex,
        p.birthDate,
        p.divisionCode,
      ]);
    }
    expect(new Set(withId.map((p) => p.residentId)).size).toBe(withId.length);
    // Changsha (10.05 M of 66.4 M) should hold roughly 15 % of the people.
    const cs = people.filter((p) => p.divisionCode.startsWith('4301')).length / people.length;
    expect(cs).toBeGreaterThan(0.12);
    expect(cs).toBeLessThan(0.18);
  });

  it('offers an account for each role at province, city and county level', () => {
    const accounts = demoAccounts();
    expect(accounts).toHaveLength(27);
    expect(new Set(accounts.map((a) => a.divisionCode))).toEqual(new Set(['430000', '430100', '430181']));
  });
});

describe('social-affairs command', () => {
  it('names the first tampered audit row in `audit verify` and exits 1', () => {
    const db = join(dir, 'audit.db');
    expect(cli(db, 'migrate').status).toBe(0);
    for (const name of ['clerk.a', 'clerk.b', 'clerk.c']) {
      const r = cli(db, ...addRegistrarArgs(name));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const ok = cli(db, 'audit', 'verify');
    expect(ok.stdout).toContain('OK: 3 rows verified');
    const raw = new SQLite(db);
    raw.prepare("update audit_log set reason = 'edited' where seq = 2").run();
    raw.close();
    const bad = cli(db, 'audit', 'verify');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('第 2 行');
    expect(bad.stdout).toContain('edited');
  }, 120_000);

  it('refuses an unknown role with a clear message and creates nothing', () => {
    const db = join(dir, 'users.db');
    const r = cli(
      db,
      'users',
      'add',
      '--username',
      'x.y',
      '--role',
      'king',
      '--division',
      '430000',
      '--password',
      'Passw0rd-1',
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('ROLE_UNKNOWN');
  }, 60_000);

  it('lists and runs every line’s scheduled jobs once, idempotently', () => {
    const db = join(dir, 'jobs.db');
    const list = cli(db, 'jobs', 'list');
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('marriage.divorce-deadlines');
    expect(list.stdout).toContain('approvals.escalate-overdue');
    expect(list.stdout).toMatch(/marriage\.divorce-deadlines +\[启动时运行\]/);
    expect(list.stdout).toMatch(/matching\.family-candidates +\[启动后后台运行\]/);
    const first = cli(db, 'jobs', 'run', 'marriage.divorce-deadlines');
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe('marriage.divorce-deadlines: {"refreshed":0,"withdrawn":0}');
    expect(cli(db, 'jobs', 'run', 'marriage.divorce-deadlines').stdout).toBe(first.stdout);
    const unknown = cli(db, 'jobs', 'run', 'marriage.nothing');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/known: .*approvals\.escalate-overdue/);
    expect(unknown.stderr).toMatch(/known: .*marriage\.divorce-deadlines/);
  }, 120_000);

  it('stops with a message naming the wrong key of the configuration file, and starts nothing', () => {
    const db = join(dir, 'config.db');
    const file = join(dir, 'bad.config.json');
    writeFileSync(file, JSON.stringify({ lines: { marriage: { leapDayBirthday: 'feb30' } } }));
    const r = cli(db, '--config', file, 'migrate');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('配置错误');
    expect(r.stderr).toContain('lines.marriage.leapDayBirthday');
    expect(existsSync(db)).toBe(false);
  }, 60_000);

  it('seeds with `seed` what `start` seeds: people, accounts and every line’s demo data', () => {
    const db = join(dir, 'seed.db');
    const r = cli(db, 'seed', '--size', 'demo', '--seed', '3');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('lines: marriage, matching');
    const raw = new SQLite(db, { readonly: true });
    const registries = raw.prepare('select count(*) as n from marriage_registries').get() as { n: number };
    raw.close();
    expect(registries.n).toBeGreaterThan(0);
  }, 240_000);

  it('shuts down gracefully on SIGTERM', async () => {
    const db = join(dir, 'serve.db');
    const child = spawn(process.execPath, [bundledBin(), 'serve'], {
      env: { ...process.env, DATABASE_URL: `sqlite:${db}`, PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('已启动')) resolve();
      });
      child.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    const url = /已启动: (\S+)/.exec(out)?.[1] ?? '';
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(out).toContain('SIGTERM');
  }, 60_000);
});
