/**
 * The disability line's rules as pure functions (rulebook §6): months of payment (R-DIS-05, R-DIS-07),
 * the apply-anywhere deadlines on the kernel calendar (R-DIS-06), eligibility for the two subsidies with
 * local extensions and overlap rules (R-DIS-01, R-DIS-03), the provincial floor (R-DIS-08) and the pick
 * of a standard among its tiers. No database here; services gather the facts from the registries.
 */
import { parsePlainDate, type PlainDate } from '@social-affairs/kernel';
import { approvalDueDate } from '../approvals/index';
import type { DisabilityConfig, LocalExtension, ProvincialFloor } from './disability.config';
import type { Subsidy } from './disability.table';

// ----- months -----------------------------------------------------------------------------------------

/** `2025-03-28` → `2025-03`. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** `2025-12` + 1 → `2026-01`. */
export function addMonthsToMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `a` to `b` inclusive (0 when b < a). */
export function monthsBetweenInclusive(a: string, b: string): number {
  const idx = (s: string) => {
    const [y, m] = s.split('-').map(Number) as [number, number];
    return y * 12 + m;
  };
  return Math.max(0, idx(b) - idx(a) + 1);
}

export function isMonth(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/**
 * R-DIS-05: paid from the month the application was submitted (自递交申请当月计发). TC: applied
 * 2025-03-28, approved 2025-04-20 → the first payment covers March.
 */
export function payFromMonthOf(submittedOn: string): string {
  return monthOf(submittedOn);
}

/**
 * R-DIS-07: payment stops from the month after the event, so the event's month is the last month paid.
 * TC: death on 2025-03-15 → March paid, no April payment. Imprisonment: the judgment's effective date.
 */
export function lastPaidMonthAfterEvent(eventDate: string): string {
  return monthOf(eventDate);
}

// ----- R-DIS-06 deadlines ------------------------------------------------------------------------------

export interface DueDay {
  dueOn: PlainDate;
  /** Counted through a year whose holidays are not loaded (weekends only): flagged, never guessed. */
  provisional: boolean;
}

/**
 * `n` working days after `from` (the next day counts first) — the approval engine's counting, so a year
 * whose holidays are not loaded counts weekends only and is flagged provisional, never guessed silently.
 */
export function workingDaysAfter(from: string, n: number): DueDay {
  return approvalDueDate(parsePlainDate(from), { days: n, unit: 'working' });
}

/** Forward to the hukou county within 3 working days of complete materials (R-DIS-06). TC 2025-03-03 → 03-06. */
export function forwardDue(cfg: DisabilityConfig, materialsCompleteOn: string): DueDay {
  return workingDaysAfter(materialsCompleteOn, cfg.deadlines.forwardWorkingDays);
}

/** Decide within 10 working days of receipt by the hukou county. TC received 2025-03-06 → 03-20. */
export function decideDue(cfg: DisabilityConfig, receivedOn: string): DueDay {
  return workingDaysAfter(receivedOn, cfg.deadlines.decideWorkingDays);
}

/** Notify the applicant within 3 working days of the result. */
export function notifyDue(cfg: DisabilityConfig, decidedOn: string): DueDay {
  return workingDaysAfter(decidedOn, cfg.deadlines.notifyWorkingDays);
}

/** Last day of the public notice of an approval started on `startsOn` (DESIGN: 5 working days). */
export function noticeEnds(cfg: DisabilityConfig, startsOn: string): DueDay {
  if (cfg.noticeWorkingDays === 0) return { dueOn: parsePlainDate(startsOn), provisional: false };
  return workingDaysAfter(startsOn, cfg.noticeWorkingDays);
}

// ----- R-DIS-08 floor -----------------------------------------------------------------------------------

/** The floor in force for `year`: the latest configured year not after it (none before the first). */
export function provincialFloorOf(cfg: DisabilityConfig, year: number): ProvincialFloor | undefined {
  return [...cfg.provincialFloors].filter((f) => f.year <= year).sort((a, b) => b.year - a.year)[0];
}

export function floorFenOf(cfg: DisabilityConfig, year: number, subsidy: Subsidy): number {
  const f = provincialFloorOf(cfg, year);
  if (!f) return 0;
  return subsidy === 'living' ? f.livingFen : f.careFen;
}

// ----- R-DIS-01 / R-DIS-03 eligibility -------------------------------------------------------------------

/** The extension in force for a division on a day: the longest matching prefix among those started. */
export function extensionOf(
  cfg: DisabilityConfig,
  divisionCode: string,
  on: string,
): LocalExtension | undefined {
  return cfg.extensions
    .filter((e) => divisionCode.startsWith(e.divisionCode) && e.from <= on)
    .sort((a, b) => b.divisionCode.length - a.divisionCode.length || b.from.localeCompare(a.from))[0];
}

/** The facts eligibility needs, each looked up from a registry (never typed by the clerk). */
export interface EligibilityFacts {
  /** Hukou county (6 digits) from the people index. */
  hukouDivisionCode: string;
  /** The province the line serves (`43` for Hunan). */
  provincePrefix: string;
  alive: boolean;
  /** The holder's valid second-generation certificate, if any. */
  certificate: { category: number; grade: number; status: string } | null;
  /** Programmes in force on the day (assistance rolls). */
  dibao: boolean;
  tekun: boolean;
  /** Extension facts (only count where an extension is on). */
  lowIncome?: boolean;
  elderlyParents?: boolean;
  multipleDisabled?: boolean;
  /** Overlap facts (R-DIS-03). */
  orphanSupport?: boolean;
  childWelfareInstitution?: boolean;
  workInjuryCareAllowance?: boolean;
}

export interface EligibilityReason {
  /** Stable code (`HUKOU_OUTSIDE`, `NOT_DIBAO`…). */
  code: string;
  /** Chinese explanation. */
  text: string;
  /** The rule and its source. */
  rule: string;
}

export interface SubsidyEligibility {
  eligible: boolean;
  /** Why (eligible: the ground; not eligible: every blocking reason). */
  reasons: EligibilityReason[];
}

export interface Eligibility {
  living: SubsidyEligibility;
  care: SubsidyEligibility;
}

/**
 * R-DIS-01 with R-DIS-03: Hunan hukou + a valid second-generation certificate; living needs 低保 (or an
 * extension: low-income, 依老养残, 一户多残); care needs grade 1–2 (or the grade 3–4 intellectual/mental
 * extension). Overlap: 特困 → neither (unless `tekunKeepsCare`), work-injury care allowance → both or care
 * (configured), orphan / child-welfare institution → no living subsidy. `divisionCode` and `on` pick the
 * extension in force.
 */
export function eligibilityOf(
  cfg: DisabilityConfig,
  divisionCode: string,
  on: string,
  f: EligibilityFacts,
): Eligibility {
  const living: EligibilityReason[] = [];
  const care: EligibilityReason[] = [];
  const both = (r: EligibilityReason) => {
    living.push(r);
    care.push(r);
  };
  if (!f.hukouDivisionCode.startsWith(f.provincePrefix)) {
    both({
      code: 'HUKOU_OUTSIDE',
      text: '非本省户籍，不属于本省发放对象（可在本省窗口代为受理后转户籍地）',
      rule: 'R-DIS-01 / R-DIS-06（HN-54）',
    });
  }
  if (!f.alive) both({ code: 'NOT_ALIVE', text: '人员已死亡', rule: 'R-DIS-07' });
  const cert = f.certificate;
  if (!cert) {
    both({ code: 'NO_CERTIFICATE', text: '没有第二代残疾人证', rule: 'R-DIS-01（HN-54）' });
  } else if (cert.status !== 'valid') {
    both({
      code: 'CERTIFICATE_NOT_VALID',
      text: '残疾人证不在有效状态（过期、冻结或注销）',
      rule: 'R-DIS-07',
    });
  }
  const ext = extensionOf(cfg, divisionCode, on);
  // Living: 低保 or an extension.
  if (!f.dibao) {
    const extended =
      (ext?.livingLowIncome && f.lowIncome) ||
      (ext?.livingElderlyParents && f.elderlyParents) ||
      (ext?.livingMultipleDisabled && f.multipleDisabled);
    if (!extended) {
      living.push({
        code: 'NOT_DIBAO',
        text: '本人或家庭不是低保对象（且无适用的地方扩面政策）',
        rule: 'R-DIS-01（GF-52、HN-54）',
      });
    }
  }
  // Care: grade 1–2 or the grade 3–4 intellectual/mental extension.
  if (cert && cert.grade > 2) {
    const extended = ext?.careGrade34IntellectualMental && (cert.category === 5 || cert.category === 6);
    if (!extended) {
      care.push({
        code: 'GRADE_NOT_SEVERE',
        text: '残疾等级不是一级或二级（且无三、四级智力/精神残疾扩面政策）',
        rule: 'R-DIS-01（GF-52、HN-54）',
      });
    }
  }
  // Overlap (R-DIS-03).
  if (f.tekun) {
    const r = { code: 'TEKUN', text: '特困供养人员不享受两项补贴', rule: 'R-DIS-03（丹东细则；省级基线）' };
    living.push(r);
    if (!cfg.overlap.tekunKeepsCare) care.push(r);
  }
  if (f.workInjuryCareAllowance) {
    const r = { code: 'WORK_INJURY_CARE', text: '享受工伤保险生活护理费', rule: 'R-DIS-03（丹东细则）' };
    care.push(r);
    if (cfg.overlap.workInjuryCareExcludes === 'both') living.push(r);
  }
  if (f.orphanSupport && cfg.overlap.orphanExcludesLiving) {
    living.push({
      code: 'ORPHAN',
      text: '孤儿基本生活保障对象不享受生活补贴（可享受护理补贴）',
      rule: 'R-DIS-03（GF-52）',
    });
  }
  if (f.childWelfareInstitution && cfg.overlap.childWelfareInstitutionExcludesLiving) {
    living.push({
      code: 'CHILD_WELFARE_INSTITUTION',
      text: '儿童福利机构内的重度残疾儿童不享受生活补贴',
      rule: 'R-DIS-03（地方细则）',
    });
  }
  const granted = (subsidy: Subsidy): EligibilityReason =>
    subsidy === 'living'
      ? f.dibao
        ? { code: 'DIBAO', text: '低保对象，持有效第二代残疾人证', rule: 'R-DIS-01（HN-54）' }
        : { code: 'EXTENSION', text: '符合地方扩面政策', rule: `R-DIS-01（${ext?.basis ?? '地方政策'}）` }
      : cert && cert.grade <= 2
        ? { code: 'SEVERE', text: `残疾等级${cert.grade === 1 ? '一' : '二'}级`, rule: 'R-DIS-01（HN-54）' }
        : {
            code: 'EXTENSION',
            text: '三、四级智力/精神残疾扩面政策',
            rule: `R-DIS-01（${ext?.basis ?? '地方政策'}）`,
          };
  return {
    living: living.length
      ? { eligible: false, reasons: living }
      : { eligible: true, reasons: [granted('living')] },
    care: care.length ? { eligible: false, reasons: care } : { eligible: true, reasons: [granted('care')] },
  };
}

// ----- standards ------------------------------------------------------------------------------------------

export interface StandardCandidate {
  divisionCode: string;
  category: number | null;
  grade: number | null;
  hardship: string | null;
  amountFen: number;
  fromMonth: string;
}

/**
 * Picks the standard for one recipient among the candidates of the subsidy and year: the longest division
 * prefix, then the most specific tier (every tier key that is set must match), then the latest start not
 * after `month`. Undefined when no standard applies (the roster flags the recipient, never guesses).
 */
export function pickStandard<T extends StandardCandidate>(
  candidates: readonly T[],
  who: {
    divisionCode: string;
    month: string;
    category: number | null;
    grade: number | null;
    hardship: string | null;
  },
): T | undefined {
  const fits = candidates.filter(
    (c) =>
      who.divisionCode.startsWith(c.divisionCode) &&
      c.fromMonth <= who.month &&
      (c.category === null || c.category === who.category) &&
      (c.grade === null || c.grade === who.grade) &&
      (c.hardship === null || c.hardship === who.hardship),
  );
  const specificity = (c: T) =>
    (c.category !== null ? 1 : 0) + (c.grade !== null ? 1 : 0) + (c.hardship !== null ? 1 : 0);
  return fits.sort(
    (a, b) =>
      b.divisionCode.length - a.divisionCode.length ||
      specificity(b) - specificity(a) ||
      b.fromMonth.localeCompare(a.fromMonth),
  )[0];
}
