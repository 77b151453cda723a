/**
 * SQL of the disability statistics (issue 18 item 9): recipients and money from the lines of frozen rosters
 * (one roster per county and month, D4), grants and stops from the entitlement events by the month they take
 * effect — by month and child division of the entitlement's (hukou) division, under the actor's scope.
 * Portable between SQLite and PostgreSQL (`substr`, `case`, `group by` position).
 */
import { sql } from 'kysely';
import type { Executor } from '../db/index';

export interface StatsSlice {
  /** Division prefix (scope ∩ picked division). */
  divisionPrefix: string;
  /** Inclusive months `YYYY-MM`. */
  from: string;
  to: string;
  childLength: number;
}

type N = number | string | bigint | null;

export interface RosterGroup {
  month: string;
  child: string;
  subsidy: 'living' | 'care';
  recipients: N;
  fen: N;
}

/** Roster lines paying in the month (not `stopped`) and their amounts, by month, child and subsidy. */
export async function rosterGrouped(db: Executor, s: StatsSlice): Promise<RosterGroup[]> {
  const r = await sql<RosterGroup>`
    select m.month as month, substr(l.division_code, 1, ${sql.lit(s.childLength)}) as child, l.subsidy as subsidy,
      sum(case when l.change <> 'stopped' then 1 else 0 end) as recipients,
      sum(l.amount_fen) as fen
    from disability_roster_lines l join disability_roster_months m on m.id = l.roster_id
    where m.month >= ${s.from} and m.month <= ${s.to} and l.division_code like ${`${s.divisionPrefix}%`}
    group by 1, 2, 3`.execute(db);
  return r.rows;
}

/** Frozen rosters per month of the counties under the scope. */
export async function rostersPerMonth(db: Executor, s: StatsSlice): Promise<{ month: string; n: N }[]> {
  const r = await sql<{ month: string; n: N }>`
    select m.month as month, count(*) as n from disability_roster_months m
    where m.month >= ${s.from} and m.month <= ${s.to}
      and (m.county_code like ${`${s.divisionPrefix}%`} or ${s.divisionPrefix} like m.county_code || '%')
    group by 1`.execute(db);
  return r.rows;
}

export interface EventGroup {
  month: string;
  child: string;
  kind: 'granted' | 'stopped';
  reason: string | null;
  n: N;
}

/** Grants and stops by the month they take effect (a stop: the first month no longer paid, R-DIS-07). */
export async function eventsGrouped(db: Executor, s: StatsSlice): Promise<EventGroup[]> {
  const r = await sql<EventGroup>`
    select ev.effective_month as month, substr(e.division_code, 1, ${sql.lit(s.childLength)}) as child,
      ev.kind as kind, ev.reason_code as reason, count(*) as n
    from disability_entitlement_events ev join disability_entitlements e on e.id = ev.entitlement_id
    where ev.kind in ('granted', 'stopped') and ev.effective_month >= ${s.from} and ev.effective_month <= ${s.to}
      and e.division_code like ${`${s.divisionPrefix}%`}
    group by 1, 2, 3, 4`.execute(db);
  return r.rows;
}
