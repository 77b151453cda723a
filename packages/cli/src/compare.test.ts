import { composeResidentId, plainDateOf } from '@social-affairs/kernel';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRoll } from './compare';

const bin = join(import.meta.dirname, 'bin.ts');
const dir = mkdtempSync(join(tmpdir(), 'sap-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('social-affairs compare', () => {
  it('reads roll specifications', () => {
    expect(parseRoll('people:430100:alive')).toEqual({ kind: 'people', division: '430100', status: 'alive' });
    expect(parseRoll('records:火化名单')).toEqual({ kind: 'records', source: '火化名单' });
    expect(() => parseRoll('ledger')).toThrow();
  });

  it('imports two CSV rolls, runs a job with a progress line and prints a summary table', () => {
    const ids = [1, 2, 3].map((i) => composeResidentId('430102', plainDateOf(1950 + i, 3, 7), i * 2 + 1));
    const header = 'name,sex,birthDate,residentId,divisionCode';
    writeFileSync(
      join(dir, 'a.csv'),
      [header, `张伟,男,,${ids[0]},430102`, `李强,男,,${ids[1]},430102`, `王五,男,,${ids[2]},430102`].join(
        '\n',
      ),
    );
    writeFileSync(
      join(dir, 'b.csv'),
      [header, `张伟,男,,${ids[0]},430102`, `赵六,男,1960-01-01,,430103`].join('\n'),
    );
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', bin, 'compare', '--job', 'reverification', ...args], {
        env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    expect(
      run(
        '--import',
        join(dir, 'a.csv'),
        '--source',
        '低保名册',
        '--left',
        'records:低保名册',
        '--right',
        'records:低保名册',
      ).status,
    ).toBe(0);
    const r = run('--import', join(dir, 'b.csv'), '--source', '死亡通知', '--left', 'records:低保名册');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/records\/s\s+ETA/);
    expect(r.stdout).toMatch(/outcome\s+completed/);
    expect(r.stdout).toMatch(/left 3 × right 2/);
    expect(r.stdout).toMatch(/^B0\s+\d+\s+\d+\s+1$/m);
  });
});
