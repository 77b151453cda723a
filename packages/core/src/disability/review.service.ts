/**
 * Review and decision of a two-subsidy application (issue 18 item 4; R-DIS-01, R-DIS-02, R-DIS-03, R-DIS-05)
 * on the approval engine: township check → county disability federation (certificate, category, grade) →
 * county civil affairs (means test, hukou, survival; decides per subsidy). The eligibility facts come from
 * the registries (certificate register, assistance rolls, people index) as of the day the application was
 * submitted; only what no registry holds is declared at the township check, with evidence. An approval
 * starts the public notice; an objection returns it to civil affairs; when the notice ends (daily job or
 * the clerk's button) the entitlements are granted from the month of application (R-DIS-05).
 */
import {
  DISABILITY_CATEGORY_LABELS,
  DISABILITY_GRADE_LABELS,
  DomainError,
  maskResidentId,
  newId,
  todayPlainDate,
  type DisabilityCategory,
  type DisabilityGrade,
} from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, inScope, scopePrefix, systemActor, type Actor } from '../access/index';
import {
  decideApprovalInTransaction,
  defineApproval,
  getApproval,
  submitApprovalInTransaction,
  type ApprovalDefinition,
  type ApprovalView,
} from '../approvals/index';
import { assistanceStatusOn } from '../assistance/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { TodoItem } from '../line';
import type { Database, Executor } from '../db/index';
import type { StoredEvent } from '../events/index';
import { disabilityConfig, type DisabilityConfig } from './disability.config';
import { ensureHukouSide, lockedVisibleApplication, visibleApplication } from './disability.access';
import {
  certificatesOfPerson,
  findApplication,
  findCertificate,
  type DisabilityApplicationRow,
  type DisabilityCertificateRow,
} from './disability.repository';
import {
  APPLICATION_STATUS_LABELS,
  CERTIFICATE_STATUS_LABELS,
  SUBSIDIES,
  SUBSIDY_LABELS,
  type Subsidy,
  type SubsidyOutcome,
} from './disability.table';
import { grantEntitlement } from './entitlements';
import {
  applicationByApproval,
  endedNoticesInScope,
  assistanceHistoryOf,
  attachmentsOfApplication,
  findReviewFacts,
  insertObjection,
  noticesEndedBefore,
  objectionsOf,
  openStepOf,
  personBasics,
  saveReviewFacts,
  searchReviewQueue,
  setObjectionOutcome,
  updateApplicationReview,
  type ReviewFactsRow,
} from './review.repository';
import { OTHER_BENEFIT_KIND_LABELS, type OtherBenefitKind } from './review.table';
import {
  eligibilityOf,
  noticeEnds,
  notifyDue,
  payFromMonthOf,
  type EligibilityFacts,
  type EligibilityReason,
  type SubsidyEligibility,
} from './rules';
import { standardFor } from './standards.lookup';

// ----- definitions ------------------------------------------------------------------------------------

export const REVIEW_OWNER = 'disability_application';
export const TOWNSHIP_CHECK = 'township-check';
export const FEDERATION_REVIEW = 'federation-review';
export const CIVIL_AFFAIRS_DECISION = 'civil-affairs-decision';

const federationStep = (days: number) =>
  ({
    key: FEDERATION_REVIEW,
    title: '县残联审核（残疾人证、类别与等级）',
    level: 'county',
    permission: 'disability:federation',
    deadline: { days, unit: 'working' },
    differentPersonFromPrevious: true,
  }) as const;
const civilAffairsStep = (days: number) =>
  ({
    key: CIVIL_AFFAIRS_DECISION,
    title: '县民政部门审核决定（低保特困、户籍、生存状态）',
    level: 'county',
    permission: 'disability:approve',
    deadline: { days, unit: 'working' },
    differentPersonFromPrevious: true,
  }) as const;

/**
 * Hukou in a township (9 digits): 2 + 4 + 4 working days, so the chain fits the 10 working days of
 * R-DIS-06. The township step is done by the hukou township's clerk who took the forwarded application in
 * (DESIGN: a township window often has one clerk; the separation of duties that matters — federation
 * vs civil affairs vs the township — holds between the three steps).
 */
export const SUBSIDY_REVIEW_APPROVAL = defineApproval({
  key: 'disability.subsidy-application',
  title: '残疾人两项补贴审核',
  submitPermission: 'disability:write',
  steps: [
    {
      key: TOWNSHIP_CHECK,
      title: '乡镇（街道）初审',
      level: 'township',
      permission: 'disability:write',
      deadline: { days: 2, unit: 'working' },
    },
    federationStep(4),
    civilAffairsStep(4),
  ],
});

/** Hukou recorded only at the county (6 digits): no township step, 5 + 5 working days. */
export const SUBSIDY_REVIEW_COUNTY_APPROVAL = defineApproval({
  key: 'disability.subsidy-application-county',
  title: '残疾人两项补贴审核（县级受理）',
  submitPermission: 'disability:write',
  steps: [federationStep(5), civilAffairsStep(5)],
});

/** An objection during the public notice returns the application to civil affairs (one step). */
export const SUBSIDY_REDECISION_APPROVAL = defineApproval({
  key: 'disability.subsidy-redecision',
  title: '残疾人两项补贴公示异议复核',
  submitPermission: 'disability:write',
  steps: [civilAffairsStep(5)],
});

export const REVIEW_DEFINITIONS: readonly ApprovalDefinition[] = [
  SUBSIDY_REVIEW_APPROVAL,
  SUBSIDY_REVIEW_COUNTY_APPROVAL,
  SUBSIDY_REDECISION_APPROVAL,
];
const isReviewDefinition = (key: string) => REVIEW_DEFINITIONS.some((d) => d.key === key);

/** The remedies a refusal states (行政复议法 Art.20: 60 days; 行政诉讼法 Art.46: 6 months). */
export const REFUSAL_REMEDY =
  '如对本决定不服，可以自收到本决定之日起六十日内向本级人民政府申请行政复议，或者自知道或者应当知道作出行政行为之日起六个月内向人民法院提起行政诉讼。';

