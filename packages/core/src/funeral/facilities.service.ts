/**
 * The facilities concern of the funeral line: the facility registry (殡葬设施) with its approval chain
 * (R-FUN-05, validity computed on read), annual inspections (年检) that suspend and restore a facility,
 * and the online approvals of R-FUN-13 on the platform approval engine: 殡仪馆备案审核
 * (`funeral.facility-filing`), 公墓年检审核 (`funeral.cemetery-inspection`) and 公墓建设及许可事项变更
 * (`funeral.cemetery-permit`). docs/funeral.md "Facilities and approvals".
 */
import { DomainError, getDivision, newId, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import {
  FACILITY_APPLICATION_KIND_LABELS,
  FUNERAL_CAPACITY_UNITS,
  type EditFuneralFacilityBody,
  type FacilityApplicationView,
  type FacilityInspectionView,
  type FacilityInspectionsDueView,
  type FacilityInspectionsQuery,
  type FacilityPermitChangeBody,
  type FuneralFacilitiesQuery,
  type FuneralFacilityDetailView,
  type FuneralFacilityView,
  type FuneralZoneLookupView,
  type FuneralZonesView,
  type NewFacilityInspectionBody,
  type NewFuneralFacilityBody,
} from '@social-affairs/kernel/contracts/funeral';
import { parseSort } from '@social-affairs/kernel/contracts';
import type { Transaction } from 'kysely';
import {
  authorize,
  countyCodeOf,
  createInstitutionInTransaction,
  isScopeDivisionCode,
  scopeDivisionName,
  scopeFilterFor,
  systemActor,
  type Actor,
} from '../access/index';
import { defineApproval, submitApprovalInTransaction } from '../approvals/index';
import { citedAttachments } from '../attachments/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import type { TodoItem } from '../line';
import { visibleFacility } from './cases.access';
import { findFuneralFacility, type FuneralFacilityRow } from './cases.repository';
import {
  applicationByApproval,
  applicationsOfFacility,
  applyFacilityPatch,
  approvalStatusOf,
  decideApplication,
  decideInspection,
  facilitiesWithoutInspection,
  facilityPage,
  findInspection,
  hasOpenAdmission,
  inspectionByApproval,
  inspectionPage,
  inspectionsOfFacility,
  inspectionsOfYear,
  insertApplication,
  insertFacility,
  insertInspection,
  overdueRectifications,
  pendingApplicationOf,
  setApplicationApproval,
  setFacilityStatus,
  setInspectionApproval,
  updateFacilityRow,
  withFacilityExtras,
  type FacilityApplicationRow,
  type FacilityInspectionRow,
  type FacilityListFilter,
  type FacilityListRow,
  type InspectionListFilter,
} from './facilities.repository';
import type { FacilityApplicationKind } from './facilities.table';
import { funeralConfig } from './funeral.config';
import type { FuneralFacilityKind } from './funeral.table';
import {
  APPROVAL_LEVEL_LABELS,
  FACILITY_APPROVAL_RULES,
  cremationZoneOf,
  facilityApproval,
  ruleEraOf,
  transportRuleOf,
  universalCoverageOf,
} from './rules';

// ----- approval definitions (R-FUN-13) -----

/** 殡仪馆备案审核: a new funeral home or crematorium stays suspended until the county reviews its filing. */
export const FACILITY_FILING_APPROVAL = defineApproval({
  key: 'funeral.facility-filing',
  title: '殡仪馆备案审核',
  submitPermission: 'funeral:manage',
  steps: [
    {
      key: 'county-review',
      title: '县级民政部门备案审核',
      level: 'county',
      permission: 'funeral:approve',
      deadline: { days: 20, unit: 'working' },
      differentPersonFromPrevious: true,
    },
  ],
});

/** 公墓年检审核: a cemetery's annual inspection result takes effect only when the county approves it. */
export const CEMETERY_INSPECTION_APPROVAL = defineApproval({
  key: 'funeral.cemetery-inspection',
  title: '公墓年检审核',
  submitPermission: 'funeral:manage',
  steps: [
    {
      key: 'county-review',
      title: '县级民政部门年检审核',
      level: 'county',
      permission: 'funeral:approve',
      deadline: { days: 20, unit: 'working' },
      differentPersonFromPrevious: true,
    },
  ],
});

/** 公墓建设及许可事项变更: county review, then provincial approval (R-FUN-05, FUN Art.8). */
export const CEMETERY_PERMIT_APPROVAL = defineApproval({
  key: 'funeral.cemetery-permit',
  title: '公墓建设及许可事项变更',
  submitPermission: 'funeral:manage',
  steps: [
    {
      key: 'county-review',
      title: '县级民政部门审核',
      level: 'county',
      permission: 'funeral:approve',
      deadline: { days: 20, unit: 'working' },
      differentPersonFromPrevious: true,
    },
    {
      key: 'province-approval',
      title: '省级民政部门审批',
      level: 'province',
      permission: 'funeral:approve',
      deadline: { days: 20, unit: 'working' },
      differentPersonFromPrevious: true,
    },
  ],
});

export const FACILITY_APPLICATION_OWNER = 'funeral_facility_application';
export const FACILITY_INSPECTION_OWNER = 'funeral_facility_inspection';

const FACILITY_APPROVAL_KEYS = new Set([
  FACILITY_FILING_APPROVAL.key,
  CEMETERY_INSPECTION_APPROVAL.key,
  CEMETERY_PERMIT_APPROVAL.key,
]);

/** Kinds whose cemetery permit is approved by the province (construction and permit changes). */
const PROVINCE_PERMIT_KINDS: readonly FuneralFacilityKind[] = [
  'cemetery_commercial',
  'cemetery_public_benefit',
];
const CEMETERY_KINDS: readonly FuneralFacilityKind[] = [
  'cemetery_commercial',
  'cemetery_public_benefit',
  'rural_public_cemetery',
];
const FILING_KINDS: readonly FuneralFacilityKind[] = ['funeral_home', 'crematorium'];

export function facilitiesToday(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

// ----- presentation -----

function blockedReasonOf(
  r: FuneralFacilityRow,
  pendingAdmission: FacilityApplicationKind | null,
): string | null {
  const approval = facilityApproval(r);
  if (!approval.valid) return `${approval.reason}，不得开展业务`;
  if (r.status === 'closed') return '该殡葬设施已关闭';
  if (r.status === 'suspended') {
    if (pendingAdmission === 'filing') return '殡仪馆备案审核尚未通过，暂停业务';
    if (pendingAdmission === 'construction') return '公墓建设许可尚未批准，暂停业务';
    return '该殡葬设施已被暂停业务（年检不合格，或备案、建设许可未获批准）';
  }
  return null;
}

function presentFacility(r: FacilityListRow): FuneralFacilityView {
  const approval = facilityApproval(r);
  const blocked = blockedReasonOf(r, r.pendingApplication);
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: FACILITY_APPROVAL_RULES[r.kind].label,
    name: r.name,
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    villageCode: r.villageCode,
    ownership: r.ownership,
    governmentInvested: Number(r.governmentInvested) === 1,
    address: r.address,
    phone: r.phone,
    capacity: Number(r.capacity),
    capacityUnit: FUNERAL_CAPACITY_UNITS[r.kind],
    reviewedByLevel: r.reviewedByLevel,
    approvedByLevel: r.approvedByLevel,
    approvalDocNo: r.approvalDocNo,
    approvedOn: r.approvedOn,
    status: r.status,
    valid: approval.valid,
    invalidReason: approval.valid ? null : approval.reason,
    mayTakeBusiness: blocked === null,
    blockedReason: blocked,
    lastInspectionYear: r.lastInspectionYear,
    lastInspectionResult: r.lastInspectionResult,
    pendingApplication: r.pendingApplication,
    version: Number(r.version),
  };
}

function presentApplication(a: FacilityApplicationRow): FacilityApplicationView {
  return {
    id: a.id,
    facilityId: a.facilityId,
    kind: a.kind,
    kindLabel: FACILITY_APPLICATION_KIND_LABELS[a.kind],
    changes: JSON.parse(a.changes) as Record<string, unknown>,
    note: a.note,
    status: a.status,
    approvalId: a.approvalId,
    submittedBy: a.submittedBy,
    submittedAt: a.submittedAt,
    decidedAt: a.decidedAt,
    decisionReason: a.decisionReason,
  };
}

function presentInspection(
  i: FacilityInspectionRow,
  f: { name: string; kind: FuneralFacilityKind; divisionCode: string },
  later: boolean,
  today: string,
): FacilityInspectionView {
  return {
    id: i.id,
    facilityId: i.facilityId,
    facilityName: f.name,
    facilityKind: f.kind,
    divisionCode: f.divisionCode,
    divisionName: scopeDivisionName(f.divisionCode),
    year: Number(i.year),
    round: Number(i.round),
    inspectedOn: i.inspectedOn,
    inspector: i.inspector,
    findings: i.findings,
    result: i.result,
    rectifyBy: i.rectifyBy,
    status: i.status,
    approvalId: i.approvalId,
    evidenceIds: JSON.parse(i.evidenceIds) as string[],
    recordedBy: i.recordedBy,
    recordedAt: i.recordedAt,
    rectificationOverdue:
      i.result === 'rectify' && i.status === 'effective' && !later && (i.rectifyBy ?? '9999') < today,
  };
}

function approvalRuleText(kind: FuneralFacilityKind): string {
  const rule = FACILITY_APPROVAL_RULES[kind];
  const approvers = rule.approvers.map((l) => APPROVAL_LEVEL_LABELS[l]).join('或');
  const reviewers = rule.reviewers.map((l) => APPROVAL_LEVEL_LABELS[l]).join('或');
  return reviewers
    ? `${rule.label}：由${reviewers}审核，${approvers}批准（《殡葬管理条例》第八条，R-FUN-05）`
    : `${rule.label}：由${approvers}批准（《殡葬管理条例》第八条，R-FUN-05）`;
}

// ----- checks -----

const invalid = (code: string, message: string, field: string) =>
  new DomainError('invalid', code, message, { field });

/** R-FUN-06: a rural public cemetery serves one village (12-digit code inside its division); others none. */
function checkVillage(kind: FuneralFacilityKind, divisionCode: string, villageCode: string | null): void {
  if (kind !== 'rural_public_cemetery') {
    if (villageCode) {
      throw invalid(
        'FUNERAL_VILLAGE_NOT_ALLOWED',
        '只有农村公益性墓地需要填写服务村（社区）代码',
        'villageCode',
      );
    }
    return;
  }
  if (!villageCode) {
    throw invalid(
      'FUNERAL_VILLAGE_REQUIRED',
      '农村公益性墓地只为本村村民提供墓穴（R-FUN-06）：请填写所服务村的 12 位统计用区划代码',
      'villageCode',
    );
  }
  if (!villageCode.startsWith(divisionCode) || !isScopeDivisionCode(villageCode.slice(0, 9))) {
    throw invalid(
      'FUNERAL_VILLAGE_OUTSIDE_DIVISION',
      '服务村代码须在墓地所在区划之内（前 9 位为所在乡镇代码）：请核对村代码',
      'villageCode',
    );
  }
}

function checkDivision(divisionCode: string): void {
  if (!isScopeDivisionCode(divisionCode)) {
    throw invalid('DIVISION_UNKNOWN', '行政区划代码不存在：请选择县级或乡镇（街道）区划', 'divisionCode');
  }
  if (divisionCode.length === 6 && getDivision(divisionCode)?.level !== 'county') {
    throw invalid('INSTITUTION_DIVISION_LEVEL', '殡葬设施所在区划须为县级或乡镇（街道）', 'divisionCode');
  }
}

const versionConflict = () =>
  new DomainError('conflict', 'FUNERAL_VERSION_CONFLICT', '该殡葬设施已被他人修改，请刷新后再保存', {});
const nameTaken = () =>
  new DomainError('conflict', 'FUNERAL_FACILITY_NAME_TAKEN', '该区划内已有同名殡葬设施或机构：请换一个名称', {
    field: 'name',
  });

// ----- registry -----

/**
 * Registers a facility (funeral:manage): the institution (platform registry) and its funeral profile in
 * one transaction. `application: 'filing'` (funeral home, crematorium) submits 殡仪馆备案审核 and keeps
 * the facility suspended until approved; `construction` (commercial or public-benefit cemetery) submits
 * the construction permit to county review and provincial approval, suspended until then.
 */
export async function createFuneralFacility(
  ctx: CoreContext,
  actor: Actor,
  input: NewFuneralFacilityBody,
): Promise<FuneralFacilityDetailView> {
  authorize(actor, 'funeral:manage');
  const application = input.application ?? 'none';
  checkDivision(input.divisionCode);
  checkVillage(input.kind, input.divisionCode, input.villageCode ?? null);
  if (application === 'filing' && !FILING_KINDS.includes(input.kind)) {
    throw invalid('FUNERAL_FILING_KIND', '备案审核只适用于殡仪馆、火葬场', 'application');
  }
  if (application === 'construction' && !PROVINCE_PERMIT_KINDS.includes(input.kind)) {
    throw invalid(
      'FUNERAL_PERMIT_KIND',
      '公墓建设许可（省级民政部门批准）只适用于经营性公墓和城市公益性公墓；农村公益性墓地由县级民政部门批准',
      'application',
    );
  }
  const now = ctx.clock.now().toISOString();
  let id = '';
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const inst = await createInstitutionInTransaction(
        ctx,
        trx,
        actor,
        {
          kind:
            CEMETERY_KINDS.includes(input.kind) || input.kind === 'columbarium' ? 'cemetery' : 'funeral_home',
          name: input.name,
          divisionCode: input.divisionCode,
        },
        { permission: 'funeral:manage' },
      );
      id = inst.id;
      const construction = application === 'construction';
      await insertFacility(trx, {
        id,
        kind: input.kind,
        name: inst.name,
        divisionCode: input.divisionCode,
        villageCode: input.villageCode ?? null,
        ownership: input.ownership,
        governmentInvested: input.governmentInvested ? 1 : 0,
        address: input.address.trim(),
        phone: input.phone ?? null,
        capacity: input.capacity,
        // A cemetery under construction permit has no approval yet: the province's decision records it.
        reviewedByLevel: construction ? null : (input.reviewedByLevel ?? null),
        approvedByLevel: construction
          ? 'provincial_civil_affairs'
          : (input.approvedByLevel ?? 'provincial_civil_affairs'),
        approvalDocNo: construction ? null : (input.approvalDocNo ?? null),
        approvedOn: construction ? null : (input.approvedOn ?? null),
        status: application === 'none' ? 'active' : 'suspended',
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await audit(ctx, trx, actor, {
        action: 'funeral.facility.create',
        targetType: 'funeral_facility',
        targetId: id,
        divisionCode: countyCodeOf(input.divisionCode),
        details: {
          kind: input.kind,
          name: inst.name,
          capacity: input.capacity,
          approvedByLevel: input.approvedByLevel ?? null,
          valid: facilityApproval({
            kind: input.kind,
            approvedByLevel: input.approvedByLevel ?? 'provincial_civil_affairs',
            reviewedByLevel: input.reviewedByLevel ?? null,
          }).valid,
          application,
        },
      });
      if (application !== 'none') {
        await submitApplication(ctx, trx, actor, {
          facilityId: id,
          facilityName: inst.name,
          divisionCode: input.divisionCode,
          kind: application,
          changes: {},
          note: input.applicationNote ?? null,
        });
      }
    });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'INSTITUTION_NAME_TAKEN') throw nameTaken();
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
  return getFuneralFacility(ctx, actor, id);
}

