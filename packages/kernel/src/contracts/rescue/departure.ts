/**
 * Contracts of the rescue line's departure concern (离站与落户安置, R-RES-02, R-RES-07, R-RES-08, R-RES-11,
 * R-RES-12): the departure kinds, a departure record, the options a case offers (which kinds are allowed
 * for this person and why a kind is blocked), the settlement file and the 离站与安置 ledger. Shared by
 * server and UI; the rules are the service's.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';

/**
 * How a stay ends (离站方式): return_home 返乡（乘车凭证）; collected_by_family 亲属接领; self_departure 自行离站;
 * transfer 转送（站际护送或转入机构）; left_without_formalities 未办手续自行离开（视为放弃救助）; death 死亡.
 */
export const RESCUE_DEPARTURE_KINDS = [
  'return_home',
  'collected_by_family',
  'self_departure',
  'transfer',
  'left_without_formalities',
  'death',
] as const;
export const rescueDepartureKindSchema = z
  .enum(RESCUE_DEPARTURE_KINDS)
  .describe(
    'return_home 返乡；collected_by_family 亲属接领；self_departure 自行离站；transfer 转送；left_without_formalities 未办手续自行离开；death 死亡',
  );
export type RescueDepartureKind = z.infer<typeof rescueDepartureKindSchema>;

export const RESCUE_DEPARTURE_KIND_LABELS: Record<RescueDepartureKind, string> = {
  return_home: '返乡（发放乘车凭证）',
  collected_by_family: '亲属接领',
  self_departure: '自行离站（签署声明书）',
  transfer: '转送（站际护送或转入机构）',
  left_without_formalities: '未办手续自行离开（视为放弃救助）',
  death: '死亡',
};

/** How a case was closed (close_kind): a departure kind, `settlement` (落户安置) or `merged_duplicate`. */
export const RESCUE_CLOSE_KIND_LABELS: Record<string, string> = {
  ...RESCUE_DEPARTURE_KIND_LABELS,
  settlement: '落户安置',
  merged_duplicate: '人员合并后重复案件',
};

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
const id = z.string().min(1).max(64);

/** R-RES-07: travel voucher (乘车凭证): direct where a direct route exists, else the transfer station is named. */
export const travelVoucherSchema = z.object({
  routeKind: z.enum(['direct', 'transfer']).describe('direct 直达；transfer 需中转（须写明中转站）'),
  /** Required when `routeKind` is transfer. */
  transferStation: optionalText(100),
  voucherNo: optionalText(50),
  /** Means of transport and line, e.g. 长沙南—怀化南 G1234. */
  route: optionalText(200),
});

/** R-RES-07: the relative who collects the person: checked id number (stored masked and keyed), id copy attachment. */
export const collectorSchema = z.object({
  name: text(50),
  relation: text(20),
  residentId: z.string().trim().min(15).max(18),
  phone: optionalText(30),
  /** The `rescue_case` attachment of kind `collector_id_copy` (required: a handover without it is invalid). */
  idCopyAttachmentId: id.nullish(),
});

/** One belonging of the intake register returned (or not, with the reason). */
export const belongingReturnSchema = z.object({
  itemId: id,
  returned: z.boolean(),
  /** Required when not returned (e.g. 本人自愿放弃、已随转送移交). */
  reason: optionalText(200),
});

/** One cash payment for local transport (R-RES-07: at most 20 yuan, configuration `cashCapFen`). */
export const cashPaymentSchema = z.object({
  amountFen: z.number().int().min(1).max(10_000_000),
  purpose: optionalText(100),
});

