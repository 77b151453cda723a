import { CompiledQuery, sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { ilike, likeContains, type DialectName, insertRows, prepared } from '../db/index';
import type { Database, PersonRow } from '../db/index';
import type {
  CertificateIssueRow,
  JudgmentRow,
  MarriageForeignPartiesTable,
  MarriageRow,
  RefusalRow,
} from './marriage.table';

type Executor = Kysely<Database> | Transaction<Database>;

export function findMarriageById(db: Executor, id: string): Promise<MarriageRow | undefined> {
  return db.selectFrom('marriages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMarriage(db: Executor, row: MarriageRow): Promise<void> {
  await insertRows(db, 'marriages', [row]);
}

/**
 * Subsisting marriages of any of `personIds` — the bigamy check. Two index probes on the partial
 * unique indexes (marriages_subsisting_husband_uq / _wife_uq), whatever the table size.
 */
export function subsistingMarriagesOf(db: Executor, personIds: string[]): Promise<MarriageRow[]> {
  if (personIds.length === 0) return Promise.resolve([]);
  return subsistingMarriagesStatement(db, { personIds });
}
/** SQLite's plan for the bigamy check (benchmark output: it must search the partial unique indexes). */
export async function bigamyCheckPlan(db: Executor): Promise<string[]> {
  const q = subsistingMarriagesStatement.compiled(db, { personIds: ['a', 'b'] });
  const plan = await db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
  );
  return plan.rows.map((r) => r.detail);
}
/** The bigamy check's prepared statement (`subsistingMarriagesOf`). */
export const subsistingMarriagesStatement = prepared<{ personIds: string[] }, MarriageRow>((db, p) =>
  db
    .selectFrom('marriages')
    .selectAll()
    // A literal, not a parameter: the partial unique indexes (WHERE status = 'subsisting') apply at
    // prepare time, so SQLite neither re-plans per execution nor falls back to a scan.
    .where('status', '=', sql.lit('subsisting'))
    .where((eb) => eb.or([eb('husbandId', 'in', p('personIds')), eb('wifeId', 'in', p('personIds'))])),
);

/** Every marriage a person was party to, oldest first (history for the marital status). */
export function marriagesOfPerson(db: Executor, personId: string): Promise<MarriageRow[]> {
  return db
    .selectFrom('marriages')
    .selectAll()
    .where((eb) => eb.or([eb('husbandId', '=', personId), eb('wifeId', '=', personId)]))
    .orderBy('registeredOn')
    .orderBy('createdAt')
    .execute();
}

/** Ends a subsisting marriage; false if it was no longer subsisting (idempotent callers rely on it). */
export async function endMarriage(
  db: Executor,
  id: string,
  status: Exclude<MarriageRow['status'], 'subsisting'>,
  endedOn: string,
  endReference: string,
  at: string,
  fromStatuses: MarriageRow['status'][] = ['subsisting'],
): Promise<boolean> {
  const r = await db
    .updateTable('marriages')
    .set((eb) => ({ status, endedOn, endReference, updatedAt: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', 'in', fromStatuses)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The next certificate number of a registry's series in a year: 1, 2, 3… without gaps. The counter row
 * is created on first use and incremented in the caller's transaction; on PostgreSQL the UPDATE locks
 * the row, so concurrent registrations at one registry take numbers one after another, and a rolled-back
 * registration gives its number back.
 */
export async function nextCertificateNumber(
  trx: Transaction<Database>,
  registryId: string,
  series: string,
  year: number,
): Promise<number> {
  // One upsert: the first number of a series/year is 1, later ones the stored number + 1; the row lock
  // taken by the update serialises concurrent registrations of the same registry.
  const [row] = await takeNumber(trx, { registryId, series, year });
  if (!row) throw new Error('certificate counter upsert returned no row');
  return row.lastNumber;
}
const takeNumber = prepared<{ registryId: string; series: string; year: number }, { lastNumber: number }>(
  (db, p) =>
    db
      .insertInto('marriageCertificateCounters')
      .values({ registryId: p('registryId'), series: p('series'), year: p('year'), lastNumber: 1 })
      .onConflict((oc) =>
        oc
          .columns(['registryId', 'series', 'year'])
          .doUpdateSet((eb) => ({ lastNumber: eb('marriageCertificateCounters.lastNumber', '+', 1) })),
      )
      .returning('lastNumber'),
);

export async function insertRefusal(db: Executor, row: RefusalRow): Promise<void> {
  await insertRows(db, 'marriageRefusals', [row]);
}

export function findRefusalById(db: Executor, id: string): Promise<RefusalRow | undefined> {
  return db.selectFrom('marriageRefusals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A marriage with both parties' index entries, for views and certificates. */
export function marriagesWithParties(db: Executor) {
  return db
    .selectFrom('marriages as m')
    .innerJoin('people as h', 'h.id', 'm.husbandId')
    .innerJoin('people as w', 'w.id', 'm.wifeId')
    .selectAll('m')
    .select(PARTY_COLUMNS);
}

/** Both parties' index entries of a marriage joined as `h` (husband) and `w` (wife). */
export const PARTY_COLUMNS = [
  'h.name as husbandName',
  'h.residentId as husbandResidentId',
  'h.birthDate as husbandBirthDate',
  'w.name as wifeName',
  'w.residentId as wifeResidentId',
  'w.birthDate as wifeBirthDate',
] as const;

export type MarriageWithParties = Awaited<
  ReturnType<ReturnType<typeof marriagesWithParties>['executeTakeFirstOrThrow']>
>;

export function findMarriageWithParties(db: Executor, id: string): Promise<MarriageWithParties | undefined> {
  return marriagesWithParties(db).where('m.id', '=', id).executeTakeFirst();
}

export interface MarriageFilter {
  divisionPrefix: string;
  status?: MarriageRow['status'];
  from?: string;
  to?: string;
  /** Person ids matched by name or resident id, or a certificate number. */
  personIds?: string[];
  certificateNo?: string;
  /** A column the clerk sorted by; none: newest registration first. Ties always end on id. */
  sort?: { field: MarriageSortField; desc: boolean };
}

export type MarriageSortField = 'registeredOn' | 'certificateNo' | 'husbandName' | 'wifeName' | 'status';

/** The clerk's sort, then the registration date and id, so a page boundary never splits or repeats a row. */
function sortedMarriages(db: Executor, f: MarriageFilter) {
  const q = filteredMarriages(db, f);
  const sort = f.sort;
  if (!sort) return q;
  const dir = sort.desc ? 'desc' : 'asc';
  switch (sort.field) {
    case 'certificateNo':
      // Records without a certificate number (backfilled ones) last, in both directions and on both databases.
      return q
        .orderBy(sql`case when m.certificate_no is null then 1 else 0 end`)
        .orderBy('m.certificateNo', dir)
        .orderBy('m.id', dir);
    case 'husbandName':
      return q.orderBy('h.nameSortKey', dir).orderBy('m.registeredOn', 'desc').orderBy('m.id');
    case 'wifeName':
      return q.orderBy('w.nameSortKey', dir).orderBy('m.registeredOn', 'desc').orderBy('m.id');
    case 'status':
      return q.orderBy('m.status', dir).orderBy('m.registeredOn', 'desc').orderBy('m.id');
    case 'registeredOn':
      return q.orderBy('m.registeredOn', dir).orderBy('m.createdAt', dir).orderBy('m.id', dir);
  }
}

export function filteredMarriages(db: Executor, f: MarriageFilter) {
  let q = marriagesWithParties(db).where('m.divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.status) q = q.where('m.status', '=', f.status);
  if (f.from) q = q.where('m.registeredOn', '>=', f.from);
  if (f.to) q = q.where('m.registeredOn', '<=', f.to);
  if (f.certificateNo) q = q.where('m.certificateNo', '=', f.certificateNo);
  if (f.personIds) {
    const ids = f.personIds.length > 0 ? f.personIds : [''];
    q = q.where((eb) => eb.or([eb('m.husbandId', 'in', ids), eb('m.wifeId', 'in', ids)]));
  }
  return q;
}

export async function countMarriages(db: Executor, f: MarriageFilter): Promise<number> {
  let q = db.selectFrom('marriages as m').where('m.divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.status) q = q.where('m.status', '=', f.status);
  if (f.from) q = q.where('m.registeredOn', '>=', f.from);
  if (f.to) q = q.where('m.registeredOn', '<=', f.to);
  if (f.certificateNo) q = q.where('m.certificateNo', '=', f.certificateNo);
  if (f.personIds) {
    const ids = f.personIds.length > 0 ? f.personIds : [''];
    q = q.where((eb) => eb.or([eb('m.husbandId', 'in', ids), eb('m.wifeId', 'in', ids)]));
  }
  const r = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** People ids whose name contains `name` or whose resident id equals `residentId` (record search). */
export function peopleIdsMatching(
  db: Executor,
  dialect: DialectName,
  by: { name?: string; residentId?: string },
) {
  let q = db.selectFrom('people').select('id').limit(500);
  if (by.residentId) q = q.where('residentId', '=', by.residentId);
  else if (by.name) q = q.where(ilike(dialect, 'name', likeContains(by.name)));
  return q.execute().then((rows) => rows.map((r) => r.id));
}

/** The marriage with this id; throws (Kysely's NoResultError) when there is none. */
export function getMarriageById(db: Executor, id: string): Promise<MarriageRow> {
  return db.selectFrom('marriages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** One page of `filteredMarriages`, newest registration (and newest entry of a day) first. */
export function marriagesPage(db: Executor, f: MarriageFilter, limit: number, offset: number) {
  if (f.sort) return sortedMarriages(db, f).limit(limit).offset(offset).execute();
  return (
    filteredMarriages(db, f)
      .orderBy('m.registeredOn', 'desc')
      // Newest entry first among the same day (a registrar looks for what was just registered).
      .orderBy('m.createdAt', 'desc')
      .orderBy('m.id')
      .limit(limit)
      .offset(offset)
      .execute()
  );
}

/** A batch of `filteredMarriages` in registration order (the Excel export pages through them). */
export function marriagesInRegistrationOrder(db: Executor, f: MarriageFilter, limit: number, offset: number) {
  // An export of a sorted list keeps the clerk's order.
  if (f.sort) return sortedMarriages(db, f).limit(limit).offset(offset).execute();
  return filteredMarriages(db, f)
    .orderBy('m.registeredOn')
    .orderBy('m.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function insertJudgment(db: Executor, row: JudgmentRow): Promise<void> {
  await db.insertInto('marriageJudgments').values(row).execute();
}

export async function insertCertificateIssue(db: Executor, row: CertificateIssueRow): Promise<void> {
  await db.insertInto('marriageCertificateIssues').values(row).execute();
}

export function findCertificateIssueById(db: Executor, id: string): Promise<CertificateIssueRow | undefined> {
  return db.selectFrom('marriageCertificateIssues').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The identity of a foreign-document party (documentType, nationality and number, upper case). */
export type ForeignDocumentKey = Pick<
  Selectable<MarriageForeignPartiesTable>,
  'documentType' | 'nationality' | 'documentNo'
>;

/** The index entry a foreign document was mapped to, if it was. */
export function findForeignParty(db: Executor, key: ForeignDocumentKey) {
  return db
    .selectFrom('marriageForeignParties as f')
    .innerJoin('people as p', 'p.id', 'f.personId')
    .select(['p.id', 'p.name', 'p.sex', 'p.birthDate', 'p.status', 'p.deathDate'])
    .where('f.documentType', '=', key.documentType)
    .where('f.nationality', '=', key.nationality)
    .where('f.documentNo', '=', key.documentNo)
    .executeTakeFirst();
}

export async function insertForeignParty(
  db: Executor,
  row: ForeignDocumentKey & { personId: string; createdAt: string },
): Promise<void> {
  await db.insertInto('marriageForeignParties').values(row).execute();
}

/** What a certificate prints of a party: the index entry and, for foreign documents, the document. */
export function certificatePartyOf(db: Executor, personId: string) {
  return db
    .selectFrom('people')
    .leftJoin('marriageForeignParties as f', 'f.personId', 'people.id')
    .select([
      'people.name',
      'people.sex',
      'people.birthDate',
      'people.residentId',
      'f.documentNo',
      'f.nationality',
      'f.documentType',
    ])
    .where('people.id', '=', personId)
    .executeTakeFirstOrThrow();
}

/** Hukou division codes of the given people (the parties of a marriage, for competence). */
export function hukouCodesOf(db: Executor, personIds: string[]): Promise<{ hukouDivisionCode: string }[]> {
  return db.selectFrom('people').select('hukouDivisionCode').where('id', 'in', personIds).execute();
}

/** Names of the given people (parties, spouses). */
export function personNamesOf(db: Executor, personIds: string[]): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('people').select(['id', 'name']).where('id', 'in', personIds).execute();
}

/** The (county) division code of a person's index entry. */
export async function personDivisionCode(db: Executor, personId: string): Promise<string | undefined> {
  return (await db.selectFrom('people').select('divisionCode').where('id', '=', personId).executeTakeFirst())
    ?.divisionCode;
}

/** Index entries of the given people (candidates proposed for back-filled parties). */
export function peopleByIds(db: Executor, personIds: string[]): Promise<PersonRow[]> {
  return db.selectFrom('people').selectAll().where('id', 'in', personIds).execute();
}

/**
 * Back-filled rows awaiting a match under `divisionPrefix` (optionally of one batch), newest batch
 * first (index marriage_import_rows_status_idx).
 */
export function awaitingMatchRows(db: Executor, divisionPrefix: string, importId?: string) {
  let query = db
    .selectFrom('marriageImportRows as r')
    .innerJoin('marriageImports as i', 'i.id', 'r.importId')
    .select(['r.importId', 'r.rowNo', 'r.data', 'r.divisionCode', 'i.fileName', 'i.createdAt'])
    .where('r.status', '=', 'awaiting_match')
    .where('r.divisionCode', 'like', `${divisionPrefix}%`);
  if (importId) query = query.where('r.importId', '=', importId);
  return query.orderBy('i.createdAt', 'desc').orderBy('r.importId').orderBy('r.rowNo').execute();
}

/** Living indexed people of a county with a resident id, in id order (the demo seed's couples). */
export function demoPartyCandidates(db: Executor, divisionCode: string, limit: number) {
  return db
    .selectFrom('people')
    .select(['residentId', 'name', 'sex', 'birthDate'])
    .where('divisionCode', '=', divisionCode)
    .where('status', '=', 'alive')
    .where('residentId', 'is not', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}
