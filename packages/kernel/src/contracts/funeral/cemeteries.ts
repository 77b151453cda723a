/**
 * Contracts of the funeral line's cemeteries concern (shared by the API and the web app): the plot
 * inventory of a cemetery and its status map, sale / reservation / interment / renewal (R-FUN-06,
 * R-FUN-08, R-FUN-01), forbidden grave locations (R-FUN-07), eco-burial records and awards, and the
 * remediation ledger (整治台账).
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().max(max);

// ----- plots -----

export const PLOT_KINDS = ['ash_grave', 'single_body_grave', 'double_body_grave', 'niche'] as const;
export const plotKindSchema = z.enum(PLOT_KINDS);
export type PlotKind = (typeof PLOT_KINDS)[number];
export const PLOT_KIND_LABELS: Record<PlotKind, string> = {
  ash_grave: '骨灰墓',
  single_body_grave: '单人遗体墓',
  double_body_grave: '双人遗体墓',
  niche: '骨灰格位',
};
/** Plot kinds that take a body (R-FUN-01: refused in a cremation zone). */
export const BODY_PLOT_KINDS: readonly PlotKind[] = ['single_body_grave', 'double_body_grave'];

export const PLOT_STATUSES = ['free', 'reserved', 'occupied'] as const;
export const plotStatusSchema = z.enum(PLOT_STATUSES);
export type PlotStatus = (typeof PLOT_STATUSES)[number];
export const PLOT_STATUS_LABELS: Record<PlotStatus, string> = {
  free: '空闲',
  reserved: '已售（预留）',
  occupied: '已安葬',
};

/** The term of a sold plot on the day of reading (computed, never stored). */
export const TERM_STATES = ['none', 'current', 'expiring', 'expired'] as const;
export const termStateSchema = z.enum(TERM_STATES);
export type TermState = (typeof TERM_STATES)[number];
export const TERM_STATE_LABELS: Record<TermState, string> = {
  none: '—',
  current: '使用期内',
  expiring: '即将到期',
  expired: '已到期',
};

/** R-FUN-07 forbidden grave locations (三沿六区). */
export const LOCATION_FLAGS = [
  'cultivated_land',
  'forest',
  'city_park',
  'scenic_area',
  'heritage_zone',
  'reservoir',
  'river_dyke',
  'water_source_zone',
  'trunk_railway',
  'highway',
] as const;
export const locationFlagSchema = z.enum(LOCATION_FLAGS);
export type LocationFlag = (typeof LOCATION_FLAGS)[number];
export const LOCATION_FLAG_LABELS: Record<LocationFlag, string> = {
  cultivated_land: '耕地',
  forest: '林地',
  city_park: '城市公园',
  scenic_area: '风景名胜区',
  heritage_zone: '文物保护区',
  reservoir: '水库周边',
  river_dyke: '河流堤坝附近',
  water_source_zone: '水源保护区',
  trunk_railway: '铁路沿线',
  highway: '公路干线沿线',
};

export const cemeteryView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  divisionCode: z.string(),
  villageCode: z.string().nullable(),
  status: z.string(),
  capacity: z.number().int(),
  /** Whether the cemetery may take business (R-FUN-05 approval valid and active). */
  mayTakeBusiness: z.boolean(),
  businessProblem: z.string().nullable(),
  plots: z.number().int(),
  free: z.number().int(),
  reserved: z.number().int(),
  occupied: z.number().int(),
  expiring: z.number().int(),
  expired: z.number().int(),
});
export type CemeteryDto = z.infer<typeof cemeteryView>;
export const cemeteriesQuery = z.object({ division: divisionCodeSchema.optional() });

export const plotView = z.object({
  id: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  section: z.string(),
  rowNo: z.number().int(),
  number: z.number().int(),
  /** 区-排-号, e.g. `A区3排12号`. */
  label: z.string(),
  kind: plotKindSchema,
  areaM2: z.number(),
  status: plotStatusSchema,
  termFrom: z.string().nullable(),
  termUntil: z.string().nullable(),
  termState: termStateSchema,
  holderName: z.string().nullable(),
  holderPhoneMasked: z.string().nullable(),
  contractNo: z.string().nullable(),
  interred: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      caseId: z.string().nullable(),
      interredOn: z.string(),
      remains: z.enum(['ashes', 'body']),
    }),
  ),
});
export type PlotDto = z.infer<typeof plotView>;

export const PLOT_SORT_FIELDS = ['label', 'termUntil', 'status', 'areaM2'] as const;
export const PLOT_SORT_LABELS = {
  label: '墓位（区排号）',
  termUntil: '使用期止',
  status: '状态',
  areaM2: '面积',
} as const;
export const plotsQuery = z.object({
  division: divisionCodeSchema.optional(),
  facilityId: id.optional(),
  section: text(20).optional(),
  status: plotStatusSchema.optional(),
  kind: plotKindSchema.optional(),
  termState: z.enum(['expiring', 'expired']).optional().describe('使用期：即将到期 / 已到期'),
  q: text(50).optional().describe('墓位号、持有人姓名或合同号'),
  sort: sortParam(PLOT_SORT_FIELDS, PLOT_SORT_LABELS),
});
export type PlotsQueryDto = z.infer<typeof plotsQuery>;

