/**
 * Street patrol leads (街面巡查线索, issue 16 item 4): a report from the police (公安), city management
 * (城管), the public or the station's own patrol of someone in need on the street, referred to a station:
 * received at, source, reporter, place (division + description), description of the person; then the
 * response — responded at, outcome (rescued → the case; refused help; not found) — and the response time
 * in minutes from received to responded, against a configurable target (`patrolResponseTargetMinutes`,
 * DESIGN default 30). A lead not answered yet is a to-do; one waiting or answered past the target is late.
 */
import { DomainError, maskPhone, newId, todayPlainDate } from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import type {
  PatrolLeadBodyDto,
  PatrolLeadDto,
  PatrolLeadQueryDto,
  PatrolResponseBodyDto,
} from '@social-affairs/kernel/contracts/rescue';
import { authorize, ensureVisible, scopeFilterFor, type Actor } from '../access/index';
import { audit, maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import type { Executor } from '../db/index';
import { visibleCase, visibleStation } from './cases.access';
import {
  findLead,
  insertLead,
  listLeadRows,
  respondLeadRow,
  type LeadRow,
  type LeadSort,
} from './governance.repository';
import { rescueConfig } from './rescue.config';

const minutesBetween = (from: string, to: string) => Math.floor((Date.parse(to) - Date.parse(from)) / 60_000);

function present(ctx: CoreContext, r: LeadRow): PatrolLeadDto {
  const target = rescueConfig(ctx).patrolResponseTargetMinutes;
  const elapsed = r.respondedAt
    ? (r.responseMinutes ?? 0)
    : Math.max(0, minutesBetween(r.receivedAt, ctx.clock.now().toISOString()));
  return {
    id: r.id,
    stationId: r.stationId,
    stationName: r.stationName,
    divisionCode: r.divisionCode,
    receivedAt: r.receivedAt,
    source: r.source,
    reporter: r.reporter,
    reporterPhoneMasked: r.reporterPhone ? maskPhone(r.reporterPhone) : null,
    placeDivisionCode: r.placeDivisionCode,
    placeDescription: r.placeDescription,
    personDescription: r.personDescription,
    respondedAt: r.respondedAt,
    outcome: r.outcome,
    outcomeNote: r.outcomeNote,
    caseId: r.caseId,
    caseNo: r.caseNo,
    responseMinutes: r.responseMinutes,
    elapsedMinutes: elapsed,
    targetMinutes: target,
    late: elapsed > target,
    version: r.version,
  };
}

async function visibleLead(db: Executor, actor: Actor, id: string): Promise<LeadRow> {
  const r = await findLead(db, id);
  if (!r) throw new DomainError('not_found', 'NOT_FOUND', '巡查线索不存在或不在您的管辖范围内');
  ensureVisible(actor, { divisionCode: r.divisionCode, institutionId: r.stationId }, '巡查线索');
  return r;
}

async function leadFilter(ctx: CoreContext, actor: Actor, q: PatrolLeadQueryDto) {
  authorize(actor, 'rescue:read');
  const scope = scopeFilterFor(actor, q.division);
  if (q.stationId) await visibleStation(ctx.db.kysely, actor, q.stationId);
  if (q.from && q.to && q.from > q.to) {
    throw new DomainError('invalid', 'PERIOD_INVALID', '接报日期起不能晚于接报日期止', { field: 'from' });
  }
  const target = rescueConfig(ctx).patrolResponseTargetMinutes;
  return {
    scope,
    stationId: q.stationId,
    source: q.source,
    state: q.state,
    target,
    lateCutoff: new Date(ctx.clock.now().getTime() - target * 60_000).toISOString(),
    from: q.from,
    to: q.to,
    q: q.q,
  };
}

const sortOf = (sort: PatrolLeadQueryDto['sort']): { sort: LeadSort; desc: boolean } => {
  const s = parseSort(sort);
  return s ? { sort: s.field, desc: s.desc } : { sort: 'receivedAt', desc: true };
};

export async function listPatrolLeads(
  ctx: CoreContext,
  actor: Actor,
  q: PatrolLeadQueryDto & { page: number; pageSize: number },
): Promise<{ items: PatrolLeadDto[]; total: number; page: number; pageSize: number }> {
  const f = await leadFilter(ctx, actor, q);
  const { rows, total } = await listLeadRows(ctx.db.kysely, f, {
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    ...sortOf(q.sort),
  });
  // A search by a description or a person's identifiers: audited like the other ledgers (term masked).
  if (q.q?.trim()) {
    await ctx.readAudit.record(actor, {
      action: 'rescue.patrol-lead.search',
      targetType: 'rescue_patrol_lead',
      divisionCode: q.division ?? actor.divisionCode,
      details: { filter: maskAuditFilter(q), rows: total },
    });
  }
  return { items: rows.map((r) => present(ctx, r)), total, page: q.page, pageSize: q.pageSize };
}

export async function exportPatrolLeads(
  ctx: CoreContext,
  actor: Actor,
  q: PatrolLeadQueryDto,
): Promise<AsyncIterable<PatrolLeadDto>> {
  const f = await leadFilter(ctx, actor, q);
  const { rows, total } = await listLeadRows(ctx.db.kysely, f, {
    offset: 0,
    limit: 100_000,
    ...sortOf(q.sort),
  });
  await ctx.readAudit.record(actor, {
    action: 'rescue.patrol-lead.export',
    targetType: 'rescue_patrol_lead',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q), rows: total },
  });
  return (async function* () {
    for (const r of rows) yield present(ctx, r);
  })();
}

