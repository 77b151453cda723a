/**
 * Row types of the disability line's shared tables (migration 0042-disability) as Kysely sees them
 * through CamelCasePlugin. Dates are `YYYY-MM-DD` text, months `YYYY-MM` text, instants ISO-8601 UTC
 * text, money integer fen, booleans 0/1 integers. Each concern declares its own tables in its own
 * `<concern>.table.ts` the same way.
 */

/** 困难残疾人生活补贴 (`living`) and 重度残疾人护理补贴 (`care`). */
export type Subsidy = 'living' | 'care';
export const SUBSIDIES = ['living', 'care'] as const satisfies readonly Subsidy[];
export const SUBSIDY_LABELS: Record<Subsidy, string> = {
  living: '困难残疾人生活补贴',
  care: '重度残疾人护理补贴',
};
export const SUBSIDY_SHORT_LABELS: Record<Subsidy, string> = { living: '生活补贴', care: '护理补贴' };

export type CertificateStatus = 'valid' | 'expired' | 'frozen' | 'cancelled';
export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatus, string> = {
  valid: '有效',
  expired: '已过期',
  frozen: '已冻结',
  cancelled: '已注销',
};

/** 残疾人证 (second generation), fed from the disability federation's register (R-DIS-04). */
export interface DisabilityCertificatesTable {
  id: string;
  /** 20 characters: holder's resident id + category + grade; unique. */
  number: string;
  personId: string;
  category: number;
  grade: number;
  issuedOn: string | null;
  /** Last day of validity (null: no end recorded). */
  validUntil: string | null;
  status: CertificateStatus;
  /** Day the current status took effect (frozen/cancelled/expired on). */
  statusOn: string | null;
  /** County (6 digits) of the issuing federation: the register's scope. */
  divisionCode: string;
  source: 'import' | 'manual';
  importRunId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type ApplicationChannel = 'window' | 'online' | 'cross_province';
export const APPLICATION_CHANNEL_LABELS: Record<ApplicationChannel, string> = {
  window: '乡镇（街道）窗口受理',
  online: '网上申请',
  cross_province: '跨省通办（全国系统转来）',
};

export type ApplicantRelation = 'self' | 'guardian' | 'family' | 'committee' | 'other';
export const APPLICANT_RELATION_LABELS: Record<ApplicantRelation, string> = {
  self: '本人',
  guardian: '监护人',
  family: '负有赡养、抚养、扶养义务的亲属',
  committee: '村（居）民委员会',
  other: '其他委托代理人',
};

/**
 * received (materials not yet complete or not yet forwarded) → forwarded (pushed to the hukou county) →
 * reviewing (on the approval engine) → notice (public notice of an approval) → approved | rejected;
 * withdrawn at any point before a decision.
 */
export type ApplicationStatus =
  'received' | 'forwarded' | 'reviewing' | 'notice' | 'approved' | 'rejected' | 'withdrawn';
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  received: '已受理',
  forwarded: '已转户籍地',
  reviewing: '审核中',
  notice: '公示中',
  approved: '已批准',
  rejected: '未批准',
  withdrawn: '已撤回',
};

export type SubsidyOutcome = 'granted' | 'refused';