// ----- helpers ---------------------------------------------------------------------------------------

const today = (ctx: CoreContext) => todayPlainDate(ctx.config.timeZone, ctx.clock.now());
const at = (ctx: CoreContext) => ctx.clock.now().toISOString();
const HAN = /\p{Script=Han}/u;

function invalid(code: string, message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError('invalid', code, message, details);
}
function conflict(code: string, message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError('conflict', code, message, details);
}

export function appliedSubsidies(
  a: Pick<DisabilityApplicationRow, 'appliesLiving' | 'appliesCare'>,
): Subsidy[] {
  return SUBSIDIES.filter((s) => (s === 'living' ? a.appliesLiving : a.appliesCare) === 1);
}

async function ensureStep(db: Executor, a: DisabilityApplicationRow, keys: readonly string[]) {
  if (a.status !== 'reviewing' || !a.approvalId) {
    throw conflict(
      'DISABILITY_NOT_IN_REVIEW',
      `该申请当前状态为“${APPLICATION_STATUS_LABELS[a.status]}”，不在审核中`,
      {
        status: a.status,
      },
    );
  }
  const step = await openStepOf(db, a.approvalId);
  if (!step || !keys.includes(step.stepKey)) {
    throw conflict('DISABILITY_STEP_MISMATCH', '该申请当前不在此审核环节，请刷新后按当前环节办理', {
      step: step?.stepKey ?? null,
    });
  }
  return step;
}

// ----- facts and eligibility ------------------------------------------------------------------------------

export interface DeclaredFacts {
  orphanSupport: boolean;
  childWelfareInstitution: boolean;
  workInjuryCareAllowance: boolean;
  lowIncome: boolean;
  elderlyParents: boolean;
  multipleDisabled: boolean;
  otherBenefit: { kind: OtherBenefitKind; subsidy: Subsidy; amountFen: number } | null;
  evidenceAttachmentIds: string[];
  note: string | null;
  declaredBy: string | null;
  declaredAt: string | null;
}

function declaredOf(row: ReviewFactsRow | undefined): DeclaredFacts {
  return {
    orphanSupport: row?.orphanSupport === 1,
    childWelfareInstitution: row?.childWelfareInstitution === 1,
    workInjuryCareAllowance: row?.workInjuryCareAllowance === 1,
    lowIncome: row?.lowIncome === 1,
    elderlyParents: row?.elderlyParents === 1,
    multipleDisabled: row?.multipleDisabled === 1,
    otherBenefit:
      row?.otherBenefitKind && row.otherBenefitSubsidy && row.otherBenefitFen !== null
        ? { kind: row.otherBenefitKind, subsidy: row.otherBenefitSubsidy, amountFen: row.otherBenefitFen }
        : null,
    evidenceAttachmentIds: row ? (JSON.parse(row.evidenceAttachmentIds) as string[]) : [],
    note: row?.note ?? null,
    declaredBy: row?.declaredBy ?? null,
    declaredAt: row?.declaredAt ?? null,
  };
}

export interface RegistryFacts {
  /** The day the facts are taken on: the day the application was submitted (R-DIS-05). */
  on: string;
  person: {
    name: string;
    residentIdMasked: string | null;
    hukouDivisionCode: string;
    status: 'alive' | 'deceased';
    deathDate: string | null;
    source: string;
  };
  certificate: {
    id: string;
    numberMasked: string;
    category: number;
    categoryLabel: string;
    grade: number;
    gradeLabel: string;
    status: string;
    statusLabel: string;
    validUntil: string | null;
    source: string;
  } | null;
  /** 低保/特困 in force on `on`, each with its roll as source. */
  assistanceOn: { program: string; label: string; fromDate: string; toDate: string | null; source: string }[];
  /** The person's whole history on the rolls (newest first). */
  assistanceHistory: { program: string; fromDate: string; toDate: string | null; divisionCode: string }[];
  declared: DeclaredFacts;
}

export interface SubsidyAssessment extends SubsidyEligibility {
  subsidy: Subsidy;
  label: string;
  applied: boolean;
  /** The monthly standard found for the comparison of "choose the higher" (fen), when looked up. */
  standardFen: number | null;
}

const PROVINCE_PREFIX = '43';

async function certificateOf(
  db: Executor,
  a: DisabilityApplicationRow,
): Promise<DisabilityCertificateRow | undefined> {
  if (a.certificateId) {
    const c = await findCertificate(db, a.certificateId);
    if (c) return c;
  }
  return (await certificatesOfPerson(db, a.personId))[0];
}

function maskCertificateNumber(n: string): string {
  return `${maskResidentId(n.slice(0, 18))}${n.slice(18)}`;
}

/** The registry facts of an application as of its submitted day (no audit: callers audit their read). */
export async function registryFactsOf(db: Executor, a: DisabilityApplicationRow): Promise<RegistryFacts> {
  const person = await personBasics(db, a.personId);
  if (!person) throw new DomainError('not_found', 'NOT_FOUND', '申请人不在人口信息库中');
  const [cert, statusOn, history, declared] = await Promise.all([
    certificateOf(db, a),
    assistanceStatusOn(db, a.personId, a.submittedOn),
    assistanceHistoryOf(db, a.personId),
    findReviewFacts(db, a.id),
  ]);
  return {
    on: a.submittedOn,
    person: {
      name: person.name,
      residentIdMasked: person.residentId ? maskResidentId(person.residentId) : null,
      hukouDivisionCode: person.hukouDivisionCode,
      status: person.status,
      deathDate: person.deathDate,
      source: `人口信息库（${person.updatedAt.slice(0, 10)} 更新）`,
    },
    certificate: cert
      ? {
          id: cert.id,
          numberMasked: maskCertificateNumber(cert.number),
          category: cert.category,
          categoryLabel:
            DISABILITY_CATEGORY_LABELS[cert.category as DisabilityCategory] ?? String(cert.category),
          grade: cert.grade,
          gradeLabel: DISABILITY_GRADE_LABELS[cert.grade as DisabilityGrade] ?? String(cert.grade),
          status: cert.status,
          statusLabel: CERTIFICATE_STATUS_LABELS[cert.status],
          validUntil: cert.validUntil,
          source: `残疾人证登记库（${cert.source === 'import' ? '残联导入' : '手工登记'}，${cert.updatedAt.slice(0, 10)} 更新）`,
        }
      : null,
    assistanceOn: statusOn
      .filter((s) => s.program === 'dibao' || s.program === 'tekun')
      .map((s) => ({
        program: s.program,
        label: s.label,
        fromDate: s.fromDate,
        toDate: s.toDate,
        source: s.source,
      })),
    assistanceHistory: history
      .filter((h) => h.program === 'dibao' || h.program === 'tekun')
      .map((h) => ({
        program: h.program,
        fromDate: h.fromDate,
        toDate: h.toDate,
        divisionCode: h.divisionCode,
      })),
    declared: declaredOf(declared),
  };
}

