/**
 * HTTP routes of the matching line: 数据比对 (rolls, comparison jobs, review queue) and 寻亲
 * (missing-person reports, family search), one file per concern, registered in their former order.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { familyCandidatesRoutes } from './family-candidates.routes';
import { familyFaceRoutes } from './family-face.routes';
import { familySearchRoutes } from './family-search.routes';
import { jobsRoutes } from './jobs.routes';
import { pairsRoutes } from './pairs.routes';
import { rollImportRoutes } from './roll-import.routes';
import { rollsRoutes } from './rolls.routes';

export const matchingRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(rollsRoutes);
  await app.register(rollImportRoutes);
  await app.register(jobsRoutes);
  await app.register(pairsRoutes);
  await app.register(familySearchRoutes);
  await app.register(familyCandidatesRoutes);
  await app.register(familyFaceRoutes);
};
