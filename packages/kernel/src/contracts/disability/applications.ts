/**
 * Contracts of the disability line's applications concern (issue 18 items 3 and 10; R-DIS-05, R-DIS-06):
 * intake at any township window, the citizen's online application and status look-up (minimised: no
 * name beyond a masked one, no resident id), the R-DIS-06 deadlines with countdowns, forwarding,
 * notification, withdrawal and the manual exchanges with the national system.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { pageOf } from '../common';
import { sortParam } from '../sort';

const optionalText = (max: number) => z.string().trim().max(max).nullish();
const subsidy = z.enum(['living', 'care']);
const relation = z.enum(['self', 'guardian', 'family', 'committee', 'other']);
const township = z
  .string()
  .trim()
  .regex(/^\d{9}$/, { message: '请选择户籍所在乡镇（街道）（9 位区划代码）' });
const residentId = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]$/, { message: '公民身份号码应为 18 位' });
const certificateNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]\d{2}$/, { message: '残疾人证号应为 20 位（身份证号 + 类别 + 等级）' });
const phone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, { message: '请填写 11 位手机号码或带区号的固定电话' });
const name = z.string().trim().min(1, { message: '请填写姓名' }).max(40);

export const APPLICATION_NOTIFY_HOW_LABELS = {
  phone: '电话告知',
  sms: '短信告知',
  in_person: '当面告知',
  letter: '书面送达',
  national_system: '经全国系统告知',
} as const;
export type ApplicationNotifyHow = keyof typeof APPLICATION_NOTIFY_HOW_LABELS;

export const APPLICATION_EXCHANGE_KIND_LABELS = {
  received: '收到全国系统转来的申请',
  pushed: '录入全国系统并推送户籍地',
  answered: '户籍地回复',
  result: '户籍地审核结果',
  note: '其他往来记录',
} as const;
export type ApplicationExchangeKind = keyof typeof APPLICATION_EXCHANGE_KIND_LABELS;

export const APPLICATION_STAGE_LABELS = {
  materials: '核验材料',
  forward: '转户籍地',
  decide: '审核决定',
  notify: '告知申请人',
} as const;
export type ApplicationStage = keyof typeof APPLICATION_STAGE_LABELS;

export const APPLICATION_SORT_FIELDS = ['submittedOn', 'applicationNo', 'nextDueOn', 'status'] as const;
export const APPLICATION_SORT_LABELS = {
  submittedOn: '申请日期',
  applicationNo: '申请编号',
  nextDueOn: '办理时限',
  status: '状态',
} as const;

/** 窗口受理 (any township window, R-DIS-06) or 全国系统转来 (`crossProvince`, entered by the hukou side). */
export const applicationIntakeBody = z.strictObject({
  residentId,
  name,
  certificateNumber,
  subsidies: z.array(subsidy).min(1, { message: '请至少选择一项补贴' }).max(2),
  applicantRelation: relation,
  /** The agent's name when not the person (required then). */
  applicantName: optionalText(40),
  phone,
  /** Hukou township (9 digits). */
  hukouDivisionCode: township,
  /** Day received (default today). Payment runs from its month (R-DIS-05). */
  submittedOn: plainDateSchema.optional(),
  /** Materials complete on receipt (default true); otherwise recorded later (补齐材料). */
  materialsComplete: z.boolean().default(true),
  /**
   * The application came from another province's window through the national system (跨省通办): entered
   * by the hukou township or county; `receivedOn` is the day it arrived here, `reference` its national number.
   */
  crossProvince: z
    .strictObject({
      receivedOn: plainDateSchema,
      reference: z.string().trim().min(1, { message: '请填写全国系统中的申请编号' }).max(60),
      windowName: z.string().trim().min(1, { message: '请填写受理窗口' }).max(80),
    })
    .nullish(),
  note: optionalText(500),
});
export type ApplicationIntakeBody = z.input<typeof applicationIntakeBody>;

