/** The start-up banner (Chinese only, on standard output) and the server log on its own stream. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, tempDir } from './cli.test-support';
import { maskDatabaseUrl, startupBanner } from './start';

/** Words of Latin letters in a text once URLs, paths and the account names are taken out. */
function englishWords(text: string): string[] {
  return (
    text
      .replace(/\b[a-z]+:\/\/\S+/g, '')
      .replace(/sqlite:\S+/g, '')
      .replace(/密码均为 [^）]+/, '')
      .replace(/^ {2}[a-z_]+\.[a-z]+ .*$/gm, '')
      .match(/[A-Za-z]{3,}/g) ?? []
  ).filter((w) => !['stderr', 'Ctrl', 'info', 'warn', 'error', 'debug', 'trace', 'fatal'].includes(w));
}

describe('start-up banner', () => {
  it('is in Chinese only, masks the database password and says where the log goes', () => {
    const text = startupBanner({
      url: 'http://localhost:3000',
      databaseUrl: 'postgres://app:secret@db.example:5432/app',
      logLevel: 'info',
      demo: {
        password: 'Demo@2026',
        accounts: [{ username: 'admin.province', role: '系统管理员', divisionCode: '430000' }],
      },
    });
    expect(text).toContain('社会事务综合服务平台已启动: http://localhost:3000\n');
    expect(text).toContain('数据库：postgres://***@db.example:5432/app');
    expect(text).not.toContain('secret');
    expect(text).toContain('运行日志：标准错误输出（stderr），级别 info');
    expect(text).toContain('演示账号（密码均为 Demo@2026）');
    expect(englishWords(text)).toEqual([]);
    expect(
      startupBanner({
        url: 'http://x',
        databaseUrl: 'sqlite:a.db',
        logLevel: 'warn',
        logFile: '/var/log/sa.log',
      }),
    ).toContain('运行日志：写入文件 /var/log/sa.log，级别 warn');
    expect(maskDatabaseUrl('sqlite:data/app.db')).toBe('sqlite:data/app.db');
  });
});

/** Runs `serve` until its banner, calls /api/health, stops it with SIGTERM; returns what each stream got. */
async function serveOnce(
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, 'serve'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', LOG_FILE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (stdout.includes('按 Ctrl+C 停止服务')) resolve();
    });
    child.on('exit', () => reject(new Error(`exited early: ${stdout}\n${stderr}`)));
  });
  const url = /已启动: (\S+)/.exec(stdout)?.[1] ?? '';
  expect((await fetch(`${url}/api/health`)).status).toBe(200);
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  return { stdout, stderr, code };
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });

describe('serve output streams', () => {
  const dir = tempDir('sa-banner-');

  it('prints the banner on stdout and the pino log on stderr, never mixed', async () => {
    const { stdout, stderr, code } = await serveOnce({ DATABASE_URL: `sqlite:${join(dir, 'a.db')}` });
    expect(code).toBe(0);
    expect(stdout).toContain('社会事务综合服务平台已启动: http://');
    expect(stdout).toContain('运行日志：标准错误输出（stderr），级别 info');
    expect(stdout).not.toContain('{"level"');
    expect(englishWords(stdout.replace(/收到 SIGTERM/, ''))).toEqual([]);
    const log = jsonLines(stderr);
    expect(log.length).toBeGreaterThan(0);
    expect(log.some((l) => l.msg === 'incoming request')).toBe(true);
  }, 90_000);

  it('writes the log to LOG_FILE instead when one is named', async () => {
    const file = join(dir, 'server.log');
    const { stdout, stderr, code } = await serveOnce({
      DATABASE_URL: `sqlite:${join(dir, 'b.db')}`,
      LOG_FILE: file,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`运行日志：写入文件 ${file}，级别 info`);
    expect(stdout).not.toContain('{"level"');
    expect(jsonLines(stderr)).toEqual([]);
    expect(existsSync(file)).toBe(true);
    expect(jsonLines(readFileSync(file, 'utf8')).some((l) => l.msg === 'incoming request')).toBe(true);
  }, 90_000);
});
