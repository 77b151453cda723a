export {
  APPROVAL_LEVEL_LABELS,
  approvalsOfOwner,
  decideApproval,
  decideApprovalInTransaction,
  defineApproval,
  divisionAtLevel,
  divisionLevelOf,
  escalateOverdueApprovals,
  escalationDivisionOf,
  getApproval,
  myApprovalTasks,
  overdueApprovals,
  resubmitApproval,
  submitApproval,
  submitApprovalInTransaction,
  withdrawApproval,
  withdrawApprovalInTransaction,
} from './approvals.service';
export type {
  ApprovalDecisionInput,
  ApprovalDecisionView,
  ApprovalDefinition,
  ApprovalStepDefinition,
  ApprovalStepView,
  ApprovalTaskView,
  ApprovalView,
  SubmitApprovalInput,
} from './approvals.service';
export { approvalInbox, approvalTodos, myDecidedApprovals } from './inbox.service';
export type {
  ApprovalDoneItem,
  ApprovalInboxItem,
  ApprovalInboxQuery,
  ApprovalKindCount,
} from './inbox.service';
export { approvalDueDate } from './deadline';
export type { DueDate, StepDeadline } from './deadline';
export type {
  ApprovalAction,
  ApprovalInstanceRow,
  ApprovalLevel,
  ApprovalStatus,
  ApprovalStepStatus,
  ApprovalTables,
} from './approvals.table';
