/** API calls of the disability line's review concern: the review tab, the queue, recipients, stops, disputes. */
import type {
  RecipientDetailContract,
  RecipientViewContract,
  ReviewViewContract,
} from '@social-affairs/kernel/contracts/disability';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type ReviewView = ReviewViewContract;
export type RecipientView = RecipientViewContract;
export type RecipientDetail = RecipientDetailContract;

export interface ReviewQueueItem {
  id: string;
  applicationNo: string;
  personId: string;
  personName: string;
  subsidies: ('living' | 'care')[];
  divisionCode: string;
  submittedOn: string;
  decideDueOn: string | null;
  status: string;
  statusLabel: string;
  noticeEndsOn: string | null;
  stepKey: string | null;
  stepDueOn: string | null;
}

const appUrl = (id: string) => `/api/disability/applications/${encodeURIComponent(id)}/review`;
const recipientUrl = (id: string) => `/api/disability/recipients/${encodeURIComponent(id)}`;

export const reviewApi = {
  view: (id: string, signal?: AbortSignal) => api.get<ReviewView>(appUrl(id), {}, signal),
  submit: (id: string, body: { note?: string | null }) => api.post<ReviewView>(`${appUrl(id)}/submit`, body),
  townshipCheck: (id: string, body: object) => api.post<ReviewView>(`${appUrl(id)}/township-check`, body),
  federation: (id: string, body: object) => api.post<ReviewView>(`${appUrl(id)}/federation`, body),
  decide: (id: string, body: object) => api.post<ReviewView>(`${appUrl(id)}/decision`, body),
  objection: (id: string, body: object) => api.post<ReviewView>(`${appUrl(id)}/objection`, body),
  endNotice: (id: string) => api.post<ReviewView>(`${appUrl(id)}/notice-end`, {}),
  queue: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: ReviewQueueItem[]; total: number }>('/api/disability/review-queue', query, signal),
  recipients: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: RecipientView[]; total: number }>('/api/disability/recipients', query, signal),
  recipient: (id: string, signal?: AbortSignal) => api.get<RecipientDetail>(recipientUrl(id), {}, signal),
  stop: (id: string, body: object) => api.post<RecipientDetail>(`${recipientUrl(id)}/stop`, body),
  lodgeDispute: (id: string, body: object) => api.post<RecipientDetail>(`${recipientUrl(id)}/disputes`, body),
  decideDispute: (id: string, body: object) =>
    api.post<RecipientDetail>(`/api/disability/disputes/${encodeURIComponent(id)}/decision`, body),
};

export const reviewUrls = {
  recipientsExport: (query: QueryParams) => apiUrl('/api/disability/recipients/export', query),
};

export const STOP_REASON_LABELS = {
  death: '死亡',
  declared_dead: '宣告死亡',
  missing: '宣告失踪',
  moved_out: '户籍迁出',
  false_materials: '提供虚假材料',
  review_failed: '复核认定不符合条件',
  voluntary: '本人申请停发',
  certificate_expired: '残疾人证过期',
  certificate_frozen: '残疾人证冻结',
  certificate_cancelled: '残疾人证注销',
  dibao_ended: '退出低保',
  imprisonment: '服刑',
  overlap: '享受其他同类补贴（择高享受）',
  other: '其他',
} as const;

export const SUBSIDY_LABELS = { living: '生活补贴', care: '护理补贴' } as const;
export const ENTITLEMENT_STATUS_LABELS = {
  active: '发放中',
  suspended: '暂停发放',
  stopped: '已停发',
} as const;
export const entitlementStatusColors: Record<RecipientView['status'], string> = {
  active: 'success',
  suspended: 'warning',
  stopped: 'default',
};
