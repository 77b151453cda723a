/**
 * 寻亲 family search over three kinds of records — missing-person reports (this line), unidentified
 * living people (rescue) and unidentified deceased (funeral) — and the missing-person reports themselves.
 * Every line publishes its searchable records to the feed (family-search-entries.service.ts); the
 * in-memory index of each process follows the feed (family-search-index.ts). A query from any kind
 * returns candidates of the other two, scoped by division, each with the engine's explanation.
 */
import {
  DomainError,
  childrenOf,
  divisionPath,
  getDivision,
  maskPhone,
  newId,
  parsePlainDate,
  registeredProvinceCodes,
  todayPlainDate,
  type Division,
} from '@social-affairs/kernel';
import { MISSING_REPORT_SORT_FIELDS, parseSort } from '@social-affairs/kernel/contracts';
import type {
  FamilySearchHit,
  FamilySearchIndex,
  FamilySearchResult as EngineResult,
} from './family-search-engine';
import {
  authorize,
  ensureDivisionInScope,
  ensureVisible,
  inScope,
  scopeFilterFor,
  type Actor,
} from '../access/index';
import { audit, maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import { countyOf } from '../people/index';
import {
  closeReport,
  entriesByIds,
  findEntry,
  listReports,
  reportsByIds,
  type MissingReportSortField,
  type ReportListFilter,
} from './family-search-entries.repository';
import {
  placeholderSeq,
  positionReportBeforeCommit,
  publishFamilySearchRecord,
  withdrawFamilySearchRecord,
  type FamilyRecordKind,
} from './family-search-entries.service';
import { familyIndex, searchFamilyIndex } from './family-search-index';
import { findReport, insertReport } from './matching.repository';
import type { FamilySearchEntryRow, MissingPersonReportRow } from './matching.table';
import type { Transaction } from 'kysely';
import type { Database } from '../db/index';

export { refreshFamilyIndex } from './family-search-index';

const LINE = 'matching';

export interface NewMissingReport {
  name?: string | null;
  sex?: 'male' | 'female' | null;
  birthYear?: number | null;
  birthYearUncertainty?: number;
  lostOn?: string | null;
  /** Where the person was lost (2–9 digit division code). */
  lostDivisionCode?: string | null;
  features?: string | null;
  /** Handling office's county (default: the lost place, else the actor's division). */
  divisionCode?: string;
  /** The reporting family's contact. */
  contactName?: string | null;
  contactPhone?: string | null;
}

export interface MissingReportView {
  id: string;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthYear: number | null;
  birthYearUncertainty: number;
  lostOn: string | null;
  lostDivisionCode: string | null;
  lostDivisionName: string | null;
  features: string | null;
  divisionCode: string;
  status: 'open' | 'found' | 'withdrawn';
  contactName: string | null;
  contactPhoneMasked: string | null;
  statusReason: string | null;
  closedAt: string | null;
  closedBy: string | null;
  createdAt: string;
}

export interface MissingReportDetail extends MissingReportView {
  contactPhone: string | null;
}

function presentReport(r: MissingPersonReportRow): MissingReportView {
  return {
    id: r.id,
    name: r.name,
    sex: r.sex,
    birthYear: r.birthYear,
    birthYearUncertainty: r.birthYearUncertainty,
    lostOn: r.lostOn,
    lostDivisionCode: r.lostDivisionCode,
    lostDivisionName: r.lostDivisionCode ? (getDivision(r.lostDivisionCode)?.name ?? null) : null,
    features: r.features,
    divisionCode: r.divisionCode,
    status: r.status,
    contactName: r.contactName,
    contactPhoneMasked: r.contactPhone ? maskPhone(r.contactPhone) : null,
    statusReason: r.statusReason,
    closedAt: r.closedAt,
    closedBy: r.closedBy,
    createdAt: r.createdAt,
  };
}

/** What the family-search feed holds of a report (`photoRef`: its latest photo, report-attachments.ts). */
export function reportRecord(r: MissingPersonReportRow, photoRef: string | null = null) {
  return {
    ownerId: r.id,
    ownerLine: LINE,
    kind: 'missing-report' as const,
    name: r.name,
    sex: r.sex,
    birthYear: r.birthYear,
    birthYearUncertainty: r.birthYearUncertainty,
    eventDate: r.lostOn,
    placeCode: r.lostDivisionCode ?? r.divisionCode,
    features: r.features,
    photoRef,
    divisionCode: r.divisionCode,
  };
}

/** Registers a missing-person report (寻亲登记) and publishes it to the family search in the same transaction. */
export async function createMissingReport(
  ctx: CoreContext,
  actor: Actor,
  input: NewMissingReport,
  /** Runs in the report's transaction after it is filed (the public page stores its receipt there). */
  alsoInTransaction?: (trx: Transaction<Database>, report: MissingPersonReportRow) => Promise<void>,
): Promise<MissingReportView> {
  authorize(actor, 'matching:review');
  if (!input.name?.trim() && !input.birthYear && !input.features?.trim()) {
    throw new DomainError('invalid', 'REPORT_TOO_VAGUE', '请至少填写姓名、出生年份或体貌特征之一', {
      field: 'name',
    });
  }
  if (input.lostDivisionCode && !getDivision(input.lostDivisionCode)) {
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '走失地行政区划代码不存在', {
      field: 'lostDivisionCode',
    });
  }
  const divisionCode = countyOf(
    input.divisionCode ??
      (input.lostDivisionCode && input.lostDivisionCode.length >= 6
        ? input.lostDivisionCode
        : actor.divisionCode),
  );
  ensureDivisionInScope(actor, divisionCode);
  const now = ctx.clock.now().toISOString();
  const base = {
    id: newId(),
    name: input.name?.trim() || null,
    sex: input.sex ?? null,
    birthYear: input.birthYear ?? null,
    birthYearUncertainty: input.birthYearUncertainty ?? 2,
    lostOn: input.lostOn ? parsePlainDate(input.lostOn) : null,
    lostDivisionCode: input.lostDivisionCode ?? null,
    features: input.features?.trim() || null,
    divisionCode,
    status: 'open' as const,
    createdBy: actor.username,
    createdAt: now,
    contactName: input.contactName?.trim() || null,
    contactPhone: input.contactPhone?.trim() || null,
    statusReason: null,
    closedAt: null,
    closedBy: null,
  };
  let row: MissingPersonReportRow | undefined;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await audit(ctx, trx, actor, {
      action: 'matching.missing-report-create',
      targetType: 'missing_person_report',
      targetId: base.id,
      divisionCode,
    });
    // The filing position is set just before COMMIT under the audit chain lock, in commit order.
    row = { ...base, seq: placeholderSeq() };
    await insertReport(trx, row);
    await positionReportBeforeCommit(ctx, trx, row.id);
    await publishFamilySearchRecord(ctx, trx, reportRecord(row));
    await alsoInTransaction?.(trx, row);
  });
  return presentReport(row!);
}

