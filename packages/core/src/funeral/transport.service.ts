/**
 * Transport of remains out of the area (遗体外运, R-FUN-03, R-FUN-13). Taking a body back to the home area
 * needs the home county civil-affairs department's certificate (户籍地县级民政部门证明) AND the approval of
 * the civil-affairs department where the death occurred (HN-FUN Art.10). The request records the first as
 * the case document `home_county_certificate` (422 `FUNERAL_TRANSPORT_DOCUMENT_MISSING` without it) and
 * submits the second to the approval engine (`funeral.remains-transport`, one county step decided by
 * funeral:approve at the county of death); when the approval completes the subscriber records the
 * `death_place_approval` document, numbered from the county bureau's series. The body leaves (custody step
 * `transported_out`, disposition `transport_out`) only with both documents valid and the hygiene treatment
 * confirmed (FUN Art.13(1)); before the approval completed → 409. A rejection leaves the case as it was.
 */
import { DomainError, divisionPath, getDivision, newId, todayPlainDate } from '@social-affairs/kernel';
import type { TRANSPORT_SORT_FIELDS } from '@social-affairs/kernel/contracts/funeral';
import {
  TRANSPORT_REQUEST_STATUS_LABELS,
  departTransportBody,
  requestTransportBody,
  type CertificatesCaseView,
  type TransportRequestStatus,
  type TransportRequestView,
  type TransportRequestsQuery,
} from '@social-affairs/kernel/contracts/funeral';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import {
  authorize,
  displayNameIn,
  displayNamesOf,
  ensureVisible,
  scopeFilterFor,
  systemActor,
  type Actor,
} from '../access/index';
import { defineApproval, submitApprovalInTransaction } from '../approvals/index';
import { citedAttachments } from '../attachments/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Database, type Executor } from '../db/index';
import type { StoredEvent } from '../events/index';
import { documentNumberFor, officePrefix } from '../numbering/index';
import {
  countTransportLedger,
  findTransportRequest,
  insertTransportRequest,
  setCaseDisposition,
  settleWithdrawnTransportRequests,
  transportLedgerPage,
  transportRequestByApproval,
  transportRequestById,
  transportRequestsOfCase,
  updateTransportRequest,
  type TransportDbRow,
  type TransportLedgerFilter,
  type TransportRequestRow,
} from './certificates.repository';
import {
  appendCustodyEvent,
  documentsOfCase,
  findFuneralFacility,
  insertCaseDocument,
  type FuneralCaseRow,
} from './cases.repository';
import {
  ensureFacilityMayTakeBusiness,
  ensureFuneralCaseOpen,
  lockedVisibleFuneralCase,
  visibleFacility,
  visibleFuneralCase,
} from './cases.access';
import { CASE_DOCUMENT_KIND_LABELS } from './funeral.table';

/** R-FUN-03 / R-FUN-13: 遗体外运 is approved by the civil-affairs department of the county of death. */
export const REMAINS_TRANSPORT_APPROVAL = defineApproval({
  key: 'funeral.remains-transport',
  title: '遗体外运审批',
  submitPermission: 'funeral:write',
  steps: [
    {
      key: 'death-county-review',
      title: '死亡地县级民政部门审批',
      level: 'county',
      permission: 'funeral:approve',
      roles: ['county_reviewer'],
      // DESIGN: the rulebook gives no time limit; a body waits in storage, so 2 working days.
      deadline: { days: 2, unit: 'working' },
      differentPersonFromPrevious: true,
    },
  ],
});
export const TRANSPORT_OWNER = 'funeral_transport_request';
export const TRANSPORT_APPROVED_SUBSCRIBER = 'funeral.transport-approved';
export const TRANSPORT_REJECTED_SUBSCRIBER = 'funeral.transport-rejected';
export const TRANSPORT_APPROVAL_NUMBER_KIND = 'remains-transport-approval';

/** Steps before cremation: a body can still leave the area. */
const BEFORE_CREMATION = ['ordered', 'collected', 'in_storage', 'farewell'] as const;

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError('invalid', 'VALIDATION_FAILED', `填写有误：${issue?.message ?? ''}`, {
      field: issue?.path.join('.') || 'body',
    });
  }
  return parsed.data;
}

const deathCountyOf = (c: FuneralCaseRow) => c.deathDivisionCode.slice(0, 6);

