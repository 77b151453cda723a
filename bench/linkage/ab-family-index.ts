/**
 * Same-process A/B of family-search indexes on the original workload (generateFamilySearch):
 *   - old:  the index before issue 12 (be4bad2), with the name analysis it used,
 *   - base: the issue-12 index at a chosen commit (default bac68d3), unmodified,
 *   - this: the index of the working tree (@social-affairs/linkage).
 * old and base are copied from git (`git show`) under bench/.out/ab-family-index/ with their relative
 * imports rewritten to the working tree's unchanged modules — never committed into packages/.
 * Queries run in alternating blocks, several rounds, the order of the indexes rotated each round;
 * p50 / p95 / p99 of every index and the ratios are printed with the load average. Before timing, base
 * and this are checked to return the same top k (ids and scores) for every query — of the original
 * workload and, with --hard, of the three-kind evaluation set (unnamed, surname-only, 小名 records).
 *   node --import tsx bench/linkage/ab-family-index.ts [--reports 20000] [--queries 500] [--rounds 9]
 *     [--block 100] [--base bac68d3] [--old be4bad2] [--hard] [--seed 99] [--slow 10] [--only old,base,this]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as linkage from '@social-affairs/linkage';
import { argValue, percentile } from './common.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = 'packages/linkage/src/';
const reportCount = Number(argValue('reports', '20000'));
const queryCount = Number(argValue('queries', '500'));
const rounds = Number(argValue('rounds', '9'));
const block = Number(argValue('block', '100'));
const baseCommit = argValue('base', 'bac68d3');
const oldCommit = argValue('old', 'be4bad2');
const seed = Number(argValue('seed', '99'));
const slowCount = Number(argValue('slow', '10'));
const only = argValue('only', 'old,base,this').split(',');
const k = 20;

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/**
 * Copies `files` (paths under packages/linkage/src) at `commit` into `dir`, rewriting each relative
 * import to the copy when copied and to the working tree's module otherwise. Returns the copy's URL of
 * the first file.
 */
function snapshot(commit: string, files: readonly string[], dir: string): string {
  const outDir = join(ROOT, 'bench/.out/ab-family-index', dir);
  for (const file of files) {
    const text = execFileSync('git', ['show', `${commit}:${SRC}${file}`], { cwd: ROOT, encoding: 'utf8' });
    const fileDir = dirname(join(SRC, file));
    const rewritten = text.replace(/from '(\.{1,2}\/[^']+)'/g, (_, spec: string) => {
      const target = relative(SRC, join(fileDir, spec));
      const copied = files.find((f) => f.replace(/\.ts$/, '') === target);
      const to = copied
        ? join(outDir, copied)
        : join(ROOT, SRC, target + (target.endsWith('.ts') ? '' : '.ts'));
      return `from '${to}'`;
    });
    const out = join(outDir, file);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, rewritten);
  }
  return pathToFileURL(join(outDir, files[0]!)).href;
}

interface Hit {
  id: string;
  score: number;
  explanation?: unknown;
}
interface Variant {
  name: string;
  run: (q: number) => Hit[];
  rows?: () => number;
  latencies: number[];
  perQuery: Float64Array;
  /** Per query, the fastest of its rounds (what the query costs without preemption or a GC pause). */
  perQueryMin?: Float64Array;
  /** CPU time (user + system, µs) spent in this index's blocks. */
  cpuMicros?: number;
}

const data = linkage.generateFamilySearch({ reports: reportCount, queries: queryCount, seed });
console.log(
  `A/B family index: ${reportCount} reports, ${queryCount} queries (seed ${seed}), ${rounds} rounds of blocks of ${block}; load ${load()}`,
);

