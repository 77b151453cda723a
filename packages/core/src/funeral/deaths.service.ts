/**
 * Deaths feed every line (issue 17 item 3, ADR 0028): recording the 居民死亡医学证明 on a case records the
 * death in the people index through the platform (`recordDeathInTransaction`, source 殡葬), which emits
 * `person.deceased` once; every line reacts in its own subscriber. The certificate number is checked by
 * the rules of its issue date (`ruleEraOf(…, 'death_certificate', issuedOn)`): from 2026-07-01 it is the
 * decedent's resident id, or for an unidentified body the issuer's 统一社会信用代码 plus a 4-digit yearly
 * serial; before, the old 死亡医学证明书 number (free format). A certificate naming someone already in the
 * index for an unidentified body proposes a person merge (never a second record); the death is recorded on
 * the survivor when the merge is approved (deaths.subscribers.ts).
 */
import {
  DomainError,
  isPlainDate,
  maskResidentId,
  newId,
  normalizeCreditCode,
  todayPlainDate,
  tryParseResidentId,
  type PlainDate,
} from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, inSharedScope, scopeFilterFor, systemActor, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database, PersonRow } from '../db/index';
import {
  countyOf,
  createPerson,
  findIndexedPerson,
  findIndexedPersonByResidentId,
  listDeathRevocations,
  mergeConflict,
  proposeMerge,
  recordDeathInTransaction,
  type DeathRevocationView,
} from '../people/index';
import { documentsOfCase, insertCaseDocument } from './cases.repository';
import { ensureFuneralCaseOpen, lockedVisibleFuneralCase, visibleFuneralCase } from './cases.access';
import {
  certificateNumberUsedElsewhere,
  findFlag,
  findProfile,
  flagsOfCase,
  insertDeathRegistration,
  listDeathRegistrations,
  registrationsOfCase,
  resolveFlagRow,
  updateCase,
  type DeathLedgerRow,
  type DeathsFilter,
} from './deaths.repository';
import type {
  DeathIdentifierKind,
  DeathRegistrationOutcome,
  FuneralCaseFlagRow,
  FuneralDeathRegistrationRow,
  FuneralUnidentifiedProfileRow,
} from './deaths.table';
import { funeralConfig } from './funeral.config';
import { ruleEraOf } from './rules';
import { unidentifiedReadiness, type UnidentifiedReadiness } from './unidentified.service';

export const DEATH_SOURCE = '殡葬';

