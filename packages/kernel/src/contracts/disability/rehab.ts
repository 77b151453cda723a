/**
 * Contracts of the disability line's rehabilitation and devices concern (R-DIS-09, R-DIS-10): community
 * mental-health rehabilitation institutions (精神障碍社区康复机构) and their service records, patients living
 * at home per county and year, county coverage against the 2025 targets, assistive devices (康复辅助器具:
 * catalogue, rental points with stock, rentals with subsidy) and 福康工程 cases.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max, { message: `${label}不超过 ${max} 个字` });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `不超过 ${max} 个字` })
    .nullish()
    .transform((v) => (v ? v : null));
const recordId = z.string().min(1).max(64);
const fen = (max = 100_000_000) => z.number().int().min(0).max(max);
const countyCode = z.string().regex(/^\d{6}$/, { message: '请填写 6 位县级区划代码' });

// ----- institutions -----

export const REHAB_INSTITUTION_KINDS = ['community_rehab', 'mental_health_welfare'] as const;
export type RehabInstitutionKind = (typeof REHAB_INSTITUTION_KINDS)[number];
export const REHAB_INSTITUTION_KIND_LABELS: Record<RehabInstitutionKind, string> = {
  community_rehab: '精神障碍社区康复机构',
  mental_health_welfare: '民政精神卫生福利机构',
};

export const REHAB_SERVICES = [
  'daily_life',
  'social_skills',
  'vocational',
  'family_support',
  'medication',
  'psychological',
  'peer_support',
] as const;
export type RehabService = (typeof REHAB_SERVICES)[number];
export const REHAB_SERVICE_LABELS: Record<RehabService, string> = {
  daily_life: '生活技能训练',
  social_skills: '社交技能训练',
  vocational: '职业康复',
  family_support: '家属支持',
  medication: '服药训练与管理',
  psychological: '心理疏导',
  peer_support: '同伴支持',
};

export const rehabPilotSchema = z.object({
  /** The pilot fund's reference (批复文号/资金编号): one fund, one site. */
  fundRef: text('试点资金文号', 60),
  amountFen: fen(),
  year: z.number().int().min(2015).max(2100),
});

export const newRehabInstitutionBody = z.object({
  name: text('机构名称', 60),
  kind: z.enum(REHAB_INSTITUTION_KINDS),
  /** County (6) or township (9) the institution sits in. */
  divisionCode: divisionCodeSchema,
  /** City districts (市辖区) this city institution serves, each counted once for its district. */
  servesDistricts: z.array(countyCode).max(30).default([]),
  capacity: z.number().int().min(0).max(10_000),
  services: z.array(z.enum(REHAB_SERVICES)).min(1, { message: '请至少选择一项服务' }),
  address: optionalText(120),
  phone: optionalText(30),
  pilot: rehabPilotSchema.nullish().transform((v) => v ?? null),
});
export type NewRehabInstitutionBody = z.infer<typeof newRehabInstitutionBody>;

export const editRehabInstitutionBody = newRehabInstitutionBody
  .omit({ kind: true, divisionCode: true })
  .extend({ status: z.enum(['active', 'closed']), version: z.number().int().min(1) });
export type EditRehabInstitutionBody = z.infer<typeof editRehabInstitutionBody>;

export const rehabInstitutionView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(REHAB_INSTITUTION_KINDS),
  kindLabel: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  countyCode: z.string(),
  servesDistricts: z.array(z.string()),
  servesDistrictNames: z.array(z.string()),
  capacity: z.number(),
  services: z.array(z.enum(REHAB_SERVICES)),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  pilot: rehabPilotSchema.nullable(),
  enrolled: z.number(),
  standard: z.string(),
  status: z.enum(['active', 'closed']),
  version: z.number(),
});
export type RehabInstitutionView = z.infer<typeof rehabInstitutionView>;

