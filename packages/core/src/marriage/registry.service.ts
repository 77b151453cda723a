import {
  DomainError,
  comparePlainDate,
  getDivision,
  isKnownAddressCode,
  prefectureOf,
  todayPlainDate,
  type PlainDate,
  newId,
} from '@social-affairs/kernel';
import type { newQualificationBody, newRegistryBody } from '@social-affairs/kernel/contracts';
import type { z } from 'zod';
import {
  authorize,
  ensureDivisionInScope,
  ensureVisible,
  inScope,
  scopePrefix,
  type Actor,
  getUserView,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { divisionLabel } from '../people/index';
import type { QualificationRow, RegistryRow } from './marriage.table';
import {
  findQualificationById,
  findRegistryByCode,
  findRegistryById,
  findValidQualification,
  insertQualification,
  insertRegistry,
  listQualificationsUnder,
  listRegistriesUnder,
  revokeQualificationRow,
} from './registry.repository';

export type NewRegistry = z.output<typeof newRegistryBody>;
export type NewQualification = z.output<typeof newQualificationBody>;

export interface RegistryView {
  id: string;
  code: string;
  name: string;
  divisionCode: string;
  divisionName: string;
  /** 市（州） and 县（市、区） of the registry, for the public registry picker. */
  prefectureCode: string | null;
  prefectureName: string | null;
  countyCode: string;
  countyName: string;
  address: string;
  officeHours: string;
  phone: string | null;
  competence: RegistryRow['competence'];
  halfDayCapacity: number;
  status: RegistryRow['status'];
}

export interface QualificationView {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  registryId: string;
  registryName: string;
  certificateNo: string;
  validFrom: string;
  validUntil: string;
  status: 'valid' | 'revoked';
  currentlyValid: boolean;
}

/** Today's date where the platform runs (Beijing by default): the date of every registration act. */
export function marriageToday(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/** The county responsible for a registry (a township registry belongs to its county). */
export function registryCounty(r: Pick<RegistryRow, 'divisionCode'>): string {
  return r.divisionCode.slice(0, 6);
}

export function presentRegistry(r: RegistryRow): RegistryView {
  const county = r.divisionCode.slice(0, 6);
  const prefecture = prefectureOf(county);
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    divisionCode: r.divisionCode,
    divisionName: divisionLabel(r.divisionCode),
    prefectureCode: prefecture?.code ?? null,
    prefectureName: prefecture?.name ?? null,
    countyCode: county,
    countyName: divisionLabel(county),
    address: r.address,
    officeHours: r.officeHours,
    phone: r.phone,
    competence: r.competence,
    halfDayCapacity: r.halfDayCapacity,
    status: r.status,
  };
}

/**
 * Adds a 婚姻登记机关: a county-level civil-affairs department or a township government designated by the
 * province (MRR-2025 Art.2). `mainland_and_cross_border` marks a registry designated for 涉外 and
 * 涉港澳台 cases. Set up by the administrator of its division.
 */
export async function createRegistry(
  ctx: CoreContext,
  actor: Actor,
  input: NewRegistry,
): Promise<RegistryView> {
  authorize(actor, 'users:manage');
  if (!getDivision(input.divisionCode) && !isKnownAddressCode(input.divisionCode)) {
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'divisionCode' });
  }
  ensureDivisionInScope(actor, input.divisionCode);
  if (!input.code.startsWith(input.divisionCode.slice(0, 6))) {
    throw new DomainError(
      'invalid',
      'REGISTRY_CODE_DIVISION_MISMATCH',
      '登记机关代码须以所在县级区划代码开头',
      {
        field: 'code',
      },
    );
  }
  const now = ctx.clock.now().toISOString();
  const row: RegistryRow = {
    id: newId(),
    code: input.code,
    name: input.name,
    divisionCode: input.divisionCode,
    address: input.address,
    officeHours: input.officeHours,
    phone: input.phone ?? null,
    competence: input.competence,
    halfDayCapacity: input.halfDayCapacity,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (await findRegistryByCode(trx, row.code)) throw registryCodeTaken();
      await insertRegistry(trx, row);
      await audit(ctx, trx, actor, {
        action: 'marriage.registry.create',
        targetType: 'marriage_registry',
        targetId: row.id,
        divisionCode: row.divisionCode,
        details: { code: row.code, name: row.name, competence: row.competence },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw registryCodeTaken();
    throw err;
  }
  return presentRegistry(row);
}

function registryCodeTaken(): DomainError {
  return new DomainError('conflict', 'REGISTRY_CODE_TAKEN', '登记机关代码已被使用', { field: 'code' });
}

/** Active registries under a division (public information: address, hours, competence). */
export async function listActiveRegistries(ctx: CoreContext, division?: string): Promise<RegistryView[]> {
  const rows = await listRegistriesUnder(ctx.db.kysely, division ? scopePrefix(division) : '', true);
  return rows.map(presentRegistry);
}

/** A registry the actor may act at: unknown or outside scope is "not found". */
export async function visibleRegistry(ctx: CoreContext, actor: Actor, id: string): Promise<RegistryRow> {
  const row = await findRegistryById(ctx.db.kysely, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '婚姻登记机关不存在或不在您的管辖范围内');
  ensureVisible(actor, row.divisionCode, '婚姻登记机关');
  return row;
}

/**
 * Records a 婚姻登记员 qualification (持证上岗). The account must be a registrar whose scope covers the
 * registry; both must be inside the administrator's scope.
 */
export async function recordQualification(
  ctx: CoreContext,
  actor: Actor,
  input: NewQualification,
): Promise<QualificationView> {
  authorize(actor, 'users:manage');
  const registry = await visibleRegistry(ctx, actor, input.registryId);
  const user = await getUserView(ctx, input.userId);
  if (!user || !inScope(actor, user.divisionCode)) {
    throw new DomainError('not_found', 'NOT_FOUND', '用户不存在或不在您的管辖范围内');
  }
  if (user.role !== 'registrar') {
    throw new DomainError('invalid', 'QUALIFICATION_ROLE_INVALID', '只有婚姻登记员账号可以登记资格证书', {
      field: 'userId',
    });
  }
  if (!registry.divisionCode.startsWith(scopePrefix(user.divisionCode))) {
    throw new DomainError(
      'invalid',
      'QUALIFICATION_REGISTRY_OUT_OF_SCOPE',
      '该登记员的管辖范围不包含此登记机关',
      {
        field: 'registryId',
      },
    );
  }
  if (comparePlainDate(input.validFrom, input.validUntil) > 0) {
    throw new DomainError('invalid', 'QUALIFICATION_PERIOD_INVALID', '有效期截止日期不能早于起始日期', {
      field: 'validUntil',
    });
  }
  const row: QualificationRow = {
    id: newId(),
    userId: user.id,
    registryId: registry.id,
    certificateNo: input.certificateNo,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    status: 'valid',
    divisionCode: registry.divisionCode,
    createdBy: actor.username,
    createdAt: ctx.clock.now().toISOString(),
    revokedAt: null,
    revokedReason: null,
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await insertQualification(trx, row);
    await audit(ctx, trx, actor, {
      action: 'marriage.qualification.record',
      targetType: 'registrar_qualification',
      targetId: row.id,
      divisionCode: row.divisionCode,
      details: {
        userId: user.id,
        registryId: registry.id,
        validFrom: row.validFrom,
        validUntil: row.validUntil,
      },
    });
  });
  return presentQualification(row, user, registry.name, marriageToday(ctx));
}

