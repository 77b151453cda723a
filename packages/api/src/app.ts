import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { prepareSignIn, type CoreContext } from '@social-affairs/core';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installAccessControl, installOriginCheck } from './access';
import { swaggerOptions } from './openapi';
import { installCompression, webStaticOptions } from './compression';
import { installSecurityHeaders } from './security-headers';
import { installTextHygiene } from './text-hygiene';
import { DomainError } from '@social-affairs/kernel';
import { errorBody, handleError, serializeError } from './errors';
import { REDACT_PATHS, maskPersonalData } from './redact';
import { responseSerializerCompiler } from './serializer';
import { approvalRoutes } from './routes/approvals.routes';
import { attachmentRoutes } from './routes/attachments.routes';
import { faceRoutes } from './routes/faces.routes';
import { auditRoutes } from './routes/audit.routes';
import { calendarRoutes } from './routes/calendar.routes';
import { authRoutes } from './routes/auth.routes';
import { divisionRoutes } from './routes/divisions.routes';
import { healthRoutes } from './routes/health.routes';
import { peopleRoutes } from './routes/people.routes';
import { personMergeRoutes } from './routes/person-merge.routes';
import { assistanceRoutes } from './routes/assistance.routes';
import { statsRoutes } from './routes/stats.routes';
import { todoRoutes } from './routes/todos.routes';
import { userRoutes } from './routes/users.routes';
import type { ServerLine } from './server-line';
import { installInFlight } from './in-flight';

export interface AppOptions {
  core: CoreContext;
  /** The business lines whose routes to serve: the server's list (lines.ts); their manifests must be `core.lines`. */
  lines?: readonly Pick<ServerLine, 'manifest' | 'routes'>[];
  /** pino options, a stream destination, or false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
  logLevel?: string;
  /** Folder of the built web UI; null to serve the API only. */
  webRoot?: string | null;
  cookieSecure?: boolean;
  trustProxy?: boolean;
  /** Requests per client address per 10 minutes on each public booking route (default 30). */
  publicWriteLimit?: number;
  /** Origins besides the server's own allowed to send state-changing /api requests (`server.allowedOrigins`). */
  allowedOrigins?: readonly string[];
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[已脱敏]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: maskPersonalData(req.url),
        remoteAddress: req.ip,
      }),
      err: serializeError,
    },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? maskPersonalData(a) : a)) as Parameters<typeof method>,
        );
      },
    },
  };
}

/** Builds the HTTP application: every plugin and route registered before it is returned (P5). */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(opts.logLevel ?? 'info'),
    bodyLimit: 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.decorate('core', opts.core);
  installInFlight(app); // shutdown waits for handlers whose clients went away (in-flight.ts)
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  app.setErrorHandler(handleError);
  await app.register(fastifyCookie);
  await installCompression(app); // brotli/gzip above 1 KB; static files pre-compressed at build
  // Security headers (HSTS only behind HTTPS, i.e. with the Secure cookie), the CSRF origin check, and
  // JSON only: without the default text/plain parser a text/plain body gets 415 (docs/security.md).
  installSecurityHeaders(app, { https: opts.cookieSecure ?? false });
  installOriginCheck(app, opts.allowedOrigins);
  app.removeContentTypeParser('text/plain');
  await prepareSignIn(opts.core); // the dummy hash unknown usernames are verified against (ADR 0011)
  // Only routes that ask for it (config.rateLimit): the public, unauthenticated writes. Sign-in has its
  // own throttle: per account and address, per address, and a per-account slow-down (ADR 0011).
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new DomainError('rate_limited', 'RATE_LIMITED', `操作过于频繁，请在 ${context.after} 后再试`, {
        retryAfterMs: context.ttl,
      }),
  });
  app.decorate('publicWriteLimit', { max: opts.publicWriteLimit ?? 30, timeWindow: 10 * 60_000 });
  installAccessControl(app);
  installTextHygiene(app);

  await app.register(fastifySwagger, swaggerOptions()); // operationIds, components, tidy pass: openapi.ts
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/openapi.json',
    { config: { access: 'public', personalData: false }, schema: { hide: true } },
    async () => app.swagger(),
  );
  await app.register(healthRoutes);
  await app.register(authRoutes, { cookieSecure: opts.cookieSecure ?? false });
  await app.register(divisionRoutes);
  await app.register(peopleRoutes);
  await app.register(personMergeRoutes);
  await app.register(assistanceRoutes);
  await app.register(statsRoutes);
  await app.register(todoRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes);
  await app.register(attachmentRoutes);
  await app.register(faceRoutes);
  await app.register(approvalRoutes);
  await app.register(calendarRoutes);
  for (const line of opts.lines ?? []) {
    if (!opts.core.lines.includes(line.manifest))
      throw new Error(
        `line ${line.manifest.name}: its routes are served but the core context does not run it`,
      );
    await app.register(line.routes);
  }

  const webRoot = opts.webRoot === undefined ? defaultWebRoot() : opts.webRoot;
  const hasWeb = webRoot !== null && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, webStaticOptions(webRoot));
  app.setNotFoundHandler((req, reply) => {
    // SPA fallback for page URLs only: a missing asset or API path is a real 404.
    const page = req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/');
    if (hasWeb && page) return reply.sendFile('index.html');
    return reply.status(404).send(errorBody('ROUTE_NOT_FOUND', '请求的接口不存在'));
  });
  return app;
}

function defaultWebRoot(): string {
  return join(import.meta.dirname, '..', '..', 'web', 'dist');
}
