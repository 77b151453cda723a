/**
 * In-station care (站内照料): the services log (R-RES-04) and the stay limit with its extensions
 * (R-RES-05). The log has no fee, charge or labour kind and no amount charged to the person: aid is
 * voluntary and free, and recipients are never made to work (R-RES-02, R-RES-08). Extensions are filed
 * with the higher civil-affairs department (the county) through the approval engine
 * (`rescue.stay-extension`); its outcome comes back on `approval.completed` / `approval.rejected`.
 */
import { DomainError, newId, parsePlainDate, type PlainDate } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, systemActor, type Actor } from '../access/index';
import { defineApproval, submitApprovalInTransaction } from '../approvals/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import { ensureCaseOpen, lockedVisibleCase, visibleCase } from './cases.access';
import { recorderNamed, recordersNamed } from './recorder-names';
import { auditStayRead, stayLimitState, stayToday, type StayLimitState } from './stay-limit';
import {
  decideExtension,
  extensionsOfCase,
  findExtensionByApproval,
  approvedExtensionUntil,
  insertExtension,
  insertService,
  servicesOfCase,
  setExtensionApproval,
  settleWithdrawnExtensions,
  type RescueExtensionRow,
  type RescueServiceRow,
} from './stay.repository';
import { RESCUE_SERVICE_KINDS, type RescueServiceKind } from './stay.table';

export const RESCUE_SERVICE_KIND_LABELS: Record<RescueServiceKind, string> = {
  food: '饮食',
  lodging: '住宿',
  medical: '医疗救治',
  contact_help: '协助联系亲属或所在单位',
  travel_voucher: '返乡乘车凭证',
  clothing: '衣物',
  other: '其他服务',
};

/** R-RES-05: 延期救助 — one step at the county (the higher civil-affairs department), separation of duties. */
export const STAY_EXTENSION_APPROVAL = defineApproval({
  key: 'rescue.stay-extension',
  title: '延长救助期限审批',
  submitPermission: 'rescue:write',
  steps: [
    {
      key: 'county-approval',
      title: '县级民政部门审批',
      level: 'county',
      permission: 'rescue:approve',
      roles: ['county_reviewer'],
      deadline: { days: 3, unit: 'working' },
      differentPersonFromPrevious: true,
    },
  ],
});
export const STAY_EXTENSION_OWNER = 'rescue_stay_extension';

// ----- services log -----

export interface RecordServiceInput {
  kind: RescueServiceKind;
  serviceDate: string;
  description: string;
  providedBy: string;
}

export interface ServiceView {
  id: string;
  caseId: string;
  kind: RescueServiceKind;
  kindLabel: string;
  serviceDate: string;
  description: string;
  providedBy: string;
  createdBy: string;
  createdAt: string;
}

function presentService(r: RescueServiceRow): ServiceView {
  return {
    id: r.id,
    caseId: r.caseId,
    kind: r.kind,
    kindLabel: RESCUE_SERVICE_KIND_LABELS[r.kind],
    serviceDate: r.serviceDate,
    description: r.description,
    providedBy: r.providedBy,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

/** Text that describes a charge or labour: refused (R-RES-02, R-RES-08) — services are free and no one works for the station. */
const FEE_OR_LABOUR = /收费|收取.{0,8}费|缴费|交费|缴纳|付费|扣款|罚款|劳动|务工|干活|做工|帮工|抵.{0,4}费/;

/** R-RES-04: records one service given to the person (never a fee or labour item: R-RES-02, R-RES-08). */
export async function recordService(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: RecordServiceInput,
): Promise<ServiceView> {
  authorize(actor, 'rescue:write');
  if (!(RESCUE_SERVICE_KINDS as readonly string[]).includes(input.kind)) {
    throw new DomainError(
      'invalid',
      'RESCUE_SERVICE_KIND_INVALID',
      '服务类型无效：救助无偿提供，不能登记收费或劳动项目',
      {
        field: 'kind',
      },
    );
  }
  if (FEE_OR_LABOUR.test(input.description)) {
    throw new DomainError(
      'invalid',
      'RESCUE_NO_FEE_OR_LABOUR',
      '救助无偿提供，不得向受助人员收费或安排其劳动（《救助管理办法》第十条、第十四条）：请删去收费或劳动内容',
      { field: 'description' },
    );
  }
  const serviceDate = parseDay(input.serviceDate, 'serviceDate', '服务日期');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, caseId);
    ensureCaseOpen(c);
    if (serviceDate < c.entryDate || serviceDate > stayToday(ctx)) {
      throw new DomainError('invalid', 'RESCUE_SERVICE_DATE_OUT_OF_STAY', '服务日期须在入站之日至今天之间', {
        field: 'serviceDate',
      });
    }
    const row: RescueServiceRow = {
      id: newId(),
      caseId: c.id,
      stationId: c.stationId,
      divisionCode: c.divisionCode,
      kind: input.kind,
      serviceDate,
      description: input.description,
      providedBy: input.providedBy,
      createdBy: actor.username,
      createdAt: ctx.clock.now().toISOString(),
    };
    await insertService(trx, row);
    await audit(ctx, trx, actor, {
      action: 'rescue.service.record',
      targetType: 'rescue_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { serviceId: row.id, kind: row.kind, serviceDate },
    });
    return recorderNamed(trx, presentService(row), 'createdBy');
  });
}

