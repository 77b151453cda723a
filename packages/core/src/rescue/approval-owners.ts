/**
 * The rescue records submitted for approval (`approvalOwners` of the manifest): a stay extension
 * (R-RES-05) and a settlement file (落户安置) both open on their case's page, where the case's stay and
 * departure sections show them. Used by the approvals inbox (待我审批) to link each task.
 */
import type { ApprovalOwnerSource } from '../line';
import { casesOfExtensions, casesOfSettlements } from './approval-owners.repository';
import { STAY_EXTENSION_OWNER } from './stay.service';
import { SETTLEMENT_OWNER } from './settlement.service';

const casePage = (caseId: string) => `/rescue/cases/${encodeURIComponent(caseId)}`;

export const rescueApprovalOwners: Readonly<Record<string, ApprovalOwnerSource>> = {
  [STAY_EXTENSION_OWNER]: {
    label: '延长救助期限申请',
    async links(ctx, ids) {
      return new Map((await casesOfExtensions(ctx.db.kysely, ids)).map((r) => [r.id, casePage(r.caseId)]));
    },
  },
  [SETTLEMENT_OWNER]: {
    label: '落户安置档案',
    async links(ctx, ids) {
      return new Map((await casesOfSettlements(ctx.db.kysely, ids)).map((r) => [r.id, casePage(r.caseId)]));
    },
  },
  rescue_case: {
    label: '救助案件',
    links: (_ctx, ids) => Promise.resolve(new Map(ids.map((id) => [id, casePage(id)]))),
  },
};
