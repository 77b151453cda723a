/**
 * Contracts of the rescue line's family concern (寻亲与团聚, issue 16 items 1 and 5; R-RES-07, R-RES-09 …
 * R-RES-12): the reunion workflow (contact → identity check → handover, or cancelled), the caseworker's
 * 寻亲 worklist, the reunions ledger and its statistics. Shared by server and UI; the rules are the service's.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';

/** How the family was found (团聚渠道): DNA 比中, face ranking, a notice's response, data comparison, other. */
export const REUNION_CHANNELS = ['dna', 'face', 'notice', 'data', 'other'] as const;
export const reunionChannelSchema = z
  .enum(REUNION_CHANNELS)
  .describe('dna DNA比对；face 人像比对；notice 寻亲公告；data 数据比对；other 其他');
export type ReunionChannel = z.infer<typeof reunionChannelSchema>;
export const REUNION_CHANNEL_LABELS: Record<ReunionChannel, string> = {
  dna: 'DNA比对',
  face: '人像比对',
  notice: '寻亲公告',
  data: '数据比对',
  other: '其他',
};

export const REUNION_STATUSES = ['contacting', 'identity_checked', 'handed_over', 'cancelled'] as const;
export const reunionStatusSchema = z
  .enum(REUNION_STATUSES)
  .describe('contacting 联系家属；identity_checked 身份已核实；handed_over 已交接；cancelled 已取消');
export type ReunionStatus = z.infer<typeof reunionStatusSchema>;
export const REUNION_STATUS_LABELS: Record<ReunionStatus, string> = {
  contacting: '联系家属中',
  identity_checked: '身份已核实，待交接',
  handed_over: '已交接（团聚）',
  cancelled: '已取消',
};

const text = (max: number) => z.string().trim().min(1, { message: '必填' }).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
const id = z.string().min(1).max(64);
const residentIdText = z.string().trim().min(15, { message: '身份证件号码应为15或18位' }).max(18);

/** Starting a reunion by hand from the case tab (a DNA 比中 by the police, a notice response, other). */
export const startReunionBody = z.object({
  channel: reunionChannelSchema,
  /** Where the lead came from, e.g. 公安DNA比中通知 编号…, 寻亲公告回复电话. */
  sourceReference: optionalText(200),
  note: optionalText(500),
});
export type StartReunionBody = z.input<typeof startReunionBody>;

/** Step 1: the family was reached (联系家属). */
export const reunionContactBody = z.object({
  familyName: text(50),
  familyRelation: text(20),
  familyPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{5,20}$/, { message: '请填写有效的联系电话' }),
  /** When the family was reached (default now). */
  contactedAt: z.iso.datetime({ offset: true }).optional(),
  note: optionalText(500),
  version: z.number().int().min(1),
});
export type ReunionContactBody = z.input<typeof reunionContactBody>;

/** Step 2: the family member's identity and the person's identity checked (身份核实). */
export const reunionIdentityBody = z.object({
  kinName: text(50),
  kinRelation: text(20),
  /**
   * The family member's resident id: validated, stored masked and as a keyed HMAC only (the handover checks
   * the collector's typed id against it), never in audit details or logs.
   */
  kinResidentId: residentIdText,
  /** A `rescue_case` attachment of kind `collector_id_copy` or `identity_document_copy`. */
  evidenceAttachmentId: id,
  /** The person's confirmed name. */
  confirmedName: text(50),
  /** The person's resident id, if known: a record of the people index holding it is proposed for merge. */
  confirmedResidentId: residentIdText.nullish().or(z.literal('')),
  note: optionalText(500),
  version: z.number().int().min(1),
});
export type ReunionIdentityBody = z.input<typeof reunionIdentityBody>;

/** Step 3: the handover (交接) — recorded as the departure `collected_by_family` (R-RES-07). */
export const reunionHandoverBody = z.object({
  /**
   * The collector, always with the resident id typed from the document shown at the handover (the page
   * pre-fills the name and relation of the family member checked at step 2, never the id). When the
   * collector is that family member (same name), the typed id must match the one checked at step 2.
   */
  collector: z.object({
    name: text(50),
    relation: text(20),
    residentId: residentIdText,
    /** Default: the family's phone recorded at the contact, when the collector is the checked member. */
    phone: optionalText(30),
    /**
     * The collector's id copy (`collector_id_copy`). Default for the checked member: step 2's evidence,
     * when it is a collector's id copy.
     */
    idCopyAttachmentId: id.nullish(),
  }),
  /** Default today; never in the future. */
  handedOverOn: plainDateSchema.optional(),
  /** The intake register as returned (see the departure body): every item still held. */
  belongings: z.array(z.object({ itemId: id, returned: z.boolean(), reason: optionalText(200) })).default([]),
  belongingsSigned: z.boolean().default(false),
  belongingsReceiptAttachmentId: id.nullish(),
  note: optionalText(500),
  version: z.number().int().min(1),
});
export type ReunionHandoverBody = z.input<typeof reunionHandoverBody>;

