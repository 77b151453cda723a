/**
 * `npm run bench:rescue [-- --small] [--seed n] [--peer-queries n] [--no-face]`: the rescue line's 寻亲
 * figures from one run, as one table.
 *
 * 1. Three-way family search, top 20, over 1 M missing reports + 300 k unidentified living (rescued) +
 *    100 k unidentified deceased (`--small`: 20 k + 6 k + 2 k), seeded (three-way-data.ts). Each query is
 *    a stored record's own description, built as `familyCandidates` builds it, and runs as the API runs it
 *    (`platformSearch` below calls `searchFamilyIndex` of packages/core/src/matching/family-search-index.ts,
 *    the function `runSearch` of family-search.service.ts calls: one engine call, named and unnamed
 *    records merged in the engine, the record itself and out-of-scope records left out). The DuckDB peer (bench/linkage/family-peer.ts,
 *    shared with bench:family-search) runs the equivalent brute-force query in the same process, on the
 *    first `--peer-queries` queries (every direction × corruption cell equally). Recall@20 per direction
 *    (report→rescued, report→deceased, rescued→report, …) and per corruption, index build time and RSS.
 * 2. Face figures: H3's bench/rescue/face.bench.ts, when present, called in the same run.
 */
import { FamilySearchIndex, type FamilySearchHit, type FamilySearchQuery } from '@social-affairs/linkage';
import { searchFamilyIndex, type IndexedEntry } from '@social-affairs/core/matching';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { argValue, OUT_DIR, percentile } from '../linkage/common.ts';
import {
  openFamilyPeer,
  PEER_KIND_CODE,
  peerBirthYear,
  peerNameKey,
  writePeerCsv,
} from '../linkage/family-peer.ts';
import {
  CORRUPTIONS,
  DIRECTIONS,
  directionLabel,
  generateThreeWay,
  KIND_LABEL,
  THREE_WAY_SIZES,
  type ThreeWayQuery,
} from './three-way-data.ts';

const small = process.argv.includes('--small') || argValue('size', 'full') === 'small';
const sizeName = small ? 'small' : 'full';
// --reports / --living / --deceased / --per-cell override the size's counts (for trying sizes in between).
const size = {
  reports: Number(argValue('reports', String(THREE_WAY_SIZES[sizeName].reports))),
  living: Number(argValue('living', String(THREE_WAY_SIZES[sizeName].living))),
  deceased: Number(argValue('deceased', String(THREE_WAY_SIZES[sizeName].deceased))),
  perCell: Number(argValue('per-cell', String(THREE_WAY_SIZES[sizeName].perCell))),
};
const seed = Number(argValue('seed', '16'));
const K = 20;

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => bytes / 2 ** 20;
function memory() {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: mb(m.rss), heap: mb(m.heapUsed), external: mb(m.external + m.arrayBuffers) };
}
const loads: { phase: string; load: number[] }[] = [];
const noteLoad = (phase: string) =>
  loads.push({ phase, load: loadavg().map((x) => Math.round(x * 100) / 100) });
noteLoad('start');

// ── Data ────────────────────────────────────────────────────────────────────────────────────────────
let t0 = performance.now();
const data = generateThreeWay({ ...size, seed });
const generateS = (performance.now() - t0) / 1000;
const queries = data.queries;
const peerQueries = Math.min(queries.length, Number(argValue('peer-queries', small ? '210' : '420')));
const counts = data.counts;
console.log(
  `generated ${counts['missing-report']} reports + ${counts['unidentified-living']} rescued + ` +
    `${counts['unidentified-deceased']} deceased and ${queries.length} queries in ${generateS.toFixed(1)} s (seed ${seed})`,
);
noteLoad('generated');

// ── Ours: the platform's in-memory index and the scope map it keeps beside it ──────────────────────────
const before = memory();
t0 = performance.now();
const index = new FamilySearchIndex();
const entries = new Map<string, IndexedEntry>();
// In feed batches, as family-search-index.ts applies them.
const BATCH = 50_000;
for (let i = 0; i < data.records.length; i += BATCH) {
  const batch = data.records.slice(i, i + BATCH);
  for (const r of batch) {
    const named = Boolean(r.name);
    entries.set(r.id, { divisionCode: String(r.divisionCode), institutionId: null, named });
  }
  index.add(batch);
}
const buildS = (performance.now() - t0) / 1000;
const after = memory();
console.log(`indexed ${data.records.length} records in ${buildS.toFixed(1)} s`);
noteLoad('indexed');

/**
 * What `runSearch` of family-search.service.ts does without the database: the same function
 * (`searchFamilyIndex`) on the same index and scope map — a province-wide caseworker, every record in
 * scope, the query's own record left out.
 */
