/**
 * Subsidy standards (补贴标准, R-DIS-08) of the disability line: per division (province 2, city 4 or county
 * 6 digits), year and subsidy, with optional tiers (category, grade, hardship). Never edited in place: a
 * revision withdraws the old row and adds a new one (history kept). The provincial floor of the year is
 * enforced (a standard below it is refused). A lookup answers "what does this person get in month M"
 * (`standardFor` with the person's certificate and 低保/特困 status, and R-DIS-01/03 eligibility); the
 * configured floors, extensions and overlap rules are shown read-only with their sources.
 *
 * Who sets standards (DESIGN): `disability:manage` (city/province supervisors, admin) for any division
 * inside its scope, or `disability:approve` (county civil affairs) for its own division only.
 */
import {
  DISABILITY_CATEGORY_LABELS,
  DISABILITY_GRADE_LABELS,
  DomainError,
  getDivision,
  todayPlainDate,
  type DisabilityCategory,
  type DisabilityGrade,
} from '@social-affairs/kernel';
import { assistanceStatusOn } from '../assistance/index';
import { authorize, ensureSharedVisible, inScope, scopePrefix, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { findIndexedPerson } from '../people/index';
import {
  activeTwinStandard,
  findStandard,
  insertStandard,
  listStandardRows,
  withdrawStandardRow,
  type StandardRow,
} from './certificates.repository';
import { certificateStatusOn, maskCertificateNumber } from './certificates.service';
import { disabilityConfig, type DisabilityConfig } from './disability.config';
import { certificatesOfPerson, findCertificateByNumber } from './disability.repository';
import { SUBSIDIES, SUBSIDY_LABELS, type Subsidy } from './disability.table';
import {
  eligibilityOf,
  extensionOf,
  floorFenOf,
  isMonth,
  provincialFloorOf,
  type EligibilityReason,
} from './rules';
import { standardFor } from './standards.lookup';
import { newId } from '@social-affairs/kernel';

/** Hardship tiers a standard may be differentiated by (null: any). */
export const STANDARD_HARDSHIPS = [
  'dibao',
  'tekun',
  'low_income',
  'elderly_parents',
  'multiple_disabled',
] as const;
export type StandardHardship = (typeof STANDARD_HARDSHIPS)[number];
export const STANDARD_HARDSHIP_LABELS: Record<StandardHardship, string> = {
  dibao: '低保对象',
  tekun: '特困人员',
  low_income: '低收入家庭',
  elderly_parents: '依老养残',
  multiple_disabled: '一户多残',
};

const invalid = (code: string, message: string, field: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, { field, ...details });

/** 43 → 430000, 4301 → 430100, 430181 → itself. */
function divisionOfStandard(code: string): string {
  return code.padEnd(6, '0');
}

export function standardDivisionName(code: string): string {
  return getDivision(divisionOfStandard(code))?.name ?? code;
}

/**
 * `disability:manage` for a division inside the actor's scope; otherwise `disability:approve` for the
 * actor's own division only (a county reviewer sets its county's standard).
 */
function ensureMaySetStandard(actor: Actor, divisionCode: string): void {
  if (actor.permissions.has('disability:manage')) {
    if (!inScope(actor, divisionCode))
      throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '所选行政区划不在您的管辖范围内', {
        field: 'divisionCode',
      });
    return;
  }
  authorize(actor, 'disability:approve');
  if (scopePrefix(actor.divisionCode) !== divisionCode)
    throw new DomainError(
      'forbidden',
      'DISABILITY_STANDARD_NOT_OWN_DIVISION',
      '县（市、区）民政部门只能制定本级的补贴标准；市级、省级标准由市、省民政部门制定',
      { field: 'divisionCode' },
    );
}

export interface StandardView {
  id: string;
  divisionCode: string;
  divisionName: string;
  year: number;
  subsidy: Subsidy;
  subsidyLabel: string;
  category: number | null;
  grade: number | null;
  hardship: string | null;
  tierLabel: string;
  amountFen: number;
  fromMonth: string;
  basis: string;
  status: 'active' | 'withdrawn';
  statusLabel: string;
  /** The year's provincial floor (fen) and whether this standard is below it (paid at the floor). */
  floorFen: number;
  belowFloor: boolean;
  createdAt: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  replacedBy: string | null;
}

