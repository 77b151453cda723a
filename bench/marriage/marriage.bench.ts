/**
 * `npm run bench:marriage` — the marriage line on the embedded SQLite default, at provincial scale.
 *
 * 1. Loads 2,000,000 existing marriages (4,000,000 people; 70 % subsisting, 20 % divorced, 10 % ended by
 *    death) into a fresh SQLite file through the real migrations, then bulk rows.
 * 2. Registers couples through the real service (`registerMarriage`: qualification, id parsing, people
 *    index lookup/creation, every rule, the bigamy check against all records, certificate counter,
 *    audit chain) — 90 % new couples, 10 % with a party already married (refused with a notice).
 * 3. Prints certificates (`printMarriageCertificate`: pdfkit + Noto Serif CJK subset).
 * Prints operations/s, p50/p99 latency and the query plan of the bigamy check. Planner statistics are
 * refreshed after the load as the platform does after seeding (`refreshPlannerStatistics`).
 * Options: --marriages 2000000 --registrations 2000 --prints 200 (env BENCH_QUICK=1 → 200,000 / 500 / 50).
 */
import {
  coreContext,
  createDb,
  createUser,
  migrateToLatest,
  refreshPlannerStatistics,
  systemActor,
  userActor,
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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const quick = Boolean(process.env.BENCH_QUICK);
const MARRIAGES = arg('marriages', quick ? 200_000 : 2_000_000);
const REGISTRATIONS = arg('registrations', quick ? 500 : 2_000);
const PRINTS = arg('prints', quick ? 50 : 200);

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

const dir = mkdtempSync(join(tmpdir(), 'sap-bench-marriage-'));
const file = join(dir, 'marriage.db');
try {
  const db = createDb(`sqlite:${file}`);
  await migrateToLatest(db, [marriageLine]);
  await db.close();

  // ----- 1. bulk load (raw better-sqlite3: the bench's own data generator) -------------------------
  let t0 = Date.now();
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
  const core = coreContext(createDb(`sqlite:${file}`), {
    lines: [marriageLine],
    config: { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } },
  });
  await refreshPlannerStatistics(core.db.dialect, core.db.kysely);
  console.log(
    `loaded ${MARRIAGES.toLocaleString()} marriages / ${(MARRIAGES * 2).toLocaleString()} people in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log('bigamy check query plan (subsistingMarriagesOf):');
  for (const line of await bigamyCheckPlan(core.db.kysely)) console.log(`  ${line}`);

  // ----- 2. registrations through the service ----------------------------------------------------
  const admin = systemActor('bench', '430000');
  const registry = await createRegistry(core, admin, {
    code: '43018101',
    name: '浏阳市民政局婚姻登记处',
    divisionCode: '430181',
    address: '浏阳市',
    officeHours: '工作日',
    phone: null,
    competence: 'mainland',
    halfDayCapacity: 20,
  });
  const u = await createUser(core, admin, {
    username: 'bench.registrar',
    displayName: '压测登记员',
    role: 'registrar',
    divisionCode: '430181',
    password: 'Bench-pass-1',
  });
  await recordQualification(core, admin, {
    userId: u.id,
    registryId: registry.id,
    certificateNo: 'BENCH-1',
    validFrom: '2020-01-01' as PlainDate,
    validUntil: '2030-12-31' as PlainDate,
  });
  const registrar = userActor(core.access, {
    id: u.id,
    username: u.username,
    role: 'registrar',
    divisionCode: '430181',
  });
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
  const latencies: number[] = [];
  const refusedLatencies: number[] = [];
  const registered: string[] = [];
  t0 = Date.now();
  for (let i = 0; i < REGISTRATIONS; i++) {
    const birth = addDays(plainDateOf(1995, 1, 1), i % 1800);
    const band = Math.floor(i / 1800);
    let input: RegisterMarriageInput;
    if (i % 10 === 9) {
      // A party already married somewhere in the 2 M records (subsisting ones are k % 10 < 7).
      const k = Math.floor(((i * 7919) % MARRIAGES) / 10) * 10 + 3;
      input = {
        registryId: registry.id,
        husband: party(existingCouple(k).husband, '张伟'),
        wife: party(composeResidentId('430181', birth, band * 2 + 500), '王芳'),
        declaredKinship: 'none',
      };
    } else {
      input = {
        registryId: registry.id,
        husband: party(composeResidentId('430181', birth, band * 2 + 1), '赵强'),
        wife: party(composeResidentId('430181', addDays(birth, 30), band * 2 + 2), '王芳'),
        declaredKinship: 'none',
      };
    }
    const s = performance.now();
    try {
      const m = await registerMarriage(core, registrar, input);
      latencies.push(performance.now() - s);
      registered.push(m.id);
    } catch (err) {
      if ((err as { code?: string }).code !== 'MARRIAGE_REFUSED') throw err;
      refusedLatencies.push(performance.now() - s);
    }
  }
  const regWall = Date.now() - t0;
  console.log(
    `\nregistration on ${today} against ${MARRIAGES.toLocaleString()} existing marriages (SQLite file, one process):`,
  );
  summary('registerMarriage (all outcomes)', [...latencies, ...refusedLatencies], regWall);
  summary('  registered', latencies, regWall);
  summary('  refused (party already married)', refusedLatencies, regWall);

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
  rmSync(dir, { recursive: true, force: true });
}
