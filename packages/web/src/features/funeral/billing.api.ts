/** API calls of the funeral line's prices and billing concern (收费与结算). */
import type {
  BillViewBody,
  CaseBillingViewBody,
  ClaimViewBody,
  IncomeExpenditureViewBody,
  InvoiceLedgerRowBody,
  InvoiceViewBody,
  PriceItemInputBody,
  PriceItemViewBody,
  PriceListViewBody,
} from '@social-affairs/kernel/contracts/funeral';
import { api, apiRequest, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  BillViewBody,
  CaseBillingViewBody,
  ClaimViewBody,
  IncomeExpenditureViewBody,
  InvoiceLedgerRowBody,
  InvoiceViewBody,
  PriceItemViewBody,
  PriceListViewBody,
};

const fac = (id: string) => `/api/funeral/facilities/${encodeURIComponent(id)}`;

export const billingApi = {
  facilities: (signal?: AbortSignal) =>
    api.get<{ items: { id: string; name: string; kind: string; governmentInvested?: boolean }[] }>(
      '/api/funeral/facilities',
      { pageSize: 200 },
      signal,
    ),
  priceList: (facilityId: string, on: string | undefined, signal?: AbortSignal) =>
    api.get<PriceListViewBody>(`${fac(facilityId)}/prices`, { on }, signal),
  propose: (facilityId: string, body: PriceItemInputBody) =>
    api.post<PriceItemViewBody>(`${fac(facilityId)}/prices`, body),
  publish: (facilityId: string) => api.post<{ published: number }>(`${fac(facilityId)}/prices/publish`, {}),
  discard: (itemId: string) =>
    apiRequest<{ ok: true }>('DELETE', `/api/funeral/prices/${encodeURIComponent(itemId)}`),
  caseBilling: (caseId: string, signal?: AbortSignal) =>
    api.get<CaseBillingViewBody>(`/api/funeral/cases/${encodeURIComponent(caseId)}/billing`, {}, signal),
  createBill: (caseId: string, body: { serviceDate: string; items: { code: string; quantity: number }[] }) =>
    api.post<BillViewBody>(`/api/funeral/cases/${encodeURIComponent(caseId)}/bills`, body),
  cancelBill: (billId: string, reason: string) =>
    api.post<BillViewBody>(`/api/funeral/bills/${encodeURIComponent(billId)}/cancel`, { reason }),
  pay: (billId: string, body: { method: string; amountFen: number }) =>
    api.post<InvoiceViewBody>(`/api/funeral/bills/${encodeURIComponent(billId)}/pay`, body),
  voidInvoice: (invoiceId: string, reason: string) =>
    api.post<InvoiceViewBody>(`/api/funeral/invoices/${encodeURIComponent(invoiceId)}/void`, { reason }),
  invoices: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: InvoiceLedgerRowBody[]; total: number }>('/api/funeral/invoices', query, signal),
  claims: (signal?: AbortSignal) => api.get<{ items: ClaimViewBody[] }>('/api/funeral/claims', {}, signal),
  submitClaim: (facilityId: string, month: string) =>
    api.post<ClaimViewBody>('/api/funeral/claims', { facilityId, month }),
  claimPaid: (claimId: string, paidOn: string) =>
    api.post<ClaimViewBody>(`/api/funeral/claims/${encodeURIComponent(claimId)}/paid`, { paidOn }),
  incomeExpenditure: (facilityId: string, month: string, signal?: AbortSignal) =>
    api.get<IncomeExpenditureViewBody>(`${fac(facilityId)}/income-expenditure`, { month }, signal),
  recordExpenditure: (
    facilityId: string,
    body: { spentOn: string; category: string; amountFen: number; voucherNo: string; description: string },
  ) => api.post<unknown>(`${fac(facilityId)}/expenditures`, body),
};

export const billingUrls = {
  invoicesExport: (query: QueryParams) => apiUrl('/api/funeral/invoices/export', query),
};

/** 12345 fen → "123.45". */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
