/** Routes of the funeral line's billing concern, under `/api/funeral/…` (ADR 0022). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const billingRoutes: FastifyPluginAsyncZod = async () => {};
