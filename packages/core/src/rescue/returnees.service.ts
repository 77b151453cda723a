/**
 * Returnee ledger with follow-up visits (返乡人员台账与回访, issue 16 item 4): every case that ended as
 * 返乡 or 亲属接领 (departure.table.ts kinds `return_home`, `collected_by_family`) becomes a returnee,
 * registered by the governance sync (`syncReturnees`, part of the job `rescue.source-governance`). Its home
 * county comes from the resident id (or the identified person's hukou); otherwise the station sets it. The
 * row is visible to the station (its county) and to the home county, whose civil affairs do most visits.
 * First follow-up due `returneeFirstFollowUpDays` after the return (DESIGN default 30), then every
 * `returneeFollowUpIntervalDays` (90) unless a visit names another date or closes the follow-up.
 */
import {
  DomainError,
  getDivision,
  isValidResidentId,
  newId,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import type {
  FollowUpBodyDto,
  FollowUpDto,
  ReturneeDetailDto,
  ReturneeDto,
  ReturneeQueryDto,
} from '@social-affairs/kernel/contracts/rescue';
import { authorize, inScope, scopeFilterFor, systemActor, type Actor } from '../access/index';
import { audit, maskAuditFilter, maskSearchTerm } from '../audit/index';
import type { CoreContext } from '../context';
import type { Executor } from '../db/index';
import {
  departuresWithoutReturnee,
  findReturnee,
  insertReturnee,
  insertVisit,
  listReturneeRows,
  updateReturnee,
  visitsOf,
  type ReturneeRow,
  type ReturneeSort,
} from './governance.repository';
import { firstFollowUpDue, nextFollowUpDue } from './periods';
import { rescueConfig } from './rescue.config';

const today = (ctx: CoreContext): PlainDate => todayPlainDate(ctx.config.timeZone, ctx.clock.now());

/** The county of a person's hukou: the resident id's first six digits, else the identified person's hukou county. */
export function hukouCountyOf(
  person: { residentId: string | null; hukouDivisionCode: string },
  identified: boolean,
): { code: string; basis: 'resident_id' | 'people_index' } | null {
  if (person.residentId && isValidResidentId(person.residentId)) {
    return { code: person.residentId.slice(0, 6), basis: 'resident_id' };
  }
  if (identified && /^[0-9]{6}/.test(person.hukouDivisionCode)) {
    return { code: person.hukouDivisionCode.slice(0, 6), basis: 'people_index' };
  }
  return null;
}

/**
 * Registers a returnee for every 返乡 / 亲属接领 departure not registered yet. Idempotent (one row per case,
 * the unique case id); audited per row under the system actor.
 */
export async function syncReturnees(ctx: CoreContext): Promise<number> {
  const cfg = rescueConfig(ctx);
  const now = ctx.clock.now().toISOString();
  let added = 0;
  for (;;) {
    const batch = await departuresWithoutReturnee(ctx.db.kysely, 200);
    if (batch.length === 0) break;
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (const d of batch) {
        const home = hukouCountyOf(
          { residentId: d.residentId, hukouDivisionCode: d.hukouDivisionCode },
          d.identityStatus === 'identified',
        );
        const id = newId();
        const inserted = await insertReturnee(trx, {
          id,
          caseId: d.caseId,
          stationId: d.stationId,
          divisionCode: d.divisionCode,
          personId: d.personId,
          departureKind: d.kind as 'return_home' | 'collected_by_family',
          returnedOn: d.departedOn,
          destination: d.destination,
          homeDivisionCode: home?.code ?? null,
          status: 'following',
          closedReason: null,
          nextVisitDue: firstFollowUpDue(d.departedOn as PlainDate, cfg),
          visits: 0,
          lastVisitOn: null,
          lastAtHome: null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        });
        if (!inserted) continue;
        added += 1;
        await audit(ctx, trx, systemActor('rescue.source-governance', d.divisionCode), {
          action: 'rescue.returnee.register',
          targetType: 'rescue_returnee',
          targetId: id,
          divisionCode: d.divisionCode,
          details: { caseId: d.caseId, kind: d.kind, homeDivisionCode: home?.code ?? null },
        });
      }
    });
    if (batch.length < 200) break;
  }
  return added;
}

function present(r: ReturneeRow, on: PlainDate): ReturneeDto {
  return {
    id: r.id,
    caseId: r.caseId,
    caseNo: r.caseNo,
    stationId: r.stationId,
    stationName: r.stationName,
    divisionCode: r.divisionCode,
    personName: r.nameGiven?.trim() || r.personName,
    sex: r.sex,
    departureKind: r.departureKind,
    returnedOn: r.returnedOn,
    destination: r.destination,
    homeDivisionCode: r.homeDivisionCode,
    homeDivisionName: r.homeDivisionCode ? (getDivision(r.homeDivisionCode)?.name ?? null) : null,
    status: r.status,
    closedReason: r.closedReason,
    visits: r.visits,
    lastVisitOn: r.lastVisitOn,
    lastAtHome: r.lastAtHome === null ? null : r.lastAtHome === 1,
    nextVisitDue: r.nextVisitDue,
    overdue: r.status === 'following' && r.nextVisitDue !== null && r.nextVisitDue < on,
  };
}

