/**
 * Settlement (落户安置, R-RES-12): a person in care (station, placement or partner hospital) for more than
 * 3 months (`longTermFrom`, R-RES-11) whose identity is still unknown after the DNA and face checks
 * (`dnaAndFaceEvidence`; `settlementDnaEvidence` decides whether a DNA request suffices or a returned result
 * is needed) and whose seven prescribed actions are all logged (R-RES-10, `ensureAllSevenLogged`) gets one
 * settlement file: the materials checklist, the collective-hukou institution, the place found (流入地). The
 * file goes through the approval engine (`rescue.settlement`: a county step, rescue:approve, separation of
 * duties, attachments required on submission); on approval the case closes as `settled`.
 */
import { DomainError, newId, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import {
  SETTLEMENT_STATUS_LABELS,
  applySettlementBody,
  type ApplySettlementBody,
  type SettlementView,
} from '@social-affairs/kernel/contracts/rescue';
import type { Transaction } from 'kysely';
import { authorize, displayNameIn, displayNamesOf, systemActor, type Actor } from '../access/index';
import { defineApproval, submitApprovalInTransaction } from '../approvals/index';
import { citedAttachments } from '../attachments/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Database, type Executor } from '../db/index';
import type { StoredEvent } from '../events/index';
import { dnaAndFaceEvidence, ensureAllSevenLogged } from './actions.service';
import { ensureCaseOpen, lockedVisibleCase, visibleCase } from './cases.access';
import type { RescueCaseRow } from './cases.repository';
import {
  closeCase,
  decideSettlement,
  insertSettlement,
  personName,
  setSettlementApproval,
  settlementByApproval,
  settleWithdrawnSettlements,
  stationName,
  type RescueSettlementRow,
} from './departure.repository';
import { daysInCare, longTermFrom } from './periods';
import { rescueConfig } from './rescue.config';
import { activePlacementOfCase, endPlacementRow } from './stay.repository';
import { syncCaseFamilySearch } from './family-feed';

/** R-RES-12: reviewed by the county civil-affairs department before the police register the hukou. */
export const SETTLEMENT_APPROVAL = defineApproval({
  key: 'rescue.settlement',
  title: '落户安置审批',
  submitPermission: 'rescue:write',
  attachmentsRequiredOnSubmit: true,
  steps: [
    {
      key: 'county-review',
      title: '县级民政部门审核',
      level: 'county',
      permission: 'rescue:approve',
      roles: ['county_reviewer'],
      deadline: { days: 10, unit: 'working' },
      differentPersonFromPrevious: true,
    },
  ],
});
export const SETTLEMENT_OWNER = 'rescue_settlement';
export const SETTLEMENT_APPROVED_SUBSCRIBER = 'rescue.settlement-approved';
export const SETTLEMENT_REJECTED_SUBSCRIBER = 'rescue.settlement-rejected';

export interface SettlementCheck {
  daysInCare: number;
  longTermFrom: string;
  longTerm: boolean;
  identityUnknown: boolean;
  dnaEvidence: boolean;
  faceEvidence: boolean;
  blockers: string[];
}

/** Whether settlement may be applied for on `day`, with the Chinese reasons when not (R-RES-12). */
export async function settlementCheckOf(
  ctx: CoreContext,
  db: Executor,
  c: RescueCaseRow,
  day: PlainDate,
): Promise<SettlementCheck> {
  const cfg = rescueConfig(ctx);
  const from = longTermFrom(c.entryDate as PlainDate, cfg);
  const evidence = await dnaAndFaceEvidence(db, c.id);
  const dna = cfg.settlementDnaEvidence === 'request' ? evidence.dnaRequested : evidence.dnaResultReturned;
  const blockers: string[] = [];
  const identityUnknown = c.identityStatus !== 'identified';
  if (!identityUnknown) blockers.push('身份已查明，应协助返乡或由亲属接领，不办理落户安置');
  if (day < from) {
    blockers.push(
      `在站（含托养、送医）须超过${cfg.longTermAfterMonths}个月：自${from}起方可申请（目前${daysInCare(c.entryDate as PlainDate, day)}天）`,
    );
  }
  if (!dna) {
    blockers.push(
      cfg.settlementDnaEvidence === 'request'
        ? '尚无DNA采集申请记录：请先在“七个规定动作”中登记申请公安机关采集DNA'
        : '尚无DNA比对结果记录：须经DNA比对仍未查明身份，请先登记DNA比对结果',
    );
  }
  if (!evidence.faceCompared) blockers.push('尚无人像比对记录：请先在“七个规定动作”中登记人像比对');
  return {
    daysInCare: daysInCare(c.entryDate as PlainDate, day),
    longTermFrom: from,
    longTerm: day >= from,
    identityUnknown,
    dnaEvidence: dna,
    faceEvidence: evidence.faceCompared,
    blockers,
  };
}

/**
 * A settlement file as shown. A file still `pending` whose approval was withdrawn in the approval engine
 * (which emits no event for a withdrawal; `approvalStatus` from the read) is shown withdrawn — the next
 * write on the case (an application, a departure) marks it so.
 */
export function presentSettlement(
  row: RescueSettlementRow & { approvalStatus?: string | null },
  extra: { caseNo: string; stationName: string; personName: string | null },
  names: ReadonlyMap<string, string>,
): SettlementView {
  const s =
    row.status === 'pending' && row.approvalStatus === 'withdrawn'
      ? { ...row, status: 'withdrawn' as const }
      : row;
  return {
    id: s.id,
    caseId: s.caseId,
    caseNo: extra.caseNo,
    stationId: s.stationId,
    stationName: extra.stationName,
    divisionCode: s.divisionCode,
    personName: extra.personName,
    status: s.status,
    statusLabel: SETTLEMENT_STATUS_LABELS[s.status],
    approvalId: s.approvalId,
    collectiveHukouInstitution: s.collectiveHukouInstitution,
    foundPlace: s.foundPlace,
    foundDivisionCode: s.foundDivisionCode,
    materials: JSON.parse(s.materials) as SettlementView['materials'],
    appliedOn: s.appliedOn,
    daysInCare: Number(s.daysInCare),
    note: s.note,
    decidedAt: s.decidedAt,
    decisionReason: s.decisionReason,
    createdBy: displayNameIn(names, s.createdBy), // shown by name; the row keeps the account
  };
}

/**
 * Applies for settlement: checks the period, the evidence and the seven actions inside the transaction
 * that locks the case, creates the file and submits it to the county in the same commit.
 */
export async function applySettlement(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  body: ApplySettlementBody,
): Promise<SettlementView> {
  authorize(actor, 'rescue:write');
  const parsed = applySettlementBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError('invalid', 'VALIDATION_FAILED', `填写有误：${issue?.message ?? ''}`, {
      field: issue?.path.join('.') ?? 'body',
    });
  }
  const input = parsed.data;
  const db = ctx.db.kysely;
  const seen = await visibleCase(db, actor, caseId); // scope first (ADR 0015)
  ensureCaseOpen(seen);
  if (input.attachmentIds.length === 0) {
    throw new DomainError(
      'invalid',
      'RESCUE_SETTLEMENT_ATTACHMENTS_REQUIRED',
      '落户安置申请须附材料（申请表、DNA与人像比对记录等）：请先上传并勾选',
      { field: 'attachmentIds' },
    );
  }
  await citedAttachments(ctx, actor, input.attachmentIds, { ownerType: 'rescue_case', ownerId: caseId });
  const day = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const now = ctx.clock.now().toISOString();
  const row = await db.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, caseId);
    ensureCaseOpen(c);
    const check = await settlementCheckOf(ctx, trx, c, day);
    if (check.blockers.length > 0) {
      throw new DomainError(
        'invalid',
        'RESCUE_SETTLEMENT_NOT_ALLOWED',
        `暂不能申请落户安置：${check.blockers.join('；')}`,
        {
          field: 'caseId',
          blockers: check.blockers,
          daysInCare: check.daysInCare,
          longTermFrom: check.longTermFrom,
        },
      );
    }
    await ensureAllSevenLogged(ctx, trx, c);
    // A file whose approval was withdrawn in the approval engine no longer blocks a new application.
    await settleWithdrawnSettlements(trx, c.id, now);
    const person = await personName(trx, c.personId);
    const row: RescueSettlementRow = {
      id: newId(),
      caseId: c.id,
      stationId: c.stationId,
      divisionCode: c.divisionCode,
      status: 'pending',
      approvalId: null,
      collectiveHukouInstitution: input.collectiveHukouInstitution,
      foundPlace: input.foundPlace ?? c.foundPlace,
      foundDivisionCode: input.foundDivisionCode ?? c.divisionCode.slice(0, 6),
      materials: JSON.stringify([...new Set(input.materials)]),
      attachmentIds: JSON.stringify(input.attachmentIds),
      appliedOn: day,
      daysInCare: check.daysInCare,
      evidence: JSON.stringify({ dna: check.dnaEvidence, face: check.faceEvidence, sevenLogged: true }),
      note: input.note,
      decidedAt: null,
      decisionReason: null,
      createdBy: actor.username,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await insertSettlement(trx, row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new DomainError(
        'conflict',
        'RESCUE_SETTLEMENT_EXISTS',
        '该受助人员已有办理中或已批准的落户安置申请（一人一档）',
      );
    }
    const instance = await submitApprovalInTransaction(ctx, trx, actor, {
      definition: SETTLEMENT_APPROVAL,
      ownerType: SETTLEMENT_OWNER,
      ownerId: row.id,
      divisionCode: c.divisionCode,
      institutionId: c.stationId,
      title: `${person?.name ?? c.nameGiven ?? '无名氏'} 落户安置（${c.caseNo}）`,
      note: input.note ?? undefined,
      attachmentIds: input.attachmentIds,
    });
    await setSettlementApproval(trx, row.id, instance.id);
    await audit(ctx, trx, actor, {
      action: 'rescue.settlement.apply',
      targetType: 'rescue_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: {
        settlementId: row.id,
        approvalId: instance.id,
        daysInCare: check.daysInCare,
        materials: JSON.parse(row.materials) as string[],
        attachmentIds: input.attachmentIds,
      },
    });
    return { ...row, approvalId: instance.id };
  });
  const [station, person, names] = await Promise.all([
    stationName(db, row.stationId),
    personName(db, seen.personId),
    displayNamesOf(db, [row.createdBy]),
  ]);
  return presentSettlement(
    row,
    { caseNo: seen.caseNo, stationName: station?.name ?? '', personName: person?.name ?? seen.nameGiven },
    names,
  );
}

