/**
 * The seven prescribed actions (七个规定动作, R-RES-10) of a rescue case, their deadlines (R-RES-09, from
 * `periods.ts` only), the closing rule (R-RES-10 TC: an unidentified person's case closes as long-term
 * stranded or settled only with all seven logged), the DNA/face evidence for settlement (R-RES-12) and
 * the workbench deadline board (期限看板). The log is append-only: a correction is a new entry that
 * supersedes an earlier one, with a reason.
 */
import { DomainError, newId, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import {
  RESCUE_ACTION_EVIDENCE_KINDS,
  RESCUE_ACTION_STEP_LABELS,
  RESCUE_EXTRA_STEPS,
  RESCUE_SEVEN_STEPS,
  type LogRescueActionBody,
  type RescueActionEntryDto,
  type RescueActionStep,
  type RescueBoardDto,
  type RescueCaseActionStatusDto,
  type RescueDueItemDto,
  type RescueStepStatusDto,
} from '@social-affairs/kernel/contracts/rescue';
import { authorize, displayNameIn, displayNamesOf, scopeFilterFor, type Actor } from '../access/index';
import { approvalDueDate } from '../approvals/index';
import { citedAttachments } from '../attachments/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Executor } from '../db/index';
import {
  actionLogOfCase,
  actionLogOfCases,
  entrySupersedingId,
  findActionLog,
  findSearchNotice,
  insertActionLog,
  openCasesInScope,
  personNames,
  searchNoticesOfCase,
  stationNamesOf,
  stationsInScope,
  type RescueActionLogRow,
} from './actions.repository';
import { ensureCaseOpen, lockedVisibleCase, visibleCase, visibleStation } from './cases.access';
import { recordersNamed } from './recorder-names';
import type { RescueCaseRow } from './cases.repository';
import {
  dnaRequestDue,
  noticeDueAt,
  policeCollectionDue,
  searchUpdateFrom,
  stayLimitApplies,
  stayLimitExceededFrom,
  stayStatusOn,
} from './periods';
import { rescueConfig, type RescueConfig } from './rescue.config';
import { OPEN_RESCUE_CASE_STATUSES } from './rescue.table';
import { stayLimitState } from './stay-limit';
import { approvedExtensionsOf } from './stay.repository';

const SEVEN: readonly RescueActionStep[] = RESCUE_SEVEN_STEPS;
const EXTRAS: readonly RescueActionStep[] = RESCUE_EXTRA_STEPS;

/**
 * The steps the 24-hour notice deadline covers (R-RES-09: "within 24 hours of entry … published through
 * broadcast, TV, newspaper, the 全国救助管理信息系统 and 全国救助寻亲网"): step 1 (the information system),
 * step 2 (the national site), step 5 (the 寻亲公告 on 今日头条, the notice itself) and step 6 (the media);
 * step 4 (face comparison) is part of the identity check made "at once" on entry and gets the same
 * deadline. See docs/rescue.md "The seven prescribed actions".
 */
export const NOTICE_24H_STEPS: readonly RescueActionStep[] = [
  'registration',
  'national_site',
  'face_comparison',
  'toutiao_notice',
  'media',
];

const isOpen = (c: RescueCaseRow): boolean =>
  (OPEN_RESCUE_CASE_STATUSES as readonly string[]).includes(c.status);

/** The Beijing date of an instant. */
function dayOf(ctx: CoreContext, instant: string): PlainDate {
  return todayPlainDate(ctx.config.timeZone, new Date(instant));
}

/** Entries that count: not superseded by a later entry, and not withdrawals. */
function countingEntries(entries: readonly RescueActionLogRow[]): RescueActionLogRow[] {
  const superseded = new Set(entries.map((e) => e.supersedesId).filter((x): x is string => x !== null));
  return entries.filter((e) => !superseded.has(e.id) && e.kind !== 'withdrawal');
}

const byPerformed = (a: RescueActionLogRow, b: RescueActionLogRow): number =>
  a.performedAt < b.performedAt ? -1 : a.performedAt > b.performedAt ? 1 : 0;

interface Clock {
  now: string;
  today: PlainDate;
}

/** One step's status (pure: the case, its counting entries of the step and the clock). */
function stepStatus(
  ctx: CoreContext,
  cfg: RescueConfig,
  c: RescueCaseRow,
  step: RescueActionStep,
  counting: readonly RescueActionLogRow[],
  clock: Clock,
): RescueStepStatusDto {
  const mine = counting.filter((e) => e.step === step).sort(byPerformed);
  const first = mine[0];
  const last = mine.at(-1);
  const deadlinesApply = isOpen(c) && c.identityStatus !== 'identified';
  const group = SEVEN.includes(step) ? 'seven' : EXTRAS.includes(step) ? 'extra' : 'follow_up';
  const base = {
    step,
    label: RESCUE_ACTION_STEP_LABELS[step],
    group,
    lastPerformedAt: last?.performedAt ?? null,
    count: mine.length,
  } as const;
  const result = (
    state: RescueStepStatusDto['state'],
    due: {
      dueAt?: string | null;
      dueOn?: PlainDate | null;
      provisional?: boolean;
      basis?: string | null;
    } = {},
    late = false,
  ): RescueStepStatusDto => ({
    ...base,
    state,
    dueAt: due.dueAt ?? null,
    dueOn: due.dueOn ?? null,
    provisional: due.provisional ?? false,
    basis: due.basis ?? null,
    late,
  });
  /** State of an undone step against a day deadline. */
  const againstDay = (dueOn: PlainDate): RescueStepStatusDto['state'] =>
    clock.today > dueOn ? 'overdue' : clock.today === dueOn ? 'due_today' : 'pending';

  if (NOTICE_24H_STEPS.includes(step)) {
    const dueAt = noticeDueAt(c.enteredAt, cfg);
    const due = {
      dueAt,
      dueOn: dayOf(ctx, dueAt),
      basis: `入站后${cfg.noticeWithinHours}小时内（R-RES-09）`,
    };
    if (first) return result('done', due, first.performedAt > dueAt);
    if (!deadlinesApply) return result('not_required', due);
    const state = clock.now > dueAt ? 'overdue' : due.dueOn === clock.today ? 'due_today' : 'pending';
    return result(state, due);
  }
  if (step === 'dna_request') {
    const d = dnaRequestDue(c.entryDate as PlainDate, cfg);
    const due = { ...d, basis: `入站后${cfg.dnaRequestWorkingDays}个工作日内（R-RES-09）` };
    if (first) return result('done', due, dayOf(ctx, first.performedAt) > d.dueOn);
    if (!deadlinesApply) return result('not_required', due);
    return result(againstDay(d.dueOn), due);
  }
  if (step === 'manual_screening') {
    if (first) return result('done');
    return result(deadlinesApply ? 'no_deadline' : 'not_required', { basis: '无规定期限，结案前须完成' });
  }
  if (group === 'extra') return result(first ? 'done' : 'optional');
  if (step === 'dna_collected') {
    const request = counting.filter((e) => e.step === 'dna_request').sort(byPerformed)[0];
    if (!request) return result(first ? 'done' : 'not_required', { basis: '尚未申请采集DNA' });
    const d = policeCollectionDue(dayOf(ctx, request.performedAt), cfg);
    const due = { ...d, basis: `申请之日起${cfg.policeCollectionMonths}个月内（R-RES-09）` };
    if (first) return result('done', due, dayOf(ctx, first.performedAt) > d.dueOn);
    if (!deadlinesApply) return result('not_required', due);
    return result(againstDay(d.dueOn), due);
  }
  if (step === 'dna_result') {
    if (first) return result('done');
    const collected = counting.some((e) => e.step === 'dna_collected');
    return result(collected && deadlinesApply ? 'no_deadline' : 'not_required', {
      basis: collected ? '等待比对结果' : '尚未采集DNA',
    });
  }
  // search_update: due once stranded more than a month (2019 special action), then again each time more
  // than a month has passed since the last update (our reading, docs/rescue.md).
  const from = last
    ? searchUpdateFrom(dayOf(ctx, last.performedAt), cfg)
    : searchUpdateFrom(c.entryDate as PlainDate, cfg);
  const due = {
    dueOn: from,
    basis: last
      ? `距上次更新超过${cfg.searchUpdateAfterMonths}个月须再次更新`
      : `滞留超过${cfg.searchUpdateAfterMonths}个月须更新寻亲信息（2019年专项行动）`,
  };
  if (!deadlinesApply) return result(last ? 'done' : 'not_required', due);
  const state = againstDay(from);
  return result(last && state === 'pending' ? 'done' : state, due);
}

function presentEntry(
  e: RescueActionLogRow,
  supersededBy: Map<string, string>,
  noticeNo: Map<string, string>,
): RescueActionEntryDto {
  return {
    id: e.id,
    caseId: e.caseId,
    step: e.step as RescueActionStep,
    stepLabel: RESCUE_ACTION_STEP_LABELS[e.step as RescueActionStep] ?? e.step,
    kind: e.kind,
    performedAt: e.performedAt,
    loggedAt: e.loggedAt,
    loggedBy: e.loggedBy,
    loggedByName: e.loggedByName,
    evidenceText: e.evidenceText,
    evidenceUrl: e.evidenceUrl,
    attachmentIds: JSON.parse(e.attachmentIds) as string[],
    searchNoticeId: e.searchNoticeId,
    searchNoticeNo: e.searchNoticeId ? (noticeNo.get(e.searchNoticeId) ?? null) : null,
    dnaOutcome: (e.dnaOutcome as RescueActionEntryDto['dnaOutcome']) ?? null,
    note: e.note,
    supersedesId: e.supersedesId,
    correctionReason: e.correctionReason,
    supersededBy: supersededBy.get(e.id) ?? null,
  };
}

function statusOf(
  ctx: CoreContext,
  c: RescueCaseRow,
  entries: readonly RescueActionLogRow[],
  clock: Clock,
): Omit<RescueCaseActionStatusDto, 'entries' | 'notices'> {
  const cfg = rescueConfig(ctx);
  const counting = countingEntries(entries);
  const steps = (Object.keys(RESCUE_ACTION_STEP_LABELS) as RescueActionStep[]).map((s) =>
    stepStatus(ctx, cfg, c, s, counting, clock),
  );
  return {
    caseId: c.id,
    caseNo: c.caseNo,
    identityStatus: c.identityStatus,
    open: isOpen(c),
    deadlinesApply: isOpen(c) && c.identityStatus !== 'identified',
    steps,
    missingSeven: steps.filter((s) => s.group === 'seven' && s.count === 0).map((s) => s.label),
    overdueCount: steps.filter((s) => s.state === 'overdue').length,
  };
}

/**
 * The checklist of a case at `now` (no permission check, no audit: for the warnings and departure
 * concerns, which have checked the case's scope already). `now` is an instant; today is its Beijing date.
 */
export async function caseActionStatus(
  ctx: CoreContext,
  caseRow: RescueCaseRow,
  now: Date = ctx.clock.now(),
): Promise<RescueCaseActionStatusDto> {
  const db = ctx.db.kysely;
  const entries = await actionLogOfCase(db, caseRow.id);
  const notices = await searchNoticesOfCase(db, caseRow.id);
  const supersededBy = new Map(
    entries.filter((e) => e.supersedesId).map((e) => [e.supersedesId as string, e.id] as const),
  );
  const noticeNo = new Map(notices.map((n) => [n.id, n.number] as const));
  const clock = { now: now.toISOString(), today: todayPlainDate(ctx.config.timeZone, now) };
  return {
    ...statusOf(ctx, caseRow, entries, clock),
    entries: entries.map((e) => presentEntry(e, supersededBy, noticeNo)),
    notices: await recordersNamed(
      db,
      notices.map((n) => ({ id: n.id, number: n.number, issuedAt: n.issuedAt, issuedBy: n.issuedBy })),
      'issuedBy',
    ),
  };
}

/** The checklist of one case for the case page (rescue:read, scope checked, read audited). */
export async function getCaseActions(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
): Promise<RescueCaseActionStatusDto> {
  authorize(actor, 'rescue:read');
  const c = await visibleCase(ctx.db.kysely, actor, caseId);
  await ctx.readAudit.record(actor, {
    action: 'rescue.actions.read',
    targetType: 'rescue_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
  });
  return caseActionStatus(ctx, c);
}

const STEP_ORDER = Object.keys(RESCUE_ACTION_STEP_LABELS);

/**
 * R-RES-10 closing rule: an unidentified person's case closes as long-term stranded (or settled) only
 * when all seven steps are logged with their times. Throws 409 `RESCUE_PRESCRIBED_ACTIONS_MISSING`
 * naming the missing steps. An identified person's case needs no search: nothing to check.
 * Call it inside the closing transaction (`db` = the transaction) with the locked case row.
 */
export async function ensureAllSevenLogged(
  ctx: CoreContext,
  db: Executor,
  caseRow: RescueCaseRow,
): Promise<void> {
  void ctx;
  if (caseRow.identityStatus === 'identified') return;
  const counting = countingEntries(await actionLogOfCase(db, caseRow.id));
  const missing = SEVEN.filter((s) => !counting.some((e) => e.step === s));
  if (missing.length === 0) return;
  const labels = missing.map((s) => RESCUE_ACTION_STEP_LABELS[s]);
  throw new DomainError(
    'conflict',
    'RESCUE_PRESCRIBED_ACTIONS_MISSING',
    `七个规定动作尚未全部完成，不能结案：缺少${labels.join('、')}。请先在“七个规定动作”中登记`,
    { missing, missingLabels: labels },
  );
}

/** R-RES-12: the DNA and face-comparison evidence of a case (counting entries only). */
export async function dnaAndFaceEvidence(
  db: Executor,
  caseId: string,
): Promise<{ dnaRequested: boolean; dnaResultReturned: boolean; faceCompared: boolean }> {
  const counting = countingEntries(await actionLogOfCase(db, caseId));
  const has = (s: RescueActionStep) => counting.some((e) => e.step === s);
  return {
    dnaRequested: has('dna_request'),
    dnaResultReturned: has('dna_result'),
    faceCompared: has('face_comparison'),
  };
}

/** The actor's display name (系统 for a system actor), stored with the entry as 登记人. */
async function displayNameOf(db: Executor, actor: Actor): Promise<string> {
  const key = actor.userId ?? actor.username;
  return displayNameIn(await displayNamesOf(db, [key]), key);
}

/** Log a prescribed action (or a correction / withdrawal of an earlier entry). rescue:write; append-only. */
export async function logRescueAction(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: Omit<LogRescueActionBody, 'attachmentIds' | 'withdraw'> & {
    attachmentIds?: string[];
    withdraw?: boolean;
  },
): Promise<RescueActionEntryDto> {
  authorize(actor, 'rescue:write');
  const now = ctx.clock.now().toISOString();
  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  const withdraw = input.withdraw ?? false;
  const text = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
  const evidenceText = text(input.evidenceText);
  const evidenceUrl = text(input.evidenceUrl);
  const reason = text(input.correctionReason);
  const id = newId();
  // Checked before the transaction (the attachment store reads on its own connection): each cited
  // attachment must be active, in scope and of this case (404 for a case out of scope comes first).
  if (attachmentIds.length) await visibleCase(ctx.db.kysely, actor, caseId);
  const evidence = attachmentIds.length
    ? await citedAttachments(ctx, actor, attachmentIds, { ownerType: 'rescue_case', ownerId: caseId })
    : [];
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const c = await lockedVisibleCase(trx, actor, caseId);
      ensureCaseOpen(c);
      const performedAt = input.performedAt ? new Date(input.performedAt).toISOString() : now;
      if (performedAt > now) {
        throw new DomainError('invalid', 'RESCUE_ACTION_IN_FUTURE', '办理时间不能晚于当前时间', {
          field: 'performedAt',
        });
      }
      if (performedAt < c.enteredAt) {
        throw new DomainError('invalid', 'RESCUE_ACTION_BEFORE_ENTRY', '办理时间不能早于入站时间', {
          field: 'performedAt',
          enteredAt: c.enteredAt,
        });
      }
      let superseded: RescueActionLogRow | undefined;
      if (input.supersedesId) {
        superseded = await findActionLog(trx, input.supersedesId);
        if (!superseded || superseded.caseId !== c.id) {
          throw new DomainError('not_found', 'RESCUE_ACTION_NOT_FOUND', '要更正的登记记录不存在', {
            field: 'supersedesId',
          });
        }
        if (superseded.kind === 'withdrawal') {
          throw new DomainError('conflict', 'RESCUE_ACTION_WITHDRAWAL', '撤销记录不能再更正，请重新登记', {
            field: 'supersedesId',
          });
        }
        if (await entrySupersedingId(trx, superseded.id)) {
          throw new DomainError(
            'conflict',
            'RESCUE_ACTION_ALREADY_SUPERSEDED',
            '该记录已被更正或撤销，请更正最新的记录',
            {
              field: 'supersedesId',
            },
          );
        }
        if (!reason || reason.length < 2) {
          throw new DomainError('invalid', 'REASON_REQUIRED', '更正或撤销须填写原因（至少 2 个字）', {
            field: 'correctionReason',
          });
        }
        if (withdraw && input.step !== superseded.step) {
          throw new DomainError('invalid', 'RESCUE_ACTION_STEP_MISMATCH', '撤销的事项须与原记录一致', {
            field: 'step',
          });
        }
      } else if (withdraw) {
        throw new DomainError('invalid', 'RESCUE_ACTION_WITHDRAW_TARGET', '撤销须指明要撤销的记录', {
          field: 'supersedesId',
        });
      }
      const wrongKind = evidence.find(
        (a) => !(RESCUE_ACTION_EVIDENCE_KINDS as readonly string[]).includes(a.kind),
      );
      if (wrongKind) {
        throw new DomainError(
          'invalid',
          'RESCUE_ACTION_EVIDENCE_KIND',
          '佐证附件须为规定动作佐证材料、DNA采集记录或人像比对记录',
          {
            field: 'attachmentIds',
            attachmentId: wrongKind.id,
          },
        );
      }
      let noticeId: string | null = null;
      if (input.searchNoticeId) {
        const n = await findSearchNotice(trx, input.searchNoticeId);
        if (!n || n.caseId !== c.id) {
          throw new DomainError('invalid', 'RESCUE_SEARCH_NOTICE_NOT_FOUND', '所引用的寻亲公告不属于本案件', {
            field: 'searchNoticeId',
          });
        }
        noticeId = n.id;
      }
      if (!withdraw && !evidenceText && !evidenceUrl && evidence.length === 0 && !noticeId) {
        throw new DomainError(
          'invalid',
          'RESCUE_ACTION_EVIDENCE_REQUIRED',
          '请提供佐证：填写说明或网址，或上传佐证附件',
          {
            field: 'evidenceText',
          },
        );
      }
      if (evidenceUrl && !/^https?:\/\/\S+$/i.test(evidenceUrl)) {
        throw new DomainError('invalid', 'RESCUE_ACTION_URL_INVALID', '网址须以 http:// 或 https:// 开头', {
          field: 'evidenceUrl',
        });
      }
      const entries = countingEntries(await actionLogOfCase(trx, c.id)).filter(
        (e) => e.id !== superseded?.id,
      );
      if (!withdraw && (input.step === 'dna_collected' || input.step === 'dna_result')) {
        const needs = input.step === 'dna_collected' ? 'dna_request' : 'dna_collected';
        if (!entries.some((e) => e.step === needs)) {
          throw new DomainError(
            'conflict',
            'RESCUE_DNA_STEP_ORDER',
            `请先登记“${RESCUE_ACTION_STEP_LABELS[needs]}”`,
            {
              field: 'step',
            },
          );
        }
      }
      const outcome = input.step === 'dna_result' && !withdraw ? (input.dnaOutcome ?? null) : null;
      if (input.step === 'dna_result' && !withdraw && !outcome) {
        throw new DomainError('invalid', 'RESCUE_DNA_OUTCOME_REQUIRED', '请选择DNA比对结果', {
          field: 'dnaOutcome',
        });
      }
      const kind = withdraw ? 'withdrawal' : superseded ? 'correction' : 'log';
      await insertActionLog(trx, {
        id,
        caseId: c.id,
        stationId: c.stationId,
        divisionCode: c.divisionCode,
        step: input.step,
        kind,
        performedAt,
        loggedAt: now,
        loggedBy: actor.username,
        loggedByName: await displayNameOf(trx, actor),
        evidenceText,
        evidenceUrl,
        attachmentIds: JSON.stringify(evidence.map((a) => a.id)),
        searchNoticeId: noticeId,
        dnaOutcome: outcome,
        note: text(input.note),
        supersedesId: superseded?.id ?? null,
        correctionReason: superseded ? reason : null,
      });
      await audit(ctx, trx, actor, {
        action: `rescue.action.${kind}`,
        targetType: 'rescue_case',
        targetId: c.id,
        divisionCode: c.divisionCode,
        subjectPersonId: c.personId,
        reason: superseded ? reason : null,
        details: {
          entryId: id,
          step: input.step,
          performedAt,
          attachmentIds: evidence.map((a) => a.id),
          ...(superseded ? { supersedesId: superseded.id } : {}),
        },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DomainError(
        'conflict',
        'RESCUE_ACTION_ALREADY_SUPERSEDED',
        '该记录已被更正或撤销，请更正最新的记录',
        {
          field: 'supersedesId',
        },
      );
    }
    throw err;
  }
  const row = await findActionLog(ctx.db.kysely, id);
  const notices = await searchNoticesOfCase(ctx.db.kysely, caseId);
  return presentEntry(row!, new Map(), new Map(notices.map((n) => [n.id, n.number] as const)));
}

/** The due items of a set of open cases (unidentified; the scope was applied by the caller's query). */
async function dueItems(
  ctx: CoreContext,
  cases: readonly RescueCaseRow[],
  now: Date,
): Promise<(RescueDueItemDto & { dueOn: PlainDate })[]> {
  const db = ctx.db.kysely;
  const entries = await actionLogOfCases(
    db,
    cases.map((c) => c.id),
  );
  const byCase = new Map<string, RescueActionLogRow[]>();
  for (const e of entries) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  const names = await personNames(
    db,
    cases.map((c) => c.personId),
  );
  const stationNames = await stationNamesOf(db, [...new Set(cases.map((c) => c.stationId))]);
  const clock = { now: now.toISOString(), today: todayPlainDate(ctx.config.timeZone, now) };
  const out: (RescueDueItemDto & { dueOn: PlainDate })[] = [];
  for (const c of cases) {
    const st = statusOf(ctx, c, byCase.get(c.id) ?? [], clock);
    for (const s of st.steps) {
      if (!s.dueOn || !['overdue', 'due_today', 'pending'].includes(s.state)) continue;
      out.push({
        caseId: c.id,
        caseNo: c.caseNo,
        stationId: c.stationId,
        stationName: stationNames.get(c.stationId) ?? '',
        personName: c.nameGiven ?? names.get(c.personId) ?? '（姓名不详）',
        step: s.step,
        stepLabel: s.label,
        state: s.state,
        dueAt: s.dueAt,
        dueOn: s.dueOn as PlainDate,
        provisional: s.provisional,
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.dueOn.localeCompare(b.dueOn) ||
      (a.dueAt ?? '').localeCompare(b.dueAt ?? '') ||
      a.caseNo.localeCompare(b.caseNo) ||
      STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step),
  );
}

/**
 * Overdue prescribed actions of the open, unidentified cases in the actor's scope on `today` (for the
 * warnings concern and the to-do). A 24-hour deadline counts as overdue on `today` when it passed before
 * the end of that day; with `today` equal to the clock's date, exactly when it has passed.
 */
export async function overdueActions(
  ctx: CoreContext,
  actor: Actor,
  today: PlainDate = todayPlainDate(ctx.config.timeZone, ctx.clock.now()),
  opts: { stationId?: string } = {},
): Promise<RescueDueItemDto[]> {
  authorize(actor, 'rescue:read');
  const cases = await openCasesInScope(ctx.db.kysely, scopeFilterFor(actor), {
    unidentifiedOnly: true,
    ...(opts.stationId ? { stationId: opts.stationId } : {}),
  });
  const realToday = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  // A day other than the clock's: evaluate at the end of that day (a past day: what was overdue then).
  const now = today === realToday ? ctx.clock.now() : new Date(Date.parse(`${today}T23:59:59+08:00`));
  return (await dueItems(ctx, cases, now)).filter((i) => i.state === 'overdue');
}

/** The workbench deadline board (期限看板) of the actor's station(s), or of one station. */
export async function actionsBoard(
  ctx: CoreContext,
  actor: Actor,
  q: { stationId?: string | undefined } = {},
): Promise<RescueBoardDto> {
  authorize(actor, 'rescue:read');
  const db = ctx.db.kysely;
  if (q.stationId) await visibleStation(db, actor, q.stationId);
  const cfg = rescueConfig(ctx);
  const filter = scopeFilterFor(actor);
  const now = ctx.clock.now();
  const today = todayPlainDate(ctx.config.timeZone, now);
  const horizon = approvalDueDate(today, { days: 3, unit: 'working' }).dueOn;
  const open = await openCasesInScope(db, filter, q.stationId ? { stationId: q.stationId } : {});
  const items = await dueItems(
    ctx,
    open.filter((c) => c.identityStatus !== 'identified'),
    now,
  );
  const counts = { residents: 0, overLimit: 0, stranded: 0, longTerm: 0 };
  // Approved extensions of the cases past the bare limit, in one query per 500 (not one per case).
  const pastLimit = open.filter(
    (c) =>
      stayLimitApplies({ ...c, entryDate: c.entryDate as PlainDate }, today, cfg) &&
      today >= stayLimitExceededFrom(c.entryDate as PlainDate, cfg),
  );
  const extensions = new Map<string, string>();
  for (let i = 0; i < pastLimit.length; i += 500) {
    const chunk = await approvedExtensionsOf(
      db,
      pastLimit.slice(i, i + 500).map((c) => c.id),
    );
    for (const [k, v] of chunk) extensions.set(k, v);
  }
  for (const c of open) {
    if (c.status === 'in_station') counts.residents += 1;
    const entry = { entryDate: c.entryDate as PlainDate, identityStatus: c.identityStatus };
    const stay = stayStatusOn(entry, today, cfg);
    if (stay === 'stranded') counts.stranded += 1;
    if (stay === 'long_term') counts.longTerm += 1;
    // R-RES-05: over the 10-day limit without an approved extension (the stay concern's rule, as the
    // residents list and the warnings apply it: every open case, placed or in hospital included).
    if (stayLimitState(ctx, c, extensions.get(c.id) ?? null, today).over) counts.overLimit += 1;
  }
  return {
    today,
    horizon,
    overdue: items.filter((i) => i.state === 'overdue'),
    dueToday: items.filter((i) => i.state === 'due_today'),
    upcoming: items.filter((i) => i.state === 'pending' && i.dueOn <= horizon),
    counts,
    stations: await stationsInScope(db, filter),
  };
}

export { countingEntries as countingActionEntries };
