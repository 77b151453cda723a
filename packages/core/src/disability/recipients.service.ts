/**
 * 补贴对象 (recipients): the ledger of entitlements with filters, paging, sort and Excel export (audited
 * reads), one recipient with its events; stops by hand (R-DIS-07, `disability:approve`, through
 * `stopEntitlement`: payment stops from the month after the event) and disputes of a stop (county civil
 * affairs re-checks within 10 working days; reversed → the same entitlement resumes from the month after
 * its old last month, and the roster pays the arrears). Also the person panel and the concern's to-dos.
 */
import { DomainError, maskResidentId, newId, todayPlainDate } from '@social-affairs/kernel';
import { authorize, inScope, scopePrefix, type Actor } from '../access/index';
import { audit, maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import type { PersonPanel, TodoItem } from '../line';
import { lockedVisibleEntitlement, visibleEntitlement } from './disability.access';
import {
  certificatesOfPerson,
  entitlementsOfPerson,
  eventsOfEntitlement,
  insertEntitlementEvent,
  openEntitlement,
} from './disability.repository';
import {
  APPLICATION_STATUS_LABELS,
  CERTIFICATE_STATUS_LABELS,
  ENTITLEMENT_STATUS_LABELS,
  STOP_REASON_LABELS,
  SUBSIDY_LABELS,
  SUBSIDY_SHORT_LABELS,
  type EntitlementStatus,
  type StopReason,
  type Subsidy,
} from './disability.table';
import { stopEntitlement } from './entitlements';
import {
  disputesOfEntitlement,
  findDispute,
  insertDispute,
  lockDispute,
  openDisputes,
  reinstateEntitlement,
  searchRecipients,
  updateDispute,
  type RecipientRow,
  type RecipientSort,
  type StopDisputeRow,
} from './recipients.repository';
import { applicationsOfPerson, personBasics } from './review.repository';
import { DISPUTE_STATUS_LABELS, type DisputeStatus } from './review.table';
import { addMonthsToMonth, workingDaysAfter } from './rules';

/** R-DIS-07 (茂名, VERIFIED-2nd): county civil affairs re-checks a disputed stop within 10 working days. */
export const DISPUTE_RECHECK_WORKING_DAYS = 10;

/** The reasons a clerk may stop by hand (deaths come from the people index, certificates and 低保 from comparison). */
export const MANUAL_STOP_REASONS = [
  'imprisonment',
  'voluntary',
  'moved_out',
  'false_materials',
  'missing',
  'declared_dead',
  'death',
  'review_failed',
  'overlap',
  'other',
] as const satisfies readonly StopReason[];
export type ManualStopReason = (typeof MANUAL_STOP_REASONS)[number];

const HAN = /\p{Script=Han}/u;
const today = (ctx: CoreContext) => todayPlainDate(ctx.config.timeZone, ctx.clock.now());

export interface RecipientView {
  id: string;
  personId: string;
  personName: string;
  residentIdMasked: string | null;
  personDeceased: boolean;
  subsidy: Subsidy;
  subsidyLabel: string;
  divisionCode: string;
  applicationId: string | null;
  applicationNo: string | null;
  certificateNumberMasked: string | null;
  category: number | null;
  grade: number | null;
  fromMonth: string;
  toMonth: string | null;
  status: EntitlementStatus;
  statusLabel: string;
  stopReason: StopReason | null;
  stopReasonLabel: string | null;
  stopEventDate: string | null;
}

function presentRecipient(r: RecipientRow): RecipientView {
  return {
    id: r.id,
    personId: r.personId,
    personName: r.personName,
    residentIdMasked: r.residentId ? maskResidentId(r.residentId) : null,
    personDeceased: r.personStatus === 'deceased',
    subsidy: r.subsidy,
    subsidyLabel: SUBSIDY_LABELS[r.subsidy],
    divisionCode: r.divisionCode,
    applicationId: r.applicationId,
    applicationNo: r.applicationNo,
    certificateNumberMasked: r.certificateNumber
      ? `${maskResidentId(r.certificateNumber.slice(0, 18))}${r.certificateNumber.slice(18)}`
      : null,
    category: r.category,
    grade: r.grade,
    fromMonth: r.fromMonth,
    toMonth: r.toMonth,
    status: r.status,
    statusLabel: ENTITLEMENT_STATUS_LABELS[r.status],
    stopReason: r.stopReason,
    stopReasonLabel: r.stopReason ? STOP_REASON_LABELS[r.stopReason] : null,
    stopEventDate: r.stopEventDate,
  };
}

export interface RecipientsQuery {
  subsidy?: Subsidy;
  status?: EntitlementStatus;
  divisionCode?: string;
  fromMonth?: string;
  stopReason?: StopReason;
  q?: string;
  personId?: string;
  sort?: RecipientSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

function filterOf(actor: Actor, q: RecipientsQuery) {
  if (q.divisionCode && !inScope(actor, q.divisionCode.padEnd(6, '0'))) {
    throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '所选区划不在您的管辖范围内', {
      field: 'divisionCode',
    });
  }
  return {
    scopePrefix: scopePrefix(actor.divisionCode),
    ...(q.subsidy ? { subsidy: q.subsidy } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.divisionCode ? { divisionCode: q.divisionCode } : {}),
    ...(q.fromMonth ? { fromMonth: q.fromMonth } : {}),
    ...(q.stopReason ? { stopReason: q.stopReason } : {}),
    ...(q.q?.trim() ? { q: q.q.trim() } : {}),
    ...(q.personId ? { personId: q.personId } : {}),
  };
}

/** 补贴对象台账: a page of entitlements in scope (audited list read; a full resident id in `q` is masked). */
export async function recipientsLedger(ctx: CoreContext, actor: Actor, q: RecipientsQuery) {
  authorize(actor, 'disability:read');
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(500, Math.max(1, q.pageSize ?? 20));
  const filter = filterOf(actor, q);
  const { total, rows } = await searchRecipients(
    ctx.db.kysely,
    filter,
    { field: q.sort ?? 'fromMonth', dir: q.order ?? 'desc' },
    { offset: (page - 1) * pageSize, limit: pageSize },
  );
  await ctx.readAudit.record(actor, {
    action: 'disability.recipients.list',
    targetType: 'disability_entitlement',
    targetId: 'all',
    divisionCode: actor.divisionCode,
    details: { filter: maskAuditFilter(filter), total, page },
  });
  return { items: rows.map(presentRecipient), total, page, pageSize };
}

/** Every row under the same filter, for the Excel export (audited before the first row). */
export async function exportRecipients(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<RecipientsQuery, 'page' | 'pageSize'>,
): Promise<AsyncIterable<RecipientView>> {
  authorize(actor, 'disability:read');
  const filter = filterOf(actor, q);
  await ctx.readAudit.record(actor, {
    action: 'disability.recipients.export',
    targetType: 'disability_entitlement',
    targetId: 'all',
    divisionCode: actor.divisionCode,
    details: { filter: maskAuditFilter(filter) },
  });
  const db = ctx.db.kysely;
  const sort = { field: q.sort ?? ('fromMonth' as const), dir: q.order ?? ('desc' as const) };
  return (async function* () {
    for (let offset = 0; ; offset += 1_000) {
      const { rows } = await searchRecipients(db, filter, sort, { offset, limit: 1_000 });
      for (const r of rows) yield presentRecipient(r);
      if (rows.length < 1_000) return;
    }
  })();
}

export interface DisputeView {
  id: string;
  entitlementId: string;
  lodgedOn: string;
  reason: string;
  dueOn: string;
  dueProvisional: boolean;
  overdue: boolean;
  status: DisputeStatus;
  statusLabel: string;
  decidedOn: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
}

function presentDispute(d: StopDisputeRow, on: string): DisputeView {
  return {
    id: d.id,
    entitlementId: d.entitlementId,
    lodgedOn: d.lodgedOn,
    reason: d.reason,
    dueOn: d.dueOn,
    dueProvisional: d.dueProvisional === 1,
    overdue: d.status === 'open' && d.dueOn < on,
    status: d.status,
    statusLabel: DISPUTE_STATUS_LABELS[d.status],
    decidedOn: d.decidedOn,
    decidedBy: d.decidedBy,
    decisionReason: d.decisionReason,
  };
}

/** One recipient: the entitlement, its events (grant, stop, reinstatement…) and its disputes. Audited. */
export async function recipientDetail(ctx: CoreContext, actor: Actor, entitlementId: string) {
  authorize(actor, 'disability:read');
  const db = ctx.db.kysely;
  const e = await visibleEntitlement(db, actor, entitlementId);
  const { rows } = await searchRecipients(
    db,
    { scopePrefix: '', personId: e.personId },
    { field: 'fromMonth', dir: 'desc' },
    { offset: 0, limit: 100 },
  );
  const row = rows.find((r) => r.id === e.id)!;
  const [events, disputes] = await Promise.all([
    eventsOfEntitlement(db, e.id),
    disputesOfEntitlement(db, e.id),
  ]);
  await ctx.readAudit.record(actor, {
    action: 'disability.recipient.read',
    targetType: 'disability_entitlement',
    targetId: e.id,
    subjectPersonId: e.personId,
    divisionCode: e.divisionCode,
  });
  const on = today(ctx);
  return {
    ...presentRecipient(row),
    events: events.map((ev) => ({
      id: ev.id,
      kind: ev.kind,
      kindLabel: EVENT_KIND_LABELS[ev.kind] ?? ev.kind,
      effectiveMonth: ev.effectiveMonth,
      reasonCode: ev.reasonCode,
      reasonLabel: ev.reasonCode ? (STOP_REASON_LABELS[ev.reasonCode as StopReason] ?? ev.reasonCode) : null,
      note: ev.note,
      source: ev.source,
      actorId: ev.actorId,
      at: ev.at,
    })),
    disputes: disputes.map((d) => presentDispute(d, on)),
    manualStopReasons: MANUAL_STOP_REASONS.map((r) => ({ value: r, label: STOP_REASON_LABELS[r] })),
  };
}

const EVENT_KIND_LABELS: Record<string, string> = {
  granted: '认定发放',
  stopped: '停发',
  suspended: '暂停',
  resumed: '恢复',
  reinstated: '复核恢复发放',
};

/**
 * 停发 by hand (R-DIS-07): imprisonment (the judgment's effective date), voluntary, moved out, false
 * materials, declared missing or dead… — payment stops from the month after `eventDate`.
 */
export async function stopRecipient(
  ctx: CoreContext,
  actor: Actor,
  entitlementId: string,
  input: { reason: ManualStopReason; eventDate: string; note?: string | null },
) {
  authorize(actor, 'disability:approve');
  if (!(MANUAL_STOP_REASONS as readonly string[]).includes(input.reason)) {
    throw new DomainError('invalid', 'DISABILITY_STOP_REASON', '请选择停发原因', { field: 'reason' });
  }
  const day = today(ctx);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.eventDate) || input.eventDate > day) {
    throw new DomainError('invalid', 'DISABILITY_EVENT_DATE', '事由发生日期须为不晚于今天的日期', {
      field: 'eventDate',
    });
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const e = await lockedVisibleEntitlement(trx, actor, entitlementId);
    if (e.status === 'stopped') {
      throw new DomainError('conflict', 'DISABILITY_ALREADY_STOPPED', '该补贴已停发', { toMonth: e.toMonth });
    }
    if (input.eventDate.slice(0, 7) < addMonthsToMonth(e.fromMonth, -1)) {
      throw new DomainError(
        'invalid',
        'DISABILITY_EVENT_BEFORE_START',
        `事由发生日期早于补贴起始月份（${e.fromMonth}）之前一个月，请核实；发放前的事由应按复核认定处理`,
        { field: 'eventDate' },
      );
    }
    const { row } = await stopEntitlement(
      trx,
      actor,
      e,
      {
        reason: input.reason,
        eventDate: input.eventDate,
        source: 'manual',
        sourceId: null,
        note: input.note?.trim() || null,
      },
      ctx.clock.now().toISOString(),
    );
    await audit(ctx, trx, actor, {
      action: 'disability.recipient.stop',
      targetType: 'disability_entitlement',
      targetId: e.id,
      divisionCode: e.divisionCode,
      details: { reason: input.reason, eventDate: input.eventDate, toMonth: row.toMonth },
    });
  });
  return recipientDetail(ctx, actor, entitlementId);
}

