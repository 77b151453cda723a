import { DomainError } from '@social-affairs/kernel';
import { ROLE_LABELS, ROLE_PERMISSIONS, type Permission, type Role } from './roles';

/** Who is acting: a signed-in user, or the platform itself (jobs, event handlers, seeding). */
export interface Actor {
  readonly userId: string | null;
  readonly username: string;
  readonly role: Role | 'system';
  /** Division scope: a county code sees that county, a prefecture code its counties, 430000 all. */
  readonly divisionCode: string;
  readonly permissions: ReadonlySet<Permission>;
}

export function userActor(user: { id: string; username: string; role: Role; divisionCode: string }): Actor {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    divisionCode: user.divisionCode,
    permissions: PERMISSIONS_OF.get(user.role) ?? new Set(),
  };
}

// Built once: an actor is made per request, and its permissions only ever get read.
const PERMISSIONS_OF = new Map<Role, ReadonlySet<Permission>>(
  (Object.keys(ROLE_PERMISSIONS) as Role[]).map((role) => [role, new Set(ROLE_PERMISSIONS[role])]),
);

/** The platform acting on its own behalf, with province-wide (or the given) scope. */
const ALL_PERMISSIONS: ReadonlySet<Permission> = new Set(Object.values(ROLE_PERMISSIONS).flat());

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

export function inScope(actor: Actor, divisionCode: string): boolean {
  return divisionCode.startsWith(scopePrefix(actor.divisionCode));
}

/** Reading a record outside one's scope answers "not found": its existence is not disclosed. */
export function ensureVisible(actor: Actor, divisionCode: string, what: string): void {
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