/**
 * R-DIS-01 with R-DIS-03 for each subsidy, from the registry facts and the declared ones. "Choose the
 * higher" (R-DIS-03): another welfare subsidy of the same kind at least as high as our standard → ours is
 * not granted; lower → ours is granted (the other stops); no standard found → not granted until the
 * standard is configured (never guessed).
 */
export async function assessEligibility(
  db: Executor,
  cfg: DisabilityConfig,
  a: DisabilityApplicationRow,
  f: RegistryFacts,
): Promise<Record<Subsidy, SubsidyAssessment>> {
  const d = f.declared;
  const dibao = f.assistanceOn.some((s) => s.program === 'dibao');
  const tekun = f.assistanceOn.some((s) => s.program === 'tekun');
  const facts: EligibilityFacts = {
    hukouDivisionCode: f.person.hukouDivisionCode,
    provincePrefix: PROVINCE_PREFIX,
    alive: f.person.status === 'alive',
    certificate: f.certificate
      ? { category: f.certificate.category, grade: f.certificate.grade, status: f.certificate.status }
      : null,
    dibao,
    tekun,
    lowIncome: d.lowIncome,
    elderlyParents: d.elderlyParents,
    multipleDisabled: d.multipleDisabled,
    orphanSupport: d.orphanSupport,
    childWelfareInstitution: d.childWelfareInstitution,
    workInjuryCareAllowance: d.workInjuryCareAllowance,
  };
  const e = eligibilityOf(cfg, a.divisionCode, a.submittedOn, facts);
  const applied = appliedSubsidies(a);
  const out = {} as Record<Subsidy, SubsidyAssessment>;
  for (const subsidy of SUBSIDIES) {
    const base = e[subsidy];
    let reasons: EligibilityReason[] = [...base.reasons];
    let eligible = base.eligible;
    let standardFen: number | null = null;
    if (d.otherBenefit && d.otherBenefit.subsidy === subsidy && eligible) {
      const found = await standardFor(db, cfg, {
        divisionCode: a.divisionCode,
        month: payFromMonthOf(a.submittedOn),
        subsidy,
        category: f.certificate?.category ?? null,
        grade: f.certificate?.grade ?? null,
        hardship: tekun ? 'tekun' : dibao ? 'dibao' : null,
      });
      const other = `${OTHER_BENEFIT_KIND_LABELS[d.otherBenefit.kind]}每月${(d.otherBenefit.amountFen / 100).toFixed(2)}元`;
      if (!found) {
        eligible = false;
        reasons = [
          {
            code: 'STANDARD_MISSING',
            text: `同时享受${other}，但未找到本地${SUBSIDY_LABELS[subsidy]}标准，无法择高，请先设置补贴标准`,
            rule: 'R-DIS-03 / R-DIS-08',
          },
        ];
      } else {
        standardFen = found.amountFen;
        if (d.otherBenefit.amountFen >= found.amountFen) {
          eligible = false;
          reasons = [
            {
              code: 'OTHER_BENEFIT_HIGHER',
              text: `同时享受${other}，不低于本补贴标准每月${(found.amountFen / 100).toFixed(2)}元，择高享受原补贴`,
              rule: 'R-DIS-03（择高享受）',
            },
          ];
        } else {
          reasons.push({
            code: 'OTHER_BENEFIT_LOWER',
            text: `本补贴标准每月${(found.amountFen / 100).toFixed(2)}元高于${other}，择高享受本补贴，原补贴应停发`,
            rule: 'R-DIS-03（择高享受）',
          });
        }
      }
    }
    out[subsidy] = {
      subsidy,
      label: SUBSIDY_LABELS[subsidy],
      applied: applied.includes(subsidy),
      eligible,
      reasons,
      standardFen,
    };
  }
  return out;
}

// ----- the review tab -------------------------------------------------------------------------------------

export interface ReviewView {
  applicationId: string;
  applicationNo: string;
  status: DisabilityApplicationRow['status'];
  statusLabel: string;
  divisionCode: string;
  submittedOn: string;
  payFromMonth: string;
  decideDueOn: string | null;
  livingOutcome: SubsidyOutcome | null;
  careOutcome: SubsidyOutcome | null;
  decisionReason: string | null;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  decidedOn: string | null;
  facts: RegistryFacts;
  eligibility: SubsidyAssessment[];
  approval: ApprovalView | null;
  /** Key of the open review step, if any. */
  currentStepKey: string | null;
  objections: {
    id: string;
    receivedOn: string;
    objector: string | null;
    reason: string;
    outcome: string | null;
    recordedBy: string;
  }[];
  /** What the actor can do now (the page shows the matching form). */
  actions: {
    submit: boolean;
    townshipCheck: boolean;
    federationReview: boolean;
    decide: boolean;
    objection: boolean;
    endNotice: boolean;
  };
  /** A one-line Chinese description of what happens next. */
  nextStep: string;
  remedy: string | null;
}

