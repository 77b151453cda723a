/**
 * Applications for the two subsidies (issue 18 items 3 and 10; R-DIS-05, R-DIS-06): intake at any township
 * window of the province, online by the citizen (identity checked later by the township), received from
 * another province through the national system (manual exchanges), the R-DIS-06 deadlines on the kernel
 * calendar with countdowns and escalation, forwarding, notification, withdrawal and the public status
 * look-up by application number plus phone. The review chain and the decision belong to the review
 * concern (it sets `decidedOn` and the outcomes).
 */
import {
  DomainError,
  getDivision,
  isRestDay,
  loadedHolidayYears,
  maskPhone,
  maskResidentId,
  parseDisabilityCertificateNumber,
  parsePlainDate,
  plainDateParts,
  todayPlainDate,
  addDays,
  isoWeekday,
  newId,
  DISABILITY_CATEGORY_LABELS,
  DISABILITY_GRADE_LABELS,
  type DisabilityCategory,
  type DisabilityGrade,
  type PlainDate,
} from '@social-affairs/kernel';
import {
  APPLICATION_EXCHANGE_KIND_LABELS,
  APPLICATION_NOTIFY_HOW_LABELS,
  APPLICATION_STAGE_LABELS,
  applicationIntakeBody,
  applicationsQuery,
  completeMaterialsBody,
  exchangeBody,
  forwardBody,
  notifyBody,
  onlineApplicationBody,
  statusLookupBody,
  withdrawBody,
  type ApplicationCountdown,
  type ApplicationDetail,
  type ApplicationStage,
  type ApplicationView,
  type PublicApplicationStatus,
} from '@social-affairs/kernel/contracts/disability';
import { parseSort } from '@social-affairs/kernel/contracts';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { authorize, inScope, inSharedScope, scopeFilterFor, systemActor, type Actor } from '../access/index';
import { withdrawApprovalInTransaction } from '../approvals/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import { allocateDocumentNumber, officePrefix } from '../numbering/index';
import { createPersonInTransaction, findIndexedPersonByResidentId } from '../people/index';
import {
  applicationByNo,
  applicationRowById,
  applicationsWithStageDue,
  decidedWithoutNotifyDue,
  escalationExists,
  escalationsOf,
  exchangesOf,
  findIntake,
  insertApplication,
  insertEscalation,
  insertExchange,
  listApplicationRows,
  openApplicationsOf,
  updateApplication,
  upsertIntake,
  type ApplicationListRow,
} from './applications.repository';
import type { EscalatedStage } from './applications.table';
import { applicationInScope, lockedVisibleApplication, visibleApplication } from './disability.access';
import { disabilityConfig, type DisabilityConfig } from './disability.config';
import {
  certificatesOfPerson,
  findCertificateByNumber,
  openEntitlement,
  type DisabilityApplicationRow,
} from './disability.repository';
import {
  APPLICANT_RELATION_LABELS,
  APPLICATION_CHANNEL_LABELS,
  APPLICATION_STATUS_LABELS,
  CERTIFICATE_STATUS_LABELS,
  SUBSIDY_LABELS,
  SUBSIDY_SHORT_LABELS,
  type Subsidy,
} from './disability.table';
import { decideDue, forwardDue, notifyDue, payFromMonthOf } from './rules';

/** The province the line serves (Hunan): other hukou go through the national system (R-DIS-06). */
export const HOME_PROVINCE_PREFIX = '43';
const OWNER = 'disability_application';

const invalid = (code: string, message: string, field: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, { field, ...details });
const conflict = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', code, message, details);

