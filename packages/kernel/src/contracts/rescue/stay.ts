/**
 * Contracts of the rescue line's stay concern (站内照料与站外托养): services log (R-RES-04; no fee or
 * labour item, R-RES-02/08 — the bodies are strict, so a `feeFen` or `charge` field is refused), stay
 * limit and extensions (R-RES-05), placements and supervision visits (R-RES-13), minors (R-RES-16) and
 * fund items (R-RES-17). Shared by server and UI; the rules are the service's.
 */
import { z } from 'zod';
import { sortParam } from '../sort';
import { rescueStayStatusSchema } from './intake';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 年-月-日' });
const id = z.string().min(1).max(64);
const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max, { message: `${label}不超过 ${max} 字` });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** R-RES-04: the services a station gives — a closed list without any fee, charge or labour kind. */
export const RESCUE_SERVICE_KIND_VALUES = [
  'food',
  'lodging',
  'medical',
  'contact_help',
  'travel_voucher',
  'clothing',
  'other',
] as const;
export const rescueServiceKindSchema = z.enum(RESCUE_SERVICE_KIND_VALUES, {
  error: () => '服务类型无效：救助无偿提供，不能登记收费或劳动项目',
});
export const RESCUE_SERVICE_KIND_NAMES: Record<(typeof RESCUE_SERVICE_KIND_VALUES)[number], string> = {
  food: '饮食',
  lodging: '住宿',
  medical: '医疗救治',
  contact_help: '协助联系亲属或所在单位',
  travel_voucher: '返乡乘车凭证',
  clothing: '衣物',
  other: '其他服务',
};

/** Record a service: strict — no amount, fee or labour field exists. */
export const recordRescueServiceBody = z.strictObject({
  kind: rescueServiceKindSchema,
  serviceDate: day,
  description: text(500, '服务内容'),
  providedBy: text(100, '服务提供人'),
});

export const rescueServiceView = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: rescueServiceKindSchema,
  kindLabel: z.string(),
  serviceDate: z.string(),
  description: z.string(),
  providedBy: z.string(),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  createdBy: z.string(),
  createdAt: z.string(),
});
export type RescueServiceView = z.infer<typeof rescueServiceView>;

export const rescueExtensionStatusSchema = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);
export const RESCUE_EXTENSION_STATUS_NAMES = {
  pending: '审批中',
  approved: '已批准',
  rejected: '未批准',
  withdrawn: '已撤回',
} as const;

export const requestStayExtensionBody = z.strictObject({
  reason: text(500, '延期理由'),
  requestedUntil: day,
  attachmentIds: z.array(id).max(20).optional(),
});

export const rescueExtensionView = z.object({
  id: z.string(),
  caseId: z.string(),
  reason: z.string(),
  requestedUntil: z.string(),
  status: rescueExtensionStatusSchema,
  approvalId: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  createdBy: z.string(),
  createdAt: z.string(),
});
export type RescueExtensionView = z.infer<typeof rescueExtensionView>;

/** The stay limit of a case today (R-RES-05) and its stranded status, computed (R-RES-11). */
export const rescueStayView = z.object({
  caseId: z.string(),
  open: z.boolean(),
  status: z.string(),
  entryDate: z.string(),
  today: z.string(),
  over: z.boolean(),
  applies: z.boolean(),
  limitEnd: z.string().nullable(),
  overFrom: z.string().nullable(),
  extendedUntil: z.string().nullable(),
  effectiveEnd: z.string().nullable(),
  stayStatus: rescueStayStatusSchema,
  canRequestExtension: z.boolean(),
  extensions: z.array(rescueExtensionView),
});
export type RescueStayView = z.infer<typeof rescueStayView>;

// ----- placements -----

export const rescuePlacementKindSchema = z.enum(['foster', 'hospital']);
export const RESCUE_PLACEMENT_KIND_NAMES = { foster: '站外托养', hospital: '送医治疗' } as const;

export const placeRescueCaseBody = z.strictObject({
  partnerId: id,
  startedOn: day,
  reason: text(500, '站外托养理由'),
});
export const endRescuePlacementBody = z.strictObject({
  endedOn: day,
  endReason: text(200, '回站原因'),
});

