/** HTTP routes of the rescue line's warnings concern (edited only by that concern). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const warningsRoutes: FastifyPluginAsyncZod = async () => {};
