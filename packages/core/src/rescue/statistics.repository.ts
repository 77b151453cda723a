/**
 * SQL of the rescue statistics: counts grouped by period bucket (month `2026-03`, quarter `2026-Q1`,
 * year `2026`) and child division, under the scope filter. Portable between SQLite and PostgreSQL
 * (substr, cast, integer division, ||).
 */
import { sql, type RawBuilder } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { RescueStatsPeriod } from '@social-affairs/kernel/contracts/rescue';

/** The bucket key of a `YYYY-MM-DD` column. */
export function bucketSql(period: RescueStatsPeriod, column: string): RawBuilder<string> {
  const c = sql.ref(column);
  if (period === 'year') return sql<string>`substr(${c}, 1, 4)`;
  if (period === 'month') return sql<string>`substr(${c}, 1, 7)`;
  return sql<string>`substr(${c}, 1, 4) || '-Q' || cast((cast(substr(${c}, 6, 2) as integer) + 2) / 3 as text)`;
}

export interface StatsSlice {
  scope: ScopeFilter;
  stationId?: string | undefined;
  from: string;
  to: string;
  period: RescueStatsPeriod;
  /** Characters of the division code that name the child division. */
  childLength: number;
}

export interface GroupedCount {
  bucket: string | null;
  child: string | null;
  n: number | string | bigint;
  persons?: number | string | bigint;
}

/** Cases entered in the period (人次) and distinct people (人数), grouped by `by`. */
export async function entriesGrouped(
  db: Executor,
  s: StatsSlice,
  by: { bucket: boolean; child: boolean },
): Promise<GroupedCount[]> {
  const bucket = by.bucket ? bucketSql(s.period, 'entryDate') : sql<string | null>`null`;
  const child = by.child
    ? sql<string>`substr(division_code, 1, ${sql.lit(s.childLength)})`
    : sql<string | null>`null`;
  let q = db
    .selectFrom('rescueCases')
    .select([
      bucket.as('bucket'),
      child.as('child'),
      sql<number>`count(*)`.as('n'),
      sql<number>`count(distinct person_id)`.as('persons'),
    ])
    .where('entryDate', '>=', s.from)
    .where('entryDate', '<=', s.to)
    .where((eb) => whereInScope(eb, s.scope, { division: 'divisionCode', institution: 'stationId' }));
  if (s.stationId) q = q.where('stationId', '=', s.stationId);
  const groups = [...(by.bucket ? [sql`1`] : []), ...(by.child ? [sql`2`] : [])];
  return (groups.length ? q.groupBy(groups) : q).execute();
}

/** Departures (R5's 离站记录) on their departure day, by bucket, child division and kind. */
export async function departuresGrouped(
  db: Executor,
  s: StatsSlice,
): Promise<(GroupedCount & { kind: string })[]> {
  let q = db
    .selectFrom('rescueDepartures')
    .select([
      bucketSql(s.period, 'departedOn').as('bucket'),
      sql<string>`substr(division_code, 1, ${sql.lit(s.childLength)})`.as('child'),
      'kind',
      sql<number>`count(*)`.as('n'),
    ])
    .where('departedOn', '>=', s.from)
    .where('departedOn', '<=', s.to)
    .where((eb) => whereInScope(eb, s.scope, { division: 'divisionCode', institution: 'stationId' }));
  if (s.stationId) q = q.where('stationId', '=', s.stationId);
  return q.groupBy([sql`1`, sql`2`, sql`3`]).execute();
}

/** Outside placements (R3's 站外托养) begun in the period, by bucket and child division. */
export async function placementsGrouped(db: Executor, s: StatsSlice): Promise<GroupedCount[]> {
  let q = db
    .selectFrom('rescuePlacements')
    .select([
      bucketSql(s.period, 'startedOn').as('bucket'),
      sql<string>`substr(division_code, 1, ${sql.lit(s.childLength)})`.as('child'),
      sql<number>`count(*)`.as('n'),
    ])
    .where('startedOn', '>=', s.from)
    .where('startedOn', '<=', s.to)
    .where((eb) => whereInScope(eb, s.scope, { division: 'divisionCode', institution: 'stationId' }));
  if (s.stationId) q = q.where('stationId', '=', s.stationId);
  return q.groupBy([sql`1`, sql`2`]).execute();
}

/**
 * Settled cases (落户安置, the case closed as `settled`) whose closing instant falls in [fromInstant,
 * toInstant): the caller widens by a day and buckets by the Beijing date.
 */
export function settledCases(
  db: Executor,
  s: StatsSlice,
  fromInstant: string,
  toInstant: string,
): Promise<{ divisionCode: string; closedAt: string | null }[]> {
  let q = db
    .selectFrom('rescueCases')
    .select(['divisionCode', 'closedAt'])
    .where('status', '=', 'settled')
    .where('closedAt', '>=', fromInstant)
    .where('closedAt', '<', toInstant)
    .where((eb) => whereInScope(eb, s.scope, { division: 'divisionCode', institution: 'stationId' }));
  if (s.stationId) q = q.where('stationId', '=', s.stationId);
  return q.execute();
}

/**
 * Cases possibly in care on `day` (entered on or before it, and open or closed no earlier than the day
 * before — the caller checks the Beijing closing day): for the long-stay counts (R-RES-11).
 */
export function casesInCareAround(
  db: Executor,
  s: Pick<StatsSlice, 'scope' | 'stationId'>,
  day: string,
  closedFromInstant: string,
) {
  let q = db
    .selectFrom('rescueCases')
    .select(['id', 'identityStatus', 'sex', 'birthDate', 'estimatedAge', 'entryDate', 'closedAt'])
    .where('entryDate', '<=', day)
    .where((eb) => eb.or([eb('closedAt', 'is', null), eb('closedAt', '>=', closedFromInstant)]))
    .where((eb) => whereInScope(eb, s.scope, { division: 'divisionCode', institution: 'stationId' }));
  if (s.stationId) q = q.where('stationId', '=', s.stationId);
  return q.execute();
}
