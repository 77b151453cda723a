/**
 * 寻亲 family-search benchmark: our incremental index vs DuckDB brute force (sex + birth-year filter,
 * Jaro–Winkler on the dialect-merged pinyin key, region bonus) over the same reports and queries.
 *   node --import tsx bench/linkage/family-search.bench.ts [--size small|full]
 *     [--accuracy [--seed n] [--queries n] [--records n] [--explain-misses [--explain-kinds a,b]]]
 * --accuracy adds the harder three-kind evaluation set (generateHardFamilySearch, `--records` records,
 * default the size's report count): recall@20 per query kind (exact, homophone, pinyin, dialect, surname
 * only, nickname) and overall, with its latencies. --explain-misses adds, for the surname-only and
 * nickname kinds, the information bound next to each recall and where every miss stands
 * (family-accuracy.ts; slow at 1 M: it reads every candidate of each explained query). The accuracy
 * run alone: node --import tsx bench/linkage/family-accuracy.ts --records 1000000 [--seed n] [...].
 */
import { FAMILY_SIZES, FamilySearchIndex, generateFamilySearch } from '@social-affairs/linkage';
import { mkdirSync } from 'node:fs';
import { argValue, maxRssMb, OUT_DIR, percentile } from './common.ts';
import { runHardAccuracy } from './family-accuracy.ts';
import { openFamilyPeer, peerNameKey, writePeerCsv } from './family-peer.ts';

const size = argValue('size', 'full') as 'small' | 'full';
const { reports: reportCount, queries: queryCount } = FAMILY_SIZES[size];
const peerQueries = Math.min(queryCount, Number(argValue('peer-queries', size === 'full' ? '500' : '500')));

let t0 = performance.now();
const data = generateFamilySearch({ reports: reportCount, queries: queryCount, seed: 99 });
console.log(
  `generated ${reportCount} reports and ${queryCount} queries in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// Ours: build (incrementally, in batches as reports arrive), then query.
const rssBefore = maxRssMb();
t0 = performance.now();
const index = new FamilySearchIndex();
for (let i = 0; i < data.reports.length; i += 50_000) index.add(data.reports.slice(i, i + 50_000));
const buildMs = performance.now() - t0;
const indexRss = maxRssMb();
// Warm-up.
for (const q of data.queries.slice(0, 50)) index.search(q, 20);
const latencies: number[] = [];
let found = 0;
let dialectTotal = 0;
let dialectFound = 0;
data.queries.forEach((query, q) => {
  const started = performance.now();
  const hits = index.search(query, 20);
  latencies.push(performance.now() - started);
  const goldId = String(data.gold[q]);
  const hit = hits.hits.some((h) => h.id === goldId);
  if (hit) found++;
  if (data.dialectNoise[q]) {
    dialectTotal++;
    if (hit) dialectFound++;
  }
});

// Peer: DuckDB brute force on the same reports.
const dir = `${OUT_DIR}family-${size}/`;
mkdirSync(dir, { recursive: true });
await writePeerCsv(`${dir}reports.csv`, data.reports);
const peer = await openFamilyPeer(`${dir}reports.csv`);
const peerLatencies: number[] = [];
let peerFound = 0;
for (let q = 0; q < peerQueries; q++) {
  const query = data.queries[q]!;
  const peerQuery = {
    key: peerNameKey(query.name),
    sex: query.sex === 'male' ? (1 as const) : (2 as const),
    impliedBirthYear: Number(query.asOf.slice(0, 4)) - query.age!.estimate,
    regionPrefix: String(query.regionHints?.[0] ?? ''),
    kinds: [],
    excludeRow: -1,
  };
  const started = performance.now();
  const rows = await peer.query(peerQuery);
  if (q > 0 || peerQueries === 1) peerLatencies.push(performance.now() - started);
  if (rows.includes(data.gold[q]!)) peerFound++;
}
peer.close();

const ms = (x: number) => `${x.toFixed(2)} ms`;
const p = (arr: number[], n: number) => percentile(arr, n);
console.log(
  `\n== family search (${size}: ${reportCount} reports, ${queryCount} queries; peer ${peerQueries} queries) ==`,
);
console.log(
  `index build     ${(buildMs / 1000).toFixed(2)} s, RSS ${indexRss.toFixed(0)} MB (before build ${rssBefore.toFixed(0)} MB)`,
);
for (const n of [50, 95, 99]) {
  console.log(
    `p${n}            ours ${ms(p(latencies, n))}   peer ${ms(p(peerLatencies, n))}   ratio ${(p(peerLatencies, n) / p(latencies, n)).toFixed(1)}×`,
  );
}
console.log(
  `recall@20       ours ${((found / queryCount) * 100).toFixed(2)} %   peer ${((peerFound / peerQueries) * 100).toFixed(2)} % (first ${peerQueries} queries)`,
);
console.log(
  `recall@20       ours, queries with dialect noise ${((dialectFound / Math.max(dialectTotal, 1)) * 100).toFixed(2)} % (${dialectTotal})`,
);

if (process.argv.includes('--accuracy'))
  runHardAccuracy({
    records: Number(argValue('records', String(reportCount))),
    queries: Number(argValue('queries', '1800')),
    seed: Number(argValue('seed', '20240611')),
    explainMisses: process.argv.includes('--explain-misses'),
    explainKinds: argValue('explain-kinds', 'surname-only,nickname').split(','),
  });
