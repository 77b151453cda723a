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
});
export type RegisterMarriageInput = z.output<typeof registerMarriageBody>;
