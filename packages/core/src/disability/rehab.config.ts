/**
 * Configuration of the rehabilitation and devices concern (`lines.disability.rehab` and
 * `lines.disability.devices`), kept here and plugged into `disability.config.ts` in the D8 block.
 * Defaults and their readings are documented in docs/disability.md "Rehabilitation and devices".
 */
import { z } from 'zod';

/** R-DIS-09 targets for 2025 (民发〔2017〕167号 per seed) and the pilot-fund rule. */
export interface RehabConfig {
  targets: {
    /** ≥ 80 % of counties offer community rehabilitation services. */
    countiesOfferingPercent: number;
    /** ≥ 60 % of patients living at home are served. */
    homePatientsServedPercent: number;
    /** Each county has at least 2 community rehabilitation institutions. */
    institutionsPerCounty: number;
    /** A city district relies on city institutions: one per district. */
    institutionsPerDistrict: number;
    /** Each prefecture has at least 1 civil-affairs mental-health welfare institution. */
    welfareInstitutionsPerPrefecture: number;
    targetYear: number;
    basis: string;
  };
  /**
   * County-level codes that count as city districts (市辖区). Empty (default): derived from the division
   * name — a county-level unit whose name ends in 区 is a district.
   */
  districtCodes: string[];
  /** Each pilot point got this fund (R-DIS-09 SEED: 500,000 yuan); it may not be split across two sites. */
  pilotFundFen: number;
  /** The provincial service standard every institution profile cites. */
  serviceStandard: string;
}

/** R-DIS-10 rental subsidy (DESIGN: who is eligible and how much of the monthly rent is paid). */
export interface DevicesConfig {
  /**
   * Who gets the rental subsidy: `certificate` — a holder of a valid disability certificate (default);
   * `certificate_or_assistance` — also a person on 低保/特困 on the rental's first day.
   */
  subsidyEligible: 'certificate' | 'certificate_or_assistance';
  /** Share of the monthly rent the subsidy pays, in percent (DESIGN default 50). */
  rentalSubsidyPercent: number;
  /** Longest rental in months before it must be renewed (DESIGN default 12). */
  maxRentalMonths: number;
  subsidyBasis: string;
  /** 福康工程 implementation rule. */
  fukangBasis: string;
}

export const defaultRehabConfig: RehabConfig = {
  targets: {
    countiesOfferingPercent: 80,
    homePatientsServedPercent: 60,
    institutionsPerCounty: 2,
    institutionsPerDistrict: 1,
    welfareInstitutionsPerPrefecture: 1,
    targetYear: 2025,
    basis:
      '民发〔2017〕167号：到2025年80%以上的县（市、区）开展精神障碍社区康复服务，居家患者接受服务比例达60%以上',
  },
  districtCodes: [],
  pilotFundFen: 50_000_000,
  serviceStandard: '湖南省精神障碍社区康复机构服务规范',
};

export const defaultDevicesConfig: DevicesConfig = {
  subsidyEligible: 'certificate',
  rentalSubsidyPercent: 50,
  maxRentalMonths: 12,
  subsidyBasis: '国发〔2016〕60号；湖南省康复辅助器具社区租赁服务（本地设计：持证残疾人租金补贴50%）',
  fukangBasis: '湘民发〔2020〕6号 湖南省福康工程实施办法',
};

const percent = z.number().min(0).max(100);
const count = z.number().int().min(0).max(100);
const basis = z.string().trim().min(1).max(200);

export const rehabConfigSchema = z
  .object({
    targets: z
      .object({
        countiesOfferingPercent: percent,
        homePatientsServedPercent: percent,
        institutionsPerCounty: count,
        institutionsPerDistrict: count,
        welfareInstitutionsPerPrefecture: count,
        targetYear: z.number().int().min(2000).max(2100),
        basis,
      })
      .strict(),
    districtCodes: z.array(z.string().regex(/^\d{6}$/)),
    pilotFundFen: z.number().int().min(1).max(1_000_000_000),
    serviceStandard: basis,
  })
  .strict();

export const devicesConfigSchema = z
  .object({
    subsidyEligible: z.enum(['certificate', 'certificate_or_assistance']),
    rentalSubsidyPercent: percent,
    maxRentalMonths: z.number().int().min(1).max(120),
    subsidyBasis: basis,
    fukangBasis: basis,
  })
  .strict();
