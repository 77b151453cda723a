import type {
  AppointmentViewDto,
  AppointmentWeekDto,
  CheckInDto,
  RefusalReceiptDto,
  AwaitingMatchViewDto,
  DivorceViewDto,
  ImportReportDto,
  MaritalStatusViewDto,
  MarriageStatisticsDto,
  MarriageViewDto,
  RegistryViewDto,
} from '@social-affairs/kernel/contracts';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  AwaitingMatchViewDto,
  DivorceViewDto,
  ImportReportDto,
  MaritalStatusViewDto,
  MarriageStatisticsDto,
  MarriageViewDto,
  RegistryViewDto,
};

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RefusalReasonDto {
  code: string;
  message: string;
  party: 'husband' | 'wife' | 'both' | null;
}

export interface ConflictDto {
  party: 'husband' | 'wife';
  marriageId: string;
  registeredOn: string;
  registryName: string;
  certificateNo: string | null;
  kind: string;
}

export interface ImportSummaryDto {
  id: string;
  fileName: string;
  divisionCode: string;
  totalRows: number;
  importedRows: number;
  failedRows: number;
  awaitingRows: number;
  createdAt: string;
  createdBy: string;
}

export const marriageApi = {
  myRegistries: (signal?: AbortSignal) =>
    api.get<RegistryViewDto[]>('/api/marriage/my-registries', undefined, signal),
  divorces: (query: QueryParams, signal?: AbortSignal) =>
    api.get<DivorceViewDto[]>('/api/marriage/divorces', query, signal),
  marriages: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<MarriageViewDto>>('/api/marriage/marriages', query, signal),
  register: (body: unknown) => api.post<MarriageViewDto>('/api/marriage/registrations', body),
  applyDivorce: (body: unknown) => api.post<DivorceViewDto>('/api/marriage/divorces', body),
  withdraw: (id: string, body: unknown) =>
    api.post<DivorceViewDto>(`/api/marriage/divorces/${encodeURIComponent(id)}/withdraw`, body),
  issueDivorce: (id: string, body: unknown) =>
    api.post<DivorceViewDto>(`/api/marriage/divorces/${encodeURIComponent(id)}/certificate`, body),
  status: (body: { residentId: string; reason: string }) =>
    api.post<MaritalStatusViewDto>('/api/marriage/status-queries', body),
  imports: (signal?: AbortSignal) => api.get<ImportSummaryDto[]>('/api/marriage/imports', undefined, signal),
  importReport: (id: string, signal?: AbortSignal) =>
    api.get<ImportReportDto>(`/api/marriage/imports/${encodeURIComponent(id)}`, undefined, signal),
  upload: (body: { fileName: string; format: 'csv' | 'xlsx'; content: string; divisionCode: string }) =>
    api.post<ImportReportDto>('/api/marriage/imports', body),
  statistics: (query: QueryParams, signal?: AbortSignal) =>
    api.get<MarriageStatisticsDto>('/api/marriage/statistics', query, signal),
  awaitingMatches: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<AwaitingMatchViewDto>>('/api/marriage/awaiting-matches', query, signal),
  resolveRow: (
    importId: string,
    rowNo: number,
    body: {
      husbandPersonId?: string;
      wifePersonId?: string;
      husbandAsNewPerson?: boolean;
      wifeAsNewPerson?: boolean;
    },
  ) =>
    api.post<{ rowNo: number; status: string; marriageId: string | null }>(
      `/api/marriage/imports/${encodeURIComponent(importId)}/rows/${rowNo}/resolve`,
      body,
    ),
};