export function todayOf(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

const divisionName = (code: string | null): string | null => {
  if (!code) return null;
  const d = getDivision(code);
  if (!d) return code;
  if (d.level === 'township') {
    const county = getDivision(code.slice(0, 6));
    return county ? `${county.name}${d.name}` : d.name;
  }
  return d.name;
};

/** 张三丰 → 张**: the public look-up shows no more than the family name. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

const subsidiesOf = (row: { appliesLiving: number; appliesCare: number }): Subsidy[] => [
  ...(row.appliesLiving ? (['living'] as const) : []),
  ...(row.appliesCare ? (['care'] as const) : []),
];

const phoneKey = (phone: string) => phone.replace(/\D/g, '');

// ----- countdowns ------------------------------------------------------------------------------------

/** Working days after `today` up to and including `dueOn` (weekends only in a year not loaded). */
export function workingDaysUntil(today: string, dueOn: string): { days: number; provisional: boolean } {
  const loaded = new Set(loadedHolidayYears());
  let provisional = false;
  let days = 0;
  let d = parsePlainDate(today);
  const end = parsePlainDate(dueOn);
  while (d < end) {
    d = addDays(d, 1);
    const rest = loaded.has(plainDateParts(d).year)
      ? isRestDay(d)
      : ((provisional = true), isoWeekday(d) >= 6);
    if (!rest) days++;
  }
  return { days, provisional };
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The notify deadline: stored, or counted from the decision when the review concern did not store it. */
function notifyDueOf(
  cfg: DisabilityConfig,
  row: DisabilityApplicationRow,
): { dueOn: string; provisional: boolean } | null {
  if (row.notifyDueOn) return { dueOn: row.notifyDueOn, provisional: row.dueProvisional === 1 };
  if (!row.decidedOn) return null;
  return notifyDue(cfg, row.decidedOn);
}

/** The current stage of an application and its deadline (R-DIS-06); null when nothing is pending. */
export function stageOf(
  cfg: DisabilityConfig,
  row: DisabilityApplicationRow,
): { stage: ApplicationStage; dueOn: string | null; provisional: boolean } | null {
  const provisional = row.dueProvisional === 1;
  if (row.status === 'received') {
    if (!row.materialsCompleteOn) return { stage: 'materials', dueOn: null, provisional: false };
    if (!row.forwardedOn) return { stage: 'forward', dueOn: row.forwardDueOn, provisional };
  }
  if ((row.status === 'forwarded' || row.status === 'reviewing') && !row.decidedOn) {
    return { stage: 'decide', dueOn: row.decideDueOn, provisional };
  }
  if ((row.status === 'approved' || row.status === 'rejected') && row.decidedOn && !row.notifiedOn) {
    const due = notifyDueOf(cfg, row);
    return { stage: 'notify', dueOn: due?.dueOn ?? null, provisional: due?.provisional ?? false };
  }
  return null;
}

export function countdownOf(
  cfg: DisabilityConfig,
  row: DisabilityApplicationRow,
  today: string,
): ApplicationCountdown | null {
  const s = stageOf(cfg, row);
  if (!s) return null;
  const stageLabel = APPLICATION_STAGE_LABELS[s.stage];
  if (!s.dueOn) {
    return {
      stage: s.stage,
      stageLabel,
      dueOn: null,
      workingDaysLeft: null,
      overdueDays: 0,
      provisional: false,
      text:
        s.stage === 'materials'
          ? '待核验身份和材料（材料齐全之日起计算转送时限）'
          : `${stageLabel}：未设时限`,
    };
  }
  const note = s.provisional ? '（含未公布节假日安排的年份，时限为暂定）' : '';
  if (s.dueOn < today) {
    const overdueDays = daysBetween(s.dueOn, today);
    return {
      stage: s.stage,
      stageLabel,
      dueOn: s.dueOn,
      workingDaysLeft: null,
      overdueDays,
      provisional: s.provisional,
      text: `${stageLabel}已逾期 ${overdueDays} 天${note}`,
    };
  }
  const left = workingDaysUntil(today, s.dueOn);
  return {
    stage: s.stage,
    stageLabel,
    dueOn: s.dueOn,
    workingDaysLeft: left.days,
    overdueDays: 0,
    provisional: s.provisional || left.provisional,
    text:
      left.days === 0
        ? `${stageLabel}今天到期${note}`
        : `${stageLabel}剩余 ${left.days} 个工作日${s.provisional || left.provisional ? '（含未公布节假日安排的年份，时限为暂定）' : ''}`,
  };
}

// ----- views -------------------------------------------------------------------------------------------

function outcomesOf(row: DisabilityApplicationRow) {
  const out: { subsidy: string; label: string; outcomeLabel: string }[] = [];
  for (const s of subsidiesOf(row)) {
    const o = s === 'living' ? row.livingOutcome : row.careOutcome;
    if (o)
      out.push({
        subsidy: s,
        label: SUBSIDY_LABELS[s],
        outcomeLabel: o === 'granted' ? '准予享受' : '不予享受',
      });
  }
  return out;
}

export function presentApplication(
  cfg: DisabilityConfig,
  r: ApplicationListRow,
  today: string,
): ApplicationView {
  const subsidies = subsidiesOf(r);
  const category = (r.certCategory ??
    (r.certificateNumber ? Number(r.certificateNumber.charAt(18)) : null)) as DisabilityCategory | null;
  const grade = (r.certGrade ??
    (r.certificateNumber ? Number(r.certificateNumber.charAt(19)) : null)) as DisabilityGrade | null;
  return {
    id: r.id,
    applicationNo: r.applicationNo,
    personId: r.personId,
    name: r.personName,
    residentIdMasked: r.residentId ? maskResidentId(r.residentId) : '',
    certificateNumberMasked: r.certificateNumber ? maskResidentId(r.certificateNumber) : null,
    categoryLabel: category ? (DISABILITY_CATEGORY_LABELS[category] ?? null) : null,
    gradeLabel: grade ? (DISABILITY_GRADE_LABELS[grade] ?? null) : null,
    subsidies,
    subsidiesLabel: subsidies.map((s) => SUBSIDY_SHORT_LABELS[s]).join('、'),
    applicantRelation: r.applicantRelation,
    applicantRelationLabel: APPLICANT_RELATION_LABELS[r.applicantRelation],
    applicantName: r.applicantName,
    phoneMasked: maskPhone(r.phone),
    channel: r.channel,
    channelLabel: APPLICATION_CHANNEL_LABELS[r.channel],
    nationalExchange: r.nationalExchange === 1 || r.channel === 'cross_province',
    receivedDivisionCode: r.receivedDivisionCode,
    receivedDivisionName: divisionName(r.receivedDivisionCode),
    divisionCode: r.divisionCode,
    divisionName: divisionName(r.divisionCode) ?? r.divisionCode,
    submittedOn: r.submittedOn,
    materialsCompleteOn: r.materialsCompleteOn,
    forwardDueOn: r.forwardDueOn,
    forwardedOn: r.forwardedOn,
    decideDueOn: r.decideDueOn,
    decidedOn: r.decidedOn,
    notifyDueOn: r.notifyDueOn ?? notifyDueOf(cfg, r)?.dueOn ?? null,
    notifiedOn: r.notifiedOn,
    dueProvisional: r.dueProvisional === 1,
    status: r.status,
    statusLabel: APPLICATION_STATUS_LABELS[r.status],
    payFromMonth: r.payFromMonth,
    countdown: countdownOf(cfg, r, today),
  };
}

/** The window that received the application (or, when none of ours did, the hukou side) acts for it. */
function isWindowSide(actor: Actor, row: DisabilityApplicationRow): boolean {
  return row.receivedDivisionCode !== null
    ? inScope(actor, row.receivedDivisionCode)
    : inScope(actor, row.divisionCode);
}

// ----- intake --------------------------------------------------------------------------------------------

function checkCertificate(number: string, residentId: string) {
  return parseDisabilityCertificateNumber(number, { holderResidentId: residentId });
}

function checkHukou(code: string): { county: string; home: boolean } {
  const home = code.startsWith(HOME_PROVINCE_PREFIX);
  if (home) {
    const d = getDivision(code);
    if (!d || d.level !== 'township') {
      throw invalid(
        'DIVISION_UNKNOWN',
        '户籍所在乡镇（街道）的区划代码不存在，请从列表中选择',
        'hukouDivisionCode',
      );
    }
  } else if (!/^[1-8]\d{8}$/.test(code)) {
    throw invalid('DIVISION_UNKNOWN', '户籍所在乡镇（街道）的区划代码不正确', 'hukouDivisionCode');
  }
  return { county: code.slice(0, 6), home };
}

interface NumberingOffice {
  county: string;
}

async function nextApplicationNo(trx: Transaction<Database>, office: NumberingOffice, year: number) {
  const prefix = officePrefix(office.county, '残补');
  // One series per printed prefix, kept at the province: counties whose names start with the same
  // character (衡阳县, 衡南县, 衡山县, 衡东县 → 湘衡残补) share it, so a printed number never repeats.
  const province = `${office.county.slice(0, 2)}0000`;
  const n = await allocateDocumentNumber(trx, systemActor('两项补贴申请编号', province), {
    office: { key: `disability-application:${prefix}`, divisionCode: province, prefix },
    kind: 'disability-application',
    year,
    format: (p) => `${p.prefix}〔${p.year}〕${String(p.serial).padStart(6, '0')}号`,
  });
  return n.number;
}

/** The person by resident id, registered in the people index (the county registry) when absent. */
async function personFor(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: { residentId: string; name: string; registerCounty: string; hukouCode: string; source: string },
) {
  const found = await findIndexedPersonByResidentId(trx, input.residentId);
  if (found) return { person: found, created: false };
  const hukou = getDivision(input.hukouCode) ? input.hukouCode : input.registerCounty;
  const who = inSharedScope(actor, input.registerCounty)
    ? actor
    : systemActor(`残疾人福利:${actor.username}`, input.registerCounty);
  const person = await createPersonInTransaction(
    ctx,
    trx,
    who,
    { residentId: input.residentId, name: input.name, hukouDivisionCode: hukou, source: input.source },
    { residentIdAbsent: true },
  );
  return { person, created: true };
}

/**
 * 受理 at a township window (or by a county clerk), anywhere in the province (R-DIS-06): the person from the
 * people index (registered when absent — a non-Hunan applicant in the receiving county's registry, as the
 * rescue line does), the certificate number checked against the holder (R-DIS-04), in the register or
 * accepted pending the federation's check (DESIGN), numbered from the county's series. Materials complete
 * on receipt start the 3-working-day forward deadline; at the hukou township the forward is the same act
 * and the 10-working-day decision deadline starts. A non-Hunan hukou is marked for the national system.
 * With `crossProvince` the hukou side enters an application pushed from another province's window.
 */
export async function takeApplication(
  ctx: CoreContext,
  actor: Actor,
  raw: z.input<typeof applicationIntakeBody>,
): Promise<ApplicationDetail> {
  authorize(actor, 'disability:write');
  const input = applicationIntakeBody.parse(raw);
  const cfg = disabilityConfig(ctx);
  const today = todayOf(ctx);
  const level = actor.divisionCode.length;
  if (level !== 6 && level !== 9) {
    throw new DomainError(
      'forbidden',
      'DISABILITY_INTAKE_LEVEL',
      '两项补贴申请由乡镇（街道）窗口或县级经办人员受理',
    );
  }
  const cert = checkCertificate(input.certificateNumber, input.residentId);
  const hukou = checkHukou(input.hukouDivisionCode);
  if (input.applicantRelation !== 'self' && !input.applicantName) {
    throw invalid('DISABILITY_AGENT_NAME_REQUIRED', '非本人申请时请填写代办人姓名', 'applicantName');
  }
  const submittedOn = input.submittedOn ?? today;
  if (submittedOn > today) throw invalid('DISABILITY_DATE_FUTURE', '受理日期不能晚于今天', 'submittedOn');
  const cross = input.crossProvince ?? null;
  if (cross) {
    if (!hukou.home) {
      throw invalid('DISABILITY_CROSS_NOT_HOME', '全国系统转来的申请，户籍地应在本省', 'hukouDivisionCode');
    }
    if (!inScope(actor, input.hukouDivisionCode)) {
      throw new DomainError(
        'forbidden',
        'DISABILITY_NOT_HUKOU_SIDE',
        '全国系统转来的申请由户籍地乡镇（街道）或县级部门录入',
        {
          field: 'hukouDivisionCode',
        },
      );
    }
    if (cross.receivedOn < submittedOn || cross.receivedOn > today) {
      throw invalid(
        'DISABILITY_DATE_ORDER',
        '收到日期应在申请日期之后、不晚于今天',
        'crossProvince.receivedOn',
      );
    }
  }
  const windowCode = cross ? null : actor.divisionCode;
  const atHukouSide = inScope(actor, input.hukouDivisionCode);
  const id = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { person } = await personFor(ctx, trx, actor, {
      residentId: cert.residentId,
      name: input.name,
      registerCounty: hukou.home ? hukou.county : actor.divisionCode.slice(0, 6),
      hukouCode: input.hukouDivisionCode,
      source: '残疾人福利',
    });
    if (person.status === 'deceased') {
      throw conflict('DISABILITY_APPLICANT_DECEASED', '人员库中该公民身份号码的人员已登记死亡，请核实身份', {
        field: 'residentId',
      });
    }
    if (person.name !== input.name.trim()) {
      throw invalid('DISABILITY_NAME_MISMATCH', '姓名与人员库登记的不一致，请核对身份证件', 'name');
    }
    if (
      hukou.home &&
      person.hukouDivisionCode.slice(0, 6) !== hukou.county &&
      person.hukouDivisionCode.startsWith(HOME_PROVINCE_PREFIX)
    ) {
      throw invalid(
        'DISABILITY_HUKOU_MISMATCH',
        '所选户籍乡镇不在人员库登记的户籍县（市、区），请核对户口簿',
        'hukouDivisionCode',
      );
    }
    for (const open of await openApplicationsOf(trx, person.id)) {
      if (
        (open.appliesLiving && input.subsidies.includes('living')) ||
        (open.appliesCare && input.subsidies.includes('care'))
      ) {
        throw conflict(
          'DISABILITY_APPLICATION_OPEN',
          `该申请人已有办理中的申请（${open.applicationNo}），不能重复受理`,
          {
            applicationNo: open.applicationNo,
          },
        );
      }
    }
    for (const s of input.subsidies) {
      if (await openEntitlement(trx, person.id, s)) {
        throw conflict('DISABILITY_ALREADY_RECEIVING', `该申请人已在享受${SUBSIDY_LABELS[s]}，不需要再申请`, {
          field: 'subsidies',
          subsidy: s,
        });
      }
    }
    const registered = await findCertificateByNumber(trx, cert.number);
    const certificateId = registered && registered.personId === person.id ? registered.id : null;
    const applicationNo = await nextApplicationNo(
      trx,
      { county: cross ? hukou.county : actor.divisionCode.slice(0, 6) },
      Number(submittedOn.slice(0, 4)),
    );
    const complete = cross ? submittedOn : input.materialsComplete ? submittedOn : null;
    const fwdDue = complete ? forwardDue(cfg, complete) : null;
    // At the hukou side (or from the national system) receiving is forwarding: the decision clock starts.
    const forwardedOn = cross ? cross.receivedOn : complete && atHukouSide ? complete : null;
    const decide = forwardedOn ? decideDue(cfg, forwardedOn) : null;
    const now = ctx.clock.now().toISOString();
    await insertApplication(
      trx,
      {
        id,
        applicationNo,
        personId: person.id,
        certificateId,
        certificateNumber: cert.number,
        appliesLiving: input.subsidies.includes('living') ? 1 : 0,
        appliesCare: input.subsidies.includes('care') ? 1 : 0,
        applicantRelation: input.applicantRelation,
        applicantName: input.applicantRelation === 'self' ? null : (input.applicantName ?? null),
        phone: input.phone,
        channel: cross ? 'cross_province' : 'window',
        receivedDivisionCode: windowCode,
        divisionCode: input.hukouDivisionCode,
        countyCode: hukou.county,
        submittedOn,
        materialsCompleteOn: complete,
        forwardDueOn: fwdDue?.dueOn ?? null,
        forwardedOn,
        decideDueOn: decide?.dueOn ?? null,
        decidedOn: null,
        notifyDueOn: null,
        notifiedOn: null,
        dueProvisional: fwdDue?.provisional || decide?.provisional ? 1 : 0,
        status: forwardedOn ? 'forwarded' : 'received',
        livingOutcome: null,
        careOutcome: null,
        decisionReason: null,
        noticeStartsOn: null,
        noticeEndsOn: null,
        payFromMonth: payFromMonthOf(submittedOn),
        approvalId: null,
        exchangeNote: cross ? `全国系统编号 ${cross.reference}（${cross.windowName}受理）` : null,
        createdBy: actor.username,
        createdAt: now,
        updatedAt: now,
        version: 1,
      },
      {
        applicationId: id,
        nameGiven: null,
        nationalExchange: cross || !hukou.home ? 1 : 0,
        notifiedHow: null,
        notifyNote: null,
        withdrawnOn: null,
        withdrawnReason: null,
        note: input.note ?? null,
      },
    );
    if (cross) {
      await insertExchange(trx, {
        applicationId: id,
        kind: 'received',
        onDate: cross.receivedOn,
        reference: cross.reference,
        note: `${cross.windowName}受理，${submittedOn}申请`,
        recordedBy: actor.username,
        recordedAt: now,
      });
    }
    await audit(ctx, trx, actor, {
      action: 'disability.application.take',
      targetType: OWNER,
      targetId: id,
      divisionCode: input.hukouDivisionCode,
      subjectPersonId: person.id,
      details: {
        applicationNo,
        channel: cross ? 'cross_province' : 'window',
        residentId: maskResidentId(cert.residentId),
        subsidies: input.subsidies,
        receivedDivisionCode: windowCode,
        certificateInRegister: certificateId !== null,
        nationalExchange: cross !== null || !hukou.home,
      },
    });
  });
  return getApplication(ctx, actor, id);
}

