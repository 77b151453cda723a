/**
 * Policy finds people (数据找人, issue 18 item 7; rulebook §6 preamble — the 2022 精准管理 notice pushes newly
 * certified and newly 低保 people to township staff as reminders that must be followed up and recorded):
 *
 * - the lists of people eligible but neither receiving nor applying (R-DIS-01 with R-DIS-03): grade 1–2
 *   valid certificate holders without care (plus the grade 3–4 intellectual/mental extension where it is
 *   in force), disabled members of 低保 households without the living subsidy, and the newly certified /
 *   newly 低保 among them; set-based SQL in outreach.repository.ts;
 * - reminders for the township of the hukou, one open per person and subsidy, with the outcome the worker
 *   records; refreshed by the monthly job `disability.outreach-refresh` and on demand by the county;
 * - coverage by division: recipients ÷ eligible, with the list behind each number.
 *
 * The day that decides every fact is the day of the list (today on the Beijing calendar): the certificate
 * valid on it, the roll membership in force on it, the extension in force on it.
 */
import {
  DISABILITY_CATEGORY_LABELS,
  DISABILITY_GRADE_LABELS,
  DomainError,
  addDays,
  maskResidentId,
  newId,
  todayPlainDate,
  zonedDayStart,
  type DisabilityCategory,
  type DisabilityGrade,
  type PlainDate,
} from '@social-affairs/kernel';
import type {
  OutreachCandidateRowDto,
  OutreachCandidatesQueryDto,
  OutreachCoverageDto,
  OutreachCoverageFiguresDto,
  OutreachOutcomeBodyDto,
  OutreachRefreshResultDto,
  OutreachReminderViewDto,
  OutreachRemindersQueryDto,
} from '@social-affairs/kernel/contracts/disability';
import {
  authorize,
  ensureVisible,
  scopeDivisionName,
  scopeFilterFor,
  scopePrefix,
  systemActor,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { LineJob, TodoItem, TodoSource } from '../line';
import { parseSort } from '@social-affairs/kernel/contracts';
import { disabilityConfig } from './disability.config';
import { visibleApplication } from './disability.access';
import { SUBSIDY_SHORT_LABELS, type Subsidy } from './disability.table';
import {
  candidatePage,
  closeReminder,
  countCandidates,
  countList,
  countOpenReminders,
  countReminders,
  coverageGrouped,
  findReminder,
  insertReminders,
  insertRun,
  lapseReminders,
  lastRun,
  openReminderSummary,
  reminderPage,
  type CandidateRow,
  type OutreachList,
  type OutreachSlice,
  type ReminderFilter,
  type ReminderLedgerRow,
} from './outreach.repository';
import {
  OUTREACH_OUTCOME_LABELS,
  OUTREACH_STATUS_LABELS,
  OUTREACH_TRIGGER_LABELS,
  type OutreachOutcome,
} from './outreach.table';

const today = (ctx: CoreContext) => todayPlainDate(ctx.config.timeZone, ctx.clock.now());

const categoryLabel = (n: number) => DISABILITY_CATEGORY_LABELS[n as DisabilityCategory] ?? String(n);
const gradeLabel = (n: number) => DISABILITY_GRADE_LABELS[n as DisabilityGrade] ?? String(n);

/**
 * The slice of a list for a division prefix on a day: the "new" window (`newWithinDays`), the province,
 * the care extension's prefixes in force (longest first), the 特困 reading.
 */
export function outreachSliceOf(ctx: CoreContext, divisionPrefix: string, on?: string): OutreachSlice {
  const cfg = disabilityConfig(ctx);
  const day = (on ?? today(ctx)) as PlainDate;
  const since = addDays(day, -cfg.outreach.newWithinDays);
  // Extension per prefix: the latest started entry of each prefix decides (extensionOf semantics).
  const byPrefix = new Map<string, { from: string; on: boolean }>();
  for (const e of cfg.extensions) {
    if (e.from > day) continue;
    const seen = byPrefix.get(e.divisionCode);
    if (!seen || seen.from < e.from)
      byPrefix.set(e.divisionCode, { from: e.from, on: e.careGrade34IntellectualMental });
  }
  const careExtension = [...byPrefix.entries()]
    .map(([prefix, v]) => ({ prefix, on: v.on }))
    .sort((a, b) => b.prefix.length - a.prefix.length || a.prefix.localeCompare(b.prefix));
  return {
    today: day,
    since,
    sinceInstant: zonedDayStart(since, ctx.config.timeZone),
    provincePrefix: cfg.outreach.provincePrefix,
    divisionPrefix,
    careExtension,
    tekunKeepsCare: cfg.overlap.tekunKeepsCare,
  };
}

function candidateView(r: CandidateRow): OutreachCandidateRowDto {
  return {
    personId: r.personId,
    name: r.name,
    residentIdMasked: r.residentId ? maskResidentId(r.residentId) : null,
    sex: r.sex,
    birthDate: r.birthDate,
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    certificateId: r.certificateId,
    category: Number(r.category),
    categoryLabel: categoryLabel(Number(r.category)),
    grade: Number(r.grade),
    gradeLabel: gradeLabel(Number(r.grade)),
    issuedOn: r.issuedOn,
    subsidy: r.subsidy,
    subsidyLabel: SUBSIDY_SHORT_LABELS[r.subsidy],
    foundBy: r.foundBy,
    foundByLabel: OUTREACH_TRIGGER_LABELS[r.foundBy],
    reminderId: r.reminderId,
  };
}

type CandidatesQuery = Omit<OutreachCandidatesQueryDto, 'list'> & { list?: OutreachList | undefined };

function candidateFilter(q: CandidatesQuery) {
  const sort = parseSort(q.sort);
  return { list: q.list ?? 'care', q: q.q, ...(sort ? { sort } : {}) };
}

/** One page of a list (audited read: names of people the registries show as disabled). */
export async function outreachCandidates(
  ctx: CoreContext,
  actor: Actor,
  q: CandidatesQuery & { page: number; pageSize: number },
) {
  authorize(actor, 'disability:read');
  const s = outreachSliceOf(ctx, scopeFilterFor(actor, q.division).divisionPrefix);
  const f = candidateFilter(q);
  const db = ctx.db.kysely;
  const [rows, total] = await Promise.all([
    candidatePage(db, s, f, q.pageSize, (q.page - 1) * q.pageSize),
    countCandidates(db, s, f),
  ]);
  await ctx.readAudit.record(actor, {
    action: 'disability.outreach.list',
    targetType: 'person',
    divisionCode: q.division ?? actor.divisionCode,
    details: { list: f.list, rows: rows.length, byName: Boolean(q.q) },
  });
  return { items: rows.map(candidateView), total, page: q.page, pageSize: q.pageSize };
}

/** Every row of a list (Excel export), after the same checks; audited. */
export async function exportOutreachCandidates(
  ctx: CoreContext,
  actor: Actor,
  q: CandidatesQuery,
): Promise<AsyncIterable<OutreachCandidateRowDto>> {
  authorize(actor, 'disability:read');
  const s = outreachSliceOf(ctx, scopeFilterFor(actor, q.division).divisionPrefix);
  const f = candidateFilter(q);
  await ctx.readAudit.record(actor, {
    action: 'disability.outreach.export',
    targetType: 'person',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: { ...q, q: q.q ? '***' : undefined } },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 2000) {
      const rows = await candidatePage(ctx.db.kysely, s, f, 2000, offset);
      for (const r of rows) yield candidateView(r);
      if (rows.length < 2000) return;
    }
  })();
}