const positiveInt = (max: number) => z.number().int().min(1).max(max);

export const plotBlockBody = z.strictObject({
  facilityId: id,
  section: text(20).min(1, { message: '请填写墓区' }),
  rowFrom: positiveInt(999),
  rowTo: positiveInt(999),
  numberFrom: positiveInt(999),
  numberTo: positiveInt(999),
  kind: plotKindSchema,
  areaM2: z.number().positive().max(1000),
  /** Location flags surveyed for the block (R-FUN-07): any flag refuses the block. */
  locationFlags: z.array(locationFlagSchema).max(10).default([]),
});
export type PlotBlockBodyDto = z.infer<typeof plotBlockBody>;
export const plotBlockResult = z.object({ created: z.number().int() });

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, { message: '联系电话只能包含数字、+、- 和空格' });

export const plotSaleBody = z.strictObject({
  mode: z.enum(['sale', 'reservation']).default('sale'),
  holderName: text(50).min(1, { message: '请填写购墓人（持有人）姓名' }),
  holderPhone: phone,
  /** The buyer's people-index record (R-FUN-06: a rural public cemetery checks the buyer's hukou village). */
  holderPersonId: id.nullish(),
  /** The deceased's people-index record, when the plot is bought for someone already dead. */
  deceasedPersonId: id.nullish(),
  termFrom: plainDateSchema,
  termYears: z.number().int().min(1).max(100),
  contractNo: text(40).nullish(),
});
export type PlotSaleBodyDto = z.infer<typeof plotSaleBody>;

export const plotIntermentBody = z
  .strictObject({
    /** Scanned urn code of a funeral case (moves the case from cremated to buried). */
    urnCode: text(64).nullish(),
    /** The deceased's people-index record (without a case). */
    personId: id.nullish(),
    remains: z.enum(['ashes', 'body']).default('ashes'),
    interredOn: plainDateSchema,
  })
  .refine((b) => Boolean(b.urnCode) || Boolean(b.personId), {
    message: '请扫描骨灰盒条码，或选择逝者的人员档案',
    path: ['urnCode'],
  });
export type PlotIntermentBodyDto = z.infer<typeof plotIntermentBody>;

export const plotRenewalBody = z.strictObject({ years: z.number().int().min(1).max(100) });
export type PlotRenewalBodyDto = z.infer<typeof plotRenewalBody>;

export const plotMapView = z.object({
  facilityId: z.string(),
  facilityName: z.string(),
  sections: z.array(z.string()),
  plots: z.array(
    z.object({
      id: z.string(),
      section: z.string(),
      rowNo: z.number().int(),
      number: z.number().int(),
      kind: plotKindSchema,
      status: plotStatusSchema,
      termState: termStateSchema,
    }),
  ),
});
export type PlotMapDto = z.infer<typeof plotMapView>;

// ----- eco burials -----

export const ECO_BURIAL_KINDS = ['tree', 'flower', 'lawn', 'sea', 'deep_no_mound'] as const;
export const ecoBurialKindSchema = z.enum(ECO_BURIAL_KINDS);
export type EcoBurialKind = (typeof ECO_BURIAL_KINDS)[number];
export const ECO_BURIAL_KIND_LABELS: Record<EcoBurialKind, string> = {
  tree: '树葬',
  flower: '花坛葬',
  lawn: '草坪葬',
  sea: '海葬（骨灰撒海）',
  deep_no_mound: '深埋不留坟头',
};

export const ecoBurialView = z.object({
  id: z.string(),
  personId: z.string(),
  deceasedName: z.string(),
  caseId: z.string().nullable(),
  facilityId: z.string().nullable(),
  facilityName: z.string().nullable(),
  divisionCode: z.string(),
  kind: ecoBurialKindSchema,
  buriedOn: z.string(),
  place: z.string(),
  awardFen: z.number().int(),
  awardBasis: z.string(),
  awardStatus: z.enum(['pending', 'paid', 'none']),
  paidOn: z.string().nullable(),
});
export type EcoBurialDto = z.infer<typeof ecoBurialView>;
export const ECO_BURIAL_SORT_FIELDS = ['buriedOn', 'awardFen'] as const;
export const ECO_BURIAL_SORT_LABELS = { buriedOn: '安葬日期', awardFen: '奖补金额' } as const;
export const ecoBurialsQuery = z.object({
  division: divisionCodeSchema.optional(),
  facilityId: id.optional(),
  kind: ecoBurialKindSchema.optional(),
  awardStatus: z.enum(['pending', 'paid', 'none']).optional(),
  from: plainDateSchema.optional(),
  to: plainDateSchema.optional(),
  sort: sortParam(ECO_BURIAL_SORT_FIELDS, ECO_BURIAL_SORT_LABELS),
});
export type EcoBurialsQueryDto = z.infer<typeof ecoBurialsQuery>;
export const ecoBurialBody = z.strictObject({
  personId: id,
  /** The funeral case of the deceased, if there is one (linked to the people record). */
  caseId: id.nullish(),
  /** The cemetery where it took place (its division decides the award), or none (sea, deep burial). */
  facilityId: id.nullish(),
  /** Division (county or township) of the burial when no cemetery is named. */
  divisionCode: divisionCodeSchema.nullish(),
  kind: ecoBurialKindSchema,
  buriedOn: plainDateSchema,
  place: text(100).min(1, { message: '请填写安葬地点' }),
});
export type EcoBurialBodyDto = z.infer<typeof ecoBurialBody>;
export const ecoAwardPaidBody = z.strictObject({ paidOn: plainDateSchema });

