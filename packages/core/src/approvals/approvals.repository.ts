import type { Executor } from '../db/executor';
import { toCount } from '../db/dialect';
import { insertRows } from '../db/prepared';
import type {
  ApprovalDecisionRow,
  ApprovalInstanceRow,
  ApprovalStatus,
  ApprovalStepRow,
  ApprovalStepStatus,
} from './approvals.table';

export async function insertInstance(db: Executor, row: ApprovalInstanceRow): Promise<void> {
  await insertRows(db, 'approvalInstances', [row]);
}

export async function insertStep(db: Executor, row: ApprovalStepRow): Promise<void> {
  await insertRows(db, 'approvalSteps', [row]);
}

export async function insertDecision(db: Executor, row: ApprovalDecisionRow): Promise<void> {
  await insertRows(db, 'approvalDecisions', [row]);
}

export function findInstance(db: Executor, id: string): Promise<ApprovalInstanceRow | undefined> {
  return db.selectFrom('approvalInstances').selectAll().where('id', '=', id).executeTakeFirst();
}

export function stepsOf(db: Executor, instanceId: string): Promise<ApprovalStepRow[]> {
  return db
    .selectFrom('approvalSteps')
    .selectAll()
    .where('instanceId', '=', instanceId)
    .orderBy('round')
    .orderBy('stepIndex')
    .orderBy('id')
    .execute();
}

