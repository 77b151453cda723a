/**
 * Community mental-health rehabilitation (精神障碍社区康复, R-DIS-09): institutions (platform institutions
 * of kind `disability_service` with a profile here), enrolments and service sessions of people served,
 * patients living at home per county and year (the coverage denominator, entered as data), and the county
 * coverage against the 2025 targets (configuration `rehab.targets`). Writing institutions needs
 * `disability:write` at county level or `disability:manage`; service records `disability:write`.
 */
import {
  DomainError,
  getDivision,
  listDivisions,
  maskResidentId,
  newId,
  todayPlainDate,
} from '@social-affairs/kernel';
import {
  REHAB_BASIS_LABELS,
  REHAB_INSTITUTION_KIND_LABELS,
  REHAB_SERVICE_LABELS,
  type EditRehabInstitutionBody,
  type HomePatientsBody,
  type HomePatientsView,
  type NewRehabEnrolmentBody,
  type NewRehabInstitutionBody,
  type NewRehabSessionBody,
  type RehabCountyCoverage,
  type RehabCoverageQuery,
  type RehabCoverageView,
  type RehabDischargeBody,
  type RehabEnrolmentDetailView,
  type RehabEnrolmentsQuery,
  type RehabEnrolmentView,
  type RehabInstitutionsQuery,
  type RehabInstitutionView,
  type RehabService,
  type RehabSessionView,
} from '@social-affairs/kernel/contracts/disability';
import { parseSort } from '@social-affairs/kernel/contracts';
import type { Transaction } from 'kysely';
import {
  countyCodeOf,
  createInstitutionInTransaction,
  ensureDivisionInScope,
  ensureSharedVisible,
  inScope,
  inSharedScope,
  scopeDivisionName,
  scopeFilterFor,
  scopePrefix,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Database } from '../db/index';
import { disabilityConfig } from './disability.config';
import type { RehabConfig } from './rehab.config';
import {
  activeInstitutionsUnder,
  enrolledCounts,
  enrolmentPage,
  findEnrolment,
  findHomePatients,
  findPersonBrief,
  findRehabInstitution,
  homePatientsUnder,
  insertEnrolment,
  insertHomePatients,
  insertRehabInstitution,
  insertSession,
  institutionByPilotFund,
  openEnrolment,
  rehabInstitutionPage,
  servedHomePatients,
  sessionsOf,
  setInstitutionStatus,
  updateEnrolment,
  updateHomePatients,
  updateRehabInstitutionIfVersion,
  validCertificateOf,
  type EnrolmentFilter,
  type EnrolmentListRow,
  type PersonBrief,
  type RehabEnrolmentRow,
  type RehabInstitutionRow,
} from './rehab.repository';

/** Mental disability (精神残疾) in GB/T 26341 categories. */
const MENTAL_CATEGORY = 6;

export const rehabToday = (ctx: CoreContext): string => todayPlainDate(ctx.config.timeZone, ctx.clock.now());

const invalid = (code: string, message: string, field?: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, { ...(field ? { field } : {}), ...details });
const notFound = (what: string) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);

/** `disability:manage`, or `disability:write` at county level or above (not a township window). */
export function authorizeCountyWrite(actor: Actor): void {
  if (actor.permissions.has('disability:manage')) return;
  if (actor.permissions.has('disability:write') && actor.divisionCode.length === 6 && !actor.institutionId)
    return;
  throw new DomainError('forbidden', 'PERMISSION_DENIED', '此事项由县级经办人员或市、省级管理人员办理', {
    permission: 'disability:write',
  });
}

function authorizeAny(
  actor: Actor,
  ...perms: ('disability:read' | 'disability:write' | 'disability:manage')[]
) {
  if (perms.some((p) => actor.permissions.has(p))) return;
  throw new DomainError('forbidden', 'PERMISSION_DENIED', '您的角色无权执行此操作', { permission: perms[0] });
}

