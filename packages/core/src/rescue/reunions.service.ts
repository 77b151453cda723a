/**
 * Reunions (团聚, issue 16 items 1 and 5; R-RES-07, R-RES-09 … R-RES-12): a family found for a rescue case
 * — by a confirmed family-search candidate (event `family.match-confirmed`, started automatically and
 * idempotently) or by hand (a DNA 比中 by the police, a notice response, other) — is contacted, the family
 * member's and the person's identity are checked, and the person is handed over. The handover IS the
 * departure `collected_by_family`: the departure concern's `recordDepartureInTransaction` records it with
 * every check of R-RES-07 (collector's name, relation, id number and id copy) in the same transaction as the
 * reunion's update and audit; a refused handover changes nothing.
 * Nothing merges here: a confirmed resident id held by another people-index record becomes a person-merge
 * request (the intake concern's `identifyCase`), decided by a county reviewer. Every step is audited.
 */
import {
  DomainError,
  isDomainError,
  maskResidentId,
  newId,
  parsePlainDate,
  parseResidentId,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import {
  FAMILY_WORKLIST_SORT_FIELDS,
  REUNION_CHANNEL_LABELS,
  REUNION_CHANNELS,
  REUNION_DAY_BUCKETS,
  REUNION_SORT_FIELDS,
  REUNION_STATUS_LABELS,
  cancelReunionBody,
  reunionContactBody,
  reunionHandoverBody,
  reunionIdentityBody,
  startReunionBody,
  type CancelReunionBody,
  type CaseFamilyView,
  type FamilyWorklistRow,
  type ReunionChannel,
  type ReunionContactBody,
  type ReunionHandoverBody,
  type ReunionIdentityBody,
  type ReunionStatisticsView,
  type ReunionView,
  type StartReunionBody,
} from '@social-affairs/kernel/contracts/rescue';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import {
  authorize,
  displayNameIn,
  displayNamesOf,
  scopeFilterFor,
  systemActor,
  type Actor,
} from '../access/index';
import { citedAttachments } from '../attachments/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import type { DomainEvents, StoredEvent } from '../events/index';
import { isUniqueViolation } from '../db/index';
import type { TodoItem } from '../line';
import { findIndexedPersonByResidentId } from '../people/index';
import { ensureCaseOpen, lockedVisibleCase, visibleCase, visibleStation } from './cases.access';
import { findRescueCase, type RescueCaseRow } from './cases.repository';
import {
  collectorIdentity,
  departureRules,
  prepareDeparture,
  recordDepartureInTransaction,
} from './departure.service';
import { identifyCase } from './intake.service';
import { ageOnDay, daysInCare } from './periods';
import { rescueConfig } from './rescue.config';
import {
  caseHeads,
  countReunionLedger,
  findReunion,
  handedOverReunions,
  insertReunion,
  openCandidateCounts,
  openReunionOfCase,
  reunionByCandidate,
  reunionLedgerPage,
  reunionsOfCase,
  setCaseIdentified,
  updateReunion,
  worklistRows,
  type ReunionLedgerFilter,
  type RescueReunionRow,
} from './reunions.repository';

export const REUNION_MATCH_SUBSCRIBER = 'rescue.reunion-from-family-match';

function today(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

function invalid(code: string, message: string, field: string, details: Record<string, unknown> = {}) {
  return new DomainError('invalid', code, message, { field, ...details });
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid('VALIDATION_FAILED', `填写有误：${issue?.message ?? ''}`, issue?.path.join('.') ?? 'body');
  }
  return parsed.data;
}

function residentIdOf(ctx: CoreContext, input: string, field: string, what: string) {
  try {
    return parseResidentId(input, { today: today(ctx) });
  } catch (err) {
    if (err instanceof DomainError) throw invalid(err.code, `${what}身份证件号码有误：${err.message}`, field);
    throw err;
  }
}

const CHECK_IDENTITY = '核实身份：核对来站亲属的身份证件并上传复印件，确认受助人员姓名';

/** What to do next: a reunion `contacting` whose contact is recorded waits for the identity check. */
function nextStepOf(status: RescueReunionRow['status'], contactedAt: string | null): string | null {
  return status === 'contacting' && contactedAt !== null ? CHECK_IDENTITY : NEXT_STEP[status];
}

const NEXT_STEP: Record<RescueReunionRow['status'], string | null> = {
  contacting: '联系家属：登记联系人、关系和电话',
  identity_checked: '办理交接：核对领人者身份证件并登记亲属接领离站',
  handed_over: null,
  cancelled: null,
};

// ---------------------------------------------------------------------------------------------------
// Presenting
// ---------------------------------------------------------------------------------------------------

interface Head {
  caseNo: string;
  entryDate: string;
  stationName: string;
  personName: string | null;
}

export function presentReunion(
  r: RescueReunionRow,
  head: Head,
  names: ReadonlyMap<string, string>,
): ReunionView {
  return {
    id: r.id,
    caseId: r.caseId,
    caseNo: head.caseNo,
    stationId: r.stationId,
    stationName: head.stationName,
    divisionCode: r.divisionCode,
    personName: head.personName,
    channel: r.channel,
    channelLabel: REUNION_CHANNEL_LABELS[r.channel],
    candidateId: r.candidateId,
    sourceLine: r.sourceLine,
    sourceId: r.sourceId,
    sourceKind: r.sourceKind,
    sourceReference: r.sourceReference,
    startedHow: r.startedHow,
    status: r.status,
    statusLabel: REUNION_STATUS_LABELS[r.status],
    nextStep: nextStepOf(r.status, r.contactedAt),
    familyName: r.familyName,
    familyRelation: r.familyRelation,
    familyPhone: r.familyPhone,
    contactedAt: r.contactedAt,
    contactNote: r.contactNote,
    kinName: r.kinName,
    kinRelation: r.kinRelation,
    kinResidentIdMasked: r.kinResidentIdMasked,
    evidenceAttachmentId: r.evidenceAttachmentId,
    confirmedName: r.confirmedName,
    confirmedResidentIdMasked: r.confirmedResidentIdMasked,
    confirmedPersonId: r.confirmedPersonId,
    mergeId: r.mergeId,
    checkedBy: r.checkedBy ? displayNameIn(names, r.checkedBy) : null,
    checkedAt: r.checkedAt,
    departureId: r.departureId,
    handedOverOn: r.handedOverOn,
    handedOverBy: r.handedOverBy ? displayNameIn(names, r.handedOverBy) : null,
    cancelReason: r.cancelReason,
    cancelledAt: r.cancelledAt,
    note: r.note,
    startedBy: displayNameIn(names, r.startedBy),
    startedAt: r.startedAt,
    entryDate: head.entryDate,
    daysToReunion: r.handedOverOn
      ? daysInCare(head.entryDate as PlainDate, r.handedOverOn as PlainDate)
      : null,
    version: Number(r.version),
  };
}

async function presentMany(ctx: CoreContext, rows: readonly RescueReunionRow[]): Promise<ReunionView[]> {
  const db = ctx.db.kysely;
  const heads = new Map((await caseHeads(db, [...new Set(rows.map((r) => r.caseId))])).map((h) => [h.id, h]));
  const names = await displayNamesOf(
    db,
    rows.flatMap((r) => [r.startedBy, r.checkedBy, r.handedOverBy]),
  );
  return rows.map((r) => {
    const h = heads.get(r.caseId);
    return presentReunion(
      r,
      {
        caseNo: h?.caseNo ?? '',
        entryDate: h?.entryDate ?? '',
        stationName: h?.stationName ?? '',
        personName: h?.nameGiven ?? h?.personName ?? null,
      },
      names,
    );
  });
}

async function presentOne(ctx: CoreContext, row: RescueReunionRow): Promise<ReunionView> {
  const [view] = await presentMany(ctx, [row]);
  return view!;
}

/** The reunion if its case is in the actor's scope; 404 like a missing one otherwise (ADR 0015). */
async function visibleReunion(ctx: CoreContext, actor: Actor, id: string) {
  const r = await findReunion(ctx.db.kysely, id);
  if (!r) throw new DomainError('not_found', 'NOT_FOUND', '团聚记录不存在或不在您的管辖范围内');
  try {
    const c = await visibleCase(ctx.db.kysely, actor, r.caseId);
    return { reunion: r, c };
  } catch (err) {
    if (isDomainError(err) && err.kind === 'not_found') {
      throw new DomainError('not_found', 'NOT_FOUND', '团聚记录不存在或不在您的管辖范围内');
    }
    throw err;
  }
}

function stepRefused(r: RescueReunionRow, expected: RescueReunionRow['status'], what: string): DomainError {
  return new DomainError(
    'conflict',
    'REUNION_STEP_OUT_OF_ORDER',
    `当前状态为“${REUNION_STATUS_LABELS[r.status]}”，不能${what}：${NEXT_STEP[r.status] ?? '该团聚已结束'}`,
    { status: r.status, expected },
  );
}

function checkStep(r: RescueReunionRow, expected: RescueReunionRow['status'], version: number, what: string) {
  if (r.status !== expected) throw stepRefused(r, expected, what);
  if (Number(r.version) !== version) {
    throw new DomainError('conflict', 'VERSION_CONFLICT', '该团聚记录已被他人修改：请刷新后重试', {
      field: 'version',
    });
  }
}

const ALREADY_OPEN = () =>
  new DomainError('conflict', 'REUNION_ALREADY_OPEN', '该案件已有进行中的团聚：请在原团聚记录中继续办理', {
    field: 'channel',
  });

// ---------------------------------------------------------------------------------------------------
// Starting
// ---------------------------------------------------------------------------------------------------

/** Starts a reunion by hand from the case tab (DNA 比中, notice response, other). One open per case. */
export async function startReunion(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  body: StartReunionBody,
): Promise<ReunionView> {
  authorize(actor, 'rescue:write');
  const input = parse(startReunionBody, body);
  const db = ctx.db.kysely;
  const seen = await visibleCase(db, actor, caseId);
  ensureCaseOpen(seen);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  try {
    await db.transaction().execute(async (trx) => {
      const c = await lockedVisibleCase(trx, actor, caseId);
      ensureCaseOpen(c);
      if (await openReunionOfCase(trx, c.id)) throw ALREADY_OPEN();
      await insertReunion(
        trx,
        newRow(c, id, now, actor.username, {
          channel: input.channel,
          startedHow: 'hand',
          sourceReference: input.sourceReference,
          note: input.note,
        }),
      );
      await audit(ctx, trx, actor, {
        action: 'rescue.reunion.start',
        targetType: 'rescue_reunion',
        targetId: id,
        divisionCode: c.divisionCode,
        subjectPersonId: c.personId,
        details: { caseId: c.id, channel: input.channel, startedHow: 'hand' },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw ALREADY_OPEN();
    throw err;
  }
  return presentOne(ctx, (await findReunion(db, id))!);
}

function newRow(
  c: RescueCaseRow,
  id: string,
  now: string,
  by: string,
  o: {
    channel: ReunionChannel;
    startedHow: 'event' | 'hand';
    candidateId?: string | null;
    sourceLine?: string | null;
    sourceId?: string | null;
    sourceKind?: string | null;
    sourceReference?: string | null;
    note?: string | null;
  },
): RescueReunionRow {
  return {
    id,
    caseId: c.id,
    stationId: c.stationId,
    divisionCode: c.divisionCode,
    channel: o.channel,
    candidateId: o.candidateId ?? null,
    sourceLine: o.sourceLine ?? null,
    sourceId: o.sourceId ?? null,
    sourceKind: o.sourceKind ?? null,
    sourceReference: o.sourceReference ?? null,
    startedHow: o.startedHow,
    status: 'contacting',
    familyName: null,
    familyRelation: null,
    familyPhone: null,
    contactedAt: null,
    contactNote: null,
    kinName: null,
    kinRelation: null,
    kinResidentIdMasked: null,
    kinResidentIdHmac: null,
    evidenceAttachmentId: null,
    confirmedName: null,
    confirmedResidentIdMasked: null,
    confirmedPersonId: null,
    mergeId: null,
    checkedBy: null,
    checkedAt: null,
    departureId: null,
    handedOverOn: null,
    handedOverBy: null,
    handedOverAt: null,
    cancelReason: null,
    cancelledBy: null,
    cancelledAt: null,
    note: o.note ?? null,
    startedBy: by,
    startedAt: now,
    updatedAt: now,
    version: 1,
  };
}

type FamilyMatchConfirmed = DomainEvents['family.match-confirmed'];
type FamilyMatchSide = FamilyMatchConfirmed['left'];

function channelOf(c: string | null | undefined): ReunionChannel {
  if (c && (REUNION_CHANNELS as readonly string[]).includes(c)) return c as ReunionChannel;
  // The engine's name match over the family-search index is a data comparison (数据比对).
  if (c === 'name' || c === 'index' || c === 'engine' || c === 'search') return 'data';
  return 'data';
}

/**
 * Subscriber of `family.match-confirmed`: when one side is an open rescue case, a reunion starts
 * (channel from the payload, the other side as its source). Idempotent (one reunion per candidate); a
 * case that is closed or already has an open reunion is left alone (noted in an audit row) — the handler
 * never fails on such data.
 */
export async function onFamilyMatchConfirmed(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: Pick<StoredEvent<'family.match-confirmed'>, 'payload'>,
): Promise<void> {
  const p = event.payload;
  const sides: [FamilyMatchSide, FamilyMatchSide][] = [
    [p.left, p.right],
    [p.right, p.left],
  ];
  for (const [mine, other] of sides) {
    if (mine?.ownerLine !== 'rescue') continue;
    if (await reunionByCandidate(trx, p.candidateId)) return; // replayed event
    const c = await findRescueCase(trx, mine.entryId);
    if (!c) continue;
    const now = ctx.clock.now().toISOString();
    const open = c.closedAt === null ? await openReunionOfCase(trx, c.id) : undefined;
    const actor = systemActorFor();
    if (c.closedAt !== null || open) {
      await audit(ctx, trx, actor, {
        action: 'rescue.reunion.not-started',
        targetType: 'rescue_case',
        targetId: c.id,
        divisionCode: c.divisionCode,
        subjectPersonId: c.personId,
        details: {
          candidateId: p.candidateId,
          reason: c.closedAt !== null ? 'case-closed' : 'reunion-open',
          openReunionId: open?.id ?? null,
        },
      });
      return;
    }
    const id = newId();
    await insertReunion(
      trx,
      newRow(c, id, now, actor.username, {
        channel: channelOf(p.channel),
        startedHow: 'event',
        candidateId: p.candidateId,
        sourceLine: other?.ownerLine ?? null,
        sourceId: other?.entryId ?? null,
        sourceKind: other?.kind ?? null,
      }),
    );
    await audit(ctx, trx, actor, {
      action: 'rescue.reunion.start',
      targetType: 'rescue_reunion',
      targetId: id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: {
        caseId: c.id,
        channel: channelOf(p.channel),
        startedHow: 'event',
        candidateId: p.candidateId,
        sourceLine: other?.ownerLine ?? null,
        sourceKind: other?.kind ?? null,
      },
    });
    return;
  }
}

function systemActorFor(): Actor {
  return systemActor('rescue.reunions', '000000');
}

// ---------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------

/** Step 1, 联系家属: who was reached, how, when. */
export async function recordReunionContact(
  ctx: CoreContext,
  actor: Actor,
  reunionId: string,
  body: ReunionContactBody,
): Promise<ReunionView> {
  authorize(actor, 'rescue:write');
  const input = parse(reunionContactBody, body);
  const { reunion } = await visibleReunion(ctx, actor, reunionId);
  checkStep(reunion, 'contacting', input.version, '登记联系家属');
  const now = ctx.clock.now().toISOString();
  const contactedAt = input.contactedAt ? new Date(input.contactedAt).toISOString() : now;
  if (contactedAt > now) throw invalid('REUNION_CONTACT_IN_FUTURE', '联系时间不能晚于现在', 'contactedAt');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, reunion.caseId);
    ensureCaseOpen(c);
    const ok = await updateReunion(
      trx,
      reunion.id,
      { status: 'contacting', version: input.version },
      {
        familyName: input.familyName,
        familyRelation: input.familyRelation,
        familyPhone: input.familyPhone,
        contactedAt,
        contactNote: input.note,
        updatedAt: now,
      },
    );
    if (!ok) throw stale();
    await audit(ctx, trx, actor, {
      action: 'rescue.reunion.contact',
      targetType: 'rescue_reunion',
      targetId: reunion.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { caseId: c.id, familyRelation: input.familyRelation, contactedAt },
    });
  });
  return presentOne(ctx, (await findReunion(ctx.db.kysely, reunion.id))!);
}

const stale = () =>
  new DomainError('conflict', 'VERSION_CONFLICT', '该团聚记录已被他人修改：请刷新后重试', {
    field: 'version',
  });

/**
 * Step 2, 身份核实: the family member's name, relation and resident id (validated; stored masked and as a
 * keyed HMAC only — the handover checks the collector's typed id against it; never audited in full), the evidence (the case's attachment `collector_id_copy` or
 * `identity_document_copy`), and who the person is. The case becomes `identified` under the confirmed name.
 * A confirmed resident id held by another people-index record → a person-merge request through the
 * intake concern's `identifyCase` (never a merge); the people index is not written otherwise.
 */
export async function recordReunionIdentity(
  ctx: CoreContext,
  actor: Actor,
  reunionId: string,
  body: ReunionIdentityBody,
): Promise<ReunionView> {
  authorize(actor, 'rescue:write');
  const input = parse(reunionIdentityBody, body);
  const db = ctx.db.kysely;
  const { reunion, c: seen } = await visibleReunion(ctx, actor, reunionId);
  ensureCaseOpen(seen);
  if (reunion.status === 'contacting' && reunion.contactedAt === null) {
    throw new DomainError(
      'conflict',
      'REUNION_STEP_OUT_OF_ORDER',
      '尚未登记联系家属：请先登记联系人、关系和电话，再核实身份',
      { status: reunion.status, expected: 'contacting' },
    );
  }
  checkStep(reunion, 'contacting', input.version, '核实身份');
  const kin = residentIdOf(ctx, input.kinResidentId, 'kinResidentId', '亲属');
  const confirmed = input.confirmedResidentId
    ? residentIdOf(ctx, input.confirmedResidentId, 'confirmedResidentId', '受助人员')
    : null;
  if (confirmed && confirmed.sex !== seen.sex) {
    throw invalid(
      'RESIDENT_ID_SEX_MISMATCH',
      '受助人员身份证号码的性别与案件登记的性别不一致',
      'confirmedResidentId',
    );
  }
  if (confirmed && confirmed.id === kin.id) {
    throw invalid('REUNION_KIN_IS_PERSON', '亲属的身份证号码与受助人员的相同：请核对', 'kinResidentId');
  }
  const [evidence] = await citedAttachments(ctx, actor, [input.evidenceAttachmentId], {
    ownerType: 'rescue_case',
    ownerId: seen.id,
  });
  if (!evidence || (evidence.kind !== 'collector_id_copy' && evidence.kind !== 'identity_document_copy')) {
    throw invalid(
      'ATTACHMENT_KIND_MISMATCH',
      '核实材料须为本案件的“领人者身份证件复印件”或“身份证件复印件”：请上传后再选择',
      'evidenceAttachmentId',
    );
  }
  // Who holds the confirmed id in the people index (unscoped lookup for this act, audited below).
  let confirmedPersonId: string | null = null;
  let mergeId: string | null = null;
  let mergeNote: string | null = null;
  if (confirmed) {
    const holder = await findIndexedPersonByResidentId(db, confirmed.id);
    if (holder && holder.id !== seen.personId) {
      confirmedPersonId = holder.id;
      if (seen.identityStatus !== 'identified') {
        try {
          const m = await identifyCase(ctx, actor, seen.id, {
            personId: holder.id,
            reason: `团聚身份核实：${input.kinRelation}${input.kinName}指认，核对身份证件`,
          });
          mergeId = m.mergeId;
        } catch (err) {
          // Already proposed, or the holder is outside the actor's scope: the reviewer takes it from here.
          if (!isDomainError(err) || (err.code !== 'MERGE_ALREADY_PROPOSED' && err.kind !== 'not_found')) {
            throw err;
          }
          mergeNote =
            err.code === 'MERGE_ALREADY_PROPOSED' ? 'merge-already-proposed' : 'holder-out-of-scope';
        }
      }
    } else if (!holder) {
      mergeNote = 'not-in-people-index';
    }
  }
  const now = ctx.clock.now().toISOString();
  // Never stored in full: masked, and the keyed HMAC the handover checks the collector's typed id against.
  const kinKey = collectorIdentity(ctx, kin.id);
  await db.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, seen.id);
    ensureCaseOpen(c);
    const ok = await updateReunion(
      trx,
      reunion.id,
      { status: 'contacting', version: input.version },
      {
        status: 'identity_checked',
        kinName: input.kinName,
        kinRelation: input.kinRelation,
        kinResidentIdMasked: kinKey.masked,
        kinResidentIdHmac: kinKey.hmac,
        evidenceAttachmentId: evidence.id,
        confirmedName: input.confirmedName,
        confirmedResidentIdMasked: confirmed ? maskResidentId(confirmed.id) : null,
        confirmedPersonId,
        mergeId,
        checkedBy: actor.username,
        checkedAt: now,
        note: input.note ?? reunion.note,
        updatedAt: now,
      },
    );
    if (!ok) throw stale();
    await setCaseIdentified(trx, c.id, { nameGiven: input.confirmedName, at: now });
    await audit(ctx, trx, actor, {
      action: 'rescue.reunion.identity-check',
      targetType: 'rescue_reunion',
      targetId: reunion.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      // Never a full resident id in audit details: masked only.
      details: {
        caseId: c.id,
        kinRelation: input.kinRelation,
        kinResidentIdMasked: kinKey.masked,
        confirmedResidentIdMasked: confirmed ? maskResidentId(confirmed.id) : null,
        confirmedPersonId,
        mergeId,
        mergeNote,
        previousIdentityStatus: c.identityStatus,
      },
    });
  });
  return presentOne(ctx, (await findReunion(db, reunion.id))!);
}

