/** SQL of the certificates concern: cremation certificates, their history and re-issue log, transport requests. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type {
  FuneralCertificateEventsTable,
  FuneralCertificateReissuesTable,
  FuneralCremationCertificatesTable,
  FuneralTransportRequestsTable,
} from './certificates.table';

export type CremationCertificateRow = Selectable<FuneralCremationCertificatesTable>;
export type CertificateEventRow = Selectable<FuneralCertificateEventsTable>;
export type CertificateReissueRow = Selectable<FuneralCertificateReissuesTable>;
export type TransportRequestRow = Selectable<FuneralTransportRequestsTable>;

export async function findCertificate(
  db: Executor,
  id: string,
): Promise<CremationCertificateRow | undefined> {
  return db.selectFrom('funeralCremationCertificates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCertificate(
  db: Executor,
  row: Insertable<FuneralCremationCertificatesTable>,
): Promise<void> {
  await db.insertInto('funeralCremationCertificates').values(row).execute();
}

/**
 * Moves a certificate from `from` to the values in `set`, only if it is still in `from` (a concurrent
 * transition makes this return false). Bumps the version.
 */
export async function transitionCertificate(
  db: Executor,
  id: string,
  from: string,
  set: Updateable<FuneralCremationCertificatesTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('funeralCremationCertificates')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', from as FuneralCremationCertificatesTable['status'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function certificatesOfCase(db: Executor, caseId: string): Promise<CremationCertificateRow[]> {
  return db
    .selectFrom('funeralCremationCertificates')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function insertCertificateEvent(
  db: Executor,
  row: Insertable<FuneralCertificateEventsTable>,
): Promise<void> {
  await db.insertInto('funeralCertificateEvents').values(row).execute();
}

export async function certificateEventsOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('funeralCertificateEvents as e')
    .innerJoin('funeralCremationCertificates as c', 'c.id', 'e.certificateId')
    .selectAll('e')
    .select('c.number')
    .where('e.caseId', '=', caseId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

export async function insertReissue(
  db: Executor,
  row: Insertable<FuneralCertificateReissuesTable>,
): Promise<void> {
  await db.insertInto('funeralCertificateReissues').values(row).execute();
}

export async function reissuesOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('funeralCertificateReissues as r')
    .innerJoin('funeralCremationCertificates as o', 'o.id', 'r.oldCertificateId')
    .innerJoin('funeralCremationCertificates as n', 'n.id', 'r.newCertificateId')
    .selectAll('r')
    .select(['o.number as oldNumber', 'n.number as newNumber'])
    .where('r.caseId', '=', caseId)
    .orderBy('r.at')
    .orderBy('r.id')
    .execute();
}

/** Numbers of the given certificates (the replaced one of a re-issue). */
export async function certificateNumbers(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('funeralCremationCertificates')
    .select(['id', 'number'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.number]));
}

/** The date (Beijing) of the case's latest 火化 custody event, or undefined. */
export async function cremationEventAt(db: Executor, caseId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('funeralCustodyEvents')
    .select('at')
    .where('caseId', '=', caseId)
    .where('step', '=', 'cremated')
    .orderBy('at', 'desc')
    .executeTakeFirst();
  return r?.at;
}