function platformSearch(query: FamilySearchQuery, k: number, exclude: string): FamilySearchHit[] {
  return searchFamilyIndex({ index, entries }, query, k, (id) => id !== exclude).hits;
}

for (const q of queries.slice(0, 50)) platformSearch(q.query, K, q.selfId);
const latencies: number[] = [];
const found = new Uint8Array(queries.length);
t0 = performance.now();
queries.forEach((q, i) => {
  const started = performance.now();
  const hits = platformSearch(q.query, K, q.selfId);
  latencies.push(performance.now() - started);
  if (hits.some((h) => h.id === q.goldId)) found[i] = 1;
});
const oursS = (performance.now() - t0) / 1000;
noteLoad('ours queried');

// ── DuckDB peer, same records, same queries ─────────────────────────────────────────────────────────
const dir = `${OUT_DIR}rescue-${sizeName}-${seed}/`;
mkdirSync(dir, { recursive: true });
t0 = performance.now();
await writePeerCsv(`${dir}records.csv`, data.records);
const peer = await openFamilyPeer(`${dir}records.csv`);
const peerLoadS = (performance.now() - t0) / 1000;
function peerQueryOf(q: ThreeWayQuery) {
  const query = q.query;
  const asOfYear = Number(query.asOf.slice(0, 4));
  const implied = query.birthYear ?? (query.age ? asOfYear - query.age.estimate : null);
  const self = data.records[q.selfRow]!;
  const [fromKind] = DIRECTIONS[q.direction]!;
  return {
    key: peerNameKey(query.name),
    sex: query.sex === 'male' ? (1 as const) : query.sex === 'female' ? (2 as const) : (0 as const),
    impliedBirthYear: implied ?? peerBirthYear(self) ?? asOfYear - 30,
    regionPrefix: String(query.regionHints?.[0] ?? ''),
    kinds: Object.entries(PEER_KIND_CODE)
      .filter(([kind]) => kind !== fromKind)
      .map(([, code]) => code),
    excludeRow: q.selfRow,
  };
}
const peerLatencies: number[] = [];
const peerFound = new Uint8Array(peerQueries);
for (let i = 0; i < peerQueries; i++) {
  const q = queries[i]!;
  const pq = peerQueryOf(q);
  const started = performance.now();
  const rows = await peer.query(pq, K);
  // The first query warms DuckDB up.
  if (i > 0 || peerQueries === 1) peerLatencies.push(performance.now() - started);
  if (rows.includes(q.goldRow)) peerFound[i] = 1;
}
peer.close();
noteLoad('peer queried');

// ── Face figures (H3) ───────────────────────────────────────────────────────────────────────────────
type FaceRow = { label: string; value: string; target?: string };
let faceRows: FaceRow[] | string = 'face: not built';
const facePath = fileURLToPath(new URL('./face.bench.ts', import.meta.url));
if (process.argv.includes('--no-face')) faceRows = 'face: skipped (--no-face)';
else if (existsSync(facePath)) {
  try {
    faceRows = await runFaceBench(facePath);
  } catch (error) {
    faceRows = `face: failed — ${error instanceof Error ? error.message : String(error)}`;
  }
}
noteLoad('end');

/** Calls the function face.bench.ts exports and turns what it returns into rows of this table. */
async function runFaceBench(path: string): Promise<FaceRow[] | string> {
  const mod = (await import(path)) as Record<string, unknown>;
  type FaceFn = (options: object) => unknown;
  const fn = (mod.faceBench ??
    Object.entries(mod).find(
      ([name, value]) => typeof value === 'function' && /face|bench|run/i.test(name),
    )?.[1]) as FaceFn | undefined;
  if (!fn) return 'face: face.bench.ts exports no function';
  const out = await fn({ small, size: sizeName, print: false });
  const list: unknown[] = Array.isArray(out)
    ? (out as unknown[])
    : out && typeof out === 'object' && Array.isArray((out as { rows?: unknown }).rows)
      ? (out as { rows: unknown[] }).rows
      : out && typeof out === 'object'
        ? Object.entries(out).map(([label, value]) => ({ label, value }))
        : [];
  const text = (v: unknown) =>
    typeof v === 'number'
      ? String(Math.round(v * 100) / 100)
      : typeof v === 'string'
        ? v
        : v === undefined || v === null
          ? ''
          : JSON.stringify(v);
  return list.map((row) => {
    if (Array.isArray(row))
      return { label: `face: ${text(row[0])}`, value: row.slice(1).map(text).join('  ') };
    const r = (row ?? {}) as Record<string, unknown>;
    const label = text(r.label ?? r.metric ?? r.name ?? r.figure ?? '?');
    const value =
      r.value !== undefined
        ? `${text(r.value)}${r.unit ? ` ${text(r.unit)}` : ''}`
        : Object.entries(r)
            .filter(([key]) => !['label', 'metric', 'name', 'figure', 'target', 'met'].includes(key))
            .map(([key, v]) => `${key} ${text(v)}`)
            .join(', ');
    const met = r.met === undefined ? '' : r.met ? ' met' : ' NOT MET';
    const target = r.target !== undefined ? `${text(r.target)}${met}` : '';
    return { label: `face: ${label}`, value, target };
  });
}

