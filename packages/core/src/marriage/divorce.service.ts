import {
  DomainError,
  addDays,
  comparePlainDate,
  diffDays,
  isRestDay,
  isoWeekday,
  loadedHolidayYears,
  maskResidentId,
  periodEnd,
  plainDateParts,
  type PlainDate,
  newId,
} from '@social-affairs/kernel';
import type {
  ApplyDivorceInput,
  requestDivorceCertificateBody,
  withdrawDivorceBody,
} from '@social-affairs/kernel/contracts';
import type { z } from 'zod';
import {
  authorize,
  ensureDivisionInScope,
  ensureVisible,
  scopePrefix,
  systemActor,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { COOLING_OFF_DAYS, MRR_2025_IN_FORCE, marriageConfig, type MarriageConfig } from './marriage.config';
import {
  closeDivorce,
  findDivorceById,
  getDivorceWithParties,
  insertDivorce,
  listDivorcesUnder,
  openDivorceOfMarriage,
  openDivorces,
  overdueDivorces,
  updateDivorceWindows,
  type DivorceState,
  type DivorceWithParties,
} from './divorce.repository';
import { endMarriage, hukouCodesOf, insertRefusal, personNamesOf } from './marriage.repository';
import type { DivorceRow, MarriageRow, RefusalRow, RegistryRow } from './marriage.table';
import { PARTY_LABEL, type PartyRole } from './parties';
import {
  competenceReason,
  takeCertificateNo,
  type MarriagePartyView,
  type RefusalReason,
} from './registration.service';
import { ensureQualified, marriageToday, visibleRegistry } from './registry.service';
import { PRESENTED_BY_PARTIES, marriageForWrite } from './couple.service';

export type WithdrawDivorceInput = z.output<typeof withdrawDivorceBody>;
export type RequestDivorceCertificateInput = z.output<typeof requestDivorceCertificateBody>;

export interface CoolingOffWindows {
  receivedOn: PlainDate;
  /** Window 1 (撤回): from the day of receipt to this day inclusive. */
  withdrawalEndsOn: PlainDate;
  /** Window 2 (共同申领): from the day after window 1 to this day inclusive. */
  jointRequestStartsOn: PlainDate;
  jointRequestEndsOn: PlainDate;
  /** The application is deemed withdrawn on this day if nobody came. */
  deemedWithdrawnOn: PlainDate;
  /**
   * True when a window ends in a year whose official holiday schedule is not loaded yet: that end was
   * computed with weekends only and is recomputed once the schedule is loaded (refreshProvisionalWindows).
   */
  provisional: boolean;
}

/** CC 201/203 period end; for a year without a loaded schedule, weekends only (flagged provisional). */
function windowEnd(start: PlainDate, weekendsAreRestDays: boolean): { end: PlainDate; provisional: boolean } {
  try {
    return { end: periodEnd(start, COOLING_OFF_DAYS, { weekendsAreRestDays }), provisional: false };
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'HOLIDAY_CALENDAR_YEAR_MISSING') throw err;
    const loaded = new Set(loadedHolidayYears());
    let end = addDays(start, COOLING_OFF_DAYS);
    for (;;) {
      const rest = loaded.has(plainDateParts(end).year)
        ? isRestDay(end, { weekendsAreRestDays })
        : weekendsAreRestDays && isoWeekday(end) >= 6;
      if (!rest) return { end, provisional: true };
      end = addDays(end, 1);
    }
  }
}

/**
 * R-MAR-12: each window is 30 days counted from the day after its start (CC 201); a last day on a rest
 * day moves to the next day that is not one (CC 203). Window 1 starts on receipt; window 2 counts from
 * the day after window 1 ends.
 */
export function coolingOffWindows(
  receivedOn: PlainDate,
  config: Pick<MarriageConfig, 'coolingOffWeekendsAreRestDays'>,
): CoolingOffWindows {
  const w1 = windowEnd(receivedOn, config.coolingOffWeekendsAreRestDays);
  const w2 = windowEnd(w1.end, config.coolingOffWeekendsAreRestDays);
  return {
    receivedOn,
    withdrawalEndsOn: w1.end,
    jointRequestStartsOn: addDays(w1.end, 1),
    jointRequestEndsOn: w2.end,
    deemedWithdrawnOn: addDays(w2.end, 1),
    provisional: w1.provisional || w2.provisional,
  };
}

