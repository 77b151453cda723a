/**
 * SQL of policy finds people (数据找人): the set-based lists of people eligible for a subsidy who neither
 * receive nor apply for it (anti-joins over certificates × people × entitlements × applications × the
 * assistance rolls, no per-person round trip — the bench runs them over 1.5 M holders × 1 M 低保 members),
 * coverage by division, and the reminders with their refresh. Portable between SQLite and PostgreSQL.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/index';
import type { Subsidy } from './disability.table';
import type { OutreachOutcome, OutreachStatus, OutreachTrigger } from './outreach.table';

/** Applications still being handled: the person is applying, so is not on a list. */
export const PENDING_APPLICATION_STATUSES = ['received', 'forwarded', 'reviewing', 'notice'] as const;

/** What a list is computed for: the day, the "new" window, the scope and the configured readings. */
export interface OutreachSlice {
  /** The day of the list (`YYYY-MM-DD`): validity, rolls in force. */
  today: string;
  /** First day counted as "new" (today − newWithinDays), and the same as an instant for imports. */
  since: string;
  sinceInstant: string;
  /** Hukou prefix of the line's province (`43`). */
  provincePrefix: string;
  /** Hukou prefix of the actor's scope ∩ the picked division ('' = everywhere). */
  divisionPrefix: string;
  /**
   * Hukou prefixes with the grade 3–4 intellectual/mental care extension switched on or off, longest
   * first (`extensionOf` semantics: the longest matching prefix in force decides).
   */
  careExtension: readonly { prefix: string; on: boolean }[];
  /** R-DIS-03: 特困 people are excluded from care unless `tekunKeepsCare`. */
  tekunKeepsCare: boolean;
}

const like = (prefix: string) => `${prefix}%`;

/** The certificate predicate of a subsidy's grade rule on alias `c` (p: the holder). */
function gradeRule(s: OutreachSlice, subsidy: Subsidy, c: string): RawBuilder<unknown> {
  const a = sql.raw(c);
  if (subsidy === 'living') return sql`1 = 1`;
  const on = s.careExtension.filter((e) => e.on);
  if (on.length === 0) return sql`${a}.grade <= 2`;
  const whens = s.careExtension.map(
    (e) => sql`when p.hukou_division_code like ${like(e.prefix)} then ${sql.lit(e.on ? 1 : 0)}`,
  );
  return sql`(${a}.grade <= 2 or (${a}.category in (5, 6) and (case ${sql.join(whens, sql` `)} else 0 end) = 1))`;
}

/** A valid certificate on the day (status valid and not past its last day). */
function validCertificate(s: OutreachSlice, c: string): RawBuilder<unknown> {
  const a = sql.raw(c);
  return sql`${a}.status = 'valid' and (${a}.valid_until is null or ${a}.valid_until >= ${s.today})`;
}

function inForce(s: OutreachSlice, program: 'dibao' | 'tekun'): RawBuilder<unknown> {
  return sql`exists (select 1 from assistance_memberships m where m.person_id = c.person_id
    and m.program = ${program} and m.from_date <= ${s.today} and (m.to_date is null or m.to_date >= ${s.today}))`;
}

/**
 * The eligible holders of a subsidy on the day, one row per person (the best qualifying certificate: the
 * most severe grade, then the smallest id): Hunan hukou, alive and not merged away, valid certificate,
 * the grade rule (care) or 低保 in force (living), not excluded by 特困 (R-DIS-03). `covered` 1 when an open
 * entitlement exists, `applying` 1 when an application for the subsidy is being handled.
 */
