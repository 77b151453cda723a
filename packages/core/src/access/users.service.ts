import { hash, randomBytes } from 'node:crypto';
import { DomainError, newId } from '@social-affairs/kernel';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import type { UserRow } from '../db/schema';
import {
  authorize,
  ensureDivisionInScope,
  ensureVisible,
  roleLabel,
  scopePrefix,
  userActor,
  type Actor,
} from './actor';
import { checkAccountInstitution } from './institutions.service';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password';
import { isScopeDivisionCode, scopeDivisionName } from './scope';
import { isRole, type AccessModel, type Role } from './roles';
import { clearAccountFailures, ensureNotLocked, recordFailure, throttleKeys } from './throttle';
import {
  deleteSession,
  deleteSessionsOfUser,
  findSessionUser,
  findUserById,
  findUserByUsername,
  insertSession,
  insertUser,
  listUserRows,
  setLastLogin,
  updateUserPassword,
} from './users.repository';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  divisionCode: string;
  divisionName: string;
  status: 'active' | 'disabled';
  lastLoginAt: string | null;
  permissions: string[];
  /** Institution the account is scoped to (ADR 0009-scope-below-the-county), or null. */
  institutionId: string | null;
}

function divisionName(code: string): string {
  return scopeDivisionName(code);
}

export function presentUser(access: AccessModel, u: UserRow): UserView {
  const role = u.role as Role;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role,
    roleLabel: roleLabel(role),
    divisionCode: u.divisionCode,
    divisionName: divisionName(u.divisionCode),
    status: u.status,
    lastLoginAt: u.lastLoginAt,
    permissions: [...access.permissionsOf(role)],
    institutionId: u.institutionId ?? null,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  role: string;
  divisionCode: string;
  password: string;
  /** Scope the account to an institution inside its division (a rescue station, a funeral home). */
  institutionId?: string | null;
}

/** Creates an account. An administrator may only create accounts inside their own scope. */
export async function createUser(ctx: CoreContext, actor: Actor, input: NewUser): Promise<UserView> {
  authorize(actor, 'users:manage');
  if (!/^[a-z][a-z0-9._-]{2,31}$/.test(input.username)) {
    throw new DomainError(
      'invalid',
      'USERNAME_INVALID',
      '用户名须为 3–32 位小写字母、数字或 . _ -，以字母开头',
      {
        field: 'username',
      },
    );
  }
  if (!isRole(input.role)) {
    throw new DomainError('invalid', 'ROLE_UNKNOWN', '角色不存在', { field: 'role' });
  }
  if (!isScopeDivisionCode(input.divisionCode)) {
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'divisionCode' });
  }
  ensureDivisionInScope(actor, input.divisionCode);
  if (input.institutionId) await checkAccountInstitution(ctx, input.divisionCode, input.institutionId);
  checkPasswordPolicy(input.password, input.username);
  const passwordHash = await hashPassword(input.password, ctx.config);
  const now = ctx.clock.now().toISOString();
  const row: UserRow = {
    id: newId(),
    username: input.username,
    displayName: input.displayName.trim(),
    passwordHash,
    role: input.role,
    divisionCode: input.divisionCode,
    status: 'active',
    createdAt: now,
    passwordChangedAt: now,
    lastLoginAt: null,
    institutionId: input.institutionId ?? null,
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (await findUserByUsername(trx, input.username)) {
      throw new DomainError('conflict', 'USERNAME_TAKEN', '用户名已被使用', { field: 'username' });
    }
    await insertUser(trx, row);
    await audit(ctx, trx, actor, {
      action: 'user.create',
      targetType: 'user',
      targetId: row.id,
      divisionCode: row.divisionCode,
      details: { username: row.username, role: row.role, institutionId: row.institutionId },
    });
  });
  return presentUser(ctx.access, row);
}

export async function listUsers(
  ctx: CoreContext,
  actor: Actor,
  q: { q?: string; role?: string; page: number; pageSize: number },
): Promise<{ items: UserView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'users:manage');
  const { rows, total } = await listUserRows(
    ctx.db.kysely,
    { divisionPrefix: scopePrefix(actor.divisionCode), role: q.role, text: q.q },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: rows.map((r) => presentUser(ctx.access, r)), total, page: q.page, pageSize: q.pageSize };
}

