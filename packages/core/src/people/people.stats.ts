import {
  childrenOf,
  getDivision,
  plainDateParts,
  todayPlainDate,
  type Division,
  type PlainDate,
} from '@social-affairs/kernel';
import { authorize, ensureDivisionInScope, scopePrefix, type Actor } from '../access/actor';
import type { CoreContext } from '../context';
import { countByChildAndBand } from './people.repository';

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
  counts: number[];
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
 * People in the index by child division of `divisionCode` and age band — the home page chart and its
 * drill-down (province → prefecture → county → township).
 */
export async function peopleByDivision(
  ctx: CoreContext,
  actor: Actor,
  divisionCode?: string,
): Promise<PeopleByDivision> {
  authorize(actor, 'stats:read');
  const code = divisionCode ?? actor.divisionCode;
  ensureDivisionInScope(actor, code);
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
    row.counts[r.band] = (row.counts[r.band] ?? 0) + r.n;
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
