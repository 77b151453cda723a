/**
 * SQL of the roster concern (ADR 0032). The freeze is set-based: the rates of the county's tiers are
 * written first (a few hundred rows), then one INSERT … SELECT writes every line of the month from the
 * entitlements, their certificates, the previous roster's lines and the rates — no per-recipient round
 * trip, so 1.5 M recipients freeze in seconds on both databases. Only lines paying more than one month
 * (new with arrears, resumed, arrears — a few) are re-priced month by month afterwards in the service.
 */
import { sql, type Insertable, type RawBuilder, type Selectable } from 'kysely';
import type { Executor } from '../db/index';
import type { DisabilityRosterLinesTable, DisabilityRosterMonthsTable, Subsidy } from './disability.table';
import type {
  DisabilityRosterPartsTable,
  DisabilityRosterRatesTable,
  DisabilityRosterSignoffsTable,
  RosterSignoffLevel,
} from './roster.table';

export type RosterMonthRow = Selectable<DisabilityRosterMonthsTable>;
export type RosterLineRow = Selectable<DisabilityRosterLinesTable>;
export type RosterPartRow = Selectable<DisabilityRosterPartsTable>;
export type RosterSignoffRow = Selectable<DisabilityRosterSignoffsTable>;

export async function findRoster(db: Executor, id: string): Promise<RosterMonthRow | undefined> {
  return db.selectFrom('disabilityRosterMonths').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockRoster(db: Executor, id: string): Promise<RosterMonthRow | undefined> {
  const bumped = await db
    .updateTable('disabilityRosterMonths')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) === 0) return undefined;
  return findRoster(db, id);
}