/**
 * Step 3, 交接: the departure `collected_by_family` through the departure concern (R-RES-07: collector's
 * name, relation, id number and id copy; belongings against the register) — the case closes as departed.
 * The collector's resident id is always typed; when the collector is the family member checked at step 2
 * (same name), it must match that member's id (keyed HMAC, 422 on `collector.residentId` otherwise); the
 * id copy then defaults to step 2's evidence when it is a `collector_id_copy`. The departure, the
 * reunion's update (version-checked) and the audit row are ONE transaction (`recordDepartureInTransaction`):
 * a refused handover — by the departure's checks or a stale reunion — changes nothing.
 */
export async function handOverReunion(
  ctx: CoreContext,
  actor: Actor,
  reunionId: string,
  body: ReunionHandoverBody,
): Promise<ReunionView> {
  authorize(actor, 'rescue:write');
  const input = parse(reunionHandoverBody, body);
  const db = ctx.db.kysely;
  const { reunion, c: seen } = await visibleReunion(ctx, actor, reunionId);
  ensureCaseOpen(seen);
  // The step here; the version in the write below (a stale version refuses the whole handover).
  if (reunion.status !== 'identity_checked') throw stepRefused(reunion, 'identity_checked', '办理交接');
  const typed = residentIdOf(ctx, input.collector.residentId, 'collector.residentId', '领人者');
  const typedKey = collectorIdentity(ctx, typed.id);
  const isKin = reunion.kinName !== null && input.collector.name.trim() === reunion.kinName.trim();
  if (isKin && reunion.kinResidentIdHmac !== null && typedKey.hmac !== reunion.kinResidentIdHmac) {
    throw invalid(
      'REUNION_COLLECTOR_ID_MISMATCH',
      `领人者身份证件号码与身份核实时登记的亲属（${reunion.kinRelation ?? ''}${reunion.kinName ?? ''}，${reunion.kinResidentIdMasked ?? ''}）的号码不一致：请核对来人出示的证件；如由他人领人，请如实填写领人者姓名和关系`,
      'collector.residentId',
    );
  }
  let idCopy: string | null = input.collector.idCopyAttachmentId ?? null;
  if (!idCopy && isKin && reunion.evidenceAttachmentId) {
    const [ev] = await citedAttachments(ctx, actor, [reunion.evidenceAttachmentId], {
      ownerType: 'rescue_case',
      ownerId: seen.id,
    }).catch(() => []);
    if (ev?.kind === 'collector_id_copy') idCopy = ev.id;
  }
  const collector = {
    name: input.collector.name,
    relation: input.collector.relation,
    residentId: typed.id,
    phone: input.collector.phone ?? (isKin ? reunion.familyPhone : null),
    idCopyAttachmentId: idCopy,
  };
  const day = today(ctx);
  const handedOverOn = input.handedOverOn ? parsePlainDate(input.handedOverOn) : day;
  // The departure's checks outside the transaction (scope, kind for this person, id, attachments) …
  const prepared = await prepareDeparture(ctx, actor, seen.id, {
    kind: 'collected_by_family',
    departedOn: handedOverOn,
    collector,
    belongings: input.belongings.map((b) => ({ itemId: b.itemId, returned: b.returned, reason: b.reason })),
    belongingsSigned: input.belongingsSigned,
    belongingsReceiptAttachmentId: input.belongingsReceiptAttachmentId ?? null,
    note: input.note ?? `团聚交接（${REUNION_CHANNEL_LABELS[reunion.channel]}）`,
  });
  const now = ctx.clock.now().toISOString();
  // … then the departure, the reunion and the audit row in one transaction.
  await db.transaction().execute(async (trx) => {
    const { row } = await recordDepartureInTransaction(ctx, trx, actor, prepared);
    const ok = await updateReunion(
      trx,
      reunion.id,
      { status: 'identity_checked', version: input.version },
      {
        status: 'handed_over',
        departureId: row.id,
        handedOverOn: row.departedOn,
        handedOverBy: actor.username,
        handedOverAt: now,
        updatedAt: now,
      },
    );
    if (!ok) throw stale(); // rolls the departure back with it
    await audit(ctx, trx, actor, {
      action: 'rescue.reunion.hand-over',
      targetType: 'rescue_reunion',
      targetId: reunion.id,
      divisionCode: seen.divisionCode,
      subjectPersonId: seen.personId,
      details: {
        caseId: seen.id,
        departureId: row.id,
        handedOverOn: row.departedOn,
        collectorRelation: collector.relation,
        collectorIsCheckedKin: isKin,
        collectorResidentIdMasked: row.collectorResidentIdMasked,
      },
    });
  });
  return presentOne(ctx, (await findReunion(db, reunion.id))!);
}

