import { z } from 'zod';
import { plainDateSchema } from '../plain-date';
import { divisionCodeSchema, reasonSchema } from './common';
import { sortParam } from './sort';

export const sexSchema = z.enum(['male', 'female']);
export const personStatusSchema = z.enum(['alive', 'deceased']);

export const personSummary = z.object({
  id: z.string(),
  residentIdMasked: z.string().nullable().describe('脱敏后的身份证号码，如 430102********1234'),
  name: z.string(),
  namePinyin: z.string(),
  sex: sexSchema,
  birthDate: z.string().nullable(),
  age: z.number().int().nullable().describe('周岁；已故人员为死亡时的周岁'),
  hukouDivisionCode: z.string(),
  hukouDivisionName: z.string(),
  status: personStatusSchema,
  deathDate: z.string().nullable(),
});
export type PersonSummaryDto = z.infer<typeof personSummary>;

export const personDetail = personSummary.extend({
  facts: z.array(
    z.object({
      field: z.string(),
      source: z.string(),
      recordedAt: z.string(),
      recordedBy: z.string().describe('记录人账号'),
      recordedByName: z.string().describe('记录人姓名（显示名；系统写入的为“系统”）'),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Columns the people ledger sorts by (server side). */
export const PEOPLE_SORT_FIELDS = ['name', 'birthDate', 'hukouDivisionCode', 'status', 'deathDate'] as const;
export const PEOPLE_SORT_LABELS = {
  name: '姓名（拼音）',
  birthDate: '出生日期',
  hukouDivisionCode: '户籍地',
  status: '状态',
  deathDate: '死亡日期',
} as const;

export const peopleFilter = z.object({
  division: divisionCodeSchema.optional(),
  q: z.string().trim().max(50).optional().describe('姓名、拼音或身份证号码（可为前几位）'),
  sex: sexSchema.optional(),
  status: personStatusSchema.optional(),
  /** 姓名按拼音排序（存储的拼音排序键），默认：区划、姓名拼音。 */
  sort: sortParam(PEOPLE_SORT_FIELDS, PEOPLE_SORT_LABELS),
});

/** The resident id itself is validated by the service (stable RESIDENT_ID_* codes). */
export const newPersonBody = z.strictObject({
  residentId: z.string().trim().max(20).nullish(),
  name: z.string().trim().min(1, { message: '请填写姓名' }).max(50),
  sex: sexSchema.optional(),
  birthDate: plainDateSchema.nullish(),
  hukouDivisionCode: divisionCodeSchema,
  source: z.string().trim().min(1).max(50).default('人工录入'),
});

export const revealBody = z.strictObject({ reason: reasonSchema });

export const recordDeathBody = z.strictObject({
  deathDate: plainDateSchema,
  source: z.string().trim().min(1, { message: '请填写信息来源' }).max(50),
  reason: z.string().trim().max(200).optional(),
});
