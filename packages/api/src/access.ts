import {
  authenticate,
  cachedSession,
  type Actor,
  type Permission,
  type CoreContext,
} from '@social-affairs/core';
import type { UserRow } from '@social-affairs/core';
import { DomainError } from '@social-affairs/kernel';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * What a route requires: 'public' (no session), 'authenticated' (any signed-in user) or a permission.
 * Every /api route must declare one; registration fails otherwise, and the access-control test walks
 * the catalogue so routes added later are covered automatically.
 */
export type RouteAccess = 'public' | 'authenticated' | Permission;

/**
 * Whether a route answers personal data, declared on every /api route beside `access` (registration fails
 * without it, so a new route cannot forget it) and checked by the read-audit route-catalogue test:
 * - 'record': an identified person's data (a person, their marriage, divorce, attachment, a document
 *   naming them …): every successful answer writes an audit row (the read is audited in core);
 * - 'list': masked pages of many people within the caller's scope: audited when the query identifies a
 *   person (a full resident id), exports always (with the filter masked);
 * - false: no personal data.
 */
export type RoutePersonalData = 'record' | 'list' | false;

export interface RouteInfo {
  method: string;
  url: string;
  access: RouteAccess;
  personalData: RoutePersonalData;
  /** The route's body schema (zod), if any: the access test finds record ids named in bodies by it. */
  body?: unknown;
  /** The route's querystring schema (zod), if any (as `body`, for writes that take ids in the query). */
  querystring?: unknown;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    personalData?: RoutePersonalData;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionUser: UserRow | null;
    sessionToken: string | null;
  }
  interface FastifyInstance {
    core: CoreContext;
    routeCatalog: RouteInfo[];
    /** Rate limit shared by the public (no-login) writes, e.g. online booking (see app.ts). */
    publicWriteLimit: { max: number; timeWindow: number };
  }
}

export const SESSION_COOKIE = 'sap_session';

/** Narrows `req.actor` for handlers of non-public routes (the hook has already refused anonymous calls). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('unauthenticated', 'AUTH_REQUIRED', '请先登录');
  return req.actor;
}

export function installAccessControl(app: FastifyInstance): void {
  app.decorate('routeCatalog', [] as RouteInfo[]);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionUser', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
    if (access !== 'public' && access !== 'authenticated' && !app.core.access.permissions.has(access))
      throw new Error(`route ${String(route.method)} ${route.url} needs ${access}, which no line declares`);
    const personalData = route.config?.personalData;
    if (personalData !== 'record' && personalData !== 'list' && personalData !== false)
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no personalData ('record' | 'list' | false)`,
      );
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods)
      if (m !== 'HEAD')
        app.routeCatalog.push({
          method: m,
          url: route.url,
          access,
          personalData,
          body: route.schema?.body,
          querystring: route.schema?.querystring,
        });
    if (access === 'public') return;
    // A route-level hook closed over the route's rule: public routes pay nothing, and the hot path
    // does not rebuild `req.routeOptions` (a fresh object per access) to find the rule.
    const check = sessionCheck(app, access);
    const own = route.onRequest;
    route.onRequest = own ? [check, ...(Array.isArray(own) ? own : [own])] : [check];
  });
}

function sessionCheck(app: FastifyInstance, access: Exclude<RouteAccess, 'public'>) {
  // Callback style: a session the cache holds is admitted without a promise or a microtask hop.
  return (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return done(notSignedIn());
    const cached = cachedSession(app.core, token);
    if (cached) return done(admit(req, token, cached, access));
    authenticate(app.core, token).then(
      (found) => done(found ? admit(req, token, found, access) : notSignedIn()),
      (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
    );
  };
}

function notSignedIn(): DomainError {
  return new DomainError('unauthenticated', 'AUTH_REQUIRED', '请先登录或登录已过期');
}

/** Puts the session on the request; a DomainError when the route asks for a permission the role lacks. */
function admit(
  req: FastifyRequest,
  token: string,
  found: { actor: Actor; user: UserRow },
  access: Exclude<RouteAccess, 'public'>,
): DomainError | undefined {
  req.actor = found.actor;
  req.sessionUser = found.user;
  req.sessionToken = token;
  if (access !== 'authenticated' && !found.actor.permissions.has(access)) {
    return new DomainError('forbidden', 'PERMISSION_DENIED', '您的角色无权执行此操作', {
      permission: access,
    });
  }
  return undefined;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery check on every state-changing /api request (docs/security.md, "CSRF"),
 * before the session is even looked at:
 * - with an `Origin` header: it must be this server's own origin (the scheme and `Host` the request
 *   came in with, as the proxy reports them when `trustProxy` is on) or one of `allowedOrigins`;
 *   `Origin: null` (sandboxed frames, some redirects) is refused;
 * - without `Origin` but with `Sec-Fetch-Site`: only `same-origin` or `none` (typed by the user);
 * - with neither: not a browser (the command line, scripts, tests) — allowed; the session cookie is
 *   SameSite=Strict besides, and browsers send `Origin` on every cross-origin POST/PUT/PATCH/DELETE.
 * Refused: 403 `CSRF_ORIGIN_REJECTED`.
 */
export function installOriginCheck(app: FastifyInstance, allowedOrigins: readonly string[] = []): void {
  const allowed = new Set(allowedOrigins.map((o) => o.toLowerCase()));
  app.addHook('onRequest', (req, _reply, done) => {
    if (!STATE_CHANGING.has(req.method) || !req.url.startsWith('/api/')) return done();
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const o = origin.toLowerCase();
      if (o === `${req.protocol}://${req.host}`.toLowerCase() || allowed.has(o)) return done();
      return done(csrfRejected('origin'));
    }
    const site = req.headers['sec-fetch-site'];
    if (site === undefined || site === 'same-origin' || site === 'none') return done();
    return done(csrfRejected('sec-fetch-site'));
  });
}

function csrfRejected(by: 'origin' | 'sec-fetch-site'): DomainError {
  return new DomainError(
    'forbidden',
    'CSRF_ORIGIN_REJECTED',
    '请求来源与本站不一致，已拒绝（跨站请求）。请在本系统页面中操作',
    { checkedBy: by },
  );
}