/**
 * 网上申请 by the citizen (no login). Identity is not proven online (DESIGN): the application waits, status
 * `received` without complete materials, for the hukou township to check identity and materials; the
 * forward deadline runs from that check. The answer is the same whatever the registries hold (never
 * reveals whether the person is known or holds a certificate): the application number.
 */
export async function applyOnline(ctx: CoreContext, raw: z.input<typeof onlineApplicationBody>) {
  const input = onlineApplicationBody.parse(raw);
  const cert = checkCertificate(input.certificateNumber, input.residentId);
  const hukou = checkHukou(input.hukouDivisionCode);
  if (!hukou.home) {
    throw invalid(
      'DISABILITY_ONLINE_HOME_ONLY',
      '本省网上申请仅受理湖南省户籍；外省户籍请向户籍地申请或到乡镇（街道）窗口办理',
      'hukouDivisionCode',
    );
  }
  if (input.applicantRelation !== 'self' && !input.applicantName) {
    throw invalid('DISABILITY_AGENT_NAME_REQUIRED', '非本人申请时请填写代办人姓名', 'applicantName');
  }
  const cfg = disabilityConfig(ctx);
  void cfg;
  const today = todayOf(ctx);
  const actor = systemActor('网上申请', hukou.county);
  const id = newId();
  const applicationNo = await ctx.db.kysely.transaction().execute(async (trx) => {
    const { person } = await personFor(ctx, trx, actor, {
      residentId: cert.residentId,
      name: input.name,
      registerCounty: hukou.county,
      hukouCode: input.hukouDivisionCode,
      source: '两项补贴网上申请',
    });
    const registered = await findCertificateByNumber(trx, cert.number);
    const no = await nextApplicationNo(trx, { county: hukou.county }, Number(today.slice(0, 4)));
    const now = ctx.clock.now().toISOString();
    await insertApplication(
      trx,
      {
        id,
        applicationNo: no,
        personId: person.id,
        certificateId: registered && registered.personId === person.id ? registered.id : null,
        certificateNumber: cert.number,
        appliesLiving: input.subsidies.includes('living') ? 1 : 0,
        appliesCare: input.subsidies.includes('care') ? 1 : 0,
        applicantRelation: input.applicantRelation,
        applicantName: input.applicantRelation === 'self' ? null : (input.applicantName ?? null),
        phone: input.phone,
        channel: 'online',
        receivedDivisionCode: null,
        divisionCode: input.hukouDivisionCode,
        countyCode: hukou.county,
        submittedOn: today,
        materialsCompleteOn: null,
        forwardDueOn: null,
        forwardedOn: null,
        decideDueOn: null,
        decidedOn: null,
        notifyDueOn: null,
        notifiedOn: null,
        dueProvisional: 0,
        status: 'received',
        livingOutcome: null,
        careOutcome: null,
        decisionReason: null,
        noticeStartsOn: null,
        noticeEndsOn: null,
        payFromMonth: payFromMonthOf(today),
        approvalId: null,
        exchangeNote: null,
        createdBy: 'online',
        createdAt: now,
        updatedAt: now,
        version: 1,
      },
      {
        applicationId: id,
        nameGiven: person.name !== input.name.trim() ? input.name.trim() : null,
        nationalExchange: 0,
        notifiedHow: null,
        notifyNote: null,
        withdrawnOn: null,
        withdrawnReason: null,
        note: null,
      },
    );
    await audit(ctx, trx, actor, {
      action: 'disability.application.apply-online',
      targetType: OWNER,
      targetId: id,
      divisionCode: input.hukouDivisionCode,
      subjectPersonId: person.id,
      details: { applicationNo: no, residentId: maskResidentId(cert.residentId), subsidies: input.subsidies },
    });
    return no;
  });
  const township = divisionName(input.hukouDivisionCode) ?? input.hukouDivisionCode;
  return {
    applicationNo,
    submittedOn: today,
    townshipName: township,
    nextStep:
      `请记下申请编号。${township}工作人员将电话联系您核验身份；请携带身份证、户口簿、第二代残疾人证` +
      '（申请生活补贴的另带低保证明，代办的另带委托书或监护证明）到户籍地乡镇（街道）便民服务窗口核验材料。' +
      '材料齐全后 3 个工作日内转县级审核，县级部门 10 个工作日内作出决定。补贴自申请当月起计发。',
  };
}

