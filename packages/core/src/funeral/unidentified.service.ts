/**
 * Unidentified and unclaimed bodies (无名、无人认领遗体, issue 17 item 4, R-FUN-02): the police
 * confirmation (document `police_confirmation` + `police_confirmed_at`), the notice (`notice_started_on`,
 * `notice_ends_on` = `noticeEndsOn(config, start)`), county finance as payer (the family bill is 0; F5
 * bills), the photo and DNA / fingerprint reference in the attachment store, and the family search: each
 * unidentified body is published to the feed as `unidentified-deceased` and withdrawn when identified or
 * closed (`syncFuneralCaseFamilySearch`, called by these services inside their transaction and by the job
 * `funeral.family-feed-sync`, which also catches cases created by other concerns). ADR 0028.
 */
import {
  DomainError,
  diffDays,
  isPlainDate,
  newId,
  parsePlainDate,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, scopeFilterFor, systemActor, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import {
  publishFamilySearchRecord,
  withdrawFamilySearchRecord,
  type FamilySearchRecordInput,
} from '../matching/index';
import {
  findFuneralCase,
  insertCaseDocument,
  documentsOfCase,
  type FuneralCaseRow,
} from './cases.repository';
import { ensureFuneralCaseOpen, lockedVisibleFuneralCase, visibleFacility } from './cases.access';
import {
  activeFuneralFeedEntries,
  findProfile,
  latestCaseAttachments,
  listUnidentifiedCases,
  openCandidateCounts,
  unidentifiedCases,
  updateCase,
  upsertProfile,
  type UnidentifiedFilter,
} from './deaths.repository';
import type { FuneralUnidentifiedProfileRow } from './deaths.table';
import { funeralConfig } from './funeral.config';
import { OPEN_CUSTODY_STEPS } from './funeral.table';
import { noticeEndsOn } from './rules';

const LINE = 'funeral';

function today(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

function invalid(code: string, message: string, field: string): DomainError {
  return new DomainError('invalid', code, message, { field });
}

function familySearchInstalled(ctx: CoreContext): boolean {
  return ctx.lines.some((l) => l.name === 'matching');
}

/** Whether the case is an unidentified or unclaimed body (the rules of this module apply). */
export function isUnidentifiedOrUnclaimed(c: Pick<FuneralCaseRow, 'identityStatus' | 'unclaimed'>): boolean {
  return c.identityStatus === 'unidentified' || c.unclaimed === 1;
}

function ensureApplies(c: FuneralCaseRow): void {
  if (!isUnidentifiedOrUnclaimed(c)) {
    throw new DomainError(
      'conflict',
      'FUNERAL_NOT_UNIDENTIFIED',
      '该遗体身份明确且有家属认领，无需办理无名或无人认领遗体手续',
    );
  }
}

// ── readiness ─────────────────────────────────────────────────────────────────────────────────────

export interface UnidentifiedReadiness {
  /** Whether the case is an unidentified or unclaimed body at all. */
  applies: boolean;
  policeConfirmed: boolean;
  photo: boolean;
  /** A DNA sampling record or a fingerprint record (one suffices). */
  dnaOrFingerprint: boolean;
  noticeStartedOn: string | null;
  noticeEndsOn: string | null;
  /** Days until the notice's last day (0 on it, negative after); null before the notice starts. */
  noticeDaysLeft: number | null;
  /** The notice has run its course: cremation allowed from the day after `noticeEndsOn`. */
  noticeEnded: boolean;
  payer: 'family' | 'county_finance';
  /** What is still missing before cremation (Chinese), empty when ready. */
  missing: string[];
  ready: boolean;
}

/**
 * What an unidentified or unclaimed body still lacks before cremation (R-FUN-02 and the notice): police
 * confirmation, a photo and a DNA or fingerprint record in the attachment store, the notice ended, county
 * finance as payer. F2's cremation gate reads the same facts on its own.
 */
export async function unidentifiedReadiness(
  ctx: CoreContext,
  c: FuneralCaseRow,
  on: string,
): Promise<UnidentifiedReadiness> {
  const att = (
    await latestCaseAttachments(ctx.db.kysely, [c.id], ['photo', 'dna_record', 'fingerprint_record'])
  ).get(c.id);
  return readinessOf(c, on, att);
}

function readinessOf(
  c: FuneralCaseRow,
  on: string,
  att: Map<string, string> | undefined,
): UnidentifiedReadiness {
  const applies = isUnidentifiedOrUnclaimed(c);
  const policeConfirmed = c.policeConfirmedAt !== null;
  const photo = Boolean(att?.get('photo'));
  const dnaOrFingerprint = Boolean(att?.get('dna_record') || att?.get('fingerprint_record'));
  const noticeDaysLeft = c.noticeEndsOn ? diffDays(parsePlainDate(c.noticeEndsOn), parsePlainDate(on)) : null;
  const noticeEnded = c.noticeEndsOn !== null && on > c.noticeEndsOn;
  const missing: string[] = [];
  if (applies) {
    if (!policeConfirmed) missing.push('公安机关确认');
    if (!photo) missing.push('遗体照片');
    if (!dnaOrFingerprint) missing.push('DNA采样或指纹采集记录');
    if (!c.noticeStartedOn) missing.push('认领公告（未发布）');
    else if (!noticeEnded) missing.push(`认领公告期未满（${c.noticeEndsOn}届满）`);
    if (c.payer !== 'county_finance') missing.push('费用承担方应为县级财政');
  }
  return {
    applies,
    policeConfirmed,
    photo,
    dnaOrFingerprint,
    noticeStartedOn: c.noticeStartedOn,
    noticeEndsOn: c.noticeEndsOn,
    noticeDaysLeft,
    noticeEnded,
    payer: c.payer,
    missing,
    ready: applies && missing.length === 0,
  };
}

// ── family search ─────────────────────────────────────────────────────────────────────────────────

/** Whether the family search should hold this case: an unidentified body still in custody. */
export function caseBelongsInFamilySearch(c: Pick<FuneralCaseRow, 'identityStatus' | 'step'>): boolean {
  return c.identityStatus === 'unidentified' && (OPEN_CUSTODY_STEPS as readonly string[]).includes(c.step);
}

function featuresOf(p: FuneralUnidentifiedProfileRow | undefined): string | null {
  if (!p) return null;
  const parts = [
    p.heightCm ? `身高约${p.heightCm}厘米` : null,
    p.features?.trim() || null,
    p.clothing?.trim() ? `衣着：${p.clothing.trim()}` : null,
    p.foundPlace?.trim() ? `发现地点：${p.foundPlace.trim()}` : null,
  ].filter((x): x is string => x !== null);
  return parts.length ? parts.join('；') : null;
}

/** The feed record of an unidentified body: sex, age estimated at the death date, features, place, photo. */
export function familyRecordOfFuneralCase(
  c: FuneralCaseRow,
  profile: FuneralUnidentifiedProfileRow | undefined,
  photoRef: string | null,
): FamilySearchRecordInput {
  const asOf = profile?.foundOn ?? c.deathDate ?? c.createdAt.slice(0, 10);
  const birthYear = c.birthDate ? Number(c.birthDate.slice(0, 4)) : null;
  return {
    ownerId: c.id,
    ownerLine: LINE,
    kind: 'unidentified-deceased',
    reference: c.caseNo,
    name: c.nameGiven,
    sex: c.sex === 'unknown' ? null : c.sex,
    ...(birthYear
      ? { birthYear, birthYearUncertainty: 0 }
      : c.estimatedAge !== null
        ? { estimatedAge: { estimate: c.estimatedAge, asOf } }
        : {}),
    eventDate: profile?.foundOn ?? c.deathDate,
    placeCode: c.deathDivisionCode,
    features: featuresOf(profile),
    photoRef,
    divisionCode: c.divisionCode,
    institutionId: c.facilityId,
  };
}

/**
 * Brings the feed in line with the case as it is now in this transaction: published when an unidentified
 * body is in custody, withdrawn otherwise (a case never published is left alone). Call after the audit
 * row. Exported for the custody concern (case creation) and any service that changes a case's identity.
 */
export async function syncFuneralCaseFamilySearch(
  ctx: CoreContext,
  trx: Transaction<Database>,
  caseId: string,
): Promise<void> {
  if (!familySearchInstalled(ctx)) return;
  const c = await findFuneralCase(trx, caseId);
  if (!c) return;
  if (caseBelongsInFamilySearch(c)) {
    const photo = (await latestCaseAttachments(trx, [c.id], ['photo'])).get(c.id)?.get('photo') ?? null;
    await publishFamilySearchRecord(
      ctx,
      trx,
      familyRecordOfFuneralCase(c, await findProfile(trx, c.id), photo),
    );
  } else {
    await withdrawFamilySearchRecord(ctx, trx, LINE, c.id);
  }
}

/**
 * Backfill and safety net (job `funeral.family-feed-sync`, demo seed): every unidentified body in custody
 * not in the feed (created by another concern, or whose photo changed — the attachment store has no hook)
 * is published; every published case that no longer belongs is withdrawn. Idempotent.
 */
export async function backfillFuneralFamilySearch(
  ctx: CoreContext,
): Promise<{ published: number; withdrawn: number }> {
  if (!familySearchInstalled(ctx)) return { published: 0, withdrawn: 0 };
  const [cases, active] = await Promise.all([
    unidentifiedCases(ctx.db.kysely),
    activeFuneralFeedEntries(ctx.db.kysely),
  ]);
  const photos = await latestCaseAttachments(
    ctx.db.kysely,
    cases.map((c) => c.id),
    ['photo'],
  );
  const photoOf = (id: string) => photos.get(id)?.get('photo') ?? null;
  const toPublish = cases.filter(
    (c) =>
      caseBelongsInFamilySearch(c) && (!active.has(c.id) || (active.get(c.id) ?? null) !== photoOf(c.id)),
  );
  // Identified cases left in the feed (identified by a path that did not sync) are withdrawn too.
  const stale = [...active.keys()].filter(
    (id) => !cases.some((c) => c.id === id && caseBelongsInFamilySearch(c)),
  );
  if (toPublish.length === 0 && stale.length === 0) return { published: 0, withdrawn: 0 };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await audit(ctx, trx, systemActor('funeral.family-feed-sync', '000000'), {
      action: 'funeral.family-feed.sync',
      targetType: 'funeral_case',
      divisionCode: '000000',
      details: { published: toPublish.map((c) => c.id), withdrawn: stale },
    });
    for (const c of toPublish)
      await publishFamilySearchRecord(
        ctx,
        trx,
        familyRecordOfFuneralCase(c, await findProfile(trx, c.id), photoOf(c.id)),
      );
    for (const id of stale) await withdrawFamilySearchRecord(ctx, trx, LINE, id);
  });
  return { published: toPublish.length, withdrawn: stale.length };
}

