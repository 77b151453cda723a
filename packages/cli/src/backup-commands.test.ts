import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleArrangement } from '@social-affairs/core/calendar/testing';
import { addRegistrarArgs, runCli, tempDir } from './cli.test-support';

const dir = tempDir('sap-backup-cli-');
const config = join(dir, 'social-affairs.config.json');
writeFileSync(config, JSON.stringify({ platform: { attachmentsDir: join(dir, 'attachments') } }));
/** The restored installation's configuration: its own attachment folder. */
const restoredConfig = join(dir, 'restored.config.json');
writeFileSync(
  restoredConfig,
  JSON.stringify({ platform: { attachmentsDir: join(dir, 'restored-attachments') } }),
);

const cli = (db: string, args: string[], env: Record<string, string> = {}) =>
  runCli(db, args, {
    SOCIAL_AFFAIRS_CONFIG: config,
    SOCIAL_AFFAIRS_KEY_FILE: join(dir, 'server.key'),
    ...env,
  });

describe('social-affairs backup / restore (SQLite)', () => {
  it('backs up online, refuses to restore over a non-empty database, restores and verifies', () => {
    const db = join(dir, 'a', 'platform.db');
    expect(cli(db, ['migrate']).status).toBe(0);
    for (const name of ['clerk.a', 'clerk.b']) expect(cli(db, addRegistrarArgs(name)).status).toBe(0);
    const backup = join(dir, 'bk');
    const b = cli(db, ['backup', backup]);
    expect(b.stderr).toBe('');
    expect(b.stdout).toContain('备份完成：数据库副本 1 个');
    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'social-affairs-backup',
      dialect: 'sqlite',
      database: { path: 'database.sqlite' },
    });
    // Into a non-empty directory: refused.
    expect(cli(db, ['backup', backup]).stderr).toContain('BACKUP_TARGET_NOT_EMPTY');

    // Over the live database: refused without --force.
    const over = cli(db, ['restore', backup]);
    expect(over.status).toBe(1);
    expect(over.stderr).toContain('BACKUP_TARGET_NOT_EMPTY');

    // Without the server key: refused before anything is copied.
    const other = join(dir, 'b', 'platform.db');
    const noKey = cli(other, ['restore', backup], { SOCIAL_AFFAIRS_KEY_FILE: join(dir, 'missing.key') });
    expect(noKey.status).toBe(1);
    expect(noKey.stderr).toContain('密钥文件');
    expect(existsSync(other)).toBe(false);

    const r = cli(other, ['restore', backup], { SOCIAL_AFFAIRS_CONFIG: restoredConfig });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('校验通过：审计链：2 条校验通过');
    expect(r.status).toBe(0);
    // --force restores over it again.
    expect(cli(other, ['restore', backup, '--force'], { SOCIAL_AFFAIRS_CONFIG: restoredConfig }).status).toBe(
      0,
    );
  }, 180_000);
});

describe('social-affairs calendar load / list', () => {
  it('loads a year from a JSON file and lists it; refuses an invalid file in Chinese', () => {
    const db = join(dir, 'c', 'platform.db');
    const file = join(dir, 'calendar-2031.json');
    writeFileSync(file, JSON.stringify(sampleArrangement(2031)));
    const load = cli(db, ['calendar', 'load', file]);
    expect(load.stderr).toBe('');
    expect(load.stdout).toContain('已加载 2031 年节假日安排');
    expect(load.stdout).toContain('approvals.escalate-overdue');
    expect(load.stdout).toContain('marriage.divorce-deadlines');
    const list = cli(db, ['calendar', 'list']);
    expect(list.stdout).toMatch(/2031 {2}已加载 {2}放假 28 天 {2}调休上班 2 天 {2}测试用2031年/);
    expect(list.stdout).toMatch(/2026 {2}内置/);

    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ ...sampleArrangement(2032), holidays: sampleArrangement(2032).holidays.slice(0, 2) }),
    );
    const refused = cli(db, ['calendar', 'load', bad]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('错误 HOLIDAY_CALENDAR_INVALID');
    expect(refused.stderr).toContain('安排中没有国庆节');
  }, 120_000);
});
