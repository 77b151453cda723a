import { z } from 'zod';
import { divisionCodeSchema } from './common';

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

export const usersQuery = z.object({ q: z.string().trim().max(50).optional(), role: z.string().optional() });
