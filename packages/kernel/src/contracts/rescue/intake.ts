/**
 * Contracts of the rescue line's intake concern (求助登记, R-RES-01/03/04/06/08/15): the eligibility
 * answers, a refusal (不予救助), an admission (the wizard's whole form), the case as read back, the
 * residents list (在站人员) and the identification of an unidentified case. Shared by server and UI;
 * the rules (who qualifies, which referral is required) are the service's.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { sortParam } from '../sort';

const text = (max: number, message = '请填写此项') => z.string().trim().min(1, { message }).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const rescueSexSchema = z.enum(['male', 'female']);

/**
 * What brought the applicant here (R-RES-01). The narrow reading (救助管理办法实施细则 Art.2) admits only
 * `vagrant_begging`; the broad reading (工作规程 Art.2, default) also admits people away from home who
 * cannot solve food and lodging: lost, failed job search, domestic violence, a traveller robbed or
 * stranded. `none`: none of these (e.g. a local resident with a home).
 */
export const RESCUE_SITUATIONS = [
  'vagrant_begging',
  'lost',
  'job_search_failed',
  'domestic_violence',
  'stranded_traveller',
  'other_away_from_home',
  'none',
] as const;
export const rescueSituationSchema = z.enum(RESCUE_SITUATIONS);
export const RESCUE_SITUATION_LABELS: Record<(typeof RESCUE_SITUATIONS)[number], string> = {
  vagrant_begging: '正在流浪或乞讨',
  lost: '走失、迷路',
  job_search_failed: '务工不着、求职无果',
  domestic_violence: '遭受家庭暴力离家',
  stranded_traveller: '在外遇盗抢、失窃等，无力解决食宿',
  other_away_from_home: '其他离家在外、无力解决食宿',
  none: '以上都不是',
};

/**
 * Whether the applicant gives the intake information (R-RES-03): `given`; `refused` (an adult with full
 * capacity who will not say who they are is not aided); `cannot_give` (a child, a person without or
 * with limited capacity, signs of mental disorder, illness: aided first, verified later).
 */
export const rescueInformationSchema = z.enum(['given', 'refused', 'cannot_give']);

/**
 * The eligibility answers (R-RES-01). Null answers are allowed only when the person cannot give
 * information (R-RES-03: aid first).
 */
export const rescueEligibilitySchema = z.strictObject({
  /** 能否自行解决食宿（有无支付能力）. */
  canPayFoodLodging: z.boolean().nullable(),
  /** 有无近亲属或其他亲友可以投靠. */
  hasRelativesToTurnTo: z.boolean().nullable(),
  /** 是否享受城市最低生活保障或农村五保供养. */
  receivesSubsistence: z.boolean().nullable(),
  situation: rescueSituationSchema.nullable(),
  information: rescueInformationSchema,
});
export type RescueEligibilityDto = z.infer<typeof rescueEligibilitySchema>;

/** Grounds of a refusal (不予救助), each printed in words on the notice. */
export const RESCUE_REFUSAL_GROUNDS = [
  'can_pay',
  'has_relatives',
  'receives_subsistence',
  'not_vagrant',
  'refuses_information',
  'other',
] as const;
export const rescueRefusalGroundSchema = z.enum(RESCUE_REFUSAL_GROUNDS);
export type RescueRefusalGround = z.infer<typeof rescueRefusalGroundSchema>;

export const rescueRefusalBody = z.strictObject({
  stationId: z.string().min(1).max(64),
  nameGiven: optionalText(50),
  sex: rescueSexSchema.nullish(),
  eligibility: rescueEligibilitySchema,
  /** Only for a ground the answers do not show (e.g. 冒领救助); the answers' grounds are found by the service. */
  otherGround: optionalText(200),
  note: optionalText(500),
});
export type RescueRefusalBodyDto = z.input<typeof rescueRefusalBody>;

export const rescueRefusalView = z.object({
  id: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  decidedOn: z.string(),
  nameGiven: z.string().nullable(),
  groundCode: rescueRefusalGroundSchema,
  grounds: z.array(z.object({ code: rescueRefusalGroundSchema, text: z.string() })),
  note: z.string().nullable(),
  decidedBy: z.string(),
  noticeNo: z.string(),
});
export type RescueRefusalViewDto = z.infer<typeof rescueRefusalView>;