async function visibleReport(ctx: CoreContext, actor: Actor, id: string): Promise<MissingPersonReportRow> {
  const row = await findReport(ctx.db.kysely, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '寻亲登记不存在或不在您的管辖范围内');
  ensureVisible(actor, row.divisionCode, '寻亲登记');
  return row;
}

/** 找到 / 撤销: closes an open report and takes it out of the family search, in one transaction. */
export async function changeMissingReportStatus(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { status: 'found' | 'withdrawn'; reason: string },
): Promise<MissingReportView> {
  authorize(actor, 'matching:review');
  const row = await visibleReport(ctx, actor, id);
  const closed = () =>
    new DomainError('conflict', 'REPORT_ALREADY_CLOSED', '该寻亲登记已办结（已找到或已撤销），不能再更改', {
      status: row.status,
    });
  if (row.status !== 'open') throw closed();
  const at = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await closeReport(trx, id, { ...input, at, by: actor.username }))) throw closed();
    await audit(ctx, trx, actor, {
      action:
        input.status === 'found' ? 'matching.missing-report-found' : 'matching.missing-report-withdrawn',
      targetType: 'missing_person_report',
      targetId: id,
      divisionCode: row.divisionCode,
      reason: input.reason,
    });
    await withdrawFamilySearchRecord(ctx, trx, LINE, id);
  });
  return presentReport({
    ...row,
    status: input.status,
    statusReason: input.reason,
    closedAt: at,
    closedBy: actor.username,
  });
}

