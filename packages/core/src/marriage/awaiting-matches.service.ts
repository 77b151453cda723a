/**
 * 补录待匹配: back-filled rows kept because a party had no id number, listed across import batches so a
 * clerk can work through them (search, filters, paging, Excel) and resolve each one (import.service
 * `resolveImportRow`).
 */
import {
  DomainError,
  comparePlainDate,
  maskResidentId,
  personNameInitials,
  personNameSearchKey,
  personNameSortKey,
  type PlainDate,
} from '@social-affairs/kernel';
import { AWAITING_SORT_FIELDS, parseSort, type SortSpec } from '@social-affairs/kernel/contracts';
import { authorize, ensureDivisionInScope, inScope, scopePrefix, type Actor } from '../access/index';
import { maskAuditFilter, maskSearchTerm } from '../audit/index';
import type { CoreContext } from '../context';
import { presentPerson } from '../people/index';
import type { ParsedParty, ParsedRow } from './import.service';
import { awaitingMatchRows, peopleByIds } from './marriage.repository';
import type { CrossBorder, MarriageKind, MarriageStatus } from './marriage.table';
import { marriageToday } from './registry.service';

export interface AwaitingMatchesQuery {
  division?: string;
  importId?: string;
  /** A name (hanzi, contains; pinyin or initials, prefix), a certificate number or a registry name. */
  q?: string;
  /** Registration date range, inclusive. */
  from?: string;
  to?: string;
  /** `field` or `-field` of AWAITING_SORT_FIELDS (validated by the route); none: newest batch first. */
  sort?: string;
}

/** A person the matching engine proposed for a party (only people the reader may see). */
export interface MatchCandidateView {
  personId: string;
  score: number;
  name: string;
  residentIdMasked: string | null;
  birthDate: string | null;
  hukouDivisionName: string;
  status: 'alive' | 'deceased';
}

export interface AwaitingPartyView {
  name: string;
  sex: 'male' | 'female';
  birthDate: string | null;
  /** Masked; null for the party (or parties) the row is waiting for. */
  residentIdMasked: string | null;
  candidates: MatchCandidateView[];
}

export interface AwaitingMatchView {
  importId: string;
  fileName: string;
  importedAt: string;
  rowNo: number;
  divisionCode: string;
  kind: MarriageKind;
  registeredOn: string;
  registryName: string;
  certificateNo: string | null;
  crossBorder: CrossBorder;
  status: MarriageStatus;
  endedOn: string | null;
  husband: AwaitingPartyView;
  wife: AwaitingPartyView;
}

interface StoredData {
  row: ParsedRow;
  candidates: { husband: StoredCandidate[]; wife: StoredCandidate[] } | null;
}
interface StoredCandidate {
  personId: string;
  score: number;
}

interface AwaitingRow {
  importId: string;
  fileName: string;
  importedAt: string;
  rowNo: number;
  divisionCode: string;
  data: StoredData;
}

function matchesText(r: ParsedRow, text: string): boolean {
  if (/^[A-Za-z\s]+$/.test(text)) {
    const key = text.replace(/\s+/g, '').toLowerCase();
    return [r.husband.name, r.wife.name].some(
      (n) => personNameSearchKey(n).startsWith(key) || personNameInitials(n).startsWith(key),
    );
  }
  const t = text.toLowerCase();
  return [r.husband.name, r.wife.name, r.certificateNo ?? '', r.registry.name].some((v) =>
    v.toLowerCase().includes(t),
  );
}

/**
 * Rows awaiting a match in the reader's scope and the picked division, newest batch first. The parsed
 * rows are JSON, so the keyword and date filters run here rather than in SQL; the SQL narrows by
 * status, division and batch (index marriage_import_rows_status_idx), which keeps the set to the
 * clerk's unresolved backlog.
 */
async function awaitingRows(ctx: CoreContext, actor: Actor, q: AwaitingMatchesQuery): Promise<AwaitingRow[]> {
  authorize(actor, 'marriage:read');
  const division = q.division ?? actor.divisionCode;
  ensureDivisionInScope(actor, division);
  const rows = await awaitingMatchRows(ctx.db.kysely, scopePrefix(division), q.importId);
  const text = q.q?.trim();
  const out: AwaitingRow[] = [];
  for (const r of rows) {
    if (!r.data) continue;
    const data = JSON.parse(r.data) as StoredData;
    const on = data.row.registeredOn;
    if (q.from && comparePlainDate(on, q.from as PlainDate) < 0) continue;
    if (q.to && comparePlainDate(on, q.to as PlainDate) > 0) continue;
    if (text && !matchesText(data.row, text)) continue;
    out.push({
      importId: r.importId,
      fileName: r.fileName,
      importedAt: r.createdAt,
      rowNo: r.rowNo,
      divisionCode: r.divisionCode,
      data,
    });
  }
  const sort = parseSort(q.sort as AwaitingSortField | undefined);
  if (sort) {
    if (!(AWAITING_SORT_FIELDS as readonly string[]).includes(sort.field))
      throw new DomainError('invalid', 'SORT_FIELD_INVALID', '不支持按该列排序', { field: 'sort' });
    sortAwaiting(out, sort);
  }
  return out;
}

