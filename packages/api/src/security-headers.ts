import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every response, docs/security.md "Headers":
 * - CSP for the built React/Ant Design UI and the Swagger UI at /docs: scripts only from this origin
 *   (both load bundles, no inline script), styles from this origin plus inline `<style>` (Ant Design's
 *   CSS-in-JS inserts them at run time), images from this origin, `data:` and `blob:`, requests only to
 *   this origin, no plugins, no `<base>` elsewhere, forms only to this origin, and never framed.
 * - `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
 *   Cross-Origin-Opener/Resource-Policy same-origin, and helmet's other defaults.
 * - HSTS (one year) and `upgrade-insecure-requests` only when the server sits behind HTTPS — the
 *   deployment says so with `COOKIE_SECURE=true` (`https`): over plain HTTP (a workstation, a test)
 *   they would make browsers refuse the site or its assets.
 * - `Cache-Control: no-store` on every /api response (they carry personal data), except the health
 *   check and the OpenAPI document; routes may set their own.
 *
 * The header values are helmet's (the maintained library behind @fastify/helmet), computed once at
 * start: @fastify/helmet 13 rebuilds helmet's middleware on every request and cost ~30 µs of CPU per
 * request on `npm run bench:api` (the /healthz ceiling went from 26 to 58 µs), while the headers never
 * change between requests here.
 */
export function securityHeaders(opts: { https: boolean }): Record<string, string> {
  const options: HelmetOptions = {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'object-src': ["'none'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'worker-src': ["'self'", 'blob:'],
        ...(opts.https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  };
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  helmet(options)({} as never, res as never, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed instanceof Error ? failed : new Error('helmet refused the header options');
  return headers;
}

export function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): void {
  const page = securityHeaders(opts);
  const api = { ...page, 'cache-control': 'no-store' };
  app.addHook('onRequest', (req, reply, done) => {
    const url = req.url;
    reply.headers(url.startsWith('/api/') && !NOT_PERSONAL.has(pathOf(url)) ? api : page);
    done();
  });
}

/** /api responses that carry no personal data and may be cached. */
const NOT_PERSONAL = new Set(['/api/health', '/api/openapi.json']);

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
