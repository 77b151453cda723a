/**
 * The monthly roster (发放名册, issue 18 item 5, ADR 0032): a frozen snapshot per county and month, one
 * line per entitlement paid in the month or changed since last month, each with its change and reason;
 * the month-over-month diff; sign-off by level (each township confirms its part, then county civil
 * affairs signs, after which the payments concern issues the bank file).
 *
 * Months (R-DIS-05, R-DIS-07): an entitlement is owed every month from the month after the last month a
 * roster paid it (or its `fromMonth` when never paid) to this month — or to its `toMonth` when it stopped
 * earlier. So a late approval's first roster pays every month since the application (arrears), a death on
 * 2025-03-15 leaves March as the last month paid and shows as a `stopped` line with reason `death` in the
 * first roster after it, and a resumption after a certificate renewal is back-paid at most
 * `backPayCapMonths` months (the 2022 精准管理 notice). Frozen means frozen: later changes go into the next
 * month's roster. Rates come from the standards (per division, year and tier; raised to the provincial
 * floor); a tier with no standard is flagged `no_standard` (paid nothing now, owed as arrears once a
 * standard exists), never guessed.
 */
import { DomainError, maskResidentId, newId, todayPlainDate } from '@social-affairs/kernel';
import {
  authorize,
  countyCodeOf,
  inScope,
  scopeDivisionName,
  scopePrefix,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Executor } from '../db/index';
import { disabilityConfig, type DisabilityConfig } from './disability.config';
import type { DisabilityStandardRow } from './disability.repository';
import {
  ROSTER_CHANGE_LABELS,
  ROSTER_STATUS_LABELS,
  STOP_REASON_LABELS,
  SUBSIDY_SHORT_LABELS,
  type RosterChange,
  type RosterStatus,
  type Subsidy,
} from './disability.table';
import {
  countyStandards,
  deleteRoster,
  diffGroups,
  findRoster,
  freezePlanSettings,
  frozenRosters,
  insertRates,
  insertRosterLines,
  insertRosterMonth,
  insertSignoff,
  lastResumptions,
  latestRosterMonth,
  listRosters,
  lockRoster,
  multiMonthLines,
  partsOf,
  previousRoster,
  repriceLines,
  rostersAwaitingTownship,
  latestRosterOf,
  rosterIdsBefore,
  rosterTotalsWithin,
  searchLines,
  setRosterStatus,
  signoffsOf,
  tiersOfFreeze,
  withBulkCache,
  writeRosterTotals,
  type LineReprice,
  type RosterLineListRow,
  type RosterLineSort,
  type RosterMonthRow,
} from './roster.repository';
import { addMonthsToMonth, floorFenOf, isMonth, monthOf, pickStandard } from './rules';

// ----- labels ----------------------------------------------------------------------------------------------

/** Reason codes a roster line carries besides the stop reasons (R-DIS-07). */
export const ROSTER_REASON_LABELS: Record<string, string> = {
  ...STOP_REASON_LABELS,
  suspended: '暂停发放',
  no_standard: '未配置补贴标准（本月未发，配置后补发）',
  arrears: '补发漏发月份',
  back_pay_capped: '证件换发后恢复，补发限3个月',
  death_revoked: '死亡登记撤销，恢复发放并补发',
  certificate_renewed: '残疾人证换发后恢复发放',
  reinstated: '恢复发放',
  resumed: '恢复发放',
};

export function rosterReasonLabel(code: string | null): string | null {
  if (code === null) return null;
  return ROSTER_REASON_LABELS[code] ?? code;
}

// ----- views -------------------------------------------------------------------------------------------

export interface RosterPartView {
  divisionCode: string;
  divisionName: string;
  lines: number;
  paidLines: number;
  totalFen: number;
  unpricedLines: number;
  confirmedAt: string | null;
  confirmedBy: string | null;
}

export interface RosterSummaryView {
  id: string;
  countyCode: string;
  countyName: string;
  month: string;
  status: RosterStatus;
  statusLabel: string;
  recipients: number;
  totalFen: number;
  frozenAt: string;
  frozenBy: string;
}

export interface RosterView extends RosterSummaryView {
  previous: { id: string; month: string; recipients: number; totalFen: number } | null;
  parts: RosterPartView[];
  /** Townships (9 digits) that have not confirmed their part yet. */
  pendingTownships: string[];
  countySignoff: { at: string; by: string; note: string | null } | null;
  unpricedLines: number;
  /** What to do next, in Chinese (for the page). */
  nextStep: string;
}