async function submitApplication(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  a: {
    facilityId: string;
    facilityName: string;
    divisionCode: string;
    kind: FacilityApplicationKind;
    changes: Record<string, unknown>;
    note: string | null;
  },
): Promise<string> {
  const id = newId();
  const now = ctx.clock.now().toISOString();
  try {
    await insertApplication(trx, {
      id,
      facilityId: a.facilityId,
      divisionCode: a.divisionCode,
      kind: a.kind,
      changes: JSON.stringify(a.changes),
      note: a.note,
      status: 'pending',
      approvalId: null,
      submittedBy: actor.username,
      submittedAt: now,
      decidedAt: null,
      decisionReason: null,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw applicationPending();
    throw err;
  }
  const definition = a.kind === 'filing' ? FACILITY_FILING_APPROVAL : CEMETERY_PERMIT_APPROVAL;
  const instance = await submitApprovalInTransaction(ctx, trx, actor, {
    definition,
    ownerType: FACILITY_APPLICATION_OWNER,
    ownerId: id,
    divisionCode: a.divisionCode,
    institutionId: a.facilityId,
    title: `${a.facilityName} ${FACILITY_APPLICATION_KIND_LABELS[a.kind]}`,
    ...(a.note ? { note: a.note } : {}),
  });
  await setApplicationApproval(trx, id, instance.id);
  await audit(ctx, trx, actor, {
    action: 'funeral.facility.application-submit',
    targetType: 'funeral_facility',
    targetId: a.facilityId,
    divisionCode: countyCodeOf(a.divisionCode),
    details: { applicationId: id, kind: a.kind, approvalId: instance.id, changes: a.changes },
  });
  return id;
}

const applicationPending = () =>
  new DomainError(
    'conflict',
    'FUNERAL_APPLICATION_PENDING',
    '该设施已有待审批的申请事项：请等待审批结束后再提交',
    {},
  );

/**
 * Edits a facility's profile and recorded approval chain (funeral:manage, optimistic `version`). The
 * name cannot change here (the institution registry keeps it); a province-approved cemetery's capacity
 * changes only through 公墓许可事项变更 (409 `FUNERAL_PERMIT_CHANGE_REQUIRED`).
 */
export async function updateFuneralFacility(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: EditFuneralFacilityBody,
): Promise<FuneralFacilityDetailView> {
  authorize(actor, 'funeral:manage');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await visibleFacility(trx, actor, id);
    checkVillage(f.kind, f.divisionCode, input.villageCode ?? null);
    if (PROVINCE_PERMIT_KINDS.includes(f.kind) && input.capacity !== Number(f.capacity)) {
      throw new DomainError(
        'conflict',
        'FUNERAL_PERMIT_CHANGE_REQUIRED',
        '公墓容量属许可事项：请通过“公墓许可事项变更”报省级民政部门审批',
        { field: 'capacity' },
      );
    }
    const patch = {
      address: input.address.trim(),
      phone: input.phone ?? null,
      ownership: input.ownership,
      governmentInvested: input.governmentInvested ? 1 : 0,
      capacity: input.capacity,
      villageCode: input.villageCode ?? null,
      reviewedByLevel: input.reviewedByLevel ?? null,
      approvedByLevel: input.approvedByLevel,
      approvalDocNo: input.approvalDocNo ?? null,
      approvedOn: input.approvedOn ?? null,
      updatedAt: ctx.clock.now().toISOString(),
    };
    if (!(await updateFacilityRow(trx, id, input.version, patch))) throw versionConflict();
    const changed = Object.fromEntries(
      Object.entries(patch).filter(
        ([k, v]) =>
          k !== 'updatedAt' &&
          JSON.stringify((f as Record<string, unknown>)[k] ?? null) !== JSON.stringify(v ?? null),
      ),
    );
    await audit(ctx, trx, actor, {
      action: 'funeral.facility.update',
      targetType: 'funeral_facility',
      targetId: id,
      divisionCode: countyCodeOf(f.divisionCode),
      details: { changed, valid: facilityApproval({ ...f, ...patch }).valid },
    });
  });
  return getFuneralFacility(ctx, actor, id);
}

