/**
 * Test fixtures of the disability line, for every concern's tests and for other packages
 * (`@social-affairs/core/disability/testing`). They write rows directly so that a concern's tests do not
 * depend on another concern's service (a certificate is written here without the import's checks).
 */
import {
  addDays,
  composeDisabilityCertificateNumber,
  composeResidentId,
  newId,
  plainDateOf,
  todayPlainDate,
  type DisabilityCategory,
  type DisabilityGrade,
  type PlainDate,
} from '@social-affairs/kernel';
import { systemActor, type Actor, type Role } from '../access/index';
import type { CoreContext } from '../context';
import { createPerson } from '../people/index';
import { aUser } from '../testing/index';
import type { ApplicationStatus, CertificateStatus, EntitlementStatus, Subsidy } from './disability.table';
import { monthOf } from './rules';

export interface DisabilityCountyFixture {
  /** County (6 digits), default 浏阳市 430181. */
  county: string;
  /** Two townships of the county (9 digits). */
  township: string;
  otherTownship: string;
  /** subsidy_clerk at `township` (the window). */
  townshipClerk: Actor;
  /** subsidy_clerk at `otherTownship`. */
  otherTownshipClerk: Actor;
  /** subsidy_clerk at the county. */
  countyClerk: Actor;
  /** federation_reviewer at the county (县残联). */
  federation: Actor;
  /** county_reviewer at the county (县民政). */
  civilAffairs: Actor;
  /** supervisor at the county's city. */
  citySupervisor: Actor;
}

/** Accounts of one county for the review chain (township, federation, civil affairs, city supervisor). */
export async function aDisabilityCounty(
  ctx: CoreContext,
  opts: { county?: string; township?: string; otherTownship?: string } = {},
): Promise<DisabilityCountyFixture> {
  const county = opts.county ?? '430181';
  const township = opts.township ?? `${county}001`;
  const otherTownship = opts.otherTownship ?? `${county}102`;
  const user = async (o: { role: Role; divisionCode: string }) => (await aUser(ctx, o)).actor;
  return {
    county,
    township,
    otherTownship,
    townshipClerk: await user({ role: 'subsidy_clerk', divisionCode: township }),
    otherTownshipClerk: await user({ role: 'subsidy_clerk', divisionCode: otherTownship }),
    countyClerk: await user({ role: 'subsidy_clerk', divisionCode: county }),
    federation: await user({ role: 'federation_reviewer', divisionCode: county }),
    civilAffairs: await user({ role: 'county_reviewer', divisionCode: county }),
    citySupervisor: await user({ role: 'supervisor', divisionCode: `${county.slice(0, 4)}00` }),
  };
}

let personCounter = 0;

export interface DisabledPersonFixture {
  personId: string;
  residentId: string;
  name: string;
  certificateId: string | null;
  certificateNumber: string | null;
}

/**
 * A person of the people index with a hukou in `county` (default 430181) and, unless `certificate: null`,
 * a second-generation certificate of `category`/`grade` (default limb, grade 2) in `certificateStatus`;
 * optionally on the 低保 / 特困 roll from `dibaoFrom` / `tekunFrom` (until `dibaoTo`).
 */
