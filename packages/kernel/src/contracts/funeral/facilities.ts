/**
 * Contracts of the funeral line's facilities concern (shared by the API and the web app): the facilities
 * registry (殡葬设施) with its approval chain (R-FUN-05), annual inspections (年检), online approvals
 * (殡仪馆备案审核, 公墓年检审核, 公墓建设及许可事项变更; R-FUN-13) and the zones / transport rules lookup
 * (R-FUN-01, R-FUN-04, R-FUN-09).
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

export const FUNERAL_FACILITY_KINDS = [
  'funeral_home',
  'crematorium',
  'service_station',
  'columbarium',
  'cemetery_commercial',
  'cemetery_public_benefit',
  'rural_public_cemetery',
] as const;
export const funeralFacilityKindSchema = z.enum(FUNERAL_FACILITY_KINDS);
export type FuneralFacilityKindValue = z.infer<typeof funeralFacilityKindSchema>;

export const FUNERAL_FACILITY_KIND_LABELS: Record<FuneralFacilityKindValue, string> = {
  funeral_home: '殡仪馆',
  crematorium: '火葬场',
  service_station: '殡仪服务站',
  columbarium: '骨灰堂',
  cemetery_commercial: '经营性公墓',
  cemetery_public_benefit: '城市公益性公墓',
  rural_public_cemetery: '农村公益性墓地',
};

/** Kinds that are cemeteries (公墓): annual inspection and permit changes go through approval (R-FUN-13). */
export const FUNERAL_CEMETERY_KINDS: readonly FuneralFacilityKindValue[] = [
  'cemetery_commercial',
  'cemetery_public_benefit',
  'rural_public_cemetery',
];

/** Unit of a facility's capacity, by kind. */
export const FUNERAL_CAPACITY_UNITS: Record<FuneralFacilityKindValue, string> = {
  funeral_home: '冷藏位',
  crematorium: '火化炉',
  service_station: '守灵厅',
  columbarium: '格位',
  cemetery_commercial: '墓穴',
  cemetery_public_benefit: '墓穴',
  rural_public_cemetery: '墓穴',
};

export const APPROVAL_LEVELS = [
  'township_government',
  'county_government',
  'city_government',
  'county_civil_affairs',
  'city_civil_affairs',
  'provincial_civil_affairs',
  'ministry_civil_affairs',
] as const;
export const approvalLevelSchema = z.enum(APPROVAL_LEVELS);

export const FACILITY_APPROVAL_LEVEL_LABELS: Record<(typeof APPROVAL_LEVELS)[number], string> = {
  township_government: '乡镇人民政府',
  county_government: '县级人民政府',
  city_government: '设区的市级人民政府',
  county_civil_affairs: '县级民政部门',
  city_civil_affairs: '设区的市级民政部门',
  provincial_civil_affairs: '省级民政部门',
  ministry_civil_affairs: '国务院民政部门',
};

export const facilityOwnershipSchema = z.enum(['government', 'public_institution', 'private', 'collective']);
export const FACILITY_OWNERSHIP_LABELS = {
  government: '政府举办',
  public_institution: '事业单位',
  private: '民营',
  collective: '村集体',
} as const;

export const facilityStatusSchema = z.enum(['active', 'suspended', 'closed']);
export const FACILITY_STATUS_LABELS = {
  active: '正常营业',
  suspended: '暂停业务',
  closed: '已关闭',
} as const;

const villageCode = z
  .string()
  .regex(/^\d{12}$/, { message: '村（社区）代码应为 12 位数字' })
  .nullish()
  .transform((v) => v ?? null);

const facilityFields = {
  address: text('地址', 120),
  phone: optionalText(30),
  ownership: facilityOwnershipSchema,
  governmentInvested: z.boolean().default(false),
  capacity: z.number().int().min(0).max(1_000_000),
  villageCode,
  reviewedByLevel: approvalLevelSchema.nullish().transform((v) => v ?? null),
  approvedByLevel: approvalLevelSchema,
  approvalDocNo: optionalText(60),
  approvedOn: plainDateSchema.nullish().transform((v) => v ?? null),
};

