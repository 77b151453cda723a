import { hash, randomBytes } from 'node:crypto';
import { DomainError, HUNAN_PROVINCE_CODE, newId } from '@social-affairs/kernel';
import { USER_SORT_FIELDS, parseSort } from '@social-affairs/kernel/contracts';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import type { UserRow } from '../db/schema';
import {
  authorize,
  ensureDivisionInScope,
  ensureVisible,
  roleLabel,
  scopePrefix,
  systemActor,
  userActor,
  type Actor,
} from './actor';
import { checkAccountInstitution } from './institutions.service';
import {
  checkPasswordPolicy,
  dummyPasswordHash,
  hashPassword,
  verifyAgainstDummy,
  verifyPassword,
} from './password';
import { isScopeDivisionCode, scopeDivisionName } from './scope';
import { isRole, type AccessModel, type Role } from './roles';
import {
  admitSignInAttempt,
  clearAccountFailures,
  clearSignInFailures,
  ensurePasswordChangeAllowed,
  passwordChangeKey,
  recordFailure,
  recordSignInFailure,
  throttleKeys,
} from './throttle';
import {
  deleteOtherSessionsOfUser,
  deleteSession,
  deleteSessionsOfUser,
  findSessionUser,
  findUserById,
  findUserByUsername,
  insertSession,
  insertUser,
  listUserRows,
  activeThrottleRows,
  setLastLogin,
  sessionStateNow,
  updateUserAccessRow,
  updateUserPassword,
  updateUserStatus,
  type UserFilter,
  type UserSortField,
} from './users.repository';
import { deleteThrottleRow } from './throttle.repository';
import { groupedSessionState } from './session-checks';

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
  if (input.institutionId) await checkAccountInstitution(ctx, input.divisionCode, input.institutionId, actor);
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

export interface UserAdminView extends UserView {
  /** Until when the account is locked out or slowed down by failed sign-ins (ADR 0011), or null. */
  lockedUntil: string | null;
}

export interface UsersQuery {
  q?: string;
  role?: string;
  /** This division and below; it must lie in the caller's scope. */
  division?: string;
  status?: 'active' | 'disabled';
  /** `field` or `-field` of USER_SORT_FIELDS (validated by the route); none: username. */
  sort?: string;
  page: number;
  pageSize: number;
}

function userSort(sort: string | undefined): UserFilter['sort'] {
  const s = parseSort(sort as UserSortField | undefined);
  if (s && !(USER_SORT_FIELDS as readonly string[]).includes(s.field))
    throw new DomainError('invalid', 'SORT_FIELD_INVALID', '不支持按该列排序', { field: 'sort' });
  return s;
}

