/** API calls of the rescue line's stations concern (救助管理站、宿舍、托养机构与合作医院、协议、检查). */
import type {
  RescueAgreementView,
  RescueDormitoryView,
  RescueInspectionDueView,
  RescueInspectionView,
  RescuePartnerView,
  RescueStationDetailView,
  RescueStationView,
} from '@social-affairs/kernel/contracts/rescue';
import { api, apiRequest, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  RescueAgreementView,
  RescueDormitoryView,
  RescueInspectionDueView,
  RescueInspectionView,
  RescuePartnerView,
  RescueStationDetailView,
  RescueStationView,
};

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const id = encodeURIComponent;
const put = <T>(path: string, body: unknown) => apiRequest<T>('PUT', path, { body });

export const stationsApi = {
  stations: (query: QueryParams, signal?: AbortSignal) =>
    api.get<RescueStationView[]>('/api/rescue/stations', query, signal),
  station: (stationId: string, signal?: AbortSignal) =>
    api.get<RescueStationDetailView>(`/api/rescue/stations/${id(stationId)}`, {}, signal),
  createStation: (body: unknown) => api.post<RescueStationView>('/api/rescue/stations', body),
  updateStation: (stationId: string, body: unknown) =>
    put<RescueStationDetailView>(`/api/rescue/stations/${id(stationId)}`, body),
  addDormitory: (stationId: string, body: unknown) =>
    api.post<RescueDormitoryView>(`/api/rescue/stations/${id(stationId)}/dormitories`, body),
  updateDormitory: (dormitoryId: string, body: unknown) =>
    put<RescueDormitoryView>(`/api/rescue/dormitories/${id(dormitoryId)}`, body),
  partners: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<RescuePartnerView>>('/api/rescue/partners', query, signal),
  partner: (partnerId: string, signal?: AbortSignal) =>
    api.get<RescuePartnerView>(`/api/rescue/partners/${id(partnerId)}`, {}, signal),
  createPartner: (body: unknown) => api.post<RescuePartnerView>('/api/rescue/partners', body),
  updatePartner: (partnerId: string, body: unknown) =>
    put<RescuePartnerView>(`/api/rescue/partners/${id(partnerId)}`, body),
  agreements: (query: QueryParams, signal?: AbortSignal) =>
    api.get<RescueAgreementView[]>('/api/rescue/agreements', query, signal),
  createAgreement: (body: unknown) => api.post<RescueAgreementView>('/api/rescue/agreements', body),
  terminateAgreement: (agreementId: string, body: unknown) =>
    api.post<RescueAgreementView>(`/api/rescue/agreements/${id(agreementId)}/terminate`, body),
  inspections: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<RescueInspectionView>>('/api/rescue/inspections', query, signal),
  recordInspection: (partnerId: string, body: unknown) =>
    api.post<RescueInspectionView>(`/api/rescue/partners/${id(partnerId)}/inspections`, body),
  inspectionsDue: (signal?: AbortSignal) =>
    api.get<RescueInspectionDueView[]>('/api/rescue/inspections-due', {}, signal),
};

export const stationsUrls = {
  partnersExport: (query: QueryParams) => apiUrl('/api/rescue/partners/export', query),
  inspectionsExport: (query: QueryParams) => apiUrl('/api/rescue/inspections/export', query),
};

export const partnerKindLabels = { foster: '托养机构', hospital: '合作医院' } as const;
export const ownershipLabels = { public: '公办', private: '民办' } as const;
export const qualificationLabels = {
  qualified: '合格',
  under_rectification: '整改中',
  unqualified: '不合格',
} as const;
export const qualificationColors = {
  qualified: 'green',
  under_rectification: 'orange',
  unqualified: 'red',
} as const;
export const inspectionResultLabels = {
  qualified: '合格',
  rectify: '限期整改',
  unqualified: '不合格',
} as const;
export const inspectionResultColors = { qualified: 'green', rectify: 'orange', unqualified: 'red' } as const;
export const dueReasonLabels = {
  never: '从未检查',
  interval: '超过检查周期',
  rectification: '整改逾期未复查',
} as const;
