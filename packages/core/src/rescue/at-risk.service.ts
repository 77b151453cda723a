/**
 * At-risk persons ledger (易走失人员, issue 16 item 4): people at risk of wandering off (dementia, mental
 * illness, intellectual disability, minors …) registered by the civil affairs of their home division, with
 * one or more family contacts — phones masked in the list, in full in the detail, whose every read is
 * audited with the person — home address, notes, the people-index person if known, and a status
 * (在册 / 已销册 with a reason). Scope: the division (county-level accounts; a station account does not
 * hold this registry).
 */
import { DomainError, getDivision, maskPhone, newId } from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import type {
  AtRiskBodyDto,
  AtRiskDto,
  AtRiskQueryDto,
  AtRiskUpdateBodyDto,
  FamilyContactDto,
} from '@social-affairs/kernel/contracts/rescue';
import {
  authorize,
  ensureDivisionInScope,
  ensureVisible,
  inSharedScope,
  scopeFilterFor,
  type Actor,
} from '../access/index';
import { audit, maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import type { Executor } from '../db/index';
import {
  findAtRisk,
  findPersonDivision,
  insertAtRisk,
  listAtRiskRows,
  updateAtRisk,
  type AtRiskRow,
  type AtRiskSort,
} from './governance.repository';

function present(r: AtRiskRow, full: boolean): AtRiskDto {
  const contacts = JSON.parse(r.contacts) as FamilyContactDto[];
  return {
    id: r.id,
    divisionCode: r.divisionCode,
    divisionName: getDivision(r.divisionCode)?.name ?? r.divisionCode,
    name: r.name,
    sex: r.sex,
    birthDate: r.birthDate,
    kinds: JSON.parse(r.kinds) as AtRiskDto['kinds'],
    homeAddress: r.homeAddress,
    contacts: contacts.map((c) => ({ ...c, phone: full ? c.phone : maskPhone(c.phone) })),
    notes: r.notes,
    personId: r.personId,
    status: r.status,
    closedReason: r.closedReason,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

async function visibleAtRisk(db: Executor, actor: Actor, id: string): Promise<AtRiskRow> {
  const r = await findAtRisk(db, id);
  if (!r) throw new DomainError('not_found', 'NOT_FOUND', '易走失人员记录不存在或不在您的管辖范围内');
  ensureVisible(actor, r.divisionCode, '易走失人员记录');
  return r;
}

function atRiskFilter(actor: Actor, q: AtRiskQueryDto) {
  authorize(actor, 'rescue:read');
  return { scope: scopeFilterFor(actor, q.division), kind: q.kind, status: q.status, q: q.q };
}

const sortOf = (sort: AtRiskQueryDto['sort']): { sort: AtRiskSort; desc: boolean } => {
  const s = parseSort(sort);
  return s ? { sort: s.field, desc: s.desc } : { sort: 'updatedAt', desc: true };
};

/** A page of the ledger, phones masked; audited (a list of vulnerable people and their relatives). */
export async function listAtRisk(
  ctx: CoreContext,
  actor: Actor,
  q: AtRiskQueryDto & { page: number; pageSize: number },
): Promise<{ items: AtRiskDto[]; total: number; page: number; pageSize: number }> {
  const f = atRiskFilter(actor, q);
  const { rows, total } = await listAtRiskRows(ctx.db.kysely, f, {
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    ...sortOf(q.sort),
  });
  await ctx.readAudit.record(actor, {
    action: 'rescue.at-risk.search',
    targetType: 'rescue_at_risk_person',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q), rows: total },
  });
  return { items: rows.map((r) => present(r, false)), total, page: q.page, pageSize: q.pageSize };
}

export async function exportAtRisk(
  ctx: CoreContext,
  actor: Actor,
  q: AtRiskQueryDto,
): Promise<AsyncIterable<AtRiskDto>> {
  const f = atRiskFilter(actor, q);
  const { rows, total } = await listAtRiskRows(ctx.db.kysely, f, {
    offset: 0,
    limit: 100_000,
    ...sortOf(q.sort),
  });
  await ctx.readAudit.record(actor, {
    action: 'rescue.at-risk.export',
    targetType: 'rescue_at_risk_person',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q), rows: total },
  });
  return (async function* () {
    for (const r of rows) yield present(r, false);
  })();
}

/** One at-risk person with the contacts' full phone numbers: an audited read of the person. */
export async function getAtRisk(ctx: CoreContext, actor: Actor, id: string): Promise<AtRiskDto> {
  authorize(actor, 'rescue:read');
  const r = await visibleAtRisk(ctx.db.kysely, actor, id);
  await ctx.readAudit.record(actor, {
    action: 'rescue.at-risk.read',
    targetType: 'rescue_at_risk_person',
    targetId: r.id,
    divisionCode: r.divisionCode,
    subjectPersonId: r.personId,
  });
  return present(r, true);
}

