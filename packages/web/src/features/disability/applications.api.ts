/** API calls of the disability line's applications concern (受理、网上申请、进度查询、时限). */
import type {
  ApplicationDetail,
  ApplicationView,
  PublicApplicationStatus,
} from '@social-affairs/kernel/contracts/disability';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type { ApplicationDetail, ApplicationView, PublicApplicationStatus };

export interface IntakeLookup {
  found: boolean;
  name: string | null;
  hukouDivisionCode: string | null;
  certificates: {
    numberMasked: string;
    number: string;
    categoryLabel: string;
    gradeLabel: string;
    statusLabel: string;
  }[];
  openApplications: { id: string; applicationNo: string; statusLabel: string }[];
}

export interface OnlineReceipt {
  applicationNo: string;
  submittedOn: string;
  townshipName: string;
  nextStep: string;
}

const one = (id: string) => `/api/disability/applications/${encodeURIComponent(id)}`;

export const applicationsApi = {
  ledger: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: ApplicationView[]; total: number }>('/api/disability/applications', query, signal),
  ledgerExport: (query: QueryParams) => apiUrl('/api/disability/applications/export', query),
  lookup: (residentId: string) =>
    api.get<IntakeLookup>('/api/disability/applications/applicant', { residentId }),
  take: (body: object) => api.post<ApplicationDetail>('/api/disability/applications', body),
  detail: (id: string, signal?: AbortSignal) => api.get<ApplicationDetail>(one(id), {}, signal),
  completeMaterials: (id: string, body: object) =>
    api.post<ApplicationDetail>(`${one(id)}/materials-complete`, body),
  forward: (id: string, body: object) => api.post<ApplicationDetail>(`${one(id)}/forward`, body),
  notify: (id: string, body: object) => api.post<ApplicationDetail>(`${one(id)}/notify`, body),
  withdraw: (id: string, body: object) => api.post<ApplicationDetail>(`${one(id)}/withdraw`, body),
  exchange: (id: string, body: object) => api.post<ApplicationDetail>(`${one(id)}/exchanges`, body),
};

export const publicApplicationsApi = {
  apply: (body: object) => api.post<OnlineReceipt>('/api/public/disability/applications', body),
  status: (body: { applicationNo: string; phone: string }) =>
    api.post<PublicApplicationStatus>('/api/public/disability/status', body),
};

export const applicationStatusColors: Record<string, string> = {
  received: 'processing',
  forwarded: 'blue',
  reviewing: 'geekblue',
  notice: 'purple',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};