function publicNextStep(cfg: DisabilityConfig, row: DisabilityApplicationRow): string {
  switch (row.status) {
    case 'received':
      return row.materialsCompleteOn
        ? '材料已齐全，户籍地乡镇（街道）将在 3 个工作日内转县级部门审核。'
        : '请携带身份证、户口簿、残疾人证等材料到户籍地乡镇（街道）便民服务窗口核验（网上申请须核验身份后才开始审核）。';
    case 'forwarded':
    case 'reviewing':
      return `县级残联和民政部门正在审核，应在 ${row.decideDueOn ?? '10 个工作日内'} 前作出决定，请保持电话畅通。`;
    case 'notice':
      return '审核通过，正在公示；公示期满无异议即按月发放。';
    case 'approved':
      return `已批准，补贴自 ${row.payFromMonth ?? ''} 起按月发放到本人社保卡或银行账户。${row.notifiedOn ? '' : '受理窗口将通知您。'}`;
    case 'rejected':
      return '未批准。对决定不服的，可以自知道之日起 60 日内申请行政复议，或者 6 个月内提起行政诉讼；也可以向户籍地乡镇（街道）咨询原因。';
    case 'withdrawn':
      return '申请已撤回；如需要可以重新申请。';
  }
  void cfg;
  return '';
}