export const rescuePlacementView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  personId: z.string(),
  nameGiven: z.string().nullable(),
  sex: z.string(),
  identityStatus: z.string(),
  kind: rescuePlacementKindSchema,
  responsibleStationId: z.string(),
  responsibleStationName: z.string(),
  divisionCode: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  partnerQualification: z.string(),
  agreementId: z.string(),
  agreementNo: z.string(),
  agreementValidUntil: z.string(),
  reason: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  status: z.enum(['active', 'ended']),
  lastVisitOn: z.string().nullable(),
  visitDueOn: z.string().nullable(),
  visitOverdue: z.boolean(),
});
export type RescuePlacementView = z.infer<typeof rescuePlacementView>;

export const rescueInspectionBrief = z.object({
  id: z.string(),
  inspectedOn: z.string(),
  inspector: z.string(),
  result: z.string(),
  findings: z.string(),
  rectifyBy: z.string().nullable(),
});

export const rescueCasePlacementsView = z.object({
  placements: z.array(rescuePlacementView.extend({ inspections: z.array(rescueInspectionBrief) })),
  options: z.array(
    z.object({
      partnerId: z.string(),
      partnerName: z.string(),
      partnerKind: rescuePlacementKindSchema,
      ownership: z.string(),
      qualification: z.string(),
      agreementId: z.string(),
      agreementNo: z.string(),
      validUntil: z.string(),
      places: z.number().int(),
      placed: z.number().int(),
    }),
  ),
});
export type RescueCasePlacementsView = z.infer<typeof rescueCasePlacementsView>;

export const RESCUE_PLACEMENT_SORT_LABELS = {
  startedOn: '托养开始日期',
  lastVisitOn: '最近走访日期',
  caseNo: '案件编号',
  partnerName: '托养机构',
} as const;

