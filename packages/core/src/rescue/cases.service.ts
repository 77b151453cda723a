/**
 * Reading a rescue case (救助案件, audited) and the residents list (在站人员: today's open cases of the
 * actor's station(s)), with the stay figures computed from dates by periods.ts — never typed (R-RES-05,
 * R-RES-11). The person page's 救助记录 panel.
 */
import { DomainError, addDays, maskResidentId, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import type {
  RescueCaseViewDto,
  RescueEligibilityDto,
  RescueResidentViewDto,
  rescueResidentsQuery,
} from '@social-affairs/kernel/contracts/rescue';
import type { z } from 'zod';
import {
  authorize,
  displayNameIn,
  displayNamesOf,
  ensureVisible,
  inScope,
  scopeFilterFor,
  type Actor,
} from '../access/index';
import { maskSearchTerm } from '../audit/index';
import type { CoreContext } from '../context';
import type { PersonPanel } from '../line';
import { caseScope } from './cases.access';
import {
  belongingsOf,
  casesOfPerson,
  findCaseForRead,
  findIntake,
  hasCaseAttachment,
  openCasesFor,
  personDivision,
  type CaseReadRow,
} from './intake.repository';
import { MINOR_UNDER_AGE } from './intake.service';
import { ageOnDay, daysInCare, stayStatusOn } from './periods';
import { rescueConfig } from './rescue.config';
import { stayLimitState } from './stay-limit';
import { approvedExtensionsOf, approvedExtensionUntil } from './stay.repository';

const NOT_FOUND = () => new DomainError('not_found', 'NOT_FOUND', '救助案件不存在或不在您的管辖范围内');

function todayOf(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/**
 * The stay figures of a case on `day` (periods.ts), with its latest approved extension's end
 * (`extendedUntil`, 延期救助): whether it is over the limit is the stay concern's extension-aware rule
 * (`stayLimitState`, R-RES-05), and `stayLimitExceededFrom` is the first day over the limit in effect
 * (the day after an approved extension's end when it runs past the 10-day limit).
 */
export function stayFigures(ctx: CoreContext, c: CaseReadRow, day: PlainDate, extendedUntil: string | null) {
  const cfg = rescueConfig(ctx);
  const entryDate = c.entryDate as PlainDate;
  const limit = stayLimitState(ctx, c, extendedUntil, day);
  const age = ageOnDay({ ...c, entryDate }, day);
  const open = c.closedAt === null;
  return {
    daysInCare: daysInCare(entryDate, day),
    stayStatus: open
      ? stayStatusOn({ entryDate, identityStatus: c.identityStatus }, day, cfg)
      : ('within_limit' as const),
    stayLimitApplies: limit.applies,
    stayLimitExceededFrom: limit.effectiveEnd ? addDays(limit.effectiveEnd, 1) : null,
    overStayLimit: open && limit.over,
    age,
    minor: age !== null && age < MINOR_UNDER_AGE,
  };
}

/** One case with its intake record and belongings register; the read is audited (subject: the person). */
export async function getRescueCase(ctx: CoreContext, actor: Actor, id: string): Promise<RescueCaseViewDto> {
  authorize(actor, 'rescue:read');
  const c = await findCaseForRead(ctx.db.kysely, id);
  if (!c) throw NOT_FOUND();
  ensureVisible(actor, caseScope(c), '救助案件');
  await ctx.readAudit.record(actor, {
    action: 'rescue.case.read',
    targetType: 'rescue_case',
    targetId: c.id,
    subjectPersonId: c.personId,
    divisionCode: c.divisionCode,
    details: { caseNo: c.caseNo },
  });
  const [intake, belongings] = await Promise.all([
    findIntake(ctx.db.kysely, c.id),
    belongingsOf(ctx.db.kysely, c.id),
  ]);
  const handoverScanMissing =
    c.referralSource === 'police' && !(await hasCaseAttachment(ctx.db.kysely, c.id, 'police_handover'));
  // Recorders are shown by name (one query); the rows keep the account name (the audit trail).
  const names = await displayNamesOf(ctx.db.kysely, [
    intake?.recordedBy,
    ...belongings.map((b) => b.recordedBy),
  ]);
  return {
    id: c.id,
    caseNo: c.caseNo,
    stationId: c.stationId,
    stationName: c.stationName,
    divisionCode: c.divisionCode,
    personId: c.personId,
    personName: c.personName,
    // Masked: the full number only through the people page's audited reveal.
    residentIdMasked: c.residentId ? maskResidentId(c.residentId) : null,
    identityStatus: c.identityStatus,
    nameGiven: c.nameGiven,
    sex: c.sex,
    birthDate: c.birthDate,
    estimatedAge: c.estimatedAge,
    enteredAt: c.enteredAt,
    entryDate: c.entryDate,
    referralSource: c.referralSource,
    civilCapacity: c.civilCapacity,
    mentalSigns: c.mentalSigns === 1,
    foundPlace: c.foundPlace,
    foundOn: c.foundOn,
    heightCm: c.heightCm,
    health: c.health,
    intellect: c.intellect,
    mentalState: c.mentalState,
    features: c.features,
    clothing: c.clothing,
    dormitoryId: c.dormitoryId,
    dormitoryName: c.dormitoryName,
    status: c.status,
    closedAt: c.closedAt,
    closeKind: c.closeKind,
    stay: stayFigures(ctx, c, todayOf(ctx), await approvedExtensionUntil(ctx.db.kysely, c.id)),
    intake: intake
      ? {
          eligibility: JSON.parse(intake.eligibility) as RescueEligibilityDto,
          hukouAddress: intake.hukouAddress,
          vagrancyReason: intake.vagrancyReason,
          relativesContact: intake.relativesContact,
          policeUnit: intake.policeUnit,
          policeOfficer: intake.policeOfficer,
          handoverAt: intake.handoverAt,
          handoverScanMissing,
          referralNote: intake.referralNote,
          securityCheck: intake.securityCheck,
          securityNote: intake.securityNote,
          conditions: JSON.parse(intake.conditions) as NonNullable<RescueCaseViewDto['intake']>['conditions'],
          medicalReferralTo: intake.medicalReferralTo,
          policeReferralTo: intake.policeReferralTo,
          minorAtEntry: intake.minorAtEntry === 1,
          caseworkerName: intake.caseworkerName,
          caseworkerSex: intake.caseworkerSex,
          identificationMergeId: intake.identificationMergeId,
          recordedBy: displayNameIn(names, intake.recordedBy),
        }
      : null,
    belongings: belongings.map((b) => ({
      id: b.id,
      item: b.item,
      quantity: b.quantity,
      description: b.description,
      identityDocument: b.identityDocument === 1,
      safekeepingConsent: b.safekeepingConsent === 1,
      consentNote: b.consentNote,
      recordedAt: b.recordedAt,
      recordedBy: displayNameIn(names, b.recordedBy),
      returnedAt: b.returnedAt,
    })),
  };
}

type ResidentsQuery = Omit<z.output<typeof rescueResidentsQuery>, never>;

function residentRow(
  ctx: CoreContext,
  c: CaseReadRow,
  day: PlainDate,
  extendedUntil: string | null,
): RescueResidentViewDto & { sortName: string } {
  const s = stayFigures(ctx, c, day, extendedUntil);
  return {
    id: c.id,
    caseNo: c.caseNo,
    stationId: c.stationId,
    stationName: c.stationName,
    name: c.nameGiven ?? c.personName,
    sex: c.sex,
    age: s.age,
    identityStatus: c.identityStatus,
    status: c.status,
    entryDate: c.entryDate,
    daysInCare: s.daysInCare,
    stayStatus: s.stayStatus,
    overStayLimit: s.overStayLimit,
    stayLimitExceededFrom: s.stayLimitExceededFrom,
    minor: s.minor,
    civilCapacity: c.civilCapacity,
    dormitoryName: c.dormitoryName,
    sortName: c.personNameSortKey ?? c.personName,
  };
}

async function residentRows(ctx: CoreContext, actor: Actor, q: ResidentsQuery) {
  authorize(actor, 'rescue:read');
  const day = todayOf(ctx);
  const rows = await openCasesFor(ctx.db.kysely, {
    scope: scopeFilterFor(actor),
    ...(q.stationId ? { stationId: q.stationId } : {}),
    ...(q.q ? { q: q.q } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.sex ? { sex: q.sex } : {}),
    ...(q.identity ? { identity: q.identity } : {}),
  });
  // Approved extensions of the listed cases, a query per 500 cases (not per row), for R-RES-05.
  const extensions = new Map<string, string>();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = await approvedExtensionsOf(
      ctx.db.kysely,
      rows.slice(i, i + 500).map((c) => c.id),
    );
    for (const [k, v] of chunk) extensions.set(k, v);
  }
  let list = rows.map((c) => ({
    ...residentRow(ctx, c, day, extensions.get(c.id) ?? null),
    subject: { personId: c.personId, divisionCode: c.divisionCode },
  }));
  if (q.minor !== undefined) list = list.filter((r) => r.minor === q.minor);
  if (q.overStay) {
    list = list.filter((r) =>
      q.overStay === 'over_limit'
        ? r.overStayLimit
        : q.overStay === 'any'
          ? r.overStayLimit || r.stayStatus !== 'within_limit'
          : r.stayStatus === q.overStay,
    );
  }
  const sort = parseSort(q.sort) ?? { field: 'entryDate', desc: false };
  const key = (r: (typeof list)[number]): string | number =>
    sort.field === 'caseNo'
      ? r.caseNo
      : sort.field === 'name'
        ? r.sortName
        : sort.field === 'daysInCare'
          ? r.daysInCare
          : r.entryDate;
  list.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const cmp = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
    return sort.desc ? -cmp : cmp;
  });
  return list.map(({ sortName: _s, ...r }) => r);
}