/** Why a transport request cannot be submitted for the case now, or null. */
function requestBlockerOf(c: FuneralCaseRow, requests: readonly TransportDbRow[]): string | null {
  if (!(BEFORE_CREMATION as readonly string[]).includes(c.step)) {
    return c.step === 'cremated' ? '遗体已火化，不能办理遗体外运' : '该遗体档案已办结，不能办理遗体外运';
  }
  const open = requests.find((r) => r.shownStatus === 'pending' || r.shownStatus === 'approved');
  if (open)
    return `已有${TRANSPORT_REQUEST_STATUS_LABELS[open.shownStatus as TransportRequestStatus]}的遗体外运申请`;
  return null;
}

function presentTransport(r: TransportDbRow, names: ReadonlyMap<string, string>): TransportRequestView {
  const status = r.shownStatus as TransportRequestStatus;
  return {
    id: r.id,
    caseId: r.caseId,
    caseNo: r.caseNo,
    deceasedName:
      r.identityStatus === 'identified' ? (r.nameGiven ?? r.personName ?? '（姓名不详）') : '无名',
    facilityId: r.facilityId,
    facilityName: r.facilityName,
    divisionCode: r.divisionCode,
    deathCountyCode: r.deathCountyCode,
    destinationDivisionCode: r.destinationDivisionCode,
    destinationName: divisionPath(r.destinationDivisionCode).replaceAll(' / ', ''),
    destinationAddress: r.destinationAddress,
    reason: r.reason,
    carrier: r.carrier,
    status,
    statusLabel: TRANSPORT_REQUEST_STATUS_LABELS[status],
    approvalId: r.approvalId,
    decisionReason: r.decisionReason,
    decidedAt: r.decidedAt,
    homeCountyCertificateNumber: r.homeCountyCertificateNumber,
    deathPlaceApprovalNumber: r.deathPlaceApprovalNumber,
    hygieneDone: r.hygieneDone === 1,
    departedAt: r.departedAt,
    requestedOn: r.requestedOn,
    requestedBy: displayNameIn(names, r.requestedBy),
  };
}

/** The transport part of the case tab (the caller has checked scope and audits the read). */
export async function transportOfCase(
  _ctx: CoreContext,
  db: Executor,
  c: FuneralCaseRow,
): Promise<CertificatesCaseView['transport']> {
  const [requests, docs] = await Promise.all([
    transportRequestsOfCase(db, c.id),
    documentsOfCase(db, c.id, { validOnly: true }),
  ]);
  const names = await displayNamesOf(
    db,
    requests.map((r) => r.requestedBy),
  );
  const doc = (kind: 'home_county_certificate' | 'death_place_approval') => {
    const d = docs.filter((x) => x.kind === kind).at(-1);
    return { kind, label: CASE_DOCUMENT_KIND_LABELS[kind], present: Boolean(d), number: d?.number ?? null };
  };
  return {
    requests: requests.map((r) => presentTransport(r, names)),
    requestBlocker: requestBlockerOf(c, requests),
    checklist: [doc('home_county_certificate'), doc('death_place_approval')],
  };
}

async function transportView(db: Executor, id: string): Promise<TransportRequestView> {
  const r = (await transportRequestById(db, id))!;
  return presentTransport(r, await displayNamesOf(db, [r.requestedBy]));
}

/** The request if it exists and its case is in scope (404 like a missing one otherwise). */
async function visibleTransportRequest(db: Executor, actor: Actor, id: string): Promise<TransportRequestRow> {
  const row = await findTransportRequest(db, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '遗体外运申请不存在或不在您的管辖范围内');
  ensureVisible(actor, { divisionCode: row.divisionCode, institutionId: row.facilityId }, '遗体外运申请');
  return row;
}

/**
 * Submits a 遗体外运 request: the home county's certificate (typed now, or already on the case) is
 * recorded as a case document and the death-place approval is requested in the same commit.
 */
