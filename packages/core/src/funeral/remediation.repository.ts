/** SQL of the remediation ledger (整治台账) of the cemeteries concern. */
import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { RemediationCategory } from '@social-affairs/kernel/contracts/funeral';
import type { FuneralRemediationFindingsTable } from './cemeteries.table';

export type RemediationRow = Selectable<FuneralRemediationFindingsTable>;

export async function insertFinding(
  db: Executor,
  row: Insertable<FuneralRemediationFindingsTable>,
): Promise<void> {
  await db.insertInto('funeralRemediationFindings').values(row).execute();
}

export function findFinding(db: Executor, id: string): Promise<RemediationRow | undefined> {
  return db.selectFrom('funeralRemediationFindings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Bumps the finding's version inside a write transaction (serialises two closers). */
export async function lockFinding(db: Executor, id: string): Promise<RemediationRow | undefined> {
  const r = await db
    .updateTable('funeralRemediationFindings')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return findFinding(db, id);
}

export async function closeFindingRow(
  db: Executor,
  id: string,
  set: { closedOn: string; closureNote: string; evidenceAttachmentIds: string; updatedAt: string },
): Promise<void> {
  await db
    .updateTable('funeralRemediationFindings')
    .set({ ...set, status: 'closed' })
    .where('id', '=', id)
    .execute();
}

export interface RemediationFilter {
  scope: ScopeFilter;
  category?: RemediationCategory | undefined;
  state?: 'open' | 'overdue' | 'closed' | undefined;
  today: string;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

const SORTS = { foundOn: 'foundOn', deadline: 'deadline', divisionCode: 'divisionCode' } as const;
export type RemediationSort = keyof typeof SORTS;

function filtered(db: Executor, f: RemediationFilter) {
  let q = db
    .selectFrom('funeralRemediationFindings')
    .selectAll()
    .where((eb) => whereInScope(eb, f.scope, { division: 'divisionCode' }));
  if (f.category) q = q.where('category', '=', f.category);
  if (f.state === 'closed') q = q.where('status', '=', 'closed');
  if (f.state === 'open') q = q.where('status', '=', 'open');
  if (f.state === 'overdue') q = q.where('status', '=', 'open').where('deadline', '<', f.today);
  if (f.from) q = q.where('foundOn', '>=', f.from);
  if (f.to) q = q.where('foundOn', '<=', f.to);
  const term = f.q?.trim();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('location', 'like', like), eb('description', 'like', like)]));
  }
  return q;
}

export async function listFindingRows(
  db: Executor,
  f: RemediationFilter,
  page: { offset: number; limit: number; sort: RemediationSort; desc: boolean },
): Promise<{ rows: RemediationRow[]; total: number }> {
  const count = await filtered(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered(db, f)
    .orderBy(SORTS[page.sort], page.desc ? 'desc' : 'asc')
    .orderBy('id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(count.n) };
}

/** Found / closed / overdue counts per division code of the findings in scope. */
export async function countFindingsByDivision(db: Executor, scope: ScopeFilter, today: string) {
  const rows = await db
    .selectFrom('funeralRemediationFindings')
    .select((eb) => [
      'divisionCode',
      eb.fn.countAll<number>().as('found'),
      sql<number>`sum(case when status = 'closed' then 1 else 0 end)`.as('closed'),
      sql<number>`sum(case when status = 'open' and deadline < ${today} then 1 else 0 end)`.as('overdue'),
    ])
    .where((eb) => whereInScope(eb, scope, { division: 'divisionCode' }))
    .groupBy('divisionCode')
    .execute();
  return rows.map((r) => ({
    divisionCode: r.divisionCode,
    found: Number(r.found),
    closed: Number(r.closed),
    overdue: Number(r.overdue),
  }));
}

/** Open findings past their deadline in scope (the to-do). */
export async function countOverdueFindings(db: Executor, scope: ScopeFilter, today: string): Promise<number> {
  const r = await db
    .selectFrom('funeralRemediationFindings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => whereInScope(eb, scope, { division: 'divisionCode' }))
    .where('status', '=', 'open')
    .where('deadline', '<', today)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Active attachments of an owner record of the given kinds (closure evidence of a finding). */
export function activeAttachmentsOf(
  db: Executor,
  ownerType: string,
  ownerId: string,
  kinds: readonly string[],
): Promise<{ id: string; kind: string }[]> {
  return db
    .selectFrom('attachments')
    .select(['id', 'kind'])
    .where('ownerType', '=', ownerType)
    .where('ownerId', '=', ownerId)
    .where('status', '=', 'active')
    .where('kind', 'in', [...kinds])
    .execute();
}