export function decisionsOf(db: Executor, instanceId: string): Promise<ApprovalDecisionRow[]> {
  return db
    .selectFrom('approvalDecisions')
    .selectAll()
    .where('instanceId', '=', instanceId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The step row being worked on (status open, or the returned one while the instance awaits correction). */
export function latestStepOf(db: Executor, instanceId: string): Promise<ApprovalStepRow | undefined> {
  return db
    .selectFrom('approvalSteps')
    .selectAll()
    .where('instanceId', '=', instanceId)
    .orderBy('round', 'desc')
    .orderBy('stepIndex', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Moves an instance on, if (and only if) nobody else did since it was read: the version check makes the
 * later of two concurrent decisions fail instead of overwriting the earlier one.
 */
export async function updateInstance(
  db: Executor,
  id: string,
  version: number,
  set: {
    status: ApprovalStatus;
    currentStep: number | null;
    round?: number;
    closedAt?: string | null;
    updatedAt: string;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('approvalInstances')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function closeStep(
  db: Executor,
  id: string,
  set: {
    status: ApprovalStepStatus;
    decidedBy: string | null;
    decidedByUsername: string;
    decidedAt: string;
  },
  from: ApprovalStepStatus = 'open',
): Promise<boolean> {
  const r = await db
    .updateTable('approvalSteps')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface TaskFilter {
  actingDivisionCode: string;
  role: string;
  permissions: readonly string[];
  userId: string | null;
  /** Institution staff see only their institution's instances. */
  institutionId: string | null;
  /** Only this approval kind (the inbox's 类型 filter). */
  definitionKey?: string;
  /** Only steps due before this day (the inbox's 逾期 filter: pass today). */
  dueBefore?: string;
  limit: number;
  offset: number;
}

function tasks(db: Executor, f: TaskFilter) {
  let q = db
    .selectFrom('approvalSteps as s')
    .innerJoin('approvalInstances as i', 'i.id', 's.instanceId')
    .where('s.status', '=', 'open')
    .where('i.status', '=', 'pending')
    .where('s.actingDivisionCode', '=', f.actingDivisionCode)
    .where((eb) => eb.or([eb('s.roles', 'is', null), eb('s.roles', 'like', `%,${f.role},%`)]))
    .where((eb) =>
      f.permissions.length > 0
        ? eb.or([eb('s.permission', 'is', null), eb('s.permission', 'in', [...f.permissions])])
        : eb('s.permission', 'is', null),
    );
  if (f.institutionId) q = q.where('i.institutionId', '=', f.institutionId);
  if (f.definitionKey) q = q.where('i.definitionKey', '=', f.definitionKey);
  if (f.dueBefore) q = q.where('s.dueOn', '<', f.dueBefore);
  if (f.userId) {
    const userId = f.userId;
    q = q.where((eb) => eb.or([eb('s.mustDifferFrom', 'is', null), eb('s.mustDifferFrom', '<>', userId)]));
  }
  return q;
}

/** Open steps the actor may decide: at its own division, with its role and permission. */
export async function openTasks(
  db: Executor,
  f: TaskFilter,
): Promise<{ total: number; rows: (ApprovalStepRow & { instance: ApprovalInstanceRow })[] }> {
  const count = await tasks(db, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const rows = await tasks(db, f)
    .selectAll('s')
    .select('s.instanceId')
    .orderBy('s.dueOn')
    .orderBy('s.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const instances = rows.length
    ? await db
        .selectFrom('approvalInstances')
        .selectAll()
        .where(
          'id',
          'in',
          rows.map((r) => r.instanceId),
        )
        .execute()
    : [];
  const byId = new Map(instances.map((i) => [i.id, i]));
  return {
    total: toCount(count?.n),
    rows: rows.flatMap((r) => {
      const instance = byId.get(r.instanceId);
      return instance ? [{ ...r, instance }] : [];
    }),
  };
}

/** The kinds among the actor's open steps (the inbox's 类型 filter), with counts; filters other than kind apply. */
export async function openTaskKinds(
  db: Executor,
  f: Omit<TaskFilter, 'definitionKey' | 'limit' | 'offset'>,
): Promise<{ definitionKey: string; definition: string; count: number }[]> {
  const rows = await tasks(db, { ...f, limit: 0, offset: 0 })
    .select((eb) => ['i.definitionKey', eb.fn.max('i.definition').as('definition'), eb.fn.countAll().as('n')])
    .groupBy('i.definitionKey')
    .orderBy('i.definitionKey')
    .execute();
  return rows.map((r) => ({ definitionKey: r.definitionKey, definition: r.definition, count: toCount(r.n) }));
}

/** Steps the actor decided (approve, reject, return), newest first: the inbox's 已办 tab. */
export async function decidedSteps(
  db: Executor,
  f: { userId: string; scope: ScopeFilter; definitionKey?: string; limit: number; offset: number },
): Promise<{ total: number; rows: (ApprovalStepRow & { instance: ApprovalInstanceRow })[] }> {
  const base = () => {
    let q = db
      .selectFrom('approvalSteps as s')
      .innerJoin('approvalInstances as i', 'i.id', 's.instanceId')
      .where('s.decidedBy', '=', f.userId)
      .where('s.status', 'in', ['approved', 'rejected', 'returned'])
      .where('i.divisionCode', 'like', `${f.scope.divisionPrefix}%`);
    if (f.scope.institutionId) q = q.where('i.institutionId', '=', f.scope.institutionId);
    if (f.definitionKey) q = q.where('i.definitionKey', '=', f.definitionKey);
    return q;
  };
  const count = await base()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const rows = await base()
    .selectAll('s')
    .orderBy('s.decidedAt', 'desc')
    .orderBy('s.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const instances = rows.length
    ? await db
        .selectFrom('approvalInstances')
        .selectAll()
        .where(
          'id',
          'in',
          rows.map((r) => r.instanceId),
        )
        .execute()
    : [];
  const byId = new Map(instances.map((i) => [i.id, i]));
  return {
    total: toCount(count?.n),
    rows: rows.flatMap((r) => {
      const instance = byId.get(r.instanceId);
      return instance ? [{ ...r, instance }] : [];
    }),
  };
}

export interface ScopeFilter {
  divisionPrefix: string;
  institutionId: string | null;
}

export function instancesOfOwner(
  db: Executor,
  ownerType: string,
  ownerId: string,
  scope: ScopeFilter,
): Promise<ApprovalInstanceRow[]> {
  let q = db
    .selectFrom('approvalInstances')
    .selectAll()
    .where('ownerType', '=', ownerType)
    .where('ownerId', '=', ownerId)
    .where('divisionCode', 'like', `${scope.divisionPrefix}%`);
  if (scope.institutionId) q = q.where('institutionId', '=', scope.institutionId);
  return q.orderBy('submittedAt', 'desc').orderBy('id', 'desc').execute();
}

/** Open steps whose last day is before `today`, of instances inside the division prefix (or escalated to it). */
export function overdueSteps(
  db: Executor,
  today: string,
  scope: ScopeFilter,
  limit: number,
): Promise<
  (ApprovalStepRow & {
    ownerType: string;
    ownerId: string;
    definitionKey: string;
    divisionCode: string;
    instanceTitle: string;
  })[]
> {
  let q = db
    .selectFrom('approvalSteps as s')
    .innerJoin('approvalInstances as i', 'i.id', 's.instanceId')
    .selectAll('s')
    .select(['i.ownerType', 'i.ownerId', 'i.definitionKey', 'i.divisionCode', 'i.title as instanceTitle'])
    .where('s.status', '=', 'open')
    .where('s.dueOn', '<', today)
    .where((eb) =>
      eb.or([
        eb('i.divisionCode', 'like', `${scope.divisionPrefix}%`),
        eb('s.escalatedToDivisionCode', 'like', `${scope.divisionPrefix}%`),
      ]),
    );
  if (scope.institutionId) q = q.where('i.institutionId', '=', scope.institutionId);
  return q.orderBy('s.dueOn').orderBy('s.id').limit(limit).execute();
}

/** Open steps overdue on `today` and not yet escalated (the escalation job's work list). */
export function stepsToEscalate(db: Executor, today: string): Promise<ApprovalStepRow[]> {
  return db
    .selectFrom('approvalSteps')
    .selectAll()
    .where('status', '=', 'open')
    .where('dueOn', '<', today)
    .where('escalatedAt', 'is', null)
    .orderBy('dueOn')
    .orderBy('id')
    .execute();
}

/** Marks one step overdue and escalated, unless another run did already (idempotence). */
export async function markEscalated(
  db: Executor,
  id: string,
  set: { overdueOn: string; escalatedToDivisionCode: string | null; escalatedAt: string },
): Promise<boolean> {
  const r = await db
    .updateTable('approvalSteps')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('escalatedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open steps whose due day was provisional (a year not loaded in the holiday calendar when computed). */
export function provisionalOpenSteps(db: Executor): Promise<ApprovalStepRow[]> {
  return db
    .selectFrom('approvalSteps')
    .selectAll()
    .where('status', '=', 'open')
    .where('dueBasis', '=', 'provisional')
    .execute();
}

export async function updateDueDate(
  db: Executor,
  id: string,
  from: string,
  set: { dueOn: string; dueBasis: 'final' | 'provisional' },
): Promise<boolean> {
  const r = await db
    .updateTable('approvalSteps')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('dueOn', '=', from)
    .where('dueBasis', '=', 'provisional')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