function publicRow<T extends { subject: unknown }>({ subject: _s, ...r }: T): Omit<T, 'subject'> {
  return r;
}

/** 在站人员: open cases in scope, filtered, sorted and paged (default: earliest entry first). */
export async function listResidents(
  ctx: CoreContext,
  actor: Actor,
  q: ResidentsQuery & { page: number; pageSize: number },
) {
  const all = await residentRows(ctx, actor, q);
  const start = (q.page - 1) * q.pageSize;
  // A search by a full resident id identifies a person: audited like the people ledger's (the id masked),
  // one row per case answered, or one for a search that found no one.
  if (q.q && /^[0-9]{17}[0-9Xx]$/.test(q.q.trim())) {
    const details = { query: maskSearchTerm(q.q), found: all.length };
    const hits = all.length
      ? all.map((r) => ({
          targetId: r.id,
          divisionCode: r.subject.divisionCode,
          subjectPersonId: r.subject.personId,
        }))
      : [{ targetId: null, divisionCode: actor.divisionCode, subjectPersonId: null }];
    for (const h of hits) {
      await ctx.readAudit.record(actor, {
        action: 'rescue.residents.search-by-resident-id',
        targetType: 'rescue_case',
        ...h,
        details,
      });
    }
  }
  return {
    items: all.slice(start, start + q.pageSize).map(publicRow),
    total: all.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Every row of the residents list under the filter, for the Excel export (audited before the first row). */
export async function exportResidents(
  ctx: CoreContext,
  actor: Actor,
  q: ResidentsQuery,
): Promise<AsyncIterable<RescueResidentViewDto>> {
  const rows = await residentRows(ctx, actor, q);
  await ctx.readAudit.record(actor, {
    action: 'rescue.residents.export',
    targetType: 'rescue_case',
    targetId: null,
    divisionCode: actor.divisionCode,
    details: { filter: { ...q, q: q.q ? '***' : undefined }, rows: rows.length },
  });
  return (async function* () {
    for (const r of rows) yield publicRow(r);
  })();
}

const STATUS_WORDS: Record<string, string> = {
  in_station: '在站',
  placed: '站外托养',
  in_hospital: '住院',
  departed: '已离站',
  settled: '已落户安置',
  deceased: '已死亡',
};

/** The person page's 救助记录 panel: the person's cases the actor may see (audited read). */
export async function rescuePersonPanel(
  ctx: CoreContext,
  actor: Actor,
  personId: string,
): Promise<PersonPanel | null> {
  authorize(actor, 'rescue:read');
  const cases = await casesOfPerson(ctx.db.kysely, personId);
  const shown = cases.filter((c) => inScope(actor, caseScope(c)));
  // Audited even when there is nothing to show: whether a person was ever rescued is personal data.
  await ctx.readAudit.record(actor, {
    action: 'rescue.person-panel.read',
    targetType: 'person',
    targetId: personId,
    subjectPersonId: personId,
    divisionCode: (await personDivision(ctx.db.kysely, personId))?.divisionCode ?? null,
    reason: '人员详情页',
    details: { via: 'person-panel', cases: shown.length },
  });
  if (cases.length === 0) return null;
  return {
    title: '救助记录',
    facts: [
      ...shown.map((c) => ({
        label: `${c.entryDate} 入站`,
        value: `${c.stationName}，${c.caseNo}（${STATUS_WORDS[c.status] ?? c.status}${c.closedAt ? `，${c.closedAt.slice(0, 10)} 结案` : ''}）`,
      })),
      ...(cases.length > shown.length
        ? [{ label: '其他救助记录', value: `另有 ${cases.length - shown.length} 条辖区外记录` }]
        : []),
    ],
    ...(shown[0] ? { link: `/rescue/cases/${shown[0].id}` } : {}),
  };
}