// ----- reminders --------------------------------------------------------------------------------------------

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function reminderView(r: ReminderLedgerRow, on: string): OutreachReminderViewDto {
  return {
    id: r.id,
    personId: r.personId,
    name: r.name,
    residentIdMasked: r.residentId ? maskResidentId(r.residentId) : null,
    sex: r.sex,
    subsidy: r.subsidy,
    subsidyLabel: SUBSIDY_SHORT_LABELS[r.subsidy],
    foundBy: r.foundBy,
    foundByLabel: OUTREACH_TRIGGER_LABELS[r.foundBy],
    grade: r.grade,
    category: r.category,
    certificateLabel:
      r.grade !== null && r.category !== null ? `${categoryLabel(r.category)}${gradeLabel(r.grade)}` : null,
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    foundOn: r.foundOn,
    waitingDays: Math.max(0, daysBetween(r.foundOn, r.outcomeOn ?? r.lapsedOn ?? on)),
    status: r.status,
    statusLabel: OUTREACH_STATUS_LABELS[r.status],
    outcome: r.outcome,
    outcomeLabel: r.outcome ? OUTREACH_OUTCOME_LABELS[r.outcome] : null,
    outcomeNote: r.outcomeNote,
    applicationId: r.applicationId,
    applicationNo: r.applicationNo,
    outcomeOn: r.outcomeOn,
    lapsedOn: r.lapsedOn,
  };
}

