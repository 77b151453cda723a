import { todosFor } from '@social-affairs/core';
import { errorResponses, todoItem } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';

/** The signed-in user's to-do list, gathered from every line's to-do sources (line manifests). */
export const todoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/todos',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags: ['首页'],
        summary: '我的待办（各业务线汇总）',
        response: { 200: z.object({ items: z.array(todoItem) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await todosFor(app.core, actorOf(req)) }),
  );
};