export async function getFuneralFacility(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<FuneralFacilityDetailView> {
  authorize(actor, 'funeral:read');
  const k = ctx.db.kysely;
  const f = await visibleFacility(k, actor, id);
  const [row] = await withFacilityExtras(k, [f]);
  const today = facilitiesToday(ctx);
  const inspections = await inspectionsOfFacility(k, id);
  return {
    ...presentFacility(row!),
    applications: (await applicationsOfFacility(k, id)).map(presentApplication),
    inspections: inspections.map((i) =>
      presentInspection(
        i,
        f,
        inspections.some((j) => isLater(j, i)),
        today,
      ),
    ),
    approvalRule: approvalRuleText(f.kind),
  };
}

const isLater = (j: FacilityInspectionRow, i: FacilityInspectionRow) =>
  j.status !== 'rejected' &&
  (Number(j.year) > Number(i.year) ||
    (Number(j.year) === Number(i.year) && Number(j.round) > Number(i.round)));

function facilityFilter(actor: Actor, q: Partial<FuneralFacilitiesQuery>): FacilityListFilter {
  return {
    scope: scopeFilterFor(actor, q.division),
    ...(q.kind ? { kinds: q.kind.split(',') as FuneralFacilityKind[] } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.validity ? { validity: q.validity } : {}),
    ...(q.usable ? { usable: true } : {}),
    ...(q.q ? { q: q.q } : {}),
    ...(q.sort ? { sort: parseSort(q.sort) } : {}),
  };
}

/**
 * The facilities in the actor's scope (facility staff: their own), filtered by kind (one or several,
 * comma-separated: the facility pickers of the other concerns), division, status, validity, name.
 */
export async function listFuneralFacilities(
  ctx: CoreContext,
  actor: Actor,
  q: FuneralFacilitiesQuery & { page: number; pageSize: number },
): Promise<{ items: FuneralFacilityView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'funeral:read');
  const { rows, total } = await facilityPage(
    ctx.db.kysely,
    facilityFilter(actor, q),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: rows.map(presentFacility), total, page: q.page, pageSize: q.pageSize };
}

