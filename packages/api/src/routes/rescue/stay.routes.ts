/** HTTP routes of the rescue line's stay concern (edited only by that concern). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const stayRoutes: FastifyPluginAsyncZod = async () => {};
