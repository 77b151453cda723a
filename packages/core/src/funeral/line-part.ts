/**
 * The funeral line is built by concern (ADR 0022): facilities, custody, certificates and transport, deaths
 * and unidentified bodies, prices and billing, cemeteries and remediation, Qingming and memorials,
 * statistics and exchange. Each concern contributes a part and `line.ts` merges the parts into the one
 * manifest the platform sees (ADR 0010). A concern edits only its own `<concern>.part.ts`.
 */
import type { Migration } from 'kysely';
import type { AttachmentOwnerType } from '../attachments/index';
import type { AuditTargetSource } from '../audit/index';
import type { CoreContext } from '../context';
import type { ApprovalOwnerSource, LineJob, LineSubscriber, PersonPanelSource, TodoSource } from '../line';

export interface FuneralPart {
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
  /** Seeds this concern's demo data; parts run in the order of `line.ts` (facilities first). Idempotent. */
  seedDemo?(ctx: CoreContext): Promise<void>;
}
