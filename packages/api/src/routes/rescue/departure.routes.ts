/** HTTP routes of the rescue line's departure concern (edited only by that concern). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const departureRoutes: FastifyPluginAsyncZod = async () => {};