/**
 * 申请进度查询: by application number plus the phone given (never by resident id alone, which would reveal
 * who is disabled). A wrong phone answers exactly like an unknown number (404). Minimised view: the status,
 * the dates, the result and what to do next; the name masked.
 */
export async function applicationStatus(
  ctx: CoreContext,
  raw: z.input<typeof statusLookupBody>,
): Promise<PublicApplicationStatus> {
  const input = statusLookupBody.parse(raw);
  const row = await applicationByNo(ctx.db.kysely, input.applicationNo.trim());
  if (!row || phoneKey(row.phone) !== phoneKey(input.phone)) {
    throw new DomainError('not_found', 'NOT_FOUND', '未找到该申请，请核对申请编号和申请时填写的手机号码');
  }
  await ctx.readAudit.record(systemActor('公众查询', row.countyCode), {
    action: 'disability.application.public-status',
    targetType: OWNER,
    targetId: row.id,
    divisionCode: row.divisionCode,
    subjectPersonId: row.personId,
    details: { applicationNo: row.applicationNo },
  });
  const cfg = disabilityConfig(ctx);
  return {
    applicationNo: row.applicationNo,
    nameMasked: maskName(row.personName),
    status: row.status,
    statusLabel: APPLICATION_STATUS_LABELS[row.status],
    channelLabel: APPLICATION_CHANNEL_LABELS[row.channel],
    submittedOn: row.submittedOn,
    materialsCompleteOn: row.materialsCompleteOn,
    forwardedOn: row.forwardedOn,
    decideDueOn: row.decideDueOn,
    decidedOn: row.decidedOn,
    notifiedOn: row.notifiedOn,
    result: row.status === 'approved' || row.status === 'rejected' ? outcomesOf(row) : [],
    payFromMonth: row.status === 'approved' ? row.payFromMonth : null,
    nextStep: publicNextStep(cfg, row),
  };
}

// ----- reading -------------------------------------------------------------------------------------------

/** The window's look-up of a person by resident id for the intake form (read audited). */
export async function lookupApplicant(ctx: CoreContext, actor: Actor, residentId: string) {
  authorize(actor, 'disability:write');
  const id = residentId.trim().toUpperCase();
  const person = await findIndexedPersonByResidentId(ctx.db.kysely, id);
  await ctx.readAudit.record(actor, {
    action: 'disability.application.lookup',
    targetType: 'person',
    targetId: person?.id ?? null,
    divisionCode: actor.divisionCode,
    subjectPersonId: person?.id ?? null,
    details: { residentId: maskResidentId(id), found: person !== undefined },
  });
  if (!person)
    return { found: false, name: null, hukouDivisionCode: null, certificates: [], openApplications: [] };
  const certs = await certificatesOfPerson(ctx.db.kysely, person.id);
  const open = await openApplicationsOf(ctx.db.kysely, person.id);
  return {
    found: true,
    name: person.name,
    hukouDivisionCode: person.hukouDivisionCode,
    certificates: certs.map((c) => ({
      number: c.number,
      numberMasked: maskResidentId(c.number),
      categoryLabel: DISABILITY_CATEGORY_LABELS[c.category as DisabilityCategory] ?? String(c.category),
      gradeLabel: DISABILITY_GRADE_LABELS[c.grade as DisabilityGrade] ?? String(c.grade),
      statusLabel: CERTIFICATE_STATUS_LABELS[c.status],
    })),
    openApplications: open
      .filter((o) => applicationInScope(actor, { ...o } as unknown as DisabilityApplicationRow))
      .map((o) => ({
        id: o.id,
        applicationNo: o.applicationNo,
        statusLabel: APPLICATION_STATUS_LABELS[o.status],
      })),
  };
}