/** 站外托养台账 filter. */
export const rescuePlacementsQuery = z.object({
  division: z
    .string()
    .regex(/^[0-9]{6}([0-9]{3})?$/)
    .optional(),
  status: z.enum(['active', 'ended']).optional(),
  kind: rescuePlacementKindSchema.optional(),
  partnerId: id.optional(),
  q: z.string().trim().max(50).optional(),
  overdue: z
    .enum(['1', '0', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  sort: sortParam(['startedOn', 'lastVisitOn', 'caseNo', 'partnerName'], RESCUE_PLACEMENT_SORT_LABELS),
});

export const rescueScorecardRow = z.object({
  partnerId: z.string(),
  partnerName: z.string(),
  kind: rescuePlacementKindSchema,
  ownership: z.string(),
  qualification: z.string(),
  placedCount: z.number().int(),
  visitsTotal: z.number().int(),
  visitsOnTime: z.number().int(),
  onTimePct: z.number().nullable(),
  overdueVisits: z.number().int(),
  incidents: z.number().int(),
  lastInspection: z.object({ id: z.string(), inspectedOn: z.string(), result: z.string() }).nullable(),
});
export type RescueScorecardRow = z.infer<typeof rescueScorecardRow>;

// ----- visits -----

export const recordRescueVisitBody = z.strictObject({
  visitDate: day,
  visitor: text(100, '走访人员'),
  findings: text(1000, '走访情况'),
  problem: z.boolean().default(false),
  evidenceIds: z.array(id).min(1, { message: '请上传至少一张探访照片' }).max(20),
});

export const rescueVisitView = z.object({
  id: z.string(),
  placementId: z.string(),
  caseId: z.string(),
  partnerId: z.string(),
  visitDate: z.string(),
  visitor: z.string(),
  findings: z.string(),
  problem: z.boolean(),
  evidenceIds: z.array(z.string()),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  createdBy: z.string(),
  createdAt: z.string(),
});
export type RescueVisitView = z.infer<typeof rescueVisitView>;

export const rescueOverdueVisitView = z.object({
  placementId: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  nameGiven: z.string().nullable(),
  stationId: z.string(),
  stationName: z.string(),
  divisionCode: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  startedOn: z.string(),
  lastVisitOn: z.string().nullable(),
  dueOn: z.string(),
  daysOverdue: z.number().int(),
});

// ----- minors -----

export const rescueEducationKindSchema = z.enum(['school', 'vocational', 'none']);
export const RESCUE_EDUCATION_KIND_NAMES = {
  school: '入学就读',
  vocational: '职业技能培训（14周岁以上、本人自愿）',
  none: '暂不安排（须说明原因）',
} as const;
export const arrangeRescueEducationBody = z.strictObject({
  kind: rescueEducationKindSchema,
  institution: optionalText(100),
  fromDate: day.nullish(),
  willing: z.boolean().default(false),
  reason: optionalText(500),
});
export const rescueGuardianshipFindingSchema = z.enum(['able', 'unable', 'refuse']);
export const RESCUE_GUARDIANSHIP_FINDING_NAMES = {
  able: '监护人能够履行监护职责',
  unable: '监护人无力履行监护职责',
  refuse: '监护人拒不履行监护职责',
} as const;
export const assessRescueGuardianshipBody = z.strictObject({
  assessedOn: day,
  finding: rescueGuardianshipFindingSchema,
  persistentRefusal: z.boolean().default(false),
  note: optionalText(500),
});
export const rescueEducationView = z.object({
  id: z.string(),
  kind: rescueEducationKindSchema,
  kindLabel: z.string(),
  institution: z.string().nullable(),
  fromDate: z.string().nullable(),
  willing: z.boolean(),
  reason: z.string().nullable(),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  createdBy: z.string(),
  createdAt: z.string(),
});
export const rescueGuardianshipView = z.object({
  id: z.string(),
  assessedOn: z.string(),
  finding: rescueGuardianshipFindingSchema,
  findingLabel: z.string(),
  persistentRefusal: z.boolean(),
  note: z.string().nullable(),
  courtSuggestion: z.string().nullable(),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  createdBy: z.string(),
  createdAt: z.string(),
});
export const rescueMinorView = z.object({
  minor: z.boolean(),
  age: z.number().int().nullable(),
  vocationalAllowed: z.boolean(),
  education: z.array(rescueEducationView),
  guardianship: z.array(rescueGuardianshipView),
});
export type RescueMinorView = z.infer<typeof rescueMinorView>;

// ----- funds -----

/**
 * R-RES-17: the category is a free string at the HTTP edge so that a refused category (construction …)
 * answers with the rule's own message (422 `RESCUE_FUND_CATEGORY_NOT_ALLOWED`), not a schema error.
 */
export const RESCUE_FUND_CATEGORY_VALUES = ['living', 'medical', 'purchased_service'] as const;
export const RESCUE_FUND_CATEGORY_NAMES = {
  living: '受助人员生活费',
  medical: '医疗救治',
  purchased_service: '购买服务',
} as const;
export const RESCUE_PURCHASE_JUSTIFICATION_NAMES = {
  specialist: '专业性强、工作人员无法承担',
  staffing_gap: '弥补人手不足',
  vehicle_gap: '弥补车辆不足',
} as const;
export const recordRescueFundItemBody = z.strictObject({
  caseId: id.nullish(),
  stationId: id.nullish(),
  category: z.string().trim().min(1).max(40),
  amountFen: z.number().int().positive({ message: '金额须大于0' }).max(100_000_000_00),
  spentOn: day,
  description: text(500, '支出说明'),
  justification: z.string().trim().max(40).nullish(),
});
export const rescueFundItemView = z.object({
  id: z.string(),
  stationId: z.string(),
  caseId: z.string().nullable(),
  category: z.enum(RESCUE_FUND_CATEGORY_VALUES),
  categoryLabel: z.string(),
  amountFen: z.number().int(),
  spentOn: z.string(),
  description: z.string(),
  justification: z.string().nullable(),
  justificationLabel: z.string().nullable(),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  createdBy: z.string(),
  createdAt: z.string(),
});
export type RescueFundItemView = z.infer<typeof rescueFundItemView>;