export const REHAB_INSTITUTION_SORT_FIELDS = ['name', 'divisionCode', 'capacity'] as const;
export const REHAB_INSTITUTION_SORT_LABELS = {
  name: '机构名称',
  divisionCode: '行政区划',
  capacity: '服务容量',
} as const;
export const rehabInstitutionsQuery = z.object({
  division: divisionCodeSchema.optional(),
  kind: z.enum(REHAB_INSTITUTION_KINDS).optional(),
  status: z.enum(['active', 'closed']).optional(),
  q: z.string().trim().max(50).optional().describe('机构名称'),
  sort: sortParam(REHAB_INSTITUTION_SORT_FIELDS, REHAB_INSTITUTION_SORT_LABELS),
});
export type RehabInstitutionsQuery = z.infer<typeof rehabInstitutionsQuery>;

// ----- service records -----

export const REHAB_BASES = ['certificate', 'home_patient'] as const;
export type RehabBasis = (typeof REHAB_BASES)[number];
export const REHAB_BASIS_LABELS: Record<RehabBasis, string> = {
  certificate: '精神残疾持证人',
  home_patient: '居家精神障碍患者',
};

export const newRehabEnrolmentBody = z.object({
  institutionId: recordId,
  personId: recordId,
  basis: z.enum(REHAB_BASES),
  /** Where the person lives (township or county): counts for that county's coverage. */
  divisionCode: divisionCodeSchema,
  enrolledOn: plainDateSchema,
  note: optionalText(200),
});
export type NewRehabEnrolmentBody = z.infer<typeof newRehabEnrolmentBody>;

export const rehabDischargeBody = z.object({
  dischargedOn: plainDateSchema,
  reason: text('结案原因', 200),
});
export type RehabDischargeBody = z.infer<typeof rehabDischargeBody>;

export const REHAB_SESSION_KINDS = REHAB_SERVICES;
export const newRehabSessionBody = z.object({
  heldOn: plainDateSchema,
  kind: z.enum(REHAB_SERVICES),
  minutes: z
    .number()
    .int()
    .min(1)
    .max(600)
    .nullish()
    .transform((v) => v ?? null),
  note: optionalText(200),
});
export type NewRehabSessionBody = z.infer<typeof newRehabSessionBody>;

export const rehabSessionView = z.object({
  id: z.string(),
  heldOn: z.string(),
  kind: z.enum(REHAB_SERVICES),
  kindLabel: z.string(),
  minutes: z.number().nullable(),
  note: z.string().nullable(),
});
export type RehabSessionView = z.infer<typeof rehabSessionView>;

export const rehabEnrolmentView = z.object({
  id: z.string(),
  institutionId: z.string(),
  institutionName: z.string(),
  personId: z.string(),
  personName: z.string(),
  residentIdMasked: z.string().nullable(),
  basis: z.enum(REHAB_BASES),
  basisLabel: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  enrolledOn: z.string(),
  dischargedOn: z.string().nullable(),
  dischargeReason: z.string().nullable(),
  status: z.enum(['enrolled', 'discharged']),
  sessions: z.number(),
  lastSessionOn: z.string().nullable(),
});
export type RehabEnrolmentView = z.infer<typeof rehabEnrolmentView>;
export const rehabEnrolmentDetailView = rehabEnrolmentView.extend({ sessionList: z.array(rehabSessionView) });
export type RehabEnrolmentDetailView = z.infer<typeof rehabEnrolmentDetailView>;

export const REHAB_ENROLMENT_SORT_FIELDS = ['enrolledOn', 'divisionCode', 'lastSessionOn'] as const;
export const REHAB_ENROLMENT_SORT_LABELS = {
  enrolledOn: '入组日期',
  divisionCode: '居住地',
  lastSessionOn: '最近服务日期',
} as const;
export const rehabEnrolmentsQuery = z.object({
  division: divisionCodeSchema.optional(),
  institutionId: z.string().max(64).optional(),
  basis: z.enum(REHAB_BASES).optional(),
  status: z.enum(['enrolled', 'discharged']).optional(),
  from: plainDateSchema.optional().describe('入组日期起'),
  to: plainDateSchema.optional().describe('入组日期止'),
  q: z.string().trim().max(50).optional().describe('姓名'),
  sort: sortParam(REHAB_ENROLMENT_SORT_FIELDS, REHAB_ENROLMENT_SORT_LABELS),
});
export type RehabEnrolmentsQuery = z.infer<typeof rehabEnrolmentsQuery>;

