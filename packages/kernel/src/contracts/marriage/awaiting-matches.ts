/** Back-filled rows awaiting a match to the people index (补录待匹配). */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sexSchema } from '../people';
import { sortParam } from '../sort';
import { crossBorderSchema, marriageKindSchema, marriageStatusSchema } from './records';

/** Columns the awaiting-match ledger sorts by; default: newest batch first, then row number. */
export const AWAITING_SORT_FIELDS = [
  'importedAt',
  'registeredOn',
  'certificateNo',
  'husbandName',
  'wifeName',
] as const;
export const AWAITING_SORT_LABELS = {
  importedAt: '导入时间',
  registeredOn: '登记日期',
  certificateNo: '证书字号',
  husbandName: '男方姓名（拼音）',
  wifeName: '女方姓名（拼音）',
} as const;

export const awaitingMatchesQuery = z.object({
  division: divisionCodeSchema.optional(),
  importId: z.string().max(64).optional().describe('导入批次'),
  q: z.string().trim().max(50).optional().describe('姓名（汉字或拼音）、证书字号或登记机关'),
  from: plainDateSchema.optional().describe('登记日期起（含）'),
  to: plainDateSchema.optional().describe('登记日期止（含）'),
  sort: sortParam(AWAITING_SORT_FIELDS, AWAITING_SORT_LABELS),
});

const matchCandidateView = z.object({
  personId: z.string(),
  score: z.number(),
  name: z.string(),
  residentIdMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
  hukouDivisionName: z.string(),
  status: z.enum(['alive', 'deceased']),
});

const awaitingPartyView = z.object({
  name: z.string(),
  sex: sexSchema,
  birthDate: z.string().nullable(),
  /** Masked; null for a party without an id number (the one the row waits for). */
  residentIdMasked: z.string().nullable(),
  /** People the matching engine proposed, best first (only people the reader may see). */
  candidates: z.array(matchCandidateView),
});

export const awaitingMatchView = z.object({
  importId: z.string(),
  fileName: z.string(),
  importedAt: z.string(),
  rowNo: z.number().int(),
  divisionCode: z.string(),
  kind: marriageKindSchema,
  registeredOn: z.string(),
  registryName: z.string(),
  certificateNo: z.string().nullable(),
  crossBorder: crossBorderSchema,
  status: marriageStatusSchema,
  endedOn: z.string().nullable(),
  husband: awaitingPartyView,
  wife: awaitingPartyView,
});
export type AwaitingMatchViewDto = z.infer<typeof awaitingMatchView>;
