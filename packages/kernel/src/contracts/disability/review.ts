/**
 * Contracts of the disability line's review concern (issue 18 item 4; R-DIS-01/02/03/05/07): the review
 * tab of an application (registry facts with their sources, eligibility per subsidy, the approval chain
 * and what the signed-in user may do), the step actions (township check with declared facts and evidence,
 * federation review, civil-affairs decision per subsidy, objections, end of notice), the recipients ledger
 * (补贴对象) with stops by hand and disputes.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { pageOf } from '../common';
import { sortParam } from '../sort';

const subsidy = z.enum(['living', 'care']);
const outcome = z.enum(['granted', 'refused']);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM' });
const reasonText = z.string().trim().max(1000);
const appStatus = z.enum([
  'received',
  'forwarded',
  'reviewing',
  'notice',
  'approved',
  'rejected',
  'withdrawn',
]);

export const OTHER_BENEFIT_KINDS = ['elderly', 'work_disability', 'retirement'] as const;

export const reviewSubmitBody = z.object({ note: z.string().trim().max(500).nullish() });

export const townshipCheckBody = z.object({
  decision: z.enum(['approve', 'return']),
  reason: reasonText.nullish(),
  stepId: z.string().max(64).optional(),
  orphanSupport: z.boolean().optional(),
  childWelfareInstitution: z.boolean().optional(),
  workInjuryCareAllowance: z.boolean().optional(),
  lowIncome: z.boolean().optional(),
  elderlyParents: z.boolean().optional(),
  multipleDisabled: z.boolean().optional(),
  otherBenefit: z
    .object({
      kind: z.enum(OTHER_BENEFIT_KINDS),
      subsidy,
      amountFen: z.number().int().min(1).max(10_000_000),
    })
    .nullish(),
  evidenceAttachmentIds: z.array(z.string().max(64)).max(20).optional(),
  note: z.string().trim().max(500).nullish(),
});

export const federationReviewBody = z.object({
  decision: z.enum(['approve', 'return']),
  certificateConfirmed: z.boolean().optional(),
  categoryGradeConfirmed: z.boolean().optional(),
  reason: reasonText.nullish(),
  stepId: z.string().max(64).optional(),
});

export const decisionBody = z.object({
  living: outcome.nullish(),
  care: outcome.nullish(),
  reason: reasonText.nullish(),
  stepId: z.string().max(64).optional(),
});

export const objectionBody = z.object({
  receivedOn: plainDateSchema,
  objector: z.string().trim().max(60).nullish(),
  reason: reasonText.min(1, { message: '请填写异议内容' }),
});

const eligibilityReason = z.object({ code: z.string(), text: z.string(), rule: z.string() });

const approvalStep = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  level: z.string(),
  actingDivisionCode: z.string(),
  actingDivisionName: z.string(),
  status: z.string(),
  openedOn: z.string(),
  dueOn: z.string(),
  dueProvisional: z.boolean(),
  overdue: z.boolean(),
  separationOfDuties: z.boolean(),
  decidedByUsername: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const reviewView = z.object({
  applicationId: z.string(),
  applicationNo: z.string(),
  status: appStatus,
  statusLabel: z.string(),
  divisionCode: z.string(),
  submittedOn: z.string(),
  payFromMonth: z.string(),
  decideDueOn: z.string().nullable(),
  livingOutcome: outcome.nullable(),
  careOutcome: outcome.nullable(),
  decisionReason: z.string().nullable(),
  noticeStartsOn: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  decidedOn: z.string().nullable(),
  facts: z.object({
    on: z.string(),
    person: z.object({
      name: z.string(),
      residentIdMasked: z.string().nullable(),
      hukouDivisionCode: z.string(),
      status: z.enum(['alive', 'deceased']),
      deathDate: z.string().nullable(),
      source: z.string(),
    }),
    certificate: z
      .object({
        id: z.string(),
        numberMasked: z.string(),
        category: z.number(),
        categoryLabel: z.string(),
        grade: z.number(),
        gradeLabel: z.string(),
        status: z.string(),
        statusLabel: z.string(),
        validUntil: z.string().nullable(),
        source: z.string(),
      })
      .nullable(),
    assistanceOn: z.array(
      z.object({
        program: z.string(),
        label: z.string(),
        fromDate: z.string(),
        toDate: z.string().nullable(),
        source: z.string(),
      }),
    ),
    assistanceHistory: z.array(
      z.object({
        program: z.string(),
        fromDate: z.string(),
        toDate: z.string().nullable(),
        divisionCode: z.string(),
      }),
    ),
    declared: z.object({
      orphanSupport: z.boolean(),
      childWelfareInstitution: z.boolean(),
      workInjuryCareAllowance: z.boolean(),
      lowIncome: z.boolean(),
      elderlyParents: z.boolean(),
      multipleDisabled: z.boolean(),
      otherBenefit: z
        .object({ kind: z.enum(OTHER_BENEFIT_KINDS), subsidy, amountFen: z.number() })
        .nullable(),
      evidenceAttachmentIds: z.array(z.string()),
      note: z.string().nullable(),
      declaredBy: z.string().nullable(),
      declaredAt: z.string().nullable(),
    }),
  }),
  eligibility: z.array(
    z.object({
      subsidy,
      label: z.string(),
      applied: z.boolean(),
      eligible: z.boolean(),
      reasons: z.array(eligibilityReason),
      standardFen: z.number().nullable(),
    }),
  ),
  approval: z
    .object({
      id: z.string(),
      definitionKey: z.string(),
      title: z.string(),
      status: z.string(),
      submittedByUsername: z.string(),
      submittedAt: z.string(),
      plan: z.array(z.object({ key: z.string(), title: z.string(), level: z.string() })),
      currentStep: approvalStep.nullable(),
      steps: z.array(approvalStep),
      decisions: z.array(
        z.object({
          action: z.string(),
          stepId: z.string().nullable(),
          actorUsername: z.string(),
          reason: z.string().nullable(),
          attachmentIds: z.array(z.string()),
          at: z.string(),
        }),
      ),
    })
    .nullable(),
  currentStepKey: z.string().nullable(),
  objections: z.array(
    z.object({
      id: z.string(),
      receivedOn: z.string(),
      objector: z.string().nullable(),
      reason: z.string(),
      outcome: z.string().nullable(),
      recordedBy: z.string(),
    }),
  ),
  actions: z.object({
    submit: z.boolean(),
    townshipCheck: z.boolean(),
    federationReview: z.boolean(),
    decide: z.boolean(),
    objection: z.boolean(),
    endNotice: z.boolean(),
  }),
  nextStep: z.string(),
  remedy: z.string().nullable(),
});
export type ReviewViewContract = z.infer<typeof reviewView>;

export const reviewQueueQuery = z.object({
  status: z.enum(['forwarded', 'reviewing', 'notice']).optional(),
  q: z.string().trim().max(60).optional(),
});
export const reviewQueueItem = z.object({
  id: z.string(),
  applicationNo: z.string(),
  personId: z.string(),
  personName: z.string(),
  subsidies: z.array(subsidy),
  divisionCode: z.string(),
  submittedOn: z.string(),
  decideDueOn: z.string().nullable(),
  status: appStatus,
  statusLabel: z.string(),
  noticeEndsOn: z.string().nullable(),
  stepKey: z.string().nullable(),
  stepDueOn: z.string().nullable(),
});
export const reviewQueuePage = pageOf(reviewQueueItem);

// ----- recipients ---------------------------------------------------------------------------------------

export const STOP_REASON_VALUES = [
  'death',
  'declared_dead',
  'missing',
  'moved_out',
  'false_materials',
  'review_failed',
  'voluntary',
  'certificate_expired',
  'certificate_frozen',
  'certificate_cancelled',
  'dibao_ended',
  'imprisonment',
  'overlap',
  'other',
] as const;
export const MANUAL_STOP_REASON_VALUES = [
  'imprisonment',
  'voluntary',
  'moved_out',
  'false_materials',
  'missing',
  'declared_dead',
  'death',
  'review_failed',
  'overlap',
  'other',
] as const;

export const RECIPIENT_SORT_LABELS = {
  fromMonth: '起始月份',
  name: '姓名（拼音）',
  divisionCode: '区划',
  toMonth: '停发月份',
} as const;

export const recipientsQuery = z.object({
  subsidy: subsidy.optional(),
  status: z.enum(['active', 'suspended', 'stopped']).optional(),
  divisionCode: z
    .string()
    .trim()
    .regex(/^\d{6}(\d{3})?$/, { message: '区划代码应为 6 位（县）或 9 位（乡镇）' })
    .optional(),
  fromMonth: month.optional(),
  stopReason: z.enum(STOP_REASON_VALUES).optional(),
  q: z.string().trim().max(60).optional(),
  personId: z.string().max(64).optional(),
  sort: sortParam(['fromMonth', 'name', 'divisionCode', 'toMonth'], RECIPIENT_SORT_LABELS),
});

export const recipientView = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  residentIdMasked: z.string().nullable(),
  personDeceased: z.boolean(),
  subsidy,
  subsidyLabel: z.string(),
  divisionCode: z.string(),
  applicationId: z.string().nullable(),
  applicationNo: z.string().nullable(),
  certificateNumberMasked: z.string().nullable(),
  category: z.number().nullable(),
  grade: z.number().nullable(),
  fromMonth: z.string(),
  toMonth: z.string().nullable(),
  status: z.enum(['active', 'suspended', 'stopped']),
  statusLabel: z.string(),
  stopReason: z.enum(STOP_REASON_VALUES).nullable(),
  stopReasonLabel: z.string().nullable(),
  stopEventDate: z.string().nullable(),
});
export type RecipientViewContract = z.infer<typeof recipientView>;

export const disputeView = z.object({
  id: z.string(),
  entitlementId: z.string(),
  lodgedOn: z.string(),
  reason: z.string(),
  dueOn: z.string(),
  dueProvisional: z.boolean(),
  overdue: z.boolean(),
  status: z.enum(['open', 'upheld', 'reversed']),
  statusLabel: z.string(),
  decidedOn: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
});

export const recipientDetailView = recipientView.extend({
  events: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      kindLabel: z.string(),
      effectiveMonth: z.string(),
      reasonCode: z.string().nullable(),
      reasonLabel: z.string().nullable(),
      note: z.string().nullable(),
      source: z.string(),
      actorId: z.string(),
      at: z.string(),
    }),
  ),
  disputes: z.array(disputeView),
  manualStopReasons: z.array(z.object({ value: z.string(), label: z.string() })),
});
export type RecipientDetailContract = z.infer<typeof recipientDetailView>;

export const stopBody = z.object({
  reason: z.enum(MANUAL_STOP_REASON_VALUES, { error: () => '请选择停发原因' }),
  eventDate: plainDateSchema,
  note: z.string().trim().max(500).nullish(),
});

export const disputeBody = z.object({
  lodgedOn: plainDateSchema,
  reason: reasonText.min(1, { message: '请填写异议理由' }),
});

export const disputeDecisionBody = z.object({
  outcome: z.enum(['upheld', 'reversed']),
  reason: reasonText.min(1, { message: '请填写复核意见' }),
});