export async function servicesOf(ctx: CoreContext, actor: Actor, caseId: string): Promise<ServiceView[]> {
  authorize(actor, 'rescue:read');
  const c = await visibleCase(ctx.db.kysely, actor, caseId);
  await auditStayRead(ctx, actor, c, 'services');
  const services = (await servicesOfCase(ctx.db.kysely, c.id)).map(presentService);
  return recordersNamed(ctx.db.kysely, services, 'createdBy'); // 登记人 by name
}

function parseDay(value: string, field: string, label: string): PlainDate {
  try {
    return parsePlainDate(value);
  } catch {
    throw new DomainError('invalid', 'DATE_INVALID', `${label}格式不正确，请按“年-月-日”填写`, { field });
  }
}

// ----- stay limit and extensions -----

export interface ExtensionView {
  id: string;
  caseId: string;
  reason: string;
  requestedUntil: string;
  status: RescueExtensionRow['status'];
  approvalId: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdBy: string;
  createdAt: string;
}

function presentExtension(r: RescueExtensionRow): ExtensionView {
  return {
    id: r.id,
    caseId: r.caseId,
    reason: r.reason,
    requestedUntil: r.requestedUntil,
    status: r.status,
    approvalId: r.approvalId,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

export interface StayView extends StayLimitState {
  caseId: string;
  /** The case is open (in the station, placed or in hospital). */
  open: boolean;
  status: string;
  entryDate: string;
  today: PlainDate;
  extensions: ExtensionView[];
  /** An extension may be requested now (the limit applies, the case is open, none is pending). */
  canRequestExtension: boolean;
}

/** The stay-limit state of a case today with its extension requests (R-RES-05, R-RES-11). */
export async function stayOf(ctx: CoreContext, actor: Actor, caseId: string): Promise<StayView> {
  authorize(actor, 'rescue:read');
  const c = await visibleCase(ctx.db.kysely, actor, caseId);
  await auditStayRead(ctx, actor, c, 'stay');
  // A request withdrawn in the approval engine (no event) is marked withdrawn here too (one idempotent update).
  await settleWithdrawnExtensions(ctx.db.kysely, c.id, ctx.clock.now().toISOString());
  const today = stayToday(ctx);
  const extensions = await extensionsOfCase(ctx.db.kysely, c.id);
  const state = stayLimitState(ctx, c, await approvedExtensionUntil(ctx.db.kysely, c.id), today);
  const open = c.closedAt === null;
  return {
    ...state,
    caseId: c.id,
    open,
    status: c.status,
    entryDate: c.entryDate,
    today,
    extensions: await recordersNamed(ctx.db.kysely, extensions.map(presentExtension), 'createdBy'),
    canRequestExtension: open && state.applies && !extensions.some((e) => e.status === 'pending'),
  };
}

export interface RequestExtensionInput {
  reason: string;
  requestedUntil: string;
  attachmentIds?: string[];
}

/** R-RES-05: files an extension request with the county through the approval engine (one commit). */
export async function requestStayExtension(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: RequestExtensionInput,
): Promise<ExtensionView> {
  authorize(actor, 'rescue:write');
  const requestedUntil = parseDay(input.requestedUntil, 'requestedUntil', '延长至日期');
  if (input.reason.trim().length < 2) {
    throw new DomainError('invalid', 'RESCUE_EXTENSION_REASON_REQUIRED', '请填写延长救助的特殊理由', {
      field: 'reason',
    });
  }
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const c = await lockedVisibleCase(trx, actor, caseId);
      ensureCaseOpen(c);
      await settleWithdrawnExtensions(trx, c.id, ctx.clock.now().toISOString());
      const today = stayToday(ctx);
      const state = stayLimitState(ctx, c, await approvedExtensionUntil(trx, c.id), today);
      if (!state.applies) {
        throw new DomainError(
          'conflict',
          'RESCUE_STAY_LIMIT_NOT_APPLICABLE',
          '该受助人员不适用10天救助期限（未满16周岁或有精神、智力障碍迹象），无需申请延期',
        );
      }
      if (state.effectiveEnd && requestedUntil <= state.effectiveEnd) {
        throw new DomainError(
          'invalid',
          'RESCUE_EXTENSION_NOT_LATER',
          `延长至日期须晚于现行救助期限（${state.effectiveEnd}）`,
          { field: 'requestedUntil', effectiveEnd: state.effectiveEnd },
        );
      }
      const now = ctx.clock.now().toISOString();
      const row: RescueExtensionRow = {
        id: newId(),
        caseId: c.id,
        stationId: c.stationId,
        divisionCode: c.divisionCode,
        reason: input.reason.trim(),
        requestedUntil,
        status: 'pending',
        approvalId: null,
        decidedAt: null,
        decisionReason: null,
        createdBy: actor.username,
        createdAt: now,
        updatedAt: now,
      };
      await insertExtension(trx, row);
      const instance = await submitApprovalInTransaction(ctx, trx, actor, {
        definition: STAY_EXTENSION_APPROVAL,
        ownerType: STAY_EXTENSION_OWNER,
        ownerId: row.id,
        divisionCode: c.divisionCode,
        institutionId: c.stationId,
        title: `${c.caseNo} 延长救助至 ${requestedUntil}`,
        note: row.reason,
        attachmentIds: input.attachmentIds ?? [],
      });
      await setExtensionApproval(trx, row.id, instance.id);
      await audit(ctx, trx, actor, {
        action: 'rescue.extension.submit',
        targetType: 'rescue_case',
        targetId: c.id,
        divisionCode: c.divisionCode,
        subjectPersonId: c.personId,
        details: { extensionId: row.id, approvalId: instance.id, requestedUntil },
      });
      return recorderNamed(trx, presentExtension({ ...row, approvalId: instance.id }), 'createdBy');
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new DomainError(
        'conflict',
        'RESCUE_EXTENSION_PENDING',
        '该案件已有待审批的延期申请，请等待审批结果',
      );
    }
    throw e;
  }
}

/** Subscriber: the county decided an extension (`approval.completed` / `approval.rejected`). */
export async function onExtensionDecided(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'approval.completed'> | StoredEvent<'approval.rejected'>,
): Promise<void> {
  const p = event.payload;
  if (p.definitionKey !== STAY_EXTENSION_APPROVAL.key) return;
  const ext = await findExtensionByApproval(trx, p.instanceId);
  if (!ext || ext.status !== 'pending') return; // replay, or not ours
  const approved = event.type === 'approval.completed';
  const reason = 'reason' in p ? (p as { reason: string }).reason : null;
  const changed = await decideExtension(trx, ext.id, {
    status: approved ? 'approved' : 'rejected',
    decidedAt: event.occurredAt,
    decisionReason: reason,
  });
  if (!changed) return;
  await audit(ctx, trx, systemActor('rescue-stay', ext.divisionCode), {
    action: approved ? 'rescue.extension.approved' : 'rescue.extension.rejected',
    targetType: 'rescue_case',
    targetId: ext.caseId,
    divisionCode: ext.divisionCode,
    details: { extensionId: ext.id, approvalId: p.instanceId, requestedUntil: ext.requestedUntil },
  });
}