/** A returnee visible through its station or its home county; 404 otherwise. */
async function visibleReturnee(db: Executor, actor: Actor, id: string): Promise<ReturneeRow> {
  const r = await findReturnee(db, id);
  const ok =
    r &&
    (inScope(actor, { divisionCode: r.divisionCode, institutionId: r.stationId }) ||
      (r.homeDivisionCode !== null && inScope(actor, r.homeDivisionCode)));
  if (!r || !ok) throw new DomainError('not_found', 'NOT_FOUND', '返乡人员记录不存在或不在您的管辖范围内');
  return r;
}

function returneeFilter(ctx: CoreContext, actor: Actor, q: ReturneeQueryDto) {
  authorize(actor, 'rescue:read');
  if (q.from && q.to && q.from > q.to) {
    throw new DomainError('invalid', 'PERIOD_INVALID', '返乡日期起不能晚于返乡日期止', { field: 'from' });
  }
  return {
    scope: scopeFilterFor(actor, q.division),
    stationId: q.stationId,
    status: q.status,
    overdueBefore: q.overdue === 'true' ? today(ctx) : undefined,
    from: q.from,
    to: q.to,
    q: q.q,
  };
}

const sortOf = (sort: ReturneeQueryDto['sort']): { sort: ReturneeSort; desc: boolean } => {
  const s = parseSort(sort);
  return s ? { sort: s.field, desc: s.desc } : { sort: 'returnedOn', desc: true };
};

/** A page of the returnee ledger (names shown: the staff must act on them; no resident id). */
export async function listReturnees(
  ctx: CoreContext,
  actor: Actor,
  q: ReturneeQueryDto & { page: number; pageSize: number },
): Promise<{ items: ReturneeDto[]; total: number; page: number; pageSize: number }> {
  const f = returneeFilter(ctx, actor, q);
  const { rows, total } = await listReturneeRows(ctx.db.kysely, f, {
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    ...sortOf(q.sort),
  });
  // A search names people: audited like the other ledgers (the term masked); a search by a full
  // resident id identifies a person — one row per returnee answered (its person), or one for none found.
  const term = q.q?.trim();
  if (term) {
    const details = { query: maskSearchTerm(term), found: total };
    const byId = /^[0-9]{17}[0-9Xx]$/.test(term);
    const hits =
      byId && rows.length > 0
        ? rows.map((r) => ({ targetId: r.id, divisionCode: r.divisionCode, subjectPersonId: r.personId }))
        : [{ targetId: null, divisionCode: q.division ?? actor.divisionCode, subjectPersonId: null }];
    for (const h of hits) {
      await ctx.readAudit.record(actor, {
        action: 'rescue.returnee.search',
        targetType: 'rescue_returnee',
        ...h,
        details,
      });
    }
  }
  const on = today(ctx);
  return { items: rows.map((r) => present(r, on)), total, page: q.page, pageSize: q.pageSize };
}

export async function exportReturnees(
  ctx: CoreContext,
  actor: Actor,
  q: ReturneeQueryDto,
): Promise<AsyncIterable<ReturneeDto>> {
  const f = returneeFilter(ctx, actor, q);
  const { rows, total } = await listReturneeRows(ctx.db.kysely, f, {
    offset: 0,
    limit: 100_000,
    ...sortOf(q.sort),
  });
  await ctx.readAudit.record(actor, {
    action: 'rescue.returnee.export',
    targetType: 'rescue_returnee',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q), rows: total },
  });
  const on = today(ctx);
  return (async function* () {
    for (const r of rows) yield present(r, on);
  })();
}

function presentVisit(v: Awaited<ReturnType<typeof visitsOf>>[number]): FollowUpDto {
  return {
    id: v.id,
    visitedOn: v.visitedOn,
    party: v.party,
    visitorName: v.visitorName,
    method: v.method,
    situation: v.situation,
    atHome: v.atHome === 1,
    needs: JSON.parse(v.needs) as FollowUpDto['needs'],
    nextDueOn: v.nextDueOn,
    recordedAt: v.recordedAt,
  };
}

/** One returnee with its follow-up visits (an audited read of the person's data). */
export async function getReturnee(ctx: CoreContext, actor: Actor, id: string): Promise<ReturneeDetailDto> {
  authorize(actor, 'rescue:read');
  const r = await visibleReturnee(ctx.db.kysely, actor, id);
  const visits = await visitsOf(ctx.db.kysely, r.id);
  await ctx.readAudit.record(actor, {
    action: 'rescue.returnee.read',
    targetType: 'rescue_returnee',
    targetId: r.id,
    divisionCode: r.divisionCode,
    subjectPersonId: r.personId,
  });
  return { ...present(r, today(ctx)), followUps: visits.map(presentVisit) };
}

