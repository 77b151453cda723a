/**
 * HTTP routes of the rescue management line (救助管理), one file per concern, all under `/api/rescue/…`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionsRoutes } from './actions.routes';
import { departureRoutes } from './departure.routes';
import { familyRoutes } from './family.routes';
import { governanceRoutes } from './governance.routes';
import { intakeRoutes } from './intake.routes';
import { publicFamilySearchRoutes } from './public-family-search.routes';
import { stationsRoutes } from './stations.routes';
import { stayRoutes } from './stay.routes';
import { warningsRoutes } from './warnings.routes';

export const rescueRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(stationsRoutes);
  await app.register(intakeRoutes);
  await app.register(stayRoutes);
  await app.register(actionsRoutes);
  await app.register(departureRoutes);
  await app.register(warningsRoutes);
  await app.register(familyRoutes);
  await app.register(governanceRoutes);
  // The public family-search pages (/api/public/family-search/…, no login; ADR 0026).
  await app.register(publicFamilySearchRoutes);
};
