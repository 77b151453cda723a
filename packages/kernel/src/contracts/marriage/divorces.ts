/** Divorce by registration (离婚登记): application, cooling-off withdrawal, certificate. */
import { z } from 'zod';
import { divisionCodeSchema } from '../common';
import { exactlyOneMarriageReference, marriageReferenceFields } from './couple';
import { marriagePartyView } from './records';

export const divorceStatusSchema = z.enum([
  'cooling_off',
  'withdrawn',
  'deemed_withdrawn',
  'registered',
  'terminated_by_death',
  /** 离婚登记程序终止: a court declared the marriage void or annulled it while the application was open. */
  'terminated_by_judgment',
]);

export const divorcePartyBody = z.strictObject({
  presentInPerson: z.boolean(),
  identityDocument: z.boolean(),
  hukouBooklet: z.boolean().default(false),
  /** 民事行为能力: only `full` may divorce by registration (MRR-2003 Art.12). */
  civilCapacity: z.enum(['full', 'limited', 'none']).default('full'),
});

export const applyDivorceBody = z
  .strictObject({
    ...marriageReferenceFields,
    registryId: z.string().min(1).max(64),
    husband: divorcePartyBody,
    wife: divorcePartyBody,
    /** both：双方结婚证；one_lost：一本遗失，书面声明+另一本；both_lost：书面声明+加盖查档专用章的档案复印件. */
    marriageCertificates: z.enum(['both', 'one_lost', 'both_lost']),
    agreement: z.strictObject({
      signed: z.boolean().describe('双方签署的离婚协议书'),
      voluntary: z.boolean(),
      hasMinorChildren: z.boolean(),
      childArrangements: z.boolean().describe('子女抚养'),
      propertyArrangements: z.boolean().describe('财产分割'),
      debtArrangements: z.boolean().describe('债务处理'),
    }),
  })
  .superRefine(exactlyOneMarriageReference);
export type ApplyDivorceInput = z.output<typeof applyDivorceBody>;

export const withdrawDivorceBody = z.strictObject({
  registryId: z.string().min(1).max(64),
  party: z.enum(['husband', 'wife']),
  presentInPerson: z.boolean(),
  /** The 受理回执单, or a written explanation of its loss. */
  receiptOrExplanation: z.boolean(),
});

export const requestDivorceCertificateBody = z.strictObject({
  registryId: z.string().min(1).max(64),
  husbandPresent: z.boolean(),
  wifePresent: z.boolean(),
  /** Review (审查): both still wish to divorce and the agreement on children, property and debts stands. */
  bothStillWishToDivorce: z.boolean(),
  agreementConfirmed: z.boolean(),
});

export const divorceView = z.object({
  id: z.string(),
  marriageId: z.string(),
  registryId: z.string(),
  registryName: z.string(),
  divisionCode: z.string(),
  receivedOn: z.string(),
  withdrawalEndsOn: z.string(),
  jointRequestStartsOn: z.string(),
  jointRequestEndsOn: z.string(),
  /** The status on today's date (an overdue application reads as deemed withdrawn before the job runs). */
  status: divorceStatusSchema,
  /** Deadlines computed before the holiday schedule of their year was published (weekends only). */
  provisional: z.boolean(),
  /** withdrawal：冷静期（可撤回）；joint_request：可共同申领离婚证；closed. */
  phase: z.enum(['withdrawal', 'joint_request', 'closed']),
  /** Days left in the current window, counting today. */
  daysLeft: z.number().int().nullable(),
  closedOn: z.string().nullable(),
  withdrawnBy: z.enum(['husband', 'wife']).nullable(),
  certificateNo: z.string().nullable(),
  /** The court judgment that terminated the application (status terminated_by_judgment), else null. */
  judgment: z
    .object({
      id: z.string(),
      outcome: z.enum(['void', 'annulled']),
      court: z.string(),
      caseNumber: z.string(),
      effectiveDate: z.string(),
    })
    .nullable(),
  husband: marriagePartyView,
  wife: marriagePartyView,
});
export type DivorceViewDto = z.infer<typeof divorceView>;

export const divorcesQuery = z.object({
  division: divisionCodeSchema.optional(),
  status: divorceStatusSchema.optional(),
});
