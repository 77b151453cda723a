/**
 * The route-catalogue access checks (vitest only), run over whatever the app serves — the platform's
 * routes and every line's — so a route added later is covered with no edit here (ADR 0010).
 */
import { ROLES, type CoreContext, type Permission, type Role } from '@social-affairs/core';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { RouteSamples } from './server-line';

type SignIn = (role: Role, divisionCode: string) => Promise<{ cookie: string }>;
type RouteFilter = (r: { method: string; url: string }) => boolean;
const every: RouteFilter = () => true;

/** Every non-public route answers 401 to an anonymous caller. Returns how many were tried. */
export async function expectAnonymousRefused(
  app: FastifyInstance,
  only: RouteFilter = every,
): Promise<number> {
  const guarded = app.routeCatalog.filter((r) => r.access !== 'public' && only(r));
  for (const r of guarded) {
    const res = await app.inject({
      method: r.method as 'GET',
      url: r.url.replace(/:(\w+)/g, 'x1'),
      payload: r.method === 'GET' ? undefined : {},
    });
    expect([r.method, r.url, res.statusCode]).toEqual([r.method, r.url, 401]);
    expect(res.json()).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
  }
  return guarded.length;
}

/** Every permission-guarded route answers 403 to a role that lacks the permission. Returns how many were tried. */
export async function expectPermissionRefused(
  app: FastifyInstance,
  core: CoreContext,
  signIn: SignIn,
  only: RouteFilter = every,
): Promise<number> {
  const sessions = new Map<string, string>();
  let tried = 0;
  for (const r of app.routeCatalog) {
    if (r.access === 'public' || r.access === 'authenticated' || !only(r)) continue;
    const role = ROLES.find((x) => !core.access.permissionsOf(x).has(r.access as Permission));
    if (!role) continue;
    const cookie = sessions.get(role) ?? (await signIn(role, '430000')).cookie;
    sessions.set(role, cookie);
    const res = await app.inject({
      method: r.method as 'GET',
      url: r.url.replace(/:(\w+)/g, 'x1'),
      headers: { cookie },
      payload: r.method === 'GET' ? undefined : {},
    });
    expect([r.method, r.url, role, res.statusCode]).toEqual([r.method, r.url, role, 403]);
    tried++;
  }
  return tried;
}

/**
 * Every route that names a record (`:param` in its path) answers 404 to a caller of another county
 * (浏阳市 430181) holding the route's permission, for the sample record of 芙蓉区 (430102) in `samples`.
 * A route without a sample fails. Returns how many were tried.
 */
export async function expectOutOfScopeHidden(
  app: FastifyInstance,
  core: CoreContext,
  signIn: SignIn,
  samples: RouteSamples,
  only: RouteFilter = every,
): Promise<number> {
  const addressed = app.routeCatalog.filter((r) => r.url.includes(':') && only(r));
  for (const r of addressed) {
    const key = `${r.method} ${r.url}`;
    const sample = samples[key];
    expect(sample, `no out-of-scope sample for ${key}`).toBeDefined();
    if (!sample) continue;
    const role =
      r.access === 'authenticated' || r.access === 'public'
        ? 'registrar'
        : core.access.rolesHolding(r.access)[0];
    if (!role) throw new Error(`no role holds ${r.access}`);
    const outsider = await signIn(role, '430181');
    const url = r.url.replace(/:(\w+)/g, (_m, p: string) => sample.params[p] ?? '');
    const res = await app.inject({
      method: r.method as 'GET',
      url,
      headers: { cookie: outsider.cookie },
      payload: sample.body as object,
    });
    expect([key, res.statusCode]).toEqual([key, 404]);
  }
  return addressed.length;
}
