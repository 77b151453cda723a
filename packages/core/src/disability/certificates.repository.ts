/** SQL of the certificates-and-standards concern: the register's writes, history, ledger; standards. */
import { newId } from '@social-affairs/kernel';
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type {
  DisabilityCertificateEventsTable,
  DisabilityStandardWithdrawalsTable,
} from './certificates.table';
import type {
  CertificateStatus,
  DisabilityCertificatesTable,
  DisabilityStandardsTable,
  Subsidy,
} from './disability.table';

export type CertificateEventRow = Selectable<DisabilityCertificateEventsTable>;
export type StandardWithdrawalRow = Selectable<DisabilityStandardWithdrawalsTable>;

// ----- certificates -----

export async function insertCertificate(
  db: Executor,
  row: Insertable<DisabilityCertificatesTable>,
): Promise<void> {
  await db.insertInto('disabilityCertificates').values(row).execute();
}

/** Writes the changed fields and bumps the version (writers serialise on the row). */
export async function updateCertificate(
  db: Executor,
  id: string,
  set: Updateable<Omit<DisabilityCertificatesTable, 'id' | 'version'>>,
): Promise<void> {
  await db
    .updateTable('disabilityCertificates')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function insertCertificateEvent(
  db: Executor,
  row: Omit<DisabilityCertificateEventsTable, 'id'>,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('disabilityCertificateEvents')
    .values({ id, ...row })
    .execute();
  return id;
}

export async function eventsOfCertificate(
  db: Executor,
  certificateId: string,
): Promise<CertificateEventRow[]> {
  return db
    .selectFrom('disabilityCertificateEvents')
    .selectAll()
    .where('certificateId', '=', certificateId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export const CERTIFICATE_LEDGER_SORTS = [
  'name',
  'number',
  'grade',
  'issuedOn',
  'validUntil',
  'updatedAt',
] as const;
export type CertificateLedgerSort = (typeof CERTIFICATE_LEDGER_SORTS)[number];

export interface CertificateLedgerFilter {
  scope: ScopeFilter;
  /** Today: a valid certificate past its `validUntil` counts as expired. */
  today: string;
  /** A name (contains) or a certificate number (the whole number, or its start). */
  q?: string;
  category?: number;
  grade?: number;
  /** The effective status (computed expiry). */
  status?: CertificateStatus;
  personId?: string;
  sort?: { field: CertificateLedgerSort; desc: boolean };
}

function certificateLedger(db: Executor, f: CertificateLedgerFilter) {
  let q = db
    .selectFrom('disabilityCertificates as c')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .selectAll('c')
    .select(['p.name as personName', 'p.hukouDivisionCode as hukouDivisionCode', 'p.status as personStatus'])
    .where((eb) => whereInScope(eb, f.scope, { division: 'c.divisionCode' }));
  if (f.category) q = q.where('c.category', '=', f.category);
  if (f.grade) q = q.where('c.grade', '=', f.grade);
  if (f.personId) q = q.where('c.personId', '=', f.personId);
  if (f.status === 'expired') {
    q = q.where((eb) =>
      eb.or([
        eb('c.status', '=', 'expired'),
        eb.and([eb('c.status', '=', 'valid'), eb('c.validUntil', '<', f.today)]),
      ]),
    );
  } else if (f.status === 'valid') {
    q = q
      .where('c.status', '=', 'valid')
      .where((eb) => eb.or([eb('c.validUntil', 'is', null), eb('c.validUntil', '>=', f.today)]));
  } else if (f.status) {
    q = q.where('c.status', '=', f.status);
  }
  if (f.q) {
    const text = f.q.toUpperCase();
    q = /^\d{6,}[\dX]*$/.test(text)
      ? q.where('c.number', 'like', `${text}%`)
      : q.where('p.name', 'like', `%${f.q}%`);
  }
  return q;
}

export type CertificateLedgerDbRow = Awaited<ReturnType<typeof certificateLedgerPage>>[number];

export function certificateLedgerPage(
  db: Executor,
  f: CertificateLedgerFilter,
  limit: number,
  offset: number,
) {
  const sort = f.sort ?? { field: 'updatedAt', desc: true };
  const dir = sort.desc ? 'desc' : 'asc';
  const column = sort.field === 'name' ? sql.ref('p.nameSortKey') : sql.ref(`c.${sort.field}`);
  return certificateLedger(db, f)
    .orderBy(column, dir)
    .orderBy('c.id', dir)
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countCertificateLedger(db: Executor, f: CertificateLedgerFilter): Promise<number> {
  const r = await certificateLedger(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Valid certificates whose validity ended before `today` (the expiry job), at most `limit`. */
export async function certificatesPastValidity(
  db: Executor,
  today: string,
  limit: number,
): Promise<Selectable<DisabilityCertificatesTable>[]> {
  return db
    .selectFrom('disabilityCertificates')
    .selectAll()
    .where('status', '=', 'valid')
    .where('validUntil', '<', today)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** How many certificates a county's register holds (demo seed idempotence). */
export async function countCertificatesOfCounty(db: Executor, county: string): Promise<number> {
  const r = await db
    .selectFrom('disabilityCertificates')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('divisionCode', '=', county)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Demo seed: living people of the county's index with a resident id, the demo townships first. */
export async function demoPeopleOfCounty(
  db: Executor,
  county: string,
  townships: readonly string[],
  limit: number,
) {
  return db
    .selectFrom('people')
    .select(['id', 'residentId', 'name', 'hukouDivisionCode', 'birthDate'])
    .where('divisionCode', '=', county)
    .where('status', '=', 'alive')
    .where('residentId', 'is not', null)
    .where('residentId', 'like', `${county}%`)
    .where((eb) => eb.or([eb('mergedInto', 'is', null)]))
    .orderBy(sql`case when hukou_division_code in (${sql.join([...townships])}) then 0 else 1 end`)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The demo holders: certificates of the county with their holder and 低保/特困 memberships in force on `on`. */
export async function certificateHoldersOfCounty(db: Executor, county: string) {
  return db
    .selectFrom('disabilityCertificates as c')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .select([
      'c.id as certificateId',
      'c.number',
      'c.category',
      'c.grade',
      'c.status',
      'c.validUntil',
      'p.id as personId',
      'p.residentId',
      'p.name',
      'p.hukouDivisionCode',
    ])
    .where('c.divisionCode', '=', county)
    .orderBy('c.number')
    .execute();
}

// ----- standards -----

export type StandardRow = Selectable<DisabilityStandardsTable>;

export async function findStandard(db: Executor, id: string): Promise<StandardRow | undefined> {
  return db.selectFrom('disabilityStandards').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertStandard(db: Executor, row: Insertable<DisabilityStandardsTable>): Promise<void> {
  await db.insertInto('disabilityStandards').values(row).execute();
}

/** The active standard with the same division, year, subsidy, tier and start month, if any. */
export async function activeTwinStandard(
  db: Executor,
  k: {
    divisionCode: string;
    year: number;
    subsidy: Subsidy;
    category: number | null;
    grade: number | null;
    hardship: string | null;
    fromMonth: string;
  },
): Promise<StandardRow | undefined> {
  let q = db
    .selectFrom('disabilityStandards')
    .selectAll()
    .where('divisionCode', '=', k.divisionCode)
    .where('year', '=', k.year)
    .where('subsidy', '=', k.subsidy)
    .where('fromMonth', '=', k.fromMonth)
    .where('status', '=', 'active');
  q = k.category === null ? q.where('category', 'is', null) : q.where('category', '=', k.category);
  q = k.grade === null ? q.where('grade', 'is', null) : q.where('grade', '=', k.grade);
  q = k.hardship === null ? q.where('hardship', 'is', null) : q.where('hardship', '=', k.hardship);
  return q.executeTakeFirst();
}

/** Marks a standard withdrawn if it is still active; false when it was not. */
export async function withdrawStandardRow(
  db: Executor,
  id: string,
  w: { reason: string; replacedBy: string | null; withdrawnBy: string; withdrawnAt: string },
): Promise<boolean> {
  const r = await db
    .updateTable('disabilityStandards')
    .set({ status: 'withdrawn' })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db
    .insertInto('disabilityStandardWithdrawals')
    .values({ standardId: id, ...w })
    .execute();
  return true;
}

export interface StandardListFilter {
  /** Divisions whose standards apply to the actor (its ancestors: 43, 4301, 430181). */
  ancestors: readonly string[];
  /** Code prefix of the actor's scope (standards of divisions below it). */
  scopePrefix: string;
  divisionCode?: string;
  year?: number;
  subsidy?: Subsidy;
  includeWithdrawn: boolean;
}

export async function listStandardRows(
  db: Executor,
  f: StandardListFilter,
): Promise<
  (StandardRow & {
    reason: string | null;
    replacedBy: string | null;
    withdrawnBy: string | null;
    withdrawnAt: string | null;
  })[]
> {
  let q = db
    .selectFrom('disabilityStandards as s')
    .leftJoin('disabilityStandardWithdrawals as w', 'w.standardId', 's.id')
    .selectAll('s')
    .select(['w.reason', 'w.replacedBy', 'w.withdrawnBy', 'w.withdrawnAt'])
    .where((eb) =>
      eb.or([
        eb('s.divisionCode', 'in', [...f.ancestors, '-']),
        eb('s.divisionCode', 'like', `${f.scopePrefix}%`),
      ]),
    );
  if (f.divisionCode) q = q.where('s.divisionCode', '=', f.divisionCode);
  if (f.year) q = q.where('s.year', '=', f.year);
  if (f.subsidy) q = q.where('s.subsidy', '=', f.subsidy);
  if (!f.includeWithdrawn) q = q.where('s.status', '=', 'active');
  return q
    .orderBy('s.year', 'desc')
    .orderBy('s.divisionCode')
    .orderBy('s.subsidy')
    .orderBy('s.createdAt', 'desc')
    .orderBy('s.id')
    .limit(2000)
    .execute();
}

/** Demo seed: whether the person has any membership of the program (assistance rolls). */
export async function hasMembership(
  db: Executor,
  personId: string,
  program: 'dibao' | 'tekun',
): Promise<boolean> {
  const r = await db
    .selectFrom('assistanceMemberships')
    .select('id')
    .where('personId', '=', personId)
    .where('program', '=', program)
    .executeTakeFirst();
  return r !== undefined;
}

/** Demo seed: a 低保/特困 membership written directly (the roll import is the real way in). */
export async function insertDemoMembership(
  db: Executor,
  m: {
    personId: string;
    program: 'dibao' | 'tekun';
    divisionCode: string;
    fromDate: string;
    rollName: string;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('assistanceMemberships')
    .values({
      id: newId(),
      personId: m.personId,
      program: m.program,
      divisionCode: m.divisionCode,
      fromDate: m.fromDate,
      toDate: null,
      rollName: m.rollName,
      importRunId: null,
      updatedByRunId: null,
      createdAt: m.at,
      updatedAt: m.at,
    })
    .execute();
}

/** Demo seed: whether any standard of the division and year exists. */
export async function hasStandards(db: Executor, divisionCode: string, year: number): Promise<boolean> {
  const r = await db
    .selectFrom('disabilityStandards')
    .select('id')
    .where('divisionCode', '=', divisionCode)
    .where('year', '=', year)
    .executeTakeFirst();
  return r !== undefined;
}

/** Import runs of the certificate register in a scope (and the county's, for a township), newest first. */
export async function certificateImportRuns(
  db: Executor,
  f: { kindPrefix: string; scopePrefix: string; sharedCounty: string | null },
) {
  return db
    .selectFrom('importRuns')
    .selectAll()
    .where('importKind', 'like', `${f.kindPrefix}%`)
    .where((eb) =>
      eb.or([
        eb('divisionCode', 'like', `${f.scopePrefix}%`),
        ...(f.sharedCounty ? [eb('divisionCode', '=', f.sharedCounty)] : []),
      ]),
    )
    .orderBy('startedAt', 'desc')
    .limit(50)
    .execute();
}

/** Valid certificates in a scope whose validity ends between `from` and `to` (the renewal reminder). */
export async function expiringCertificates(
  db: Executor,
  f: { scope: ScopeFilter; from: string; to: string },
): Promise<{ count: number; first: string | null }> {
  const r = await db
    .selectFrom('disabilityCertificates as c')
    .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.min('c.validUntil').as('first')])
    .where((eb) => whereInScope(eb, f.scope, { division: 'c.divisionCode' }))
    .where('c.status', '=', 'valid')
    .where('c.validUntil', '>=', f.from)
    .where('c.validUntil', '<=', f.to)
    .executeTakeFirstOrThrow();
  return { count: Number(r.n), first: r.first ?? null };
}
