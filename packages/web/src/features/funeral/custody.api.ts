/** API calls of the funeral line's custody concern (接运与保管、遗体档案、今日工作). */
import type {
  CreatedFuneralCaseView,
  FuneralBoardView,
  FuneralCaseOptionsView,
  FuneralCaseRowView,
  FuneralCaseView,
  FuneralTransportRuleView,
} from '@social-affairs/kernel/contracts/funeral';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  CreatedFuneralCaseView,
  FuneralBoardView,
  FuneralCaseOptionsView,
  FuneralCaseRowView,
  FuneralCaseView,
  FuneralTransportRuleView,
};

const onCase = (id: string, tail = '') =>
  `/api/funeral/cases/${encodeURIComponent(id)}${tail ? `/${tail}` : ''}`;

/** The steps a scan moves a case to, and the URL segment of each. */
export const STEP_PATHS = {
  collected: 'collect',
  in_storage: 'store',
  farewell: 'farewell',
  cremated: 'cremate',
  ashes_released: 'release-ashes',
  ashes_stored: 'store-ashes',
  buried: 'bury',
} as const;
export type ScanStep = keyof typeof STEP_PATHS;

export const custodyApi = {
  create: (body: unknown) => api.post<CreatedFuneralCaseView>('/api/funeral/cases', body),
  get: (id: string, signal?: AbortSignal) => api.get<FuneralCaseView>(onCase(id), {}, signal),
  step: (id: string, step: ScanStep, body: unknown) =>
    api.post<{ step: string; urnCode: string | null }>(onCase(id, STEP_PATHS[step]), body),
  cancel: (id: string, body: unknown) => api.post<{ step: string }>(onCase(id, 'cancel'), body),
  bookFarewell: (id: string, body: unknown) => api.post<unknown>(onCase(id, 'farewell-booking'), body),
  disposition: (id: string, body: unknown) => api.post<unknown>(onCase(id, 'disposition'), body),
  recordDocument: (id: string, body: unknown) => api.post<{ id: string }>(onCase(id, 'documents'), body),
  revokeDocument: (id: string, documentId: string, body: unknown) =>
    api.post<unknown>(onCase(id, `documents/${encodeURIComponent(documentId)}/revoke`), body),
  scan: (code: string, signal?: AbortSignal) =>
    api.get<{ id: string }>(`/api/funeral/scan/${encodeURIComponent(code)}`, {}, signal),
  board: (signal?: AbortSignal) => api.get<FuneralBoardView>('/api/funeral/board', {}, signal),
  options: (signal?: AbortSignal) => api.get<FuneralCaseOptionsView>('/api/funeral/case-options', {}, signal),
  transportRule: (division: string, signal?: AbortSignal) =>
    api.get<FuneralTransportRuleView>('/api/funeral/transport-rule', { division }, signal),
  ledger: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: FuneralCaseRowView[]; total: number; page: number; pageSize: number }>(
      '/api/funeral/cases',
      query,
      signal,
    ),
};

export const custodyUrls = {
  label: (id: string) => onCase(id, 'label.pdf'),
  ledgerExport: (query: QueryParams) => apiUrl('/api/funeral/cases/export', query),
};

export const STEP_COLORS: Record<string, string> = {
  ordered: 'default',
  collected: 'blue',
  in_storage: 'cyan',
  farewell: 'purple',
  cremated: 'orange',
  ashes_released: 'green',
  ashes_stored: 'green',
  buried: 'green',
  transported_out: 'geekblue',
  cancelled: 'default',
};