export function eligibleSql(s: OutreachSlice, subsidy: Subsidy): RawBuilder<unknown> {
  const applies = sql.raw(subsidy === 'living' ? 'a.applies_living' : 'a.applies_care');
  const tekun = subsidy === 'living' || !s.tekunKeepsCare ? sql`and not ${inForce(s, 'tekun')}` : sql``;
  const dibao = subsidy === 'living' ? sql`and ${inForce(s, 'dibao')}` : sql``;
  const newDibao =
    subsidy === 'living'
      ? sql`case when exists (select 1 from assistance_memberships m where m.person_id = c.person_id
          and m.program = 'dibao' and m.from_date >= ${s.since} and m.from_date <= ${s.today}
          and (m.to_date is null or m.to_date >= ${s.today})) then 1 else 0 end`
      : sql`0`;
  const pending = sql.join(PENDING_APPLICATION_STATUSES.map((x) => sql.lit(x)));
  return sql`
    select c.person_id, c.id as certificate_id, c.category, c.grade, c.issued_on,
      p.hukou_division_code as division_code,
      case when c.issued_on >= ${s.since} or c.created_at >= ${s.sinceInstant} then 1 else 0 end as new_certificate,
      ${newDibao} as new_dibao,
      case when exists (select 1 from disability_entitlements e where e.person_id = c.person_id
        and e.subsidy = ${subsidy} and e.status <> 'stopped') then 1 else 0 end as covered,
      case when exists (select 1 from disability_applications a where a.person_id = c.person_id
        and ${applies} = 1 and a.status in (${pending})) then 1 else 0 end as applying
    from disability_certificates c
    join people p on p.id = c.person_id
    where ${validCertificate(s, 'c')} and ${gradeRule(s, subsidy, 'c')}
      and p.status = 'alive' and p.merged_into is null
      and p.hukou_division_code like ${like(s.provincePrefix)}
      and p.hukou_division_code like ${like(s.divisionPrefix)}
      ${dibao} ${tekun}
      and not exists (select 1 from disability_certificates c2 where c2.status = 'valid'
        and c2.person_id = c.person_id and c2.id <> c.id
        and (c2.valid_until is null or c2.valid_until >= ${s.today}) and ${gradeRule(s, subsidy, 'c2')}
        and (c2.grade < c.grade or (c2.grade = c.grade and c2.id < c.id)))`;
}

/**
 * The list of a subsidy: eligible, not covered, not applying (with `found_by`). Written as direct
 * `not exists` terms (not through `eligibleSql`'s flags) so each holder is dropped at the first failing
 * probe, cheapest and most selective first; `only` narrows to the newly certified / newly 低保 before any
 * probe runs.
 */
export function candidatesSql(
  s: OutreachSlice,
  subsidy: Subsidy,
  only?: 'new_certificate' | 'new_dibao',
): RawBuilder<unknown> {
  const applies = sql.raw(subsidy === 'living' ? 'a.applies_living' : 'a.applies_care');
  const pending = sql.join(PENDING_APPLICATION_STATUSES.map((x) => sql.lit(x)));
  const newCert = sql`(c.issued_on >= ${s.since} or c.created_at >= ${s.sinceInstant})`;
  const newDibaoExists = sql`exists (select 1 from assistance_memberships m where m.person_id = c.person_id
    and m.program = 'dibao' and m.from_date >= ${s.since} and m.from_date <= ${s.today}
    and (m.to_date is null or m.to_date >= ${s.today}))`;
  const narrow = only === 'new_certificate' ? sql`and ${newCert}` : sql``;
  // Newly 低保: driven from the memberships that started in the window (index on program and from_date).
  const dibao =
    subsidy !== 'living'
      ? sql``
      : only === 'new_dibao'
        ? sql`and c.person_id in (select m.person_id from assistance_memberships m where m.program = 'dibao'
            and m.from_date >= ${s.since} and m.from_date <= ${s.today}
            and (m.to_date is null or m.to_date >= ${s.today}))`
        : sql`and ${inForce(s, 'dibao')}`;
  const tekun = subsidy === 'living' || !s.tekunKeepsCare ? sql`and not ${inForce(s, 'tekun')}` : sql``;
  const newDibao = subsidy === 'living' ? sql`case when ${newDibaoExists} then 1 else 0 end` : sql`0`;
  return sql`
    select c.person_id, c.id as certificate_id, c.category, c.grade, c.issued_on,
      p.hukou_division_code as division_code,
      case when ${newCert} then 1 else 0 end as new_certificate, ${newDibao} as new_dibao,
      ${sql.lit(subsidy)} as subsidy,
      case when ${subsidy === 'living' ? newDibaoExists : sql`1 = 0`} then 'new_dibao'
        when ${newCert} then 'new_certificate' else 'standing' end as found_by
    from disability_certificates c
    join people p on p.id = c.person_id
    where ${validCertificate(s, 'c')} and ${gradeRule(s, subsidy, 'c')} ${narrow}
      and p.status = 'alive' and p.merged_into is null
      and p.hukou_division_code like ${like(s.provincePrefix)}
      and p.hukou_division_code like ${like(s.divisionPrefix)}
      and not exists (select 1 from disability_entitlements e where e.person_id = c.person_id
        and e.subsidy = ${subsidy} and e.status <> 'stopped')
      ${dibao}
      and not exists (select 1 from disability_applications a where a.person_id = c.person_id
        and ${applies} = 1 and a.status in (${pending}))
      ${tekun}
      and not exists (select 1 from disability_certificates c2 where c2.status = 'valid'
        and c2.person_id = c.person_id and c2.id <> c.id
        and (c2.valid_until is null or c2.valid_until >= ${s.today}) and ${gradeRule(s, subsidy, 'c2')}
        and (c2.grade < c.grade or (c2.grade = c.grade and c2.id < c.id)))`;
}

