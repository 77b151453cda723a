/**
 * Rescue statistics (救助统计, issue 15 item 7): person-visits (人次: cases entered in the period),
 * distinct people (人数), departures by kind (R5's departure records), settlements (落户安置, cases closed
 * as settled), outside placements begun (R3's placements), by period bucket (month, quarter, year) and
 * by child division; and the long-stay counts on a day (open cases stranded and long-term stranded,
 * R-RES-11, computed from dates by `periods.ts`). Station staff see their station; a county, city or
 * province supervisor their division, with the division picker and a station filter.
 */
import {
  DomainError,
  addDays,
  childrenOf,
  getDivision,
  isPlainDate,
  plainDateParts,
  todayPlainDate,
  type Division,
  type PlainDate,
} from '@social-affairs/kernel';
import {
  RESCUE_DEPARTURE_KIND_LABELS,
  RESCUE_DEPARTURE_KINDS,
  type RescueStatisticsDto,
  type RescueStatsPeriod,
  type RescueStatsQueryDto,
} from '@social-affairs/kernel/contracts/rescue';
import { authorize, scopeFilterFor, type Actor } from '../access/index';
import type { CoreContext } from '../context';
import { toCount } from '../db/index';
import { monthsBefore } from '../seed/index';
import { visibleStation } from './cases.access';
import { ageOnDay, stayStatusOn } from './periods';
import { rescueConfig } from './rescue.config';
import {
  casesInCareAround,
  departuresGrouped,
  entriesGrouped,
  placementsGrouped,
  settledCases,
  type StatsSlice,
} from './statistics.repository';

type Figures = RescueStatisticsDto['totals'];

const CHILD_CODE_LENGTH: Record<Division['level'], number> = {
  province: 4,
  prefecture: 6,
  county: 9,
  township: 9,
};

const zero = (): Figures => ({
  personVisits: 0,
  distinctPersons: 0,
  departures: 0,
  settlements: 0,
  placements: 0,
});

