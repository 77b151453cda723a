import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigFile } from './config';
import { marriageLine } from './marriage/line';
import { defineLine } from './line';
import { matchingLine } from './matching/line';
import { resolveLineConfigs } from './platform';

/** A line without a configuration slice (every real line now has one). */
const plainLine = defineLine({
  name: 'plain',
  label: '无配置业务',
  migrations: {},
  permissions: [],
  grants: {},
});
const lines = [marriageLine, matchingLine, plainLine];

describe('configuration file', () => {
  it('fills every line’s slice with its defaults and overlays what the file sets', () => {
    const cfg = parseConfigFile(
      { platform: { sessionTtlMinutes: 240 }, lines: { marriage: { coolingOffWeekendsAreRestDays: false } } },
      lines,
    );
    expect(cfg.core.sessionTtlMinutes).toBe(240);
    const resolved = resolveLineConfigs(lines, cfg.core.lines);
    expect(resolved.marriage).toMatchObject({
      coolingOffWeekendsAreRestDays: false,
      leapDayBirthday: 'feb28',
      divorceExpiryIntervalMinutes: 60,
    });
    expect(resolved.matching).toMatchObject({ familyCandidateTopK: 10, familyCandidateMinScore: 8 });
    expect(resolved.plain).toBeUndefined();
  });

  it('stops start-up with a message naming the wrong key', () => {
    const wrong = (raw: unknown) => () => parseConfigFile(raw, lines);
    expect(wrong({ lines: { marriage: { leapDayBirthday: 'mar2' } } })).toThrow(
      /configuration lines\.marriage\.leapDayBirthday: /,
    );
    expect(wrong({ lines: { marriage: { competencePilots: [{ name: 'x', from: '2021/05/01' }] } } })).toThrow(
      /lines\.marriage\.competencePilots\.0\.from/,
    );
    expect(wrong({ lines: { marriage: { coolingOffWeekend: true } } })).toThrow(/lines\.marriage/);
    expect(wrong({ lines: { rescue: {} } })).toThrow(/lines\.rescue: no such business line/);
    expect(wrong({ lines: { plain: { x: 1 } } })).toThrow(/lines\.plain: this line takes no configuration/);
    expect(wrong({ lines: { matching: { familyCandidateTopK: 0 } } })).toThrow(
      /lines\.matching\.familyCandidateTopK/,
    );
    expect(wrong({ platform: { timeZone: 'Mars/Base' } })).toThrow(/platform\.timeZone/);
    expect(wrong({ platform: { sessionTtl: 5 } })).toThrow(/platform: unknown key\(s\) sessionTtl/);
    expect(wrong({ marriage: {} })).toThrow(/unknown key\(s\) marriage/);
    expect(wrong({ platform: { sessionTtlMinutes: 1 } })).toThrow(ConfigError);
  });
});
