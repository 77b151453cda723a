/** Routes of the rescue line's governance concern (issue 16), under /api/rescue/…; edited only by that concern. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const governanceRoutes: FastifyPluginAsyncZod = async () => {};
