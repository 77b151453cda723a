/** API calls of the rescue line's departure concern (离站、自行离站声明书、落户安置、离站与安置台账). */
import type {
  ApplySettlementBody,
  DepartureLedgerRow,
  DepartureOptionsView,
  DepartureView,
  RecordDepartureBody,
  SettlementView,
} from '@social-affairs/kernel/contracts/rescue';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  ApplySettlementBody,
  DepartureLedgerRow,
  DepartureOptionsView,
  DepartureView,
  RecordDepartureBody,
  SettlementView,
};

const caseUrl = (caseId: string) => `/api/rescue/cases/${encodeURIComponent(caseId)}`;

export const departureApi = {
  options: (caseId: string, signal?: AbortSignal) =>
    api.get<DepartureOptionsView>(`${caseUrl(caseId)}/departure`, {}, signal),
  record: (caseId: string, body: RecordDepartureBody) =>
    api.post<{ departure: DepartureView; deathRecorded: boolean | null; deathRecordNote: string | null }>(
      `${caseUrl(caseId)}/departure`,
      body,
    ),
  applySettlement: (caseId: string, body: ApplySettlementBody) =>
    api.post<SettlementView>(`${caseUrl(caseId)}/settlement`, body),
  ledger: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: DepartureLedgerRow[]; total: number }>('/api/rescue/departures', query, signal),
};

export const departureUrls = {
  declarationPdf: (caseId: string) => `${caseUrl(caseId)}/self-departure-declaration.pdf`,
  ledgerExport: (query: QueryParams) => apiUrl('/api/rescue/departures/export', query),
};

export const settlementStatusColors: Record<SettlementView['status'], string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};