/** The county's latest roster before `month` (the one a freeze diffs against). */
export async function previousRoster(
  db: Executor,
  countyCode: string,
  month: string,
): Promise<RosterMonthRow | undefined> {
  return db
    .selectFrom('disabilityRosterMonths')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('month', '<', month)
    .orderBy('month', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function latestRosterMonth(db: Executor, countyCode: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('disabilityRosterMonths')
    .select('month')
    .where('countyCode', '=', countyCode)
    .orderBy('month', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.month;
}

/** The latest roster of a county (any status), if any. */
export async function latestRosterOf(db: Executor, countyCode: string): Promise<RosterMonthRow | undefined> {
  return db
    .selectFrom('disabilityRosterMonths')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .orderBy('month', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function rosterIdsBefore(db: Executor, countyCode: string, month: string): Promise<string[]> {
  const rows = await db
    .selectFrom('disabilityRosterMonths')
    .select('id')
    .where('countyCode', '=', countyCode)
    .where('month', '<', month)
    .orderBy('month', 'desc')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertRosterMonth(
  db: Executor,
  row: Insertable<DisabilityRosterMonthsTable>,
): Promise<void> {
  await db.insertInto('disabilityRosterMonths').values(row).execute();
}

export async function listRosters(
  db: Executor,
  filter: { countyPrefix: string; countyCode?: string; status?: string },
  page: { offset: number; limit: number },
): Promise<{ total: number; rows: RosterMonthRow[] }> {
  let q = db.selectFrom('disabilityRosterMonths').where('countyCode', 'like', `${filter.countyPrefix}%`);
  if (filter.countyCode) q = q.where('countyCode', '=', filter.countyCode);
  if (filter.status) q = q.where('status', '=', filter.status as RosterMonthRow['status']);
  const total = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('month', 'desc')
    .orderBy('countyCode')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(total.n), rows };
}

// ----- the freeze --------------------------------------------------------------------------------------

/** `YYYY-MM` text → year × 12 + month, in SQL (portable: substr and cast exist on both databases). */
const monthIndex = (col: RawBuilder<unknown>) =>
  sql<number>`(cast(substr(${col}, 1, 4) as integer) * 12 + cast(substr(${col}, 6, 2) as integer))`;

export interface FreezeInput {
  rosterId: string;
  countyCode: string;
  month: string;
  /** year × 12 + month of `month`. */
  monthIdx: number;
  /** The county's previous roster (diffed against), if any. */
  previous: { id: string; month: string; frozenAt: string } | null;
  /** Ids of the county's rosters older than `previous` (a line missing from it is looked up there). */
  olderRosterIds: string[];
  /** Tier recipients by 低保/特困 (only when a standard of the year has a hardship tier). */
  hardshipTiers: boolean;
}

/** The hardship tier of `e.person_id` in the month: 特困 before 低保, else none (the rolls, by day ranges). */
function hardshipExpr(input: FreezeInput): RawBuilder<string> {
  if (!input.hardshipTiers) return sql<string>`'none'`;
  const first = `${input.month}-01`;
  const last = `${input.month}-31`;
  const on = (program: string) => sql`exists (
      select 1 from assistance_memberships am
      where am.person_id = e.person_id and am.program = ${program}
        and am.from_date <= ${last} and (am.to_date is null or am.to_date >= ${first}))`;
  return sql<string>`case when ${on('tekun')} then 'tekun' when ${on('dibao')} then 'dibao' else 'none' end`;
}

/**
 * The entitlements a freeze considers: every open one of the county, every one on the previous roster,
 * and stopped ones that stopped recently or changed since the previous freeze (a late approval of a
 * person who has since died still gets its months).
 */
function baseSelect(input: FreezeInput): RawBuilder<unknown> {
  const prevMonth = input.previous?.month ?? '0000-00';
  const prevFrozenAt = input.previous?.frozenAt ?? '9999';
  const older = input.olderRosterIds.length > 0 ? sql.join(input.olderRosterIds) : null;
  // Through the unique (roster_id, entitlement_id) index, only for entitlements missing from the previous roster.
  const lastPaid = older
    ? sql`case when pl.id is not null then pl.paid_through_month else (
          select l2.paid_through_month from disability_roster_lines l2
          join disability_roster_months m2 on m2.id = l2.roster_id
          where l2.roster_id in (${older}) and l2.entitlement_id = e.id
          order by m2.month desc limit 1) end`
    : sql`pl.paid_through_month`;
  const seen = older
    ? sql`case when pl.id is not null then 1 when exists (
          select 1 from disability_roster_lines l3
          where l3.roster_id in (${older}) and l3.entitlement_id = e.id) then 1 else 0 end`
    : sql`case when pl.id is not null then 1 else 0 end`;
  return sql`
    select e.id as eid, e.person_id, e.subsidy, e.division_code, e.status, e.stop_reason, e.from_month,
      e.to_month, coalesce(c.category, 0) as cat, coalesce(c.grade, 0) as gr, ${hardshipExpr(input)} as hs,
      pl.id as pl_id, pl.monthly_fen as pl_monthly, pl.months_covered as pl_covered, pl.change as pl_change,
      ${lastPaid} as last_paid, ${seen} as seen
    from disability_entitlements e
    left join disability_certificates c on c.id = e.certificate_id
    left join disability_roster_lines pl on pl.roster_id = ${input.previous?.id ?? ''} and pl.entitlement_id = e.id
    where e.county_code = ${input.countyCode}
      and (e.status <> 'stopped' or pl.id is not null or e.to_month >= ${prevMonth}
        or e.updated_at >= ${prevFrozenAt})`;
}

export interface RosterTier {
  divisionCode: string;
  subsidy: Subsidy;
  category: number;
  grade: number;
  hardship: string;
}

/** The distinct tiers (division, subsidy, category, grade, hardship) of the recipients a freeze considers. */
export async function tiersOfFreeze(db: Executor, input: FreezeInput): Promise<RosterTier[]> {
  // CamelCasePlugin maps the result's snake_case names.
  const { rows } = await sql<{
    divisionCode: string;
    subsidy: Subsidy;
    cat: number | string;
    gr: number | string;
    hs: string;
  }>`select distinct b.division_code, b.subsidy, b.cat, b.gr, b.hs from (${baseSelect(input)}) b`.execute(db);
  return rows.map((r) => ({
    divisionCode: r.divisionCode,
    subsidy: r.subsidy,
    category: Number(r.cat),
    grade: Number(r.gr),
    hardship: r.hs,
  }));
}

export async function insertRates(
  db: Executor,
  rows: Insertable<DisabilityRosterRatesTable>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('disabilityRosterRates')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/**
 * Writes every line of the roster in one statement. `calc` is MATERIALIZED (PostgreSQL 12+, SQLite
 * 3.35+): inlined, both databases substitute its month-index expressions into every reference of `n`
 * and `a_idx` below — about 300 substr/cast calls a line, 3.4 of the 4.6 CPU seconds of a 50 k-line
 * county on PostgreSQL (ADR 0032, "PostgreSQL figures"); materialized, each is computed once a line.
 * Per entitlement: the months owed run from the month
 * after the last month paid (or `from_month` when never paid) to this month, or to `to_month` when it
 * stopped earlier (a suspended one is owed nothing now); a line pays them at this month's rate (the service
 * re-prices lines of several months). Not owed anything but paid (or flagged) on the previous roster →
 * a `stopped` line with the stop reason. Change: never on a roster → `new`; owed months before this one →
 * `resumed` (with the resumption's reason) or `arrears`; rate differs from last month's → `rate_changed`.
 */
export async function insertRosterLines(db: Executor, input: FreezeInput): Promise<void> {
  const M = input.month;
  const Midx = sql.lit(input.monthIdx);
  const rid = input.rosterId;
  await sql`
    with base as (${baseSelect(input)}),
    calc as materialized (
      select b.*, r.monthly_fen as monthly,
        ${monthIndex(sql.ref('b.from_month'))} as from_idx,
        case when b.last_paid is null then ${monthIndex(sql.ref('b.from_month'))} - 1
             else ${monthIndex(sql.ref('b.last_paid'))} end as lp_idx,
        case when b.status = 'suspended' then -1
             when b.to_month is not null and b.to_month < ${M} then ${monthIndex(sql.ref('b.to_month'))}
             else ${Midx} end as b_idx
      from base b
      left join disability_roster_rates r on r.roster_id = ${rid} and r.division_code = b.division_code
        and r.subsidy = b.subsidy and r.category = b.cat and r.grade = b.gr and r.hardship = b.hs
    ),
    owed as (
      select c.*, case when c.lp_idx + 1 > c.from_idx then c.lp_idx + 1 else c.from_idx end as a_idx
      from calc c
    ),
    counted as (
      select o.*, case when o.b_idx - o.a_idx + 1 > 0 then o.b_idx - o.a_idx + 1 else 0 end as n from owed o
    )
    insert into disability_roster_lines (id, roster_id, entitlement_id, person_id, subsidy, division_code,
      amount_fen, monthly_fen, months_covered, change, reason_code, previous_monthly_fen, payment_status,
      paid_through_month)
    select ${rid} || ':' || l.eid, ${rid}, l.eid, l.person_id, l.subsidy, l.division_code,
      case when l.n > 0 and l.monthly is not null then l.monthly * l.n else 0 end,
      coalesce(l.monthly, 0),
      case when l.monthly is not null then l.n else 0 end,
      case when l.n = 0 then 'stopped'
           when l.seen = 0 then 'new'
           when l.a_idx < ${Midx} then (case when exists (
               select 1 from disability_entitlement_events ev
               where ev.entitlement_id = l.eid and ev.kind in ('resumed', 'reinstated')) then 'resumed'
             else 'arrears' end)
           when l.pl_covered > 0 and l.monthly is not null and l.pl_monthly <> l.monthly then 'rate_changed'
           else 'unchanged' end,
      case when l.n = 0 then (case when l.status = 'suspended' then 'suspended'
                                   else coalesce(l.stop_reason, 'other') end)
           when l.monthly is null then 'no_standard'
           when l.seen = 1 and l.a_idx < ${Midx} then coalesce((
               select coalesce(ev.reason_code, ev.kind) from disability_entitlement_events ev
               where ev.entitlement_id = l.eid and ev.kind in ('resumed', 'reinstated')
               order by ev.at desc, ev.id desc limit 1), 'arrears')
           else null end,
      case when l.pl_covered > 0 then l.pl_monthly else null end,
      case when l.n > 0 and l.monthly is not null then 'pending' else 'none' end,
      case when l.n > 0 and l.monthly is not null then
             (case when l.to_month is not null and l.to_month < ${M} then l.to_month else ${M} end)
           else l.last_paid end
    from counted l
    where l.n > 0 or (l.pl_id is not null and (l.pl_covered > 0 or l.pl_change <> 'stopped'))
    order by l.eid`.execute(db);
}

/** Lines of a roster paying more than one month (re-priced month by month), with their tier. */
export async function multiMonthLines(
  db: Executor,
  rosterId: string,
): Promise<
  {
    id: string;
    entitlementId: string;
    subsidy: Subsidy;
    divisionCode: string;
    monthsCovered: number;
    change: string;
    paidThroughMonth: string;
    category: number;
    grade: number;
    hardship: string;
  }[]
> {
  const { rows } = await sql<{
    id: string;
    entitlementId: string;
    subsidy: Subsidy;
    divisionCode: string;
    monthsCovered: number | string;
    change: string;
    paidThroughMonth: string;
    category: number | string;
    grade: number | string;
    hardship: string | null;
  }>`
    select l.id, l.entitlement_id, l.subsidy, l.division_code, l.months_covered, l.change,
      l.paid_through_month, coalesce(c.category, 0) as category, coalesce(c.grade, 0) as grade,
      (select min(r.hardship) from disability_roster_rates r
        where r.roster_id = l.roster_id and r.division_code = l.division_code and r.subsidy = l.subsidy
          and r.category = coalesce(c.category, 0) and r.grade = coalesce(c.grade, 0)
          and r.monthly_fen = l.monthly_fen) as hardship
    from disability_roster_lines l
    join disability_entitlements e on e.id = l.entitlement_id
    left join disability_certificates c on c.id = e.certificate_id
    where l.roster_id = ${rosterId} and l.months_covered > 1`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    entitlementId: r.entitlementId,
    subsidy: r.subsidy,
    divisionCode: r.divisionCode,
    monthsCovered: Number(r.monthsCovered),
    change: r.change,
    paidThroughMonth: r.paidThroughMonth,
    category: Number(r.category),
    grade: Number(r.grade),
    hardship: r.hardship ?? 'none',
  }));
}

/** The latest resumption event of each entitlement (`resumed` or `reinstated`), for the back-pay cap. */
export async function lastResumptions(
  db: Executor,
  entitlementIds: readonly string[],
): Promise<Map<string, { kind: string; reasonCode: string | null }>> {
  const out = new Map<string, { kind: string; reasonCode: string | null; at: string }>();
  for (let i = 0; i < entitlementIds.length; i += 500) {
    const rows = await db
      .selectFrom('disabilityEntitlementEvents')
      .select(['entitlementId', 'kind', 'reasonCode', 'at'])
      .where('entitlementId', 'in', entitlementIds.slice(i, i + 500))
      .where('kind', 'in', ['resumed', 'reinstated'])
      .execute();
    for (const r of rows) {
      const had = out.get(r.entitlementId);
      if (!had || had.at < r.at) out.set(r.entitlementId, r);
    }
  }
  return out;
}

export interface LineReprice {
  amountFen: number;
  monthsCovered: number;
  reasonCode?: string | null;
  paymentStatus?: 'none' | 'pending';
  paidThroughMonth?: string | null;
}

/**
 * Re-prices lines: lines given the same new values are updated together, up to 500 ids a statement (most
 * multi-month lines of a roster come out alike — e.g. every late approval of last month pays 2 months at
 * the same rate), instead of one round trip per line (ADR 0032, "PostgreSQL figures").
 */
export async function repriceLines(
  db: Executor,
  lines: readonly { id: string; set: LineReprice }[],
): Promise<void> {
  const groups = new Map<string, { set: LineReprice; ids: string[] }>();
  for (const l of lines) {
    const key = JSON.stringify([
      l.set.amountFen,
      l.set.monthsCovered,
      l.set.reasonCode,
      l.set.paymentStatus,
      l.set.paidThroughMonth,
      'reasonCode' in l.set,
      'paymentStatus' in l.set,
      'paidThroughMonth' in l.set,
    ]);
    const g = groups.get(key);
    if (g) g.ids.push(l.id);
    else groups.set(key, { set: l.set, ids: [l.id] });
  }
  for (const { set, ids } of groups.values()) {
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .updateTable('disabilityRosterLines')
        .set(set)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }
}

/** The roster's totals and each part's, from its lines (after the freeze wrote and re-priced them). */
export async function writeRosterTotals(db: Executor, rosterId: string, at: string): Promise<void> {
  await sql`
    insert into disability_roster_parts (roster_id, division_code, lines, paid_lines, total_fen, unpriced_lines)
    select roster_id, division_code, count(*),
      sum(case when months_covered > 0 then 1 else 0 end),
      coalesce(sum(amount_fen), 0),
      sum(case when reason_code = 'no_standard' then 1 else 0 end)
    from disability_roster_lines where roster_id = ${rosterId}
    group by roster_id, division_code`.execute(db);
  const t = await db
    .selectFrom('disabilityRosterParts')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number | string>('paidLines'), eb.lit(0)).as('paid'),
      eb.fn.coalesce(eb.fn.sum<number | string>('totalFen'), eb.lit(0)).as('total'),
    ])
    .where('rosterId', '=', rosterId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('disabilityRosterMonths')
    .set({ recipients: Number(t.paid), totalFen: Number(t.total), updatedAt: at })
    .where('id', '=', rosterId)
    .execute();
}

export async function partsOf(db: Executor, rosterId: string): Promise<RosterPartRow[]> {
  return db
    .selectFrom('disabilityRosterParts')
    .selectAll()
    .where('rosterId', '=', rosterId)
    .orderBy('divisionCode')
    .execute();
}

export async function signoffsOf(db: Executor, rosterId: string): Promise<RosterSignoffRow[]> {
  return db
    .selectFrom('disabilityRosterSignoffs')
    .selectAll()
    .where('rosterId', '=', rosterId)
    .orderBy('at')
    .execute();
}

export async function insertSignoff(
  db: Executor,
  row: {
    id: string;
    rosterId: string;
    level: RosterSignoffLevel;
    divisionCode: string;
    actorId: string | null;
    actorName: string;
    at: string;
    note: string | null;
  },
): Promise<void> {
  await db.insertInto('disabilityRosterSignoffs').values(row).execute();
}

export async function setRosterStatus(
  db: Executor,
  id: string,
  status: RosterMonthRow['status'],
  at: string,
): Promise<void> {
  await db
    .updateTable('disabilityRosterMonths')
    .set({ status, updatedAt: at })
    .where('id', '=', id)
    .execute();
}

/** Removes a roster not yet signed (un-freeze): its sign-offs, parts, rates, lines and the month row. */
export async function deleteRoster(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('disabilityRosterSignoffs').where('rosterId', '=', id).execute();
  await db.deleteFrom('disabilityRosterParts').where('rosterId', '=', id).execute();
  await db.deleteFrom('disabilityRosterRates').where('rosterId', '=', id).execute();
  await db.deleteFrom('disabilityRosterLines').where('rosterId', '=', id).execute();
  await db.deleteFrom('disabilityRosterMonths').where('id', '=', id).execute();
}

// ----- reads -------------------------------------------------------------------------------------------

export interface LinesFilter {
  rosterId: string;
  /** Scope prefix of the lines' division (the actor's, or the township picked). */
  divisionPrefix: string;
  subsidy?: Subsidy;
  change?: string;
  reason?: string;
  q?: string;
}

export type RosterLineListRow = RosterLineRow & { name: string; residentId: string | null };

const LINE_SORT = {
  division: 'l.divisionCode',
  amount: 'l.amountFen',
  change: 'l.change',
  name: 'p.name',
} as const;
export type RosterLineSort = keyof typeof LINE_SORT;

function linesQuery(db: Executor, f: LinesFilter) {
  let q = db
    .selectFrom('disabilityRosterLines as l')
    .innerJoin('people as p', 'p.id', 'l.personId')
    .where('l.rosterId', '=', f.rosterId);
  if (f.divisionPrefix) q = q.where('l.divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.subsidy) q = q.where('l.subsidy', '=', f.subsidy);
  if (f.change) q = q.where('l.change', '=', f.change as RosterLineRow['change']);
  if (f.reason) q = q.where('l.reasonCode', '=', f.reason);
  if (f.q) q = q.where('p.name', 'like', `%${f.q}%`);
  return q;
}

export async function searchLines(
  db: Executor,
  f: LinesFilter,
  sort: { field: RosterLineSort; dir: 'asc' | 'desc' },
  page: { offset: number; limit: number },
  withTotal = true,
): Promise<{ total: number; rows: RosterLineListRow[] }> {
  const total = withTotal
    ? Number(
        (
          await linesQuery(db, f)
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;
  const rows = await linesQuery(db, f)
    .selectAll('l')
    .select(['p.name', 'p.residentId'])
    .orderBy(LINE_SORT[sort.field], sort.dir)
    .orderBy('l.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total, rows };
}

export interface DiffGroupRow {
  change: string;
  reasonCode: string | null;
  subsidy: Subsidy;
  lines: number;
  amountFen: number;
  monthlyFen: number;
  /** Money paid for months before this one (arrears, back-pay). */
  arrearsFen: number;
}

/** Counts and money by change, reason and subsidy (the month-over-month diff). */
export async function diffGroups(db: Executor, f: Omit<LinesFilter, 'q'>): Promise<DiffGroupRow[]> {
  let q = db.selectFrom('disabilityRosterLines as l').where('l.rosterId', '=', f.rosterId);
  if (f.divisionPrefix) q = q.where('l.divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.subsidy) q = q.where('l.subsidy', '=', f.subsidy);
  if (f.change) q = q.where('l.change', '=', f.change as RosterLineRow['change']);
  if (f.reason) q = q.where('l.reasonCode', '=', f.reason);
  const rows = await q
    .select((eb) => [
      'l.change',
      'l.reasonCode',
      'l.subsidy',
      eb.fn.countAll<number | string>().as('lines'),
      eb.fn.coalesce(eb.fn.sum<number | string>('l.amountFen'), eb.lit(0)).as('amountFen'),
      sql<number | string>`coalesce(sum(case when l.months_covered > 0 then l.monthly_fen else 0 end), 0)`.as(
        'monthlyFen',
      ),
      sql<
        number | string
      >`coalesce(sum(case when l.months_covered > 1 then l.amount_fen - l.monthly_fen else 0 end), 0)`.as(
        'arrearsFen',
      ),
    ])
    .groupBy(['l.change', 'l.reasonCode', 'l.subsidy'])
    .execute();
  return rows.map((r) => ({
    change: r.change,
    reasonCode: r.reasonCode,
    subsidy: r.subsidy,
    lines: Number(r.lines),
    amountFen: Number(r.amountFen),
    monthlyFen: Number(r.monthlyFen),
    arrearsFen: Number(r.arrearsFen),
  }));
}

/** Paid lines and money of a roster within a division prefix (the previous month's side of the diff). */
export async function rosterTotalsWithin(
  db: Executor,
  rosterId: string,
  divisionPrefix: string,
): Promise<{ paidLines: number; totalFen: number }> {
  let q = db
    .selectFrom('disabilityRosterParts')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number | string>('paidLines'), eb.lit(0)).as('paid'),
      eb.fn.coalesce(eb.fn.sum<number | string>('totalFen'), eb.lit(0)).as('total'),
    ])
    .where('rosterId', '=', rosterId);
  if (divisionPrefix) q = q.where('divisionCode', 'like', `${divisionPrefix}%`);
  const r = await q.executeTakeFirstOrThrow();
  return { paidLines: Number(r.paid), totalFen: Number(r.total) };
}

// ----- entitlements of a person (the death subscribers) -------------------------------------------------

export async function openEntitlementsOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('disabilityEntitlements')
    .selectAll()
    .where('personId', '=', personId)
    .where('status', '<>', 'stopped')
    .orderBy('subsidy')
    .execute();
}

export async function entitlementsStoppedByDeath(db: Executor, personId: string, deathDate: string) {
  return db
    .selectFrom('disabilityEntitlements')
    .selectAll()
    .where('personId', '=', personId)
    .where('status', '=', 'stopped')
    .where('stopReason', 'in', ['death', 'declared_dead'])
    .where('stopEventDate', '=', deathDate)
    .orderBy('subsidy')
    .execute();
}

/** Reopens an entitlement a revoked death stopped (status active, no last month, no stop reason). */
export async function reopenEntitlement(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('disabilityEntitlements')
    .set((eb) => ({
      status: 'active',
      toMonth: null,
      stopReason: null,
      stopEventDate: null,
      updatedAt: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'stopped')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Standards candidates of a county for a year (every division prefix of the county and its townships). */
export async function countyStandards(db: Executor, countyCode: string, year: number) {
  return db
    .selectFrom('disabilityStandards')
    .selectAll()
    .where('year', '=', year)
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('divisionCode', 'in', [countyCode.slice(0, 2), countyCode.slice(0, 4), countyCode]),
        eb('divisionCode', 'like', `${countyCode}%`),
      ]),
    )
    .execute();
}

/** Frozen rosters of a county prefix whose township part `township` has not confirmed yet. */
export async function rostersAwaitingTownship(db: Executor, township: string): Promise<RosterMonthRow[]> {
  return db
    .selectFrom('disabilityRosterMonths as m')
    .innerJoin('disabilityRosterParts as p', 'p.rosterId', 'm.id')
    .selectAll('m')
    .where('m.status', '=', 'frozen')
    .where('p.divisionCode', '=', township)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('disabilityRosterSignoffs as s')
            .select('s.id')
            .whereRef('s.rosterId', '=', 'm.id')
            .where('s.level', '=', 'township')
            .where('s.divisionCode', '=', township),
        ),
      ),
    )
    .orderBy('m.month')
    .execute();
}

