import { z } from 'zod';
import type { CoreContext } from '../context';

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
  /** Payment rhythm (R-DIS-05: monthly; some counties pay quarterly — a local deviation). */
  paymentFrequency: 'monthly' | 'quarterly';
  // ----- concerns add their keys below this line, one block each -----
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
    paymentFrequency: z.enum(['monthly', 'quarterly']),
    // ----- concerns add their keys below this line, one block each -----
  })
  .strict();

/** The disability line's configuration in `ctx` (the defaults when the context was built without the line). */
export function disabilityConfig(ctx: CoreContext): DisabilityConfig {
  return (ctx.config.lines.disability as DisabilityConfig | undefined) ?? defaultDisabilityConfig;
}