export interface RosterLineView {
  id: string;
  entitlementId: string;
  personId: string;
  name: string;
  residentIdMasked: string | null;
  subsidy: Subsidy;
  subsidyLabel: string;
  divisionCode: string;
  divisionName: string;
  amountFen: number;
  monthlyFen: number;
  monthsCovered: number;
  change: RosterChange;
  changeLabel: string;
  reasonCode: string | null;
  reasonLabel: string | null;
  previousMonthlyFen: number | null;
  paymentStatus: string;
  paidThroughMonth: string | null;
}

export interface RosterDiffGroupView {
  change: RosterChange;
  changeLabel: string;
  reasonCode: string | null;
  reasonLabel: string | null;
  subsidy: Subsidy;
  subsidyLabel: string;
  lines: number;
  amountFen: number;
  arrearsFen: number;
}

export interface RosterDiffView {
  rosterId: string;
  month: string;
  previousMonth: string | null;
  previous: { paidLines: number; totalFen: number } | null;
  current: { paidLines: number; totalFen: number };
  groups: RosterDiffGroupView[];
  /** Totals by change (counts and money), in the order 新增, 停发, 标准调整, 恢复, 补发, 无变化. */
  byChange: { change: RosterChange; changeLabel: string; lines: number; amountFen: number }[];
}

const CHANGE_ORDER: RosterChange[] = ['new', 'stopped', 'rate_changed', 'resumed', 'arrears', 'unchanged'];

// ----- helpers -----------------------------------------------------------------------------------------

const notFound = () => new DomainError('not_found', 'NOT_FOUND', '发放名册不存在或不在您的管辖范围内');
const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
const invalid = (code: string, message: string, field: string) =>
  new DomainError('invalid', code, message, { field });

function todayOf(ctx: CoreContext): string {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/** A county clerk (`disability:write`) or county civil affairs (`disability:approve`) prepares the roster. */
function authorizePrepare(actor: Actor): void {
  if (!actor.permissions.has('disability:write')) authorize(actor, 'disability:approve');
}

/** The roster is the county's: only an account at the county (or above it, in scope) freezes it. */
function ensureCountyLevel(actor: Actor, countyCode: string): void {
  if (actor.divisionCode.length > 6 && countyCodeOf(actor.divisionCode) === countyCode) {
    throw new DomainError(
      'forbidden',
      'DISABILITY_ROSTER_COUNTY_ONLY',
      '发放名册由县级民政部门冻结和撤销；乡镇（街道）请在名册冻结后确认本辖区部分',
    );
  }
  if (!inScope(actor, countyCode)) {
    throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '所选行政区划不在您的管辖范围内', {
      field: 'countyCode',
      divisionCode: countyCode,
    });
  }
}

/** Whether the actor sees the roster: its county is in scope, or the actor works in one of its townships. */
function rosterVisible(actor: Actor, r: RosterMonthRow): boolean {
  return inScope(actor, r.countyCode) || countyCodeOf(actor.divisionCode) === r.countyCode;
}

async function visibleRoster(ctx: CoreContext, actor: Actor, id: string): Promise<RosterMonthRow> {
  const r = await findRoster(ctx.db.kysely, id);
  if (!r || !rosterVisible(actor, r)) throw notFound();
  return r;
}

/** The division prefix of the lines the actor may see (a township its own), narrowed by `division`. */
function linesPrefix(actor: Actor, r: RosterMonthRow, division?: string): string {
  const own = actor.divisionCode.length > 6 ? actor.divisionCode : r.countyCode;
  const ownPrefix = own.startsWith(scopePrefix(actor.divisionCode)) ? own : scopePrefix(actor.divisionCode);
  if (!division) return ownPrefix;
  // A division above the roster's county (the shell's city or province) does not narrow it.
  if (division.length <= 6 && ownPrefix.startsWith(scopePrefix(division))) return ownPrefix;
  if (!division.startsWith(ownPrefix)) {
    throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '所选行政区划不在您的管辖范围内', {
      field: 'division',
      divisionCode: division,
    });
  }
  return division;
}

const countyName = (code: string) => scopeDivisionName(code);

function presentSummary(r: RosterMonthRow): RosterSummaryView {
  return {
    id: r.id,
    countyCode: r.countyCode,
    countyName: countyName(r.countyCode),
    month: r.month,
    status: r.status,
    statusLabel: ROSTER_STATUS_LABELS[r.status],
    recipients: r.recipients,
    totalFen: r.totalFen,
    frozenAt: r.frozenAt,
    frozenBy: r.frozenBy,
  };
}

