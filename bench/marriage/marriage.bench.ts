/**
 * `npm run bench:marriage` — the marriage line at provincial scale, on SQLite (default) or PostgreSQL
 * (`--db postgres`, server from DATABASE_URL, a fresh database per run, dropped after; bench/db/engine.ts).
 *
 * 1. Loads 2,000,000 existing marriages (4,000,000 people; 70 % subsisting, 20 % divorced, 10 % ended by
 *    death) into a fresh database through the real migrations, then bulk rows (SQLite: prepared inserts
 *    in one transaction per 50,000; PostgreSQL: multi-row `insert … select from unnest(arrays)` per
 *    20,000 with synchronous_commit off for the loading session only — the bench's seeding, not the
 *    product's path).
 * 2. Registers couples through the real service (`registerMarriage`: qualification, id parsing, people
 *    index lookup/creation, every rule, the bigamy check against all records, certificate counter,
 *    audit chain) — 90 % new couples, 10 % with a party already married (refused with a notice).
 * 3. Prints certificates (`printMarriageCertificate`: pdfkit + Noto Serif CJK subset).
 * Prints operations/s, p50/p99 latency and the query plan of the bigamy check (SQLite: EXPLAIN QUERY
 * PLAN; PostgreSQL: EXPLAIN ANALYZE of the statement a registration ran, with a married party's ids).
 * Planner statistics are refreshed after the load as the platform does after seeding
 * (`refreshPlannerStatistics`). Registrations run one at a time (as a registrar's desk does); with
 * `--concurrency n`, n registrars of n registries register at once (one process, one pool);
 * `--concurrency 1,8,32` runs one phase per value. Registrars never share a registry: certificate
 * numbers are gapless per registry and year, so one registry is serial by design (its counter row is
 * locked from the number's draw to COMMIT). `--marriages` sets the size of the existing data (the full
 * 2 M takes ~7 min to seed on PostgreSQL on a loaded 2-core machine).
 * Options: --db sqlite|postgres --marriages 2000000 --registrations 2000 --prints 200 --concurrency 1
 * --pool 10 (env BENCH_QUICK=1 → 200,000 / 500 / 50).
 */
import {
  coreContext,
  createDb,
  createUser,
  migrateToLatest,
  refreshPlannerStatistics,
  systemActor,
  userActor,
  type Actor,
} from '@social-affairs/core';
import {
  bigamyCheckPlan,
  marriageLine,
  createRegistry,
  marriageToday,
  printMarriageCertificate,
  recordQualification,
  registerMarriage,
} from '@social-affairs/core/marriage';
import { composeResidentId, plainDateOf, addDays, type PlainDate } from '@social-affairs/kernel';
import type { RegisterMarriageInput } from '@social-affairs/kernel/contracts';
import SQLite from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { benchDatabase, describeEngine, engineArg } from '../db/engine.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const quick = Boolean(process.env.BENCH_QUICK);
const MARRIAGES = arg('marriages', quick ? 200_000 : 2_000_000);
const REGISTRATIONS = arg('registrations', quick ? 500 : 2_000);
const PRINTS = arg('prints', quick ? 50 : 200);
// `--concurrency 1,8`: one registration phase per value, each with that many registrars at once.
const CONCURRENCIES = (process.argv[process.argv.indexOf('--concurrency') + 1] ?? '1')
  .split(',')
  .map(Number)
  .filter((n) => process.argv.includes('--concurrency') && n > 0);
if (CONCURRENCIES.length === 0) CONCURRENCIES.push(1);
const CONCURRENCY = Math.max(...CONCURRENCIES);
const POOL = arg('pool', 10);
const engine = engineArg();

