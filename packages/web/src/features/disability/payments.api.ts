/** API calls of the disability line's payments concern (收款账户, 代发文件, 失败重发, 多发追缴). */
import type {
  AccountLedgerRowBody,
  ApplicationPaymentsBody,
  PaymentAccountInputBody,
  PaymentAccountViewBody,
  PaymentFileViewBody,
  RecoveryViewBody,
  RequeueLedgerRowBody,
  RosterPaymentItemBody,
} from '@social-affairs/kernel/contracts/disability';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  AccountLedgerRowBody,
  ApplicationPaymentsBody,
  PaymentAccountInputBody,
  PaymentAccountViewBody,
  PaymentFileViewBody,
  RecoveryViewBody,
  RequeueLedgerRowBody,
  RosterPaymentItemBody,
};

const base = '/api/disability/payments';
const enc = encodeURIComponent;

export interface ReturnResult {
  file: PaymentFileViewBody;
  paid: number;
  paidFen: number;
  failed: number;
  failedFen: number;
  requeued: number;
}

export const paymentsApi = {
  accounts: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: AccountLedgerRowBody[]; total: number }>(`${base}/accounts`, query, signal),
  accountsOf: (personId: string, signal?: AbortSignal) =>
    api.get<{ personId: string; current: PaymentAccountViewBody | null; history: PaymentAccountViewBody[] }>(
      `${base}/accounts/${enc(personId)}`,
      {},
      signal,
    ),
  recordAccount: (personId: string, body: PaymentAccountInputBody) =>
    api.post<PaymentAccountViewBody>(`${base}/accounts/${enc(personId)}`, body),
  formats: (signal?: AbortSignal) =>
    api.get<{ current: string; formats: { key: string; label: string }[] }>(`${base}/formats`, {}, signal),
  rosters: (signal?: AbortSignal) =>
    api.get<{ items: RosterPaymentItemBody[] }>(`${base}/rosters`, {}, signal),
  issue: (rosterId: string, format?: string) =>
    api.post<PaymentFileViewBody>(`${base}/rosters/${enc(rosterId)}/file`, format ? { format } : {}),
  importReturn: (fileId: string, body: { fileName: string; contentBase64: string }) =>
    api.post<ReturnResult>(`${base}/files/${enc(fileId)}/return`, body),
  requeues: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: RequeueLedgerRowBody[]; total: number }>(`${base}/requeues`, query, signal),
  recoveries: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: RecoveryViewBody[]; total: number }>(`${base}/recoveries`, query, signal),
  scan: () => api.post<{ opened: number; amountFen: number }>(`${base}/recoveries/scan`),
  resolve: (id: string, body: { status: 'recovered' | 'written_off'; resolution: string }) =>
    api.post<RecoveryViewBody>(`${base}/recoveries/${enc(id)}/resolve`, body),
  ofApplication: (applicationId: string, signal?: AbortSignal) =>
    api.get<ApplicationPaymentsBody>(`${base}/applications/${enc(applicationId)}`, {}, signal),
};

export const paymentsUrls = {
  download: (fileId: string) => apiUrl(`${base}/files/${enc(fileId)}/download`),
  accountsExport: (query: QueryParams) => apiUrl(`${base}/accounts/export`, query),
  requeuesExport: (query: QueryParams) => apiUrl(`${base}/requeues/export`, query),
  recoveriesExport: (query: QueryParams) => apiUrl(`${base}/recoveries/export`, query),
};

export const yuan = (fen: number) =>
  `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;

/** The file's bytes as base64 (UTF-8 or GBK: the server decodes). */
export async function fileAsBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
