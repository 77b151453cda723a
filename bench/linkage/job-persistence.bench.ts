/**
 * `npm run bench:linkage-jobs` (or `npm run bench:linkage -- --jobs`) — a comparison job (数据比对) end to
 * end through the database: the people index against an imported roll, run by the product's chunked,
 * resumable runner (`createJob` + `runJob`, packages/core/src/matching/jobs.service.ts), which stores its
 * candidate pairs chunk by chunk (issue 14 item 1: every benchmark takes `--db sqlite|postgres`).
 *
 * Without `--db` the bench runs itself twice in child processes — SQLite, then PostgreSQL when
 * DATABASE_URL is set — and prints both. Each run, on a fresh database (bench/db/engine.ts, dropped after):
 *   1. generates a people index of `--people` (default 200,000) and a roll of `--roll` (default 50,000)
 *      records with the linkage package's synthetic re-verification generator (`generateReverification`,
 *      `--seed`): 80 % of the roll's records are people of the index, every record passed through the
 *      generator's corruption model (typos in ids, homophone names, swapped or lunar birth dates …);
 *   2. seeds the people index set-based (not timed as product work: PostgreSQL multi-row
 *      `insert … select from unnest(…)` per 20,000 on one connection with synchronous_commit off for that
 *      session only; SQLite prepared inserts in one transaction) with checksum-valid resident ids from the
 *      kernel's composer, then refreshes planner statistics as the platform does after seeding;
 *   3. imports the roll through the real `importRoll` service (one transaction, one audit row) — timed;
 *   4. creates a job (people of Hunan × the roll, rule set `reverification`) and runs it to the end with
 *      `runJob` — timed, split into: loading both rolls (statements) and encoding + training the model
 *      (engine), then per chunk the engine's step + explanations (by difference) and the chunk's
 *      statements (insert pairs, count, job update, begin/commit), read from the database handle's query
 *      log (`onQuery`) and the runner's `shouldStop` / `onProgress` callbacks — readings only, the runner
 *      is the product's;
 *   5. resume check: the same job again, stopped half way through its chunks (`shouldStop`), left
 *      'running', resumed (`resume: true`); its pairs must be exactly the first job's, none twice.
 *      With `--replay`, the job is then run once more with its cursor cleared (a lost cursor replays
 *      every chunk): the unique key (job, left, right) must absorb every replayed pair.
 * Printed: the engine and its settings, seconds and CPU seconds per phase (this process; PostgreSQL's
 * backends from /proc when the server runs on this machine), pairs written per second, rows in the pairs
 * table, peak RSS, load average, and a one-line summary.
 * Options: --db sqlite|postgres --people 200000 --roll 50000 --chunk 65536 (the runner's default)
 *          --seed 20261205 --pool 10 --replay
 * Quick: `node --import tsx bench/linkage/job-persistence.bench.ts --db sqlite --people 20000 --roll 5000`.
 */
import {
  coreContext,
  createDb,
  migrateToLatest,
  refreshPlannerStatistics,
  systemActor,
  type CoreContext,
} from '@social-affairs/core';
import { createJob, getJob, importRoll, matchingLine, runJob } from '@social-affairs/core/matching';
import type { RollRecordInput } from '@social-affairs/core/matching';
import {
  composeResidentId,
  listDivisions,
  newId,
  personNamePinyin,
  personNameSearchKey,
  personNameSortKey,
  tryParseResidentId,
  type PlainDate,
} from '@social-affairs/kernel';
import {
  encodeRolls,
  explainLinkedPair,
  generateReverification,
  link,
  parseChineseDate,
  RULE_SETS,
  type LinkageModel,
  type SynthRecord,
} from '@social-affairs/linkage';
import SQLite from 'better-sqlite3';
import { sql, type RawBuilder } from 'kysely';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchDatabase, describeEngine, engineArg, type Engine } from '../db/engine.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name}: expected a positive number`);
  return v;
}
const PEOPLE = arg('people', 200_000);
const ROLL = arg('roll', 50_000);
const CHUNK = arg('chunk', 65_536);
const SEED = arg('seed', 20261205);
const POOL = arg('pool', 10);
const REPLAY = process.argv.includes('--replay');
const dbGiven = process.argv.some((a) => a === '--db' || a.startsWith('--db='));
const SELF = fileURLToPath(import.meta.url);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

