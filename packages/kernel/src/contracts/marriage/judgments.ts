/** Court judgments declaring a marriage void or annulling it, and the annulment referral to the court. */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { text } from './text-field';

export const judgmentGroundSchema = z.enum([
  'bigamy',
  'prohibited_kinship',
  'under_age',
  'coercion',
  'concealed_illness',
]);

export const courtJudgmentBody = z.strictObject({
  outcome: z.enum(['void', 'annulled']).describe('void 确认婚姻无效；annulled 撤销婚姻'),
  ground: judgmentGroundSchema,
  court: text(80, '请填写作出判决的人民法院'),
  caseNumber: text(80, '请填写案号'),
  judgmentDate: plainDateSchema,
  effectiveDate: plainDateSchema,
});

export const judgmentView = z.object({
  id: z.string(),
  marriageId: z.string(),
  outcome: z.enum(['void', 'annulled']),
  ground: judgmentGroundSchema,
  court: z.string(),
  caseNumber: z.string(),
  judgmentDate: z.string(),
  effectiveDate: z.string(),
  /** The divorce application this judgment terminated (it was in its cooling-off windows), if any. */
  terminatedDivorceId: z.string().nullable(),
});

export const annulmentApplicationBody = z.strictObject({
  ground: z
    .enum(['coercion', 'concealed_illness'])
    .describe('coercion 受胁迫；concealed_illness 婚前隐瞒重大疾病'),
});