/** Cancels an open reunion (the family was not the person's, refused to collect, …): a reason is required. */
export async function cancelReunion(
  ctx: CoreContext,
  actor: Actor,
  reunionId: string,
  body: CancelReunionBody,
): Promise<ReunionView> {
  authorize(actor, 'rescue:write');
  const input = parse(cancelReunionBody, body);
  const { reunion } = await visibleReunion(ctx, actor, reunionId);
  if (reunion.status !== 'contacting' && reunion.status !== 'identity_checked') {
    throw stepRefused(reunion, 'contacting', '取消');
  }
  checkStep(reunion, reunion.status, input.version, '取消');
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, reunion.caseId);
    const ok = await updateReunion(
      trx,
      reunion.id,
      { status: reunion.status, version: input.version },
      {
        status: 'cancelled',
        cancelReason: input.reason,
        cancelledBy: actor.username,
        cancelledAt: now,
        updatedAt: now,
      },
    );
    if (!ok) throw stale();
    await audit(ctx, trx, actor, {
      action: 'rescue.reunion.cancel',
      targetType: 'rescue_reunion',
      targetId: reunion.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      reason: input.reason,
      details: { caseId: c.id, previousStatus: reunion.status },
    });
  });
  return presentOne(ctx, (await findReunion(ctx.db.kysely, reunion.id))!);
}

