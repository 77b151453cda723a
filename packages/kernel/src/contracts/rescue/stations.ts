/**
 * Contracts of the rescue line's stations concern: rescue stations (救助管理站) with their dormitories,
 * partner institutions (托养机构、合作医院), placement agreements (托养协议) and inspections (检查), R-RES-04,
 * R-RES-13, R-RES-14.
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
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
const count = (label: string) =>
  z.coerce
    .number()
    .int({ message: `${label}应为整数` })
    .min(0, { message: `${label}不能为负数` })
    .max(100000);

export const rescueSexSchema = z.enum(['male', 'female']);
export const rescueStationStatusSchema = z.enum(['active', 'closed']);
export const rescuePartnerKindSchema = z.enum(['foster', 'hospital']);
export const rescueQualificationSchema = z.enum(['qualified', 'under_rectification', 'unqualified']);
export const rescueOwnershipSchema = z.enum(['public', 'private']);
export const rescueInspectionResultSchema = z.enum(['qualified', 'rectify', 'unqualified']);

// ----- stations -----

const stationProfile = {
  address: text('地址', 200),
  hotline: text('求助热线', 40),
  receptionAllDay: z.boolean().default(true),
  hotlineAllDay: z.boolean().default(true),
  hotlineInDirectory: z.boolean().default(false),
  capacityMale: count('男性床位'),
  capacityFemale: count('女性床位'),
};

export const newRescueStationBody = z.object({
  name: text('救助管理站名称', 60),
  divisionCode: divisionCodeSchema,
  ...stationProfile,
});
export type NewRescueStationBody = z.infer<typeof newRescueStationBody>;

export const editRescueStationBody = z.object({
  version: z.number().int().min(1),
  name: text('救助管理站名称', 60),
  ...stationProfile,
  status: rescueStationStatusSchema.default('active'),
});
export type EditRescueStationBody = z.infer<typeof editRescueStationBody>;

export const rescueStationsQuery = z.object({
  division: divisionCodeSchema.optional(),
  q: z.string().trim().max(50).optional().describe('站名'),
  status: rescueStationStatusSchema.optional(),
});
export type RescueStationsQuery = z.infer<typeof rescueStationsQuery>;

const occupancy = z.object({ male: z.number().int(), female: z.number().int() });

export const rescueStationView = z.object({
  id: z.string(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  address: z.string(),
  hotline: z.string(),
  receptionAllDay: z.boolean(),
  hotlineAllDay: z.boolean(),
  hotlineInDirectory: z.boolean(),
  capacityMale: z.number().int(),
  capacityFemale: z.number().int(),
  /** People in the station (status in_station) by sex. */
  occupancy,
  status: rescueStationStatusSchema,
  version: z.number().int(),
  updatedAt: z.string(),
});
export type RescueStationView = z.infer<typeof rescueStationView>;

export const rescueDormitoryView = z.object({
  id: z.string(),
  stationId: z.string(),
  name: z.string(),
  sex: rescueSexSchema,
  beds: z.number().int(),
  /** People in the station assigned to it. */
  occupied: z.number().int(),
  status: rescueStationStatusSchema,
});
export type RescueDormitoryView = z.infer<typeof rescueDormitoryView>;

export const newRescueDormitoryBody = z.object({
  name: text('宿舍名称', 40),
  sex: rescueSexSchema,
  beds: count('床位数'),
});
export type NewRescueDormitoryBody = z.infer<typeof newRescueDormitoryBody>;

export const editRescueDormitoryBody = z.object({
  name: text('宿舍名称', 40),
  beds: count('床位数'),
  status: rescueStationStatusSchema,
});
export type EditRescueDormitoryBody = z.infer<typeof editRescueDormitoryBody>;

export const rescueStationDetailView = rescueStationView.extend({
  dormitories: z.array(rescueDormitoryView),
});
export type RescueStationDetailView = z.infer<typeof rescueStationDetailView>;

// ----- partners -----

const partnerProfile = {
  kind: rescuePartnerKindSchema,
  name: text('机构名称', 80),
  divisionCode: divisionCodeSchema,
  ownership: rescueOwnershipSchema,
  capacity: count('床位（收住能力）'),
  address: text('地址', 200),
  contactName: optionalText(40),
  contactPhone: optionalText(40),
};

export const newRescuePartnerBody = z.object(partnerProfile);
export type NewRescuePartnerBody = z.infer<typeof newRescuePartnerBody>;

export const editRescuePartnerBody = z.object({
  version: z.number().int().min(1),
  ...partnerProfile,
  status: rescueStationStatusSchema.default('active'),
  /** Qualification set by hand (e.g. a qualification decision outside an inspection); a note is then required. */
  qualification: rescueQualificationSchema.optional(),
  qualificationNote: optionalText(500),
});
export type EditRescuePartnerBody = z.infer<typeof editRescuePartnerBody>;

export const RESCUE_PARTNER_SORT_FIELDS = [
  'name',
  'divisionCode',
  'qualification',
  'lastInspectedOn',
] as const;
export const RESCUE_PARTNER_SORT_LABELS = {
  name: '机构名称',
  divisionCode: '行政区划',
  qualification: '资质状态',
  lastInspectedOn: '最近检查日期',
} as const;

