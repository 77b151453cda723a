/**
 * 寻亲 family search: missing-person reports and a partial-description query over them. The engine's
 * FamilySearchIndex is kept in memory per process (per database handle) and brought up to date
 * incrementally before each query by loading the reports added since (by `seq`, which is assigned
 * under the audit chain lock, i.e. in commit order, so no report is skipped).
 */
import { DomainError, getDivision, parsePlainDate, todayPlainDate, newId } from '@social-affairs/kernel';
import { FamilySearchIndex, type FamilySearchHit } from '@social-affairs/linkage';
import { authorize, ensureDivisionInScope, inScope, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Db } from '../db/index';
import { countyOf } from '../people/index';
import { findReport, insertReport, nextReportSeq, reportsAfter } from './matching.repository';
import type { MissingPersonReportRow } from './matching.table';

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
  createdAt: string;
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
    createdAt: r.createdAt,
  };
}

/** Registers a missing-person report (寻亲登记); the search index picks it up on the next query. */
export async function createMissingReport(
  ctx: CoreContext,
  actor: Actor,
  input: NewMissingReport,
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
  };
  let row: MissingPersonReportRow | undefined;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    // Audit first: it takes the chain lock, so seq below is assigned in commit order.
    await audit(ctx, trx, actor, {
      action: 'matching.missing-report-create',
      targetType: 'missing_person_report',
      targetId: base.id,
      divisionCode,
    });
    row = { ...base, seq: await nextReportSeq(trx) };
    await insertReport(trx, row);
  });
  return presentReport(row!);
}

interface IndexState {
  index: FamilySearchIndex;
  /** index row → report id / division (for scope filtering). */
  ids: string[];
  divisions: string[];
  lastSeq: number;
  refreshing: Promise<void> | undefined;
}

const indexes = new WeakMap<Db, IndexState>();

/** Brings the process's index up to date with the reports table (incremental; concurrent callers share one load). */
export async function refreshFamilyIndex(ctx: CoreContext): Promise<{ size: number }> {
  let state = indexes.get(ctx.db);
  if (!state) {
    state = { index: new FamilySearchIndex(), ids: [], divisions: [], lastSeq: 0, refreshing: undefined };
    indexes.set(ctx.db, state);
  }
  const s = state;
  if (!s.refreshing) {
    s.refreshing = (async () => {
      for (;;) {
        const rows = await reportsAfter(ctx.db.kysely, s.lastSeq);
        if (rows.length === 0) return;
        s.index.add(
          rows.map((r) => ({
            name: r.name,
            sex: r.sex,
            birthYear: r.birthYear,
            birthYearUncertainty: r.birthYearUncertainty,
            divisionCode: r.lostDivisionCode ?? r.divisionCode,
            features: r.features,
          })),
        );
        for (const r of rows) {
          s.ids.push(r.id);
          s.divisions.push(r.divisionCode);
        }
        s.lastSeq = rows[rows.length - 1]!.seq;
      }
    })().finally(() => {
      s.refreshing = undefined;
    });
  }
  await s.refreshing;
  return { size: s.index.size };
}

export interface FamilySearchInput {
  /** Name as heard: hanzi or pinyin, a surname alone, or a nickname. */
  name?: string | null;
  surnameOnly?: boolean;
  sex?: 'male' | 'female' | null;
  age?: { estimate: number; range?: number } | null;
  regionHints?: string[];
  dialect?: string | null;
  features?: string | null;
  limit?: number;
  reason?: string | null;
}

export interface FamilySearchResult {
  report: MissingReportView;
  score: number;
  explanation: FamilySearchHit['explanation'];
}

/** Top-k reports for a partial description, each with why it ranks; audited as a sensitive read. */
export async function familySearch(
  ctx: CoreContext,
  actor: Actor,
  input: FamilySearchInput,
): Promise<{ items: FamilySearchResult[]; indexed: number }> {
  authorize(actor, 'matching:read');
  if (!input.name?.trim() && !input.age && !input.features?.trim() && !(input.regionHints?.length ?? 0)) {
    throw new DomainError('invalid', 'QUERY_TOO_VAGUE', '请至少填写姓名、年龄、地区或特征之一', {
      field: 'name',
    });
  }
  const { size } = await refreshFamilyIndex(ctx);
  const state = indexes.get(ctx.db)!;
  const k = input.limit ?? 20;
  const asOfYear = Number(todayPlainDate(ctx.config.timeZone, ctx.clock.now()).slice(0, 4));
  // Over-fetch, then keep the reports inside the actor's scope.
  const raw = state.index.search(
    {
      name: input.name?.trim() || null,
      ...(input.surnameOnly ? { surnameOnly: true } : {}),
      sex: input.sex ?? null,
      ...(input.age ? { age: input.age } : {}),
      asOfYear,
      regionHints: input.regionHints ?? [],
      ...(input.dialect ? { dialect: input.dialect } : {}),
      features: input.features ?? null,
    },
    Math.min(size, k * 5),
  );
  const hits = raw.filter((h) => inScope(actor, state.divisions[h.report] ?? '')).slice(0, k);
  const rows = await Promise.all(hits.map((h) => findReport(ctx.db.kysely, state.ids[h.report]!)));
  await ctx.readAudit.record(actor, {
    action: 'matching.family-search',
    targetType: 'missing_person_report',
    divisionCode: actor.divisionCode,
    reason: input.reason ?? null,
    details: { hits: hits.length, withName: Boolean(input.name), regionHints: input.regionHints ?? [] },
  });
  const items: FamilySearchResult[] = [];
  hits.forEach((h, i) => {
    const r = rows[i];
    if (r)
      items.push({
        report: presentReport(r),
        score: Math.round(h.score * 1000) / 1000,
        explanation: h.explanation,
      });
  });
  return { items, indexed: size };
}
