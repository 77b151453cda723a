/** Routes of the funeral line's custody concern, under `/api/funeral/…` (ADR 0022). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const custodyRoutes: FastifyPluginAsyncZod = async () => {};