const COUNTIES = [
  '430102',
  '430103',
  '430104',
  '430105',
  '430111',
  '430112',
  '430121',
  '430181',
  '430182',
  '430202',
  '430203',
  '430204',
  '430211',
  '430302',
  '430304',
  '430405',
  '430406',
  '430408',
  '430502',
  '430503',
  '430602',
  '430603',
  '430702',
  '430703',
  '430802',
  '430902',
  '431002',
  '431102',
  '431202',
  '431302',
  '433101',
];
const BIRTH_DAYS = 15_000; // 1950-01-01 … 1991-01-26

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
function summary(label: string, ms: number[], wallMs: number): void {
  const s = [...ms].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} ${String(ms.length).padStart(6)} ops  ${((ms.length / wallMs) * 1000).toFixed(1).padStart(8)} ops/s  p50 ${percentile(s, 50).toFixed(2)} ms  p99 ${percentile(s, 99).toFixed(2)} ms  max ${(s.at(-1) ?? 0).toFixed(2)} ms`,
  );
}

/** Existing marriage k: husband and wife ids are unique per k (county × birth date × sequence band). */
function existingCouple(k: number): { county: string; husband: string; wife: string } {
  const county = COUNTIES[k % COUNTIES.length] ?? '430102';
  const j = Math.floor(k / COUNTIES.length);
  const birth = addDays(plainDateOf(1950, 1, 1), j % BIRTH_DAYS);
  const band = Math.floor(j / BIRTH_DAYS); // 0 … 4 for 2 M marriages
  return {
    county,
    husband: composeResidentId(county, birth, band * 2 + 1),
    wife: composeResidentId(county, addDays(birth, 400), band * 2 + 100),
  };
}

/** Existing marriage k's rows: two people, one marriage (the bench's own data generator). */
function existingRows(k: number) {
  const c = existingCouple(k);
  const r = k % 10;
  const status = r < 7 ? 'subsisting' : r < 9 ? 'divorced' : 'ended_by_death';
  const registered = `${2000 + (k % 20)}-05-01`;
  const ended = status === 'subsisting' ? null : `${2021 + (k % 4)}-06-01`;
  const birth = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return { c, h: `ph${k}`, w: `pw${k}`, status, registered, ended, birth };
}

/**
 * PostgreSQL bulk load: 20,000 marriages (40,000 people) per pair of `insert … select from unnest(…)`
 * statements, on one connection with synchronous_commit off (seeding only; the product's transactions
 * keep the server's setting).
 */
async function loadPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  await client.query("set maintenance_work_mem = '256MB'");
  const CHUNK = 20_000;
  // Secondary indexes and unique constraints (all but the primary keys, which foreign keys need) are
  // dropped for the load and rebuilt after it from their own definitions: one sort each instead of
  // millions of random index insertions.
  const constraints = await client.query<{ table: string; name: string; def: string }>(
    `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
       from pg_constraint where contype = 'u' and conrelid::regclass::text in ('people', 'marriages')`,
  );
  const indexes = await client.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i where i.indrelid::regclass::text in ('people', 'marriages')
        and not i.indisprimary
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
  );
  for (const c of constraints.rows) await client.query(`alter table ${c.table} drop constraint ${c.name}`);
  for (const i of indexes.rows) await client.query(`drop index ${i.name}`);
  try {
    for (let from = 0; from < MARRIAGES; from += CHUNK) {
      const to = Math.min(MARRIAGES, from + CHUNK);
      const p: string[][] = [[], [], [], [], [], [], [], []];
      const m: (string | null)[][] = [[], [], [], [], [], [], [], []];
      for (let k = from; k < to; k++) {
        const x = existingRows(k);
        for (const [id, rid, name, py, key, sex] of [
          [x.h, x.c.husband, '张伟', 'zhang wei', 'zhangwei', 'male'],
          [x.w, x.c.wife, '李娜', 'li na', 'lina', 'female'],
        ] as const) {
          p[0]?.push(id);
          p[1]?.push(rid);
          p[2]?.push(name);
          p[3]?.push(py);
          p[4]?.push(key);
          p[5]?.push(sex);
          p[6]?.push(x.birth(rid));
          p[7]?.push(x.c.county);
        }
        m[0]?.push(`m${k}`);
        m[1]?.push(x.h);
        m[2]?.push(x.w);
        m[3]?.push(x.c.county);
        m[4]?.push(x.registered);
        m[5]?.push(x.status);
        m[6]?.push(x.ended);
        m[7]?.push(x.ended ? 'backfill' : null);
      }
      await client.query('begin');
      await client.query(
        `insert into people (id, resident_id, name, name_pinyin, name_search_key, sex, birth_date, hukou_division_code, division_code, status, death_date, created_at, updated_at, version)
         select id, rid, name, py, key, sex, bd, c, c, 'alive', null, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 1
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) as t(id, rid, name, py, key, sex, bd, c)`,
        p,
      );
      await client.query(
        `insert into marriages (id, kind, husband_id, wife_id, registry_id, registry_name, division_code, registered_on, effective_from, cross_border, certificate_no, status, ended_on, end_reference, registrar_id, created_at, updated_at, version)
         select id, 'backfill', h, w, null, '历史登记机关', c, reg, reg, 'mainland', null, st, ended, ref, null, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 1
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) as t(id, h, w, c, reg, st, ended, ref)`,
        m,
      );
      await client.query('commit');
      if (from % 500_000 === 0 && from > 0) console.log(`  … ${from.toLocaleString()} marriages`);
    }
    const t = Date.now();
    for (const c of constraints.rows)
      await client.query(`alter table ${c.table} add constraint ${c.name} ${c.def}`);
    for (const i of indexes.rows) await client.query(i.def);
    console.log(
      `  rebuilt ${constraints.rows.length} unique constraints and ${indexes.rows.length} indexes in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
  } finally {
    await client.end();
  }
}