/** The case tab 寻亲与团聚: the case's reunions (audited read of the person's data). */
export async function caseFamily(ctx: CoreContext, actor: Actor, caseId: string): Promise<CaseFamilyView> {
  authorize(actor, 'rescue:read');
  const db = ctx.db.kysely;
  const c = await visibleCase(db, actor, caseId);
  const rows = await reunionsOfCase(db, c.id);
  await ctx.readAudit.record(actor, {
    action: 'rescue.reunion.read',
    targetType: 'rescue_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
  });
  const open = c.closedAt === null;
  const rules = departureRules(c, today(ctx), rescueConfig(ctx));
  return {
    caseId: c.id,
    caseNo: c.caseNo,
    open,
    identityStatus: c.identityStatus,
    collectionRequired: rules.collectionRequired,
    canStart: open && !rows.some((r) => r.status === 'contacting' || r.status === 'identity_checked'),
    reunions: await presentMany(ctx, rows),
  };
}

// ---------------------------------------------------------------------------------------------------
// The 寻亲 worklist
// ---------------------------------------------------------------------------------------------------

export interface FamilyWorklistParams {
  stationId?: string;
  division?: string;
  sex?: 'male' | 'female';
  ageBand?: 'minor' | 'adult' | 'senior' | 'unknown';
  hasCandidates?: 'yes' | 'no';
  q?: string;
  sort?: string;
}