/**
 * A new facility. `application`: `none` registers a facility already approved (its chain as recorded);
 * `filing` (funeral home or crematorium) submits 殡仪馆备案审核 and keeps it suspended until approved;
 * `construction` (cemetery) submits the construction permit (公墓建设许可) and keeps it suspended until
 * the province approves.
 */
export const newFuneralFacilityBody = z
  .object({
    kind: funeralFacilityKindSchema,
    name: text('设施名称', 60),
    divisionCode: divisionCodeSchema,
    ...facilityFields,
    /** Not asked for a construction permit: the province's decision records the chain. */
    approvedByLevel: approvalLevelSchema.optional(),
    application: z.enum(['none', 'filing', 'construction']).default('none'),
    applicationNote: optionalText(500),
  })
  .refine((b) => b.application === 'construction' || b.approvedByLevel !== undefined, {
    message: '请选择批准机关',
    path: ['approvedByLevel'],
  });
export type NewFuneralFacilityBody = z.infer<typeof newFuneralFacilityBody>;

/** Edit of a facility (optimistic `version`). A cemetery's name and capacity change only by permit change. */
export const editFuneralFacilityBody = z.object({
  version: z.number().int().min(1),
  ...facilityFields,
});
export type EditFuneralFacilityBody = z.infer<typeof editFuneralFacilityBody>;

export const FUNERAL_FACILITY_SORT_FIELDS = [
  'name',
  'divisionCode',
  'kind',
  'capacity',
  'approvedOn',
] as const;
export const FUNERAL_FACILITY_SORT_LABELS = {
  name: '设施名称',
  divisionCode: '行政区划',
  kind: '类型',
  capacity: '容量',
  approvedOn: '批准日期',
} as const;

export const funeralFacilitiesQuery = z.object({
  division: divisionCodeSchema.optional(),
  q: z.string().trim().max(50).optional().describe('设施名称'),
  kind: z
    .union([funeralFacilityKindSchema, z.string().regex(/^[a-z_]+(,[a-z_]+)+$/)])
    .optional()
    .describe('类型；多个类型用逗号分隔（设施选择器用）'),
  status: facilityStatusSchema.optional(),
  validity: z.enum(['valid', 'invalid']).optional().describe('审批是否有效（R-FUN-05）'),
  /** Only facilities that may take business now (valid and active): the pickers of other concerns. */
  usable: z
    .enum(['1', 'true'])
    .transform(() => true as const)
    .optional(),
  sort: sortParam(FUNERAL_FACILITY_SORT_FIELDS, FUNERAL_FACILITY_SORT_LABELS),
});
export type FuneralFacilitiesQuery = z.infer<typeof funeralFacilitiesQuery>;