// ----- patients living at home (the coverage denominator) -----

export const homePatientsBody = z.object({
  countyCode,
  year: z.number().int().min(2015).max(2100),
  patients: z.number().int().min(0).max(1_000_000),
  source: text('数据来源', 120),
});
export type HomePatientsBody = z.infer<typeof homePatientsBody>;

export const homePatientsView = homePatientsBody.extend({
  id: z.string(),
  countyName: z.string(),
  updatedAt: z.string(),
});
export type HomePatientsView = z.infer<typeof homePatientsView>;
export const homePatientsQuery = z.object({
  division: divisionCodeSchema.optional(),
  year: z.coerce.number().int().min(2015).max(2100).optional(),
});

// ----- coverage against the 2025 targets -----

export const rehabCoverageQuery = z.object({
  division: divisionCodeSchema.optional(),
  year: z.coerce.number().int().min(2015).max(2100).optional(),
});
export type RehabCoverageQuery = z.infer<typeof rehabCoverageQuery>;

export const rehabCountyCoverage = z.object({
  countyCode: z.string(),
  countyName: z.string(),
  cityCode: z.string(),
  cityName: z.string(),
  /** A city district (市辖区): relies on city institutions, one per district. */
  isDistrict: z.boolean(),
  ownInstitutions: z.number(),
  /** City institutions serving this district. */
  cityInstitutions: z.number(),
  institutionsTarget: z.number(),
  institutionsMet: z.boolean(),
  offersServices: z.boolean(),
  homePatients: z.number().nullable(),
  homePatientsSource: z.string().nullable(),
  served: z.number(),
  /** Percent with one decimal; null when no patients-at-home figure was entered. */
  servedPercent: z.number().nullable(),
  servedMet: z.boolean().nullable(),
});
export type RehabCountyCoverage = z.infer<typeof rehabCountyCoverage>;

export const rehabCoverageView = z.object({
  year: z.number(),
  targets: z.object({
    countiesOfferingPercent: z.number(),
    homePatientsServedPercent: z.number(),
    institutionsPerCounty: z.number(),
    institutionsPerDistrict: z.number(),
    welfareInstitutionsPerPrefecture: z.number(),
    targetYear: z.number(),
    basis: z.string(),
  }),
  counties: z.array(rehabCountyCoverage),
  prefectures: z.array(
    z.object({
      cityCode: z.string(),
      cityName: z.string(),
      welfareInstitutions: z.number(),
      met: z.boolean(),
    }),
  ),
  /** Over the counties listed. */
  overall: z.object({
    counties: z.number(),
    offering: z.number(),
    offeringPercent: z.number(),
    met: z.boolean(),
  }),
});
export type RehabCoverageView = z.infer<typeof rehabCoverageView>;

// ----- assistive devices -----

export const DEVICE_CATEGORIES = [
  'mobility',
  'self_care',
  'vision',
  'hearing',
  'communication',
  'rehab_training',
  'other',
] as const;
export type DeviceCategory = (typeof DEVICE_CATEGORIES)[number];
export const DEVICE_CATEGORY_LABELS: Record<DeviceCategory, string> = {
  mobility: '个人移动辅助器具',
  self_care: '生活自理和防护辅助器具',
  vision: '视力辅助器具',
  hearing: '听力辅助器具',
  communication: '沟通和信息辅助器具',
  rehab_training: '康复训练辅助器具',
  other: '其他',
};