// ----- the parent: one child per engine ---------------------------------------------------------------
if (!dbGiven) {
  const engines: Engine[] = ['sqlite'];
  if (process.env.DATABASE_URL && /^postgres/.test(process.env.DATABASE_URL)) engines.push('postgres');
  const pass = process.argv.slice(2).filter((a) => a !== '--jobs');
  const failed: string[] = [];
  for (const engine of engines) {
    console.log(`\n===== ${engine} =====`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, ...pass, '--db', engine], {
      stdio: 'inherit',
    });
    // A failed check (exit 1) still lets the other engine run; the parent exits 1 at the end.
    if (r.status !== 0) failed.push(`${engine} (exit ${r.status ?? r.signal})`);
  }
  if (!engines.includes('postgres'))
    console.log('\n(PostgreSQL skipped: set DATABASE_URL=postgres://… to measure it)');
  if (failed.length) console.log(`\nfailed: ${failed.join(', ')}`);
  process.exit(failed.length ? 1 : 0);
}

// ----- one engine -------------------------------------------------------------------------------------
const engine: Engine = engineArg();
const SOURCE = '殡仪馆火化名单（压测）';
const HUNAN = listDivisions({ level: 'county', within: '430000' }).map((d) => d.code);
const HUNAN_SET = new Set(HUNAN);
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

/** A Hunan county for a record whose county is not one (the generator adds other provinces' and typos). */
function hunanCounty(code: string | null | undefined, i: number): { code: string; mapped: boolean } {
  if (code && HUNAN_SET.has(code)) return { code, mapped: false };
  return { code: HUNAN[i % HUNAN.length]!, mapped: true };
}

/** ISO birth date of a roll record as the file import would read it (`dateCell`), or null. */
function isoDate(raw: string | null): string | null {
  const d = parseChineseDate(raw);
  if (!d || d.lunar || d.month === 0 || d.day === 0) return null;
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

interface PersonSeed {
  id: string;
  residentId: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  county: string;
}

/**
 * The people index: one person per registry record of the generator. A record whose (possibly
 * corrupted) id is a valid Hunan id not yet taken keeps it; any other gets a fresh checksum-valid id from
 * the kernel's composer (its county, its birth date or the id's, the first free sequence of its sex).
 */
function peopleOf(records: SynthRecord[]): { people: PersonSeed[]; composed: number } {
  const taken = new Set<string>();
  let composed = 0;
  const people = records.map((r, i): PersonSeed => {
    const parsed = r.residentId ? tryParseResidentId(r.residentId) : undefined;
    if (parsed?.ok && HUNAN_SET.has(parsed.value.divisionCode) && !taken.has(parsed.value.id)) {
      taken.add(parsed.value.id);
      return {
        id: newId(),
        residentId: parsed.value.id,
        name: r.name,
        sex: parsed.value.sex,
        birthDate: parsed.value.birthDate,
        county: parsed.value.divisionCode,
      };
    }
    composed++;
    const county = hunanCounty(r.divisionCode, i).code;
    const birth = (isoDate(r.birthDate) ?? '1960-01-01') as PlainDate;
    for (let seq = r.sex === 'male' ? 1 : 0; seq < 1000; seq += 2) {
      const id = composeResidentId(county, birth, seq);
      if (taken.has(id)) continue;
      taken.add(id);
      return { id: newId(), residentId: id, name: r.name, sex: r.sex, birthDate: birth, county };
    }
    throw new Error(`no free sequence for ${county} ${birth}`);
  });
  return { people, composed };
}

function seedSqlite(file: string, people: PersonSeed[], at: string): void {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  const ins = raw.prepare(
    `insert into people (id, resident_id, name, name_pinyin, name_search_key, name_sort_key, sex, birth_date,
       hukou_division_code, division_code, status, death_date, created_at, updated_at, version)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'alive', null, ?, ?, 1)`,
  );
  raw.transaction(() => {
    for (const p of people)
      ins.run(
        p.id,
        p.residentId,
        p.name,
        personNamePinyin(p.name),
        personNameSearchKey(p.name),
        personNameSortKey(p.name),
        p.sex,
        p.birthDate,
        p.county,
        p.county,
        at,
        at,
      );
  })();
  raw.close();
}

async function seedPostgres(url: string, people: PersonSeed[], at: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('set synchronous_commit = off'); // the seeding session only
    for (let from = 0; from < people.length; from += 20_000) {
      const cols: string[][] = [[], [], [], [], [], [], [], [], []];
      for (const p of people.slice(from, from + 20_000)) {
        const row = [
          p.id,
          p.residentId,
          p.name,
          personNamePinyin(p.name),
          personNameSearchKey(p.name),
          personNameSortKey(p.name),
          p.sex,
          p.birthDate,
          p.county,
        ];
        row.forEach((v, k) => cols[k]!.push(v));
      }
      await client.query(
        `insert into people (id, resident_id, name, name_pinyin, name_search_key, name_sort_key, sex, birth_date,
           hukou_division_code, division_code, status, death_date, created_at, updated_at, version)
         select id, rid, name, py, key, sort, sex, bd, c, c, 'alive', null, $10, $10, 1
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[]) as t(id, rid, name, py, key, sort, sex, bd, c)`,
        [...cols, at],
      );
    }
  } finally {
    await client.end();
  }
}

