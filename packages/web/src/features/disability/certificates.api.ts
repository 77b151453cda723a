/** API calls of the disability line's certificates-and-standards concern (残疾人证, 补贴标准). */
import type {
  ChangeDisabilityCertificateStatusInput,
  CreateDisabilityStandardInput,
  DisabilityCertificateDetail,
  DisabilityCertificateImportReportBody,
  DisabilityCertificateImportRunView,
  DisabilityCertificateView,
  DisabilityPolicyView,
  DisabilityStandardLookupView,
  DisabilityStandardView,
  RecordDisabilityCertificateInput,
} from '@social-affairs/kernel/contracts/disability';
import { ApiError, api, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  DisabilityCertificateDetail,
  DisabilityCertificateImportReportBody,
  DisabilityCertificateImportRunView,
  DisabilityCertificateView,
  DisabilityPolicyView,
  DisabilityStandardLookupView,
  DisabilityStandardView,
};

const certUrl = (id: string) => `/api/disability/certificates/${encodeURIComponent(id)}`;

/** Uploads the federation's file as the raw request body (the server reads it through the import pipeline). */
async function uploadCertificates(file: File): Promise<DisabilityCertificateImportReportBody> {
  const res = await fetch(apiUrl('/api/disability/certificates/imports', { fileName: file.name }), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
    body: file,
  });
  const body = (await res.json().catch(() => undefined)) as
    | DisabilityCertificateImportReportBody
    | { error?: { code: string; message: string; details?: Record<string, unknown> } }
    | undefined;
  if (res.ok) return body as DisabilityCertificateImportReportBody;
  const e = (body as { error?: { code: string; message: string; details?: Record<string, unknown> } })?.error;
  throw new ApiError(
    res.status,
    e?.code ?? `HTTP_${res.status}`,
    e?.message ?? '导入失败，请稍后重试',
    e?.details ?? {},
  );
}

export const certificatesApi = {
  ledger: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: DisabilityCertificateView[]; total: number }>(
      '/api/disability/certificates',
      query,
      signal,
    ),
  detail: (id: string, signal?: AbortSignal) => api.get<DisabilityCertificateDetail>(certUrl(id), {}, signal),
  record: (body: RecordDisabilityCertificateInput) =>
    api.post<DisabilityCertificateView>('/api/disability/certificates', body),
  changeStatus: (id: string, body: ChangeDisabilityCertificateStatusInput) =>
    api.post<DisabilityCertificateView>(`${certUrl(id)}/status`, body),
  upload: uploadCertificates,
  imports: (signal?: AbortSignal) =>
    api.get<{ items: DisabilityCertificateImportRunView[] }>(
      '/api/disability/certificates/imports',
      {},
      signal,
    ),
  standards: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: DisabilityStandardView[] }>('/api/disability/standards', query, signal),
  createStandard: (body: CreateDisabilityStandardInput) =>
    api.post<DisabilityStandardView>('/api/disability/standards', body),
  withdrawStandard: (id: string, reason: string) =>
    api.post<DisabilityStandardView>(`/api/disability/standards/${encodeURIComponent(id)}/withdraw`, {
      reason,
    }),
  lookup: (query: QueryParams) =>
    api.get<DisabilityStandardLookupView>('/api/disability/standards/lookup', query),
  policy: (signal?: AbortSignal) =>
    api.get<DisabilityPolicyView>('/api/disability/standards/policy', {}, signal),
};

export const certificatesUrls = {
  ledgerExport: (query: QueryParams) => apiUrl('/api/disability/certificates/export', query),
  template: '/api/disability/certificates/import-template.xlsx',
  report: (runId: string) => `/api/disability/certificates/imports/${encodeURIComponent(runId)}/report.xlsx`,
};

export const certificateStatusColors: Record<DisabilityCertificateView['status'], string> = {
  valid: 'success',
  expired: 'warning',
  frozen: 'processing',
  cancelled: 'default',
};

/** 12000 → "120.00 元". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `${(fen / 100).toFixed(2)} 元`;
}
