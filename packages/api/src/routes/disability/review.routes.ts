/** Routes of the disability line's review concern, under `/api/disability/…` (ADR 0022). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const reviewRoutes: FastifyPluginAsyncZod = async () => {};
