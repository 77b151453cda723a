import { DomainError, tryParseResidentId } from '@social-affairs/kernel';
import { authorize, ensureDivisionInScope, ensureVisible, scopePrefix, type Actor } from '../access/index';
import { maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import {
  countMarriages,
  findMarriageWithParties,
  findRefusalById,
  marriagesInRegistrationOrder,
  marriagesPage,
  peopleIdsMatching,
  type MarriageFilter,
  type MarriageSortField,
  type MarriageWithParties,
} from './marriage.repository';
import { MARRIAGE_SORT_FIELDS, parseSort } from '@social-affairs/kernel/contracts';
import type { MarriageStatus } from './marriage.table';
import { presentMarriage, type MarriageView, type RefusalReason } from './registration.service';
import { findRegistryName } from './registry.repository';
import { marriageToday } from './registry.service';

export interface MarriagesQuery {
  division?: string;
  /** A name (contains), a resident id (exact) or a certificate number (exact). */
  q?: string;
  status?: MarriageStatus;
  from?: string;
  to?: string;
  /** `field` or `-field` of MARRIAGE_SORT_FIELDS (validated by the route). */
  sort?: string;
  page: number;
  pageSize: number;
}

async function filterFor(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<MarriagesQuery, 'page' | 'pageSize'>,
): Promise<MarriageFilter> {
  const division = q.division ?? actor.divisionCode;
  ensureDivisionInScope(actor, division);
  const f: MarriageFilter = {
    divisionPrefix: scopePrefix(division),
    status: q.status,
    from: q.from,
    to: q.to,
  };
  const sort = parseSort(q.sort as MarriageSortField | undefined);
  if (sort) {
    if (!(MARRIAGE_SORT_FIELDS as readonly string[]).includes(sort.field))
      throw new DomainError('invalid', 'SORT_FIELD_INVALID', '不支持按该列排序', { field: 'sort' });
    f.sort = sort;
  }
  const text = q.q?.trim();
  if (text) {
    if (/^(J|L|BJ|BL|JL)\d/i.test(text)) f.certificateNo = text.toUpperCase();
    else if (/^\d{15}$|^\d{17}[\dXx]$/.test(text)) {
      const parsed = tryParseResidentId(text, { today: marriageToday(ctx) });
      f.personIds = parsed.ok
        ? await peopleIdsMatching(ctx.db.kysely, ctx.db.dialect, { residentId: parsed.value.id })
        : [];
    } else f.personIds = await peopleIdsMatching(ctx.db.kysely, ctx.db.dialect, { name: text });
  }
  return f;
}

/** 婚姻登记档案查询: a page of marriage records in scope (ids masked); the search is audited. */
export async function searchMarriages(ctx: CoreContext, actor: Actor, q: MarriagesQuery) {
  authorize(actor, 'marriage:read');
  const f = await filterFor(ctx, actor, q);
  if (q.q) {
    await ctx.readAudit.record(actor, {
      action: 'marriage.search',
      targetType: 'marriage',
      divisionCode: q.division ?? actor.divisionCode,
      details: {
        byResidentId: f.personIds !== undefined && /^\d/.test(q.q.trim()),
        byCertificate: Boolean(f.certificateNo),
      },
    });
  }
  const [rows, total] = await Promise.all([
    marriagesPage(ctx.db.kysely, f, q.pageSize, (q.page - 1) * q.pageSize),
    countMarriages(ctx.db.kysely, f),
  ]);
  return { items: rows.map(presentMarriage), total, page: q.page, pageSize: q.pageSize };
}

/** Every record the filters select (for the Excel export), after the same checks as the list. */
export async function exportMarriages(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<MarriagesQuery, 'page' | 'pageSize'>,
): Promise<AsyncIterable<MarriageView>> {
  authorize(actor, 'marriage:read');
  const f = await filterFor(ctx, actor, q);
  await ctx.readAudit.record(actor, {
    action: 'marriage.export',
    targetType: 'marriage',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q) },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 2000) {
      const rows = await marriagesInRegistrationOrder(ctx.db.kysely, f, 2000, offset);
      for (const r of rows) yield presentMarriage(r);
      if (rows.length < 2000) return;
    }
  })();
}

export async function visibleMarriage(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<MarriageWithParties> {
  const row = await findMarriageWithParties(ctx.db.kysely, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '婚姻登记记录不存在或不在您的管辖范围内');
  ensureVisible(actor, row.divisionCode, '婚姻登记记录');
  return row;
}

/** One marriage record (a sensitive read, audited with the stated reason). */
export async function getMarriage(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  reason?: string,
): Promise<MarriageView> {
  authorize(actor, 'marriage:read');
  const row = await visibleMarriage(ctx, actor, id);
  await ctx.readAudit.record(actor, {
    action: 'marriage.read',
    targetType: 'marriage',
    targetId: row.id,
    divisionCode: row.divisionCode,
    reason: reason ?? null,
  });
  return presentMarriage(row);
}

export interface RefusalView {
  id: string;
  service: 'marriage' | 'divorce' | 'reissue';
  registryName: string;
  decidedOn: string;
  husbandName: string;
  wifeName: string;
  reasons: RefusalReason[];
}

/** A refusal notice (不予登记/不予受理告知书): the reasons only, never the conflicting record. */
export async function getRefusal(ctx: CoreContext, actor: Actor, id: string): Promise<RefusalView> {
  authorize(actor, 'marriage:read');
  const row = await findRefusalById(ctx.db.kysely, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '告知书不存在或不在您的管辖范围内');
  ensureVisible(actor, row.divisionCode, '告知书');
  await ctx.readAudit.record(actor, {
    action: 'marriage.refusal.read',
    targetType: 'refusal',
    targetId: row.id,
    divisionCode: row.divisionCode,
  });
  const registry = await findRegistryName(ctx.db.kysely, row.registryId);
  return {
    id: row.id,
    service: row.service,
    registryName: registry?.name ?? '',
    decidedOn: row.decidedOn,
    husbandName: row.husbandName,
    wifeName: row.wifeName,
    reasons: JSON.parse(row.reasons) as RefusalReason[],
  };
}
