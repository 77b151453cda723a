/** The Qingming and memorials API (staff and public), typed by the kernel's contracts. */
import type {
  BookingReceipt,
  BookingView,
  LiveOverview,
  LiveView,
  MemorialMessageView,
  MemorialView,
  ProxyOrderView,
  PublicMemorialView,
  PublicSlotView,
  QingmingCemeteryView,
  QingmingSlotView,
} from '@social-affairs/kernel/contracts/funeral';
import { api, apiRequest, apiUrl, type QueryParams } from '../../../app/api-client';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface StaffCemetery {
  id: string;
  name: string;
  kind: string;
  divisionCode: string;
}

export interface ProxyReceipt {
  code: string;
  cemeteryName: string;
  requestedDate: string;
  status: 'requested' | 'done' | 'cancelled';
  performedAt: string | null;
  performedNote: string | null;
  photoCount: number;
}

export interface PublicMemorialSummary {
  code: string;
  deceasedName: string;
  birthDate: string | null;
  deathDate: string | null;
  cemeteryName: string;
  flowers: number;
}

export interface BookingInput {
  slotId: string;
  visitorName: string;
  phone: string;
  partySize: number;
  deceasedName?: string | null;
  plotLabel?: string | null;
}

export interface ProxyInput {
  facilityId: string;
  requesterName: string;
  phone: string;
  deceasedName: string;
  plotLabel?: string | null;
  requestedDate: string;
  note?: string | null;
}

export const qingmingApi = {
  cemeteries: (signal?: AbortSignal) =>
    api.get<StaffCemetery[]>('/api/funeral/qingming/cemeteries', undefined, signal),
  slots: (facilityId: string, date: string | undefined, signal?: AbortSignal) =>
    api.get<QingmingSlotView[]>('/api/funeral/qingming/slots', { facilityId, date }, signal),
  createSlots: (body: {
    facilityId: string;
    from: string;
    days: number;
    windows: { startsAt: string; endsAt: string }[];
    quota: number;
  }) => api.post<{ created: number; skipped: number }>('/api/funeral/qingming/slots', body),
  quota: (slotId: string, quota: number) =>
    api.post<QingmingSlotView>(`/api/funeral/qingming/slots/${encodeURIComponent(slotId)}/quota`, { quota }),
  plan: (body: { facilityId: string; year: number; note: string }) =>
    apiRequest<unknown>('PUT', '/api/funeral/qingming/plans', { body }),
  bookings: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<BookingView>>('/api/funeral/qingming/bookings', query, signal),
  bookingsExport: (query: QueryParams) => apiUrl('/api/funeral/qingming/bookings/export', query),
  phoneBooking: (body: BookingInput) =>
    api.post<BookingReceipt>('/api/funeral/qingming/bookings/phone', body),
  checkIn: (facilityId: string, token: string) =>
    api.post<{ booking: BookingView }>('/api/funeral/qingming/check-in', { facilityId, token }),
  proxyOrders: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<ProxyOrderView>>('/api/funeral/qingming/proxy-orders', query, signal),
  recordProxy: (body: ProxyInput) => api.post<ProxyReceipt>('/api/funeral/qingming/proxy-orders', body),
  proxyDone: (id: string, note: string | null) =>
    api.post<ProxyOrderView>(`/api/funeral/qingming/proxy-orders/${encodeURIComponent(id)}/done`, { note }),
  memorials: (status: string, page: number, signal?: AbortSignal) =>
    api.get<Page<MemorialView>>('/api/funeral/qingming/memorials', { status, page, pageSize: 10 }, signal),
  messages: (status: string, page: number, signal?: AbortSignal) =>
    api.get<Page<MemorialMessageView>>(
      '/api/funeral/qingming/messages',
      { status, page, pageSize: 10 },
      signal,
    ),
  moderateMemorial: (id: string, decision: 'approved' | 'rejected', reason?: string) =>
    api.post(`/api/funeral/qingming/memorials/${encodeURIComponent(id)}/moderate`, {
      decision,
      reason: reason ?? null,
    }),
  moderateMessage: (id: string, decision: 'approved' | 'rejected', reason?: string) =>
    api.post(`/api/funeral/qingming/messages/${encodeURIComponent(id)}/moderate`, {
      decision,
      reason: reason ?? null,
    }),
  live: (facilityId: string, signal?: AbortSignal) =>
    api.get<LiveView>('/api/funeral/qingming/live', { facilityId }, signal),
  overview: (signal?: AbortSignal) =>
    api.get<LiveOverview>('/api/funeral/qingming/live/overview', undefined, signal),
};

export const publicQingmingApi = {
  cemeteries: (signal?: AbortSignal) =>
    api.get<QingmingCemeteryView[]>('/api/public/qingming/cemeteries', undefined, signal),
  slots: (facilityId: string, date: string, signal?: AbortSignal) =>
    api.get<PublicSlotView[]>('/api/public/qingming/slots', { facilityId, date }, signal),
  book: (body: BookingInput) => api.post<BookingReceipt>('/api/public/qingming/bookings', body),
  lookup: (code: string, phone: string) =>
    api.post<BookingReceipt>('/api/public/qingming/bookings/lookup', { code, phone }),
  cancel: (code: string, phone: string) =>
    api.post<null>('/api/public/qingming/bookings/cancel', { code, phone }),
  proxy: (body: ProxyInput) => api.post<ProxyReceipt>('/api/public/qingming/proxy-orders', body),
  proxyLookup: (code: string, phone: string) =>
    api.post<ProxyReceipt>('/api/public/qingming/proxy-orders/lookup', { code, phone }),
  memorials: (query: QueryParams, signal?: AbortSignal) =>
    api.get<Page<PublicMemorialSummary>>('/api/public/memorials', query, signal),
  memorial: (code: string, signal?: AbortSignal) =>
    api.get<PublicMemorialView>(`/api/public/memorials/${encodeURIComponent(code)}`, undefined, signal),
  createMemorial: (body: {
    facilityId: string;
    deceasedName: string;
    birthDate: string | null;
    deathDate: string | null;
    biography: string;
    creatorName: string;
    phone: string;
  }) => api.post<{ code: string; status: string }>('/api/public/memorials', body),
  message: (code: string, body: { authorName: string; body: string }) =>
    api.post<{ status: string }>(`/api/public/memorials/${encodeURIComponent(code)}/messages`, body),
  flower: (code: string) =>
    api.post<{ flowers: number }>(`/api/public/memorials/${encodeURIComponent(code)}/flowers`),
};
