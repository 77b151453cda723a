import { z } from 'zod';
import type { CoreContext } from '../context';

/**
 * The rescue line's configuration (`lines.rescue`): every reading rulebook §4 and §8 leave open, with the
 * default chosen and why (docs/rescue.md "Readings and defaults"). Each is applied the same way everywhere:
 * the services, the warnings, the to-dos and the statistics all read the periods from `periods.ts`.
 */
export interface RescueConfig {
  /**
   * How "more than 10 days" / "more than 3 months" are counted from the entry day (§8):
   * `civil_code` (default): CC Arts. 201/202/1259 — the entry day is not counted and N itself is not
   * "more than" (entry Mon 2025-03-03 → stranded from 03-14, long-term from 06-04);
   * `entry_day_is_day_one`: the entry day is day 1 (stranded from 03-13, long-term from 06-03).
   * Status thresholds are elapsed time: holidays never move them.
   */
  periodCounting: 'civil_code' | 'entry_day_is_day_one';
  /** R-RES-05: the stay limit in days for people aged `stayLimitMinAge`+ without signs of mental/intellectual disability. */
  stayLimitDays: number;
  stayLimitMinAge: number;
  /** §8: whether the 16+ stay limit takes the age at entry (default) or the age on the day. */
  stayLimitAgeAt: 'entry' | 'on_the_day';
  /** R-RES-11: unidentified and more than this many days in the station → stranded (滞留). */
  strandedAfterDays: number;
  /** R-RES-11/12: more than this many months → long-term stranded (长期滞留); settlement possible. */
  longTermAfterMonths: number;
  /** R-RES-02/07 (§8): under this age a person leaves only when collected by relatives (default 16). */
  collectionRequiredUnderAge: number;
  /** R-RES-02 (§8): under this age a person leaves only with the station's consent (default 18). */
  stationConsentUnderAge: number;
  /** R-RES-07: cash for local transport at departure, in fen (default 2000 = 20 元). */
  cashCapFen: number;
  /** §8: whether the cap applies per payment or to all cash of one departure (default: per departure, the stricter). */
  cashCapScope: 'per_departure' | 'per_payment';
  /** R-RES-09: the 寻亲公告 within this many hours of entry (default 24). */
  noticeWithinHours: number;
  /** R-RES-09: the DNA request within this many working days of entry (default 7; the next day counts first). */
  dnaRequestWorkingDays: number;
  /** R-RES-09: police collect DNA within this many months of the request (default 1). */
  policeCollectionMonths: number;
  /** §8: whether CC Art.203 moves the police deadline past a rest day (default true: it is a period in law). */
  policeCollectionExtendsPastRestDay: boolean;
  /** R-RES-10 (2019 special action): stranded more than this many months → search information updated (default 1). */
  searchUpdateAfterMonths: number;
  /** §8: settlement needs a DNA `result` returned (default) or only a `request` made. */
  settlementDnaEvidence: 'request' | 'result';
  /** R-RES-01 vs R-RES-03/06 (§8): the broad 工作规程 definition (default) or the four narrow conditions. */
  eligibilityReading: 'broad' | 'narrow';
  /** R-RES-14: hotline recordings kept at least this many calendar months and days — the later of the two (3 and 90). */
  recordingRetentionMonths: number;
  recordingRetentionDays: number;
  /** R-RES-13 (DESIGN): a supervision visit to every placed person at least once per this many days (default 31). */
  supervisionVisitIntervalDays: number;
  /** R-RES-13 (DESIGN): partner institutions inspected at least every this many months (default 6). */
  inspectionIntervalMonths: number;
  /** How often the rescue warning jobs run while the server is up, in minutes (default 60). */
  warningIntervalMinutes: number;
  /** Source governance (DESIGN, docs/rescue.md "Source governance"): first returnee follow-up this many days after the return (30). */
  returneeFirstFollowUpDays: number;
  /** Source governance (DESIGN): later follow-ups every this many days (90). */
  returneeFollowUpIntervalDays: number;
  /** Source governance (DESIGN): a street patrol lead is answered within this many minutes (30). */
  patrolResponseTargetMinutes: number;
  /** Source governance: the family-search engine's score from which an earlier case at another station is flagged (9: a homophone name with sex and age agreeing; DESIGN, uncalibrated). */
  repeatWandererMinScore: number;
  /**
   * R-RES-01 (intake): the remedies a 不予救助通知书 states — UNVERIFIED, not in the rulebook (行政复议法 2023
   * 第二十条: 60 日; 行政诉讼法 第四十六条: 6 个月). `reconsiderationBody` null: the people's government of the
   * station's county (docs/rescue.md "Intake").
   */
  refusalRemedies: {
    reconsiderationDays: number;
    litigationMonths: number;
    reconsiderationBody: string | null;
    court: string;
  };
}