function reminderFilter(actor: Actor, q: OutreachRemindersQueryDto): ReminderFilter {
  const sort = parseSort(q.sort);
  return {
    divisionPrefix: scopeFilterFor(actor, q.division).divisionPrefix,
    status: q.status,
    subsidy: q.subsidy,
    foundBy: q.foundBy,
    outcome: q.outcome,
    q: q.q,
    ...(sort ? { sort } : {}),
  };
}

/** The reminders ledger (提醒台账): filter, sort, page; audited read. */
export async function outreachReminders(
  ctx: CoreContext,
  actor: Actor,
  q: OutreachRemindersQueryDto & { page: number; pageSize: number },
) {
  authorize(actor, 'disability:read');
  const f = reminderFilter(actor, q);
  const db = ctx.db.kysely;
  const [rows, total] = await Promise.all([
    reminderPage(db, f, q.pageSize, (q.page - 1) * q.pageSize),
    countReminders(db, f),
  ]);
  await ctx.readAudit.record(actor, {
    action: 'disability.outreach.reminders',
    targetType: 'disability_outreach_reminder',
    divisionCode: q.division ?? actor.divisionCode,
    details: { rows: rows.length, byName: Boolean(q.q) },
  });
  const on = today(ctx);
  return { items: rows.map((r) => reminderView(r, on)), total, page: q.page, pageSize: q.pageSize };
}

export async function exportOutreachReminders(
  ctx: CoreContext,
  actor: Actor,
  q: OutreachRemindersQueryDto,
): Promise<AsyncIterable<OutreachReminderViewDto>> {
  authorize(actor, 'disability:read');
  const f = reminderFilter(actor, q);
  await ctx.readAudit.record(actor, {
    action: 'disability.outreach.reminders.export',
    targetType: 'disability_outreach_reminder',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: { ...q, q: q.q ? '***' : undefined } },
  });
  const on = today(ctx);
  return (async function* () {
    for (let offset = 0; ; offset += 2000) {
      const rows = await reminderPage(ctx.db.kysely, f, 2000, offset);
      for (const r of rows) yield reminderView(r, on);
      if (rows.length < 2000) return;
    }
  })();
}

const NOTE_NEEDED: readonly OutreachOutcome[] = ['not_eligible', 'moved'];

/**
 * Records what the worker found (跟进反馈): applied (with the application, which must be the person's and
 * visible), not eligible (reason required), refused by the person, unreachable, moved (where to). Only an
 * open reminder takes an outcome (409 otherwise); a reminder outside the actor's scope answers 404.
 */
export async function recordOutreachOutcome(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: OutreachOutcomeBodyDto,
): Promise<OutreachReminderViewDto> {
  authorize(actor, 'disability:write');
  const db = ctx.db.kysely;
  const seen = await findReminder(db, id);
  if (!seen) throw new DomainError('not_found', 'NOT_FOUND', '找人提醒不存在或不在您的管辖范围内');
  ensureVisible(actor, seen.divisionCode, '找人提醒');
  const note = body.note?.trim() ? body.note.trim() : null;
  if (NOTE_NEEDED.includes(body.outcome) && !note) {
    throw new DomainError(
      'invalid',
      'OUTREACH_NOTE_REQUIRED',
      body.outcome === 'moved'
        ? '请填写迁往何处或现居住地'
        : '请填写不符合条件的原因（如：已享受同类补贴、特困供养等）',
      { field: 'note' },
    );
  }
  let applicationId: string | null = null;
  if (body.outcome === 'applied') {
    if (!body.applicationId) {
      throw new DomainError('invalid', 'OUTREACH_APPLICATION_REQUIRED', '请选择此人已提交的补贴申请', {
        field: 'applicationId',
      });
    }
    const app = await visibleApplication(db, actor, body.applicationId);
    if (app.personId !== seen.personId) {
      throw new DomainError(
        'invalid',
        'OUTREACH_APPLICATION_OTHER_PERSON',
        '所选申请不是此人的申请：请选择本人的补贴申请',
        {
          field: 'applicationId',
        },
      );
    }
    applicationId = app.id;
  } else if (body.applicationId) {
    throw new DomainError('invalid', 'OUTREACH_APPLICATION_UNEXPECTED', '只有“已引导申请”时才关联补贴申请', {
      field: 'applicationId',
    });
  }
  const now = ctx.clock.now().toISOString();
  const on = today(ctx);
  await db.transaction().execute(async (trx) => {
    const n = await closeReminder(trx, id, {
      outcome: body.outcome,
      outcomeNote: note,
      applicationId,
      outcomeOn: on,
      outcomeBy: actor.username,
      updatedAt: now,
    });
    if (n === 0) {
      throw new DomainError(
        'conflict',
        'OUTREACH_NOT_OPEN',
        '此提醒已反馈或已自动销号，不能再次反馈：请刷新后查看',
        {
          reminderId: id,
        },
      );
    }
    await audit(ctx, trx, actor, {
      action: 'disability.outreach.outcome',
      targetType: 'disability_outreach_reminder',
      targetId: id,
      divisionCode: seen.divisionCode,
      subjectPersonId: seen.personId,
      details: { outcome: body.outcome, subsidy: seen.subsidy, applicationId },
    });
  });
  const [row] = await reminderPage(db, { divisionPrefix: seen.divisionCode, id }, 1, 0);
  return reminderView(row!, on);
}