export function tierLabelOf(s: {
  category: number | null;
  grade: number | null;
  hardship: string | null;
}): string {
  const parts = [
    s.category !== null ? DISABILITY_CATEGORY_LABELS[s.category as DisabilityCategory] : null,
    s.grade !== null ? `${DISABILITY_GRADE_LABELS[s.grade as DisabilityGrade]}` : null,
    s.hardship !== null ? (STANDARD_HARDSHIP_LABELS[s.hardship as StandardHardship] ?? s.hardship) : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : '不分档（全部对象）';
}

function present(
  cfg: DisabilityConfig,
  r: StandardRow & { withdrawnAt?: string | null; reason?: string | null; replacedBy?: string | null },
): StandardView {
  const floorFen = floorFenOf(cfg, r.year, r.subsidy);
  return {
    id: r.id,
    divisionCode: r.divisionCode,
    divisionName: standardDivisionName(r.divisionCode),
    year: r.year,
    subsidy: r.subsidy,
    subsidyLabel: SUBSIDY_LABELS[r.subsidy],
    category: r.category,
    grade: r.grade,
    hardship: r.hardship,
    tierLabel: tierLabelOf(r),
    amountFen: r.amountFen,
    fromMonth: r.fromMonth,
    basis: r.basis,
    status: r.status,
    statusLabel: r.status === 'active' ? '执行中' : '已撤销',
    floorFen,
    belowFloor: r.amountFen < floorFen,
    createdAt: r.createdAt,
    withdrawnAt: r.withdrawnAt ?? null,
    withdrawReason: r.reason ?? null,
    replacedBy: r.replacedBy ?? null,
  };
}

export interface CreateStandardInput {
  divisionCode: string;
  year: number;
  subsidy: Subsidy;
  category?: number | null;
  grade?: number | null;
  hardship?: StandardHardship | null;
  amountFen: number;
  basis: string;
  /** First month it applies (`YYYY-MM` inside `year`; default January). */
  fromMonth?: string | null;
  /** The standard this one replaces (withdrawn in the same transaction). */
  replacesId?: string | null;
}

/** Creates a standard; refuses one below the provincial floor of its year (R-DIS-08). */
export async function createStandard(
  ctx: CoreContext,
  actor: Actor,
  input: CreateStandardInput,
): Promise<StandardView> {
  const code = input.divisionCode;
  if (!/^(\d{2}|\d{4}|\d{6})$/.test(code) || !getDivision(divisionOfStandard(code)))
    throw invalid(
      'DIVISION_UNKNOWN',
      '行政区划代码不正确：市级标准填 4 位（如 4301），县级标准填 6 位（如 430181），全省填 43',
      'divisionCode',
    );
  ensureMaySetStandard(actor, code);
  const cfg = disabilityConfig(ctx);
  const fromMonth = input.fromMonth ?? `${input.year}-01`;
  if (!isMonth(fromMonth) || !fromMonth.startsWith(`${input.year}-`))
    throw invalid(
      'DISABILITY_STANDARD_MONTH',
      `起始月份应在 ${input.year} 年内（如 ${input.year}-01）`,
      'fromMonth',
    );
  const floorFen = floorFenOf(cfg, input.year, input.subsidy);
  if (input.amountFen < floorFen) {
    const floor = provincialFloorOf(cfg, input.year);
    throw invalid(
      'DISABILITY_STANDARD_BELOW_FLOOR',
      `${input.year} 年${SUBSIDY_LABELS[input.subsidy]}标准不得低于全省最低标准每人每月 ${(floorFen / 100).toFixed(2)} 元（${floor?.basis ?? ''}）：请提高标准`,
      'amountFen',
      { floorFen },
    );
  }
  const basis = input.basis.trim();
  if (basis.length < 2)
    throw invalid('DISABILITY_STANDARD_BASIS', '请填写制定依据（文件名称和文号）', 'basis');
  const row: StandardRow = {
    id: newId(),
    divisionCode: code,
    year: input.year,
    subsidy: input.subsidy,
    category: input.category ?? null,
    grade: input.grade ?? null,
    hardship: input.hardship ?? null,
    amountFen: input.amountFen,
    basis,
    fromMonth,
    status: 'active',
    createdBy: actor.userId ?? actor.username,
    createdAt: ctx.clock.now().toISOString(),
  };
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (input.replacesId) {
        const old = await findStandard(trx, input.replacesId);
        if (!old || !(inScope(actor, old.divisionCode) || old.divisionCode === code))
          throw new DomainError('not_found', 'NOT_FOUND', '被替代的补贴标准不存在或不在您的管辖范围内');
        if (old.divisionCode !== code || old.subsidy !== row.subsidy || old.year !== row.year)
          throw invalid(
            'DISABILITY_STANDARD_REPLACES_OTHER',
            '只能替代同一区划、同一年度、同一补贴的标准',
            'replacesId',
          );
        if (
          !(await withdrawStandardRow(trx, old.id, {
            reason: '由新标准替代',
            replacedBy: row.id,
            withdrawnBy: row.createdBy,
            withdrawnAt: row.createdAt,
          }))
        )
          throw new DomainError(
            'conflict',
            'DISABILITY_STANDARD_WITHDRAWN',
            '被替代的标准已撤销，请刷新后重试',
          );
      }
      const twin = await activeTwinStandard(trx, row);
      if (twin)
        throw new DomainError(
          'conflict',
          'DISABILITY_STANDARD_EXISTS',
          '同一区划、年度、补贴、档次和起始月份已有执行中的标准：请选择“调整”替代原标准，或先撤销原标准',
          { existingId: twin.id },
        );
      await insertStandard(trx, row);
      await audit(ctx, trx, actor, {
        action: 'disability.standard.create',
        targetType: 'disability_standard',
        targetId: row.id,
        divisionCode: divisionOfStandard(code),
        details: {
          division: code,
          year: row.year,
          subsidy: row.subsidy,
          tier: tierLabelOf(row),
          amountFen: row.amountFen,
          fromMonth,
          basis,
          ...(input.replacesId ? { replaces: input.replacesId } : {}),
        },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new DomainError(
        'conflict',
        'DISABILITY_STANDARD_EXISTS',
        '同一档次已有执行中的标准，请刷新后重试',
      );
    throw e;
  }
  return present(cfg, row);
}

/** Withdraws (撤销) a standard with a reason; it stays in the history. */
export async function withdrawStandard(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { reason: string },
): Promise<StandardView> {
  const cfg = disabilityConfig(ctx);
  const reason = input.reason.trim();
  const at = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await findStandard(trx, id);
    if (!row || !standardVisible(actor, row.divisionCode))
      throw new DomainError('not_found', 'NOT_FOUND', '补贴标准不存在或不在您的管辖范围内');
    ensureMaySetStandard(actor, row.divisionCode);
    if (reason.length < 2) throw invalid('REASON_REQUIRED', '请填写撤销原因（至少 2 个字）', 'reason');
    const done = await withdrawStandardRow(trx, id, {
      reason,
      replacedBy: null,
      withdrawnBy: actor.userId ?? actor.username,
      withdrawnAt: at,
    });
    if (!done) throw new DomainError('conflict', 'DISABILITY_STANDARD_WITHDRAWN', '该标准已撤销');
    await audit(ctx, trx, actor, {
      action: 'disability.standard.withdraw',
      targetType: 'disability_standard',
      targetId: id,
      divisionCode: divisionOfStandard(row.divisionCode),
      details: { division: row.divisionCode, year: row.year, subsidy: row.subsidy, reason },
    });
    return present(cfg, { ...row, status: 'withdrawn', withdrawnAt: at, reason });
  });
}