async function checkedPerson(db: Executor, actor: Actor, personId: string | null | undefined) {
  if (!personId) return null;
  const p = await findPersonDivision(db, personId);
  if (!p || !inSharedScope(actor, p.divisionCode)) {
    // ADR 0015: a write naming a record checks its scope like a read.
    throw new DomainError('not_found', 'NOT_FOUND', '关联的人员档案不存在或不在您的管辖范围内');
  }
  return p.id;
}

function checkBirth(body: { birthDate?: string | null | undefined }, today: string) {
  if (body.birthDate && body.birthDate > today) {
    throw new DomainError('invalid', 'BIRTH_DATE_IN_FUTURE', '出生日期不能晚于今天', { field: 'birthDate' });
  }
}

/** Registers an at-risk person in a division of the actor's scope. */
export async function createAtRisk(ctx: CoreContext, actor: Actor, body: AtRiskBodyDto): Promise<AtRiskDto> {
  authorize(actor, 'rescue:write');
  if (actor.institutionId) {
    throw new DomainError(
      'forbidden',
      'AT_RISK_COUNTY_ONLY',
      '易走失人员由户籍地（居住地）民政部门登记，救助站账号不能登记',
      {},
    );
  }
  const personId = await checkedPerson(ctx.db.kysely, actor, body.personId);
  ensureDivisionInScope(actor, body.divisionCode);
  if (!getDivision(body.divisionCode)) {
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'divisionCode' });
  }
  const now = ctx.clock.now().toISOString();
  checkBirth(body, now.slice(0, 10));
  const id = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await insertAtRisk(trx, {
      id,
      divisionCode: body.divisionCode,
      name: body.name,
      sex: body.sex,
      birthDate: body.birthDate ?? null,
      kinds: JSON.stringify([...new Set(body.kinds)]),
      homeAddress: body.homeAddress,
      contacts: JSON.stringify(body.contacts),
      notes: body.notes,
      personId,
      status: 'active',
      closedReason: null,
      createdBy: actor.username,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    await audit(ctx, trx, actor, {
      action: 'rescue.at-risk.create',
      targetType: 'rescue_at_risk_person',
      targetId: id,
      divisionCode: body.divisionCode,
      subjectPersonId: personId,
      details: { kinds: body.kinds, contacts: body.contacts.length },
    });
  });
  return getAtRisk(ctx, actor, id);
}

const changed = () =>
  new DomainError('conflict', 'AT_RISK_CHANGED', '该记录刚被他人修改：请刷新后重新编辑', {});

/** Edits an at-risk person (optimistic: the version read). */
export async function updateAtRiskPerson(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: AtRiskUpdateBodyDto,
): Promise<AtRiskDto> {
  authorize(actor, 'rescue:write');
  const now = ctx.clock.now().toISOString();
  checkBirth(body, now.slice(0, 10));
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await visibleAtRisk(trx, actor, id);
    if (r.status === 'closed') {
      throw new DomainError('conflict', 'AT_RISK_CLOSED', '该记录已销册，不能再编辑', {});
    }
    const personId = await checkedPerson(trx, actor, body.personId);
    const ok = await updateAtRisk(trx, r.id, body.version, {
      name: body.name,
      sex: body.sex,
      birthDate: body.birthDate ?? null,
      kinds: JSON.stringify([...new Set(body.kinds)]),
      homeAddress: body.homeAddress,
      contacts: JSON.stringify(body.contacts),
      notes: body.notes,
      personId,
      updatedAt: now,
    });
    if (!ok) throw changed();
    await audit(ctx, trx, actor, {
      action: 'rescue.at-risk.update',
      targetType: 'rescue_at_risk_person',
      targetId: r.id,
      divisionCode: r.divisionCode,
      subjectPersonId: personId,
      details: { kinds: body.kinds, contacts: body.contacts.length },
    });
  });
  return getAtRisk(ctx, actor, id);
}

/** Closes (销册) an at-risk person with a reason. */
export async function closeAtRisk(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: { reason: string; version?: number | undefined },
): Promise<AtRiskDto> {
  authorize(actor, 'rescue:write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await visibleAtRisk(trx, actor, id);
    if (r.status === 'closed') throw new DomainError('conflict', 'AT_RISK_CLOSED', '该记录已销册', {});
    const ok = await updateAtRisk(trx, r.id, body.version ?? r.version, {
      status: 'closed',
      closedReason: body.reason,
      updatedAt: ctx.clock.now().toISOString(),
    });
    if (!ok) throw changed();
    await audit(ctx, trx, actor, {
      action: 'rescue.at-risk.close',
      targetType: 'rescue_at_risk_person',
      targetId: r.id,
      divisionCode: r.divisionCode,
      subjectPersonId: r.personId,
      details: { reason: body.reason },
    });
  });
  return getAtRisk(ctx, actor, id);
}
