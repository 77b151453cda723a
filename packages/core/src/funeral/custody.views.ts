/**
 * Reads of the custody concern: the case page (with the chain of custody, documents, gate checklist and
 * next steps), the scan look-up, the cases ledger (遗体档案台账) with its export, the day board (今日工作)
 * and the collection form's choices. Every read of a person's data is audited.
 */
import { DomainError, addDays, type PlainDate } from '@social-affairs/kernel';
import type { funeralCasesQuery } from '@social-affairs/kernel/contracts/funeral';
import type { z } from 'zod';
import { authorize, ensureVisible, scopeFilterFor, type Actor } from '../access/index';
import { maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import type { TodoItem, TodoSource } from '../line';
import { funeralCaseScope, visibleFuneralCase } from './cases.access';
import {
  custodyEventsOf,
  documentsOfCase,
  findFuneralCaseByCode,
  type FuneralCaseRow,
} from './cases.repository';
import {
  facilitiesInScope,
  facilitiesOfCounty,
  facilityNamesByIds,
  farewellsOn,
  findCustodyDetails,
  listFuneralCases,
  openCaseCounts,
  openCasesForBoard,
  type FuneralCaseListRow,
  type FuneralCaseSort,
} from './custody.repository';
import { custodyToday, expectedCodeKind, nextStepsOf, normaliseCode } from './custody.service';
import { funeralConfig } from './funeral.config';
import { CASE_DOCUMENT_KIND_LABELS } from './funeral.table';
import { cremationGate, type GateItem } from './gates';
import { cremationZoneOf, facilityApproval, transportRuleOf } from './rules';

/** The case page: the case, its custody details, chain of custody, documents, gate and next steps. */
export async function funeralCaseDetail(ctx: CoreContext, actor: Actor, id: string) {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const c = await visibleFuneralCase(db, actor, id);
  const [details, events, documents, names] = await Promise.all([
    findCustodyDetails(db, c.id),
    custodyEventsOf(db, c.id),
    documentsOfCase(db, c.id),
    facilityNamesByIds(db, [c.facilityId]),
  ]);
  const destinationName = details?.destinationId
    ? ((await facilityNamesByIds(db, [details.destinationId])).get(details.destinationId) ?? null)
    : null;
  const open = c.closedAt === null;
  const gate =
    open && c.disposition !== 'burial' && c.disposition !== 'transport_out'
      ? await cremationGate(ctx, db, c, custodyToday(ctx))
      : [];
  await ctx.readAudit.record(actor, {
    action: 'funeral.case.read',
    targetType: 'funeral_case',
    targetId: c.id,
    subjectPersonId: c.personId,
    divisionCode: c.divisionCode,
    details: { caseNo: c.caseNo },
  });
  return {
    ...presentCase(c),
    facilityName: names.get(c.facilityId) ?? '',
    deathPlace: c.deathPlace,
    deathDivisionCode: c.deathDivisionCode,
    hospitalDeath: c.hospitalDeath === 1,
    birthDate: c.birthDate,
    estimatedAge: c.estimatedAge,
    personId: c.personId,
    divisionCode: c.divisionCode,
    agentName: c.agentName,
    agentPhone: c.agentPhone,
    agentRelation: c.agentRelation,
    policeConfirmedAt: c.policeConfirmedAt,
    forensicClearedAt: c.forensicClearedAt,
    noticeStartedOn: c.noticeStartedOn,
    noticeEndsOn: c.noticeEndsOn,
    carrier: details?.carrier ?? null,
    collectionFree: details?.collectionFree === 1,
    pickupAddress: details?.pickupAddress ?? null,
    pickupTime: details?.pickupTime ?? null,
    storagePlace: details?.storagePlace ?? null,
    farewellHall: details?.farewellHall ?? null,
    farewellOn: details?.farewellOn ?? null,
    farewellTime: details?.farewellTime ?? null,
    agentIdMasked: details?.agentIdMasked ?? null,
    collectorName: details?.collectorName ?? null,
    collectorIdMasked: details?.collectorIdMasked ?? null,
    destinationName,
    destinationPlace: details?.destinationPlace ?? null,
    cancelReason: details?.cancelReason ?? null,
    events,
    documents: documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      kindLabel: CASE_DOCUMENT_KIND_LABELS[d.kind] ?? d.kind,
      number: d.number,
      issuer: d.issuer,
      issuedOn: d.issuedOn,
      note: d.note,
      attachmentId: d.attachmentId,
      status: d.status,
      revokedReason: d.revokedReason,
      recordedBy: d.recordedBy,
      recordedAt: d.recordedAt,
    })),
    cremationGate: gate,
    nextSteps: open ? nextStepsOf(c) : [],
    expectedCodeKind: open && c.step !== 'ordered' ? expectedCodeKind(c) : open ? ('body' as const) : null,
  };
}