/** A report with the family's full contact number: an audited read. */
export async function getMissingReport(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  reason?: string | null,
): Promise<MissingReportDetail> {
  authorize(actor, 'matching:read');
  const row = await visibleReport(ctx, actor, id);
  await ctx.readAudit.record(actor, {
    action: 'matching.missing-report-read',
    targetType: 'missing_person_report',
    targetId: id,
    divisionCode: row.divisionCode,
    reason: reason ?? null,
  });
  return { ...presentReport(row), contactPhone: row.contactPhone };
}

export interface MissingReportQuery {
  status?: 'open' | 'found' | 'withdrawn' | undefined;
  q?: string | undefined;
  division?: string | undefined;
  /** `field` or `-field` of MISSING_REPORT_SORT_FIELDS (validated by the route); none: newest first. */
  sort?: string | undefined;
  page: number;
  pageSize: number;
}

/** Reports inside the caller's scope (phones masked), newest first; audited as a read of personal data. */
function reportSort(sort: string | undefined): ReportListFilter['sort'] {
  const s = parseSort(sort as MissingReportSortField | undefined);
  if (s && !(MISSING_REPORT_SORT_FIELDS as readonly string[]).includes(s.field))
    throw new DomainError('invalid', 'SORT_FIELD_INVALID', '不支持按该列排序', { field: 'sort' });
  return s;
}

export async function listMissingReports(
  ctx: CoreContext,
  actor: Actor,
  q: MissingReportQuery,
): Promise<{ items: MissingReportView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'matching:read');
  const scope = scopeFilterFor(actor, q.division);
  const { rows, total } = await listReports(
    ctx.db.kysely,
    ctx.db.dialect,
    { scope, status: q.status, q: q.q, sort: reportSort(q.sort) },
    q,
  );
  await ctx.readAudit.record(actor, {
    action: 'matching.missing-report-list',
    targetType: 'missing_person_report',
    divisionCode: q.division ?? actor.divisionCode,
    details: {
      filter: maskAuditFilter({ status: q.status, q: q.q, division: q.division }),
      page: q.page,
      shown: rows.length,
    },
  });
  return { items: rows.map(presentReport), total, page: q.page, pageSize: q.pageSize };
}

// ── search ──────────────────────────────────────────────────────────────────────────────────────

export interface FamilySearchInput {
  /** Name as heard: hanzi or pinyin, a surname alone, or a nickname. */
  name?: string | null;
  surnameOnly?: boolean;
  sex?: 'male' | 'female' | null;
  /** Estimated age on `asOf` ± range years. */
  age?: { estimate: number; range?: number } | null;
  /** The day the age refers to (lost or seen); default today in the configured time zone. */
  asOf?: string;
  regionHints?: string[];
  dialect?: string | null;
  features?: string | null;
  /** Kind of record the query describes (default a missing-person report): hits are the other kinds. */
  fromKind?: FamilyRecordKind;
  /** Only these kinds (overrides the default "the other two"). */
  kinds?: FamilyRecordKind[];
  limit?: number;
  reason?: string | null;
}

export interface FamilySearchRecordView {
  id: string;
  kind: FamilyRecordKind;
  ownerLine: string;
  reference: string | null;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthYear: number | null;
  birthYearUncertainty: number | null;
  estimatedAge: { estimate: number; range: number; asOf: string } | null;
  eventDate: string | null;
  placeCode: string | null;
  placeName: string | null;
  features: string | null;
  photoRef: string | null;
  divisionCode: string;
  divisionName: string | null;
}

export interface FamilySearchResultItem {
  id: string;
  kind: FamilyRecordKind;
  score: number;
  explanation: {
    name: string;
    ageDifference: number | null;
    region: string;
    sex: string;
    sharedFeatures: string[];
    /** Lost before found: consistent; found before lost: inconsistent. */
    eventOrder: 'consistent' | 'inconsistent' | 'unknown';
  };
  photoRef: string | null;
  record: FamilySearchRecordView;
  report: MissingReportView | null;
}

