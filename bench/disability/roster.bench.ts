/**
 * `npm run bench:roster` — the monthly roster of the disability line for 1.5 M recipients (issue 18 item
 * 11, ADR 0032): target ≤ 60 s and ≤ 2 GB on SQLite, with the PostgreSQL figure.
 *
 * Without `--db` the bench runs itself twice in child processes — SQLite, then PostgreSQL when
 * DATABASE_URL is set (a fresh database, dropped after; bench/db/engine.ts) — and prints both figures.
 * Each run:
 *   1. builds `--size` recipients (default 1,500,000) set-based in SQL: people, certificates, payment
 *      accounts and one entitlement each, spread over `--counties` counties of Hunan (default 30) × 20
 *      townships, with each county's standards (setup, not timed);
 *   2. freezes last month for every county (timed: the first roster, everyone new);
 *   3. makes ~1 % changes: deaths (stopped, reason death), new approvals from last month (arrears),
 *      suspensions, and a raised standard in some townships (rate changed);
 *   4. freezes this month for every county (timed: the diff against last month happens in the freeze);
 *   5. reads the diff of every county (timed);
 *   6. confirms every township and signs, then writes the bank payment file of every county with the
 *      payments concern's `writePaymentFile` (timed, streamed to a temporary file) — or, when that
 *      function is not exported, a CSV stream of the roster's lines (said so in the output).
 * It prints seconds per step and the peak RSS of the process, the load average, and one line
 * "monthly cycle (freeze + diff + files) = N s" (steps 4–6 without the sign-off; target ≤ 120 s on
 * PostgreSQL, issue 14). `--size 20000` for a quick run (CI); `--size 300000 --counties 6` keeps 50 k
 * recipients a county (the plans of 1.5 M) in a run of a few minutes.
 * Options: `--profile` prints the seconds of each statement of steps 4–6, summed over counties;
 * `--explain` (PostgreSQL, superuser role) also prints the plans of this month's freeze (EXPLAIN ANALYZE,
 * BUFFERS, through auto_explain); `--keep` keeps the database and prints its URL (drop it by hand).
 * Then runs the policy-finds-people bench (bench/disability/outreach.bench.ts) when it exists.
 */
import { serverManifests } from '@social-affairs/api';
import { openCore, systemActor, type CoreContext } from '@social-affairs/core';
import * as disability from '@social-affairs/core/disability';
import {
  confirmTownshipPart,
  exportRosterLines,
  freezeRoster,
  rosterDiff,
  signRoster,
} from '@social-affairs/core/disability';
import { listDivisions, todayPlainDate } from '@social-affairs/kernel';
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { benchDatabase, describeEngine, type Engine } from '../db/engine.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const size = arg('size', 1_500_000);
const countiesWanted = arg('counties', 30);
const TOWNS = 20;
const dbArgAt = process.argv.indexOf('--db');
/** `--explain`: PostgreSQL's plans (EXPLAIN ANALYZE, BUFFERS, via auto_explain) of this month's freeze, every county. */
const explain = process.argv.includes('--explain');
/** `--profile` (implied by `--explain`): milliseconds per statement of this month's freeze, summed over counties. */
const profile = explain || process.argv.includes('--profile');

// ----- the parent: one child per engine ---------------------------------------------------------------
if (dbArgAt < 0) {
  const engines: Engine[] = ['sqlite'];
  if (process.env.DATABASE_URL && /^postgres/.test(process.env.DATABASE_URL)) engines.push('postgres');
  const pass = process.argv.slice(2);
  for (const engine of engines) {
    console.log(`\n===== ${engine} =====`);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/disability/roster.bench.ts', ...pass, '--db', engine],
      { stdio: 'inherit' },
    );
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  if (!engines.includes('postgres'))
    console.log('\n(PostgreSQL skipped: set DATABASE_URL=postgres://… to measure it)');
  const outreach = 'bench/disability/outreach.bench.ts';
  if (existsSync(outreach)) {
    console.log(`\n===== policy finds people (${outreach}) =====`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', outreach, ...pass], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  } else {
    console.log(`\n(${outreach} not present: the policy-lists bench is not run)`);
  }
  process.exit(0);
}

// ----- one engine -------------------------------------------------------------------------------------
const engine = process.argv[dbArgAt + 1] as Engine;
const database = await benchDatabase(engine, 'roster');
const work = mkdtempSync(join(tmpdir(), 'sap-bench-roster-'));
// Per-statement time (`--profile`): the statement's first words, its time summed while `profiling` is set.
let profiling = false;
const statementMs = new Map<string, { n: number; ms: number }>();
const statementKey = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim();
  const head = /^with /i.test(t) ? (/\binsert into \w+/i.exec(t)?.[0] ?? t.slice(0, 60)) : t.slice(0, 70);
  return head.replace(/\$\d+/g, '?');
};
const openBenchCore = () =>
  openCore({
    databaseUrl: database.url,
    lines: serverManifests,
    ...(profile
      ? {
          dbOptions: {
            onQuery: (text: string, ms: number) => {
              if (!profiling) return;
              const k = statementKey(text);
              const had = statementMs.get(k) ?? { n: 0, ms: 0 };
              statementMs.set(k, { n: had.n + 1, ms: had.ms + ms });
            },
          },
        }
      : {}),
  });
