/** HTTP routes of the rescue line's actions concern (edited only by that concern). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const actionsRoutes: FastifyPluginAsyncZod = async () => {};
