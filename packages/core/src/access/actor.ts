import { DomainError } from '@social-affairs/kernel';
import { ROLE_LABELS, type AccessModel, type Permission, type Role } from './roles';

/** Who is acting: a signed-in user, or the platform itself (jobs, event handlers, seeding). */
export interface Actor {
  readonly userId: string | null;
  readonly username: string;
  readonly role: Role | 'system';
  /** Division scope: a county code sees that county, a prefecture code its counties, 430000 all. */
  readonly divisionCode: string;
  readonly permissions: ReadonlySet<Permission>;
  /**
   * Institution scope (a rescue station, a funeral home): when set, the actor sees only records of this
   * institution (plus shared county registries such as the people index). ADR 0009-scope-below-the-county.
   */
  readonly institutionId?: string | null;
}

export function userActor(
  access: AccessModel,
  user: { id: string; username: string; role: Role; divisionCode: string; institutionId?: string | null },
): Actor {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    divisionCode: user.divisionCode,
    permissions: access.permissionsOf(user.role),
    ...(user.institutionId ? { institutionId: user.institutionId } : {}),
  };
}

/** The system actor holds every permission, including those of lines not known here. */
class EveryPermission implements ReadonlySet<Permission> {
  readonly size = 0;
  has(): boolean {
    return true;
  }
  forEach(): void {}
  entries(): SetIterator<[Permission, Permission]> {
    return new Set<Permission>().entries();
  }
  keys(): SetIterator<Permission> {
    return new Set<Permission>().keys();
  }
  values(): SetIterator<Permission> {
    return new Set<Permission>().values();
  }
  [Symbol.iterator](): SetIterator<Permission> {
    return new Set<Permission>().values();
  }
}
const ALL_PERMISSIONS: ReadonlySet<Permission> = new EveryPermission();

/** The platform acting on its own behalf, with province-wide (or the given) scope. */
export function systemActor(name = 'system', divisionCode = '000000'): Actor {
  return { userId: null, username: name, role: 'system', divisionCode, permissions: ALL_PERMISSIONS };
}

export function roleLabel(role: Role | 'system'): string {
  return role === 'system' ? '系统' : ROLE_LABELS[role];
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!actor.permissions.has(permission)) {
    throw new DomainError('forbidden', 'PERMISSION_DENIED', '您的角色无权执行此操作', { permission });
  }
}

/**
 * The code prefix that every division inside `code` starts with: 430000 → "43", 430100 → "4301",
 * 430181 → "430181", a 9-digit township → itself; 000000 (nationwide system scope) → "".
 */
export function scopePrefix(code: string): string {
  if (code === '000000') return '';
  if (code.length === 6) {
    if (code.endsWith('0000')) return code.slice(0, 2);
    if (code.endsWith('00')) return code.slice(0, 4);
  }
  return code;
}

/** Where a record sits: its division (county, or a 9-digit township) and, for some lines, its institution. */
export interface ScopedRecord {
  divisionCode: string;
  institutionId?: string | null;
}

/**
 * Whether the actor may see a record: the record's division lies inside the actor's (code prefix) and,
 * when the actor is scoped to an institution, the record belongs to that institution. A bare division
 * code is a record without institution (so an institution-scoped actor never sees it; shared county
 * registries use `inSharedScope`).
 */
export function inScope(actor: Actor, record: string | ScopedRecord): boolean {
  const r = typeof record === 'string' ? { divisionCode: record } : record;
  if (!r.divisionCode.startsWith(scopePrefix(actor.divisionCode))) return false;
  return !actor.institutionId || r.institutionId === actor.institutionId;
}

/** Reading a record outside one's scope answers "not found": its existence is not disclosed. */
export function ensureVisible(actor: Actor, divisionCode: string | ScopedRecord, what: string): void {
  if (!inScope(actor, divisionCode)) {
    throw new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);
  }
}

/** Acting on (or filtering by) a division outside one's scope is refused outright. */
export function ensureDivisionInScope(actor: Actor, divisionCode: string): void {
  if (!inScope(actor, divisionCode)) {
    throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '所选行政区划不在您的管辖范围内', {
      field: 'division',
      divisionCode,
    });
  }
}

/** Whether the actor works below the county: a township (9-digit division) or an institution. */
export function isSubCounty(actor: Actor): boolean {
  return actor.divisionCode.length > 6 || Boolean(actor.institutionId);
}

/**
 * Scope for shared county registries (the people index): records kept at county level are common to
 * everyone working inside that county, so a township or institution user also sees its county's rows;
 * everyone else is scoped exactly as by `inScope` on the division alone.
 */
export function inSharedScope(actor: Actor, divisionCode: string): boolean {
  if (divisionCode.startsWith(scopePrefix(actor.divisionCode))) return true;
  return isSubCounty(actor) && divisionCode === actor.divisionCode.slice(0, 6);
}

/** `ensureVisible` for a shared county registry (see `inSharedScope`). */
export function ensureSharedVisible(actor: Actor, divisionCode: string, what: string): void {
  if (!inSharedScope(actor, divisionCode)) {
    throw new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);
  }
}

/** `ensureDivisionInScope` for a shared county registry (see `inSharedScope`). */
export function ensureSharedDivisionInScope(actor: Actor, divisionCode: string): void {
  if (!inSharedScope(actor, divisionCode)) {
    throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '所选行政区划不在您的管辖范围内', {
      field: 'division',
      divisionCode,
    });
  }
}
