/**
 * `npm run bench:qingming` — Qingming booking bursts at opening time (issue 17 item 12, ADR 0030), on
 * SQLite (default) or PostgreSQL (`--db postgres`, server from DATABASE_URL, a fresh database per run,
 * dropped after it; bench/db/engine.ts).
 *
 * Creates a public-benefit cemetery with 7 days × 8 windows of slots from tomorrow (each quota 5,000,
 * except the first window of the first day and two more "hot" windows with quota 30 that every burst
 * fills at once), starts the real server (`social-affairs serve`) in a child process with the public
 * rate limits lifted through the configuration (`lines.funeral.qingming.publicWritesPerIp` and
 * `publicWritesPerPhone`, which the bench sets to 100,000,000), and drives it with autocannon from this
 * process:
 *   1. the ceiling: GET /healthz (no database);
 *   2. the burst: POST /api/public/qingming/bookings — each request a new phone, 25 % of them aimed at
 *      the hot windows (answered 409 QINGMING_SLOT_FULL once full), the rest spread over the others —
 *      a transaction with the conditional UPDATE of the slot, the booking row, the SM3-chained audit row,
 *      and the QR pass (PNG) rendered in the answer.
 * The two runs alternate for `--rounds` rounds; then one open-loop run offers exactly the target rate
 * (autocannon `overallRate`) over the same connections, where the p99 target is read (a closed-loop run's
 * latency is connections ÷ throughput, Little's law). After the last run the bench counts the rows: no slot
 * with more booked than its quota, each slot's counter equal to the sum of its bookings' party sizes,
 * and the number of booking rows equal to the 201 answers. Targets: ≥ 1,000 bookings/s on SQLite at 200
 * connections with p99 ≤ 50 ms, ≥ 500/s on PostgreSQL, zero overbooking.
 * Options: --db sqlite|postgres --pool 10 --connections 200 --duration 3 --rounds 3 --port 3927
 * (env BENCH_QUICK=1 → one round).
 */
import { serverManifests } from '@social-affairs/api';
import { openCore, systemActor } from '@social-affairs/core';
import { createQingmingSlots, defaultFuneralConfig, staffSlots } from '@social-affairs/core/funeral';
import { aFuneralFacility } from '@social-affairs/core/funeral/testing';
import { addDays, todayPlainDate } from '@social-affairs/kernel';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDatabase, describeEngine, engineArg } from '../db/engine.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const connections = arg('connections', 200);
const duration = arg('duration', 3);
const rounds = arg('rounds', process.env.BENCH_QUICK ? 1 : 3);
const port = arg('port', 3927);
const poolSize = arg('pool', 10);
const engine = engineArg();
const HOT_QUOTA = 30;
const QUOTA = 5_000;

const dir = mkdtempSync(join(tmpdir(), 'sap-bench-qingming-'));
const database = await benchDatabase(engine, 'qingming');
const configFile = join(dir, 'social-affairs.config.json');
const qingming = {
  ...defaultFuneralConfig.qingming,
  publicWritesPerIp: 100_000_000,
  publicWritesPerPhone: 100_000_000,
};
writeFileSync(
  configFile,
  JSON.stringify({ platform: { database: { poolSize } }, lines: { funeral: { qingming } } }),
);

console.log('setting up a cemetery and its slots …');
const core = await openCore({ databaseUrl: database.url, lines: serverManifests });
const cemetery = await aFuneralFacility(core, { kind: 'cemetery_public_benefit', county: '430102' });
const tomorrow = addDays(todayPlainDate(core.config.timeZone, core.clock.now()), 1);
const seeder = systemActor('bench', '430000');
await createQingmingSlots(core, seeder, {
  facilityId: cemetery.id,
  from: tomorrow,
  days: 7,
  windows: ['07:00', '08:30', '10:00', '11:30', '13:00', '14:30', '16:00', '17:30'].map((s, i) => ({
    startsAt: s,
    endsAt: ['08:30', '10:00', '11:30', '13:00', '14:30', '16:00', '17:30', '19:00'][i]!,
  })),
  quota: QUOTA,
});
const slots = await staffSlots(core, seeder, cemetery.id);
// The hot windows: the first of the first day and two more, each made small.
const hot = [slots[0]!, slots[1]!, slots[8]!];
for (const s of hot)
  await core.db.kysely
    .updateTable('funeralQingmingSlots')
    .set({ quota: HOT_QUOTA, reserve: 3 })
    .where('id', '=', s.id)
    .execute();
