/**
 * Family search (寻亲) across three kinds of records — missing-person reports (寻亲登记), unidentified
 * living people (救助: 身份不明受助人员) and unidentified deceased (殡葬: 无名遗体) — and the missing-person
 * reports themselves (registration, list, audited detail with the family's contact, status changes).
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema, pageOf, pageQuery, reasonSchema } from '../common';
import { sexSchema } from '../people';
import { sortParam } from '../sort';

export const FAMILY_RECORD_KINDS = [
  'missing-report',
  'unidentified-living',
  'unidentified-deceased',
] as const;
export const familyRecordKindSchema = z.enum(FAMILY_RECORD_KINDS);
export type FamilyRecordKind = z.infer<typeof familyRecordKindSchema>;

export const MISSING_REPORT_STATUSES = ['open', 'found', 'withdrawn'] as const;
export const missingReportStatusSchema = z.enum(MISSING_REPORT_STATUSES);

const contactPhoneSchema = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{3,20}$/, { message: '联系电话只能包含数字、空格、+ 和 -（3–20 位）' });

export const newMissingReportBody = z.strictObject({
  name: z.string().trim().max(50).nullish().describe('姓名或小名，汉字或拼音'),
  sex: sexSchema.nullish(),
  birthYear: z.number().int().min(1900).max(2100).nullish(),
  birthYearUncertainty: z.number().int().min(0).max(20).optional(),
  lostOn: plainDateSchema.nullish(),
  lostDivisionCode: divisionCodeSchema.nullish(),
  features: z.string().trim().max(500).nullish().describe('体貌特征、口音、衣着等'),
  divisionCode: divisionCodeSchema.optional().describe('受理单位所在县（默认为走失地）'),
  contactName: z.string().trim().max(50).nullish().describe('报告人（家属）姓名'),
  contactPhone: contactPhoneSchema
    .nullish()
    .describe('报告人联系电话（列表中打码，详情中完整显示并记入审计）'),
});

export const missingReportView = z.object({
  id: z.string(),
  name: z.string().nullable(),
  sex: sexSchema.nullable(),
  birthYear: z.number().int().nullable(),
  birthYearUncertainty: z.number().int(),
  lostOn: z.string().nullable(),
  lostDivisionCode: z.string().nullable(),
  lostDivisionName: z.string().nullable(),
  features: z.string().nullable(),
  divisionCode: z.string(),
  status: missingReportStatusSchema,
  contactName: z.string().nullable(),
  /** 138****5678: lists and search hits never show the full number. */
  contactPhoneMasked: z.string().nullable(),
  statusReason: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type MissingReportDto = z.infer<typeof missingReportView>;

/** The audited detail of a report: the family's full contact number. */
export const missingReportDetail = missingReportView.extend({ contactPhone: z.string().nullable() });
export type MissingReportDetailDto = z.infer<typeof missingReportDetail>;

export const missingReportStatusBody = z.strictObject({
  status: z.enum(['found', 'withdrawn']).describe('found 已找到；withdrawn 家属撤销'),
  reason: reasonSchema,
});

/** Columns the missing-person report list sorts by; default: newest report first. */
export const MISSING_REPORT_SORT_FIELDS = ['created', 'lostOn', 'birthYear', 'status'] as const;
export const MISSING_REPORT_SORT_LABELS = {
  created: '登记时间',
  lostOn: '走失日期',
  birthYear: '出生年份',
  status: '状态',
} as const;

export const missingReportListQuery = pageQuery.extend({
  status: missingReportStatusSchema.optional(),
  q: z.string().trim().max(50).optional().describe('姓名（含小名）或特征关键词'),
  division: divisionCodeSchema.optional(),
  /** 默认：登记时间倒序；未知的走失日期、出生年份排在最后。 */
  sort: sortParam(MISSING_REPORT_SORT_FIELDS, MISSING_REPORT_SORT_LABELS),
});
export const missingReportPage = pageOf(missingReportView);