type ListQuery = z.input<typeof applicationsQuery>;

function listFilter(q: z.output<typeof applicationsQuery>) {
  return {
    status: q.status,
    channel: q.channel,
    subsidy: q.subsidy,
    overdue: q.overdue === '1',
    from: q.from,
    to: q.to,
    q: q.q,
    sort: parseSort(q.sort),
  };
}

export async function listApplications(
  ctx: CoreContext,
  actor: Actor,
  raw: ListQuery,
  page: { page: number; pageSize: number } | null,
) {
  authorize(actor, 'disability:read');
  const { page: _p, pageSize: _s, ...filter } = raw as ListQuery & { page?: unknown; pageSize?: unknown };
  const q = applicationsQuery.parse(filter);
  const today = todayOf(ctx);
  const scope = scopeFilterFor(actor, q.division);
  const { rows, total } = await listApplicationRows(
    ctx.db.kysely,
    scope,
    listFilter(q),
    today,
    page ? { limit: page.pageSize, offset: (page.page - 1) * page.pageSize } : null,
  );
  await ctx.readAudit.record(actor, {
    action: 'disability.applications.read',
    targetType: OWNER,
    targetId: null,
    divisionCode: scope.divisionPrefix || actor.divisionCode,
    details: { filter: { ...q, q: q.q ? '（已填）' : undefined }, rows: rows.length },
  });
  const cfg = disabilityConfig(ctx);
  return {
    items: rows.map((r) => presentApplication(cfg, r, today)),
    total,
    page: page?.page ?? 1,
    pageSize: page?.pageSize ?? rows.length,
  };
}

export async function exportApplications(
  ctx: CoreContext,
  actor: Actor,
  raw: ListQuery,
): Promise<AsyncIterable<ApplicationView>> {
  const { items } = await listApplications(ctx, actor, raw, null);
  return (async function* () {
    yield* items;
  })();
}

export async function getApplication(ctx: CoreContext, actor: Actor, id: string): Promise<ApplicationDetail> {
  authorize(actor, 'disability:read');
  const seen = await visibleApplication(ctx.db.kysely, actor, id);
  const row = (await applicationRowById(ctx.db.kysely, seen.id))!;
  const intake = await findIntake(ctx.db.kysely, id);
  const exchanges = await exchangesOf(ctx.db.kysely, id);
  const escalations = await escalationsOf(ctx.db.kysely, id);
  await ctx.readAudit.record(actor, {
    action: 'disability.application.read',
    targetType: OWNER,
    targetId: id,
    divisionCode: row.divisionCode,
    subjectPersonId: row.personId,
    details: { applicationNo: row.applicationNo },
  });
  const cfg = disabilityConfig(ctx);
  const today = todayOf(ctx);
  const view = presentApplication(cfg, row, today);
  const writer = actor.permissions.has('disability:write');
  const open = row.status === 'received' || row.status === 'forwarded' || row.status === 'reviewing';
  const national = view.nationalExchange;
  return {
    ...view,
    nameGiven: intake?.nameGiven ?? null,
    certificateInRegister: row.certificateId !== null,
    certificateStatusLabel: row.certStatus ? CERTIFICATE_STATUS_LABELS[row.certStatus] : null,
    hukouTownship: inScope(actor, row.divisionCode),
    canCompleteMaterials:
      writer && row.status === 'received' && !row.materialsCompleteOn && isWindowSide(actor, row),
    canForward:
      writer &&
      row.status === 'received' &&
      row.materialsCompleteOn !== null &&
      !row.forwardedOn &&
      row.receivedDivisionCode !== null &&
      inScope(actor, row.receivedDivisionCode),
    canNotify: writer && row.decidedOn !== null && !row.notifiedOn && applicationInScope(actor, row),
    canWithdraw: writer && open && applicationInScope(actor, row),
    canRecordExchange: writer && national && applicationInScope(actor, row),
    notifiedHow: intake?.notifiedHow ?? null,
    notifiedHowLabel: intake?.notifiedHow ? APPLICATION_NOTIFY_HOW_LABELS[intake.notifiedHow] : null,
    notifyNote: intake?.notifyNote ?? null,
    withdrawnOn: intake?.withdrawnOn ?? null,
    withdrawnReason: intake?.withdrawnReason ?? null,
    outcomes: outcomesOf(row),
    decisionReason: row.decisionReason,
    note: intake?.note ?? null,
    exchanges: exchanges.map((e) => ({
      id: e.id,
      kind: e.kind,
      kindLabel: APPLICATION_EXCHANGE_KIND_LABELS[e.kind],
      on: e.onDate,
      reference: e.reference,
      note: e.note,
      recordedBy: e.recordedBy,
      recordedAt: e.recordedAt,
    })),
    escalations: escalations.map((e) => ({
      stage: e.stage,
      stageLabel: APPLICATION_STAGE_LABELS[e.stage],
      dueOn: e.dueOn,
      escalatedOn: e.escalatedOn,
    })),
  };
}

// ----- acting on an application -------------------------------------------------------------------------

function actDay(today: string, on: string | undefined, notBefore: string | null, field = 'on'): string {
  const day = on ?? today;
  if (day > today) throw invalid('DISABILITY_DATE_FUTURE', '日期不能晚于今天', field);
  if (notBefore && day < notBefore) {
    throw invalid('DISABILITY_DATE_ORDER', `日期不能早于 ${notBefore}`, field);
  }
  return day;
}

