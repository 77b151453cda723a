/** API calls of the funeral line's statistics and exchange concern (殡葬统计与数据交换). */
import type {
  FuneralExchangeDictionaryDto,
  FuneralExchangePreviewDto,
  FuneralStatisticsDto,
} from '@social-affairs/kernel/contracts/funeral';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type { FuneralExchangeDictionaryDto, FuneralExchangePreviewDto, FuneralStatisticsDto };

export const funeralStatisticsApi = {
  statistics: (query: QueryParams, signal?: AbortSignal) =>
    api.get<FuneralStatisticsDto>('/api/funeral/statistics', query, signal),
  dictionary: (signal?: AbortSignal) =>
    api.get<FuneralExchangeDictionaryDto>('/api/funeral/exchange/dictionary', undefined, signal),
  preview: (query: QueryParams, signal?: AbortSignal) =>
    api.get<FuneralExchangePreviewDto>('/api/funeral/exchange/preview', query, signal),
};

export const funeralStatisticsUrls = {
  statisticsExport: (query: QueryParams) => apiUrl('/api/funeral/statistics/export', query),
  exchangeExport: (query: QueryParams) => apiUrl('/api/funeral/exchange/export', query),
};
