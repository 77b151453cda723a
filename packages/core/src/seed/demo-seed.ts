import {
  addDays,
  childrenOf,
  comparePlainDate,
  diffDays,
  isPlainDate,
  composeResidentId,
  normalizePersonName,
  personNamePinyin,
  personNameSearchKey,
  personNameSortKey,
  plainDateOf,
  type PlainDate,
} from '@social-affairs/kernel';
import { createRng, samplePersonName, type Rng } from '@social-affairs/linkage';
import { systemActor } from '../access/actor';
import { ROLES, type Role } from '../access/roles';
import { createUser } from '../access/users.service';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { refreshPlannerStatistics } from '../db/dialect';
import type { PersonFactsTable, PersonRow } from '../db/schema';
import { demoInstant, monthsBefore } from './demo-time';
import { countPeople, insertDemoPeople, userExists } from './seed.repository';

/** Resident population by prefecture, 7th census 2020, millions (brief.md) — the demo-data weights. */
export const PREFECTURE_POPULATION: Record<string, number> = {
  '430100': 10.05,
  '430200': 3.9,
  '430300': 2.73,
  '430400': 6.65,
  '430500': 6.56,
  '430600': 5.05,
  '430700': 5.28,
  '430800': 1.52,
  '430900': 3.85,
  '431000': 4.67,
  '431100': 5.29,
  '431200': 4.59,
  '431300': 3.83,
  '433100': 2.49,
};

export const SEED_SIZES = { demo: 20_000, bench: 100_000 } as const;
/** Months of history the demo data covers (the current month included). */
export const DEMO_HISTORY_MONTHS = 36;
/** Share of the demo people in the index from its first day (the rest are added over the months). */
const DEMO_LOADED_AT_START = 0.6;
export type SeedSize = keyof typeof SEED_SIZES;

/** Every demo account uses this password (demo data only; printed by `npm start`). */
export const DEMO_PASSWORD = 'Demo@2026';

/** Demo scopes: the province, one prefecture (长沙市) and one county (浏阳市). */
export const DEMO_SCOPES = { province: '430000', city: '430100', county: '430181' } as const;

export interface DemoAccount {
  username: string;
  role: Role;
  level: keyof typeof DEMO_SCOPES;
  divisionCode: string;
}

export function demoAccounts(): DemoAccount[] {
  return ROLES.flatMap((role) =>
    (Object.keys(DEMO_SCOPES) as (keyof typeof DEMO_SCOPES)[]).map((level) => ({
      username: `${role}.${level}`,
      role,
      level,
      divisionCode: DEMO_SCOPES[level],
    })),
  );
}

const LEVEL_LABEL = { province: '省级', city: '市级', county: '县级' } as const;

/** Birth-year weights: a rough Hunan age pyramid over 1930–2024. */
function birthYearWeight(year: number): number {
  if (year < 1940) return 0.15 + (year - 1930) * 0.03;
  if (year < 1960) return 0.5 + (year - 1940) * 0.025;
  if (year < 1995) return 1.0;
  if (year < 2015) return 0.85;
  return 0.55;
}