function presentLine(r: RosterLineListRow): RosterLineView {
  return {
    id: r.id,
    entitlementId: r.entitlementId,
    personId: r.personId,
    name: r.name,
    residentIdMasked: r.residentId ? maskResidentId(r.residentId) : null,
    subsidy: r.subsidy,
    subsidyLabel: SUBSIDY_SHORT_LABELS[r.subsidy],
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    amountFen: r.amountFen,
    monthlyFen: r.monthlyFen,
    monthsCovered: r.monthsCovered,
    change: r.change,
    changeLabel: ROSTER_CHANGE_LABELS[r.change],
    reasonCode: r.reasonCode,
    reasonLabel: rosterReasonLabel(r.reasonCode),
    previousMonthlyFen: r.previousMonthlyFen,
    paymentStatus: r.paymentStatus,
    paidThroughMonth: r.paidThroughMonth,
  };
}

// ----- rates -------------------------------------------------------------------------------------------

interface Price {
  amountFen: number;
  standardId: string;
  raisedToFloor: boolean;
}

/** Prices tiers month by month from the county's standards (one query per year, R-DIS-08 floor applied). */
class RosterPricer {
  private readonly years = new Map<number, DisabilityStandardRow[]>();
  constructor(
    private readonly db: Executor,
    private readonly cfg: DisabilityConfig,
    private readonly countyCode: string,
  ) {}

  async standardsOf(year: number): Promise<DisabilityStandardRow[]> {
    let rows = this.years.get(year);
    if (!rows) {
      rows = await countyStandards(this.db, this.countyCode, year);
      this.years.set(year, rows);
    }
    return rows;
  }

  async price(
    tier: { divisionCode: string; subsidy: Subsidy; category: number; grade: number; hardship: string },
    month: string,
  ): Promise<Price | undefined> {
    const year = Number(month.slice(0, 4));
    const candidates = (await this.standardsOf(year)).filter((s) => s.subsidy === tier.subsidy);
    const best = pickStandard(candidates, {
      divisionCode: tier.divisionCode,
      month,
      category: tier.category || null,
      grade: tier.grade || null,
      hardship: tier.hardship === 'none' ? null : tier.hardship,
    });
    if (!best) return undefined;
    const floor = floorFenOf(this.cfg, year, tier.subsidy);
    return best.amountFen < floor
      ? { amountFen: floor, standardId: best.id, raisedToFloor: true }
      : { amountFen: best.amountFen, standardId: best.id, raisedToFloor: false };
  }
}

const monthIdx = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));

// ----- freeze ------------------------------------------------------------------------------------------

export interface FreezeResult extends RosterView {
  /** Seconds the freeze took (the page shows it; the bench reads it). */
  seconds: number;
}

/**
 * Freezes the county's roster of `month` (409 when it exists or a later month is frozen; 422 for a month
 * after this one). Set-based: rates per tier, then one INSERT … SELECT of the lines, then the few
 * multi-month lines re-priced month by month (and the back-pay cap applied), then the totals.
 */
