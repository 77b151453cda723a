/**
 * Counts and times the database round trips of one authenticated, audited person lookup, in process
 * (`app.inject`), on the engine of `--db` (ADR 0016's profile). Prints each statement once with how
 * many times it ran per request.
 *
 *     DATABASE_URL=postgres://… node --import tsx bench/api/round-trips.ts --db postgres [--requests 200]
 */
import { buildApp, serverLines, serverManifests } from '@social-affairs/api';
import { createUser, openCore, seedDemoData, systemActor } from '@social-affairs/core';
import { benchDatabase, engineArg } from '../db/engine.ts';

const engine = engineArg();
const i = process.argv.indexOf('--requests');
const requests = i > 0 ? Number(process.argv[i + 1]) : 200;
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
  await app.close();
  await core.db.close();
} finally {
  await database.dispose();
}