async function change(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  act: (
    trx: Transaction<Database>,
    row: DisabilityApplicationRow,
    today: string,
  ) => Promise<{
    action: string;
    details: Record<string, unknown>;
  }>,
): Promise<ApplicationDetail> {
  authorize(actor, 'disability:write');
  const today = todayOf(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await lockedVisibleApplication(trx, actor, id);
    const { action, details } = await act(trx, row, today);
    await audit(ctx, trx, actor, {
      action,
      targetType: OWNER,
      targetId: id,
      divisionCode: row.divisionCode,
      subjectPersonId: row.personId,
      details: { applicationNo: row.applicationNo, ...details },
    });
  });
  return getApplication(ctx, actor, id);
}

const notWindow = () =>
  new DomainError(
    'forbidden',
    'DISABILITY_NOT_RECEIVING_WINDOW',
    '只有受理窗口可以办理此事项（网上申请由户籍地乡镇（街道）办理）',
  );

/**
 * 材料齐全 (after an online application, or a window intake with materials missing): the forward deadline
 * starts; at the hukou side the forward is the same act and the decision deadline starts.
 */
export async function completeMaterials(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  raw: z.input<typeof completeMaterialsBody>,
) {
  const input = completeMaterialsBody.parse(raw);
  const cfg = disabilityConfig(ctx);
  return change(ctx, actor, id, async (trx, row, today) => {
    if (!isWindowSide(actor, row)) throw notWindow();
    if (row.status !== 'received' || row.materialsCompleteOn) {
      throw conflict('DISABILITY_MATERIALS_ALREADY_COMPLETE', '该申请已登记材料齐全');
    }
    const on = actDay(today, input.on, row.submittedOn);
    const fwd = forwardDue(cfg, on);
    const here = inScope(actor, row.divisionCode) && row.divisionCode.startsWith(HOME_PROVINCE_PREFIX);
    const decide = here ? decideDue(cfg, on) : null;
    await updateApplication(trx, row.id, {
      materialsCompleteOn: on,
      forwardDueOn: fwd.dueOn,
      forwardedOn: here ? on : null,
      decideDueOn: decide?.dueOn ?? null,
      status: here ? 'forwarded' : 'received',
      dueProvisional: row.dueProvisional || fwd.provisional || decide?.provisional ? 1 : 0,
      updatedAt: ctx.clock.now().toISOString(),
    });
    if (input.note) await upsertIntake(trx, row.id, { note: input.note });
    return {
      action: 'disability.application.materials-complete',
      details: {
        on,
        forwardDueOn: fwd.dueOn,
        forwardedOn: here ? on : null,
        decideDueOn: decide?.dueOn ?? null,
      },
    };
  });
}

/**
 * 转户籍地 (R-DIS-06): the receiving window forwards to the hukou township within 3 working days of complete
 * materials; for a non-Hunan hukou it enters the application in the national system (a manual exchange,
 * `pushed`, with its national reference). The hukou side's 10-working-day decision deadline starts.
 */
export async function forwardApplication(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  raw: z.input<typeof forwardBody>,
) {
  const input = forwardBody.parse(raw);
  const cfg = disabilityConfig(ctx);
  return change(ctx, actor, id, async (trx, row, today) => {
    if (row.receivedDivisionCode === null || !inScope(actor, row.receivedDivisionCode)) throw notWindow();
    if (row.status !== 'received' || row.forwardedOn) {
      throw conflict('DISABILITY_ALREADY_FORWARDED', '该申请已转户籍地，不能重复转送');
    }
    if (!row.materialsCompleteOn) {
      throw conflict('DISABILITY_MATERIALS_INCOMPLETE', '材料尚未齐全：请先登记材料齐全，再转户籍地');
    }
    const on = actDay(today, input.on, row.materialsCompleteOn);
    const decide = decideDue(cfg, on);
    const national = !row.divisionCode.startsWith(HOME_PROVINCE_PREFIX);
    await updateApplication(trx, row.id, {
      forwardedOn: on,
      decideDueOn: decide.dueOn,
      status: 'forwarded',
      dueProvisional: row.dueProvisional || decide.provisional ? 1 : 0,
      exchangeNote: national && input.reference ? `全国系统编号 ${input.reference}` : row.exchangeNote,
      updatedAt: ctx.clock.now().toISOString(),
    });
    if (national) {
      await insertExchange(trx, {
        applicationId: row.id,
        kind: 'pushed',
        onDate: on,
        reference: input.reference ?? null,
        note: input.note ?? '录入全国两项补贴信息系统，推送户籍地',
        recordedBy: actor.username,
        recordedAt: ctx.clock.now().toISOString(),
      });
    }
    return {
      action: 'disability.application.forward',
      details: {
        on,
        late: row.forwardDueOn !== null && on > row.forwardDueOn,
        decideDueOn: decide.dueOn,
        national,
      },
    };
  });
}

/** 告知申请人 (R-DIS-06): within 3 working days of the result, by the receiving window (or the hukou side). */
export async function notifyApplicant(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  raw: z.input<typeof notifyBody>,
) {
  const input = notifyBody.parse(raw);
  const cfg = disabilityConfig(ctx);
  return change(ctx, actor, id, async (trx, row, today) => {
    if (!row.decidedOn || (row.status !== 'approved' && row.status !== 'rejected')) {
      throw conflict('DISABILITY_NOT_DECIDED', '申请尚未作出审核决定，不能告知结果');
    }
    if (row.notifiedOn) throw conflict('DISABILITY_ALREADY_NOTIFIED', '已登记告知申请人');
    const on = actDay(today, input.on, row.decidedOn);
    const due = row.notifyDueOn ?? notifyDue(cfg, row.decidedOn).dueOn;
    await updateApplication(trx, row.id, {
      notifiedOn: on,
      notifyDueOn: due,
      updatedAt: ctx.clock.now().toISOString(),
    });
    await upsertIntake(trx, row.id, { notifiedHow: input.how, notifyNote: input.note ?? null });
    return { action: 'disability.application.notify', details: { on, how: input.how, late: on > due } };
  });
}

