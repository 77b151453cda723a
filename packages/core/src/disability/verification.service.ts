/**
 * Comparison with other registries and the review queue (issue 18 item 6; rulebook §6 preamble, R-DIS-07).
 *
 * A comparison run checks every open entitlement of a county against the people index (deaths, merged
 * records, hukou moved out of the county), the 低保/特困 rolls (`assistanceStatusOn` on the compared day),
 * the certificate register (expired, frozen, cancelled) and the hukou move-out list imported from public
 * security (matched by resident id, or by name + birth date — a fuzzy match, marked as such). Each finding
 * is evidence for a reviewer, never a stop (ADR 0034): the township answers it (核实情况), the county
 * civil-affairs reviewer confirms it — then, and only then, `stopEntitlement` stops the subsidy from the
 * month after the event (R-DIS-07) — or dismisses it with a reason. A run is recorded with its counts and is
 * idempotent: a finding already open (or already decided for the same event) is not raised again.
 */
import {
  DomainError,
  getDivision,
  isPlainDate,
  maskResidentId,
  newId,
  todayPlainDate,
} from '@social-affairs/kernel';
import {
  authorize,
  ensureDivisionInScope,
  ensureVisible,
  scopeFilterFor,
  scopeDivisionName,
  systemActor,
  type Actor,
} from '../access/index';
import { assistanceStatusOn } from '../assistance/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Executor } from '../db/index';
import type { TodoItem } from '../line';
import { lockedVisibleEntitlement } from './disability.access';
import { disabilityConfig } from './disability.config';
import { STOP_REASON_LABELS, SUBSIDY_LABELS, type StopReason, type Subsidy } from './disability.table';
import { stopEntitlement } from './entitlements';
import { addMonthsToMonth, lastPaidMonthAfterEvent, monthOf, workingDaysAfter } from './rules';
import {
  compareSubjects,
  countiesWithOpenEntitlements,
  findFinding,
  findOpenFinding,
  findPersonBasics,
  findRun,
  findingForEvent,
  finishRun,
  insertFinding,
  insertRun,
  lastEndedMembership,
  lastHukouFactOn,
  listFindingRows,
  listRuns,
  lockFinding,
  movesOfPeople,
  pendingFindingIdsOfEntitlement,
  runOfMonth,
  updateFinding,
  type CompareRunRow,
  type CompareSubject,
  type FindingListRow,
  type FindingRow,
  type FindingSort,
} from './verification.repository';
import {
  FINDING_KIND_LABELS,
  FINDING_KINDS,
  FINDING_SOURCE_LABELS,
  FINDING_STATUS_LABELS,
  type FindingKind,
  type FindingSource,
  type FindingStatus,
} from './verification.table';

const notFound = (what: string) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);

