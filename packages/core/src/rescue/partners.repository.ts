/** SQL of partner institutions (托养机构、合作医院) and placement agreements (托养协议), R-RES-13. */
import type { SortSpec } from '@social-affairs/kernel/contracts';
import type { RESCUE_PARTNER_SORT_FIELDS } from '@social-affairs/kernel/contracts/rescue';
import { sql, type Selectable, type SqlBool, type Updateable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import './inspections.table';
import type {
  RescueAgreementsTable,
  RescuePartnerKind,
  RescuePartnerQualification,
  RescuePartnersTable,
} from './rescue.table';

export type RescuePartnerRow = Selectable<RescuePartnersTable>;
export type RescueAgreementRow = Selectable<RescueAgreementsTable>;

export function findPartner(db: Executor, id: string): Promise<RescuePartnerRow | undefined> {
  return db.selectFrom('rescuePartners').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPartnerByName(
  db: Executor,
  divisionCode: string,
  name: string,
): Promise<RescuePartnerRow | undefined> {
  return db
    .selectFrom('rescuePartners')
    .selectAll()
    .where('divisionCode', '=', divisionCode)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertPartner(db: Executor, row: RescuePartnerRow): Promise<void> {
  await db.insertInto('rescuePartners').values(row).execute();
}

/** Updates when `version` (if given) still matches, bumping it; false when it did not match. */
export async function updatePartner(
  db: Executor,
  id: string,
  version: number | null,
  set: Updateable<RescuePartnersTable>,
): Promise<boolean> {
  let q = db
    .updateTable('rescuePartners')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id);
  if (version !== null) q = q.where('version', '=', version);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface PartnerListFilter {
  scope: ScopeFilter;
  /** A station-bound actor's station: partners it has an agreement with are visible too. */
  stationId: string | null;
  kind?: RescuePartnerKind;
  qualification?: RescuePartnerQualification;
  ownership?: 'public' | 'private';
  q?: string;
  status?: 'active' | 'closed';
  sort?: SortSpec<(typeof RESCUE_PARTNER_SORT_FIELDS)[number]> | undefined;
}

export interface PartnerExtras {
  lastInspectedOn: string | null;
  /** The deadline of the partner's latest inspection (set when its result was `rectify`). */
  rectifyBy: string | null;
  activeAgreements: number;
}

function withExtras(db: Executor) {
  return db.selectFrom('rescuePartners as p').select((eb) => [
    eb
      .selectFrom('rescueInspections as i')
      .select((e) => e.fn.max('i.inspectedOn').as('m'))
      .whereRef('i.partnerId', '=', 'p.id')
      .as('lastInspectedOn'),
    eb
      .selectFrom('rescueInspections as i')
      .select('i.rectifyBy')
      .whereRef('i.partnerId', '=', 'p.id')
      .orderBy('i.inspectedOn', 'desc')
      .orderBy('i.createdAt', 'desc')
      .orderBy('i.id', 'desc')
      .limit(1)
      .as('rectifyBy'),
    eb
      .selectFrom('rescueAgreements as a')
      .select((e) => e.fn.countAll<string | number>().as('n'))
      .whereRef('a.partnerId', '=', 'p.id')
      .where('a.status', '=', 'active')
      .as('activeAgreements'),
  ]);
}

type PartnerWithExtras = RescuePartnerRow & PartnerExtras;

function filtered(db: Executor, f: PartnerListFilter) {
  let q = withExtras(db)
    .selectAll('p')
    .where((eb) => {
      const own = whereInScope(eb, { ...f.scope, institutionId: null }, { division: 'p.divisionCode' });
      const inScope =
        f.scope.institutionId === null
          ? own
          : eb.or([
              // Institution-bound: the county's registry (shared) …
              ...(f.scope.sharedCounty !== null
                ? [sql<SqlBool>`${sql.ref('p.divisionCode')} like ${`${f.scope.sharedCounty}%`}`]
                : []),
              // … and partners its station has an agreement with.
              eb.exists(
                eb
                  .selectFrom('rescueAgreements as a2')
                  .select('a2.id')
                  .whereRef('a2.partnerId', '=', 'p.id')
                  .where('a2.stationId', '=', f.stationId ?? ''),
              ),
            ]);
      return inScope;
    });
  if (f.kind) q = q.where('p.kind', '=', f.kind);
  if (f.qualification) q = q.where('p.qualification', '=', f.qualification);
  if (f.ownership) q = q.where('p.ownership', '=', f.ownership);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.q) q = q.where('p.name', 'like', `%${f.q}%`);
  return q;
}

/** A page of partners with their latest inspection, open rectification deadline and active agreements. */
export async function partnerPage(
  db: Executor,
  f: PartnerListFilter,
  limit: number,
  offset: number,
  withTotal = true,
): Promise<{ rows: PartnerWithExtras[]; total: number }> {
  let q = filtered(db, f);
  const s = f.sort;
  const dir = s?.desc ? 'desc' : 'asc';
  if (s?.field === 'lastInspectedOn') q = q.orderBy('lastInspectedOn', dir);
  else if (s?.field === 'divisionCode') q = q.orderBy('p.divisionCode', dir);
  else if (s?.field === 'qualification') q = q.orderBy('p.qualification', dir);
  else if (s?.field === 'name') q = q.orderBy('p.name', dir);
  else q = q.orderBy('p.divisionCode').orderBy('p.kind');
  const rows = await q.orderBy('p.name').orderBy('p.id').limit(limit).offset(offset).execute();
  let total = rows.length + offset;
  if (withTotal) {
    const c = await filtered(db, f)
      .clearSelect()
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    total = Number(c.n);
  }
  return {
    rows: rows.map((r) => ({
      ...r,
      lastInspectedOn: r.lastInspectedOn ?? null,
      rectifyBy: r.rectifyBy ?? null,
      activeAgreements: Number(r.activeAgreements ?? 0),
    })),
    total,
  };
}

export async function partnerExtras(db: Executor, id: string): Promise<PartnerExtras> {
  const r = await withExtras(db).where('p.id', '=', id).executeTakeFirst();
  return {
    lastInspectedOn: r?.lastInspectedOn ?? null,
    rectifyBy: r?.rectifyBy ?? null,
    activeAgreements: Number(r?.activeAgreements ?? 0),
  };
}

export async function stationHasAgreementWith(
  db: Executor,
  stationId: string,
  partnerId: string,
): Promise<boolean> {
  const r = await db
    .selectFrom('rescueAgreements')
    .select('id')
    .where('stationId', '=', stationId)
    .where('partnerId', '=', partnerId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export function findAgreement(db: Executor, id: string): Promise<RescueAgreementRow | undefined> {
  return db.selectFrom('rescueAgreements').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAgreementByNo(
  db: Executor,
  agreementNo: string,
): Promise<RescueAgreementRow | undefined> {
  return db
    .selectFrom('rescueAgreements')
    .selectAll()
    .where('agreementNo', '=', agreementNo)
    .executeTakeFirst();
}

export async function insertAgreement(db: Executor, row: RescueAgreementRow): Promise<void> {
  await db.insertInto('rescueAgreements').values(row).execute();
}

export async function updateAgreement(
  db: Executor,
  id: string,
  set: Updateable<RescueAgreementsTable>,
): Promise<void> {
  await db.updateTable('rescueAgreements').set(set).where('id', '=', id).execute();
}

/** The station's active agreement with the partner whose period covers `on` (latest start first). */
export function findActiveAgreement(
  db: Executor,
  stationId: string,
  partnerId: string,
  on: string,
): Promise<RescueAgreementRow | undefined> {
  return db
    .selectFrom('rescueAgreements')
    .selectAll()
    .where('stationId', '=', stationId)
    .where('partnerId', '=', partnerId)
    .where('status', '=', 'active')
    .where('validFrom', '<=', on)
    .where('validUntil', '>=', on)
    .orderBy('validFrom', 'desc')
    .orderBy('id')
    .executeTakeFirst();
}

export interface AgreementListFilter {
  scope: ScopeFilter;
  id?: string;
  stationId?: string;
  partnerId?: string;
  status?: 'active' | 'terminated';
}

export function listAgreementRows(db: Executor, f: AgreementListFilter) {
  let q = db
    .selectFrom('rescueAgreements as a')
    .innerJoin('rescuePartners as p', 'p.id', 'a.partnerId')
    .innerJoin('rescueStations as s', 's.id', 'a.stationId')
    .selectAll('a')
    .select(['p.name as partnerName', 'p.kind as partnerKind', 'p.qualification', 's.name as stationName'])
    .where((eb) => whereInScope(eb, f.scope, { division: 'a.divisionCode', institution: 'a.stationId' }));
  if (f.id) q = q.where('a.id', '=', f.id);
  if (f.stationId) q = q.where('a.stationId', '=', f.stationId);
  if (f.partnerId) q = q.where('a.partnerId', '=', f.partnerId);
  if (f.status) q = q.where('a.status', '=', f.status);
  return q.orderBy('a.validFrom', 'desc').orderBy('a.agreementNo').limit(500).execute();
}
