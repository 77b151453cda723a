/**
 * Monthly supervision visits to placed people (监管走访, R-RES-13): a visit names the placement, the
 * visitor, the findings and at least one evidence photo (a `rescue_case` attachment of kind
 * `visit_evidence`). A placement is overdue for a visit when its last visit — or its start, before the
 * first — is more than `supervisionVisitIntervalDays` days ago.
 */
import { DomainError, addDays, diffDays, newId, type PlainDate } from '@social-affairs/kernel';
import { authorize, scopeFilterFor, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { lockedVisibleCase, ensureCaseOpen, visibleCase } from './cases.access';
import { recorderNamed, recordersNamed } from './recorder-names';
import { rescueConfig } from './rescue.config';
import { auditStayRead, stayToday } from './stay-limit';
import {
  activePlacementOfCase,
  caseAttachmentsAmong,
  insertVisit,
  listPlacements,
  visitsOfCase,
  type PlacementListRow,
  type RescueVisitRow,
} from './stay.repository';

export interface OverdueVisitView {
  placementId: string;
  caseId: string;
  caseNo: string;
  nameGiven: string | null;
  stationId: string;
  stationName: string;
  divisionCode: string;
  partnerId: string;
  partnerName: string;
  startedOn: string;
  lastVisitOn: string | null;
  /** The last day a visit was due (last visit or start + the interval). */
  dueOn: PlainDate;
  daysOverdue: number;
}

/** The day the next visit of a placement is due (R-RES-13): last visit (or start) + the interval. */
export function visitDueOn(
  ctx: CoreContext,
  p: { startedOn: string; lastVisitOn: string | null },
): PlainDate {
  const from = (p.lastVisitOn ?? p.startedOn) as PlainDate;
  return addDays(from, rescueConfig(ctx).supervisionVisitIntervalDays);
}

/**
 * Active placements in the actor's scope whose supervision visit is overdue on `today`, most overdue
 * first (for the warnings concern and the `rescue.visits-overdue` to-do).
 */
export async function overdueVisits(
  ctx: CoreContext,
  actor: Actor,
  today: PlainDate,
): Promise<OverdueVisitView[]> {
  authorize(actor, 'rescue:read');
  const interval = rescueConfig(ctx).supervisionVisitIntervalDays;
  // Overdue when today > last + interval, i.e. last < today - interval.
  const { rows } = await listPlacements(
    ctx.db.kysely,
    { scope: scopeFilterFor(actor), status: 'active', overdueBefore: addDays(today, -interval) },
    { offset: 0, limit: 10_000, sort: 'lastVisitOn', order: 'asc' },
  );
  return rows
    .map((r) => overdueView(ctx, r, today))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.caseNo.localeCompare(b.caseNo));
}

function overdueView(ctx: CoreContext, r: PlacementListRow, today: PlainDate): OverdueVisitView {
  const dueOn = visitDueOn(ctx, r);
  return {
    placementId: r.id,
    caseId: r.caseId,
    caseNo: r.caseNo,
    nameGiven: r.nameGiven,
    stationId: r.stationId,
    stationName: r.stationName,
    divisionCode: r.divisionCode,
    partnerId: r.partnerId,
    partnerName: r.partnerName,
    startedOn: r.startedOn,
    lastVisitOn: r.lastVisitOn ?? null,
    dueOn,
    daysOverdue: diffDays(today, dueOn),
  };
}

export interface RecordVisitInput {
  visitDate: string;
  visitor: string;
  findings: string;
  /** The findings show a problem at the institution (counted as an incident on the scorecard). */
  problem?: boolean;
  /** `rescue_case` attachment ids of kind `visit_evidence` (at least one). */
  evidenceIds: string[];
}

export interface VisitView {
  id: string;
  placementId: string;
  caseId: string;
  partnerId: string;
  visitDate: string;
  visitor: string;
  findings: string;
  problem: boolean;
  evidenceIds: string[];
  createdBy: string;
  createdAt: string;
}

export function presentVisit(r: RescueVisitRow): VisitView {
  return {
    id: r.id,
    placementId: r.placementId,
    caseId: r.caseId,
    partnerId: r.partnerId,
    visitDate: r.visitDate,
    visitor: r.visitor,
    findings: r.findings,
    problem: r.problem === 1,
    evidenceIds: JSON.parse(r.evidenceIds) as string[],
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

/** R-RES-13: records a supervision visit to the person's current placement. */
export async function recordVisit(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: RecordVisitInput,
): Promise<VisitView> {
  authorize(actor, 'rescue:write');
  const evidenceIds = [...new Set(input.evidenceIds)];
  if (evidenceIds.length === 0) {
    throw new DomainError('invalid', 'RESCUE_VISIT_EVIDENCE_REQUIRED', '请上传至少一张探访照片作为佐证', {
      field: 'evidenceIds',
    });
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, caseId);
    ensureCaseOpen(c);
    const placement = await activePlacementOfCase(trx, c.id);
    if (!placement) {
      throw new DomainError('conflict', 'RESCUE_NOT_PLACED', '该人员当前不在站外托养或送医，无需监管走访');
    }
    if (input.visitDate < placement.startedOn) {
      throw new DomainError('invalid', 'RESCUE_VISIT_BEFORE_PLACEMENT', '走访日期不能早于托养开始日期', {
        field: 'visitDate',
      });
    }
    if (input.visitDate > stayToday(ctx)) {
      throw new DomainError('invalid', 'RESCUE_VISIT_IN_FUTURE', '走访日期不能晚于今天', {
        field: 'visitDate',
      });
    }
    const found = await caseAttachmentsAmong(trx, c.id, evidenceIds);
    const bad = evidenceIds.filter((id) => !found.some((a) => a.id === id && a.kind === 'visit_evidence'));
    if (bad.length > 0) {
      throw new DomainError(
        'invalid',
        'RESCUE_VISIT_EVIDENCE_INVALID',
        '探访照片须为本案件已上传的“探访照片”类附件，请重新上传',
        { field: 'evidenceIds', ids: bad },
      );
    }
    const now = ctx.clock.now().toISOString();
    const row: RescueVisitRow = {
      id: newId(),
      placementId: placement.id,
      caseId: c.id,
      stationId: c.stationId,
      divisionCode: c.divisionCode,
      partnerId: placement.partnerId,
      visitDate: input.visitDate,
      visitor: input.visitor,
      findings: input.findings,
      problem: input.problem ? 1 : 0,
      evidenceIds: JSON.stringify(evidenceIds),
      createdBy: actor.username,
      createdAt: now,
    };
    await insertVisit(trx, row);
    await audit(ctx, trx, actor, {
      action: 'rescue.visit.record',
      targetType: 'rescue_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: {
        placementId: placement.id,
        visitId: row.id,
        visitDate: row.visitDate,
        problem: input.problem === true,
        evidenceIds,
      },
    });
    return recorderNamed(trx, presentVisit(row), 'createdBy');
  });
}

/** The visits of a case, newest first. */
export async function visitsOf(ctx: CoreContext, actor: Actor, caseId: string): Promise<VisitView[]> {
  authorize(actor, 'rescue:read');
  const c = await visibleCase(ctx.db.kysely, actor, caseId);
  await auditStayRead(ctx, actor, c, 'visits');
  const visits = (await visitsOfCase(ctx.db.kysely, c.id)).map(presentVisit);
  return recordersNamed(ctx.db.kysely, visits, 'createdBy'); // 登记人 by name
}