export const rescueReferralSourceSchema = z.enum(['police', 'urban_management', 'self', 'public', 'other']);
export const RESCUE_REFERRAL_LABELS = {
  police: '公安机关护送',
  urban_management: '城管护送',
  self: '自行求助',
  public: '群众引导',
  other: '其他',
} as const;
export const rescueCivilCapacitySchema = z.enum(['full', 'limited', 'none']);
export const RESCUE_CAPACITY_LABELS = {
  full: '完全民事行为能力',
  limited: '限制民事行为能力',
  none: '无民事行为能力',
} as const;

/** Conditions seen at intake that require a medical or police referral (R-RES-15). */
export const rescueConditionsSchema = z.strictObject({
  suspectedMentalDisorder: z.boolean().default(false),
  suspectedInfectiousDisease: z.boolean().default(false),
  criticalIllness: z.boolean().default(false),
  visibleInjury: z.boolean().default(false),
  drunkThreatening: z.boolean().default(false),
  suspectedDrugUse: z.boolean().default(false),
});
/** The conditions as read back (plain data for responses). */
export const rescueConditionsView = z.object({
  suspectedMentalDisorder: z.boolean(),
  suspectedInfectiousDisease: z.boolean(),
  criticalIllness: z.boolean(),
  visibleInjury: z.boolean(),
  drunkThreatening: z.boolean(),
  suspectedDrugUse: z.boolean(),
});
export const RESCUE_CONDITION_LABELS = {
  suspectedMentalDisorder: '疑似精神障碍',
  suspectedInfectiousDisease: '疑似传染病',
  criticalIllness: '危重病',
  visibleInjury: '明显外伤',
  drunkThreatening: '醉酒滋事',
  suspectedDrugUse: '疑似吸毒',
} as const;

/** One item of the belongings and documents register (R-RES-03, R-RES-08). */
export const rescueBelongingBody = z.strictObject({
  item: text(50, '请填写物品名称'),
  quantity: z.number().int().min(1).max(9999).default(1),
  description: optionalText(200),
  /** An identity document (身份证、户口簿…): kept only in voluntary safekeeping with consent (R-RES-08). */
  identityDocument: z.boolean().default(false),
  /** The person asked the station to keep it (自愿保管), recorded with who witnessed it. */
  safekeepingConsent: z.boolean().default(false),
  consentNote: optionalText(200),
});
export type RescueBelongingBodyDto = z.input<typeof rescueBelongingBody>;

export const rescueSecurityCheckSchema = z.enum(['passed', 'prohibited_found', 'refused']);
export const RESCUE_SECURITY_LABELS = {
  passed: '安检通过，无违禁物品',
  prohibited_found: '发现违禁/危险物品（已处置）',
  refused: '拒绝安检',
} as const;

