/** Every rule id the code and docs cite resolves to an entry of docs/rules.md (the repository's rule index). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

it('lists every rule id cited in the code and docs in docs/rules.md', () => {
  const index = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
  const listed = new Set([...index.matchAll(/<a id="(R-[A-Z]+-\d{2})">/g)].map((m) => m[1]));
  expect(listed.size).toBeGreaterThan(50);
  const grep = execFileSync(
    'git',
    [
      'grep',
      '-ohE',
      'R-(ID|DIV|MAR|RES|FUN|DIS)-[0-9]{2}',
      '--',
      'packages',
      'bench',
      'e2e',
      'docs/*.md',
      'docs/adr',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const cited = new Set(grep.split('\n').filter(Boolean));
  expect([...cited].filter((id) => !listed.has(id))).toEqual([]);
});