/**
 * Recomputes the windows of open applications whose deadlines were provisional, now that the holiday
 * schedule of their year may be loaded; a changed deadline is saved and audited. Idempotent.
 */
export async function refreshProvisionalWindows(ctx: CoreContext): Promise<number> {
  const loaded = new Set(loadedHolidayYears());
  const open = await openDivorces(ctx.db.kysely);
  const job = systemActor('marriage.divorce-windows', '000000');
  let changed = 0;
  for (const d of open) {
    const w = coolingOffWindows(d.receivedOn as PlainDate, marriageConfig(ctx));
    if (w.provisional || !loaded.has(plainDateParts(d.jointRequestEndsOn as PlainDate).year)) continue;
    if (w.withdrawalEndsOn === d.withdrawalEndsOn && w.jointRequestEndsOn === d.jointRequestEndsOn) continue;
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const saved = await updateDivorceWindows(trx, d.id, d.jointRequestEndsOn, {
        withdrawalEndsOn: w.withdrawalEndsOn,
        jointRequestEndsOn: w.jointRequestEndsOn,
        updatedAt: ctx.clock.now().toISOString(),
      });
      if (!saved) return;
      changed++;
      await audit(ctx, trx, job, {
        action: 'marriage.divorce.windows-final',
        targetType: 'divorce_application',
        targetId: d.id,
        divisionCode: d.divisionCode,
        details: {
          from: [d.withdrawalEndsOn, d.jointRequestEndsOn],
          to: [w.withdrawalEndsOn, w.jointRequestEndsOn],
        },
      });
    });
  }
  return changed;
}

export interface DivorceView {
  id: string;
  marriageId: string;
  registryId: string;
  registryName: string;
  divisionCode: string;
  receivedOn: string;
  withdrawalEndsOn: string;
  jointRequestStartsOn: string;
  jointRequestEndsOn: string;
  status: DivorceState;
  /** Deadlines computed before the holiday schedule of their year was published (weekends only). */
  provisional: boolean;
  phase: 'withdrawal' | 'joint_request' | 'closed';
  daysLeft: number | null;
  closedOn: string | null;
  withdrawnBy: 'husband' | 'wife' | null;
  certificateNo: string | null;
  /** The court judgment that terminated the application (status `terminated_by_judgment`), else null. */
  judgment: {
    id: string;
    outcome: 'void' | 'annulled';
    court: string;
    caseNumber: string;
    effectiveDate: string;
  } | null;
  husband: MarriagePartyView;
  wife: MarriagePartyView;
}

/** The state on `today`: an open application past window 2 reads as deemed withdrawn even before the job. */
export function divorcePhase(
  d: Pick<DivorceRow, 'status' | 'withdrawnBy' | 'withdrawalEndsOn' | 'jointRequestEndsOn'>,
  today: PlainDate,
): { status: DivorceState; phase: DivorceView['phase']; daysLeft: number | null } {
  if (d.status !== 'cooling_off') return { status: d.status, phase: 'closed', daysLeft: null };
  if (comparePlainDate(today, d.withdrawalEndsOn as PlainDate) <= 0) {
    return {
      status: d.status,
      phase: 'withdrawal' as const,
      daysLeft: diffDays(d.withdrawalEndsOn as PlainDate, today) + 1,
    };
  }
  if (comparePlainDate(today, d.jointRequestEndsOn as PlainDate) <= 0) {
    return {
      status: d.status,
      phase: 'joint_request' as const,
      daysLeft: diffDays(d.jointRequestEndsOn as PlainDate, today) + 1,
    };
  }
  return { status: 'deemed_withdrawn' as const, phase: 'closed' as const, daysLeft: null };
}

