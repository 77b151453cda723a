import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me, MeResponse } from '../api/types';
import { api, apiRequest, onUnauthorized } from './api-client';

/**
 * `signed-out`: the user pressed 退出登录 (so the login page should not offer to go back);
 * `expired`: the session ended under the user (a request answered 401, or the first probe found a stale
 * cookie), so the login page says 登录已过期.
 */
export type AuthStatus = 'loading' | 'ready' | 'signed-out' | 'expired' | 'unreachable';

/** GET /api/auth/session: 200 with or without a session, so a first visit logs no 401. */
interface SessionResponse {
  user: Me | null;
  expired: boolean;
}

export interface AuthContextValue {
  user: Me | null;
  status: AuthStatus;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  /** Re-reads GET /api/auth/session (after a failed probe, or when the user's details changed). */
  refresh: () => Promise<void>;
  hasPermission: (permission: string | undefined) => boolean;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Session-scoped keys other providers store per user; cleared on logout. */
export const sessionKeyPrefix = 'social-affairs:';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null>(null);
  const [status, setStatus] = useState<AuthStatus>('loading');

  const refresh = useCallback(async () => {
    try {
      const body = await apiRequest<SessionResponse>('GET', '/api/auth/session', {
        allowUnauthenticated: true,
      });
      setUser(body.user);
      setStatus(body.user || !body.expired ? 'ready' : 'expired');
    } catch {
      setUser(null);
      setStatus('unreachable');
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Any API call that finds the session gone drops the user; RequireAuth then sends them to the
  // login page with the URL they were on, so they come back to it after logging in again.
  useEffect(
    () =>
      onUnauthorized(() => {
        setUser(null);
        setStatus('expired');
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const body = await api.post<MeResponse>(
      '/api/auth/login',
      { username, password },
      { allowUnauthenticated: true },
    );
    setUser(body.user);
    setStatus('ready');
    return body.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/api/auth/logout', undefined, { allowUnauthenticated: true });
    } finally {
      for (const key of Object.keys(sessionStorage)) {
        if (key.startsWith(sessionKeyPrefix)) sessionStorage.removeItem(key);
      }
      setUser(null);
      setStatus('signed-out');
    }
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({
      user,
      status,
      login,
      logout,
      refresh,
      // `*:approve` = any line's approve permission (the approvals inbox's menu entry).
      hasPermission: (permission) =>
        !permission ||
        (permission.startsWith('*:')
          ? (user?.permissions.some((p) => p.endsWith(permission.slice(1))) ?? false)
          : (user?.permissions.includes(permission) ?? false)),
    }),
    [user, status, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The logged-in user; only for components rendered behind RequireAuth. */
export function useCurrentUser(): Me {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser used outside an authenticated route');
  return user;
}
