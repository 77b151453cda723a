/** API calls of the rescue line's source-governance concern (源头治理). */
import type {
  AtRiskDto,
  GovernanceAlertDto,
  GovernanceStatsDto,
  PatrolLeadDto,
  RepeatFlagDto,
  ReturneeDetailDto,
  ReturneeDto,
} from '@social-affairs/kernel/contracts/rescue';
import { api, apiRequest, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  AtRiskDto,
  GovernanceAlertDto,
  GovernanceStatsDto,
  PatrolLeadDto,
  RepeatFlagDto,
  ReturneeDetailDto,
  ReturneeDto,
};

const P = '/api/rescue/governance';
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export const governanceApi = {
  returnees: (q: QueryParams, signal?: AbortSignal) =>
    api.get<Page<ReturneeDto>>(`${P}/returnees`, q, signal),
  returnee: (id: string) => api.get<ReturneeDetailDto>(`${P}/returnees/${id}`),
  followUp: (id: string, body: unknown) =>
    api.post<ReturneeDetailDto>(`${P}/returnees/${id}/follow-ups`, body),
  setHome: (id: string, homeDivisionCode: string) =>
    apiRequest<ReturneeDetailDto>('PUT', `${P}/returnees/${id}/home`, { body: { homeDivisionCode } }),
  atRisk: (q: QueryParams, signal?: AbortSignal) => api.get<Page<AtRiskDto>>(`${P}/at-risk`, q, signal),
  atRiskOne: (id: string) => api.get<AtRiskDto>(`${P}/at-risk/${id}`),
  createAtRisk: (body: unknown) => api.post<AtRiskDto>(`${P}/at-risk`, body),
  updateAtRisk: (id: string, body: unknown) => apiRequest<AtRiskDto>('PUT', `${P}/at-risk/${id}`, { body }),
  closeAtRisk: (id: string, reason: string, version: number) =>
    api.post<AtRiskDto>(`${P}/at-risk/${id}/close`, { reason, version }),
  flags: (q: QueryParams, signal?: AbortSignal) =>
    api.get<Page<RepeatFlagDto>>(`${P}/repeat-flags`, q, signal),
  decide: (id: string, body: unknown) => api.post<RepeatFlagDto>(`${P}/repeat-flags/${id}/decision`, body),
  alerts: (q: QueryParams, signal?: AbortSignal) =>
    api.get<Page<GovernanceAlertDto>>(`${P}/alerts`, q, signal),
  acknowledge: (id: string, actionTaken: string) =>
    api.post<GovernanceAlertDto>(`${P}/alerts/${id}/acknowledge`, { actionTaken }),
  leads: (q: QueryParams, signal?: AbortSignal) =>
    api.get<Page<PatrolLeadDto>>(`${P}/patrol-leads`, q, signal),
  recordLead: (body: unknown) => api.post<PatrolLeadDto>(`${P}/patrol-leads`, body),
  respondLead: (id: string, body: unknown) =>
    api.post<PatrolLeadDto>(`${P}/patrol-leads/${id}/response`, body),
  statistics: (q: QueryParams, signal?: AbortSignal) =>
    api.get<GovernanceStatsDto>(`${P}/statistics`, q, signal),
  stationCases: (stationId: string) =>
    api.get<Page<{ id: string; caseNo: string; name: string }>>('/api/rescue/residents', {
      stationId,
      pageSize: 200,
    }),
};

export const governanceUrls = {
  returneesExport: (q: QueryParams) => apiUrl(`${P}/returnees/export`, q),
  atRiskExport: (q: QueryParams) => apiUrl(`${P}/at-risk/export`, q),
  flagsExport: (q: QueryParams) => apiUrl(`${P}/repeat-flags/export`, q),
  leadsExport: (q: QueryParams) => apiUrl(`${P}/patrol-leads/export`, q),
  statisticsExport: (q: QueryParams) => apiUrl(`${P}/statistics/export`, q),
};