/** 网上申请 by the citizen (no login): identity is checked later by the township (DESIGN). */
export const onlineApplicationBody = z.strictObject({
  residentId,
  name,
  certificateNumber,
  phone,
  hukouDivisionCode: township,
  subsidies: z.array(subsidy).min(1, { message: '请至少选择一项补贴' }).max(2),
  applicantRelation: relation,
  applicantName: optionalText(40),
});
export type OnlineApplicationBody = z.input<typeof onlineApplicationBody>;

export const onlineApplicationReceipt = z.object({
  applicationNo: z.string(),
  submittedOn: z.string(),
  /** Where to bring the materials (the hukou township's name). */
  townshipName: z.string(),
  nextStep: z.string(),
});

export const statusLookupBody = z.strictObject({
  applicationNo: z.string().trim().min(4, { message: '请填写申请编号' }).max(40),
  /** Compared by its digits only (spaces and dashes ignored). */
  phone: z.string().trim().min(7, { message: '请填写申请时留的手机号码' }).max(20),
});

/** What the public status look-up shows: the status, the dates, the result and the next step — nothing else. */
export const publicApplicationStatus = z.object({
  applicationNo: z.string(),
  nameMasked: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  channelLabel: z.string(),
  submittedOn: z.string(),
  materialsCompleteOn: z.string().nullable(),
  forwardedOn: z.string().nullable(),
  decideDueOn: z.string().nullable(),
  decidedOn: z.string().nullable(),
  notifiedOn: z.string().nullable(),
  result: z.array(z.object({ subsidy: z.string(), label: z.string(), outcomeLabel: z.string() })),
  payFromMonth: z.string().nullable(),
  nextStep: z.string(),
});
export type PublicApplicationStatus = z.infer<typeof publicApplicationStatus>;

/** The current deadline of an application and its countdown (剩余 N 个工作日 / 已逾期 N 天). */
export const applicationCountdown = z.object({
  stage: z.enum(['materials', 'forward', 'decide', 'notify']),
  stageLabel: z.string(),
  dueOn: z.string().nullable(),
  /** Working days left after today up to the due day (0 on the day itself); null when overdue or no due day. */
  workingDaysLeft: z.number().int().nullable(),
  /** Calendar days past the due day (0 when not overdue). */
  overdueDays: z.number().int(),
  provisional: z.boolean(),
  text: z.string(),
});
export type ApplicationCountdown = z.infer<typeof applicationCountdown>;

export const applicationView = z.object({
  id: z.string(),
  applicationNo: z.string(),
  personId: z.string(),
  name: z.string(),
  residentIdMasked: z.string(),
  certificateNumberMasked: z.string().nullable(),
  categoryLabel: z.string().nullable(),
  gradeLabel: z.string().nullable(),
  subsidies: z.array(subsidy),
  subsidiesLabel: z.string(),
  applicantRelation: relation,
  applicantRelationLabel: z.string(),
  applicantName: z.string().nullable(),
  phoneMasked: z.string(),
  channel: z.enum(['window', 'online', 'cross_province']),
  channelLabel: z.string(),
  /** Marked for the national system (a non-Hunan hukou, or received from another province). */
  nationalExchange: z.boolean(),
  receivedDivisionCode: z.string().nullable(),
  receivedDivisionName: z.string().nullable(),
  divisionCode: z.string(),
  divisionName: z.string(),
  submittedOn: z.string(),
  materialsCompleteOn: z.string().nullable(),
  forwardDueOn: z.string().nullable(),
  forwardedOn: z.string().nullable(),
  decideDueOn: z.string().nullable(),
  decidedOn: z.string().nullable(),
  notifyDueOn: z.string().nullable(),
  notifiedOn: z.string().nullable(),
  dueProvisional: z.boolean(),
  status: z.string(),
  statusLabel: z.string(),
  payFromMonth: z.string().nullable(),
  countdown: applicationCountdown.nullable(),
});
export type ApplicationView = z.infer<typeof applicationView>;

