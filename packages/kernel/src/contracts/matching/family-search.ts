/** Family search (寻亲): missing-person reports and the search by a name heard, age, region and features. */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sexSchema } from '../people';

export const newMissingReportBody = z.strictObject({
  name: z.string().trim().max(50).nullish().describe('姓名或小名，汉字或拼音'),
  sex: sexSchema.nullish(),
  birthYear: z.number().int().min(1900).max(2100).nullish(),
  birthYearUncertainty: z.number().int().min(0).max(20).optional(),
  lostOn: plainDateSchema.nullish(),
  lostDivisionCode: divisionCodeSchema.nullish(),
  features: z.string().trim().max(500).nullish().describe('体貌特征、口音、衣着等'),
  divisionCode: divisionCodeSchema.optional().describe('受理单位所在县（默认为走失地）'),
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
  status: z.enum(['open', 'found', 'withdrawn']),
  createdAt: z.string(),
});
export type MissingReportDto = z.infer<typeof missingReportView>;

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
  regionHints: z
    .array(z.string().regex(/^[0-9]{2,9}$/, { message: '地区代码应为 2–9 位数字' }))
    .max(10)
    .optional(),
  dialect: z.string().max(20).nullish().describe('口音：hunan / sichuan / guangdong / fujian …'),
  features: z.string().trim().max(500).nullish(),
  limit: z.number().int().min(1).max(100).optional(),
  reason: z.string().trim().max(200).nullish(),
});

export const familySearchHit = z.object({
  report: missingReportView,
  score: z.number(),
  explanation: z.object({
    name: z.string(),
    ageDifference: z.number().nullable(),
    region: z.string(),
    sex: z.string(),
    sharedFeatures: z.array(z.string()),
  }),
});
export const familySearchResponse = z.object({ items: z.array(familySearchHit), indexed: z.number().int() });
export type FamilySearchHitDto = z.infer<typeof familySearchHit>;