const variants: Variant[] = [];
if (only.includes('old')) {
  const url = snapshot(oldCommit, ['search/family-index.ts', 'normalize/name-pinyin.ts'], `old-${oldCommit}`);
  interface OldIndex {
    add(reports: readonly object[]): number;
    search(query: object, k: number): { report: number; score: number }[];
  }
  const mod = (await import(url)) as { FamilySearchIndex: new () => OldIndex };
  const index = new mod.FamilySearchIndex();
  index.add(data.reports.map(({ id: _id, kind: _kind, ...r }) => r));
  const queries = data.queries.map((q) => ({ ...q, asOfYear: Number(q.asOf.slice(0, 4)) }));
  variants.push({
    name: `old ${oldCommit}`,
    run: (q) =>
      index.search(queries[q]!, k).map((h) => ({
        id: String(h.report),
        score: h.score,
      })),
    latencies: [],
    perQuery: new Float64Array(queryCount),
  });
}
type IndexCtor = new () => {
  add(records: readonly linkage.FamilySearchRecord[]): void;
  search(q: linkage.FamilySearchQuery, k: number): { hits: Hit[] };
  lastSearchRows: number;
};
const makeCurrent = (name: string, Ctor: IndexCtor, records: readonly linkage.FamilySearchRecord[]) => {
  const index = new Ctor();
  for (let i = 0; i < records.length; i += 50_000) index.add(records.slice(i, i + 50_000));
  return index;
};
let baseCtor: IndexCtor | undefined;
if (only.includes('base') || process.argv.includes('--hard')) {
  const url = snapshot(
    baseCommit,
    ['search/family-index.ts', 'search/query-name.ts', 'search/columns.ts'],
    `base-${baseCommit}`,
  );
  baseCtor = (await import(url)).FamilySearchIndex as IndexCtor;
}
const thisCtor = linkage.FamilySearchIndex as unknown as IndexCtor;

// Same top k, ids and scores, base vs this.
function check(
  label: string,
  records: readonly linkage.FamilySearchRecord[],
  queries: linkage.FamilySearchQuery[],
  k = 20,
) {
  if (!baseCtor) return;
  const a = makeCurrent('base', baseCtor, records);
  const b = makeCurrent('this', thisCtor, records);
  let differ = 0;
  let hits = 0;
  queries.forEach((query, i) => {
    const x = a.search(query, k).hits;
    const y = b.search(query, k).hits;
    hits += x.length;
    const same =
      x.length === y.length &&
      x.every(
        (h, j) =>
          h.id === y[j]!.id &&
          h.score === y[j]!.score &&
          JSON.stringify(h.explanation) === JSON.stringify(y[j]!.explanation),
      );
    if (!same) {
      differ++;
      if (differ <= 5)
        console.log(
          `  DIFFERENT top ${k} for ${label} query ${i} (${JSON.stringify(query.name)}):\n    base ${x
            .map((h) => `${h.id}:${h.score.toFixed(3)}`)
            .join(' ')}\n    this ${y.map((h) => `${h.id}:${h.score.toFixed(3)}`).join(' ')}`,
        );
    }
  });
  console.log(
    `same top ${k} (ids, scores and explanations), ${label}: ${queries.length - differ} / ${queries.length} queries (${hits} hits)`,
  );
  if (differ > 0) process.exitCode = 1;
}
check('original workload', data.reports, data.queries);
if (process.argv.includes('--hard')) {
  for (const [records, s] of [
    [20_000, 20240611],
    [20_000, 7],
  ] as const) {
    const hard = linkage.generateHardFamilySearch({ records, queries: 1800, seed: s });
    check(`three-kind set ${records} seed ${s}`, hard.records, hard.queries);
    // The same queries without their kind filter and with k = 5 (deeper pruning).
    const k5 = hard.queries.slice(0, 600).map((q) => ({ ...q, kinds: undefined, fromKind: undefined }));
    check(`three-kind set ${records} seed ${s}, all kinds, k = 5`, hard.records, k5, 5);
  }
}

for (const [name, Ctor] of [
  ['base', baseCtor],
  ['this', thisCtor],
] as const) {
  if (!only.includes(name) || !Ctor) continue;
  const index = makeCurrent(name, Ctor, data.reports);
  variants.push({
    name: name === 'base' ? `base ${baseCommit}` : 'this',
    run: (q) => index.search(data.queries[q]!, k).hits,
    rows: () => index.lastSearchRows,
    latencies: [],
    perQuery: new Float64Array(queryCount),
  });
}

// Warm-up: every query once per index.
for (const v of variants) for (let q = 0; q < queryCount; q++) v.run(q);

