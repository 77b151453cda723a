/**
 * Outside placement (站外托养) and hospital placement (R-RES-13). Care in the station is the norm and
 * placement the exception, so a reason is required. The station stays the first responsible party
 * (第一责任主体) wherever the person is: every placement names it and the agreement it rests on, and links
 * to the partner's inspection log. A partner flagged unqualified, a partner without an active agreement
 * with the station, or an agreement whose places are taken → no new placement (R1's
 * `ensurePartnerAcceptsPlacement`).
 */
import {
  DomainError,
  addDays,
  diffDays,
  newId,
  parsePlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import { authorize, scopeFilterFor, type Actor } from '../access/index';
import { audit, maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { ensureCaseOpen, lockedVisibleCase, visibleCase } from './cases.access';
import { rescueConfig } from './rescue.config';
import { ensurePartnerAcceptsPlacement } from './stations.guards';
import { auditStayRead, stayToday } from './stay-limit';
import {
  activePlacementOfCase,
  activePlacementsOnAgreement,
  endPlacementRow,
  inspectionsOfPartner,
  lastInspectionsOf,
  listPlacements,
  partnersInScope,
  placeableAgreements,
  placementQuery,
  placementsOfCase,
  placementsOfPartners,
  partnerKindOf,
  setCaseStatus,
  visitsOfPartners,
  insertPlacement,
  type PlacementListRow,
  type PlacementSort,
  type RescuePlacementRow,
} from './stay.repository';
import { visitDueOn } from './visits.service';

export interface PlacementView {
  id: string;
  caseId: string;
  caseNo: string;
  personId: string;
  nameGiven: string | null;
  sex: string;
  identityStatus: string;
  kind: 'foster' | 'hospital';
  /** 第一责任主体: the case's station (R-RES-13). */
  responsibleStationId: string;
  responsibleStationName: string;
  divisionCode: string;
  partnerId: string;
  partnerName: string;
  partnerQualification: string;
  agreementId: string;
  agreementNo: string;
  agreementValidUntil: string;
  reason: string;
  startedOn: string;
  endedOn: string | null;
  endReason: string | null;
  status: 'active' | 'ended';
  lastVisitOn: string | null;
  /** When the next supervision visit is due (active placements). */
  visitDueOn: string | null;
  visitOverdue: boolean;
}

function presentPlacement(ctx: CoreContext, r: PlacementListRow, today: PlainDate): PlacementView {
  const due =
    r.status === 'active'
      ? visitDueOn(ctx, { startedOn: r.startedOn, lastVisitOn: r.lastVisitOn ?? null })
      : null;
  return {
    id: r.id,
    caseId: r.caseId,
    caseNo: r.caseNo,
    personId: r.personId,
    nameGiven: r.nameGiven,
    sex: r.sex,
    identityStatus: r.identityStatus,
    kind: r.kind,
    responsibleStationId: r.stationId,
    responsibleStationName: r.stationName,
    divisionCode: r.divisionCode,
    partnerId: r.partnerId,
    partnerName: r.partnerName,
    partnerQualification: r.partnerQualification,
    agreementId: r.agreementId,
    agreementNo: r.agreementNo,
    agreementValidUntil: r.agreementValidUntil,
    reason: r.reason,
    startedOn: r.startedOn,
    endedOn: r.endedOn,
    endReason: r.endReason,
    status: r.status,
    lastVisitOn: r.lastVisitOn ?? null,
    visitDueOn: due,
    visitOverdue: due !== null && today > due,
  };
}

export interface PlaceCaseInput {
  partnerId: string;
  startedOn: string;
  reason: string;
}

/** R-RES-13: places the person with a partner institution (foster) or a partner hospital. */
export async function placeCase(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: PlaceCaseInput,
): Promise<PlacementView> {
  authorize(actor, 'rescue:write');
  let startedOn: PlainDate;
  try {
    startedOn = parsePlainDate(input.startedOn);
  } catch {
    throw new DomainError('invalid', 'DATE_INVALID', '托养开始日期格式不正确', { field: 'startedOn' });
  }
  if (input.reason.trim().length < 4) {
    // 站内照料是常态、站外托养是例外: the exception needs its reason.
    throw new DomainError(
      'invalid',
      'RESCUE_PLACEMENT_REASON_REQUIRED',
      '站内照料是常态、站外托养是例外：请写明需要站外托养的理由',
      {
        field: 'reason',
      },
    );
  }
  try {
    const id = await ctx.db.kysely.transaction().execute(async (trx) => {
      const c = await lockedVisibleCase(trx, actor, caseId);
      ensureCaseOpen(c);
      if (startedOn < c.entryDate || startedOn > stayToday(ctx)) {
        throw new DomainError(
          'invalid',
          'RESCUE_PLACEMENT_DATE_INVALID',
          '托养开始日期须在入站之日至今天之间',
          {
            field: 'startedOn',
          },
        );
      }
      if (await activePlacementOfCase(trx, c.id)) {
        throw new DomainError(
          'conflict',
          'RESCUE_ALREADY_PLACED',
          '该人员已在站外托养或送医，请先办理回站再重新安排',
        );
      }
      const agreement = await ensurePartnerAcceptsPlacement(trx, {
        stationId: c.stationId,
        partnerId: input.partnerId,
        on: startedOn,
      });
      await ensurePartnerAcceptsPlacement(trx, {
        stationId: c.stationId,
        partnerId: input.partnerId,
        on: startedOn,
        placedCount: await activePlacementsOnAgreement(trx, agreement.id),
      });
      const partner = await partnerKindOf(trx, input.partnerId);
      const now = ctx.clock.now().toISOString();
      const row: RescuePlacementRow = {
        id: newId(),
        caseId: c.id,
        stationId: c.stationId,
        divisionCode: c.divisionCode,
        partnerId: input.partnerId,
        agreementId: agreement.id,
        kind: partner.kind,
        reason: input.reason.trim(),
        startedOn,
        endedOn: null,
        endReason: null,
        status: 'active',
        createdBy: actor.username,
        createdAt: now,
        updatedAt: now,
      };
      await insertPlacement(trx, row);
      await setCaseStatus(trx, c.id, partner.kind === 'hospital' ? 'in_hospital' : 'placed', now);
      await audit(ctx, trx, actor, {
        action: 'rescue.placement.start',
        targetType: 'rescue_case',
        targetId: c.id,
        divisionCode: c.divisionCode,
        subjectPersonId: c.personId,
        details: {
          placementId: row.id,
          partnerId: row.partnerId,
          agreementId: agreement.id,
          startedOn,
          kind: row.kind,
        },
      });
      return row.id;
    });
    return await placementById(ctx, id);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new DomainError(
        'conflict',
        'RESCUE_ALREADY_PLACED',
        '该人员已在站外托养或送医，请先办理回站再重新安排',
      );
    }
    throw e;
  }
}

async function placementById(ctx: CoreContext, id: string): Promise<PlacementView> {
  const r = await placementQuery(ctx.db.kysely).where('pl.id', '=', id).executeTakeFirstOrThrow();
  return presentPlacement(ctx, r, stayToday(ctx));
}

export interface EndPlacementInput {
  endedOn: string;
  endReason: string;
}

/** Ends the current placement: the person returns to the station (status in_station). */
export async function endPlacement(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: EndPlacementInput,
): Promise<PlacementView> {
  authorize(actor, 'rescue:write');
  let endedOn: PlainDate;
  try {
    endedOn = parsePlainDate(input.endedOn);
  } catch {
    throw new DomainError('invalid', 'DATE_INVALID', '回站日期格式不正确', { field: 'endedOn' });
  }
  if (input.endReason.trim().length === 0) {
    throw new DomainError('invalid', 'RESCUE_PLACEMENT_END_REASON_REQUIRED', '请填写回站原因', {
      field: 'endReason',
    });
  }
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, caseId);
    ensureCaseOpen(c);
    const p = await activePlacementOfCase(trx, c.id);
    if (!p) throw new DomainError('conflict', 'RESCUE_NOT_PLACED', '该人员当前不在站外托养或送医');
    if (endedOn < p.startedOn || endedOn > stayToday(ctx)) {
      throw new DomainError(
        'invalid',
        'RESCUE_PLACEMENT_END_DATE_INVALID',
        '回站日期须在托养开始之日至今天之间',
        {
          field: 'endedOn',
        },
      );
    }
    const now = ctx.clock.now().toISOString();
    if (!(await endPlacementRow(trx, p.id, { endedOn, endReason: input.endReason.trim(), updatedAt: now }))) {
      throw new DomainError('conflict', 'RESCUE_NOT_PLACED', '该人员当前不在站外托养或送医');
    }
    await setCaseStatus(trx, c.id, 'in_station', now);
    await audit(ctx, trx, actor, {
      action: 'rescue.placement.end',
      targetType: 'rescue_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { placementId: p.id, endedOn },
    });
    return p.id;
  });
  return placementById(ctx, id);
}

