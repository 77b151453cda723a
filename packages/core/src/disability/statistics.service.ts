/**
 * Disability statistics (残疾人两项补贴统计, issue 18 item 9): recipients, money, coverage, new and stopped (by
 * reason) by division and month, under the actor's scope (a county sees its townships, the city its
 * counties). Which date decides each figure:
 *
 * - recipients and money: the frozen roster of the month (D4's `disability_roster_lines`; a line `stopped`
 *   pays nothing and is not a recipient). Recipients are a stock: the rows and totals give the last month
 *   of the period that has a frozen roster; money is a flow summed over the period.
 * - new and stopped: the entitlement events by the month they take effect (`effective_month`: a grant's
 *   first paid month, R-DIS-05; a stop's first month no longer paid, R-DIS-07), stops grouped by reason.
 * - coverage: today's registry facts (outreach.service `outreachCoverage`), recipients ÷ eligible.
 */
import { DomainError, todayPlainDate } from '@social-affairs/kernel';
import type {
  DisabilityStatisticsDto,
  DisabilityStatisticsQueryDto,
  DisabilityStatsFiguresDto,
} from '@social-affairs/kernel/contracts/disability';
import { authorize, scopeDivisionName, scopeFilterFor, type Actor } from '../access/index';
import type { CoreContext } from '../context';
import { STOP_REASON_LABELS, type StopReason } from './disability.table';
import { coverageGrouped } from './outreach.repository';
import { childCodeOf, childLengthOf, outreachSliceOf } from './outreach.service';
import { addMonthsToMonth, isMonth, monthsBetweenInclusive } from './rules';
import { eventsGrouped, rosterGrouped, rostersPerMonth, type StatsSlice } from './statistics.repository';

type Figures = DisabilityStatsFiguresDto;

const zero = (): Figures => ({
  livingRecipients: 0,
  careRecipients: 0,
  livingFen: 0,
  careFen: 0,
  granted: 0,
  stopped: 0,
});

export const monthLabel = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

export interface DisabilityStatisticsResult extends DisabilityStatisticsDto {
  /** Month × child division (the Excel export's rows). */
  cells: (Figures & { month: string; label: string; divisionCode: string; divisionName: string })[];
}

