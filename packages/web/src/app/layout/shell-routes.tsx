import { createContext, useContext, type ReactNode } from 'react';
import { useAuth } from '../auth-context';
import type { FeatureRoute } from '../feature-registry';

/**
 * The signed-in shell's pages (every feature's routes), for the pieces that describe where a page sits
 * — breadcrumbs (page-breadcrumb.tsx) and a line's tabs (section-tabs.tsx) — so neither repeats the
 * menu labels or the permissions the feature list already declares.
 */
const ShellRoutesContext = createContext<readonly FeatureRoute[] | null>(null);

export function ShellRoutesProvider({
  routes,
  children,
}: {
  routes: readonly FeatureRoute[];
  children: ReactNode;
}) {
  return <ShellRoutesContext.Provider value={routes}>{children}</ShellRoutesContext.Provider>;
}

/** The shell's routes; null outside the signed-in shell (the public portal, the login page). */
export function useShellRoutes(): readonly FeatureRoute[] | null {
  return useContext(ShellRoutesContext);
}

/** The route declared for exactly this path (`/marriage/register`), if any. */
export function routeOfPath(routes: readonly FeatureRoute[], path: string): FeatureRoute | undefined {
  return routes.find((route) => route.path === path);
}

/**
 * Whether the signed-in user may open `path`: the permission of the route declared for it (a path no
 * route declares is allowed — the router answers 404 there, not 403).
 */
export function useMayOpen(): (path: string) => boolean {
  const routes = useShellRoutes();
  const { hasPermission } = useAuth();
  return (path) => hasPermission(routes ? routeOfPath(routes, path)?.permission : undefined);
}
