/**
 * `npm run bench:family-index-load` — what the server's users feel while a process loads its family-search
 * index (ADR 0040), on SQLite (default) or PostgreSQL (`--db postgres`, from DATABASE_URL; bench/db/engine.ts).
 *
 * Writes `--records` synthetic feed rows (default 300,000; the three kinds of generateHardFamilySearch,
 * straight into family_search_entries), then, on a fresh database handle each time (a restarted
 * process), loads the index with each slice size of `--slices` (default `50000,1000`: pages of 50,000
 * rows read and applied at once, as before ADR 0040, and LOAD_SLICE),
 * alternating for `--rounds` rounds (default 2). During each load a probe stands for the other users of
 * the server: every 20 ms it reads one row by key through the same handle and notes how late the answer
 * came from when it was due. Printed per load: load time and the probe's lateness (p50, p99, max). Then
 * the first search of a restarted process, without the start-up load (it loads the index) and after it.
 * Last, `--backlog` (default 20,000; 0: skip) feed rows the candidates' refresher has not seen, in a
 * database of their own: the real server started on them — when it listens, when the refresher has caught
 * up in the background, how late GET /healthz answers meanwhile.
 */
import { serverManifests } from '@social-affairs/api';
import { startPlatform } from '@social-affairs/cli';
import { openCore, type CoreContext } from '@social-affairs/core';
import {
  familyIndex,
  familyIndexProgress,
  LOAD_SLICE,
  startFamilyIndexLoad,
} from '@social-affairs/core/matching';
import { generateHardFamilySearch } from '@social-affairs/linkage';
import { argValue, percentile } from '../linkage/common.ts';
import { benchDatabase, describeEngine, engineArg } from '../db/engine.ts';

const engine = engineArg();
const records = Number(argValue('records', '300000'));
const slices = argValue('slices', `50000,${LOAD_SLICE}`).split(',').map(Number);
const rounds = Number(argValue('rounds', '2'));
const backlog = Number(argValue('backlog', '20000'));

const database = await benchDatabase(engine, 'family_load');
const open = () => openCore({ databaseUrl: database.url, lines: serverManifests });
const OWNER = {
  'missing-report': 'matching',
  'unidentified-living': 'rescue',
  'unidentified-deceased': 'funeral',
} as const;

/** Writes `count` synthetic three-kind feed rows (seq 1…count) straight into family_search_entries. */
async function writeFeed(url: string, count: number, seed: number, ownedByMatching = false) {
  const data = generateHardFamilySearch({ records: count, queries: 1, seed });
  const writer = await openCore({ databaseUrl: url, lines: serverManifests });
  const now = new Date().toISOString();
  for (let i = 0; i < data.records.length; i += 1_000) {
    const rows = data.records.slice(i, i + 1_000).map((r, j) => ({
      id: `fs-${r.id}`,
      ownerLine: ownedByMatching ? 'matching' : OWNER[r.kind],
      kind: r.kind,
      reference: null,
      name: r.name ?? null,
      sex: (r.sex as 'male' | 'female' | null | undefined) ?? null,
      birthYear: r.birthYear ?? null,
      birthYearUncertainty: r.birthYearUncertainty ?? null,
      estimatedAge: r.estimatedAge?.estimate ?? null,
      estimatedAgeRange: r.estimatedAge?.range ?? null,
      estimatedAgeAsOf: r.estimatedAge?.asOf ?? null,
      eventDate: r.eventDate ?? null,
      placeCode: String(r.divisionCode),
      features: r.features ?? null,
      photoRef: r.photoRef ?? null,
      divisionCode: String(r.divisionCode),
      institutionId: null,
      status: 'active' as const,
      seq: i + j + 1,
      createdAt: now,
      updatedAt: now,
    }));
    await writer.db.kysely.transaction().execute(async (trx) => {
      for (let k = 0; k < rows.length; k += 250)
        await trx
          .insertInto('familySearchEntries')
          .values(rows.slice(k, k + 250))
          .execute();
    });
  }
  await writer.db.close();
  return data;
}