export interface FamilySearchOutcome {
  items: FamilySearchResultItem[];
  indexed: number;
  asOf: string;
  warnings: EngineResult['warnings'];
  understood: EngineResult['understood'];
}

function placeName(code: string | null): string | null {
  if (!code) return null;
  const six = code.length >= 6 ? code : code.padEnd(6, '0');
  return getDivision(six) ? divisionPath(six) : null;
}

/** A feed row as the family-search answers show it (candidate lists minimise it first when out of scope). */
export function presentRecord(r: FamilySearchEntryRow): FamilySearchRecordView {
  return {
    id: r.id,
    kind: r.kind,
    ownerLine: r.ownerLine,
    reference: r.reference,
    name: r.name,
    sex: r.sex,
    birthYear: r.birthYear,
    birthYearUncertainty: r.birthYearUncertainty,
    estimatedAge:
      r.estimatedAge !== null && r.estimatedAgeAsOf !== null
        ? { estimate: r.estimatedAge, range: r.estimatedAgeRange ?? 5, asOf: r.estimatedAgeAsOf }
        : null,
    eventDate: r.eventDate,
    placeCode: r.placeCode,
    placeName: placeName(r.placeCode),
    features: r.features,
    photoRef: r.photoRef,
    divisionCode: r.divisionCode,
    divisionName: getDivision(r.divisionCode.slice(0, 6))?.name ?? null,
  };
}

