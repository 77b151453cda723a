/**
 * Inspections of partner institutions (检查), R-RES-13: "risks are checked regularly, and contracts with
 * unqualified institutions end". An inspection's result sets the partner's qualification:
 * `unqualified` → flagged unqualified (no new placement, no new agreement); `rectify` → under
 * rectification until the deadline; `qualified` (e.g. a follow-up) → qualified again. The latest
 * inspection's result stands, so inspections are recorded in date order. Every change is audited.
 */
import { addMonths, DomainError, newId, type PlainDate } from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import type {
  NewRescueInspectionBody,
  RescueInspectionDueView,
  RescueInspectionsQuery,
  RescueInspectionView,
} from '@social-affairs/kernel/contracts/rescue';
import {
  authorize,
  countyCodeOf,
  displayNameIn,
  displayNamesOf,
  ensureVisible,
  scopeFilterFor,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { TodoItem } from '../line';
import type { RescueInspectionResult } from './inspections.table';
import {
  countPartnerAttachments,
  inspectionPage,
  insertInspection,
  latestInspection,
  partnerInspectionStates,
  type InspectionListFilter,
  type RescueInspectionListRow,
} from './inspections.repository';
import { findPartner, updatePartner } from './partners.repository';
import { stationsToday, visiblePartner } from './partners.service';
import { rescueConfig } from './rescue.config';
import type { RescuePartnerQualification } from './rescue.table';

const QUALIFICATION_AFTER: Record<RescueInspectionResult, RescuePartnerQualification> = {
  qualified: 'qualified',
  rectify: 'under_rectification',
  unqualified: 'unqualified',
};

const RESULT_LABEL: Record<RescueInspectionResult, string> = {
  qualified: '合格',
  rectify: '限期整改',
  unqualified: '不合格',
};

function presentInspection(
  r: RescueInspectionListRow,
  today: string,
  names: ReadonlyMap<string, string>,
): RescueInspectionView {
  return {
    id: r.id,
    partnerId: r.partnerId,
    partnerName: r.partnerName,
    partnerKind: r.partnerKind,
    divisionCode: r.divisionCode,
    inspectedOn: r.inspectedOn,
    inspector: r.inspector,
    findings: r.findings,
    result: r.result,
    rectifyBy: r.rectifyBy,
    rectificationOverdue:
      r.result === 'rectify' && r.latestId === r.id && r.rectifyBy !== null && r.rectifyBy < today,
    evidenceIds: JSON.parse(r.evidenceIds) as string[],
    recordedBy: displayNameIn(names, r.recordedBy), // 登记人 by name; the row keeps the account
    createdAt: r.createdAt,
  };
}

/**
 * Records an inspection of a partner and sets its qualification from the result (R-RES-13).
 * Refused: a date in the future or before the partner's latest inspection (422/409), `rectify` without a
 * deadline after the inspection day (422), a partner outside the actor's division (404).
 */
export async function recordInspection(
  ctx: CoreContext,
  actor: Actor,
  partnerId: string,
  input: NewRescueInspectionBody,
): Promise<RescueInspectionView> {
  authorize(actor, 'rescue:manage');
  const today = stationsToday(ctx);
  const rectifyBy = input.result === 'rectify' ? (input.rectifyBy ?? null) : null;
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const partner = await findPartner(trx, partnerId);
    if (!partner)
      throw new DomainError('not_found', 'NOT_FOUND', '托养机构或合作医院不存在或不在您的管辖范围内');
    ensureVisible(actor, partner.divisionCode, '托养机构或合作医院');
    if (input.inspectedOn > today) {
      throw new DomainError('invalid', 'RESCUE_INSPECTION_DATE', '检查日期不能晚于今天', {
        field: 'inspectedOn',
      });
    }
    if (input.result === 'rectify' && (!rectifyBy || rectifyBy <= input.inspectedOn)) {
      throw new DomainError(
        'invalid',
        'RESCUE_RECTIFY_DEADLINE',
        '结论为限期整改时须填写整改期限，且期限应晚于检查日期',
        { field: 'rectifyBy' },
      );
    }
    const evidence = [...new Set(input.evidenceIds ?? [])];
    if ((await countPartnerAttachments(trx, partner.id, evidence)) !== evidence.length) {
      throw new DomainError(
        'invalid',
        'RESCUE_EVIDENCE_UNKNOWN',
        '佐证材料须先上传到该机构的附件中（所选附件不存在或不属于该机构）',
        { field: 'evidenceIds' },
      );
    }
    // Serialise inspections of one partner (row lock by the version bump) before reading the latest.
    await updatePartner(trx, partner.id, null, { updatedAt: now });
    const latest = await latestInspection(trx, partner.id);
    if (latest && input.inspectedOn < latest.inspectedOn) {
      throw new DomainError(
        'conflict',
        'RESCUE_INSPECTION_OUT_OF_ORDER',
        `该机构最近一次检查为 ${latest.inspectedOn}，请按时间顺序登记（检查日期不能早于最近一次检查）`,
        { field: 'inspectedOn', latest: latest.inspectedOn },
      );
    }
    const qualification = QUALIFICATION_AFTER[input.result];
    await insertInspection(trx, {
      id,
      partnerId: partner.id,
      divisionCode: partner.divisionCode,
      inspectedOn: input.inspectedOn,
      inspector: input.inspector,
      findings: input.findings,
      result: input.result,
      rectifyBy,
      evidenceIds: JSON.stringify(evidence),
      qualificationBefore: partner.qualification,
      recordedBy: actor.username,
      createdAt: now,
    });
    const note =
      input.result === 'rectify'
        ? `${input.inspectedOn} 检查：限期整改，期限 ${rectifyBy}`
        : `${input.inspectedOn} 检查：${RESULT_LABEL[input.result]}`;
    await updatePartner(trx, partner.id, null, { qualification, qualificationNote: note, updatedAt: now });
    await audit(ctx, trx, actor, {
      action: 'rescue.inspection.record',
      targetType: 'rescue_partner',
      targetId: partner.id,
      divisionCode: countyCodeOf(partner.divisionCode),
      details: {
        inspectionId: id,
        inspectedOn: input.inspectedOn,
        result: input.result,
        rectifyBy,
        qualificationBefore: partner.qualification,
        qualificationAfter: qualification,
        evidence: evidence.length,
      },
    });
  });
  const { rows } = await inspectionPage(
    ctx.db.kysely,
    { scope: { divisionPrefix: '', institutionId: null, sharedCounty: null }, partnerId },
    50,
    0,
    false,
  );
  const row = rows.find((r) => r.id === id)!;
  return presentInspection(row, today, await displayNamesOf(ctx.db.kysely, [row.recordedBy]));
}

