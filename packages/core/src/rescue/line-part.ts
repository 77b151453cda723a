/**
 * The rescue line is built by concern (stations, intake, stay, prescribed actions, departure, warnings);
 * each concern contributes a part — its migrations, subscribers, jobs, to-dos, person panels, attachment
 * owner types, audit names and demo seed — and `line.ts` merges the parts into the one manifest the
 * platform sees (ADR 0010). A concern edits only its own `<concern>.part.ts`.
 */
import type { Migration } from 'kysely';
import type { AttachmentOwnerType } from '../attachments/index';
import type { AuditTargetSource } from '../audit/index';
import type { CoreContext } from '../context';
import type { ApprovalOwnerSource, LineJob, LineSubscriber, PersonPanelSource, TodoSource } from '../line';

export interface RescuePart {
  migrations?: Readonly<Record<string, Migration>>;
  subscribers?: readonly LineSubscriber[];
  jobs?: readonly LineJob[];
  todos?: readonly TodoSource[];
  personPanels?: readonly PersonPanelSource[];
  attachmentOwners?: readonly AttachmentOwnerType[];
  auditActions?: Readonly<Record<string, string>>;
  auditTargets?: Readonly<Record<string, AuditTargetSource>>;
  /** Record types this concern submits for approval (the approvals inbox names and links them). */
  approvalOwners?: Readonly<Record<string, ApprovalOwnerSource>>;
  /** Seeds this concern's demo data; parts run in the order of `line.ts` (stations first). Idempotent. */
  seedDemo?(ctx: CoreContext): Promise<void>;
}