export const funeralFacilityView = z.object({
  id: z.string(),
  kind: funeralFacilityKindSchema,
  kindLabel: z.string(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  villageCode: z.string().nullable(),
  ownership: facilityOwnershipSchema,
  governmentInvested: z.boolean(),
  address: z.string(),
  phone: z.string().nullable(),
  capacity: z.number().int(),
  capacityUnit: z.string(),
  reviewedByLevel: approvalLevelSchema.nullable(),
  approvedByLevel: approvalLevelSchema,
  approvalDocNo: z.string().nullable(),
  approvedOn: z.string().nullable(),
  status: facilityStatusSchema,
  /** R-FUN-05 computed on read: an invalid approval chain takes no business. */
  valid: z.boolean(),
  invalidReason: z.string().nullable(),
  /** Valid and active: may take business (ensureFacilityMayTakeBusiness). */
  mayTakeBusiness: z.boolean(),
  /** Why it may not (Chinese), null when it may. */
  blockedReason: z.string().nullable(),
  /** Latest effective annual inspection. */
  lastInspectionYear: z.number().int().nullable(),
  lastInspectionResult: z.enum(['pass', 'rectify', 'fail']).nullable(),
  /** An application (filing / construction / change) waiting for approval. */
  pendingApplication: z.enum(['filing', 'construction', 'change']).nullable(),
  version: z.number().int(),
});
export type FuneralFacilityView = z.infer<typeof funeralFacilityView>;

export const facilityApplicationView = z.object({
  id: z.string(),
  facilityId: z.string(),
  kind: z.enum(['filing', 'construction', 'change']),
  kindLabel: z.string(),
  changes: z.record(z.string(), z.unknown()),
  note: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  approvalId: z.string().nullable(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type FacilityApplicationView = z.infer<typeof facilityApplicationView>;

export const facilityInspectionView = z.object({
  id: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  facilityKind: funeralFacilityKindSchema,
  divisionCode: z.string(),
  divisionName: z.string(),
  year: z.number().int(),
  round: z.number().int(),
  inspectedOn: z.string(),
  inspector: z.string(),
  findings: z.string(),
  result: z.enum(['pass', 'rectify', 'fail']),
  rectifyBy: z.string().nullable(),
  /** `pending` while a cemetery's result waits for 公墓年检审核; `effective` once it applies. */
  status: z.enum(['effective', 'pending', 'rejected']),
  approvalId: z.string().nullable(),
  evidenceIds: z.array(z.string()),
  recordedBy: z.string(),
  recordedAt: z.string(),
  /** The rectification deadline has passed without a later inspection. */
  rectificationOverdue: z.boolean(),
});
export type FacilityInspectionView = z.infer<typeof facilityInspectionView>;

export const funeralFacilityDetailView = funeralFacilityView.extend({
  applications: z.array(facilityApplicationView),
  inspections: z.array(facilityInspectionView),
  /** The approval rule of its kind (R-FUN-05), in Chinese. */
  approvalRule: z.string(),
});
export type FuneralFacilityDetailView = z.infer<typeof funeralFacilityDetailView>;

export const newFacilityInspectionBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    inspectedOn: plainDateSchema,
    inspector: text('检查人', 60),
    findings: text('检查情况', 1000),
    result: z.enum(['pass', 'rectify', 'fail']),
    rectifyBy: plainDateSchema.nullish().transform((v) => v ?? null),
    evidenceIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  })
  .refine((b) => b.result !== 'rectify' || b.rectifyBy, {
    message: '限期整改须填写整改期限',
    path: ['rectifyBy'],
  });
export type NewFacilityInspectionBody = z.infer<typeof newFacilityInspectionBody>;

export const FACILITY_INSPECTION_SORT_FIELDS = ['inspectedOn', 'facilityName', 'result', 'year'] as const;
export const FACILITY_INSPECTION_SORT_LABELS = {
  inspectedOn: '检查日期',
  facilityName: '设施名称',
  result: '检查结论',
  year: '年度',
} as const;

export const facilityInspectionsQuery = z.object({
  division: divisionCodeSchema.optional(),
  facilityId: z.string().min(1).max(64).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  result: z.enum(['pass', 'rectify', 'fail']).optional(),
  status: z.enum(['effective', 'pending', 'rejected']).optional(),
  sort: sortParam(FACILITY_INSPECTION_SORT_FIELDS, FACILITY_INSPECTION_SORT_LABELS),
});
export type FacilityInspectionsQuery = z.infer<typeof facilityInspectionsQuery>;

/** A cemetery's permit change (公墓许可事项变更): at least one item; applied when the province approves. */
export const facilityPermitChangeBody = z
  .object({
    name: text('新名称', 60).optional(),
    capacity: z.number().int().min(0).max(1_000_000).optional(),
    address: text('新地址', 120).optional(),
    note: text('变更理由', 500),
  })
  .refine((b) => b.name !== undefined || b.capacity !== undefined || b.address !== undefined, {
    message: '请至少填写一项变更内容（名称、容量或地址）',
    path: ['name'],
  });
export type FacilityPermitChangeBody = z.infer<typeof facilityPermitChangeBody>;

/** Submits a rejected or withdrawn filing / construction permit again. */
export const facilityResubmitBody = z.object({ note: text('申请说明', 500) });

/** What is due: facilities without this year's inspection (after the due day) and overdue rectifications. */
export const facilityInspectionsDueView = z.object({
  year: z.number().int(),
  dueOn: z.string(),
  /** Whether the due day has passed (before it, `missing` lists what is still to do, not overdue). */
  pastDue: z.boolean(),
  missing: z.array(z.object({ id: z.string(), name: z.string() })),
  overdueRectifications: z.array(
    z.object({ facilityId: z.string(), facilityName: z.string(), rectifyBy: z.string() }),
  ),
});
export type FacilityInspectionsDueView = z.infer<typeof facilityInspectionsDueView>;

export const FACILITY_INSPECTION_RESULT_LABELS = {
  pass: '合格',
  rectify: '限期整改',
  fail: '不合格',
} as const;
export const FACILITY_APPLICATION_KIND_LABELS = {
  filing: '殡仪馆备案审核',
  construction: '公墓建设许可',
  change: '公墓许可事项变更',
} as const;

// ----- zones, transport rules, coverage (configuration; R-FUN-01, R-FUN-04, R-FUN-09) -----

const carrierSchema = z.enum(['funeral_home_vehicle', 'family_own', 'other_unit']);
export const CARRIER_LABELS = {
  funeral_home_vehicle: '殡仪馆专用车辆',
  family_own: '家属自行运送',
  other_unit: '其他单位',
} as const;

export const funeralZonesView = z.object({
  defaultZone: z.enum(['cremation', 'burial_reform']),
  zoneAreas: z.array(
    z.object({
      divisionCode: z.string(),
      divisionName: z.string(),
      zone: z.enum(['cremation', 'burial_reform']),
      approvedBy: z.string().nullable(),
      basis: z.string(),
      from: z.string(),
    }),
  ),
  defaultTransport: z.object({
    carriers: z.array(carrierSchema),
    collectionFree: z.boolean(),
    basis: z.string(),
  }),
  transportRules: z.array(
    z.object({
      divisionCode: z.string(),
      name: z.string(),
      carriers: z.array(carrierSchema),
      collectionFree: z.boolean(),
      basis: z.string(),
    }),
  ),
  universalCoverage: z.array(
    z.object({
      divisionCode: z.string(),
      divisionName: z.string(),
      scope: z.enum(['hukou_residents', 'everyone']),
      from: z.string(),
      basis: z.string(),
    }),
  ),
  ruleDates: z.object({
    regulation2026: z.string(),
    feePolicy2026: z.string(),
    nationalDeathCertificate: z.string(),
  }),
});
export type FuneralZonesView = z.infer<typeof funeralZonesView>;

export const funeralZoneLookupQuery = z.object({
  divisionCode: z
    .string()
    .regex(/^\d{6}(\d{3})?$/, { message: '行政区划代码应为 6 位（县级）或 9 位（乡镇）数字' }),
  on: plainDateSchema,
});
export const funeralZoneLookupView = z.object({
  divisionCode: z.string(),
  divisionName: z.string(),
  on: z.string(),
  zone: z.enum(['cremation', 'burial_reform']),
  zoneLabel: z.string(),
  /** The configured area that decided, or null for the default zone. */
  zoneArea: z
    .object({
      divisionCode: z.string(),
      approvedBy: z.string().nullable(),
      basis: z.string(),
      from: z.string(),
    })
    .nullable(),
  transport: z.object({
    divisionCode: z.string(),
    name: z.string(),
    carriers: z.array(carrierSchema),
    collectionFree: z.boolean(),
    basis: z.string(),
  }),
  /** Universal free basic services for hukou residents / everyone dying in the division on that date. */
  coverage: z
    .object({
      divisionCode: z.string(),
      scope: z.enum(['hukou_residents', 'everyone']),
      from: z.string(),
      basis: z.string(),
    })
    .nullable(),
  regulationEra: z.enum(['before_2026', 'from_2026']),
});
export type FuneralZoneLookupView = z.infer<typeof funeralZoneLookupView>;