/** A recipient contests a stop: recorded with the re-check deadline (10 working days, kernel calendar). */
export async function lodgeDispute(
  ctx: CoreContext,
  actor: Actor,
  entitlementId: string,
  input: { lodgedOn: string; reason: string },
) {
  if (!actor.permissions.has('disability:write') && !actor.permissions.has('disability:approve')) {
    authorize(actor, 'disability:approve');
  }
  const day = today(ctx);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.lodgedOn) || input.lodgedOn > day) {
    throw new DomainError('invalid', 'DISABILITY_EVENT_DATE', '提出异议日期须为不晚于今天的日期', {
      field: 'lodgedOn',
    });
  }
  const reason = input.reason?.trim() ?? '';
  if (!HAN.test(reason)) {
    throw new DomainError('invalid', 'DISABILITY_REASON_REQUIRED', '请用中文写明异议理由', {
      field: 'reason',
    });
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const e = await lockedVisibleEntitlement(trx, actor, entitlementId);
    if (e.status !== 'stopped') {
      throw new DomainError('conflict', 'DISABILITY_NOT_STOPPED', '该补贴未停发，无需复核');
    }
    const open = (await disputesOfEntitlement(trx, e.id)).find((d) => d.status === 'open');
    if (open) {
      throw new DomainError('conflict', 'DISABILITY_DISPUTE_OPEN', '该停发已有复核中的异议', {
        disputeId: open.id,
      });
    }
    const due = workingDaysAfter(input.lodgedOn, DISPUTE_RECHECK_WORKING_DAYS);
    const now = ctx.clock.now().toISOString();
    const id = newId();
    await insertDispute(trx, {
      id,
      entitlementId: e.id,
      personId: e.personId,
      divisionCode: e.divisionCode,
      lodgedOn: input.lodgedOn,
      reason,
      dueOn: due.dueOn,
      dueProvisional: due.provisional ? 1 : 0,
      status: 'open',
      decidedOn: null,
      decidedBy: null,
      decisionReason: null,
      recordedBy: actor.username,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    await audit(ctx, trx, actor, {
      action: 'disability.dispute.lodge',
      targetType: 'disability_entitlement',
      targetId: e.id,
      divisionCode: e.divisionCode,
      details: { disputeId: id, lodgedOn: input.lodgedOn, dueOn: due.dueOn },
    });
  });
  return recipientDetail(ctx, actor, entitlementId);
}