const database = await benchDatabase(engine, 'marriage');
try {
  const db = createDb(database.url);
  await migrateToLatest(db, [marriageLine]);
  await db.close();

  // ----- 1. bulk load (the bench's own data generator) ---------------------------------------------
  let t0 = Date.now();
  if (engine === 'postgres') await loadPostgres(database.url);
  else loadSqlite(database.file ?? '');
  const core = coreContext(createDb(database.url, engine === 'postgres' ? { poolSize: POOL } : {}), {
    lines: [marriageLine],
    config: { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } },
  });
  await refreshPlannerStatistics(core.db.dialect, core.db.kysely);
  console.log(
    `loaded ${MARRIAGES.toLocaleString()} marriages / ${(MARRIAGES * 2).toLocaleString()} people in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  await describeEngine(database, {
    'pool size': engine === 'postgres' ? POOL : '– (one SQLite connection)',
    'concurrent registrars': CONCURRENCIES.join(', then '),
  });
  if (engine === 'sqlite') {
    console.log('bigamy check query plan (subsistingMarriagesOf):');
    for (const line of await bigamyCheckPlan(core.db.kysely)) console.log(`  ${line}`);
  }

  // ----- 2. registrations through the service ----------------------------------------------------
  const admin = systemActor('bench', '430000');
  const registries = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, r) =>
      createRegistry(core, admin, {
        code: `430181${String(r + 1).padStart(2, '0')}`,
        name: r === 0 ? '浏阳市民政局婚姻登记处' : `浏阳市民政局婚姻登记处第${r + 1}窗口`,
        divisionCode: '430181',
        address: '浏阳市',
        officeHours: '工作日',
        phone: null,
        competence: 'mainland',
        halfDayCapacity: 20,
      }),
    ),
  );
  const registry = registries[0] as (typeof registries)[number];
  const registrars = [];
  for (const [r, reg] of registries.entries()) {
    const u = await createUser(core, admin, {
      username: `bench.registrar${r || ''}`,
      displayName: '压测登记员',
      role: 'registrar',
      divisionCode: '430181',
      password: 'Bench-pass-1',
    });
    await recordQualification(core, admin, {
      userId: u.id,
      registryId: reg.id,
      certificateNo: `BENCH-${r + 1}`,
      validFrom: '2020-01-01' as PlainDate,
      validUntil: '2030-12-31' as PlainDate,
    });
    registrars.push({
      registryId: reg.id,
      actor: userActor(core.access, {
        id: u.id,
        username: u.username,
        role: 'registrar',
        divisionCode: '430181',
      }),
    });
  }
  const registrar = (registrars[0] as (typeof registrars)[number]).actor;
  const today = marriageToday(core);
  const party = (residentId: string, name: string) => ({
    documentType: 'resident_id' as const,
    residentId,
    name,
    presentInPerson: true,
    voluntary: true,
    documents: { identityDocument: true, hukouBooklet: true },
    declaration: { signed: true, noSpouse: true, noProhibitedKinship: true },
    illnessDisclosed: false,
  });
  const inputOf = (i: number, registryId: string): RegisterMarriageInput => {
    const birth = addDays(plainDateOf(1995, 1, 1), i % 1800);
    const band = Math.floor(i / 1800);
    if (i % 10 === 9) {
      // A party already married somewhere in the 2 M records (subsisting ones are k % 10 < 7).
      const k = Math.floor(((i * 7919) % MARRIAGES) / 10) * 10 + 3;
      return {
        registryId,
        husband: party(existingCouple(k).husband, '张伟'),
        wife: party(composeResidentId('430181', birth, band * 2 + 500), '王芳'),
        declaredKinship: 'none',
      };
    }
    return {
      registryId,
      husband: party(composeResidentId('430181', birth, band * 2 + 1), '赵强'),
      wife: party(composeResidentId('430181', addDays(birth, 30), band * 2 + 2), '王芳'),
      declaredKinship: 'none',
    };
  };
  const registered: string[] = [];
  for (const [phase, concurrency] of CONCURRENCIES.entries()) {
    const latencies: number[] = [];
    const refusedLatencies: number[] = [];
    t0 = Date.now();
    let next = phase * REGISTRATIONS;
    const end = next + REGISTRATIONS;
    await Promise.all(
      registrars.slice(0, concurrency).map(async (desk) => {
        for (let i = next++; i < end; i = next++) {
          const s = performance.now();
          try {
            const m = await registerMarriage(core, desk.actor, inputOf(i, desk.registryId));
            latencies.push(performance.now() - s);
            registered.push(m.id);
          } catch (err) {
            if ((err as { code?: string }).code !== 'MARRIAGE_REFUSED') throw err;
            refusedLatencies.push(performance.now() - s);
          }
        }
      }),
    );
    const regWall = Date.now() - t0;
    console.log(
      `\nregistration on ${today} against ${MARRIAGES.toLocaleString()} existing marriages (${engine === 'postgres' ? `PostgreSQL, pool of ${POOL}` : 'SQLite file'}, one process, ${concurrency} registrar(s) at once):`,
    );
    summary('registerMarriage (all outcomes)', [...latencies, ...refusedLatencies], regWall);
    summary('  registered', latencies, regWall);
    summary('  refused (party already married)', refusedLatencies, regWall);
  }
  console.log(
    '  (each registrar at a registry of its own: certificate numbers are gapless per registry and year, so one registry registers one couple at a time by design — its counter row is locked to COMMIT)',
  );
  if (engine === 'postgres') await explainBigamyCheck(database.url, registry.id, registrar);

  // ----- 3. printing ------------------------------------------------------------------------------
  const prints: number[] = [];
  let bytes = 0;
  t0 = Date.now();
  for (const id of registered.slice(0, PRINTS)) {
    const s = performance.now();
    const doc = await printMarriageCertificate(core, registrar, id);
    prints.push(performance.now() - s);
    bytes += doc.pdf.length;
  }
  summary('printMarriageCertificate (PDF)', prints, Date.now() - t0);
  console.log(
    `  average PDF size ${Math.round(bytes / Math.max(1, prints.length) / 1024)} KB (2 pages, CJK subset embedded)`,
  );
  await core.db.close();
} finally {
  await database.dispose();
}

/**
 * PostgreSQL: the bigamy check's plan, as the server runs it. One more (refused) registration runs on a
 * database handle that logs its statements; the bigamy check's SQL is taken from that log and run under
 * EXPLAIN (ANALYZE, BUFFERS) with the ids of a married party — it must search the partial unique
 * indexes (`… where status = 'subsisting'`), not the table.
 */
async function explainBigamyCheck(url: string, registryId: string, actor: Actor): Promise<void> {
  const statements: string[] = [];
  const logged = coreContext(createDb(url, { poolSize: 2, onQuery: (text) => statements.push(text) }), {
    lines: [marriageLine],
    config: { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } },
  });
  try {
    // A registration that succeeds: its statements are its round trips (each awaited in turn). The
    // chain locks are held only from the pre-commit flush to COMMIT (ADR 0016, "write path").
    const party = (residentId: string, name: string) => ({
      documentType: 'resident_id' as const,
      residentId,
      name,
      presentInPerson: true,
      voluntary: true,
      documents: { identityDocument: true, hukouBooklet: true },
      declaration: { signed: true, noSpouse: true, noProhibitedKinship: true },
      illnessDisclosed: false,
    });
    const birth = plainDateOf(1985, 3, 3);
    await registerMarriage(logged, actor, {
      registryId,
      husband: party(composeResidentId('430181', birth, 701), '周明'),
      wife: party(composeResidentId('430181', addDays(birth, 90), 702), '陈静'),
      declaredKinship: 'none',
    });
    const afterLock = statements.findIndex((t) => t.includes('pg_advisory_xact_lock'));
    console.log(
      `statements of one registration: ${statements.length}` +
        (afterLock >= 0 ? ` (the chain lock is taken at statement ${afterLock + 1}, held to COMMIT)` : ''),
    );
    if (process.env.BENCH_VERBOSE) for (const t of statements) console.log(`  ${t.slice(0, 140)}`);
    statements.length = 0;
    const k = 3; // subsisting
    await registerMarriage(logged, actor, {
      registryId,
      husband: {
        documentType: 'resident_id',
        residentId: existingCouple(k).husband,
        name: '张伟',
        presentInPerson: true,
        voluntary: true,
        documents: { identityDocument: true, hukouBooklet: true },
        declaration: { signed: true, noSpouse: true, noProhibitedKinship: true },
        illnessDisclosed: false,
      },
      wife: {
        documentType: 'resident_id',
        residentId: existingCouple(k + 10).wife,
        name: '李娜',
        presentInPerson: true,
        voluntary: true,
        documents: { identityDocument: true, hukouBooklet: true },
        declaration: { signed: true, noSpouse: true, noProhibitedKinship: true },
        illnessDisclosed: false,
      },
      declaredKinship: 'none',
    }).catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'MARRIAGE_REFUSED') throw err;
    });
    const check = statements.find(
      (t) =>
        t.includes('from "marriages"') &&
        t.includes(`"status" = 'subsisting'`) &&
        t.includes('"husband_id" in'),
    );
    if (!check) {
      console.log('bigamy check query plan: statement not seen in the log');
      return;
    }
    const n = (check.match(/\$\d+/g) ?? []).length;
    const ids = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? `ph${k}` : `pw${k + 10}`));
    console.log(`statements of one (refused) registration: ${statements.length}`);
    if (process.env.BENCH_VERBOSE) for (const t of statements) console.log(`  ${t.slice(0, 140)}`);
    const plan = await logged.db.kysely.executeQuery<Record<string, string>>(
      CompiledQuery.raw(`explain (analyze, buffers) ${check}`, ids),
    );
    console.log('bigamy check query plan (subsistingMarriagesOf, PostgreSQL EXPLAIN ANALYZE):');
    for (const r of plan.rows) console.log(`  ${Object.values(r)[0]}`);
  } finally {
    await logged.db.close();
  }
}

/** SQLite bulk load (raw better-sqlite3, prepared inserts, one transaction per 50,000 marriages). */
function loadSqlite(file: string): void {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  const insPerson = raw.prepare(
    `insert into people (id, resident_id, name, name_pinyin, name_search_key, sex, birth_date, hukou_division_code, division_code, status, death_date, created_at, updated_at, version)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'alive', null, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 1)`,
  );
  const insMarriage = raw.prepare(
    `insert into marriages (id, kind, husband_id, wife_id, registry_id, registry_name, division_code, registered_on, effective_from, cross_border, certificate_no, status, ended_on, end_reference, registrar_id, created_at, updated_at, version)
     values (?, 'backfill', ?, ?, null, ?, ?, ?, ?, 'mainland', null, ?, ?, ?, null, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 1)`,
  );
  const load = raw.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const c = existingCouple(k);
      const h = `ph${k}`;
      const w = `pw${k}`;
      insPerson.run(
        h,
        c.husband,
        '张伟',
        'zhang wei',
        'zhangwei',
        'male',
        `${c.husband.slice(6, 10)}-${c.husband.slice(10, 12)}-${c.husband.slice(12, 14)}`,
        c.county,
        c.county,
      );
      insPerson.run(
        w,
        c.wife,
        '李娜',
        'li na',
        'lina',
        'female',
        `${c.wife.slice(6, 10)}-${c.wife.slice(10, 12)}-${c.wife.slice(12, 14)}`,
        c.county,
        c.county,
      );
      const r = k % 10;
      const status = r < 7 ? 'subsisting' : r < 9 ? 'divorced' : 'ended_by_death';
      const registered = `${2000 + (k % 20)}-05-01`;
      const ended = status === 'subsisting' ? null : `${2021 + (k % 4)}-06-01`;
      insMarriage.run(
        `m${k}`,
        h,
        w,
        '历史登记机关',
        c.county,
        registered,
        registered,
        status,
        ended,
        ended ? 'backfill' : null,
      );
    }
  });
  for (let from = 0; from < MARRIAGES; from += 50_000) {
    load(from, Math.min(MARRIAGES, from + 50_000));
    if (from % 500_000 === 0 && from > 0) console.log(`  … ${from.toLocaleString()} marriages`);
  }
  raw.pragma('synchronous = NORMAL');
  raw.close();
}
