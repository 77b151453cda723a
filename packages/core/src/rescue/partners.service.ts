/**
 * Partner institutions (托养机构 foster institutions, 合作医院 partner hospitals) and the stations' placement
 * agreements with them (托养协议), R-RES-13: public institutions preferred (ownership shown), qualification
 * status (an `unqualified` institution takes no new placement, `ensurePartnerAcceptsPlacement`), agreements
 * numbered from the paper contract (unique), with a period, places and termination with a reason.
 *
 * Scope: a partner is a record of its division (a county registry, like the people index): everyone
 * working inside the county sees it, station staff included (they place people there); a station's staff
 * also see partners elsewhere that their station has an agreement with. An agreement is the station's
 * record (station staff see their own station's only). Managing needs `rescue:manage`.
 */
import { DomainError, newId, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import {
  type EditRescuePartnerBody,
  type NewRescueAgreementBody,
  type NewRescuePartnerBody,
  type RescueAgreementView,
  type RescueAgreementsQuery,
  type RescuePartnersQuery,
  type RescuePartnerView,
  type TerminateRescueAgreementBody,
} from '@social-affairs/kernel/contracts/rescue';
import {
  authorize,
  countyCodeOf,
  ensureDivisionInScope,
  ensureScopeDivisionCode,
  ensureVisible,
  inSharedScope,
  scopeDivisionName,
  scopeFilterFor,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Executor } from '../db/index';
import { visibleStation } from './cases.access';
import {
  findAgreement,
  findAgreementByNo,
  findPartner,
  findPartnerByName,
  insertAgreement,
  insertPartner,
  listAgreementRows,
  partnerExtras,
  partnerPage,
  stationHasAgreementWith,
  updateAgreement,
  updatePartner,
  type PartnerListFilter,
  type RescueAgreementRow,
  type RescuePartnerRow,
} from './partners.repository';
import { versionConflict } from './stations.service';

const NOT_FOUND = () =>
  new DomainError('not_found', 'NOT_FOUND', '托养机构或合作医院不存在或不在您的管辖范围内');

/** Today's Beijing date on the context's clock. */
export function stationsToday(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/** The partner if the actor may see it (see the file comment), 404 otherwise. */
export async function visiblePartner(db: Executor, actor: Actor, id: string): Promise<RescuePartnerRow> {
  const row = await findPartner(db, id);
  if (!row) throw NOT_FOUND();
  if (inSharedScope(actor, row.divisionCode)) return row;
  if (actor.institutionId && (await stationHasAgreementWith(db, actor.institutionId, row.id))) return row;
  throw NOT_FOUND();
}

/** The partner if the actor may change it: inside the actor's own division (not the shared reading). */
async function managedPartner(db: Executor, actor: Actor, id: string): Promise<RescuePartnerRow> {
  const row = await findPartner(db, id);
  if (!row) throw NOT_FOUND();
  ensureVisible(actor, row.divisionCode, '托养机构或合作医院');
  return row;
}

function presentPartner(
  r: RescuePartnerRow,
  extra: { lastInspectedOn: string | null; rectifyBy: string | null; activeAgreements: number },
  today: string,
): RescuePartnerView {
  const rectifyBy = r.qualification === 'under_rectification' ? extra.rectifyBy : null;
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    ownership: r.ownership,
    qualification: r.qualification,
    qualificationNote: r.qualificationNote,
    capacity: r.capacity,
    address: r.address,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    status: r.status,
    lastInspectedOn: extra.lastInspectedOn,
    rectifyBy,
    rectificationOverdue: rectifyBy !== null && rectifyBy < today,
    activeAgreements: extra.activeAgreements,
    version: r.version,
  };
}

const partnerTaken = () =>
  new DomainError('conflict', 'RESCUE_PARTNER_NAME_TAKEN', '该区划内已有同名托养机构或合作医院', {
    field: 'name',
  });

function ensurePartnerDivision(actor: Actor, divisionCode: string): void {
  ensureScopeDivisionCode(divisionCode);
  ensureDivisionInScope(actor, divisionCode);
}

export async function createRescuePartner(
  ctx: CoreContext,
  actor: Actor,
  input: NewRescuePartnerBody,
): Promise<RescuePartnerView> {
  authorize(actor, 'rescue:manage');
  ensurePartnerDivision(actor, input.divisionCode);
  const now = ctx.clock.now().toISOString();
  const row: RescuePartnerRow = {
    id: newId(),
    kind: input.kind,
    name: input.name.trim(),
    divisionCode: input.divisionCode,
    ownership: input.ownership,
    // A new partner is qualified until an inspection says otherwise (its agreement is the vetting).
    qualification: 'qualified',
    qualificationNote: null,
    capacity: input.capacity,
    address: input.address,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    status: 'active',
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (await findPartnerByName(trx, row.divisionCode, row.name)) throw partnerTaken();
      await insertPartner(trx, row);
      await audit(ctx, trx, actor, {
        action: 'rescue.partner.create',
        targetType: 'rescue_partner',
        targetId: row.id,
        divisionCode: countyCodeOf(row.divisionCode),
        details: { kind: row.kind, name: row.name, ownership: row.ownership, capacity: row.capacity },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw partnerTaken();
    throw err;
  }
  return presentPartner(
    row,
    { lastInspectedOn: null, rectifyBy: null, activeAgreements: 0 },
    stationsToday(ctx),
  );
}

/**
 * Edits a partner (optimistic `version`). A qualification set by hand needs a note (the decision it
 * records); inspections set it otherwise (inspections.service.ts).
 */
export async function updateRescuePartner(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: EditRescuePartnerBody,
): Promise<RescuePartnerView> {
  authorize(actor, 'rescue:manage');
  const now = ctx.clock.now().toISOString();
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const before = await managedPartner(trx, actor, id);
      ensurePartnerDivision(actor, input.divisionCode);
      const qualification = input.qualification ?? before.qualification;
      const qualificationChanged = qualification !== before.qualification;
      if (qualificationChanged && !input.qualificationNote) {
        throw new DomainError('invalid', 'RESCUE_QUALIFICATION_NOTE_REQUIRED', '变更资质状态须填写依据说明', {
          field: 'qualificationNote',
        });
      }
      const name = input.name.trim();
      if (
        (name !== before.name || input.divisionCode !== before.divisionCode) &&
        (await findPartnerByName(trx, input.divisionCode, name))
      ) {
        throw partnerTaken();
      }
      const set = {
        kind: input.kind,
        name,
        divisionCode: input.divisionCode,
        ownership: input.ownership,
        capacity: input.capacity,
        address: input.address,
        contactName: input.contactName ?? null,
        contactPhone: input.contactPhone ?? null,
        status: input.status,
        qualification,
        qualificationNote: qualificationChanged
          ? (input.qualificationNote ?? null)
          : (input.qualificationNote ?? before.qualificationNote),
        updatedAt: now,
      };
      if (!(await updatePartner(trx, id, input.version, set))) throw versionConflict();
      const changed = Object.fromEntries(
        Object.entries(set).filter(
          ([k, v]) => k !== 'updatedAt' && before[k as keyof RescuePartnerRow] !== v,
        ),
      );
      await audit(ctx, trx, actor, {
        action: qualificationChanged ? 'rescue.partner.qualification' : 'rescue.partner.update',
        targetType: 'rescue_partner',
        targetId: id,
        divisionCode: countyCodeOf(before.divisionCode),
        details: { changed, ...(qualificationChanged ? { qualificationBefore: before.qualification } : {}) },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw partnerTaken();
    throw err;
  }
  return getRescuePartner(ctx, actor, id);
}

function partnerFilter(actor: Actor, q: Partial<RescuePartnersQuery>): PartnerListFilter {
  return {
    scope: scopeFilterFor(actor, q.division, { shared: true }),
    stationId: actor.institutionId ?? null,
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.qualification ? { qualification: q.qualification } : {}),
    ...(q.ownership ? { ownership: q.ownership } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.q ? { q: q.q } : {}),
    sort: parseSort(q.sort),
  };
}

/** A page of partners in scope, filtered by kind, qualification, ownership, division and name. */
export async function listRescuePartners(
  ctx: CoreContext,
  actor: Actor,
  q: RescuePartnersQuery & { page: number; pageSize: number },
): Promise<{ items: RescuePartnerView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'rescue:read');
  const today = stationsToday(ctx);
  const { rows, total } = await partnerPage(
    ctx.db.kysely,
    partnerFilter(actor, q),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: rows.map((r) => presentPartner(r, r, today)), total, page: q.page, pageSize: q.pageSize };
}

/** Every partner the filter selects (Excel ledger). */
export async function exportRescuePartners(
  ctx: CoreContext,
  actor: Actor,
  q: RescuePartnersQuery,
): Promise<AsyncIterable<RescuePartnerView>> {
  authorize(actor, 'rescue:read');
  const today = stationsToday(ctx);
  const f = partnerFilter(actor, q);
  return (async function* () {
    for (let offset = 0; ; offset += 1000) {
      const { rows } = await partnerPage(ctx.db.kysely, f, 1000, offset, false);
      for (const r of rows) yield presentPartner(r, r, today);
      if (rows.length < 1000) return;
    }
  })();
}

export async function getRescuePartner(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<RescuePartnerView> {
  authorize(actor, 'rescue:read');
  const row = await visiblePartner(ctx.db.kysely, actor, id);
  return presentPartner(row, await partnerExtras(ctx.db.kysely, id), stationsToday(ctx));
}

// ----- agreements -----

function presentAgreement(
  r: RescueAgreementRow & {
    partnerName: string;
    partnerKind: RescuePartnerRow['kind'];
    qualification: RescuePartnerRow['qualification'];
    stationName: string;
  },
): RescueAgreementView {
  return {
    id: r.id,
    agreementNo: r.agreementNo,
    stationId: r.stationId,
    stationName: r.stationName,
    partnerId: r.partnerId,
    partnerName: r.partnerName,
    partnerKind: r.partnerKind,
    partnerQualification: r.qualification,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    places: r.places,
    status: r.status,
    terminatedOn: r.terminatedOn,
    terminatedReason: r.terminatedReason,
  };
}

const agreementNoTaken = () =>
  new DomainError('conflict', 'RESCUE_AGREEMENT_NO_TAKEN', '该协议编号已登记，请核对纸质协议编号', {
    field: 'agreementNo',
  });

/**
 * Records a placement agreement of a station with a partner (number from the paper contract, unique).
 * R-RES-13: no new agreement with an institution flagged unqualified (409 `RESCUE_PARTNER_UNQUALIFIED`).
 */
export async function createRescueAgreement(
  ctx: CoreContext,
  actor: Actor,
  input: NewRescueAgreementBody,
): Promise<RescueAgreementView> {
  authorize(actor, 'rescue:manage');
  const now = ctx.clock.now().toISOString();
  const id = newId();
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const station = await visibleStation(trx, actor, input.stationId);
      const partner = await visiblePartner(trx, actor, input.partnerId);
      if (input.validFrom > input.validUntil) {
        throw new DomainError('invalid', 'RESCUE_AGREEMENT_PERIOD', '协议终止日期不能早于起始日期', {
          field: 'validUntil',
        });
      }
      if (partner.qualification === 'unqualified') {
        throw new DomainError(
          'conflict',
          'RESCUE_PARTNER_UNQUALIFIED',
          `${partner.name}经检查不合格，不能签订新的托养协议；整改复查合格后方可签订`,
          { field: 'partnerId' },
        );
      }
      if (partner.status !== 'active') {
        throw new DomainError('conflict', 'RESCUE_PARTNER_CLOSED', `${partner.name}已停止合作`, {
          field: 'partnerId',
        });
      }
      const agreementNo = input.agreementNo.trim();
      if (await findAgreementByNo(trx, agreementNo)) throw agreementNoTaken();
      await insertAgreement(trx, {
        id,
        agreementNo,
        stationId: station.id,
        partnerId: partner.id,
        divisionCode: station.divisionCode,
        validFrom: input.validFrom,
        validUntil: input.validUntil,
        places: input.places,
        status: 'active',
        terminatedOn: null,
        terminatedReason: null,
        createdBy: actor.username,
        createdAt: now,
        updatedAt: now,
      });
      await audit(ctx, trx, actor, {
        action: 'rescue.agreement.create',
        targetType: 'rescue_agreement',
        targetId: id,
        divisionCode: countyCodeOf(station.divisionCode),
        details: {
          agreementNo,
          stationId: station.id,
          partnerId: partner.id,
          partnerName: partner.name,
          validFrom: input.validFrom,
          validUntil: input.validUntil,
          places: input.places,
        },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw agreementNoTaken();
    throw err;
  }
  return getRescueAgreement(ctx, actor, id);
}

async function visibleAgreement(db: Executor, actor: Actor, id: string): Promise<RescueAgreementRow> {
  const row = await findAgreement(db, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '托养协议不存在或不在您的管辖范围内');
  ensureVisible(actor, { divisionCode: row.divisionCode, institutionId: row.stationId }, '托养协议');
  return row;
}

export async function getRescueAgreement(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<RescueAgreementView> {
  authorize(actor, 'rescue:read');
  const row = await visibleAgreement(ctx.db.kysely, actor, id);
  const [full] = await listAgreementRows(ctx.db.kysely, {
    scope: { divisionPrefix: '', institutionId: null, sharedCounty: null },
    id: row.id,
  });
  return presentAgreement(full!);
}

/** Ends an agreement on a day (not in the future) with the reason; an ended one cannot be ended again. */
export async function terminateRescueAgreement(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: TerminateRescueAgreementBody,
): Promise<RescueAgreementView> {
  authorize(actor, 'rescue:manage');
  const today = stationsToday(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await visibleAgreement(trx, actor, id);
    if (input.terminatedOn > today) {
      throw new DomainError('invalid', 'RESCUE_TERMINATION_DATE', '终止日期不能晚于今天', {
        field: 'terminatedOn',
      });
    }
    if (row.status !== 'active') {
      throw new DomainError('conflict', 'RESCUE_AGREEMENT_TERMINATED', '该托养协议已终止', {});
    }
    if (input.terminatedOn < row.validFrom) {
      throw new DomainError('invalid', 'RESCUE_TERMINATION_DATE', '终止日期不能早于协议起始日期', {
        field: 'terminatedOn',
      });
    }
    await updateAgreement(trx, id, {
      status: 'terminated',
      terminatedOn: input.terminatedOn,
      terminatedReason: input.reason,
      updatedAt: ctx.clock.now().toISOString(),
    });
    await audit(ctx, trx, actor, {
      action: 'rescue.agreement.terminate',
      targetType: 'rescue_agreement',
      targetId: id,
      divisionCode: countyCodeOf(row.divisionCode),
      reason: input.reason,
      details: { agreementNo: row.agreementNo, terminatedOn: input.terminatedOn },
    });
  });
  return getRescueAgreement(ctx, actor, id);
}

/** Agreements in scope (station staff: their station's), filtered by station, partner and status. */
export async function listRescueAgreements(
  ctx: CoreContext,
  actor: Actor,
  q: RescueAgreementsQuery = {},
): Promise<RescueAgreementView[]> {
  authorize(actor, 'rescue:read');
  if (q.stationId) await visibleStation(ctx.db.kysely, actor, q.stationId);
  if (q.partnerId) await visiblePartner(ctx.db.kysely, actor, q.partnerId);
  const rows = await listAgreementRows(ctx.db.kysely, {
    scope: scopeFilterFor(actor),
    ...(q.stationId ? { stationId: q.stationId } : {}),
    ...(q.partnerId ? { partnerId: q.partnerId } : {}),
    ...(q.status ? { status: q.status } : {}),
  });
  return rows.map(presentAgreement);
}
