import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const status = z.object({ status: z.string() });
  app.get(
    '/healthz',
    {
      config: { access: 'public', personalData: false },
      schema: { tags: ['运维'], summary: '存活检查', response: { 200: status } },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { access: 'public', personalData: false },
      schema: { tags: ['运维'], summary: '就绪检查（数据库可用）', response: { 200: status, 503: status } },
    },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(app.core.db.kysely);
        return { status: 'ready' };
      } catch {
        return reply.status(503).send({ status: 'database unavailable' });
      }
    },
  );
  // Same checks under /api for clients that only reach the API prefix.
  app.get(
    '/api/health',
    { config: { access: 'public', personalData: false }, schema: { hide: true } },
    async () => ({
      status: 'ok',
    }),
  );
};
