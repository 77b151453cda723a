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
 */
import { serverManifests } from '@social-affairs/api';
import { openCore, type CoreContext } from '@social-affairs/core';
import {
  familyIndex,
  familyIndexProgress,
  LOAD_SLICE,
  startFamilyIndexLoad,
} from '@social-affairs/core/matching';
import { generateHardFamilySearch } from '@social-affairs/linkage';
import { percentile } from '../linkage/common.ts';
import { benchDatabase, describeEngine, engineArg } from '../db/engine.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
}
const engine = engineArg();
const records = Number(arg('records', '300000'));
const slices = arg('slices', `50000,${LOAD_SLICE}`).split(',').map(Number);
const rounds = Number(arg('rounds', '2'));

const database = await benchDatabase(engine, 'family_load');
const open = () => openCore({ databaseUrl: database.url, lines: serverManifests });
const OWNER = {
  'missing-report': 'matching',
  'unidentified-living': 'rescue',
  'unidentified-deceased': 'funeral',
} as const;

try {
  await describeEngine(database);
  let t0 = performance.now();
  const data = generateHardFamilySearch({ records, queries: 1, seed: 404 });
  const writer = await open();
  const now = new Date().toISOString();
  for (let i = 0; i < data.records.length; i += 1_000) {
    const rows = data.records.slice(i, i + 1_000).map((r, j) => ({
      id: `fs-${r.id}`,
      ownerLine: OWNER[r.kind],
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
  const probeId = 'fs-' + data.records[0]!.id;
  await writer.db.close();
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
} finally {
  await database.dispose();
}
