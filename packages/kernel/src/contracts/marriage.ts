/**
 * Contracts of the marriage registration line (婚姻登记), shared by server and UI. Rule checks with
 * legal content (ages, competence, bigamy) are the service's; these only fix the shapes.
 */
import { z } from 'zod';
import { plainDateSchema } from '../plain-date';
import { divisionCodeSchema, reasonSchema } from './common';
import { sexSchema } from './people';

const text = (max: number, message = '请填写此项') => z.string().trim().min(1, { message }).max(max);

// ----- Registries and registrar qualifications ----------------------------------------------------------

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

// ----- Registration ----------------------------------------------------------------------------------

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

export const crossBorderSchema = z.enum(['mainland', 'foreign', 'hk_macao_taiwan']);
export const marriageStatusSchema = z.enum(['subsisting', 'divorced', 'ended_by_death', 'void', 'annulled']);
export const marriageKindSchema = z.enum(['registration', 'supplementary', 'backfill']);

export const marriagePartyView = z.object({
  personId: z.string(),
  name: z.string(),
  sex: sexSchema,
  residentIdMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
});

export const marriageView = z.object({
  id: z.string(),
  kind: marriageKindSchema,
  certificateNo: z.string().nullable(),
  registeredOn: z.string(),
  effectiveFrom: z.string(),
  registryId: z.string().nullable(),
  registryName: z.string(),
  divisionCode: z.string(),
  crossBorder: crossBorderSchema,
  status: marriageStatusSchema,
  endedOn: z.string().nullable(),
  husband: marriagePartyView,
  wife: marriagePartyView,
});
export type MarriageViewDto = z.infer<typeof marriageView>;

export const refusalReason = z.object({
  code: z.string(),
  message: z.string(),
  party: z.enum(['husband', 'wife', 'both']).nullable(),
});

export const refusalView = z.object({
  id: z.string(),
  service: z.enum(['marriage', 'divorce', 'reissue']),
  registryName: z.string(),
  decidedOn: z.string(),
  husbandName: z.string(),
  wifeName: z.string(),
  reasons: z.array(refusalReason),
});

export const marriagesQuery = z.object({
  division: divisionCodeSchema.optional(),
  q: z.string().trim().max(50).optional().describe('姓名、身份证号码或结婚证字号'),
  status: marriageStatusSchema.optional(),
  from: plainDateSchema.optional(),
  to: plainDateSchema.optional(),
});

// ----- Divorce --------------------------------------------------------------------------------------

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

export const applyDivorceBody = z.strictObject({
  marriageId: z.string().min(1).max(64),
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
});
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

// ----- Marital status (GB/T 2261.2-2003) ---------------------------------------------------------------

