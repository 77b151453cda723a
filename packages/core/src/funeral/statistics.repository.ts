/**
 * SQL of the funeral statistics (issue 17 item 10): counts grouped by period bucket and child division,
 * under the actor's scope. Portable between SQLite and PostgreSQL (substr on ISO dates, `case`, `exists`,
 * `group by` position). Instants (custody events) are bucketed by the Beijing day through a `case` over the
 * bucket boundaries (`zonedDayStart`), so no dialect date function is needed.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/index';

export interface FuneralStatsSlice {
  /** Code prefix of the division counted (scope ∩ picked division); '' for the whole country. */
  divisionPrefix: string;
  /** An institution-bound actor counts its own facility's cases only. */
  facilityId: string | null;
  /** Inclusive period, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** Bucket of a `YYYY-MM-DD` column (`dateBucket`). */
  dateBucket: (column: string) => RawBuilder<string>;
  /** Bucket of an ISO instant column (`instantBucket`). */
  instantBucket: (column: string) => RawBuilder<string>;
  /** First instant of the period and first instant after it (Beijing days). */
  fromInstant: string;
  toInstantExclusive: string;
  /** Characters of a division code that name the child division. */
  childLength: number;
}

export interface Grouped {
  bucket: string;
  child: string;
  n: number | string | bigint;
}

/** The bucket key of a `YYYY-MM-DD` column: `2026-03`, `2026-Q1` or `2026`. */
export function dateBucketSql(period: 'month' | 'quarter' | 'year', column: string): RawBuilder<string> {
  const c = sql.raw(column);
  if (period === 'year') return sql<string>`substr(${c}, 1, 4)`;
  if (period === 'month') return sql<string>`substr(${c}, 1, 7)`;
  return sql<string>`substr(${c}, 1, 4) || '-Q' || cast((cast(substr(${c}, 6, 2) as integer) + 2) / 3 as text)`;
}

/**
 * The bucket key of an ISO-instant column: `keys[i]` when the instant is before `starts[i + 1]` (the
 * instant bucket i + 1 starts on the Beijing wall clock).
 */
export function instantBucketSql(keys: readonly string[], starts: readonly string[], column: string) {
  const c = sql.raw(column);
  if (keys.length === 1) return sql<string>`${sql.lit(keys[0]!)}`;
  const whens: RawBuilder<unknown>[] = [];
  for (let i = 0; i < keys.length - 1; i++) {
    whens.push(sql`when ${c} < ${sql.lit(starts[i + 1]!)} then ${sql.lit(keys[i]!)}`);
  }
  return sql<string>`case ${sql.join(whens, sql` `)} else ${sql.lit(keys[keys.length - 1]!)} end`;
}

const like = (prefix: string) => `${prefix}%`;

/** `alias.division_code like 'prefix%' [and alias.facility_id = :id]` for a funeral case. */
function caseScope(s: FuneralStatsSlice, alias: string): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`${sql.raw(alias)}.division_code like ${like(s.divisionPrefix)}`];
  if (s.facilityId) parts.push(sql`${sql.raw(alias)}.facility_id = ${s.facilityId}`);
  return sql.join(parts, sql` and `);
}

/**
 * Deaths in the people index dated in the period (status deceased, not merged away), grouped by bucket
 * and the child of the death's division — the place of death of the person's funeral case
 * (`death_division_code`, the first case not cancelled) or, without a case, the record's own division —
 * with how many of them were cremated (a custody event `cremated` on any case of the person, whenever).
 * A case of a record merged into the person (person merge keeps the merged record) counts as the
 * person's; each lookup is its own subquery so both engines use the person and merge indexes.
 */