export async function requestTransport(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  body: unknown,
): Promise<TransportRequestView> {
  authorize(actor, 'funeral:write');
  const input = parse(requestTransportBody, body);
  const db = ctx.db.kysely;
  await visibleFuneralCase(db, actor, caseId); // scope first (ADR 0015)
  const scan = input.homeCountyCertificate?.attachmentId;
  if (scan) await citedAttachments(ctx, actor, [scan], { ownerType: 'funeral_case', ownerId: caseId });
  const day = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const now = ctx.clock.now().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    await settleWithdrawnTransportRequests(trx, c.id, now);
    const blocker = requestBlockerOf(c, await transportRequestsOfCase(trx, c.id));
    if (blocker) {
      throw new DomainError(
        'conflict',
        c.step === 'cremated' ? 'FUNERAL_TRANSPORT_AFTER_CREMATION' : 'FUNERAL_TRANSPORT_EXISTS',
        blocker,
        { step: c.step },
      );
    }
    const facility = (await findFuneralFacility(trx, c.facilityId))!;
    ensureFacilityMayTakeBusiness(facility);
    const deathCounty = deathCountyOf(c);
    if (input.destinationDivisionCode.slice(0, 6) === deathCounty) {
      throw new DomainError(
        'invalid',
        'FUNERAL_TRANSPORT_DESTINATION_LOCAL',
        '目的地与死亡地在同一县（市、区），不属于遗体外运：请就地或就近火化',
        { field: 'destinationDivisionCode' },
      );
    }
    if (divisionPath(input.destinationDivisionCode) === input.destinationDivisionCode) {
      throw new DomainError('invalid', 'DIVISION_UNKNOWN', '目的地行政区划代码不存在', {
        field: 'destinationDivisionCode',
      });
    }
    // R-FUN-03: the home county's certificate — typed now, or already recorded on the case.
    let homeDocId: string | undefined;
    if (input.homeCountyCertificate) {
      const h = input.homeCountyCertificate;
      if (h.issuedOn > day) {
        throw new DomainError('invalid', 'FUNERAL_DOCUMENT_DATE_IN_FUTURE', '证明出具日期不能晚于今天', {
          field: 'homeCountyCertificate.issuedOn',
        });
      }
      homeDocId = newId();
      await insertCaseDocument(trx, {
        id: homeDocId,
        caseId: c.id,
        kind: 'home_county_certificate',
        number: h.number,
        issuer: h.issuer,
        issuedOn: h.issuedOn,
        note: '遗体外运申请时登记',
        attachmentId: h.attachmentId ?? null,
        status: 'valid',
        revokedReason: null,
        recordedBy: actor.username,
        recordedAt: now,
      });
    } else {
      homeDocId = (await documentsOfCase(trx, c.id, { kind: 'home_county_certificate', validOnly: true })).at(
        -1,
      )?.id;
    }
    if (!homeDocId) {
      throw new DomainError(
        'invalid',
        'FUNERAL_TRANSPORT_DOCUMENT_MISSING',
        '遗体外运须有户籍地县级民政部门出具的证明：请登记证明编号、出具单位和日期',
        { field: 'homeCountyCertificate', missing: ['home_county_certificate'] },
      );
    }
    const id = newId();
    try {
      await insertTransportRequest(trx, {
        id,
        caseId: c.id,
        facilityId: c.facilityId,
        divisionCode: c.divisionCode,
        deathCountyCode: deathCounty,
        destinationDivisionCode: input.destinationDivisionCode,
        destinationAddress: input.destinationAddress,
        reason: input.reason,
        carrier: input.carrier ?? null,
        status: 'pending',
        approvalId: null,
        homeCountyDocumentId: homeDocId,
        approvalDocumentId: null,
        decidedAt: null,
        decisionReason: null,
        hygieneDone: 0,
        vehicle: null,
        departedAt: null,
        departedBy: null,
        note: input.note ?? null,
        requestedOn: day,
        requestedBy: actor.username,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new DomainError('conflict', 'FUNERAL_TRANSPORT_EXISTS', '该遗体已有办理中或已批准的遗体外运申请');
    }
    // The approval goes to the county of death (the case's own township when it lies in that county).
    const approvalDivision = c.divisionCode.startsWith(deathCounty) ? c.divisionCode : deathCounty;
    const name = c.identityStatus === 'identified' ? (c.nameGiven ?? '逝者') : '无名遗体';
    const instance = await submitApprovalInTransaction(ctx, trx, actor, {
      definition: REMAINS_TRANSPORT_APPROVAL,
      ownerType: TRANSPORT_OWNER,
      ownerId: id,
      divisionCode: approvalDivision,
      institutionId: c.facilityId,
      title: `${name} 遗体外运至${divisionPath(input.destinationDivisionCode).replaceAll(' / ', '')}（${c.caseNo}）`,
      note: input.reason,
    });
    await updateTransportRequest(trx, id, 'pending', { approvalId: instance.id });
    await audit(ctx, trx, actor, {
      action: 'funeral.transport.request',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: {
        requestId: id,
        approvalId: instance.id,
        destinationDivisionCode: input.destinationDivisionCode,
        homeCountyDocumentId: homeDocId,
      },
    });
    return id;
  });
  return transportView(db, id);
}

/**
 * Subscriber: the county of death decided (`approval.completed` / `approval.rejected`). Approved → the
 * `death_place_approval` document is recorded on the case (numbered from the county bureau's series) and
 * the request awaits departure; rejected → the request is rejected and the case stays where it was.
 * Idempotent: a replayed event finds the request decided.
 */
