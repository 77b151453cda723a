/** API calls of the funeral line's cemeteries concern (公墓墓位、生态安葬、整治台账). */
import type {
  CemeteryDto,
  EcoBurialDto,
  PlotDto,
  PlotMapDto,
  RemediationCountsDto,
  RemediationDto,
} from '@social-affairs/kernel/contracts/funeral';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type { CemeteryDto, EcoBurialDto, PlotDto, PlotMapDto, RemediationCountsDto, RemediationDto };

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const cemeteriesApi = {
  cemeteries: (query: QueryParams, signal?: AbortSignal) =>
    api.get<CemeteryDto[]>('/api/funeral/cemeteries', query, signal),
  map: (id: string, signal?: AbortSignal) =>
    api.get<PlotMapDto>(`/api/funeral/cemeteries/${encodeURIComponent(id)}/map`, {}, signal),
  plots: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<PlotDto>>('/api/funeral/plots', query, signal),
  plot: (id: string, signal?: AbortSignal) =>
    api.get<PlotDto>(`/api/funeral/plots/${encodeURIComponent(id)}`, {}, signal),
  createBlock: (body: unknown) => api.post<{ created: number }>('/api/funeral/plots/blocks', body),
  sell: (id: string, body: unknown) =>
    api.post<PlotDto>(`/api/funeral/plots/${encodeURIComponent(id)}/sale`, body),
  inter: (id: string, body: unknown) =>
    api.post<PlotDto>(`/api/funeral/plots/${encodeURIComponent(id)}/interment`, body),
  renew: (id: string, body: unknown) =>
    api.post<PlotDto>(`/api/funeral/plots/${encodeURIComponent(id)}/renewal`, body),
  ecoBurials: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<EcoBurialDto>>('/api/funeral/eco-burials', query, signal),
  recordEco: (body: unknown) => api.post<EcoBurialDto>('/api/funeral/eco-burials', body),
  payEco: (id: string, body: unknown) =>
    api.post<EcoBurialDto>(`/api/funeral/eco-burials/${encodeURIComponent(id)}/paid`, body),
  findings: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<RemediationDto>>('/api/funeral/remediation', query, signal),
  recordFinding: (body: unknown) => api.post<RemediationDto>('/api/funeral/remediation', body),
  closeFinding: (id: string, body: unknown) =>
    api.post<RemediationDto>(`/api/funeral/remediation/${encodeURIComponent(id)}/closure`, body),
  counts: (query: QueryParams, signal?: AbortSignal) =>
    api.get<RemediationCountsDto>('/api/funeral/remediation/counts', query, signal),
};

export const cemeteriesUrls = {
  plotsExport: (query: QueryParams) => apiUrl('/api/funeral/plots/export', query),
  ecoExport: (query: QueryParams) => apiUrl('/api/funeral/eco-burials/export', query),
  findingsExport: (query: QueryParams) => apiUrl('/api/funeral/remediation/export', query),
  countsExport: (query: QueryParams) => apiUrl('/api/funeral/remediation/counts/export', query),
};

/** Colours of the status map and tags: free green, reserved blue, occupied grey, expiring orange, expired red. */
export const PLOT_COLOURS = {
  free: '#52c41a',
  reserved: '#1677ff',
  occupied: '#8c8c8c',
  expiring: '#fa8c16',
  expired: '#f5222d',
} as const;