export async function deathsGrouped(
  db: Executor,
  s: FuneralStatsSlice,
): Promise<(Grouped & { cremated: number | string | bigint | null })[]> {
  // d: the deaths of the period; pc: their cases, named directly or through a record merged into them;
  // firstc: each death's first case not cancelled (its place of death); cr: deaths with a cremation.
  const r = await sql<Grouped & { cremated: number | string | bigint | null }>`
    with d as (
      select p.id, p.death_date, p.division_code from people p
      where p.status = 'deceased' and p.merged_into is null
        and p.death_date >= ${s.from} and p.death_date <= ${s.to}
    ),
    pc as (
      select d.id as pid, c.id as case_id, c.death_division_code, c.created_at, c.step
      from d join funeral_cases c on c.person_id = d.id
      union all
      select d.id as pid, c.id as case_id, c.death_division_code, c.created_at, c.step
      from d join people m on m.merged_into = d.id join funeral_cases c on c.person_id = m.id
    ),
    firstc as (
      select pid, death_division_code from (
        select pid, death_division_code,
          row_number() over (partition by pid order by created_at, case_id) as rn
        from pc where step <> 'cancelled'
      ) ranked where rn = 1
    ),
    cr as (
      select distinct pc.pid from pc join funeral_custody_events e on e.case_id = pc.case_id
      where e.step = 'cremated'
    )
    select ${s.dateBucket('x.death_date')} as bucket,
      substr(x.death_division, 1, ${sql.lit(s.childLength)}) as child,
      count(*) as n,
      sum(x.cremated) as cremated
    from (
      select d.death_date, coalesce(f.death_division_code, d.division_code) as death_division,
        case when cr.pid is null then 0 else 1 end as cremated
      from d left join firstc f on f.pid = d.id left join cr on cr.pid = d.id
    ) x
    where x.death_division like ${like(s.divisionPrefix)}
    group by 1, 2`.execute(db);
  return r.rows;
}

/**
 * Custody events that end or change a body's course — cremated, buried, transported out — dated in the
 * period (Beijing day), by bucket, the child of the facility's division and step; with the body burials
 * (the case's disposition `burial`) among the burials.
 */
export async function custodyEventsGrouped(
  db: Executor,
  s: FuneralStatsSlice,
): Promise<(Grouped & { step: string; bodyBurials: number | string | bigint | null })[]> {
  const r = await sql<Grouped & { step: string; bodyBurials: number | string | bigint | null }>`
    select ${s.instantBucket('e.at')} as bucket,
      substr(c.division_code, 1, ${sql.lit(s.childLength)}) as child,
      e.step as step,
      count(*) as n,
      sum(case when c.disposition = 'burial' then 1 else 0 end) as body_burials
    from funeral_custody_events e join funeral_cases c on c.id = e.case_id
    where e.step in ('cremated', 'buried', 'transported_out')
      and e.at >= ${s.fromInstant} and e.at < ${s.toInstantExclusive}
      and ${caseScope(s, 'c')}
    group by 1, 2, 3`.execute(db);
  return r.rows;
}

/**
 * Bodies received: cases whose first custody event of intake (collected, or stored directly) falls in the
 * period, by bucket and the child of the facility's division; with those still unidentified.
 */
export async function receivedGrouped(
  db: Executor,
  s: FuneralStatsSlice,
): Promise<(Grouped & { unidentified: number | string | bigint | null })[]> {
  const r = await sql<Grouped & { unidentified: number | string | bigint | null }>`
    select ${s.instantBucket('e.at')} as bucket,
      substr(c.division_code, 1, ${sql.lit(s.childLength)}) as child,
      count(*) as n,
      sum(case when c.identity_status = 'unidentified' then 1 else 0 end) as unidentified
    from funeral_custody_events e join funeral_cases c on c.id = e.case_id
    where e.step in ('collected', 'in_storage')
      and e.at >= ${s.fromInstant} and e.at < ${s.toInstantExclusive}
      and not exists (
        select 1 from funeral_custody_events e2
        where e2.case_id = e.case_id and e2.step in ('collected', 'in_storage')
          and (e2.at < e.at or (e2.at = e.at and e2.id < e.id)))
      and ${caseScope(s, 'c')}
    group by 1, 2`.execute(db);
  return r.rows;
}

/** `alias.division_code like 'prefix%' [and alias.facility_id = :id]` for a table with a facility column. */
function facilityScope(s: FuneralStatsSlice, alias: string): RawBuilder<unknown> {
  return caseScope(s, alias);
}

