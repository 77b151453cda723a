/**
 * The funeral line's shared rules, read by every concern so each reading is applied the same way
 * everywhere: the cremation zone of a division on a date (R-FUN-01), the transport rule of a division
 * (R-FUN-04), universal free coverage (R-FUN-09), a facility's approval validity (R-FUN-05), the notice
 * period of an unclaimed body, and which 2026 rule applies to a record of a given date.
 */
import { addDays, parsePlainDate, type PlainDate } from '@social-affairs/kernel';
import type { CremationZoneArea, FuneralConfig, TransportRule, UniversalCoverage } from './funeral.config';
import type { ApprovalLevel, FuneralFacilitiesTable, FuneralFacilityKind } from './funeral.table';

/** The cremation zone of `divisionCode` on `on`: the longest-prefix area in force, else the default. */
export function cremationZoneOf(
  config: FuneralConfig,
  divisionCode: string,
  on: string,
): { zone: 'cremation' | 'burial_reform'; area: CremationZoneArea | null } {
  let best: CremationZoneArea | null = null;
  for (const a of config.zoneAreas) {
    if (!divisionCode.startsWith(a.divisionCode) || a.from > on) continue;
    if (
      !best ||
      a.divisionCode.length > best.divisionCode.length ||
      (a.divisionCode.length === best.divisionCode.length && a.from > best.from)
    ) {
      best = a;
    }
  }
  return { zone: best?.zone ?? config.defaultZone, area: best };
}

/** The transport rule of the place of death (R-FUN-04): the longest-prefix rule, else the default. */
export function transportRuleOf(config: FuneralConfig, divisionCode: string): TransportRule {
  let best: TransportRule | null = null;
  for (const r of config.transportRules) {
    if (
      divisionCode.startsWith(r.divisionCode) &&
      (!best || r.divisionCode.length > best.divisionCode.length)
    ) {
      best = r;
    }
  }
  return best ?? { divisionCode: '43', name: '全省默认', ...config.defaultTransport };
}

/**
 * Universal coverage of basic funeral services (R-FUN-09) for a decedent with hukou in `hukouDivision`
 * who died in `deathDivision` on `on`: a `hukou_residents` coverage needs the hukou inside it, an
 * `everyone` coverage the death inside it.
 */
export function universalCoverageOf(
  config: FuneralConfig,
  input: { hukouDivision: string | null; deathDivision: string; on: string },
): UniversalCoverage | null {
  for (const c of config.universalCoverage) {
    if (c.from > input.on) continue;
    const place = c.scope === 'everyone' ? input.deathDivision : input.hukouDivision;
    if (place?.startsWith(c.divisionCode)) return c;
  }
  return null;
}

/**
 * R-FUN-05 (FUN Art.8): who may approve each kind of facility, and who reviews first. A facility whose
 * last approver is not one of `approvers` (e.g. a cemetery approved by a county) is invalid and can take
 * no business. Foreign-invested facilities (provincial review, ministry approval) are flagged by
 * `foreignInvested` on the facilities concern's record.
 */
export const FACILITY_APPROVAL_RULES: Record<
  FuneralFacilityKind,
  { label: string; approvers: readonly ApprovalLevel[]; reviewers: readonly ApprovalLevel[] }
> = {
  funeral_home: {
    label: '殡仪馆',
    approvers: ['county_government', 'city_government'],
    reviewers: ['county_civil_affairs', 'city_civil_affairs'],
  },
  crematorium: {
    label: '火葬场',
    approvers: ['county_government', 'city_government'],
    reviewers: ['county_civil_affairs', 'city_civil_affairs'],
  },
  service_station: {
    label: '殡仪服务站',
    approvers: ['county_civil_affairs', 'city_civil_affairs'],
    reviewers: [],
  },
  columbarium: {
    label: '骨灰堂',
    approvers: ['county_civil_affairs', 'city_civil_affairs'],
    reviewers: [],
  },
  cemetery_commercial: {
    label: '经营性公墓',
    approvers: ['provincial_civil_affairs'],
    reviewers: ['county_civil_affairs', 'city_civil_affairs'],
  },
  cemetery_public_benefit: {
    label: '城市公益性公墓',
    approvers: ['provincial_civil_affairs'],
    reviewers: ['county_civil_affairs', 'city_civil_affairs'],
  },
  rural_public_cemetery: {
    label: '农村公益性墓地',
    approvers: ['county_civil_affairs'],
    reviewers: ['township_government'],
  },
};

export const APPROVAL_LEVEL_LABELS: Record<ApprovalLevel, string> = {
  township_government: '乡镇人民政府',
  county_government: '县级人民政府',
  city_government: '设区的市级人民政府',
  county_civil_affairs: '县级民政部门',
  city_civil_affairs: '设区的市级民政部门',
  provincial_civil_affairs: '省级民政部门',
  ministry_civil_affairs: '国务院民政部门',
};

/** R-FUN-05: whether the facility's approval chain is valid; `reason` says what is wrong (Chinese). */
export function facilityApproval(
  f: Pick<FuneralFacilitiesTable, 'kind' | 'approvedByLevel' | 'reviewedByLevel'>,
): { valid: true } | { valid: false; reason: string } {
  const rule = FACILITY_APPROVAL_RULES[f.kind];
  if (!rule.approvers.includes(f.approvedByLevel)) {
    return {
      valid: false,
      reason: `${rule.label}须由${rule.approvers.map((l) => APPROVAL_LEVEL_LABELS[l]).join('或')}批准，现批准机关为${APPROVAL_LEVEL_LABELS[f.approvedByLevel] ?? f.approvedByLevel}，审批无效`,
    };
  }
  if (rule.reviewers.length > 0 && (!f.reviewedByLevel || !rule.reviewers.includes(f.reviewedByLevel))) {
    return {
      valid: false,
      reason: `${rule.label}须先经${rule.reviewers.map((l) => APPROVAL_LEVEL_LABELS[l]).join('或')}审核`,
    };
  }
  return { valid: true };
}

/**
 * The last day of the notice of an unidentified or unclaimed body that started on `startedOn`
 * (`unclaimedNoticeDays` calendar days; the first day is not counted, CC Art.201): cremation is allowed
 * from the day after.
 */
export function noticeEndsOn(config: FuneralConfig, startedOn: string): PlainDate {
  return addDays(parsePlainDate(startedOn), config.unclaimedNoticeDays);
}

/**
 * Which 2026 rule governs a record of date `on` (docs/funeral.md "Which date decides"): the revised
 * regulation by the date of death, the fee policy by the date of service, the national death certificate
 * by its issue date.
 */
export function ruleEraOf(
  config: FuneralConfig,
  rule: 'regulation' | 'fees' | 'death_certificate',
  on: string,
): 'before_2026' | 'from_2026' {
  const from =
    rule === 'regulation'
      ? config.ruleDates.regulation2026
      : rule === 'fees'
        ? config.ruleDates.feePolicy2026
        : config.ruleDates.nationalDeathCertificate;
  return on >= from ? 'from_2026' : 'before_2026';
}
