/** Marriage records as read back (婚姻登记档案), their search and the refusal notices (告知书). */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';
import { sexSchema } from '../people';

export const crossBorderSchema = z.enum(['mainland', 'foreign', 'hk_macao_taiwan']);
export const marriageStatusSchema = z.enum(['subsisting', 'divorced', 'ended_by_death', 'void', 'annulled']);
export const marriageKindSchema = z.enum(['registration', 'supplementary', 'backfill']);

export const marriagePartyView = z.object({
  personId: z.string(),
  name: z.string(),
  sex: sexSchema,
  residentIdMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
});

export const marriageView = z.object({
  id: z.string(),
  kind: marriageKindSchema,
  certificateNo: z.string().nullable(),
  registeredOn: z.string(),
  effectiveFrom: z.string(),
  registryId: z.string().nullable(),
  registryName: z.string(),
  divisionCode: z.string(),
  crossBorder: crossBorderSchema,
  status: marriageStatusSchema,
  endedOn: z.string().nullable(),
  husband: marriagePartyView,
  wife: marriagePartyView,
});
export type MarriageViewDto = z.infer<typeof marriageView>;

export const refusalReason = z.object({
  code: z.string(),
  message: z.string(),
  party: z.enum(['husband', 'wife', 'both']).nullable(),
});

export const refusalView = z.object({
  id: z.string(),
  service: z.enum(['marriage', 'divorce', 'reissue']),
  registryName: z.string(),
  decidedOn: z.string(),
  husbandName: z.string(),
  wifeName: z.string(),
  reasons: z.array(refusalReason),
});

/** Columns the marriage records ledger sorts by (server side). */
export const MARRIAGE_SORT_FIELDS = [
  'registeredOn',
  'certificateNo',
  'husbandName',
  'wifeName',
  'status',
] as const;
export const MARRIAGE_SORT_LABELS = {
  registeredOn: '登记日期',
  certificateNo: '证书字号',
  husbandName: '男方姓名（拼音）',
  wifeName: '女方姓名（拼音）',
  status: '状态',
} as const;

export const marriagesQuery = z.object({
  division: divisionCodeSchema.optional(),
  q: z.string().trim().max(50).optional().describe('姓名、身份证号码或结婚证字号'),
  status: marriageStatusSchema.optional(),
  from: plainDateSchema.optional(),
  to: plainDateSchema.optional(),
  /** 默认：登记日期倒序；证书字号、男方/女方姓名（拼音）、状态可排序。 */
  sort: sortParam(MARRIAGE_SORT_FIELDS, MARRIAGE_SORT_LABELS),
});