export async function exportFuneralFacilities(
  ctx: CoreContext,
  actor: Actor,
  q: FuneralFacilitiesQuery,
): Promise<AsyncIterable<FuneralFacilityView>> {
  authorize(actor, 'funeral:read');
  const f = facilityFilter(actor, q);
  return (async function* () {
    for (let offset = 0; ; offset += 1000) {
      const { rows } = await facilityPage(ctx.db.kysely, f, 1000, offset, false);
      for (const r of rows) yield presentFacility(r);
      if (rows.length < 1000) return;
    }
  })();
}

// ----- inspections -----

/**
 * Records an annual inspection (funeral:manage). One round per facility per year, a re-inspection after
 * `rectify` or `fail` is the next round; a year already passed, or with a result waiting for approval, is
 * refused (409). A cemetery's result waits for 公墓年检审核; any other takes effect at once: `fail`
 * suspends the facility, a later `pass` restores it (unless its filing or permit is not approved).
 */
export async function recordFacilityInspection(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
  input: NewFacilityInspectionBody,
): Promise<FacilityInspectionView> {
  authorize(actor, 'funeral:manage');
  const today = facilitiesToday(ctx);
  if (input.inspectedOn > today) {
    throw invalid('FUNERAL_INSPECTION_FUTURE', '检查日期不能晚于今天', 'inspectedOn');
  }
  if (Number(input.inspectedOn.slice(0, 4)) < input.year) {
    throw invalid('FUNERAL_INSPECTION_YEAR', '检查日期不能早于所检年度', 'inspectedOn');
  }
  if (input.result === 'rectify' && (!input.rectifyBy || input.rectifyBy <= input.inspectedOn)) {
    throw invalid('FUNERAL_RECTIFY_BY', '限期整改须填写晚于检查日期的整改期限', 'rectifyBy');
  }
  const evidenceIds = input.evidenceIds ?? [];
  await visibleFacility(ctx.db.kysely, actor, facilityId);
  if (evidenceIds.length > 0) {
    await citedAttachments(ctx, actor, evidenceIds, { ownerType: 'funeral_facility', ownerId: facilityId });
  }
  const id = newId();
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const f = await visibleFacility(trx, actor, facilityId);
      if (f.status === 'closed') {
        throw new DomainError('conflict', 'FUNERAL_FACILITY_CLOSED', '该殡葬设施已关闭，不再年检', {});
      }
      // Serialise inspections of one facility (PostgreSQL row lock; SQLite has one writer).
      await applyFacilityPatch(trx, f.id, {});
      const rounds = await inspectionsOfYear(trx, f.id, input.year);
      if (rounds.some((r) => r.status === 'pending')) {
        throw new DomainError(
          'conflict',
          'FUNERAL_INSPECTION_PENDING',
          '该设施本年度年检结果正在审核中：请等待审核结束',
          {},
        );
      }
      const lastEffective = rounds.filter((r) => r.status === 'effective').at(-1);
      if (lastEffective?.result === 'pass') {
        throw new DomainError(
          'conflict',
          'FUNERAL_INSPECTION_EXISTS',
          `该设施${input.year}年度已年检合格，无需重复登记`,
          {
            field: 'year',
          },
        );
      }
      const cemetery = CEMETERY_KINDS.includes(f.kind);
      const row: FacilityInspectionRow = {
        id,
        facilityId: f.id,
        divisionCode: f.divisionCode,
        year: input.year,
        round: rounds.reduce((m, r) => Math.max(m, Number(r.round)), 0) + 1,
        inspectedOn: input.inspectedOn,
        inspector: input.inspector.trim(),
        findings: input.findings.trim(),
        result: input.result,
        rectifyBy: input.result === 'rectify' ? (input.rectifyBy ?? null) : null,
        evidenceIds: JSON.stringify(evidenceIds),
        status: cemetery ? 'pending' : 'effective',
        approvalId: null,
        recordedBy: actor.username,
        recordedAt: ctx.clock.now().toISOString(),
        decidedAt: cemetery ? null : ctx.clock.now().toISOString(),
      };
      await insertInspection(trx, row);
      await audit(ctx, trx, actor, {
        action: 'funeral.inspection.record',
        targetType: 'funeral_facility',
        targetId: f.id,
        divisionCode: countyCodeOf(f.divisionCode),
        details: {
          inspectionId: id,
          year: row.year,
          round: row.round,
          result: row.result,
          rectifyBy: row.rectifyBy,
          evidenceIds,
          needsApproval: cemetery,
        },
      });
      if (cemetery) {
        const instance = await submitApprovalInTransaction(ctx, trx, actor, {
          definition: CEMETERY_INSPECTION_APPROVAL,
          ownerType: FACILITY_INSPECTION_OWNER,
          ownerId: id,
          divisionCode: f.divisionCode,
          institutionId: f.id,
          title: `${f.name} ${row.year}年度年检（${RESULT_WORD[row.result]}）`,
        });
        await setInspectionApproval(trx, id, instance.id);
      } else {
        await applyInspectionEffect(ctx, trx, actor, f, row);
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DomainError(
        'conflict',
        'FUNERAL_INSPECTION_EXISTS',
        '该年度年检已由他人同时登记：请刷新后查看',
        {},
      );
    }
    throw err;
  }
  const k = ctx.db.kysely;
  const f = await visibleFacility(k, actor, facilityId);
  return presentInspection((await findInspection(k, id))!, f, false, today);
}