/** The 审核 tab of an application: facts with their sources, eligibility, the chain and what to do next. */
export async function reviewView(ctx: CoreContext, actor: Actor, applicationId: string): Promise<ReviewView> {
  authorize(actor, 'disability:read');
  const db = ctx.db.kysely;
  const a = await visibleApplication(db, actor, applicationId);
  const cfg = disabilityConfig(ctx);
  const facts = await registryFactsOf(db, a);
  const eligibility = await assessEligibility(db, cfg, a, facts);
  const approval = a.approvalId ? await getApproval(ctx, actor, a.approvalId).catch(() => null) : null;
  const stepKey = approval?.status === 'pending' ? (approval.currentStep?.key ?? null) : null;
  const objections = await objectionsOf(db, a.id);
  await ctx.readAudit.record(actor, {
    action: 'disability.review.read',
    targetType: 'disability_application',
    targetId: a.id,
    subjectPersonId: a.personId,
    divisionCode: a.divisionCode,
    details: { applicationNo: a.applicationNo },
  });
  const hukouSide = inScope(actor, a.divisionCode);
  const has = (p: 'disability:write' | 'disability:federation' | 'disability:approve') =>
    actor.permissions.has(p);
  const t = today(ctx);
  const actions = {
    submit: a.status === 'forwarded' && has('disability:write') && hukouSide,
    townshipCheck:
      stepKey === TOWNSHIP_CHECK &&
      has('disability:write') &&
      actor.divisionCode === approval?.currentStep?.actingDivisionCode,
    federationReview:
      stepKey === FEDERATION_REVIEW &&
      has('disability:federation') &&
      actor.divisionCode === approval?.currentStep?.actingDivisionCode,
    decide:
      stepKey === CIVIL_AFFAIRS_DECISION &&
      has('disability:approve') &&
      actor.divisionCode === approval?.currentStep?.actingDivisionCode,
    objection: a.status === 'notice' && has('disability:write') && hukouSide,
    endNotice:
      a.status === 'notice' &&
      has('disability:write') &&
      hukouSide &&
      a.noticeEndsOn !== null &&
      t > a.noticeEndsOn,
  };
  const nextStep =
    a.status === 'received'
      ? '等待受理窗口确认材料齐全并转户籍地'
      : a.status === 'forwarded'
        ? '户籍地乡镇（街道）或县级经办人提交审核'
        : a.status === 'reviewing'
          ? `${approval?.currentStep?.title ?? '等待办理'}${approval?.currentStep ? `，${approval.currentStep.dueOn} 前办结` : ''}`
          : a.status === 'notice'
            ? `${a.noticeStartsOn} 至 ${a.noticeEndsOn}，公示期满无异议后认定发放`
            : a.status === 'approved'
              ? `自 ${a.payFromMonth ?? ''} 起发放；受理窗口应在 ${a.notifyDueOn ?? ''} 前告知申请人`
              : a.status === 'rejected'
                ? `受理窗口应在 ${a.notifyDueOn ?? ''} 前告知申请人并说明理由和救济途径`
                : '申请已撤回';
  return {
    applicationId: a.id,
    applicationNo: a.applicationNo,
    status: a.status,
    statusLabel: APPLICATION_STATUS_LABELS[a.status],
    divisionCode: a.divisionCode,
    submittedOn: a.submittedOn,
    payFromMonth: a.payFromMonth ?? payFromMonthOf(a.submittedOn),
    decideDueOn: a.decideDueOn,
    livingOutcome: a.livingOutcome,
    careOutcome: a.careOutcome,
    decisionReason: a.decisionReason,
    noticeStartsOn: a.noticeStartsOn,
    noticeEndsOn: a.noticeEndsOn,
    decidedOn: a.decidedOn,
    facts,
    eligibility: SUBSIDIES.map((s) => eligibility[s]),
    approval,
    currentStepKey: stepKey,
    objections: objections.map((o) => ({
      id: o.id,
      receivedOn: o.receivedOn,
      objector: o.objector,
      reason: o.reason,
      outcome: o.outcome,
      recordedBy: o.recordedBy,
    })),
    actions,
    nextStep,
    remedy: a.livingOutcome === 'refused' || a.careOutcome === 'refused' ? REFUSAL_REMEDY : null,
  };
}

// ----- submit -----------------------------------------------------------------------------------------------

/** The hukou side submits a forwarded application to the review chain (status `reviewing`). */
export async function submitForReview(
  ctx: CoreContext,
  actor: Actor,
  applicationId: string,
  input: { note?: string | null },
): Promise<ReviewView> {
  authorize(actor, 'disability:write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const a = await lockedVisibleApplication(trx, actor, applicationId);
    ensureHukouSide(actor, a);
    if (a.status !== 'forwarded') {
      throw conflict(
        'DISABILITY_NOT_FORWARDED',
        `只有已转户籍地的申请可以提交审核（当前：${APPLICATION_STATUS_LABELS[a.status]}）`,
        { status: a.status },
      );
    }
    const person = await personBasics(trx, a.personId);
    const definition = a.divisionCode.length === 9 ? SUBSIDY_REVIEW_APPROVAL : SUBSIDY_REVIEW_COUNTY_APPROVAL;
    const instance = await submitApprovalInTransaction(ctx, trx, actor, {
      definition,
      ownerType: REVIEW_OWNER,
      ownerId: a.id,
      divisionCode: a.divisionCode,
      title: `${person?.name ?? ''} 两项补贴审核（${a.applicationNo}）`,
      ...(input.note?.trim() ? { note: input.note.trim() } : {}),
    });
    await updateApplicationReview(trx, a.id, {
      status: 'reviewing',
      approvalId: instance.id,
      payFromMonth: payFromMonthOf(a.submittedOn),
      updatedAt: at(ctx),
    });
    await audit(ctx, trx, actor, {
      action: 'disability.review.submit',
      targetType: 'disability_application',
      targetId: a.id,
      divisionCode: a.divisionCode,
      details: { applicationNo: a.applicationNo, approvalId: instance.id, definition: definition.key },
    });
  });
  return reviewView(ctx, actor, applicationId);
}

// ----- township check -----------------------------------------------------------------------------------------

