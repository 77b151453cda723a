import {
  DomainError,
  getDivision,
  newId,
  loadedHolidayYears,
  plainDateParts,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
  ensureDivisionInScope,
  ensureVisible,
  inScope,
  scopePrefix,
  systemActor,
  type Actor,
} from '../access/actor';
import type { Permission, Role } from '../access/roles';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/dialect';
import type { Executor } from '../db/executor';
import type { Database } from '../db/schema';
import { emitEvent } from '../events/outbox';
import {
  closeStep,
  decisionsOf,
  findInstance,
  insertDecision,
  insertInstance,
  insertStep,
  instancesOfOwner,
  latestStepOf,
  markEscalated,
  openTasks,
  overdueSteps,
  provisionalOpenSteps,
  stepsOf,
  stepsToEscalate,
  updateDueDate,
  updateInstance,
} from './approvals.repository';
import type {
  ApprovalAction,
  ApprovalDecisionRow,
  ApprovalInstanceRow,
  ApprovalLevel,
  ApprovalStatus,
  ApprovalStepRow,
  ApprovalStepStatus,
} from './approvals.table';
import { approvalDueDate, type StepDeadline } from './deadline';

// ---------------------------------------------------------------------------------------------------
// Definitions (declared in code by each line)
// ---------------------------------------------------------------------------------------------------

export interface ApprovalStepDefinition {
  /** Stable code name of the step, e.g. `county-review`. */
  key: string;
  /** Chinese name, e.g. 县级民政部门审核. */
  title: string;
  /** Division level that acts: the step goes to the owner record's division at this level. */
  level: ApprovalLevel;
  /** Permission the decider must hold (a line's own, e.g. `funeral:approve`). */
  permission?: Permission;
  /** Roles allowed to decide (any role holding the permission when omitted). */
  roles?: readonly Role[];
  deadline: StepDeadline;
  /** Separation of duties: the decider must not be the previous step's decider (the submitter for step 1). */
  differentPersonFromPrevious?: boolean;
  /** An approval of this step must cite at least one attachment (a signed form, a scan). */
  attachmentsRequired?: boolean;
}

export interface ApprovalDefinition {
  /** Stable code name, `<line>.<what>`, e.g. `funeral.cremation-outside-county`. */
  key: string;
  /** Chinese name shown in lists. */
  title: string;
  /** Permission needed to submit, resubmit after correction, or withdraw. */
  submitPermission: Permission;
  /** The submission must cite at least one attachment. */
  attachmentsRequiredOnSubmit?: boolean;
  steps: readonly ApprovalStepDefinition[];
}

const CODE = /^[a-z][a-z0-9_.-]{0,79}$/;
const permissionSchema = z.string().regex(/^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/);
const definitionSchema = z.object({
  key: z.string().regex(CODE),
  title: z.string().min(1).max(100),
  submitPermission: permissionSchema,
  attachmentsRequiredOnSubmit: z.boolean().optional(),
  steps: z
    .array(
      z
        .object({
          key: z.string().regex(CODE),
          title: z.string().min(1).max(100),
          level: z.enum(['township', 'county', 'city', 'province']),
          permission: permissionSchema.optional(),
          roles: z
            .array(z.string().regex(/^[a-z_]+$/))
            .min(1)
            .optional(),
          deadline: z.object({
            days: z.number().int().min(1).max(366),
            unit: z.enum(['working', 'calendar']),
          }),
          differentPersonFromPrevious: z.boolean().optional(),
          attachmentsRequired: z.boolean().optional(),
        })
        .refine((s) => s.permission !== undefined || s.roles !== undefined, {
          message: 'a step needs a permission or roles',
        }),
    )
    .min(1)
    .max(20),
});

/**
 * Declares an approval definition (validated once, at module load of the line that declares it): a
 * mistake — no step, a step without permission or roles, a bad key — fails start-up, not a user.
 */