const RESULT_WORD = { pass: '合格', rectify: '限期整改', fail: '不合格' } as const;

/** An effective inspection's consequence: `fail` suspends an active facility, `pass` restores a suspended one. */
async function applyInspectionEffect(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  f: FuneralFacilityRow,
  i: FacilityInspectionRow,
): Promise<void> {
  const at = ctx.clock.now().toISOString();
  let to: 'active' | 'suspended' | null = null;
  if (i.result === 'fail' && f.status === 'active') to = 'suspended';
  if (i.result === 'pass' && f.status === 'suspended' && !(await hasOpenAdmission(trx, f.id))) to = 'active';
  if (!to) return;
  await setFacilityStatus(trx, f.id, to, at);
  await audit(ctx, trx, actor, {
    action: to === 'suspended' ? 'funeral.facility.suspend' : 'funeral.facility.restore',
    targetType: 'funeral_facility',
    targetId: f.id,
    divisionCode: countyCodeOf(f.divisionCode),
    details: { from: f.status, to, inspectionId: i.id, year: Number(i.year), result: i.result },
  });
}

function inspectionFilter(actor: Actor, q: Partial<FacilityInspectionsQuery>): InspectionListFilter {
  return {
    scope: scopeFilterFor(actor, q.division),
    ...(q.facilityId ? { facilityId: q.facilityId } : {}),
    ...(q.year ? { year: q.year } : {}),
    ...(q.result ? { result: q.result } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.sort ? { sort: parseSort(q.sort) } : {}),
  };
}