// ── services ──────────────────────────────────────────────────────────────────────────────────────

function checkDate(v: string, field: string, on: PlainDate): PlainDate {
  if (!isPlainDate(v)) throw invalid('DATE_INVALID', '日期格式不正确', field);
  if (v > on) throw invalid('DATE_IN_FUTURE', '日期不能晚于今天', field);
  return v;
}

function requireText(
  v: string | null | undefined,
  code: string,
  message: string,
  field: string,
  max = 100,
): string {
  const s = (v ?? '').trim();
  if (!s) throw invalid(code, message, field);
  if (s.length > max) throw invalid('TEXT_TOO_LONG', `不能超过${max}个字`, field);
  return s;
}

export interface PoliceConfirmationInput {
  number: string;
  /** The police office that confirmed (e.g. 长沙市公安局芙蓉分局). */
  issuer: string;
  confirmedOn: string;
  attachmentId?: string | null;
  note?: string | null;
}

/**
 * Records the police confirmation of an unidentified or unclaimed body (R-FUN-02): the document and
 * `police_confirmed_at`; county finance becomes the payer. Once per case (a second is 409).
 */
export async function recordPoliceConfirmation(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: PoliceConfirmationInput,
): Promise<FuneralCaseRow> {
  authorize(actor, 'funeral:write');
  const number = requireText(
    input.number,
    'POLICE_NUMBER_REQUIRED',
    '请填写公安机关确认书编号',
    'number',
    60,
  );
  const issuer = requireText(input.issuer, 'POLICE_ISSUER_REQUIRED', '请填写出具确认的公安机关', 'issuer');
  const confirmedOn = checkDate(input.confirmedOn, 'confirmedOn', today(ctx));
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    ensureApplies(c);
    if (
      c.policeConfirmedAt ||
      (await documentsOfCase(trx, c.id, { kind: 'police_confirmation', validOnly: true })).length
    ) {
      throw new DomainError('conflict', 'POLICE_ALREADY_CONFIRMED', '该遗体已登记公安机关确认，不能重复登记');
    }
    const at = ctx.clock.now().toISOString();
    const documentId = newId();
    await insertCaseDocument(trx, {
      id: documentId,
      caseId: c.id,
      kind: 'police_confirmation',
      number,
      issuer,
      issuedOn: confirmedOn,
      note: input.note?.trim() || null,
      attachmentId: input.attachmentId ?? null,
      status: 'valid',
      revokedReason: null,
      recordedBy: actor.username,
      recordedAt: at,
    });
    await updateCase(trx, c.id, { policeConfirmedAt: at, payer: 'county_finance', updatedAt: at });
    await audit(ctx, trx, actor, {
      action: 'funeral.unidentified.police-confirm',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { documentId, confirmedOn, payerBefore: c.payer },
    });
  });
  return (await findFuneralCase(ctx.db.kysely, caseId))!;
}