/**
 * County civil affairs decides a dispute: upheld (the stop stands) or reversed — the same entitlement
 * resumes (event `reinstated`, effective the month after its old last month; DESIGN: one row keeps the
 * whole history and the roster (D4) pays the months between as arrears). 409 when the person meanwhile
 * receives the subsidy again on another entitlement.
 */
export async function decideDispute(
  ctx: CoreContext,
  actor: Actor,
  disputeId: string,
  input: { outcome: 'upheld' | 'reversed'; reason: string },
) {
  authorize(actor, 'disability:approve');
  const reason = input.reason?.trim() ?? '';
  if (!HAN.test(reason)) {
    throw new DomainError('invalid', 'DISABILITY_REASON_REQUIRED', '请用中文写明复核意见', {
      field: 'reason',
    });
  }
  if (input.outcome !== 'upheld' && input.outcome !== 'reversed') {
    throw new DomainError('invalid', 'DISABILITY_DISPUTE_OUTCOME', '请选择维持停发或撤销停发', {
      field: 'outcome',
    });
  }
  let entitlementId = '';
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const seen = await findDispute(trx, disputeId);
    if (!seen || !inScope(actor, seen.divisionCode)) {
      throw new DomainError('not_found', 'NOT_FOUND', '停发异议不存在或不在您的管辖范围内');
    }
    const d = (await lockDispute(trx, seen.id))!;
    if (d.status !== 'open') {
      throw new DomainError('conflict', 'DISABILITY_DISPUTE_DECIDED', '该异议已复核办结');
    }
    const e = await lockedVisibleEntitlement(trx, actor, d.entitlementId);
    entitlementId = e.id;
    const day = today(ctx);
    const now = ctx.clock.now().toISOString();
    let resumeMonth: string | null = null;
    if (input.outcome === 'reversed') {
      if (e.status !== 'stopped' || !e.toMonth) {
        throw new DomainError('conflict', 'DISABILITY_NOT_STOPPED', '该补贴未停发，无需恢复');
      }
      const other = await openEntitlement(trx, e.personId, e.subsidy);
      if (other) {
        throw new DomainError(
          'conflict',
          'DISABILITY_ALREADY_RECEIVING',
          '该人员已重新享受此项补贴，不能恢复原补贴；请核对后维持原停发决定',
          { entitlementId: other.id },
        );
      }
      resumeMonth = addMonthsToMonth(e.toMonth, 1);
      await reinstateEntitlement(trx, e.id, now);
      await insertEntitlementEvent(trx, {
        entitlementId: e.id,
        kind: 'reinstated',
        effectiveMonth: resumeMonth,
        reasonCode: e.stopReason,
        note: `停发异议复核撤销停发：${reason}`,
        source: 'dispute',
        sourceId: d.id,
        actorId: actor.userId ?? actor.username,
        at: now,
      });
    }
    await updateDispute(trx, d.id, {
      status: input.outcome,
      decidedOn: day,
      decidedBy: actor.username,
      decisionReason: reason,
      updatedAt: now,
    });
    await audit(ctx, trx, actor, {
      action: input.outcome === 'reversed' ? 'disability.dispute.reverse' : 'disability.dispute.uphold',
      targetType: 'disability_entitlement',
      targetId: e.id,
      divisionCode: e.divisionCode,
      details: { disputeId: d.id, resumeMonth, overdue: d.dueOn < day },
    });
  });
  return recipientDetail(ctx, actor, entitlementId);
}