/** 生态安葬 (F6's `funeral_eco_burials`) on their burial day, by bucket and child division. */
export async function ecoBurialsGrouped(db: Executor, s: FuneralStatsSlice): Promise<Grouped[]> {
  const r = await sql<Grouped>`
    select ${s.dateBucket('b.buried_on')} as bucket,
      substr(b.division_code, 1, ${sql.lit(s.childLength)}) as child,
      count(*) as n
    from funeral_eco_burials b
    where b.buried_on >= ${s.from} and b.buried_on <= ${s.to} and ${facilityScope(s, 'b')}
    group by 1, 2`.execute(db);
  return r.rows;
}

/** Qingming bookings (F7's, not cancelled) by visit date, and those checked in at the gate. */
export async function qingmingGrouped(
  db: Executor,
  s: FuneralStatsSlice,
): Promise<(Grouped & { checkedIn: number | string | bigint | null })[]> {
  const r = await sql<Grouped & { checkedIn: number | string | bigint | null }>`
    select ${s.dateBucket('b.date')} as bucket,
      substr(b.division_code, 1, ${sql.lit(s.childLength)}) as child,
      count(*) as n,
      sum(case when b.status = 'checked_in' then 1 else 0 end) as checked_in
    from funeral_qingming_bookings b
    where b.status <> 'cancelled' and b.date >= ${s.from} and b.date <= ${s.to} and ${facilityScope(s, 'b')}
    group by 1, 2`.execute(db);
  return r.rows;
}

/**
 * The remediation ledger (F6's `funeral_remediation_findings`), a division registry (no institution):
 * findings by the day found, closures (销号) by the day closed.
 */
export async function remediationGrouped(
  db: Executor,
  s: FuneralStatsSlice,
  which: 'found' | 'closed',
): Promise<Grouped[]> {
  const day = which === 'found' ? 'f.found_on' : 'f.closed_on';
  const r = await sql<Grouped>`
    select ${s.dateBucket(day)} as bucket,
      substr(f.division_code, 1, ${sql.lit(s.childLength)}) as child,
      count(*) as n
    from funeral_remediation_findings f
    where ${sql.raw(day)} >= ${s.from} and ${sql.raw(day)} <= ${s.to}
      ${which === 'closed' ? sql`and f.status = 'closed'` : sql``}
      and f.division_code like ${like(s.divisionPrefix)}
    group by 1, 2`.execute(db);
  return r.rows;
}

/** Findings still open past their rectification deadline on `asOf` (found by then), by child division. */
export async function remediationOverdueGrouped(
  db: Executor,
  s: FuneralStatsSlice,
  asOf: string,
): Promise<Omit<Grouped, 'bucket'>[]> {
  const r = await sql<Omit<Grouped, 'bucket'>>`
    select substr(f.division_code, 1, ${sql.lit(s.childLength)}) as child, count(*) as n
    from funeral_remediation_findings f
    where f.found_on <= ${asOf} and f.deadline < ${asOf}
      and (f.status = 'open' or f.closed_on > ${asOf})
      and f.division_code like ${like(s.divisionPrefix)}
    group by 1`.execute(db);
  return r.rows;
}

/** Waived basic-service amounts (F5's bill lines of bills not cancelled) by reason, by the bill's service date. */
export async function waivedByReason(
  db: Executor,
  s: FuneralStatsSlice,
): Promise<
  { reason: string; lines: number | string | bigint; amountFen: number | string | bigint | null }[]
> {
  const r = await sql<{
    reason: string;
    lines: number | string | bigint;
    amountFen: number | string | bigint | null;
  }>`
    select l.waiver_reason as reason, count(*) as lines, sum(l.waived_fen) as amount_fen
    from funeral_bill_lines l join funeral_bills b on b.id = l.bill_id
    where b.status <> 'cancelled' and l.waiver_reason is not null and l.waived_fen > 0
      and b.service_date >= ${s.from} and b.service_date <= ${s.to} and ${facilityScope(s, 'b')}
    group by l.waiver_reason`.execute(db);
  return r.rows;
}