export interface TownshipCheckInput {
  decision: 'approve' | 'return';
  reason?: string | null;
  stepId?: string;
  orphanSupport?: boolean;
  childWelfareInstitution?: boolean;
  workInjuryCareAllowance?: boolean;
  lowIncome?: boolean;
  elderlyParents?: boolean;
  multipleDisabled?: boolean;
  otherBenefit?: { kind: OtherBenefitKind; subsidy: Subsidy; amountFen: number } | null;
  evidenceAttachmentIds?: string[];
  note?: string | null;
}

/**
 * 乡镇初审: declares the facts no registry holds (each with evidence among the application's attachments)
 * and passes the application on, or returns it for correction (a reason in Chinese).
 */
export async function townshipCheck(
  ctx: CoreContext,
  actor: Actor,
  applicationId: string,
  input: TownshipCheckInput,
): Promise<ReviewView> {
  authorize(actor, 'disability:write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const a = await lockedVisibleApplication(trx, actor, applicationId);
    ensureHukouSide(actor, a);
    await ensureStep(trx, a, [TOWNSHIP_CHECK]);
    const declaresSomething =
      !!input.orphanSupport ||
      !!input.childWelfareInstitution ||
      !!input.workInjuryCareAllowance ||
      !!input.lowIncome ||
      !!input.elderlyParents ||
      !!input.multipleDisabled ||
      !!input.otherBenefit;
    const evidence = [...new Set(input.evidenceAttachmentIds ?? [])];
    if (input.otherBenefit) {
      if (!Number.isInteger(input.otherBenefit.amountFen) || input.otherBenefit.amountFen <= 0) {
        throw invalid('DISABILITY_OTHER_BENEFIT_AMOUNT', '请填写其他福利补贴的每月金额（大于 0）', {
          field: 'otherBenefit.amountFen',
        });
      }
    }
    if (declaresSomething && input.decision === 'approve') {
      if (evidence.length === 0) {
        throw invalid(
          'DISABILITY_EVIDENCE_REQUIRED',
          '申报的情况须有证明材料：请先在“材料”中上传证明，再在此选择',
          { field: 'evidenceAttachmentIds' },
        );
      }
      const found = await attachmentsOfApplication(trx, a.id, evidence);
      if (found.length !== evidence.length) {
        throw invalid('DISABILITY_EVIDENCE_UNKNOWN', '所选证明材料不是本申请的有效附件', {
          field: 'evidenceAttachmentIds',
        });
      }
    }
    const now = at(ctx);
    await saveReviewFacts(trx, {
      applicationId: a.id,
      orphanSupport: input.orphanSupport ? 1 : 0,
      childWelfareInstitution: input.childWelfareInstitution ? 1 : 0,
      workInjuryCareAllowance: input.workInjuryCareAllowance ? 1 : 0,
      lowIncome: input.lowIncome ? 1 : 0,
      elderlyParents: input.elderlyParents ? 1 : 0,
      multipleDisabled: input.multipleDisabled ? 1 : 0,
      otherBenefitKind: input.otherBenefit?.kind ?? null,
      otherBenefitSubsidy: input.otherBenefit?.subsidy ?? null,
      otherBenefitFen: input.otherBenefit?.amountFen ?? null,
      evidenceAttachmentIds: JSON.stringify(evidence),
      note: input.note?.trim() || null,
      declaredBy: actor.username,
      declaredAt: now,
    });
    await decideApprovalInTransaction(ctx, trx, actor, a.approvalId!, {
      decision: input.decision,
      reason: input.reason ?? null,
      attachmentIds: evidence,
      ...(input.stepId ? { stepId: input.stepId } : {}),
    });
    await updateApplicationReview(trx, a.id, { updatedAt: now });
    await audit(ctx, trx, actor, {
      action: 'disability.review.township-check',
      targetType: 'disability_application',
      targetId: a.id,
      divisionCode: a.divisionCode,
      details: {
        decision: input.decision,
        declared: {
          orphanSupport: !!input.orphanSupport,
          childWelfareInstitution: !!input.childWelfareInstitution,
          workInjuryCareAllowance: !!input.workInjuryCareAllowance,
          lowIncome: !!input.lowIncome,
          elderlyParents: !!input.elderlyParents,
          multipleDisabled: !!input.multipleDisabled,
          otherBenefit: input.otherBenefit ?? null,
        },
        evidence,
      },
    });
  });
  return reviewView(ctx, actor, applicationId);
}

// ----- federation -----------------------------------------------------------------------------------------------

export interface FederationReviewInput {
  decision: 'approve' | 'return';
  /** The certificate in the register is the holder's and valid; category and grade confirmed. */
  certificateConfirmed?: boolean;
  categoryGradeConfirmed?: boolean;
  reason?: string | null;
  stepId?: string;
}

/**
 * 县残联审核: confirms the certificate, its category and grade against the register. Passing it on without
 * confirming both (e.g. the register shows no valid certificate) needs a finding in Chinese, which civil
 * affairs reads before deciding.
 */
export async function federationReview(
  ctx: CoreContext,
  actor: Actor,
  applicationId: string,
  input: FederationReviewInput,
): Promise<ReviewView> {
  authorize(actor, 'disability:federation');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const a = await lockedVisibleApplication(trx, actor, applicationId);
    ensureHukouSide(actor, a);
    await ensureStep(trx, a, [FEDERATION_REVIEW]);
    const confirmed = !!input.certificateConfirmed && !!input.categoryGradeConfirmed;
    const cert = await certificateOf(trx, a);
    if (input.decision === 'approve' && confirmed && (!cert || cert.status !== 'valid')) {
      throw invalid(
        'DISABILITY_CERTIFICATE_NOT_VALID',
        '残疾人证登记库中没有该申请人的有效残疾人证，不能确认：请填写审核意见说明情况',
        { field: 'certificateConfirmed' },
      );
    }
    if (input.decision === 'approve' && !confirmed && !(input.reason && HAN.test(input.reason))) {
      throw invalid('DISABILITY_FINDING_REQUIRED', '未确认残疾人证或类别等级的，请用中文填写审核意见', {
        field: 'reason',
      });
    }
    const reason =
      input.decision === 'approve'
        ? [
            confirmed ? `残疾人证有效，类别、等级经核实（${cert?.category}类${cert?.grade}级）` : null,
            input.reason?.trim() || null,
          ]
            .filter(Boolean)
            .join('；')
        : (input.reason ?? null);
    await decideApprovalInTransaction(ctx, trx, actor, a.approvalId!, {
      decision: input.decision,
      reason,
      ...(input.stepId ? { stepId: input.stepId } : {}),
    });
    await updateApplicationReview(trx, a.id, { updatedAt: at(ctx) });
    await audit(ctx, trx, actor, {
      action: 'disability.review.federation',
      targetType: 'disability_application',
      targetId: a.id,
      divisionCode: a.divisionCode,
      details: { decision: input.decision, confirmed, certificateId: cert?.id ?? null },
    });
  });
  return reviewView(ctx, actor, applicationId);
}

