import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { ilike, likeContains, toCount, type DialectName } from '../db/dialect';
import { insertRows, prepared } from '../db/prepared';
import type { Database, NewPersonRow, PersonRow } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

/** A person by id (the lookup behind every person page and review). */
export function personByIdQuery(db: Executor, id: string) {
  return db.selectFrom('people').selectAll().where('id', '=', id);
}

export function findPersonById(db: Executor, id: string): Promise<PersonRow | undefined> {
  return personByIdQuery(db, id).executeTakeFirst();
}

export function findPersonByResidentId(db: Executor, residentId: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('residentId', '=', residentId).executeTakeFirst();
}

// The hottest read of the platform (every line looks people up by id): prepared, it skips Kysely's
// per-call query building, which costs several times the indexed lookup itself.
export const personByResidentId = prepared<{ residentId: string }, PersonRow>((db, p) =>
  db.selectFrom('people').selectAll().where('residentId', '=', p('residentId')),
);

/** The columns a person summary shows (presentPerson). */
export const PERSON_SUMMARY_COLUMNS = [
  'id',
  'residentId',
  'name',
  'namePinyin',
  'sex',
  'birthDate',
  'hukouDivisionCode',
  'divisionCode',
  'status',
  'deathDate',
] as const;
export type PersonSummaryRow = Pick<PersonRow, (typeof PERSON_SUMMARY_COLUMNS)[number]>;

/** A person's summary columns by resident id (the audited lookup, which reads nothing else). */
export const personSummaryByResidentId = prepared<{ residentId: string }, PersonSummaryRow>((db, p) =>
  db.selectFrom('people').select(PERSON_SUMMARY_COLUMNS).where('residentId', '=', p('residentId')),
);

/** The same summaries for many resident ids at once (the grouped audited lookup, db/grouped-reads.ts). */
export const personSummariesByResidentIds = prepared<{ keys: string[] }, PersonSummaryRow>((db, p) =>
  db.selectFrom('people').select(PERSON_SUMMARY_COLUMNS).where('residentId', 'in', p('keys')),
);

export async function lookupPersonByResidentId(
  db: Executor,
  residentId: string,
): Promise<PersonRow | undefined> {
  return (await personByResidentId(db, { residentId }))[0];
}

export async function insertPerson(db: Executor, row: NewPersonRow): Promise<void> {
  await insertRows(db, 'people', [row]);
}

export async function insertFacts(
  db: Executor,
  facts: {
    id: string;
    personId: string;
    field: string;
    value: string | null;
    source: string;
    recordedAt: string;
    recordedBy: string;
  }[],
): Promise<void> {
  await insertRows(db, 'personFacts', facts);
}

/** A person's facts, each with the display name of the account that recorded it (null for the system). */
export function factsOf(db: Executor, personId: string) {
  return db
    .selectFrom('personFacts as f')
    .leftJoin('users as u', 'u.username', 'f.recordedBy')
    .select([
      'f.field',
      'f.value',
      'f.source',
      'f.recordedAt',
      'f.recordedBy',
      'u.displayName as recordedByName',
    ])
    .where('f.personId', '=', personId)
    .orderBy('f.recordedAt')
    .orderBy('f.field')
    .execute();
}

