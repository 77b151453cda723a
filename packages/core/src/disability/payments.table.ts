/**
 * Row types of the payments concern (migration 0047-disability-payments) as Kysely sees them through
 * CamelCasePlugin: payment accounts with their change history, the bank payment files issued per roster,
 * the re-queue of credits not made (failed at the bank or held back for want of an account) and the
 * overpayment recoveries opened when a stop was recorded after months were already paid.
 */

export type PaymentAccountKind = 'social_security_card' | 'bank_account';
export const PAYMENT_ACCOUNT_KIND_LABELS: Record<PaymentAccountKind, string> = {
  social_security_card: '社会保障卡',
  bank_account: '银行账户',
};

/**
 * 收款账户 of a recipient person. A change ends the row in force (`validTo`, `endedBy`, `endReason`) and
 * starts a new one: rows are never overwritten, so the account a payment file used is the row in force at
 * the file's generation instant.
 */
export interface DisabilityPaymentAccountsTable {
  id: string;
  personId: string;
  /** Division (township 9 or county 6 digits) of the recipient's entitlement when recorded: scope. */
  divisionCode: string;
  kind: PaymentAccountKind;
  bankName: string;
  /** Digits only; shown masked everywhere but in the bank's payment file. */
  accountNumber: string;
  holderName: string;
  /** 代领人 when the recipient cannot hold an account: name, relation, masked resident id. */
  agentName: string | null;
  agentRelation: string | null;
  agentIdMasked: string | null;
  /** Why the row was recorded (first record or the change's reason). */
  reason: string;
  validFrom: string;
  validTo: string | null;
  createdBy: string;
  endedBy: string | null;
}

export type PaymentFileStatus = 'issued' | 'returned';

/** 代发文件: one per roster (county and month), numbered; its content is regenerated on download (ADR 0033). */
export interface DisabilityPaymentFilesTable {
  id: string;
  rosterId: string;
  countyCode: string;
  month: string;
  fileNo: string;
  /** Key of the configured format used (`lines.disability.payments.formats`). */
  format: string;
  /** Generation instant: the accounts in force at this instant are the ones written. */
  generatedAt: string;
  generatedBy: string;
  /** This roster's lines sent, and earlier lines re-queued into this file. */
  ownLines: number;
  ownFen: number;
  requeuedLines: number;
  requeuedFen: number;
  /** Lines of this roster with an amount but no account: held back (queued). */
  heldBackLines: number;
  heldBackFen: number;
  /** SHA-256 of the bytes of the first download (a later download must match). */
  contentSha256: string | null;
  status: PaymentFileStatus;
  returnedAt: string | null;
  returnedBy: string | null;
  paidLines: number;
  paidFen: number;
  failedLines: number;
  failedFen: number;
  version: number;
}

export type RequeueCause = 'failed' | 'held_back';
export const REQUEUE_CAUSE_LABELS: Record<RequeueCause, string> = {
  failed: '银行退回',
  held_back: '无收款账户暂缓发放',
};

export type RequeueOutcome = 'paid' | 'failed' | 'cancelled';

/** Why a bank returned a credit (classified from the bank's text). */
export type BankFailureCode = 'wrong_account' | 'account_closed' | 'name_mismatch' | 'frozen' | 'other';
export const BANK_FAILURE_LABELS: Record<BankFailureCode, string> = {
  wrong_account: '账号错误或不存在',
  account_closed: '账户已销户',
  name_mismatch: '户名不符',
  frozen: '账户冻结或止付',
  other: '其他原因',
};

/**
 * 失败重发 queue: one row per credit owed and not yet made. A row is included in the next payment file
 * of its county once the person has an account (`includedFileId`) and closed by that file's return
 * (`outcome`); a failure again opens a new row, so every file's content stays reproducible.
 */
export interface DisabilityPaymentRequeuesTable {
  id: string;
  rosterLineId: string;
  countyCode: string;
  divisionCode: string;
  personId: string;
  /** Month of the roster line (`YYYY-MM`). */
  month: string;
  amountFen: number;
  cause: RequeueCause;
  failureCode: BankFailureCode | null;
  /** The bank's own words (failed) or the hold-back note. */
  reason: string | null;
  /** The file whose return failed it (null when held back). */
  fromFileId: string | null;
  queuedAt: string;
  includedFileId: string | null;
  outcome: RequeueOutcome | null;
  closedAt: string | null;
}

export type RecoveryStatus = 'open' | 'recovered' | 'written_off';
export const RECOVERY_STATUS_LABELS: Record<RecoveryStatus, string> = {
  open: '追缴中',
  recovered: '已追回',
  written_off: '已核销',
};

/** 多发追缴: months paid after an entitlement's last payable month (a stop recorded late). */
export interface DisabilityOverpaymentRecoveriesTable {
  id: string;
  entitlementId: string;
  personId: string;
  subsidy: 'living' | 'care';
  divisionCode: string;
  countyCode: string;
  /** The entitlement's last payable month and the stop's reason and event date, as found. */
  lastPayableMonth: string;
  stopReason: string | null;
  stopEventDate: string | null;
  firstMonth: string;
  lastMonth: string;
  months: number;
  amountFen: number;
  status: RecoveryStatus;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
  version: number;
}

/** The paid roster lines a recovery covers (one recovery per line, ever). */
export interface DisabilityOverpaymentLinesTable {
  rosterLineId: string;
  recoveryId: string;
  month: string;
  months: number;
  amountFen: number;
}

export interface DisabilityPaymentTables {
  disabilityPaymentAccounts: DisabilityPaymentAccountsTable;
  disabilityPaymentFiles: DisabilityPaymentFilesTable;
  disabilityPaymentRequeues: DisabilityPaymentRequeuesTable;
  disabilityOverpaymentRecoveries: DisabilityOverpaymentRecoveriesTable;
  disabilityOverpaymentLines: DisabilityOverpaymentLinesTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends DisabilityPaymentTables {}
}
