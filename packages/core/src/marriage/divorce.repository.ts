import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { DivorceRow, DivorceStatus } from './marriage.table';

type Executor = Kysely<Database> | Transaction<Database>;

export function findDivorceById(db: Executor, id: string): Promise<DivorceRow | undefined> {
  return db.selectFrom('divorceApplications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertDivorce(db: Executor, row: DivorceRow): Promise<void> {
  await db.insertInto('divorceApplications').values(row).execute();
}

export function openDivorceOfMarriage(db: Executor, marriageId: string): Promise<DivorceRow | undefined> {
  return db
    .selectFrom('divorceApplications')
    .selectAll()
    .where('marriageId', '=', marriageId)
    .where('status', '=', 'cooling_off')
    .executeTakeFirst();
}

/** Closes an open application; false if it was no longer open (a concurrent close won). */
export async function closeDivorce(
  db: Executor,
  id: string,
  change: {
    status: Exclude<DivorceStatus, 'cooling_off'>;
    closedOn: string;
    at: string;
    withdrawnBy?: 'husband' | 'wife';
    certificateNo?: string;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('divorceApplications')
    .set((eb) => ({
      status: change.status,
      closedOn: change.closedOn,
      withdrawnBy: change.withdrawnBy ?? null,
      certificateNo: change.certificateNo ?? null,
      updatedAt: change.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'cooling_off')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open applications whose joint-request window ended before `today` (the deemed-withdrawn job). */
export function overdueDivorces(db: Executor, today: string, limit = 500): Promise<DivorceRow[]> {
  return db
    .selectFrom('divorceApplications')
    .selectAll()
    .where('status', '=', 'cooling_off')
    .where('jointRequestEndsOn', '<', today)
    .orderBy('jointRequestEndsOn')
    .limit(limit)
    .execute();
}

export function divorcesWithParties(db: Executor) {
  return db
    .selectFrom('divorceApplications as d')
    .innerJoin('marriages as m', 'm.id', 'd.marriageId')
    .innerJoin('marriageRegistries as r', 'r.id', 'd.registryId')
    .innerJoin('people as h', 'h.id', 'm.husbandId')
    .innerJoin('people as w', 'w.id', 'm.wifeId')
    .selectAll('d')
    .select([
      'r.name as registryName',
      'm.husbandId',
      'm.wifeId',
      'h.name as husbandName',
      'h.residentId as husbandResidentId',
      'h.birthDate as husbandBirthDate',
      'w.name as wifeName',
      'w.residentId as wifeResidentId',
      'w.birthDate as wifeBirthDate',
    ]);
}

export type DivorceWithParties = Awaited<
  ReturnType<ReturnType<typeof divorcesWithParties>['executeTakeFirstOrThrow']>
>;