export type OutreachList = 'care' | 'living' | 'new_certificate' | 'new_dibao';

/** The rows of a list: care, living, or the newly certified / newly 低保 among both. */
function listSql(s: OutreachSlice, list: OutreachList): RawBuilder<unknown> {
  if (list === 'care' || list === 'living') return candidatesSql(s, list);
  if (list === 'new_dibao') return candidatesSql(s, 'living', 'new_dibao');
  return sql`${candidatesSql(s, 'care', 'new_certificate')} union all ${candidatesSql(s, 'living', 'new_certificate')}`;
}

export interface CandidateFilter {
  list: OutreachList;
  /** Name (contains) or resident id (exact). */
  q?: string | undefined;
  sort?: { field: 'name' | 'division' | 'grade' | 'issuedOn'; desc: boolean } | undefined;
}

export interface CandidateRow {
  personId: string;
  certificateId: string;
  category: number;
  grade: number;
  issuedOn: string | null;
  divisionCode: string;
  subsidy: Subsidy;
  foundBy: OutreachTrigger;
  name: string;
  residentId: string | null;
  sex: 'male' | 'female';
  birthDate: string | null;
  reminderId: string | null;
  reminderStatus: OutreachStatus | null;
}

function qFilter(q: string | undefined): RawBuilder<unknown> {
  if (!q) return sql``;
  return sql`and (p.name like ${`%${q}%`} or p.resident_id = ${q.toUpperCase()})`;
}

const SORTS: Record<NonNullable<CandidateFilter['sort']>['field'], string> = {
  name: 'p.name_sort_key',
  division: 'l.division_code',
  grade: 'l.grade',
  issuedOn: 'l.issued_on',
};

export async function candidatePage(
  db: Executor,
  s: OutreachSlice,
  f: CandidateFilter,
  limit: number,
  offset: number,
): Promise<CandidateRow[]> {
  const order = f.sort
    ? sql`${sql.raw(SORTS[f.sort.field])} ${sql.raw(f.sort.desc ? 'desc' : 'asc')}, l.person_id, l.subsidy`
    : sql`l.division_code, p.name_sort_key, l.person_id, l.subsidy`;
  const r = await sql<CandidateRow>`
    select l.person_id, l.certificate_id, l.category, l.grade, l.issued_on, l.division_code, l.subsidy,
      l.found_by, p.name, p.resident_id, p.sex, p.birth_date, r.id as reminder_id, r.status as reminder_status
    from (${listSql(s, f.list)}) l
    join people p on p.id = l.person_id
    left join disability_outreach_reminders r on r.person_id = l.person_id and r.subsidy = l.subsidy
      and r.status = 'open'
    where 1 = 1 ${qFilter(f.q)}
    order by ${order}
    limit ${limit} offset ${offset}`.execute(db);
  return r.rows;
}

