import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index';
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

/** Every open application (cooling off). */
export function openDivorces(db: Executor): Promise<DivorceRow[]> {
  return db.selectFrom('divorceApplications').selectAll().where('status', '=', 'cooling_off').execute();
}

/**
 * Saves recomputed windows of an open application whose joint-request window still ends on
 * `expectedJointRequestEndsOn`; false if the application changed meanwhile.
 */
export async function updateDivorceWindows(
  db: Executor,
  id: string,
  expectedJointRequestEndsOn: string,
  change: { withdrawalEndsOn: string; jointRequestEndsOn: string; updatedAt: string },
): Promise<boolean> {
  const r = await db
    .updateTable('divorceApplications')
    .set({
      withdrawalEndsOn: change.withdrawalEndsOn,
      jointRequestEndsOn: change.jointRequestEndsOn,
      updatedAt: change.updatedAt,
    })
    .where('id', '=', id)
    .where('status', '=', 'cooling_off')
    .where('jointRequestEndsOn', '=', expectedJointRequestEndsOn)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findDivorceWithParties(db: Executor, id: string): Promise<DivorceWithParties | undefined> {
  return divorcesWithParties(db).where('d.id', '=', id).executeTakeFirst();
}

/** `findDivorceWithParties`; throws (Kysely's NoResultError) when there is none. */
export function getDivorceWithParties(db: Executor, id: string): Promise<DivorceWithParties> {
  return divorcesWithParties(db).where('d.id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Applications under `divisionPrefix`, newest first. `status` is the status as of `today`: an open
 * application past its joint-request window counts as deemed withdrawn before the job marks it.
 */
export function listDivorcesUnder(
  db: Executor,
  f: { divisionPrefix: string; today: string; status?: DivorceStatus; limit: number },
): Promise<DivorceWithParties[]> {
  const { today } = f;
  let query = divorcesWithParties(db).where('d.divisionCode', 'like', `${f.divisionPrefix}%`);
  if (f.status === 'cooling_off')
    query = query.where('d.status', '=', 'cooling_off').where('d.jointRequestEndsOn', '>=', today);
  else if (f.status === 'deemed_withdrawn') {
    query = query.where((eb) =>
      eb.or([
        eb('d.status', '=', 'deemed_withdrawn'),
        eb.and([eb('d.status', '=', 'cooling_off'), eb('d.jointRequestEndsOn', '<', today)]),
      ]),
    );
  } else if (f.status) query = inDivorceState(query, f.status);
  return query.orderBy('d.receivedOn', 'desc').orderBy('d.id').limit(f.limit).execute();
}
