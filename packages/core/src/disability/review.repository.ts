/** SQL of the review concern: declared facts, objections, the application's review fields, registry reads. */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/index';
import type { DisabilityApplicationsTable, ApplicationStatus } from './disability.table';
import type { DisabilityNoticeObjectionsTable, DisabilityReviewFactsTable } from './review.table';

export type ReviewFactsRow = Selectable<DisabilityReviewFactsTable>;
export type NoticeObjectionRow = Selectable<DisabilityNoticeObjectionsTable>;

export async function findReviewFacts(
  db: Executor,
  applicationId: string,
): Promise<ReviewFactsRow | undefined> {
  return db
    .selectFrom('disabilityReviewFacts')
    .selectAll()
    .where('applicationId', '=', applicationId)
    .executeTakeFirst();
}

/** Replaces the declared facts of an application (the township check may be redone after a return). */
export async function saveReviewFacts(
  db: Executor,
  row: Insertable<DisabilityReviewFactsTable>,
): Promise<void> {
  await db.deleteFrom('disabilityReviewFacts').where('applicationId', '=', row.applicationId).execute();
  await db.insertInto('disabilityReviewFacts').values(row).execute();
}

export async function insertObjection(
  db: Executor,
  row: Insertable<DisabilityNoticeObjectionsTable>,
): Promise<void> {
  await db.insertInto('disabilityNoticeObjections').values(row).execute();
}

export async function objectionsOf(db: Executor, applicationId: string): Promise<NoticeObjectionRow[]> {
  return db
    .selectFrom('disabilityNoticeObjections')
    .selectAll()
    .where('applicationId', '=', applicationId)
    .orderBy('recordedAt')
    .orderBy('id')
    .execute();
}

export async function setObjectionOutcome(
  db: Executor,
  approvalId: string,
  outcome: 'upheld' | 'dismissed',
): Promise<void> {
  await db
    .updateTable('disabilityNoticeObjections')
    .set({ outcome })
    .where('approvalId', '=', approvalId)
    .where('outcome', 'is', null)
    .execute();
}

export async function updateApplicationReview(
  db: Executor,
  id: string,
  set: Partial<
    Pick<
      DisabilityApplicationsTable,
      | 'status'
      | 'approvalId'
      | 'livingOutcome'
      | 'careOutcome'
      | 'decisionReason'
      | 'noticeStartsOn'
      | 'noticeEndsOn'
      | 'payFromMonth'
      | 'decidedOn'
      | 'notifyDueOn'
      | 'dueProvisional'
      | 'updatedAt'
    >
  >,
): Promise<void> {
  await db.updateTable('disabilityApplications').set(set).where('id', '=', id).execute();
}

