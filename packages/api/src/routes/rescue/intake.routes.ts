/** HTTP routes of the rescue line's intake concern (edited only by that concern). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const intakeRoutes: FastifyPluginAsyncZod = async () => {};
