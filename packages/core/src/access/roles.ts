/**
 * Roles and the permissions each holds. A permission names a resource and an action; routes declare
 * one and services check it again (defence in depth).
 */
/** `<resource>:<action>`; the platform's own below, each line adds its own in its manifest. */
export type Permission = `${string}:${string}`;

/** The platform's permissions (people index, accounts, audit, statistics). */
export const PLATFORM_PERMISSIONS = [
  'people:read',
  'people:write',
  'people:reveal',
  'people:record-death',
  /** Decide (approve/reject) a proposed person merge and reverse one (人员合并审核). */
  'people:merge',
  'stats:read',
  'users:manage',
  'audit:read',
] as const satisfies readonly Permission[];

export const ROLES = [
  'admin',
  'registrar',
  'rescue_staff',
  'funeral_staff',
  'subsidy_clerk',
  'federation_reviewer',
  'county_reviewer',
  'supervisor',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  registrar: '婚姻登记员',
  rescue_staff: '救助管理站工作人员',
  funeral_staff: '殡葬服务人员',
  subsidy_clerk: '补贴经办人员',
  federation_reviewer: '残联审核人员',
  county_reviewer: '县级审核人员',
  supervisor: '督查人员',
  auditor: '审计人员',
};

/** The platform's grants; each line grants its own permissions in its manifest (`grants`). */
export const PLATFORM_GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['users:manage', 'people:read', 'stats:read', 'audit:read'],
  registrar: ['people:read', 'people:write', 'people:reveal', 'stats:read'],
  rescue_staff: ['people:read', 'people:write', 'people:reveal', 'stats:read'],
  funeral_staff: ['people:read', 'people:write', 'people:record-death', 'stats:read'],
  subsidy_clerk: ['people:read', 'people:write', 'stats:read'],
  /** County disability federation (县残联): reviews certificates and grades in the disability line (issue 18). */
  federation_reviewer: ['people:read', 'stats:read'],
  county_reviewer: ['people:read', 'people:reveal', 'stats:read', 'people:merge'],
  supervisor: ['people:read', 'stats:read'],
  auditor: ['audit:read', 'stats:read'],
};

/** What each role may do, once the lines' grants are added to the platform's: built once per process. */
export interface AccessModel {
  /** Every permission known (platform and lines). */
  readonly permissions: ReadonlySet<Permission>;
  permissionsOf(role: Role): ReadonlySet<Permission>;
  /** Roles holding `permission`, in ROLES order. */
  rolesHolding(permission: Permission): Role[];
}

/** Builds the access model from the lines' manifests; a grant of an undeclared permission is a start-up error. */
export function accessModel(
  lines: readonly {
    name: string;
    permissions: readonly Permission[];
    grants: Partial<Record<Role, readonly Permission[]>>;
  }[] = [],
): AccessModel {
  const all = new Set<Permission>(PLATFORM_PERMISSIONS);
  for (const line of lines) {
    for (const p of line.permissions) {
      if (all.has(p)) throw new Error(`line ${line.name}: permission ${p} is declared twice`);
      all.add(p);
    }
  }
  const byRole = new Map<Role, Set<Permission>>(ROLES.map((r) => [r, new Set(PLATFORM_GRANTS[r])]));
  for (const line of lines) {
    for (const [role, granted] of Object.entries(line.grants) as [Role, readonly Permission[]][]) {
      if (!isRole(role)) throw new Error(`line ${line.name}: unknown role ${role as string}`);
      for (const p of granted) {
        if (!line.permissions.includes(p))
          throw new Error(`line ${line.name}: grants ${p}, which it does not declare`);
        byRole.get(role)?.add(p);
      }
    }
  }
  const empty: ReadonlySet<Permission> = new Set();
  return {
    permissions: all,
    permissionsOf: (role) => byRole.get(role) ?? empty,
    rolesHolding: (permission) => ROLES.filter((r) => byRole.get(r)?.has(permission)),
  };
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
