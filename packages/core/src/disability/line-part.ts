/**
 * The disability line is built by concern (ADR 0022): certificates and standards, applications, review,
 * roster, payments, verification (comparison and clean-up), outreach (policy finds people, statistics,
 * the day board), rehabilitation and devices. Each concern contributes a part and `line.ts` merges the
 * parts into the one manifest the platform sees (ADR 0010). A concern edits only its own `<concern>.part.ts`.
 */
import type { Migration } from 'kysely';
import type { AttachmentOwnerType } from '../attachments/index';
import type { AuditTargetSource } from '../audit/index';
import type { CoreContext } from '../context';
import type { ApprovalOwnerSource, LineJob, LineSubscriber, PersonPanelSource, TodoSource } from '../line';

export interface DisabilityPart {
  migrations?: Readonly<Record<string, Migration>>;
  subscribers?: readonly LineSubscriber[];
  jobs?: readonly LineJob[];
  todos?: readonly TodoSource[];
  personPanels?: readonly PersonPanelSource[];
  attachmentOwners?: readonly AttachmentOwnerType[];
  auditActions?: Readonly<Record<string, string>>;
  auditTargets?: Readonly<Record<string, AuditTargetSource>>;
  approvalOwners?: Readonly<Record<string, ApprovalOwnerSource>>;
  /** Seeds this concern's demo data; parts run in the order of `line.ts` (certificates first). Idempotent. */
  seedDemo?(ctx: CoreContext): Promise<void>;
}
