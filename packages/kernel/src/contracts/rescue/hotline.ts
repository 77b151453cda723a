/** Rescue hotline call records (热线录音, R-RES-14): metadata of calls, recordings kept at least 3 months. */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';

export const RESCUE_HOTLINE_CATEGORIES = [
  'help_request',
  'lead',
  'family_search',
  'consultation',
  'other',
] as const;
export const rescueHotlineCategorySchema = z.enum(RESCUE_HOTLINE_CATEGORIES);
export const RESCUE_HOTLINE_CATEGORY_LABELS: Record<(typeof RESCUE_HOTLINE_CATEGORIES)[number], string> = {
  help_request: '求助',
  lead: '线索报告',
  family_search: '寻亲',
  consultation: '咨询',
  other: '其他',
};
export const rescueRecordingStatusSchema = z.enum(['kept', 'purged', 'none']);
export const RESCUE_RECORDING_STATUS_LABELS = {
  kept: '保存中',
  purged: '已到期清除',
  none: '未录音',
} as const;

export const RESCUE_HOTLINE_SORT_FIELDS = ['calledAt', 'durationSeconds', 'stationName'] as const;
export const RESCUE_HOTLINE_SORT_LABELS = {
  calledAt: '来电时间',
  durationSeconds: '通话时长',
  stationName: '救助站',
} as const;

export const rescueHotlineQuery = z.object({
  division: divisionCodeSchema.optional(),
  stationId: z.string().min(1).max(64).optional(),
  category: rescueHotlineCategorySchema.optional(),
  recordingStatus: rescueRecordingStatusSchema.optional(),
  from: plainDateSchema.optional().describe('来电日期起（含）'),
  to: plainDateSchema.optional().describe('来电日期止（含）'),
  q: z.string().trim().max(50).optional().describe('摘要关键词或号码尾号'),
  sort: sortParam(RESCUE_HOTLINE_SORT_FIELDS, RESCUE_HOTLINE_SORT_LABELS),
});
export type RescueHotlineQueryDto = z.infer<typeof rescueHotlineQuery>;

export const rescueHotlineCallView = z.object({
  id: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  divisionCode: z.string(),
  calledAt: z.string(),
  recordedOn: z.string(),
  callerNumberMasked: z.string().nullable(),
  durationSeconds: z.number().int(),
  category: rescueHotlineCategorySchema,
  summary: z.string(),
  caseId: z.string().nullable(),
  caseNo: z.string().nullable(),
  recordingRef: z.string().nullable(),
  recordingStatus: rescueRecordingStatusSchema,
  /** The first day the recording may be purged (R-RES-14: the later of 3 calendar months and 90 days). */
  deletableFrom: z.string(),
  purgedAt: z.string().nullable(),
});
export type RescueHotlineCallDto = z.infer<typeof rescueHotlineCallView>;

export const rescueHotlineCallBody = z.strictObject({
  stationId: z.string().min(1).max(64),
  calledAt: z.iso.datetime({ offset: true, message: '来电时间格式不正确' }),
  callerNumber: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{3,20}$/, { message: '来电号码只能包含数字、+、- 和空格（3–20 位）' })
    .nullish(),
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600),
  category: rescueHotlineCategorySchema,
  summary: z.string().trim().min(2, { message: '请填写通话摘要（至少 2 个字）' }).max(1000),
  caseId: z.string().min(1).max(64).nullish(),
  recordingRef: z.string().trim().min(1).max(300).nullish(),
});
export type RescueHotlineCallBodyDto = z.infer<typeof rescueHotlineCallBody>;
