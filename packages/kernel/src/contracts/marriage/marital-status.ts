/** Marital status query (婚姻状况查询, GB/T 2261.2-2003). */
import { z } from 'zod';
import { marriageStatusSchema } from './records';

export const maritalStatusQuery = z.object({
  residentId: z.string().trim().min(1).max(20),
  /**
   * Required (at least 2 characters), but checked by the service rather than here, so that a query
   * without a reason is refused *and audited* as a denied attempt (issue 11). The form checks it too.
   */
  reason: z.string().trim().max(200).optional(),
});

export const maritalStatusView = z.object({
  personId: z.string(),
  name: z.string(),
  residentIdMasked: z.string().nullable(),
  /** GB/T 2261.2-2003: 10 未婚 20 已婚 21 初婚 22 再婚 23 复婚 30 丧偶 40 离婚 90 未说明的婚姻状况. */
  code: z.enum(['10', '20', '21', '22', '23', '30', '40', '90']),
  label: z.string(),
  asOf: z.string(),
  history: z.array(
    z.object({
      marriageId: z.string(),
      registeredOn: z.string(),
      effectiveFrom: z.string(),
      registryName: z.string(),
      status: marriageStatusSchema,
      endedOn: z.string().nullable(),
      spouseName: z.string(),
    }),
  ),
});
export type MaritalStatusViewDto = z.infer<typeof maritalStatusView>;