function presentCase(c: Pick<FuneralCaseRow, keyof FuneralCaseListRow & keyof FuneralCaseRow>) {
  return {
    id: c.id,
    caseNo: c.caseNo,
    facilityId: c.facilityId,
    identityStatus: c.identityStatus,
    nameGiven: c.nameGiven,
    sex: c.sex,
    deathDate: c.deathDate,
    deathManner: c.deathManner,
    unclaimed: c.unclaimed === 1,
    payer: c.payer,
    disposition: c.disposition,
    step: c.step,
    bodyCode: c.bodyCode,
    urnCode: c.urnCode,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
  };
}

/** 扫码: the case whose body or urn label carries `code`, if the actor may see it (else 404). */
export async function findCaseByScan(ctx: CoreContext, actor: Actor, code: string): Promise<{ id: string }> {
  authorize(actor, 'funeral:read');
  const c = await findFuneralCaseByCode(ctx.db.kysely, normaliseCode(code));
  if (!c) {
    throw new DomainError('not_found', 'NOT_FOUND', '没有找到该条码对应的遗体档案，或不在您的管辖范围内');
  }
  ensureVisible(actor, funeralCaseScope(c), '遗体档案');
  return { id: c.id };
}

type CasesQuery = z.output<typeof funeralCasesQuery> & { page?: number; pageSize?: number };

