/**
 * Rescue warnings (预警, issue 15 item 7): one list of everything late in the actor's scope — stay over
 * the limit without an approved extension (R-RES-05), stranded and long-term stranded people (R-RES-11),
 * overdue supervision visits (R-RES-13) and, once their concerns export them, overdue prescribed actions
 * (R-RES-10) and partner institutions due for inspection (R-RES-13).
 *
 * Warnings are computed on read from the cases and the other concerns' tables, never stored: a warning
 * therefore appears the day it begins and disappears the moment the record that ends it is written,
 * with no job to run and nothing to go stale (docs/rescue.md "Warnings, statistics and hotline").
 * Every period comes from `periods.ts` (and R3's `stay-limit.ts` for extensions).
 */
import {
  RESCUE_WARNING_KIND_LABELS,
  RESCUE_WARNING_KINDS,
  type RescueWarningDto,
  type RescueWarningKind,
  type RescueWarningsPageDto,
  type RescueWarningsQuery,
} from '@social-affairs/kernel/contracts/rescue';
import { parseSort } from '@social-affairs/kernel/contracts';
import { addDays, diffDays, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import { authorize, scopeFilterFor, type Actor } from '../access/index';
import { maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import type { TodoItem, TodoSource } from '../line';
import { overdueActions } from './actions.service';
import { visibleStation } from './cases.access';
import { partnersDueForInspection } from './inspections.service';
import { longTermFrom, stayStatusOn, strandedFrom } from './periods';
import { rescueConfig } from './rescue.config';
import { stayLimitState } from './stay-limit';
import { approvedExtensionsOf } from './stay.repository';
import { overdueVisits } from './visits.service';
import { openCasesInScope, type WarningCaseRow } from './warnings.repository';

const INSPECTION_REASON: Record<string, string> = {
  never: '从未检查',
  interval: '距上次检查已满检查周期',
  rectification: '整改期限已过，待复查',
};

/** `2025-03-04 10:30` (Beijing) of an instant. */
function formatDueAt(ctx: CoreContext, instant: string): string {
  const local = new Date(Date.parse(instant) + 8 * 3_600_000).toISOString();
  return `${todayPlainDate(ctx.config.timeZone, new Date(instant))} ${local.slice(11, 16)}`;
}

/** Today's Beijing date on the context's clock. */
export function warningsToday(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

const personLabel = (c: { nameGiven: string | null; identityStatus: string }): string =>
  c.nameGiven?.trim() ? c.nameGiven : c.identityStatus === 'identified' ? '（未填姓名）' : '无名氏';

function warning(
  kind: RescueWarningKind,
  today: PlainDate,
  since: PlainDate,
  w: Omit<RescueWarningDto, 'kind' | 'kindLabel' | 'since' | 'daysLate' | 'provisional' | 'key'> & {
    provisional?: boolean;
    recordId: string;
  },
): RescueWarningDto {
  const { recordId, provisional, ...rest } = w;
  return {
    key: `${kind}:${recordId}`,
    kind,
    kindLabel: RESCUE_WARNING_KIND_LABELS[kind],
    since,
    daysLate: Math.max(0, diffDays(today, since)),
    provisional: provisional ?? false,
    ...rest,
  };
}

/** Case warnings computed from the cases table and the approved extensions (R-RES-05, R-RES-11). */
async function caseWarnings(
  ctx: CoreContext,
  cases: readonly WarningCaseRow[],
  today: PlainDate,
): Promise<RescueWarningDto[]> {
  const cfg = rescueConfig(ctx);
  const extensions = new Map<string, string>();
  for (let i = 0; i < cases.length; i += 500) {
    const chunk = await approvedExtensionsOf(
      ctx.db.kysely,
      cases.slice(i, i + 500).map((c) => c.id),
    );
    for (const [k, v] of chunk) extensions.set(k, v);
  }
  const out: RescueWarningDto[] = [];
  for (const c of cases) {
    const entryDate = c.entryDate as PlainDate;
    const base = {
      recordId: c.id,
      caseId: c.id,
      caseNo: c.caseNo,
      stationId: c.stationId,
      stationName: c.stationName,
      divisionCode: c.divisionCode,
      subject: personLabel(c),
      link: `/rescue/cases/${c.id}`,
    };
    // R-RES-05: over the limit on `today` with no approved extension covering the day.
    const limit = stayLimitState(ctx, c, extensions.get(c.id) ?? null, today);
    if (limit.over && limit.effectiveEnd) {
      const since = addDays(limit.effectiveEnd, 1);
      out.push(
        warning('stay_over_limit', today, since, {
          ...base,
          detail: limit.extendedUntil
            ? `延期救助至 ${limit.extendedUntil} 已届满，仍在救助中；请办理离站或再次申请延期`
            : `${entryDate} 入站，救助期限至 ${limit.effectiveEnd}，未办理延期；请办理离站或申请延期`,
        }),
      );
    }
    // R-RES-11: unidentified and more than 10 days / 3 months — computed, never typed.
    const status = stayStatusOn({ entryDate, identityStatus: c.identityStatus }, today, cfg);
    if (status === 'long_term') {
      out.push(
        warning('long_term', today, longTermFrom(entryDate, cfg), {
          ...base,
          detail: `${entryDate} 入站，身份不明超过 ${cfg.longTermAfterMonths} 个月；七个规定动作齐全后可申请落户安置`,
        }),
      );
    } else if (status === 'stranded') {
      out.push(
        warning('stranded', today, strandedFrom(entryDate, cfg), {
          ...base,
          detail: `${entryDate} 入站，身份不明超过 ${cfg.strandedAfterDays} 天；继续寻亲，考虑站内照料或站外托养`,
        }),
      );
    }
  }
  return out;
}

interface Computed {
  today: PlainDate;
  all: RescueWarningDto[];
  unavailable: RescueWarningKind[];
}

/** Every warning in the actor's scope (division picked, station picked), unsorted and unfiltered by kind. */
async function computeWarnings(
  ctx: CoreContext,
  actor: Actor,
  q: Pick<RescueWarningsQuery, 'division' | 'stationId'>,
): Promise<Computed> {
  authorize(actor, 'rescue:read');
  const scope = scopeFilterFor(actor, q.division);
  if (q.stationId) await visibleStation(ctx.db.kysely, actor, q.stationId);
  const today = warningsToday(ctx);
  const cases = await openCasesInScope(ctx.db.kysely, scope, q.stationId);
  const all = await caseWarnings(ctx, cases, today);
  const inList = new Map(cases.map((c) => [c.id, c]));
  // R-RES-10: overdue prescribed actions (R4's `overdueActions`), of the cases listed above.
  for (const a of await overdueActions(ctx, actor, today, q.stationId ? { stationId: q.stationId } : {})) {
    const c = inList.get(a.caseId);
    if (!c) continue;
    // A deadline with a time of day is late from that moment; a day deadline from the next day.
    const since = a.dueAt
      ? todayPlainDate(ctx.config.timeZone, new Date(a.dueAt))
      : addDays(a.dueOn as PlainDate, 1);
    all.push(
      warning('action_overdue', today, since, {
        recordId: `${a.caseId}:${a.step}`,
        caseId: a.caseId,
        caseNo: a.caseNo,
        stationId: a.stationId,
        stationName: a.stationName,
        divisionCode: c.divisionCode,
        subject: personLabel(c),
        detail: `${a.stepLabel}应于 ${a.dueAt ? formatDueAt(ctx, a.dueAt) : a.dueOn} 前完成${a.provisional ? '（节假日安排未公布，期限为暂定）' : ''}`,
        link: `/rescue/cases/${a.caseId}`,
        provisional: a.provisional,
      }),
    );
  }
  // R-RES-13: overdue supervision visits (R3's `overdueVisits`, already scoped to the actor).
  const prefix = scope.divisionPrefix;
  for (const v of await overdueVisits(ctx, actor, today)) {
    if (!v.divisionCode.startsWith(prefix)) continue;
    if (q.stationId && v.stationId !== q.stationId) continue;
    all.push(
      warning('visit_overdue', today, addDays(v.dueOn, 1), {
        recordId: v.placementId,
        caseId: v.caseId,
        caseNo: v.caseNo,
        stationId: v.stationId,
        stationName: v.stationName,
        divisionCode: v.divisionCode,
        subject: v.nameGiven?.trim() ? v.nameGiven : '无名氏',
        detail: `托养于${v.partnerName}，${v.lastVisitOn ? `上次探访 ${v.lastVisitOn}` : `${v.startedOn} 起托养，尚未探访`}，应于 ${v.dueOn} 前探访`,
        link: `/rescue/cases/${v.caseId}`,
      }),
    );
  }
  // R-RES-13: partner institutions due for inspection (R1's `partnersDueForInspection`): the
  // supervisors' (rescue:manage) concern, not a station's; not shown when one station is picked.
  if (actor.permissions.has('rescue:manage') && !q.stationId) {
    for (const p of await partnersDueForInspection(ctx, actor, today)) {
      if (!p.divisionCode.startsWith(prefix)) continue;
      const since =
        p.dueOn && p.reason === 'rectification'
          ? addDays(p.dueOn as PlainDate, 1)
          : ((p.dueOn as PlainDate | null) ?? today);
      all.push(
        warning('inspection_due', today, since, {
          recordId: p.partnerId,
          caseId: null,
          caseNo: null,
          stationId: null,
          stationName: '—',
          divisionCode: p.divisionCode,
          subject: p.partnerName,
          detail: `${INSPECTION_REASON[p.reason] ?? p.reason}${p.lastInspectedOn ? `（上次检查 ${p.lastInspectedOn}）` : ''}`,
          link: '/rescue/stations',
        }),
      );
    }
  }
  return { today, all, unavailable: [] };
}

const KIND_ORDER = new Map(RESCUE_WARNING_KINDS.map((k, i) => [k, i]));

function sortWarnings(rows: RescueWarningDto[], sort: RescueWarningsQuery['sort']): RescueWarningDto[] {
  const spec = parseSort(sort) ?? { field: 'since' as const, desc: false };
  const dir = spec.desc ? -1 : 1;
  const cmp = (a: RescueWarningDto, b: RescueWarningDto): number => {
    switch (spec.field) {
      case 'kind':
        return (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0);
      case 'stationName':
        return a.stationName.localeCompare(b.stationName, 'zh-CN');
      default:
        return a.since.localeCompare(b.since);
    }
  };
  return [...rows].sort((a, b) => dir * cmp(a, b) || a.key.localeCompare(b.key));
}

function filtered(c: Computed, q: RescueWarningsQuery): RescueWarningDto[] {
  return sortWarnings(q.kind ? c.all.filter((w) => w.kind === q.kind) : c.all, q.sort);
}

/**
 * A page of warnings with the counts by kind (the page's summary) and the kinds not wired yet.
 * Names are shown (the staff must act on them); no resident id is.
 */
export async function listRescueWarnings(
  ctx: CoreContext,
  actor: Actor,
  q: RescueWarningsQuery & { page: number; pageSize: number },
): Promise<RescueWarningsPageDto> {
  const c = await computeWarnings(ctx, actor, q);
  const rows = filtered(c, q);
  const counts: Record<string, number> = Object.fromEntries(RESCUE_WARNING_KINDS.map((k) => [k, 0]));
  for (const w of c.all) counts[w.kind] = (counts[w.kind] ?? 0) + 1;
  return {
    items: rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
    today: c.today,
    counts,
    unavailable: c.unavailable,
  };
}

/** Every warning the filter selects, for the Excel export (audited: names of many people). */
export async function exportRescueWarnings(
  ctx: CoreContext,
  actor: Actor,
  q: RescueWarningsQuery,
): Promise<AsyncIterable<RescueWarningDto>> {
  const rows = filtered(await computeWarnings(ctx, actor, q), q);
  await ctx.readAudit.record(actor, {
    action: 'rescue.warnings.export',
    targetType: 'rescue_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q), rows: rows.length },
  });
  return (async function* () {
    yield* rows;
  })();
}

/** Counts of warnings of `kinds` in the actor's own scope, with the earliest start (for the to-dos). */
async function warningCount(
  ctx: CoreContext,
  actor: Actor,
  kind: RescueWarningKind,
): Promise<{ count: number; since?: string }> {
  const c = await computeWarnings(ctx, actor, {});
  const mine = c.all.filter((w) => w.kind === kind);
  const since = mine.map((w) => w.since).sort()[0];
  return { count: mine.length, ...(since ? { since } : {}) };
}

/** Whether the actor supervises rather than works in a station: a county reviewer or a supervisor. */
const supervises = (actor: Actor): boolean =>
  !actor.institutionId && (actor.permissions.has('rescue:approve') || actor.permissions.has('rescue:manage'));

/**
 * The warnings concern's to-dos. `rescue.stay-over-limit`: the station's staff (rescue:write; a
 * station-bound account sees its station's, a county account its county's). `rescue.long-term-stranded`:
 * county reviewers and supervisors, for their division (R-RES-11/12: settlement or placement to decide).
 */
export const warningsTodos: readonly TodoSource[] = [
  {
    name: 'rescue.stay-over-limit',
    permission: 'rescue:write',
    load: async (ctx, actor): Promise<TodoItem[]> => {
      const { count, since } = await warningCount(ctx, actor, 'stay_over_limit');
      return [
        {
          line: 'rescue',
          kind: 'rescue.stay-over-limit',
          title: '超过救助期限未办理延期的受助人员（R-RES-05）',
          count,
          ...(since ? { dueOn: since } : {}),
          link: '/rescue/warnings?kind=stay_over_limit',
        },
      ];
    },
  },
  {
    name: 'rescue.long-term-stranded',
    permission: 'rescue:read',
    load: async (ctx, actor): Promise<TodoItem[]> => {
      if (!supervises(actor)) return [];
      const { count, since } = await warningCount(ctx, actor, 'long_term');
      return [
        {
          line: 'rescue',
          kind: 'rescue.long-term-stranded',
          title: '长期滞留（身份不明超过3个月）人员，待研究落户安置或托养',
          count,
          ...(since ? { dueOn: since } : {}),
          link: '/rescue/warnings?kind=long_term',
        },
      ];
    },
  },
];