export function today(ctx: CoreContext): string {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/** Holds at least one of the permissions (403 otherwise). */
export function authorizeAny(actor: Actor, perms: readonly string[]): void {
  if (!perms.some((p) => actor.permissions.has(p as never))) authorize(actor, perms[0] as never);
}

/** A finding the comparison (or a campaign) proposes, before it is written. */
export interface ProposedFinding {
  kind: FindingKind;
  reasonCode: StopReason;
  eventDate: string;
  source: FindingSource;
  sourceId: string | null;
  evidence: Record<string, unknown>;
  fuzzy: boolean;
  matchScore: number | null;
}

/** What the registries say about one open entitlement on `on` (pure of writes; reads only). */
export async function proposeFindings(
  ctx: CoreContext,
  db: Executor,
  s: CompareSubject,
  on: string,
  moves: readonly {
    id: string;
    movedOutOn: string;
    destination: string;
    destinationCode: string | null;
    matchedBy: string;
    matchScore: number | null;
  }[],
): Promise<ProposedFinding[]> {
  const cfg = disabilityConfig(ctx);
  const out: ProposedFinding[] = [];
  // (a) Deaths, following merged records to their survivor (a death recorded on either record counts).
  let person = { status: s.personStatus, deathDate: s.deathDate, mergedInto: s.mergedInto, id: s.personId };
  for (let i = 0; i < 6; i++) {
    if (person.status === 'deceased' || person.deathDate) {
      const eventDate = person.deathDate ?? on;
      out.push({
        kind: 'death',
        reasonCode: 'death',
        eventDate,
        source: 'people_index',
        sourceId: person.id,
        evidence: {
          deathDate: person.deathDate,
          recordedOn: person.id === s.personId ? '本人记录' : '合并后的人员记录',
          merged: person.id !== s.personId,
        },
        fuzzy: false,
        matchScore: null,
      });
      break;
    }
    if (!person.mergedInto) break;
    const next = await findPersonBasics(db, person.mergedInto);
    if (!next) break;
    person = next;
  }
  // (b) The 低保/特困 rolls on the compared day.
  const statuses = await assistanceStatusOn(db, s.personId, on);
  if (s.subsidy === 'living' && !statuses.some((x) => x.program === 'dibao')) {
    const ended = await lastEndedMembership(db, s.personId, 'dibao', on);
    if (ended) {
      out.push({
        kind: 'dibao_ended',
        reasonCode: 'dibao_ended',
        eventDate: ended.toDate,
        source: 'assistance_roll',
        sourceId: ended.id,
        evidence: {
          program: '低保',
          fromDate: ended.fromDate,
          toDate: ended.toDate,
          county: ended.divisionCode,
        },
        fuzzy: false,
        matchScore: null,
      });
    }
  }
  const tekun = statuses.find((x) => x.program === 'tekun');
  if (tekun && (s.subsidy === 'living' || !cfg.overlap.tekunKeepsCare)) {
    out.push({
      kind: 'tekun',
      reasonCode: 'overlap',
      eventDate: tekun.fromDate,
      source: 'assistance_roll',
      sourceId: null,
      evidence: {
        program: '特困',
        fromDate: tekun.fromDate,
        roll: tekun.source,
        rule: 'R-DIS-03：特困供养人员不享受两项补贴（lines.disability.overlap.tekunKeepsCare = false）',
      },
      fuzzy: false,
      matchScore: null,
    });
  }
  // (c) The certificate's status.
  if (s.certificateId && s.certificateStatus) {
    if (s.certificateStatus !== 'valid') {
      out.push({
        kind: 'certificate',
        reasonCode: `certificate_${s.certificateStatus}` as StopReason,
        eventDate: s.certificateStatusOn ?? s.certificateValidUntil ?? on,
        source: 'certificate_register',
        sourceId: s.certificateId,
        evidence: {
          status: s.certificateStatus,
          statusOn: s.certificateStatusOn,
          validUntil: s.certificateValidUntil,
        },
        fuzzy: false,
        matchScore: null,
      });
    } else if (s.certificateValidUntil && s.certificateValidUntil < on) {
      out.push({
        kind: 'certificate',
        reasonCode: 'certificate_expired',
        eventDate: s.certificateValidUntil,
        source: 'certificate_register',
        sourceId: s.certificateId,
        evidence: { status: 'valid', validUntil: s.certificateValidUntil, note: '有效期已过' },
        fuzzy: false,
        matchScore: null,
      });
    }
  }
  // (d) Hukou moves: the imported move-out list first (it has the day), then the people index's hukou.
  const move = moves.find((m) => !(m.destinationCode ?? '').startsWith(s.countyCode));
  if (move) {
    out.push({
      kind: 'moved_out',
      reasonCode: 'moved_out',
      eventDate: move.movedOutOn,
      source: 'hukou_move_list',
      sourceId: move.id,
      evidence: {
        movedOutOn: move.movedOutOn,
        destination: move.destination,
        matchedBy: move.matchedBy === 'fuzzy' ? '姓名+出生日期（模糊匹配）' : '公民身份号码',
      },
      fuzzy: move.matchedBy === 'fuzzy',
      matchScore: move.matchScore,
    });
  } else if (!s.hukouDivisionCode.startsWith(s.countyCode)) {
    const factAt = await lastHukouFactOn(db, s.personId);
    out.push({
      kind: 'moved_out',
      reasonCode: 'moved_out',
      eventDate: factAt ? factAt.slice(0, 10) : on,
      source: 'people_index',
      sourceId: s.personId,
      evidence: {
        hukouDivisionCode: s.hukouDivisionCode,
        hukouDivisionName: scopeDivisionName(s.hukouDivisionCode),
        recordedAt: factAt ?? null,
      },
      fuzzy: false,
      matchScore: null,
    });
  }
  return out;
}

/** Writes a proposed finding unless one is already open for the kind or was raised for the same event. */
export async function raiseFinding(
  ctx: CoreContext,
  db: Executor,
  s: { id: string; personId: string; subsidy: Subsidy; divisionCode: string; countyCode: string },
  p: ProposedFinding,
  opts: {
    on: string;
    runId: string | null;
    campaignId: string | null;
    status?: FindingStatus;
    answer?: string;
    answeredBy?: string;
  },
): Promise<{ id: string; created: boolean }> {
  const openKey = `${s.id}:${p.kind}`;
  const open = await findOpenFinding(db, openKey);
  if (open) return { id: open.id, created: false };
  if (p.kind !== 'campaign') {
    const same = await findingForEvent(db, s.id, p.kind, p.eventDate);
    if (same) return { id: same.id, created: false };
  }
  const cfg = disabilityConfig(ctx);
  const due = workingDaysAfter(opts.on, cfg.verification.answerWorkingDays);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  const answered = opts.status === 'answered';
  await insertFinding(db, {
    id,
    entitlementId: s.id,
    personId: s.personId,
    subsidy: s.subsidy,
    divisionCode: s.divisionCode,
    countyCode: s.countyCode,
    kind: p.kind,
    reasonCode: p.reasonCode,
    eventDate: p.eventDate,
    source: p.source,
    sourceId: p.sourceId,
    evidenceJson: JSON.stringify(p.evidence),
    fuzzy: p.fuzzy ? 1 : 0,
    matchScore: p.matchScore,
    status: opts.status ?? 'open',
    openKey,
    runId: opts.runId,
    campaignId: opts.campaignId,
    foundOn: opts.on,
    answerDueOn: due.dueOn,
    dueProvisional: due.provisional ? 1 : 0,
    answer: answered ? (opts.answer ?? null) : null,
    answerEvidence: null,
    answeredBy: answered ? (opts.answeredBy ?? null) : null,
    answeredAt: answered ? now : null,
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  return { id, created: true };
}

export interface CompareRunView {
  id: string;
  countyCode: string;
  countyName: string;
  month: string;
  comparedOn: string;
  trigger: 'job' | 'manual';
  triggerLabel: string;
  status: 'completed' | 'failed';
  entitlementsChecked: number;
  counts: Record<string, number>;
  newFindings: number;
  alreadyKnown: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

function presentRun(r: CompareRunRow): CompareRunView {
  return {
    id: r.id,
    countyCode: r.countyCode,
    countyName: scopeDivisionName(r.countyCode),
    month: r.month,
    comparedOn: r.comparedOn,
    trigger: r.runTrigger,
    triggerLabel: r.runTrigger === 'job' ? '每月自动比对' : '手动比对',
    status: r.status,
    entitlementsChecked: r.entitlementsChecked,
    counts: JSON.parse(r.countsJson) as Record<string, number>,
    newFindings: r.newFindings,
    alreadyKnown: r.alreadyKnown,
    error: r.error,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

/**
 * One comparison of a county's open entitlements on `on` (one transaction: the run, its findings and its
 * audit row). Stops nothing.
 */
export async function compareCounty(
  ctx: CoreContext,
  actor: Actor,
  countyCode: string,
  on: string,
  trigger: 'job' | 'manual',
): Promise<CompareRunView> {
  const runId = newId();
  const startedAt = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await insertRun(trx, {
      id: runId,
      countyCode,
      month: monthOf(on),
      comparedOn: on,
      runTrigger: trigger,
      status: 'completed',
      entitlementsChecked: 0,
      countsJson: '{}',
      newFindings: 0,
      alreadyKnown: 0,
      error: null,
      startedAt,
      finishedAt: null,
      createdBy: actor.userId ?? actor.username,
    });
    const subjects = await compareSubjects(trx, countyCode);
    const moves = await movesOfPeople(trx, countyCode, [...new Set(subjects.map((s) => s.personId))]);
    const movesBy = new Map<string, typeof moves>();
    for (const m of moves) movesBy.set(m.personId!, [...(movesBy.get(m.personId!) ?? []), m]);
    const counts: Record<string, number> = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0]));
    let created = 0;
    let known = 0;
    for (const s of subjects) {
      for (const p of await proposeFindings(ctx, trx, s, on, movesBy.get(s.personId) ?? [])) {
        const r = await raiseFinding(ctx, trx, s, p, { on, runId, campaignId: null });
        if (r.created) {
          created++;
          counts[p.kind] = (counts[p.kind] ?? 0) + 1;
        } else known++;
      }
    }
    await finishRun(trx, runId, {
      status: 'completed',
      entitlementsChecked: subjects.length,
      countsJson: JSON.stringify(counts),
      newFindings: created,
      alreadyKnown: known,
      error: null,
      finishedAt: ctx.clock.now().toISOString(),
    });
    await audit(ctx, trx, actor, {
      action: 'disability.compare.run',
      targetType: 'disability_compare_run',
      targetId: runId,
      divisionCode: countyCode,
      details: { on, trigger, checked: subjects.length, newFindings: created, alreadyKnown: known, counts },
    });
  });
  return presentRun((await findRun(ctx.db.kysely, runId))!);
}

/** A manual comparison by the county (a county-level account of the county, or above it). */
export async function startComparison(
  ctx: CoreContext,
  actor: Actor,
  input: { countyCode?: string | undefined; on?: string | undefined },
): Promise<CompareRunView> {
  authorizeAny(actor, ['disability:approve', 'disability:write', 'disability:manage']);
  const countyCode = input.countyCode ?? actor.divisionCode.slice(0, 6);
  if (actor.divisionCode.length > 6) {
    throw new DomainError(
      'forbidden',
      'DISABILITY_COMPARE_COUNTY_ONLY',
      '比对任务由县级部门发起：请联系县级民政部门',
    );
  }
  const d = getDivision(countyCode);
  if (!/^\d{6}$/.test(countyCode) || !d || d.level !== 'county') {
    throw new DomainError('invalid', 'DIVISION_NOT_COUNTY', '请选择一个县（市、区）发起比对', {
      field: 'countyCode',
    });
  }
  ensureDivisionInScope(actor, countyCode);
  const on = input.on ?? today(ctx);
  if (!isPlainDate(on) || on > today(ctx)) {
    throw new DomainError('invalid', 'DATE_INVALID', '比对日期应为不晚于今天的日期（YYYY-MM-DD）', {
      field: 'on',
    });
  }
  return compareCounty(ctx, actor, countyCode, on, 'manual');
}

/** The monthly job: every county with open entitlements not compared yet this month. */
export async function runMonthlyComparisons(ctx: CoreContext): Promise<Record<string, unknown>> {
  const on = today(ctx);
  const month = monthOf(on);
  let counties = 0;
  let findings = 0;
  for (const county of await countiesWithOpenEntitlements(ctx.db.kysely)) {
    if (await runOfMonth(ctx.db.kysely, county, month)) continue;
    const run = await compareCounty(ctx, systemActor('disability.compare', county), county, on, 'job');
    counties++;
    findings += run.newFindings;
  }
  return { month, counties, findings };
}

export async function listCompareRuns(
  ctx: CoreContext,
  actor: Actor,
  q: { page: number; pageSize: number },
): Promise<{ items: CompareRunView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  // A township sees its county's runs (the counts are the county's, no personal data).
  const scope = scopeFilterFor({ ...actor, divisionCode: actor.divisionCode.slice(0, 6) });
  const { rows, total } = await listRuns(ctx.db.kysely, scope, {
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  return { items: rows.map(presentRun), total, page: q.page, pageSize: q.pageSize };
}

// ----- the review queue -----

export interface FindingView {
  id: string;
  entitlementId: string;
  personId: string;
  personName: string;
  residentIdMasked: string | null;
  subsidy: Subsidy;
  subsidyLabel: string;
  divisionCode: string;
  divisionName: string;
  countyCode: string;
  kind: FindingKind;
  kindLabel: string;
  reasonCode: string;
  reasonLabel: string;
  eventDate: string;
  /** The first month a confirmation stops (the month after the event, R-DIS-07). */
  stopsFromMonth: string;
  source: FindingSource;
  sourceLabel: string;
  evidence: Record<string, unknown>;
  fuzzy: boolean;
  matchScore: number | null;
  status: FindingStatus;
  statusLabel: string;
  foundOn: string;
  answerDueOn: string;
  dueProvisional: boolean;
  /** Still waiting for the township after its due day. */
  overdue: boolean;
  answer: string | null;
  answerEvidence: string | null;
  answeredAt: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  runId: string | null;
  campaignId: string | null;
  version: number;
}

function presentFinding(ctx: CoreContext, r: FindingListRow): FindingView {
  return {
    id: r.id,
    entitlementId: r.entitlementId,
    personId: r.personId,
    personName: r.personName,
    residentIdMasked: r.residentId ? maskResidentId(r.residentId) : null,
    subsidy: r.subsidy,
    subsidyLabel: SUBSIDY_LABELS[r.subsidy],
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    countyCode: r.countyCode,
    kind: r.kind,
    kindLabel: FINDING_KIND_LABELS[r.kind],
    reasonCode: r.reasonCode,
    reasonLabel: STOP_REASON_LABELS[r.reasonCode] ?? r.reasonCode,
    eventDate: r.eventDate,
    stopsFromMonth: addMonthsToMonth(lastPaidMonthAfterEvent(r.eventDate), 1),
    source: r.source,
    sourceLabel: FINDING_SOURCE_LABELS[r.source],
    evidence: JSON.parse(r.evidenceJson) as Record<string, unknown>,
    fuzzy: r.fuzzy === 1,
    matchScore: r.matchScore,
    status: r.status,
    statusLabel: FINDING_STATUS_LABELS[r.status],
    foundOn: r.foundOn,
    answerDueOn: r.answerDueOn,
    dueProvisional: r.dueProvisional === 1,
    overdue: r.status === 'open' && r.answerDueOn < today(ctx),
    answer: r.answer,
    answerEvidence: r.answerEvidence,
    answeredAt: r.answeredAt,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
    runId: r.runId,
    campaignId: r.campaignId,
    version: r.version,
  };
}

export interface FindingsQuery {
  kind?: FindingKind | undefined;
  status?: FindingStatus | undefined;
  pending?: boolean | undefined;
  division?: string | undefined;
  runId?: string | undefined;
  campaignId?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
}

const FINDING_SORTS: readonly FindingSort[] = ['answerDueOn', 'eventDate', 'foundOn', 'kind', 'divisionCode'];

function findingFilter(actor: Actor, q: FindingsQuery) {
  if (q.division) ensureDivisionInScope(actor, q.division);
  const desc = q.sort?.startsWith('-') ?? false;
  const field = (q.sort?.replace(/^-/, '') ?? 'answerDueOn') as FindingSort;
  return {
    filter: {
      scope: scopeFilterFor(actor, q.division),
      kind: q.kind,
      status: q.status,
      pending: q.pending,
      runId: q.runId,
      campaignId: q.campaignId,
      q: q.q?.trim() || undefined,
    },
    sort: { field: FINDING_SORTS.includes(field) ? field : 'answerDueOn', desc },
  };
}

/** The review queue (what is due first by default), audited as a read of personal data. */
export async function listFindings(
  ctx: CoreContext,
  actor: Actor,
  q: FindingsQuery & { page: number; pageSize: number },
): Promise<{ items: FindingView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const { filter, sort } = findingFilter(actor, q);
  const { rows, total } = await listFindingRows(ctx.db.kysely, filter, {
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    ...sort,
  });
  await ctx.readAudit.record(actor, {
    action: 'disability.finding.list',
    targetType: 'disability_finding',
    divisionCode: q.division ?? actor.divisionCode,
    details: { kind: q.kind ?? null, status: q.status ?? null, page: q.page, rows: total },
  });
  return { items: rows.map((r) => presentFinding(ctx, r)), total, page: q.page, pageSize: q.pageSize };
}

export async function exportFindings(
  ctx: CoreContext,
  actor: Actor,
  q: FindingsQuery,
): Promise<AsyncIterable<FindingView>> {
  authorize(actor, 'disability:read');
  const { filter, sort } = findingFilter(actor, q);
  const { rows, total } = await listFindingRows(ctx.db.kysely, filter, {
    offset: 0,
    limit: 100_000,
    ...sort,
  });
  await ctx.readAudit.record(actor, {
    action: 'disability.finding.export',
    targetType: 'disability_finding',
    divisionCode: q.division ?? actor.divisionCode,
    details: { kind: q.kind ?? null, status: q.status ?? null, rows: total },
  });
  return (async function* () {
    for (const r of rows) yield presentFinding(ctx, r);
  })();
}

async function visibleFinding(db: Executor, actor: Actor, id: string): Promise<FindingRow> {
  const row = await findFinding(db, id);
  if (!row) throw notFound('比对核查结果');
  ensureVisible(actor, row.divisionCode, '比对核查结果');
  return row;
}

async function findingView(ctx: CoreContext, db: Executor, row: FindingRow): Promise<FindingView> {
  const p = await findPersonBasics(db, row.personId);
  return presentFinding(ctx, { ...row, personName: p?.name ?? '', residentId: p?.residentId ?? null });
}

export async function getFinding(ctx: CoreContext, actor: Actor, id: string): Promise<FindingView> {
  authorize(actor, 'disability:read');
  const row = await visibleFinding(ctx.db.kysely, actor, id);
  await ctx.readAudit.record(actor, {
    action: 'disability.finding.read',
    targetType: 'disability_finding',
    targetId: id,
    divisionCode: row.divisionCode,
    subjectPersonId: row.personId,
  });
  return findingView(ctx, ctx.db.kysely, row);
}

const decided = (row: FindingRow) =>
  new DomainError('conflict', 'DISABILITY_FINDING_DECIDED', '该核查结果已复核办结，不能再修改', {
    findingId: row.id,
    status: row.status,
  });

function checkVersion(row: { version: number; id: string }, version: number | undefined): void {
  // The row was bumped by the lock: the caller's version is the one before.
  if (version !== undefined && version !== row.version - 1) {
    throw new DomainError('conflict', 'VERSION_CONFLICT', '该记录已被他人修改，请刷新后重试', {
      id: row.id,
    });
  }
}

async function lockedVisibleFinding(db: Executor, actor: Actor, id: string): Promise<FindingRow> {
  await visibleFinding(db, actor, id);
  const row = await lockFinding(db, id);
  if (!row) throw notFound('比对核查结果');
  return row;
}

/** Township self-check of a finding: 核实情况 and the evidence seen (the township of the entitlement, or the county). */
export async function answerFinding(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { answer: string; evidence?: string | null | undefined; version?: number | undefined },
): Promise<FindingView> {
  authorize(actor, 'disability:write');
  const answer = input.answer.trim();
  if (answer.length < 2) {
    throw new DomainError('invalid', 'DISABILITY_ANSWER_REQUIRED', '请填写核实情况（至少 2 个字）', {
      field: 'answer',
    });
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await lockedVisibleFinding(trx, actor, id);
    checkVersion(row, input.version);
    if (row.status !== 'open' && row.status !== 'answered') throw decided(row);
    const now = ctx.clock.now().toISOString();
    await updateFinding(trx, id, {
      status: 'answered',
      answer,
      answerEvidence: input.evidence?.trim() || null,
      answeredBy: actor.userId ?? actor.username,
      answeredAt: now,
      updatedAt: now,
    });
    await audit(ctx, trx, actor, {
      action: 'disability.finding.answer',
      targetType: 'disability_finding',
      targetId: id,
      divisionCode: row.divisionCode,
      subjectPersonId: row.personId,
      details: { kind: row.kind },
    });
    return findingView(ctx, trx, (await findFinding(trx, id))!);
  });
}

/**
 * The county reviewer confirms a finding the township has answered: the entitlement stops from the month
 * after the event (R-DIS-07) with the finding's reason code (a death-type finding: `death`). Other open
 * findings of the same entitlement are closed with it.
 */
export async function confirmFinding(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { note: string; eventDate?: string | undefined; version?: number | undefined },
): Promise<FindingView> {
  authorize(actor, 'disability:approve');
  const note = input.note.trim();
  if (note.length < 2) {
    throw new DomainError('invalid', 'DISABILITY_DECISION_NOTE_REQUIRED', '请填写复核意见（至少 2 个字）', {
      field: 'note',
    });
  }
  if (input.eventDate !== undefined && (!isPlainDate(input.eventDate) || input.eventDate > today(ctx))) {
    throw new DomainError('invalid', 'DATE_INVALID', '事件日期应为不晚于今天的日期（YYYY-MM-DD）', {
      field: 'eventDate',
    });
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await lockedVisibleFinding(trx, actor, id);
    checkVersion(row, input.version);
    if (row.status === 'open') {
      throw new DomainError(
        'conflict',
        'DISABILITY_FINDING_NOT_ANSWERED',
        '乡镇（街道）尚未核实该结果：请待乡镇填写核实情况后再复核确认',
        { findingId: id },
      );
    }
    if (row.status !== 'answered') throw decided(row);
    const ent = await lockedVisibleEntitlement(trx, actor, row.entitlementId);
    const eventDate = input.eventDate ?? row.eventDate;
    const now = ctx.clock.now().toISOString();
    const stopped = await stopEntitlement(
      trx,
      actor,
      ent,
      { reason: row.reasonCode, eventDate, source: 'comparison', sourceId: id, note },
      now,
    );
    const by = actor.userId ?? actor.username;
    await updateFinding(trx, id, {
      status: 'confirmed',
      openKey: null,
      decidedBy: by,
      decidedAt: now,
      decisionNote: note,
      updatedAt: now,
    });
    // The entitlement has stopped: its other pending findings need no decision any more.
    const others = await pendingFindingIdsOfEntitlement(trx, row.entitlementId);
    for (const o of others) {
      await updateFinding(trx, o, {
        status: 'dismissed',
        openKey: null,
        decidedBy: by,
        decidedAt: now,
        decisionNote: '补贴已因另一核查结果确认停发，本条无需再处理',
        updatedAt: now,
      });
    }
    await audit(ctx, trx, actor, {
      action: 'disability.finding.confirm',
      targetType: 'disability_finding',
      targetId: id,
      divisionCode: row.divisionCode,
      subjectPersonId: row.personId,
      details: {
        kind: row.kind,
        reason: row.reasonCode,
        eventDate,
        entitlementId: row.entitlementId,
        lastPaidMonth: stopped.row.toMonth,
        alreadyStopped: !stopped.changed,
        closedWithIt: others.length,
      },
    });
    return findingView(ctx, trx, (await findFinding(trx, id))!);
  });
}

/** The reviewer dismisses a finding (a false match, a registry error) with a reason: nothing stops. */
export async function dismissFinding(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { reason: string; version?: number | undefined },
): Promise<FindingView> {
  authorize(actor, 'disability:approve');
  const reason = input.reason.trim();
  if (reason.length < 2) {
    throw new DomainError(
      'invalid',
      'DISABILITY_DISMISS_REASON_REQUIRED',
      '请填写排除理由（如：误匹配，至少 2 个字）',
      {
        field: 'reason',
      },
    );
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await lockedVisibleFinding(trx, actor, id);
    checkVersion(row, input.version);
    if (row.status !== 'open' && row.status !== 'answered') throw decided(row);
    const now = ctx.clock.now().toISOString();
    await updateFinding(trx, id, {
      status: 'dismissed',
      openKey: null,
      decidedBy: actor.userId ?? actor.username,
      decidedAt: now,
      decisionNote: reason,
      updatedAt: now,
    });
    await audit(ctx, trx, actor, {
      action: 'disability.finding.dismiss',
      targetType: 'disability_finding',
      targetId: id,
      divisionCode: row.divisionCode,
      subjectPersonId: row.personId,
      details: { kind: row.kind, reason },
    });
    return findingView(ctx, trx, (await findFinding(trx, id))!);
  });
}

/** To-dos: findings the township must answer, and answered findings the county must decide. */
export async function verificationTodos(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const out: TodoItem[] = [];
  const scope = scopeFilterFor(actor);
  const count = async (status: FindingStatus) => {
    const { rows, total } = await listFindingRows(
      ctx.db.kysely,
      { scope, status },
      { offset: 0, limit: 1, field: 'answerDueOn', desc: false },
    );
    return { total, dueOn: rows[0]?.answerDueOn };
  };
  if (actor.permissions.has('disability:write')) {
    const { total, dueOn } = await count('open');
    if (total > 0)
      out.push({
        line: 'disability',
        kind: 'disability.finding-answer',
        title: '比对核查结果待乡镇核实',
        count: total,
        ...(dueOn ? { dueOn } : {}),
        link: '/disability/verification?status=open',
      });
  }
  if (actor.permissions.has('disability:approve')) {
    const { total, dueOn } = await count('answered');
    if (total > 0)
      out.push({
        line: 'disability',
        kind: 'disability.finding-decide',
        title: '比对核查结果待县级复核',
        count: total,
        ...(dueOn ? { dueOn } : {}),
        link: '/disability/verification?status=answered',
      });
  }
  return out;
}
