/** API calls of the rescue line's family concern (寻亲工作台、团聚、团聚台账与统计). */
import type {
  CancelReunionBody,
  CaseFamilyView,
  FamilyWorklistRow,
  ReunionContactBody,
  ReunionHandoverBody,
  ReunionIdentityBody,
  ReunionStatisticsView,
  ReunionView,
  StartReunionBody,
} from '@social-affairs/kernel/contracts/rescue';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type { CaseFamilyView, FamilyWorklistRow, ReunionStatisticsView, ReunionView };

const reunionUrl = (id: string) => `/api/rescue/reunions/${encodeURIComponent(id)}`;

export const familyApi = {
  caseFamily: (caseId: string, signal?: AbortSignal) =>
    api.get<CaseFamilyView>(`/api/rescue/cases/${encodeURIComponent(caseId)}/family`, {}, signal),
  start: (caseId: string, body: StartReunionBody) =>
    api.post<ReunionView>(`/api/rescue/cases/${encodeURIComponent(caseId)}/reunions`, body),
  contact: (id: string, body: ReunionContactBody) => api.post<ReunionView>(`${reunionUrl(id)}/contact`, body),
  identity: (id: string, body: ReunionIdentityBody) =>
    api.post<ReunionView>(`${reunionUrl(id)}/identity-check`, body),
  handover: (id: string, body: ReunionHandoverBody) =>
    api.post<ReunionView>(`${reunionUrl(id)}/handover`, body),
  cancel: (id: string, body: CancelReunionBody) => api.post<ReunionView>(`${reunionUrl(id)}/cancel`, body),
  worklist: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: FamilyWorklistRow[]; total: number }>('/api/rescue/family-search', query, signal),
  reunions: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: ReunionView[]; total: number }>('/api/rescue/reunions', query, signal),
  statistics: (query: QueryParams, signal?: AbortSignal) =>
    api.get<ReunionStatisticsView>('/api/rescue/reunions/statistics', query, signal),
};

export const familyUrls = {
  worklistExport: (query: QueryParams) => apiUrl('/api/rescue/family-search/export', query),
  reunionsExport: (query: QueryParams) => apiUrl('/api/rescue/reunions/export', query),
  statisticsExport: (query: QueryParams) => apiUrl('/api/rescue/reunions/statistics/export', query),
};

export const reunionStatusColors: Record<ReunionView['status'], string> = {
  contacting: 'blue',
  identity_checked: 'gold',
  handed_over: 'green',
  cancelled: 'default',
};
