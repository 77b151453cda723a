/**
 * How a registrar's write names a marriage (issue 11): its record id — which must be in the registrar's
 * scope, or the request answers 404 like a read — or the resident ids both parties present at the desk
 * (当事人持证申请), where the law lets any registry serve (补领, 离婚登记 from 2025-05-10).
 */
import { z } from 'zod';

const residentIdField = (label: string) =>
  z
    .string()
    .trim()
    .min(15, { message: `请填写${label}的公民身份号码` })
    .max(18)
    .describe(`${label}公民身份号码（当事人出示）`);

/** Both parties' resident ids as presented; the service finds their marriage by them, in any division. */
export const presentedPartiesBody = z.strictObject({
  husbandResidentId: residentIdField('男方'),
  wifeResidentId: residentIdField('女方'),
});
export type PresentedPartiesInput = z.output<typeof presentedPartiesBody>;

/** The two ways to name the marriage: exactly one of `marriageId` (in scope) and `parties`. */
export const marriageReferenceFields = {
  marriageId: z.string().min(1).max(64).optional().describe('本辖区婚姻登记记录 ID'),
  parties: presentedPartiesBody.optional().describe('当事人持证申请：双方公民身份号码'),
};

/** A refinement for bodies built on `marriageReferenceFields`. */
export function exactlyOneMarriageReference(
  body: { marriageId?: string; parties?: unknown },
  ctx: z.RefinementCtx,
): void {
  if ((body.marriageId === undefined) === (body.parties === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['parties'],
      message: '请填写双方的公民身份号码（或选择本辖区的婚姻登记记录）',
    });
  }
}
