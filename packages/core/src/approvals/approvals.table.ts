/** Row types of the approval tables (migration 0006-approvals), camelCased by Kysely. */
import type { Selectable } from 'kysely';

export type ApprovalLevel = 'township' | 'county' | 'city' | 'province';
export type ApprovalStatus = 'pending' | 'returned' | 'approved' | 'rejected' | 'withdrawn';
export type ApprovalStepStatus = 'open' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
export type ApprovalAction =
  'submit' | 'approve' | 'reject' | 'return' | 'resubmit' | 'withdraw' | 'escalate';

export interface ApprovalInstancesTable {
  id: string;
  definitionKey: string;
  definition: string;
  title: string;
  ownerType: string;
  ownerId: string;
  divisionCode: string;
  institutionId: string | null;
  status: ApprovalStatus;
  currentStep: number | null;
  round: number;
  submittedBy: string | null;
  submittedByUsername: string;
  submittedAt: string;
  closedAt: string | null;
  updatedAt: string;
  version: number;
}

export interface ApprovalStepsTable {
  id: string;
  instanceId: string;
  stepIndex: number;
  round: number;
  stepKey: string;
  title: string;
  level: ApprovalLevel;
  actingDivisionCode: string;
  permission: string | null;
  roles: string | null;
  mustDifferFrom: string | null;
  attachmentsRequired: 'yes' | 'no';
  deadlineDays: number;
  deadlineUnit: 'working' | 'calendar';
  openedOn: string;
  dueOn: string;
  dueBasis: 'final' | 'provisional';
  status: ApprovalStepStatus;
  decidedBy: string | null;
  decidedByUsername: string | null;
  decidedAt: string | null;
  overdueOn: string | null;
  escalatedToDivisionCode: string | null;
  escalatedAt: string | null;
}

export interface ApprovalDecisionsTable {
  id: string;
  instanceId: string;
  stepId: string | null;
  action: ApprovalAction;
  actorId: string | null;
  actorUsername: string;
  reason: string | null;
  attachmentIds: string;
  at: string;
}

export interface ApprovalTables {
  approvalInstances: ApprovalInstancesTable;
  approvalSteps: ApprovalStepsTable;
  approvalDecisions: ApprovalDecisionsTable;
}

export type ApprovalInstanceRow = Selectable<ApprovalInstancesTable>;
export type ApprovalStepRow = Selectable<ApprovalStepsTable>;
export type ApprovalDecisionRow = Selectable<ApprovalDecisionsTable>;