/** The bucket key of a date (`2026-03`, `2026-Q1`, `2026`) and its Chinese label. */
export function bucketOf(period: RescueStatsPeriod, day: string): string {
  if (period === 'year') return day.slice(0, 4);
  if (period === 'month') return day.slice(0, 7);
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) + 2) / 3)}`;
}

function bucketLabel(period: RescueStatsPeriod, key: string): string {
  if (period === 'year') return `${key}年`;
  if (period === 'month') return `${key.slice(0, 4)}年${Number(key.slice(5, 7))}月`;
  return `${key.slice(0, 4)}年第${key.slice(-1)}季度`;
}

/** Every bucket key from `from` to `to`, in order (empty periods shown too). */
function bucketKeys(period: RescueStatsPeriod, from: PlainDate, to: PlainDate): string[] {
  const keys: string[] = [];
  let { year, month } = plainDateParts(from);
  const end = bucketOf(period, to);
  for (;;) {
    const key = bucketOf(period, `${year}-${String(month).padStart(2, '0')}-01`);
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

/** The Beijing date of an instant (closing times are instants). */
const beijingDate = (ctx: CoreContext, instant: string): string =>
  todayPlainDate(ctx.config.timeZone, new Date(instant));

/** The figures of the query, with the rows behind the Excel export (bucket × child division). */
export interface RescueStatisticsResult extends RescueStatisticsDto {
  /** Figures by bucket and child division (the Excel export's rows). */
  cells: (Figures & { bucket: string; bucketLabel: string; divisionCode: string; divisionName: string })[];
}

export async function rescueStatistics(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<RescueStatsQueryDto, 'from' | 'to'> & { from?: string | undefined; to?: string | undefined },
): Promise<RescueStatisticsResult> {
  authorize(actor, 'rescue:read');
  const code = q.division ?? actor.divisionCode;
  const scope = scopeFilterFor(actor, q.division);
  const d = getDivision(code);
  if (!d) throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'division' });
  if (q.stationId) await visibleStation(ctx.db.kysely, actor, q.stationId);
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const period = q.period ?? 'month';
  const from = q.from ?? monthsBefore(today, 5);
  const to = q.to ?? today;
  if (!isPlainDate(from) || !isPlainDate(to) || from > to) {
    throw new DomainError('invalid', 'PERIOD_INVALID', '统计期间不正确（起始日期不能晚于截止日期）', {
      field: 'from',
    });
  }
  if (plainDateParts(to).year - plainDateParts(from).year > 20) {
    throw new DomainError('invalid', 'PERIOD_TOO_LONG', '统计期间过长：请选择 20 年以内的期间', {
      field: 'from',
    });
  }
  const childLength = CHILD_CODE_LENGTH[d.level];
  const slice: StatsSlice = { scope, stationId: q.stationId, from, to, period, childLength };
  const db = ctx.db.kysely;

  const keys = bucketKeys(period, from, to);
  const buckets = new Map(keys.map((k) => [k, { key: k, label: bucketLabel(period, k), ...zero() }]));
  const children = d.level === 'county' || d.level === 'township' ? [] : childrenOf(code);
  const rows = new Map<string, Figures & { divisionCode: string; divisionName: string }>();
  const rowFor = (child: string) => {
    const full = child.length === 4 ? `${child}00` : child;
    let r = rows.get(full);
    if (!r) {
      r = { divisionCode: full, divisionName: getDivision(full)?.name ?? full, ...zero() };
      rows.set(full, r);
    }
    return r;
  };
  for (const c of children) rowFor(c.code);
  const cells = new Map<string, RescueStatisticsResult['cells'][number]>();
  const cellFor = (bucket: string, child: string) => {
    const row = rowFor(child);
    const k = `${bucket}|${row.divisionCode}`;
    let c = cells.get(k);
    if (!c) {
      c = {
        bucket,
        bucketLabel: bucketLabel(period, bucket),
        divisionCode: row.divisionCode,
        divisionName: row.divisionName,
        ...zero(),
      };
      cells.set(k, c);
    }
    return c;
  };
  const totals = zero();

  // Person-visits and distinct people: a person counts once per grouping, so each grouping is its own query.
  const [byBoth, byBucket, byChild, overall] = await Promise.all([
    entriesGrouped(db, slice, { bucket: true, child: true }),
    entriesGrouped(db, slice, { bucket: true, child: false }),
    entriesGrouped(db, slice, { bucket: false, child: true }),
    entriesGrouped(db, slice, { bucket: false, child: false }),
  ]);
  for (const g of byBoth) {
    const c = cellFor(g.bucket!, g.child!);
    c.personVisits += toCount(g.n);
    c.distinctPersons += toCount(g.persons);
  }
  for (const g of byBucket) {
    const b = buckets.get(g.bucket!);
    if (!b) continue;
    b.personVisits += toCount(g.n);
    b.distinctPersons += toCount(g.persons);
  }
  for (const g of byChild) {
    const r = rowFor(g.child!);
    r.personVisits += toCount(g.n);
    r.distinctPersons += toCount(g.persons);
  }
  totals.personVisits = toCount(overall[0]?.n);
  totals.distinctPersons = toCount(overall[0]?.persons);

  // Departures by kind (R5); death is listed by kind but is not a departure.
  const byKind = new Map<string, number>(RESCUE_DEPARTURE_KINDS.map((k) => [k, 0]));
  for (const g of await departuresGrouped(db, slice)) {
    const n = toCount(g.n);
    byKind.set(g.kind, (byKind.get(g.kind) ?? 0) + n);
    if (g.kind === 'death') continue;
    cellFor(g.bucket!, g.child!).departures += n;
    const b = buckets.get(g.bucket!);
    if (b) b.departures += n;
    rowFor(g.child!).departures += n;
    totals.departures += n;
  }

  // Settlements: the case closed as settled, on its Beijing closing day.
  const settled = await settledCases(
    db,
    slice,
    `${addDays(from, -1)}T00:00:00.000Z`,
    `${addDays(to, 1)}T23:59:59.999Z`,
  );
  for (const s of settled) {
    const day = beijingDate(ctx, s.closedAt!);
    if (day < from || day > to) continue;
    const bucket = bucketOf(period, day);
    const child = s.divisionCode.slice(0, childLength);
    cellFor(bucket, child).settlements += 1;
    const b = buckets.get(bucket);
    if (b) b.settlements += 1;
    rowFor(child).settlements += 1;
    totals.settlements += 1;
  }

  // Outside placements begun (R3).
  for (const g of await placementsGrouped(db, slice)) {
    const n = toCount(g.n);
    cellFor(g.bucket!, g.child!).placements += n;
    const b = buckets.get(g.bucket!);
    if (b) b.placements += n;
    rowFor(g.child!).placements += n;
    totals.placements += n;
  }

  // Long stays on the period's last day (or today): computed, never typed (R-RES-11).
  const cfg = rescueConfig(ctx);
  const on = to < today ? to : today;
  const longStay = { open: 0, stranded: 0, longTerm: 0, minors: 0, women: 0 };
  for (const c of await casesInCareAround(db, slice, on, `${addDays(on, -1)}T00:00:00.000Z`)) {
    if (c.closedAt && beijingDate(ctx, c.closedAt) <= on) continue;
    const entryDate = c.entryDate as PlainDate;
    longStay.open += 1;
    const status = stayStatusOn({ entryDate, identityStatus: c.identityStatus }, on, cfg);
    if (status === 'stranded') longStay.stranded += 1;
    if (status === 'long_term') longStay.longTerm += 1;
    const age = ageOnDay({ ...c, entryDate }, on);
    if (age !== null && age < 18) longStay.minors += 1;
    if (c.sex === 'female') longStay.women += 1;
  }

  return {
    division: { code: d.code, name: d.name, level: d.level },
    stationId: q.stationId ?? null,
    period,
    from,
    to,
    longStayOn: on,
    longStay,
    buckets: [...buckets.values()],
    rows: [...rows.values()].sort((a, b) => a.divisionCode.localeCompare(b.divisionCode)),
    totals,
    departuresByKind: [...byKind].map(([kind, count]) => ({
      kind,
      label: RESCUE_DEPARTURE_KIND_LABELS[kind as keyof typeof RESCUE_DEPARTURE_KIND_LABELS] ?? kind,
      count,
    })),
    cells: [...cells.values()].sort(
      (a, b) => a.bucket.localeCompare(b.bucket) || a.divisionCode.localeCompare(b.divisionCode),
    ),
    unavailable: [],
  };
}
