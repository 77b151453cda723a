/** SQL of the deaths concern: death registrations, case flags, unidentified profiles, the two worklists. */
import type { Insertable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { FuneralCaseRow } from './cases.repository';
import type {
  FuneralCaseFlagKind,
  FuneralCaseFlagRow,
  FuneralCaseFlagsTable,
  FuneralDeathRegistrationRow,
  FuneralDeathRegistrationsTable,
  FuneralUnidentifiedProfileRow,
  FuneralUnidentifiedProfilesTable,
} from './deaths.table';
import { CLOSING_CUSTODY_STEPS } from './funeral.table';

export async function insertDeathRegistration(
  db: Executor,
  row: Insertable<FuneralDeathRegistrationsTable>,
): Promise<void> {
  await db.insertInto('funeralDeathRegistrations').values(row).execute();
}

export async function registrationsOfCase(
  db: Executor,
  caseId: string,
): Promise<FuneralDeathRegistrationRow[]> {
  return db
    .selectFrom('funeralDeathRegistrations')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('recordedAt')
    .orderBy('id')
    .execute();
}

export async function updateRegistration(
  db: Executor,
  id: string,
  set: Partial<
    Pick<FuneralDeathRegistrationRow, 'outcome' | 'personId' | 'status' | 'revocationId' | 'updatedAt'>
  >,
): Promise<void> {
  await db.updateTable('funeralDeathRegistrations').set(set).where('id', '=', id).execute();
}

/** Active registrations naming `personId` (the person whose death is revoked). */
export async function activeRegistrationsOfPerson(
  db: Executor,
  personId: string,
): Promise<FuneralDeathRegistrationRow[]> {
  return db
    .selectFrom('funeralDeathRegistrations')
    .selectAll()
    .where('personId', '=', personId)
    .where('status', '=', 'active')
    .execute();
}

/** Pending merge registrations of a merge (the death is recorded on the survivor once approved). */
export async function registrationsOfMerge(
  db: Executor,
  mergeId: string,
): Promise<FuneralDeathRegistrationRow[]> {
  return db
    .selectFrom('funeralDeathRegistrations')
    .selectAll()
    .where('mergeId', '=', mergeId)
    .where('status', '=', 'active')
    .execute();
}

/** The valid death certificate number already recorded on another case, if any. */
export async function certificateNumberUsedElsewhere(
  db: Executor,
  number: string,
  caseId: string,
): Promise<string | null> {
  const r = await db
    .selectFrom('funeralCaseDocuments')
    .select('caseId')
    .where('kind', '=', 'death_certificate')
    .where('status', '=', 'valid')
    .where('number', '=', number)
    .where('caseId', '<>', caseId)
    .executeTakeFirst();
  return r?.caseId ?? null;
}

export async function revokeCaseDocuments(
  db: Executor,
  caseId: string,
  kind: 'death_certificate',
  reason: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('funeralCaseDocuments')
    .select('id')
    .where('caseId', '=', caseId)
    .where('kind', '=', kind)
    .where('status', '=', 'valid')
    .execute();
  if (rows.length === 0) return [];
  await db
    .updateTable('funeralCaseDocuments')
    .set({ status: 'revoked', revokedReason: reason })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** Cases whose person is `personId` (open or closed). */
export async function casesOfPerson(db: Executor, personId: string): Promise<FuneralCaseRow[]> {
  return db.selectFrom('funeralCases').selectAll().where('personId', '=', personId).execute();
}

export async function updateCase(
  db: Executor,
  id: string,
  set: Partial<
    Pick<
      FuneralCaseRow,
      | 'personId'
      | 'identityStatus'
      | 'nameGiven'
      | 'birthDate'
      | 'sex'
      | 'deathDate'
      | 'payer'
      | 'unclaimed'
      | 'policeConfirmedAt'
      | 'noticeStartedOn'
      | 'noticeEndsOn'
      | 'updatedAt'
    >
  >,
): Promise<void> {
  await db.updateTable('funeralCases').set(set).where('id', '=', id).execute();
}

/** Inserts the flag unless the same (case, kind, source) exists; true when inserted. */
export async function raiseFlag(db: Executor, row: Insertable<FuneralCaseFlagsTable>): Promise<boolean> {
  const exists = await db
    .selectFrom('funeralCaseFlags')
    .select('id')
    .where('caseId', '=', row.caseId)
    .where('kind', '=', row.kind)
    .where('sourceRef', '=', row.sourceRef)
    .executeTakeFirst();
  if (exists) return false;
  await db.insertInto('funeralCaseFlags').values(row).execute();
  return true;
}

export async function flagsOfCase(db: Executor, caseId: string): Promise<FuneralCaseFlagRow[]> {
  return db
    .selectFrom('funeralCaseFlags')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function findFlag(db: Executor, id: string): Promise<FuneralCaseFlagRow | undefined> {
  return db.selectFrom('funeralCaseFlags').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function resolveFlagRow(
  db: Executor,
  id: string,
  set: { resolvedBy: string; resolvedAt: string; resolution: string },
): Promise<boolean> {
  const r = await db
    .updateTable('funeralCaseFlags')
    .set({ status: 'resolved', ...set })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function openFlagCount(
  db: Executor,
  filter: ScopeFilter,
  kind?: FuneralCaseFlagKind,
): Promise<number> {
  let q = db
    .selectFrom('funeralCaseFlags')
    .where('status', '=', 'open')
    .where((eb) => whereInScope(eb, filter, { division: 'divisionCode', institution: 'facilityId' }));
  if (kind) q = q.where('kind', '=', kind);
  const r = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findProfile(
  db: Executor,
  caseId: string,
): Promise<FuneralUnidentifiedProfileRow | undefined> {
  return db
    .selectFrom('funeralUnidentifiedProfiles')
    .selectAll()
    .where('caseId', '=', caseId)
    .executeTakeFirst();
}

export async function upsertProfile(db: Executor, row: FuneralUnidentifiedProfilesTable): Promise<void> {
  const updated = await db
    .updateTable('funeralUnidentifiedProfiles')
    .set(row)
    .where('caseId', '=', row.caseId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    await db.insertInto('funeralUnidentifiedProfiles').values(row).execute();
}

/** Active attachments of a case by kind → latest id (photo, dna_record, fingerprint_record). */
export async function latestCaseAttachments(
  db: Executor,
  caseIds: readonly string[],
  kinds: readonly string[],
): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (caseIds.length === 0) return out;
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'ownerId', 'kind'])
    .where('ownerType', '=', 'funeral_case')
    .where('ownerId', 'in', [...caseIds])
    .where('kind', 'in', [...kinds])
    .where('status', '=', 'active')
    .orderBy('uploadedAt')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const m = out.get(r.ownerId) ?? new Map<string, string>();
    m.set(r.kind, r.id);
    out.set(r.ownerId, m);
  }
  return out;
}

/** Open family-search candidates of each entry id (the matching line's table; call only when installed). */
export async function openCandidateCounts(
  db: Executor,
  entryIds: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (entryIds.length === 0) return out;
  const ids = [...entryIds];
  const rows = await db
    .selectFrom('familyCandidates')
    .select(['leftEntryId', 'rightEntryId'])
    .where('status', 'in', ['open', 'claimed', 'unsure'])
    .where((eb) => eb.or([eb('leftEntryId', 'in', ids), eb('rightEntryId', 'in', ids)]))
    .execute();
  for (const r of rows) {
    for (const id of [r.leftEntryId, r.rightEntryId])
      if (ids.includes(id)) out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

/** Family-search entries the funeral line holds as active (id → photo reference). */
export async function activeFuneralFeedEntries(db: Executor): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('familySearchEntries')
    .select(['id', 'photoRef'])
    .where('ownerLine', '=', 'funeral')
    .where('status', '=', 'active')
    .execute();
  return new Map(rows.map((r) => [r.id, r.photoRef]));
}

/** Every unidentified case (open or closed) — the feed backfill decides per case. */
export async function unidentifiedCases(db: Executor): Promise<FuneralCaseRow[]> {
  return db.selectFrom('funeralCases').selectAll().where('identityStatus', '=', 'unidentified').execute();
}

export interface UnidentifiedFilter {
  scope: ScopeFilter;
  q?: string;
  facilityId?: string;
  /** open (in custody) or closed. */
  state?: 'open' | 'closed';
  notice?: 'not_started' | 'running' | 'ended';
  today: string;
  sort?: { field: 'createdAt' | 'noticeEndsOn' | 'deathDate' | 'caseNo'; desc: boolean };
}

function unidentifiedQuery(db: Executor, f: UnidentifiedFilter) {
  let q = db
    .selectFrom('funeralCases')
    .where((eb) => eb.or([eb('identityStatus', '=', 'unidentified'), eb('unclaimed', '=', 1)]))
    .where((eb) => whereInScope(eb, f.scope, { division: 'divisionCode', institution: 'facilityId' }));
  if (f.facilityId) q = q.where('facilityId', '=', f.facilityId);
  if (f.q?.trim()) {
    const like = `%${f.q.trim()}%`;
    q = q.where((eb) =>
      eb.or([eb('caseNo', 'like', like), eb('nameGiven', 'like', like), eb('bodyCode', '=', f.q!.trim())]),
    );
  }
  if (f.state === 'open') q = q.where('step', 'not in', [...CLOSING_CUSTODY_STEPS]);
  if (f.state === 'closed') q = q.where('step', 'in', [...CLOSING_CUSTODY_STEPS]);
  if (f.notice === 'not_started') q = q.where('noticeStartedOn', 'is', null);
  if (f.notice === 'running') q = q.where('noticeEndsOn', '>=', f.today);
  if (f.notice === 'ended') q = q.where('noticeEndsOn', '<', f.today);
  return q;
}

export async function listUnidentifiedCases(
  db: Executor,
  f: UnidentifiedFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: FuneralCaseRow[]; total: number }> {
  const q = unidentifiedQuery(db, f);
  const sort = f.sort ?? { field: 'createdAt', desc: true };
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy(sort.field, sort.desc ? 'desc' : 'asc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export interface DeathsFilter {
  scope: ScopeFilter;
  q?: string;
  status?: 'active' | 'revoked';
  outcome?: FuneralDeathRegistrationRow['outcome'];
  from?: string;
  to?: string;
  sort?: { field: 'recordedAt' | 'deathDate' | 'caseNo'; desc: boolean };
}

export interface DeathLedgerRow extends FuneralDeathRegistrationRow {
  caseNo: string;
  nameGiven: string | null;
  identityStatus: 'identified' | 'unidentified';
  certificateNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  personName: string;
  personStatus: 'alive' | 'deceased';
}

export async function listDeathRegistrations(
  db: Executor,
  f: DeathsFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: DeathLedgerRow[]; total: number }> {
  let q = db
    .selectFrom('funeralDeathRegistrations as r')
    .innerJoin('funeralCases as c', 'c.id', 'r.caseId')
    .innerJoin('funeralCaseDocuments as d', 'd.id', 'r.documentId')
    .innerJoin('people as p', 'p.id', 'r.personId')
    .where((eb) => whereInScope(eb, f.scope, { division: 'r.divisionCode', institution: 'r.facilityId' }));
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.outcome) q = q.where('r.outcome', '=', f.outcome);
  if (f.from) q = q.where('r.deathDate', '>=', f.from);
  if (f.to) q = q.where('r.deathDate', '<=', f.to);
  if (f.q?.trim()) {
    const like = `%${f.q.trim()}%`;
    q = q.where((eb) =>
      eb.or([eb('c.caseNo', 'like', like), eb('c.nameGiven', 'like', like), eb('p.name', 'like', like)]),
    );
  }
  const sort = f.sort ?? { field: 'recordedAt', desc: true };
  const col =
    sort.field === 'caseNo' ? 'c.caseNo' : sort.field === 'deathDate' ? 'r.deathDate' : 'r.recordedAt';
  const [rows, count] = await Promise.all([
    q
      .selectAll('r')
      .select([
        'c.caseNo',
        'c.nameGiven',
        'c.identityStatus',
        'd.number as certificateNumber',
        'd.issuer',
        'd.issuedOn',
        'p.name as personName',
        'p.status as personStatus',
      ])
      .orderBy(col, sort.desc ? 'desc' : 'asc')
      .orderBy('r.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Valid death certificates of identified cases with no registration yet (demo data written directly). */
export async function unregisteredCertificates(
  db: Executor,
): Promise<{ documentId: string; caseId: string; number: string | null; issuedOn: string | null }[]> {
  return db
    .selectFrom('funeralCaseDocuments as d')
    .innerJoin('funeralCases as c', 'c.id', 'd.caseId')
    .leftJoin('funeralDeathRegistrations as r', 'r.documentId', 'd.id')
    .select(['d.id as documentId', 'd.caseId', 'd.number', 'd.issuedOn'])
    .where('d.kind', '=', 'death_certificate')
    .where('d.status', '=', 'valid')
    .where('c.identityStatus', '=', 'identified')
    .where('r.id', 'is', null)
    .orderBy('d.recordedAt')
    .execute();
}