function ageBandOf(age: number | null): NonNullable<FamilyWorklistParams['ageBand']> {
  if (age === null) return 'unknown';
  if (age < 18) return 'minor';
  if (age < 60) return 'adult';
  return 'senior';
}

async function worklist(
  ctx: CoreContext,
  actor: Actor,
  q: FamilyWorklistParams,
): Promise<FamilyWorklistRow[]> {
  const db = ctx.db.kysely;
  if (q.stationId) await visibleStation(db, actor, q.stationId);
  const sort = sortSpec(q.sort, FAMILY_WORKLIST_SORT_FIELDS) ?? { field: 'entryDate', desc: false };
  const rows = await worklistRows(db, {
    scope: scopeFilterFor(actor, q.division),
    stationId: q.stationId,
    sex: q.sex,
    q: q.q?.trim() || undefined,
  });
  const day = today(ctx);
  const counts = await openCandidateCounts(
    db,
    rows.map((r) => r.caseId),
  );
  let out: FamilyWorklistRow[] = rows.map((r) => {
    const age = ageOnDay(
      { birthDate: r.birthDate, estimatedAge: r.estimatedAge, entryDate: r.entryDate as PlainDate },
      day,
    );
    const openCandidates = counts.get(r.caseId) ?? 0;
    const facePhoto = Number(r.photos ?? 0) > 0;
    const faceCompared = Number(r.faceRecords ?? 0) > 0;
    const reunionStatus = r.reunionStatus ?? null;
    const nextStep = reunionStatus
      ? (nextStepOf(reunionStatus, r.reunionContactedAt ?? null) ?? '')
      : openCandidates
        ? `核对${openCandidates}个寻亲候选`
        : !facePhoto
          ? '上传正面照片，以便人像比对'
          : !r.latestNoticeNo
            ? '发布寻亲公告'
            : '继续寻亲：关注新的比对结果和公告回复';
    return {
      caseId: r.caseId,
      caseNo: r.caseNo,
      personName: r.nameGiven ?? r.personName,
      sex: r.sex,
      age,
      ageEstimated: r.birthDate === null,
      identityStatus: r.identityStatus,
      stationId: r.stationId,
      stationName: r.stationName,
      status: r.status,
      entryDate: r.entryDate,
      daysInStation: daysInCare(r.entryDate as PlainDate, day),
      openCandidates,
      facePhoto,
      faceCompared,
      latestNoticeNo: r.latestNoticeNo ?? null,
      reunionId: r.reunionId ?? null,
      reunionStatus,
      reunionStatusLabel: reunionStatus ? REUNION_STATUS_LABELS[reunionStatus] : null,
      nextStep,
    };
  });
  if (q.ageBand) out = out.filter((r) => ageBandOf(r.age) === q.ageBand);
  if (q.hasCandidates) out = out.filter((r) => (q.hasCandidates === 'yes') === (r.openCandidates ?? 0) > 0);
  const key = (r: FamilyWorklistRow): string | number =>
    sort.field === 'candidates'
      ? (r.openCandidates ?? -1)
      : sort.field === 'caseNo'
        ? r.caseNo
        : sort.field === 'stationName'
          ? r.stationName
          : r.entryDate;
  out.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
    return sort.desc ? -c : c;
  });
  return out;
}