/** Whether a county-level code counts as a city district (市辖区): configured list, else the name ends in 区. */
export function isCityDistrict(cfg: RehabConfig, code: string): boolean {
  if (cfg.districtCodes.length > 0) return cfg.districtCodes.includes(code);
  const d = getDivision(code);
  return d?.level === 'county' && d.name.endsWith('区');
}

const splitList = (s: string): string[] => (s ? s.split(',').filter(Boolean) : []);

export function presentRehabInstitution(
  ctx: CoreContext,
  r: RehabInstitutionRow,
  enrolled = 0,
): RehabInstitutionView {
  const districts = splitList(r.servesDistricts);
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    kindLabel: REHAB_INSTITUTION_KIND_LABELS[r.kind],
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    countyCode: r.countyCode,
    servesDistricts: districts,
    servesDistrictNames: districts.map(scopeDivisionName),
    capacity: r.capacity,
    services: splitList(r.services) as RehabService[],
    address: r.address,
    phone: r.phone,
    pilot:
      r.pilotFundRef !== null
        ? { fundRef: r.pilotFundRef, amountFen: r.pilotAmountFen ?? 0, year: r.pilotYear ?? 0 }
        : null,
    enrolled,
    standard: disabilityConfig(ctx).rehab.serviceStandard,
    status: r.status,
    version: r.version,
  };
}

function checkDistricts(ctx: CoreContext, divisionCode: string, districts: readonly string[]): void {
  const cfg = disabilityConfig(ctx).rehab;
  const city = divisionCode.slice(0, 4);
  for (const d of districts) {
    if (d.slice(0, 4) !== city || !isCityDistrict(cfg, d)) {
      throw invalid(
        'DISABILITY_REHAB_DISTRICT_INVALID',
        `${scopeDivisionName(d)}不是本市的市辖区：只有市级机构服务本市各区时才填写服务的区`,
        'servesDistricts',
        { divisionCode: d },
      );
    }
  }
}

/**
 * The pilot-fund rule (R-DIS-09, SEED): each pilot point got the configured fund (500,000 yuan) and it may
 * not be split across two sites — a fund reference already held by another institution, or an amount
 * other than the configured one (a share of a fund), is refused (422).
 */
async function checkPilot(
  ctx: CoreContext,
  db: Transaction<Database>,
  selfId: string | null,
  pilot: NewRehabInstitutionBody['pilot'],
): Promise<void> {
  if (!pilot) return;
  const cfg = disabilityConfig(ctx).rehab;
  const holder = await institutionByPilotFund(db, pilot.fundRef);
  if (holder && holder.id !== selfId) {
    throw invalid(
      'DISABILITY_PILOT_FUND_SPLIT',
      `试点资金“${pilot.fundRef}”已由${holder.name}使用：每个试点只有一笔资金，不得分拆到两个站点`,
      'pilot.fundRef',
      { holderId: holder.id },
    );
  }
  if (pilot.amountFen !== cfg.pilotFundFen) {
    throw invalid(
      'DISABILITY_PILOT_FUND_SPLIT',
      `每个试点的资金为 ${(cfg.pilotFundFen / 100).toLocaleString('zh-CN')} 元，须整笔用于本站点，不得分拆`,
      'pilot.amountFen',
      { expectedFen: cfg.pilotFundFen },
    );
  }
}

const pilotTaken = () =>
  invalid('DISABILITY_PILOT_FUND_SPLIT', '该试点资金已由其他站点使用，不得分拆到两个站点', 'pilot.fundRef');