function today(ctx: CoreContext): string {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

type EngineQuery = Parameters<FamilySearchIndex['search']>[0];

/**
 * Runs a query on the process's index — one engine call returning the top `k` hits inside the caller's
 * scope, named and unnamed records merged by score in the engine (searchFamilyIndex) — with each hit's
 * stored record and, for reports, the report.
 */
async function runSearch(
  ctx: CoreContext,
  actor: Actor,
  query: EngineQuery,
  k: number,
  exclude?: string,
): Promise<FamilySearchOutcome> {
  const state = await familyIndex(ctx);
  const size = state.entries.size;
  const result: EngineResult = searchFamilyIndex(
    state,
    query,
    k,
    (id, entry) => id !== exclude && inScope(actor, entry),
  );
  const hits: FamilySearchHit[] = result.hits;
  const ids = hits.map((h) => h.id);
  const [entries, reports] = await Promise.all([
    entriesByIds(ctx.db.kysely, ids),
    reportsByIds(
      ctx.db.kysely,
      hits.filter((h) => h.kind === 'missing-report').map((h) => h.id),
    ),
  ]);
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const reportById = new Map(reports.map((r) => [r.id, r]));
  const items: FamilySearchResultItem[] = [];
  for (const h of hits) {
    const entry = entryById.get(h.id);
    // Withdrawn or moved out of scope since the index last loaded: not shown.
    if (!entry || entry.status !== 'active' || !inScope(actor, entry)) continue;
    const report = reportById.get(h.id);
    items.push({
      id: h.id,
      kind: entry.kind,
      score: Math.round(h.score * 1000) / 1000,
      explanation: {
        name: h.explanation.name,
        ageDifference: h.explanation.ageDifference,
        region: h.explanation.region,
        sex: h.explanation.sex,
        sharedFeatures: [...h.explanation.sharedFeatures],
        eventOrder: h.explanation.eventOrder,
      },
      photoRef: entry.photoRef,
      record: presentRecord(entry),
      report: report ? presentReport(report) : null,
    });
  }
  return {
    items,
    indexed: size,
    asOf: query.asOf,
    warnings: result.warnings.map((w) => ({ code: w.code, part: w.part, message: w.message })),
    understood: result.understood,
  };
}

/** Top-k records of the other kinds for a partial description, each with why it ranks; an audited read. */
export async function familySearch(
  ctx: CoreContext,
  actor: Actor,
  input: FamilySearchInput,
): Promise<FamilySearchOutcome> {
  authorize(actor, 'matching:read');
  if (!input.name?.trim() && !input.age && !input.features?.trim() && !(input.regionHints?.length ?? 0)) {
    throw new DomainError('invalid', 'QUERY_TOO_VAGUE', '请至少填写姓名、年龄、地区或特征之一', {
      field: 'name',
    });
  }
  const asOf = input.asOf ? parsePlainDate(input.asOf) : today(ctx);
  const outcome = await runSearch(
    ctx,
    actor,
    {
      name: input.name?.trim() || null,
      ...(input.surnameOnly ? { surnameOnly: true } : {}),
      sex: input.sex ?? null,
      ...(input.age ? { age: input.age } : {}),
      asOf,
      regionHints: input.regionHints ?? [],
      ...(input.dialect ? { dialect: input.dialect } : {}),
      features: input.features?.trim() || null,
      ...(input.fromKind ? { fromKind: input.fromKind } : {}),
      // Kinds named, or the other two of `fromKind`, or — a query from nowhere in particular — all three.
      ...(input.kinds?.length
        ? { kinds: input.kinds }
        : input.fromKind
          ? {}
          : { kinds: ['missing-report', 'unidentified-living', 'unidentified-deceased'] }),
    },
    input.limit ?? 20,
  );
  await ctx.readAudit.record(actor, {
    action: 'matching.family-search',
    targetType: 'family_search_entry',
    divisionCode: actor.divisionCode,
    reason: input.reason ?? null,
    details: {
      hits: outcome.items.length,
      withName: Boolean(input.name?.trim()),
      fromKind: input.fromKind ?? 'missing-report',
      kinds: input.kinds ?? null,
      asOf,
      regionHints: input.regionHints ?? [],
    },
  });
  return outcome;
}

/** Candidates of the other two kinds for a stored record, from its own fields; an audited read. */
export async function familyCandidates(
  ctx: CoreContext,
  actor: Actor,
  recordId: string,
  limit = 20,
): Promise<FamilySearchOutcome & { from: FamilySearchRecordView }> {
  authorize(actor, 'matching:read');
  const entry = await findEntry(ctx.db.kysely, recordId);
  if (!entry || !inScope(actor, entry))
    throw new DomainError('not_found', 'NOT_FOUND', '寻亲记录不存在或不在您的管辖范围内');
  // The record's own age: estimated on the day it was seen or found, or a birth year (reports).
  let asOf = today(ctx);
  let age: Pick<EngineQuery, 'age' | 'birthYear' | 'birthYearUncertainty'> = {};
  if (entry.estimatedAge !== null && entry.estimatedAgeAsOf !== null) {
    age = { age: { estimate: entry.estimatedAge, range: entry.estimatedAgeRange ?? 5 } };
    asOf = entry.estimatedAgeAsOf;
  } else if (entry.birthYear !== null) {
    age = { birthYear: entry.birthYear, birthYearUncertainty: entry.birthYearUncertainty ?? 2 };
  }
  const region = entry.placeCode ?? entry.divisionCode;
  const outcome = await runSearch(
    ctx,
    actor,
    {
      name: entry.name,
      sex: entry.sex,
      ...age,
      asOf,
      regionHints: [region.slice(0, 6)],
      features: entry.features,
      fromKind: entry.kind,
      // Lost before found: a report lost after the body or person was found ranks lower, and vice versa.
      ...(entry.eventDate
        ? entry.kind === 'missing-report'
          ? { lostOn: entry.eventDate }
          : { foundOn: entry.eventDate }
        : {}),
    },
    limit,
    entry.id,
  );
  await ctx.readAudit.record(actor, {
    action: 'matching.family-search-candidates',
    targetType: 'family_search_entry',
    targetId: entry.id,
    divisionCode: entry.divisionCode,
    details: { kind: entry.kind, hits: outcome.items.length, asOf },
  });
  return { ...outcome, from: presentRecord(entry) };
}

/** Places a family can name: every registered province down to county level (no personal data). */
export function familySearchRegions(): {
  items: { code: string; name: string; level: Division['level']; parentCode: string | null }[];
} {
  const items: { code: string; name: string; level: Division['level']; parentCode: string | null }[] = [];
  const walk = (d: Division) => {
    items.push({ code: d.code, name: d.name, level: d.level, parentCode: d.parentCode });
    if (d.level !== 'county') for (const c of childrenOf(d.code)) walk(c);
  };
  for (const code of registeredProvinceCodes()) {
    const p = getDivision(code);
    if (p) walk(p);
  }
  return { items };
}