// ----- person panel and to-dos -------------------------------------------------------------------------------------

/** 残疾人两项补贴 on the person page: certificate, applications, entitlements with status and months. */
export async function disabilityPersonPanel(
  ctx: CoreContext,
  actor: Actor,
  personId: string,
): Promise<PersonPanel | null> {
  authorize(actor, 'disability:read');
  const db = ctx.db.kysely;
  const [certs, apps, ents, person] = await Promise.all([
    certificatesOfPerson(db, personId),
    applicationsOfPerson(db, personId),
    entitlementsOfPerson(db, personId),
    personBasics(db, personId),
  ]);
  const shownApps = apps.filter(
    (a) =>
      inScope(actor, a.divisionCode) ||
      (a.receivedDivisionCode !== null && inScope(actor, a.receivedDivisionCode)),
  );
  const shownEnts = ents.filter((e) => inScope(actor, e.divisionCode));
  await ctx.readAudit.record(actor, {
    action: 'disability.person-panel.read',
    targetType: 'person',
    targetId: personId,
    subjectPersonId: personId,
    divisionCode: person?.divisionCode ?? null,
    reason: '人员详情页',
    details: { via: 'person-panel', applications: shownApps.length, entitlements: shownEnts.length },
  });
  if (certs.length === 0 && apps.length === 0 && ents.length === 0) return null;
  const cert = certs[0];
  const facts: { label: string; value: string }[] = [];
  if (cert) {
    facts.push({
      label: '残疾人证',
      value: `${cert.category}类${cert.grade}级，${CERTIFICATE_STATUS_LABELS[cert.status]}${cert.validUntil ? `，有效期至 ${cert.validUntil}` : ''}`,
    });
  }
  for (const a of shownApps) {
    const subs = [a.appliesLiving ? '生活补贴' : null, a.appliesCare ? '护理补贴' : null]
      .filter(Boolean)
      .join('、');
    facts.push({
      label: `${a.submittedOn} 申请`,
      value: `${a.applicationNo}（${subs}，${APPLICATION_STATUS_LABELS[a.status]}）`,
    });
  }
  for (const e of shownEnts) {
    facts.push({
      label: SUBSIDY_SHORT_LABELS[e.subsidy],
      value: `${ENTITLEMENT_STATUS_LABELS[e.status]}，${e.fromMonth} 起${e.toMonth ? `至 ${e.toMonth}` : ''}${e.stopReason ? `（${STOP_REASON_LABELS[e.stopReason]}）` : ''}`,
    });
  }
  const hidden = apps.length - shownApps.length + (ents.length - shownEnts.length);
  if (hidden > 0) facts.push({ label: '其他记录', value: `另有 ${hidden} 条辖区外记录` });
  return {
    title: '残疾人两项补贴',
    facts,
    link: shownApps[0]
      ? `/disability/applications/${shownApps[0].id}`
      : `/disability/recipients?personId=${personId}`,
  };
}

/** To-do of county civil affairs: disputed stops to re-check (the earliest deadline). */
export async function disputesTodo(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const rows = await openDisputes(ctx.db.kysely, scopePrefix(actor.divisionCode));
  if (rows.length === 0) return [];
  return [
    {
      line: 'disability',
      kind: 'disability.disputes',
      title: '停发异议待复核（10个工作日内）',
      count: rows.length,
      dueOn: rows[0]!.dueOn,
      link: '/disability/recipients?status=stopped',
    },
  ];
}