export async function createRehabInstitution(
  ctx: CoreContext,
  actor: Actor,
  input: NewRehabInstitutionBody,
): Promise<RehabInstitutionView> {
  authorizeCountyWrite(actor);
  checkDistricts(ctx, input.divisionCode, input.servesDistricts);
  const now = ctx.clock.now().toISOString();
  let row: RehabInstitutionRow | undefined;
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await checkPilot(ctx, trx, null, input.pilot);
      const inst = await createInstitutionInTransaction(
        ctx,
        trx,
        actor,
        { kind: 'disability_service', name: input.name, divisionCode: input.divisionCode },
        { permission: actor.permissions.has('disability:manage') ? 'disability:manage' : 'disability:write' },
      );
      row = {
        id: inst.id,
        kind: input.kind,
        name: inst.name,
        divisionCode: inst.divisionCode,
        countyCode: countyCodeOf(inst.divisionCode),
        servesDistricts: [...new Set(input.servesDistricts)].join(','),
        capacity: input.capacity,
        services: [...new Set(input.services)].join(','),
        address: input.address,
        phone: input.phone,
        pilotFundRef: input.pilot?.fundRef ?? null,
        pilotAmountFen: input.pilot?.amountFen ?? null,
        pilotYear: input.pilot?.year ?? null,
        status: 'active',
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await insertRehabInstitution(trx, row);
      await audit(ctx, trx, actor, {
        action: 'disability.rehab.institution.create',
        targetType: 'disability_rehab_institution',
        targetId: row.id,
        divisionCode: row.countyCode,
        details: {
          name: row.name,
          kind: row.kind,
          capacity: row.capacity,
          servesDistricts: row.servesDistricts,
          pilotFundRef: row.pilotFundRef,
        },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw pilotTaken();
    throw err;
  }
  return presentRehabInstitution(ctx, row!);
}

async function visibleInstitution(db: Parameters<typeof findRehabInstitution>[0], actor: Actor, id: string) {
  const row = await findRehabInstitution(db, id);
  if (!row || !inScope(actor, { divisionCode: row.divisionCode, institutionId: row.id })) {
    throw notFound('康复机构');
  }
  return row;
}

/**
 * An institution a clerk may record services at: one of its own county (shared), one serving its
 * district (a city institution), or one inside its scope.
 */
function usableInstitution(actor: Actor, r: RehabInstitutionRow): boolean {
  if (actor.institutionId) return actor.institutionId === r.id;
  return (
    inScope(actor, r.divisionCode) ||
    inSharedScope(actor, r.countyCode) ||
    splitList(r.servesDistricts).some((d) => inSharedScope(actor, d))
  );
}

export async function updateRehabInstitution(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: EditRehabInstitutionBody,
): Promise<RehabInstitutionView> {
  authorizeCountyWrite(actor);
  const now = ctx.clock.now().toISOString();
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const before = await visibleInstitution(trx, actor, id);
      checkDistricts(ctx, before.divisionCode, input.servesDistricts);
      await checkPilot(ctx, trx, id, input.pilot);
      const set = {
        name: input.name.trim(),
        servesDistricts: [...new Set(input.servesDistricts)].join(','),
        capacity: input.capacity,
        services: [...new Set(input.services)].join(','),
        address: input.address,
        phone: input.phone,
        pilotFundRef: input.pilot?.fundRef ?? null,
        pilotAmountFen: input.pilot?.amountFen ?? null,
        pilotYear: input.pilot?.year ?? null,
        status: input.status,
        updatedAt: now,
      };
      if (!(await updateRehabInstitutionIfVersion(trx, id, input.version, set))) {
        throw new DomainError(
          'conflict',
          'DISABILITY_VERSION_CONFLICT',
          '该记录已被他人修改，请刷新后再保存',
        );
      }
      await setInstitutionStatus(trx, id, input.status, set.name, now);
      const changed = Object.fromEntries(
        Object.entries(set).filter(
          ([k, v]) => k !== 'updatedAt' && before[k as keyof RehabInstitutionRow] !== v,
        ),
      );
      await audit(ctx, trx, actor, {
        action: 'disability.rehab.institution.update',
        targetType: 'disability_rehab_institution',
        targetId: id,
        divisionCode: before.countyCode,
        details: { changed },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw pilotTaken();
    throw err;
  }
  return getRehabInstitution(ctx, actor, id);
}

export async function getRehabInstitution(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<RehabInstitutionView> {
  authorize(actor);
  const row = await visibleInstitution(ctx.db.kysely, actor, id);
  const n = await enrolledCounts(ctx.db.kysely, [id]);
  return presentRehabInstitution(ctx, row, n.get(id) ?? 0);
}

function authorize(actor: Actor): void {
  authorizeAny(actor, 'disability:read');
}

export async function listRehabInstitutions(
  ctx: CoreContext,
  actor: Actor,
  q: RehabInstitutionsQuery & { page: number; pageSize: number },
): Promise<{ items: RehabInstitutionView[]; total: number; page: number; pageSize: number }> {
  authorize(actor);
  const { rows, total } = await rehabInstitutionPage(
    ctx.db.kysely,
    institutionFilter(actor, q),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const n = await enrolledCounts(
    ctx.db.kysely,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => presentRehabInstitution(ctx, r, n.get(r.id) ?? 0)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function institutionFilter(actor: Actor, q: RehabInstitutionsQuery) {
  return {
    scope: scopeFilterFor(actor, q.division, { shared: true }),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.q ? { q: q.q } : {}),
    sort: parseSort(q.sort),
  };
}

export async function exportRehabInstitutions(
  ctx: CoreContext,
  actor: Actor,
  q: RehabInstitutionsQuery,
): Promise<AsyncIterable<RehabInstitutionView>> {
  authorize(actor);
  const f = institutionFilter(actor, q);
  return (async function* () {
    for (let offset = 0; ; offset += 500) {
      const { rows } = await rehabInstitutionPage(ctx.db.kysely, f, 500, offset);
      const n = await enrolledCounts(
        ctx.db.kysely,
        rows.map((r) => r.id),
      );
      for (const r of rows) yield presentRehabInstitution(ctx, r, n.get(r.id) ?? 0);
      if (rows.length < 500) return;
    }
  })();
}

// ----- service records -----

export async function visiblePerson(
  db: Parameters<typeof findPersonBrief>[0],
  actor: Actor,
  id: string,
): Promise<PersonBrief> {
  const p = await findPersonBrief(db, id);
  if (!p) throw notFound('人员');
  ensureSharedVisible(actor, p.divisionCode, '人员');
  return p;
}

export const maskedId = (id: string | null): string | null => (id ? maskResidentId(id) : null);

function presentEnrolment(r: EnrolmentListRow): RehabEnrolmentView {
  return {
    id: r.id,
    institutionId: r.institutionId,
    institutionName: r.institutionName,
    personId: r.personId,
    personName: r.personName,
    residentIdMasked: maskedId(r.residentId),
    basis: r.basis,
    basisLabel: REHAB_BASIS_LABELS[r.basis],
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    enrolledOn: r.enrolledOn,
    dischargedOn: r.dischargedOn,
    dischargeReason: r.dischargeReason,
    status: r.status,
    sessions: r.sessions,
    lastSessionOn: r.lastSessionOn,
  };
}

async function visibleEnrolment(
  db: Parameters<typeof findEnrolment>[0],
  actor: Actor,
  id: string,
): Promise<RehabEnrolmentRow> {
  const e = await findEnrolment(db, id);
  if (!e || !inScope(actor, { divisionCode: e.divisionCode, institutionId: e.institutionId })) {
    throw notFound('康复服务记录');
  }
  return e;
}

/**
 * Enrols a person at an institution (disability:write). A `certificate` basis needs a valid mental
 * disability certificate (category 6) on the enrolment day; `home_patient` is a patient living at home
 * (counts towards the county's 60 % target). One open enrolment per person and institution (409).
 */
export async function enrolRehab(
  ctx: CoreContext,
  actor: Actor,
  input: NewRehabEnrolmentBody,
): Promise<RehabEnrolmentDetailView> {
  authorizeAny(actor, 'disability:write');
  const today = rehabToday(ctx);
  const id = newId();
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const inst = await findRehabInstitution(trx, input.institutionId);
      if (!inst || !usableInstitution(actor, inst)) throw notFound('康复机构');
      const person = await visiblePerson(trx, actor, input.personId);
      ensureDivisionInScope(actor, input.divisionCode);
      if (inst.status !== 'active') {
        throw new DomainError('conflict', 'DISABILITY_REHAB_INSTITUTION_CLOSED', `${inst.name}已停止服务`, {
          field: 'institutionId',
        });
      }
      if (person.status === 'deceased') {
        throw invalid('DISABILITY_PERSON_DECEASED', '该人员已死亡，不能登记康复服务', 'personId');
      }
      if (input.enrolledOn > today)
        throw invalid('DISABILITY_DATE_FUTURE', '入组日期不能晚于今天', 'enrolledOn');
      let certificateId: string | null = null;
      if (input.basis === 'certificate') {
        const cert = await validCertificateOf(trx, person.id, input.enrolledOn, MENTAL_CATEGORY);
        if (!cert) {
          throw invalid(
            'DISABILITY_REHAB_NO_MENTAL_CERTIFICATE',
            '该人员在入组日没有有效的精神残疾人证：请改选“居家精神障碍患者”或先办理残疾人证',
            'basis',
          );
        }
        certificateId = cert.id;
      }
      if (await openEnrolment(trx, inst.id, person.id)) throw enrolledTwice();
      const now = ctx.clock.now().toISOString();
      await insertEnrolment(trx, {
        id,
        institutionId: inst.id,
        personId: person.id,
        basis: input.basis,
        certificateId,
        divisionCode: input.divisionCode,
        countyCode: countyCodeOf(input.divisionCode),
        enrolledOn: input.enrolledOn,
        dischargedOn: null,
        dischargeReason: null,
        status: 'enrolled',
        note: input.note,
        createdBy: actor.userId ?? actor.username,
        createdAt: now,
        updatedAt: now,
      });
      await audit(ctx, trx, actor, {
        action: 'disability.rehab.enrolment.create',
        targetType: 'disability_rehab_enrolment',
        targetId: id,
        divisionCode: countyCodeOf(input.divisionCode),
        subjectPersonId: person.id,
        details: { institutionId: inst.id, basis: input.basis, enrolledOn: input.enrolledOn },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw enrolledTwice();
    throw err;
  }
  return getRehabEnrolment(ctx, actor, id);
}

const enrolledTwice = () =>
  new DomainError('conflict', 'DISABILITY_REHAB_ALREADY_ENROLLED', '该人员已在本机构接受服务，请勿重复登记', {
    field: 'personId',
  });

/** One enrolment with its sessions (audited read: a person's health-related service record). */
export async function getRehabEnrolment(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<RehabEnrolmentDetailView> {
  authorize(actor);
  const db = ctx.db.kysely;
  const e = await visibleEnrolment(db, actor, id);
  const { rows } = await enrolmentPage(
    db,
    { scope: { divisionPrefix: '', institutionId: null, sharedCounty: null }, id: e.id },
    1,
    0,
    false,
  );
  const sessions = await sessionsOf(db, e.id);
  await ctx.readAudit.record(actor, {
    action: 'disability.rehab.enrolment.read',
    targetType: 'disability_rehab_enrolment',
    targetId: e.id,
    divisionCode: e.countyCode,
    subjectPersonId: e.personId,
    details: { sessions: sessions.length },
  });
  return {
    ...presentEnrolment(rows[0]!),
    sessionList: sessions.map((s): RehabSessionView => ({
      id: s.id,
      heldOn: s.heldOn,
      kind: s.kind,
      kindLabel: REHAB_SERVICE_LABELS[s.kind],
      minutes: s.minutes,
      note: s.note,
    })),
  };
}

export async function dischargeRehab(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: RehabDischargeBody,
): Promise<RehabEnrolmentDetailView> {
  authorizeAny(actor, 'disability:write');
  const today = rehabToday(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const e = await visibleEnrolment(trx, actor, id);
    if (e.status !== 'enrolled') {
      throw new DomainError('conflict', 'DISABILITY_REHAB_DISCHARGED', '该服务记录已结案');
    }
    if (input.dischargedOn < e.enrolledOn || input.dischargedOn > today) {
      throw invalid('DISABILITY_DATE_RANGE', '结案日期须在入组日期与今天之间', 'dischargedOn');
    }
    await updateEnrolment(trx, e.id, {
      status: 'discharged',
      dischargedOn: input.dischargedOn,
      dischargeReason: input.reason,
      updatedAt: ctx.clock.now().toISOString(),
    });
    await audit(ctx, trx, actor, {
      action: 'disability.rehab.enrolment.discharge',
      targetType: 'disability_rehab_enrolment',
      targetId: e.id,
      divisionCode: e.countyCode,
      subjectPersonId: e.personId,
      details: { dischargedOn: input.dischargedOn, reason: input.reason },
    });
  });
  return getRehabEnrolment(ctx, actor, id);
}

export async function recordRehabSession(
  ctx: CoreContext,
  actor: Actor,
  enrolmentId: string,
  input: NewRehabSessionBody,
): Promise<RehabEnrolmentDetailView> {
  authorizeAny(actor, 'disability:write');
  const today = rehabToday(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const e = await visibleEnrolment(trx, actor, enrolmentId);
    if (e.status !== 'enrolled') {
      throw new DomainError('conflict', 'DISABILITY_REHAB_DISCHARGED', '该服务记录已结案，不能再登记服务');
    }
    if (input.heldOn < e.enrolledOn || input.heldOn > today) {
      throw invalid('DISABILITY_DATE_RANGE', '服务日期须在入组日期与今天之间', 'heldOn');
    }
    const sid = newId();
    await insertSession(trx, {
      id: sid,
      enrolmentId: e.id,
      heldOn: input.heldOn,
      kind: input.kind,
      minutes: input.minutes,
      note: input.note,
      recordedBy: actor.userId ?? actor.username,
      createdAt: ctx.clock.now().toISOString(),
    });
    await audit(ctx, trx, actor, {
      action: 'disability.rehab.session.create',
      targetType: 'disability_rehab_enrolment',
      targetId: e.id,
      divisionCode: e.countyCode,
      subjectPersonId: e.personId,
      details: { sessionId: sid, heldOn: input.heldOn, kind: input.kind },
    });
  });
  return getRehabEnrolment(ctx, actor, enrolmentId);
}

function enrolmentFilter(actor: Actor, q: RehabEnrolmentsQuery): EnrolmentFilter {
  return {
    scope: scopeFilterFor(actor, q.division),
    ...(q.institutionId ? { institutionId: q.institutionId } : {}),
    ...(q.basis ? { basis: q.basis } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.q ? { q: q.q } : {}),
    sort: parseSort(q.sort),
  };
}

/** The service-records ledger (audited: it lists people served). */
export async function listRehabEnrolments(
  ctx: CoreContext,
  actor: Actor,
  q: RehabEnrolmentsQuery & { page: number; pageSize: number },
): Promise<{ items: RehabEnrolmentView[]; total: number; page: number; pageSize: number }> {
  authorize(actor);
  const { rows, total } = await enrolmentPage(
    ctx.db.kysely,
    enrolmentFilter(actor, q),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  await ctx.readAudit.record(actor, {
    action: 'disability.rehab.enrolments.list',
    targetType: 'disability_rehab_enrolment',
    divisionCode: q.division ?? actor.divisionCode,
    details: { rows: rows.length, total, ...(q.q ? { q: q.q.slice(0, 1) + '…' } : {}) },
  });
  return { items: rows.map(presentEnrolment), total, page: q.page, pageSize: q.pageSize };
}

export async function exportRehabEnrolments(
  ctx: CoreContext,
  actor: Actor,
  q: RehabEnrolmentsQuery,
): Promise<AsyncIterable<RehabEnrolmentView>> {
  authorize(actor);
  const f = enrolmentFilter(actor, q);
  await ctx.readAudit.record(actor, {
    action: 'disability.rehab.enrolments.export',
    targetType: 'disability_rehab_enrolment',
    divisionCode: q.division ?? actor.divisionCode,
    details: { basis: q.basis ?? null, status: q.status ?? null },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 1000) {
      const { rows } = await enrolmentPage(ctx.db.kysely, f, 1000, offset, false);
      for (const r of rows) yield presentEnrolment(r);
      if (rows.length < 1000) return;
    }
  })();
}

// ----- patients living at home -----

function presentHomePatients(r: {
  id: string;
  countyCode: string;
  year: number;
  patients: number;
  source: string;
  updatedAt: string;
}): HomePatientsView {
  return { ...r, countyName: scopeDivisionName(r.countyCode) };
}

/**
 * Records (or corrects) the number of patients living at home in a county for a year (居家患者数) — the
 * rulebook gives no figure, so it is data with its source (county clerk or supervisor).
 */
export async function setHomePatients(
  ctx: CoreContext,
  actor: Actor,
  input: HomePatientsBody,
): Promise<HomePatientsView> {
  authorizeCountyWrite(actor);
  if (getDivision(input.countyCode)?.level !== 'county') {
    throw invalid('DISABILITY_COUNTY_REQUIRED', '请选择县（市、区）', 'countyCode');
  }
  ensureDivisionInScope(actor, input.countyCode);
  const now = ctx.clock.now().toISOString();
  const by = actor.userId ?? actor.username;
  const save = async () =>
    ctx.db.kysely.transaction().execute(async (trx) => {
      const before = await findHomePatients(trx, input.countyCode, input.year);
      const id = before?.id ?? newId();
      if (before) {
        await updateHomePatients(trx, id, {
          patients: input.patients,
          source: input.source,
          updatedBy: by,
          updatedAt: now,
        });
      } else {
        await insertHomePatients(trx, { id, ...input, updatedBy: by, updatedAt: now });
      }
      await audit(ctx, trx, actor, {
        action: 'disability.rehab.home-patients.set',
        targetType: 'disability_home_patients',
        targetId: id,
        divisionCode: input.countyCode,
        details: {
          year: input.year,
          patients: input.patients,
          before: before?.patients ?? null,
          source: input.source,
        },
      });
      return id;
    });
  let id: string;
  try {
    id = await save();
  } catch (err) {
    // Two clerks entering the first figure at once: the second becomes a correction.
    if (!isUniqueViolation(err)) throw err;
    id = await save();
  }
  return presentHomePatients({ id, ...input, updatedAt: now });
}

export async function listHomePatients(
  ctx: CoreContext,
  actor: Actor,
  q: { division?: string | undefined; year?: number | undefined },
): Promise<HomePatientsView[]> {
  authorize(actor);
  // Figures are kept per county: a township clerk sees its county's.
  const f = scopeFilterFor(actor, q.division ?? countyCodeOf(actor.divisionCode), { shared: true });
  const rows = await homePatientsUnder(ctx.db.kysely, f.sharedCounty ?? f.divisionPrefix.slice(0, 6), q.year);
  return rows.map(presentHomePatients);
}

// ----- coverage -----

/** The counties a coverage covers: the picked county (a township's county), or every county under a city/province. */
function countiesOf(code: string): string[] {
  if (code.length === 9) return [code.slice(0, 6)];
  const prefix = scopePrefix(code);
  if (prefix.length === 6) return [code];
  return listDivisions({ level: 'county', within: code }).map((d) => d.code);
}

/**
 * County coverage against the 2025 targets (R-DIS-09). Per county: offers services (≥ 1 institution
 * serving it: its own, or for a city district a city institution serving the district); institutions
 * against ≥ 2 (a district: ≥ 1, city institutions counting for each district they serve); people living
 * at home served in the year ÷ patients living at home (entered data) against 60 %. Per prefecture: ≥ 1
 * civil-affairs mental-health welfare institution. Overall: the share of the counties listed offering
 * services against 80 %. Aggregates only (no person named), so city institutions outside the actor's
 * county are counted.
 */
export async function rehabCoverage(
  ctx: CoreContext,
  actor: Actor,
  q: RehabCoverageQuery,
): Promise<RehabCoverageView> {
  authorize(actor);
  const cfg = disabilityConfig(ctx).rehab;
  const picked = q.division ?? actor.divisionCode;
  scopeFilterFor(actor, picked, { shared: true });
  const year = q.year ?? Number(rehabToday(ctx).slice(0, 4));
  const counties = countiesOf(picked === '000000' ? '430000' : picked);
  const provincePrefix = (counties[0] ?? picked).slice(0, 2);
  const db = ctx.db.kysely;
  const cityPrefix =
    counties.length > 0 && counties.every((c) => c.slice(0, 4) === counties[0]!.slice(0, 4))
      ? counties[0]!.slice(0, 4)
      : provincePrefix;
  const institutions = await activeInstitutionsUnder(db, cityPrefix);
  const served = await servedHomePatients(db, cityPrefix, year);
  const home = new Map((await homePatientsUnder(db, cityPrefix, year)).map((r) => [r.countyCode, r]));
  const community = institutions.filter((i) => i.kind === 'community_rehab');
  const rows: RehabCountyCoverage[] = counties.map((county) => {
    const district = isCityDistrict(cfg, county);
    const own = community.filter((i) => i.countyCode === county).length;
    const city = district
      ? community.filter((i) => i.countyCode !== county && splitList(i.servesDistricts).includes(county))
          .length
      : 0;
    const target = district ? cfg.targets.institutionsPerDistrict : cfg.targets.institutionsPerCounty;
    const h = home.get(county);
    const n = served.get(county) ?? 0;
    const percent = h && h.patients > 0 ? Math.round((n / h.patients) * 1000) / 10 : h ? 100 : null;
    const cityCode = `${county.slice(0, 4)}00`;
    return {
      countyCode: county,
      countyName: scopeDivisionName(county),
      cityCode,
      cityName: scopeDivisionName(cityCode),
      isDistrict: district,
      ownInstitutions: own,
      cityInstitutions: city,
      institutionsTarget: target,
      institutionsMet: own + city >= target,
      offersServices: own + city >= 1,
      homePatients: h?.patients ?? null,
      homePatientsSource: h?.source ?? null,
      served: n,
      servedPercent: percent,
      servedMet: percent === null ? null : percent >= cfg.targets.homePatientsServedPercent,
    };
  });
  const cities = [...new Set(counties.map((c) => `${c.slice(0, 4)}00`))];
  const prefectures = cities.map((cityCode) => {
    const n = institutions.filter(
      (i) => i.kind === 'mental_health_welfare' && i.countyCode.startsWith(cityCode.slice(0, 4)),
    ).length;
    return {
      cityCode,
      cityName: scopeDivisionName(cityCode),
      welfareInstitutions: n,
      met: n >= cfg.targets.welfareInstitutionsPerPrefecture,
    };
  });
  const offering = rows.filter((r) => r.offersServices).length;
  const offeringPercent = rows.length ? Math.round((offering / rows.length) * 1000) / 10 : 0;
  return {
    year,
    targets: cfg.targets,
    counties: rows,
    prefectures,
    overall: {
      counties: rows.length,
      offering,
      offeringPercent,
      met: offeringPercent >= cfg.targets.countiesOfferingPercent,
    },
  };
}