const cold = slots.filter((s) => !hot.includes(s));
await core.db.close();
console.log(`${slots.length} slots (${hot.length} hot with quota ${HOT_QUOTA}, the rest ${QUOTA})`);

const server = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', 'serve'], {
  env: {
    ...process.env,
    DATABASE_URL: database.url,
    SOCIAL_AFFAIRS_CONFIG: configFile,
    SOCIAL_AFFAIRS_KEY_FILE: join(dir, 'server.key'),
    PORT: String(port),
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (b: Buffer) => {
    if (b.toString().includes('已启动')) resolve();
  });
  server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
});
const base = `http://127.0.0.1:${port}`;
let serverRunning = true;
server.on('exit', () => (serverRunning = false));
const stopServer = async () => {
  if (!serverRunning) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
};
await describeEngine(database, {
  'server pool size': engine === 'postgres' ? poolSize : '– (one SQLite connection)',
  connections,
  'rate limits': 'lifted by configuration (lines.funeral.qingming.publicWritesPerIp/PerPhone = 1e8)',
});

let phoneSeq = 0;
let created = 0;
const bookingOptions = (): autocannon.Options => ({
  url: base,
  connections,
  duration,
  headers: { 'content-type': 'application/json' },
  requests: [
    {
      method: 'POST',
      path: '/api/public/qingming/bookings',
      setupRequest: (req) => {
        const n = ++phoneSeq;
        const slot = n % 4 === 0 ? hot[n % hot.length]! : cold[n % cold.length]!;
        return {
          ...req,
          body: JSON.stringify({
            slotId: slot.id,
            visitorName: '压测访客',
            phone: `13${String(n).padStart(9, '0')}`,
            partySize: 1 + (n % 3),
          }),
        };
      },
    },
  ],
});
// Server CPU (user + system, all threads) per request, from /proc on Linux: a figure that does not
// depend on how much of the shared machine the load generator got (as bench/api/api.bench.ts).
const serverCpuMs = (): number | null => {
  try {
    const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return null;
  }
};
const cpuPerRequest = new Map<autocannon.Result, number>();
const run = async (title: string, opts: autocannon.Options) => {
  console.log(`\n${title}: ${opts.connections ?? connections} connections, ${opts.duration ?? duration} s`);
  const cpu0 = serverCpuMs();
  const res = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ connections, duration, ...opts }, (err, r) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(r),
    );
  });
  const cpu1 = serverCpuMs();
  if (cpu0 !== null && cpu1 !== null && res.requests.total > 0)
    cpuPerRequest.set(res, ((cpu1 - cpu0) * 1000) / res.requests.total);
  return res;
};
const cpu = (r: autocannon.Result) => cpuPerRequest.get(r)?.toFixed(0) ?? '–';
const codes = (r: autocannon.Result) => {
  const stats =
    (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  return Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, v.count]));
};