export const recordDepartureBody = z.object({
  kind: rescueDepartureKindSchema,
  /** The day the person left (default today); never in the future. */
  departedOn: plainDateSchema.optional(),
  /** Where the person goes (home address, receiving station or institution). */
  destination: optionalText(200),
  travelVoucher: travelVoucherSchema.nullish(),
  collector: collectorSchema.nullish(),
  /** Escort (护送人) for a transfer or an escorted return. */
  escort: optionalText(100),
  /** R-RES-02: the station's consent for a minor (under `stationConsentUnderAge`): who consented. */
  consentBy: optionalText(50),
  consentNote: optionalText(200),
  /** R-RES-02: the signed 自行离站声明书 (attachment of kind `signed_declaration`). */
  declarationAttachmentId: id.nullish(),
  /** Transfer: to another station (inter-station escort) or an institution. */
  transferTo: z.enum(['station', 'institution']).nullish(),
  transferToName: optionalText(100),
  /** Leaving without formalities: from the station or from a hospital; the written record. */
  leftFrom: z.enum(['station', 'hospital']).nullish(),
  /** Death: the date (recorded in the people index) and the cause/place as known. */
  deathDate: plainDateSchema.nullish(),
  deathCause: optionalText(200),
  cashPayments: z.array(cashPaymentSchema).max(10).default([]),
  /** R-RES-07: the signed receipt for cash (attachment of kind `signed_receipt`). */
  cashReceiptAttachmentId: id.nullish(),
  belongings: z.array(belongingReturnSchema).max(500).default([]),
  /** The person's signature for the belongings returned: a signed receipt attachment, or signed on paper (checkbox). */
  belongingsReceiptAttachmentId: id.nullish(),
  belongingsSigned: z.boolean().default(false),
  /** Written record (情况说明): required for leaving without formalities and for death. */
  note: optionalText(1000),
});
export type RecordDepartureBody = z.input<typeof recordDepartureBody>;

export const departurePaymentView = z.object({ amountFen: z.number().int(), purpose: z.string().nullable() });
export const departureBelongingView = z.object({
  itemId: z.string(),
  description: z.string(),
  returned: z.boolean(),
  reason: z.string().nullable(),
});

export const departureView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  divisionCode: z.string(),
  personName: z.string().nullable(),
  kind: rescueDepartureKindSchema,
  kindLabel: z.string(),
  departedOn: z.string(),
  destination: z.string().nullable(),
  routeKind: z.enum(['direct', 'transfer']).nullable(),
  transferStation: z.string().nullable(),
  voucherNo: z.string().nullable(),
  route: z.string().nullable(),
  collectorName: z.string().nullable(),
  collectorRelation: z.string().nullable(),
  /** Masked: 4301**********1234. The full number is never answered nor logged. */
  collectorResidentIdMasked: z.string().nullable(),
  collectorIdCopyAttachmentId: z.string().nullable(),
  escort: z.string().nullable(),
  consentBy: z.string().nullable(),
  consentNote: z.string().nullable(),
  declarationNo: z.string().nullable(),
  declarationAttachmentId: z.string().nullable(),
  transferTo: z.enum(['station', 'institution']).nullable(),
  transferToName: z.string().nullable(),
  leftFrom: z.enum(['station', 'hospital']).nullable(),
  deathDate: z.string().nullable(),
  deathCause: z.string().nullable(),
  cashTotalFen: z.number().int(),
  cashPayments: z.array(departurePaymentView),
  cashReceiptAttachmentId: z.string().nullable(),
  belongings: z.array(departureBelongingView),
  belongingsReceiptAttachmentId: z.string().nullable(),
  belongingsSigned: z.boolean(),
  note: z.string().nullable(),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type DepartureView = z.infer<typeof departureView>;

/** Whether one kind is allowed for this person today, and why not (shown next to the kind). */
export const departureKindOption = z.object({
  kind: rescueDepartureKindSchema,
  label: z.string(),
  allowed: z.boolean(),
  /** Chinese reason when blocked; or what the kind needs (e.g. 须经站方同意). */
  reason: z.string().nullable(),
  /** The kind needs the station's consent (minor under `stationConsentUnderAge`). */
  needsConsent: z.boolean(),
});

export const belongingItemView = z.object({ itemId: z.string(), description: z.string() });

export const settlementCheckView = z.object({
  /** Days in care today (entry day = day 0). */
  daysInCare: z.number().int(),
  longTermFrom: z.string(),
  longTerm: z.boolean(),
  identityUnknown: z.boolean(),
  dnaEvidence: z.boolean(),
  faceEvidence: z.boolean(),
  /** Chinese reasons settlement cannot be applied for now (empty: allowed). */
  blockers: z.array(z.string()),
});

export const SETTLEMENT_MATERIALS = [
  'application_form',
  'case_file',
  'dna_record',
  'face_record',
  'search_notice',
  'police_certificate',
  'photo',
  'hukou_application',
] as const;
export const SETTLEMENT_MATERIAL_LABELS: Record<(typeof SETTLEMENT_MATERIALS)[number], string> = {
  application_form: '落户安置申请表',
  case_file: '救助档案（入站登记、照料记录）',
  dna_record: 'DNA采集与比对记录',
  face_record: '人像比对记录',
  search_notice: '寻亲公告及发布记录',
  police_certificate: '公安机关出具的查询情况说明',
  photo: '本人近期照片',
  hukou_application: '户口登记申报材料',
};
export const settlementMaterialSchema = z.enum(SETTLEMENT_MATERIALS);

