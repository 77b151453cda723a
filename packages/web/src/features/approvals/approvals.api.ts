/** The approval engine's HTTP routes (docs/approvals.md) as the inbox page uses them. */
import { api } from '../../app/api-client';

export type ApprovalLevel = 'township' | 'county' | 'city' | 'province';
export type ApprovalStatus = 'pending' | 'returned' | 'approved' | 'rejected' | 'withdrawn';
export type ApprovalDecision = 'approve' | 'reject' | 'return';

export interface ApprovalInboxItem {
  instanceId: string;
  stepId: string;
  definitionKey: string;
  definitionTitle: string;
  title: string;
  stepTitle: string;
  level: ApprovalLevel;
  ownerType: string;
  ownerId: string;
  ownerLabel: string;
  ownerLink: string | null;
  divisionCode: string;
  divisionName: string;
  submittedByUsername: string;
  submittedAt: string;
  openedOn: string;
  dueOn: string;
  dueProvisional: boolean;
  overdue: boolean;
  escalatedToDivisionCode: string | null;
}

export interface ApprovalDoneItem extends ApprovalInboxItem {
  decision: ApprovalDecision;
  decidedAt: string;
  instanceStatus: ApprovalStatus;
}

export interface ApprovalKind {
  definitionKey: string;
  title: string;
  count: number;
}

export interface ApprovalStep {
  id: string;
  stepIndex: number;
  round: number;
  key: string;
  title: string;
  level: ApprovalLevel;
  actingDivisionName: string;
  status: 'open' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
  openedOn: string;
  dueOn: string;
  dueProvisional: boolean;
  overdue: boolean;
  attachmentsRequired: boolean;
  separationOfDuties: boolean;
  decidedByUsername: string | null;
  decidedAt: string | null;
}

export interface ApprovalView {
  id: string;
  definitionKey: string;
  title: string;
  ownerType: string;
  ownerId: string;
  divisionName: string;
  status: ApprovalStatus;
  round: number;
  submittedByUsername: string;
  submittedAt: string;
  closedAt: string | null;
  plan: { key: string; title: string; level: ApprovalLevel }[];
  currentStep: ApprovalStep | null;
  steps: ApprovalStep[];
  decisions: {
    action: 'submit' | 'approve' | 'reject' | 'return' | 'resubmit' | 'withdraw' | 'escalate';
    stepId: string | null;
    actorUsername: string;
    reason: string | null;
    attachmentIds: string[];
    at: string;
  }[];
}

export interface InboxQuery {
  page: number;
  pageSize: number;
  definitionKey?: string;
  overdue?: boolean;
}

export function fetchInbox(q: InboxQuery, signal?: AbortSignal) {
  return api.get<{ items: ApprovalInboxItem[]; total: number; kinds: ApprovalKind[] }>(
    '/api/approvals/tasks',
    {
      page: q.page,
      pageSize: q.pageSize,
      definitionKey: q.definitionKey,
      overdue: q.overdue ? '1' : undefined,
    },
    signal,
  );
}

export function fetchDecided(q: Omit<InboxQuery, 'overdue'>, signal?: AbortSignal) {
  return api.get<{ items: ApprovalDoneItem[]; total: number }>(
    '/api/approvals/decided',
    { page: q.page, pageSize: q.pageSize, definitionKey: q.definitionKey },
    signal,
  );
}

export function fetchApproval(id: string, signal?: AbortSignal) {
  return api.get<ApprovalView>(`/api/approvals/${encodeURIComponent(id)}`, undefined, signal);
}

export function decideApproval(
  id: string,
  body: { decision: ApprovalDecision; reason?: string; stepId?: string },
) {
  return api.post<ApprovalView>(`/api/approvals/${encodeURIComponent(id)}/decision`, body);
}

export const decisionLabels: Record<ApprovalDecision, string> = {
  approve: '同意',
  reject: '不予批准',
  return: '退回补正',
};

export const statusLabels: Record<ApprovalStatus, string> = {
  pending: '审批中',
  returned: '已退回补正',
  approved: '已批准',
  rejected: '未批准',
  withdrawn: '已撤回',
};

export const actionLabels: Record<ApprovalView['decisions'][number]['action'], string> = {
  submit: '提交',
  approve: '同意',
  reject: '不予批准',
  return: '退回补正',
  resubmit: '重新提交',
  withdraw: '撤回',
  escalate: '逾期督办',
};
