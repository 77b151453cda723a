/**
 * Stored three-way family-search candidates (寻亲候选, issue 16 item 1, ADR 0023): the review tab of the
 * matching line and the candidates of one record (a rescue case's 寻亲与团聚 tab). A candidate is visible
 * when one side is in the user's scope; the other side then comes minimised.
 */
import { z } from 'zod';
import { divisionCodeSchema, pageOf, pageQuery } from '../common';
import { sexSchema } from '../people';
import { familyRecordKindSchema } from './family-search';

export const FAMILY_CANDIDATE_CHANNELS = ['data', 'face', 'dna', 'notice', 'other'] as const;
export const familyCandidateChannelSchema = z.enum(FAMILY_CANDIDATE_CHANNELS);
export type FamilyCandidateChannelDto = z.infer<typeof familyCandidateChannelSchema>;
/** Chinese names of the channels (pages, statistics by channel). */
export const FAMILY_CANDIDATE_CHANNEL_LABELS: Record<FamilyCandidateChannelDto, string> = {
  data: '数据比对',
  face: '人脸比对',
  dna: 'DNA 比对',
  notice: '寻亲公告',
  other: '其他途径',
};

export const FAMILY_CANDIDATE_STATUSES = [
  'open',
  'claimed',
  'confirmed',
  'rejected',
  'unsure',
  'withdrawn',
] as const;
export const familyCandidateStatusSchema = z.enum(FAMILY_CANDIDATE_STATUSES);
export type FamilyCandidateStatusDto = z.infer<typeof familyCandidateStatusSchema>;
export const FAMILY_CANDIDATE_STATUS_LABELS: Record<FamilyCandidateStatusDto, string> = {
  open: '待核查',
  claimed: '核查中',
  confirmed: '已确认',
  rejected: '已排除',
  unsure: '存疑',
  withdrawn: '记录已撤下',
};
export const familyCandidateBandSchema = z.enum(['strong', 'possible']);
export const FAMILY_CANDIDATE_BAND_LABELS = { strong: '高度相似', possible: '可能相似' } as const;

export const familyCandidateSideView = z.object({
  entryId: z.string(),
  kind: familyRecordKindSchema,
  ownerLine: z.string(),
  inScope: z.boolean().describe('false：对方辖区的记录，已最小化显示（无编号、无联系方式、地点到县）'),
  active: z.boolean(),
  record: z
    .object({
      reference: z.string().nullable(),
      name: z.string().nullable(),
      sex: sexSchema.nullable(),
      birthYear: z.number().int().nullable(),
      birthYearUncertainty: z.number().int().nullable(),
      estimatedAge: z
        .object({ estimate: z.number().int(), range: z.number().int(), asOf: z.string() })
        .nullable(),
      eventDate: z.string().nullable(),
      placeCode: z.string().nullable(),
      placeName: z.string().nullable(),
      features: z.string().nullable(),
      photoRef: z.string().nullable(),
      divisionCode: z.string(),
      divisionName: z.string().nullable(),
      institutionId: z.string().nullable(),
    })
    .nullable(),
  contact: z.object({ name: z.string().nullable(), phoneMasked: z.string().nullable() }).nullable(),
});
export type FamilyCandidateSideDto = z.infer<typeof familyCandidateSideView>;

export const familyCandidateView = z.object({
  id: z.string(),
  channel: familyCandidateChannelSchema,
  score: z.number(),
  band: familyCandidateBandSchema,
  status: familyCandidateStatusSchema,
  explanation: z.record(z.string(), z.unknown()).describe('按来源：data 为比对引擎的逐项说明'),
  left: familyCandidateSideView,
  right: familyCandidateSideView,
  claimedBy: z.string().nullable(),
  claimedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type FamilyCandidateDto = z.infer<typeof familyCandidateView>;

export const familyCandidateFilter = z.object({
  entryId: z.string().min(1).max(64).optional().describe('只看这条寻亲记录（如救助案件编号）的候选'),
  status: familyCandidateStatusSchema.optional(),
  kind: familyRecordKindSchema.optional().describe('任一方为该类别'),
  channel: familyCandidateChannelSchema.optional(),
  division: divisionCodeSchema.optional(),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('只看我领取的'),
});
export const familyCandidateListQuery = familyCandidateFilter.extend(pageQuery.shape);
export const familyCandidatePage = pageOf(familyCandidateView);

export const familyCandidateDecideBody = z.strictObject({
  decision: z
    .enum(['confirm', 'reject', 'unsure'])
    .describe('confirm 确认为同一人；reject 排除；unsure 存疑'),
  reason: z.string().trim().min(2, { message: '请填写核查意见（至少 2 个字）' }).max(500),
});

export const familyCandidateRefreshBody = z.strictObject({
  entryId: z.string().min(1).max(64),
});
export const familyCandidateRefreshResponse = z.object({
  proposed: z.number().int(),
  withdrawn: z.number().int(),
});
