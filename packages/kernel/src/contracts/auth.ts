import { z } from 'zod';
import { divisionCodeSchema } from './common';
import { sortParam } from './sort';

export const loginBody = z.strictObject({
  username: z.string().trim().min(1, { message: '请输入用户名' }).max(64),
  password: z.string().min(1, { message: '请输入密码' }).max(128),
});

export const me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  roleLabel: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  status: z.enum(['active', 'disabled']),
  lastLoginAt: z.string().nullable(),
  permissions: z.array(z.string()),
});
export type Me = z.infer<typeof me>;

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const newUserBody = z.strictObject({
  username: z.string().trim().min(1).max(32),
  displayName: z.string().trim().min(1, { message: '请填写姓名' }).max(50),
  role: z.string(),
  divisionCode: divisionCodeSchema,
  password: z.string().min(1).max(128),
});

export const resetPasswordBody = z.strictObject({ password: z.string().min(1).max(128) });

/** Columns the user list sorts by; default: user name. */
export const USER_SORT_FIELDS = ['username', 'role', 'divisionCode', 'status', 'lastLoginAt'] as const;
export const USER_SORT_LABELS = {
  username: '用户名',
  role: '角色',
  divisionCode: '区划',
  status: '状态',
  lastLoginAt: '最近登录',
} as const;

export const usersQuery = z.object({
  q: z.string().trim().max(50).optional().describe('用户名或姓名包含'),
  role: z.string().max(40).optional(),
  division: divisionCodeSchema.optional().describe('所属区划（含下级），须在本人管辖范围内'),
  status: z.enum(['active', 'disabled']).optional(),
  sort: sortParam(USER_SORT_FIELDS, USER_SORT_LABELS),
});

/** An account as the user administration page lists it. */
export const userAdminView = me.extend({
  institutionId: z.string().nullable(),
  /** Until when failed sign-ins hold the account (locked pair or slow-down), or null. */
  lockedUntil: z.string().nullable(),
});
export type UserAdminViewContract = z.infer<typeof userAdminView>;

/** A change of an account's role and scope. */
export const userAccessBody = z.strictObject({
  role: z.string().min(1).max(40),
  divisionCode: divisionCodeSchema,
  institutionId: z.string().min(1).max(64).nullish().describe('所属机构（救助管理站、殡仪馆等），可选'),
});

/** Disable or re-enable an account. */
export const userStatusBody = z.strictObject({ status: z.enum(['active', 'disabled']) });
