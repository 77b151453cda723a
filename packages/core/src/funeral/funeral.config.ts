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

/** An eco-burial award rule (F6, docs/funeral.md "Cemeteries and remediation"). */
export interface EcoBurialAward {
  divisionCode: string;
  from: string;
  amountFen: number;
  basis: string;
}

export type Carrier = 'funeral_home_vehicle' | 'family_own' | 'other_unit';

/**
 * The basic funeral services of 发改价格〔2026〕108号 (F5): 接运, 存放 (冷藏), 告别, 火化, 寄存, 生态安葬 and
 * government niches; each is one kind a price item of the category `basic` names.
 */
export type BasicServiceKind =
  'collection' | 'storage' | 'farewell' | 'cremation' | 'ash_storage' | 'eco_burial' | 'niche';

/** Prices and billing (F5). */
export interface BillingConfig {
  /**
   * Basic services free for 特困/低保/优抚 decedents and under universal coverage (R-FUN-09), by the
   * service date's fee era (`ruleEraOf(…, 'fees', serviceDate)`). DESIGN default for both eras: the four
   * of R-FUN-09 (接运, 暂存, 火化, 骨灰寄存); the 2026 policy lists seven basic items but our sources do not
   * say all seven are free, so 告别, 生态安葬 and niches stay at the guided price unless listed here.
   */
  freeBasicKinds: { before2026: BasicServiceKind[]; from2026: BasicServiceKind[] };
  /** The word of the facility's invoice numbers (湘芙殡收字〔2026〕第000001号). */
  invoiceWord: string;
}

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
  // ----- facilities (F1) -----
  /** Month-day by which every facility's annual inspection (年检) is due each year (DESIGN, default 03-31). */
  inspectionDueMonthDay: string;
  // ----- prices and billing (F5) -----
  /** Free basic services and invoices (R-FUN-09, R-FUN-10; docs/funeral.md "Prices and billing"). */
  billing: BillingConfig;
  // ----- cemeteries and remediation (F6) -----
  /** A sold plot whose term ends within this many months is 'expiring' (DESIGN, default 12). */
  plotExpiringMonths: number;
  /**
   * Eco-burial awards (生态安葬奖补, DESIGN amounts): the longest-prefix entry in force on the burial date
   * decides the amount in fen; a division no entry names gets no award.
   */
  ecoBurialAwards: EcoBurialAward[];
  // ----- Qingming and memorials (F7) -----
  /** Qingming bookings, proxy sweeping and memorial pages (R-FUN-12; docs/funeral.md "Qingming and memorials"). */
  qingming: QingmingConfig;
  // ----- custody (F2) -----
  /**
   * Manners of death whose body is cremated only after forensic clearance (R-FUN-02; HN-FUN Art.11 names
   * unnatural deaths — DESIGN: an undetermined manner is treated alike until the police say otherwise).
   */
  forensicClearanceManners: ('natural' | 'unnatural' | 'undetermined')[];
}

export interface QingmingConfig {
  /** Most visitors one booking may bring (DESIGN, default 5). */
  partyMax: number;
  /** Share of each slot's quota kept for phone and offline bookings, the green channel (DESIGN, default 10 %). */
  phoneReservePercent: number;
  /** Requests per client address per 10 minutes on each public Qingming/memorial write (default 30; the bench lifts it). */
  publicWritesPerIp: number;
  /** Requests per phone number per 10 minutes on the public booking, cancel and look-up routes (default 10). */
  publicWritesPerPhone: number;
  /** How many days ahead a slot may be booked (default 30). */
  bookingHorizonDays: number;
  /** Minutes a checked-in party is counted as on site for the live load view's estimate (DESIGN, default 90). */
  visitMinutes: number;
  /** Words that refuse a memorial page or message outright (a simple list; everything else waits for moderation). */
  bannedWords: string[];
}

const positive = (max: number) => z.number().int().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const division = z.string().regex(/^\d{2}(\d{2}){0,2}(\d{3})?(\d{3})?$/);
const carrier = z.enum(['funeral_home_vehicle', 'family_own', 'other_unit']);
const basicKind = z.enum([
  'collection',
  'storage',
  'farewell',
  'cremation',
  'ash_storage',
  'eco_burial',
  'niche',
]);

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
  // ----- facilities (F1) -----
  inspectionDueMonthDay: '03-31',
  // ----- prices and billing (F5) -----
  billing: {
    freeBasicKinds: {
      before2026: ['collection', 'storage', 'cremation', 'ash_storage'],
      from2026: ['collection', 'storage', 'cremation', 'ash_storage'],
    },
    invoiceWord: '殡收字',
  },
  // ----- cemeteries and remediation (F6) -----
  plotExpiringMonths: 12,
  ecoBurialAwards: [
    {
      divisionCode: '43',
      from: '2020-01-01',
      amountFen: 100_000,
      basis: '生态安葬奖补（DESIGN 默认：每例 1000 元，以各县市区现行奖补办法为准）',
    },
  ],
  // ----- Qingming and memorials (F7) -----
  qingming: {
    partyMax: 5,
    phoneReservePercent: 10,
    publicWritesPerIp: 30,
    publicWritesPerPhone: 10,
    bookingHorizonDays: 30,
    visitMinutes: 90,
    bannedWords: ['赌博', '色情', '毒品', '代开发票', '封建迷信', '烧纸钱'],
  },
  // ----- custody (F2) -----
  forensicClearanceManners: ['unnatural', 'undetermined'],
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
    // ----- facilities (F1) -----
    inspectionDueMonthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
    // ----- prices and billing (F5) -----
    billing: z
      .object({
        freeBasicKinds: z
          .object({ before2026: z.array(basicKind).max(10), from2026: z.array(basicKind).max(10) })
          .strict(),
        invoiceWord: z.string().trim().min(1).max(10),
      })
      .strict(),
    // ----- cemeteries and remediation (F6) -----
    plotExpiringMonths: positive(120),
    ecoBurialAwards: z.array(
      z
        .object({
          divisionCode: division,
          from: isoDate,
          amountFen: z.number().int().min(0).max(100_000_000),
          basis: z.string().trim().min(1).max(200),
        })
        .strict(),
    ),
    // ----- custody (F2) -----
    forensicClearanceManners: z.array(z.enum(['natural', 'unnatural', 'undetermined'])).max(3),
    // ----- Qingming and memorials (F7) -----
    qingming: z
      .object({
        partyMax: positive(50),
        phoneReservePercent: z.number().int().min(0).max(100),
        publicWritesPerIp: positive(100_000_000),
        publicWritesPerPhone: positive(100_000_000),
        bookingHorizonDays: positive(366),
        visitMinutes: positive(24 * 60),
        bannedWords: z.array(z.string().trim().min(1).max(20)).max(1000),
      })
      .strict(),
  })
  .strict();

/** The funeral line's configuration in `ctx` (the defaults when the context was built without the line). */
export function funeralConfig(ctx: CoreContext): FuneralConfig {
  return (ctx.config.lines.funeral as FuneralConfig | undefined) ?? defaultFuneralConfig;
}
