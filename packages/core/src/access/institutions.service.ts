/**
 * The institutions registry (机构: 救助管理站, 殡仪馆 …) that accounts and line records can be scoped to
 * (ADR 0009-scope-below-the-county). Lines look institutions up here; they never write this table
 * themselves (a line registering one with a profile of its own uses `createInstitutionInTransaction`).
 */
import { DomainError, getDivision, newId } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/dialect';
import type { Database } from '../db/schema';
import { authorize, ensureDivisionInScope, ensureVisible, scopePrefix, type Actor } from './actor';
import {
  findInstitutionById,
  findInstitutionByName,
  insertInstitution,
  listInstitutionRows,
} from './institutions.repository';
import type { Permission } from './roles';
import type { InstitutionRow } from './institutions.table';
import { countyCodeOf, ensureScopeDivisionCode, scopeDivisionName } from './scope';

/** Known kinds and their Chinese names; a line needing another kind adds it here (no CHECK to rebuild). */
export const INSTITUTION_KINDS = {
  rescue_station: '救助管理站',
  funeral_home: '殡仪馆',
  cemetery: '公墓',
  welfare_institution: '福利机构',
  disability_service: '残疾人服务机构',
  other: '其他机构',
} as const;
export type InstitutionKind = keyof typeof INSTITUTION_KINDS;

export interface InstitutionView {
  id: string;
  kind: string;
  kindLabel: string;
  name: string;
  divisionCode: string;
  divisionName: string;
  status: 'active' | 'closed';
}

export function presentInstitution(r: InstitutionRow): InstitutionView {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: (INSTITUTION_KINDS as Record<string, string>)[r.kind] ?? r.kind,
    name: r.name,
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    status: r.status,
  };
}

export interface NewInstitution {
  kind: string;
  name: string;
  /** County or township code the institution sits in (not above county level). */
  divisionCode: string;
}

/** Registers an institution inside the actor's scope (users:manage). */
export async function createInstitution(
  ctx: CoreContext,
  actor: Actor,
  input: NewInstitution,
): Promise<InstitutionView> {
  authorize(actor, 'users:manage');
  try {
    return await ctx.db.kysely
      .transaction()
      .execute((trx) =>
        createInstitutionInTransaction(ctx, trx, actor, input, { permission: 'users:manage' }),
      );
  } catch (err) {
    if (isUniqueViolation(err)) throw institutionNameTaken();
    throw err;
  }
}

const institutionNameTaken = () =>
  new DomainError('conflict', 'INSTITUTION_NAME_TAKEN', '该区划内已有同名机构', { field: 'name' });

/**
 * Registers an institution inside the caller's transaction, for a line that writes a profile of its own
 * with it (a rescue station: institution and profile together, so a refused profile leaves no institution
 * behind). The same checks as `createInstitution` (kind, name, division level, scope, unique name → 409
 * `INSTITUTION_NAME_TAKEN`), but authorised by the permission the calling line names (`rescue:manage`):
 * the platform's own registration needs `users:manage`. Audited as `institution.create` in `trx`.
 */
export async function createInstitutionInTransaction(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: NewInstitution,
  opts: { permission: Permission },
): Promise<InstitutionView> {
  authorize(actor, opts.permission);
  if (!(input.kind in INSTITUTION_KINDS)) {
    throw new DomainError('invalid', 'INSTITUTION_KIND_UNKNOWN', '机构类型不存在', { field: 'kind' });
  }
  const name = input.name.trim();
  if (name.length < 2) {
    throw new DomainError('invalid', 'INSTITUTION_NAME_REQUIRED', '请填写机构名称', { field: 'name' });
  }
  ensureScopeDivisionCode(input.divisionCode);
  if (input.divisionCode.length === 6 && getDivision(input.divisionCode)?.level !== 'county') {
    throw new DomainError('invalid', 'INSTITUTION_DIVISION_LEVEL', '机构所在区划须为县级或乡镇（街道）', {
      field: 'divisionCode',
    });
  }
  ensureDivisionInScope(actor, input.divisionCode);
  const now = ctx.clock.now().toISOString();
  const row: InstitutionRow = {
    id: newId(),
    kind: input.kind,
    name,
    divisionCode: input.divisionCode,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  if (await findInstitutionByName(trx, row.divisionCode, row.name)) throw institutionNameTaken();
  try {
    await insertInstitution(trx, row);
  } catch (err) {
    // A concurrent registration of the same name: the caller's transaction is rolled back by the throw.
    if (isUniqueViolation(err)) throw institutionNameTaken();
    throw err;
  }
  await audit(ctx, trx, actor, {
    action: 'institution.create',
    targetType: 'institution',
    targetId: row.id,
    divisionCode: countyCodeOf(row.divisionCode),
    details: { kind: row.kind, name: row.name, divisionCode: row.divisionCode },
  });
  return presentInstitution(row);
}

/** Institutions inside the actor's scope (an institution-scoped actor sees its own only). */
export async function listInstitutions(
  ctx: CoreContext,
  actor: Actor,
  q: { kind?: string } = {},
): Promise<{ items: InstitutionView[] }> {
  authorize(actor, 'users:manage');
  const rows = await listInstitutionRows(ctx.db.kysely, {
    divisionPrefix: scopePrefix(actor.divisionCode),
    kind: q.kind,
    onlyId: actor.institutionId ?? null,
  });
  return { items: rows.map(presentInstitution) };
}

/**
 * One institution. It is a record of its own division and institution: a township user sees those of its
 * township, an institution user only its own (404 otherwise).
 */
export async function getInstitution(ctx: CoreContext, actor: Actor, id: string): Promise<InstitutionView> {
  authorize(actor, 'users:manage');
  const row = await findInstitutionById(ctx.db.kysely, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '机构不存在或不在您的管辖范围内');
  ensureVisible(actor, { divisionCode: row.divisionCode, institutionId: row.id }, '机构');
  return presentInstitution(row);
}

/** An active institution by id, for a line or the accounts service; undefined when unknown or closed. */
export async function activeInstitution(ctx: CoreContext, id: string): Promise<InstitutionRow | undefined> {
  const row = await findInstitutionById(ctx.db.kysely, id);
  return row?.status === 'active' ? row : undefined;
}

/**
 * Checks an account's institution: it must exist, be active, and sit inside the account's division
 * (the account's division is then the institution's county or its township). An institution outside
 * the acting user's scope is "not found", as reading it would be (a write naming a record checks its
 * scope like a read, issue 11).
 */
export async function checkAccountInstitution(
  ctx: CoreContext,
  divisionCode: string,
  institutionId: string,
  actor?: Actor,
): Promise<InstitutionRow> {
  const inst = await activeInstitution(ctx, institutionId);
  if (!inst) {
    throw new DomainError('invalid', 'INSTITUTION_UNKNOWN', '机构不存在或已撤销', { field: 'institutionId' });
  }
  if (actor) ensureVisible(actor, { divisionCode: inst.divisionCode, institutionId: inst.id }, '机构');
  if (
    divisionCode.length < 6 ||
    countyCodeOf(divisionCode) !== countyCodeOf(inst.divisionCode) ||
    !inst.divisionCode.startsWith(scopePrefix(divisionCode))
  ) {
    throw new DomainError('invalid', 'INSTITUTION_OUTSIDE_DIVISION', '所选机构不在该用户的行政区划内', {
      field: 'institutionId',
    });
  }
  return inst;
}
