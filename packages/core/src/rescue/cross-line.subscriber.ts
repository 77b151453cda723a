/**
 * The rescue line's side of events from the people index (issue 15, item 6):
 *
 * - `person.deceased` (a death recorded by any line or the people index): the person's open case (in the
 *   station, placed or in hospital) closes as `deceased` with close_kind `death` and a note naming the
 *   source and the date; a departure row of kind `death` is written so the 离站 ledger shows it, and an
 *   active placement ends. Idempotent: a replayed event finds no open case.
 * - `person.merged`: every case (open or closed) naming the merged record follows the survivor
 *   (`person_id` re-pointed, logged in person_merge_repoints like the marriage line). If the survivor
 *   already has an open case and the merged record's case is open too, the merged record's case is closed
 *   first as a duplicate (close_kind `merged_duplicate`, status `departed`) — one open stay per person.
 * - `person.unmerged`: exactly the logged cases are pointed back. A case closed as a duplicate by the
 *   merge stays closed (reported in the audit row: reopen it by hand if the person is still in care).
 *
 * The handlers never fail on such data, so the subscribers are never stuck.
 */
import { newId, todayPlainDate } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { systemActor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import {
  logRepoints,
  markRepointsReverted,
  pendingRepoints,
  type PersonMergeRepointRow,
} from '../people/index';
import { withdrawApprovalInTransaction } from '../approvals/index';
import {
  casesOfPerson,
  closeCase,
  decideSettlement,
  departureOfCase,
  pendingSettlementOfCase,
  insertDeparture,
  openCaseOfPerson,
  repointCase,
} from './departure.repository';
import { activePlacementOfCase, endPlacementRow } from './stay.repository';
import { syncCaseFamilySearch } from './family-feed';

export const CASE_PERSON_DECEASED_SUBSCRIBER = 'rescue.case-person-deceased';
export const CASE_PERSON_MERGED_SUBSCRIBER = 'rescue.case-person-merged';
export const CASE_PERSON_UNMERGED_SUBSCRIBER = 'rescue.case-person-unmerged';
const LINE = 'rescue';
const RECORD_TYPE = 'rescue_case';

export async function onCasePersonDeceased(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.deceased'>,
): Promise<void> {
  const { personId, deathDate, source } = event.payload;
  const c = await openCaseOfPerson(trx, personId);
  if (!c) return;
  const at = ctx.clock.now().toISOString();
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  // A death date before the entry is a data error elsewhere: the stay still ends; the note keeps the date given.
  const endedOn = deathDate < c.entryDate ? c.entryDate : deathDate > today ? today : deathDate;
  const note = `死亡（来源：${source}，死亡日期：${deathDate}）`;
  let placementEnded = false;
  const placement = await activePlacementOfCase(trx, c.id);
  if (placement) {
    placementEnded = await endPlacementRow(trx, placement.id, { endedOn, endReason: note, updatedAt: at });
  }
  if (!(await closeCase(trx, c.id, { status: 'deceased', closeKind: 'death', closeNote: note, at }))) return;
  if (!(await departureOfCase(trx, c.id))) {
    await insertDeparture(trx, {
      id: newId(),
      caseId: c.id,
      stationId: c.stationId,
      divisionCode: c.divisionCode,
      kind: 'death',
      departedOn: endedOn,
      destination: null,
      routeKind: null,
      transferStation: null,
      voucherNo: null,
      route: null,
      collectorName: null,
      collectorRelation: null,
      collectorResidentIdMasked: null,
      collectorResidentIdHmac: null,
      collectorPhone: null,
      collectorIdCopyAttachmentId: null,
      escort: null,
      consentBy: null,
      consentNote: null,
      declarationAttachmentId: null,
      transferTo: null,
      transferToName: null,
      leftFrom: null,
      deathDate,
      deathCause: null,
      cashTotalFen: 0,
      cashPayments: '[]',
      cashReceiptAttachmentId: null,
      belongings: '[]',
      belongingsReceiptAttachmentId: null,
      belongingsSigned: 0,
      note,
      recordedBy: CASE_PERSON_DECEASED_SUBSCRIBER,
      recordedAt: at,
    });
  }
  // A settlement file under way ends with the stay (R-RES-12), as on any departure: its approval is
  // withdrawn in the approval engine and the file marked withdrawn, in this transaction.
  const actor = systemActor(CASE_PERSON_DECEASED_SUBSCRIBER, c.divisionCode);
  let settlementWithdrawn: string | null = null;
  const pendingSettlement = await pendingSettlementOfCase(trx, c.id);
  if (pendingSettlement) {
    const reason = `受助人员死亡（${source}），落户安置申请随之撤回`;
    if (
      pendingSettlement.approvalId &&
      (pendingSettlement.approvalStatus === 'pending' || pendingSettlement.approvalStatus === 'returned')
    ) {
      await withdrawApprovalInTransaction(ctx, trx, actor, pendingSettlement.approvalId, { reason });
    }
    await decideSettlement(trx, pendingSettlement.id, {
      status: 'withdrawn',
      decidedAt: at,
      decisionReason: reason,
    });
    settlementWithdrawn = pendingSettlement.id;
  }
  await audit(ctx, trx, actor, {
    action: 'rescue.case.closed-by-death',
    targetType: 'rescue_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: personId,
    details: {
      deathDate,
      source,
      previousStatus: c.status,
      placementEnded,
      settlementWithdrawn,
      eventId: event.id,
    },
  });
  // 寻亲: the deceased person's case leaves the family search (family-feed.ts).
  await syncCaseFamilySearch(ctx, trx, c.id);
}

export async function onCasePersonMerged(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.merged'>,
): Promise<void> {
  const { survivorId, mergedId, mergeId, divisionCode } = event.payload;
  const cases = await casesOfPerson(trx, mergedId);
  if (cases.length === 0) return;
  const at = ctx.clock.now().toISOString();
  const survivorOpen = await openCaseOfPerson(trx, survivorId);
  const moved: PersonMergeRepointRow[] = [];
  const closedAsDuplicate: string[] = [];
  for (const c of cases) {
    if (c.closedAt === null && survivorOpen && survivorOpen.id !== c.id) {
      const closed = await closeCase(trx, c.id, {
        status: 'departed',
        closeKind: 'merged_duplicate',
        closeNote: `人员合并：与案件${survivorOpen.caseNo}为同一人，本案件作为重复案件结案`,
        at,
      });
      if (closed) closedAsDuplicate.push(c.id);
    }
    if (!(await repointCase(trx, c.id, mergedId, survivorId, at))) continue;
    moved.push({
      id: newId(),
      mergeId,
      line: LINE,
      recordType: RECORD_TYPE,
      recordId: c.id,
      field: 'person_id',
      fromPersonId: mergedId,
      toPersonId: survivorId,
      repointedAt: at,
      revertedAt: null,
    });
  }
  await logRepoints(trx, moved);
  // 寻亲: a case closed as a duplicate leaves the family search (family-feed.ts).
  for (const id of closedAsDuplicate) await syncCaseFamilySearch(ctx, trx, id);
  if (moved.length === 0) return;
  await audit(ctx, trx, systemActor(CASE_PERSON_MERGED_SUBSCRIBER, '000000'), {
    action: 'rescue.person-merge.repoint',
    targetType: 'person_merge',
    targetId: mergeId,
    divisionCode,
    details: {
      survivorId,
      mergedId,
      eventId: event.id,
      repointed: moved.map((m) => m.recordId),
      closedAsDuplicate,
    },
  });
}

export async function onCasePersonUnmerged(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.unmerged'>,
): Promise<void> {
  const { survivorId, mergedId, mergeId, divisionCode } = event.payload;
  const logged = await pendingRepoints(trx, mergeId, LINE);
  if (logged.length === 0) return;
  const at = ctx.clock.now().toISOString();
  const back: string[] = [];
  const left: { recordId: string; why: string }[] = [];
  for (const r of logged) {
    const restoredOpen = await openCaseOfPerson(trx, r.fromPersonId);
    const cases = await casesOfPerson(trx, r.toPersonId);
    const c = cases.find((x) => x.id === r.recordId);
    if (!c) {
      left.push({ recordId: r.recordId, why: 'changed-since' });
      continue;
    }
    if (c.closedAt === null && restoredOpen) {
      left.push({ recordId: r.recordId, why: 'restored-person-has-open-case' });
      continue;
    }
    if (await repointCase(trx, r.recordId, r.toPersonId, r.fromPersonId, at)) back.push(r.recordId);
    else left.push({ recordId: r.recordId, why: 'changed-since' });
    if (c.closeKind === 'merged_duplicate')
      left.push({ recordId: r.recordId, why: 'closed-as-duplicate-reopen-by-hand' });
  }
  await markRepointsReverted(
    trx,
    logged.map((r) => r.id),
    at,
  );
  await audit(ctx, trx, systemActor(CASE_PERSON_UNMERGED_SUBSCRIBER, '000000'), {
    action: 'rescue.person-unmerge.repoint-back',
    targetType: 'person_merge',
    targetId: mergeId,
    divisionCode,
    details: { survivorId, mergedId, eventId: event.id, repointedBack: back, left },
  });
}