// ----- statement log and CPU readings -----------------------------------------------------------------

interface Tally {
  n: number;
  ms: number;
}
const statements = new Map<string, Tally>();
let statementMs = 0;
function kindOf(text: string): string {
  const s = text.trimStart().toLowerCase();
  if (s.startsWith('insert into "match_pairs"')) return 'insert pairs';
  if (s.includes('from "match_pairs"')) return 'count/read pairs';
  if (s.startsWith('update "match_jobs"')) return 'update job';
  if (s.includes('from "match_jobs"')) return 'read job';
  if (s.includes('from "people"')) return 'load people roll';
  if (s.includes('from "match_records"')) return 'load records roll';
  if (/^(begin|commit|rollback)/.test(s)) return 'begin/commit';
  if (s.includes('audit')) return 'audit';
  return 'other';
}
const onQuery = (text: string, ms: number) => {
  statementMs += ms;
  const k = kindOf(text);
  const t = statements.get(k) ?? { n: 0, ms: 0 };
  t.n++;
  t.ms += ms;
  statements.set(k, t);
};
const snapshotStatements = () => new Map([...statements].map(([k, v]) => [k, { ...v }]));

/** CPU seconds of the PostgreSQL backends serving this database (server on this machine; else undefined). */
async function backendCpu(url: string): Promise<number | undefined> {
  if (engine !== 'postgres') return undefined;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const tick = 100; // USER_HZ
    let sum = 0;
    let seen = 0;
    for (const { pid } of r.rows) {
      if (!existsSync(`/proc/${pid}/stat`)) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      sum += (Number(f[11]) + Number(f[12])) / tick; // utime, stime
      seen++;
    }
    return seen > 0 ? sum : undefined;
  } finally {
    await c.end();
  }
}

/**
 * The job's stored pairs against `link` (the engine's one-shot run) over the job's rolls read as the
 * runner reads them (people under the job's division and the roll's records, each in id order) with the
 * model stored on the job.
 */