export async function listFacilityInspections(
  ctx: CoreContext,
  actor: Actor,
  q: FacilityInspectionsQuery & { page: number; pageSize: number },
): Promise<{ items: FacilityInspectionView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'funeral:read');
  const today = facilitiesToday(ctx);
  if (q.facilityId) await visibleFacility(ctx.db.kysely, actor, q.facilityId);
  const f = inspectionFilter(actor, q);
  const { rows, total } = await inspectionPage(ctx.db.kysely, f, q.pageSize, (q.page - 1) * q.pageSize);
  const overdue = new Set((await overdueRectifications(ctx.db.kysely, f.scope, today)).map((r) => r.id));
  return {
    items: rows.map((r) => ({
      ...presentInspection(
        r,
        { name: r.facilityName, kind: r.facilityKind, divisionCode: r.divisionCode },
        true,
        today,
      ),
      rectificationOverdue: overdue.has(r.id),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function exportFacilityInspections(
  ctx: CoreContext,
  actor: Actor,
  q: FacilityInspectionsQuery,
): Promise<AsyncIterable<FacilityInspectionView>> {
  authorize(actor, 'funeral:read');
  const today = facilitiesToday(ctx);
  const f = inspectionFilter(actor, q);
  const overdue = new Set((await overdueRectifications(ctx.db.kysely, f.scope, today)).map((r) => r.id));
  return (async function* () {
    for (let offset = 0; ; offset += 1000) {
      const { rows } = await inspectionPage(ctx.db.kysely, f, 1000, offset, false);
      for (const r of rows) {
        yield {
          ...presentInspection(
            r,
            { name: r.facilityName, kind: r.facilityKind, divisionCode: r.divisionCode },
            true,
            today,
          ),
          rectificationOverdue: overdue.has(r.id),
        };
      }
      if (rows.length < 1000) return;
    }
  })();
}

// ----- permit changes -----

/**
 * 公墓许可事项变更 (funeral:manage): a change of a province-approved cemetery's name, capacity or
 * address, submitted to county review and provincial approval; applied when approved.
 */
export async function submitCemeteryPermitChange(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
  input: FacilityPermitChangeBody,
): Promise<FacilityApplicationView> {
  authorize(actor, 'funeral:manage');
  let appId = '';
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await visibleFacility(trx, actor, facilityId);
    if (!PROVINCE_PERMIT_KINDS.includes(f.kind)) {
      throw invalid(
        'FUNERAL_PERMIT_KIND',
        '许可事项变更（省级民政部门审批）只适用于经营性公墓和城市公益性公墓',
        'kind',
      );
    }
    if (f.status === 'closed') {
      throw new DomainError('conflict', 'FUNERAL_FACILITY_CLOSED', '该殡葬设施已关闭', {});
    }
    const changes: Record<string, unknown> = {};
    if (input.name !== undefined && input.name.trim() !== f.name) changes.name = input.name.trim();
    if (input.capacity !== undefined && input.capacity !== Number(f.capacity))
      changes.capacity = input.capacity;
    if (input.address !== undefined && input.address.trim() !== f.address)
      changes.address = input.address.trim();
    if (Object.keys(changes).length === 0) {
      throw invalid('FUNERAL_PERMIT_NO_CHANGE', '所填内容与现有许可事项相同：请填写要变更的内容', 'name');
    }
    const pending = await pendingApplicationOf(trx, f.id);
    if (pending) {
      // A withdrawn approval sends no event: its application is closed here, before a new one.
      if (!pending.approvalId || (await approvalStatusOf(trx, pending.approvalId)) !== 'withdrawn') {
        throw applicationPending();
      }
      await decideApplication(trx, pending.id, {
        status: 'withdrawn',
        decidedAt: ctx.clock.now().toISOString(),
        decisionReason: '申请已撤回',
      });
    }
    appId = await submitApplication(ctx, trx, actor, {
      facilityId: f.id,
      facilityName: f.name,
      divisionCode: f.divisionCode,
      kind: 'change',
      changes,
      note: input.note,
    });
  });
  const row = (await applicationsOfFacility(ctx.db.kysely, facilityId)).find((a) => a.id === appId)!;
  return presentApplication(row);
}

/**
 * Submits the filing (funeral home, crematorium) or the construction permit (province-approved cemetery)
 * again after a rejection or a withdrawal (funeral:manage): a new application on the same facility, which
 * stays suspended until it is approved.
 */
export async function resubmitFacilityAdmission(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
  input: { note: string },
): Promise<FacilityApplicationView> {
  authorize(actor, 'funeral:manage');
  let appId = '';
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await visibleFacility(trx, actor, facilityId);
    const kind: FacilityApplicationKind | null = FILING_KINDS.includes(f.kind)
      ? 'filing'
      : PROVINCE_PERMIT_KINDS.includes(f.kind)
        ? 'construction'
        : null;
    const last = (await applicationsOfFacility(trx, f.id)).find((a) => a.kind === kind);
    const pending = await pendingApplicationOf(trx, f.id);
    const withdrawn =
      pending?.approvalId && (await approvalStatusOf(trx, pending.approvalId)) === 'withdrawn';
    if (pending && !withdrawn) throw applicationPending();
    if (!kind || !last || (last.status !== 'rejected' && !withdrawn)) {
      throw new DomainError(
        'conflict',
        'FUNERAL_NOTHING_TO_RESUBMIT',
        '该设施没有被驳回或撤回的备案、建设许可申请，无需重新提交',
        {},
      );
    }
    if (pending) {
      await decideApplication(trx, pending.id, {
        status: 'withdrawn',
        decidedAt: ctx.clock.now().toISOString(),
        decisionReason: '申请已撤回',
      });
    }
    appId = await submitApplication(ctx, trx, actor, {
      facilityId: f.id,
      facilityName: f.name,
      divisionCode: f.divisionCode,
      kind,
      changes: {},
      note: input.note,
    });
  });
  const row = (await applicationsOfFacility(ctx.db.kysely, facilityId)).find((a) => a.id === appId)!;
  return presentApplication(row);
}

