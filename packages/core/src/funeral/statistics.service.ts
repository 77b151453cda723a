/**
 * Funeral statistics (殡葬统计, issue 17 item 10): deaths, bodies received, cremations, the cremation rate,
 * burials, transport out and unidentified bodies; eco burials and the remediation ledger (F6), Qingming
 * bookings (F7) and waived basic-service amounts by reason (F5) — by period bucket (month, quarter, year)
 * and child division under the actor's scope (province → city → county drill-down). docs/funeral.md "Statistics
 * and exchange" says what each figure counts and which date decides it.
 *
 * The cremation rate (火化率) = deaths in the division in the period whose body was cremated ÷ deaths in
 * the division in the period. Both sides count the same people (the numerator is a subset of the
 * denominator), so the rate never exceeds 100 % and a body brought from elsewhere does not inflate it; a
 * death with no funeral case counts in the denominator only (a body buried at home, or not yet taken in).
 */
import {
  DomainError,
  childrenOf,
  getDivision,
  isPlainDate,
  plainDateParts,
  todayPlainDate,
  zonedDayStart,
  addDays,
  type Division,
  type PlainDate,
} from '@social-affairs/kernel';
import type {
  FuneralStatisticsDto,
  FuneralStatsFiguresDto,
  FuneralStatsPeriod,
  FuneralStatsQueryDto,
} from '@social-affairs/kernel/contracts/funeral';
import { authorize, scopeFilterFor, type Actor } from '../access/index';
import type { CoreContext } from '../context';
import { toCount } from '../db/index';
import {
  custodyEventsGrouped,
  dateBucketSql,
  deathsGrouped,
  ecoBurialsGrouped,
  instantBucketSql,
  qingmingGrouped,
  receivedGrouped,
  remediationGrouped,
  remediationOverdueGrouped,
  waivedByReason,
  type FuneralStatsSlice,
} from './statistics.repository';

type Figures = FuneralStatsFiguresDto;

const CHILD_CODE_LENGTH: Record<Division['level'], number> = {
  province: 4,
  prefecture: 6,
  county: 9,
  township: 9,
};

/** Why a basic service was free (F5's bill lines, R-FUN-09), as the statistics word it. */
export const WAIVER_REASON_LABELS: Record<string, string> = {
  tekun: '特困供养人员',
  dibao: '最低生活保障对象',
  youfu: '重点优抚对象',
  universal: '全覆盖地区',
  unidentified: '无名或无人认领遗体',
  collection_free: '免费接运',
};

export const zeroFigures = (): Figures => ({
  deaths: 0,
  deathsCremated: 0,
  cremationRate: null,
  bodiesReceived: 0,
  cremations: 0,
  burials: 0,
  bodyBurials: 0,
  transportedOut: 0,
  unidentified: 0,
  ecoBurials: 0,
  qingmingBookings: 0,
  qingmingCheckIns: 0,
  remediationFound: 0,
  remediationClosed: 0,
  remediationOverdue: 0,
});

/** The cremation rate of figures, to four decimals; null without deaths. */
export function cremationRateOf(f: Pick<Figures, 'deaths' | 'deathsCremated'>): number | null {
  return f.deaths > 0 ? Math.round((f.deathsCremated / f.deaths) * 10_000) / 10_000 : null;
}

/** The bucket key of a date (`2026-03`, `2026-Q1`, `2026`). */
export function funeralBucketOf(period: FuneralStatsPeriod, day: string): string {
  if (period === 'year') return day.slice(0, 4);
  if (period === 'month') return day.slice(0, 7);
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) + 2) / 3)}`;
}

export function funeralBucketLabel(period: FuneralStatsPeriod, key: string): string {
  if (period === 'year') return `${key}年`;
  if (period === 'month') return `${key.slice(0, 4)}年${Number(key.slice(5, 7))}月`;
  return `${key.slice(0, 4)}年第${key.slice(-1)}季度`;
}

/** The first day of a bucket key. */
function bucketStart(period: FuneralStatsPeriod, key: string): string {
  if (period === 'year') return `${key}-01-01`;
  if (period === 'month') return `${key}-01`;
  const q = Number(key.slice(-1));
  return `${key.slice(0, 4)}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
}

