/** Routes of the funeral line's qingming concern, under `/api/funeral/…` (ADR 0022). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const qingmingRoutes: FastifyPluginAsyncZod = async () => {};