/**
 * Starts the claim notice (认领公告) of an unidentified or unclaimed body, after the police confirmation:
 * `notice_ends_on` = start + `unclaimedNoticeDays` (configuration, DESIGN default 30). Once per case.
 */
export async function startClaimNotice(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: { startedOn: string; publishedIn?: string | null },
): Promise<FuneralCaseRow> {
  authorize(actor, 'funeral:write');
  const startedOn = checkDate(input.startedOn, 'startedOn', today(ctx));
  const endsOn = noticeEndsOn(funeralConfig(ctx), startedOn);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    ensureApplies(c);
    if (!c.policeConfirmedAt) {
      throw new DomainError(
        'conflict',
        'POLICE_CONFIRMATION_REQUIRED',
        '请先登记公安机关确认，再发布认领公告',
      );
    }
    if (c.noticeStartedOn) {
      throw new DomainError(
        'conflict',
        'NOTICE_ALREADY_STARTED',
        `认领公告已于${c.noticeStartedOn}发布，不能重复发布`,
      );
    }
    const at = ctx.clock.now().toISOString();
    await updateCase(trx, c.id, { noticeStartedOn: startedOn, noticeEndsOn: endsOn, updatedAt: at });
    await audit(ctx, trx, actor, {
      action: 'funeral.unidentified.notice-start',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { startedOn, endsOn, publishedIn: input.publishedIn?.trim() || null },
    });
  });
  return (await findFuneralCase(ctx.db.kysely, caseId))!;
}