export const defaultRescueConfig: RescueConfig = {
  periodCounting: 'civil_code',
  stayLimitDays: 10,
  stayLimitMinAge: 16,
  stayLimitAgeAt: 'entry',
  strandedAfterDays: 10,
  longTermAfterMonths: 3,
  collectionRequiredUnderAge: 16,
  stationConsentUnderAge: 18,
  cashCapFen: 2000,
  cashCapScope: 'per_departure',
  noticeWithinHours: 24,
  dnaRequestWorkingDays: 7,
  policeCollectionMonths: 1,
  policeCollectionExtendsPastRestDay: true,
  searchUpdateAfterMonths: 1,
  settlementDnaEvidence: 'result',
  eligibilityReading: 'broad',
  recordingRetentionMonths: 3,
  recordingRetentionDays: 90,
  supervisionVisitIntervalDays: 31,
  inspectionIntervalMonths: 6,
  warningIntervalMinutes: 60,
  returneeFirstFollowUpDays: 30,
  returneeFollowUpIntervalDays: 90,
  patrolResponseTargetMinutes: 30,
  repeatWandererMinScore: 9,
  refusalRemedies: {
    reconsiderationDays: 60,
    litigationMonths: 6,
    reconsiderationBody: null,
    court: '人民法院',
  },
};

const positive = (max: number) => z.number().int().min(1).max(max);

/** The slice `lines.rescue` of the configuration file, validated at start-up. */
export const rescueConfigSchema: z.ZodType<RescueConfig> = z
  .object({
    periodCounting: z.enum(['civil_code', 'entry_day_is_day_one']),
    stayLimitDays: positive(366),
    stayLimitMinAge: z.number().int().min(0).max(120),
    stayLimitAgeAt: z.enum(['entry', 'on_the_day']),
    strandedAfterDays: positive(366),
    longTermAfterMonths: positive(60),
    collectionRequiredUnderAge: z.number().int().min(0).max(18),
    stationConsentUnderAge: z.number().int().min(0).max(18),
    cashCapFen: z.number().int().min(0).max(100_000),
    cashCapScope: z.enum(['per_departure', 'per_payment']),
    noticeWithinHours: positive(24 * 30),
    dnaRequestWorkingDays: positive(60),
    policeCollectionMonths: positive(12),
    policeCollectionExtendsPastRestDay: z.boolean(),
    searchUpdateAfterMonths: positive(12),
    settlementDnaEvidence: z.enum(['request', 'result']),
    eligibilityReading: z.enum(['broad', 'narrow']),
    recordingRetentionMonths: positive(120),
    recordingRetentionDays: positive(3660),
    supervisionVisitIntervalDays: positive(366),
    inspectionIntervalMonths: positive(60),
    warningIntervalMinutes: positive(24 * 60),
    returneeFirstFollowUpDays: positive(366),
    returneeFollowUpIntervalDays: positive(366),
    patrolResponseTargetMinutes: positive(24 * 60),
    repeatWandererMinScore: z.number().min(0).max(100),
    refusalRemedies: z
      .object({
        reconsiderationDays: positive(366),
        litigationMonths: positive(60),
        reconsiderationBody: z.string().trim().min(2).max(60).nullable(),
        court: z.string().trim().min(2).max(60),
      })
      .strict(),
  })
  .strict();

/** The rescue line's configuration in `ctx` (the defaults when the context was built without the line). */
export function rescueConfig(ctx: CoreContext): RescueConfig {
  return (ctx.config.lines.rescue as RescueConfig | undefined) ?? defaultRescueConfig;
}