export const cancelReunionBody = z.object({
  reason: z.string().trim().min(2, { message: '请填写取消原因（至少 2 个字）' }).max(500),
  version: z.number().int().min(1),
});
export type CancelReunionBody = z.input<typeof cancelReunionBody>;

export const reunionView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  divisionCode: z.string(),
  personName: z.string().nullable(),
  channel: reunionChannelSchema,
  channelLabel: z.string(),
  /** H1's family candidate, when the reunion started from a confirmed candidate. */
  candidateId: z.string().nullable(),
  sourceLine: z.string().nullable(),
  sourceId: z.string().nullable(),
  sourceKind: z.string().nullable(),
  sourceReference: z.string().nullable(),
  startedHow: z.enum(['event', 'hand']),
  status: reunionStatusSchema,
  statusLabel: z.string(),
  /** What to do next, in Chinese (null once handed over or cancelled). */
  nextStep: z.string().nullable(),
  familyName: z.string().nullable(),
  familyRelation: z.string().nullable(),
  familyPhone: z.string().nullable(),
  contactedAt: z.string().nullable(),
  contactNote: z.string().nullable(),
  kinName: z.string().nullable(),
  kinRelation: z.string().nullable(),
  /** Masked (4301**********1234): the full number is never answered. */
  kinResidentIdMasked: z.string().nullable(),
  evidenceAttachmentId: z.string().nullable(),
  confirmedName: z.string().nullable(),
  confirmedResidentIdMasked: z.string().nullable(),
  /** The people-index record holding the confirmed resident id, when another than the case's. */
  confirmedPersonId: z.string().nullable(),
  /** The person-merge request made (never a merge). */
  mergeId: z.string().nullable(),
  checkedBy: z.string().nullable(),
  checkedAt: z.string().nullable(),
  departureId: z.string().nullable(),
  handedOverOn: z.string().nullable(),
  handedOverBy: z.string().nullable(),
  cancelReason: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  note: z.string().nullable(),
  startedBy: z.string(),
  startedAt: z.string(),
  entryDate: z.string(),
  /** Days from entry to handover (null until handed over). */
  daysToReunion: z.number().int().nullable(),
  version: z.number().int(),
});
export type ReunionView = z.infer<typeof reunionView>;

/** The case tab 寻亲与团聚: the reunions of the case (the open one first) and whether one may start. */
export const caseFamilyView = z.object({
  caseId: z.string(),
  caseNo: z.string(),
  open: z.boolean(),
  identityStatus: z.string(),
  /** Under the collection age or without full capacity: the collector's id copy is required (R-RES-07). */
  collectionRequired: z.boolean(),
  canStart: z.boolean(),
  reunions: z.array(reunionView),
});
export type CaseFamilyView = z.infer<typeof caseFamilyView>;

// ---------------------------------------------------------------------------------------------------
// The 寻亲 worklist
// ---------------------------------------------------------------------------------------------------

export const FAMILY_AGE_BANDS = ['minor', 'adult', 'senior', 'unknown'] as const;
export const FAMILY_AGE_BAND_LABELS: Record<(typeof FAMILY_AGE_BANDS)[number], string> = {
  minor: '未满18周岁',
  adult: '18–59周岁',
  senior: '60周岁以上',
  unknown: '年龄不详',
};
export const FAMILY_WORKLIST_SORT_FIELDS = ['entryDate', 'caseNo', 'stationName', 'candidates'] as const;
export const FAMILY_WORKLIST_SORT_LABELS = {
  entryDate: '入站日期',
  caseNo: '案件编号',
  stationName: '救助管理站',
  candidates: '待核候选数',
} as const;

