import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { PARTY_COLUMNS } from './marriage.repository';
import type { DivorceRow, DivorceStatus } from './marriage.table';

type Executor = Kysely<Database> | Transaction<Database>;

/** The state of a divorce application (migration 0004 added `terminated_by_judgment`). */
export type DivorceState = DivorceStatus;

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
  change:
    | {
        status: Exclude<DivorceStatus, 'cooling_off' | 'withdrawn'>;
        closedOn: string;
        at: string;
        certificateNo?: string;
      }
    | { status: 'withdrawn'; closedOn: string; at: string; withdrawnBy: 'husband' | 'wife' },
): Promise<boolean> {
  const r = await db
    .updateTable('divorceApplications')
    .set((eb) => ({
      status: change.status,
      closedOn: change.closedOn,
      withdrawnBy: change.status === 'withdrawn' ? change.withdrawnBy : null,
      certificateNo: 'certificateNo' in change ? (change.certificateNo ?? null) : null,
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
  return (
    db
      .selectFrom('divorceApplications as d')
      .innerJoin('marriages as m', 'm.id', 'd.marriageId')
      .innerJoin('marriageRegistries as r', 'r.id', 'd.registryId')
      .innerJoin('people as h', 'h.id', 'm.husbandId')
      .innerJoin('people as w', 'w.id', 'm.wifeId')
      // The judgment that ended the marriage, if one did (shown when it terminated the application).
      .leftJoin('marriageJudgments as j', 'j.id', 'm.endReference')
      .selectAll('d')
      .select([
        'r.name as registryName',
        'm.husbandId',
        'm.wifeId',
        ...PARTY_COLUMNS,
        'j.id as judgmentId',
        'j.outcome as judgmentOutcome',
        'j.court as judgmentCourt',
        'j.caseNumber as judgmentCaseNumber',
        'j.effectiveDate as judgmentEffectiveDate',
      ])
  );
}

export type DivorceWithParties = Awaited<
  ReturnType<ReturnType<typeof divorcesWithParties>['executeTakeFirstOrThrow']>
>;

/** `divorcesWithParties` narrowed to applications in one state. */
export function inDivorceState(query: ReturnType<typeof divorcesWithParties>, state: DivorceStatus) {
  return query.where('d.status', '=', state);
}
