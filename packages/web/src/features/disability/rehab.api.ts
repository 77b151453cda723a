/** API calls of the disability line's rehabilitation and devices concern (精神康复, 辅具与福康). */
import type {
  DeviceItemView,
  DevicesTodayView,
  FukangCaseView,
  HomePatientsView,
  RehabCoverageView,
  RehabEnrolmentDetailView,
  RehabEnrolmentView,
  RehabInstitutionView,
  RentalPointView,
  RentalView,
} from '@social-affairs/kernel/contracts/disability';
import { api, apiRequest, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  DeviceItemView,
  DevicesTodayView,
  FukangCaseView,
  HomePatientsView,
  RehabCoverageView,
  RehabEnrolmentDetailView,
  RehabEnrolmentView,
  RehabInstitutionView,
  RentalPointView,
  RentalView,
};

export interface Page<T> {
  items: T[];
  total: number;
}

const id = encodeURIComponent;

export const rehabApi = {
  page: <T>(path: string, query: QueryParams, signal?: AbortSignal) => api.get<Page<T>>(path, query, signal),
  exportHref: (path: string, query: QueryParams) => apiUrl(`${path}/export`, query),
  createInstitution: (body: unknown) =>
    api.post<RehabInstitutionView>('/api/disability/rehab/institutions', body),
  updateInstitution: (instId: string, body: unknown) =>
    apiRequest<RehabInstitutionView>('PUT', `/api/disability/rehab/institutions/${id(instId)}`, { body }),
  enrol: (body: unknown) => api.post<RehabEnrolmentDetailView>('/api/disability/rehab/enrolments', body),
  enrolment: (eid: string, signal?: AbortSignal) =>
    api.get<RehabEnrolmentDetailView>(`/api/disability/rehab/enrolments/${id(eid)}`, {}, signal),
  session: (eid: string, body: unknown) =>
    api.post<RehabEnrolmentDetailView>(`/api/disability/rehab/enrolments/${id(eid)}/sessions`, body),
  discharge: (eid: string, body: unknown) =>
    api.post<RehabEnrolmentDetailView>(`/api/disability/rehab/enrolments/${id(eid)}/discharge`, body),
  homePatients: (query: QueryParams, signal?: AbortSignal) =>
    api.get<HomePatientsView[]>('/api/disability/rehab/home-patients', query, signal),
  setHomePatients: (body: unknown) =>
    apiRequest<HomePatientsView>('PUT', '/api/disability/rehab/home-patients', { body }),
  coverage: (query: QueryParams, signal?: AbortSignal) =>
    api.get<RehabCoverageView>('/api/disability/rehab/coverage', query, signal),
  saveItem: (body: unknown) => api.post<DeviceItemView>('/api/disability/devices/items', body),
  createPoint: (body: unknown) => api.post<RentalPointView>('/api/disability/devices/points', body),
  setStock: (pointId: string, body: unknown) =>
    apiRequest<RentalPointView>('PUT', `/api/disability/devices/points/${id(pointId)}/stock`, { body }),
  rent: (body: unknown) => api.post<RentalView>('/api/disability/devices/rentals', body),
  returnRental: (rid: string, body: unknown) =>
    api.post<RentalView>(`/api/disability/devices/rentals/${id(rid)}/return`, body),
  fukang: (body: unknown) => api.post<FukangCaseView>('/api/disability/devices/fukang', body),
  fukangStep: (cid: string, step: 'decision' | 'delivery' | 'close', body: unknown) =>
    api.post<FukangCaseView>(`/api/disability/devices/fukang/${id(cid)}/${step}`, body),
  today: (signal?: AbortSignal) => api.get<DevicesTodayView>('/api/disability/devices/today', {}, signal),
};

export const yuanText = (fen: number | null | undefined) =>
  fen === null || fen === undefined
    ? ''
    : `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`;