const conflict = () =>
  new DomainError('conflict', 'RETURNEE_CHANGED', '该返乡人员记录刚被他人修改：请刷新后重新填写', {});

/** Records a follow-up visit; sets the next due date (the configured interval, or the date given) or closes. */
export async function recordFollowUp(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: FollowUpBodyDto,
): Promise<ReturneeDetailDto> {
  authorize(actor, 'rescue:write');
  const cfg = rescueConfig(ctx);
  const on = today(ctx);
  if (body.visitedOn > on) {
    throw new DomainError('invalid', 'FOLLOW_UP_IN_FUTURE', '回访日期不能晚于今天：请核对回访日期', {
      field: 'visitedOn',
    });
  }
  if (body.close && !body.closedReason) {
    throw new DomainError(
      'invalid',
      'FOLLOW_UP_CLOSE_REASON',
      '结束回访须填写原因（如已稳定在家、已纳入低保）',
      {
        field: 'closedReason',
      },
    );
  }
  const next = body.close ? null : (body.nextDueOn ?? nextFollowUpDue(body.visitedOn, cfg));
  if (next !== null && next <= body.visitedOn) {
    throw new DomainError('invalid', 'FOLLOW_UP_NEXT_BEFORE', '下次回访日期应晚于本次回访日期', {
      field: 'nextDueOn',
    });
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await visibleReturnee(trx, actor, id);
    if (r.status === 'closed') {
      throw new DomainError('conflict', 'RETURNEE_CLOSED', '该返乡人员已结束回访，不能再登记回访', {});
    }
    if (body.visitedOn < r.returnedOn) {
      throw new DomainError('invalid', 'FOLLOW_UP_BEFORE_RETURN', '回访日期不能早于返乡日期', {
        field: 'visitedOn',
      });
    }
    const visitId = newId();
    await insertVisit(trx, {
      id: visitId,
      returneeId: r.id,
      visitedOn: body.visitedOn,
      party: body.party,
      visitorName: body.visitorName,
      method: body.method,
      situation: body.situation,
      atHome: body.atHome ? 1 : 0,
      needs: JSON.stringify([...new Set(body.needs)]),
      nextDueOn: next,
      recordedBy: actor.username,
      recordedAt: ctx.clock.now().toISOString(),
    });
    const latest = !r.lastVisitOn || body.visitedOn >= r.lastVisitOn;
    const ok = await updateReturnee(trx, r.id, r.version, {
      visits: r.visits + 1,
      ...(latest ? { lastVisitOn: body.visitedOn, lastAtHome: body.atHome ? 1 : 0, nextVisitDue: next } : {}),
      ...(body.close
        ? { status: 'closed' as const, closedReason: body.closedReason, nextVisitDue: null }
        : {}),
      updatedAt: ctx.clock.now().toISOString(),
    });
    if (!ok) throw conflict();
    await audit(ctx, trx, actor, {
      action: 'rescue.returnee.follow-up',
      targetType: 'rescue_returnee',
      targetId: r.id,
      divisionCode: r.divisionCode,
      subjectPersonId: r.personId,
      details: {
        visitId,
        visitedOn: body.visitedOn,
        party: body.party,
        method: body.method,
        atHome: body.atHome,
        needs: body.needs,
        nextDueOn: next,
        closed: body.close,
      },
    });
  });
  return getReturnee(ctx, actor, id);
}

/** Sets the home county of a returnee (the station, when the resident id did not give it). */
export async function setReturneeHome(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  homeDivisionCode: string,
): Promise<ReturneeDetailDto> {
  authorize(actor, 'rescue:write');
  if (!getDivision(homeDivisionCode)) {
    throw new DomainError(
      'invalid',
      'DIVISION_UNKNOWN',
      '行政区划代码不存在：请选择户籍地或目的地所在县（市、区）',
      {
        field: 'homeDivisionCode',
      },
    );
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await visibleReturnee(trx, actor, id);
    if (!inScope(actor, { divisionCode: r.divisionCode, institutionId: r.stationId })) {
      throw new DomainError(
        'forbidden',
        'RETURNEE_HOME_STATION_ONLY',
        '返乡地只能由办理离站的救助站填写',
        {},
      );
    }
    if (
      !(await updateReturnee(trx, r.id, r.version, {
        homeDivisionCode,
        updatedAt: ctx.clock.now().toISOString(),
      }))
    )
      throw conflict();
    await audit(ctx, trx, actor, {
      action: 'rescue.returnee.set-home',
      targetType: 'rescue_returnee',
      targetId: r.id,
      divisionCode: r.divisionCode,
      subjectPersonId: r.personId,
      details: { from: r.homeDivisionCode, to: homeDivisionCode },
    });
  });
  return getReturnee(ctx, actor, id);
}
