/** API calls of the rescue line's stay concern (照料服务、救助期限与延期、站外托养、走访、未成年人、资金). */
import type {
  RescueCasePlacementsView,
  RescueExtensionView,
  RescueFundItemView,
  RescueMinorView,
  RescuePlacementView,
  RescueScorecardRow,
  RescueServiceView,
  RescueStayView,
  RescueVisitView,
} from '@social-affairs/kernel/contracts/rescue';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  RescueCasePlacementsView,
  RescueExtensionView,
  RescueFundItemView,
  RescueMinorView,
  RescuePlacementView,
  RescueScorecardRow,
  RescueServiceView,
  RescueStayView,
  RescueVisitView,
};

const onCase = (id: string, tail: string) => `/api/rescue/cases/${encodeURIComponent(id)}/${tail}`;

export const stayApi = {
  services: (id: string, signal?: AbortSignal) =>
    api.get<RescueServiceView[]>(onCase(id, 'services'), {}, signal),
  addService: (id: string, body: unknown) => api.post<RescueServiceView>(onCase(id, 'services'), body),
  stay: (id: string, signal?: AbortSignal) => api.get<RescueStayView>(onCase(id, 'stay'), {}, signal),
  requestExtension: (id: string, body: unknown) =>
    api.post<RescueExtensionView>(onCase(id, 'stay-extensions'), body),
  placements: (id: string, signal?: AbortSignal) =>
    api.get<RescueCasePlacementsView>(onCase(id, 'placements'), {}, signal),
  place: (id: string, body: unknown) => api.post<RescuePlacementView>(onCase(id, 'placements'), body),
  endPlacement: (id: string, body: unknown) =>
    api.post<RescuePlacementView>(onCase(id, 'placements/end'), body),
  visits: (id: string, signal?: AbortSignal) => api.get<RescueVisitView[]>(onCase(id, 'visits'), {}, signal),
  addVisit: (id: string, body: unknown) => api.post<RescueVisitView>(onCase(id, 'visits'), body),
  minor: (id: string, signal?: AbortSignal) => api.get<RescueMinorView>(onCase(id, 'minor'), {}, signal),
  addEducation: (id: string, body: unknown) => api.post<unknown>(onCase(id, 'minor/education'), body),
  addGuardianship: (id: string, body: unknown) => api.post<unknown>(onCase(id, 'minor/guardianship'), body),
  funds: (id: string, signal?: AbortSignal) => api.get<RescueFundItemView[]>(onCase(id, 'funds'), {}, signal),
  addFund: (body: unknown) => api.post<RescueFundItemView>('/api/rescue/funds', body),
  ledger: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: RescuePlacementView[]; total: number; page: number; pageSize: number }>(
      '/api/rescue/placements',
      query,
      signal,
    ),
  scorecard: (signal?: AbortSignal) =>
    api.get<RescueScorecardRow[]>('/api/rescue/placements/scorecard', {}, signal),
};

export const stayUrls = {
  ledgerExport: (query: QueryParams) => apiUrl('/api/rescue/placements/export', query),
};

export const qualificationLabels: Record<string, { label: string; color: string }> = {
  qualified: { label: '合格', color: 'green' },
  under_rectification: { label: '整改中', color: 'orange' },
  unqualified: { label: '不合格', color: 'red' },
};
export const inspectionResultLabels: Record<string, string> = {
  qualified: '合格',
  rectify: '限期整改',
  unqualified: '不合格',
};

/** 分 → `123.45 元`. */
export { money as yuan } from './rescue-format';