export const familyWorklistQuery = z.object({
  stationId: id.optional(),
  division: divisionCodeSchema.optional(),
  sex: z.enum(['male', 'female']).optional(),
  ageBand: z.enum(FAMILY_AGE_BANDS).optional(),
  hasCandidates: z.enum(['yes', 'no']).optional().describe('yes 有待核候选；no 无'),
  q: z.string().trim().max(50).optional().describe('案件编号或姓名'),
  /** 默认：入站日期升序（在站最久的在前）。 */
  sort: sortParam(FAMILY_WORKLIST_SORT_FIELDS, FAMILY_WORKLIST_SORT_LABELS),
});
export type FamilyWorklistQuery = z.input<typeof familyWorklistQuery>;

export const familyWorklistRow = z.object({
  caseId: z.string(),
  caseNo: z.string(),
  personName: z.string().nullable(),
  sex: z.enum(['male', 'female']),
  age: z.number().int().nullable(),
  ageEstimated: z.boolean(),
  identityStatus: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  status: z.string(),
  entryDate: z.string(),
  daysInStation: z.number().int(),
  /** Family candidates waiting for review (H1's candidates; null when that store is not installed). */
  openCandidates: z.number().int().nullable(),
  /** Whether a face photo is on file (photo attachment), and whether it was compared (face record). */
  facePhoto: z.boolean(),
  faceCompared: z.boolean(),
  /** The latest 寻亲公告 number (null: none issued yet). */
  latestNoticeNo: z.string().nullable(),
  reunionId: z.string().nullable(),
  reunionStatus: reunionStatusSchema.nullable(),
  reunionStatusLabel: z.string().nullable(),
  /** What to do next, in Chinese. */
  nextStep: z.string(),
});
export type FamilyWorklistRow = z.infer<typeof familyWorklistRow>;

// ---------------------------------------------------------------------------------------------------
// The reunions ledger and statistics
// ---------------------------------------------------------------------------------------------------

export const REUNION_SORT_FIELDS = ['startedAt', 'handedOverOn', 'caseNo', 'stationName'] as const;
export const REUNION_SORT_LABELS = {
  startedAt: '发起时间',
  handedOverOn: '交接日期',
  caseNo: '案件编号',
  stationName: '救助管理站',
} as const;

export const reunionsQuery = z.object({
  channel: reunionChannelSchema.optional(),
  status: reunionStatusSchema.optional(),
  stationId: id.optional(),
  division: divisionCodeSchema.optional(),
  /** Period on the start day (or, for handed-over reunions, either day) — see docs/rescue.md. */
  from: plainDateSchema.optional(),
  to: plainDateSchema.optional(),
  q: z.string().trim().max(50).optional().describe('案件编号或姓名'),
  /** 默认：发起时间倒序。 */
  sort: sortParam(REUNION_SORT_FIELDS, REUNION_SORT_LABELS),
});
export type ReunionsQuery = z.input<typeof reunionsQuery>;

export const reunionStatisticsQuery = z.object({
  stationId: id.optional(),
  division: divisionCodeSchema.optional(),
  /** Handover day from … to (default: this year so far). */
  from: plainDateSchema.optional(),
  to: plainDateSchema.optional(),
  /** Period of the time series. */
  period: z.enum(['month', 'quarter', 'year']).default('month'),
});
export type ReunionStatisticsQuery = z.input<typeof reunionStatisticsQuery>;

/** Buckets of the time to reunion (entry → handover), in days. */
export const REUNION_DAY_BUCKETS = [
  { key: '0-3', label: '3天以内', min: 0, max: 3 },
  { key: '4-10', label: '4–10天', min: 4, max: 10 },
  { key: '11-30', label: '11–30天', min: 11, max: 30 },
  { key: '31-90', label: '31–90天', min: 31, max: 90 },
  { key: '91+', label: '90天以上', min: 91, max: null },
] as const;

export const reunionStatisticsView = z.object({
  from: z.string(),
  to: z.string(),
  period: z.enum(['month', 'quarter', 'year']),
  total: z.number().int(),
  byChannel: z.array(z.object({ channel: reunionChannelSchema, label: z.string(), count: z.number().int() })),
  medianDays: z.number().nullable(),
  distribution: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() })),
  byPeriod: z.array(
    z.object({
      period: z.string(),
      total: z.number().int(),
      byChannel: z.record(z.string(), z.number().int()),
      medianDays: z.number().nullable(),
    }),
  ),
});
export type ReunionStatisticsView = z.infer<typeof reunionStatisticsView>;