/** 撤回 (before a decision), with the reason; an application under review withdraws its approval too. */
export async function withdrawApplication(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  raw: z.input<typeof withdrawBody>,
) {
  const input = withdrawBody.parse(raw);
  return change(ctx, actor, id, async (trx, row, today) => {
    if (row.status !== 'received' && row.status !== 'forwarded' && row.status !== 'reviewing') {
      throw conflict('DISABILITY_APPLICATION_DECIDED', '申请已作出决定或已撤回，不能撤回', {
        status: row.status,
      });
    }
    if (row.approvalId && row.status === 'reviewing') {
      await withdrawApprovalInTransaction(ctx, trx, actor, row.approvalId, { reason: input.reason });
    }
    await updateApplication(trx, row.id, { status: 'withdrawn', updatedAt: ctx.clock.now().toISOString() });
    await upsertIntake(trx, row.id, { withdrawnOn: today, withdrawnReason: input.reason });
    return { action: 'disability.application.withdraw', details: { reason: input.reason, from: row.status } };
  });
}

/**
 * A manual exchange with the national system (跨省通办 is out of reach): dates and references as typed.
 * `result` records the decision of another province's hukou locality (a non-Hunan applicant received
 * here): the outcome per subsidy, and the notify deadline starts.
 */
export async function recordExchange(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  raw: z.input<typeof exchangeBody>,
) {
  const input = exchangeBody.parse(raw);
  const cfg = disabilityConfig(ctx);
  return change(ctx, actor, id, async (trx, row, today) => {
    const intake = await findIntake(trx, row.id);
    if (intake?.nationalExchange !== 1 && row.channel !== 'cross_province') {
      throw conflict('DISABILITY_NO_NATIONAL_EXCHANGE', '该申请不经全国系统办理，不需要登记往来记录');
    }
    const on = actDay(today, input.on, row.submittedOn);
    if (input.kind === 'result') {
      if (row.divisionCode.startsWith(HOME_PROVINCE_PREFIX)) {
        throw conflict('DISABILITY_RESULT_IS_OURS', '本省户籍的申请由本省审核作出决定，不能登记外省审核结果');
      }
      if (row.status !== 'forwarded' || row.decidedOn) {
        throw conflict('DISABILITY_NOT_FORWARDED', '申请尚未推送户籍地或已有结果');
      }
      const living = row.appliesLiving ? (input.outcomes?.living ?? null) : null;
      const care = row.appliesCare ? (input.outcomes?.care ?? null) : null;
      if ((row.appliesLiving && !living) || (row.appliesCare && !care)) {
        throw invalid('DISABILITY_OUTCOME_REQUIRED', '请逐项填写户籍地对所申请补贴的审核结果', 'outcomes');
      }
      const due = notifyDue(cfg, on);
      await updateApplication(trx, row.id, {
        decidedOn: on,
        livingOutcome: living,
        careOutcome: care,
        status: living === 'granted' || care === 'granted' ? 'approved' : 'rejected',
        decisionReason: `户籍地（外省）审核结果${input.note ? `：${input.note}` : ''}`,
        notifyDueOn: due.dueOn,
        dueProvisional: row.dueProvisional || due.provisional ? 1 : 0,
        updatedAt: ctx.clock.now().toISOString(),
      });
    }
    await insertExchange(trx, {
      applicationId: row.id,
      kind: input.kind,
      onDate: on,
      reference: input.reference ?? null,
      note: input.note ?? null,
      recordedBy: actor.username,
      recordedAt: ctx.clock.now().toISOString(),
    });
    return {
      action: 'disability.application.exchange',
      details: { kind: input.kind, on, reference: input.reference ?? null },
    };
  });
}

// ----- escalation --------------------------------------------------------------------------------------

/** Whose deadline a stage is: the window's (forward, notify) or the hukou side's (decide). */
function ownerOfStage(
  row: { receivedDivisionCode: string | null; divisionCode: string },
  stage: EscalatedStage,
) {
  return stage === 'decide' ? row.divisionCode : (row.receivedDivisionCode ?? row.divisionCode);
}

/**
 * The daily job `disability.applications-escalate`: stores the notify deadline of decided applications
 * (the review concern sets `decidedOn`), then records one escalation per application and overdue stage
 * (audited), which the county's and the supervisor's to-dos show. Idempotent.
 */
export async function escalateOverdueApplications(ctx: CoreContext) {
  const cfg = disabilityConfig(ctx);
  const today = todayOf(ctx);
  const actor = systemActor('disability.applications-escalate', '000000');
  let notifyDueSet = 0;
  for (const r of await decidedWithoutNotifyDue(ctx.db.kysely)) {
    const due = notifyDue(cfg, r.decidedOn!);
    await updateApplication(ctx.db.kysely, r.id, {
      notifyDueOn: due.dueOn,
      dueProvisional: r.dueProvisional || due.provisional ? 1 : 0,
    });
    notifyDueSet++;
  }
  let escalated = 0;
  for (const r of await applicationsWithStageDue(ctx.db.kysely, { before: today })) {
    const stage: EscalatedStage | null =
      r.status === 'received'
        ? 'forward'
        : r.status === 'forwarded' || r.status === 'reviewing'
          ? 'decide'
          : 'notify';
    const dueOn = stage === 'forward' ? r.forwardDueOn : stage === 'decide' ? r.decideDueOn : r.notifyDueOn;
    if (!dueOn || (await escalationExists(ctx.db.kysely, r.id, stage))) continue;
    const divisionCode = ownerOfStage(r, stage);
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (await escalationExists(trx, r.id, stage)) return;
      await insertEscalation(trx, {
        applicationId: r.id,
        stage,
        dueOn,
        escalatedOn: today,
        divisionCode,
        at: ctx.clock.now().toISOString(),
      });
      await audit(ctx, trx, actor, {
        action: 'disability.application.escalate',
        targetType: OWNER,
        targetId: r.id,
        divisionCode,
        details: { applicationNo: r.applicationNo, stage, dueOn, overdueDays: daysBetween(dueOn, today) },
      });
      escalated++;
    });
  }
  return { notifyDueSet, escalated };
}