/** Frozen (not yet signed) rosters within a county prefix. */
export async function frozenRosters(db: Executor, countyPrefix: string): Promise<RosterMonthRow[]> {
  return db
    .selectFrom('disabilityRosterMonths')
    .selectAll()
    .where('status', '=', 'frozen')
    .where('countyCode', 'like', `${countyPrefix}%`)
    .orderBy('month')
    .execute();
}

/**
 * PostgreSQL: the freeze transaction's planner settings (SET LOCAL: they end with the transaction). A
 * county's freeze reads its 50 k entitlements' certificates out of a province's (1.5 M): with the default
 * `random_page_cost = 4` and fresh statistics the planner hashes the whole certificates table once per
 * statement (two a county) instead of 50 k index probes into cached pages — 0.64 s against 0.09 s of
 * backend CPU for the tiers query at 1.5 M (ADR 0032, "PostgreSQL figures"); and JIT compiles every
 * statement (costs above 100 k) for nothing. SQLite: nothing to do.
 */
export async function freezePlanSettings(db: Executor, dialect: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`set local random_page_cost = 1.1`.execute(db);
  await sql`set local jit = off`.execute(db);
}

/**
 * Runs a bulk statement on SQLite with a larger page cache (256 MB) for its duration, then restores the
 * connection's setting: the freeze inserts into three b-trees per line, and the platform's 8 MB cache
 * would make a county of 50 k lines thrash (ADR 0032). PostgreSQL: runs it as is.
 */
export async function withBulkCache<T>(db: Executor, dialect: string, f: () => Promise<T>): Promise<T> {
  if (dialect !== 'sqlite') return f();
  const before = await sql<{ cacheSize: number }>`pragma cache_size`.execute(db);
  const previous = Number(before.rows[0]?.cacheSize ?? -8192);
  await sql`pragma cache_size = -262144`.execute(db);
  try {
    return await f();
  } finally {
    await sql.raw(`pragma cache_size = ${Math.trunc(previous)}`).execute(db);
  }
}
