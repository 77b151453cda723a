/**
 * Test fixtures of the funeral line, for every concern's tests and for other packages
 * (`@social-affairs/core/funeral/testing`). They write rows directly so that a concern's tests do not
 * depend on another concern's service (a case is created here without the custody service's checks).
 */
import {
  composeResidentId,
  newId,
  parsePlainDate,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import {
  createInstitution,
  createUser,
  systemActor,
  userActor,
  type Actor,
  type Role,
} from '../access/index';
import type { CoreContext } from '../context';
import { createPerson } from '../people/index';
import { TEST_PASSWORD, aUser } from '../testing/index';
import type {
  ApprovalLevel,
  CaseDocumentKind,
  CustodyStep,
  FuneralCasesTable,
  FuneralFacilityKind,
} from './funeral.table';
import { CLOSING_CUSTODY_STEPS } from './funeral.table';
import { FACILITY_APPROVAL_RULES } from './rules';

export interface FuneralFacilityFixture {
  /** Facility id (= its institution id). */
  id: string;
  name: string;
  kind: FuneralFacilityKind;
  divisionCode: string;
  /** A funeral_staff account bound to the facility (institution scope). */
  staff: Actor;
  /** A county-level funeral_staff account of the facility's county (no institution). */
  countyStaff: Actor;
}

let accountCounter = 0;
let facilityCounter = 0;

/** An account of `role` bound to the institution `institutionId` (division: the institution's). */
export async function aFuneralInstitutionUser(
  ctx: CoreContext,
  role: Role,
  divisionCode: string,
  institutionId: string,
): Promise<Actor> {
  const username = `funeral${++accountCounter}${newId().slice(0, 6)}`;
  const u = await createUser(ctx, systemActor('test', '000000'), {
    username,
    displayName: `殡葬测试用户${accountCounter}`,
    role,
    divisionCode,
    institutionId,
    password: TEST_PASSWORD,
  });
  return userActor(ctx.access, { ...u, role: u.role });
}

/**
 * A facility of `kind` (default a funeral home) in `county` (default 芙蓉区 430102), approved at a valid
 * level unless `approvedByLevel` says otherwise; with a staff account bound to it and a county account.
 */
export async function aFuneralFacility(
  ctx: CoreContext,
  opts: {
    kind?: FuneralFacilityKind;
    county?: string;
    name?: string;
    villageCode?: string | null;
    approvedByLevel?: ApprovalLevel;
    reviewedByLevel?: ApprovalLevel | null;
    status?: 'active' | 'suspended' | 'closed';
    capacity?: number;
    governmentInvested?: boolean;
  } = {},
): Promise<FuneralFacilityFixture> {
  const kind = opts.kind ?? 'funeral_home';
  const county = opts.county ?? '430102';
  const rule = FACILITY_APPROVAL_RULES[kind];
  const n = ++facilityCounter;
  const inst = await createInstitution(ctx, systemActor('test', '000000'), {
    kind:
      kind === 'funeral_home' || kind === 'crematorium' || kind === 'service_station'
        ? 'funeral_home'
        : 'cemetery',
    name: `${opts.name ?? `测试${rule.label}${n}`}（${newId().slice(0, 4)}）`,
    divisionCode: county,
  });
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely
    .insertInto('funeralFacilities')
    .values({
      id: inst.id,
      kind,
      name: inst.name,
      divisionCode: county,
      villageCode: opts.villageCode ?? null,
      ownership: 'government',
      governmentInvested: (opts.governmentInvested ?? true) ? 1 : 0,
      address: '测试路2号',
      phone: '0731-66666666',
      capacity: opts.capacity ?? 100,
      reviewedByLevel:
        opts.reviewedByLevel === undefined ? (rule.reviewers[0] ?? null) : opts.reviewedByLevel,
      approvedByLevel: opts.approvedByLevel ?? rule.approvers[0]!,
      approvalDocNo: `测批〔2020〕${n}号`,
      approvedOn: '2020-01-01',
      status: opts.status ?? 'active',
      createdAt: now,
      updatedAt: now,
      version: 1,
    })
    .execute();
  return {
    id: inst.id,
    name: inst.name,
    kind,
    divisionCode: county,
    staff: await aFuneralInstitutionUser(ctx, 'funeral_staff', county, inst.id),
    countyStaff: (await aUser(ctx, { role: 'funeral_staff', divisionCode: county })).actor,
  };
}

let caseCounter = 0;
let residentSeq = 0;

export interface FuneralCaseFixtureOptions {
  sex?: 'male' | 'female';
  /** Known birth date (identified decedent); omit for an unidentified body with `estimatedAge`. */
  birthDate?: string | null;
  estimatedAge?: number | null;
  name?: string;
  deathDate?: string | null;
  deathDivisionCode?: string;
  deathManner?: FuneralCasesTable['deathManner'];
  unclaimed?: boolean;
  step?: CustodyStep;
  disposition?: FuneralCasesTable['disposition'];
  /** Hukou county of the people-index record (default: the facility's county). */
  hukouDivisionCode?: string;
  /** Documents to record as valid (e.g. the cremation gate's). */
  documents?: CaseDocumentKind[];
}

/**
 * A case at `facility`, written directly (no custody checks): a people-index record (with a valid
 * synthetic resident id when identified, none when not) and the case row, and any `documents` as valid.
 */
export async function aFuneralCase(
  ctx: CoreContext,
  facility: FuneralFacilityFixture,
  opts: FuneralCaseFixtureOptions = {},
): Promise<{ id: string; personId: string; caseNo: string; bodyCode: string }> {
  const sex = opts.sex ?? 'male';
  const identified = Boolean(opts.birthDate);
  const birth = opts.birthDate ? parsePlainDate(opts.birthDate) : null;
  const seq = ((residentSeq++ % 499) * 2 + (sex === 'male' ? 1 : 0)) % 1000;
  const hukou = opts.hukouDivisionCode ?? facility.divisionCode.slice(0, 6);
  const n = ++caseCounter;
  const person = await createPerson(ctx, systemActor('test', facility.divisionCode), {
    residentId: identified && birth ? composeResidentId(hukou, birth, seq) : null,
    name: opts.name ?? (identified ? '王建国' : `无名遗体${n}`),
    sex,
    birthDate: birth,
    hukouDivisionCode: hukou,
    source: '殡葬管理',
  });
  const id = newId();
  const now = ctx.clock.now().toISOString();
  const today: PlainDate = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const step = opts.step ?? 'in_storage';
  const caseNo = `测殡〔${today.slice(0, 4)}〕第${String(n).padStart(6, '0')}号-${id.slice(-6)}`;
  const bodyCode = `YT${id.toUpperCase()}`;
  await ctx.db.kysely
    .insertInto('funeralCases')
    .values({
      id,
      caseNo,
      facilityId: facility.id,
      divisionCode: facility.divisionCode,
      personId: person.id,
      identityStatus: identified ? 'identified' : 'unidentified',
      nameGiven: identified ? (opts.name ?? '王建国') : null,
      sex,
      birthDate: birth,
      estimatedAge: birth ? null : (opts.estimatedAge ?? 60),
      deathDate: opts.deathDate === undefined ? today : opts.deathDate,
      deathPlace: '测试市人民医院',
      deathDivisionCode: opts.deathDivisionCode ?? facility.divisionCode,
      deathManner: opts.deathManner ?? 'natural',
      hospitalDeath: 1,
      unclaimed: opts.unclaimed ? 1 : 0,
      payer: identified && !opts.unclaimed ? 'family' : 'county_finance',
      disposition: opts.disposition === undefined ? 'cremation' : opts.disposition,
      step,
      bodyCode,
      urnCode: null,
      agentName: identified ? '王小明' : null,
      agentPhone: identified ? '13800000000' : null,
      agentRelation: identified ? '子女' : null,
      policeConfirmedAt: null,
      forensicClearedAt: null,
      noticeStartedOn: null,
      noticeEndsOn: null,
      closedAt: (CLOSING_CUSTODY_STEPS as readonly string[]).includes(step) ? now : null,
      createdBy: 'test',
      createdAt: now,
      updatedAt: now,
      version: 1,
    })
    .execute();
  for (const kind of opts.documents ?? []) {
    await ctx.db.kysely
      .insertInto('funeralCaseDocuments')
      .values({
        id: newId(),
        caseId: id,
        kind,
        number: `测-${kind}-${n}`,
        issuer: '测试签发单位',
        issuedOn: today,
        note: null,
        attachmentId: null,
        status: 'valid',
        revokedReason: null,
        recordedBy: 'test',
        recordedAt: now,
      })
      .execute();
  }
  return { id, personId: person.id, caseNo, bodyCode };
}

/** Today's Beijing date on the context's clock. */
export function funeralToday(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}
