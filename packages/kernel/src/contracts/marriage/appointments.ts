/** Appointments booked on the public portal (网上预约婚姻登记). */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { text } from './text-field';

export const bookAppointmentBody = z.strictObject({
  registryId: z.string().min(1).max(64),
  date: plainDateSchema,
  halfDay: z.enum(['am', 'pm']).describe('am 上午；pm 下午'),
  service: z.enum(['marriage', 'divorce', 'reissue']),
  applicantName: text(50, '请填写姓名'),
  partnerName: z.string().trim().max(50).nullish(),
  /**
   * The applicant's id is required for every service, the partner's for marriage and divorce (a man and
   * a woman, both of marriageable age); stored only masked and as the couple's keyed HMAC.
   */
  applicantResidentId: z.string().trim().max(20).nullish().describe('申请人公民身份号码（必填）'),
  partnerResidentId: z.string().trim().max(20).nullish().describe('另一方公民身份号码（结婚、离婚必填）'),
  phone: z.string().trim().min(1, { message: '请填写手机号码' }).max(20),
});

export type BookAppointmentBody = z.input<typeof bookAppointmentBody>;

export const appointmentReceipt = z.object({
  reference: z.string(),
  registryName: z.string(),
  address: z.string(),
  date: z.string(),
  halfDay: z.enum(['am', 'pm']),
  slotNo: z.number().int(),
  service: z.enum(['marriage', 'divorce', 'reissue']),
});
export type AppointmentReceiptDto = z.infer<typeof appointmentReceipt>;

export const cancelAppointmentBody = z.strictObject({
  reference: z.string().trim().min(1, { message: '请填写预约号' }).max(20),
  phone: z.string().trim().min(1, { message: '请填写手机号码' }).max(20),
});

/** 查询预约: the same credential as cancelling (reference + phone). */
export const findAppointmentBody = cancelAppointmentBody;

export const rescheduleAppointmentBody = cancelAppointmentBody.extend({
  date: plainDateSchema,
  halfDay: z.enum(['am', 'pm']).describe('am 上午；pm 下午'),
});

/** A booking as its holders see it (public, after reference + phone). */
export const appointmentView = z.object({
  id: z.string(),
  reference: z.string(),
  date: z.string(),
  halfDay: z.enum(['am', 'pm']),
  slotNo: z.number().int(),
  service: z.enum(['marriage', 'divorce', 'reissue']),
  applicantName: z.string(),
  partnerName: z.string().nullable(),
  /** Masked ids (bookings keep no id in clear); null on bookings made before they were asked for. */
  applicantResidentIdMasked: z.string().nullable(),
  partnerResidentIdMasked: z.string().nullable(),
  phoneMasked: z.string(),
  status: z.enum(['booked', 'cancelled', 'attended']),
});
export type AppointmentViewDto = z.infer<typeof appointmentView>;

/** What the couple sees of their own booking (public lookup): the registry's details, no record id. */
export const appointmentDetail = appointmentView.omit({ id: true }).extend({
  registryId: z.string(),
  registryName: z.string(),
  address: z.string(),
  officeHours: z.string(),
});
export type AppointmentDetailDto = z.infer<typeof appointmentDetail>;

export const appointmentsQuery = z.object({
  registryId: z.string().min(1).max(64),
  date: plainDateSchema.optional(),
});

export const availabilityView = z.object({
  registryId: z.string(),
  capacity: z.number().int(),
  days: z.array(z.object({ date: z.string(), am: z.number().int(), pm: z.number().int() })),
});
export type AvailabilityViewDto = z.infer<typeof availabilityView>;