export const deviceItemBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{2,20}$/, { message: '编码为 2–20 位字母、数字或“-”' }),
  name: text('名称', 60),
  category: z.enum(DEVICE_CATEGORIES),
  rentalFenPerMonth: fen(10_000_000),
  purchaseCapFen: fen(100_000_000),
  status: z.enum(['active', 'withdrawn']).default('active'),
});
export type DeviceItemBody = z.infer<typeof deviceItemBody>;
export const deviceItemView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  category: z.enum(DEVICE_CATEGORIES),
  categoryLabel: z.string(),
  rentalFenPerMonth: z.number(),
  purchaseCapFen: z.number(),
  status: z.enum(['active', 'withdrawn']),
});
export type DeviceItemView = z.infer<typeof deviceItemView>;

export const RENTAL_POINT_KINDS = ['community', 'village'] as const;
export type RentalPointKind = (typeof RENTAL_POINT_KINDS)[number];
export const RENTAL_POINT_KIND_LABELS: Record<RentalPointKind, string> = {
  community: '社区租赁点',
  village: '村级租赁点',
};

export const newRentalPointBody = z.object({
  name: text('租赁点名称', 60),
  kind: z.enum(RENTAL_POINT_KINDS),
  divisionCode: divisionCodeSchema,
  /** The rehabilitation institution that runs the point, if any. */
  institutionId: recordId.nullish().transform((v) => v ?? null),
  address: optionalText(120),
});
export type NewRentalPointBody = z.infer<typeof newRentalPointBody>;

export const pointStockBody = z.object({
  itemId: recordId,
  quantity: z.number().int().min(0).max(10_000),
});
export type PointStockBody = z.infer<typeof pointStockBody>;

export const rentalPointView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(RENTAL_POINT_KINDS),
  kindLabel: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  institutionId: z.string().nullable(),
  institutionName: z.string().nullable(),
  address: z.string().nullable(),
  stock: z.array(
    z.object({
      itemId: z.string(),
      itemName: z.string(),
      quantity: z.number(),
      out: z.number(),
      available: z.number(),
    }),
  ),
  status: z.enum(['active', 'closed']),
});
export type RentalPointView = z.infer<typeof rentalPointView>;
export const rentalPointsQuery = z.object({
  division: divisionCodeSchema.optional(),
  kind: z.enum(RENTAL_POINT_KINDS).optional(),
  q: z.string().trim().max(50).optional().describe('租赁点名称'),
  sort: sortParam(['name', 'divisionCode'] as const, { name: '名称', divisionCode: '行政区划' }),
});
export type RentalPointsQuery = z.infer<typeof rentalPointsQuery>;

export const newRentalBody = z.object({
  personId: recordId,
  itemId: recordId,
  pointId: recordId,
  fromOn: plainDateSchema,
  dueOn: plainDateSchema,
  depositFen: fen(10_000_000),
  note: optionalText(200),
});
export type NewRentalBody = z.infer<typeof newRentalBody>;

export const rentalReturnBody = z.object({
  returnedOn: plainDateSchema,
  depositRefundFen: fen(10_000_000),
  note: optionalText(200),
});
export type RentalReturnBody = z.infer<typeof rentalReturnBody>;

export const rentalView = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  residentIdMasked: z.string().nullable(),
  itemId: z.string(),
  itemName: z.string(),
  pointId: z.string(),
  pointName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  fromOn: z.string(),
  dueOn: z.string(),
  returnedOn: z.string().nullable(),
  monthlyFen: z.number(),
  subsidyMonthlyFen: z.number(),
  subsidyBasis: z.string().nullable(),
  depositFen: z.number(),
  depositRefundFen: z.number().nullable(),
  status: z.enum(['out', 'returned']),
  overdue: z.boolean(),
});
export type RentalView = z.infer<typeof rentalView>;