/** Accounts in the caller's scope, filtered by text, role, division and status, with their sign-in locks. */
export async function listUsers(
  ctx: CoreContext,
  actor: Actor,
  q: UsersQuery,
): Promise<{ items: UserAdminView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'users:manage');
  if (q.division) {
    if (!isScopeDivisionCode(q.division)) {
      throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'division' });
    }
    ensureDivisionInScope(actor, q.division);
  }
  const { rows, total } = await listUserRows(
    ctx.db.kysely,
    {
      divisionPrefix: scopePrefix(actor.divisionCode),
      divisionWithin: q.division ? scopePrefix(q.division) : undefined,
      status: q.status,
      role: q.role,
      text: q.q,
      sort: userSort(q.sort),
    },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  const locks = await lockedUntilOf(
    ctx,
    rows.map((r) => r.username),
  );
  return {
    items: rows.map((r) => ({ ...presentUser(ctx.access, r), lockedUntil: locks.get(r.username) ?? null })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Until when each account is held by the sign-in throttle: a locked account-and-address pair, or the
 * account's slow-down once it has reached the failure threshold.
 */
async function lockedUntilOf(ctx: CoreContext, usernames: readonly string[]): Promise<Map<string, string>> {
  const rows = await activeThrottleRows(ctx.db.kysely, usernames, ctx.clock.now().toISOString());
  const out = new Map<string, string>();
  for (const username of usernames) {
    const keys = throttleKeys(username, null);
    const pairPrefix = keys.pair.slice(0, -1);
    for (const r of rows) {
      const counts =
        (r.key === keys.account && r.failures >= ctx.config.loginMaxFailures) || r.key.startsWith(pairPrefix);
      if (!counts || !r.lockedUntil) continue;
      const held = out.get(username);
      if (!held || r.lockedUntil > held) out.set(username, r.lockedUntil);
    }
  }
  return out;
}

/** The account `userId` as the administrator may act on it: 404 when missing or outside their scope. */
async function manageableUser(ctx: CoreContext, actor: Actor, userId: string): Promise<UserRow> {
  authorize(actor, 'users:manage');
  const user = await findUserById(ctx.db.kysely, userId);
  if (!user) throw new DomainError('not_found', 'NOT_FOUND', '用户不存在或不在您的管辖范围内');
  ensureVisible(
    actor,
    { divisionCode: user.divisionCode, institutionId: user.institutionId ?? null },
    '用户',
  );
  return user;
}

export interface UserAccessChange {
  role: string;
  divisionCode: string;
  institutionId?: string | null;
}

/**
 * Changes an account's role and scope (division, institution — ADR 0009). The new division must lie in
 * the administrator's own scope; an administrator cannot change their own role or scope (so cannot lose
 * administration by mistake). The account's sessions end, so the change holds from its next request.
 */
export async function updateUserAccess(
  ctx: CoreContext,
  actor: Actor,
  userId: string,
  change: UserAccessChange,
): Promise<UserAdminView> {
  const user = await manageableUser(ctx, actor, userId);
  if (!isRole(change.role)) {
    throw new DomainError('invalid', 'ROLE_UNKNOWN', '角色不存在', { field: 'role' });
  }
  if (!isScopeDivisionCode(change.divisionCode)) {
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'divisionCode' });
  }
  ensureDivisionInScope(actor, change.divisionCode);
  const institutionId = change.institutionId ?? null;
  if (institutionId) await checkAccountInstitution(ctx, change.divisionCode, institutionId, actor);
  const before = {
    role: user.role,
    divisionCode: user.divisionCode,
    institutionId: user.institutionId ?? null,
  };
  const after = { role: change.role, divisionCode: change.divisionCode, institutionId };
  if (user.id === actor.userId) {
    if (!ctx.access.permissionsOf(change.role).has('users:manage')) {
      throw new DomainError(
        'forbidden',
        'USER_SELF_DEMOTE',
        '不能取消本人的用户管理权限，请由其他管理员办理',
        {
          field: 'role',
        },
      );
    }
    if (before.divisionCode !== after.divisionCode || before.institutionId !== after.institutionId) {
      throw new DomainError('forbidden', 'USER_SELF_SCOPE', '不能修改本人的管辖范围，请由上级管理员办理', {
        field: 'divisionCode',
      });
    }
  }
  const changed =
    before.role !== after.role ||
    before.divisionCode !== after.divisionCode ||
    before.institutionId !== after.institutionId;
  if (changed) {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await updateUserAccessRow(trx, user.id, after);
      await deleteSessionsOfUser(trx, user.id);
      ctx.sessions.forgetUser(user.id);
      await audit(ctx, trx, actor, {
        action: 'user.update-access',
        targetType: 'user',
        targetId: user.id,
        divisionCode: after.divisionCode,
        details: { username: user.username, before, after },
      });
    });
    ctx.sessions.forgetUser(user.id);
  }
  const [view] = await adminViews(ctx, [{ ...user, ...after }]);
  return view as UserAdminView;
}

/**
 * Disables an account (its sessions end at once) or re-enables it. An administrator cannot disable
 * their own account.
 */