export async function aDisabledPerson(
  ctx: CoreContext,
  opts: {
    county?: string;
    name?: string;
    sex?: 'male' | 'female';
    birthDate?: string;
    category?: DisabilityCategory;
    grade?: DisabilityGrade;
    certificate?: null;
    certificateStatus?: CertificateStatus;
    validUntil?: string | null;
    dibaoFrom?: string;
    dibaoTo?: string | null;
    tekunFrom?: string;
  } = {},
): Promise<DisabledPersonFixture> {
  const county = opts.county ?? '430181';
  const n = ++personCounter;
  const sex = opts.sex ?? (n % 2 ? 'male' : 'female');
  // A random day between 1940 and 2008 and a random sequence of the sex's parity: ids unique across tests.
  const birth = (opts.birthDate ??
    addDays(plainDateOf(1940, 1, 1), Math.floor(Math.random() * 25_000))) as PlainDate;
  const seq = Math.floor(Math.random() * 500) * 2 + (sex === 'male' ? 1 : 0);
  const residentId = composeResidentId(county, birth, seq);
  const name = opts.name ?? ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇'][n % 8]!;
  const person = await createPerson(ctx, systemActor('test', county), {
    residentId,
    name,
    sex,
    birthDate: birth,
    hukouDivisionCode: county,
    source: '残疾人福利',
  });
  const now = ctx.clock.now().toISOString();
  let certificateId: string | null = null;
  let certificateNumber: string | null = null;
  if (opts.certificate !== null) {
    certificateId = newId();
    certificateNumber = composeDisabilityCertificateNumber(residentId, opts.category ?? 4, opts.grade ?? 2);
    await ctx.db.kysely
      .insertInto('disabilityCertificates')
      .values({
        id: certificateId,
        number: certificateNumber,
        personId: person.id,
        category: opts.category ?? 4,
        grade: opts.grade ?? 2,
        issuedOn: '2020-01-01',
        validUntil: opts.validUntil === undefined ? '2030-01-01' : opts.validUntil,
        status: opts.certificateStatus ?? 'valid',
        statusOn: '2020-01-01',
        divisionCode: county,
        source: 'manual',
        importRunId: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      })
      .execute();
  }
  const roll = async (program: 'dibao' | 'tekun', from: string, to: string | null) =>
    ctx.db.kysely
      .insertInto('assistanceMemberships')
      .values({
        id: newId(),
        personId: person.id,
        program,
        divisionCode: county,
        fromDate: from,
        toDate: to,
        rollName: name,
        importRunId: null,
        updatedByRunId: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  if (opts.dibaoFrom) await roll('dibao', opts.dibaoFrom, opts.dibaoTo ?? null);
  if (opts.tekunFrom) await roll('tekun', opts.tekunFrom, null);
  return { personId: person.id, residentId, name, certificateId, certificateNumber };
}

/** An entitlement written directly (default active from this month, at the county's first township). */
export async function anEntitlement(
  ctx: CoreContext,
  person: DisabledPersonFixture,
  opts: {
    subsidy?: Subsidy;
    divisionCode?: string;
    fromMonth?: string;
    status?: EntitlementStatus;
    toMonth?: string | null;
  } = {},
): Promise<{ id: string }> {
  const id = newId();
  const now = ctx.clock.now().toISOString();
  const divisionCode = opts.divisionCode ?? '430181001';
  const fromMonth = opts.fromMonth ?? monthOf(todayPlainDate(ctx.config.timeZone, ctx.clock.now()));
  await ctx.db.kysely
    .insertInto('disabilityEntitlements')
    .values({
      id,
      personId: person.personId,
      subsidy: opts.subsidy ?? 'care',
      divisionCode,
      countyCode: divisionCode.slice(0, 6),
      applicationId: null,
      certificateId: person.certificateId,
      fromMonth,
      toMonth: opts.toMonth ?? null,
      status: opts.status ?? 'active',
      stopReason: null,
      stopEventDate: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    })
    .execute();
  await ctx.db.kysely
    .insertInto('disabilityEntitlementEvents')
    .values({
      id: newId(),
      entitlementId: id,
      kind: 'granted',
      effectiveMonth: fromMonth,
      reasonCode: null,
      note: null,
      source: 'test',
      sourceId: null,
      actorId: 'test',
      at: now,
    })
    .execute();
  return { id };
}

/** A standard written directly (default: 430181, this year, care, 10,000 fen for every tier). */
export async function aStandard(
  ctx: CoreContext,
  opts: {
    divisionCode?: string;
    year?: number;
    subsidy?: Subsidy;
    amountFen?: number;
    category?: number | null;
    grade?: number | null;
    hardship?: string | null;
    fromMonth?: string;
  } = {},
): Promise<{ id: string }> {
  const id = newId();
  const year = opts.year ?? Number(todayPlainDate(ctx.config.timeZone, ctx.clock.now()).slice(0, 4));
  await ctx.db.kysely
    .insertInto('disabilityStandards')
    .values({
      id,
      divisionCode: opts.divisionCode ?? '430181',
      year,
      subsidy: opts.subsidy ?? 'care',
      category: opts.category ?? null,
      grade: opts.grade ?? null,
      hardship: opts.hardship ?? null,
      amountFen: opts.amountFen ?? 10_000,
      basis: '测试标准文件',
      fromMonth: opts.fromMonth ?? `${year}-01`,
      status: 'active',
      createdBy: 'test',
      createdAt: ctx.clock.now().toISOString(),
    })
    .execute();
  return { id };
}

let applicationCounter = 0;

/**
 * An application written directly (no intake checks): received at `receivedDivisionCode` (default the
 * hukou township) for `divisionCode` (default 430181001), asking for `subsidies` (default care).
 */
export async function anApplication(
  ctx: CoreContext,
  person: DisabledPersonFixture,
  opts: {
    subsidies?: Subsidy[];
    divisionCode?: string;
    receivedDivisionCode?: string | null;
    submittedOn?: string;
    status?: ApplicationStatus;
    channel?: 'window' | 'online' | 'cross_province';
    phone?: string;
  } = {},
): Promise<{ id: string; applicationNo: string }> {
  const id = newId();
  const n = ++applicationCounter;
  const now = ctx.clock.now().toISOString();
  const divisionCode = opts.divisionCode ?? '430181001';
  const subsidies = opts.subsidies ?? ['care'];
  const submittedOn = opts.submittedOn ?? todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const applicationNo = `测残补〔${submittedOn.slice(0, 4)}〕${String(n).padStart(6, '0')}-${id.slice(-4)}`;
  await ctx.db.kysely
    .insertInto('disabilityApplications')
    .values({
      id,
      applicationNo,
      personId: person.personId,
      certificateId: person.certificateId,
      certificateNumber: person.certificateNumber,
      appliesLiving: subsidies.includes('living') ? 1 : 0,
      appliesCare: subsidies.includes('care') ? 1 : 0,
      applicantRelation: 'self',
      applicantName: null,
      phone: opts.phone ?? '13900000000',
      channel: opts.channel ?? 'window',
      receivedDivisionCode:
        opts.receivedDivisionCode === undefined ? divisionCode : opts.receivedDivisionCode,
      divisionCode,
      countyCode: divisionCode.slice(0, 6),
      submittedOn,
      materialsCompleteOn: submittedOn,
      forwardDueOn: null,
      forwardedOn: null,
      decideDueOn: null,
      decidedOn: null,
      notifyDueOn: null,
      notifiedOn: null,
      dueProvisional: 0,
      status: opts.status ?? 'received',
      livingOutcome: null,
      careOutcome: null,
      decisionReason: null,
      noticeStartsOn: null,
      noticeEndsOn: null,
      payFromMonth: null,
      approvalId: null,
      exchangeNote: null,
      createdBy: 'test',
      createdAt: now,
      updatedAt: now,
      version: 1,
    })
    .execute();
  return { id, applicationNo };
}
