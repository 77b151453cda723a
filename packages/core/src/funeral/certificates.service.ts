/**
 * Cremation certificates (火化证明, issue 17 item 2): issued for a case whose body was cremated (step
 * `cremated` or a later ashes step, disposition cremation), numbered from the facility's document series
 * (`cremation-certificate`, e.g. 湘芙民殡火证字〔2026〕第000001号), one valid certificate per case. Lifecycle
 * issued → collected (by whom, id checked, stored masked and keyed) → registered (户籍注销: office and
 * date) → archived; cancelled (reason) from issued or collected; re-issue (补发/换发: lost, damaged, error)
 * cancels the old certificate and issues a new number, logged old → new. Every transition writes a
 * history row and an audit row in its transaction; an illegal one is refused with 409 and changes nothing.
 */
import {
  DomainError,
  ageOn,
  isValidResidentId,
  maskResidentId,
  newId,
  parsePlainDate,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import type { CERTIFICATE_SORT_FIELDS } from '@social-affairs/kernel/contracts/funeral';
import {
  CERTIFICATE_ACTION_LABELS,
  CERTIFICATE_REISSUE_REASON_LABELS,
  CREMATION_CERTIFICATE_STATUS_LABELS,
  archiveCertificateBody,
  cancelCertificateBody,
  collectCertificateBody,
  issueCertificateBody,
  registerCertificateBody,
  reissueCertificateBody,
  type CertificateAction,
  type CertificateEventView,
  type CertificateReissueView,
  type CertificatesCaseView,
  type CertificatesQuery,
  type CremationCertificateStatus,
  type CremationCertificateView,
} from '@social-affairs/kernel/contracts/funeral';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import {
  authorize,
  displayNameIn,
  displayNamesOf,
  ensureVisible,
  scopeFilterFor,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Database, type Executor } from '../db/index';
import { documentNumberFor, officePrefix } from '../numbering/index';
import { certificatePdf } from './certificate-pdf';
import {
  certificateEventsOfCase,
  certificateLedgerPage,
  certificateNumbers,
  certificatesOfCase,
  countCertificateLedger,
  cremationEventAt,
  deceasedOf,
  facilityNames,
  findCertificate,
  insertCertificate,
  insertCertificateEvent,
  insertReissue,
  reissuesOfCase,
  transitionCertificate,
  type CertificateLedgerDbRow,
  type CertificateLedgerFilter,
  type CremationCertificateRow,
} from './certificates.repository';
import { findFuneralCase, findFuneralFacility, type FuneralCaseRow } from './cases.repository';
import {
  ensureFacilityMayTakeBusiness,
  lockedVisibleFuneralCase,
  visibleFacility,
  visibleFuneralCase,
} from './cases.access';
import { funeralConfig } from './funeral.config';
import { ruleEraOf } from './rules';
import { transportOfCase } from './transport.service';

export const CERTIFICATE_NUMBER_KIND = 'cremation-certificate';
export const CERTIFICATE_OWNER = 'funeral_cremation_certificate';

/** Steps at which the body has been cremated (the ashes may have gone on since). */
const CREMATED_STEPS = ['cremated', 'ashes_released', 'ashes_stored', 'buried'] as const;

/** Legal transitions: the action, the statuses it starts from, the status it ends in. */
const TRANSITIONS: Record<
  Exclude<CertificateAction, 'issue'>,
  { from: readonly CremationCertificateStatus[]; to: CremationCertificateStatus; why: string }
> = {
  collect: { from: ['issued'], to: 'collected', why: '只有“已出具”的火化证明可以登记领取' },
  register: {
    from: ['collected'],
    to: 'registered',
    why: '只有“已领取”的火化证明可以登记户籍注销（请先登记领取）',
  },
  archive: { from: ['registered'], to: 'archived', why: '只有“已登记”的火化证明可以归档' },
  cancel: {
    from: ['issued', 'collected'],
    to: 'cancelled',
    why: '只有“已出具”或“已领取”的火化证明可以作废（已登记的请办理换发）',
  },
  reissue: {
    from: ['issued', 'collected', 'registered'],
    to: 'cancelled',
    why: '已作废或已归档的火化证明不能补发或换发',
  },
};

const SEX_LABEL: Record<string, string> = { male: '男', female: '女', unknown: '不详' };

function today(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/** The Beijing date of an instant. */
function dateOf(ctx: CoreContext, at: string): PlainDate {
  return todayPlainDate(ctx.config.timeZone, new Date(at));
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError('invalid', 'VALIDATION_FAILED', `填写有误：${issue?.message ?? ''}`, {
      field: issue?.path.join('.') || 'body',
    });
  }
  return parsed.data;
}

function actionsOf(status: CremationCertificateStatus): CertificateAction[] {
  return (Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]).filter((a) =>
    TRANSITIONS[a].from.includes(status),
  );
}

