/** SQL of inspections of partner institutions (R-RES-13). */
import type { SortSpec } from '@social-affairs/kernel/contracts';
import type { RESCUE_INSPECTION_SORT_FIELDS } from '@social-affairs/kernel/contracts/rescue';
import type { Selectable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { RescueInspectionResult, RescueInspectionsTable } from './inspections.table';
import type { RescuePartnerKind } from './rescue.table';

export type RescueInspectionRow = Selectable<RescueInspectionsTable>;
export type RescueInspectionListRow = RescueInspectionRow & {
  partnerName: string;
  partnerKind: RescuePartnerKind;
  /** The latest inspection of the partner (its result still stands). */
  latestId: string | null;
};

export async function insertInspection(db: Executor, row: RescueInspectionRow): Promise<void> {
  await db.insertInto('rescueInspections').values(row).execute();
}

/** The partner's latest inspection (by date, then by when it was recorded). */
export function latestInspection(db: Executor, partnerId: string): Promise<RescueInspectionRow | undefined> {
  return db
    .selectFrom('rescueInspections')
    .selectAll()
    .where('partnerId', '=', partnerId)
    .orderBy('inspectedOn', 'desc')
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface InspectionListFilter {
  scope: ScopeFilter;
  partnerId?: string;
  result?: RescueInspectionResult;
  from?: string;
  to?: string;
  sort?: SortSpec<(typeof RESCUE_INSPECTION_SORT_FIELDS)[number]> | undefined;
}

function filtered(db: Executor, f: InspectionListFilter) {
  let q = db
    .selectFrom('rescueInspections as i')
    .innerJoin('rescuePartners as p', 'p.id', 'i.partnerId')
    .where((eb) => whereInScope(eb, f.scope, { division: 'i.divisionCode' }));
  if (f.partnerId) q = q.where('i.partnerId', '=', f.partnerId);
  if (f.result) q = q.where('i.result', '=', f.result);
  if (f.from) q = q.where('i.inspectedOn', '>=', f.from);
  if (f.to) q = q.where('i.inspectedOn', '<=', f.to);
  return q;
}

export async function inspectionPage(
  db: Executor,
  f: InspectionListFilter,
  limit: number,
  offset: number,
  withTotal = true,
): Promise<{ rows: RescueInspectionListRow[]; total: number }> {
  let q = filtered(db, f)
    .selectAll('i')
    .select(['p.name as partnerName', 'p.kind as partnerKind'])
    .select((eb) =>
      eb
        .selectFrom('rescueInspections as l')
        .select('l.id')
        .whereRef('l.partnerId', '=', 'i.partnerId')
        .orderBy('l.inspectedOn', 'desc')
        .orderBy('l.createdAt', 'desc')
        .orderBy('l.id', 'desc')
        .limit(1)
        .as('latestId'),
    );
  const s = f.sort;
  const dir = s?.desc ? 'desc' : 'asc';
  if (s?.field === 'partnerName') q = q.orderBy('p.name', dir);
  else if (s?.field === 'result') q = q.orderBy('i.result', dir);
  else q = q.orderBy('i.inspectedOn', s ? dir : 'desc');
  const rows = await q.orderBy('i.createdAt', 'desc').orderBy('i.id').limit(limit).offset(offset).execute();
  let total = rows.length + offset;
  if (withTotal) {
    const c = await filtered(db, f)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    total = Number(c.n);
  }
  return { rows: rows.map((r) => ({ ...r, latestId: r.latestId ?? null })), total };
}

export interface PartnerInspectionState {
  id: string;
  name: string;
  kind: RescuePartnerKind;
  divisionCode: string;
  qualification: string;
  lastInspectedOn: string | null;
  rectifyBy: string | null;
}

/** Active partners in scope with their last inspection date and the latest inspection's deadline. */
export async function partnerInspectionStates(
  db: Executor,
  scope: ScopeFilter,
): Promise<PartnerInspectionState[]> {
  const rows = await db
    .selectFrom('rescuePartners as p')
    .select(['p.id', 'p.name', 'p.kind', 'p.divisionCode', 'p.qualification'])
    .select((eb) => [
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
    ])
    .where('p.status', '=', 'active')
    .where((eb) => whereInScope(eb, scope, { division: 'p.divisionCode' }))
    .orderBy('p.divisionCode')
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    lastInspectedOn: r.lastInspectedOn ?? null,
    rectifyBy: r.rectifyBy ?? null,
  }));
}

/** How many of `ids` are active attachments of the partner (owner type `rescue_partner`). */
export async function countPartnerAttachments(
  db: Executor,
  partnerId: string,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('id', 'in', [...ids])
    .where('ownerType', '=', 'rescue_partner')
    .where('ownerId', '=', partnerId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