export async function disabilityStatistics(
  ctx: CoreContext,
  actor: Actor,
  q: DisabilityStatisticsQueryDto,
): Promise<DisabilityStatisticsResult> {
  authorize(actor, 'disability:read');
  const code = q.division ?? actor.divisionCode;
  const prefix = scopeFilterFor(actor, code).divisionPrefix;
  const thisMonth = todayPlainDate(ctx.config.timeZone, ctx.clock.now()).slice(0, 7);
  const from = q.from ?? `${thisMonth.slice(0, 4)}-01`;
  const to = q.to ?? thisMonth;
  if (!isMonth(from) || !isMonth(to) || from > to) {
    throw new DomainError('invalid', 'PERIOD_INVALID', '统计期间不正确：起始月份不能晚于截止月份', {
      field: 'from',
    });
  }
  if (monthsBetweenInclusive(from, to) > 120) {
    throw new DomainError('invalid', 'PERIOD_TOO_LONG', '统计期间过长：请选择 10 年以内的期间', {
      field: 'from',
    });
  }
  const childLength = code.length === 9 ? 9 : childLengthOf(code);
  const slice: StatsSlice = { divisionPrefix: prefix, from, to, childLength };
  const db = ctx.db.kysely;
  const outreach = outreachSliceOf(ctx, prefix);
  const [roster, rosters, events, care, living] = await Promise.all([
    rosterGrouped(db, slice),
    rostersPerMonth(db, slice),
    eventsGrouped(db, slice),
    coverageGrouped(db, outreach, 'care', childLength),
    coverageGrouped(db, outreach, 'living', childLength),
  ]);

  const months = new Map<string, DisabilityStatisticsDto['months'][number]>();
  for (let m = from; m <= to; m = addMonthsToMonth(m, 1)) {
    months.set(m, { month: m, label: monthLabel(m), rostersFrozen: 0, ...zero() });
  }
  for (const r of rosters) {
    const b = months.get(r.month);
    if (b) b.rostersFrozen = Number(r.n ?? 0);
  }
  const rows = new Map<string, DisabilityStatisticsDto['rows'][number]>();
  const rowOf = (child: string) => {
    const c = childCodeOf(child);
    let r = rows.get(c);
    if (!r) {
      r = {
        divisionCode: c,
        divisionName: scopeDivisionName(c),
        careCoverage: null,
        livingCoverage: null,
        ...zero(),
      };
      rows.set(c, r);
    }
    return r;
  };
  const cells = new Map<string, DisabilityStatisticsResult['cells'][number]>();
  const cellOf = (month: string, child: string) => {
    const row = rowOf(child);
    const k = `${month}|${row.divisionCode}`;
    let c = cells.get(k);
    if (!c) {
      c = {
        month,
        label: monthLabel(month),
        divisionCode: row.divisionCode,
        divisionName: row.divisionName,
        ...zero(),
      };
      cells.set(k, c);
    }
    return c;
  };
  const totals = { ...zero(), careCoverage: null as number | null, livingCoverage: null as number | null };
  const recipientsMonth =
    [...months.values()]
      .filter((m) => m.rostersFrozen > 0)
      .map((m) => m.month)
      .pop() ?? null;

  for (const g of roster) {
    const recipients = Number(g.recipients ?? 0);
    const fen = Number(g.fen ?? 0);
    const rk = g.subsidy === 'living' ? 'livingRecipients' : 'careRecipients';
    const fk = g.subsidy === 'living' ? 'livingFen' : 'careFen';
    const cell = cellOf(g.month, g.child);
    cell[rk] += recipients;
    cell[fk] += fen;
    const b = months.get(g.month);
    if (b) {
      b[rk] += recipients;
      b[fk] += fen;
    }
    const row = rowOf(g.child);
    row[fk] += fen;
    totals[fk] += fen;
    if (g.month === recipientsMonth) {
      row[rk] += recipients;
      totals[rk] += recipients;
    }
  }
  const byReason = new Map<string, number>();
  for (const g of events) {
    const n = Number(g.n ?? 0);
    const k = g.kind === 'granted' ? 'granted' : 'stopped';
    cellOf(g.month, g.child)[k] += n;
    rowOf(g.child)[k] += n;
    totals[k] += n;
    const b = months.get(g.month);
    if (b) b[k] += n;
    if (g.kind === 'stopped') {
      const reason = g.reason ?? 'other';
      byReason.set(reason, (byReason.get(reason) ?? 0) + n);
    }
  }
  const rate = (covered: number, eligible: number) =>
    eligible > 0 ? Math.round((covered / eligible) * 10_000) / 10_000 : null;
  const cov = { care: { e: 0, c: 0 }, living: { e: 0, c: 0 } };
  const perRow = new Map<string, typeof cov>();
  for (const [subsidy, groups] of [
    ['care', care],
    ['living', living],
  ] as const) {
    for (const g of groups) {
      const row = rowOf(g.child);
      const acc = perRow.get(row.divisionCode) ?? { care: { e: 0, c: 0 }, living: { e: 0, c: 0 } };
      acc[subsidy].e += Number(g.eligible);
      acc[subsidy].c += Number(g.covered ?? 0);
      perRow.set(row.divisionCode, acc);
      cov[subsidy].e += Number(g.eligible);
      cov[subsidy].c += Number(g.covered ?? 0);
    }
  }
  for (const [c, acc] of perRow) {
    const row = rows.get(c)!;
    row.careCoverage = rate(acc.care.c, acc.care.e);
    row.livingCoverage = rate(acc.living.c, acc.living.e);
  }
  totals.careCoverage = rate(cov.care.c, cov.care.e);
  totals.livingCoverage = rate(cov.living.c, cov.living.e);
  return {
    division: { code, name: scopeDivisionName(code) },
    from,
    to,
    months: [...months.values()],
    rows: [...rows.values()].sort((a, b) => a.divisionCode.localeCompare(b.divisionCode)),
    totals,
    stoppedByReason: [...byReason.entries()]
      .map(([reason, count]) => ({
        reason,
        label: STOP_REASON_LABELS[reason as StopReason] ?? reason,
        count,
      }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    recipientsMonth,
    cells: [...cells.values()].sort(
      (a, b) => a.month.localeCompare(b.month) || a.divisionCode.localeCompare(b.divisionCode),
    ),
  };
}
