/** API calls of the funeral line's facilities concern (殡葬设施、年检、审批事项、火葬区与接运规则). */
import type {
  FacilityApplicationView,
  FacilityInspectionView,
  FacilityInspectionsDueView,
  FuneralFacilityDetailView,
  FuneralFacilityView,
  FuneralZoneLookupView,
  FuneralZonesView,
} from '@social-affairs/kernel/contracts/funeral';
import { api, apiRequest, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  FacilityApplicationView,
  FacilityInspectionView,
  FacilityInspectionsDueView,
  FuneralFacilityDetailView,
  FuneralFacilityView,
  FuneralZoneLookupView,
  FuneralZonesView,
};

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const id = encodeURIComponent;

export const facilitiesApi = {
  /** The facility picker of every concern: `{ kind: 'funeral_home,crematorium', usable: '1' }`. */
  facilities: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<FuneralFacilityView>>('/api/funeral/facilities', query, signal),
  facility: (facilityId: string, signal?: AbortSignal) =>
    api.get<FuneralFacilityDetailView>(`/api/funeral/facilities/${id(facilityId)}`, {}, signal),
  create: (body: unknown) => api.post<FuneralFacilityDetailView>('/api/funeral/facilities', body),
  update: (facilityId: string, body: unknown) =>
    apiRequest<FuneralFacilityDetailView>('PUT', `/api/funeral/facilities/${id(facilityId)}`, { body }),
  recordInspection: (facilityId: string, body: unknown) =>
    api.post<FacilityInspectionView>(`/api/funeral/facilities/${id(facilityId)}/inspections`, body),
  permitChange: (facilityId: string, body: unknown) =>
    api.post<FacilityApplicationView>(`/api/funeral/facilities/${id(facilityId)}/permit-changes`, body),
  resubmit: (facilityId: string, body: unknown) =>
    api.post<FacilityApplicationView>(`/api/funeral/facilities/${id(facilityId)}/resubmit`, body),
  inspections: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<FacilityInspectionView>>('/api/funeral/facility-inspections', query, signal),
  inspectionsDue: (signal?: AbortSignal) =>
    api.get<FacilityInspectionsDueView>('/api/funeral/facility-inspections/due', {}, signal),
  zones: (signal?: AbortSignal) => api.get<FuneralZonesView>('/api/funeral/zones', {}, signal),
  lookup: (query: QueryParams, signal?: AbortSignal) =>
    api.get<FuneralZoneLookupView>('/api/funeral/zones/lookup', query, signal),
};

export const facilitiesUrls = {
  facilitiesExport: (query: QueryParams) => apiUrl('/api/funeral/facilities/export', query),
  inspectionsExport: (query: QueryParams) => apiUrl('/api/funeral/facility-inspections/export', query),
};