export const RENTAL_SORT_FIELDS = ['fromOn', 'dueOn', 'divisionCode'] as const;
export const RENTAL_SORT_LABELS = {
  fromOn: '租用日期',
  dueOn: '应还日期',
  divisionCode: '行政区划',
} as const;
export const rentalsQuery = z.object({
  division: divisionCodeSchema.optional(),
  pointId: z.string().max(64).optional(),
  itemId: z.string().max(64).optional(),
  status: z.enum(['out', 'returned', 'overdue']).optional(),
  q: z.string().trim().max(50).optional().describe('姓名'),
  sort: sortParam(RENTAL_SORT_FIELDS, RENTAL_SORT_LABELS),
});
export type RentalsQuery = z.infer<typeof rentalsQuery>;

// ----- 福康工程 -----

export const FUKANG_ITEM_KINDS = ['device', 'surgery'] as const;
export type FukangItemKind = (typeof FUKANG_ITEM_KINDS)[number];
export const FUKANG_ITEM_KIND_LABELS: Record<FukangItemKind, string> = {
  device: '辅助器具',
  surgery: '矫治手术',
};
export const FUKANG_STATUSES = ['applied', 'approved', 'refused', 'delivered', 'closed'] as const;
export type FukangStatus = (typeof FUKANG_STATUSES)[number];
export const FUKANG_STATUS_LABELS: Record<FukangStatus, string> = {
  applied: '已申请',
  approved: '已批准',
  refused: '未批准',
  delivered: '已配发/已手术',
  closed: '已结案',
};

export const newFukangCaseBody = z.object({
  personId: recordId,
  divisionCode: divisionCodeSchema,
  itemKind: z.enum(FUKANG_ITEM_KINDS),
  /** The catalogue item for a device (optional); the surgery or device in words. */
  itemId: recordId.nullish().transform((v) => v ?? null),
  itemName: text('项目名称', 60),
  requestedFen: fen(),
  appliedOn: plainDateSchema,
  note: optionalText(200),
});
export type NewFukangCaseBody = z.infer<typeof newFukangCaseBody>;

export const fukangDecisionBody = z.object({
  outcome: z.enum(['approved', 'refused']),
  approvedFen: fen()
    .nullish()
    .transform((v) => v ?? null),
  decidedOn: plainDateSchema,
  reason: optionalText(200),
});
export type FukangDecisionBody = z.infer<typeof fukangDecisionBody>;

export const fukangStepBody = z.object({ on: plainDateSchema, note: optionalText(200) });
export type FukangStepBody = z.infer<typeof fukangStepBody>;

export const fukangCaseView = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  residentIdMasked: z.string().nullable(),
  divisionCode: z.string(),
  divisionName: z.string(),
  itemKind: z.enum(FUKANG_ITEM_KINDS),
  itemKindLabel: z.string(),
  itemId: z.string().nullable(),
  itemName: z.string(),
  requestedFen: z.number(),
  approvedFen: z.number().nullable(),
  status: z.enum(FUKANG_STATUSES),
  statusLabel: z.string(),
  appliedOn: z.string(),
  decidedOn: z.string().nullable(),
  deliveredOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  basis: z.string(),
  version: z.number(),
});
export type FukangCaseView = z.infer<typeof fukangCaseView>;

export const FUKANG_SORT_FIELDS = ['appliedOn', 'requestedFen', 'divisionCode'] as const;
export const FUKANG_SORT_LABELS = {
  appliedOn: '申请日期',
  requestedFen: '申请金额',
  divisionCode: '行政区划',
} as const;
export const fukangCasesQuery = z.object({
  division: divisionCodeSchema.optional(),
  status: z.enum(FUKANG_STATUSES).optional(),
  itemKind: z.enum(FUKANG_ITEM_KINDS).optional(),
  q: z.string().trim().max(50).optional().describe('姓名或项目'),
  sort: sortParam(FUKANG_SORT_FIELDS, FUKANG_SORT_LABELS),
});
export type FukangCasesQuery = z.infer<typeof fukangCasesQuery>;

/** What is due today on the devices page. */
export const devicesTodayView = z.object({
  overdueRentals: z.number(),
  fukangWaiting: z.number(),
  fukangToDeliver: z.number(),
});
export type DevicesTodayView = z.infer<typeof devicesTodayView>;