function today(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

function invalid(
  code: string,
  message: string,
  field: string,
  details: Record<string, unknown> = {},
): DomainError {
  return new DomainError('invalid', code, message, { field, ...details });
}

/**
 * The actor that writes to the people index for a funeral act: the user, when the person's county is in
 * their shared scope; otherwise the line on the user's behalf (a funeral home takes decedents from
 * anywhere; the funeral audit row names the user).
 */
export function peopleActorFor(actor: Actor, divisionCode: string): Actor {
  return inSharedScope(actor, divisionCode) ? actor : systemActor(`殡葬:${actor.username}`, divisionCode);
}

export interface DeathCertificateInput {
  /** From 2026-07-01: the resident id, or credit code + 4-digit serial; before: the old number. */
  number: string;
  issuer: string;
  issuedOn: string;
  /** The death date the certificate states (default: the case's). */
  deathDate?: string | null;
  /** The decedent's name as on the certificate: needed when its resident id is not yet in the index. */
  decedentName?: string | null;
  attachmentId?: string | null;
  note?: string | null;
}

export interface ParsedCertificateNumber {
  era: 'before_2026' | 'from_2026';
  kind: DeathIdentifierKind;
  /** As stored (upper case, no spaces). */
  number: string;
  residentId: string | null;
}

/**
 * Checks a death certificate number by the rules of its issue date. From 2026-07-01: an 18-character
 * resident id (checksum), or an 18-character 统一社会信用代码 (GB 32100-2015 check character) followed by
 * a 4-digit yearly serial (0001–9999). Before: any non-empty number up to 40 characters.
 */
export function parseDeathCertificateNumber(
  ctx: CoreContext,
  input: { number: string; issuedOn: string },
): ParsedCertificateNumber {
  const era = ruleEraOf(funeralConfig(ctx), 'death_certificate', input.issuedOn);
  const raw = (input.number ?? '').replace(/\s+/g, '').toUpperCase();
  if (!raw) throw invalid('DEATH_CERTIFICATE_NUMBER_REQUIRED', '请填写死亡医学证明编号', 'number');
  if (era === 'before_2026') {
    if (raw.length > 40) throw invalid('DEATH_CERTIFICATE_NUMBER_INVALID', '编号不能超过40个字符', 'number');
    return { era, kind: 'legacy', number: raw, residentId: null };
  }
  if (raw.length === 18 && /^[0-9]{17}[0-9X]$/.test(raw)) {
    const parsed = tryParseResidentId(raw, { today: today(ctx) });
    if (!parsed.ok) {
      throw invalid(
        'DEATH_CERTIFICATE_RESIDENT_ID_INVALID',
        `2026年7月1日起签发的《居民死亡医学证明》以逝者公民身份号码为编号：${parsed.message}`,
        'number',
      );
    }
    return { era, kind: 'resident_id', number: parsed.value.id, residentId: parsed.value.id };
  }
  if (
    raw.length === 22 &&
    normalizeCreditCode(raw.slice(0, 18)) &&
    /^[0-9]{4}$/.test(raw.slice(18)) &&
    raw.slice(18) !== '0000'
  ) {
    return { era, kind: 'credit_code', number: raw, residentId: null };
  }
  throw invalid(
    'DEATH_CERTIFICATE_NUMBER_INVALID',
    '2026年7月1日起签发的《居民死亡医学证明》编号应为逝者的公民身份号码；无名遗体为签发机构的18位统一社会信用代码加4位年度流水号：请核对后重填',
    'number',
  );
}

export interface DeathCertificateOutcome {
  documentId: string;
  registrationId: string;
  outcome: DeathRegistrationOutcome;
  era: 'before_2026' | 'from_2026';
  /** The proposed merge (unidentified body named by an indexed resident id), pending review. */
  mergeId: string | null;
}

function personDeathConflict(p: PersonRow, deathDate: string): DomainError {
  return new DomainError(
    'conflict',
    'PERSON_DEATH_DATE_CONFLICT',
    `人员库已登记该人员于${p.deathDate}死亡，与本证明的死亡日期${deathDate}不一致：请核实；确属错误登记的，先申请撤销死亡登记`,
    { recordedDeathDate: p.deathDate, certificateDeathDate: deathDate, field: 'deathDate' },
  );
}

async function survivorOf(
  db: Transaction<Database> | CoreContext['db']['kysely'],
  id: string,
): Promise<PersonRow | undefined> {
  let row = await findIndexedPerson(db, id);
  for (let hops = 0; row?.mergedInto && hops < 16; hops++) row = await findIndexedPerson(db, row.mergedInto);
  return row;
}

/**
 * Records the 居民死亡医学证明 on a case and the death in the people index (see the module comment).
 * Refusals (422 number, 409 another valid certificate on the case or the same number on another case, 409
 * a different death date already recorded) change nothing.
 */
export async function recordDeathCertificate(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: DeathCertificateInput,
): Promise<DeathCertificateOutcome> {
  authorize(actor, 'funeral:write');
  const on = today(ctx);
  if (!isPlainDate(input.issuedOn)) throw invalid('DATE_INVALID', '签发日期格式不正确', 'issuedOn');
  if (input.issuedOn > on) throw invalid('DATE_IN_FUTURE', '签发日期不能晚于今天', 'issuedOn');
  const issuer = (input.issuer ?? '').trim();
  if (!issuer) throw invalid('DEATH_CERTIFICATE_ISSUER_REQUIRED', '请填写签发机构', 'issuer');
  if (issuer.length > 100) throw invalid('TEXT_TOO_LONG', '签发机构不能超过100个字', 'issuer');
  const parsed = parseDeathCertificateNumber(ctx, input);

  // Checks first (nothing written yet): the case, the number against the case's person, the index.
  const seen = await visibleFuneralCase(ctx.db.kysely, actor, caseId);
  ensureFuneralCaseOpen(seen);
  const deathDate = input.deathDate ?? seen.deathDate;
  if (!deathDate || !isPlainDate(deathDate))
    throw invalid('DEATH_DATE_REQUIRED', '请填写证明上的死亡日期', 'deathDate');
  if (seen.deathDate && deathDate !== seen.deathDate) {
    throw invalid(
      'DEATH_DATE_MISMATCH',
      `证明上的死亡日期与遗体档案（${seen.deathDate}）不一致：请先更正遗体档案`,
      'deathDate',
    );
  }
  if (deathDate > input.issuedOn) throw invalid('DEATH_AFTER_ISSUE', '死亡日期不能晚于签发日期', 'deathDate');
  const casePerson = await survivorOf(ctx.db.kysely, seen.personId);
  if (!casePerson) throw new DomainError('not_found', 'NOT_FOUND', '遗体档案的人员记录不存在');

  let mergeWith: PersonRow | null = null;
  let newPersonName: string | null = null;
  if (seen.identityStatus === 'identified') {
    if (parsed.kind === 'credit_code') {
      throw invalid(
        'DEATH_CERTIFICATE_NEEDS_RESIDENT_ID',
        '身份明确的逝者，其《居民死亡医学证明》编号应为公民身份号码',
        'number',
      );
    }
    if (parsed.residentId && casePerson.residentId && parsed.residentId !== casePerson.residentId) {
      throw invalid(
        'DEATH_CERTIFICATE_PERSON_MISMATCH',
        '证明上的公民身份号码与遗体档案的逝者不一致：请核对',
        'number',
      );
    }
  } else if (parsed.residentId) {
    // An unidentified body named by the certificate: the indexed record (or a new one) absorbs the case's.
    const indexed = await findIndexedPersonByResidentId(ctx.db.kysely, parsed.residentId);
    if (indexed) {
      const target = (await survivorOf(ctx.db.kysely, indexed.id))!;
      if (target.status === 'deceased' && target.deathDate !== deathDate)
        throw personDeathConflict(target, deathDate);
      const conflict = mergeConflict(target, casePerson);
      if (conflict) throw conflict;
      mergeWith = target;
    } else {
      newPersonName = (input.decedentName ?? '').trim();
      if (!newPersonName) {
        throw invalid(
          'DECEDENT_NAME_REQUIRED',
          '该公民身份号码尚未在人员库中：请填写证明上的逝者姓名，以便建立人员记录并合并',
          'decedentName',
        );
      }
    }
  }
  if (
    !mergeWith &&
    !newPersonName &&
    casePerson.status === 'deceased' &&
    casePerson.deathDate !== deathDate
  ) {
    throw personDeathConflict(casePerson, deathDate);
  }
  if (
    (await documentsOfCase(ctx.db.kysely, seen.id, { kind: 'death_certificate', validOnly: true })).length
  ) {
    throw new DomainError('conflict', 'DEATH_CERTIFICATE_EXISTS', '该遗体档案已登记有效的居民死亡医学证明');
  }
  const usedBy = await certificateNumberUsedElsewhere(ctx.db.kysely, parsed.number, seen.id);
  if (usedBy) {
    throw new DomainError(
      'conflict',
      'DEATH_CERTIFICATE_NUMBER_USED',
      '该编号的死亡医学证明已登记在其他遗体档案上',
      {
        field: 'number',
      },
    );
  }

  // The merge (its own reviewed record) is proposed before the certificate is stored, as rescue does.
  let mergeId: string | null = null;
  if (mergeWith || newPersonName) {
    let survivor = mergeWith;
    if (!survivor) {
      const hukou = parsed.residentId!.slice(0, 6);
      const created = await createPerson(ctx, peopleActorFor(actor, countyOf(hukou)), {
        residentId: parsed.residentId,
        name: newPersonName!,
        hukouDivisionCode: hukou,
        source: DEATH_SOURCE,
      }).catch((e: unknown) => {
        if (e instanceof DomainError && e.code === 'DIVISION_UNKNOWN')
          throw invalid('DEATH_CERTIFICATE_RESIDENT_ID_INVALID', '公民身份号码的户籍地代码不存在', 'number');
        throw e;
      });
      survivor = (await findIndexedPerson(ctx.db.kysely, created.id))!;
    }
    const merge = await proposeMerge(ctx, peopleActorFor(actor, survivor.divisionCode), {
      survivorId: survivor.id,
      mergedId: casePerson.id,
      reason: `遗体档案 ${seen.caseNo}：《居民死亡医学证明》载明的公民身份号码与人员库记录一致`,
    });
    mergeId = merge.id;
  }

  const documentId = newId();
  const registrationId = newId();
  let outcome: DeathRegistrationOutcome = mergeId ? 'merge_proposed' : 'recorded';
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    const at = ctx.clock.now().toISOString();
    await insertCaseDocument(trx, {
      id: documentId,
      caseId: c.id,
      kind: 'death_certificate',
      number: parsed.number,
      issuer,
      issuedOn: input.issuedOn,
      note: input.note?.trim() || null,
      attachmentId: input.attachmentId ?? null,
      status: 'valid',
      revokedReason: null,
      recordedBy: actor.username,
      recordedAt: at,
    });
    if (!c.deathDate) await updateCase(trx, c.id, { deathDate, updatedAt: at });
    let personId = casePerson.id;
    if (!mergeId) {
      const p = (await survivorOf(trx, c.personId))!;
      personId = p.id;
      if (p.status === 'deceased') {
        // The same death already in the index (a hospital notice, another line): nothing more to record.
        if (p.deathDate !== deathDate) throw personDeathConflict(p, deathDate);
        outcome = 'already_recorded';
      } else {
        await recordDeathInTransaction(ctx, trx, peopleActorFor(actor, p.divisionCode), {
          personId: p.id,
          deathDate,
          source: DEATH_SOURCE,
          reason: `遗体档案 ${c.caseNo} 登记居民死亡医学证明`,
        });
      }
    }
    await insertDeathRegistration(trx, {
      id: registrationId,
      caseId: c.id,
      documentId,
      facilityId: c.facilityId,
      divisionCode: c.divisionCode,
      personId,
      deathDate,
      era: parsed.era,
      identifierKind: parsed.kind,
      outcome,
      mergeId,
      status: 'active',
      revocationId: null,
      recordedBy: actor.username,
      recordedAt: at,
      updatedAt: at,
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.death-certificate.record',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: personId,
      details: {
        documentId,
        era: parsed.era,
        identifierKind: parsed.kind,
        number: parsed.residentId ? maskResidentId(parsed.residentId) : parsed.number,
        deathDate,
        outcome,
        mergeId,
      },
    });
  });
  ctx.events.kick();
  return { documentId, registrationId, outcome, era: parsed.era, mergeId };
}