export async function freezeRoster(
  ctx: CoreContext,
  actor: Actor,
  input: { countyCode: string; month: string },
): Promise<FreezeResult> {
  authorizePrepare(actor);
  const { countyCode, month } = input;
  if (!/^\d{6}$/.test(countyCode) || countyCode.endsWith('00')) {
    throw invalid('DISABILITY_ROSTER_COUNTY', '请选择县级行政区划（6 位代码）', 'countyCode');
  }
  if (!isMonth(month)) throw invalid('MONTH_INVALID', '月份格式应为 YYYY-MM，例如 2025-04', 'month');
  const today = todayOf(ctx);
  if (month > monthOf(today)) {
    throw invalid(
      'DISABILITY_ROSTER_FUTURE_MONTH',
      '不能冻结以后月份的名册：请选择本月或以前的月份',
      'month',
    );
  }
  ensureCountyLevel(actor, countyCode);
  const cfg = disabilityConfig(ctx);
  const started = performance.now();
  const now = ctx.clock.now().toISOString();
  const rosterId = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const latest = await latestRosterMonth(trx, countyCode);
    if (latest === month) {
      throw conflict(
        'DISABILITY_ROSTER_EXISTS',
        `${month} 的发放名册已冻结，不能重复冻结；如需重做请先撤销冻结`,
        {
          month,
        },
      );
    }
    if (latest !== undefined && latest > month) {
      throw conflict(
        'DISABILITY_ROSTER_MONTH_PASSED',
        `已冻结 ${latest} 的名册，不能再冻结更早的月份；之后的变化计入下月名册`,
        { latest, month },
      );
    }
    const previous = await previousRoster(trx, countyCode, month);
    const olderRosterIds = previous ? await rosterIdsBefore(trx, countyCode, previous.month) : [];
    try {
      await insertRosterMonth(trx, {
        id: rosterId,
        countyCode,
        month,
        status: 'frozen',
        recipients: 0,
        totalFen: 0,
        frozenAt: now,
        frozenBy: actor.username,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw conflict('DISABILITY_ROSTER_EXISTS', `${month} 的发放名册已冻结，不能重复冻结`, { month });
      }
      throw e;
    }
    const pricer = new RosterPricer(trx, cfg, countyCode);
    const standards = await pricer.standardsOf(Number(month.slice(0, 4)));
    const freeze = {
      rosterId,
      countyCode,
      month,
      monthIdx: monthIdx(month),
      previous: previous ? { id: previous.id, month: previous.month, frozenAt: previous.frozenAt } : null,
      olderRosterIds,
      hardshipTiers: standards.some((s) => s.hardship !== null),
    };
    await freezePlanSettings(trx, ctx.db.dialect);
    const tiers = await tiersOfFreeze(trx, freeze);
    const rates = [];
    for (const t of tiers) {
      const p = await pricer.price(t, month);
      rates.push({
        rosterId,
        ...t,
        monthlyFen: p?.amountFen ?? null,
        standardId: p?.standardId ?? null,
        raisedToFloor: p?.raisedToFloor ? 1 : 0,
      });
    }
    await insertRates(trx, rates);
    await withBulkCache(trx, ctx.db.dialect, () => insertRosterLines(trx, freeze));
    // Lines paying several months: each month at its own rate; a resumption's back-pay capped.
    const multi = await multiMonthLines(trx, rosterId);
    const resumptions = await lastResumptions(
      trx,
      multi.filter((l) => l.change === 'resumed').map((l) => l.entitlementId),
    );
    const repriced: { id: string; set: LineReprice }[] = [];
    for (const l of multi) {
      let months = Array.from({ length: l.monthsCovered }, (_, i) =>
        addMonthsToMonth(l.paidThroughMonth, i - l.monthsCovered + 1),
      );
      let reasonCode: string | undefined;
      if (l.change === 'resumed' && resumptions.get(l.entitlementId)?.kind === 'resumed') {
        const back = months.filter((m) => m < month);
        if (back.length > cfg.backPayCapMonths) {
          const kept = back.slice(back.length - cfg.backPayCapMonths);
          months = [...(cfg.backPayCapMonths > 0 ? kept : []), ...months.filter((m) => m >= month)];
          reasonCode = 'back_pay_capped';
        }
      }
      let amountFen = 0;
      let unpriced = false;
      for (const m of months) {
        const p = await pricer.price(l, m);
        if (!p) unpriced = true;
        else amountFen += p.amountFen;
      }
      if (unpriced) {
        repriced.push({
          id: l.id,
          set: {
            amountFen: 0,
            monthsCovered: 0,
            reasonCode: 'no_standard',
            paymentStatus: 'none',
            // Nothing paid: the next roster owes these months again (from the month after the last one paid).
            paidThroughMonth: addMonthsToMonth(l.paidThroughMonth, -l.monthsCovered),
          },
        });
      } else {
        repriced.push({
          id: l.id,
          set: { amountFen, monthsCovered: months.length, ...(reasonCode ? { reasonCode } : {}) },
        });
      }
    }
    await repriceLines(trx, repriced);
    await writeRosterTotals(trx, rosterId, now);
    const row = (await findRoster(trx, rosterId))!;
    await audit(ctx, trx, actor, {
      action: 'disability.roster.freeze',
      targetType: 'disability_roster',
      targetId: rosterId,
      divisionCode: countyCode,
      details: {
        month,
        recipients: row.recipients,
        totalFen: row.totalFen,
        previousMonth: previous?.month ?? null,
        tiers: tiers.length,
        unpricedTiers: rates.filter((r) => r.monthlyFen === null).length,
      },
    });
  });
  const view = await rosterView(ctx, actor, (await findRoster(ctx.db.kysely, rosterId))!);
  return { ...view, seconds: (performance.now() - started) / 1000 };
}