export const familySearchBody = z.strictObject({
  name: z.string().trim().max(50).nullish().describe('听到的姓名：汉字（同音字亦可）或拼音；可只填姓或小名'),
  surnameOnly: z.boolean().optional(),
  sex: sexSchema.nullish(),
  age: z
    .strictObject({
      estimate: z.number().int().min(0).max(120),
      range: z.number().int().min(0).max(30).optional(),
    })
    .nullish(),
  asOf: plainDateSchema.optional().describe('年龄所指的日期（走失或发现之日），默认今天'),
  regionHints: z
    .array(z.string().regex(/^[0-9]{2,9}$/, { message: '地区代码应为 2–9 位数字' }))
    .max(10)
    .optional(),
  dialect: z.string().max(20).nullish().describe('口音：hunan / sichuan / guangdong / fujian …'),
  features: z.string().trim().max(500).nullish(),
  fromKind: familyRecordKindSchema.optional().describe('查询来自哪类记录（默认寻亲登记）：结果为另外两类'),
  kinds: z.array(familyRecordKindSchema).min(1).max(3).optional().describe('只查这些类别'),
  limit: z.number().int().min(1).max(100).optional(),
  reason: z.string().trim().max(200).nullish(),
});

export const familyCandidatesQuery = z.object({
  recordId: z.string().min(1).max(64),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** A searchable record as the family-search index holds it (any line's: reports, rescue, funeral). */
export const familySearchRecordView = z.object({
  id: z.string(),
  kind: familyRecordKindSchema,
  ownerLine: z.string(),
  /** The owning line's own number (case or report number), if any. */
  reference: z.string().nullable(),
  name: z.string().nullable(),
  sex: sexSchema.nullable(),
  birthYear: z.number().int().nullable(),
  birthYearUncertainty: z.number().int().nullable(),
  estimatedAge: z
    .object({ estimate: z.number().int(), range: z.number().int(), asOf: z.string() })
    .nullable(),
  /** Lost on (reports) or found on (rescue, funeral). */
  eventDate: z.string().nullable(),
  placeCode: z.string().nullable(),
  placeName: z.string().nullable(),
  features: z.string().nullable(),
  photoRef: z.string().nullable(),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
});
export type FamilySearchRecordDto = z.infer<typeof familySearchRecordView>;

export const familySearchExplanation = z.object({
  name: z.string(),
  ageDifference: z.number().nullable(),
  region: z.string(),
  sex: z.string(),
  sharedFeatures: z.array(z.string()),
  eventOrder: z.enum(['consistent', 'inconsistent', 'unknown']).describe('走失在前、发现在后为 consistent'),
});

export const familySearchHit = z.object({
  id: z.string(),
  kind: familyRecordKindSchema,
  score: z.number(),
  explanation: familySearchExplanation,
  photoRef: z.string().nullable(),
  record: familySearchRecordView,
  /** The report itself (contact phone masked) when the hit is a missing-person report. */
  report: missingReportView.nullable(),
});
export type FamilySearchHitDto = z.infer<typeof familySearchHit>;

export const familySearchWarning = z.object({
  code: z.string(),
  part: z.string(),
  message: z.string(),
});
export type FamilySearchWarningDto = z.infer<typeof familySearchWarning>;

export const familySearchResponse = z.object({
  items: z.array(familySearchHit),
  /** Records in the index (all kinds, all divisions). */
  indexed: z.number().int(),
  asOf: z.string(),
  warnings: z.array(familySearchWarning),
  understood: z.object({
    surname: z.string().optional(),
    given: z.string().optional(),
    nickname: z.boolean().optional(),
    syllables: z.array(z.string()).optional(),
  }),
});
export type FamilySearchResponseDto = z.infer<typeof familySearchResponse>;

export const familyCandidatesResponse = familySearchResponse.extend({ from: familySearchRecordView });
export type FamilyCandidatesResponseDto = z.infer<typeof familyCandidatesResponse>;

/** Places a family can name (every registered province down to county level), as a flat list. */
export const familySearchRegionsResponse = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.enum(['province', 'prefecture', 'county', 'township']),
      parentCode: z.string().nullable(),
    }),
  ),
});
export type FamilySearchRegionDto = z.infer<typeof familySearchRegionsResponse>['items'][number];
