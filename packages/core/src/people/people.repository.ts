import { sql, type Kysely, type Transaction } from 'kysely';
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

export function factsOf(db: Executor, personId: string) {
  return db
    .selectFrom('personFacts')
    .select(['field', 'value', 'source', 'recordedAt', 'recordedBy'])
    .where('personId', '=', personId)
    .orderBy('recordedAt')
    .orderBy('field')
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
    page: base
      .selectAll()
      .orderBy('divisionCode')
      .orderBy('name')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset),
    count: base.select(sql<number>`count(*)`.as('n')),
  };
}

/** Streams a filtered list in batches (Excel export of a whole ledger without loading it at once). */
export async function* iteratePeople(db: Executor, dialect: DialectName, f: PeopleFilter, batch = 2_000) {
  for (let offset = 0; ; offset += batch) {
    const rows = await filtered(db, dialect, f)
      .selectAll()
      .orderBy('divisionCode')
      .orderBy('name')
      .orderBy('id')
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