/** Marks an identified body unclaimed (无人认领): county finance pays (R-FUN-02). */
export async function markUnclaimed(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: { reason: string },
): Promise<FuneralCaseRow> {
  authorize(actor, 'funeral:write');
  const reason = requireText(input.reason, 'REASON_REQUIRED', '请填写无人认领的情况说明', 'reason', 200);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    if (c.unclaimed === 1) throw new DomainError('conflict', 'ALREADY_UNCLAIMED', '该遗体已登记为无人认领');
    const at = ctx.clock.now().toISOString();
    await updateCase(trx, c.id, { unclaimed: 1, payer: 'county_finance', updatedAt: at });
    await audit(ctx, trx, actor, {
      action: 'funeral.unidentified.mark-unclaimed',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      reason,
      details: { payerBefore: c.payer },
    });
  });
  return (await findFuneralCase(ctx.db.kysely, caseId))!;
}

export interface UnidentifiedProfileInput {
  heightCm?: number | null;
  features?: string | null;
  clothing?: string | null;
  foundPlace?: string | null;
  foundOn?: string | null;
}

/** Records what a family may recognise of an unidentified body; the family search is updated at once. */
export async function updateUnidentifiedProfile(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: UnidentifiedProfileInput,
): Promise<FuneralUnidentifiedProfileRow> {
  authorize(actor, 'funeral:write');
  if (
    input.heightCm != null &&
    (!Number.isInteger(input.heightCm) || input.heightCm < 30 || input.heightCm > 250)
  )
    throw invalid('HEIGHT_INVALID', '身高应在30–250厘米之间', 'heightCm');
  const foundOn = input.foundOn ? checkDate(input.foundOn, 'foundOn', today(ctx)) : null;
  const text = (v: string | null | undefined, field: string, max: number) => {
    const s = v?.trim() || null;
    if (s && s.length > max) throw invalid('TEXT_TOO_LONG', `不能超过${max}个字`, field);
    return s;
  };
  const row = {
    caseId,
    heightCm: input.heightCm ?? null,
    features: text(input.features, 'features', 500),
    clothing: text(input.clothing, 'clothing', 200),
    foundPlace: text(input.foundPlace, 'foundPlace', 200),
    foundOn,
    updatedBy: actor.username,
    updatedAt: ctx.clock.now().toISOString(),
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    if (c.identityStatus !== 'unidentified') {
      throw new DomainError('conflict', 'FUNERAL_CASE_IDENTIFIED', '该遗体身份已明确，无需登记体貌特征');
    }
    await upsertProfile(trx, row);
    await audit(ctx, trx, actor, {
      action: 'funeral.unidentified.describe',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { fields: Object.keys(input) },
    });
    await syncFuneralCaseFamilySearch(ctx, trx, c.id);
  });
  return row;
}

