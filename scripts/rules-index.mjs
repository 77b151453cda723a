#!/usr/bin/env node
// Writes docs/rules.md — the index of the rule ids (R-ID-xx, R-DIV-xx, R-MAR-xx, R-RES-xx, R-FUN-xx, R-DIS-xx)
// of the project's rulebook, with each rule's title, sources/status words and the files that cite it —
// so an `R-MAR-12` in the code resolves inside the repository.
//   node scripts/rules-index.mjs [path/to/rulebook.md]     (default: ../shared/domain/rulebook.md)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const src = process.argv[2] ?? join(root, '..', 'shared', 'domain', 'rulebook.md');
const text = readFileSync(src, 'utf8');

let section = '';
const rules = [];
for (const line of text.split('\n')) {
  const h = /^## (\d+)\. (.+)$/.exec(line);
  if (h) section = `§${h[1]} ${h[2]}`;
  const r = /^\*\*(R-[A-Z]+-\d{2})\s+([^*]+?)\*\*\s*(.*)$/.exec(line);
  if (!r) continue;
  const [, id, title, rest] = r;
  const status = [...new Set(rest.match(/\b(VERIFIED-2nd|VERIFIED|UNVERIFIED|SEED|DESIGN)\b/g) ?? [])];
  rules.push({ id, title: title.replace(/[.:]$/, '').trim(), section, status });
}

const cited = new Map();
const grep = execFileSync(
  'git',
  [
    'grep',
    '-oE',
    'R-(ID|DIV|MAR|RES|FUN|DIS)-[0-9]{2}',
    '--',
    'packages',
    'bench',
    'e2e',
    'docs/*.md',
    'docs/adr',
    ':!docs/rules.md',
  ],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
for (const line of grep.split('\n').filter(Boolean)) {
  const [file, id] = line.split(':');
  if (!cited.has(id)) cited.set(id, new Set());
  cited.get(id).add(file);
}

const out = [
  '# Rule index',
  '',
  'Every legal or business rule the code cites (`R-MAR-12` …), from the project rulebook (`shared/domain/rulebook.md`,',
  'kept beside the repository): its title, the status words its sources carry (VERIFIED, VERIFIED-2nd, UNVERIFIED,',
  'SEED, DESIGN — UNVERIFIED and DESIGN points are configuration, see docs/configuration.md and the line docs) and',
  'where it is cited. Regenerate with `node scripts/rules-index.mjs` after adding a citation; a test fails when the',
  'code cites a rule id that is not listed here.',
  '',
];
let current = '';
for (const r of rules) {
  if (r.section !== current) {
    current = r.section;
    out.push(`## ${current}`, '', '| rule | title | status | cited in |', '|---|---|---|---|');
  }
  const files = [...(cited.get(r.id) ?? [])].sort();
  const where = files.length ? files.map((f) => `\`${f}\``).join(', ') : '—';
  out.push(`| <a id="${r.id}"></a>${r.id} | ${r.title} | ${r.status.join(', ') || '—'} | ${where} |`);
  if (rules.at(-1) === r || rules[rules.indexOf(r) + 1]?.section !== current) out.push('');
}
writeFileSync(join(root, 'docs', 'rules.md'), out.join('\n'));
console.log(`docs/rules.md: ${rules.length} rules, ${cited.size} cited`);