/**
 * Un-freezes a roster the county has not signed (DESIGN, ADR 0032): allowed to the county while it is
 * `frozen` and the latest of the county, with a reason (audited with the counts removed), as often as
 * needed — e.g. after a missing standard was configured. Township confirmations go with it.
 */
export async function unfreezeRoster(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { reason: string },
): Promise<{ ok: true }> {
  authorizePrepare(actor);
  const reason = input.reason?.trim() ?? '';
  if (reason.length < 2) throw invalid('REASON_REQUIRED', '请填写撤销冻结的原因', 'reason');
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const seen = await findRoster(trx, id);
    if (!seen || !rosterVisible(actor, seen)) throw notFound();
    ensureCountyLevel(actor, seen.countyCode);
    const r = (await lockRoster(trx, id))!;
    if (r.status !== 'frozen') {
      throw conflict('DISABILITY_ROSTER_SIGNED', '名册已经县级签批，不能撤销冻结；之后的变化计入下月名册', {
        status: r.status,
      });
    }
    const latest = await latestRosterMonth(trx, r.countyCode);
    if (latest !== r.month) {
      throw conflict('DISABILITY_ROSTER_NOT_LATEST', `已冻结 ${latest} 的名册，只能撤销最近一个月的冻结`, {
        latest,
      });
    }
    await deleteRoster(trx, id);
    await audit(ctx, trx, actor, {
      action: 'disability.roster.unfreeze',
      targetType: 'disability_roster',
      targetId: id,
      divisionCode: r.countyCode,
      reason,
      details: { month: r.month, recipients: r.recipients, totalFen: r.totalFen, at: now },
    });
  });
  return { ok: true };
}

// ----- sign-off ----------------------------------------------------------------------------------------

/** A township confirms its part of a frozen roster (`disability:write` at that township). */
export async function confirmTownshipPart(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { note?: string | null } = {},
): Promise<RosterView> {
  authorize(actor, 'disability:write');
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const seen = await findRoster(trx, id);
    if (!seen || !rosterVisible(actor, seen)) throw notFound();
    if (actor.divisionCode.length !== 9) {
      throw new DomainError(
        'forbidden',
        'DISABILITY_ROSTER_TOWNSHIP_ONLY',
        '本辖区部分由乡镇（街道）补贴经办人员确认；县级请在各乡镇确认后签批',
      );
    }
    const r = (await lockRoster(trx, id))!;
    if (r.status !== 'frozen') {
      throw conflict('DISABILITY_ROSTER_NOT_FROZEN', '名册已签批，不能再确认', { status: r.status });
    }
    const township = actor.divisionCode;
    if (!(await partsOf(trx, id)).some((p) => p.divisionCode === township)) {
      throw conflict('DISABILITY_ROSTER_NO_PART', '本乡镇（街道）在该月名册中没有发放对象，无需确认');
    }
    const note = input.note?.trim() || null;
    try {
      await insertSignoff(trx, {
        id: newId(),
        rosterId: id,
        level: 'township',
        divisionCode: township,
        actorId: actor.userId,
        actorName: actor.username,
        at: now,
        note,
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw conflict('DISABILITY_ROSTER_ALREADY_CONFIRMED', '本乡镇（街道）已确认过该月名册');
      }
      throw e;
    }
    await audit(ctx, trx, actor, {
      action: 'disability.roster.township-confirm',
      targetType: 'disability_roster',
      targetId: id,
      divisionCode: township,
      details: { month: r.month, county: r.countyCode, note },
    });
  });
  return getRoster(ctx, actor, id);
}

/** County civil affairs signs (`disability:approve`): 409 while a township has not confirmed. */
export async function signRoster(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { note?: string | null } = {},
): Promise<RosterView> {
  authorize(actor, 'disability:approve');
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const seen = await findRoster(trx, id);
    if (!seen || !rosterVisible(actor, seen)) throw notFound();
    ensureCountyLevel(actor, seen.countyCode);
    const r = (await lockRoster(trx, id))!;
    if (r.status !== 'frozen') {
      throw conflict('DISABILITY_ROSTER_NOT_FROZEN', '名册已签批', { status: r.status });
    }
    const pending = pendingOf(await partsOf(trx, id), await signoffsOf(trx, id));
    if (pending.length > 0) {
      throw conflict(
        'DISABILITY_ROSTER_TOWNSHIPS_PENDING',
        `还有 ${pending.length} 个乡镇（街道）未确认本辖区名册：${pending.map(scopeDivisionName).join('、')}`,
        { pending },
      );
    }
    const note = input.note?.trim() || null;
    await insertSignoff(trx, {
      id: newId(),
      rosterId: id,
      level: 'county',
      divisionCode: r.countyCode,
      actorId: actor.userId,
      actorName: actor.username,
      at: now,
      note,
    });
    await setRosterStatus(trx, id, 'signed', now);
    await audit(ctx, trx, actor, {
      action: 'disability.roster.sign',
      targetType: 'disability_roster',
      targetId: id,
      divisionCode: r.countyCode,
      details: { month: r.month, recipients: r.recipients, totalFen: r.totalFen, note },
    });
  });
  return getRoster(ctx, actor, id);
}

