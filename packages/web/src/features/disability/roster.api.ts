/** API calls of the disability line's roster concern (发放名册). */
import type {
  RosterBody,
  RosterDiffBody,
  RosterLineBody,
  RosterSummaryBody,
} from '@social-affairs/kernel/contracts/disability';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type { RosterBody, RosterDiffBody, RosterLineBody, RosterSummaryBody };

const rosterUrl = (id: string) => `/api/disability/rosters/${encodeURIComponent(id)}`;

export const rosterApi = {
  list: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: RosterSummaryBody[]; total: number }>('/api/disability/rosters', query, signal),
  get: (id: string, signal?: AbortSignal) => api.get<RosterBody>(rosterUrl(id), {}, signal),
  freeze: (body: { countyCode: string; month: string }) =>
    api.post<RosterBody & { seconds: number }>('/api/disability/rosters', body),
  unfreeze: (id: string, reason: string) => api.post<{ ok: true }>(`${rosterUrl(id)}/unfreeze`, { reason }),
  confirm: (id: string, note?: string) =>
    api.post<RosterBody>(`${rosterUrl(id)}/confirm`, { note: note ?? null }),
  sign: (id: string, note?: string) => api.post<RosterBody>(`${rosterUrl(id)}/sign`, { note: note ?? null }),
  diff: (id: string, query: QueryParams, signal?: AbortSignal) =>
    api.get<RosterDiffBody>(`${rosterUrl(id)}/diff`, query, signal),
  lines: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: RosterLineBody[]; total: number }>('/api/disability/roster-lines', query, signal),
};

export const rosterUrls = {
  linesExport: (query: QueryParams) => apiUrl('/api/disability/roster-lines/export', query),
  diffExport: (id: string, query: QueryParams) => apiUrl(`${rosterUrl(id)}/diff/export`, query),
};

export const rosterStatusColors: Record<RosterSummaryBody['status'], string> = {
  frozen: 'processing',
  signed: 'success',
  file_issued: 'cyan',
  closed: 'default',
};

export const rosterChangeColors: Record<RosterLineBody['change'], string> = {
  new: 'green',
  unchanged: 'default',
  stopped: 'red',
  rate_changed: 'blue',
  resumed: 'purple',
  arrears: 'orange',
};

export const yuan = (fen: number) =>
  `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