/** The whole intake form (the wizard submits it once at the end). */
export const rescueIntakeBody = z.strictObject({
  stationId: z.string().min(1).max(64),
  eligibility: rescueEligibilitySchema,
  /** Resident id if the person has one or states it; validated by the kernel in the service. */
  residentId: z.string().trim().max(20).nullish(),
  nameGiven: optionalText(50),
  sex: rescueSexSchema,
  birthDate: plainDateSchema.nullish(),
  estimatedAge: z.number().int().min(0).max(120).nullish(),
  /** Stated hukou location / residence, as told (R-RES-03). */
  hukouAddress: optionalText(200),
  vagrancyReason: optionalText(500),
  relativesContact: optionalText(300),
  civilCapacity: rescueCivilCapacitySchema.default('full'),
  /** Signs of mental or intellectual disability (R-RES-05: the 10-day limit does not apply). */
  mentalSigns: z.boolean().default(false),
  referralSource: rescueReferralSourceSchema,
  /** Police escort (R-RES-06): the 交接表 — unit, officer and handover time; the scan is attached. */
  policeUnit: optionalText(100),
  policeOfficer: optionalText(50),
  handoverAt: z.iso.datetime({ offset: true }).nullish(),
  referralNote: optionalText(200),
  foundPlace: optionalText(200),
  foundOn: plainDateSchema.nullish(),
  heightCm: z.number().int().min(30).max(250).nullish(),
  health: optionalText(100),
  intellect: optionalText(100),
  mentalState: optionalText(100),
  features: optionalText(300),
  clothing: optionalText(300),
  belongings: z.array(rescueBelongingBody).max(100).default([]),
  securityCheck: rescueSecurityCheckSchema,
  securityNote: optionalText(300),
  conditions: rescueConditionsSchema.default({
    suspectedMentalDisorder: false,
    suspectedInfectiousDisease: false,
    criticalIllness: false,
    visibleInjury: false,
    drunkThreatening: false,
    suspectedDrugUse: false,
  }),
  /** Where the person was sent for treatment (required when a medical condition is ticked, R-RES-15). */
  medicalReferralTo: optionalText(100),
  /** The police unit the person was referred to (required when a police condition is ticked, R-RES-15). */
  policeReferralTo: optionalText(100),
  dormitoryId: z.string().min(1).max(64).nullish(),
  /** Staff member in charge; a female recipient is managed by female staff (R-RES-04). */
  caseworkerName: text(50, '请填写负责工作人员姓名'),
  caseworkerSex: rescueSexSchema,
});
export type RescueIntakeBodyDto = z.input<typeof rescueIntakeBody>;

export const rescueIdentityStatusSchema = z.enum(['identified', 'unidentified', 'to_verify']);
export const RESCUE_IDENTITY_LABELS = {
  identified: '身份已核实',
  unidentified: '身份不明',
  to_verify: '待核实',
} as const;
export const rescueCaseStatusSchema = z.enum([
  'in_station',
  'placed',
  'in_hospital',
  'departed',
  'settled',
  'deceased',
]);
export const RESCUE_CASE_STATUS_LABELS = {
  in_station: '在站',
  placed: '站外托养',
  in_hospital: '住院',
  departed: '已离站',
  settled: '已落户安置',
  deceased: '已死亡',
} as const;
export const rescueStayStatusSchema = z.enum(['within_limit', 'stranded', 'long_term']);
export const RESCUE_STAY_STATUS_LABELS = {
  within_limit: '',
  stranded: '滞留',
  long_term: '长期滞留',
} as const;

export const rescueBelongingView = z.object({
  id: z.string(),
  item: z.string(),
  quantity: z.number().int(),
  description: z.string().nullable(),
  identityDocument: z.boolean(),
  safekeepingConsent: z.boolean(),
  consentNote: z.string().nullable(),
  recordedAt: z.string(),
  /** By display name (系统 for the system); the stored row keeps the account name. */
  recordedBy: z.string(),
  returnedAt: z.string().nullable(),
});

/** The computed stay figures of a case on today's date (periods.ts), never typed. */
export const rescueStayFigures = z.object({
  daysInCare: z.number().int(),
  stayStatus: rescueStayStatusSchema,
  stayLimitApplies: z.boolean(),
  stayLimitExceededFrom: z.string().nullable(),
  /** Over the 10-day limit today (R-RES-05; an approved extension is the stay concern's). */
  overStayLimit: z.boolean(),
  age: z.number().int().nullable(),
  minor: z.boolean(),
});