// ----- decision ---------------------------------------------------------------------------------------------------

export interface DecisionInput {
  living?: SubsidyOutcome | null;
  care?: SubsidyOutcome | null;
  /** Required (Chinese) when a subsidy is refused: the reasons stated in the decision. */
  reason?: string | null;
  stepId?: string;
}

/**
 * 县民政审核决定: per subsidy applied for, granted or refused. Granting what the facts do not support →
 * 422 `DISABILITY_NOT_ELIGIBLE` with the reasons; a refusal states its reasons (and the letter the
 * remedies). Any grant → approval completes and the public notice starts; all refused → rejected.
 */
export async function decideApplication(
  ctx: CoreContext,
  actor: Actor,
  applicationId: string,
  input: DecisionInput,
): Promise<ReviewView> {
  authorize(actor, 'disability:approve');
  const cfg = disabilityConfig(ctx);
  let grantNow = false;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const a = await lockedVisibleApplication(trx, actor, applicationId);
    ensureHukouSide(actor, a);
    await ensureStep(trx, a, [CIVIL_AFFAIRS_DECISION]);
    const applied = appliedSubsidies(a);
    const outcomes: Partial<Record<Subsidy, SubsidyOutcome>> = {};
    for (const s of SUBSIDIES) {
      const o = input[s] ?? null;
      if (applied.includes(s) && !o) {
        throw invalid('DISABILITY_OUTCOME_REQUIRED', `请对${SUBSIDY_LABELS[s]}作出批准或不予批准的决定`, {
          field: s,
        });
      }
      if (!applied.includes(s) && o) {
        throw invalid('DISABILITY_OUTCOME_NOT_APPLIED', `申请人未申请${SUBSIDY_LABELS[s]}`, { field: s });
      }
      if (o) outcomes[s] = o;
    }
    const facts = await registryFactsOf(trx, a);
    const assessed = await assessEligibility(trx, cfg, a, facts);
    for (const s of applied) {
      if (outcomes[s] === 'granted' && !assessed[s].eligible) {
        throw invalid(
          'DISABILITY_NOT_ELIGIBLE',
          `不符合${SUBSIDY_LABELS[s]}条件，不能批准：${assessed[s].reasons.map((r) => r.text).join('；')}`,
          { field: s, subsidy: s, reasons: assessed[s].reasons },
        );
      }
    }
    const refused = applied.filter((s) => outcomes[s] === 'refused');
    const granted = applied.filter((s) => outcomes[s] === 'granted');
    const reason = input.reason?.trim() || null;
    if (refused.length > 0 && !(reason && HAN.test(reason))) {
      throw invalid('DISABILITY_REASON_REQUIRED', '不予批准的，请用中文写明理由', { field: 'reason' });
    }
    const day = today(ctx);
    const now = at(ctx);
    const previous = { living: a.livingOutcome, care: a.careOutcome };
    const approvalId = a.approvalId!;
    await decideApprovalInTransaction(ctx, trx, actor, approvalId, {
      decision: granted.length > 0 ? 'approve' : 'reject',
      reason:
        reason ??
        (granted.length > 0 ? `批准${granted.map((s) => SUBSIDY_LABELS[s]).join('、')}，进入公示` : null),
      ...(input.stepId ? { stepId: input.stepId } : {}),
    });
    if (granted.length > 0) {
      const ends = noticeEnds(cfg, day);
      await updateApplicationReview(trx, a.id, {
        status: 'notice',
        livingOutcome: outcomes.living ?? null,
        careOutcome: outcomes.care ?? null,
        decisionReason: reason,
        noticeStartsOn: day,
        noticeEndsOn: ends.dueOn,
        payFromMonth: payFromMonthOf(a.submittedOn),
        dueProvisional: ends.provisional ? 1 : a.dueProvisional,
        updatedAt: now,
      });
      grantNow = cfg.noticeWorkingDays === 0;
    } else {
      const notify = notifyDue(cfg, day);
      await updateApplicationReview(trx, a.id, {
        status: 'rejected',
        livingOutcome: outcomes.living ?? null,
        careOutcome: outcomes.care ?? null,
        decisionReason: reason,
        decidedOn: day,
        notifyDueOn: notify.dueOn,
        dueProvisional: notify.provisional ? 1 : a.dueProvisional,
        updatedAt: now,
      });
    }
    const redecision = previous.living !== null || previous.care !== null;
    if (redecision) {
      const same = previous.living === (outcomes.living ?? null) && previous.care === (outcomes.care ?? null);
      await setObjectionOutcome(trx, approvalId, same ? 'dismissed' : 'upheld');
    }
    await audit(ctx, trx, actor, {
      action: 'disability.review.decide',
      targetType: 'disability_application',
      targetId: a.id,
      divisionCode: a.divisionCode,
      details: { outcomes, reason, redecision, approvalId },
    });
  });
  if (grantNow) {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const a = await lockedVisibleApplication(trx, actor, applicationId);
      if (a.status === 'notice') await grantAfterNotice(ctx, trx, actor, a, 'decision');
    });
  }
  return reviewView(ctx, actor, applicationId);
}

// ----- objection --------------------------------------------------------------------------------------------------

