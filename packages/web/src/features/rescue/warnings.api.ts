/** API calls of the rescue line's warnings concern (预警, 统计, 热线录音). */
import type {
  RescueHotlineCallDto,
  RescueStatisticsDto,
  RescueWarningDto,
  RescueWarningsPageDto,
} from '@social-affairs/kernel/contracts/rescue';
import { useApi } from '../../app/use-api';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type { RescueHotlineCallDto, RescueStatisticsDto, RescueWarningDto, RescueWarningsPageDto };

export interface StationOptionDto {
  id: string;
  name: string;
  divisionCode: string;
}

export const warningsApi = {
  warnings: (query: QueryParams, signal?: AbortSignal) =>
    api.get<RescueWarningsPageDto>('/api/rescue/warnings', query, signal),
  statistics: (query: QueryParams, signal?: AbortSignal) =>
    api.get<RescueStatisticsDto>('/api/rescue/statistics', query, signal),
  hotline: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: RescueHotlineCallDto[]; total: number; page: number; pageSize: number }>(
      '/api/rescue/hotline',
      query,
      signal,
    ),
  recordCall: (body: unknown) => api.post<RescueHotlineCallDto>('/api/rescue/hotline', body),
  stations: (query: QueryParams, signal?: AbortSignal) =>
    api.get<StationOptionDto[]>('/api/rescue/stations', query, signal),
};

export const warningsUrls = {
  warningsExport: (query: QueryParams) => apiUrl('/api/rescue/warnings/export', query),
  statisticsExport: (query: QueryParams) => apiUrl('/api/rescue/statistics/export', query),
  hotlineExport: (query: QueryParams) => apiUrl('/api/rescue/hotline/export', query),
};

/** The stations the user may see in `division` (a station account: its own), for the pickers. */
export function useStationOptions(division?: string): StationOptionDto[] {
  const { data } = useApi((signal) => warningsApi.stations(division ? { division } : {}, signal), [division]);
  return data ?? [];
}