async function engineParity(ctx: CoreContext, jobId: string) {
  const db = ctx.db.kysely;
  const job = await db
    .selectFrom('matchJobs')
    .select(['model', 'ruleSet'])
    .where('id', '=', jobId)
    .executeTakeFirstOrThrow();
  const model = JSON.parse(job.model ?? 'null') as LinkageModel;
  const people = await db
    .selectFrom('people')
    .select(['id', 'name', 'sex', 'birthDate', 'residentId', 'hukouDivisionCode'])
    .where('divisionCode', 'like', '43%')
    .orderBy('id')
    .execute();
  const records = await db
    .selectFrom('matchRecords')
    .select(['id', 'name', 'sex', 'birthDate', 'residentId', 'divisionCode'])
    .where('source', '=', SOURCE)
    .where('divisionCode', 'like', '43%')
    .orderBy('id')
    .execute();
  const rolls = encodeRolls(
    people.map((r) => ({ ...r, divisionCode: r.hukouDivisionCode.slice(0, 6) })),
    records.map((r) => ({ ...r, divisionCode: r.divisionCode.slice(0, 6) })),
  );
  const result = link(rolls.left, rolls.right, rolls.names, { model, rules: RULE_SETS[job.ruleSet] });
  const engine = new Map<string, string>();
  for (let i = 0; i < result.pairs.length; i++) {
    const e = explainLinkedPair(result, i, model);
    engine.set(`${people[e.left]!.id}|${records[e.right]!.id}`, e.band);
  }
  const stored = await db
    .selectFrom('matchPairs')
    .select(['leftId', 'rightId', 'band'])
    .where('jobId', '=', jobId)
    .execute();
  let extra = 0;
  let otherBand = 0;
  for (const p of stored) {
    const band = engine.get(`${p.leftId}|${p.rightId}`);
    if (band === undefined) extra++;
    else if (band !== p.band) otherBand++;
  }
  const missing = engine.size - (stored.length - extra);
  return {
    engine: engine.size,
    stored: stored.length,
    missing,
    extra,
    otherBand,
    ok: missing === 0 && extra === 0 && otherBand === 0,
  };
}

// ----- the run ----------------------------------------------------------------------------------------

