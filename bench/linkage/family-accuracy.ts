/**
 * The three-kind family-search accuracy run (generateHardFamilySearch): recall@20 per query kind, and
 * with `explainMisses` where each miss of the surname-only and nickname kinds stands (not a candidate —
 * filtered by which field or not reached by any posting — or ranked below k behind what) next to the
 * information bound: how many candidates agree with the query at least as well as the gold on every field
 * the query gives (FamilySearchIndex.explain). Used by family-search.bench.ts (--accuracy) and runnable
 * alone: node --import tsx bench/linkage/family-accuracy.ts --records 1000000 --seed 20240611 [--explain-misses]
 */
import {
  FAMILY_QUERY_KINDS,
  FamilySearchIndex,
  generateHardFamilySearch,
  type FamilySearchExplanation,
} from '@social-affairs/linkage';
import { loadavg } from 'node:os';
import { argValue, percentile } from './common.ts';

export interface HardAccuracyOptions {
  records: number;
  queries: number;
  seed: number;
  explainMisses: boolean;
  /** Query kinds to explain (default: surname-only and nickname). */
  explainKinds?: readonly string[];
}

const ms = (x: number) => `${x.toFixed(2)} ms`;
const pct = (a: number, b: number) => `${((a / Math.max(1, b)) * 100).toFixed(2).padStart(6)} %`;

export function runHardAccuracy(options: HardAccuracyOptions): void {
  const { records: recordCount, queries: hardQueries, seed } = options;
  let t0 = performance.now();
  const hard = generateHardFamilySearch({ records: recordCount, queries: hardQueries, seed });
  const kindCounts = { missing: 0, living: 0, deceased: 0 };
  for (const r of hard.records)
    kindCounts[
      r.kind === 'missing-report' ? 'missing' : r.kind === 'unidentified-living' ? 'living' : 'deceased'
    ]++;
  console.log(
    `\n== family search accuracy, three-kind set (seed ${seed}: ${recordCount} records — ${kindCounts.missing} reports, ` +
      `${kindCounts.living} unidentified living, ${kindCounts.deceased} unidentified deceased; ${hardQueries} queries) ==`,
  );
  const hardIndex = new FamilySearchIndex();
  for (let i = 0; i < hard.records.length; i += 50_000) hardIndex.add(hard.records.slice(i, i + 50_000));
  console.log(
    `generated and indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s (load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  for (const q of hard.queries.slice(0, 50)) hardIndex.search(q, 20);
  const perKind = new Map<string, { found: number; total: number; latencies: number[] }>();
  let hardFound = 0;
  let warned = 0;
  const missed: number[] = [];
  hard.queries.forEach((query, q) => {
    const started = performance.now();
    const result = hardIndex.search(query, 20);
    const elapsed = performance.now() - started;
    const kind = hard.queryKind[q]!;
    const entry = perKind.get(kind) ?? { found: 0, total: 0, latencies: [] };
    entry.total++;
    entry.latencies.push(elapsed);
    if (result.warnings.length > 0) warned++;
    if (result.hits.some((h) => h.id === hard.gold[q])) {
      entry.found++;
      hardFound++;
    } else missed.push(q);
    perKind.set(kind, entry);
  });

  // Information bound and miss analysis (explained kinds only: it reads every candidate of each query).
  const explainKinds = new Set(options.explainKinds ?? ['surname-only', 'nickname']);
  const bound = new Map<string, { expected: number; under20: number; n: number; unreached: number }>();
  const reasons = new Map<string, Map<string, number>>();
  const count = (kind: string, reason: string) => {
    const m = reasons.get(kind) ?? new Map<string, number>();
    m.set(reason, (m.get(reason) ?? 0) + 1);
    reasons.set(kind, m);
  };
  const samples: string[] = [];
  if (options.explainMisses) {
    t0 = performance.now();
    hard.queries.forEach((query, q) => {
      const kind = hard.queryKind[q]!;
      if (!explainKinds.has(kind)) return;
      const e: FamilySearchExplanation = hardIndex.explain(query, hard.gold[q]!, 20);
      const b = bound.get(kind) ?? { expected: 0, under20: 0, n: 0, unreached: 0 };
      b.n++;
      // Best case for any scoring monotone in each field: the gold after every dominating candidate, a
      // fair draw among the tied ones.
      if (e.parts && e.filtered === null)
        b.expected += Math.max(0, Math.min(1, (20 - e.dominating) / (e.tied + 1)));
      if (e.parts && e.asGood < 20) b.under20++;
      if (e.filtered !== null) b.unreached++;
      bound.set(kind, b);
      if (e.prunedRank >= 0) return;
      if (e.filtered !== null) count(kind, `not a candidate: ${e.filtered}`);
      else if (e.rank <= 20) count(kind, 'candidate in top 20 unpruned, lost by pruning');
      else {
        count(
          kind,
          e.dominating >= 20 ? 'ranked > 20, ≥ 20 dominating (data)' : 'ranked > 20, < 20 dominating (ours)',
        );
        if (e.dominating < 20 && samples.length < 40) {
          const g = e.parts!;
          const kt = e.kth;
          samples.push(
            `${kind.padEnd(12)} q${q} "${query.name}" rank ${e.rank} above ${e.above} dom ${e.dominating} tied ${e.tied} asGood ${e.asGood}` +
              ` | gold ${g.nameLevel} ${g.name.toFixed(1)} age ${g.age.toFixed(2)} (z ${g.ageZ.toFixed(2)}) reg ${g.regionLevel}:${g.region.toFixed(2)} feat ${g.features.toFixed(2)} ev ${g.event}` +
              (kt
                ? ` | 20th ${kt.nameLevel} ${kt.name.toFixed(1)} age ${kt.age.toFixed(2)} reg ${kt.regionLevel}:${kt.region.toFixed(2)} feat ${kt.features.toFixed(2)} ev ${kt.event}`
                : ''),
          );
        }
      }
    });
    console.log(`explained in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  console.log('query kind       recall@20   bound(dom)  asGood<20  queries   p50        p95');
  for (const kind of FAMILY_QUERY_KINDS) {
    const e = perKind.get(kind);
    if (!e) continue;
    const b = bound.get(kind);
    console.log(
      `${kind.padEnd(16)} ${pct(e.found, e.total)}   ${b ? pct(b.expected, b.n) : '      -  '}   ${b ? pct(b.under20, b.n) : '      -  '}  ${String(e.total).padStart(7)}   ` +
        `${ms(percentile(e.latencies, 50)).padEnd(10)} ${ms(percentile(e.latencies, 95))}`,
    );
  }
  console.log(
    `overall          ${pct(hardFound, hard.queries.length)}   ${String(hard.queries.length).padStart(7)}` +
      `   (${warned} queries answered with a warning)`,
  );
  if (options.explainMisses) {
    for (const [kind, m] of reasons) {
      console.log(`misses of ${kind}:`);
      for (const [reason, n] of [...m].sort((a, b) => b[1] - a[1]))
        console.log(`  ${String(n).padStart(4)}  ${reason}`);
    }
    if (samples.length > 0)
      console.log('misses the data does not explain (< 20 dominating):\n' + samples.join('\n'));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runHardAccuracy({
    records: Number(argValue('records', '1000000')),
    queries: Number(argValue('queries', '1800')),
    seed: Number(argValue('seed', '20240611')),
    explainMisses: process.argv.includes('--explain-misses'),
    explainKinds: argValue('explain-kinds', 'surname-only,nickname').split(','),
  });
}