/**
 * An objection received during the public notice (with its reason): the notice stops and the application
 * returns to county civil affairs, which re-decides on a one-step approval.
 */
export async function recordObjection(
  ctx: CoreContext,
  actor: Actor,
  applicationId: string,
  input: { receivedOn: string; objector?: string | null; reason: string },
): Promise<ReviewView> {
  authorize(actor, 'disability:write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const a = await lockedVisibleApplication(trx, actor, applicationId);
    ensureHukouSide(actor, a);
    if (a.status !== 'notice') {
      throw conflict('DISABILITY_NOT_IN_NOTICE', '该申请不在公示期，不能登记公示异议', { status: a.status });
    }
    const day = today(ctx);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(input.receivedOn) ||
      input.receivedOn > day ||
      input.receivedOn < (a.noticeStartsOn ?? '') ||
      input.receivedOn > (a.noticeEndsOn ?? '')
    ) {
      throw invalid(
        'DISABILITY_OBJECTION_OUTSIDE_NOTICE',
        `异议收到日期须在公示期内（${a.noticeStartsOn} 至 ${a.noticeEndsOn}）且不晚于今天`,
        { field: 'receivedOn' },
      );
    }
    const reason = input.reason?.trim() ?? '';
    if (!HAN.test(reason)) {
      throw invalid('DISABILITY_REASON_REQUIRED', '请用中文写明异议的内容和理由', { field: 'reason' });
    }
    const person = await personBasics(trx, a.personId);
    const instance = await submitApprovalInTransaction(ctx, trx, actor, {
      definition: SUBSIDY_REDECISION_APPROVAL,
      ownerType: REVIEW_OWNER,
      ownerId: a.id,
      divisionCode: a.divisionCode,
      title: `${person?.name ?? ''} 两项补贴公示异议复核（${a.applicationNo}）`,
      note: reason,
    });
    await insertObjection(trx, {
      id: newId(),
      applicationId: a.id,
      receivedOn: input.receivedOn,
      objector: input.objector?.trim() || null,
      reason,
      approvalId: instance.id,
      outcome: null,
      recordedBy: actor.username,
      recordedAt: at(ctx),
    });
    await updateApplicationReview(trx, a.id, {
      status: 'reviewing',
      approvalId: instance.id,
      updatedAt: at(ctx),
    });
    await audit(ctx, trx, actor, {
      action: 'disability.review.objection',
      targetType: 'disability_application',
      targetId: a.id,
      divisionCode: a.divisionCode,
      details: { receivedOn: input.receivedOn, approvalId: instance.id },
    });
  });
  return reviewView(ctx, actor, applicationId);
}

// ----- end of notice: grants ----------------------------------------------------------------------------------------

/**
 * The notice ended without (remaining) objection: each granted subsidy becomes an entitlement from the
 * month of application (R-DIS-05; R-DIS-02 both may be granted); the application is approved and
 * `decidedOn` set (the window's notify deadline counts from it).
 */
async function grantAfterNotice(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  a: DisabilityApplicationRow,
  via: 'button' | 'job' | 'decision',
): Promise<string[]> {
  const cfg = disabilityConfig(ctx);
  const day = today(ctx);
  const now = at(ctx);
  const fromMonth = a.payFromMonth ?? payFromMonthOf(a.submittedOn);
  const ids: string[] = [];
  for (const s of SUBSIDIES) {
    const outcome = s === 'living' ? a.livingOutcome : a.careOutcome;
    if (outcome !== 'granted') continue;
    const e = await grantEntitlement(
      trx,
      actor,
      {
        personId: a.personId,
        subsidy: s,
        divisionCode: a.divisionCode,
        countyCode: a.countyCode,
        applicationId: a.id,
        certificateId: a.certificateId,
        fromMonth,
        source: 'application',
        sourceId: a.id,
        note: `申请 ${a.applicationNo} 公示期满认定`,
      },
      now,
    );
    ids.push(e.id);
  }
  const notify = notifyDue(cfg, day);
  await updateApplicationReview(trx, a.id, {
    status: 'approved',
    decidedOn: day,
    notifyDueOn: notify.dueOn,
    payFromMonth: fromMonth,
    dueProvisional: notify.provisional ? 1 : a.dueProvisional,
    updatedAt: now,
  });
  await audit(ctx, trx, actor, {
    action: 'disability.review.grant',
    targetType: 'disability_application',
    targetId: a.id,
    divisionCode: a.divisionCode,
    details: { applicationNo: a.applicationNo, entitlementIds: ids, fromMonth, via },
  });
  return ids;
}

/** The clerk's button: the notice has ended (today after its last day) → grant. */
export async function endNotice(ctx: CoreContext, actor: Actor, applicationId: string): Promise<ReviewView> {
  authorize(actor, 'disability:write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const a = await lockedVisibleApplication(trx, actor, applicationId);
    ensureHukouSide(actor, a);
    if (a.status !== 'notice') {
      throw conflict('DISABILITY_NOT_IN_NOTICE', '该申请不在公示期', { status: a.status });
    }
    if (!a.noticeEndsOn || today(ctx) <= a.noticeEndsOn) {
      throw conflict('DISABILITY_NOTICE_NOT_ENDED', `公示期至 ${a.noticeEndsOn} 止，期满后方可认定发放`, {
        noticeEndsOn: a.noticeEndsOn,
      });
    }
    await grantAfterNotice(ctx, trx, actor, a, 'button');
  });
  return reviewView(ctx, actor, applicationId);
}

/** Daily job `disability.notice-ends`: grants every application whose notice ended before today. */
export async function runNoticeEnds(ctx: CoreContext): Promise<{ granted: number; failed: number }> {
  let granted = 0;
  let failed = 0;
  const due = await noticesEndedBefore(ctx.db.kysely, today(ctx), 5_000);
  for (const { id } of due) {
    try {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const a = await findApplication(trx, id);
        if (!a || a.status !== 'notice') return;
        await grantAfterNotice(ctx, trx, systemActor('disability.notice-ends', a.countyCode), a, 'job');
        granted++;
      });
    } catch {
      // e.g. the person already receives the subsidy (409): left in notice for a clerk to look at.
      failed++;
    }
  }
  return { granted, failed };
}

