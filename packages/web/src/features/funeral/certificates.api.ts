/** API calls of the funeral line's certificates concern (火化证明, 遗体外运). */
import type {
  CertificatesCaseView,
  CremationCertificateView,
  DepartTransportBody,
  RequestTransportInput,
  TransportRequestView,
} from '@social-affairs/kernel/contracts/funeral';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type { CertificatesCaseView, CremationCertificateView, TransportRequestView };

const caseUrl = (caseId: string) => `/api/funeral/cases/${encodeURIComponent(caseId)}`;
const certUrl = (id: string) => `/api/funeral/certificates/${encodeURIComponent(id)}`;

export type CertificateRowAction = 'collect' | 'register' | 'archive' | 'cancel' | 'reissue';

export const certificatesApi = {
  ofCase: (caseId: string, signal?: AbortSignal) =>
    api.get<CertificatesCaseView>(`${caseUrl(caseId)}/certificates`, {}, signal),
  issue: (caseId: string, body: { crematedOn?: string | null; note?: string | null }) =>
    api.post<CremationCertificateView>(`${caseUrl(caseId)}/certificates`, body),
  act: (id: string, action: CertificateRowAction, body: object) =>
    api.post<CremationCertificateView>(`${certUrl(id)}/${action}`, body),
  ledger: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: CremationCertificateView[]; total: number }>('/api/funeral/certificates', query, signal),
  requestTransport: (caseId: string, body: RequestTransportInput) =>
    api.post<TransportRequestView>(`${caseUrl(caseId)}/transport-requests`, body),
  depart: (id: string, body: DepartTransportBody) =>
    api.post<TransportRequestView>(`/api/funeral/transport-requests/${encodeURIComponent(id)}/depart`, body),
  transports: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: TransportRequestView[]; total: number }>(
      '/api/funeral/transport-requests',
      query,
      signal,
    ),
  /** Facilities in the user's scope (the facilities concern's ledger), for the filters. */
  facilities: (signal?: AbortSignal) =>
    api.get<{ items: { id: string; name: string }[] }>('/api/funeral/facilities', { pageSize: 200 }, signal),
};

export const certificatesUrls = {
  pdf: (id: string) => `${certUrl(id)}/pdf`,
  ledgerExport: (query: QueryParams) => apiUrl('/api/funeral/certificates/export', query),
  transportsExport: (query: QueryParams) => apiUrl('/api/funeral/transport-requests/export', query),
};

export const certificateStatusColors: Record<CremationCertificateView['status'], string> = {
  issued: 'processing',
  collected: 'cyan',
  registered: 'success',
  archived: 'default',
  cancelled: 'error',
};

export const transportStatusColors: Record<TransportRequestView['status'], string> = {
  pending: 'processing',
  approved: 'warning',
  rejected: 'error',
  withdrawn: 'default',
  departed: 'success',
};