try {
  await describeEngine(database);
  let t0 = performance.now();
  const data = await writeFeed(database.url, records, 404);
  const probeId = 'fs-' + data.records[0]!.id;
  console.log(
    `wrote ${records.toLocaleString('en')} feed rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  /** One read by key through the handle, every 20 ms while `run` runs: its lateness from when it was due. */
  async function withProbe<T>(ctx: CoreContext, run: () => Promise<T>) {
    const latencies: number[] = [];
    let done = false;
    const probing = (async () => {
      while (!done) {
        const due = performance.now() + 20;
        await new Promise<void>((resolve) => setTimeout(resolve, 20));
        await ctx.db.kysely
          .selectFrom('familySearchEntries')
          .select('id')
          .where('id', '=', probeId)
          .executeTakeFirst();
        latencies.push(performance.now() - due);
      }
    })();
    const started = performance.now();
    const result = await run();
    const ms = performance.now() - started;
    done = true;
    await probing;
    return { result, ms, latencies };
  }

  const f = (x: number) => x.toFixed(0).padStart(6);
  console.log(
    `\n== loading ${records.toLocaleString('en')} records into a restarted process's index (${engine}) ==`,
  );
  console.log(
    '| round | slice (rows between turns) | load s | probe read late by p50 / p99 / max ms | probe reads |',
  );
  console.log('|---|---|---|---|---|');
  const summary = new Map<number, { loads: number[]; maxes: number[]; p99s: number[] }>();
  for (let round = 1; round <= rounds; round++) {
    for (const slice of round % 2 === 1 ? slices : [...slices].reverse()) {
      const core = await open();
      const m = await withProbe(core, () => familyIndex(core, { slice }));
      const held = familyIndexProgress(core.db)?.records ?? 0;
      if (held !== records) throw new Error(`index holds ${held} records, expected ${records}`);
      const lat = m.latencies;
      console.log(
        `| ${round} | ${slice.toLocaleString('en')} | ${(m.ms / 1000).toFixed(1)} | ${f(percentile(lat, 50))} / ${f(percentile(lat, 99))} / ${f(Math.max(...lat))} | ${lat.length} |`,
      );
      const s = summary.get(slice) ?? { loads: [], maxes: [], p99s: [] };
      s.loads.push(m.ms / 1000);
      s.maxes.push(Math.max(...lat));
      s.p99s.push(percentile(lat, 99));
      summary.set(slice, s);
      await core.db.close();
      (globalThis as { gc?: () => void }).gc?.();
    }
  }
  console.log('\nper slice size, every round: load s; probe read p99 ms; worst probe read ms');
  for (const [slice, s] of summary)
    console.log(
      `  slice ${slice.toLocaleString('en').padStart(6)}: ${s.loads.map((x) => x.toFixed(1)).join(' / ')} s; ` +
        `p99 ${s.p99s.map((x) => x.toFixed(0)).join(' / ')}; worst ${Math.max(...s.maxes).toFixed(0)}`,
    );

  // The first search of a restarted process: without the start-up load it loads the index itself.
  const query = {
    name: data.records.find((r) => r.name)?.name ?? '王芳',
    sex: 'female' as const,
    age: { estimate: 30, range: 10 },
    asOf: '2024-06-01',
  };
  const search = async (core: CoreContext) => {
    const s = await familyIndex(core);
    return s.index.search(query, 20);
  };
  let core = await open();
  t0 = performance.now();
  await search(core);
  const cold = performance.now() - t0;
  await core.db.close();
  core = await open();
  const load = startFamilyIndexLoad(core, { error: (obj) => console.error(obj) });
  await load.loaded;
  t0 = performance.now();
  await search(core);
  const warm = performance.now() - t0;
  await load.stop();
  await core.db.close();
  console.log(
    `\nfirst search after a restart: ${(cold / 1000).toFixed(1)} s without the start-up load (the search loads the index), ` +
      `${warm.toFixed(1)} ms with it (familySearchIndexAtStart, the default)`,
  );
  // A server started on a feed whose records the candidates' refresher has not seen (a migration filled
  // it): before ADR 0040 that catch-up ran before the server listened; now beside it.
  if (backlog > 0) {
    const backlogDb = await benchDatabase(engine, 'family_backlog');
    try {
      // All owned by the matching line: the rescue and funeral lines' start-up jobs would withdraw rows
      // of theirs that have no case or body behind them.
      await writeFeed(backlogDb.url, backlog, 405, true);
      t0 = performance.now();
      const platform = await startPlatform({
        databaseUrl: backlogDb.url,
        port: 0,
        seed: false,
        webRoot: null,
        logLevel: process.env.BENCH_LOG ?? 'silent',
      });
      const listening = performance.now() - t0;
      const late: number[] = [];
      const watermark = () =>
        platform.app.core.db.kysely
          .selectFrom('familyCandidateWatermarks')
          .select('lastSeq')
          .where('name', '=', 'family-candidates')
          .executeTakeFirst();
      for (;;) {
        const due = performance.now() + 20;
        await new Promise<void>((resolve) => setTimeout(resolve, 20));
        const res = await fetch(`${platform.url}/healthz`);
        await res.arrayBuffer();
        late.push(performance.now() - due);
        if (Number((await watermark())?.lastSeq ?? 0) >= backlog) break;
        if (performance.now() - t0 > 600_000) throw new Error('the refresher did not catch up in 10 minutes');
      }
      const caughtUp = performance.now() - t0;
      await platform.close();
      console.log(
        `\nserver started on ${backlog.toLocaleString('en')} feed records the candidates' refresher had not seen: ` +
          `listening after ${(listening / 1000).toFixed(1)} s; the refresher caught up after ${(caughtUp / 1000).toFixed(1)} s ` +
          `(before ADR 0040 the server listened only then); GET /healthz meanwhile late by ` +
          `p50 / p99 / max ${percentile(late, 50).toFixed(0)} / ${percentile(late, 99).toFixed(0)} / ${Math.max(...late).toFixed(0)} ms (${late.length} requests)`,
      );
    } finally {
      await backlogDb.dispose();
    }
  }
} finally {
  await database.dispose();
}
