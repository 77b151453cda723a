/**
 * Tables of the certificates-and-standards concern (migration 0043-disability-certificates): the history
 * of each certificate (recorded, status changes, corrections — from the federation's import, a manual
 * entry or the daily expiry job) and the withdrawal record of a subsidy standard (standards are never
 * edited in place: a withdrawal plus a new row).
 */
import type { CertificateStatus } from './disability.table';

export type CertificateEventKind = 'recorded' | 'status' | 'updated';
export type CertificateEventSource = 'import' | 'manual' | 'job';

export const CERTIFICATE_EVENT_KIND_LABELS: Record<CertificateEventKind, string> = {
  recorded: '登记',
  status: '状态变更',
  updated: '信息更正',
};
export const CERTIFICATE_EVENT_SOURCE_LABELS: Record<CertificateEventSource, string> = {
  import: '残联数据导入',
  manual: '县残联手工登记',
  job: '到期自动标记',
};

/** One change of a certificate (history kept; every change is also audited). */
export interface DisabilityCertificateEventsTable {
  id: string;
  certificateId: string;
  kind: CertificateEventKind;
  fromStatus: CertificateStatus | null;
  toStatus: CertificateStatus;
  /** Day the status took effect. */
  statusOn: string | null;
  /** Why (freeze/cancel reason, what was corrected). */
  reason: string | null;
  source: CertificateEventSource;
  importRunId: string | null;
  actorId: string;
  at: string;
}

/** The withdrawal of a standard (撤销): who, when, why, and the row that replaces it, if any. */
export interface DisabilityStandardWithdrawalsTable {
  standardId: string;
  reason: string;
  replacedBy: string | null;
  withdrawnBy: string;
  withdrawnAt: string;
}

export interface DisabilityCertificatesTables {
  disabilityCertificateEvents: DisabilityCertificateEventsTable;
  disabilityStandardWithdrawals: DisabilityStandardWithdrawalsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends DisabilityCertificatesTables {}
}