/** 两项补贴申请: one application may ask for one or both subsidies (R-DIS-02, R-DIS-05, R-DIS-06). */
export interface DisabilityApplicationsTable {
  id: string;
  /** Numbered from the document-numbering sequence (the status look-up key with the phone). */
  applicationNo: string;
  personId: string;
  certificateId: string | null;
  /** The number as the applicant gave it (checked against the holder, R-DIS-04). */
  certificateNumber: string | null;
  appliesLiving: number;
  appliesCare: number;
  applicantRelation: ApplicantRelation;
  /** The agent's name when not the person. */
  applicantName: string | null;
  /** Contact phone (status look-up with the application number; shown masked). */
  phone: string;
  channel: ApplicationChannel;
  /** Township (9 digits) of the window that received it; null online or from another province. */
  receivedDivisionCode: string | null;
  /** Hukou township (9 digits) or county (6): who reviews and pays; the record's scope. */
  divisionCode: string;
  /** Hukou county (6 digits). */
  countyCode: string;
  /** Day the application was submitted: payment runs from its month (R-DIS-05). */
  submittedOn: string;
  /** Day the materials were complete (the forward deadline counts from it). */
  materialsCompleteOn: string | null;
  /** R-DIS-06 deadlines (kernel calendar); `dueProvisional` 1 when counted through a year not loaded. */
  forwardDueOn: string | null;
  forwardedOn: string | null;
  decideDueOn: string | null;
  decidedOn: string | null;
  notifyDueOn: string | null;
  notifiedOn: string | null;
  dueProvisional: number;
  status: ApplicationStatus;
  livingOutcome: SubsidyOutcome | null;
  careOutcome: SubsidyOutcome | null;
  decisionReason: string | null;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  /** First month paid (`YYYY-MM`): the month of `submittedOn` (R-DIS-05). */
  payFromMonth: string | null;
  approvalId: string | null;
  /** Cross-province cases: the manual exchange with the national system (dates, reference). */
  exchangeNote: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type EntitlementStatus = 'active' | 'suspended' | 'stopped';
export const ENTITLEMENT_STATUS_LABELS: Record<EntitlementStatus, string> = {
  active: '发放中',
  suspended: '暂停发放',
  stopped: '已停发',
};

/** Why a payment stops (R-DIS-07), the roster diff's reason codes. */
export type StopReason =
  | 'death'
  | 'declared_dead'
  | 'missing'
  | 'moved_out'
  | 'false_materials'
  | 'review_failed'
  | 'voluntary'
  | 'certificate_expired'
  | 'certificate_frozen'
  | 'certificate_cancelled'
  | 'dibao_ended'
  | 'imprisonment'
  | 'overlap'
  | 'other';
export const STOP_REASON_LABELS: Record<StopReason, string> = {
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
};

/** One person receiving one subsidy (补贴对象), from a month until stopped. */
export interface DisabilityEntitlementsTable {
  id: string;
  personId: string;
  subsidy: Subsidy;
  /** Hukou township (9 digits) or county (6): scope, roster grouping. */
  divisionCode: string;
  countyCode: string;
  applicationId: string | null;
  certificateId: string | null;
  /** First month payable (`YYYY-MM`). */
  fromMonth: string;
  /** Last month payable (`YYYY-MM`), set when stopped (R-DIS-07: the month of the event). */
  toMonth: string | null;
  status: EntitlementStatus;
  stopReason: StopReason | null;
  /** Day of the event that stopped it (death date, judgment date, 低保 end…). */
  stopEventDate: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type EntitlementEventKind = 'granted' | 'stopped' | 'suspended' | 'resumed' | 'reinstated';

/** Every change of an entitlement, with its reason and source (the roster diff reads these). */
export interface DisabilityEntitlementEventsTable {
  id: string;
  entitlementId: string;
  kind: EntitlementEventKind;
  /** Month the change takes effect (`YYYY-MM`). */
  effectiveMonth: string;
  reasonCode: string | null;
  note: string | null;
  /** application | death | comparison | review | manual | dispute */
  source: string;
  sourceId: string | null;
  actorId: string;
  at: string;
}

/** 补贴标准: per division (city 4 / county 6 digits), year and subsidy, with optional tiers. */
export interface DisabilityStandardsTable {
  id: string;
  divisionCode: string;
  year: number;
  subsidy: Subsidy;
  /** Tier keys; null = any. */
  category: number | null;
  grade: number | null;
  /** Hardship tier (`dibao`, `tekun`, `low_income`…); null = any. */
  hardship: string | null;
  amountFen: number;
  basis: string;
  /** First month of the year it applies (`YYYY-MM`; default January). */
  fromMonth: string;
  status: 'active' | 'withdrawn';
  createdBy: string;
  createdAt: string;
}

export type RosterStatus = 'frozen' | 'signed' | 'file_issued' | 'closed';
export const ROSTER_STATUS_LABELS: Record<RosterStatus, string> = {
  frozen: '已冻结',
  signed: '已签批',
  file_issued: '已生成代发文件',
  closed: '已结清',
};

/** 发放名册: one frozen snapshot per county per month. */
export interface DisabilityRosterMonthsTable {
  id: string;
  countyCode: string;
  /** `YYYY-MM`. */
  month: string;
  status: RosterStatus;
  recipients: number;
  totalFen: number;
  frozenAt: string;
  frozenBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type RosterChange = 'new' | 'unchanged' | 'stopped' | 'rate_changed' | 'resumed' | 'arrears';
export const ROSTER_CHANGE_LABELS: Record<RosterChange, string> = {
  new: '新增',
  unchanged: '无变化',
  stopped: '停发',
  rate_changed: '标准调整',
  resumed: '恢复发放',
  arrears: '补发',
};

export type RosterPaymentStatus = 'pending' | 'sent' | 'paid' | 'failed' | 'requeued' | 'none';

/** One line of a frozen roster: what one entitlement is paid for the month, and how it changed. */
export interface DisabilityRosterLinesTable {
  id: string;
  rosterId: string;
  entitlementId: string;
  personId: string;
  subsidy: Subsidy;
  divisionCode: string;
  /** This month's amount plus any arrears (0 on a stopped line). */
  amountFen: number;
  /** Standard monthly amount applied. */
  monthlyFen: number;
  /** Months this line pays (1; more when arrears or back-pay are included). */
  monthsCovered: number;
  change: RosterChange;
  reasonCode: string | null;
  previousMonthlyFen: number | null;
  paymentStatus: RosterPaymentStatus;
}

export interface DisabilityTables {
  disabilityCertificates: DisabilityCertificatesTable;
  disabilityApplications: DisabilityApplicationsTable;
  disabilityEntitlements: DisabilityEntitlementsTable;
  disabilityEntitlementEvents: DisabilityEntitlementEventsTable;
  disabilityStandards: DisabilityStandardsTable;
  disabilityRosterMonths: DisabilityRosterMonthsTable;
  disabilityRosterLines: DisabilityRosterLinesTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends DisabilityTables {}
}
