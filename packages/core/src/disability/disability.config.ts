import { z } from 'zod';
import type { CoreContext } from '../context';
import { defaultPaymentsConfig, paymentsConfigSchema, type PaymentsConfig } from './payments.config';
import {
  defaultDevicesConfig,
  defaultRehabConfig,
  devicesConfigSchema,
  rehabConfigSchema,
  type DevicesConfig,
  type RehabConfig,
} from './rehab.config';

/**
 * The disability line's configuration (`lines.disability`): every reading rulebook §6 leaves open
 * (UNVERIFIED, DESIGN or conflicting local rules), with the default chosen and why (docs/disability.md
 * "Readings and defaults"). Rates are data (the standards table, per division and year); what is here
 * is the policy frame. Each concern adds its keys under its own heading below.
 */

/** A provincial minimum per subsidy and year (R-DIS-08): a standard below it is refused. */
export interface ProvincialFloor {
  year: number;
  livingFen: number;
  careFen: number;
  basis: string;
}

/**
 * Optional, locally funded extensions (R-DIS-01, SEED 2021), per division (city 4 or county 6 digits,
 * the longest matching prefix in force wins) from a date.
 */
export interface LocalExtension {
  divisionCode: string;
  from: string;
  /** Living subsidy for low-income (低收入) families. */
  livingLowIncome: boolean;
  /** Living subsidy for 依老养残 (disabled people cared for by elderly parents). */
  livingElderlyParents: boolean;
  /** Living subsidy for 一户多残 (several disabled people in one household). */
  livingMultipleDisabled: boolean;
  /** Care subsidy for grade 3–4 intellectual (5) or mental (6) disability. */
  careGrade34IntellectualMental: boolean;
  basis: string;
}

/** Overlap with other benefits (R-DIS-03): rules whose national wording is UNVERIFIED, as switches. */
export interface OverlapRules {
  /**
   * Someone in 特困供养 keeps the care subsidy (UNVERIFIED, some places). Default false: the provincial
   * baseline (Dandong's wording of GF-52) excludes 特困 people from both subsidies.
   */
  tekunKeepsCare: boolean;
  /**
   * What the work-injury insurance care allowance (工伤保险生活护理费) excludes: `both` subsidies (Dandong,
   * default) or only `care` (the allowance pays for care, not living costs — the other reading).
   */
  workInjuryCareExcludes: 'both' | 'care';
  /** An orphan on basic-living support gets no living subsidy (may get care). Default true (GF-52 wording). */
  orphanExcludesLiving: boolean;
  /** A severely disabled child in a child-welfare institution: the same as an orphan (local rule). Default true. */
  childWelfareInstitutionExcludesLiving: boolean;
  /**
   * Whether 老年人高龄津贴 counts as an elderly welfare subsidy that forces a choice (UNVERIFIED local
   * reading). Default false: it does not; the old-age allowance is paid alongside.
   */
  oldAgeAllowanceForcesChoice: boolean;
}

/**
 * Policy finds people (数据找人, D7; the 2022 精准管理 notice pushes newly certified and newly 低保 people to
 * township staff as reminders): what the lists and the reminder refresh read.
 */
export interface OutreachConfig {
  /** Hukou province of the line (`43`, Hunan): other provinces' holders are not eligible here (R-DIS-01 TC4). */
  provincePrefix: string;
  /** "Newly" certified / newly on 低保: within this many days before the day of the list (DESIGN: 30). */
  newWithinDays: number;
  /**
   * After an outcome is recorded (refused, not eligible, unreachable, moved, applied) the person is not
   * reminded again for the same subsidy for this many days (DESIGN: 180), unless the facts change.
   */
  quietDaysAfterOutcome: number;
  /**
   * The province-wide refresh runs when the last one is this many days old (DESIGN: 30, monthly); the job
   * checks once a day (timers cannot wait a month). The county can refresh on demand at any time.
   */
  refreshEveryDays: number;
}

