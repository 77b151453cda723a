/** SQL of death revocations (被死亡 corrections): the request rows and the person's return to alive. */
import type { Insertable } from 'kysely';
import type { Executor } from '../db/index';
import type {
  DeathRevocationStatus,
  PersonDeathRevocationRow,
  PersonDeathRevocationsTable,
} from './death-revocation.table';

export async function insertDeathRevocation(
  db: Executor,
  row: Insertable<PersonDeathRevocationsTable>,
): Promise<void> {
  await db.insertInto('personDeathRevocations').values(row).execute();
}

export async function findDeathRevocation(
  db: Executor,
  id: string,
): Promise<PersonDeathRevocationRow | undefined> {
  return db.selectFrom('personDeathRevocations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves a request from `requested` to its decision; false when someone decided it first. */
export async function decideDeathRevocationRow(
  db: Executor,
  id: string,
  set: {
    status: DeathRevocationStatus;
    decidedByUsername: string;
    decidedAt: string;
    decisionReason: string;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('personDeathRevocations')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'requested')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The person alive again, only if still deceased with `deathDate` (a changed record refuses). */
export async function markAliveAgain(
  db: Executor,
  personId: string,
  deathDate: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('people')
    .set((eb) => ({ status: 'alive', deathDate: null, updatedAt: at, version: eb('version', '+', 1) }))
    .where('id', '=', personId)
    .where('status', '=', 'deceased')
    .where('deathDate', '=', deathDate)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listDeathRevocationRows(
  db: Executor,
  f: {
    divisionPrefix: string;
    status?: DeathRevocationStatus;
    personIds?: readonly string[];
    limit: number;
    offset: number;
  },
): Promise<{ rows: (PersonDeathRevocationRow & { personName: string })[]; total: number }> {
  let q = db
    .selectFrom('personDeathRevocations as r')
    .innerJoin('people as p', 'p.id', 'r.personId')
    .where('r.divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.personIds) q = q.where('r.personId', 'in', f.personIds.length ? [...f.personIds] : ['']);
  const [rows, count] = await Promise.all([
    q
      .selectAll('r')
      .select('p.name as personName')
      .orderBy('r.requestedAt', 'desc')
      .orderBy('r.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
