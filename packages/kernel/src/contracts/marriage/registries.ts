/** Marriage registries (婚姻登记机关) and registrar qualifications (婚姻登记员资格). */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema, reasonSchema } from '../common';
import { text } from './text-field';

export const registryCompetenceSchema = z
  .enum(['mainland', 'mainland_and_cross_border'])
  .describe('mainland：内地居民婚姻登记；mainland_and_cross_border：另经指定办理涉外、涉港澳台婚姻登记');

export const newRegistryBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[0-9]{6}([0-9]{2,3})?$/, { message: '机关代码为所在县级区划代码，可加 2–3 位序号' }),
  name: text(80, '请填写登记机关名称'),
  divisionCode: divisionCodeSchema,
  address: text(200, '请填写办公地址'),
  officeHours: text(200, '请填写办公时间'),
  phone: z.string().trim().max(30).nullish(),
  competence: registryCompetenceSchema.default('mainland'),
  halfDayCapacity: z.coerce.number().int().min(0).max(500).default(20),
});

export const registryView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  /** 市（州） and 县（市、区） of the registry (public registry picker). */
  prefectureCode: z.string().nullable(),
  prefectureName: z.string().nullable(),
  countyCode: z.string(),
  countyName: z.string(),
  address: z.string(),
  officeHours: z.string(),
  phone: z.string().nullable(),
  competence: registryCompetenceSchema,
  halfDayCapacity: z.number().int(),
  status: z.enum(['active', 'closed']),
});
export type RegistryViewDto = z.infer<typeof registryView>;

export const registriesQuery = z.object({ division: divisionCodeSchema.optional() });

export const newQualificationBody = z.strictObject({
  userId: z.string().min(1).max(64),
  registryId: z.string().min(1).max(64),
  certificateNo: text(40, '请填写婚姻登记员资格证书编号'),
  validFrom: plainDateSchema,
  validUntil: plainDateSchema,
});

export const qualificationView = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  registryId: z.string(),
  registryName: z.string(),
  certificateNo: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  status: z.enum(['valid', 'revoked']),
  /** `valid` and today within the period. */
  currentlyValid: z.boolean(),
});
export type QualificationViewDto = z.infer<typeof qualificationView>;

export const revokeQualificationBody = z.strictObject({ reason: reasonSchema });