/** Why a certificate cannot be issued for the case now, or null. */
export function issueBlockerOf(
  c: FuneralCaseRow,
  existing: readonly CremationCertificateRow[],
): string | null {
  if (c.disposition !== 'cremation') return '该遗体的处理方式不是火化，不出具火化证明';
  if (!(CREMATED_STEPS as readonly string[]).includes(c.step))
    return '遗体尚未火化：火化完成后方可出具火化证明';
  if (existing.some((x) => x.status !== 'cancelled'))
    return '该遗体已有有效的火化证明；如遗失或损毁请办理补发/换发';
  return null;
}

/** The certificate if it exists and its case is in the actor's scope (404 like a missing one otherwise). */
async function visibleCertificate(db: Executor, actor: Actor, id: string): Promise<CremationCertificateRow> {
  const row = await findCertificate(db, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '火化证明不存在或不在您的管辖范围内');
  ensureVisible(actor, { divisionCode: row.divisionCode, institutionId: row.facilityId }, '火化证明');
  return row;
}

async function presentCertificates(
  db: Executor,
  rows: readonly (CremationCertificateRow & {
    caseNo: string;
    identityStatus: string;
    deathDate: string | null;
    deceasedName: string;
    facilityName: string;
  })[],
): Promise<CremationCertificateView[]> {
  const [names, replaced] = await Promise.all([
    displayNamesOf(
      db,
      rows.map((r) => r.issuedBy),
    ),
    certificateNumbers(
      db,
      rows.flatMap((r) => (r.replacesId ? [r.replacesId] : [])),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    caseId: r.caseId,
    caseNo: r.caseNo,
    facilityId: r.facilityId,
    facilityName: r.facilityName,
    divisionCode: r.divisionCode,
    number: r.number,
    status: r.status,
    statusLabel: CREMATION_CERTIFICATE_STATUS_LABELS[r.status],
    deceasedName: r.deceasedName,
    identified: r.identityStatus === 'identified',
    deathDate: r.deathDate,
    crematedOn: r.crematedOn,
    issuedOn: r.issuedOn,
    issuedBy: displayNameIn(names, r.issuedBy),
    collectorName: r.collectorName,
    collectorRelation: r.collectorRelation,
    collectorResidentIdMasked: r.collectorResidentIdMasked,
    collectedAt: r.collectedAt,
    registeredOffice: r.registeredOffice,
    registeredOn: r.registeredOn,
    archivedAt: r.archivedAt,
    cancelledAt: r.cancelledAt,
    cancelReason: r.cancelReason,
    replacesId: r.replacesId,
    replacesNumber: r.replacesId ? (replaced.get(r.replacesId) ?? null) : null,
    reissueReason: r.reissueReason,
    actions: actionsOf(r.status),
  }));
}

/** Name as shown on a certificate: the people index's (or the case's), 无名 for an unidentified body. */
async function deceasedNameOf(db: Executor, c: FuneralCaseRow): Promise<string> {
  if (c.identityStatus !== 'identified') return '无名';
  return c.nameGiven ?? (await deceasedOf(db, c.personId))?.name ?? '（姓名不详）';
}

