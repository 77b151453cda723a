/**
 * 寻亲 family-search benchmark: our incremental index vs DuckDB brute force (sex + birth-year filter,
 * Jaro–Winkler on the dialect-merged pinyin key, region bonus) over the same reports and queries.
 *   node --import tsx bench/linkage/family-search.bench.ts [--size small|full] [--accuracy [--seed n] [--queries n]]
 * --accuracy adds the harder three-kind evaluation set (generateHardFamilySearch): recall@20 per query
 * kind (exact, homophone, pinyin, dialect, surname only, nickname) and overall, with its latencies.
 */
import {
  FAMILY_QUERY_KINDS,
  FAMILY_SIZES,
  FamilySearchIndex,
  generateFamilySearch,
  generateHardFamilySearch,
} from '@social-affairs/linkage';
import { mkdirSync } from 'node:fs';
import { argValue, maxRssMb, OUT_DIR, percentile } from './common.ts';
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

if (process.argv.includes('--accuracy')) {
  const seed = Number(argValue('seed', '20240611'));
  const hardQueries = Number(argValue('queries', '1800'));
  t0 = performance.now();
  const hard = generateHardFamilySearch({ records: reportCount, queries: hardQueries, seed });
  const kindCounts = { missing: 0, living: 0, deceased: 0 };
  for (const r of hard.records)
    kindCounts[
      r.kind === 'missing-report' ? 'missing' : r.kind === 'unidentified-living' ? 'living' : 'deceased'
    ]++;
  console.log(
    `\n== family search accuracy, three-kind set (seed ${seed}: ${reportCount} records — ${kindCounts.missing} reports, ` +
      `${kindCounts.living} unidentified living, ${kindCounts.deceased} unidentified deceased; ${hardQueries} queries) ==`,
  );
  const hardIndex = new FamilySearchIndex();
  for (let i = 0; i < hard.records.length; i += 50_000) hardIndex.add(hard.records.slice(i, i + 50_000));
  console.log(`generated and indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const q of hard.queries.slice(0, 50)) hardIndex.search(q, 20);
  const perKind = new Map<string, { found: number; total: number; latencies: number[] }>();
  let hardFound = 0;
  let warned = 0;
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
    }
    perKind.set(kind, entry);
  });
  console.log('query kind       recall@20   queries   p50        p95');
  for (const kind of FAMILY_QUERY_KINDS) {
    const e = perKind.get(kind);
    if (!e) continue;
    console.log(
      `${kind.padEnd(16)} ${((e.found / e.total) * 100).toFixed(2).padStart(7)} %   ${String(e.total).padStart(7)}   ` +
        `${ms(p(e.latencies, 50)).padEnd(10)} ${ms(p(e.latencies, 95))}`,
    );
  }
  console.log(
    `overall          ${((hardFound / hard.queries.length) * 100).toFixed(2).padStart(7)} %   ${String(hard.queries.length).padStart(7)}` +
      `   (${warned} queries answered with a warning)`,
  );
}