function pendingOf(
  parts: { divisionCode: string }[],
  signoffs: { level: string; divisionCode: string }[],
): string[] {
  const confirmed = new Set(signoffs.filter((s) => s.level === 'township').map((s) => s.divisionCode));
  return parts.map((p) => p.divisionCode).filter((d) => d.length === 9 && !confirmed.has(d));
}

// ----- reads -------------------------------------------------------------------------------------------

async function rosterView(ctx: CoreContext, actor: Actor, r: RosterMonthRow): Promise<RosterView> {
  const db = ctx.db.kysely;
  const [parts, signoffs, previous] = await Promise.all([
    partsOf(db, r.id),
    signoffsOf(db, r.id),
    previousRoster(db, r.countyCode, r.month),
  ]);
  const pending = pendingOf(parts, signoffs);
  const own = actor.divisionCode.length > 6 ? actor.divisionCode : null;
  const confirmations = new Map(
    signoffs.filter((s) => s.level === 'township').map((s) => [s.divisionCode, s]),
  );
  const county = signoffs.find((s) => s.level === 'county');
  const visibleParts = parts.filter((p) => !own || p.divisionCode.startsWith(own));
  const unpriced = parts.reduce((s, p) => s + p.unpricedLines, 0);
  let nextStep: string;
  if (r.status !== 'frozen') nextStep = r.status === 'signed' ? '已签批：生成银行代发文件' : '已生成代发文件';
  else if (own && pending.includes(own)) nextStep = '请核对本辖区名册并确认';
  else if (pending.length > 0) nextStep = `等待 ${pending.length} 个乡镇（街道）确认`;
  else nextStep = '各乡镇已确认：请县级民政签批';
  if (r.status === 'frozen' && unpriced > 0) nextStep += `（${unpriced} 人未配置补贴标准，本月未发）`;
  return {
    ...presentSummary(r),
    previous: previous
      ? {
          id: previous.id,
          month: previous.month,
          recipients: previous.recipients,
          totalFen: previous.totalFen,
        }
      : null,
    parts: visibleParts.map((p) => ({
      divisionCode: p.divisionCode,
      divisionName: scopeDivisionName(p.divisionCode),
      lines: p.lines,
      paidLines: p.paidLines,
      totalFen: p.totalFen,
      unpricedLines: p.unpricedLines,
      confirmedAt: confirmations.get(p.divisionCode)?.at ?? null,
      confirmedBy: confirmations.get(p.divisionCode)?.actorName ?? null,
    })),
    pendingTownships: pending,
    countySignoff: county ? { at: county.at, by: county.actorName, note: county.note } : null,
    unpricedLines: unpriced,
    nextStep,
  };
}

export async function getRoster(ctx: CoreContext, actor: Actor, id: string): Promise<RosterView> {
  authorize(actor, 'disability:read');
  return rosterView(ctx, actor, await visibleRoster(ctx, actor, id));
}

export async function listRosterMonths(
  ctx: CoreContext,
  actor: Actor,
  query: { countyCode?: string; division?: string; status?: RosterStatus; page?: number; pageSize?: number },
): Promise<{ items: RosterSummaryView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 20));
  const own =
    actor.divisionCode.length > 6 ? actor.divisionCode.slice(0, 6) : scopePrefix(actor.divisionCode);
  // The division picked in the shell: a township lists its county's rosters.
  const picked = query.division
    ? query.division.length > 6
      ? query.division.slice(0, 6)
      : scopePrefix(query.division)
    : own;
  if (!picked.startsWith(own)) {
    throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '所选行政区划不在您的管辖范围内', {
      field: 'division',
      divisionCode: query.division,
    });
  }
  const countyPrefix = picked;
  if (query.countyCode && !query.countyCode.startsWith(countyPrefix)) {
    throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '所选行政区划不在您的管辖范围内', {
      field: 'countyCode',
      divisionCode: query.countyCode,
    });
  }
  const { total, rows } = await listRosters(
    ctx.db.kysely,
    {
      countyPrefix,
      ...(query.countyCode ? { countyCode: query.countyCode } : {}),
      ...(query.status ? { status: query.status } : {}),
    },
    { offset: (page - 1) * pageSize, limit: pageSize },
  );
  return { items: rows.map(presentSummary), total, page, pageSize };
}

