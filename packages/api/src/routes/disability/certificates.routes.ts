/** Routes of the disability line's certificates concern, under `/api/disability/…` (ADR 0022). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const certificatesRoutes: FastifyPluginAsyncZod = async () => {};