/** Applications in public notice whose notice ended before `today` (the daily job's work). */
export async function noticesEndedBefore(
  db: Executor,
  today: string,
  limit: number,
): Promise<{ id: string }[]> {
  return db
    .selectFrom('disabilityApplications')
    .select('id')
    .where('status', '=', 'notice')
    .where('noticeEndsOn', '<', today)
    .orderBy('noticeEndsOn')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function applicationByApproval(db: Executor, approvalId: string) {
  return db
    .selectFrom('disabilityApplications')
    .selectAll()
    .where('approvalId', '=', approvalId)
    .executeTakeFirst();
}

/** The person as the people index holds them (hukou, alive or deceased): the registry facts. */
export async function personBasics(db: Executor, personId: string) {
  return db
    .selectFrom('people')
    .select([
      'id',
      'name',
      'residentId',
      'sex',
      'birthDate',
      'hukouDivisionCode',
      'divisionCode',
      'status',
      'deathDate',
      'updatedAt',
    ])
    .where('id', '=', personId)
    .executeTakeFirst();
}

/** Every membership of the person on the assistance rolls (低保/特困 history), newest first. */
export async function assistanceHistoryOf(db: Executor, personId: string) {
  return db
    .selectFrom('assistanceMemberships')
    .select(['id', 'program', 'divisionCode', 'fromDate', 'toDate'])
    .where('personId', '=', personId)
    .orderBy('fromDate', 'desc')
    .orderBy('id')
    .execute();
}

/** The ids among `ids` that are active attachments of the application. */
export async function attachmentsOfApplication(
  db: Executor,
  applicationId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('attachments')
    .select('id')
    .where('ownerType', '=', 'disability_application')
    .where('ownerId', '=', applicationId)
    .where('status', '=', 'active')
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((r) => r.id);
}

export interface ReviewQueueFilter {
  scopePrefix: string;
  statuses: readonly ApplicationStatus[];
  q?: string;
}

/** Applications on the review side (forwarded, reviewing, notice), oldest deadline first. */
export async function searchReviewQueue(
  db: Executor,
  f: ReviewQueueFilter,
  page: { offset: number; limit: number },
) {
  let base = db
    .selectFrom('disabilityApplications as a')
    .innerJoin('people as p', 'p.id', 'a.personId')
    .where('a.divisionCode', 'like', `${f.scopePrefix}%`)
    .where('a.status', 'in', [...f.statuses]);
  if (f.q) {
    const q = f.q;
    base = base.where((eb) => eb.or([eb('p.name', 'like', `%${q}%`), eb('a.applicationNo', '=', q)]));
  }
  const total = await base
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'a.id',
      'a.applicationNo',
      'a.personId',
      'p.name as personName',
      'a.appliesLiving',
      'a.appliesCare',
      'a.divisionCode',
      'a.submittedOn',
      'a.decideDueOn',
      'a.status',
      'a.noticeEndsOn',
      'a.approvalId',
    ])
    .orderBy('a.decideDueOn')
    .orderBy('a.submittedOn')
    .orderBy('a.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(total.n), rows };
}

/** The person's applications (person panel), newest first. */
export async function applicationsOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('disabilityApplications')
    .selectAll()
    .where('personId', '=', personId)
    .orderBy('submittedOn', 'desc')
    .orderBy('id')
    .execute();
}

/** The open step of an approval instance (its key tells which review step the application is at). */
export async function openStepOf(db: Executor, instanceId: string) {
  return db
    .selectFrom('approvalSteps')
    .select(['id', 'stepKey', 'dueOn', 'actingDivisionCode', 'mustDifferFrom'])
    .where('instanceId', '=', instanceId)
    .where('status', '=', 'open')
    .orderBy('round', 'desc')
    .orderBy('stepIndex', 'desc')
    .executeTakeFirst();
}

/** Applications in scope in public notice whose notice ended before `today` (the clerk's to-do). */
export async function endedNoticesInScope(db: Executor, scopePrefix: string, today: string) {
  return db
    .selectFrom('disabilityApplications')
    .select(['id', 'noticeEndsOn'])
    .where('divisionCode', 'like', `${scopePrefix}%`)
    .where('status', '=', 'notice')
    .where('noticeEndsOn', '<', today)
    .orderBy('noticeEndsOn')
    .execute();
}

/** Whether the review demo seed already ran (its grants carry the source `demo-review`). */
export async function demoReviewSeeded(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('disabilityEntitlementEvents')
    .select('id')
    .where('source', '=', 'demo-review')
    .executeTakeFirst();
  return row !== undefined;
}

/** Living holders of a valid certificate of the county (demo seed), in number order. */
export async function demoHolders(db: Executor, county: string, limit: number) {
  return db
    .selectFrom('disabilityCertificates as c')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .select(['c.id as certificateId', 'c.personId', 'c.grade', 'p.hukouDivisionCode', 'p.status'])
    .where('c.divisionCode', '=', county)
    .where('c.status', '=', 'valid')
    .where('p.status', '=', 'alive')
    .orderBy('c.number')
    .limit(limit)
    .execute();
}