export interface CasePlacementsView {
  placements: (PlacementView & { inspections: Awaited<ReturnType<typeof inspectionsOfPartner>> })[];
  /** Agreements of the case's station usable today (for the placement form). */
  options: {
    partnerId: string;
    partnerName: string;
    partnerKind: 'foster' | 'hospital';
    ownership: string;
    qualification: string;
    agreementId: string;
    agreementNo: string;
    validUntil: string;
    places: number;
    placed: number;
  }[];
}

/** A case's placements (with each partner's inspection log) and the placement options of its station. */
export async function placementsOf(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
): Promise<CasePlacementsView> {
  authorize(actor, 'rescue:read');
  const c = await visibleCase(ctx.db.kysely, actor, caseId);
  await auditStayRead(ctx, actor, c, 'placements');
  const today = stayToday(ctx);
  const rows = await placementsOfCase(ctx.db.kysely, c.id);
  const placements = [];
  for (const r of rows) {
    placements.push({
      ...presentPlacement(ctx, r, today),
      inspections: await inspectionsOfPartner(ctx.db.kysely, r.partnerId),
    });
  }
  const opts = await placeableAgreements(ctx.db.kysely, c.stationId, today);
  return {
    placements,
    options: opts.map((o) => ({
      partnerId: o.partnerId,
      partnerName: o.partnerName,
      partnerKind: o.partnerKind,
      ownership: o.ownership,
      qualification: o.qualification,
      agreementId: o.id,
      agreementNo: o.agreementNo,
      validUntil: o.validUntil,
      places: o.places,
      placed: Number(o.placed ?? 0),
    })),
  };
}