async function certificateViews(db: Executor, c: FuneralCaseRow, rows: readonly CremationCertificateRow[]) {
  const [name, facilities] = await Promise.all([
    deceasedNameOf(db, c),
    facilityNames(
      db,
      rows.map((r) => r.facilityId),
    ),
  ]);
  return presentCertificates(
    db,
    rows.map((r) => ({
      ...r,
      caseNo: c.caseNo,
      identityStatus: c.identityStatus,
      deathDate: c.deathDate,
      deceasedName: name,
      facilityName: facilities.get(r.facilityId) ?? '',
    })),
  );
}

async function certificateView(
  db: Executor,
  row: CremationCertificateRow,
): Promise<CremationCertificateView> {
  const c = (await findFuneralCase(db, row.caseId))!;
  return (await certificateViews(db, c, [row]))[0]!;
}

/**
 * The case tab 火化证明与外运: the certificates, their history and re-issue log, whether one may be issued,
 * and the transport requests with the document checklist. A read of a person's data: audited.
 */
export async function certificatesCaseView(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
): Promise<CertificatesCaseView> {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const c = await visibleFuneralCase(db, actor, caseId);
  const [rows, events, reissues, transport] = await Promise.all([
    certificatesOfCase(db, c.id),
    certificateEventsOfCase(db, c.id),
    reissuesOfCase(db, c.id),
    transportOfCase(ctx, db, c),
  ]);
  const names = await displayNamesOf(db, [...events.map((e) => e.actor), ...reissues.map((r) => r.actor)]);
  await ctx.readAudit.record(actor, {
    action: 'funeral.certificate.read',
    targetType: 'funeral_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
    details: { certificates: rows.length, transportRequests: transport.requests.length },
  });
  const history: CertificateEventView[] = events.map((e) => ({
    id: e.id,
    certificateId: e.certificateId,
    number: e.number,
    action: e.action,
    actionLabel: CERTIFICATE_ACTION_LABELS[e.action],
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    at: e.at,
    actor: displayNameIn(names, e.actor),
    note: e.note,
  }));
  const log: CertificateReissueView[] = reissues.map((r) => ({
    id: r.id,
    oldCertificateId: r.oldCertificateId,
    oldNumber: r.oldNumber,
    newCertificateId: r.newCertificateId,
    newNumber: r.newNumber,
    reason: r.reason,
    reasonLabel: CERTIFICATE_REISSUE_REASON_LABELS[r.reason],
    note: r.note,
    at: r.at,
    actor: displayNameIn(names, r.actor),
  }));
  return {
    caseId: c.id,
    caseNo: c.caseNo,
    step: c.step,
    disposition: c.disposition,
    issueBlocker: issueBlockerOf(c, rows),
    certificates: await certificateViews(db, c, rows),
    history,
    reissues: log,
    transport,
  };
}

