/** Routes of the funeral line's cemeteries concern, under `/api/funeral/…` (ADR 0022). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const cemeteriesRoutes: FastifyPluginAsyncZod = async () => {};