// ----- approval outcomes (subscribers) -----

/**
 * Subscriber of `approval.completed` / `approval.rejected` for the three facility approvals. Idempotent:
 * a replayed event finds the application or inspection decided and changes nothing.
 */
export async function onFacilityApprovalDecided(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'approval.completed'> | StoredEvent<'approval.rejected'>,
): Promise<void> {
  const p = event.payload;
  if (!FACILITY_APPROVAL_KEYS.has(p.definitionKey)) return;
  const approved = event.type === 'approval.completed';
  const reason = 'reason' in p ? (p as { reason: string }).reason : null;
  const at = ctx.clock.now().toISOString();
  const actor = systemActor(
    approved ? 'funeral.facility-approved' : 'funeral.facility-rejected',
    p.divisionCode,
  );

  if (p.definitionKey === CEMETERY_INSPECTION_APPROVAL.key) {
    const i = await inspectionByApproval(trx, p.instanceId);
    if (!i || !(await decideInspection(trx, i.id, approved ? 'effective' : 'rejected', at))) return;
    const f = (await findFuneralFacility(trx, i.facilityId))!;
    await audit(ctx, trx, actor, {
      action: approved ? 'funeral.inspection.approved' : 'funeral.inspection.rejected',
      targetType: 'funeral_facility',
      targetId: f.id,
      divisionCode: countyCodeOf(f.divisionCode),
      details: { inspectionId: i.id, approvalId: p.instanceId, result: i.result, reason, eventId: event.id },
    });
    if (approved) await applyInspectionEffect(ctx, trx, actor, f, { ...i, status: 'effective' });
    return;
  }

  const a = await applicationByApproval(trx, p.instanceId);
  if (!a) return;
  if (
    !(await decideApplication(trx, a.id, {
      status: approved ? 'approved' : 'rejected',
      decidedAt: at,
      decisionReason: reason,
    }))
  ) {
    return;
  }
  const f = (await findFuneralFacility(trx, a.facilityId))!;
  const patch: Record<string, unknown> = {};
  if (approved) {
    if (a.kind === 'filing' && f.status === 'suspended') patch.status = 'active';
    if (a.kind === 'construction') {
      Object.assign(patch, {
        status: 'active',
        reviewedByLevel: 'county_civil_affairs',
        approvedByLevel: 'provincial_civil_affairs',
        approvedOn: todayPlainDate(ctx.config.timeZone, ctx.clock.now()),
        approvalDocNo: `省民政厅网上审批 ${p.instanceId.slice(-8).toUpperCase()}`,
      });
    }
    if (a.kind === 'change') Object.assign(patch, JSON.parse(a.changes) as Record<string, unknown>);
    if (Object.keys(patch).length > 0) await applyFacilityPatch(trx, f.id, { ...patch, updatedAt: at });
  }
  await audit(ctx, trx, actor, {
    action: approved ? 'funeral.facility.application-approved' : 'funeral.facility.application-rejected',
    targetType: 'funeral_facility',
    targetId: f.id,
    divisionCode: countyCodeOf(f.divisionCode),
    details: {
      applicationId: a.id,
      kind: a.kind,
      approvalId: p.instanceId,
      applied: patch,
      reason,
      eventId: event.id,
    },
  });
}

// ----- to-do -----