export interface RosterLinesQuery {
  /** The division picked in the shell (county or township). */
  division?: string;
  /** A township of the county (narrower than `division`). */
  township?: string;
  subsidy?: Subsidy;
  change?: RosterChange;
  reason?: string;
  q?: string;
  sort?: RosterLineSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export async function rosterLines(
  ctx: CoreContext,
  actor: Actor,
  /** The roster; none = the latest roster of the actor's county (a person searched across the ledger). */
  rosterId: string | undefined,
  query: RosterLinesQuery,
): Promise<{ items: RosterLineView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 20));
  const latest =
    rosterId === undefined && actor.divisionCode.length >= 6
      ? await latestRosterOf(ctx.db.kysely, countyCodeOf(actor.divisionCode))
      : undefined;
  if (rosterId === undefined && !latest) {
    // No roster named and none for the actor's county (a city or province account): nothing to list, the
    // search is still recorded.
    await ctx.readAudit.record(actor, {
      action: 'disability.roster.lines',
      targetType: 'disability_roster',
      targetId: null,
      divisionCode: actor.divisionCode,
      details: { month: null, total: 0, page },
    });
    return { items: [], total: 0, page, pageSize };
  }
  const id = rosterId ?? latest!.id;
  const r = await visibleRoster(ctx, actor, id);
  const filter = linesFilter(actor, r, query);
  const { total, rows } = await searchLines(
    ctx.db.kysely,
    filter,
    { field: query.sort ?? 'division', dir: query.order ?? 'asc' },
    { offset: (page - 1) * pageSize, limit: pageSize },
  );
  await ctx.readAudit.record(actor, {
    action: 'disability.roster.lines',
    targetType: 'disability_roster',
    targetId: id,
    divisionCode: filter.divisionPrefix || r.countyCode,
    details: { month: r.month, total, page, change: query.change ?? null, reason: query.reason ?? null },
  });
  return { items: rows.map(presentLine), total, page, pageSize };
}

function linesFilter(actor: Actor, r: RosterMonthRow, query: RosterLinesQuery) {
  return {
    rosterId: r.id,
    divisionPrefix: linesPrefix(actor, r, query.township ?? query.division),
    ...(query.subsidy ? { subsidy: query.subsidy } : {}),
    ...(query.change ? { change: query.change } : {}),
    ...(query.reason ? { reason: query.reason } : {}),
    ...(query.q?.trim() ? { q: query.q.trim() } : {}),
  };
}

/** Every line under the filter, for the Excel export (audited before the first row). */
export async function exportRosterLines(
  ctx: CoreContext,
  actor: Actor,
  /** The roster; none = the latest roster of the actor's county, as in `rosterLines`. */
  rosterId: string | undefined,
  query: Omit<RosterLinesQuery, 'page' | 'pageSize'>,
): Promise<AsyncIterable<RosterLineView>> {
  authorize(actor, 'disability:read');
  const latest =
    rosterId === undefined && actor.divisionCode.length >= 6
      ? await latestRosterOf(ctx.db.kysely, countyCodeOf(actor.divisionCode))
      : undefined;
  if (rosterId === undefined && !latest) {
    await ctx.readAudit.record(actor, {
      action: 'disability.roster.export',
      targetType: 'disability_roster',
      targetId: null,
      divisionCode: actor.divisionCode,
      details: { month: null },
    });
    return (async function* () {})();
  }
  const id = rosterId ?? latest!.id;
  const r = await visibleRoster(ctx, actor, id);
  const filter = linesFilter(actor, r, query);
  await ctx.readAudit.record(actor, {
    action: 'disability.roster.export',
    targetType: 'disability_roster',
    targetId: id,
    divisionCode: filter.divisionPrefix || r.countyCode,
    details: { month: r.month, change: query.change ?? null, reason: query.reason ?? null },
  });
  const db = ctx.db.kysely;
  const sort = { field: query.sort ?? ('division' as const), dir: query.order ?? ('asc' as const) };
  return (async function* () {
    for (let offset = 0; ; offset += 2_000) {
      const { rows } = await searchLines(db, filter, sort, { offset, limit: 2_000 }, false);
      for (const row of rows) yield presentLine(row);
      if (rows.length < 2_000) return;
    }
  })();
}