export interface PlacementsQuery {
  division?: string;
  status?: 'active' | 'ended';
  partnerId?: string;
  kind?: 'foster' | 'hospital';
  q?: string;
  overdue?: boolean;
  /** `startedOn`, `-startedOn` (descending) …; default newest placement first. */
  sort?: PlacementSort | `-${PlacementSort}`;
  page?: number;
  pageSize?: number;
}

/** 站外托养台账: placements in scope with filters, sort and paging. */
export async function placementLedger(
  ctx: CoreContext,
  actor: Actor,
  q: PlacementsQuery,
): Promise<{ items: PlacementView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'rescue:read');
  const today = stayToday(ctx);
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  if (q.q) {
    await ctx.readAudit.record(actor, {
      action: 'rescue.placement.search',
      targetType: 'rescue_case',
      divisionCode: q.division ?? actor.divisionCode,
      details: { filter: maskAuditFilter(q) },
    });
  }
  const { rows, total } = await listPlacements(ctx.db.kysely, placementFilter(ctx, actor, q, today), {
    offset: (page - 1) * pageSize,
    limit: pageSize,
    ...sortOf(q),
  });
  return { items: rows.map((r) => presentPlacement(ctx, r, today)), total, page, pageSize };
}

function sortOf(q: PlacementsQuery): { sort: PlacementSort; order: 'asc' | 'desc' } {
  if (!q.sort) return { sort: 'startedOn', order: 'desc' };
  return q.sort.startsWith('-')
    ? { sort: q.sort.slice(1) as PlacementSort, order: 'desc' }
    : { sort: q.sort as PlacementSort, order: 'asc' };
}