/** The deceased's name and resident id as the people index holds them (following a merge once). */
export async function deceasedOf(
  db: Executor,
  personId: string,
): Promise<{ name: string; residentId: string | null } | undefined> {
  const p = await db
    .selectFrom('people')
    .select(['name', 'residentId', 'mergedInto'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (p?.mergedInto) {
    const s = await db
      .selectFrom('people')
      .select(['name', 'residentId'])
      .where('id', '=', p.mergedInto)
      .executeTakeFirst();
    if (s) return s;
  }
  return p ? { name: p.name, residentId: p.residentId } : undefined;
}

export async function facilityNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('funeralFacilities')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function setCaseDisposition(
  db: Executor,
  caseId: string,
  disposition: 'cremation' | 'burial' | 'transport_out',
  at: string,
): Promise<void> {
  await db.updateTable('funeralCases').set({ disposition, updatedAt: at }).where('id', '=', caseId).execute();
}

// ----- the certificates ledger -----

export interface CertificateLedgerFilter {
  scope: ScopeFilter;
  status?: string;
  facilityId?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: { field: 'issuedOn' | 'number' | 'crematedOn'; desc: boolean };
}

function certificateLedger(db: Executor, f: CertificateLedgerFilter) {
  let q = db
    .selectFrom('funeralCremationCertificates as fc')
    .innerJoin('funeralCases as c', 'c.id', 'fc.caseId')
    .innerJoin('funeralFacilities as f', 'f.id', 'fc.facilityId')
    .leftJoin('people as p', 'p.id', 'c.personId')
    .selectAll('fc')
    .select([
      'c.caseNo as caseNo',
      'c.identityStatus as identityStatus',
      'c.nameGiven as nameGiven',
      'c.deathDate as deathDate',
      'c.personId as personId',
      'p.name as personName',
      'f.name as facilityName',
    ])
    .where((eb) => whereInScope(eb, f.scope, { division: 'fc.divisionCode', institution: 'fc.facilityId' }));
  if (f.status) q = q.where('fc.status', '=', f.status as FuneralCremationCertificatesTable['status']);
  if (f.facilityId) q = q.where('fc.facilityId', '=', f.facilityId);
  if (f.from) q = q.where('fc.issuedOn', '>=', f.from);
  if (f.to) q = q.where('fc.issuedOn', '<=', f.to);
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) =>
      eb.or([eb('fc.number', 'like', like), eb('c.caseNo', 'like', like), eb('p.name', 'like', like)]),
    );
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
  const sort = f.sort ?? { field: 'issuedOn', desc: true };
  const dir = sort.desc ? 'desc' : 'asc';
  return certificateLedger(db, f)
    .orderBy(`fc.${sort.field}`, dir)
    .orderBy('fc.createdAt', dir)
    .orderBy('fc.id', dir)
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

// ----- transport requests -----

export async function findTransportRequest(
  db: Executor,
  id: string,
): Promise<TransportRequestRow | undefined> {
  return db.selectFrom('funeralTransportRequests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTransportRequest(
  db: Executor,
  row: Insertable<FuneralTransportRequestsTable>,
): Promise<void> {
  await db.insertInto('funeralTransportRequests').values(row).execute();
}

export async function updateTransportRequest(
  db: Executor,
  id: string,
  from: string,
  set: Updateable<FuneralTransportRequestsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('funeralTransportRequests')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', from as FuneralTransportRequestsTable['status'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function transportRequestByApproval(
  db: Executor,
  approvalId: string,
): Promise<TransportRequestRow | undefined> {
  return db
    .selectFrom('funeralTransportRequests')
    .selectAll()
    .where('approvalId', '=', approvalId)
    .executeTakeFirst();
}

/** A pending request whose approval was withdrawn in the engine (no event) is marked withdrawn. */
export async function settleWithdrawnTransportRequests(
  db: Executor,
  caseId: string,
  at: string,
): Promise<void> {
  const withdrawn = await db
    .selectFrom('funeralTransportRequests as t')
    .innerJoin('approvalInstances as ai', 'ai.id', 't.approvalId')
    .select('t.id')
    .where('t.caseId', '=', caseId)
    .where('t.status', '=', 'pending')
    .where('ai.status', '=', 'withdrawn')
    .execute();
  for (const w of withdrawn) {
    await updateTransportRequest(db, w.id, 'pending', { status: 'withdrawn', decidedAt: at, updatedAt: at });
  }
}

const transportSelect = (db: Executor) =>
  db
    .selectFrom('funeralTransportRequests as t')
    .innerJoin('funeralCases as c', 'c.id', 't.caseId')
    .innerJoin('funeralFacilities as f', 'f.id', 't.facilityId')
    .leftJoin('people as p', 'p.id', 'c.personId')
    .leftJoin('approvalInstances as ai', 'ai.id', 't.approvalId')
    .leftJoin('funeralCaseDocuments as hd', 'hd.id', 't.homeCountyDocumentId')
    .leftJoin('funeralCaseDocuments as ad', 'ad.id', 't.approvalDocumentId')
    .selectAll('t')
    .select([
      'c.caseNo as caseNo',
      'c.identityStatus as identityStatus',
      'c.nameGiven as nameGiven',
      'p.name as personName',
      'f.name as facilityName',
      'hd.number as homeCountyCertificateNumber',
      'ad.number as deathPlaceApprovalNumber',
      sql<string>`case when t.status = 'pending' and ai.status = 'withdrawn' then 'withdrawn' else t.status end`.as(
        'shownStatus',
      ),
    ]);

export type TransportDbRow = Awaited<ReturnType<typeof transportRequestsOfCase>>[number];

export async function transportRequestsOfCase(db: Executor, caseId: string) {
  return transportSelect(db).where('t.caseId', '=', caseId).orderBy('t.createdAt').orderBy('t.id').execute();
}

export async function transportRequestById(db: Executor, id: string) {
  return transportSelect(db).where('t.id', '=', id).executeTakeFirst();
}

export interface TransportLedgerFilter {
  scope: ScopeFilter;
  status?: string;
  facilityId?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: { field: 'requestedOn' | 'caseNo' | 'status'; desc: boolean };
}

function transportLedger(db: Executor, f: TransportLedgerFilter) {
  let q = transportSelect(db).where((eb) =>
    whereInScope(eb, f.scope, { division: 't.divisionCode', institution: 't.facilityId' }),
  );
  if (f.status === 'withdrawn') {
    q = q.where((eb) =>
      eb.or([
        eb('t.status', '=', 'withdrawn'),
        eb.and([eb('t.status', '=', 'pending'), eb('ai.status', '=', 'withdrawn')]),
      ]),
    );
  } else if (f.status === 'pending') {
    q = q
      .where('t.status', '=', 'pending')
      .where((eb) => eb.or([eb('ai.status', 'is', null), eb('ai.status', '<>', 'withdrawn')]));
  } else if (f.status) {
    q = q.where('t.status', '=', f.status as FuneralTransportRequestsTable['status']);
  }
  if (f.facilityId) q = q.where('t.facilityId', '=', f.facilityId);
  if (f.from) q = q.where('t.requestedOn', '>=', f.from);
  if (f.to) q = q.where('t.requestedOn', '<=', f.to);
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) => eb.or([eb('c.caseNo', 'like', like), eb('p.name', 'like', like)]));
  }
  return q;
}