/** Allocates the number and writes a new certificate (status issued) with its history row. */
async function writeNewCertificate(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  c: FuneralCaseRow,
  input: {
    crematedOn: string;
    note: string | null;
    replacesId: string | null;
    reissueReason: CremationCertificateRow['reissueReason'];
  },
): Promise<CremationCertificateRow> {
  const facility = (await findFuneralFacility(trx, c.facilityId))!;
  ensureFacilityMayTakeBusiness(facility);
  const day = today(ctx);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  const issued = await documentNumberFor(ctx, trx, actor, {
    office: {
      key: `funeral-home:${facility.id}`,
      divisionCode: facility.divisionCode,
      prefix: officePrefix(facility.divisionCode.slice(0, 6), '民殡火证字'),
      institutionId: facility.id,
    },
    kind: CERTIFICATE_NUMBER_KIND,
    year: Number(day.slice(0, 4)),
    ownerType: CERTIFICATE_OWNER,
    ownerId: id,
  });
  const row: CremationCertificateRow = {
    id,
    caseId: c.id,
    facilityId: facility.id,
    divisionCode: c.divisionCode,
    number: issued.number,
    status: 'issued',
    crematedOn: input.crematedOn,
    issuedOn: day,
    issuedBy: actor.username,
    collectorName: null,
    collectorRelation: null,
    collectorResidentIdMasked: null,
    collectorResidentIdHmac: null,
    collectedAt: null,
    registeredOffice: null,
    registeredOn: null,
    archivedAt: null,
    cancelledAt: null,
    cancelReason: null,
    replacesId: input.replacesId,
    reissueReason: input.reissueReason,
    note: input.note,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  try {
    await insertCertificate(trx, row);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new DomainError(
      'conflict',
      'FUNERAL_CERTIFICATE_EXISTS',
      '该遗体已有有效的火化证明（一具遗体只出具一份有效证明）；如遗失或损毁请办理补发/换发',
    );
  }
  await insertCertificateEvent(trx, {
    id: newId(),
    certificateId: id,
    caseId: c.id,
    action: 'issue',
    fromStatus: null,
    toStatus: 'issued',
    at: now,
    actor: actor.username,
    note: input.note,
  });
  return row;
}

/** Issues the cremation certificate of a cremated body: 409 when not cremated, not cremation, or one exists. */
export async function issueCertificate(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  body: unknown,
): Promise<CremationCertificateView> {
  authorize(actor, 'funeral:write');
  const input = parse(issueCertificateBody, body ?? {});
  const db = ctx.db.kysely;
  await visibleFuneralCase(db, actor, caseId); // scope first (ADR 0015)
  const row = await db.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    const blocker = issueBlockerOf(c, await certificatesOfCase(trx, c.id));
    if (blocker) {
      const exists = blocker.startsWith('该遗体已有');
      throw new DomainError(
        'conflict',
        exists ? 'FUNERAL_CERTIFICATE_EXISTS' : 'FUNERAL_CERTIFICATE_NOT_CREMATED',
        blocker,
        { step: c.step, disposition: c.disposition },
      );
    }
    const eventAt = await cremationEventAt(trx, c.id);
    const crematedOn = eventAt ? dateOf(ctx, eventAt) : input.crematedOn;
    if (!crematedOn) {
      throw new DomainError(
        'invalid',
        'FUNERAL_CERTIFICATE_CREMATION_DATE_REQUIRED',
        '保管记录中没有火化记录：请填写火化日期',
        { field: 'crematedOn' },
      );
    }
    if (crematedOn > today(ctx) || (c.deathDate !== null && crematedOn < c.deathDate)) {
      throw new DomainError(
        'invalid',
        'FUNERAL_CERTIFICATE_CREMATION_DATE_INVALID',
        '火化日期不能晚于今天或早于死亡日期',
        {
          field: 'crematedOn',
        },
      );
    }
    const row = await writeNewCertificate(ctx, trx, actor, c, {
      crematedOn,
      note: input.note ?? null,
      replacesId: null,
      reissueReason: null,
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.certificate.issue',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { certificateId: row.id, number: row.number, crematedOn },
    });
    return row;
  });
  return certificateView(db, row);
}

/**
 * Runs one lifecycle transition on a certificate in a transaction: scope, the legal-from check (409
 * `FUNERAL_CERTIFICATE_TRANSITION_INVALID` with the Chinese reason), the conditional update, the history
 * row and the audit row.
 */
