import { z } from 'zod';
import type { CoreContext } from '../context';

/**
 * The funeral line's configuration (`lines.funeral`): every reading rulebook §5 leaves open (UNVERIFIED or
 * DESIGN), with the default chosen and why (docs/funeral.md "Readings and defaults"). Zones, transport
 * rules and coverage are data per division, so a second province (or Hunan re-issuing a list) changes the
 * file, not the code. Each concern adds its keys under its own heading below.
 */
export interface CremationZoneArea {
  /** Province (2), city (4), county (6) or township (9 digits); the longest matching prefix wins. */
  divisionCode: string;
  zone: 'cremation' | 'burial_reform';
  /** Who approved an exemption (R-FUN-01: county proposes, prefecture reviews, province approves). */
  approvedBy: string | null;
  /** Document number or source of the designation. */
  basis: string;
  /** First day the designation applies (a death before it keeps the earlier zone). */
  from: string;
}

export type Carrier = 'funeral_home_vehicle' | 'family_own' | 'other_unit';

export interface TransportRule {
  /** City (4 digits) or county (6 digits); the longest matching prefix wins, else `defaultTransport`. */
  divisionCode: string;
  name: string;
  carriers: Carrier[];
  /** Body collection free of charge (e.g. Changsha, CS-FUN Art.21). */
  collectionFree: boolean;
  basis: string;
}

export interface UniversalCoverage {
  /** City or county whose basic funeral services are free for everyone of `scope`. */
  divisionCode: string;
  scope: 'hukou_residents' | 'everyone';
  from: string;
  basis: string;
}

export interface FuneralConfig {
  /**
   * Dates on which 2026 rules changed (docs/funeral.md "Which date decides"): the revised 殡葬管理条例
   * (2026-03-30), the fee policy 发改价格〔2026〕108号 (its effective date is not in our sources: DESIGN,
   * the regulation's date), the national 《居民死亡医学证明》 (2026-07-01).
   */
  ruleDates: { regulation2026: string; feePolicy2026: string; nationalDeathCertificate: string };
  /** Zone of a division no area names (HN-FUN Art.8: DESIGN default `cremation`, the whole province). */
  defaultZone: 'cremation' | 'burial_reform';
  /** Cremation zones and exemptions (R-FUN-01), as data. */
  zoneAreas: CremationZoneArea[];
  /** Transport rule of a division no rule names (HN-FUN Art.14, conditions UNVERIFIED). */
  defaultTransport: Omit<TransportRule, 'divisionCode' | 'name'>;
  /** Per-city transport rules (R-FUN-04). */
  transportRules: TransportRule[];
  /** Localities whose basic services are free for everyone (R-FUN-09). */
  universalCoverage: UniversalCoverage[];
  /** Days an unidentified or unclaimed body's notice runs before cremation (DESIGN, default 30). */
  unclaimedNoticeDays: number;
  /** Grave size and term limits (R-FUN-08, Hunan's numbers UNVERIFIED: the national norm). */
  graveLimits: {
    ashGraveM2: number;
    singleBodyGraveM2: number;
    doubleBodyGraveM2: number;
    termYears: number;
  };
  // ----- concerns add their keys below this line, one block each -----
}

const positive = (max: number) => z.number().int().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const division = z.string().regex(/^\d{2}(\d{2}){0,2}(\d{3})?(\d{3})?$/);
const carrier = z.enum(['funeral_home_vehicle', 'family_own', 'other_unit']);

export const defaultFuneralConfig: FuneralConfig = {
  ruleDates: {
    regulation2026: '2026-03-30',
    feePolicy2026: '2026-03-30',
    nationalDeathCertificate: '2026-07-01',
  },
  defaultZone: 'cremation',
  zoneAreas: [],
  defaultTransport: {
    carriers: ['funeral_home_vehicle', 'family_own'],
    collectionFree: false,
    basis: '《湖南省殡葬管理办法》第十四条（条件待核实）',
  },
  transportRules: [
    {
      divisionCode: '4301',
      name: '长沙市',
      carriers: ['funeral_home_vehicle'],
      collectionFree: true,
      basis: '《长沙市殡葬管理条例》第二十一条：遗体由殡仪馆专用车辆免费接运',
    },
  ],
  universalCoverage: [
    {
      divisionCode: '4301',
      scope: 'hukou_residents',
      from: '2020-01-01',
      basis: '长沙市2020年起基本殡葬服务覆盖全体户籍居民',
    },
  ],
  unclaimedNoticeDays: 30,
  graveLimits: { ashGraveM2: 1, singleBodyGraveM2: 4, doubleBodyGraveM2: 6, termYears: 20 },
};

/** The slice `lines.funeral` of the configuration file, validated at start-up. */
export const funeralConfigSchema: z.ZodType<FuneralConfig> = z
  .object({
    ruleDates: z
      .object({ regulation2026: isoDate, feePolicy2026: isoDate, nationalDeathCertificate: isoDate })
      .strict(),
    defaultZone: z.enum(['cremation', 'burial_reform']),
    zoneAreas: z.array(
      z
        .object({
          divisionCode: division,
          zone: z.enum(['cremation', 'burial_reform']),
          approvedBy: z.string().trim().min(1).max(60).nullable(),
          basis: z.string().trim().min(1).max(200),
          from: isoDate,
        })
        .strict(),
    ),
    defaultTransport: z
      .object({
        carriers: z.array(carrier).min(1),
        collectionFree: z.boolean(),
        basis: z.string().trim().min(1).max(200),
      })
      .strict(),
    transportRules: z.array(
      z
        .object({
          divisionCode: division,
          name: z.string().trim().min(1).max(60),
          carriers: z.array(carrier).min(1),
          collectionFree: z.boolean(),
          basis: z.string().trim().min(1).max(200),
        })
        .strict(),
    ),
    universalCoverage: z.array(
      z
        .object({
          divisionCode: division,
          scope: z.enum(['hukou_residents', 'everyone']),
          from: isoDate,
          basis: z.string().trim().min(1).max(200),
        })
        .strict(),
    ),
    unclaimedNoticeDays: positive(366),
    graveLimits: z
      .object({
        ashGraveM2: z.number().positive().max(100),
        singleBodyGraveM2: z.number().positive().max(100),
        doubleBodyGraveM2: z.number().positive().max(100),
        termYears: positive(100),
      })
      .strict(),
    // ----- concerns add their keys below this line, one block each -----
  })
  .strict();

/** The funeral line's configuration in `ctx` (the defaults when the context was built without the line). */
export function funeralConfig(ctx: CoreContext): FuneralConfig {
  return (ctx.config.lines.funeral as FuneralConfig | undefined) ?? defaultFuneralConfig;
}