/** Marks a person deceased if (and only if) they are still alive; returns whether a row changed. */
export async function markDeceased(
  db: Executor,
  id: string,
  deathDate: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('people')
    .set((eb) => ({ status: 'deceased', deathDate, updatedAt: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'alive')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface PeopleFilter {
  /** Code prefix of the division the list is limited to (scope ∩ picked division). */
  divisionPrefix: string;
  /** Name (hanzi, contains), pinyin (prefix, no spaces) or resident id (exact or leading digits). */
  q?: string;
  sex?: 'male' | 'female';
  status?: 'alive' | 'deceased';
  /** A column the clerk sorted by; none: division, then name in pinyin order. Ties always end on id. */
  sort?: { field: PeopleSortField; desc: boolean };
}

export type PeopleSortField = 'name' | 'birthDate' | 'hukouDivisionCode' | 'status' | 'deathDate';

/**
 * The ledger's order: the sorted column (names by their pinyin key, nullable dates with the unknown
 * last in both directions, as on both databases alike), then the pinyin name, then id, so a page
 * boundary never splits or repeats a row.
 */
function ordered<O>(
  query: SelectQueryBuilder<Database, 'people', O>,
  sort: PeopleFilter['sort'],
): SelectQueryBuilder<Database, 'people', O> {
  if (!sort) return query.orderBy('divisionCode').orderBy('nameSortKey').orderBy('id');
  const dir = sort.desc ? 'desc' : 'asc';
  let q = query;
  switch (sort.field) {
    case 'name':
      return q.orderBy('nameSortKey', dir).orderBy('id', dir);
    case 'birthDate':
    case 'deathDate':
      q = q
        .orderBy(
          sql`case when ${sql.ref(sort.field === 'birthDate' ? 'birth_date' : 'death_date')} is null then 1 else 0 end`,
        )
        .orderBy(sort.field, dir);
      break;
    default:
      q = q.orderBy(sort.field, dir);
  }
  return q.orderBy('nameSortKey').orderBy('id');
}

function filtered(db: Executor, dialect: DialectName, f: PeopleFilter) {
  let query = db
    .selectFrom('people')
    .where('divisionCode', 'like', `${f.divisionPrefix}%`)
    // A merged record stands for its survivor: the ledger lists the survivor only.
    .where('mergedInto', 'is', null);
  if (f.sex) query = query.where('sex', '=', f.sex);
  if (f.status) query = query.where('status', '=', f.status);
  const q = f.q?.trim();
  if (q) {
    if (/^[0-9]{6,17}[0-9Xx]?$/.test(q)) {
      query =
        q.length === 18
          ? query.where('residentId', '=', q.toUpperCase())
          : query.where('residentId', 'like', `${q}%`);
    } else if (/^[A-Za-z\s]+$/.test(q)) {
      query = query.where('nameSearchKey', 'like', `${q.replace(/\s+/g, '').toLowerCase()}%`);
    } else {
      query = query.where(ilike(dialect, 'name', likeContains(q)));
    }
  }
  return query;
}

export async function searchPeople(
  db: Executor,
  dialect: DialectName,
  f: PeopleFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: PersonRow[]; total: number }> {
  const q = peopleSearchQueries(db, dialect, f, page);
  const [rows, total] = await Promise.all([q.page.execute(), q.count.executeTakeFirstOrThrow()]);
  return { rows, total: toCount(total.n) };
}

/** The people list's two statements: one page in ledger order, and the count the filter selects. */
export function peopleSearchQueries(
  db: Executor,
  dialect: DialectName,
  f: PeopleFilter,
  page: { limit: number; offset: number },
) {
  const base = filtered(db, dialect, f);
  return {
    page: ordered(base.selectAll(), f.sort).limit(page.limit).offset(page.offset),
    count: base.select(sql<number>`count(*)`.as('n')),
  };
}

/** Streams a filtered list in batches (Excel export of a whole ledger without loading it at once). */
export async function* iteratePeople(db: Executor, dialect: DialectName, f: PeopleFilter, batch = 2_000) {
  for (let offset = 0; ; offset += batch) {
    const rows = await ordered(filtered(db, dialect, f).selectAll(), f.sort)
      .limit(batch)
      .offset(offset)
      .execute();
    yield* rows;
    if (rows.length < batch) return;
  }
}

/**
 * Counts of people under a division, grouped by the child division each belongs to (the first
 * `childCodeLength` characters of the hukou code) and by age band on `today`.
 * `bandBirthBounds` are the birth dates separating bands, newest first: born after bound[0] is band 0.
 */
export async function countByChildAndBand(
  db: Executor,
  divisionPrefix: string,
  childCodeLength: number,
  bandBirthBounds: string[],
) {
  const child = sql<string>`substr(hukou_division_code, 1, ${sql.lit(childCodeLength)})`;
  const band = sql<number>`case ${sql.join(
    bandBirthBounds.map((b, i) => sql`when birth_date > ${b} then ${sql.lit(i)}`),
    sql` `,
  )} else ${sql.lit(bandBirthBounds.length)} end`;
  const rows = await db
    .selectFrom('people')
    .where('divisionCode', 'like', `${divisionPrefix}%`)
    .where('birthDate', 'is not', null)
    .select([
      child.as('child'),
      band.as('band'),
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when status = 'deceased' then 1 else 0 end)`.as('deceased'),
    ])
    // By position: PostgreSQL does not match a parameterised CASE in GROUP BY to the one in SELECT.
    .groupBy([sql`1`, sql`2`])
    .execute();
  return rows.map((r) => ({
    child: r.child,
    band: Number(r.band),
    n: toCount(r.n),
    deceased: toCount(r.deceased),
  }));
}

/**
 * People added to the index and deaths, per month, under a division (the statistics trend). `monthStarts`
 * are the months' first instants on the platform's wall clock as UTC ISO text, oldest first, plus the
 * instant the last month ends; `months` the same months as 'YYYY-MM' (death dates are calendar dates).
 */
export async function countMonthly(
  db: Executor,
  divisionPrefix: string,
  monthStarts: string[],
  months: string[],
): Promise<{ added: number[]; deaths: number[] }> {
  const first = monthStarts[0]!;
  const end = monthStarts[monthStarts.length - 1]!;
  // The month an instant falls in, found by comparing with the month starts (portable, no time-zone SQL).
  const bucket = sql<number>`case ${sql.join(
    monthStarts.slice(1, -1).map((b, i) => sql`when created_at < ${b} then ${sql.lit(i)}`),
    sql` `,
  )} else ${sql.lit(monthStarts.length - 2)} end`;
  const added = await db
    .selectFrom('people')
    .where('divisionCode', 'like', `${divisionPrefix}%`)
    .where('mergedInto', 'is', null)
    .where('createdAt', '>=', first)
    .where('createdAt', '<', end)
    .select([bucket.as('m'), sql<number>`count(*)`.as('n')])
    .groupBy(sql`1`)
    .execute();
  const deaths = await db
    .selectFrom('people')
    .where('divisionCode', 'like', `${divisionPrefix}%`)
    .where('mergedInto', 'is', null)
    .where('deathDate', '>=', `${months[0]}-01`)
    .where('deathDate', '<=', `${months[months.length - 1]}-31`)
    .select([sql<string>`substr(death_date, 1, 7)`.as('m'), sql<number>`count(*)`.as('n')])
    .groupBy(sql`1`)
    .execute();
  const out = { added: months.map(() => 0), deaths: months.map(() => 0) };
  for (const r of added) out.added[Number(r.m)] = toCount(r.n);
  for (const r of deaths) {
    const i = months.indexOf(r.m);
    if (i >= 0) out.deaths[i] = toCount(r.n);
  }
  return out;
}