export interface DisabilityConfig {
  /** R-DIS-08: 65 yuan (2020), 70 yuan (2021, the floor still in force until the province sets another). */
  provincialFloors: ProvincialFloor[];
  /** Local extensions (R-DIS-01); none by default. */
  extensions: LocalExtension[];
  overlap: OverlapRules;
  /** R-DIS-06 (KSTB, VERIFIED-2nd): forward, decide and notify periods in working days. */
  deadlines: { forwardWorkingDays: number; decideWorkingDays: number; notifyWorkingDays: number };
  /** Public notice of an approval before payment (宜昌 example, UNVERIFIED nationally): DESIGN 5 working days. */
  noticeWorkingDays: number;
  /** Back-pay after a certificate renewal is capped (2022 精准管理 notice): 3 months. */
  backPayCapMonths: number;
  /** Payment rhythm (R-DIS-05: monthly). Quarterly payment (岚皋) is a local deviation not implemented: only 'monthly'. */
  paymentFrequency: 'monthly';
  // ----- concerns add their keys below this line, one block each -----
  // ----- verification (D6) -----
  /**
   * Comparison and re-verification (docs/disability.md "Comparison and re-verification"): working days
   * the township has to answer a finding (DESIGN 10, kernel calendar), the lowest score (0–100) at which a
   * name + birth-date match of a hukou move-out row without resident id is linked (DESIGN 90, marked
   * fuzzy), and how often the monthly comparison job wakes (it runs once per county and month).
   */
  verification: { answerWorkingDays: number; fuzzyMinScore: number; jobIntervalMinutes: number };
  // ----- outreach and statistics (D7) -----
  /** Policy finds people (数据找人): the lists, the reminders pushed to townships and their refresh. */
  outreach: OutreachConfig;
  // ----- rehabilitation and devices (D8) -----
  /** R-DIS-09 targets, district list, pilot fund (rehab.config.ts). */
  rehab: RehabConfig;
  /** R-DIS-10 rental subsidy and 福康工程 basis (rehab.config.ts). */
  devices: DevicesConfig;
  // ----- payments (D5) -----
  /** Payment file formats, the bank return file, account numbers (payments.config.ts, ADR 0033). */
  payments: PaymentsConfig;
  // ----- applications (D2) -----
  /**
   * The citizen's online application and status look-up (docs/disability.md "Applications"): requests per
   * client address per 10 minutes (applications, look-ups) and per phone number (both together).
   */
  applications: { publicWritesPerIp: number; publicLookupsPerIp: number; publicPerPhone: number };
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const division = z.string().regex(/^\d{2}(\d{2}){0,2}$/);
const fenAmount = z.number().int().min(1).max(10_000_000);
const days = (max: number) => z.number().int().min(1).max(max);

export const defaultDisabilityConfig: DisabilityConfig = {
  provincialFloors: [
    {
      year: 2020,
      livingFen: 6_500,
      careFen: 6_500,
      basis: '湖南省重点民生实事项目（2020年：每人每月不低于65元）',
    },
    {
      year: 2021,
      livingFen: 7_000,
      careFen: 7_000,
      basis: '湖南省重点民生实事项目（2021年：每人每月不低于70元）',
    },
  ],
  extensions: [],
  overlap: {
    tekunKeepsCare: false,
    workInjuryCareExcludes: 'both',
    orphanExcludesLiving: true,
    childWelfareInstitutionExcludesLiving: true,
    oldAgeAllowanceForcesChoice: false,
  },
  deadlines: { forwardWorkingDays: 3, decideWorkingDays: 10, notifyWorkingDays: 3 },
  noticeWorkingDays: 5,
  backPayCapMonths: 3,
  paymentFrequency: 'monthly',
  verification: { answerWorkingDays: 10, fuzzyMinScore: 90, jobIntervalMinutes: 360 },
  // ----- outreach and statistics (D7) -----
  outreach: {
    provincePrefix: '43',
    newWithinDays: 30,
    quietDaysAfterOutcome: 180,
    refreshEveryDays: 30,
  },
  // ----- rehabilitation and devices (D8) -----
  rehab: defaultRehabConfig,
  devices: defaultDevicesConfig,
  // ----- payments (D5) -----
  payments: defaultPaymentsConfig,
  // ----- applications (D2) -----
  applications: { publicWritesPerIp: 10, publicLookupsPerIp: 30, publicPerPhone: 5 },
};

export const disabilityConfigSchema: z.ZodType<DisabilityConfig> = z
  .object({
    provincialFloors: z.array(
      z
        .object({
          year: z.number().int().min(2000).max(2100),
          livingFen: fenAmount,
          careFen: fenAmount,
          basis: z.string().trim().min(1).max(200),
        })
        .strict(),
    ),
    extensions: z.array(
      z
        .object({
          divisionCode: division,
          from: isoDate,
          livingLowIncome: z.boolean(),
          livingElderlyParents: z.boolean(),
          livingMultipleDisabled: z.boolean(),
          careGrade34IntellectualMental: z.boolean(),
          basis: z.string().trim().min(1).max(200),
        })
        .strict(),
    ),
    overlap: z
      .object({
        tekunKeepsCare: z.boolean(),
        workInjuryCareExcludes: z.enum(['both', 'care']),
        orphanExcludesLiving: z.boolean(),
        childWelfareInstitutionExcludesLiving: z.boolean(),
        oldAgeAllowanceForcesChoice: z.boolean(),
      })
      .strict(),
    deadlines: z
      .object({ forwardWorkingDays: days(60), decideWorkingDays: days(120), notifyWorkingDays: days(60) })
      .strict(),
    noticeWorkingDays: z.number().int().min(0).max(60),
    backPayCapMonths: z.number().int().min(0).max(120),
    // Quarterly payment (岚皋) is a local deviation the roster does not implement: only `monthly` is accepted.
    paymentFrequency: z.literal('monthly'),
    // ----- concerns add their keys below this line, one block each -----
    verification: z
      .object({
        answerWorkingDays: days(60),
        fuzzyMinScore: z.number().int().min(50).max(100),
        jobIntervalMinutes: z.number().int().min(1).max(10_080),
      })
      .strict(),
    // ----- outreach and statistics (D7) -----
    outreach: z
      .object({
        provincePrefix: z.string().regex(/^\d{2}$/),
        newWithinDays: z.number().int().min(1).max(366),
        quietDaysAfterOutcome: z.number().int().min(0).max(3660),
        refreshEveryDays: z.number().int().min(1).max(366),
      })
      .strict(),
    // ----- rehabilitation and devices (D8) -----
    rehab: rehabConfigSchema,
    devices: devicesConfigSchema,
    // ----- payments (D5) -----
    payments: paymentsConfigSchema,
    // ----- applications (D2) -----
    applications: z
      .object({
        publicWritesPerIp: z.number().int().min(1).max(1_000_000),
        publicLookupsPerIp: z.number().int().min(1).max(1_000_000),
        publicPerPhone: z.number().int().min(1).max(1_000_000),
      })
      .strict(),
  })
  .strict();

/** The disability line's configuration in `ctx` (the defaults when the context was built without the line). */
export function disabilityConfig(ctx: CoreContext): DisabilityConfig {
  return (ctx.config.lines.disability as DisabilityConfig | undefined) ?? defaultDisabilityConfig;
}
