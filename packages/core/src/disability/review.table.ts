/**
 * Tables of the review concern (migration 0045-disability-review): the facts the registries do not hold,
 * declared at the township check with evidence (R-DIS-01 extensions, R-DIS-03 overlaps); objections during
 * the public notice; and disputes of a stop (R-DIS-07: re-checked within 10 working days).
 */
import type { Subsidy } from './disability.table';

/** Another welfare living or care subsidy the person is also eligible for (R-DIS-03: choose the higher). */
export type OtherBenefitKind = 'elderly' | 'work_disability' | 'retirement';
export const OTHER_BENEFIT_KIND_LABELS: Record<OtherBenefitKind, string> = {
  elderly: '老年人福利类补贴',
  work_disability: '因公致残类补贴',
  retirement: '离休干部护理类补贴',
};

/** Declared at the township check (one row per application, replaced when the check is redone). */
export interface DisabilityReviewFactsTable {
  applicationId: string;
  orphanSupport: number;
  childWelfareInstitution: number;
  workInjuryCareAllowance: number;
  lowIncome: number;
  elderlyParents: number;
  multipleDisabled: number;
  otherBenefitKind: OtherBenefitKind | null;
  otherBenefitSubsidy: Subsidy | null;
  otherBenefitFen: number | null;
  /** JSON array of attachment ids (the evidence of what is declared). */
  evidenceAttachmentIds: string;
  note: string | null;
  declaredBy: string;
  declaredAt: string;
}

export type ObjectionOutcome = 'upheld' | 'dismissed';

/** An objection to an approval during its public notice: the application returns to civil affairs. */
export interface DisabilityNoticeObjectionsTable {
  id: string;
  applicationId: string;
  receivedOn: string;
  /** Who objected (optional: objections may be anonymous). */
  objector: string | null;
  reason: string;
  /** The re-decision approval instance. */
  approvalId: string | null;
  /** Set when civil affairs re-decided: upheld (the decision changed) or dismissed (it stands). */
  outcome: ObjectionOutcome | null;
  recordedBy: string;
  recordedAt: string;
}

export type DisputeStatus = 'open' | 'upheld' | 'reversed';
export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  open: '复核中',
  upheld: '维持停发',
  reversed: '撤销停发（恢复发放）',
};

/** A recipient contests a stop (R-DIS-07, 茂名: county civil affairs re-checks within 10 working days). */
export interface DisabilityStopDisputesTable {
  id: string;
  entitlementId: string;
  personId: string;
  /** The entitlement's division (scope). */
  divisionCode: string;
  lodgedOn: string;
  reason: string;
  dueOn: string;
  dueProvisional: number;
  status: DisputeStatus;
  decidedOn: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  recordedBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DisabilityReviewTables {
  disabilityReviewFacts: DisabilityReviewFactsTable;
  disabilityNoticeObjections: DisabilityNoticeObjectionsTable;
  disabilityStopDisputes: DisabilityStopDisputesTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends DisabilityReviewTables {}
}