// ── Table ───────────────────────────────────────────────────────────────────────────────────────────
const ms = (x: number) => `${x.toFixed(2)} ms`;
const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);
const rows: string[][] = [['figure', 'ours', 'DuckDB peer', 'peer / ours', 'target']];
for (const n of [50, 95, 99]) {
  const o = percentile(latencies, n);
  const pr = percentile(peerLatencies, n);
  rows.push([
    `top-20 p${n}`,
    ms(o),
    ms(pr),
    `${(pr / o).toFixed(1)}×`,
    n === 95 ? `≤ 20 ms ${o <= 20 ? 'met' : 'NOT MET'}; ≥ 4× ${pr / o >= 4 ? 'met' : 'NOT MET'}` : '',
  ]);
}
const sum = (arr: Uint8Array, pick: (i: number) => boolean) => {
  let n = 0;
  let f = 0;
  for (let i = 0; i < arr.length; i++)
    if (pick(i)) {
      n++;
      f += arr[i]!;
    }
  return { n, f };
};
const recallRow = (label: string, pick: (q: ThreeWayQuery) => boolean) => {
  const o = sum(found, (i) => pick(queries[i]!));
  const p = sum(peerFound, (i) => pick(queries[i]!));
  rows.push([label, `${pct(o.f, o.n)} (${o.n})`, `${pct(p.f, p.n)} (${p.n})`, '', '']);
};
recallRow('recall@20, all queries', () => true);
DIRECTIONS.forEach((_, d) => recallRow(`recall@20 ${directionLabel(d)}`, (q) => q.direction === d));
for (const c of CORRUPTIONS) recallRow(`recall@20 corruption ${c}`, (q) => q.corruption === c);
DIRECTIONS.forEach((_, d) => {
  const l = latencies.filter((_x, i) => queries[i]!.direction === d);
  rows.push([
    `p50 / p95 ${directionLabel(d)}`,
    `${ms(percentile(l, 50))} / ${ms(percentile(l, 95))}`,
    '',
    '',
    '',
  ]);
});
// Where the time goes, by whether the query's own record has a name (a nameless query scans its kinds).
for (const named of [true, false]) {
  const pick = (_x: number, i: number) => Boolean(queries[i]!.query.name) === named;
  const l = latencies.filter(pick);
  rows.push([
    `p50 / p95 queries ${named ? 'with' : 'without'} a name (${l.length})`,
    `${ms(percentile(l, 50))} / ${ms(percentile(l, 95))}`,
    '',
    '',
    '',
  ]);
}
rows.push([
  'index build',
  `${buildS.toFixed(1)} s`,
  `load ${peerLoadS.toFixed(1)} s (CSV + read_csv)`,
  '',
  '',
]);
rows.push([
  'index RSS (process.memoryUsage, after gc)',
  `${before.rss.toFixed(0)} → ${after.rss.toFixed(0)} MB (+${(after.rss - before.rss).toFixed(0)} MB; heap +${(after.heap - before.heap).toFixed(0)} MB, buffers +${(after.external - before.external).toFixed(0)} MB)`,
  '',
  '',
  '',
]);
if (typeof faceRows === 'string') rows.push([faceRows, '', '', '', '']);
else for (const f of faceRows) rows.push([f.label, f.value, '', '', f.target ?? '']);

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
console.log(
  `\n== bench:rescue (${sizeName}, seed ${seed}): ${counts['missing-report']} missing reports + ` +
    `${counts['unidentified-living']} rescued (unidentified living) + ${counts['unidentified-deceased']} unidentified deceased ` +
    `= ${data.records.length} records; ${queries.length} three-way queries (${DIRECTIONS.length} directions × ` +
    `${CORRUPTIONS.length} corruptions × ${size.perCell}), peer on the first ${peerQueries}; k = ${K} ==`,
);
for (const r of rows)
  console.log(r.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join('  '));
console.log(
  `\nmachine: ${cpus().length} cores; load average (1/5/15 min) ${loads.map((l) => `${l.phase} ${l.load.join('/')}`).join(', ')}` +
    `; ours ${oursS.toFixed(1)} s for ${queries.length} queries${gc ? '' : '; RSS measured without --expose-gc'}`,
);
console.log(
  `kinds: ${Object.entries(KIND_LABEL)
    .map(([k, v]) => `${v} = ${k}`)
    .join(', ')}`,
);