export async function onTransportDecided(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'approval.completed'> | StoredEvent<'approval.rejected'>,
): Promise<void> {
  const p = event.payload;
  if (p.definitionKey !== REMAINS_TRANSPORT_APPROVAL.key) return;
  const r = await transportRequestByApproval(trx, p.instanceId);
  if (!r || r.status !== 'pending') return;
  const approved = event.type === 'approval.completed';
  const reason = 'reason' in p ? (p as { reason: string }).reason : null;
  const at = ctx.clock.now().toISOString();
  const day = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const actor = systemActor(
    approved ? TRANSPORT_APPROVED_SUBSCRIBER : TRANSPORT_REJECTED_SUBSCRIBER,
    r.deathCountyCode,
  );
  let documentId: string | null = null;
  let number: string | null = null;
  if (approved) {
    const county = r.deathCountyCode;
    const issued = await documentNumberFor(ctx, trx, actor, {
      office: {
        key: `civil-affairs:${county}`,
        divisionCode: county,
        prefix: officePrefix(county, '民殡运字'),
      },
      kind: TRANSPORT_APPROVAL_NUMBER_KIND,
      year: Number(day.slice(0, 4)),
      ownerType: TRANSPORT_OWNER,
      ownerId: r.id,
    });
    number = issued.number;
    documentId = newId();
    await insertCaseDocument(trx, {
      id: documentId,
      caseId: r.caseId,
      kind: 'death_place_approval',
      number,
      issuer: `${getDivision(county)?.name ?? county}民政局`,
      issuedOn: day,
      note: `遗体外运审批通过（审批编号 ${p.instanceId}）`,
      attachmentId: null,
      status: 'valid',
      revokedReason: null,
      recordedBy: actor.username,
      recordedAt: at,
    });
  }
  const changed = await updateTransportRequest(trx, r.id, 'pending', {
    status: approved ? 'approved' : 'rejected',
    approvalDocumentId: documentId,
    decidedAt: at,
    decisionReason: reason,
    updatedAt: at,
  });
  if (!changed) return;
  await audit(ctx, trx, actor, {
    action: approved ? 'funeral.transport.approved' : 'funeral.transport.rejected',
    targetType: 'funeral_case',
    targetId: r.caseId,
    divisionCode: r.divisionCode,
    details: { requestId: r.id, approvalId: p.instanceId, number, reason, eventId: event.id },
  });
}

/**
 * The gate of step `transported_out` (R-FUN-03), for any concern that moves a body out: an approved
 * request with both documents valid, else 409 `FUNERAL_TRANSPORT_NOT_APPROVED`. Returns the request.
 */
export async function ensureTransportApproved(db: Executor, caseId: string): Promise<TransportRequestRow> {
  const requests = await transportRequestsOfCase(db, caseId);
  const r = requests.find((x) => x.status === 'approved');
  if (!r) {
    const pending = requests.some((x) => x.shownStatus === 'pending');
    throw new DomainError(
      'conflict',
      'FUNERAL_TRANSPORT_NOT_APPROVED',
      pending
        ? '遗体外运尚未获得死亡地民政部门批准：审批通过后方可起运'
        : '没有已批准的遗体外运申请：须凭户籍地县级民政部门证明和死亡地民政部门批准方可外运',
      { caseId },
    );
  }
  const docs = await documentsOfCase(db, caseId, { validOnly: true });
  const missing = (['home_county_certificate', 'death_place_approval'] as const).filter(
    (k) =>
      !docs.some(
        (d) => d.id === (k === 'home_county_certificate' ? r.homeCountyDocumentId : r.approvalDocumentId),
      ),
  );
  if (missing.length > 0) {
    throw new DomainError(
      'conflict',
      'FUNERAL_TRANSPORT_NOT_APPROVED',
      `遗体外运所需材料已失效：${missing.map((k) => CASE_DOCUMENT_KIND_LABELS[k]).join('、')}`,
      { caseId, missing },
    );
  }
  const { shownStatus: _s, ...row } = r;
  return row;
}

