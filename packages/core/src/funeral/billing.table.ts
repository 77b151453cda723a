/** Row types of the funeral line's prices and billing (migration 0037-funeral-billing). */
import type { Selectable } from 'kysely';
import type { BasicServiceKind } from './funeral.config';

export type PriceCategory = 'basic' | 'non_basic';
export type WaiverReason = 'tekun' | 'dibao' | 'youfu' | 'universal' | 'unidentified' | 'collection_free';
export type PaymentMethod = 'cash' | 'bank_card' | 'wechat' | 'alipay' | 'transfer';
export type ExpenditureCategory =
  'personnel' | 'operations' | 'equipment' | 'maintenance' | 'utilities' | 'other';

export interface FuneralPriceItemsTable {
  id: string;
  facilityId: string;
  divisionCode: string;
  code: string;
  name: string;
  category: PriceCategory;
  basicKind: BasicServiceKind | null;
  unit: string;
  priceFen: number;
  legalBasis: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: 'draft' | 'published' | 'withdrawn';
  publishedAt: string | null;
  publishedBy: string | null;
  createdBy: string;
  createdAt: string;
}

export interface FuneralPricePackagesTable {
  id: string;
  facilityId: string;
  divisionCode: string;
  name: string;
  itemCodes: string;
  createdBy: string;
  createdAt: string;
}

export interface FuneralBillsTable {
  id: string;
  caseId: string;
  facilityId: string;
  divisionCode: string;
  serviceDate: string;
  feeEra: 'before_2026' | 'from_2026';
  payer: 'family' | 'county_finance';
  eligibility: string;
  status: 'open' | 'settled' | 'paid' | 'cancelled';
  totalFen: number;
  familyFen: number;
  waivedFen: number;
  claimId: string | null;
  cancelReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface FuneralBillLinesTable {
  id: string;
  billId: string;
  seq: number;
  priceItemId: string;
  code: string;
  name: string;
  category: PriceCategory;
  basicKind: BasicServiceKind | null;
  unit: string;
  unitPriceFen: number;
  quantity: number;
  amountFen: number;
  familyFen: number;
  waivedFen: number;
  waiverReason: WaiverReason | null;
  waiverBasis: string | null;
}

export interface FuneralInvoicesTable {
  id: string;
  billId: string;
  facilityId: string;
  divisionCode: string;
  invoiceNo: string;
  amountFen: number;
  method: PaymentMethod;
  paidOn: string;
  issuedBy: string;
  issuedAt: string;
  status: 'issued' | 'void';
  voidReason: string | null;
  voidedBy: string | null;
  voidedAt: string | null;
}

export interface FuneralReimbursementClaimsTable {
  id: string;
  facilityId: string;
  divisionCode: string;
  month: string;
  status: 'submitted' | 'approved' | 'rejected' | 'paid';
  totalFen: number;
  breakdown: string;
  approvalId: string | null;
  submittedBy: string;
  submittedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  paidOn: string | null;
  paidBy: string | null;
}

export interface FuneralExpendituresTable {
  id: string;
  facilityId: string;
  divisionCode: string;
  spentOn: string;
  category: ExpenditureCategory;
  amountFen: number;
  voucherNo: string;
  description: string;
  recordedBy: string;
  recordedAt: string;
}

export type PriceItemRow = Selectable<FuneralPriceItemsTable>;
export type BillRow = Selectable<FuneralBillsTable>;
export type BillLineRow = Selectable<FuneralBillLinesTable>;
export type InvoiceRow = Selectable<FuneralInvoicesTable>;
export type ClaimRow = Selectable<FuneralReimbursementClaimsTable>;
export type ExpenditureRow = Selectable<FuneralExpendituresTable>;

export interface FuneralBillingTables {
  funeralPriceItems: FuneralPriceItemsTable;
  funeralPricePackages: FuneralPricePackagesTable;
  funeralBills: FuneralBillsTable;
  funeralBillLines: FuneralBillLinesTable;
  funeralInvoices: FuneralInvoicesTable;
  funeralReimbursementClaims: FuneralReimbursementClaimsTable;
  funeralExpenditures: FuneralExpendituresTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FuneralBillingTables {}
}
