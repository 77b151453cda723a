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

/**
 * booked 已预约; attended 已签到（办理中）; done 已办结; no_show 未到 (also computed on read for a booking
 * still booked after its day); cancelled 已取消.
 */
export const appointmentStatusSchema = z
  .enum(['booked', 'cancelled', 'attended', 'done', 'no_show'])
  .describe('booked 已预约；attended 已签到；done 已办结；no_show 未到；cancelled 已取消');
export type AppointmentStatus = z.infer<typeof appointmentStatusSchema>;

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
  status: appointmentStatusSchema,
  /** 签到 instant; when closed (done, no-show, cancelled) and why; what the booking ended in. */
  checkedInAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  outcomeKind: z.enum(['marriage', 'refusal', 'divorce', 'other']).nullable(),
  outcomeRef: z.string().nullable(),
});
export type AppointmentViewDto = z.infer<typeof appointmentView>;

/** What the couple sees of their own booking (public lookup): the registry's details, no record id. */
export const appointmentDetail = appointmentView
  .omit({
    id: true,
    checkedInAt: true,
    closedAt: true,
    closeReason: true,
    outcomeKind: true,
    outcomeRef: true,
  })
  .extend({
    registryId: z.string(),
    registryName: z.string(),
    address: z.string(),
    officeHours: z.string(),
  });
export type AppointmentDetailDto = z.infer<typeof appointmentDetail>;

export const appointmentsQuery = z.object({
  registryId: z.string().min(1).max(64),
  date: plainDateSchema.optional(),
  /** Working days from `date` (1 by default; the workbench asks for 3: today and the next two). */
  days: z.coerce.number().int().min(1).max(7).optional(),
});

/** 预约日历: the week (Monday to Sunday) containing `date` (today by default). */
export const appointmentWeekQuery = z.object({
  registryId: z.string().min(1).max(64),
  date: plainDateSchema.optional(),
});

const slotCounts = z.object({
  total: z.number().int(),
  booked: z.number().int(),
  attended: z.number().int(),
  done: z.number().int(),
  noShow: z.number().int(),
  cancelled: z.number().int(),
});

export const appointmentWeekView = z.object({
  registryId: z.string(),
  capacity: z.number().int(),
  weekStart: z.string(),
  today: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: z.number().int().min(1).max(7),
      working: z.boolean(),
      am: slotCounts,
      pm: slotCounts,
    }),
  ),
});
export type AppointmentWeekDto = z.infer<typeof appointmentWeekView>;

/** What check-in answers: the booking and what pre-fills the registration or divorce form. */
export const checkInView = z.object({
  appointment: appointmentView,
  prefill: z.object({
    service: z.enum(['marriage', 'divorce', 'reissue']),
    registryId: z.string(),
    appointmentId: z.string(),
    husbandName: z.string().nullable(),
    wifeName: z.string().nullable(),
    husbandResidentIdMasked: z.string().nullable(),
    wifeResidentIdMasked: z.string().nullable(),
  }),
});
export type CheckInDto = z.infer<typeof checkInView>;

export const cancelAtDeskBody = z.strictObject({
  reason: z.string().trim().min(2, { message: '请填写取消原因' }).max(200),
});

export const completeAppointmentBody = z.strictObject({
  registryId: z.string().min(1).max(64),
  outcomeKind: z.enum(['divorce', 'other']).describe('divorce 已受理离婚登记申请；other 其他（须说明）'),
  outcomeRef: z.string().max(64).nullish().describe('离婚登记申请编号（outcomeKind 为 divorce 时）'),
  note: z.string().trim().max(200).nullish(),
});

export const availabilityView = z.object({
  registryId: z.string(),
  capacity: z.number().int(),
  days: z.array(z.object({ date: z.string(), am: z.number().int(), pm: z.number().int() })),
});
export type AvailabilityViewDto = z.infer<typeof availabilityView>;
