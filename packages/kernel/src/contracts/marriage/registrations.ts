/** Registering a marriage (结婚登记, 补办结婚登记): the parties, their documents and declarations. */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sexSchema } from '../people';
import { text } from './text-field';

export const partyDocumentTypeSchema = z
  .enum(['resident_id', 'passport', 'foreign_permanent_residence', 'hmt_travel_permit'])
  .describe('resident_id：居民身份证或港澳台居民居住证；其余为涉外、涉港澳台证件');

/** Prohibited: lineal relatives and collateral relatives within three generations (CC 1048). */
export const declaredKinshipSchema = z
  .enum([
    'none',
    'lineal',
    'siblings',
    'uncle_aunt_nephew_niece',
    'first_cousins',
    'second_cousins_or_further',
  ])
  .describe(
    '双方声明的亲属关系：none 无；lineal 直系血亲；siblings 兄弟姐妹；uncle_aunt_nephew_niece 叔伯姑舅姨与侄甥；first_cousins 堂/表兄弟姐妹；second_cousins_or_further 四代及以外',
  );

export const marriagePartyBody = z.strictObject({
  documentType: partyDocumentTypeSchema.default('resident_id'),
  /** For `resident_id`: the 18-digit (or legacy 15-digit) number; validated by the service. */
  residentId: z.string().trim().max(20).nullish(),
  /** For the other document types: the document number, nationality, sex and birth date. */
  documentNo: z.string().trim().max(40).nullish(),
  nationality: z.string().trim().max(40).nullish(),
  sex: sexSchema.nullish(),
  birthDate: plainDateSchema.nullish(),
  name: text(50, '请填写姓名'),
  /** 户籍所在地; defaults to the id's address code (needed for competence before 2025-05-10). */
  hukouDivisionCode: divisionCodeSchema.nullish(),
  presentInPerson: z.boolean().describe('本人亲自到场（不得委托代理）'),
  voluntary: z.boolean().describe('本人确认完全自愿'),
  documents: z.strictObject({
    identityDocument: z.boolean().describe('身份证件（身份证/居住证/护照等）'),
    hukouBooklet: z.boolean().default(false).describe('户口簿（2025-05-10 前必需）'),
  }),
  declaration: z.strictObject({
    signed: z.boolean().describe('已签署《申请结婚登记声明书》'),
    noSpouse: z.boolean().describe('声明本人无配偶'),
    noProhibitedKinship: z.boolean().describe('声明与对方无直系血亲和三代以内旁系血亲关系'),
  }),
  /** CC 1053: disclosed a serious illness to the other party. Recorded nowhere; never a refusal ground. */
  illnessDisclosed: z.boolean().default(false),
});
export type MarriagePartyInput = z.output<typeof marriagePartyBody>;

export const registerMarriageBody = z.strictObject({
  registryId: z.string().min(1).max(64),
  husband: marriagePartyBody,
  wife: marriagePartyBody,
  declaredKinship: declaredKinshipSchema.default('none'),
  /** 补办结婚登记 (JS-1 Art.6): the date the couple began living together as spouses. */
  cohabitingSince: plainDateSchema.nullish(),
  /** The booking this act serves (after 签到): it closes as done, linked to the marriage or refusal. */
  appointmentId: z.string().min(1).max(64).nullish(),
});
export type RegisterMarriageInput = z.output<typeof registerMarriageBody>;

/**
 * Grounds a registrar may state when refusing (MRR-2025's four substantive grounds and the procedural
 * conditions of R-MAR-02/08/09). Illness is never a ground (R-MAR-06).
 */
export const REFUSAL_GROUNDS = {
  PARTY_UNDER_AGE: '未达法定婚龄（民法典第1047条）',
  PARTY_NOT_VOLUNTARY: '非男女双方完全自愿（民法典第1046条）',
  PARTY_ALREADY_MARRIED: '一方或者双方已有配偶（民法典第1042条）',
  PROHIBITED_KINSHIP: '属于直系血亲或者三代以内旁系血亲（民法典第1048条）',
  PARTY_NOT_PRESENT: '当事人未亲自到场',
  DOCUMENTS_INCOMPLETE: '证件、证明材料不全或者不真实',
  DECLARATION_INCOMPLETE: '未如实签署结婚登记声明',
  REGISTRY_NOT_COMPETENT: '本登记机关无管辖权',
  OTHER: '其他不符合结婚登记条件的情形',
} as const;
export type RefusalGround = keyof typeof REFUSAL_GROUNDS;

/** 不予登记 stated by the registrar: the parties as on the form, the ground and the registrar's words. */
export const refuseMarriageBody = registerMarriageBody.extend({
  ground: z
    .enum(Object.keys(REFUSAL_GROUNDS) as [RefusalGround, ...RefusalGround[]])
    .describe('不予登记的依据（法定条件）'),
  note: z
    .string()
    .trim()
    .min(4, { message: '请具体说明不予登记的理由（至少 4 个字）' })
    .max(500, { message: '理由不超过 500 字' })
    .describe('登记员填写的具体理由，将印在不予登记告知书上'),
});
export type RefuseMarriageInput = z.output<typeof refuseMarriageBody>;

export const refusalReceipt = z.object({
  refusalId: z.string(),
  reasons: z.array(z.object({ code: z.string(), message: z.string(), party: z.string().nullable() })),
});
export type RefusalReceiptDto = z.infer<typeof refusalReceipt>;