/** 起运: the body leaves the area (custody step `transported_out`, disposition `transport_out`). */
export async function departTransport(
  ctx: CoreContext,
  actor: Actor,
  requestId: string,
  body: unknown,
): Promise<TransportRequestView> {
  authorize(actor, 'funeral:write');
  const input = parse(departTransportBody, body);
  const db = ctx.db.kysely;
  await visibleTransportRequest(db, actor, requestId);
  await db.transaction().execute(async (trx) => {
    const r = await visibleTransportRequest(trx, actor, requestId);
    const c = await lockedVisibleFuneralCase(trx, actor, r.caseId);
    ensureFuneralCaseOpen(c);
    if (!(BEFORE_CREMATION as readonly string[]).includes(c.step)) {
      throw new DomainError('conflict', 'FUNERAL_TRANSPORT_AFTER_CREMATION', '遗体已火化，不能外运', {
        step: c.step,
      });
    }
    if (r.status !== 'approved') {
      const pending = r.status === 'pending';
      throw new DomainError(
        'conflict',
        'FUNERAL_TRANSPORT_NOT_APPROVED',
        pending
          ? '遗体外运尚未获得死亡地民政部门批准：审批通过后方可起运'
          : `该遗体外运申请${TRANSPORT_REQUEST_STATUS_LABELS[r.status]}，不能起运`,
        { status: r.status },
      );
    }
    await ensureTransportApproved(trx, c.id);
    if (!input.hygieneDone) {
      throw new DomainError(
        'invalid',
        'FUNERAL_TRANSPORT_HYGIENE_REQUIRED',
        '遗体外运前须进行卫生处理（《殡葬管理条例》第十三条）：完成后请勾选确认',
        { field: 'hygieneDone' },
      );
    }
    const now = ctx.clock.now().toISOString();
    await setCaseDisposition(trx, c.id, 'transport_out', now);
    const place = `${divisionPath(r.destinationDivisionCode).replaceAll(' / ', '')}${r.destinationAddress}`;
    await appendCustodyEvent(trx, {
      caseId: c.id,
      step: 'transported_out',
      at: now,
      actor: actor.username,
      code: c.bodyCode,
      place,
      note: `遗体外运${input.vehicle ? `（车辆：${input.vehicle}）` : ''}；已卫生处理${input.note ? `；${input.note}` : ''}`,
    });
    await updateTransportRequest(trx, r.id, 'approved', {
      status: 'departed',
      hygieneDone: 1,
      vehicle: input.vehicle ?? null,
      departedAt: now,
      departedBy: actor.username,
      updatedAt: now,
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.transport.depart',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: {
        requestId: r.id,
        destinationDivisionCode: r.destinationDivisionCode,
        vehicle: input.vehicle ?? null,
      },
    });
  });
  return transportView(db, requestId);
}

// ----- the 遗体外运 ledger -----

function ledgerFilter(actor: Actor, q: TransportRequestsQuery): TransportLedgerFilter {
  let sort: TransportLedgerFilter['sort'];
  if (q.sort) {
    const desc = q.sort.startsWith('-');
    sort = { field: (desc ? q.sort.slice(1) : q.sort) as (typeof TRANSPORT_SORT_FIELDS)[number], desc };
  }
  return {
    scope: scopeFilterFor(actor, q.division),
    status: q.status,
    facilityId: q.facilityId,
    from: q.from,
    to: q.to,
    q: q.q?.trim() || undefined,
    sort,
  };
}

export async function transportLedger(
  ctx: CoreContext,
  actor: Actor,
  q: TransportRequestsQuery & { page: number; pageSize: number },
) {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const f = ledgerFilter(actor, q);
  if (q.facilityId) await visibleFacility(db, actor, q.facilityId);
  if (f.q) {
    await ctx.readAudit.record(actor, {
      action: 'funeral.transport.search',
      targetType: 'funeral_case',
      divisionCode: q.division ?? actor.divisionCode,
      details: { byName: true },
    });
  }
  const [rows, total] = await Promise.all([
    transportLedgerPage(db, f, q.pageSize, (q.page - 1) * q.pageSize),
    countTransportLedger(db, f),
  ]);
  const names = await displayNamesOf(
    db,
    rows.map((r) => r.requestedBy),
  );
  return { items: rows.map((r) => presentTransport(r, names)), total, page: q.page, pageSize: q.pageSize };
}

export async function exportTransportLedger(
  ctx: CoreContext,
  actor: Actor,
  q: TransportRequestsQuery,
): Promise<AsyncIterable<TransportRequestView>> {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const f = ledgerFilter(actor, q);
  if (q.facilityId) await visibleFacility(db, actor, q.facilityId);
  await ctx.readAudit.record(actor, {
    action: 'funeral.transport.export',
    targetType: 'funeral_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: { ...q, q: q.q ? '***' : undefined } },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 2000) {
      const rows = await transportLedgerPage(db, f, 2000, offset);
      const names = await displayNamesOf(
        db,
        rows.map((r) => r.requestedBy),
      );
      for (const r of rows) yield presentTransport(r, names);
      if (rows.length < 2000) return;
    }
  })();
}