const roundMedians = variants.map(() => [] as number[]);
for (let r = 0; r < rounds; r++) {
  for (let from = 0; from < queryCount; from += block) {
    for (let j = 0; j < variants.length; j++) {
      const v = variants[(j + r) % variants.length]!;
      v.perQueryMin ??= new Float64Array(queryCount).fill(Infinity);
      const cpu = process.cpuUsage();
      for (let q = from; q < Math.min(queryCount, from + block); q++) {
        const t = performance.now();
        v.run(q);
        const dt = performance.now() - t;
        v.latencies.push(dt);
        v.perQuery[q] = v.perQuery[q]! + dt / rounds;
        if (dt < v.perQueryMin[q]!) v.perQueryMin[q] = dt;
      }
      const used = process.cpuUsage(cpu);
      v.cpuMicros = (v.cpuMicros ?? 0) + used.user + used.system;
    }
  }
  variants.forEach((v, j) => roundMedians[j]!.push(percentile(v.latencies.slice(-queryCount), 50)));
}

const ms = (x: number) => x.toFixed(4);
console.log(
  `\nindex        p50 ms   p95 ms   p99 ms   (all ${rounds} × ${queryCount} queries)   load ${load()}`,
);
for (const v of variants)
  console.log(
    `${v.name.padEnd(12)} ${ms(percentile(v.latencies, 50))}   ${ms(percentile(v.latencies, 95))}   ${ms(percentile(v.latencies, 99))}`,
  );
// Per-round p50 / p95 / p99 of each index, then medians over rounds (robust to a loaded round).
console.log("\nmedian over rounds of each round's p50 / p95 / p99 (ms):");
const perRound = variants.map((v) => {
  const stats = [50, 95, 99].map((p) => {
    const xs: number[] = [];
    for (let r = 0; r < rounds; r++)
      xs.push(percentile(v.latencies.slice(r * queryCount, (r + 1) * queryCount), p));
    return percentile(xs, 50);
  });
  console.log(`${v.name.padEnd(12)} ${stats.map(ms).join(' / ')}`);
  return stats;
});
if (variants.length > 1)
  for (let j = 1; j < variants.length; j++)
    console.log(
      `${variants[j]!.name} / ${variants[0]!.name}: ${perRound[j]!.map((x, i) => (x / perRound[0]![i]!).toFixed(2)).join(' / ')}`,
    );

// Per-query minimum over rounds: the distribution of what each query costs on an idle core.
console.log('\nper-query fastest round, p50 / p95 / p99 (ms); CPU µs per query (all rounds):');
const minStats = variants.map((v) => {
  const xs = Array.from(v.perQueryMin!);
  const stats = [50, 95, 99].map((p) => percentile(xs, p));
  console.log(
    `${v.name.padEnd(12)} ${stats.map(ms).join(' / ')}   cpu ${((v.cpuMicros ?? 0) / (rounds * queryCount)).toFixed(1)} µs`,
  );
  return stats;
});
if (variants.length > 1)
  for (let j = 1; j < variants.length; j++)
    console.log(
      `${variants[j]!.name} / ${variants[0]!.name}: ${minStats[j]!.map((x, i) => (x / minStats[0]![i]!).toFixed(2)).join(' / ')}` +
        `   cpu ${((variants[j]!.cpuMicros ?? 0) / (variants[0]!.cpuMicros ?? 1)).toFixed(2)}`,
    );

// Slowest queries (mean over rounds) of the last index, with what they read.
if (slowCount > 0) {
  const v = variants[variants.length - 1]!;
  const cost = v.perQueryMin!;
  const order = Array.from({ length: queryCount }, (_, i) => i).sort((a, b) => cost[b]! - cost[a]!);
  console.log(`\nslowest ${slowCount} queries of ${v.name} (fastest round ms; every index's; rows read):`);
  for (const q of order.slice(0, slowCount)) {
    v.run(q);
    const query = data.queries[q]!;
    console.log(
      `  #${q} ${JSON.stringify(query.name)} feat=${JSON.stringify(query.features)} ${ms(cost[q]!)} ` +
        `[${variants.map((w) => ms(w.perQueryMin![q]!)).join(' ')}] rows ${v.rows?.() ?? '?'}`,
    );
  }
}
console.log(`load ${load()}`);