/**
 * The refresh (set-based, one transaction): lapses open reminders whose person is off the list, then
 * creates one for every person on a list without an open reminder and without an outcome in the quiet
 * period. Idempotent: a second run the same day creates nothing.
 */
export async function runOutreachRefresh(
  ctx: CoreContext,
  actor: Actor,
  divisionPrefix: string,
  divisionCode: string,
): Promise<OutreachRefreshResultDto> {
  const cfg = disabilityConfig(ctx);
  const s = outreachSliceOf(ctx, divisionPrefix);
  const runId = newId();
  const startedAt = ctx.clock.now().toISOString();
  const quietSince = addDays(s.today as PlainDate, -cfg.outreach.quietDaysAfterOutcome);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    let lapsed = 0;
    let created = 0;
    for (const subsidy of ['care', 'living'] as const satisfies readonly Subsidy[]) {
      lapsed += await lapseReminders(trx, s, subsidy, startedAt, ctx.db.dialect);
    }
    created += await insertReminders(trx, s, { id: runId, now: startedAt, quietSince });
    const stillOpen = await countOpenReminders(trx, divisionPrefix);
    const result = { runId, divisionCode, ranOn: s.today, created, lapsed, stillOpen };
    await insertRun(trx, {
      id: runId,
      divisionCode,
      ranOn: s.today,
      created,
      lapsed,
      stillOpen,
      actorId: actor.username,
      startedAt,
      finishedAt: ctx.clock.now().toISOString(),
    });
    await audit(ctx, trx, actor, {
      action: 'disability.outreach.refresh',
      targetType: 'disability_outreach_run',
      targetId: runId,
      divisionCode,
      details: { created, lapsed, stillOpen },
    });
    return result;
  });
}

/** On demand by the county (or a city/province supervisor): a township cannot refresh its county. */
export async function refreshOutreach(
  ctx: CoreContext,
  actor: Actor,
  body: { division?: string | undefined },
): Promise<OutreachRefreshResultDto> {
  if (!actor.permissions.has('disability:manage')) authorize(actor, 'disability:write');
  const code = body.division ?? actor.divisionCode;
  const prefix = scopeFilterFor(actor, code).divisionPrefix;
  if (actor.divisionCode.length > 6 || code.length > 6) {
    throw new DomainError(
      'forbidden',
      'OUTREACH_REFRESH_COUNTY_ONLY',
      '数据找人名单由县级及以上部门刷新：乡镇（街道）请在提醒台账中跟进反馈',
      { field: 'division' },
    );
  }
  return runOutreachRefresh(ctx, actor, prefix, code);
}

/**
 * The monthly job: checks once a day and refreshes the whole province when the last province-wide run is
 * `outreach.refreshEveryDays` old (a timer cannot wait a month: Node caps a timeout at about 24.8 days).
 */
export const outreachRefreshJob: LineJob = {
  name: 'disability.outreach-refresh',
  description: '数据找人：按残疾人证、低保名单和补贴发放情况刷新推送给乡镇（街道）的提醒（每月一次）',
  intervalMinutes: () => 1_440,
  runAtStart: false,
  run: async (ctx) => {
    const cfg = disabilityConfig(ctx).outreach;
    const province = `${cfg.provincePrefix}0000`;
    const last = await lastRun(ctx.db.kysely, [province]);
    const due = addDays(today(ctx), -cfg.refreshEveryDays);
    if (last && last.ranOn > due) return { skipped: true, lastRanOn: last.ranOn };
    const r = await runOutreachRefresh(
      ctx,
      systemActor('disability.outreach-refresh', province),
      cfg.provincePrefix,
      province,
    );
    return { created: r.created, lapsed: r.lapsed, stillOpen: r.stillOpen };
  },
};

// ----- coverage -----------------------------------------------------------------------------------------------

const rateOf = (covered: number, eligible: number) =>
  eligible > 0 ? Math.round((covered / eligible) * 10_000) / 10_000 : null;