// ----- remediation ledger -----

export const REMEDIATION_CATEGORIES = [
  'scattered_grave_forbidden',
  'illegal_cemetery',
  'clan_cemetery',
  'rural_cemetery_external_sale',
  'oversize_grave',
  'coffin_sale_in_cremation_zone',
  'superstitious_goods',
  'other',
] as const;
export const remediationCategorySchema = z.enum(REMEDIATION_CATEGORIES);
export type RemediationCategory = (typeof REMEDIATION_CATEGORIES)[number];
export const REMEDIATION_CATEGORY_LABELS: Record<RemediationCategory, string> = {
  scattered_grave_forbidden: '禁止区域乱埋乱葬（R-FUN-07）',
  illegal_cemetery: '违法建设公墓（R-FUN-05）',
  clan_cemetery: '宗族墓地（R-FUN-06）',
  rural_cemetery_external_sale: '农村公益性墓地对外销售（R-FUN-06）',
  oversize_grave: '超面积墓穴（R-FUN-08）',
  coffin_sale_in_cremation_zone: '火葬区销售棺木等土葬用品（R-FUN-11）',
  superstitious_goods: '制造销售封建迷信丧葬用品（R-FUN-11）',
  other: '其他',
};

export const remediationView = z.object({
  id: z.string(),
  category: remediationCategorySchema,
  divisionCode: z.string(),
  divisionName: z.string(),
  location: z.string(),
  locationFlags: z.array(locationFlagSchema),
  facilityId: z.string().nullable(),
  description: z.string(),
  foundOn: z.string(),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  /** Open and past its rectification deadline (computed on read). */
  overdue: z.boolean(),
  closedOn: z.string().nullable(),
  closureNote: z.string().nullable(),
  evidenceAttachmentIds: z.array(z.string()),
  createdBy: z.string(),
});
export type RemediationDto = z.infer<typeof remediationView>;
export const REMEDIATION_SORT_FIELDS = ['foundOn', 'deadline', 'divisionCode'] as const;
export const REMEDIATION_SORT_LABELS = {
  foundOn: '发现日期',
  deadline: '整改期限',
  divisionCode: '区划',
} as const;
export const remediationQuery = z.object({
  division: divisionCodeSchema.optional(),
  category: remediationCategorySchema.optional(),
  state: z.enum(['open', 'overdue', 'closed']).optional().describe('整改中 / 已逾期 / 已销号'),
  from: plainDateSchema.optional().describe('发现日期起'),
  to: plainDateSchema.optional().describe('发现日期止'),
  q: text(50).optional().describe('地点或情况描述关键词'),
  sort: sortParam(REMEDIATION_SORT_FIELDS, REMEDIATION_SORT_LABELS),
});
export type RemediationQueryDto = z.infer<typeof remediationQuery>;
export const remediationBody = z.strictObject({
  category: remediationCategorySchema,
  /** Township (9 digits) or county (6) where it was found. */
  divisionCode: divisionCodeSchema,
  location: text(200).min(2, { message: '请填写具体位置（至少 2 个字）' }),
  locationFlags: z.array(locationFlagSchema).max(10).default([]),
  /** 受保护的古墓葬: exempt from remediation (R-FUN-07), refused here. */
  protectedHistoric: z.boolean().default(false),
  facilityId: id.nullish(),
  description: text(1000).min(2, { message: '请填写情况描述（至少 2 个字）' }),
  foundOn: plainDateSchema,
  deadline: plainDateSchema,
});
export type RemediationBodyDto = z.infer<typeof remediationBody>;
export const remediationClosureBody = z.strictObject({
  closedOn: plainDateSchema,
  closureNote: text(1000).min(2, { message: '请填写整改结果（至少 2 个字）' }),
  /** Closure evidence (photos or documents) already attached to the finding. */
  evidenceAttachmentIds: z.array(id).max(20),
});
export type RemediationClosureBodyDto = z.infer<typeof remediationClosureBody>;

export const remediationCountsQuery = z.object({ division: divisionCodeSchema.optional() });
export const remediationCountsView = z.object({
  division: z.object({ code: z.string(), name: z.string() }),
  today: z.string(),
  rows: z.array(
    z.object({
      divisionCode: z.string(),
      divisionName: z.string(),
      found: z.number().int(),
      closed: z.number().int(),
      open: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
});
export type RemediationCountsDto = z.infer<typeof remediationCountsView>;