async function transition(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  action: Exclude<CertificateAction, 'issue' | 'reissue'>,
  set: (row: CremationCertificateRow, now: string) => Partial<CremationCertificateRow>,
  note: string | null,
  details: Record<string, unknown> = {},
): Promise<CremationCertificateView> {
  authorize(actor, 'funeral:write');
  const db = ctx.db.kysely;
  await visibleCertificate(db, actor, id);
  const row = await db.transaction().execute(async (trx) => {
    const cert = await visibleCertificate(trx, actor, id);
    const c = await lockedVisibleFuneralCase(trx, actor, cert.caseId);
    const rule = TRANSITIONS[action];
    if (!rule.from.includes(cert.status)) {
      throw new DomainError(
        'conflict',
        'FUNERAL_CERTIFICATE_TRANSITION_INVALID',
        `${rule.why}（当前状态：${CREMATION_CERTIFICATE_STATUS_LABELS[cert.status]}）`,
        { status: cert.status, action },
      );
    }
    const now = ctx.clock.now().toISOString();
    const changes = { ...set(cert, now), status: rule.to, updatedAt: now };
    if (!(await transitionCertificate(trx, cert.id, cert.status, changes))) {
      throw new DomainError(
        'conflict',
        'FUNERAL_CERTIFICATE_CHANGED',
        '该火化证明刚被他人办理，请刷新后重试',
      );
    }
    await insertCertificateEvent(trx, {
      id: newId(),
      certificateId: cert.id,
      caseId: cert.caseId,
      action,
      fromStatus: cert.status,
      toStatus: rule.to,
      at: now,
      actor: actor.username,
      note,
    });
    await audit(ctx, trx, actor, {
      action: `funeral.certificate.${action}`,
      targetType: 'funeral_case',
      targetId: cert.caseId,
      divisionCode: cert.divisionCode,
      subjectPersonId: c.personId,
      details: { certificateId: cert.id, number: cert.number, from: cert.status, to: rule.to, ...details },
    });
    return { ...cert, ...changes };
  });
  return certificateView(db, row);
}

/** 领取: who collected it (the agent or another person), id checked; the id is kept masked and keyed. */
export async function collectCertificate(ctx: CoreContext, actor: Actor, id: string, body: unknown) {
  const input = parse(collectCertificateBody, body);
  const residentId = input.collectorResidentId.toUpperCase();
  if (!isValidResidentId(residentId)) {
    throw new DomainError('invalid', 'RESIDENT_ID_INVALID', '领取人公民身份号码有误：请核对证件后重新输入', {
      field: 'collectorResidentId',
    });
  }
  const masked = maskResidentId(residentId);
  return transition(
    ctx,
    actor,
    id,
    'collect',
    (_row, now) => ({
      collectorName: input.collectorName,
      collectorRelation: input.collectorRelation,
      collectorResidentIdMasked: masked,
      collectorResidentIdHmac: ctx.keys.hmac('funeral.certificate-collector-id', residentId),
      collectedAt: now,
    }),
    input.note ?? `领取人：${input.collectorName}（${input.collectorRelation}，${masked}）`,
    { collectorName: input.collectorName, collectorResidentIdMasked: masked },
  );
}

/** 登记: the certificate was used to cancel the hukou (or registered elsewhere): with which office, on which date. */
export async function registerCertificate(ctx: CoreContext, actor: Actor, id: string, body: unknown) {
  const input = parse(registerCertificateBody, body);
  const cert = await visibleCertificate(ctx.db.kysely, actor, id);
  if (input.registeredOn > today(ctx) || input.registeredOn < cert.issuedOn) {
    throw new DomainError(
      'invalid',
      'FUNERAL_CERTIFICATE_REGISTER_DATE_INVALID',
      '登记日期应在出具日期之后、今天之前',
      {
        field: 'registeredOn',
      },
    );
  }
  return transition(
    ctx,
    actor,
    id,
    'register',
    () => ({ registeredOffice: input.office, registeredOn: input.registeredOn }),
    input.note ?? `${input.office}，${input.registeredOn}`,
    { office: input.office, registeredOn: input.registeredOn },
  );
}

export async function archiveCertificate(ctx: CoreContext, actor: Actor, id: string, body: unknown) {
  const input = parse(archiveCertificateBody, body ?? {});
  return transition(ctx, actor, id, 'archive', (_r, now) => ({ archivedAt: now }), input.note ?? null);
}

export async function cancelCertificate(ctx: CoreContext, actor: Actor, id: string, body: unknown) {
  const input = parse(cancelCertificateBody, body);
  return transition(
    ctx,
    actor,
    id,
    'cancel',
    (_r, now) => ({ cancelledAt: now, cancelReason: input.reason }),
    input.reason,
    { reason: input.reason },
  );
}

/**
 * 补发/换发: cancels the old certificate (issued, collected or registered) and issues a new one with the
 * next number of the facility's series, marked as replacing the old; the re-issue log links old → new.
 */