export const applicationExchangeView = z.object({
  id: z.string(),
  kind: z.enum(['received', 'pushed', 'answered', 'result', 'note']),
  kindLabel: z.string(),
  on: z.string(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const applicationEscalationView = z.object({
  stage: z.string(),
  stageLabel: z.string(),
  dueOn: z.string(),
  escalatedOn: z.string(),
});

export const applicationDetail = applicationView.extend({
  /** The name as typed online when it differs from the people index (the township checks identity). */
  nameGiven: z.string().nullable(),
  certificateInRegister: z.boolean(),
  certificateStatusLabel: z.string().nullable(),
  hukouTownship: z.boolean(),
  /** What the actor may do now. */
  canCompleteMaterials: z.boolean(),
  canForward: z.boolean(),
  canNotify: z.boolean(),
  canWithdraw: z.boolean(),
  canRecordExchange: z.boolean(),
  notifiedHow: z.string().nullable(),
  notifiedHowLabel: z.string().nullable(),
  notifyNote: z.string().nullable(),
  withdrawnOn: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  outcomes: z.array(z.object({ subsidy: z.string(), label: z.string(), outcomeLabel: z.string() })),
  decisionReason: z.string().nullable(),
  note: z.string().nullable(),
  exchanges: z.array(applicationExchangeView),
  escalations: z.array(applicationEscalationView),
});
export type ApplicationDetail = z.infer<typeof applicationDetail>;

export const applicationsQuery = z.strictObject({
  status: z
    .enum(['received', 'forwarded', 'reviewing', 'notice', 'approved', 'rejected', 'withdrawn'])
    .optional(),
  channel: z.enum(['window', 'online', 'cross_province']).optional(),
  subsidy: subsidy.optional(),
  /** Township or county (hukou or receiving window) inside the actor's scope. */
  division: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
  /** `1`: only applications past their current deadline. */
  overdue: z.enum(['1']).optional(),
  /** Submitted from / to (inclusive). */
  from: plainDateSchema.optional(),
  to: plainDateSchema.optional(),
  /** Name, application number or the last four digits of the phone. */
  q: z.string().trim().max(40).optional(),
  sort: sortParam(APPLICATION_SORT_FIELDS, APPLICATION_SORT_LABELS),
});
export type ApplicationsQuery = z.infer<typeof applicationsQuery>;
export const applicationPage = pageOf(applicationView);

export const completeMaterialsBody = z.strictObject({
  /** Day the materials were complete (default today). */
  on: plainDateSchema.optional(),
  note: optionalText(500),
});
export const forwardBody = z.strictObject({
  on: plainDateSchema.optional(),
  /** National system number when pushed to another province. */
  reference: optionalText(60),
  note: optionalText(500),
});
export const notifyBody = z.strictObject({
  on: plainDateSchema.optional(),
  how: z.enum(['phone', 'sms', 'in_person', 'letter', 'national_system']),
  note: optionalText(500),
});
export const withdrawBody = z.strictObject({
  reason: z.string().trim().min(2, { message: '请填写撤回原因（至少 2 个字）' }).max(200),
});
export const exchangeBody = z.strictObject({
  kind: z.enum(['received', 'pushed', 'answered', 'result', 'note']),
  on: plainDateSchema,
  reference: optionalText(60),
  note: optionalText(500),
  /** `result` from another province's hukou locality: the outcome per subsidy asked. */
  outcomes: z
    .strictObject({
      living: z.enum(['granted', 'refused']).optional(),
      care: z.enum(['granted', 'refused']).optional(),
    })
    .nullish(),
});

/** A person looked up at the window by resident id (for the intake form; read audited). */
export const intakeLookupQuery = z.strictObject({ residentId });
export const intakeLookupView = z.object({
  found: z.boolean(),
  name: z.string().nullable(),
  hukouDivisionCode: z.string().nullable(),
  certificates: z.array(
    z.object({
      numberMasked: z.string(),
      number: z.string(),
      categoryLabel: z.string(),
      gradeLabel: z.string(),
      statusLabel: z.string(),
    }),
  ),
  openApplications: z.array(z.object({ id: z.string(), applicationNo: z.string(), statusLabel: z.string() })),
});

export const hukouTownshipsQuery = z.strictObject({
  county: z.string().regex(/^\d{6}$/, { message: '请选择户籍所在县（市、区）' }),
});
export const divisionOption = z.object({ code: z.string(), name: z.string() });