// ── worklist ──────────────────────────────────────────────────────────────────────────────────────

export interface UnidentifiedQuery {
  division?: string;
  q?: string;
  facilityId?: string;
  state?: 'open' | 'closed';
  notice?: 'not_started' | 'running' | 'ended';
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface UnidentifiedWorkItem {
  id: string;
  caseNo: string;
  facilityId: string;
  identityStatus: 'identified' | 'unidentified';
  nameGiven: string | null;
  sex: FuneralCaseRow['sex'];
  estimatedAge: number | null;
  deathDate: string | null;
  deathPlace: string;
  step: FuneralCaseRow['step'];
  unclaimed: boolean;
  readiness: UnidentifiedReadiness;
  /** Open family-search candidates (null when the family search is not installed). */
  candidates: number | null;
}

const SORTS = ['createdAt', 'noticeEndsOn', 'deathDate', 'caseNo'] as const;

function filterOf(ctx: CoreContext, actor: Actor, q: UnidentifiedQuery): UnidentifiedFilter {
  const raw = q.sort?.replace(/^-/, '');
  if (raw && !(SORTS as readonly string[]).includes(raw))
    throw invalid('SORT_FIELD_INVALID', '不支持按该列排序', 'sort');
  return {
    scope: scopeFilterFor(actor, q.division),
    q: q.q,
    facilityId: q.facilityId,
    state: q.state,
    notice: q.notice,
    today: today(ctx),
    sort: raw ? { field: raw as (typeof SORTS)[number], desc: q.sort!.startsWith('-') } : undefined,
  };
}

async function present(ctx: CoreContext, rows: FuneralCaseRow[]): Promise<UnidentifiedWorkItem[]> {
  const ids = rows.map((r) => r.id);
  const [att, counts] = await Promise.all([
    latestCaseAttachments(ctx.db.kysely, ids, ['photo', 'dna_record', 'fingerprint_record']),
    familySearchInstalled(ctx) ? openCandidateCounts(ctx.db.kysely, ids) : Promise.resolve(null),
  ]);
  const on = today(ctx);
  return rows.map((c) => ({
    id: c.id,
    caseNo: c.caseNo,
    facilityId: c.facilityId,
    identityStatus: c.identityStatus,
    nameGiven: c.nameGiven,
    sex: c.sex,
    estimatedAge: c.estimatedAge,
    deathDate: c.deathDate,
    deathPlace: c.deathPlace,
    step: c.step,
    unclaimed: c.unclaimed === 1,
    readiness: readinessOf(c, on, att.get(c.id)),
    candidates: counts ? (counts.get(c.id) ?? 0) : null,
  }));
}

/** 无名遗体 worklist: unidentified and unclaimed bodies with the notice countdown and readiness. */
export async function listUnidentified(
  ctx: CoreContext,
  actor: Actor,
  q: UnidentifiedQuery,
): Promise<{ items: UnidentifiedWorkItem[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'funeral:read');
  if (q.facilityId) await visibleFacility(ctx.db.kysely, actor, q.facilityId);
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  const { rows, total } = await listUnidentifiedCases(ctx.db.kysely, filterOf(ctx, actor, q), {
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  await ctx.readAudit.record(actor, {
    action: 'funeral.unidentified.list',
    targetType: 'funeral_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { total, page },
  });
  return { items: await present(ctx, rows), total, page, pageSize };
}

/** Every row of the worklist's filter, for the Excel export (pages of 200; audited once). */
export async function exportUnidentified(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<UnidentifiedQuery, 'page' | 'pageSize'>,
): Promise<AsyncIterable<UnidentifiedWorkItem>> {
  authorize(actor, 'funeral:read');
  if (q.facilityId) await visibleFacility(ctx.db.kysely, actor, q.facilityId);
  const filter = filterOf(ctx, actor, q);
  await ctx.readAudit.record(actor, {
    action: 'funeral.unidentified.export',
    targetType: 'funeral_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: { state: q.state ?? null, notice: q.notice ?? null } },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 200) {
      const { rows } = await listUnidentifiedCases(ctx.db.kysely, filter, { limit: 200, offset });
      yield* await present(ctx, rows);
      if (rows.length < 200) break;
    }
  })();
}

/** The notice's last day for a start date (for the form's preview). */
export function claimNoticeEndsOn(ctx: CoreContext, startedOn: string): PlainDate {
  return noticeEndsOn(funeralConfig(ctx), startedOn);
}
