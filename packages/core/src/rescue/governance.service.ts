/**
 * Source governance (源头治理) as a whole: the job `rescue.source-governance` (registers returnees, scans new
 * cases for repeat wanderers), the to-dos, and the statistics — repeat wanderers by period and child
 * division (the later case's entry day and station) and the patrol leads' response-time figures.
 */
import {
  DomainError,
  childrenOf,
  getDivision,
  isPlainDate,
  plainDateParts,
  todayPlainDate,
} from '@social-affairs/kernel';
import type { GovernanceStatsDto, GovernanceStatsQueryDto } from '@social-affairs/kernel/contracts/rescue';
import { authorize, scopeFilterFor, scopePrefix, type Actor } from '../access/index';
import type { CoreContext } from '../context';
import type { LineJob, TodoItem, TodoSource } from '../line';
import {
  countOpenAlertsFor,
  countOpenFlags,
  countOverdueReturnees,
  countPendingLeads,
  flagsForStatistics,
  leadsForStatistics,
} from './governance.repository';
import { scanRepeatWanderers } from './repeat-wanderers.service';
import { rescueConfig } from './rescue.config';
import { syncReturnees } from './returnees.service';
import { bucketOf } from './statistics.service';

/** One run of the governance job: idempotent (each departure and each case is looked at once). */
export async function runSourceGovernance(
  ctx: CoreContext,
): Promise<{ returnees: number; scanned: number; flagged: number }> {
  const returnees = await syncReturnees(ctx);
  const { scanned, flagged } = await scanRepeatWanderers(ctx);
  return { returnees, scanned, flagged };
}

export const sourceGovernanceJob: LineJob = {
  name: 'rescue.source-governance',
  description: '源头治理：登记返乡人员、发现跨站多次流浪人员（待人工核实）',
  intervalMinutes: (ctx) => rescueConfig(ctx).warningIntervalMinutes,
  runAtStart: true,
  run: runSourceGovernance,
};

const today = (ctx: CoreContext) => todayPlainDate(ctx.config.timeZone, ctx.clock.now());

export const governanceTodos: readonly TodoSource[] = [
  {
    name: 'rescue.returnee-follow-up-overdue',
    permission: 'rescue:write',
    load: async (ctx, actor): Promise<TodoItem[]> => {
      const { n, oldest } = await countOverdueReturnees(ctx.db.kysely, scopeFilterFor(actor), today(ctx));
      return [
        {
          line: 'rescue',
          kind: 'rescue.returnee-follow-up-overdue',
          title: '返乡人员回访已逾期',
          count: n,
          ...(oldest ? { dueOn: oldest } : {}),
          link: '/rescue/governance?overdue=true',
        },
      ];
    },
  },
  {
    name: 'rescue.repeat-flags-open',
    permission: 'rescue:write',
    load: async (ctx, actor): Promise<TodoItem[]> => [
      {
        line: 'rescue',
        kind: 'rescue.repeat-flags-open',
        title: '疑似多次流浪人员，待核实',
        count: await countOpenFlags(ctx.db.kysely, scopeFilterFor(actor)),
        link: '/rescue/governance/repeat?status=open',
      },
    ],
  },
  {
    name: 'rescue.governance-alerts',
    permission: 'rescue:write',
    load: async (ctx, actor): Promise<TodoItem[]> => {
      // Addressed to the county: a station account does not receive them.
      if (actor.institutionId) return [];
      const { n, oldest } = await countOpenAlertsFor(ctx.db.kysely, scopePrefix(actor.divisionCode));
      return [
        {
          line: 'rescue',
          kind: 'rescue.governance-alerts',
          title: '源头治理预警：本地户籍人员多次流浪，待处理',
          count: n,
          ...(oldest ? { dueOn: oldest.slice(0, 10) } : {}),
          link: '/rescue/governance/repeat?alerts=open',
        },
      ];
    },
  },
  {
    name: 'rescue.patrol-leads-pending',
    permission: 'rescue:write',
    load: async (ctx, actor): Promise<TodoItem[]> => {
      const { n, oldest } = await countPendingLeads(ctx.db.kysely, scopeFilterFor(actor));
      return [
        {
          line: 'rescue',
          kind: 'rescue.patrol-leads-pending',
          title: '街面巡查线索待响应',
          count: n,
          ...(oldest ? { dueOn: oldest } : {}),
          link: '/rescue/governance/leads?state=pending',
        },
      ];
    },
  },
];

const CHILD_LENGTH = { province: 4, prefecture: 6, county: 9, township: 9 } as const;