// ----- decisions taken in the generic approvals inbox -----------------------------------------------------------------

/**
 * Subscriber of `approval.completed` / `approval.rejected` for the review definitions, for a decision taken
 * in the approvals inbox (/approvals) instead of the review tab: a completion grants every subsidy applied
 * for that the facts support and refuses the others with their reasons; a rejection refuses all. A decision
 * taken in the review tab has already moved the application on (the event then changes nothing).
 */
export async function onReviewDecided(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'approval.completed'> | StoredEvent<'approval.rejected'>,
): Promise<void> {
  const p = event.payload;
  if (!isReviewDefinition(p.definitionKey)) return;
  const a = await applicationByApproval(trx, p.instanceId);
  if (!a || a.status !== 'reviewing') return;
  const cfg = disabilityConfig(ctx);
  const actor = systemActor('disability.review-decided', a.countyCode);
  const day = today(ctx);
  const now = at(ctx);
  const applied = appliedSubsidies(a);
  let outcomes: Partial<Record<Subsidy, SubsidyOutcome>> = {};
  let reason: string | null;
  if (event.type === 'approval.completed') {
    const assessed = await assessEligibility(trx, cfg, a, await registryFactsOf(trx, a));
    for (const s of applied) outcomes[s] = assessed[s].eligible ? 'granted' : 'refused';
    const refusedReasons = applied
      .filter((s) => outcomes[s] === 'refused')
      .map((s) => `${SUBSIDY_LABELS[s]}：${assessed[s].reasons.map((r) => r.text).join('；')}`);
    reason = refusedReasons.length ? refusedReasons.join('。') : null;
  } else {
    outcomes = Object.fromEntries(applied.map((s) => [s, 'refused' as const]));
    reason = 'reason' in p ? (p as { reason: string }).reason : null;
  }
  const anyGranted = applied.some((s) => outcomes[s] === 'granted');
  if (anyGranted) {
    const ends = noticeEnds(cfg, day);
    await updateApplicationReview(trx, a.id, {
      status: 'notice',
      livingOutcome: outcomes.living ?? null,
      careOutcome: outcomes.care ?? null,
      decisionReason: reason,
      noticeStartsOn: day,
      noticeEndsOn: ends.dueOn,
      payFromMonth: payFromMonthOf(a.submittedOn),
      updatedAt: now,
    });
  } else {
    await updateApplicationReview(trx, a.id, {
      status: 'rejected',
      livingOutcome: outcomes.living ?? null,
      careOutcome: outcomes.care ?? null,
      decisionReason: reason,
      decidedOn: day,
      notifyDueOn: notifyDue(cfg, day).dueOn,
      updatedAt: now,
    });
  }
  await audit(ctx, trx, actor, {
    action: 'disability.review.decided-in-inbox',
    targetType: 'disability_application',
    targetId: a.id,
    divisionCode: a.divisionCode,
    details: { event: event.type, outcomes, approvalId: p.instanceId, eventId: event.id },
  });
}

// ----- review queue ---------------------------------------------------------------------------------------------------

export interface ReviewQueueItem {
  id: string;
  applicationNo: string;
  personId: string;
  personName: string;
  subsidies: Subsidy[];
  divisionCode: string;
  submittedOn: string;
  decideDueOn: string | null;
  status: DisabilityApplicationRow['status'];
  statusLabel: string;
  noticeEndsOn: string | null;
  stepKey: string | null;
  stepDueOn: string | null;
}

/** 审核队列: forwarded, reviewing and in-notice applications in scope, the earliest deadline first. */
export async function reviewQueue(
  ctx: CoreContext,
  actor: Actor,
  q: { status?: 'forwarded' | 'reviewing' | 'notice'; q?: string; page?: number; pageSize?: number },
): Promise<{ items: ReviewQueueItem[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  const prefix = scopePrefix(actor.divisionCode);
  const { total, rows } = await searchReviewQueue(
    ctx.db.kysely,
    {
      scopePrefix: prefix,
      statuses: q.status ? [q.status] : ['forwarded', 'reviewing', 'notice'],
      ...(q.q?.trim() ? { q: q.q.trim() } : {}),
    },
    { offset: (page - 1) * pageSize, limit: pageSize },
  );
  const items: ReviewQueueItem[] = [];
  for (const r of rows) {
    const step =
      r.approvalId && r.status === 'reviewing' ? await openStepOf(ctx.db.kysely, r.approvalId) : undefined;
    items.push({
      id: r.id,
      applicationNo: r.applicationNo,
      personId: r.personId,
      personName: r.personName,
      subsidies: appliedSubsidies(r),
      divisionCode: r.divisionCode,
      submittedOn: r.submittedOn,
      decideDueOn: r.decideDueOn,
      status: r.status,
      statusLabel: APPLICATION_STATUS_LABELS[r.status],
      noticeEndsOn: r.noticeEndsOn,
      stepKey: step?.stepKey ?? null,
      stepDueOn: step?.dueOn ?? null,
    });
  }
  await ctx.readAudit.record(actor, {
    action: 'disability.review.queue',
    targetType: 'disability_application',
    targetId: 'all',
    divisionCode: actor.divisionCode,
    details: { total, page, status: q.status ?? null },
  });
  return { items, total, page, pageSize };
}

/** To-do of the hukou clerk: notices ended, entitlements to confirm (the daily job does it otherwise). */
export async function noticesEndedTodo(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const rows = await endedNoticesInScope(ctx.db.kysely, scopePrefix(actor.divisionCode), today(ctx));
  if (rows.length === 0) return [];
  return [
    {
      line: 'disability',
      kind: 'disability.notices-ended',
      title: '两项补贴公示期满待认定发放',
      count: rows.length,
      ...(rows[0]?.noticeEndsOn ? { dueOn: rows[0].noticeEndsOn } : {}),
      link: '/disability/review?status=notice',
    },
  ];
}
