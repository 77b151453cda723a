import type { LeapDayBirthdayRule, PlainDate } from '@social-affairs/kernel';
import { z } from 'zod';
import type { CoreContext } from '../context';

/**
 * A registry competence pilot (跨区域通办试点) before the 2025 regulation: from `from`, a registry whose
 * division starts with `registryPrefix` may register a couple at least one of whom has a hukou whose
 * division starts with `hukouPrefix`.
 */
export interface CompetencePilot {
  name: string;
  from: PlainDate;
  registryPrefix: string;
  hukouPrefix: string;
}

/**
 * The marriage line's configuration: every UNVERIFIED or DESIGN point of rulebook §3 that is a
 * choice rather than law. Defaults are documented in docs/marriage.md and ADR 0001.
 */
export interface MarriageConfig {
  /**
   * R-MAR-01 edge: someone born on 29 February reaches full age in a common year on 28 February
   * (`feb28`, default, by analogy with CC Art.202) or on 1 March (`mar1`).
   */
  leapDayBirthday: LeapDayBirthdayRule;
  /**
   * R-MAR-12: whether Saturdays and Sundays count as 法定休假日 when a cooling-off window's last day
   * falls on one (default true: the rulebook's main column; MCA-116 says 节假日).
   */
  coolingOffWeekendsAreRestDays: boolean;
  /** R-MAR-09 pilots before 2025-05-10 (default: 长沙市全城通办, 2021-05-01, SEED). */
  competencePilots: CompetencePilot[];
  /** How often the deemed-withdrawn job runs while the server is up, in minutes (default 60). */
  divorceExpiryIntervalMinutes: number;
  /**
   * The remedies a refusal notice states (not in the rulebook: UNVERIFIED, see docs/marriage.md
   * "Printing"): administrative reconsideration within `reconsiderationDays` (行政复议法 2023 第二十条: 60
   * 日) to `reconsiderationBody` (null: the people's government of the registry's division, 第二十四条),
   * or litigation within `litigationMonths` (行政诉讼法 第四十六条: 6 个月) before `court`.
   */
  refusalRemedies: RefusalRemedies;
}

export interface RefusalRemedies {
  reconsiderationDays: number;
  litigationMonths: number;
  reconsiderationBody: string | null;
  court: string;
}

export const defaultMarriageConfig: MarriageConfig = {
  leapDayBirthday: 'feb28',
  coolingOffWeekendsAreRestDays: true,
  competencePilots: [
    {
      name: '长沙市婚姻登记全城通办试点',
      from: '2021-05-01' as PlainDate,
      registryPrefix: '4301',
      hukouPrefix: '4301',
    },
  ],
  divorceExpiryIntervalMinutes: 60,
  refusalRemedies: {
    reconsiderationDays: 60,
    litigationMonths: 6,
    reconsiderationBody: null,
    court: '人民法院',
  },
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const divisionPrefix = z.string().regex(/^\d{2,6}$/, '应为 2–6 位行政区划代码前缀');

/** The slice `lines.marriage` of the configuration file, validated at start-up. */
export const marriageConfigSchema: z.ZodType<MarriageConfig> = z
  .object({
    leapDayBirthday: z.enum(['feb28', 'mar1']),
    coolingOffWeekendsAreRestDays: z.boolean(),
    competencePilots: z.array(
      z
        .object({
          name: z.string().min(1),
          from: isoDate,
          registryPrefix: divisionPrefix,
          hukouPrefix: divisionPrefix,
        })
        .strict(),
    ),
    divorceExpiryIntervalMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    refusalRemedies: z
      .object({
        reconsiderationDays: z.number().int().min(1).max(366),
        litigationMonths: z.number().int().min(1).max(60),
        reconsiderationBody: z.string().trim().min(2).max(60).nullable(),
        court: z.string().trim().min(2).max(60),
      })
      .strict(),
  })
  .strict() as unknown as z.ZodType<MarriageConfig>;

/** The marriage line's configuration in `ctx` (the defaults when the context was built without the line). */
export function marriageConfig(ctx: CoreContext): MarriageConfig {
  return (ctx.config.lines.marriage as MarriageConfig | undefined) ?? defaultMarriageConfig;
}

// ----- Law (VERIFIED), not configuration --------------------------------------------------------------

/** 婚姻登记条例 (国务院令804) in force: nationwide competence, no 户口簿 (R-MAR-08/09). */
export const MRR_2025_IN_FORCE = '2025-05-10' as PlainDate;
/** From this date the registry no longer accepts coerced-marriage annulments (MCA-116 §1, R-MAR-07). */
export const CIVIL_CODE_IN_FORCE = '2021-01-01' as PlainDate;
/** CC Art.1047: minimum ages in full years. */
export const MINIMUM_AGE = { male: 22, female: 20 } as const;

/** 1950 《婚姻法》 in force (Art.4: 男二十岁，女十八岁). */
export const MARRIAGE_LAW_1950_IN_FORCE = '1950-05-01' as PlainDate;
/** 1980 《婚姻法》 in force (Art.5: 男不得早于二十二周岁，女不得早于二十周岁); CC Art.1047 kept the ages. */
export const MARRIAGE_LAW_1980_IN_FORCE = '1981-01-01' as PlainDate;

/**
 * The minimum ages of the marriage law in force on `date`, for records of their own time (the
 * back-fill import): 20/18 under the 1950 law, 22/20 from 1981-01-01 (1980 law, then the Civil Code).
 * Before 1950-05-01 no national statute is applied (null: not checked).
 */
export function minimumAgeOn(date: PlainDate): { male: number; female: number; law: string } | null {
  if (date < MARRIAGE_LAW_1950_IN_FORCE) return null;
  if (date < MARRIAGE_LAW_1980_IN_FORCE) return { male: 20, female: 18, law: '1950年《婚姻法》第四条' };
  if (date < CIVIL_CODE_IN_FORCE) return { ...MINIMUM_AGE, law: '1980年《婚姻法》第五条' };
  return { ...MINIMUM_AGE, law: '《民法典》第一千零四十七条' };
}
/** CC Art.1077: each cooling-off window is 30 days. */
export const COOLING_OFF_DAYS = 30;
/** JS-1 Art.7: couples who met the conditions before this date are treated as a de facto marriage. */
export const DE_FACTO_MARRIAGE_CUTOFF = '1994-02-01' as PlainDate;