export async function countCandidates(db: Executor, s: OutreachSlice, f: CandidateFilter): Promise<number> {
  const r = await sql<{ n: number | string }>`
    select count(*) as n from (${listSql(s, f.list)}) l join people p on p.id = l.person_id
    where 1 = 1 ${qFilter(f.q)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Per list, how many people it holds (the lists' tab counts and the bench). */
export async function countList(db: Executor, s: OutreachSlice, list: OutreachList): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from (${listSql(s, list)}) l`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export interface CoverageGroup {
  child: string;
  eligible: number | string;
  covered: number | string | null;
  applying: number | string | null;
}

/** Eligible, covered and applying people of a subsidy by the child of the hukou division. */
export async function coverageGrouped(
  db: Executor,
  s: OutreachSlice,
  subsidy: Subsidy,
  childLength: number,
): Promise<CoverageGroup[]> {
  const r = await sql<CoverageGroup>`
    select substr(x.division_code, 1, ${sql.lit(childLength)}) as child, count(*) as eligible,
      sum(x.covered) as covered, sum(case when x.covered = 0 then x.applying else 0 end) as applying
    from (${eligibleSql(s, subsidy)}) x
    group by 1`.execute(db);
  return r.rows;
}

// ----- reminders ------------------------------------------------------------------------------------------

export type ReminderRow = {
  id: string;
  personId: string;
  subsidy: Subsidy;
  foundBy: OutreachTrigger;
  certificateId: string | null;
  divisionCode: string;
  countyCode: string;
  foundOn: string;
  runId: string;
  status: OutreachStatus;
  outcome: OutreachOutcome | null;
  outcomeNote: string | null;
  applicationId: string | null;
  outcomeOn: string | null;
  outcomeBy: string | null;
  lapsedOn: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export async function findReminder(db: Executor, id: string): Promise<ReminderRow | undefined> {
  return db.selectFrom('disabilityOutreachReminders').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Closes (lapses) the open reminders of `prefix` whose person is no longer on the subsidy's list (now
 * receiving, applying, dead, moved, certificate no longer valid, 低保 ended…). Returns how many. On
 * PostgreSQL a `not exists` over the list (planned as a hash anti-join; `not in` would fall back to a
 * row-by-row subplan once the list outgrows work_mem); SQLite answers `not in` from a temporary index.
 */
export async function lapseReminders(
  db: Executor,
  s: OutreachSlice,
  subsidy: Subsidy,
  now: string,
  dialect: 'sqlite' | 'postgres',
): Promise<number> {
  const offList =
    dialect === 'postgres'
      ? sql`not exists (select 1 from (${candidatesSql(s, subsidy)}) l where l.person_id = disability_outreach_reminders.person_id)`
      : sql`person_id not in (select l.person_id from (${candidatesSql(s, subsidy)}) l)`;
  const r = await sql`
    update disability_outreach_reminders set status = 'lapsed', lapsed_on = ${s.today}, updated_at = ${now},
      version = version + 1
    where status = 'open' and subsidy = ${subsidy} and division_code like ${like(s.divisionPrefix)}
      and ${offList}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Creates a reminder for every person of both lists without an open one and without an outcome recorded
 * since `quietSince` (idempotent: the partial unique index holds one open reminder per person and subsidy),
 * in one statement (so the planner never sees the table half filled without statistics). Ids are the random
 * tail of the run's id (12 characters), `c`/`l` for the subsidy and the person's id (at most 64 characters).
 * Returns how many.
 */
export async function insertReminders(
  db: Executor,
  s: OutreachSlice,
  run: { id: string; now: string; quietSince: string },
): Promise<number> {
  const r = await sql`
    insert into disability_outreach_reminders (id, person_id, subsidy, found_by, certificate_id,
      division_code, county_code, found_on, run_id, status, created_at, updated_at, version)
    select cast(${run.id.slice(-12)} as text) || (case when l.subsidy = 'care' then 'c' else 'l' end) || l.person_id,
      l.person_id, l.subsidy, l.found_by, l.certificate_id, l.division_code, substr(l.division_code, 1, 6),
      ${s.today}, ${run.id}, 'open', ${run.now}, ${run.now}, 1
    from (${candidatesSql(s, 'care')} union all ${candidatesSql(s, 'living')}) l
    where not exists (select 1 from disability_outreach_reminders r where r.person_id = l.person_id
        and r.subsidy = l.subsidy and (r.status = 'open' or r.outcome_on >= ${run.quietSince}))`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function countOpenReminders(db: Executor, prefix: string): Promise<number> {
  const r = await db
    .selectFrom('disabilityOutreachReminders')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'open')
    .where('divisionCode', 'like', like(prefix))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertRun(
  db: Executor,
  row: {
    id: string;
    divisionCode: string;
    ranOn: string;
    created: number;
    lapsed: number;
    stillOpen: number;
    actorId: string;
    startedAt: string;
    finishedAt: string;
  },
): Promise<void> {
  await db.insertInto('disabilityOutreachRuns').values(row).execute();
}

/** The latest refresh run over any of `codes` (the division itself, its prefix, the province). */
export async function lastRun(db: Executor, codes: readonly string[]) {
  return db
    .selectFrom('disabilityOutreachRuns')
    .selectAll()
    .where('divisionCode', 'in', [...new Set(codes)])
    .orderBy('startedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface ReminderFilter {
  divisionPrefix: string;
  id?: string | undefined;
  status?: OutreachStatus | undefined;
  subsidy?: Subsidy | undefined;
  foundBy?: OutreachTrigger | undefined;
  outcome?: OutreachOutcome | undefined;
  q?: string | undefined;
  sort?: { field: 'foundOn' | 'name' | 'division' | 'outcomeOn'; desc: boolean } | undefined;
}

export type ReminderLedgerRow = ReminderRow & {
  name: string;
  residentId: string | null;
  sex: 'male' | 'female';
  grade: number | null;
  category: number | null;
  applicationNo: string | null;
};

function reminderQuery(db: Executor, f: ReminderFilter) {
  let q = db
    .selectFrom('disabilityOutreachReminders as r')
    .innerJoin('people as p', 'p.id', 'r.personId')
    .where('r.divisionCode', 'like', like(f.divisionPrefix));
  if (f.id) q = q.where('r.id', '=', f.id);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.subsidy) q = q.where('r.subsidy', '=', f.subsidy);
  if (f.foundBy) q = q.where('r.foundBy', '=', f.foundBy);
  if (f.outcome) q = q.where('r.outcome', '=', f.outcome);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) =>
      eb.or([eb('p.name', 'like', `%${text}%`), eb('p.residentId', '=', text.toUpperCase())]),
    );
  }
  return q;
}

const REMINDER_SORTS = {
  foundOn: 'r.foundOn',
  name: 'p.nameSortKey',
  division: 'r.divisionCode',
  outcomeOn: 'r.outcomeOn',
} as const;

export async function reminderPage(
  db: Executor,
  f: ReminderFilter,
  limit: number,
  offset: number,
): Promise<ReminderLedgerRow[]> {
  let q = reminderQuery(db, f)
    .leftJoin('disabilityCertificates as c', 'c.id', 'r.certificateId')
    .leftJoin('disabilityApplications as a', 'a.id', 'r.applicationId')
    .selectAll('r')
    .select(['p.name', 'p.residentId', 'p.sex', 'c.grade', 'c.category', 'a.applicationNo']);
  if (f.sort) q = q.orderBy(REMINDER_SORTS[f.sort.field], f.sort.desc ? 'desc' : 'asc');
  else q = q.orderBy('r.foundOn', 'desc').orderBy('r.divisionCode');
  return q.orderBy('r.id').limit(limit).offset(offset).execute();
}

export async function countReminders(db: Executor, f: ReminderFilter): Promise<number> {
  const r = await reminderQuery(db, f)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Records an outcome on an open reminder (conditional: 0 when it is no longer open). */
export async function closeReminder(
  db: Executor,
  id: string,
  set: {
    outcome: OutreachOutcome;
    outcomeNote: string | null;
    applicationId: string | null;
    outcomeOn: string;
    outcomeBy: string;
    updatedAt: string;
  },
): Promise<number> {
  const r = await db
    .updateTable('disabilityOutreachReminders')
    .set((eb) => ({ ...set, status: 'done' as const, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Open reminders by division (to-dos, the day board): how many and the oldest found day. */
export async function openReminderSummary(
  db: Executor,
  prefix: string,
): Promise<{ n: number; oldest: string | null; newOnes: number }> {
  const r = await db
    .selectFrom('disabilityOutreachReminders')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.min('foundOn').as('oldest'),
      eb.fn
        .sum<number | string | null>(eb.case().when('foundBy', '<>', 'standing').then(1).else(0).end())
        .as('newOnes'),
    ])
    .where('status', '=', 'open')
    .where('divisionCode', 'like', like(prefix))
    .executeTakeFirst();
  return {
    n: Number(r?.n ?? 0),
    oldest: (r?.oldest as string | null) ?? null,
    newOnes: Number(r?.newOnes ?? 0),
  };
}

/** Whether a refresh already ran for the division (the demo seed is idempotent by it). */
export async function hasRun(db: Executor, divisionCode: string): Promise<boolean> {
  const r = await db
    .selectFrom('disabilityOutreachRuns')
    .select('id')
    .where('divisionCode', '=', divisionCode)
    .executeTakeFirst();
  return r !== undefined;
}

/** The first open reminders of a county, by id (the demo seed answers a few). */
export async function openReminderIds(db: Executor, countyCode: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('disabilityOutreachReminders')
    .select('id')
    .where('status', '=', 'open')
    .where('countyCode', '=', countyCode)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

// ----- demo ------------------------------------------------------------------------------------------------

/** Alive people of a county with a resident id of the county and no certificate (demo holders to find). */
export async function demoPeopleWithoutCertificate(db: Executor, county: string, limit: number) {
  return db
    .selectFrom('people as p')
    .select(['p.id', 'p.residentId', 'p.name', 'p.hukouDivisionCode'])
    .where('p.divisionCode', '=', county)
    .where('p.status', '=', 'alive')
    .where('p.mergedInto', 'is', null)
    .where('p.residentId', 'like', `${county}%`)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('disabilityCertificates as c').select('c.id').whereRef('c.personId', '=', 'p.id'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('assistanceMemberships as m').select('m.id').whereRef('m.personId', '=', 'p.id'),
        ),
      ),
    )
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertDemoCertificate(
  db: Executor,
  row: {
    id: string;
    number: string;
    personId: string;
    category: number;
    grade: number;
    issuedOn: string;
    county: string;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('disabilityCertificates')
    .values({
      id: row.id,
      number: row.number,
      personId: row.personId,
      category: row.category,
      grade: row.grade,
      issuedOn: row.issuedOn,
      validUntil: null,
      status: 'valid',
      statusOn: row.issuedOn,
      divisionCode: row.county,
      source: 'manual',
      importRunId: null,
      createdAt: row.at,
      updatedAt: row.at,
      version: 1,
    })
    .execute();
}

export async function insertDemoDibao(
  db: Executor,
  row: { id: string; personId: string; county: string; fromDate: string; rollName: string; at: string },
): Promise<void> {
  await db
    .insertInto('assistanceMemberships')
    .values({
      id: row.id,
      personId: row.personId,
      program: 'dibao',
      divisionCode: row.county,
      fromDate: row.fromDate,
      toDate: null,
      rollName: row.rollName,
      importRunId: null,
      updatedByRunId: null,
      createdAt: row.at,
      updatedAt: row.at,
    })
    .execute();
}
