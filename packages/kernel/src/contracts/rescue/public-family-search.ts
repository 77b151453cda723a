/**
 * The public family-search pages (全国救助寻亲, no login; issue 16 item 3, ADR 0026): the 寻亲公告 of open,
 * unidentified rescue cases and the missing-person reports families file themselves, both minimised —
 * no resident id, no contact phone, no case or report id, the county and never the exact place.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { pageOf } from '../common';

/** Age bands of the public filter (years, on today's date). */
export const PUBLIC_AGE_BANDS = ['0-17', '18-39', '40-59', '60-'] as const;
export const PUBLIC_AGE_BAND_LABELS: Record<(typeof PUBLIC_AGE_BANDS)[number], string> = {
  '0-17': '未满 18 岁',
  '18-39': '18–39 岁',
  '40-59': '40–59 岁',
  '60-': '60 岁及以上',
};

const countyCode = z.string().regex(/^\d{6}$/, { message: '县级行政区划代码应为 6 位数字' });

export const publicNoticesQuery = z.strictObject({
  sex: z.enum(['male', 'female']).optional(),
  ageBand: z.enum(PUBLIC_AGE_BANDS).optional(),
  /** County (or city, or province) where found: 6-digit code, matched by prefix. */
  county: countyCode.optional(),
  /** Date found (发现日期) from / to. */
  foundFrom: plainDateSchema.optional(),
  foundTo: plainDateSchema.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(48).default(12),
});
export type PublicNoticesQuery = z.infer<typeof publicNoticesQuery>;

/** One 寻亲公告 as the public sees it. The notice number is its only key. */
export const publicNoticeView = z.object({
  number: z.string(),
  issuedOn: z.string(),
  /** The name the person gave, only when the notice states one (自称). */
  nameStated: z.string().nullable(),
  sex: z.enum(['male', 'female']),
  /** `约45岁` (estimated) or `45岁`; never the birth date. */
  ageText: z.string().nullable(),
  foundOn: z.string(),
  /** The county where found (the receiving station's county), not the exact place. */
  foundCountyName: z.string(),
  heightCm: z.number().int().nullable(),
  features: z.string().nullable(),
  clothing: z.string().nullable(),
  stationName: z.string(),
  /** The station's public 求助热线. */
  stationPhone: z.string(),
  hasPhoto: z.boolean(),
});
export type PublicNoticeDto = z.infer<typeof publicNoticeView>;
export const publicNoticePage = pageOf(publicNoticeView);

export const publicNoticePhotoQuery = z.strictObject({
  number: z.string().trim().min(1).max(80),
});

/** 我要寻亲: the family's report. Structure only here; the rules (and their field errors) are the service's. */
export const publicReportBody = z.strictObject({
  name: z.string().trim().max(50).nullish(),
  sex: z.enum(['male', 'female']).nullish(),
  birthYear: z.number().int().nullish(),
  lostOn: z.string().trim().max(10).nullish(),
  /** County where the person was lost (6 digits). */
  lostCountyCode: z.string().trim().max(9).nullish(),
  features: z.string().trim().max(500).nullish(),
  contactName: z.string().trim().max(50).nullish(),
  contactPhone: z.string().trim().max(20).nullish(),
  /** 同意公开发布: the report (without the contact) appears in the public list. */
  consentPublish: z.boolean(),
});
export type PublicReportBody = z.input<typeof publicReportBody>;

/** What the family keeps: the receipt and the query code (shown once; only its keyed hash is stored). */
export const publicReportReceipt = z.object({
  receipt: z.string(),
  queryCode: z.string(),
  officeName: z.string(),
  submittedAt: z.string(),
  published: z.boolean(),
});
export type PublicReportReceiptDto = z.infer<typeof publicReportReceipt>;

export const publicReportStatusBody = z.strictObject({
  receipt: z.string().trim().min(1, { message: '请填写回执号' }).max(40),
  code: z.string().trim().min(1, { message: '请填写查询码' }).max(40),
});

export const PUBLIC_REPORT_STATUS_LABELS = {
  open: '处理中',
  found: '已找到',
  withdrawn: '已撤回',
} as const;

export const publicReportStatusView = z.object({
  receipt: z.string(),
  status: z.enum(['open', 'found', 'withdrawn']),
  statusLabel: z.string(),
  officeName: z.string(),
});
export type PublicReportStatusDto = z.infer<typeof publicReportStatusView>;

export const publicReportsQuery = z.strictObject({
  sex: z.enum(['male', 'female']).optional(),
  county: countyCode.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(48).default(12),
});
export type PublicReportsQuery = z.infer<typeof publicReportsQuery>;

/** A published report (family's consent): no contact, the county only. */
export const publicReportView = z.object({
  receipt: z.string(),
  name: z.string().nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  birthYear: z.number().int().nullable(),
  lostOn: z.string().nullable(),
  lostCountyName: z.string().nullable(),
  features: z.string().nullable(),
  officeName: z.string(),
  submittedOn: z.string(),
});
export type PublicReportDto = z.infer<typeof publicReportView>;
export const publicReportPage = pageOf(publicReportView);

/** The places of the pickers: prefectures with their counties (the province's registered divisions). */
export const publicPlaceView = z.object({
  code: z.string(),
  name: z.string(),
  counties: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type PublicPlaceDto = z.infer<typeof publicPlaceView>;
