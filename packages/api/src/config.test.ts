import { marriageLine } from '@social-affairs/core/marriage';
import { ConfigError } from '@social-affairs/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, loadServerConfig } from './config';

describe('configuration file on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sap-config-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('is found through SOCIAL_AFFAIRS_CONFIG and read with the lines’ schemas', () => {
    const p = file('ok.json', JSON.stringify({ lines: { marriage: { leapDayBirthday: 'mar1' } } }));
    expect(loadServerConfig({ SOCIAL_AFFAIRS_CONFIG: p }).configPath).toBe(p);
    expect(loadConfigFile(p, [marriageLine]).core.lines).toEqual({ marriage: { leapDayBirthday: 'mar1' } });
  });

  it('names the file and the key when it is wrong, and refuses a path that does not exist', () => {
    const bad = file(
      'bad.json',
      JSON.stringify({ lines: { marriage: { divorceExpiryIntervalMinutes: 0 } } }),
    );
    expect(() => loadConfigFile(bad, [marriageLine])).toThrow(ConfigError);
    expect(() => loadConfigFile(bad, [marriageLine])).toThrow(
      /bad\.json: configuration lines\.marriage\.divorceExpiryIntervalMinutes/,
    );
    const broken = file('broken.json', '{ "lines": ');
    expect(() => loadConfigFile(broken, [marriageLine])).toThrow(/not valid JSON/);
    expect(() => loadConfigFile(join(dir, 'missing.json'), [marriageLine])).toThrow(/not found/);
  });
});