export const rescueCaseView = z.object({
  id: z.string(),
  caseNo: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  divisionCode: z.string(),
  personId: z.string(),
  personName: z.string(),
  residentIdMasked: z.string().nullable(),
  identityStatus: rescueIdentityStatusSchema,
  nameGiven: z.string().nullable(),
  sex: rescueSexSchema,
  birthDate: z.string().nullable(),
  estimatedAge: z.number().int().nullable(),
  enteredAt: z.string(),
  entryDate: z.string(),
  referralSource: rescueReferralSourceSchema,
  civilCapacity: rescueCivilCapacitySchema,
  mentalSigns: z.boolean(),
  foundPlace: z.string().nullable(),
  foundOn: z.string().nullable(),
  heightCm: z.number().int().nullable(),
  health: z.string().nullable(),
  intellect: z.string().nullable(),
  mentalState: z.string().nullable(),
  features: z.string().nullable(),
  clothing: z.string().nullable(),
  dormitoryId: z.string().nullable(),
  dormitoryName: z.string().nullable(),
  status: rescueCaseStatusSchema,
  closedAt: z.string().nullable(),
  closeKind: z.string().nullable(),
  stay: rescueStayFigures,
  /** The intake record; null for a case written without the intake form (imports, fixtures). */
  intake: z
    .object({
      eligibility: rescueEligibilitySchema,
      hukouAddress: z.string().nullable(),
      vagrancyReason: z.string().nullable(),
      relativesContact: z.string().nullable(),
      policeUnit: z.string().nullable(),
      policeOfficer: z.string().nullable(),
      handoverAt: z.string().nullable(),
      /** A police escort's scanned 交接表 is not attached yet (R-RES-06). */
      handoverScanMissing: z.boolean(),
      referralNote: z.string().nullable(),
      securityCheck: rescueSecurityCheckSchema,
      securityNote: z.string().nullable(),
      conditions: rescueConditionsView,
      medicalReferralTo: z.string().nullable(),
      policeReferralTo: z.string().nullable(),
      minorAtEntry: z.boolean(),
      caseworkerName: z.string(),
      caseworkerSex: rescueSexSchema,
      identificationMergeId: z.string().nullable(),
      /** By display name (系统 for the system); the stored row keeps the account name. */
      recordedBy: z.string(),
    })
    .nullable(),
  belongings: z.array(rescueBelongingView),
});
export type RescueCaseViewDto = z.infer<typeof rescueCaseView>;

/** Residents list (在站人员): today's open cases of the actor's station(s). */
export const RESCUE_RESIDENT_SORT_FIELDS = ['entryDate', 'caseNo', 'name', 'daysInCare'] as const;
export const RESCUE_RESIDENT_SORT_LABELS = {
  entryDate: '入站日期',
  caseNo: '案件编号',
  name: '姓名（拼音）',
  daysInCare: '在站天数',
} as const;
export const rescueOverStaySchema = z.enum(['over_limit', 'stranded', 'long_term', 'any']);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const rescueResidentsQuery = z.object({
  stationId: z.string().min(1).max(64).optional(),
  q: z.string().trim().max(50).optional().describe('姓名或案件编号'),
  status: z.enum(['in_station', 'placed', 'in_hospital']).optional(),
  sex: rescueSexSchema.optional(),
  identity: rescueIdentityStatusSchema.optional(),
  minor: flag.optional(),
  overStay: rescueOverStaySchema.optional(),
  sort: sortParam(RESCUE_RESIDENT_SORT_FIELDS, RESCUE_RESIDENT_SORT_LABELS),
});

export const rescueResidentView = z.object({
  id: z.string(),
  caseNo: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  name: z.string(),
  sex: rescueSexSchema,
  age: z.number().int().nullable(),
  identityStatus: rescueIdentityStatusSchema,
  status: rescueCaseStatusSchema,
  entryDate: z.string(),
  daysInCare: z.number().int(),
  stayStatus: rescueStayStatusSchema,
  overStayLimit: z.boolean(),
  stayLimitExceededFrom: z.string().nullable(),
  minor: z.boolean(),
  civilCapacity: rescueCivilCapacitySchema,
  dormitoryName: z.string().nullable(),
});
export type RescueResidentViewDto = z.infer<typeof rescueResidentView>;

/** The wizard's choices: stations the actor may take people in at, with their active dormitories. */
export const rescueIntakeOptions = z.object({
  stations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      divisionCode: z.string(),
      dormitories: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          sex: rescueSexSchema,
          beds: z.number().int(),
          occupied: z.number().int(),
        }),
      ),
    }),
  ),
});

/** "Identify this case as person X": proposes merging the case's unidentified record into X (R-RES-03). */
export const rescueIdentifyBody = z.strictObject({
  personId: z.string().min(1).max(64),
  reason: z.string().trim().min(2, { message: '请填写认定依据（至少 2 个字）' }).max(200),
});
export const rescueIdentifyView = z.object({ mergeId: z.string(), status: z.string() });
