/**
 * Roles and the permissions each holds. A permission names a resource and an action; routes declare
 * one and services check it again (defence in depth).
 */
export const PERMISSIONS = [
  'people:read',
  'people:write',
  'people:reveal',
  'people:record-death',
  'stats:read',
  'users:manage',
  'audit:read',
  'marriage:read',
  'marriage:write',
  'rescue:read',
  'rescue:write',
  'funeral:read',
  'funeral:write',
  'disability:read',
  'disability:write',
  'disability:review',
  'matching:read',
  'matching:review',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'admin',
  'registrar',
  'rescue_staff',
  'funeral_staff',
  'subsidy_clerk',
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
  county_reviewer: '县级审核人员',
  supervisor: '督查人员',
  auditor: '审计人员',
};

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['users:manage', 'people:read', 'stats:read', 'audit:read'],
  registrar: [
    'people:read',
    'people:write',
    'people:reveal',
    'stats:read',
    'marriage:read',
    'marriage:write',
  ],
  rescue_staff: ['people:read', 'people:write', 'people:reveal', 'stats:read', 'rescue:read', 'rescue:write'],
  funeral_staff: [
    'people:read',
    'people:write',
    'people:record-death',
    'stats:read',
    'funeral:read',
    'funeral:write',
  ],
  subsidy_clerk: ['people:read', 'people:write', 'stats:read', 'disability:read', 'disability:write'],
  county_reviewer: [
    'people:read',
    'people:reveal',
    'stats:read',
    'disability:read',
    'disability:review',
    'matching:read',
    'matching:review',
  ],
  supervisor: [
    'people:read',
    'stats:read',
    'marriage:read',
    'rescue:read',
    'funeral:read',
    'disability:read',
    'matching:read',
  ],
  auditor: ['audit:read', 'stats:read'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
