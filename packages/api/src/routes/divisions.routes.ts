import { inScope } from '@social-affairs/core';
import { childrenOf, getDivision, type Division } from '@social-affairs/kernel';
import { divisionCodeSchema } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';
import { namedSchema } from '../openapi';

interface DivisionNode {
  code: string;
  name: string;
  level: Division['level'];
  children: DivisionNode[];
}

// Recursive, so published as a named component the tree's children refer to by `$ref` (openapi.ts).
const divisionNode: z.ZodType<DivisionNode> = namedSchema(
  'DivisionNode',
  z.lazy(() =>
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.enum(['province', 'prefecture', 'county', 'township']),
      children: z.array(divisionNode),
    }),
  ),
);

/** The administrative tree from `code` down to county level (townships are fetched per county). */
function treeOf(d: Division): DivisionNode {
  const children = d.level === 'county' || d.level === 'township' ? [] : childrenOf(d.code).map(treeOf);
  return { code: d.code, name: d.name, level: d.level, children };
}

export const divisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['行政区划'];
  app.get(
    '/api/divisions/tree',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary: '当前用户管辖范围内的行政区划树（到县级）',
        response: { 200: z.object({ root: divisionNode }) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const root = getDivision(actor.divisionCode);
      if (!root) throw new Error(`user scope ${actor.divisionCode} is not a known division`);
      return { root: treeOf(root) };
    },
  );
  app.get(
    '/api/divisions',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary: '下级行政区划（仅限管辖范围内）',
        querystring: z.object({ parent: divisionCodeSchema }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                level: z.string(),
                administrative: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const items = inScope(actor, req.query.parent)
        ? childrenOf(req.query.parent, { includeNonAdministrative: true })
        : [];
      return {
        items: items.map(({ code, name, level, administrative }) => ({ code, name, level, administrative })),
      };
    },
  );
};
