/** SQL of the platform's social-assistance rolls (assistance_memberships). */
import type { Insertable } from 'kysely';
import type { Executor } from '../db/index';
import type {
  AssistanceMembershipRow,
  AssistanceMembershipsTable,
  AssistanceProgram,
} from './assistance.table';

export async function findMembership(
  db: Executor,
  personId: string,
  program: AssistanceProgram,
  fromDate: string,
): Promise<AssistanceMembershipRow | undefined> {
  return db
    .selectFrom('assistanceMemberships')
    .selectAll()
    .where('personId', '=', personId)
    .where('program', '=', program)
    .where('fromDate', '=', fromDate)
    .executeTakeFirst();
}

/** Memberships of a person in one program whose period overlaps [from, to] (to null: open). */
export async function overlappingMemberships(
  db: Executor,
  personId: string,
  program: AssistanceProgram,
  fromDate: string,
  toDate: string | null,
): Promise<AssistanceMembershipRow[]> {
  let q = db
    .selectFrom('assistanceMemberships')
    .selectAll()
    .where('personId', '=', personId)
    .where('program', '=', program)
    .where((eb) => eb.or([eb('toDate', 'is', null), eb('toDate', '>=', fromDate)]));
  if (toDate) q = q.where('fromDate', '<=', toDate);
  return q.execute();
}

export async function insertMembership(
  db: Executor,
  row: Insertable<AssistanceMembershipsTable>,
): Promise<void> {
  await db.insertInto('assistanceMemberships').values(row).execute();
}

export async function updateMembershipEnd(
  db: Executor,
  id: string,
  values: { toDate: string | null; updatedByRunId: string | null; updatedAt: string },
): Promise<void> {
  await db.updateTable('assistanceMemberships').set(values).where('id', '=', id).execute();
}

export interface MembershipWithSource extends AssistanceMembershipRow {
  sourceFileName: string | null;
  sourceImportedAt: string | null;
}

/** Memberships of `personIds` in force on `on` (from ≤ on ≤ to), with the file each came from. */
export async function membershipsInForce(
  db: Executor,
  personIds: readonly string[],
  on: string,
): Promise<MembershipWithSource[]> {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('assistanceMemberships as m')
    .leftJoin('importRuns as r', 'r.id', 'm.importRunId')
    .selectAll('m')
    .select(['r.fileName as sourceFileName', 'r.startedAt as sourceImportedAt'])
    .where('m.personId', 'in', [...personIds])
    .where('m.fromDate', '<=', on)
    .where((eb) => eb.or([eb('m.toDate', 'is', null), eb('m.toDate', '>=', on)]))
    .orderBy('m.fromDate')
    .execute();
}

/** Every membership of a person (history), newest first. */
export async function membershipsOfPerson(db: Executor, personId: string): Promise<MembershipWithSource[]> {
  return db
    .selectFrom('assistanceMemberships as m')
    .leftJoin('importRuns as r', 'r.id', 'm.importRunId')
    .selectAll('m')
    .select(['r.fileName as sourceFileName', 'r.startedAt as sourceImportedAt'])
    .where('m.personId', '=', personId)
    .orderBy('m.fromDate', 'desc')
    .orderBy('m.program')
    .execute();
}

export interface MembershipFilter {
  /** Division prefix of the actor's scope ('' = all). */
  scopePrefix: string;
  divisionCode?: string;
  program?: AssistanceProgram;
  /** Only memberships in force on this date. */
  inForceOn?: string;
  /** Name on the roll or in the people index (contains). */
  q?: string;
}

function filtered(db: Executor, f: MembershipFilter) {
  let q = db
    .selectFrom('assistanceMemberships as m')
    .innerJoin('people as p', 'p.id', 'm.personId')
    .where('m.divisionCode', 'like', `${f.scopePrefix}%`);
  if (f.divisionCode) q = q.where('m.divisionCode', 'like', `${f.divisionCode}%`);
  if (f.program) q = q.where('m.program', '=', f.program);
  if (f.inForceOn) {
    const on = f.inForceOn;
    q = q
      .where('m.fromDate', '<=', on)
      .where((eb) => eb.or([eb('m.toDate', 'is', null), eb('m.toDate', '>=', on)]));
  }
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) => eb.or([eb('p.name', 'like', like), eb('m.rollName', 'like', like)]));
  }
  return q;
}

export async function searchMemberships(
  db: Executor,
  f: MembershipFilter,
  page: { offset: number; limit: number },
): Promise<{
  total: number;
  rows: (AssistanceMembershipRow & { personName: string; residentId: string | null })[];
}> {
  const total = await filtered(db, f)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered(db, f)
    .selectAll('m')
    .select(['p.name as personName', 'p.residentId as residentId'])
    .orderBy('m.fromDate', 'desc')
    .orderBy('m.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(total.n), rows };
}

/** Import runs of the assistance rolls whose kind starts with `kindPrefix`, newest first. */
export async function assistanceImportRuns(
  db: Executor,
  kindPrefix: string,
  scopePrefix: string,
  limit = 50,
) {
  return db
    .selectFrom('importRuns')
    .selectAll()
    .where('importKind', 'like', `${kindPrefix}%`)
    .where((eb) => eb.or([eb('divisionCode', 'is', null), eb('divisionCode', 'like', `${scopePrefix}%`)]))
    .orderBy('startedAt', 'desc')
    .limit(limit)
    .execute();
}