function inspectionFilter(actor: Actor, q: Partial<RescueInspectionsQuery>): InspectionListFilter {
  return {
    scope: scopeFilterFor(actor, q.division, { shared: true }),
    ...(q.partnerId ? { partnerId: q.partnerId } : {}),
    ...(q.result ? { result: q.result } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    sort: parseSort(q.sort),
  };
}

/** The inspections ledger (检查台账): by division, partner, result and date. */
export async function listInspections(
  ctx: CoreContext,
  actor: Actor,
  q: RescueInspectionsQuery & { page: number; pageSize: number },
): Promise<{ items: RescueInspectionView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'rescue:read');
  if (q.partnerId) await visiblePartner(ctx.db.kysely, actor, q.partnerId);
  const today = stationsToday(ctx);
  const { rows, total } = await inspectionPage(
    ctx.db.kysely,
    inspectionFilter(actor, q),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const names = await displayNamesOf(
    ctx.db.kysely,
    rows.map((r) => r.recordedBy),
  );
  return {
    items: rows.map((r) => presentInspection(r, today, names)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function exportInspections(
  ctx: CoreContext,
  actor: Actor,
  q: RescueInspectionsQuery,
): Promise<AsyncIterable<RescueInspectionView>> {
  authorize(actor, 'rescue:read');
  if (q.partnerId) await visiblePartner(ctx.db.kysely, actor, q.partnerId);
  const today = stationsToday(ctx);
  const f = inspectionFilter(actor, q);
  return (async function* () {
    for (let offset = 0; ; offset += 1000) {
      const { rows } = await inspectionPage(ctx.db.kysely, f, 1000, offset, false);
      const names = await displayNamesOf(
        ctx.db.kysely,
        rows.map((r) => r.recordedBy),
      );
      for (const r of rows) yield presentInspection(r, today, names);
      if (rows.length < 1000) return;
    }
  })();
}

/** When the next regular inspection falls due after one on `last` (R-RES-13, `inspectionIntervalMonths`). */
export function nextInspectionDue(last: PlainDate, intervalMonths: number): PlainDate {
  return addMonths(last, intervalMonths);
}

/**
 * Partners due for inspection on `today` (R-RES-13: risks checked regularly): never inspected; the last
 * inspection `inspectionIntervalMonths` or more months ago (due on the same day of the month, `addMonths`);
 * or under rectification with the deadline passed and no follow-up inspection since.
 */
export async function partnersDueForInspection(
  ctx: CoreContext,
  actor: Actor,
  today: PlainDate,
): Promise<RescueInspectionDueView[]> {
  authorize(actor, 'rescue:manage');
  const months = rescueConfig(ctx).inspectionIntervalMonths;
  const states = await partnerInspectionStates(ctx.db.kysely, scopeFilterFor(actor));
  const out: RescueInspectionDueView[] = [];
  for (const p of states) {
    const base = {
      partnerId: p.id,
      partnerName: p.name,
      kind: p.kind,
      divisionCode: p.divisionCode,
      qualification: p.qualification as RescuePartnerQualification,
      lastInspectedOn: p.lastInspectedOn,
    };
    if (p.qualification === 'under_rectification' && p.rectifyBy && p.rectifyBy < today) {
      out.push({ ...base, reason: 'rectification', dueOn: p.rectifyBy });
    } else if (!p.lastInspectedOn) {
      out.push({ ...base, reason: 'never', dueOn: null });
    } else {
      const due = nextInspectionDue(p.lastInspectedOn as PlainDate, months);
      if (due <= today) out.push({ ...base, reason: 'interval', dueOn: due });
    }
  }
  return out;
}

/** The to-do of the home page: partners due for inspection (permission rescue:manage). */
export async function inspectionsDueTodo(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const today = stationsToday(ctx);
  const due = await partnersDueForInspection(ctx, actor, today);
  if (due.length === 0) return [];
  const overdueRectification = due.filter((d) => d.reason === 'rectification').length;
  const earliest = due
    .map((d) => d.dueOn)
    .filter((d): d is string => d !== null)
    .sort()[0];
  return [
    {
      line: 'rescue',
      kind: 'rescue.inspections-due',
      title:
        overdueRectification > 0
          ? `托养机构与合作医院待检查（其中 ${overdueRectification} 家整改逾期）`
          : '托养机构与合作医院待检查',
      count: due.length,
      dueOn: earliest ?? today,
      link: '/rescue/stations?tab=partners',
    },
  ];
}