export async function resetPassword(
  ctx: CoreContext,
  actor: Actor,
  userId: string,
  password: string,
): Promise<void> {
  authorize(actor, 'users:manage');
  const user = await findUserById(ctx.db.kysely, userId);
  if (!user) throw new DomainError('not_found', 'NOT_FOUND', '用户不存在或不在您的管辖范围内');
  ensureVisible(actor, user.divisionCode, '用户');
  checkPasswordPolicy(password, user.username);
  const passwordHash = await hashPassword(password, ctx.config);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await updateUserPassword(trx, user.id, passwordHash, ctx.clock.now().toISOString());
    await deleteSessionsOfUser(trx, user.id);
    ctx.sessions.forgetUser(user.id);
    await audit(ctx, trx, actor, {
      action: 'user.reset-password',
      targetType: 'user',
      targetId: user.id,
      divisionCode: user.divisionCode,
    });
  });
  await clearAccountFailures(ctx.db.kysely, user.username);
}

export async function changeOwnPassword(
  ctx: CoreContext,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const user = actor.userId ? await findUserById(ctx.db.kysely, actor.userId) : undefined;
  if (!user) throw new DomainError('unauthenticated', 'AUTH_REQUIRED', '请先登录');
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new DomainError('unauthenticated', 'AUTH_INVALID_CREDENTIALS', '当前密码不正确', {
      field: 'currentPassword',
    });
  }
  checkPasswordPolicy(newPassword, user.username, 'newPassword');
  const passwordHash = await hashPassword(newPassword, ctx.config);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await updateUserPassword(trx, user.id, passwordHash, ctx.clock.now().toISOString());
    await audit(ctx, trx, actor, {
      action: 'user.change-password',
      targetType: 'user',
      targetId: user.id,
      divisionCode: user.divisionCode,
    });
  });
}

// ---------------------------------------------------------------------------------------- sessions

export interface Session {
  token: string;
  expiresAt: string;
  user: UserView;
}

function sessionId(token: string): string {
  return hash('sha256', token, 'hex'); // every authenticated request: one-shot, no Hash object
}

/**
 * Password login with throttling. The lock is checked before the password, so a locked account
 * cannot be probed; a wrong username and a wrong password give the same answer.
 */
export async function login(
  ctx: CoreContext,
  input: { username: string; password: string; address: string | null },
): Promise<Session> {
  const now = ctx.clock.now();
  const keys = throttleKeys(input.username, input.address);
  await ensureNotLocked(ctx.db.kysely, keys, now);
  const user = await findUserByUsername(ctx.db.kysely, input.username);
  const ok =
    user !== undefined &&
    user.status === 'active' &&
    (await verifyPassword(user.passwordHash, input.password));
  if (!ok || !user) {
    await recordFailure(ctx.db.kysely, keys, now, ctx.config);
    throw new DomainError('unauthenticated', 'AUTH_INVALID_CREDENTIALS', '用户名或密码错误');
  }
  await clearAccountFailures(ctx.db.kysely, user.username);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlMinutes * 60_000).toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await insertSession(trx, {
      id: sessionId(token),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt,
      address: input.address,
    });
    await setLastLogin(trx, user.id, now.toISOString());
    await audit(ctx, trx, userActor(ctx.access, { ...user, role: user.role as Role }), {
      action: 'session.login',
      targetType: 'user',
      targetId: user.id,
      divisionCode: user.divisionCode,
      details: { address: input.address },
    });
  });
  return { token, expiresAt, user: presentUser(ctx.access, { ...user, lastLoginAt: now.toISOString() }) };
}

/**
 * The session a token resolved to within the cache's TTL, without waiting: for the request hook's
 * fast path. `authenticate` answers the other cases.
 */
export function cachedSession(ctx: CoreContext, token: string): { actor: Actor; user: UserRow } | undefined {
  return ctx.sessions.get(token, ctx.clock.now());
}

/** Resolves a session cookie to the acting user, or undefined when absent, expired or disabled. */
export async function authenticate(
  ctx: CoreContext,
  token: string,
): Promise<{ actor: Actor; user: UserRow } | undefined> {
  const cached = cachedSession(ctx, token);
  if (cached) return cached;
  const now = ctx.clock.now();
  const id = sessionId(token);
  const row = await findSessionUser(ctx.db.kysely, id);
  if (!row || row.status !== 'active' || row.expiresAt <= now.toISOString() || !isRole(row.role)) {
    return undefined;
  }
  const { expiresAt, ...user } = row;
  const found = { actor: userActor(ctx.access, { ...user, role: row.role }), user };
  ctx.sessions.set(token, found, expiresAt, now);
  return found;
}

export async function logout(ctx: CoreContext, token: string): Promise<void> {
  ctx.sessions.forget(token);
  await deleteSession(ctx.db.kysely, sessionId(token));
}

export async function getUserView(ctx: CoreContext, userId: string): Promise<UserView | undefined> {
  const u = await findUserById(ctx.db.kysely, userId);
  return u ? presentUser(ctx.access, u) : undefined;
}