type AwaitingSortField = (typeof AWAITING_SORT_FIELDS)[number];

/** A row's value for a sort column; names by their pinyin key, as the people ledger orders them. */
function sortValue(r: AwaitingRow, field: AwaitingSortField): string | null {
  const row = r.data.row;
  switch (field) {
    case 'importedAt':
      return r.importedAt;
    case 'registeredOn':
      return row.registeredOn;
    case 'certificateNo':
      return row.certificateNo ?? null;
    case 'husbandName':
      return personNameSortKey(row.husband.name);
    case 'wifeName':
      return personNameSortKey(row.wife.name);
  }
}

/**
 * Sorts the rows in place by the clerk's column (empty values last in both directions), then by batch
 * (newest first) and row number, so a page boundary never splits or repeats a row. Code-unit order, not
 * the locale's, so the order is the same on every server.
 */
function sortAwaiting(rows: AwaitingRow[], sort: SortSpec<AwaitingSortField>): void {
  const keyed = rows.map((r, i) => ({ r, i, v: sortValue(r, sort.field) }));
  keyed.sort((a, b) => {
    if (a.v !== b.v) {
      if (a.v === null) return 1;
      if (b.v === null) return -1;
      return (a.v < b.v ? -1 : 1) * (sort.desc ? -1 : 1);
    }
    return a.i - b.i;
  });
  keyed.forEach((k, i) => (rows[i] = k.r));
}

async function present(ctx: CoreContext, actor: Actor, rows: AwaitingRow[]): Promise<AwaitingMatchView[]> {
  const ids = new Set<string>();
  for (const r of rows)
    for (const c of [...(r.data.candidates?.husband ?? []), ...(r.data.candidates?.wife ?? [])])
      ids.add(c.personId);
  const people = ids.size === 0 ? [] : await peopleByIds(ctx.db.kysely, [...ids]);
  const today = marriageToday(ctx);
  const visible = new Map(
    people.filter((p) => inScope(actor, p.divisionCode)).map((p) => [p.id, presentPerson(p, today)]),
  );
  const party = (p: ParsedParty, stored: StoredCandidate[] | undefined): AwaitingPartyView => ({
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    residentIdMasked: p.residentId ? maskResidentId(p.residentId) : null,
    candidates: (stored ?? [])
      .flatMap((c) => {
        const person = visible.get(c.personId);
        return person
          ? [
              {
                personId: person.id,
                score: c.score,
                name: person.name,
                residentIdMasked: person.residentIdMasked,
                birthDate: person.birthDate,
                hukouDivisionName: person.hukouDivisionName,
                status: person.status,
              },
            ]
          : [];
      })
      .sort((a, b) => b.score - a.score),
  });
  return rows.map((r) => {
    const row = r.data.row;
    return {
      importId: r.importId,
      fileName: r.fileName,
      importedAt: r.importedAt,
      rowNo: r.rowNo,
      divisionCode: r.divisionCode,
      kind: row.kind,
      registeredOn: row.registeredOn,
      registryName: row.registry.name,
      certificateNo: row.certificateNo,
      crossBorder: row.crossBorder,
      status: row.status,
      endedOn: row.endedOn,
      husband: party(row.husband, r.data.candidates?.husband),
      wife: party(row.wife, r.data.candidates?.wife),
    };
  });
}

/** A page of rows awaiting a match (ids masked), with the matching engine's candidates if it ran. */
export async function listAwaitingMatches(
  ctx: CoreContext,
  actor: Actor,
  q: AwaitingMatchesQuery & { page: number; pageSize: number },
) {
  const rows = await awaitingRows(ctx, actor, q);
  // A search by a full resident id identifies a person: audited (the id masked).
  if (q.q && /^[0-9]{17}[0-9Xx]$/.test(q.q.trim()))
    await ctx.readAudit.record(actor, {
      action: 'marriage.import.awaiting-search',
      targetType: 'marriage_import',
      divisionCode: q.division ?? actor.divisionCode,
      details: { query: maskSearchTerm(q.q), rows: rows.length },
    });
  const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return { items: await present(ctx, actor, page), total: rows.length, page: q.page, pageSize: q.pageSize };
}

/** Every row the filters select, masked as on screen, for the Excel export (audited). */
export async function exportAwaitingMatches(
  ctx: CoreContext,
  actor: Actor,
  q: AwaitingMatchesQuery,
): Promise<AsyncIterable<AwaitingMatchView>> {
  const rows = await awaitingRows(ctx, actor, q);
  await ctx.readAudit.record(actor, {
    action: 'marriage.import.awaiting-export',
    targetType: 'marriage_import',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q), rows: rows.length },
  });
  return (async function* () {
    // In batches, so the candidates' people are looked up with a bounded IN list.
    for (let i = 0; i < rows.length; i += 500) yield* await present(ctx, actor, rows.slice(i, i + 500));
  })();
}