/**
 * Subscriber: the county decided a settlement (`approval.completed` / `approval.rejected`). Approved →
 * the file is approved, an active placement ends and the case closes as `settled`; rejected → the file
 * is rejected and the case stays open. Idempotent: a replayed event finds the file decided.
 */
export async function onSettlementDecided(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'approval.completed'> | StoredEvent<'approval.rejected'>,
): Promise<void> {
  const p = event.payload;
  if (p.definitionKey !== SETTLEMENT_APPROVAL.key) return;
  const s = await settlementByApproval(trx, p.instanceId);
  if (!s || s.status !== 'pending') return;
  const approved = event.type === 'approval.completed';
  const reason = 'reason' in p ? (p as { reason: string }).reason : null;
  const at = ctx.clock.now().toISOString();
  if (
    !(await decideSettlement(trx, s.id, {
      status: approved ? 'approved' : 'rejected',
      decidedAt: at,
      decisionReason: reason,
    }))
  )
    return;
  const actor = systemActor(
    approved ? SETTLEMENT_APPROVED_SUBSCRIBER : SETTLEMENT_REJECTED_SUBSCRIBER,
    s.divisionCode,
  );
  let closed = false;
  let placementEnded = false;
  if (approved) {
    const day = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
    const placement = await activePlacementOfCase(trx, s.caseId);
    if (placement) {
      placementEnded = await endPlacementRow(trx, placement.id, {
        endedOn: day,
        endReason: '落户安置',
        updatedAt: at,
      });
    }
    closed = await closeCase(trx, s.caseId, {
      status: 'settled',
      closeKind: 'settlement',
      closeNote: `落户安置：${s.collectiveHukouInstitution}（集体户）`,
      at,
    });
  }
  await audit(ctx, trx, actor, {
    action: approved ? 'rescue.settlement.approved' : 'rescue.settlement.rejected',
    targetType: 'rescue_case',
    targetId: s.caseId,
    divisionCode: s.divisionCode,
    details: {
      settlementId: s.id,
      approvalId: p.instanceId,
      caseClosed: closed,
      placementEnded,
      eventId: event.id,
    },
  });
  // 寻亲: a settled case leaves the family search (family-feed.ts).
  if (closed) await syncCaseFamilySearch(ctx, trx, s.caseId);
}
