/**
 * Counts and times the database round trips of one authenticated, audited person lookup, in process
 * (`app.inject`), on the engine of `--db` (ADR 0016's profile). Prints each statement once with how
 * many times it ran per request. Then (`--waves`, default 40) CPU per lookup with no HTTP socket and no
 * load generator in the picture: waves of `--requests` lookups at once, this process's CPU time (user +
 * system) per lookup and, on PostgreSQL, that of the backends serving the bench's database (ADR 0036).
 *
 *     DATABASE_URL=postgres://… node --import tsx bench/api/round-trips.ts --db postgres [--requests 200] [--waves 40]
 */
import { buildApp, serverLines, serverManifests } from '@social-affairs/api';
import { createUser, openCore, seedDemoData, systemActor } from '@social-affairs/core';
import { sql } from 'kysely';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { benchDatabase, engineArg } from '../db/engine.ts';

const engine = engineArg();
const i = process.argv.indexOf('--requests');
const requests = i > 0 ? Number(process.argv[i + 1]) : 200;
const w = process.argv.indexOf('--waves');
const waves = w > 0 ? Number(process.argv[w + 1]) : 40;
const database = await benchDatabase(engine, 'trips');
let counting = false;
const seen = new Map<string, { n: number; ms: number }>();
try {
  const core = await openCore({
    databaseUrl: database.url,
    lines: serverManifests,
    config: { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } },
    dbOptions: {
      onQuery: (sql, ms) => {
        if (!counting) return;
        const e = seen.get(sql) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += ms;
        seen.set(sql, e);
      },
    },
  });
  await seedDemoData(core, { size: 'bench', seed: 7 });
  await createUser(core, systemActor('bench', '430000'), {
    username: 'trips.registrar',
    displayName: '计数',
    role: 'registrar',
    divisionCode: '430000',
    password: 'Trips-pass-1',
  });
  const app = await buildApp({ core, lines: serverLines, logger: false });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'trips.registrar', password: 'Trips-pass-1' },
  });
  const cookie = `sap_session=${login.cookies.find((c) => c.name === 'sap_session')?.value ?? ''}`;
  const ids = (
    await core.db.kysely
      .selectFrom('people')
      .select('residentId')
      .where('residentId', 'is not', null)
      .limit(requests)
      .execute()
  ).map((r) => r.residentId ?? '');
  const one = (id: string) =>
    app.inject({
      method: 'POST',
      url: '/api/people/lookup',
      headers: { cookie },
      payload: { residentId: id, reason: 'bench' },
    });
  const probe = await one(ids[0] ?? '');
  if (probe.statusCode !== 200) throw new Error(`lookup failed: ${probe.statusCode} ${probe.body}`);
  counting = true;
  // Sequential (one batch per request) and then concurrent (the audit batch groups them).
  for (const id of ids) await one(id);
  console.log(`\n${engine}: ${ids.length} lookups one at a time — statements per lookup:`);
  for (const [sql, e] of seen)
    console.log(`  ${(e.n / ids.length).toFixed(2)}×  ${(e.ms / e.n).toFixed(3)} ms  ${sql.slice(0, 110)}`);
  seen.clear();
  await Promise.all(ids.map((id) => one(id)));
  console.log(`\n${engine}: ${ids.length} lookups at once — statements per lookup:`);
  for (const [sql, e] of seen)
    console.log(`  ${(e.n / ids.length).toFixed(2)}×  ${(e.ms / e.n).toFixed(3)} ms  ${sql.slice(0, 110)}`);
  counting = false;

  // CPU per lookup, waves of `requests` at once (the first wave warms up and is not counted).
  const backendPids = async (): Promise<string[]> => {
    if (engine !== 'postgres') return [];
    const r = await sql<{
      pid: number;
    }>`select pid from pg_stat_activity where datname = current_database()`.execute(core.db.kysely);
    return r.rows.map((x) => String(x.pid));
  };
  const ticks = (pid: string | number): number => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // ms
    } catch {
      return 0; // ended meanwhile
    }
  };
  await Promise.all(ids.map((id) => one(id)));
  const pids = await backendPids();
  const db0 = pids.reduce((t, p) => t + ticks(p), 0);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let k = 0; k < waves; k++) await Promise.all(ids.map((id) => one(id)));
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const db1 = pids.reduce((t, p) => t + ticks(p), 0);
  const n = waves * ids.length;
  console.log(
    `\n${engine}: ${waves} waves of ${ids.length} lookups at once: ours ${((cpu.user + cpu.system) / n).toFixed(0)} µs CPU per lookup` +
      (engine === 'postgres' ? ` + backends ${(((db1 - db0) * 1000) / n).toFixed(0)} µs` : '') +
      `, ${((n * 1000) / elapsed).toFixed(0)} lookups/s; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  await app.close();
  await core.db.close();
} finally {
  await database.dispose();
}
