/** SQL of memorial pages (网上祭奠) and their messages. */
import { sql, type Selectable } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { FuneralMemorialMessagesTable, FuneralMemorialsTable, ModerationStatus } from './qingming.table';

export type MemorialRow = Selectable<FuneralMemorialsTable>;
export type MemorialMessageRow = Selectable<FuneralMemorialMessagesTable>;

export async function insertMemorial(db: Executor, row: MemorialRow): Promise<void> {
  await db.insertInto('funeralMemorials').values(row).execute();
}

export async function insertMemorialMessage(db: Executor, row: MemorialMessageRow): Promise<void> {
  await db.insertInto('funeralMemorialMessages').values(row).execute();
}

export function findMemorial(db: Executor, id: string) {
  return db.selectFrom('funeralMemorials').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMemorialByCode(db: Executor, code: string) {
  return db.selectFrom('funeralMemorials').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findMemorialMessage(db: Executor, id: string) {
  return db.selectFrom('funeralMemorialMessages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Approved pages, newest first, optionally by the deceased's name (public). */
export async function approvedMemorials(
  db: Executor,
  q: string | undefined,
  page: { limit: number; offset: number },
) {
  let base = db
    .selectFrom('funeralMemorials as m')
    .innerJoin('funeralFacilities as f', 'f.id', 'm.facilityId')
    .where('m.status', '=', 'approved');
  if (q) base = base.where('m.deceasedName', 'like', `%${q.replace(/[%_\\]/g, '')}%`);
  const rows = await base
    .select(['m.code', 'm.deceasedName', 'm.birthDate', 'm.deathDate', 'm.flowers', 'f.name as cemeteryName'])
    .orderBy('m.moderatedAt', 'desc')
    .orderBy('m.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = Number(
    (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  return { rows, total };
}

export function approvedMessagesOf(db: Executor, memorialId: string, limit: number) {
  return db
    .selectFrom('funeralMemorialMessages')
    .select(['authorName', 'body', 'createdAt'])
    .where('memorialId', '=', memorialId)
    .where('status', '=', 'approved')
    .orderBy('createdAt', 'desc')
    .limit(limit)
    .execute();
}

export async function addFlower(db: Executor, memorialId: string): Promise<void> {
  await db
    .updateTable('funeralMemorials')
    .set({ flowers: sql`flowers + 1` })
    .where('id', '=', memorialId)
    .where('status', '=', 'approved')
    .execute();
}

export async function listMemorialsForModeration(
  db: Executor,
  scope: ScopeFilter,
  status: ModerationStatus,
  page: { limit: number; offset: number },
) {
  const base = db
    .selectFrom('funeralMemorials as m')
    .innerJoin('funeralFacilities as f', 'f.id', 'm.facilityId')
    .where('m.status', '=', status)
    .where((eb) => whereInScope(eb, scope, { division: 'm.divisionCode', institution: 'm.facilityId' }));
  const rows = await base
    .selectAll('m')
    .select('f.name as facilityName')
    .orderBy('m.createdAt')
    .orderBy('m.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = Number(
    (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  return { rows, total };
}

export async function listMessagesForModeration(
  db: Executor,
  scope: ScopeFilter,
  status: ModerationStatus,
  page: { limit: number; offset: number },
) {
  const base = db
    .selectFrom('funeralMemorialMessages as x')
    .innerJoin('funeralMemorials as m', 'm.id', 'x.memorialId')
    .where('x.status', '=', status)
    .where((eb) => whereInScope(eb, scope, { division: 'm.divisionCode', institution: 'm.facilityId' }));
  const rows = await base
    .selectAll('x')
    .select(['m.code as memorialCode', 'm.deceasedName'])
    .orderBy('x.createdAt')
    .orderBy('x.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = Number(
    (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  return { rows, total };
}

/** Moves a pending page or message to its decision; false when it was no longer pending. */
export async function decide(
  db: Executor,
  table: 'funeralMemorials' | 'funeralMemorialMessages',
  id: string,
  set: { status: ModerationStatus; rejectReason: string | null; moderatedBy: string; moderatedAt: string },
): Promise<boolean> {
  const r = await db
    .updateTable(table)
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function pendingModerationCounts(db: Executor, scope: ScopeFilter) {
  return Promise.all([
    db
      .selectFrom('funeralMemorials')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .where((eb) => whereInScope(eb, scope, { division: 'divisionCode', institution: 'facilityId' }))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('funeralMemorialMessages as x')
      .innerJoin('funeralMemorials as m', 'm.id', 'x.memorialId')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('x.status', '=', 'pending')
      .where((eb) => whereInScope(eb, scope, { division: 'm.divisionCode', institution: 'm.facilityId' }))
      .executeTakeFirstOrThrow(),
  ]).then(([a, b]) => ({ memorials: Number(a.n), messages: Number(b.n) }));
}