function label(period: 'month' | 'quarter' | 'year', key: string): string {
  if (period === 'year') return `${key}年`;
  if (period === 'month') return `${key.slice(0, 4)}年${Number(key.slice(5, 7))}月`;
  return `${key.slice(0, 4)}年第${key.slice(-1)}季度`;
}

function quantile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * Repeat wanderers by period × child division: distinct later cases with a confirmed flag (and, apart,
 * those still open), bucketed by the later case's entry day; and the leads received in the period.
 */
export async function governanceStatistics(
  ctx: CoreContext,
  actor: Actor,
  q: GovernanceStatsQueryDto,
): Promise<GovernanceStatsDto> {
  authorize(actor, 'rescue:read');
  const code = q.division ?? actor.divisionCode;
  const scope = scopeFilterFor(actor, q.division);
  const d = getDivision(code);
  if (!d) throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'division' });
  if (!isPlainDate(q.from) || !isPlainDate(q.to) || q.from > q.to) {
    throw new DomainError('invalid', 'PERIOD_INVALID', '统计期间不正确（起始日期不能晚于截止日期）', {
      field: 'from',
    });
  }
  if (plainDateParts(q.to).year - plainDateParts(q.from).year > 20) {
    throw new DomainError('invalid', 'PERIOD_TOO_LONG', '统计期间过长：请选择 20 年以内的期间', {
      field: 'from',
    });
  }
  const childLength = CHILD_LENGTH[d.level];
  const names = new Map(childrenOf(code).map((c) => [c.code.length === 4 ? `${c.code}00` : c.code, c.name]));
  const cells = new Map<
    string,
    GovernanceStatsDto['repeatCells'][number] & { c: Set<string>; o: Set<string> }
  >();
  const totalConfirmed = new Set<string>();
  for (const f of await flagsForStatistics(ctx.db.kysely, scope, q.from, q.to)) {
    const bucket = bucketOf(q.period, f.entryDate);
    const rawChild = f.divisionCode.slice(0, childLength);
    const child = rawChild.length === 4 ? `${rawChild}00` : rawChild;
    const k = `${bucket}|${child}`;
    let cell = cells.get(k);
    if (!cell) {
      cell = {
        bucket,
        bucketLabel: label(q.period, bucket),
        divisionCode: child,
        divisionName: names.get(child) ?? getDivision(child)?.name ?? child,
        confirmed: 0,
        open: 0,
        c: new Set(),
        o: new Set(),
      };
      cells.set(k, cell);
    }
    if (f.status === 'confirmed') {
      cell.c.add(f.caseId);
      totalConfirmed.add(f.caseId);
    } else cell.o.add(f.caseId);
  }
  const target = rescueConfig(ctx).patrolResponseTargetMinutes;
  const leads = await leadsForStatistics(ctx.db.kysely, scope, q.from, q.to);
  const now = ctx.clock.now().getTime();
  const minutes = leads
    .filter((l) => l.responseMinutes !== null)
    .map((l) => Number(l.responseMinutes))
    .sort((a, b) => a - b);
  const late = leads.filter((l) =>
    l.responseMinutes !== null
      ? Number(l.responseMinutes) > target
      : now - Date.parse(l.receivedAt) > target * 60_000,
  ).length;
  const sources = ['police', 'urban_management', 'public', 'station_patrol'] as const;
  return {
    division: { code: d.code, name: d.name },
    period: q.period,
    from: q.from,
    to: q.to,
    repeatCells: [...cells.values()]
      .map(({ c, o, ...cell }) => ({ ...cell, confirmed: c.size, open: o.size }))
      .sort((a, b) => a.bucket.localeCompare(b.bucket) || a.divisionCode.localeCompare(b.divisionCode)),
    repeatTotal: totalConfirmed.size,
    leads: {
      received: leads.length,
      responded: minutes.length,
      pending: leads.length - minutes.length,
      late,
      targetMinutes: target,
      medianMinutes: quantile(minutes, 0.5),
      p90Minutes: quantile(minutes, 0.9),
      withinTargetShare:
        minutes.length === 0
          ? null
          : Math.round((minutes.filter((m) => m <= target).length / minutes.length) * 1000) / 1000,
      bySource: sources.map((source) => {
        const mine = leads
          .filter((l) => l.source === source && l.responseMinutes !== null)
          .map((l) => Number(l.responseMinutes))
          .sort((a, b) => a - b);
        return {
          source,
          received: leads.filter((l) => l.source === source).length,
          medianMinutes: quantile(mine, 0.5),
        };
      }),
    },
  };
}