function placementFilter(ctx: CoreContext, actor: Actor, q: PlacementsQuery, today: PlainDate) {
  return {
    scope: scopeFilterFor(actor, q.division),
    status: q.status,
    partnerId: q.partnerId,
    kind: q.kind,
    q: q.q?.trim() || undefined,
    overdueBefore: q.overdue ? addDays(today, -rescueConfig(ctx).supervisionVisitIntervalDays) : undefined,
  };
}

/** Every placement of the filter (for the Excel export), audited as an export. */
export async function placementExport(
  ctx: CoreContext,
  actor: Actor,
  q: PlacementsQuery,
): Promise<PlacementView[]> {
  authorize(actor, 'rescue:read');
  const today = stayToday(ctx);
  await ctx.readAudit.record(actor, {
    action: 'rescue.placement.export',
    targetType: 'rescue_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q) },
  });
  const { rows } = await listPlacements(ctx.db.kysely, placementFilter(ctx, actor, q, today), {
    offset: 0,
    limit: 50_000,
    ...sortOf(q),
  });
  return rows.map((r) => presentPlacement(ctx, r, today));
}

export interface ScorecardRow {
  partnerId: string;
  partnerName: string;
  kind: 'foster' | 'hospital';
  ownership: string;
  qualification: string;
  placedCount: number;
  visitsTotal: number;
  visitsOnTime: number;
  /** Share of visits made within the interval of the previous one (or the placement start), 0–100; null without visits. */
  onTimePct: number | null;
  overdueVisits: number;
  /** Visits whose findings were flagged as a problem. */
  incidents: number;
  lastInspection: { id: string; inspectedOn: string; result: string } | null;
}

/** Institution scorecard (R-RES-13): per partner the station(s) in scope work with. */
export async function institutionScorecard(
  ctx: CoreContext,
  actor: Actor,
  division?: string,
): Promise<ScorecardRow[]> {
  authorize(actor, 'rescue:read');
  const scope = scopeFilterFor(actor, division);
  const db = ctx.db.kysely;
  const today = stayToday(ctx);
  const interval = rescueConfig(ctx).supervisionVisitIntervalDays;
  const partners = await partnersInScope(db, scope);
  const ids = partners.map((p) => p.id);
  const placements = await placementsOfPartners(db, scope, ids);
  const visits = await visitsOfPartners(db, scope, ids);
  const inspections = await lastInspectionsOf(db, ids);
  const byPlacement = new Map<string, string[]>();
  for (const v of visits)
    byPlacement.set(v.placementId, [...(byPlacement.get(v.placementId) ?? []), v.visitDate]);
  return partners.map((p) => {
    let total = 0;
    let onTime = 0;
    let overdue = 0;
    let placed = 0;
    for (const pl of placements.filter((x) => x.partnerId === p.id)) {
      const dates = (byPlacement.get(pl.id) ?? []).sort();
      let prev = pl.startedOn;
      for (const d of dates) {
        total += 1;
        if (diffDays(d as PlainDate, prev as PlainDate) <= interval) onTime += 1;
        prev = d;
      }
      if (pl.status === 'active') {
        placed += 1;
        if (diffDays(today, prev as PlainDate) > interval) overdue += 1;
      }
    }
    return {
      partnerId: p.id,
      partnerName: p.name,
      kind: p.kind,
      ownership: p.ownership,
      qualification: p.qualification,
      placedCount: placed,
      visitsTotal: total,
      visitsOnTime: onTime,
      onTimePct: total === 0 ? null : Math.round((onTime * 100) / total),
      overdueVisits: overdue,
      incidents: visits.filter((v) => v.partnerId === p.id && v.problem === 1).length,
      lastInspection: inspections.get(p.id) ?? null,
    };
  });
}