// ── the case tab ──────────────────────────────────────────────────────────────────────────────────

export interface CaseFlagView {
  id: string;
  kind: FuneralCaseFlagRow['kind'];
  note: string;
  status: 'open' | 'resolved';
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface CaseDeathsView {
  caseId: string;
  caseNo: string;
  identityStatus: 'identified' | 'unidentified';
  unclaimed: boolean;
  payer: 'family' | 'county_finance';
  person: { id: string; name: string; status: 'alive' | 'deceased'; deathDate: string | null };
  registrations: (Pick<
    FuneralDeathRegistrationRow,
    | 'id'
    | 'deathDate'
    | 'era'
    | 'identifierKind'
    | 'outcome'
    | 'mergeId'
    | 'status'
    | 'recordedBy'
    | 'recordedAt'
  > & { certificateNumber: string | null; issuer: string | null; issuedOn: string | null })[];
  flags: CaseFlagView[];
  revocations: DeathRevocationView[];
  readiness: UnidentifiedReadiness;
  /** What a family may recognise of an unidentified body (published to the family search). */
  profile: FuneralUnidentifiedProfileRow | null;
  /** Whether the case is in the family search (the candidates list applies). */
  inFamilySearch: boolean;
}

function flagView(f: FuneralCaseFlagRow): CaseFlagView {
  return {
    id: f.id,
    kind: f.kind,
    note: f.note,
    status: f.status,
    createdAt: f.createdAt,
    resolvedBy: f.resolvedBy,
    resolvedAt: f.resolvedAt,
    resolution: f.resolution,
  };
}

function maskNumber(n: string | null): string | null {
  return n && /^[0-9]{17}[0-9X]$/.test(n) ? maskResidentId(n) : n;
}

/** The case tab 身份与认领: certificate registrations, flags, revocation requests, readiness (audited read). */
export async function caseDeaths(ctx: CoreContext, actor: Actor, caseId: string): Promise<CaseDeathsView> {
  authorize(actor, 'funeral:read');
  const c = await visibleFuneralCase(ctx.db.kysely, actor, caseId);
  const [regs, docs, flags, person, readiness, profile] = await Promise.all([
    registrationsOfCase(ctx.db.kysely, c.id),
    documentsOfCase(ctx.db.kysely, c.id, { kind: 'death_certificate' }),
    flagsOfCase(ctx.db.kysely, c.id),
    survivorOf(ctx.db.kysely, c.personId),
    unidentifiedReadiness(ctx, c, today(ctx)),
    findProfile(ctx.db.kysely, c.id),
  ]);
  const revocations =
    person && actor.permissions.has('people:read')
      ? (await listDeathRevocations(ctx, actor, { personIds: [person.id], pageSize: 50 })).items
      : [];
  await ctx.readAudit.record(actor, {
    action: 'funeral.deaths.read',
    targetType: 'funeral_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
  });
  const docOf = new Map(docs.map((d) => [d.id, d]));
  return {
    caseId: c.id,
    caseNo: c.caseNo,
    identityStatus: c.identityStatus,
    unclaimed: c.unclaimed === 1,
    payer: c.payer,
    person: {
      id: person?.id ?? c.personId,
      name: person?.name ?? '',
      status: person?.status ?? 'alive',
      deathDate: person?.deathDate ?? null,
    },
    registrations: regs.map((r) => {
      const d = docOf.get(r.documentId);
      return {
        id: r.id,
        deathDate: r.deathDate,
        era: r.era,
        identifierKind: r.identifierKind,
        outcome: r.outcome,
        mergeId: r.mergeId,
        status: r.status,
        recordedBy: r.recordedBy,
        recordedAt: r.recordedAt,
        certificateNumber: maskNumber(d?.number ?? null),
        issuer: d?.issuer ?? null,
        issuedOn: d?.issuedOn ?? null,
      };
    }),
    flags: flags.map(flagView),
    revocations,
    readiness,
    profile: profile ?? null,
    inFamilySearch: c.identityStatus === 'unidentified',
  };
}

/** Closes a review flag with what was done (funeral:write). */
export async function resolveCaseFlag(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  flagId: string,
  input: { resolution: string },
): Promise<CaseFlagView> {
  authorize(actor, 'funeral:write');
  const resolution = (input.resolution ?? '').trim();
  if (resolution.length < 2) throw invalid('RESOLUTION_REQUIRED', '请填写处理情况', 'resolution');
  if (resolution.length > 500) throw invalid('TEXT_TOO_LONG', '处理情况不能超过500个字', 'resolution');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    const f = await findFlag(trx, flagId);
    if (!f || f.caseId !== c.id) throw new DomainError('not_found', 'NOT_FOUND', '待复核事项不存在');
    const at = ctx.clock.now().toISOString();
    if (!(await resolveFlagRow(trx, f.id, { resolvedBy: actor.username, resolvedAt: at, resolution }))) {
      throw new DomainError('conflict', 'FLAG_ALREADY_RESOLVED', '该事项已处理');
    }
    await audit(ctx, trx, actor, {
      action: 'funeral.case-flag.resolve',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { flagId: f.id, kind: f.kind },
    });
  });
  return flagView((await findFlag(ctx.db.kysely, flagId))!);
}