/** The actor sees standards of its ancestors (province, city) and of every division inside its scope. */
function standardVisible(actor: Actor, code: string): boolean {
  return actor.divisionCode.startsWith(code) || code.startsWith(scopePrefix(actor.divisionCode));
}

export interface StandardsQuery {
  divisionCode?: string;
  year?: number;
  subsidy?: Subsidy;
  includeWithdrawn?: boolean;
}

/** The standards that apply in the actor's area (its ancestors' and those inside its scope), with history. */
export async function listStandards(
  ctx: CoreContext,
  actor: Actor,
  q: StandardsQuery,
): Promise<{ items: StandardView[] }> {
  authorize(actor, 'disability:read');
  const own = actor.divisionCode;
  const ancestors = [2, 4, 6, 9]
    .map((n) => own.slice(0, n))
    .filter((p, i, a) => p.length > 0 && a.indexOf(p) === i);
  const rows = await listStandardRows(ctx.db.kysely, {
    ancestors,
    scopePrefix: scopePrefix(own),
    ...(q.divisionCode ? { divisionCode: q.divisionCode } : {}),
    ...(q.year ? { year: q.year } : {}),
    ...(q.subsidy ? { subsidy: q.subsidy } : {}),
    includeWithdrawn: q.includeWithdrawn ?? false,
  });
  const cfg = disabilityConfig(ctx);
  return { items: rows.map((r) => present(cfg, r)) };
}

