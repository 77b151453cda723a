/** Routes of the disability line's verification concern, under `/api/disability/…` (ADR 0022). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const verificationRoutes: FastifyPluginAsyncZod = async () => {};