export const rescuePartnersQuery = z.object({
  division: divisionCodeSchema.optional(),
  q: z.string().trim().max(50).optional().describe('机构名称'),
  kind: rescuePartnerKindSchema.optional(),
  qualification: rescueQualificationSchema.optional(),
  ownership: rescueOwnershipSchema.optional(),
  status: rescueStationStatusSchema.optional(),
  sort: sortParam(RESCUE_PARTNER_SORT_FIELDS, RESCUE_PARTNER_SORT_LABELS),
});
export type RescuePartnersQuery = z.infer<typeof rescuePartnersQuery>;

export const rescuePartnerView = z.object({
  id: z.string(),
  kind: rescuePartnerKindSchema,
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  ownership: rescueOwnershipSchema,
  qualification: rescueQualificationSchema,
  qualificationNote: z.string().nullable(),
  capacity: z.number().int(),
  address: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  status: rescueStationStatusSchema,
  lastInspectedOn: z.string().nullable(),
  /** Deadline of the open rectification (result `rectify` not yet followed up). */
  rectifyBy: z.string().nullable(),
  /** The rectification deadline has passed without a follow-up inspection. */
  rectificationOverdue: z.boolean(),
  /** Active agreements (any station). */
  activeAgreements: z.number().int(),
  version: z.number().int(),
});
export type RescuePartnerView = z.infer<typeof rescuePartnerView>;

// ----- agreements -----

export const newRescueAgreementBody = z.object({
  agreementNo: text('协议编号', 60),
  stationId: z.string().min(1).max(64),
  partnerId: z.string().min(1).max(64),
  validFrom: plainDateSchema,
  validUntil: plainDateSchema,
  places: count('托养名额'),
});
export type NewRescueAgreementBody = z.infer<typeof newRescueAgreementBody>;

export const terminateRescueAgreementBody = z.object({
  terminatedOn: plainDateSchema,
  reason: text('终止原因', 200),
});
export type TerminateRescueAgreementBody = z.infer<typeof terminateRescueAgreementBody>;

export const rescueAgreementsQuery = z.object({
  stationId: z.string().max(64).optional(),
  partnerId: z.string().max(64).optional(),
  status: z.enum(['active', 'terminated']).optional(),
});
export type RescueAgreementsQuery = z.infer<typeof rescueAgreementsQuery>;

export const rescueAgreementView = z.object({
  id: z.string(),
  agreementNo: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  partnerKind: rescuePartnerKindSchema,
  partnerQualification: rescueQualificationSchema,
  validFrom: z.string(),
  validUntil: z.string(),
  places: z.number().int(),
  status: z.enum(['active', 'terminated']),
  terminatedOn: z.string().nullable(),
  terminatedReason: z.string().nullable(),
});
export type RescueAgreementView = z.infer<typeof rescueAgreementView>;

// ----- inspections -----

export const newRescueInspectionBody = z.object({
  inspectedOn: plainDateSchema,
  inspector: text('检查人员', 100),
  findings: text('检查发现的问题', 2000),
  result: rescueInspectionResultSchema,
  /** Required when `result` is `rectify`. */
  rectifyBy: plainDateSchema.nullish(),
  evidenceIds: z.array(z.string().min(1).max(64)).max(20).default([]),
});
export type NewRescueInspectionBody = z.infer<typeof newRescueInspectionBody>;

export const RESCUE_INSPECTION_SORT_FIELDS = ['inspectedOn', 'partnerName', 'result'] as const;
export const RESCUE_INSPECTION_SORT_LABELS = {
  inspectedOn: '检查日期',
  partnerName: '机构名称',
  result: '检查结论',
} as const;

export const rescueInspectionsQuery = z.object({
  division: divisionCodeSchema.optional(),
  partnerId: z.string().max(64).optional(),
  result: rescueInspectionResultSchema.optional(),
  from: plainDateSchema.optional(),
  to: plainDateSchema.optional(),
  sort: sortParam(RESCUE_INSPECTION_SORT_FIELDS, RESCUE_INSPECTION_SORT_LABELS),
});
export type RescueInspectionsQuery = z.infer<typeof rescueInspectionsQuery>;

export const rescueInspectionView = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  partnerKind: rescuePartnerKindSchema,
  divisionCode: z.string(),
  inspectedOn: z.string(),
  inspector: z.string(),
  findings: z.string(),
  result: rescueInspectionResultSchema,
  rectifyBy: z.string().nullable(),
  /** This is the partner's latest inspection, the result is `rectify` and the deadline has passed. */
  rectificationOverdue: z.boolean(),
  evidenceIds: z.array(z.string()),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  recordedBy: z.string(),
  createdAt: z.string(),
});
export type RescueInspectionView = z.infer<typeof rescueInspectionView>;

export const rescueInspectionDueView = z.object({
  partnerId: z.string(),
  partnerName: z.string(),
  kind: rescuePartnerKindSchema,
  divisionCode: z.string(),
  qualification: rescueQualificationSchema,
  lastInspectedOn: z.string().nullable(),
  /** never: never inspected; interval: last inspection older than the interval; rectification: deadline passed. */
  reason: z.enum(['never', 'interval', 'rectification']),
  dueOn: z.string().nullable(),
});
export type RescueInspectionDueView = z.infer<typeof rescueInspectionDueView>;