export interface StandardLookupResult {
  personId: string;
  personName: string;
  month: string;
  hukouDivisionCode: string;
  hukouDivisionName: string;
  certificate: {
    id: string;
    numberMasked: string;
    category: number;
    categoryLabel: string;
    grade: number;
    gradeLabel: string;
    status: string;
  } | null;
  /** 低保 / 特困 in force on the first day of the month (assistance rolls). */
  programs: string[];
  hardship: string | null;
  subsidies: {
    subsidy: Subsidy;
    label: string;
    eligible: boolean;
    reasons: EligibilityReason[];
    /** Monthly amount of the standard that applies (null: none set — never guessed). */
    amountFen: number | null;
    raisedToFloor: boolean;
    floorFen: number;
    standard: StandardView | null;
  }[];
}

/**
 * What one person gets in month `month` (`YYYY-MM`): for each subsidy, R-DIS-01/03 eligibility from the
 * registries (valid certificate, 低保/特困 on the month's first day — DESIGN) and the standard of the
 * person's hukou division, year and tier (`standardFor`, raised to the floor). Audited person read.
 */
export async function lookupStandard(
  ctx: CoreContext,
  actor: Actor,
  q: { personId?: string; certificateNumber?: string; month: string },
): Promise<StandardLookupResult> {
  authorize(actor, 'disability:read');
  if (!isMonth(q.month)) throw invalid('MONTH_INVALID', '月份不正确：请按 2026-01 的格式填写', 'month');
  const db = ctx.db.kysely;
  let personId = q.personId;
  if (!personId && q.certificateNumber) {
    const c = await findCertificateByNumber(db, q.certificateNumber.trim().toUpperCase());
    personId = c?.personId;
  }
  let person = personId ? await findIndexedPerson(db, personId) : undefined;
  for (let i = 0; person?.mergedInto && i < 8; i++) person = await findIndexedPerson(db, person.mergedInto);
  if (!person) throw new DomainError('not_found', 'NOT_FOUND', '人员不存在或不在您的管辖范围内');
  ensureSharedVisible(actor, person.divisionCode, '人员');
  const on = `${q.month}-01`;
  const cfg = disabilityConfig(ctx);
  const certs = await certificatesOfPerson(db, person.id);
  const cert = certs.find((c) => certificateStatusOn(c, on) === 'valid') ?? certs[0] ?? null;
  const programs = await assistanceStatusOn(db, person.id, on);
  const dibao = programs.some((p) => p.program === 'dibao');
  const tekun = programs.some((p) => p.program === 'tekun');
  const hardship = tekun ? 'tekun' : dibao ? 'dibao' : null;
  const eligibility = eligibilityOf(cfg, person.hukouDivisionCode, on, {
    hukouDivisionCode: person.hukouDivisionCode,
    provincePrefix: '43',
    alive: person.status === 'alive' || (person.deathDate !== null && person.deathDate >= on),
    certificate: cert
      ? { category: cert.category, grade: cert.grade, status: certificateStatusOn(cert, on) }
      : null,
    dibao,
    tekun,
  });
  const subsidies = [];
  for (const subsidy of SUBSIDIES) {
    const found = await standardFor(db, cfg, {
      divisionCode: person.hukouDivisionCode,
      month: q.month,
      subsidy,
      category: cert?.category ?? null,
      grade: cert?.grade ?? null,
      hardship,
    });
    subsidies.push({
      subsidy,
      label: SUBSIDY_LABELS[subsidy],
      eligible: eligibility[subsidy].eligible,
      reasons: eligibility[subsidy].reasons,
      amountFen: found?.amountFen ?? null,
      raisedToFloor: found?.raisedToFloor ?? false,
      floorFen: floorFenOf(cfg, Number(q.month.slice(0, 4)), subsidy),
      standard: found?.standard ? present(cfg, found.standard) : null,
    });
  }
  await ctx.readAudit.record(actor, {
    action: 'disability.standard.lookup',
    targetType: 'person',
    targetId: person.id,
    divisionCode: person.divisionCode,
    subjectPersonId: person.id,
    details: { month: q.month },
  });
  return {
    personId: person.id,
    personName: person.name,
    month: q.month,
    hukouDivisionCode: person.hukouDivisionCode,
    hukouDivisionName: getDivision(person.hukouDivisionCode)?.name ?? person.hukouDivisionCode,
    certificate: cert
      ? {
          id: cert.id,
          numberMasked: maskCertificateNumber(cert.number),
          category: cert.category,
          categoryLabel: DISABILITY_CATEGORY_LABELS[cert.category as DisabilityCategory],
          grade: cert.grade,
          gradeLabel: DISABILITY_GRADE_LABELS[cert.grade as DisabilityGrade],
          status: certificateStatusOn(cert, on),
        }
      : null,
    programs: programs.map((p) => p.label),
    hardship,
    subsidies,
  };
}