export async function setUserStatus(
  ctx: CoreContext,
  actor: Actor,
  userId: string,
  status: 'active' | 'disabled',
): Promise<UserAdminView> {
  const user = await manageableUser(ctx, actor, userId);
  if (status === 'disabled' && user.id === actor.userId) {
    throw new DomainError('forbidden', 'USER_SELF_DISABLE', '不能停用本人的账号');
  }
  if (user.status !== status) {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await updateUserStatus(trx, user.id, status);
      if (status === 'disabled') {
        await deleteSessionsOfUser(trx, user.id);
        ctx.sessions.forgetUser(user.id);
      }
      await audit(ctx, trx, actor, {
        action: status === 'disabled' ? 'user.disable' : 'user.enable',
        targetType: 'user',
        targetId: user.id,
        divisionCode: user.divisionCode,
        details: { username: user.username },
      });
    });
    ctx.sessions.forgetUser(user.id);
  }
  const [view] = await adminViews(ctx, [{ ...user, status }]);
  return view as UserAdminView;
}

/** Clears every sign-in lock and delay of an account (from any address), audited with the locks it cleared. */
export async function unlockUser(ctx: CoreContext, actor: Actor, userId: string): Promise<UserAdminView> {
  const user = await manageableUser(ctx, actor, userId);
  const held = (await lockedUntilOf(ctx, [user.username])).get(user.username) ?? null;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await clearAccountFailures(trx, user.username);
    await audit(ctx, trx, actor, {
      action: 'user.unlock',
      targetType: 'user',
      targetId: user.id,
      divisionCode: user.divisionCode,
      details: { username: user.username, lockedUntil: held },
    });
  });
  const [view] = await adminViews(ctx, [user]);
  return view as UserAdminView;
}

async function adminViews(ctx: CoreContext, rows: UserRow[]): Promise<UserAdminView[]> {
  const locks = await lockedUntilOf(
    ctx,
    rows.map((r) => r.username),
  );
  return rows.map((r) => ({ ...presentUser(ctx.access, r), lockedUntil: locks.get(r.username) ?? null }));
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
  ctx.sessions.forgetUser(user.id); // an entry a concurrent request cached before the commit
  await clearAccountFailures(ctx.db.kysely, user.username);
}

/**
 * Changes the signed-in user's own password. Guesses of the current password are throttled per user
 * (a hard lock like sign-in's, ADR 0011); on success every other session of the user ends in the same
 * transaction and leaves this process's cache, so a stolen session does not outlive the change.
 */
export async function changeOwnPassword(
  ctx: CoreContext,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
  session: { token: string | null } = { token: null },
): Promise<void> {
  const user = actor.userId ? await findUserById(ctx.db.kysely, actor.userId) : undefined;
  if (!user) throw new DomainError('unauthenticated', 'AUTH_REQUIRED', '请先登录');
  const now = ctx.clock.now();
  const key = passwordChangeKey(user.id);
  await ensurePasswordChangeAllowed(ctx.db.kysely, key, now);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    await recordFailure(
      ctx.db.kysely,
      { lock: [{ key, max: ctx.config.loginMaxFailures }] },
      now,
      ctx.config,
    );
    throw new DomainError('unauthenticated', 'AUTH_INVALID_CREDENTIALS', '当前密码不正确', {
      field: 'currentPassword',
    });
  }
  checkPasswordPolicy(newPassword, user.username, 'newPassword');
  const passwordHash = await hashPassword(newPassword, ctx.config);
  const keep = session.token ? sessionId(session.token) : null;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await updateUserPassword(trx, user.id, passwordHash, now.toISOString());
    if (keep) await deleteOtherSessionsOfUser(trx, user.id, keep);
    else await deleteSessionsOfUser(trx, user.id);
    ctx.sessions.forgetUser(user.id);
    await audit(ctx, trx, actor, {
      action: 'user.change-password',
      targetType: 'user',
      targetId: user.id,
      divisionCode: user.divisionCode,
    });
  });
  ctx.sessions.forgetUser(user.id); // an entry a concurrent request cached before the commit
  await deleteThrottleRow(ctx.db.kysely, key);
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
 * Computes the dummy hash unknown usernames are verified against (once per set of argon2 parameters),
 * so the first unknown username does not answer faster or slower than the rest. Call at start.
 */
export async function prepareSignIn(ctx: CoreContext): Promise<void> {
  await dummyPasswordHash(ctx.config);
}

/**
 * Password login with throttling (ADR 0011). The throttle is checked before the password, so a locked
 * pair or address cannot probe; a wrong username, a disabled account and a wrong password give the same
 * answer after the same work (an unknown username is verified against a dummy argon2id hash).
 */