export const marriageUrls = {
  certificatePdf: (id: string) => `/api/marriage/marriages/${encodeURIComponent(id)}/certificate.pdf`,
  refusalPdf: (id: string) => `/api/marriage/refusals/${encodeURIComponent(id)}/notice.pdf`,
  divorcePdf: (id: string, doc: 'certificate' | 'receipt' | 'withdrawal') =>
    `/api/marriage/divorces/${encodeURIComponent(id)}/${doc}.pdf`,
  exportMarriages: (query: QueryParams) => apiUrl('/api/marriage/marriages/export', query),
  exportStatistics: (query: QueryParams) => apiUrl('/api/marriage/statistics/export', query),
  importTemplate: '/api/marriage/imports/template.xlsx',
  exportAwaitingMatches: (query: QueryParams) => apiUrl('/api/marriage/awaiting-matches/export', query),
};

export const statusLabels: Record<MarriageViewDto['status'], string> = {
  subsisting: '存续',
  divorced: '已离婚',
  ended_by_death: '因死亡终止',
  void: '无效（法院判决）',
  annulled: '已撤销（法院判决）',
};

export const statusColors: Record<MarriageViewDto['status'], string> = {
  subsisting: 'green',
  divorced: 'default',
  ended_by_death: 'default',
  void: 'red',
  annulled: 'orange',
};

export const kindLabels: Record<MarriageViewDto['kind'], string> = {
  registration: '结婚登记',
  supplementary: '补办结婚登记',
  backfill: '历史补录',
};

export const crossBorderLabels: Record<MarriageViewDto['crossBorder'], string> = {
  mainland: '内地居民',
  foreign: '涉外',
  hk_macao_taiwan: '涉港澳台',
};

export const divorceStatusLabels: Record<DivorceViewDto['status'], string> = {
  cooling_off: '冷静期中',
  withdrawn: '已撤回',
  deemed_withdrawn: '视为撤回',
  registered: '已登记离婚',
  terminated_by_death: '因一方死亡终止',
  terminated_by_judgment: '因法院判决终止',
};

/** The registrar's bookings (预约日历, 签到, 未到, 办结) — issue 13, item 1. */
export type {
  AppointmentViewDto,
  AppointmentWeekDto,
  CheckInDto,
  RefusalReceiptDto,
} from '@social-affairs/kernel/contracts';
export { REFUSAL_GROUNDS } from '@social-affairs/kernel/contracts';

export const appointmentApi = {
  list: (query: { registryId: string; date?: string; days?: number }, signal?: AbortSignal) =>
    api.get<AppointmentViewDto[]>('/api/marriage/appointments', query, signal),
  week: (query: { registryId: string; date?: string }, signal?: AbortSignal) =>
    api.get<AppointmentWeekDto>('/api/marriage/appointments/week', query, signal),
  checkIn: (id: string) =>
    api.post<CheckInDto>(`/api/marriage/appointments/${encodeURIComponent(id)}/check-in`, {}),
  noShow: (id: string) =>
    api.post<AppointmentViewDto>(`/api/marriage/appointments/${encodeURIComponent(id)}/no-show`, {}),
  cancel: (id: string, reason: string) =>
    api.post<AppointmentViewDto>(`/api/marriage/appointments/${encodeURIComponent(id)}/cancel`, { reason }),
  complete: (
    id: string,
    body: { registryId: string; outcomeKind: 'divorce' | 'other'; outcomeRef?: string; note?: string },
  ) => api.post<AppointmentViewDto>(`/api/marriage/appointments/${encodeURIComponent(id)}/complete`, body),
  refuse: (body: unknown) => api.post<RefusalReceiptDto>('/api/marriage/refusals', body),
};

export const appointmentStatusLabels: Record<AppointmentViewDto['status'], string> = {
  booked: '待签到',
  attended: '已签到',
  done: '已办结',
  no_show: '未到',
  cancelled: '已取消',
};

export const appointmentStatusColors: Record<AppointmentViewDto['status'], string> = {
  booked: 'blue',
  attended: 'gold',
  done: 'green',
  no_show: 'default',
  cancelled: 'default',
};

export const appointmentServiceLabels: Record<AppointmentViewDto['service'], string> = {
  marriage: '结婚登记',
  divorce: '离婚登记',
  reissue: '补领证件',
};