/** Records a lead referred to a station in scope (never the reporter's phone in the audit). */
export async function recordPatrolLead(
  ctx: CoreContext,
  actor: Actor,
  body: PatrolLeadBodyDto,
): Promise<PatrolLeadDto> {
  authorize(actor, 'rescue:write');
  const received = new Date(body.receivedAt);
  const now = ctx.clock.now();
  if (received.getTime() > now.getTime() + 5 * 60_000) {
    throw new DomainError('invalid', 'PATROL_LEAD_IN_FUTURE', '接报时间不能晚于现在：请核对接报时间', {
      field: 'receivedAt',
    });
  }
  const id = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const station = await visibleStation(trx, actor, body.stationId);
    await insertLead(trx, {
      id,
      stationId: station.id,
      divisionCode: station.divisionCode,
      receivedAt: received.toISOString(),
      receivedOn: todayPlainDate(ctx.config.timeZone, received),
      source: body.source,
      reporter: body.reporter,
      reporterPhone: body.reporterPhone?.trim() || null,
      placeDivisionCode: body.placeDivisionCode,
      placeDescription: body.placeDescription,
      personDescription: body.personDescription,
      respondedAt: null,
      outcome: null,
      outcomeNote: null,
      caseId: null,
      responseMinutes: null,
      createdBy: actor.username,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    });
    await audit(ctx, trx, actor, {
      action: 'rescue.patrol-lead.record',
      targetType: 'rescue_patrol_lead',
      targetId: id,
      divisionCode: station.divisionCode,
      details: { stationId: station.id, source: body.source, placeDivisionCode: body.placeDivisionCode },
    });
  });
  return present(ctx, (await findLead(ctx.db.kysely, id))!);
}

/** Records the response to a lead: outcome, the case when rescued (same station), response minutes. */
export async function respondPatrolLead(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: PatrolResponseBodyDto,
): Promise<PatrolLeadDto> {
  authorize(actor, 'rescue:write');
  const responded = new Date(body.respondedAt);
  const now = ctx.clock.now();
  if (responded.getTime() > now.getTime() + 5 * 60_000) {
    throw new DomainError('invalid', 'PATROL_RESPONSE_IN_FUTURE', '响应时间不能晚于现在：请核对响应时间', {
      field: 'respondedAt',
    });
  }
  if (body.outcome === 'rescued' && !body.caseId) {
    throw new DomainError(
      'invalid',
      'PATROL_CASE_REQUIRED',
      '已救助入站的线索须关联救助案件：请选择该人员的救助案件',
      {
        field: 'caseId',
      },
    );
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await visibleLead(trx, actor, id);
    if (r.respondedAt) {
      throw new DomainError('conflict', 'PATROL_LEAD_RESPONDED', '该线索已登记响应结果', {});
    }
    if (responded.getTime() < Date.parse(r.receivedAt)) {
      throw new DomainError('invalid', 'PATROL_RESPONSE_BEFORE_RECEIVED', '响应时间不能早于接报时间', {
        field: 'respondedAt',
      });
    }
    let caseId: string | null = null;
    if (body.caseId && body.outcome === 'rescued') {
      const c = await visibleCase(trx, actor, body.caseId);
      if (c.stationId !== r.stationId) {
        throw new DomainError(
          'invalid',
          'PATROL_CASE_OTHER_STATION',
          '关联的救助案件不属于接收线索的救助站：请选择本站的案件',
          {
            field: 'caseId',
          },
        );
      }
      caseId = c.id;
    }
    const minutes = minutesBetween(r.receivedAt, responded.toISOString());
    const ok = await respondLeadRow(trx, r.id, body.version, {
      respondedAt: responded.toISOString(),
      outcome: body.outcome,
      outcomeNote: body.outcomeNote,
      caseId,
      responseMinutes: minutes,
      updatedAt: now.toISOString(),
    });
    if (!ok)
      throw new DomainError('conflict', 'PATROL_LEAD_CHANGED', '该线索刚被他人修改：请刷新后重新填写', {});
    await audit(ctx, trx, actor, {
      action: 'rescue.patrol-lead.respond',
      targetType: 'rescue_patrol_lead',
      targetId: r.id,
      divisionCode: r.divisionCode,
      details: { outcome: body.outcome, caseId, responseMinutes: minutes },
    });
  });
  return present(ctx, (await findLead(ctx.db.kysely, id))!);
}
