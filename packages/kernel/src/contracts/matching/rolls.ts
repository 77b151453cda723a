/** External rolls imported for comparison (死亡通知、火化名单、低保名册等). */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sexSchema } from '../people';

export const rollRecordSchema = z.strictObject({
  externalRef: z.string().trim().max(50).nullish(),
  name: z.string().trim().max(50).nullish(),
  sex: sexSchema.nullish(),
  birthDate: plainDateSchema.nullish(),
  residentId: z.string().trim().max(20).nullish(),
  eventDate: plainDateSchema.nullish(),
  divisionCode: divisionCodeSchema,
});

export const importRollBody = z.strictObject({
  source: z.string().trim().min(1, { message: '请填写名单来源' }).max(50),
  records: z.array(rollRecordSchema).min(1).max(5_000),
});

export const rollSummary = z.object({
  source: z.string(),
  records: z.number().int(),
  lastImportedAt: z.string().nullable(),
});