try {
  await run('warm-up GET /healthz', { url: `${base}/healthz`, duration: 2 });
  const warm = await run('warm-up bookings', { ...bookingOptions(), duration: 2 });
  created += codes(warm)['201'] ?? 0;
  const results: { ceiling: autocannon.Result; burst: autocannon.Result; booked: number }[] = [];
  for (let r = 1; r <= rounds; r++) {
    const ceiling = await run(`round ${r}/${rounds} ceiling GET /healthz`, { url: `${base}/healthz` });
    const burst = await run(
      `round ${r}/${rounds} burst POST /api/public/qingming/bookings`,
      bookingOptions(),
    );
    const c = codes(burst);
    created += c['201'] ?? 0;
    results.push({ ceiling, burst, booked: (c['201'] ?? 0) / duration });
    console.log(`  status codes: ${JSON.stringify(c)}, errors ${burst.errors}, timeouts ${burst.timeouts}`);
  }
  console.log(
    '\n| round | GET /healthz (ceiling) req/s | p99 ms | server CPU µs/req | bookings req/s | of which booked (201)/s | p99 ms | server CPU µs/req | other answers (409 full) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  results.forEach((x, i) => {
    const c = codes(x.burst);
    const other = Object.entries(c)
      .filter(([k]) => k !== '201')
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    console.log(
      `| ${i + 1} | ${x.ceiling.requests.average.toFixed(0)} | ${x.ceiling.latency.p99} | ${cpu(x.ceiling)} | ${x.burst.requests.average.toFixed(0)} | ${x.booked.toFixed(0)} | ${x.burst.latency.p99} | ${cpu(x.burst)} | ${other || '–'} |`,
    );
  });

  // Open loop: the same 200 connections offered exactly the target rate. A closed-loop burst keeps all
  // connections waiting, so its latency is connections ÷ throughput by Little's law (200 ÷ 1,000/s =
  // 200 ms); the p99 target is read at the target rate, as the paced run measures it.
  const target = engine === 'postgres' ? 500 : 1000;
  const paced = await run(`paced burst at ${target} requests/s`, {
    ...bookingOptions(),
    overallRate: target,
    duration: duration * 2,
  });
  const pacedCodes = codes(paced);
  created += pacedCodes['201'] ?? 0;
  console.log(
    `  paced: ${paced.requests.average.toFixed(0)} req/s, p50 ${paced.latency.p50} ms, p99 ${paced.latency.p99} ms, server CPU ${cpu(paced)} µs/req, status codes ${JSON.stringify(pacedCodes)}`,
  );

  // Zero overbooking, counted in the database after the bursts — once the server has stopped, so that
  // requests still queued when the last run ended are all committed (a graceful close finishes them).
  await stopServer();
  const check = await openCore({ databaseUrl: database.url, lines: serverManifests });
  const rows = await check.db.kysely.selectFrom('funeralQingmingSlots').selectAll().execute();
  const sums = await check.db.kysely
    .selectFrom('funeralQingmingBookings')
    .select([
      'slotId',
      (eb) => eb.fn.sum<number>('partySize').as('people'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('status', '<>', 'cancelled')
    .groupBy('slotId')
    .execute();
  await check.db.close();
  const bySlot = new Map(sums.map((s) => [s.slotId, { people: Number(s.people), n: Number(s.n) }]));
  const over = rows.filter((s) => s.booked > s.quota || (bySlot.get(s.id)?.people ?? 0) > s.quota);
  const drift = rows.filter((s) => (bySlot.get(s.id)?.people ?? 0) !== s.booked);
  const bookingRows = sums.reduce((n, s) => n + Number(s.n), 0);
  const hotFull = hot.map((h) => rows.find((s) => s.id === h.id)!).map((s) => `${s.booked}/${s.quota}`);
  console.log(
    `\nbooking rows ${bookingRows}, 201 answers ${created}; hot windows booked ${hotFull.join(', ')}`,
  );
  console.log(
    `overbooked slots: ${over.length}; slots whose counter differs from their rows: ${drift.length}; rows − 201 answers = ${bookingRows - created} (requests in flight when a run stopped; at most one per connection per run)`,
  );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const rate = median(results.map((x) => x.burst.requests.average));
  const booked = median(results.map((x) => x.booked));
  const p99 = median(results.map((x) => x.burst.latency.p99));
  const ceiling = median(results.map((x) => x.ceiling.requests.average));
  console.log(
    `\nbooking requests/s = ${rate.toFixed(0)} (of which booked ${booked.toFixed(0)}/s), p99 = ${p99} ms, median of ${rounds} rounds; bare-route ceiling ${ceiling.toFixed(0)} req/s  (target ≥ ${target}/s on ${engine}${engine === 'sqlite' ? ', p99 ≤ 50 ms' : ''} at ${connections} connections)`,
  );
  console.log(
    `load average during the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (2 cores, shared with other work)`,
  );
  // Requests still in flight when a run stops complete on the server but are not counted by autocannon:
  // at most one per connection per run.
  const unanswered = bookingRows - created;
  const rowsMatch = unanswered >= 0 && unanswered <= connections * (rounds + 2);
  const ok =
    rate >= target &&
    (engine !== 'sqlite' || p99 <= 50) &&
    over.length === 0 &&
    drift.length === 0 &&
    rowsMatch;
  console.log(`verdict: ${ok ? 'MEETS TARGETS' : 'MISSES TARGETS'}`);
} finally {
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
  await database.dispose();
}