export const applySettlementBody = z.object({
  /** The public welfare institution with a collective hukou (集体户) where the person is registered. */
  collectiveHukouInstitution: text(100),
  /** 流入地: where the person was found (default: the case's place found). */
  foundPlace: optionalText(200),
  /** The division of the place found (流入地区划, county code); default the station's county. */
  foundDivisionCode: divisionCodeSchema.optional(),
  /** The materials checklist: the ones prepared. */
  materials: z.array(settlementMaterialSchema).max(20).default([]),
  note: optionalText(1000),
  /** Attachments on the case cited by the application (at least one: the approval needs them). */
  attachmentIds: z.array(id).max(20).default([]),
});
export type ApplySettlementBody = z.input<typeof applySettlementBody>;

export const settlementStatusSchema = z
  .enum(['pending', 'approved', 'rejected', 'withdrawn'])
  .describe('pending 审批中；approved 已批准（已落户安置）；rejected 未批准；withdrawn 已撤回');
export const SETTLEMENT_STATUS_LABELS: Record<z.infer<typeof settlementStatusSchema>, string> = {
  pending: '审批中',
  approved: '已批准',
  rejected: '未批准',
  withdrawn: '已撤回',
};

export const settlementView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  divisionCode: z.string(),
  personName: z.string().nullable(),
  status: settlementStatusSchema,
  statusLabel: z.string(),
  approvalId: z.string().nullable(),
  collectiveHukouInstitution: z.string(),
  foundPlace: z.string().nullable(),
  foundDivisionCode: z.string(),
  materials: z.array(settlementMaterialSchema),
  appliedOn: z.string(),
  daysInCare: z.number().int(),
  note: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  createdBy: z.string(),
});
export type SettlementView = z.infer<typeof settlementView>;

/** Everything the case page's 离站与安置 section shows. */
export const departureOptionsView = z.object({
  caseId: z.string(),
  caseNo: z.string(),
  status: z.string(),
  open: z.boolean(),
  closeKind: z.string().nullable(),
  closeNote: z.string().nullable(),
  /** Age in full years today (birth date, or estimated age at entry + years since); null when unknown. */
  age: z.number().int().nullable(),
  civilCapacity: z.string(),
  kinds: z.array(departureKindOption),
  cashCapFen: z.number().int(),
  cashCapScope: z.enum(['per_departure', 'per_payment']),
  belongings: z.array(belongingItemView),
  /** Whether R2's belongings register could be read (false: no register on this installation yet). */
  belongingsRegister: z.boolean(),
  declarationNo: z.string().nullable(),
  departure: departureView.nullable(),
  settlement: settlementView.nullable(),
  settlementCheck: settlementCheckView,
});
export type DepartureOptionsView = z.infer<typeof departureOptionsView>;

export const DEPARTURE_SORT_FIELDS = ['date', 'caseNo', 'stationName'] as const;
export const DEPARTURE_SORT_LABELS = { date: '日期', caseNo: '案件编号', stationName: '救助管理站' } as const;

export const departuresQuery = z.object({
  type: z.enum(['departure', 'settlement']).optional().describe('departure 离站；settlement 落户安置'),
  kind: rescueDepartureKindSchema.optional(),
  stationId: id.optional(),
  division: divisionCodeSchema.optional(),
  from: plainDateSchema.optional(),
  to: plainDateSchema.optional(),
  q: z.string().trim().max(50).optional().describe('案件编号或姓名'),
  /** 默认：日期倒序。 */
  sort: sortParam(DEPARTURE_SORT_FIELDS, DEPARTURE_SORT_LABELS),
});

/** One row of the 离站与安置 ledger: a departure or a settlement file. */
export const departureLedgerRow = z.object({
  type: z.enum(['departure', 'settlement']),
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  personName: z.string().nullable(),
  stationId: z.string(),
  stationName: z.string(),
  divisionCode: z.string(),
  /** Departure kind or `settlement`. */
  kind: z.string(),
  kindLabel: z.string(),
  /** Departure date, or the settlement's application date. */
  date: z.string(),
  destination: z.string().nullable(),
  cashTotalFen: z.number().int(),
  /** Settlement approval state (null for departures). */
  settlementStatus: settlementStatusSchema.nullable(),
  approvalId: z.string().nullable(),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  recordedBy: z.string(),
});
export type DepartureLedgerRow = z.infer<typeof departureLedgerRow>;
