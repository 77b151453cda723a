import {
  childrenOf,
  getDivision,
  plainDateParts,
  todayPlainDate,
  type Division,
  type PlainDate,
} from '@social-affairs/kernel';
import {
  authorize,
  ensureSharedDivisionInScope,
  isSubCounty,
  scopePrefix,
  type Actor,
} from '../access/actor';
import { countyCodeOf } from '../access/scope';
import type { CoreContext } from '../context';
import { zonedDayStart } from '@social-affairs/kernel';
import { countByChildAndBand, countMonthly } from './people.repository';

/** Age bands of the home dashboard (full years on today's date). */
export const AGE_BANDS = [
  { label: '0-17岁', fromAge: 0 },
  { label: '18-59岁', fromAge: 18 },
  { label: '60岁及以上', fromAge: 60 },
] as const;

/** The latest birth date of someone who is at least `age` full years old on `on` (Feb 29 → Feb 28). */
function bornOnOrBefore(on: PlainDate, age: number): string {
  const { year, month, day } = plainDateParts(on);
  const y = year - age;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const d = month === 2 && day === 29 && !leap ? 28 : day;
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface DivisionStatsRow {
  divisionCode: string;
  divisionName: string;
  /** Living people per age band. */
  counts: number[];
  /** Living people (the sum of `counts`). */
  alive: number;
  /** Everyone in the index, living and deceased. */
  total: number;
  deceased: number;
}

export interface PeopleByDivision {
  division: { code: string; name: string; level: Division['level'] };
  bands: string[];
  rows: DivisionStatsRow[];
}

const CHILD_CODE_LENGTH: Record<Division['level'], number> = {
  province: 4,
  prefecture: 6,
  county: 9,
  township: 9,
};

/**
 * The division a dashboard opens on: the actor's own, or for a station or township clerk its county — the
 * people index is shared at the county's level (ADR 0009 §5) and the figures are counts only.
 */
function defaultDivision(actor: Actor): string {
  return isSubCounty(actor) ? countyCodeOf(actor.divisionCode) : actor.divisionCode;
}

/**
 * People in the index by child division of `divisionCode` and age band — the home page chart and its
 * drill-down (province → prefecture → county → township).
 */
export async function peopleByDivision(
  ctx: CoreContext,
  actor: Actor,
  divisionCode?: string,
): Promise<PeopleByDivision> {
  authorize(actor, 'stats:read');
  const code = divisionCode ?? defaultDivision(actor);
  ensureSharedDivisionInScope(actor, code);
  const division = getDivision(code);
  if (!division) throw new Error(`unknown division ${code}`);
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const bounds = AGE_BANDS.slice(1).map((b) => bornOnOrBefore(today, b.fromAge));
  const len = CHILD_CODE_LENGTH[division.level];
  const counted = await countByChildAndBand(ctx.db.kysely, scopePrefix(code), len, bounds);
  const normalise = (child: string) => (division.level === 'province' ? `${child}00` : child);
  const byChild = new Map<string, DivisionStatsRow>();
  const rowFor = (childCode: string, name: string) => {
    let row = byChild.get(childCode);
    if (!row) {
      row = {
        divisionCode: childCode,
        divisionName: name,
        counts: AGE_BANDS.map(() => 0),
        alive: 0,
        total: 0,
        deceased: 0,
      };
      byChild.set(childCode, row);
    }
    return row;
  };
  const children = division.level === 'township' ? [] : childrenOf(code, { includeNonAdministrative: true });
  for (const c of children) rowFor(c.code, c.name);
  for (const r of counted) {
    const childCode = normalise(r.child);
    const row = rowFor(childCode, getDivision(childCode)?.name ?? '未细化到下级区划');
    // Age groups count the living only (issue 13 item 4); the deceased are counted apart.
    row.counts[r.band] = (row.counts[r.band] ?? 0) + r.n - r.deceased;
    row.alive += r.n - r.deceased;
    row.total += r.n;
    row.deceased += r.deceased;
  }
  // Statistical pseudo-units and unused townships with nobody in them stay off the chart.
  const rows = [...byChild.values()].filter(
    (r) =>
      r.total > 0 ||
      children.some((c) => c.code === r.divisionCode && c.administrative && c.level !== 'township'),
  );
  return {
    division: { code, name: division.name, level: division.level },
    bands: AGE_BANDS.map((b) => b.label),
    rows,
  };
}

export interface PeopleTrend {
  division: { code: string; name: string };
  months: { month: string; added: number; deaths: number }[];
}

/**
 * The monthly trend under a division over the last `months` months (the current one included): people
 * added to the index and deaths. Months are the platform's (Asia/Shanghai) calendar months.
 */
export async function peopleTrend(
  ctx: CoreContext,
  actor: Actor,
  divisionCode: string | undefined,
  months: number,
): Promise<PeopleTrend> {
  authorize(actor, 'stats:read');
  const code = divisionCode ?? defaultDivision(actor);
  ensureSharedDivisionInScope(actor, code);
  const division = getDivision(code);
  if (!division) throw new Error(`unknown division ${code}`);
  const today = plainDateParts(todayPlainDate(ctx.config.timeZone, ctx.clock.now()));
  const labels: string[] = [];
  for (let i = months - 1; i >= -1; i--) {
    const index = today.year * 12 + (today.month - 1) - i;
    labels.push(
      `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`,
    );
  }
  const starts = labels.map((m) => zonedDayStart(`${m}-01`, ctx.config.timeZone));
  const shown = labels.slice(0, -1);
  const counted = await countMonthly(ctx.db.kysely, scopePrefix(code), starts, shown);
  return {
    division: { code, name: division.name },
    months: shown.map((month, i) => ({
      month,
      added: counted.added[i] ?? 0,
      deaths: counted.deaths[i] ?? 0,
    })),
  };
}
