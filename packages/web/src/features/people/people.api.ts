import type {
  Page,
  PeopleQuery,
  PersonDetail,
  PersonSummary,
  RecordDeathRequest,
  RevealIdResponse,
} from '../../api/types';
import { api, apiUrl } from '../../app/api-client';

export function fetchPeople(query: PeopleQuery, signal?: AbortSignal) {
  return api.get<Page<PersonSummary>>('/api/people', { ...query }, signal);
}

/** The export takes the list's filters (not its paging) and masks ids the same way the list does. */
export function peopleExportUrl({ page: _page, pageSize: _pageSize, ...filters }: PeopleQuery): string {
  return apiUrl('/api/people/export', { ...filters });
}

export function fetchPerson(id: string, signal?: AbortSignal) {
  return api.get<PersonDetail>(`/api/people/${encodeURIComponent(id)}`, undefined, signal);
}

export function revealResidentId(id: string, reason: string) {
  return api.post<RevealIdResponse>(`/api/people/${encodeURIComponent(id)}/reveal-id`, { reason });
}

export function recordDeath(id: string, request: RecordDeathRequest) {
  return api.post<PersonDetail>(`/api/people/${encodeURIComponent(id)}/death`, request);
}