function cumulative(weights: number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

function pickWeighted(rng: Rng, cum: number[]): number {
  const x = rng.next() * (cum.at(-1) ?? 1);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] ?? 0) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function rngUuid(rng: Rng): string {
  const hex = Array.from({ length: 4 }, () => rng.nextUint32().toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface Place {
  county: string;
  townships: string[];
}

/** Synthetic people, deterministic for a seed: same seed → same names, ids, places and dates. */
export function* generateDemoPeople(
  count: number,
  seed: number,
  now: string,
): Generator<{ person: PersonRow; facts: PersonFactsTable[] }> {
  const rng = createRng(seed);
  const prefectures = Object.keys(PREFECTURE_POPULATION);
  const prefCum = cumulative(prefectures.map((p) => PREFECTURE_POPULATION[p] ?? 0));
  const places = new Map<string, Place[]>(
    prefectures.map((p) => [
      p,
      childrenOf(p).map((c) => ({ county: c.code, townships: childrenOf(c.code).map((t) => t.code) })),
    ]),
  );
  const years = Array.from({ length: 2024 - 1930 + 1 }, (_, i) => 1930 + i);
  const yearCum = cumulative(years.map(birthYearWeight));
  const usedIds = new Set<string>();
  // Dates over the demo's three years come from a second stream, so the people stay those of `seed`.
  const history = createRng(seed ^ 0x5eed_0036);
  // (`now` that is no ISO instant, as some tests pass: every person is created then, no history.)
  const spread = isPlainDate(now.slice(0, 10));
  const today = (spread ? now.slice(0, 10) : '2000-01-01') as PlainDate;
  const firstDay = monthsBefore(today, DEMO_HISTORY_MONTHS - 1);
  const historyDays = diffDays(today, firstDay);
  for (let i = 0; i < count; i++) {
    const prefecture = prefectures[pickWeighted(rng, prefCum)] ?? '430100';
    const place = rng.pick(places.get(prefecture) ?? []);
    const hukou = place.townships.length > 0 ? rng.pick(place.townships) : place.county;
    const sex = rng.chance(0.51) ? 'male' : 'female';
    const year = years[pickWeighted(rng, yearCum)] ?? 1980;
    const month = rng.intBetween(1, 12);
    const day = rng.intBetween(1, 28);
    const birthDate: PlainDate = plainDateOf(year, month, day);
    let residentId: string | null = null;
    if (!rng.chance(0.02)) {
      do {
        residentId = composeResidentId(place.county, birthDate, rng.int(500) * 2 + (sex === 'male' ? 1 : 0));
      } while (usedIds.has(residentId));
      usedIds.add(residentId);
    }
    const age = 2026 - year;
    const deathChance = age >= 80 ? 0.25 : age >= 60 ? 0.05 : 0.004;
    const deceased = rng.chance(deathChance);
    const deathYear = Math.max(year + 1, rng.intBetween(2015, 2025));
    let deathDate = deceased ? plainDateOf(deathYear, rng.intBetween(1, 12), rng.intBetween(1, 28)) : null;
    // Some deaths fall within the demo's three years (the monthly trend has deaths every month).
    if (spread && deathDate && history.chance(0.4)) {
      const d = addDays(firstDay, history.int(historyDays + 1));
      if (comparePlainDate(d, birthDate) > 0) deathDate = d;
    }
    // The index went live three years ago with most people; the rest were added month by month.
    const createdAt = history.chance(DEMO_LOADED_AT_START)
      ? demoInstant(firstDay, 9).toISOString()
      : demoInstant(
          addDays(firstDay, history.int(historyDays + 1)),
          9 + history.int(8),
          history.int(60),
        ).toISOString();
    const at = spread && createdAt < now ? createdAt : now;
    const name = normalizePersonName(samplePersonName(rng, sex));
    const id = rngUuid(rng);
    const person: PersonRow = {
      id,
      residentId,
      name,
      namePinyin: personNamePinyin(name),
      nameSearchKey: personNameSearchKey(name),
      nameSortKey: personNameSortKey(name),
      sex,
      birthDate,
      hukouDivisionCode: hukou,
      divisionCode: place.county,
      status: deceased ? 'deceased' : 'alive',
      deathDate,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const facts: PersonFactsTable[] = [
      {
        id: `${id}-src`,
        personId: id,
        field: 'name',
        value: name,
        source: '演示数据',
        recordedAt: at,
        recordedBy: 'seed',
      },
    ];
    yield { person, facts };
  }
}

export interface SeedResult {
  people: number;
  users: number;
  skippedPeople: boolean;
}

/**
 * Loads the demo data set: people (if the index is empty) and the demo accounts (those missing).
 * Seeding is one audited system action, not one audit row per synthetic person.
 */
export async function seedDemoData(
  ctx: CoreContext,
  opts: { size: SeedSize; seed: number },
): Promise<SeedResult> {
  const system = systemActor('seed', '430000');
  const k = ctx.db.kysely;
  const existing = await countPeople(k);
  let people = 0;
  if (existing === 0) {
    const now = ctx.clock.now().toISOString();
    const batch: { person: PersonRow; facts: PersonFactsTable[] }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await k.transaction().execute((trx) => insertDemoPeople(trx, batch));
      people += batch.length;
      batch.length = 0;
    };
    for (const item of generateDemoPeople(SEED_SIZES[opts.size], opts.seed, now)) {
      batch.push(item);
      if (batch.length === 1_000) await flush();
    }
    await flush();
    await k.transaction().execute((trx) =>
      audit(ctx, trx, system, {
        action: 'seed.demo-people',
        targetType: 'person',
        divisionCode: '430000',
        details: { size: opts.size, seed: opts.seed, count: people },
      }),
    );
  }
  let users = 0;
  for (const a of demoAccounts()) {
    if (await userExists(k, a.username)) continue;
    await createUser(ctx, system, {
      username: a.username,
      displayName: `演示${LEVEL_LABEL[a.level]}${roleShort(a.role)}`,
      role: a.role,
      divisionCode: a.divisionCode,
      password: DEMO_PASSWORD,
    });
    users++;
  }
  if (people > 0) await refreshPlannerStatistics(ctx.db.dialect, k);
  return { people, users, skippedPeople: existing > 0 };
}

function roleShort(role: Role): string {
  const short: Record<Role, string> = {
    admin: '管理员',
    registrar: '登记员',
    rescue_staff: '救助站人员',
    funeral_staff: '殡葬人员',
    subsidy_clerk: '补贴经办员',
    federation_reviewer: '残联审核员',
    county_reviewer: '审核员',
    supervisor: '督查员',
    auditor: '审计员',
  };
  return short[role];
}
