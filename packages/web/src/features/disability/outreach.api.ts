/** API calls of the disability line's outreach concern: day board, policy finds people, statistics. */
import type {
  DisabilityBoardDto,
  DisabilityStatisticsDto,
  OutreachCandidateRowDto,
  OutreachCoverageDto,
  OutreachOutcomeBodyDto,
  OutreachRefreshResultDto,
  OutreachReminderViewDto,
} from '@social-affairs/kernel/contracts/disability';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  DisabilityBoardDto,
  DisabilityStatisticsDto,
  OutreachCandidateRowDto,
  OutreachCoverageDto,
  OutreachReminderViewDto,
};

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const outreachApi = {
  board: (signal?: AbortSignal) => api.get<DisabilityBoardDto>('/api/disability/board', undefined, signal),
  candidates: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<OutreachCandidateRowDto>>('/api/disability/outreach/candidates', query, signal),
  reminders: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<OutreachReminderViewDto>>('/api/disability/outreach/reminders', query, signal),
  outcome: (id: string, body: OutreachOutcomeBodyDto) =>
    api.post<OutreachReminderViewDto>(
      `/api/disability/outreach/reminders/${encodeURIComponent(id)}/outcome`,
      body,
    ),
  refresh: (division?: string) =>
    api.post<OutreachRefreshResultDto>('/api/disability/outreach/refresh', division ? { division } : {}),
  coverage: (query: QueryParams, signal?: AbortSignal) =>
    api.get<OutreachCoverageDto>('/api/disability/outreach/coverage', query, signal),
  statistics: (query: QueryParams, signal?: AbortSignal) =>
    api.get<DisabilityStatisticsDto>('/api/disability/statistics', query, signal),
};

export const outreachUrls = {
  candidatesExport: (query: QueryParams) => apiUrl('/api/disability/outreach/candidates/export', query),
  remindersExport: (query: QueryParams) => apiUrl('/api/disability/outreach/reminders/export', query),
  statisticsExport: (query: QueryParams) => apiUrl('/api/disability/statistics/export', query),
};
