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
  // The engine, and on PostgreSQL the connection pool's state: connections open, idle, requests waiting
  // for one, and its size (ADR 0016). Counts only: nothing about the data or the connection string.
  const readiness = z.object({
    status: z.string(),
    engine: z.enum(['sqlite', 'postgres']),
    pool: z.object({ total: z.number(), idle: z.number(), waiting: z.number(), max: z.number() }).optional(),
  });
  const readinessOf = (state: string) => {
    const pool = app.core.db.poolState?.();
    return { status: state, engine: app.core.db.dialect, ...(pool ? { pool } : {}) };
  };
  app.get(
    '/readyz',
    {
      config: { access: 'public', personalData: false },
      schema: {
        tags: ['运维'],
        summary: '就绪检查（数据库可用；PostgreSQL 报告连接池状态）',
        response: { 200: readiness, 503: readiness },
      },
    },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(app.core.db.kysely);
        return readinessOf('ready');
      } catch {
        return reply.status(503).send(readinessOf('database unavailable'));
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
