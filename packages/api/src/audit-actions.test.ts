/**
 * Every audit action the code writes has a Chinese name in the catalogue (platform + the lines of the
 * server list), so the audit page never shows a bare code. The code is scanned for `action: '…'` (and
 * template actions `marriage.issue.${kind}`, which must match at least one catalogued action).
 */
import { auditCatalogue } from '@social-affairs/core';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverManifests } from './test-app';

const CORE = join(__dirname, '..', '..', 'core', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('fixtures') ? [path] : [];
  });
}

/** `{ file, action }` for every dotted string literal after `action:` (templates with `*` for `${…}`). */
export function writtenActions(files: string[]): { file: string; action: string }[] {
  const found: { file: string; action: string }[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\baction:\s*([^\n]+)/g)) {
      for (const lit of (m[1] ?? '').matchAll(/(['"`])((?:(?!\1)[^\\]|\\.)*)\1/g)) {
        const action = (lit[2] ?? '').replace(/\$\{[^}]*\}/g, '*');
        if (/^[a-z][a-z0-9_-]*\.[a-z0-9_.*-]+$/.test(action)) found.push({ file, action });
      }
    }
  }
  return found;
}

describe('audit action catalogue', () => {
  const catalogue = auditCatalogue(serverManifests);

  it('names every action the platform and the lines write, in Chinese', () => {
    const written = writtenActions(sourceFiles(CORE));
    expect(written.length).toBeGreaterThan(80);
    const missing = written.filter(({ action }) => {
      if (!action.includes('*')) return !catalogue.actions.has(action);
      const pattern = new RegExp(`^${action.replace(/[.]/g, '\\.').replace(/\*/g, '[a-z0-9_-]+')}$`);
      return ![...catalogue.actions.keys()].some((k) => pattern.test(k));
    });
    expect(missing.map((m) => `${m.file.slice(CORE.length + 1)}: ${m.action}`)).toEqual([]);
    for (const [code, { label }] of catalogue.actions) {
      expect(label, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('the scan itself finds a template action and a plain one (the test can fail)', () => {
    const written = writtenActions(sourceFiles(CORE)).map((w) => w.action);
    expect(written).toContain('marriage.issue.*');
    expect(written).toContain('person.reveal-resident-id');
    expect(catalogue.actions.has('not.catalogued')).toBe(false);
  });

  it('refuses a line declaring an action the platform already names', () => {
    expect(() =>
      auditCatalogue([{ name: 'x', label: 'X', auditActions: { 'person.read': '重复' } }]),
    ).toThrow(/declared twice/);
  });
});