export async function reissueCertificate(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: unknown,
): Promise<CremationCertificateView> {
  authorize(actor, 'funeral:write');
  const input = parse(reissueCertificateBody, body);
  const db = ctx.db.kysely;
  await visibleCertificate(db, actor, id);
  const row = await db.transaction().execute(async (trx) => {
    const old = await visibleCertificate(trx, actor, id);
    const c = await lockedVisibleFuneralCase(trx, actor, old.caseId);
    const rule = TRANSITIONS.reissue;
    if (!rule.from.includes(old.status)) {
      throw new DomainError(
        'conflict',
        'FUNERAL_CERTIFICATE_TRANSITION_INVALID',
        `${rule.why}（当前状态：${CREMATION_CERTIFICATE_STATUS_LABELS[old.status]}）`,
        { status: old.status, action: 'reissue' },
      );
    }
    const now = ctx.clock.now().toISOString();
    const label = CERTIFICATE_REISSUE_REASON_LABELS[input.reason];
    const reason = `${label}${input.note ? `：${input.note}` : ''}`;
    if (
      !(await transitionCertificate(trx, old.id, old.status, {
        status: 'cancelled',
        cancelledAt: now,
        cancelReason: reason,
        updatedAt: now,
      }))
    ) {
      throw new DomainError(
        'conflict',
        'FUNERAL_CERTIFICATE_CHANGED',
        '该火化证明刚被他人办理，请刷新后重试',
      );
    }
    await insertCertificateEvent(trx, {
      id: newId(),
      certificateId: old.id,
      caseId: old.caseId,
      action: 'reissue',
      fromStatus: old.status,
      toStatus: 'cancelled',
      at: now,
      actor: actor.username,
      note: reason,
    });
    const fresh = await writeNewCertificate(ctx, trx, actor, c, {
      crematedOn: old.crematedOn,
      note: reason,
      replacesId: old.id,
      reissueReason: input.reason,
    });
    await insertReissue(trx, {
      id: newId(),
      caseId: old.caseId,
      oldCertificateId: old.id,
      newCertificateId: fresh.id,
      reason: input.reason,
      note: input.note ?? null,
      at: now,
      actor: actor.username,
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.certificate.reissue',
      targetType: 'funeral_case',
      targetId: old.caseId,
      divisionCode: old.divisionCode,
      subjectPersonId: c.personId,
      details: {
        oldCertificateId: old.id,
        oldNumber: old.number,
        newCertificateId: fresh.id,
        newNumber: fresh.number,
        reason: input.reason,
      },
    });
    return fresh;
  });
  return certificateView(db, row);
}

/** The age printed: full years at death, 约N岁 for an estimate, 不详. */
function ageText(c: FuneralCaseRow): string {
  if (c.birthDate && c.deathDate && c.deathDate >= c.birthDate) {
    return `${ageOn(parsePlainDate(c.birthDate), parsePlainDate(c.deathDate))}岁`;
  }
  if (c.estimatedAge !== null) return `约${c.estimatedAge}岁`;
  return '不详';
}

/** The legal basis printed, by the date of death (docs/funeral.md "Which date decides"). */
export function certificateBasis(ctx: CoreContext, deathDate: string | null, on: string): string {
  const era = ruleEraOf(funeralConfig(ctx), 'regulation', deathDate ?? on);
  return era === 'from_2026'
    ? '依据：《殡葬管理条例》（2026年1月7日修订公布，2026年3月30日起施行）'
    : '依据：《殡葬管理条例》（1997年7月21日国务院令第225号发布，2012年11月9日修订）';
}