export function transportLedgerPage(db: Executor, f: TransportLedgerFilter, limit: number, offset: number) {
  const sort = f.sort ?? { field: 'requestedOn', desc: true };
  const dir = sort.desc ? 'desc' : 'asc';
  const col = sort.field === 'caseNo' ? 'c.caseNo' : sort.field === 'status' ? 't.status' : 't.requestedOn';
  return transportLedger(db, f)
    .orderBy(col, dir)
    .orderBy('t.createdAt', dir)
    .orderBy('t.id', dir)
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countTransportLedger(db: Executor, f: TransportLedgerFilter): Promise<number> {
  const r = await transportLedger(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Case of each transport request (the approvals inbox links a request to its case page). */
export async function caseIdsOfTransportRequests(
  db: Executor,
  ids: readonly string[],
): Promise<{ id: string; caseId: string }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('funeralTransportRequests')
    .select(['id', 'caseId'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Demo seed: the facility's cases at `steps`, oldest first. */
export async function casesOfFacilityAtSteps(db: Executor, facilityId: string, steps: readonly string[]) {
  return db
    .selectFrom('funeralCases')
    .select(['id', 'step', 'identityStatus', 'disposition', 'agentName', 'agentRelation'])
    .where('facilityId', '=', facilityId)
    .where('step', 'in', steps as never[])
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function anyCertificateAt(db: Executor, facilityId: string): Promise<boolean> {
  const r = await db
    .selectFrom('funeralCremationCertificates')
    .select('id')
    .where('facilityId', '=', facilityId)
    .executeTakeFirst();
  return r !== undefined;
}

/** To-do: cremated bodies (disposition cremation) in scope without a valid certificate, oldest first. */
export async function casesAwaitingCertificate(db: Executor, scope: ScopeFilter, limit: number) {
  const q = db
    .selectFrom('funeralCases as c')
    .where((eb) => whereInScope(eb, scope, { division: 'c.divisionCode', institution: 'c.facilityId' }))
    .where('c.disposition', '=', 'cremation')
    .where('c.step', 'in', ['cremated', 'ashes_released', 'ashes_stored', 'buried'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('funeralCremationCertificates as fc')
            .select('fc.id')
            .whereRef('fc.caseId', '=', 'c.id')
            .where('fc.status', '<>', 'cancelled'),
        ),
      ),
    );
  const [rows, total] = await Promise.all([
    q.select(['c.id']).orderBy('c.updatedAt').orderBy('c.id').limit(limit).execute(),
    q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(total.n) };
}

/** To-do: approved transport requests in scope not yet departed. */
export async function transportsAwaitingDeparture(db: Executor, scope: ScopeFilter): Promise<number> {
  const r = await db
    .selectFrom('funeralTransportRequests as t')
    .where((eb) => whereInScope(eb, scope, { division: 't.divisionCode', institution: 't.facilityId' }))
    .where('t.status', '=', 'approved')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