export async function revokeQualification(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<void> {
  authorize(actor, 'users:manage');
  const row = await findQualificationById(ctx.db.kysely, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '资格记录不存在或不在您的管辖范围内');
  ensureVisible(actor, row.divisionCode, '资格记录');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await revokeQualificationRow(trx, id, ctx.clock.now().toISOString(), reason))) {
      throw new DomainError('conflict', 'QUALIFICATION_ALREADY_REVOKED', '该资格已被注销');
    }
    await audit(ctx, trx, actor, {
      action: 'marriage.qualification.revoke',
      targetType: 'registrar_qualification',
      targetId: id,
      divisionCode: row.divisionCode,
      reason,
    });
  });
}

function presentQualification(
  q: QualificationRow,
  user: { username: string; displayName: string },
  registryName: string,
  today: PlainDate,
): QualificationView {
  return {
    id: q.id,
    userId: q.userId,
    username: user.username,
    displayName: user.displayName,
    registryId: q.registryId,
    registryName,
    certificateNo: q.certificateNo,
    validFrom: q.validFrom,
    validUntil: q.validUntil,
    status: q.status,
    currentlyValid: q.status === 'valid' && q.validFrom <= today && today <= q.validUntil,
  };
}

/** Qualifications in scope; readable by administrators and by registrars (their own line). */
export async function listQualifications(ctx: CoreContext, actor: Actor): Promise<QualificationView[]> {
  if (!actor.permissions.has('users:manage')) authorize(actor, 'marriage:read');
  const rows = await listQualificationsUnder(ctx.db.kysely, scopePrefix(actor.divisionCode));
  const today = marriageToday(ctx);
  return rows.map((r) => presentQualification(r, r, r.registryName, today));
}

/**
 * 持证上岗: only a registrar account holding a qualification for this registry, valid on `on`, may
 * perform registration acts there. The platform itself (import jobs) is exempt.
 */
export async function ensureQualified(
  ctx: CoreContext,
  actor: Actor,
  registry: RegistryRow,
  on: PlainDate,
): Promise<void> {
  if (actor.role === 'system') return;
  if (!actor.userId || !(await findValidQualification(ctx.db.kysely, actor.userId, registry.id, on))) {
    throw new DomainError(
      'forbidden',
      'REGISTRAR_NOT_QUALIFIED',
      `您在${registry.name}没有有效的婚姻登记员资格（持证上岗），不能办理登记`,
      { registryId: registry.id },
    );
  }
}

/** Registries the actor may act at today (for pickers): active, in scope, and qualified if a registrar. */
export async function myRegistries(ctx: CoreContext, actor: Actor): Promise<RegistryView[]> {
  authorize(actor, 'marriage:read');
  const rows = await listRegistriesUnder(ctx.db.kysely, scopePrefix(actor.divisionCode), true);
  if (!actor.permissions.has('marriage:write') || !actor.userId) return rows.map(presentRegistry);
  const today = marriageToday(ctx);
  const result: RegistryView[] = [];
  for (const r of rows) {
    if (await findValidQualification(ctx.db.kysely, actor.userId, r.id, today))
      result.push(presentRegistry(r));
  }
  return result;
}
