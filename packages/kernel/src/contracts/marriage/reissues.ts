/** Re-issued certificates (补领结婚证/离婚证, 婚姻登记记录证明). */
import { z } from 'zod';
import { exactlyOneMarriageReference, marriageReferenceFields } from './couple';

export const reissueBody = z
  .strictObject({
    ...marriageReferenceFields,
    registryId: z.string().min(1).max(64),
    certificate: z.enum(['marriage', 'divorce']).describe('补领结婚证或离婚证'),
    applicant: z
      .enum(['husband', 'wife', 'both', 'proxy'])
      .describe('申请人；proxy 为持授权委托书的代理人（仅补领可委托）'),
    archiveConfirmed: z.boolean().describe('已查档核实'),
  })
  .superRefine(exactlyOneMarriageReference);

export const certificateIssueView = z.object({
  id: z.string(),
  marriageId: z.string(),
  kind: z.enum(['marriage_certificate', 'divorce_certificate', 'record_certificate']),
  certificateNo: z.string(),
  issuedOn: z.string(),
  registryName: z.string(),
  insteadBecause: z.string().nullable(),
});