export interface PolicyRuleView {
  key: string;
  label: string;
  value: string;
  source: string;
}

/**
 * The policy frame in force (read-only, from `lines.disability`): provincial floors, local extensions for
 * the actor's division, overlap rules (R-DIS-03) with their sources, back-pay cap, payment rhythm.
 */
export function disabilityPolicy(ctx: CoreContext, actor: Actor) {
  authorize(actor, 'disability:read');
  const cfg = disabilityConfig(ctx);
  const on = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const yes = (b: boolean) => (b ? '是' : '否');
  const o = cfg.overlap;
  const overlap: PolicyRuleView[] = [
    {
      key: 'higherOne',
      label: '同时符合老年、因公致残、离休等同类生活或护理补贴的',
      value: '择高享受（不叠加）',
      source: 'R-DIS-03（丹东细则转述 GF-52；全国原文未核实）',
    },
    {
      key: 'tekunKeepsCare',
      label: '特困供养人员是否保留护理补贴',
      value: o.tekunKeepsCare ? '保留护理补贴（不享受生活补贴）' : '两项补贴均不享受（省级基线）',
      source: 'R-DIS-03（丹东细则；部分地方保留护理补贴，未核实）',
    },
    {
      key: 'workInjuryCareExcludes',
      label: '领取工伤保险生活护理费的',
      value: o.workInjuryCareExcludes === 'both' ? '两项补贴均不享受' : '不享受护理补贴（可享受生活补贴）',
      source: 'R-DIS-03（丹东细则为两项均不享受；另一读法仅排除护理补贴）',
    },
    {
      key: 'orphanExcludesLiving',
      label: '孤儿基本生活保障对象不享受生活补贴（可享受护理补贴）',
      value: yes(o.orphanExcludesLiving),
      source: 'R-DIS-03（GF-52 表述）',
    },
    {
      key: 'childWelfareInstitutionExcludesLiving',
      label: '儿童福利机构内的重度残疾儿童不享受生活补贴',
      value: yes(o.childWelfareInstitutionExcludesLiving),
      source: 'R-DIS-03（地方细则）',
    },
    {
      key: 'oldAgeAllowanceForcesChoice',
      label: '高龄津贴视为同类补贴须择高享受',
      value: o.oldAgeAllowanceForcesChoice ? '是（择高）' : '否（可同时领取）',
      source: 'R-DIS-03（地方解释，未核实）',
    },
    {
      key: 'notIncome',
      label: '两项补贴不计入低保家庭收入',
      value: '是',
      source: 'R-DIS-03',
    },
  ];
  const ext = extensionOf(cfg, actor.divisionCode, on);
  return {
    floors: cfg.provincialFloors.map((f) => ({
      year: f.year,
      livingFen: f.livingFen,
      careFen: f.careFen,
      basis: f.basis,
    })),
    extensions: cfg.extensions.map((e) => ({
      ...e,
      divisionName: standardDivisionName(e.divisionCode),
      appliesHere: ext === e,
    })),
    overlap,
    backPayCapMonths: cfg.backPayCapMonths,
    paymentFrequency: cfg.paymentFrequency,
    deadlines: cfg.deadlines,
    noticeWorkingDays: cfg.noticeWorkingDays,
  };
}