/** Beijing midnight of `day` as an instant (the platform's time zone is UTC+8 all year). */
function dayStart(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

function caseFilter(actor: Actor, q: CasesQuery) {
  return {
    scope: scopeFilterFor(actor, q.division),
    step: q.step,
    identity: q.identity,
    facilityId: q.facilityId,
    fromInstant: q.from ? dayStart(q.from) : undefined,
    toInstant: q.to ? dayStart(addDays(q.to as PlainDate, 1)) : undefined,
    q: q.q?.trim() || undefined,
  };
}

function sortOf(q: CasesQuery): { sort: FuneralCaseSort; order: 'asc' | 'desc' } {
  if (!q.sort) return { sort: 'createdAt', order: 'desc' };
  return q.sort.startsWith('-')
    ? { sort: q.sort.slice(1) as FuneralCaseSort, order: 'desc' }
    : { sort: q.sort as FuneralCaseSort, order: 'asc' };
}

function presentRow(r: FuneralCaseListRow) {
  return { ...presentCase(r), facilityName: r.facilityName };
}

/** 遗体档案台账: filters (step, identity, facility, registration dates, name/case no./code), paging, sort. */
export async function funeralCaseLedger(ctx: CoreContext, actor: Actor, q: CasesQuery) {
  authorize(actor, 'funeral:read');
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  const filter = caseFilter(actor, q);
  await ctx.readAudit.record(actor, {
    action: 'funeral.case.list',
    targetType: 'funeral_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q) },
  });
  const { rows, total } = await listFuneralCases(ctx.db.kysely, filter, {
    offset: (page - 1) * pageSize,
    limit: pageSize,
    ...sortOf(q),
  });
  return { items: rows.map(presentRow), total, page, pageSize };
}

export type FuneralCaseLedgerRow = ReturnType<typeof presentRow>;

/** Every row of the ledger under the filter (the Excel export), audited. */
export async function funeralCaseExport(ctx: CoreContext, actor: Actor, q: CasesQuery) {
  authorize(actor, 'funeral:read');
  await ctx.readAudit.record(actor, {
    action: 'funeral.case.export',
    targetType: 'funeral_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q) },
  });
  const { rows } = await listFuneralCases(ctx.db.kysely, caseFilter(actor, q), {
    offset: 0,
    limit: 50_000,
    ...sortOf(q),
  });
  return rows.map(presentRow);
}

const BOARD_LIMIT = 300;
const NOTICE_HORIZON_DAYS = 7;

function cardOf(r: Awaited<ReturnType<typeof openCasesForBoard>>[number]) {
  return {
    id: r.id,
    caseNo: r.caseNo,
    name: r.nameGiven?.trim() || '无名',
    step: r.step,
    facilityName: r.facilityName,
    since: r.updatedAt,
    place: r.step === 'ordered' ? r.pickupTime : r.storagePlace,
  };
}

/**
 * 今日工作: bodies in custody by step (counts and cards), farewells booked today, cremations waiting with
 * their unmet gate items, and claim notices ending within a week.
 */
export async function funeralBoard(ctx: CoreContext, actor: Actor) {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const scope = scopeFilterFor(actor);
  const today = custodyToday(ctx);
  const [counts, rows] = await Promise.all([
    openCaseCounts(db, scope),
    openCasesForBoard(db, scope, BOARD_LIMIT),
  ]);
  await ctx.readAudit.record(actor, {
    action: 'funeral.board.read',
    targetType: 'funeral_case',
    divisionCode: actor.divisionCode,
    details: { cases: rows.length },
  });
  const farewellsToday = rows
    .filter((r) => r.farewellOn === today && (r.step === 'in_storage' || r.step === 'collected'))
    .map((r) => ({ ...cardOf(r), hall: r.farewellHall, time: r.farewellTime }))
    .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
  const waiting = rows.filter(
    (r) =>
      (r.step === 'in_storage' || r.step === 'farewell') &&
      r.disposition !== 'burial' &&
      r.disposition !== 'transport_out',
  );
  const cremationsWaiting: (ReturnType<typeof cardOf> & { unmet: GateItem[] })[] = [];
  for (const r of waiting)
    cremationsWaiting.push({ ...cardOf(r), unmet: await cremationGate(ctx, db, r, today) });
  const horizon = addDays(today, NOTICE_HORIZON_DAYS);
  const noticesEnding = rows
    .filter(
      (r) => r.noticeEndsOn !== null && r.noticeEndsOn >= addDays(today, -1) && r.noticeEndsOn <= horizon,
    )
    .map((r) => ({ ...cardOf(r), noticeEndsOn: r.noticeEndsOn! }))
    .sort((a, b) => a.noticeEndsOn.localeCompare(b.noticeEndsOn));
  return { today, counts, cards: rows.map(cardOf), farewellsToday, cremationsWaiting, noticesEnding };
}

/** The collection form's choices: facilities taking bodies in scope, and where ashes may go. */
export async function funeralCaseOptions(ctx: CoreContext, actor: Actor) {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const homes = await facilitiesInScope(db, scopeFilterFor(actor), [
    'funeral_home',
    'crematorium',
    'service_station',
  ]);
  // Where ashes may go: columbaria and cemeteries of the actor's city (the service checks the case's city).
  const city = actor.divisionCode.slice(0, 4);
  const destinations =
    /^\d{4}$/.test(city) && !city.endsWith('00')
      ? await facilitiesOfCounty(db, city, [
          'columbarium',
          'funeral_home',
          'crematorium',
          'cemetery_commercial',
          'cemetery_public_benefit',
          'rural_public_cemetery',
        ])
      : [];
  return {
    facilities: homes.map((f) => ({
      id: f.id,
      name: f.name,
      kind: f.kind,
      divisionCode: f.divisionCode,
      mayTakeBusiness: facilityApproval(f).valid && f.status === 'active',
    })),
    destinations: destinations.map((f) => ({ id: f.id, name: f.name, kind: f.kind })),
  };
}

/** The transport rule (R-FUN-04) and cremation zone (R-FUN-01, today) of a place of death, for the form. */
export function funeralTransportRule(ctx: CoreContext, actor: Actor, division: string, on?: string) {
  authorize(actor, 'funeral:read');
  const cfg = funeralConfig(ctx);
  const rule = transportRuleOf(cfg, division);
  return {
    divisionCode: rule.divisionCode,
    name: rule.name,
    carriers: rule.carriers,
    collectionFree: rule.collectionFree,
    basis: rule.basis,
    cremationZone: cremationZoneOf(cfg, division, on ?? custodyToday(ctx)).zone,
  };
}

/**
 * To-dos of the custody concern on the home page: orders waiting for collection (接运) and farewells booked
 * for today, in the actor's scope.
 */
export const custodyTodos: readonly TodoSource[] = [
  {
    name: 'funeral.custody.to-collect',
    permission: 'funeral:write',
    load: async (ctx, actor): Promise<TodoItem[]> => {
      const counts = await openCaseCounts(ctx.db.kysely, scopeFilterFor(actor));
      return [
        {
          line: 'funeral',
          kind: 'funeral.custody.to-collect',
          title: '待接运的遗体（接运单已登记，尚未扫码接运）',
          count: counts.ordered ?? 0,
          link: '/funeral/cases?step=ordered',
        },
      ];
    },
  },
  {
    name: 'funeral.custody.farewells-today',
    permission: 'funeral:write',
    load: async (ctx, actor): Promise<TodoItem[]> => {
      const today = custodyToday(ctx);
      return [
        {
          line: 'funeral',
          kind: 'funeral.custody.farewells-today',
          title: '今日告别仪式',
          count: await farewellsOn(ctx.db.kysely, scopeFilterFor(actor), today),
          dueOn: today,
          link: '/funeral',
        },
      ];
    },
  },
];
