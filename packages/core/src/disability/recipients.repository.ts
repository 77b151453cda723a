/** SQL of the recipients ledger (补贴对象) and of stop disputes. */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/index';
import type { EntitlementStatus, StopReason, Subsidy } from './disability.table';
import type { DisabilityStopDisputesTable, DisputeStatus } from './review.table';

export type StopDisputeRow = Selectable<DisabilityStopDisputesTable>;

export type RecipientSort = 'fromMonth' | 'name' | 'divisionCode' | 'toMonth';

export interface RecipientFilter {
  scopePrefix: string;
  subsidy?: Subsidy;
  status?: EntitlementStatus;
  /** Township (9) or county (6) prefix. */
  divisionCode?: string;
  /** From month on or after. */
  fromMonth?: string;
  stopReason?: StopReason;
  /** Name (part), application number, certificate number or resident id (exact). */
  q?: string;
  personId?: string;
}

function recipientQuery(db: Executor, f: RecipientFilter) {
  let q = db
    .selectFrom('disabilityEntitlements as e')
    .innerJoin('people as p', 'p.id', 'e.personId')
    .leftJoin('disabilityCertificates as c', 'c.id', 'e.certificateId')
    .leftJoin('disabilityApplications as a', 'a.id', 'e.applicationId')
    .where('e.divisionCode', 'like', `${f.scopePrefix}%`);
  if (f.subsidy) q = q.where('e.subsidy', '=', f.subsidy);
  if (f.status) q = q.where('e.status', '=', f.status);
  if (f.divisionCode) q = q.where('e.divisionCode', 'like', `${f.divisionCode}%`);
  if (f.fromMonth) q = q.where('e.fromMonth', '>=', f.fromMonth);
  if (f.stopReason) q = q.where('e.stopReason', '=', f.stopReason);
  if (f.personId) q = q.where('e.personId', '=', f.personId);
  if (f.q) {
    const term = f.q;
    q = q.where((eb) =>
      eb.or([
        eb('p.name', 'like', `%${term}%`),
        eb('p.residentId', '=', term.toUpperCase()),
        eb('c.number', '=', term.toUpperCase()),
        eb('a.applicationNo', '=', term),
      ]),
    );
  }
  return q;
}

export async function searchRecipients(
  db: Executor,
  f: RecipientFilter,
  sort: { field: RecipientSort; dir: 'asc' | 'desc' },
  page: { offset: number; limit: number },
) {
  const total = await recipientQuery(db, f)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const col =
    sort.field === 'name'
      ? 'p.nameSortKey'
      : sort.field === 'divisionCode'
        ? 'e.divisionCode'
        : sort.field === 'toMonth'
          ? 'e.toMonth'
          : 'e.fromMonth';
  const rows = await recipientQuery(db, f)
    .select([
      'e.id',
      'e.personId',
      'p.name as personName',
      'p.residentId as residentId',
      'p.status as personStatus',
      'e.subsidy',
      'e.divisionCode',
      'e.countyCode',
      'e.applicationId',
      'a.applicationNo as applicationNo',
      'e.certificateId',
      'c.number as certificateNumber',
      'c.category as category',
      'c.grade as grade',
      'e.fromMonth',
      'e.toMonth',
      'e.status',
      'e.stopReason',
      'e.stopEventDate',
      'e.updatedAt',
    ])
    .orderBy(col, sort.dir)
    .orderBy('e.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(total.n), rows };
}
export type RecipientRow = Awaited<ReturnType<typeof searchRecipients>>['rows'][number];

export async function insertDispute(
  db: Executor,
  row: Insertable<DisabilityStopDisputesTable>,
): Promise<void> {
  await db.insertInto('disabilityStopDisputes').values(row).execute();
}

export async function findDispute(db: Executor, id: string): Promise<StopDisputeRow | undefined> {
  return db.selectFrom('disabilityStopDisputes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockDispute(db: Executor, id: string): Promise<StopDisputeRow | undefined> {
  const r = await db
    .updateTable('disabilityStopDisputes')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return findDispute(db, id);
}

export async function updateDispute(
  db: Executor,
  id: string,
  set: Partial<
    Pick<DisabilityStopDisputesTable, 'status' | 'decidedOn' | 'decidedBy' | 'decisionReason' | 'updatedAt'>
  >,
): Promise<void> {
  await db.updateTable('disabilityStopDisputes').set(set).where('id', '=', id).execute();
}

export async function disputesOfEntitlement(db: Executor, entitlementId: string): Promise<StopDisputeRow[]> {
  return db
    .selectFrom('disabilityStopDisputes')
    .selectAll()
    .where('entitlementId', '=', entitlementId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** Open disputes in scope, the earliest deadline first (the re-check to-do). */
export async function openDisputes(db: Executor, scopePrefix: string, status: DisputeStatus = 'open') {
  return db
    .selectFrom('disabilityStopDisputes')
    .select(['id', 'entitlementId', 'dueOn'])
    .where('divisionCode', 'like', `${scopePrefix}%`)
    .where('status', '=', status)
    .orderBy('dueOn')
    .orderBy('id')
    .execute();
}

/** Whether the entitlement row still holds the stop it had (no one reinstated it meanwhile). */
export async function reinstateEntitlement(db: Executor, id: string, updatedAt: string): Promise<void> {
  await db
    .updateTable('disabilityEntitlements')
    .set({ status: 'active', toMonth: null, stopReason: null, stopEventDate: null, updatedAt })
    .where('id', '=', id)
    .execute();
}