const zero = (): OutreachCoverageFiguresDto => ({
  eligible: 0,
  covered: 0,
  applying: 0,
  unserved: 0,
  rate: null,
});

/** The child divisions' code length under a division code (county → townships, city → counties…). */
export function childLengthOf(code: string): number {
  if (code.length === 9) return 9;
  const prefix = scopePrefix(code);
  if (prefix.length <= 2) return prefix.length === 0 ? 2 : 4;
  if (prefix.length === 4) return 6;
  return 9;
}

export function childCodeOf(child: string): string {
  if (child.length === 2) return `${child}0000`;
  if (child.length === 4) return `${child}00`;
  return child;
}

/**
 * Coverage by child division (recipients ÷ eligible, R-DIS-01 facts today): care among grade 1–2 holders
 * (and the extension), living among disabled 低保 members; how many of the eligible are applying, and how
 * many neither receive nor apply (the lists). Plus the list counts and the open reminders of the scope.
 */
export async function outreachCoverage(
  ctx: CoreContext,
  actor: Actor,
  q: { division?: string | undefined },
): Promise<OutreachCoverageDto> {
  authorize(actor, 'disability:read');
  const code = q.division ?? actor.divisionCode;
  const prefix = scopeFilterFor(actor, code).divisionPrefix;
  const s = outreachSliceOf(ctx, prefix);
  const db = ctx.db.kysely;
  const childLength = childLengthOf(code);
  const [care, living, ...counts] = await Promise.all([
    coverageGrouped(db, s, 'care', childLength),
    coverageGrouped(db, s, 'living', childLength),
    countList(db, s, 'care'),
    countList(db, s, 'living'),
    countList(db, s, 'new_certificate'),
    countList(db, s, 'new_dibao'),
    countOpenReminders(db, prefix),
    lastRun(db, [prefix, code, code.slice(0, 6), `${code.slice(0, 4)}00`, `${s.provincePrefix}0000`]),
  ]);
  const [cCare, cLiving, cNewCert, cNewDibao, open, run] = counts;
  const rows = new Map<string, OutreachCoverageDto['rows'][number]>();
  const rowOf = (child: string) => {
    const c = childCodeOf(child);
    let r = rows.get(c);
    if (!r) {
      r = { divisionCode: c, divisionName: scopeDivisionName(c), care: zero(), living: zero() };
      rows.set(c, r);
    }
    return r;
  };
  const totals = { care: zero(), living: zero() };
  for (const [subsidy, groups] of [
    ['care', care],
    ['living', living],
  ] as const) {
    for (const g of groups) {
      const f = rowOf(g.child)[subsidy];
      f.eligible += Number(g.eligible);
      f.covered += Number(g.covered ?? 0);
      f.applying += Number(g.applying ?? 0);
    }
  }
  const finish = (f: OutreachCoverageFiguresDto) => {
    f.unserved = f.eligible - f.covered - f.applying;
    f.rate = rateOf(f.covered, f.eligible);
  };
  for (const r of rows.values()) {
    for (const k of ['care', 'living'] as const) {
      finish(r[k]);
      totals[k].eligible += r[k].eligible;
      totals[k].covered += r[k].covered;
      totals[k].applying += r[k].applying;
    }
  }
  finish(totals.care);
  finish(totals.living);
  return {
    asOf: s.today,
    division: { code, name: scopeDivisionName(code) },
    rows: [...rows.values()].sort((a, b) => a.divisionCode.localeCompare(b.divisionCode)),
    totals,
    lists: { care: cCare, living: cLiving, new_certificate: cNewCert, new_dibao: cNewDibao },
    openReminders: open,
    lastRun: run
      ? { ranOn: run.ranOn, created: run.created, lapsed: run.lapsed, divisionCode: run.divisionCode }
      : null,
  };
}

// ----- to-dos --------------------------------------------------------------------------------------------------

export const outreachTodos: readonly TodoSource[] = [
  {
    name: 'disability.outreach-reminders',
    permission: 'disability:write',
    load: async (ctx, actor): Promise<TodoItem[]> => {
      const { n, oldest } = await openReminderSummary(ctx.db.kysely, scopePrefix(actor.divisionCode));
      if (n === 0) return [];
      return [
        {
          line: 'disability',
          kind: 'disability.outreach-reminders',
          title: '数据找人提醒待跟进（符合条件未享受补贴）',
          count: n,
          ...(oldest ? { dueOn: oldest } : {}),
          link: '/disability/outreach?status=open',
        },
      ];
    },
  },
];