/** The month-over-month diff: counts and money by change and reason, against the previous roster. */
export async function rosterDiff(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  query: Omit<RosterLinesQuery, 'q' | 'sort' | 'order' | 'page' | 'pageSize'> = {},
): Promise<RosterDiffView> {
  authorize(actor, 'disability:read');
  const r = await visibleRoster(ctx, actor, id);
  const db = ctx.db.kysely;
  const f = linesFilter(actor, r, query);
  const groups = await diffGroups(db, f);
  const previous = await previousRoster(db, r.countyCode, r.month);
  const byChange = CHANGE_ORDER.map((change) => {
    const gs = groups.filter((g) => g.change === change);
    return {
      change,
      changeLabel: ROSTER_CHANGE_LABELS[change],
      lines: gs.reduce((s, g) => s + g.lines, 0),
      amountFen: gs.reduce((s, g) => s + g.amountFen, 0),
    };
  });
  return {
    rosterId: r.id,
    month: r.month,
    previousMonth: previous?.month ?? null,
    previous: previous ? await rosterTotalsWithin(db, previous.id, f.divisionPrefix) : null,
    current: await rosterTotalsWithin(db, r.id, f.divisionPrefix),
    groups: groups
      .map((g) => ({
        change: g.change as RosterChange,
        changeLabel: ROSTER_CHANGE_LABELS[g.change as RosterChange],
        reasonCode: g.reasonCode,
        reasonLabel: rosterReasonLabel(g.reasonCode),
        subsidy: g.subsidy,
        subsidyLabel: SUBSIDY_SHORT_LABELS[g.subsidy],
        lines: g.lines,
        amountFen: g.amountFen,
        arrearsFen: g.arrearsFen,
      }))
      .sort(
        (a, b) =>
          CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) ||
          (a.reasonCode ?? '').localeCompare(b.reasonCode ?? '') ||
          a.subsidy.localeCompare(b.subsidy),
      ),
    byChange,
  };
}

// ----- to-dos ------------------------------------------------------------------------------------------

/** A township: its part of a frozen roster to confirm. The county: frozen rosters to sign. */
export async function rosterTodos(
  ctx: CoreContext,
  actor: Actor,
): Promise<{ line: string; kind: string; title: string; count: number; link: string }[]> {
  const db = ctx.db.kysely;
  if (actor.divisionCode.length === 9 && actor.permissions.has('disability:write')) {
    const rows = await rostersAwaitingTownship(db, actor.divisionCode);
    if (rows.length === 0) return [];
    return [
      {
        line: 'disability',
        kind: 'disability.roster-township-confirm',
        title: `发放名册待本乡镇（街道）确认：${rows.map((r) => r.month).join('、')}`,
        count: rows.length,
        link: `/disability/rosters/${encodeURIComponent(rows[0]!.id)}`,
      },
    ];
  }
  if (actor.divisionCode.length <= 6 && actor.permissions.has('disability:approve')) {
    const rows = await frozenRosters(db, scopePrefix(actor.divisionCode));
    if (rows.length === 0) return [];
    return [
      {
        line: 'disability',
        kind: 'disability.roster-sign',
        title: `发放名册待签批：${rows.map((r) => `${countyName(r.countyCode)} ${r.month}`).join('、')}`,
        count: rows.length,
        link: `/disability/rosters/${encodeURIComponent(rows[0]!.id)}`,
      },
    ];
  }
  return [];
}

/** The diff for its Excel export (audited: the export of a county's payment changes). */
export async function exportRosterDiff(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  query: Omit<RosterLinesQuery, 'q' | 'sort' | 'order' | 'page' | 'pageSize'> = {},
): Promise<RosterDiffView> {
  const diff = await rosterDiff(ctx, actor, id, query);
  await ctx.readAudit.record(actor, {
    action: 'disability.roster.diff-export',
    targetType: 'disability_roster',
    targetId: id,
    divisionCode: query.division ?? actor.divisionCode,
    details: { month: diff.month, change: query.change ?? null, reason: query.reason ?? null },
  });
  return diff;
}