/**
 * `funeral.inspections-due` (funeral:manage): facilities without an inspection of the current year once
 * the configured day has passed (DESIGN default 03-31), and rectification deadlines passed without a
 * re-inspection.
 */
export async function inspectionsDueTodo(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const today = facilitiesToday(ctx);
  const year = Number(today.slice(0, 4));
  const dueOn = `${year}-${funeralConfig(ctx).inspectionDueMonthDay}`;
  const scope = scopeFilterFor(actor);
  const items: TodoItem[] = [];
  if (today > dueOn) {
    const missing = await facilitiesWithoutInspection(ctx.db.kysely, scope, year);
    if (missing.length > 0) {
      items.push({
        line: 'funeral',
        kind: 'funeral.inspections-due',
        title: `殡葬设施${year}年度年检逾期未完成`,
        count: missing.length,
        dueOn,
        link: '/funeral/facilities?tab=inspections',
      });
    }
  }
  const overdue = await overdueRectifications(ctx.db.kysely, scope, today);
  if (overdue.length > 0) {
    items.push({
      line: 'funeral',
      kind: 'funeral.rectifications-overdue',
      title: '殡葬设施年检整改逾期未复查',
      count: overdue.length,
      dueOn: overdue.map((o) => o.rectifyBy).sort()[0]!,
      link: '/funeral/facilities?tab=inspections',
    });
  }
  return items;
}

/** The inspections due in the actor's scope (the 年检 tab's "what to do today"). */
export async function facilityInspectionsDue(
  ctx: CoreContext,
  actor: Actor,
): Promise<FacilityInspectionsDueView> {
  authorize(actor, 'funeral:read');
  const today = facilitiesToday(ctx);
  const year = Number(today.slice(0, 4));
  const dueOn = `${year}-${funeralConfig(ctx).inspectionDueMonthDay}`;
  const scope = scopeFilterFor(actor);
  const k = ctx.db.kysely;
  const missing = await facilitiesWithoutInspection(k, scope, year);
  const overdue = await overdueRectifications(k, scope, today);
  const names = new Map<string, string>();
  for (const o of overdue) {
    if (!names.has(o.facilityId))
      names.set(o.facilityId, (await findFuneralFacility(k, o.facilityId))?.name ?? '');
  }
  return {
    year,
    dueOn,
    pastDue: today > dueOn,
    missing,
    overdueRectifications: overdue.map((o) => ({
      facilityId: o.facilityId,
      facilityName: names.get(o.facilityId) ?? '',
      rectifyBy: o.rectifyBy,
    })),
  };
}

// ----- zones, transport rules, coverage -----

/** The configured cremation zones and exemptions, transport rules and universal coverage (funeral:read). */
export function funeralZones(ctx: CoreContext, actor: Actor): FuneralZonesView {
  authorize(actor, 'funeral:read');
  const c = funeralConfig(ctx);
  return {
    defaultZone: c.defaultZone,
    zoneAreas: c.zoneAreas.map((a) => ({ ...a, divisionName: divisionLabel(a.divisionCode) })),
    defaultTransport: c.defaultTransport,
    transportRules: c.transportRules,
    universalCoverage: c.universalCoverage.map((u) => ({
      ...u,
      divisionName: divisionLabel(u.divisionCode),
    })),
    ruleDates: c.ruleDates,
  };
}

function divisionLabel(code: string): string {
  const full = code.padEnd(6, '0');
  return getDivision(code)?.name ?? getDivision(full)?.name ?? code;
}

/** 输入区划代码和日期 → the zone (R-FUN-01), the transport rule (R-FUN-04) and coverage (R-FUN-09) that apply. */
export function lookupFuneralZone(
  ctx: CoreContext,
  actor: Actor,
  q: { divisionCode: string; on: string },
): FuneralZoneLookupView {
  authorize(actor, 'funeral:read');
  if (!isScopeDivisionCode(q.divisionCode)) {
    throw invalid(
      'DIVISION_UNKNOWN',
      '行政区划代码不存在：请输入县级（6 位）或乡镇（9 位）代码',
      'divisionCode',
    );
  }
  const c = funeralConfig(ctx);
  const zone = cremationZoneOf(c, q.divisionCode, q.on);
  const transport = transportRuleOf(c, q.divisionCode);
  const coverage = universalCoverageOf(c, {
    hukouDivision: q.divisionCode,
    deathDivision: q.divisionCode,
    on: q.on,
  });
  return {
    divisionCode: q.divisionCode,
    divisionName: scopeDivisionName(q.divisionCode),
    on: q.on,
    zone: zone.zone,
    zoneLabel: zone.zone === 'cremation' ? '火葬区' : '土葬改革区',
    zoneArea: zone.area
      ? {
          divisionCode: zone.area.divisionCode,
          approvedBy: zone.area.approvedBy,
          basis: zone.area.basis,
          from: zone.area.from,
        }
      : null,
    transport: {
      divisionCode: transport.divisionCode,
      name: transport.name,
      carriers: transport.carriers,
      collectionFree: transport.collectionFree,
      basis: transport.basis,
    },
    coverage: coverage
      ? {
          divisionCode: coverage.divisionCode,
          scope: coverage.scope,
          from: coverage.from,
          basis: coverage.basis,
        }
      : null,
    regulationEra: ruleEraOf(c, 'regulation', q.on),
  };
}

/** The facility id of each application / inspection id (approvals inbox links). */
export { facilityIdsOfApplications, facilityIdsOfInspections } from './facilities.repository';