export async function login(
  ctx: CoreContext,
  input: { username: string; password: string; address: string | null },
): Promise<Session> {
  const now = ctx.clock.now();
  const keys = throttleKeys(input.username, input.address);
  await admitSignInAttempt(ctx.db.kysely, keys, now, ctx.config);
  const user = await findUserByUsername(ctx.db.kysely, input.username);
  const verified = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(ctx.config, input.password);
  if (!verified || !user || user.status !== 'active') {
    await recordSignInFailure(ctx.db.kysely, keys, now, ctx.config);
    await auditFailedSignIn(
      ctx,
      input,
      user,
      !user ? 'unknown-user' : !verified ? 'wrong-password' : 'disabled',
    );
    throw new DomainError('unauthenticated', 'AUTH_INVALID_CREDENTIALS', '用户名或密码错误');
  }
  await clearSignInFailures(ctx.db.kysely, keys);
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
 * A failed sign-in, for the auditor (`session.login-failed`): the name typed, the client address and why
 * (unknown account, wrong password, disabled account), under the account's division — or the province's
 * when no account has that name. The password is never recorded.
 */
async function auditFailedSignIn(
  ctx: CoreContext,
  input: { username: string; address: string | null },
  user: UserRow | undefined,
  reason: 'unknown-user' | 'wrong-password' | 'disabled',
): Promise<void> {
  const typed = input.username.trim().slice(0, 64) || '（空）';
  const divisionCode = user?.divisionCode ?? HUNAN_PROVINCE_CODE;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await audit(ctx, trx, systemActor(user?.username ?? typed, divisionCode), {
      action: 'session.login-failed',
      targetType: 'user',
      targetId: user?.id ?? null,
      divisionCode,
      details: { username: typed, address: input.address, reason },
    });
  });
}

type Resolved = { actor: Actor; user: UserRow };
type SessionStateRow = { status: string; passwordChangedAt: string } | undefined;

/**
 * A cached entry stays good while its session row exists, its user is active and the password unchanged
 * (the cache itself never holds an entry past the session's expiry).
 */
function stillValid(cached: { user: UserRow }, row: SessionStateRow): boolean {
  return (
    row !== undefined && row.status === 'active' && row.passwordChangedAt === cached.user.passwordChangedAt
  );
}

/**
 * The session a token resolved to, re-checked against the database synchronously, without waiting: the
 * request hook's fast path on SQLite outside a transaction. Undefined when not cached, when the
 * re-check fails or cannot run synchronously (PostgreSQL, an open transaction): `authenticate` answers.
 */
export function cachedSession(ctx: CoreContext, token: string): Resolved | undefined {
  const now = ctx.clock.now();
  const cached = ctx.sessions.get(token, now);
  if (!cached) return undefined;
  const row = sessionStateNow(ctx.db, cached.sessionId);
  if (row === null) return undefined;
  if (stillValid(cached, row)) return cached;
  ctx.sessions.forget(token);
  return undefined;
}

/** Resolves a session cookie to the acting user, or undefined when absent, ended, expired or disabled. */
export async function authenticate(ctx: CoreContext, token: string): Promise<Resolved | undefined> {
  const fast = cachedSession(ctx, token);
  if (fast) return fast;
  const now = ctx.clock.now();
  const id = sessionId(token);
  const cached = ctx.sessions.get(token, now);
  if (cached) {
    // PostgreSQL: concurrent requests' re-checks share one query (session-checks.ts, ADR 0016).
    const row = await groupedSessionState(ctx.db, cached.sessionId);
    if (stillValid(cached, row)) return cached;
    ctx.sessions.forget(token);
  }
  const row = await findSessionUser(ctx.db.kysely, id);
  if (!row || row.status !== 'active' || row.expiresAt <= now.toISOString() || !isRole(row.role)) {
    return undefined;
  }
  const { expiresAt, ...user } = row;
  const found = { actor: userActor(ctx.access, { ...user, role: row.role }), user };
  ctx.sessions.set(token, { ...found, sessionId: id }, expiresAt, now);
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