function sortSpec<F extends string>(sort: string | undefined, fields: readonly F[]) {
  if (!sort) return undefined;
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as F;
  if (!fields.includes(field)) throw invalid('SORT_FIELD_INVALID', '不支持按该列排序', 'sort');
  return { field, desc };
}

/** The 寻亲 worklist: open cases whose identity is not confirmed, in scope (audited list of people). */
export async function familyWorklist(
  ctx: CoreContext,
  actor: Actor,
  q: FamilyWorklistParams & { page: number; pageSize: number },
) {
  authorize(actor, 'rescue:read');
  const all = await worklist(ctx, actor, q);
  await ctx.readAudit.record(actor, {
    action: 'rescue.family-worklist.read',
    targetType: 'rescue_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { byName: Boolean(q.q), total: all.length },
  });
  const start = (q.page - 1) * q.pageSize;
  return {
    items: all.slice(start, start + q.pageSize),
    total: all.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function exportFamilyWorklist(
  ctx: CoreContext,
  actor: Actor,
  q: FamilyWorklistParams,
): Promise<AsyncIterable<FamilyWorklistRow>> {
  authorize(actor, 'rescue:read');
  const all = await worklist(ctx, actor, q);
  await ctx.readAudit.record(actor, {
    action: 'rescue.family-worklist.export',
    targetType: 'rescue_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: { ...q, q: q.q ? '***' : undefined }, total: all.length },
  });
  return (async function* () {
    yield* all;
  })();
}

// ---------------------------------------------------------------------------------------------------
// The reunions ledger
// ---------------------------------------------------------------------------------------------------

export interface ReunionLedgerParams {
  channel?: ReunionChannel;
  status?: RescueReunionRow['status'];
  stationId?: string;
  division?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: string;
}

function ledgerFilter(actor: Actor, q: ReunionLedgerParams): ReunionLedgerFilter {
  return {
    scope: scopeFilterFor(actor, q.division),
    channel: q.channel,
    status: q.status,
    stationId: q.stationId,
    from: q.from ? parsePlainDate(q.from) : undefined,
    to: q.to ? parsePlainDate(q.to) : undefined,
    q: q.q?.trim() || undefined,
    sort: sortSpec(q.sort, REUNION_SORT_FIELDS),
  };
}

function fromLedger(
  r: Awaited<ReturnType<typeof reunionLedgerPage>>[number],
  names: ReadonlyMap<string, string>,
) {
  return presentReunion(
    r,
    {
      caseNo: r.caseNo,
      entryDate: r.entryDate,
      stationName: r.stationName,
      personName: r.confirmedName ?? r.personName,
    },
    names,
  );
}

export async function reunionLedger(
  ctx: CoreContext,
  actor: Actor,
  q: ReunionLedgerParams & { page: number; pageSize: number },
) {
  authorize(actor, 'rescue:read');
  const db = ctx.db.kysely;
  const f = ledgerFilter(actor, q);
  if (q.stationId) await visibleStation(db, actor, q.stationId);
  await ctx.readAudit.record(actor, {
    action: 'rescue.reunion.search',
    targetType: 'rescue_reunion',
    divisionCode: q.division ?? actor.divisionCode,
    details: { byName: Boolean(f.q) },
  });
  const [rows, total] = await Promise.all([
    reunionLedgerPage(db, f, q.pageSize, (q.page - 1) * q.pageSize),
    countReunionLedger(db, f),
  ]);
  const names = await displayNamesOf(
    db,
    rows.flatMap((r) => [r.startedBy, r.checkedBy, r.handedOverBy]),
  );
  return { items: rows.map((r) => fromLedger(r, names)), total, page: q.page, pageSize: q.pageSize };
}

export async function exportReunionLedger(
  ctx: CoreContext,
  actor: Actor,
  q: ReunionLedgerParams,
): Promise<AsyncIterable<ReunionView>> {
  authorize(actor, 'rescue:read');
  const db = ctx.db.kysely;
  const f = ledgerFilter(actor, q);
  if (q.stationId) await visibleStation(db, actor, q.stationId);
  await ctx.readAudit.record(actor, {
    action: 'rescue.reunion.export',
    targetType: 'rescue_reunion',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: { ...q, q: q.q ? '***' : undefined } },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 2000) {
      const rows = await reunionLedgerPage(db, f, 2000, offset);
      const names = await displayNamesOf(
        db,
        rows.flatMap((r) => [r.startedBy, r.checkedBy, r.handedOverBy]),
      );
      for (const r of rows) yield fromLedger(r, names);
      if (rows.length < 2000) return;
    }
  })();
}

