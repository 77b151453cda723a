/** HTTP routes of the rescue line's stations concern (edited only by that concern). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const stationsRoutes: FastifyPluginAsyncZod = async () => {};