export const maritalStatusQuery = z.object({
  residentId: z.string().trim().min(1).max(20),
  reason: reasonSchema,
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

// ----- Re-issue, judgments, annulment referral --------------------------------------------------------

export const reissueBody = z.strictObject({
  marriageId: z.string().min(1).max(64),
  registryId: z.string().min(1).max(64),
  certificate: z.enum(['marriage', 'divorce']).describe('补领结婚证或离婚证'),
  applicant: z
    .enum(['husband', 'wife', 'both', 'proxy'])
    .describe('申请人；proxy 为持授权委托书的代理人（仅补领可委托）'),
  archiveConfirmed: z.boolean().describe('已查档核实'),
});

export const certificateIssueView = z.object({
  id: z.string(),
  marriageId: z.string(),
  kind: z.enum(['marriage_certificate', 'divorce_certificate', 'record_certificate']),
  certificateNo: z.string(),
  issuedOn: z.string(),
  registryName: z.string(),
  insteadBecause: z.string().nullable(),
});

export const judgmentGroundSchema = z.enum([
  'bigamy',
  'prohibited_kinship',
  'under_age',
  'coercion',
  'concealed_illness',
]);

export const courtJudgmentBody = z.strictObject({
  outcome: z.enum(['void', 'annulled']).describe('void 确认婚姻无效；annulled 撤销婚姻'),
  ground: judgmentGroundSchema,
  court: text(80, '请填写作出判决的人民法院'),
  caseNumber: text(80, '请填写案号'),
  judgmentDate: plainDateSchema,
  effectiveDate: plainDateSchema,
});

export const judgmentView = z.object({
  id: z.string(),
  marriageId: z.string(),
  outcome: z.enum(['void', 'annulled']),
  ground: judgmentGroundSchema,
  court: z.string(),
  caseNumber: z.string(),
  judgmentDate: z.string(),
  effectiveDate: z.string(),
  /** The divorce application this judgment terminated (it was in its cooling-off windows), if any. */
  terminatedDivorceId: z.string().nullable(),
});

export const annulmentApplicationBody = z.strictObject({
  ground: z
    .enum(['coercion', 'concealed_illness'])
    .describe('coercion 受胁迫；concealed_illness 婚前隐瞒重大疾病'),
});

// ----- Back-fill import ---------------------------------------------------------------------------

export const importBody = z.strictObject({
  fileName: text(120, '请提供文件名'),
  format: z.enum(['csv', 'xlsx']),
  /** CSV text (UTF-8) or the .xlsx file as base64. */
  content: z.string().min(1).max(1_000_000),
  divisionCode: divisionCodeSchema.describe('按名称填写登记机关的记录所属区划'),
});

const importMessage = z.object({ code: z.string(), message: z.string(), field: z.string().optional() });

export const importRowReport = z.object({
  rowNo: z.number().int(),
  status: z.enum(['imported', 'failed', 'awaiting_match', 'matched']),
  marriageId: z.string().nullable(),
  messages: z.array(importMessage),
});

export const importSummary = z.object({
  id: z.string(),
  fileName: z.string(),
  divisionCode: z.string(),
  totalRows: z.number().int(),
  importedRows: z.number().int(),
  failedRows: z.number().int(),
  awaitingRows: z.number().int(),
  createdAt: z.string(),
});

export const importReport = importSummary.extend({ rows: z.array(importRowReport) });
export type ImportReportDto = z.infer<typeof importReport>;

export const resolveImportRowBody = z.strictObject({
  husbandPersonId: z.string().max(64).nullish().describe('关联人口基础库中的已有人员'),
  wifePersonId: z.string().max(64).nullish().describe('关联人口基础库中的已有人员'),
  /** No such person in the index: create one from the row (name, sex, birth date; no id number). */
  husbandAsNewPerson: z.boolean().optional().describe('库中无此人：按本行信息新建人员（无身份证号）'),
  wifeAsNewPerson: z.boolean().optional().describe('库中无此人：按本行信息新建人员（无身份证号）'),
});

export const awaitingMatchesQuery = z.object({
  division: divisionCodeSchema.optional(),
  importId: z.string().max(64).optional().describe('导入批次'),
  q: z.string().trim().max(50).optional().describe('姓名（汉字或拼音）、证书字号或登记机关'),
  from: plainDateSchema.optional().describe('登记日期起（含）'),
  to: plainDateSchema.optional().describe('登记日期止（含）'),
});

const matchCandidateView = z.object({
  personId: z.string(),
  score: z.number(),
  name: z.string(),
  residentIdMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
  hukouDivisionName: z.string(),
  status: z.enum(['alive', 'deceased']),
});

const awaitingPartyView = z.object({
  name: z.string(),
  sex: sexSchema,
  birthDate: z.string().nullable(),
  /** Masked; null for a party without an id number (the one the row waits for). */
  residentIdMasked: z.string().nullable(),
  /** People the matching engine proposed, best first (only people the reader may see). */
  candidates: z.array(matchCandidateView),
});

export const awaitingMatchView = z.object({
  importId: z.string(),
  fileName: z.string(),
  importedAt: z.string(),
  rowNo: z.number().int(),
  divisionCode: z.string(),
  kind: marriageKindSchema,
  registeredOn: z.string(),
  registryName: z.string(),
  certificateNo: z.string().nullable(),
  crossBorder: crossBorderSchema,
  status: marriageStatusSchema,
  endedOn: z.string().nullable(),
  husband: awaitingPartyView,
  wife: awaitingPartyView,
});
export type AwaitingMatchViewDto = z.infer<typeof awaitingMatchView>;

// ----- Statistics (R-MAR-18) ------------------------------------------------------------------------

export const marriageStatsQuery = z.object({
  division: divisionCodeSchema.optional(),
  from: plainDateSchema.optional().describe('起始日期（含），默认本年 1 月 1 日'),
  to: plainDateSchema.optional().describe('截止日期（含），默认今天'),
});

export const marriageStatistics = z.object({
  division: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  from: z.string(),
  to: z.string(),
  categories: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(
    z.object({
      divisionCode: z.string(),
      divisionName: z.string(),
      counts: z.array(z.number().int()),
      total: z.number().int(),
    }),
  ),
  totals: z.array(z.number().int()),
});
export type MarriageStatisticsDto = z.infer<typeof marriageStatistics>;

// ----- Appointments (public portal) -----------------------------------------------------------------

export const bookAppointmentBody = z.strictObject({
  registryId: z.string().min(1).max(64),
  date: plainDateSchema,
  halfDay: z.enum(['am', 'pm']).describe('am 上午；pm 下午'),
  service: z.enum(['marriage', 'divorce', 'reissue']),
  applicantName: text(50, '请填写姓名'),
  partnerName: z.string().trim().max(50).nullish(),
  /** Required for marriage and divorce (checked, not stored): a man and a woman, of age for marriage. */
  applicantResidentId: z.string().trim().max(20).nullish().describe('申请人公民身份号码（结婚、离婚必填）'),
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