export function presentDivorce(d: DivorceWithParties, today: PlainDate): DivorceView {
  const { status, phase, daysLeft } = divorcePhase(d, today);
  return {
    id: d.id,
    marriageId: d.marriageId,
    registryId: d.registryId,
    registryName: d.registryName,
    divisionCode: d.divisionCode,
    receivedOn: d.receivedOn,
    withdrawalEndsOn: d.withdrawalEndsOn,
    jointRequestStartsOn: addDays(d.withdrawalEndsOn as PlainDate, 1),
    jointRequestEndsOn: d.jointRequestEndsOn,
    status,
    provisional:
      status === 'cooling_off' &&
      !loadedHolidayYears().includes(plainDateParts(d.jointRequestEndsOn as PlainDate).year),
    phase,
    daysLeft,
    closedOn:
      d.closedOn ?? (status === 'deemed_withdrawn' ? addDays(d.jointRequestEndsOn as PlainDate, 1) : null),
    withdrawnBy: d.withdrawnBy,
    certificateNo: d.certificateNo,
    judgment:
      status === 'terminated_by_judgment' && d.judgmentId
        ? {
            id: d.judgmentId,
            outcome: d.judgmentOutcome ?? 'void',
            court: d.judgmentCourt ?? '',
            caseNumber: d.judgmentCaseNumber ?? '',
            effectiveDate: d.judgmentEffectiveDate ?? '',
          }
        : null,
    husband: {
      personId: d.husbandId,
      name: d.husbandName,
      sex: 'male',
      residentIdMasked: d.husbandResidentId ? maskResidentId(d.husbandResidentId) : null,
      birthDate: d.husbandBirthDate,
    },
    wife: {
      personId: d.wifeId,
      name: d.wifeName,
      sex: 'female',
      residentIdMasked: d.wifeResidentId ? maskResidentId(d.wifeResidentId) : null,
      birthDate: d.wifeBirthDate,
    },
  };
}

async function divorceView(ctx: CoreContext, id: string): Promise<DivorceView> {
  const row = await getDivorceWithParties(ctx.db.kysely, id);
  return presentDivorce(row, marriageToday(ctx));
}

function notAccepted(refusalId: string, reasons: RefusalReason[]): DomainError {
  return new DomainError(
    'invalid',
    'DIVORCE_NOT_ACCEPTED',
    `不予受理离婚登记申请：${reasons.map((r) => r.message).join('；')}`,
    {
      refusalId,
      reasons,
    },
  );
}

/** The hukou counties of a marriage's parties (for competence before 2025-05-10). */
async function hukouCountiesOf(ctx: CoreContext, m: MarriageRow): Promise<string[]> {
  const rows = await hukouCodesOf(ctx.db.kysely, [m.husbandId, m.wifeId]);
  return rows.map((r) => r.hukouDivisionCode.slice(0, 6));
}

/**
 * 离婚登记申请 (R-MAR-11): both parties in person with identity documents (and, before 2025-05-10, the
 * 户口簿), the marriage certificates or the declared substitutes, full civil capacity, and a signed
 * agreement covering voluntariness, children, property and debts. On acceptance the cooling-off
 * windows are fixed (受理回执单); otherwise a 不予受理告知书 is recorded. Pregnancy is never a ground.
 */