const database = await benchDatabase(engine, 'linkage_jobs');
let ctx: CoreContext | undefined;
try {
  const started = performance.now();
  {
    const db = createDb(database.url);
    await migrateToLatest(db, [matchingLine]);
    await db.close();
  }
  console.log(`linkage job persistence — ${engine}, load average ${load()} (${cpus().length} cores)`);
  await describeEngine(database, {
    people: PEOPLE,
    roll: ROLL,
    'chunk size': CHUNK,
    seed: SEED,
    'pool size': engine === 'postgres' ? `${POOL} (idle connections kept: backend CPU read from /proc)` : '–',
  });

  // 1–2. data and seeding (setup, not product work)
  let t = performance.now();
  const data = generateReverification({ size: { left: ROLL, right: PEOPLE }, seed: SEED });
  const { people, composed } = peopleOf(data.right);
  const at = new Date().toISOString();
  const generateSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  if (engine === 'postgres') await seedPostgres(database.url, people, at);
  else seedSqlite(database.file ?? '', people, at);
  ctx = coreContext(
    createDb(
      database.url,
      engine === 'postgres' ? { poolSize: POOL, idleTimeoutMs: 0, onQuery } : { onQuery },
    ),
    { lines: [matchingLine] },
  );
  await refreshPlannerStatistics(ctx.db.dialect, ctx.db.kysely);
  const seedSeconds = (performance.now() - t) / 1000;
  console.log(
    `setup: generated ${PEOPLE.toLocaleString()} people + ${ROLL.toLocaleString()} roll records in ${f1(generateSeconds)} s ` +
      `(${composed.toLocaleString()} people given a composed id: theirs was missing, invalid, outside Hunan or taken); ` +
      `seeded the people index in ${f1(seedSeconds)} s; load average ${load()}`,
  );

  const actor = systemActor('bench', '430000');
  let mappedCounties = 0;
  const records: RollRecordInput[] = data.left.map((r, i) => {
    const county = hunanCounty(r.divisionCode, i);
    if (county.mapped) mappedCounties++;
    return {
      externalRef: `HZ-${String(i + 1).padStart(7, '0')}`,
      name: r.name,
      sex: r.sex,
      birthDate: isoDate(r.birthDate),
      residentId: r.residentId,
      eventDate: '2026-11-01',
      divisionCode: county.code,
    };
  });
  const matchedInIndex = data.truth.reduce((n, x) => n + (x >= 0 ? 1 : 0), 0);

  // 3. roll import through the service
  let be0 = await backendCpu(database.url);
  let c0 = cpuSeconds();
  t = performance.now();
  const imported = await importRoll(ctx, actor, { source: SOURCE, records });
  const importSeconds = (performance.now() - t) / 1000;
  const importCpu = cpuSeconds() - c0;
  let be1 = await backendCpu(database.url);
  const importBackend = be0 !== undefined && be1 !== undefined ? be1 - be0 : undefined;
  console.log(
    `\nroll import (importRoll: ${imported.imported.toLocaleString()} records, one transaction): ${f2(importSeconds)} s, ` +
      `${Math.round(imported.imported / importSeconds).toLocaleString()} records/s, CPU ${f1(importCpu)} s` +
      (importBackend !== undefined ? ` + backends ${f1(importBackend)} s` : '') +
      `; load average ${load()}`,
  );
  console.log(
    `  (${matchedInIndex.toLocaleString()} of the roll's records are people of the index; ${mappedCounties.toLocaleString()} records of other provinces or with an unknown county given a Hunan county)`,
  );

  // 4. the comparison job, end to end
  const spec = {
    ruleSet: 'reverification' as const,
    left: { kind: 'people' as const, division: '430000' },
    right: { kind: 'records' as const, source: SOURCE, division: '430000' },
  };
  const job = await createJob(ctx, actor, { name: '火化名单比对（压测）', ...spec });
  const before = snapshotStatements();
  interface ChunkReading {
    rule: string;
    wall: number;
    statements: number;
    cpu: number;
    pairs: number;
  }
  const chunks: ChunkReading[] = [];
  let firstStep: { at: number; statements: number; cpu: number } | undefined;
  let chunkStart = { at: 0, statements: 0, cpu: 0 };
  let lastPairs = 0;
  be0 = await backendCpu(database.url);
  c0 = cpuSeconds();
  const statementsAtStart = statementMs;
  t = performance.now();
  const outcome = await runJob(ctx, job.id, {
    chunkSize: CHUNK,
    // Asked right before each chunk's engine step: the chunk's reading starts here.
    shouldStop: () => {
      const now = performance.now();
      firstStep ??= { at: now, statements: statementMs, cpu: cpuSeconds() };
      chunkStart = { at: now, statements: statementMs, cpu: cpuSeconds() };
      return false;
    },
    // Called after the chunk's transaction committed.
    onProgress: (p) => {
      chunks.push({
        rule: p.rule,
        wall: performance.now() - chunkStart.at,
        statements: statementMs - chunkStart.statements,
        cpu: cpuSeconds() - chunkStart.cpu,
        pairs: p.pairsFound - lastPairs,
      });
      lastPairs = p.pairsFound;
    },
  });
  const jobSeconds = (performance.now() - t) / 1000;
  const jobCpu = cpuSeconds() - c0;
  const after = snapshotStatements();
  be1 = await backendCpu(database.url);
  const jobBackend = be0 !== undefined && be1 !== undefined ? be1 - be0 : undefined;
  if (outcome !== 'completed')
    throw new Error(`job ended ${outcome}: ${(await getJob(ctx, actor, job.id)).error}`);
  const detail = await getJob(ctx, actor, job.id);
  const rows = Number(
    (
      await sql<{
        n: number | string;
      }>`select count(*) as n from match_pairs where job_id = ${job.id}`.execute(ctx.db.kysely)
    ).rows[0]?.n ?? 0,
  );
  const prepareMs = (firstStep?.at ?? t) - t;
  const prepareStatements = (firstStep?.statements ?? statementMs) - statementsAtStart;
  const chunkWall = chunks.reduce((a, c) => a + c.wall, 0);
  const chunkStatements = chunks.reduce((a, c) => a + c.statements, 0);
  const chunkCpu = chunks.reduce((a, c) => a + c.cpu, 0);
  const prepareCpu = (firstStep?.cpu ?? c0) - c0;
  const engineMs = chunkWall - chunkStatements;
  const otherMs = jobSeconds * 1000 - prepareMs - chunkWall;
  const pairsPerSecond = rows / jobSeconds;
  console.log(
    `\ncomparison job (createJob + runJob, ${detail.leftCount.toLocaleString()} people × ${detail.rightCount.toLocaleString()} records, ` +
      `${chunks.length} chunks of ≤ ${CHUNK.toLocaleString()} right rows, rule set reverification): ${f2(jobSeconds)} s, CPU ${f1(jobCpu)} s` +
      (jobBackend !== undefined ? ` + backends ${f1(jobBackend)} s` : '') +
      `; load average ${load()}`,
  );
  console.log(
    `  prepare (claim, load both rolls, encode, choose/train the model)  ${f2(prepareMs / 1000)} s (CPU ${f1(prepareCpu)} s), of which statements ${f2(prepareStatements / 1000)} s`,
  );
  console.log(
    `  chunks (link and persist)                                        ${f2(chunkWall / 1000)} s (CPU ${f1(chunkCpu)} s): engine step + explanations ${f2(engineMs / 1000)} s, statements (persisting pairs, job row) ${f2(chunkStatements / 1000)} s`,
  );
  console.log(`  between chunks (re-read of the job, yield) and finish             ${f2(otherMs / 1000)} s`);
  for (const c of chunks)
    console.log(
      `    rule ${c.rule.padEnd(6)} ${f2(c.wall / 1000).padStart(7)} s  CPU ${f2(c.cpu).padStart(6)} s  statements ${f2(c.statements / 1000).padStart(6)} s  new pairs ${c.pairs.toLocaleString().padStart(8)}`,
    );
  console.log('  statements of the job run (count, total s):');
  for (const [k, v] of after) {
    const b = before.get(k) ?? { n: 0, ms: 0 };
    if (v.n > b.n)
      console.log(
        `    ${k.padEnd(20)} ${String(v.n - b.n).padStart(6)}  ${f2((v.ms - b.ms) / 1000).padStart(7)} s`,
      );
  }
  console.log(
    `  pairs: ${rows.toLocaleString()} rows in match_pairs (fast track ${detail.bands.fastTrack.toLocaleString()}, review ${detail.bands.review.toLocaleString()}; job says ${detail.pairsFound.toLocaleString()}); ` +
      `${Math.round(pairsPerSecond).toLocaleString()} pairs/s over the job, ` +
      `${Math.round(rows / Math.max(0.001, chunkWall / 1000)).toLocaleString()} pairs/s over the chunks, ` +
      `${Math.round(rows / Math.max(0.001, chunkStatements / 1000)).toLocaleString()} pairs/s of statement time`,
  );
  const jobRss = rssMb();
  console.log(`  peak RSS ${jobRss} MB (generator data and both rolls in memory)`);

  // 4b. parity: the stored pairs against the engine's own result on the same rolls (same rows, same
  // order as the runner loads them) and the model the job stored — what an uninterrupted in-memory run
  // (`link`, the engine's one-shot path) flags is what the chunked runner must have persisted.
  t = performance.now();
  const parity = await engineParity(ctx, job.id);
  console.log(
    `parity check: stored pairs against the engine's one-shot result on the same rolls and model — engine ${parity.engine.toLocaleString()} pairs, ` +
      `stored ${parity.stored.toLocaleString()}: ${parity.missing} missing, ${parity.extra} extra, ${parity.otherBand} in another band: ` +
      `${parity.ok ? 'OK' : 'DIFFERENT'} (${f2((performance.now() - t) / 1000)} s)`,
  );

  // 5. resume check: stop half way, resume, compare with the uninterrupted job
  const half = Math.max(1, Math.floor(chunks.length / 2));
  const resumed = await createJob(ctx, actor, { name: '火化名单比对（中断后续跑，压测）', ...spec });
  let asked = 0;
  t = performance.now();
  const first = await runJob(ctx, resumed.id, { chunkSize: CHUNK, shouldStop: () => asked++ >= half });
  const halfway = await getJob(ctx, actor, resumed.id);
  const second = await runJob(ctx, resumed.id, { chunkSize: CHUNK, resume: true });
  const resumeSeconds = (performance.now() - t) / 1000;
  const countRow = async (q: RawBuilder<{ n: number | string }>) =>
    Number((await q.execute(ctx!.db.kysely)).rows[0]?.n ?? 0);
  const resumedRows = await countRow(sql`select count(*) as n from match_pairs where job_id = ${resumed.id}`);
  const distinctPairs = await countRow(
    sql`select count(*) as n from (select distinct left_id, right_id from match_pairs where job_id = ${resumed.id}) d`,
  );
  const missing = await countRow(sql`select count(*) as n from match_pairs a where a.job_id = ${job.id}
      and not exists (select 1 from match_pairs b where b.job_id = ${resumed.id} and b.left_id = a.left_id and b.right_id = a.right_id)`);
  const extra = await countRow(sql`select count(*) as n from match_pairs b where b.job_id = ${resumed.id}
      and not exists (select 1 from match_pairs a where a.job_id = ${job.id} and a.left_id = b.left_id and a.right_id = b.right_id)`);
  const resumeOk =
    first === 'stopped' &&
    halfway.status === 'running' &&
    halfway.processed > 0 &&
    halfway.processed < halfway.total &&
    second === 'completed' &&
    resumedRows === rows &&
    distinctPairs === resumedRows &&
    missing === 0 &&
    extra === 0;
  console.log(
    `\nresume check: stopped after ${half} of ${chunks.length} chunks (${first}; status ${halfway.status}, processed ${halfway.processed.toLocaleString()} of ${halfway.total.toLocaleString()}, ` +
      `${halfway.pairsFound.toLocaleString()} pairs stored), resumed (${second}) — ${resumedRows.toLocaleString()} pairs, ${distinctPairs.toLocaleString()} distinct (left, right), ` +
      `${missing} missing and ${extra} extra against the uninterrupted job: ${resumeOk ? 'OK' : 'FAILED'} (${f2(resumeSeconds)} s for both halves)`,
  );
  let replayOk = true;
  if (REPLAY) {
    // A lost cursor: every chunk is replayed; the unique key must absorb every pair.
    const insertsBefore = statements.get('insert pairs')?.n ?? 0;
    await ctx.db.kysely
      .updateTable('matchJobs')
      .set({ status: 'running', cursor: null })
      .where('id', '=', resumed.id)
      .execute();
    t = performance.now();
    const again = await runJob(ctx, resumed.id, { chunkSize: CHUNK, resume: true });
    const replaySeconds = (performance.now() - t) / 1000;
    const afterReplay = await countRow(
      sql`select count(*) as n from match_pairs where job_id = ${resumed.id}`,
    );
    replayOk = again === 'completed' && afterReplay === resumedRows;
    console.log(
      `replay check (cursor cleared, every chunk replayed: ${(statements.get('insert pairs')?.n ?? 0) - insertsBefore} insert statements): ` +
        `${afterReplay.toLocaleString()} pairs after, ${resumedRows.toLocaleString()} before: ${replayOk ? 'OK' : 'FAILED'} (${f2(replaySeconds)} s)`,
    );
  }

  const totalSeconds = (performance.now() - started) / 1000;
  console.log(
    `\nsummary: ${engine} · ${PEOPLE.toLocaleString()} people × ${ROLL.toLocaleString()} roll · import ${f2(importSeconds)} s · ` +
      `job ${f2(jobSeconds)} s (prepare ${f2(prepareMs / 1000)}, engine ${f2(engineMs / 1000)}, statements ${f2(chunkStatements / 1000)}) · ` +
      `${rows.toLocaleString()} pairs, ${Math.round(pairsPerSecond).toLocaleString()}/s · CPU ${f1(jobCpu)} s` +
      (jobBackend !== undefined ? ` + backends ${f1(jobBackend)} s` : '') +
      ` · peak RSS ${rssMb()} MB · parity ${parity.ok ? 'OK' : 'DIFFERENT'} · resume ${resumeOk ? 'OK' : 'FAILED'}${REPLAY ? `, replay ${replayOk ? 'OK' : 'FAILED'}` : ''} · ` +
      `load ${load()} · ${f1(totalSeconds)} s in all`,
  );
  if (!parity.ok || !resumeOk || !replayOk) process.exitCode = 1;
} finally {
  await ctx?.db.close();
  await database.dispose();
}
