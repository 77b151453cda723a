/** SQL of the applications concern: the ledger, the side facts, exchanges, escalations and deadline scans. */
import { newId } from '@social-affairs/kernel';
import type { SortSpec } from '@social-affairs/kernel/contracts';
import { sql, type ExpressionBuilder, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type { Database } from '../db/index';
import type {
  DisabilityApplicationEscalationsTable,
  DisabilityApplicationExchangesTable,
  DisabilityApplicationIntakesTable,
  EscalatedStage,
} from './applications.table';
import type {
  DisabilityApplicationsTable,
  ApplicationStatus,
  ApplicationChannel,
  Subsidy,
} from './disability.table';

export type ApplicationIntakeRow = Selectable<DisabilityApplicationIntakesTable>;
export type ApplicationExchangeRow = Selectable<DisabilityApplicationExchangesTable>;
export type ApplicationEscalationRow = Selectable<DisabilityApplicationEscalationsTable>;

export async function insertApplication(
  db: Executor,
  row: Insertable<DisabilityApplicationsTable>,
  intake: Insertable<DisabilityApplicationIntakesTable>,
): Promise<void> {
  await db.insertInto('disabilityApplications').values(row).execute();
  await db.insertInto('disabilityApplicationIntakes').values(intake).execute();
}

export async function updateApplication(
  db: Executor,
  id: string,
  set: Partial<
    Pick<
      DisabilityApplicationsTable,
      | 'materialsCompleteOn'
      | 'forwardDueOn'
      | 'forwardedOn'
      | 'decideDueOn'
      | 'decidedOn'
      | 'notifyDueOn'
      | 'notifiedOn'
      | 'dueProvisional'
      | 'status'
      | 'livingOutcome'
      | 'careOutcome'
      | 'decisionReason'
      | 'payFromMonth'
      | 'exchangeNote'
      | 'updatedAt'
    >
  >,
): Promise<void> {
  await db.updateTable('disabilityApplications').set(set).where('id', '=', id).execute();
}

export async function findIntake(
  db: Executor,
  applicationId: string,
): Promise<ApplicationIntakeRow | undefined> {
  return db
    .selectFrom('disabilityApplicationIntakes')
    .selectAll()
    .where('applicationId', '=', applicationId)
    .executeTakeFirst();
}

/** The side facts of an application (a row is created for applications written without one). */
export async function upsertIntake(
  db: Executor,
  applicationId: string,
  set: Partial<Omit<DisabilityApplicationIntakesTable, 'applicationId'>>,
): Promise<void> {
  const existing = await findIntake(db, applicationId);
  if (existing) {
    await db
      .updateTable('disabilityApplicationIntakes')
      .set(set)
      .where('applicationId', '=', applicationId)
      .execute();
    return;
  }
  await db
    .insertInto('disabilityApplicationIntakes')
    .values({
      applicationId,
      nameGiven: null,
      nationalExchange: 0,
      notifiedHow: null,
      notifyNote: null,
      withdrawnOn: null,
      withdrawnReason: null,
      note: null,
      ...set,
    })
    .execute();
}

export async function insertExchange(
  db: Executor,
  row: Omit<Insertable<DisabilityApplicationExchangesTable>, 'id'>,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('disabilityApplicationExchanges')
    .values({ id, ...row })
    .execute();
  return id;
}

export function exchangesOf(db: Executor, applicationId: string): Promise<ApplicationExchangeRow[]> {
  return db
    .selectFrom('disabilityApplicationExchanges')
    .selectAll()
    .where('applicationId', '=', applicationId)
    .orderBy('onDate')
    .orderBy('recordedAt')
    .orderBy('id')
    .execute();
}

export function escalationsOf(db: Executor, applicationId: string): Promise<ApplicationEscalationRow[]> {
  return db
    .selectFrom('disabilityApplicationEscalations')
    .selectAll()
    .where('applicationId', '=', applicationId)
    .orderBy('at')
    .execute();
}

export async function escalationExists(
  db: Executor,
  applicationId: string,
  stage: EscalatedStage,
): Promise<boolean> {
  const row = await db
    .selectFrom('disabilityApplicationEscalations')
    .select('id')
    .where('applicationId', '=', applicationId)
    .where('stage', '=', stage)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertEscalation(
  db: Executor,
  row: Omit<Insertable<DisabilityApplicationEscalationsTable>, 'id'>,
): Promise<void> {
  await db
    .insertInto('disabilityApplicationEscalations')
    .values({ id: newId(), ...row })
    .execute();
}

type AppEb = ExpressionBuilder<Database & { a: DisabilityApplicationsTable }, 'a'>;

/** The day the current stage is due (null when nothing is due): forward, decide or notify (R-DIS-06). */
export function nextDueExpr() {
  return sql<string | null>`case
    when a.status = 'received' and a.materials_complete_on is not null and a.forwarded_on is null then a.forward_due_on
    when a.status in ('forwarded', 'reviewing') and a.decided_on is null then a.decide_due_on
    when a.status in ('approved', 'rejected') and a.decided_on is not null and a.notified_on is null then a.notify_due_on
    else null end`;
}

/** Where the actor's scope reaches an application: its hukou division or the window that received it. */
function inScopeOf(eb: AppEb, scope: ScopeFilter): ReturnType<AppEb['or']> {
  const p = `${scope.divisionPrefix}%`;
  return eb.or([eb('a.divisionCode', 'like', p), eb('a.receivedDivisionCode', 'like', p)]);
}

export interface ApplicationListFilter {
  status?: ApplicationStatus;
  channel?: ApplicationChannel;
  subsidy?: Subsidy;
  overdue?: boolean;
  from?: string;
  to?: string;
  q?: string;
  sort?: SortSpec<'submittedOn' | 'applicationNo' | 'nextDueOn' | 'status'>;
}

function applicationsQuery(db: Executor, scope: ScopeFilter, f: ApplicationListFilter, today: string) {
  let q = db
    .selectFrom('disabilityApplications as a')
    .innerJoin('people as p', 'p.id', 'a.personId')
    .leftJoin('disabilityApplicationIntakes as i', 'i.applicationId', 'a.id')
    .leftJoin('disabilityCertificates as c', 'c.id', 'a.certificateId')
    .where((eb) => inScopeOf(eb as unknown as AppEb, scope));
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.channel) q = q.where('a.channel', '=', f.channel);
  if (f.subsidy === 'living') q = q.where('a.appliesLiving', '=', 1);
  if (f.subsidy === 'care') q = q.where('a.appliesCare', '=', 1);
  if (f.from) q = q.where('a.submittedOn', '>=', f.from);
  if (f.to) q = q.where('a.submittedOn', '<=', f.to);
  if (f.overdue) q = q.where(sql<SqlBool>`(${nextDueExpr()}) < ${today}`);
  if (f.q) {
    const text = f.q.trim();
    const like = `%${text}%`;
    q = q.where((eb) =>
      eb.or([
        eb('p.name', 'like', like),
        eb('a.applicationNo', 'like', like),
        ...(/^\d{4}$/.test(text) ? [eb('a.phone', 'like', `%${text}`)] : []),
      ]),
    );
  }
  return q;
}

export const APPLICATION_ROW_COLUMNS = [
  'p.name as personName',
  'p.residentId as residentId',
  'i.nameGiven as nameGiven',
  'i.nationalExchange as nationalExchange',
  'c.category as certCategory',
  'c.grade as certGrade',
  'c.status as certStatus',
] as const;

export async function listApplicationRows(
  db: Executor,
  scope: ScopeFilter,
  f: ApplicationListFilter,
  today: string,
  page: { limit: number; offset: number } | null,
) {
  const base = applicationsQuery(db, scope, f, today);
  const field = f.sort?.field ?? 'submittedOn';
  const dir = f.sort?.desc || (!f.sort && field === 'submittedOn') ? 'desc' : 'asc';
  let q = base.selectAll('a').select([...APPLICATION_ROW_COLUMNS]);
  if (field === 'nextDueOn') {
    // Nothing due sorts last either way.
    q = q
      .orderBy(sql`case when (${nextDueExpr()}) is null then 1 else 0 end`)
      .orderBy(sql`${nextDueExpr()}`, dir);
  } else {
    q = q.orderBy(`a.${field}`, dir);
  }
  q = q.orderBy('a.id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  const total = page
    ? Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    : rows.length;
  return { rows, total };
}

export type ApplicationListRow = Awaited<ReturnType<typeof listApplicationRows>>['rows'][number];

export async function applicationRowById(db: Executor, id: string): Promise<ApplicationListRow | undefined> {
  return db
    .selectFrom('disabilityApplications as a')
    .innerJoin('people as p', 'p.id', 'a.personId')
    .leftJoin('disabilityApplicationIntakes as i', 'i.applicationId', 'a.id')
    .leftJoin('disabilityCertificates as c', 'c.id', 'a.certificateId')
    .selectAll('a')
    .select([...APPLICATION_ROW_COLUMNS])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** Open applications of a person (not decided, not withdrawn): an intake shows them, a second is refused. */
export function openApplicationsOf(db: Executor, personId: string) {
  return db
    .selectFrom('disabilityApplications')
    .select([
      'id',
      'applicationNo',
      'status',
      'appliesLiving',
      'appliesCare',
      'divisionCode',
      'receivedDivisionCode',
    ])
    .where('personId', '=', personId)
    .where('status', 'in', ['received', 'forwarded', 'reviewing', 'notice'])
    .execute();
}

/** Applications with a stage due (for the escalation job and the to-dos), optionally only the overdue ones. */
export function applicationsWithStageDue(db: Executor, opts: { before?: string; scope?: ScopeFilter }) {
  let q = db
    .selectFrom('disabilityApplications as a')
    .select([
      'a.id',
      'a.applicationNo',
      'a.status',
      'a.divisionCode',
      'a.receivedDivisionCode',
      'a.materialsCompleteOn',
      'a.forwardDueOn',
      'a.forwardedOn',
      'a.decideDueOn',
      'a.decidedOn',
      'a.notifyDueOn',
      'a.notifiedOn',
      'a.dueProvisional',
    ])
    .where('a.status', 'in', ['received', 'forwarded', 'reviewing', 'approved', 'rejected'])
    .where(sql<SqlBool>`(${nextDueExpr()}) is not null`);
  if (opts.before) q = q.where(sql<SqlBool>`(${nextDueExpr()}) < ${opts.before}`);
  if (opts.scope) {
    const scope = opts.scope;
    q = q.where((eb) => inScopeOf(eb as unknown as AppEb, scope));
  }
  return q.orderBy('a.id').execute();
}

/** Decided applications whose notify deadline is not stored yet (the review concern sets `decidedOn`). */
export function decidedWithoutNotifyDue(db: Executor) {
  return db
    .selectFrom('disabilityApplications')
    .select(['id', 'decidedOn', 'dueProvisional'])
    .where('decidedOn', 'is not', null)
    .where('notifyDueOn', 'is', null)
    .where('notifiedOn', 'is', null)
    .where('status', 'in', ['approved', 'rejected'])
    .execute();
}

/** Received applications still waiting for the materials check (online ones), in the scope. */
export function awaitingMaterials(db: Executor, scope: ScopeFilter) {
  return db
    .selectFrom('disabilityApplications as a')
    .select(['a.id', 'a.submittedOn'])
    .where('a.status', '=', 'received')
    .where('a.materialsCompleteOn', 'is', null)
    .where((eb) => inScopeOf(eb as unknown as AppEb, scope))
    .orderBy('a.submittedOn')
    .execute();
}

/** Escalations recorded in the scope (the supervisor's to-do), newest first. */
export async function escalationsInScope(db: Executor, scope: ScopeFilter, since: string) {
  return db
    .selectFrom('disabilityApplicationEscalations as e')
    .innerJoin('disabilityApplications as a', 'a.id', 'e.applicationId')
    .select(['e.applicationId', 'e.stage', 'e.dueOn', 'e.escalatedOn'])
    .where('e.escalatedOn', '>=', since)
    .where((eb) => inScopeOf(eb as unknown as AppEb, scope))
    .where(sql<SqlBool>`(${nextDueExpr()}) is not null`)
    .orderBy('e.dueOn')
    .execute();
}

/** Certificates of the people of a county (demo seed: D1's holders). */
export function certificatesOfCounty(db: Executor, county: string, limit: number) {
  return db
    .selectFrom('disabilityCertificates as c')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .select([
      'c.id',
      'c.number',
      'c.personId',
      'c.grade',
      'c.category',
      'p.residentId',
      'p.name',
      'p.hukouDivisionCode',
    ])
    .where('c.divisionCode', '=', county)
    .where('c.status', '=', 'valid')
    .where('p.status', '=', 'alive')
    .orderBy('c.number')
    .limit(limit)
    .execute();
}

export async function applicationCountOfCounty(db: Executor, county: string): Promise<number> {
  const r = await db
    .selectFrom('disabilityApplications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('countyCode', '=', county)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The application by number with its person's name (the public status look-up). */
export function applicationByNo(db: Executor, applicationNo: string) {
  return db
    .selectFrom('disabilityApplications as a')
    .innerJoin('people as p', 'p.id', 'a.personId')
    .selectAll('a')
    .select('p.name as personName')
    .where('a.applicationNo', '=', applicationNo)
    .executeTakeFirst();
}