export async function applyForDivorce(
  ctx: CoreContext,
  actor: Actor,
  input: ApplyDivorceInput,
): Promise<DivorceView> {
  authorize(actor, 'marriage:write');
  // A record id is checked against the registrar's scope first, exactly as a read (404 otherwise); the
  // ids both parties present (any registry may accept a divorce from 2025-05-10; before, competence
  // below still refuses) are looked up only once the registrar is known to be qualified.
  const byRecord =
    input.marriageId !== undefined
      ? await marriageForWrite(ctx, actor, { marriageId: input.marriageId })
      : undefined;
  const registry = await visibleRegistry(ctx, actor, input.registryId);
  if (registry.status !== 'active') {
    throw new DomainError('invalid', 'REGISTRY_CLOSED', `${registry.name}已停止办理婚姻登记`, {
      field: 'registryId',
    });
  }
  const on = marriageToday(ctx);
  await ensureQualified(ctx, actor, registry, on);
  const { marriage, via } =
    byRecord ??
    (await marriageForWrite(
      ctx,
      actor,
      { parties: input.parties! },
      (ms) => ms.find((m) => m.status === 'subsisting') ?? ms[0],
    ));
  if (marriage.status !== 'subsisting') {
    throw new DomainError(
      'conflict',
      'MARRIAGE_NOT_SUBSISTING',
      '该婚姻已解除或被宣告无效、撤销，不能申请离婚登记',
    );
  }
  const reasons = divorceReasons(
    marriageConfig(ctx),
    input,
    registry,
    marriage,
    on,
    await hukouCountiesOf(ctx, marriage),
  );
  const now = ctx.clock.now().toISOString();
  const w = coolingOffWindows(on, marriageConfig(ctx));
  const parties = await personNamesOf(ctx.db.kysely, [marriage.husbandId, marriage.wifeId]);
  const nameOf = (id: string) => parties.find((p) => p.id === id)?.name ?? '';
  let outcome: { refusalId: string } | { divorceId: string };
  try {
    outcome = await ctx.db.kysely.transaction().execute(async (trx) => {
      if (reasons.length > 0) {
        const refusal: RefusalRow = {
          id: newId(),
          service: 'divorce',
          registryId: registry.id,
          divisionCode: registry.divisionCode,
          decidedOn: on,
          husbandId: marriage.husbandId,
          wifeId: marriage.wifeId,
          husbandName: nameOf(marriage.husbandId),
          wifeName: nameOf(marriage.wifeId),
          reasons: JSON.stringify(reasons),
          flag: 'none',
          registrarId: actor.userId,
          createdAt: now,
        };
        await insertRefusal(trx, refusal);
        await audit(ctx, trx, actor, {
          action: 'marriage.divorce.refuse',
          targetType: 'marriage_refusal',
          targetId: refusal.id,
          divisionCode: registry.divisionCode,
          reason: via === 'parties' ? PRESENTED_BY_PARTIES : null,
          details: { marriageId: marriage.id, via, reasons: reasons.map((r) => r.code) },
        });
        return { refusalId: refusal.id };
      }
      if (await openDivorceOfMarriage(trx, marriage.id)) throw divorcePending();
      const row: DivorceRow = {
        id: newId(),
        marriageId: marriage.id,
        registryId: registry.id,
        divisionCode: registry.divisionCode,
        receivedOn: on,
        withdrawalEndsOn: w.withdrawalEndsOn,
        jointRequestEndsOn: w.jointRequestEndsOn,
        status: 'cooling_off',
        closedOn: null,
        withdrawnBy: null,
        certificateNo: null,
        agreement: JSON.stringify(input.agreement),
        registrarId: actor.userId,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await insertDivorce(trx, row);
      await audit(ctx, trx, actor, {
        action: 'marriage.divorce.accept',
        targetType: 'divorce_application',
        targetId: row.id,
        divisionCode: row.divisionCode,
        reason: via === 'parties' ? PRESENTED_BY_PARTIES : null,
        details: {
          marriageId: marriage.id,
          via,
          withdrawalEndsOn: w.withdrawalEndsOn,
          jointRequestEndsOn: w.jointRequestEndsOn,
        },
      });
      return { divorceId: row.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw divorcePending();
    throw err;
  }
  if ('refusalId' in outcome) throw notAccepted(outcome.refusalId, reasons);
  return divorceView(ctx, outcome.divorceId);
}

function divorcePending(): DomainError {
  return new DomainError('conflict', 'DIVORCE_ALREADY_PENDING', '该婚姻已有处于冷静期的离婚登记申请');
}

export function divorceReasons(
  config: MarriageConfig,
  input: ApplyDivorceInput,
  registry: RegistryRow,
  marriage: MarriageRow,
  on: PlainDate,
  hukouCounties: string[],
): RefusalReason[] {
  const reasons: RefusalReason[] = [];
  const needsBooklet = marriage.crossBorder === 'mainland' && comparePlainDate(on, MRR_2025_IN_FORCE) < 0;
  for (const role of ['husband', 'wife'] as PartyRole[]) {
    const p = input[role];
    const label = PARTY_LABEL[role];
    if (!p.presentInPerson)
      reasons.push({
        code: 'PARTY_NOT_PRESENT',
        message: `${label}未亲自到场（离婚登记须双方共同到场）`,
        party: role,
      });
    if (!p.identityDocument || (needsBooklet && !p.hukouBooklet)) {
      reasons.push({
        code: 'DOCUMENTS_INCOMPLETE',
        message: needsBooklet
          ? `${label}证件不全：${on} 适用的条例要求户口簿和身份证`
          : `${label}证件不全：须出具本人有效身份证件`,
        party: role,
      });
    }
    if (p.civilCapacity !== 'full') {
      reasons.push({
        code: 'PARTY_LACKS_CIVIL_CAPACITY',
        message: `${label}为无民事行为能力人或者限制民事行为能力人，不能办理协议离婚，请通过诉讼程序解决`,
        party: role,
      });
    }
  }
  const a = input.agreement;
  if (
    !a.signed ||
    !a.voluntary ||
    !a.propertyArrangements ||
    !a.debtArrangements ||
    (a.hasMinorChildren && !a.childArrangements)
  ) {
    reasons.push({
      code: 'DIVORCE_AGREEMENT_INCOMPLETE',
      message:
        '未提交双方签署的离婚协议书，或协议未写明自愿离婚以及子女抚养、财产和债务处理的一致意见（民法典第1076条）',
      party: 'both',
    });
  }
  const competence = competenceReason(config, registry, on, marriage.crossBorder, hukouCounties);
  if (competence) reasons.push(competence);
  return reasons;
}

async function openApplication(ctx: CoreContext, actor: Actor, id: string): Promise<DivorceRow> {
  const row = await findDivorceById(ctx.db.kysely, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '离婚登记申请不存在或不在您的管辖范围内');
  ensureVisible(actor, row.divisionCode, '离婚登记申请');
  return row;
}

function notOpen(row: DivorceRow): DomainError {
  return new DomainError(
    'conflict',
    'DIVORCE_NOT_OPEN',
    '该离婚登记申请已结束（已撤回、视为撤回、已登记，或因一方死亡、人民法院判决婚姻无效或撤销婚姻而终止）',
    {
      status: row.status,
    },
  );
}

/**
 * 撤回离婚登记申请 in window 1, by either party alone, in person, at the registry that received it.
 * After window 1 it is not a cooling-off withdrawal: the application continues (R-MAR-12 TC2).
 */
export async function withdrawDivorce(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: WithdrawDivorceInput,
): Promise<DivorceView> {
  authorize(actor, 'marriage:write');
  const row = await openApplication(ctx, actor, id);
  const on = marriageToday(ctx);
  const registry = await visibleRegistry(ctx, actor, input.registryId);
  await ensureQualified(ctx, actor, registry, on);
  if (registry.id !== row.registryId) throw wrongRegistry();
  if (divorcePhase(row, on).phase === 'closed') throw notOpen(row);
  if (!input.presentInPerson) {
    throw new DomainError('invalid', 'PARTY_NOT_PRESENT', '撤回离婚登记申请须本人亲自到场', {
      field: 'presentInPerson',
    });
  }
  if (!input.receiptOrExplanation) {
    throw new DomainError(
      'invalid',
      'RECEIPT_REQUIRED',
      '请出具《离婚登记申请受理回执单》，遗失的须书面说明情况',
      {
        field: 'receiptOrExplanation',
      },
    );
  }
  if (comparePlainDate(on, row.withdrawalEndsOn as PlainDate) > 0) {
    throw new DomainError(
      'conflict',
      'WITHDRAWAL_WINDOW_CLOSED',
      `冷静期已于 ${row.withdrawalEndsOn} 届满，不能再撤回；申请继续有效，未经双方共同到场不予发给离婚证`,
      { withdrawalEndsOn: row.withdrawalEndsOn },
    );
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (
      !(await closeDivorce(trx, row.id, {
        status: 'withdrawn',
        closedOn: on,
        at: ctx.clock.now().toISOString(),
        withdrawnBy: input.party,
      }))
    ) {
      throw notOpen(row);
    }
    await audit(ctx, trx, actor, {
      action: 'marriage.divorce.withdraw',
      targetType: 'divorce_application',
      targetId: row.id,
      divisionCode: row.divisionCode,
      details: { withdrawnBy: input.party, on },
    });
  });
  return divorceView(ctx, row.id);
}

function wrongRegistry(): DomainError {
  return new DomainError('conflict', 'DIVORCE_WRONG_REGISTRY', '须到受理离婚登记申请的婚姻登记机关办理', {
    field: 'registryId',
  });
}

/**
 * 申请发给离婚证 in window 2: both parties together, at the registry that received the application;
 * review (审查) that both still wish to divorce and the agreement stands; then register the divorce —
 * the marriage ends today (CC 1080) — and issue the certificate (L series).
 */
export async function requestDivorceCertificate(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: RequestDivorceCertificateInput,
): Promise<DivorceView> {
  authorize(actor, 'marriage:write');
  const row = await openApplication(ctx, actor, id);
  const on = marriageToday(ctx);
  const registry = await visibleRegistry(ctx, actor, input.registryId);
  await ensureQualified(ctx, actor, registry, on);
  if (registry.id !== row.registryId) throw wrongRegistry();
  const { phase, status } = divorcePhase(row, on);
  if (status === 'deemed_withdrawn') {
    if (row.status === 'cooling_off') await expireDivorceApplications(ctx);
    throw new DomainError(
      'conflict',
      'DIVORCE_DEEMED_WITHDRAWN',
      `双方未在 ${row.jointRequestEndsOn} 前共同申请发给离婚证，视为撤回离婚登记申请，离婚登记程序终止`,
    );
  }
  if (phase === 'closed') throw notOpen(row);
  if (phase === 'withdrawal') {
    throw new DomainError(
      'conflict',
      'COOLING_OFF_NOT_OVER',
      `离婚冷静期至 ${row.withdrawalEndsOn} 届满，届满后三十日内双方共同到场申请发给离婚证`,
      {
        withdrawalEndsOn: row.withdrawalEndsOn,
      },
    );
  }
  if (!input.husbandPresent || !input.wifePresent) {
    throw new DomainError('invalid', 'BOTH_PARTIES_REQUIRED', '须男女双方共同亲自到场申请发给离婚证', {
      field: input.husbandPresent ? 'wifePresent' : 'husbandPresent',
    });
  }
  if (!input.bothStillWishToDivorce || !input.agreementConfirmed) {
    throw new DomainError(
      'invalid',
      'DIVORCE_REVIEW_FAILED',
      '审查未通过：双方须仍自愿离婚，并对子女抚养、财产及债务处理等事项协商一致',
      {
        field: input.bothStillWishToDivorce ? 'agreementConfirmed' : 'bothStillWishToDivorce',
      },
    );
  }
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const certificateNo = await takeCertificateNo(trx, registry, 'L', on);
    if (!(await closeDivorce(trx, row.id, { status: 'registered', closedOn: on, at: now, certificateNo })))
      throw notOpen(row);
    if (!(await endMarriage(trx, row.marriageId, 'divorced', on, row.id, now))) {
      throw new DomainError('conflict', 'MARRIAGE_NOT_SUBSISTING', '该婚姻已解除或被宣告无效、撤销');
    }
    await audit(ctx, trx, actor, {
      action: 'marriage.divorce.register',
      targetType: 'divorce_application',
      targetId: row.id,
      divisionCode: row.divisionCode,
      details: { marriageId: row.marriageId, certificateNo, on },
    });
  });
  return divorceView(ctx, row.id);
}

/**
 * Marks every application whose window 2 passed without a joint request as deemed withdrawn (视为撤回,
 * CC 1077), dated the day after window 2. Idempotent: runs at start-up and periodically; a second run
 * changes nothing. Returns the number of applications closed.
 */
export async function expireDivorceApplications(
  ctx: CoreContext,
  today: PlainDate = marriageToday(ctx),
): Promise<number> {
  const job = systemActor('marriage.divorce-expiry', '000000');
  let closed = 0;
  for (;;) {
    const due = await overdueDivorces(ctx.db.kysely, today);
    if (due.length === 0) return closed;
    for (const d of due) {
      const closedOn = addDays(d.jointRequestEndsOn as PlainDate, 1);
      await ctx.db.kysely.transaction().execute(async (trx) => {
        if (
          !(await closeDivorce(trx, d.id, {
            status: 'deemed_withdrawn',
            closedOn,
            at: ctx.clock.now().toISOString(),
          }))
        )
          return;
        closed++;
        await audit(ctx, trx, job, {
          action: 'marriage.divorce.deemed-withdrawn',
          targetType: 'divorce_application',
          targetId: d.id,
          divisionCode: d.divisionCode,
          details: { jointRequestEndsOn: d.jointRequestEndsOn, closedOn },
        });
      });
    }
  }
}

export async function getDivorce(ctx: CoreContext, actor: Actor, id: string): Promise<DivorceView> {
  authorize(actor, 'marriage:read');
  const row = await openApplication(ctx, actor, id);
  await ctx.readAudit.record(actor, {
    action: 'marriage.divorce.read',
    targetType: 'divorce_application',
    targetId: row.id,
    divisionCode: row.divisionCode,
  });
  return divorceView(ctx, id);
}

/** Applications in scope, newest first; `status` filters on the status as of today. */
export async function listDivorces(
  ctx: CoreContext,
  actor: Actor,
  q: { division?: string; status?: DivorceState; limit?: number },
): Promise<DivorceView[]> {
  authorize(actor, 'marriage:read');
  const division = q.division ?? actor.divisionCode;
  ensureDivisionInScope(actor, division);
  const today = marriageToday(ctx);
  const rows = await listDivorcesUnder(ctx.db.kysely, {
    divisionPrefix: scopePrefix(division),
    today,
    status: q.status,
    limit: q.limit ?? 200,
  });
  return rows.map((r) => presentDivorce(r, today));
}