let core: CoreContext = await openBenchCore();
let db = core.db.kysely;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
// CPU seconds of this process (SQLite runs in it; PostgreSQL's work is in the server, not counted): a
// figure that depends less on how loaded the shared machine is than the wall time.
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const cpuOf = new Map<number, number>();
const seconds = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const r = await f();
  const wall = (performance.now() - t0) / 1000;
  cpuOf.set(wall, cpuSeconds() - c0);
  return [r, wall];
};
const cpu = (wall: number) => (cpuOf.get(wall) ?? 0).toFixed(1);
const monthAdd = (m: string, n: number) => {
  const i = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

try {
  await describeEngine(database, { size, counties: countiesWanted, townships: TOWNS });
  const thisMonth = todayPlainDate(core.config.timeZone, core.clock.now()).slice(0, 7);
  const lastMonth = monthAdd(thisMonth, -1);
  // Counties whose names start with different characters: the payment file's number is prefixed
  // 湘 + the county's first character (payments concern), and file numbers are unique platform-wide.
  const firstChars = new Set<string>();
  const counties = listDivisions({ level: 'county', within: '430000' })
    .filter((d) => !d.code.endsWith('00'))
    .filter((d) => {
      const c = [...d.name][0] ?? '';
      if (firstChars.has(c)) return false;
      firstChars.add(c);
      return true;
    })
    .map((d) => d.code)
    .slice(0, countiesWanted);
  const K = counties.length * TOWNS;
  const now = new Date().toISOString();
  const old = '2000-01-01T00:00:00.000Z';

  // ----- 1. setup, set-based ------------------------------------------------------------------------
  const [, setupSeconds] = await seconds(async () => {
    await sql`create table bench_towns (k integer primary key, code text not null)`.execute(db);
    const towns = counties.flatMap((c, ci) =>
      Array.from({ length: TOWNS }, (_, t) => ({
        k: ci * TOWNS + t,
        code: `${c}${String(t + 1).padStart(3, '0')}`,
      })),
    );
    for (const t of towns)
      await sql`insert into bench_towns (k, code) values (${t.k}, ${t.code})`.execute(db);
    await sql`create table bench_series (i integer primary key)`.execute(db);
    const top = size + Math.ceil(size / 300) + 10;
    for (let from = 1; from <= top; from += 100_000) {
      const to = Math.min(top, from + 99_999);
      await sql`insert into bench_series (i)
        with recursive s(i) as (select ${sql.lit(from)} union all select i + 1 from s where i < ${sql.lit(to)})
        select i from s`.execute(db);
    }
    await buildRecipients(1, size, lastMonth);
    for (const c of counties) {
      for (const year of new Set([Number(lastMonth.slice(0, 4)), Number(thisMonth.slice(0, 4))])) {
        for (const [subsidy, fen] of [
          ['living', 9_800],
          ['care', 9_220],
        ] as const) {
          await db
            .insertInto('disabilityStandards')
            .values({
              id: `bs-${c}-${year}-${subsidy}`,
              divisionCode: c,
              year,
              subsidy,
              category: null,
              grade: null,
              hardship: null,
              amountFen: fen,
              basis: '压测标准',
              fromMonth: `${year}-01`,
              status: 'active',
              createdBy: 'bench',
              createdAt: now,
            })
            .execute();
        }
      }
    }
  });
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} cores)`,
  );
  console.log(
    `setup: ${size.toLocaleString()} recipients in ${counties.length} counties × ${TOWNS} townships, ${setupSeconds.toFixed(1)} s`,
  );

  /** A setup statement without the server's statement timeout (one statement inserts 1.5 M rows). */
  async function unbounded(q: RawBuilder<unknown>) {
    if (engine !== 'postgres') return void (await q.execute(db));
    await db.transaction().execute(async (trx) => {
      await sql`set local statement_timeout = 0`.execute(trx);
      await q.execute(trx);
    });
  }

  async function buildRecipients(from: number, to: number, fromMonth: string) {
    const range = sql`from bench_series s join bench_towns t on t.k = s.i % ${sql.lit(K)}
      where s.i between ${sql.lit(from)} and ${sql.lit(to)}`;
    await unbounded(sql`insert into people (id, resident_id, name, name_pinyin, name_search_key, name_sort_key, sex,
        birth_date, hukou_division_code, division_code, status, death_date, created_at, updated_at, version)
      select 'bp' || s.i, null, '压测' || (s.i % 1000), 'yace', 'yace', 'yace',
        case when s.i % 2 = 0 then 'female' else 'male' end, '1960-01-01',
        substr(t.code, 1, 6), substr(t.code, 1, 6), 'alive', null, ${old}, ${old}, 1 ${range}`);
    await unbounded(sql`insert into disability_certificates (id, number, person_id, category, grade, issued_on,
        valid_until, status, status_on, division_code, source, import_run_id, created_at, updated_at, version)
      select 'bc' || s.i, 'B' || s.i, 'bp' || s.i, 1 + s.i % 7, 1 + s.i % 2, '2020-01-01', '2035-01-01',
        'valid', '2020-01-01', substr(t.code, 1, 6), 'import', null, ${old}, ${old}, 1 ${range}`);
    await unbounded(sql`insert into disability_payment_accounts (id, person_id, division_code, kind, bank_name,
        account_number, holder_name, agent_name, agent_relation, agent_id_masked, reason, valid_from, valid_to,
        created_by, ended_by)
      select 'ba' || s.i, 'bp' || s.i, t.code, 'social_security_card', '湖南农信', '62' || (1000000000 + s.i),
        '压测' || (s.i % 1000), null, null, null, '首次登记', ${old}, null, 'bench', null ${range}`);
    await unbounded(sql`insert into disability_entitlements (id, person_id, subsidy, division_code, county_code,
        application_id, certificate_id, from_month, to_month, status, stop_reason, stop_event_date, created_at,
        updated_at, version)
      select 'be' || s.i, 'bp' || s.i, case when s.i % 2 = 0 then 'care' else 'living' end, t.code,
        substr(t.code, 1, 6), null, 'bc' || s.i, ${fromMonth}, null, 'active', null, null, ${old}, ${old}, 1
      ${range}`);
  }

  const freezeAll = async (month: string, which: readonly string[] = counties) => {
    let lines = 0;
    let fen = 0;
    for (const c of which) {
      const r = await freezeRoster(core, systemActor('bench', c), { countyCode: c, month });
      lines += r.recipients;
      fen += r.totalFen;
    }
    return { lines, fen };
  };

  /**
   * `--explain` on PostgreSQL: freezes this month for every county with auto_explain on (every statement
   * over 50 ms logged with EXPLAIN ANALYZE, BUFFERS at NOTICE level, which the client receives) and prints
   * the plans, county by county; then turns it off again. The settings are the throwaway database's
   * (ALTER DATABASE: needs a superuser role), so the core is reopened around it. EXPLAIN ANALYZE times
   * every node: the seconds printed under it are not the freeze's.
   */
  async function explainFreeze(month: string) {
    const name = new URL(database.url).pathname.slice(1);
    const settings = [
      ['session_preload_libraries', 'auto_explain'],
      ['auto_explain.log_min_duration', '50'],
      ['auto_explain.log_analyze', 'on'],
      ['auto_explain.log_buffers', 'on'],
      ['auto_explain.log_level', 'notice'],
    ] as const;
    for (const [k, v] of settings) await sql.raw(`alter database "${name}" set ${k} = '${v}'`).execute(db);
    await core.db.close();
    core = await openBenchCore();
    db = core.db.kysely;
    let plans: string[] = [];
    // Every client's notices (the pool's connections are made inside the core): auto_explain's plans.
    type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
    const proto = pg.Client.prototype as unknown as { emit: Emit };
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      const m = (args[0] as { message?: string } | undefined)?.message;
      if (event === 'notice' && typeof m === 'string' && m.includes('plan:')) plans.push(m);
      return emit.call(this, event, ...args);
    };
    // The statement's text once (its first line), then the plan.
    const shown = new Set<string>();
    const compact = (p: string) => {
      const [head, ...rest] = p.split('\n');
      const at = rest.findIndex((l) => !/^(Query Text:|\s)/.test(l) || /^\s*$/.test(l));
      const text = rest.slice(0, at).join(' ').replace(/\s+/g, ' ').slice(12);
      const key = text.slice(0, 300);
      const first = !shown.has(key);
      shown.add(key);
      return `${head} ${first ? text : `${text.slice(0, 80)}…`}\n${rest.slice(at).join('\n')}`;
    };
    try {
      for (const county of counties) {
        const [r, s] = await seconds(() =>
          freezeRoster(core, systemActor('bench', county), { countyCode: county, month }),
        );
        console.log(
          `\n----- EXPLAIN (ANALYZE, BUFFERS) of the freeze of ${county} ${month} (${r.recipients.toLocaleString()} paid lines, ${s.toFixed(1)} s under auto_explain, statements over 50 ms) -----`,
        );
        for (const p of plans) console.log(`${compact(p)}\n`);
        plans = [];
      }
      console.log('----- end of plans -----\n');
    } finally {
      proto.emit = emit;
      for (const [k] of settings) await sql.raw(`alter database "${name}" reset ${k}`).execute(db);
      await core.db.close();
      core = await openBenchCore();
      db = core.db.kysely;
    }
  }

  function printProfile(what: string) {
    if (!profile) return;
    const rows = [...statementMs].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
    console.log(`  statements of ${what} (summed over counties: seconds, count):`);
    for (const [k, v] of rows)
      console.log(`  ${(v.ms / 1000).toFixed(2).padStart(8)} s ${String(v.n).padStart(6)}×  ${k}`);
    statementMs.clear();
  }

  // ----- 2. last month ------------------------------------------------------------------------------
  const [first, firstSeconds] = await seconds(() => freezeAll(lastMonth));
  console.log(
    `freeze ${lastMonth} (first roster): ${first.lines.toLocaleString()} paid lines, ${(first.fen / 100).toLocaleString()} 元, ${firstSeconds.toFixed(1)} s (CPU ${cpu(firstSeconds)} s), peak RSS ${rssMb()} MB`,
  );

  // ----- 3. ~1 % changes ----------------------------------------------------------------------------
  const changeAt = new Date().toISOString();
  await sql`update disability_entitlements set status = 'stopped', to_month = ${lastMonth},
      stop_reason = 'death', stop_event_date = ${`${lastMonth}-15`}, updated_at = ${changeAt}
    where id in (select 'be' || i from bench_series where i <= ${sql.lit(size)} and i % 300 = 0)`.execute(db);
  await sql`update disability_entitlements set status = 'suspended', updated_at = ${changeAt}
    where id in (select 'be' || i from bench_series where i <= ${sql.lit(size)} and i % 1000 = 7)`.execute(
    db,
  );
  const added = Math.ceil(size / 300);
  await buildRecipients(size + 1, size + added, lastMonth);
  for (const c of counties.filter((_, i) => i % 4 === 0)) {
    await db
      .insertInto('disabilityStandards')
      .values({
        id: `bs-${c}001-raise`,
        divisionCode: `${c}001`,
        year: Number(thisMonth.slice(0, 4)),
        subsidy: 'care',
        category: null,
        grade: null,
        hardship: null,
        amountFen: 10_500,
        basis: '压测调标',
        fromMonth: thisMonth,
        status: 'active',
        createdBy: 'bench',
        createdAt: now,
      })
      .execute();
  }

  // ----- 4. this month ------------------------------------------------------------------------------
  const explaining = explain && engine === 'postgres';
  profiling = true;
  const [second, secondSeconds] = await seconds(() =>
    explaining ? explainFreeze(thisMonth).then(() => ({ lines: 0, fen: 0 })) : freezeAll(thisMonth),
  );
  profiling = false;
  console.log(
    `freeze ${thisMonth} (diffed against ${lastMonth}): ${second.lines.toLocaleString()} paid lines, ${(second.fen / 100).toLocaleString()} 元, ${secondSeconds.toFixed(1)} s (CPU ${cpu(secondSeconds)} s), peak RSS ${rssMb()} MB` +
      (explaining ? ' — under auto_explain (EXPLAIN ANALYZE of every statement): not a timing' : '') +
      `; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  printProfile("this month's freeze");

  // ----- 5. the diff ----------------------------------------------------------------------------------
  const rosters = await db
    .selectFrom('disabilityRosterMonths')
    .select(['id', 'countyCode'])
    .where('month', '=', thisMonth)
    .execute();
  const byChange = new Map<string, { lines: number; fen: number }>();
  profiling = true;
  const [, diffSeconds] = await seconds(async () => {
    for (const r of rosters) {
      const d = await rosterDiff(core, systemActor('bench', r.countyCode), r.id);
      for (const g of d.groups) {
        const key = `${g.changeLabel}${g.reasonLabel ? `（${g.reasonLabel}）` : ''}`;
        const had = byChange.get(key) ?? { lines: 0, fen: 0 };
        byChange.set(key, { lines: had.lines + g.lines, fen: had.fen + g.amountFen });
      }
    }
  });
  profiling = false;
  console.log(`diff of ${rosters.length} counties: ${diffSeconds.toFixed(2)} s (CPU ${cpu(diffSeconds)} s)`);
  printProfile('the diff');
  for (const [k, v] of byChange)
    console.log(`  ${k}: ${v.lines.toLocaleString()} 人, ${(v.fen / 100).toLocaleString()} 元`);

  // ----- 6. sign-off and the payment file -----------------------------------------------------------
  const [, signSeconds] = await seconds(async () => {
    for (const r of rosters) {
      for (let t = 1; t <= TOWNS; t++) {
        const town = `${r.countyCode}${String(t).padStart(3, '0')}`;
        await confirmTownshipPart(core, systemActor('bench', town), r.id);
      }
      await signRoster(core, systemActor('bench', r.countyCode), r.id);
    }
  });
  const file = join(work, 'payment-files.txt');
  type WritePaymentFile = (
    ctx: CoreContext,
    actor: ReturnType<typeof systemActor>,
    rosterId: string,
    out: NodeJS.WritableStream,
  ) => Promise<unknown>;
  const writePaymentFile = (disability as unknown as { writePaymentFile?: WritePaymentFile })
    .writePaymentFile;
  const fileKind = writePaymentFile
    ? 'writePaymentFile'
    : 'CSV stream of the lines (writePaymentFile not exported)';
  profiling = true;
  const [, fileSeconds] = await seconds(async () => {
    const out = createWriteStream(file);
    for (const r of rosters) {
      const actor = systemActor('bench', r.countyCode);
      if (writePaymentFile) {
        await writePaymentFile(core, actor, r.id, out);
        continue;
      }
      for await (const l of await exportRosterLines(core, actor, r.id, {})) {
        if (l.amountFen === 0) continue;
        const ok = out.write(`${l.divisionCode},${l.name},${l.personId},${(l.amountFen / 100).toFixed(2)}\n`);
        if (!ok) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
    }
    await new Promise<void>((resolve) => out.end(resolve));
  });
  profiling = false;
  console.log(
    `sign-off (${rosters.length * TOWNS} township confirmations + ${rosters.length} signatures): ${signSeconds.toFixed(1)} s`,
  );
  console.log(
    `payment files (${fileKind}, ${(statSync(file).size / 1e6).toFixed(0)} MB): ${fileSeconds.toFixed(1)} s (CPU ${cpu(fileSeconds)} s)`,
  );
  printProfile('the payment files');
  const total = secondSeconds + diffSeconds + fileSeconds;
  console.log(
    `\n| engine | recipients | freeze last month s | freeze this month (with diff) s | diff read s | payment file s | this month total s | peak RSS MB |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${engine} | ${size.toLocaleString()} | ${firstSeconds.toFixed(1)} | ${secondSeconds.toFixed(1)} | ${diffSeconds.toFixed(2)} | ${fileSeconds.toFixed(1)} | ${total.toFixed(1)} | ${rssMb()} |`,
  );
  console.log(
    `\nmonthly cycle (freeze + diff + files) = ${total.toFixed(1)} s (target ≤ ${engine === 'postgres' ? '120 s on PostgreSQL' : '60 s on SQLite'}); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} cores)`,
  );
  if (engine === 'sqlite') {
    const ok = total <= 60 && rssMb() <= 2048;
    console.log(ok ? 'target met (≤ 60 s, ≤ 2 GB on SQLite)' : 'TARGET MISSED (≤ 60 s, ≤ 2 GB on SQLite)');
  }
} finally {
  await core.db.close();
  // `--keep`: leave the database for experiments (psql); drop it by hand afterwards.
  if (process.argv.includes('--keep')) console.log(`kept: ${database.url}`);
  else await database.dispose();
  rmSync(work, { recursive: true, force: true });
}