// ---------------------------------------------------------------------------------------------------
// Statistics (issue 16 item 5)
// ---------------------------------------------------------------------------------------------------

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function periodOf(day: string, period: 'month' | 'quarter' | 'year'): string {
  const y = day.slice(0, 4);
  const m = Number(day.slice(5, 7));
  if (period === 'year') return y;
  if (period === 'quarter') return `${y}Q${Math.ceil(m / 3)}`;
  return day.slice(0, 7);
}

/**
 * Reunions by channel and the time to reunion (entry day → handover day, whole days) over handed-over
 * reunions whose handover day falls in [from, to] (default: this year so far), in scope; by period.
 */
export async function reunionStatistics(
  ctx: CoreContext,
  actor: Actor,
  q: {
    stationId?: string;
    division?: string;
    from?: string;
    to?: string;
    period?: 'month' | 'quarter' | 'year';
  },
): Promise<ReunionStatisticsView> {
  authorize(actor, 'rescue:read');
  const db = ctx.db.kysely;
  if (q.stationId) await visibleStation(db, actor, q.stationId);
  const day = today(ctx);
  const from = q.from ? parsePlainDate(q.from) : (`${day.slice(0, 4)}-01-01` as PlainDate);
  const to = q.to ? parsePlainDate(q.to) : day;
  if (from > to) throw invalid('PERIOD_INVALID', '起始日期不能晚于截止日期', 'from');
  const period = q.period ?? 'month';
  const rows = await handedOverReunions(db, {
    scope: scopeFilterFor(actor, q.division),
    stationId: q.stationId,
    from,
    to,
  });
  const days = rows.map((r) => daysInCare(r.entryDate as PlainDate, r.handedOverOn as PlainDate));
  const byChannel = REUNION_CHANNELS.map((ch) => ({
    channel: ch,
    label: REUNION_CHANNEL_LABELS[ch],
    count: rows.filter((r) => r.channel === ch).length,
  }));
  const distribution = REUNION_DAY_BUCKETS.map((b) => ({
    key: b.key,
    label: b.label,
    count: days.filter((d) => d >= b.min && (b.max === null || d <= b.max)).length,
  }));
  const groups = new Map<string, { channels: Record<string, number>; days: number[] }>();
  rows.forEach((r, i) => {
    const key = periodOf(r.handedOverOn!, period);
    const g = groups.get(key) ?? { channels: {}, days: [] };
    g.channels[r.channel] = (g.channels[r.channel] ?? 0) + 1;
    g.days.push(days[i]!);
    groups.set(key, g);
  });
  return {
    from,
    to,
    period,
    total: rows.length,
    byChannel,
    medianDays: median(days),
    distribution,
    byPeriod: [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([p, g]) => ({
        period: p,
        total: g.days.length,
        byChannel: g.channels,
        medianDays: median(g.days),
      })),
  };
}

// ---------------------------------------------------------------------------------------------------
// To-dos
// ---------------------------------------------------------------------------------------------------

/** Reunions waiting for a step, in scope: contact the family, check identity, hand over. */
export async function reunionTodos(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const db = ctx.db.kysely;
  const f = { scope: scopeFilterFor(actor) };
  const [contacting, checked] = await Promise.all([
    countReunionLedger(db, { ...f, status: 'contacting' }),
    countReunionLedger(db, { ...f, status: 'identity_checked' }),
  ]);
  const items: TodoItem[] = [];
  if (contacting > 0) {
    items.push({
      line: 'rescue',
      kind: 'rescue.reunion-contact',
      title: '团聚待联系家属或核实身份',
      count: contacting,
      link: '/rescue/reunions?status=contacting',
    });
  }
  if (checked > 0) {
    items.push({
      line: 'rescue',
      kind: 'rescue.reunion-handover',
      title: '团聚身份已核实，待办理交接',
      count: checked,
      link: '/rescue/reunions?status=identity_checked',
    });
  }
  return items;
}