// ── the deaths ledger ─────────────────────────────────────────────────────────────────────────────

export interface DeathsQuery {
  division?: string;
  q?: string;
  status?: 'active' | 'revoked';
  outcome?: DeathRegistrationOutcome;
  from?: string;
  to?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface DeathLedgerItem {
  id: string;
  caseId: string;
  caseNo: string;
  personId: string;
  name: string;
  identityStatus: 'identified' | 'unidentified';
  deathDate: string;
  era: 'before_2026' | 'from_2026';
  identifierKind: DeathIdentifierKind;
  certificateNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  outcome: DeathRegistrationOutcome;
  mergeId: string | null;
  status: 'active' | 'revoked';
  personStatus: 'alive' | 'deceased';
  recordedBy: string;
  recordedAt: string;
}

const DEATH_SORTS = ['recordedAt', 'deathDate', 'caseNo'] as const;

function deathsFilter(actor: Actor, q: DeathsQuery): DeathsFilter {
  const raw = q.sort?.replace(/^-/, '');
  if (raw && !(DEATH_SORTS as readonly string[]).includes(raw))
    throw invalid('SORT_FIELD_INVALID', '不支持按该列排序', 'sort');
  return {
    scope: scopeFilterFor(actor, q.division),
    q: q.q,
    status: q.status,
    outcome: q.outcome,
    from: q.from,
    to: q.to,
    sort: raw ? { field: raw as (typeof DEATH_SORTS)[number], desc: q.sort!.startsWith('-') } : undefined,
  };
}

function ledgerItem(r: DeathLedgerRow): DeathLedgerItem {
  return {
    id: r.id,
    caseId: r.caseId,
    caseNo: r.caseNo,
    personId: r.personId,
    name: r.nameGiven?.trim() || r.personName,
    identityStatus: r.identityStatus,
    deathDate: r.deathDate,
    era: r.era,
    identifierKind: r.identifierKind,
    certificateNumber: maskNumber(r.certificateNumber),
    issuer: r.issuer,
    issuedOn: r.issuedOn,
    outcome: r.outcome,
    mergeId: r.mergeId,
    status: r.status,
    personStatus: r.personStatus,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt,
  };
}

/** 死亡登记 ledger: deaths recorded by the line (certificate → people index), filtered, sorted, paged. */
export async function listDeaths(
  ctx: CoreContext,
  actor: Actor,
  q: DeathsQuery,
): Promise<{ items: DeathLedgerItem[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'funeral:read');
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  const { rows, total } = await listDeathRegistrations(ctx.db.kysely, deathsFilter(actor, q), {
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  await ctx.readAudit.record(actor, {
    action: 'funeral.deaths.list',
    targetType: 'funeral_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { total, page },
  });
  return { items: rows.map(ledgerItem), total, page, pageSize };
}

export async function exportDeaths(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<DeathsQuery, 'page' | 'pageSize'>,
): Promise<AsyncIterable<DeathLedgerItem>> {
  authorize(actor, 'funeral:read');
  const filter = deathsFilter(actor, q);
  await ctx.readAudit.record(actor, {
    action: 'funeral.deaths.export',
    targetType: 'funeral_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: {
      filter: {
        status: q.status ?? null,
        outcome: q.outcome ?? null,
        from: q.from ?? null,
        to: q.to ?? null,
      },
    },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 200) {
      const { rows } = await listDeathRegistrations(ctx.db.kysely, filter, { limit: 200, offset });
      yield* rows.map(ledgerItem);
      if (rows.length < 200) break;
    }
  })();
}