/** Every bucket key from `from` to `to`, in order (empty periods shown too). */
function bucketKeys(period: FuneralStatsPeriod, from: PlainDate, to: PlainDate): string[] {
  const keys: string[] = [];
  let { year, month } = plainDateParts(from);
  const end = funeralBucketOf(period, to);
  for (;;) {
    const key = funeralBucketOf(period, `${year}-${String(month).padStart(2, '0')}-01`);
    if (keys[keys.length - 1] !== key) keys.push(key);
    if (key === end || keys.length > 400) break;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return keys;
}

/** The figures of the query, with the rows behind the Excel export (bucket × child division). */
export interface FuneralStatisticsResult extends FuneralStatisticsDto {
  cells: (Figures & { bucket: string; bucketLabel: string; divisionCode: string; divisionName: string })[];
}

type Key = keyof Omit<Figures, 'cremationRate'>;

export async function funeralStatistics(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<FuneralStatsQueryDto, 'from' | 'to'> & { from?: string | undefined; to?: string | undefined },
): Promise<FuneralStatisticsResult> {
  authorize(actor, 'funeral:read');
  const code = q.division ?? actor.divisionCode;
  const scope = scopeFilterFor(actor, q.division);
  const d = getDivision(code);
  if (!d) throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'division' });
  const tz = ctx.config.timeZone;
  const today = todayPlainDate(tz, ctx.clock.now());
  const period = q.period ?? 'month';
  const from = q.from ?? (`${today.slice(0, 4)}-01-01` as PlainDate);
  const to = q.to ?? today;
  if (!isPlainDate(from) || !isPlainDate(to) || from > to) {
    throw new DomainError('invalid', 'PERIOD_INVALID', '统计期间不正确：起始日期不能晚于截止日期', {
      field: 'from',
    });
  }
  if (plainDateParts(to).year - plainDateParts(from).year > 20) {
    throw new DomainError('invalid', 'PERIOD_TOO_LONG', '统计期间过长：请选择 20 年以内的期间', {
      field: 'from',
    });
  }
  const keys = bucketKeys(period, from, to);
  const starts = keys.map((k, i) => zonedDayStart(i === 0 ? from : bucketStart(period, k), tz));
  const childLength = CHILD_CODE_LENGTH[d.level];
  const slice: FuneralStatsSlice = {
    divisionPrefix: scope.divisionPrefix,
    facilityId: scope.institutionId,
    from,
    to,
    dateBucket: (c) => dateBucketSql(period, c),
    instantBucket: (c) => instantBucketSql(keys, starts, c),
    fromInstant: zonedDayStart(from, tz),
    toInstantExclusive: zonedDayStart(addDays(to, 1), tz),
    childLength,
  };
  const db = ctx.db.kysely;

  const buckets = new Map(
    keys.map((k) => [k, { key: k, label: funeralBucketLabel(period, k), ...zeroFigures() }]),
  );
  const children = d.level === 'county' || d.level === 'township' ? [] : childrenOf(code);
  const rows = new Map<string, Figures & { divisionCode: string; divisionName: string }>();
  const rowFor = (child: string) => {
    const full = child.length === 4 ? `${child}00` : child;
    let r = rows.get(full);
    if (!r) {
      r = { divisionCode: full, divisionName: getDivision(full)?.name ?? full, ...zeroFigures() };
      rows.set(full, r);
    }
    return r;
  };
  if (!scope.institutionId) for (const c of children) rowFor(c.code);
  const cells = new Map<string, FuneralStatisticsResult['cells'][number]>();
  const cellFor = (bucket: string, child: string) => {
    const row = rowFor(child);
    const k = `${bucket}|${row.divisionCode}`;
    let c = cells.get(k);
    if (!c) {
      c = {
        bucket,
        bucketLabel: funeralBucketLabel(period, bucket),
        divisionCode: row.divisionCode,
        divisionName: row.divisionName,
        ...zeroFigures(),
      };
      cells.set(k, c);
    }
    return c;
  };
  const totals = zeroFigures();
  /** Adds `n` to figure `key` of the bucket, the row, the cell and the totals. */
  const add = (bucket: string, child: string, key: Key, n: number) => {
    if (n === 0) return;
    const targets: Figures[] = [cellFor(bucket, child), rowFor(child), totals];
    const b = buckets.get(bucket);
    if (b) targets.push(b);
    for (const t of targets) (t[key] as number) += n;
  };

  // The queries are independent: on PostgreSQL they run side by side on the pool's connections.
  const asOf = to < today ? to : today;
  const divisionOnly = !scope.institutionId;
  const [deaths, received, events, eco, qingming, found, closed, overdue, waivedRows] = await Promise.all([
    divisionOnly ? deathsGrouped(db, slice) : Promise.resolve([]),
    receivedGrouped(db, slice),
    custodyEventsGrouped(db, slice),
    ecoBurialsGrouped(db, slice),
    qingmingGrouped(db, slice),
    divisionOnly ? remediationGrouped(db, slice, 'found') : Promise.resolve([]),
    divisionOnly ? remediationGrouped(db, slice, 'closed') : Promise.resolve([]),
    divisionOnly ? remediationOverdueGrouped(db, slice, asOf) : Promise.resolve([]),
    waivedByReason(db, slice),
  ]);

  // Deaths (people index) are a county registry without institution: an institution-bound actor counts none.
  if (!scope.institutionId) {
    for (const g of deaths) {
      add(g.bucket, g.child, 'deaths', toCount(g.n));
      add(g.bucket, g.child, 'deathsCremated', toCount(g.cremated));
    }
  }
  for (const g of received) {
    add(g.bucket, g.child, 'bodiesReceived', toCount(g.n));
    add(g.bucket, g.child, 'unidentified', toCount(g.unidentified));
  }
  for (const g of events) {
    const n = toCount(g.n);
    if (g.step === 'cremated') add(g.bucket, g.child, 'cremations', n);
    if (g.step === 'transported_out') add(g.bucket, g.child, 'transportedOut', n);
    if (g.step === 'buried') {
      add(g.bucket, g.child, 'burials', n);
      add(g.bucket, g.child, 'bodyBurials', toCount(g.bodyBurials));
    }
  }

  // Eco burials (F6) and Qingming bookings (F7): by their own day, scoped like the cases.
  for (const g of eco) add(g.bucket, g.child, 'ecoBurials', toCount(g.n));
  for (const g of qingming) {
    add(g.bucket, g.child, 'qingmingBookings', toCount(g.n));
    add(g.bucket, g.child, 'qingmingCheckIns', toCount(g.checkedIn));
  }
  // The remediation ledger (F6) is a division registry: an institution-bound actor counts none.
  if (!scope.institutionId) {
    for (const g of found) {
      add(g.bucket, g.child, 'remediationFound', toCount(g.n));
    }
    for (const g of closed) {
      add(g.bucket, g.child, 'remediationClosed', toCount(g.n));
    }
    // Overdue is a stock on `asOf`, not a flow: the rows and the totals carry it, the buckets do not.
    for (const g of overdue) {
      const n = toCount(g.n);
      const row = rowFor(g.child);
      row.remediationOverdue = (row.remediationOverdue ?? 0) + n;
      totals.remediationOverdue = (totals.remediationOverdue ?? 0) + n;
    }
  }
  const waived = waivedRows
    .map((w) => ({
      reason: w.reason,
      label: WAIVER_REASON_LABELS[w.reason] ?? w.reason,
      lines: toCount(w.lines),
      amountFen: toCount(w.amountFen),
    }))
    .sort((a, b) => b.amountFen - a.amountFen || a.reason.localeCompare(b.reason));

  const finish = <T extends Figures>(f: T): T => ({ ...f, cremationRate: cremationRateOf(f) });
  return {
    division: { code: d.code, name: d.name, level: d.level },
    period,
    from,
    to,
    asOf,
    institutionOnly: Boolean(scope.institutionId),
    buckets: [...buckets.values()].map(finish),
    rows: [...rows.values()].sort((a, b) => a.divisionCode.localeCompare(b.divisionCode)).map(finish),
    totals: finish(totals),
    waivedByReason: waived,
    unavailable: [],
    cells: [...cells.values()]
      .sort((a, b) => a.bucket.localeCompare(b.bucket) || a.divisionCode.localeCompare(b.divisionCode))
      .map(finish),
  };
}