/** The PDF of a certificate (not a cancelled one: 409), audited as a read of the decedent's data. */
export async function printCertificate(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; pdf: Buffer; number: string }> {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const cert = await visibleCertificate(db, actor, id);
  if (cert.status === 'cancelled') {
    throw new DomainError(
      'conflict',
      'FUNERAL_CERTIFICATE_CANCELLED',
      '该火化证明已作废，不能打印；请打印有效的证明',
    );
  }
  const c = (await findFuneralCase(db, cert.caseId))!;
  const [facility, person, replaced] = await Promise.all([
    findFuneralFacility(db, cert.facilityId),
    deceasedOf(db, c.personId),
    certificateNumbers(db, cert.replacesId ? [cert.replacesId] : []),
  ]);
  const identified = c.identityStatus === 'identified';
  await ctx.readAudit.record(actor, {
    action: 'funeral.certificate.print',
    targetType: 'funeral_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
    details: { certificateId: cert.id, number: cert.number },
  });
  const pdf = await certificatePdf({
    number: cert.number,
    facilityName: facility?.name ?? '',
    caseNo: c.caseNo,
    identified,
    deceasedName: identified ? (c.nameGiven ?? person?.name ?? '（姓名不详）') : '无名',
    sex: SEX_LABEL[c.sex] ?? '不详',
    age: ageText(c),
    residentId: identified ? (person?.residentId ?? null) : null,
    deathDate: c.deathDate,
    deathPlace: c.deathPlace,
    crematedOn: cert.crematedOn,
    issuedOn: cert.issuedOn,
    basis: certificateBasis(ctx, c.deathDate, cert.crematedOn),
    reissue:
      cert.replacesId && cert.reissueReason
        ? {
            label: cert.reissueReason === 'lost' ? '补发' : '换发',
            replacedNumber: replaced.get(cert.replacesId) ?? '',
          }
        : null,
  });
  return { fileName: `火化证明-${cert.number}.pdf`, pdf, number: cert.number };
}

// ----- the 火化证明 ledger -----

function ledgerFilter(actor: Actor, q: CertificatesQuery): CertificateLedgerFilter {
  let sort: CertificateLedgerFilter['sort'];
  if (q.sort) {
    const desc = q.sort.startsWith('-');
    const field = (desc ? q.sort.slice(1) : q.sort) as (typeof CERTIFICATE_SORT_FIELDS)[number];
    sort = { field, desc };
  }
  return {
    scope: scopeFilterFor(actor, q.division),
    status: q.status,
    facilityId: q.facilityId,
    from: q.from,
    to: q.to,
    q: q.q?.trim() || undefined,
    sort,
  };
}

function presentLedger(rows: readonly CertificateLedgerDbRow[]) {
  return rows.map((r) => ({
    ...r,
    deceasedName:
      r.identityStatus === 'identified' ? (r.nameGiven ?? r.personName ?? '（姓名不详）') : '无名',
  }));
}

export async function certificateLedger(
  ctx: CoreContext,
  actor: Actor,
  q: CertificatesQuery & { page: number; pageSize: number },
) {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const f = ledgerFilter(actor, q);
  if (q.facilityId) await visibleFacility(db, actor, q.facilityId); // 404 outside scope
  if (f.q) {
    await ctx.readAudit.record(actor, {
      action: 'funeral.certificate.search',
      targetType: 'funeral_case',
      divisionCode: q.division ?? actor.divisionCode,
      details: { byName: true },
    });
  }
  const [rows, total] = await Promise.all([
    certificateLedgerPage(db, f, q.pageSize, (q.page - 1) * q.pageSize),
    countCertificateLedger(db, f),
  ]);
  return {
    items: await presentCertificates(db, presentLedger(rows)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function exportCertificateLedger(
  ctx: CoreContext,
  actor: Actor,
  q: CertificatesQuery,
): Promise<AsyncIterable<CremationCertificateView>> {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const f = ledgerFilter(actor, q);
  if (q.facilityId) await visibleFacility(db, actor, q.facilityId);
  await ctx.readAudit.record(actor, {
    action: 'funeral.certificate.export',
    targetType: 'funeral_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: { ...q, q: q.q ? '***' : undefined } },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 2000) {
      const rows = await certificateLedgerPage(db, f, 2000, offset);
      for (const v of await presentCertificates(db, presentLedger(rows))) yield v;
      if (rows.length < 2000) return;
    }
  })();
}