export function defineApproval(definition: ApprovalDefinition): ApprovalDefinition {
  const parsed = definitionSchema.safeParse(definition);
  if (!parsed.success) {
    throw new Error(`approval definition ${definition.key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const keys = new Set(definition.steps.map((s) => s.key));
  if (keys.size !== definition.steps.length)
    throw new Error(`approval definition ${definition.key}: step keys repeat`);
  return definition;
}

// ---------------------------------------------------------------------------------------------------
// Division levels
// ---------------------------------------------------------------------------------------------------

const LEVEL_RANK: Record<ApprovalLevel, number> = { township: 0, county: 1, city: 2, province: 3 };
export const APPROVAL_LEVEL_LABELS: Record<ApprovalLevel, string> = {
  township: '乡镇（街道）',
  county: '县级',
  city: '市级',
  province: '省级',
};

/** The level of a division code: 9+ digits township, `xx0000` province, `xxxx00` city, else county. */
export function divisionLevelOf(code: string): ApprovalLevel {
  if (code.length > 6) return 'township';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The division at `level` that a record of `divisionCode` belongs to; undefined when `level` is below it. */
export function divisionAtLevel(divisionCode: string, level: ApprovalLevel): string | undefined {
  if (LEVEL_RANK[level] < LEVEL_RANK[divisionLevelOf(divisionCode)]) return undefined;
  switch (level) {
    case 'township':
      return divisionCode.slice(0, 9);
    case 'county':
      return divisionCode.slice(0, 6);
    case 'city':
      return `${divisionCode.slice(0, 4)}00`;
    case 'province':
      return `${divisionCode.slice(0, 2)}0000`;
  }
}

/** The division one level up, where an overdue step is escalated (none above the province). */
export function escalationDivisionOf(actingDivisionCode: string): string | undefined {
  switch (divisionLevelOf(actingDivisionCode)) {
    case 'township':
      return actingDivisionCode.slice(0, 6);
    case 'county':
      return `${actingDivisionCode.slice(0, 4)}00`;
    case 'city':
      return `${actingDivisionCode.slice(0, 2)}0000`;
    case 'province':
      return undefined;
  }
}

function divisionName(code: string): string {
  return getDivision(code)?.name ?? code;
}

// ---------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------

export interface ApprovalStepView {
  id: string;
  stepIndex: number;
  round: number;
  key: string;
  title: string;
  level: ApprovalLevel;
  actingDivisionCode: string;
  actingDivisionName: string;
  status: ApprovalStepStatus;
  openedOn: string;
  dueOn: string;
  /** The due day counts through a year whose holiday arrangements are not loaded (weekends only so far). */
  dueProvisional: boolean;
  overdue: boolean;
  escalatedToDivisionCode: string | null;
  escalatedAt: string | null;
  attachmentsRequired: boolean;
  separationOfDuties: boolean;
  decidedByUsername: string | null;
  decidedAt: string | null;
}

export interface ApprovalDecisionView {
  action: ApprovalAction;
  stepId: string | null;
  actorUsername: string;
  reason: string | null;
  attachmentIds: string[];
  at: string;
}

export interface ApprovalView {
  id: string;
  definitionKey: string;
  title: string;
  ownerType: string;
  ownerId: string;
  divisionCode: string;
  divisionName: string;
  status: ApprovalStatus;
  round: number;
  submittedByUsername: string;
  submittedAt: string;
  closedAt: string | null;
  /** The definition's steps, in order (what the instance goes through). */
  plan: { key: string; title: string; level: ApprovalLevel }[];
  currentStep: ApprovalStepView | null;
  /** Every activation of every step so far (history, oldest first). */
  steps: ApprovalStepView[];
  decisions: ApprovalDecisionView[];
}

export interface ApprovalTaskView {
  instanceId: string;
  stepId: string;
  definitionKey: string;
  title: string;
  stepTitle: string;
  level: ApprovalLevel;
  ownerType: string;
  ownerId: string;
  divisionCode: string;
  divisionName: string;
  openedOn: string;
  dueOn: string;
  dueProvisional: boolean;
  overdue: boolean;
  escalatedToDivisionCode: string | null;
}

/** The actor's scope as list filters: division code prefix and, for institution staff, the institution. */
function scopeOf(actor: Actor): { divisionPrefix: string; institutionId: string | null } {
  return { divisionPrefix: scopePrefix(actor.divisionCode), institutionId: actor.institutionId ?? null };
}

function today(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

function stepView(s: ApprovalStepRow, on: PlainDate): ApprovalStepView {
  return {
    id: s.id,
    stepIndex: s.stepIndex,
    round: s.round,
    key: s.stepKey,
    title: s.title,
    level: s.level,
    actingDivisionCode: s.actingDivisionCode,
    actingDivisionName: divisionName(s.actingDivisionCode),
    status: s.status,
    openedOn: s.openedOn,
    dueOn: s.dueOn,
    dueProvisional: s.dueBasis === 'provisional',
    overdue: s.status === 'open' && s.dueOn < on,
    escalatedToDivisionCode: s.escalatedToDivisionCode,
    escalatedAt: s.escalatedAt,
    attachmentsRequired: s.attachmentsRequired === 'yes',
    separationOfDuties: s.mustDifferFrom !== null,
    decidedByUsername: s.decidedByUsername,
    decidedAt: s.decidedAt,
  };
}

function decisionView(d: ApprovalDecisionRow): ApprovalDecisionView {
  return {
    action: d.action,
    stepId: d.stepId,
    actorUsername: d.actorUsername,
    reason: d.reason,
    attachmentIds: JSON.parse(d.attachmentIds) as string[],
    at: d.at,
  };
}

function definitionOf(i: ApprovalInstanceRow): ApprovalDefinition {
  return JSON.parse(i.definition) as ApprovalDefinition;
}

async function instanceView(ctx: CoreContext, db: Executor, i: ApprovalInstanceRow): Promise<ApprovalView> {
  const on = today(ctx);
  const steps = (await stepsOf(db, i.id)).map((s) => stepView(s, on));
  const decisions = (await decisionsOf(db, i.id)).map(decisionView);
  const current =
    i.status === 'pending' || i.status === 'returned' ? (steps[steps.length - 1] ?? null) : null;
  return {
    id: i.id,
    definitionKey: i.definitionKey,
    title: i.title,
    ownerType: i.ownerType,
    ownerId: i.ownerId,
    divisionCode: i.divisionCode,
    divisionName: divisionName(i.divisionCode),
    status: i.status,
    round: i.round,
    submittedByUsername: i.submittedByUsername,
    submittedAt: i.submittedAt,
    closedAt: i.closedAt,
    plan: definitionOf(i).steps.map((s) => ({ key: s.key, title: s.title, level: s.level })),
    currentStep: current,
    steps,
    decisions,
  };
}

// ---------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------

const HAN = /\p{Script=Han}/u;

/** A reason for rejecting, returning or withdrawing: required, in Chinese, at most 500 characters. */
function requireReason(reason: string | undefined | null): string {
  const r = reason?.trim() ?? '';
  if (!r) throw new DomainError('invalid', 'APPROVAL_REASON_REQUIRED', '请填写理由', { field: 'reason' });
  if (!HAN.test(r)) {
    throw new DomainError('invalid', 'APPROVAL_REASON_NOT_CHINESE', '理由须用中文填写', { field: 'reason' });
  }
  if (r.length > 500) {
    throw new DomainError('invalid', 'APPROVAL_REASON_TOO_LONG', '理由不能超过 500 字', { field: 'reason' });
  }
  return r;
}

function attachmentIdsOf(ids: readonly string[] | undefined, required: boolean): string[] {
  const list = [...new Set((ids ?? []).map((x) => x.trim()).filter(Boolean))];
  if (list.length > 50 || list.some((x) => x.length > 64)) {
    throw new DomainError('invalid', 'APPROVAL_ATTACHMENTS_INVALID', '附件标识不正确', {
      field: 'attachmentIds',
    });
  }
  if (required && list.length === 0) {
    throw new DomainError(
      'invalid',
      'APPROVAL_ATTACHMENTS_REQUIRED',
      '本环节须附上附件（如签字表、扫描件）',
      {
        field: 'attachmentIds',
      },
    );
  }
  return list;
}

/** Whether `actor` may decide `step` (level, division, role, permission, separation of duties). */
function ensureCanDecide(actor: Actor, step: ApprovalStepRow): void {
  if (!actor.userId) {
    throw new DomainError('forbidden', 'APPROVAL_USER_REQUIRED', '审批须由具体工作人员作出');
  }
  if (actor.divisionCode !== step.actingDivisionCode) {
    throw new DomainError(
      'forbidden',
      'APPROVAL_WRONG_LEVEL',
      `该环节须由${APPROVAL_LEVEL_LABELS[step.level]}（${divisionName(step.actingDivisionCode)}）办理`,
      { level: step.level, actingDivisionCode: step.actingDivisionCode },
    );
  }
  if (step.permission && !actor.permissions.has(step.permission as Permission)) {
    throw new DomainError('forbidden', 'PERMISSION_DENIED', '您的角色无权执行此操作', {
      permission: step.permission,
    });
  }
  if (step.roles && !step.roles.includes(`,${actor.role},`)) {
    throw new DomainError('forbidden', 'APPROVAL_ROLE_REQUIRED', '您的角色不能办理该审批环节');
  }
  if (step.mustDifferFrom && step.mustDifferFrom === actor.userId) {
    throw new DomainError(
      'forbidden',
      'APPROVAL_SEPARATION_OF_DUTIES',
      '该环节须由与上一环节不同的人员办理（审批分离）',
    );
  }
}

function ensureCanSubmit(actor: Actor, definition: ApprovalDefinition): void {
  if (!actor.permissions.has(definition.submitPermission)) {
    throw new DomainError('forbidden', 'PERMISSION_DENIED', '您的角色无权执行此操作', {
      permission: definition.submitPermission,
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// Moving an instance
// ---------------------------------------------------------------------------------------------------

function openStepRow(
  instance: Pick<ApprovalInstanceRow, 'id' | 'divisionCode'>,
  definition: ApprovalDefinition,
  index: number,
  round: number,
  mustDifferFrom: string | null,
  on: PlainDate,
): ApprovalStepRow {
  const s = definition.steps[index];
  if (!s) throw new Error(`approval ${definition.key}: no step ${index}`);
  const acting = divisionAtLevel(instance.divisionCode, s.level);
  if (!acting) {
    throw new DomainError(
      'invalid',
      'APPROVAL_LEVEL_INVALID',
      `“${s.title}”须由${APPROVAL_LEVEL_LABELS[s.level]}办理，但该事项所属区划在其上级，无法确定办理单位`,
      { field: 'divisionCode' },
    );
  }
  const due = approvalDueDate(on, s.deadline);
  return {
    id: newId(),
    instanceId: instance.id,
    stepIndex: index,
    round,
    stepKey: s.key,
    title: s.title,
    level: s.level,
    actingDivisionCode: acting,
    permission: s.permission ?? null,
    roles: s.roles ? `,${s.roles.join(',')},` : null,
    mustDifferFrom: s.differentPersonFromPrevious ? mustDifferFrom : null,
    attachmentsRequired: s.attachmentsRequired ? 'yes' : 'no',
    deadlineDays: s.deadline.days,
    deadlineUnit: s.deadline.unit,
    openedOn: on,
    dueOn: due.dueOn,
    dueBasis: due.provisional ? 'provisional' : 'final',
    status: 'open',
    decidedBy: null,
    decidedByUsername: null,
    decidedAt: null,
    overdueOn: null,
    escalatedToDivisionCode: null,
    escalatedAt: null,
  };
}

async function record(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  instance: ApprovalInstanceRow,
  entry: {
    action: ApprovalAction;
    stepId: string | null;
    reason?: string | null;
    attachmentIds?: string[];
    details?: Record<string, unknown>;
  },
): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await insertDecision(trx, {
    id: newId(),
    instanceId: instance.id,
    stepId: entry.stepId,
    action: entry.action,
    actorId: actor.userId,
    actorUsername: actor.username,
    reason: entry.reason ?? null,
    attachmentIds: JSON.stringify(entry.attachmentIds ?? []),
    at,
  });
  await audit(ctx, trx, actor, {
    action: `approval.${entry.action}`,
    targetType: 'approval',
    targetId: instance.id,
    divisionCode: instance.divisionCode,
    reason: entry.reason ?? null,
    details: {
      definitionKey: instance.definitionKey,
      ownerType: instance.ownerType,
      ownerId: instance.ownerId,
      stepId: entry.stepId,
      attachmentIds: entry.attachmentIds ?? [],
      ...entry.details,
    },
  });
}

export interface SubmitApprovalInput {
  definition: ApprovalDefinition;
  ownerType: string;
  ownerId: string;
  /** The owner record's division (its county, or its township). */
  divisionCode: string;
  /** The institution (rescue station, funeral home) the owner record belongs to, if any. */
  institutionId?: string | null;
  /** Shown in lists, e.g. 张三 火化审批; the definition's title when omitted. */
  title?: string;
  note?: string;
  attachmentIds?: readonly string[];
}

/**
 * Submits an owner record for approval inside the caller's transaction (the line creates its record and
 * submits it in one commit). Opens the first step; one open approval per definition and owner record.
 */
export async function submitApprovalInTransaction(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: SubmitApprovalInput,
): Promise<ApprovalInstanceRow> {
  const definition = defineApproval(input.definition);
  ensureCanSubmit(actor, definition);
  if (!getDivision(input.divisionCode.slice(0, 6)) || !/^\d{6}(\d{3})?$/.test(input.divisionCode)) {
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'divisionCode' });
  }
  if (!inScope(actor, { divisionCode: input.divisionCode, institutionId: input.institutionId ?? null })) {
    if (!input.divisionCode.startsWith(scopePrefix(actor.divisionCode))) {
      ensureDivisionInScope(actor, input.divisionCode); // throws DIVISION_OUT_OF_SCOPE
    }
    throw new DomainError('forbidden', 'INSTITUTION_OUT_OF_SCOPE', '该业务记录不属于您所在的机构', {
      field: 'institutionId',
    });
  }
  if (!input.ownerType || !input.ownerId) {
    throw new DomainError('invalid', 'APPROVAL_OWNER_REQUIRED', '请指明审批事项所属的业务记录', {
      field: 'ownerId',
    });
  }
  const attachmentIds = attachmentIdsOf(input.attachmentIds, definition.attachmentsRequiredOnSubmit ?? false);
  const now = ctx.clock.now().toISOString();
  const instance: ApprovalInstanceRow = {
    id: newId(),
    definitionKey: definition.key,
    definition: JSON.stringify(definition),
    title: input.title?.trim() || definition.title,
    ownerType: input.ownerType,
    ownerId: input.ownerId,
    divisionCode: input.divisionCode,
    institutionId: input.institutionId ?? null,
    status: 'pending',
    currentStep: 0,
    round: 1,
    submittedBy: actor.userId,
    submittedByUsername: actor.username,
    submittedAt: now,
    closedAt: null,
    updatedAt: now,
    version: 1,
  };
  const step = openStepRow(instance, definition, 0, 1, actor.userId, today(ctx));
  try {
    await insertInstance(trx, instance);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new DomainError('conflict', 'APPROVAL_ALREADY_OPEN', '该业务记录已有进行中的同类审批');
  }
  await insertStep(trx, step);
  await record(ctx, trx, actor, instance, {
    action: 'submit',
    stepId: step.id,
    reason: input.note?.trim() || null,
    attachmentIds,
    details: { firstStep: step.stepKey, dueOn: step.dueOn, dueBasis: step.dueBasis },
  });
  return instance;
}

/** `submitApprovalInTransaction` in a transaction of its own. */
export async function submitApproval(
  ctx: CoreContext,
  actor: Actor,
  input: SubmitApprovalInput,
): Promise<ApprovalView> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const instance = await submitApprovalInTransaction(ctx, trx, actor, input);
    return instanceView(ctx, trx, instance);
  });
}

async function loadForChange(
  trx: Transaction<Database>,
  actor: Actor,
  instanceId: string,
): Promise<ApprovalInstanceRow> {
  const instance = await findInstance(trx, instanceId);
  if (!instance) throw new DomainError('not_found', 'NOT_FOUND', '审批事项不存在或不在您的管辖范围内');
  ensureVisible(actor, instance, '审批事项');
  return instance;
}

function changed(): DomainError {
  return new DomainError('conflict', 'APPROVAL_CHANGED', '该审批事项已被他人处理，请刷新后重试');
}

export interface ApprovalDecisionInput {
  decision: 'approve' | 'reject' | 'return';
  /** Required (in Chinese) to reject or return; optional remark when approving. */
  reason?: string | null;
  attachmentIds?: readonly string[];
  /** The step the decider saw; a decision on a step that has moved on since is refused. */
  stepId?: string;
}

/**
 * Decides the current step: approve (the next step opens, or the instance completes), reject (the
 * instance ends; `approval.rejected`), or return for correction (the submitter resubmits). Audited, in
 * one transaction with the outbox event.
 */
export async function decideApproval(
  ctx: CoreContext,
  actor: Actor,
  instanceId: string,
  input: ApprovalDecisionInput,
): Promise<ApprovalView> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const updated = await decideApprovalInTransaction(ctx, trx, actor, instanceId, input);
    return instanceView(ctx, trx, updated);
  });
}

/**
 * `decideApproval` inside the caller's transaction: the decision (and its outbox event) stands only if the
 * caller's whole change commits — e.g. a line recording its own decision on the owner record with it. Same
 * checks. Returns the instance as updated.
 */
export async function decideApprovalInTransaction(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  instanceId: string,
  input: ApprovalDecisionInput,
): Promise<ApprovalInstanceRow> {
  const instance = await loadForChange(trx, actor, instanceId);
  if (instance.status !== 'pending') {
    throw new DomainError('conflict', 'APPROVAL_NOT_PENDING', '该审批事项当前不在审批中');
  }
  const step = await latestStepOf(trx, instance.id);
  if (!step || step.status !== 'open' || step.stepIndex !== instance.currentStep) throw changed();
  if (input.stepId && input.stepId !== step.id) throw changed();
  ensureCanDecide(actor, step);
  const reason = input.decision === 'approve' ? input.reason?.trim() || null : requireReason(input.reason);
  const attachmentIds = attachmentIdsOf(
    input.attachmentIds,
    input.decision === 'approve' && step.attachmentsRequired === 'yes',
  );
  const now = ctx.clock.now().toISOString();
  const stepStatus: ApprovalStepStatus =
    input.decision === 'approve' ? 'approved' : input.decision === 'reject' ? 'rejected' : 'returned';
  if (
    !(await closeStep(trx, step.id, {
      status: stepStatus,
      decidedBy: actor.userId,
      decidedByUsername: actor.username,
      decidedAt: now,
    }))
  ) {
    throw changed();
  }
  const definition = definitionOf(instance);
  const last = step.stepIndex === definition.steps.length - 1;
  let next: ApprovalStepRow | undefined;
  let status: ApprovalStatus;
  if (input.decision === 'approve' && !last) {
    status = 'pending';
    next = openStepRow(instance, definition, step.stepIndex + 1, instance.round, actor.userId, today(ctx));
  } else if (input.decision === 'approve') status = 'approved';
  else if (input.decision === 'reject') status = 'rejected';
  else status = 'returned';
  const closed = status === 'approved' || status === 'rejected';
  const ok = await updateInstance(trx, instance.id, instance.version, {
    status,
    currentStep: closed ? null : (next?.stepIndex ?? step.stepIndex),
    closedAt: closed ? now : null,
    updatedAt: now,
  });
  if (!ok) throw changed();
  if (next) await insertStep(trx, next);
  await record(ctx, trx, actor, instance, {
    action: input.decision,
    stepId: step.id,
    reason,
    attachmentIds,
    details: { step: step.stepKey, ...(next ? { nextStep: next.stepKey, dueOn: next.dueOn } : {}), status },
  });
  const payload = {
    instanceId: instance.id,
    definitionKey: instance.definitionKey,
    ownerType: instance.ownerType,
    ownerId: instance.ownerId,
    divisionCode: instance.divisionCode,
  };
  if (status === 'approved') {
    await emitEvent(trx, ctx.db.dialect, 'approval.completed', payload, ctx.clock.now());
  } else if (status === 'rejected') {
    await emitEvent(
      trx,
      ctx.db.dialect,
      'approval.rejected',
      { ...payload, stepKey: step.stepKey, reason: reason ?? '' },
      ctx.clock.now(),
    );
  }
  return (await findInstance(trx, instance.id)) ?? instance;
}

/**
 * Resubmits an instance returned for correction: the step that returned it opens again (a new round),
 * with a fresh deadline. Needs the definition's submit permission, in scope.
 */
export async function resubmitApproval(
  ctx: CoreContext,
  actor: Actor,
  instanceId: string,
  input: { note?: string | null; attachmentIds?: readonly string[] } = {},
): Promise<ApprovalView> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const instance = await loadForChange(trx, actor, instanceId);
    const definition = definitionOf(instance);
    ensureCanSubmit(actor, definition);
    if (instance.status !== 'returned') {
      throw new DomainError('conflict', 'APPROVAL_NOT_RETURNED', '该审批事项未被退回补正，无需重新提交');
    }
    const returned = await latestStepOf(trx, instance.id);
    if (!returned || returned.status !== 'returned') throw changed();
    const attachmentIds = attachmentIdsOf(input.attachmentIds, false);
    const now = ctx.clock.now().toISOString();
    const step = openStepRow(instance, definition, returned.stepIndex, instance.round + 1, null, today(ctx));
    step.mustDifferFrom = returned.mustDifferFrom;
    const ok = await updateInstance(trx, instance.id, instance.version, {
      status: 'pending',
      currentStep: step.stepIndex,
      round: step.round,
      updatedAt: now,
    });
    if (!ok) throw changed();
    await insertStep(trx, step);
    await record(ctx, trx, actor, instance, {
      action: 'resubmit',
      stepId: step.id,
      reason: input.note?.trim() || null,
      attachmentIds,
      details: { step: step.stepKey, round: step.round, dueOn: step.dueOn },
    });
    const updated = await findInstance(trx, instance.id);
    return instanceView(ctx, trx, updated ?? instance);
  });
}

/** Withdraws a pending or returned instance (the applicant's side), with a reason in Chinese. */
export async function withdrawApproval(
  ctx: CoreContext,
  actor: Actor,
  instanceId: string,
  input: { reason: string },
): Promise<ApprovalView> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const updated = await withdrawApprovalInTransaction(ctx, trx, actor, instanceId, input);
    return instanceView(ctx, trx, updated);
  });
}

/**
 * `withdrawApproval` inside the caller's transaction: the withdrawal (step closed, instance withdrawn,
 * decision recorded and audited) stands only if the caller's whole change commits — e.g. a line closing
 * the record the approval is about. Same checks (visible, submit permission, still pending or returned →
 * else 409 `APPROVAL_NOT_PENDING`, a reason). Returns the instance as updated.
 */
export async function withdrawApprovalInTransaction(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  instanceId: string,
  input: { reason: string },
): Promise<ApprovalInstanceRow> {
  const instance = await loadForChange(trx, actor, instanceId);
  ensureCanSubmit(actor, definitionOf(instance));
  if (instance.status !== 'pending' && instance.status !== 'returned') {
    throw new DomainError('conflict', 'APPROVAL_NOT_PENDING', '该审批事项已办结，不能撤回');
  }
  const reason = requireReason(input.reason);
  const now = ctx.clock.now().toISOString();
  const step = await latestStepOf(trx, instance.id);
  if (step?.status === 'open') {
    await closeStep(trx, step.id, {
      status: 'withdrawn',
      decidedBy: actor.userId,
      decidedByUsername: actor.username,
      decidedAt: now,
    });
  }
  const ok = await updateInstance(trx, instance.id, instance.version, {
    status: 'withdrawn',
    currentStep: null,
    closedAt: now,
    updatedAt: now,
  });
  if (!ok) throw changed();
  await record(ctx, trx, actor, instance, { action: 'withdraw', stepId: step?.id ?? null, reason });
  return (await findInstance(trx, instance.id)) ?? instance;
}

// ---------------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------------

/** One instance with its steps and decisions; outside the actor's scope it does not exist (404). */
export async function getApproval(ctx: CoreContext, actor: Actor, instanceId: string): Promise<ApprovalView> {
  const instance = await findInstance(ctx.db.kysely, instanceId);
  if (!instance) throw new DomainError('not_found', 'NOT_FOUND', '审批事项不存在或不在您的管辖范围内');
  ensureVisible(actor, instance, '审批事项');
  return instanceView(ctx, ctx.db.kysely, instance);
}

/** The approvals of one owner record visible to the actor, newest first. */
export async function approvalsOfOwner(
  ctx: CoreContext,
  actor: Actor,
  ownerType: string,
  ownerId: string,
): Promise<ApprovalView[]> {
  const rows = await instancesOfOwner(ctx.db.kysely, ownerType, ownerId, scopeOf(actor));
  return Promise.all(rows.map((i) => instanceView(ctx, ctx.db.kysely, i)));
}

export function taskView(
  s: ApprovalStepRow,
  i: Pick<ApprovalInstanceRow, 'id' | 'definitionKey' | 'title' | 'ownerType' | 'ownerId' | 'divisionCode'>,
  on: PlainDate,
): ApprovalTaskView {
  return {
    instanceId: i.id,
    stepId: s.id,
    definitionKey: i.definitionKey,
    title: i.title,
    stepTitle: s.title,
    level: s.level,
    ownerType: i.ownerType,
    ownerId: i.ownerId,
    divisionCode: i.divisionCode,
    divisionName: divisionName(i.divisionCode),
    openedOn: s.openedOn,
    dueOn: s.dueOn,
    dueProvisional: s.dueBasis === 'provisional',
    overdue: s.dueOn < on,
    escalatedToDivisionCode: s.escalatedToDivisionCode,
  };
}

/**
 * The actor's to-do list: open steps at its own division whose role and permission it holds, minus
 * those separation of duties keeps it from deciding; earliest due first.
 */
export async function myApprovalTasks(
  ctx: CoreContext,
  actor: Actor,
  page: { page?: number; pageSize?: number } = {},
): Promise<{ items: ApprovalTaskView[]; total: number; page: number; pageSize: number }> {
  const p = Math.max(1, page.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, page.pageSize ?? 20));
  if (!actor.userId) return { items: [], total: 0, page: p, pageSize };
  const on = today(ctx);
  const { total, rows } = await openTasks(ctx.db.kysely, {
    actingDivisionCode: actor.divisionCode,
    role: actor.role,
    permissions: [...actor.permissions],
    userId: actor.userId,
    institutionId: actor.institutionId ?? null,
    limit: pageSize,
    offset: (p - 1) * pageSize,
  });
  return { items: rows.map((r) => taskView(r, r.instance, on)), total, page: p, pageSize };
}

/** Overdue open steps in the actor's scope, or escalated into it (supervision list). */
export async function overdueApprovals(
  ctx: CoreContext,
  actor: Actor,
  limit = 200,
): Promise<ApprovalTaskView[]> {
  const on = today(ctx);
  const rows = await overdueSteps(ctx.db.kysely, on, scopeOf(actor), Math.min(1000, limit));
  return rows.map((r) =>
    taskView(
      r,
      {
        id: r.instanceId,
        definitionKey: r.definitionKey,
        title: r.instanceTitle,
        ownerType: r.ownerType,
        ownerId: r.ownerId,
        divisionCode: r.divisionCode,
      },
      on,
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Scheduled: deadlines and escalation
// ---------------------------------------------------------------------------------------------------

/**
 * For the scheduled job: (1) recomputes provisional due days whose years are now loaded in the holiday
 * calendar; (2) marks every open step whose last day has passed as overdue and escalates it to the next
 * division level up (township → county → city → province), recording an `escalate` decision and an
 * audit row. Idempotent: a step is escalated once; a second run the same day changes nothing.
 */
export async function escalateOverdueApprovals(
  ctx: CoreContext,
): Promise<{ escalated: number; deadlinesFinalised: number }> {
  const job = systemActor('approvals.escalation', '000000');
  const on = today(ctx);
  const loaded = new Set(loadedHolidayYears());
  let deadlinesFinalised = 0;
  for (const s of await provisionalOpenSteps(ctx.db.kysely)) {
    if (!loaded.has(plainDateParts(s.dueOn as PlainDate).year)) continue;
    const due = approvalDueDate(s.openedOn as PlainDate, { days: s.deadlineDays, unit: s.deadlineUnit });
    if (due.provisional) continue;
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (!(await updateDueDate(trx, s.id, s.dueOn, { dueOn: due.dueOn, dueBasis: 'final' }))) return;
      const instance = await findInstance(trx, s.instanceId);
      deadlinesFinalised++;
      await audit(ctx, trx, job, {
        action: 'approval.deadline-final',
        targetType: 'approval',
        targetId: s.instanceId,
        divisionCode: instance?.divisionCode ?? null,
        details: { stepId: s.id, from: s.dueOn, to: due.dueOn },
      });
    });
  }
  let escalated = 0;
  for (const s of await stepsToEscalate(ctx.db.kysely, on)) {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const to = escalationDivisionOf(s.actingDivisionCode) ?? null;
      const now = ctx.clock.now().toISOString();
      if (!(await markEscalated(trx, s.id, { overdueOn: on, escalatedToDivisionCode: to, escalatedAt: now })))
        return;
      const instance = await findInstance(trx, s.instanceId);
      if (!instance) return;
      escalated++;
      await record(ctx, trx, job, instance, {
        action: 'escalate',
        stepId: s.id,
        reason: to
          ? `“${s.title}”逾期未办（期限至 ${s.dueOn}），已提请${divisionName(to)}督办`
          : `“${s.title}”逾期未办（期限至 ${s.dueOn}）`,
        details: { step: s.stepKey, dueOn: s.dueOn, escalatedTo: to },
      });
    });
  }
  return { escalated, deadlinesFinalised };
}
